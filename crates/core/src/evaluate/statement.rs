//! Whether one statement applies to a request: a lazy check for the decision-only path and a
//! complete trace for explanations. Both use the same element predicates, so they always agree.

use crate::condition::{condition_holds, evaluate_condition, substitute_variables};
use crate::evaluate::explanation::{
    ConditionTrace, GrantKind, ListTrace, PatternTrace, PrincipalEntryTrace, PrincipalTrace,
    StatementTrace,
};
use crate::evaluate::facts::Facts;
use crate::matching::principal::{PrincipalMatch, not_principal_excludes, principal_matches};
use crate::matching::{action_matches, resource_matches};
use crate::policy::model::{
    Effect, ListElement, Policy, PolicyKind, PrincipalElement, PrincipalValue, Statement,
};
use crate::span::Spanned;

/// A statement that applies, with what it grants when it is in a resource-based policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Applies {
    pub(crate) grant: Option<GrantKind>,
}

/// Whether the policy kind has a `Principal` element that the evaluator checks.
///
/// Why: identity policies, boundaries, session policies and SCPs never name a principal (IAM
/// rejects one there; the validator reports it), so a stray `Principal` is ignored; RCPs must
/// say `"Principal": "*"` (AWS Organizations User Guide, "RCP syntax").
fn checks_principal(kind: PolicyKind) -> bool {
    matches!(
        kind,
        PolicyKind::Resource | PolicyKind::Trust | PolicyKind::Rcp
    )
}

/// Whether a missing `Resource` element means "the resource this policy is attached to".
///
/// Why: a trust policy has no `Resource` (IAM rejects one: the role is the resource), and
/// several services accept resource-based policies without one; in every other kind a missing
/// `Resource` makes the statement invalid, and an invalid statement never applies.
fn implicit_resource(kind: PolicyKind) -> bool {
    matches!(kind, PolicyKind::Resource | PolicyKind::Trust)
}

fn is_deny(stmt: &Statement) -> bool {
    stmt.effect
        .as_ref()
        .is_some_and(|e| e.value == Effect::Deny)
}

/// The lazy check: stops at the first element that does not match.
pub(crate) fn check(
    stmt: &Statement,
    policy: &Policy,
    kind: PolicyKind,
    facts: &Facts<'_>,
) -> Option<Applies> {
    stmt.effect.as_ref()?;
    if !stmt
        .action
        .as_ref()
        .is_some_and(|a| action_element_matches(a, &facts.request.action))
    {
        return None;
    }
    let resource_ok = match &stmt.resource {
        Some(element) => {
            let hit = element
                .values
                .iter()
                .any(|p| resource_pattern(p, policy, facts).matched);
            hit != element.negated
        }
        None => implicit_resource(kind),
    };
    if !resource_ok {
        return None;
    }
    let grant = if checks_principal(kind) {
        Some(principal_element(
            stmt.principal.as_ref(),
            kind,
            is_deny(stmt),
            facts,
        )?)
    } else {
        None
    };
    let conditions_hold = stmt
        .conditions
        .iter()
        .all(|c| condition_holds(c, &facts.request.context, policy.variables_enabled));
    conditions_hold.then_some(Applies { grant })
}

/// The complete trace: every element and condition is evaluated and recorded.
pub(crate) fn trace(
    stmt: &Statement,
    policy: &Policy,
    kind: PolicyKind,
    facts: &Facts<'_>,
) -> (StatementTrace, Option<Applies>) {
    let action = stmt
        .action
        .as_ref()
        .map(|a| action_trace(a, &facts.request.action));
    let resource = stmt
        .resource
        .as_ref()
        .map(|r| resource_trace(r, policy, facts));
    let principal = checks_principal(kind)
        .then(|| {
            stmt.principal
                .as_ref()
                .map(|p| principal_trace(p, is_deny(stmt), facts))
        })
        .flatten();
    let conditions: Vec<ConditionTrace> = stmt
        .conditions
        .iter()
        .map(|c| {
            let outcome = evaluate_condition(c, &facts.request.context, policy.variables_enabled);
            ConditionTrace {
                operator: c.operator_text.value.clone(),
                key: c.key.value.clone(),
                holds: outcome.holds,
                key_present: outcome.key_present,
                request_values: outcome.request_values,
                policy_values: outcome.policy_values,
                reason: outcome.reason,
                diagnostics: outcome.diagnostics,
                span: c
                    .values
                    .iter()
                    .fold(c.operator_text.span.join(c.key.span), |s, v| s.join(v.span)),
            }
        })
        .collect();

    // The verdict, element by element, in the same order as `check`.
    let mut failure: Option<(String, crate::span::Span)> = None;
    let mut fail = |why: String, span| {
        if failure.is_none() {
            failure = Some((why, span));
        }
    };
    if stmt.effect.is_none() {
        fail("the statement has no valid `Effect`".to_owned(), stmt.span);
    }
    match &action {
        Some(t) if !t.matched => fail(not_matched_reason("action", t, "Action"), t.span),
        None => fail("the statement has no `Action`".to_owned(), stmt.span),
        Some(_) => {}
    }
    match &resource {
        Some(t) if !t.matched => fail(not_matched_reason("resource", t, "Resource"), t.span),
        None if !implicit_resource(kind) => {
            fail("the statement has no `Resource`".to_owned(), stmt.span)
        }
        _ => {}
    }
    let grant = if checks_principal(kind) {
        match (&principal, stmt.principal.as_ref()) {
            (Some(t), _) if t.matched => t.grant,
            (Some(t), _) => {
                let element = if t.negated {
                    "NotPrincipal"
                } else {
                    "Principal"
                };
                fail(
                    format!(
                        "principal `{}` is {} `{element}`",
                        facts.request.principal,
                        if t.negated {
                            "listed in"
                        } else {
                            "not matched by"
                        }
                    ),
                    t.span,
                );
                None
            }
            (None, _) if kind == PolicyKind::Rcp => Some(GrantKind::Principal),
            (None, _) => {
                fail("the statement has no `Principal`".to_owned(), stmt.span);
                None
            }
        }
    } else {
        None
    };
    if let Some(c) = conditions.iter().find(|c| !c.holds) {
        fail(
            format!(
                "condition `{}` on `{}` does not hold: {}",
                c.operator, c.key, c.reason
            ),
            c.span,
        );
    }
    let applies = failure.is_none();
    let (reason, deciding_span) =
        failure.unwrap_or_else(|| ("every element and condition matches".to_owned(), stmt.span));
    let trace = StatementTrace {
        index: stmt.index,
        name: stmt.display_name(),
        span: stmt.span,
        effect: stmt.effect.as_ref().map(|e| e.value),
        applies,
        deciding_span,
        reason,
        action,
        resource,
        principal,
        conditions,
    };
    (trace, applies.then_some(Applies { grant }))
}

