//! The `Principal` / `NotPrincipal` element against the caller, and what a match grants.

use crate::evaluate::explanation::{GrantKind, PrincipalEntryTrace, PrincipalTrace};
use crate::evaluate::facts::Facts;
use crate::matching::principal::{
    Principal, PrincipalMatch, not_principal_excludes, principal_matches,
};
use crate::policy::model::{PolicyKind, PrincipalElement, PrincipalValue};
use crate::span::Span;

/// What a principal match grants.
///
/// Why (IAM User Guide, "Policy evaluation logic" and "How AWS enforcement code logic
/// evaluates requests"): within one account, a resource-based policy that names the IAM user
/// ARN or the role session ARN allows even when identity policies, the boundary or the session
/// policy do not; one that names the role ARN is still limited by the boundary and the session
/// policy; one that names the account only delegates to the account's own policies. A service,
/// a federated provider or a canonical user is named directly. For `"*"`, see
/// [`wildcard_grant`].
fn grant_of(how: PrincipalMatch, who: &Principal) -> GrantKind {
    match how {
        PrincipalMatch::Account => GrantKind::Account,
        PrincipalMatch::ExactRole | PrincipalMatch::RoleOfSession => GrantKind::Role,
        PrincipalMatch::Wildcard => wildcard_grant(who),
        _ => GrantKind::Principal,
    }
}

/// What `"*"` grants the caller.
///
/// Why (IAM User Guide, "Policies and permissions in IAM", "Session policies"): only "a
/// resource-based policy [that] can specify the ARN of the session as a principal" is "not
/// limited by the session policy"; when it specifies "the ARN of the user or role", "the
/// session policy limits the total permissions granted by the resource-based policy", and "a
/// permissions boundary does not limit permissions granted by a resource-based policy that
/// specifies the ARN of the resulting session" only. The STS API reference says the same of a
/// federated user ("If that policy specifically references the federated user session in the
/// `Principal` element", `GetFederationToken`, `Policy`). `"*"` specifies no session, so for a
/// role session, a role or a federated user the session policy limits it. No page says whether
/// a permissions boundary limits a `"*"` grant; Rolecall reads it as not limiting it (as for a
/// grant naming the caller), which the reference simulator shares. For an IAM user (no session
/// policy) and for callers outside IAM `"*"` names the caller directly.
fn wildcard_grant(who: &Principal) -> GrantKind {
    match who {
        Principal::Role { .. } | Principal::Session { .. } | Principal::FederatedUser { .. } => {
            GrantKind::Anyone
        }
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
            best = Some(wildcard_grant(&facts.who));
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
                        let grant = grant_of(how, &facts.who);
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
