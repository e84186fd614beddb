//! The `Principal` / `NotPrincipal` element against the caller, and what a match grants.

use crate::evaluate::explanation::{GrantKind, PrincipalEntryTrace, PrincipalTrace};
use crate::evaluate::facts::Facts;
use crate::matching::principal::{PrincipalMatch, not_principal_excludes, principal_matches};
use crate::policy::model::{PolicyKind, PrincipalElement, PrincipalValue};
use crate::span::Span;

/// What a principal match grants.
///
/// Why (IAM User Guide, "Policy evaluation logic" and "How AWS enforcement code logic
/// evaluates requests"): within one account, a resource-based policy that names the IAM user
/// ARN or the role session ARN allows even when identity policies, the boundary or the session
/// policy do not; one that names the role ARN is still limited by the boundary and the session
/// policy; one that names the account only delegates to the account's own policies. A service,
/// a federated provider or a canonical user is named directly. `"*"` is read as naming the
/// caller directly (it matches every principal, including this exact one); AWS does not
/// document this corner, so the explanation states it.
fn grant_of(how: PrincipalMatch) -> GrantKind {
    match how {
        PrincipalMatch::Account => GrantKind::Account,
        PrincipalMatch::ExactRole | PrincipalMatch::RoleOfSession => GrantKind::Role,
        _ => GrantKind::Principal,
    }
}

fn how_name(how: PrincipalMatch) -> String {
    let debug = format!("{how:?}");
    let mut chars = debug.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_lowercase().to_string() + chars.as_str()
    })
}

/// Scans the values of a principal element: the strongest grant among the values that name
/// the caller (before applying `Not`), and the trace entries when `record` is set.
fn principal_scan(
    element: &PrincipalElement,
    facts: &Facts<'_>,
    record: bool,
) -> (Option<GrantKind>, Vec<PrincipalEntryTrace>) {
    let mut best: Option<GrantKind> = None;
    let mut entries = Vec::new();
    match &element.value {
        PrincipalValue::Wildcard(span) => {
            best = Some(GrantKind::Principal);
            if record {
                entries.push(PrincipalEntryTrace {
                    kind: None,
                    value: "*".to_owned(),
                    how: Some("wildcard".to_owned()),
                    span: *span,
                });
            }
        }
        PrincipalValue::Map(map) => {
            for entry in map {
                for value in &entry.values {
                    let how = principal_matches(entry.kind, &value.value, &facts.who);
                    if let Some(how) = how {
                        let grant = grant_of(how);
                        best = Some(best.map_or(grant, |b| b.max(grant)));
                    }
                    if record {
                        entries.push(PrincipalEntryTrace {
                            kind: Some(entry.kind),
                            value: value.value.clone(),
                            how: how.map(how_name),
                            span: value.span,
                        });
                    }
                }
            }
        }
    }
    (best, entries)
}

/// Applies `Not`: `NotPrincipal` matches every principal it does not exclude, and what it
/// grants is the caller itself, like `*`.
///
/// Why: AWS checks a caller against `NotPrincipal` as each of its identities in turn (the
/// account, the role, the session), so the caller escapes only when all of them are listed
/// ("AWS JSON policy elements: NotPrincipal"); [`not_principal_excludes`] implements that.
///
/// Why, for `deny`: "The `NotPrincipal` element with a `Deny` effect will always deny any IAM
/// principal that has a permissions boundary policy attached, regardless of the values
/// specified in the `NotPrincipal` element" (IAM User Guide, "Permissions boundaries for IAM
/// entities").
fn negate(
    element: &PrincipalElement,
    best: Option<GrantKind>,
    deny: bool,
    facts: &Facts<'_>,
) -> Option<GrantKind> {
    if element.negated {
        let excluded =
            !(deny && facts.has_boundary) && not_principal_excludes(&element.value, &facts.who);
        (!excluded).then_some(GrantKind::Principal)
    } else {
        best
    }
}

/// Matches a principal element; `None` when it does not match the caller.
pub(crate) fn principal_element(
    element: Option<&PrincipalElement>,
    kind: PolicyKind,
    deny: bool,
    facts: &Facts<'_>,
) -> Option<GrantKind> {
    match element {
        Some(element) => negate(
            element,
            principal_scan(element, facts, false).0,
            deny,
            facts,
        ),
        // An RCP without `Principal` is invalid (reported by the validator); read it as `*`.
        None => (kind == PolicyKind::Rcp).then_some(GrantKind::Principal),
    }
}

pub(crate) fn principal_trace(
    element: &PrincipalElement,
    deny: bool,
    facts: &Facts<'_>,
) -> PrincipalTrace {
    let (best, entries) = principal_scan(element, facts, true);
    let grant = negate(element, best, deny, facts);
    // The value that decided: the entry that names the caller; when none does, the values
    // that failed (all of them, from the first to the last), not the `Principal` key, so that
    // a mismatch points at what to change.
    let span = entries
        .iter()
        .find(|e| e.how.is_some())
        .map(|e| e.span)
        .or_else(|| {
            let first = entries.first()?;
            let last = entries.last()?;
            Some(Span::new(first.span.start, last.span.end))
        })
        .unwrap_or(element.key_span);
    PrincipalTrace {
        negated: element.negated,
        matched: grant.is_some(),
        grant,
        entries,
        span,
    }
}