fn not_matched_reason(what: &str, t: &ListTrace, element: &str) -> String {
    if t.negated {
        format!("{what} `{}` is listed in `Not{element}`", t.value)
    } else {
        format!("{what} `{}` matches no pattern of `{element}`", t.value)
    }
}

fn action_element_matches(element: &ListElement, action: &str) -> bool {
    element
        .values
        .iter()
        .any(|p| action_matches(&p.value, action))
        != element.negated
}

fn action_trace(element: &ListElement, action: &str) -> ListTrace {
    let patterns: Vec<PatternTrace> = element
        .values
        .iter()
        .map(|p| PatternTrace {
            pattern: p.value.clone(),
            resolved: None,
            missing: Vec::new(),
            matched: action_matches(&p.value, action),
            span: p.span,
        })
        .collect();
    list_trace(element, action, patterns)
}

fn list_trace(element: &ListElement, value: &str, patterns: Vec<PatternTrace>) -> ListTrace {
    let hit = patterns.iter().find(|p| p.matched);
    let span = hit.map_or(element.key_span, |p| p.span);
    ListTrace {
        negated: element.negated,
        matched: hit.is_some() != element.negated,
        value: value.to_owned(),
        patterns,
        span,
    }
}

/// One resource pattern with its variables substituted.
///
/// Why: variables are only substituted under `"Version": "2012-10-17"`; under `2008-10-17` or
/// without a Version, `${aws:username}` is literal text (IAM User Guide, "IAM policy elements:
/// Variables and tags"). A variable whose key is absent and that has no default has no value,
/// "there is no equal or like value" for it, so the pattern matches nothing.
fn resource_pattern(pattern: &Spanned<String>, policy: &Policy, facts: &Facts<'_>) -> PatternTrace {
    let resource = &facts.request.resource;
    if policy.variables_enabled && pattern.value.contains("${") {
        let substituted = substitute_variables(&pattern.value, &facts.request.context);
        let matched =
            substituted.missing.is_empty() && resource_matches(&substituted.text, resource);
        PatternTrace {
            pattern: pattern.value.clone(),
            resolved: Some(substituted.text),
            missing: substituted.missing,
            matched,
            span: pattern.span,
        }
    } else {
        PatternTrace {
            pattern: pattern.value.clone(),
            resolved: None,
            missing: Vec::new(),
            matched: resource_matches(&pattern.value, resource),
            span: pattern.span,
        }
    }
}

fn resource_trace(element: &ListElement, policy: &Policy, facts: &Facts<'_>) -> ListTrace {
    let patterns = element
        .values
        .iter()
        .map(|p| resource_pattern(p, policy, facts))
        .collect();
    list_trace(element, &facts.request.resource, patterns)
}

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
fn principal_element(
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

fn principal_trace(element: &PrincipalElement, deny: bool, facts: &Facts<'_>) -> PrincipalTrace {
    let (best, entries) = principal_scan(element, facts, true);
    let grant = negate(element, best, deny, facts);
    let span = entries
        .iter()
        .find(|e| e.how.is_some())
        .map_or(element.key_span, |e| e.span);
    PrincipalTrace {
        negated: element.negated,
        matched: grant.is_some(),
        grant,
        entries,
        span,
    }
}
