//! Whether one statement applies to a request: a lazy check for the decision-only path and a
//! complete trace for explanations. Both use the same element predicates, so they always agree.

use crate::condition::{
    PatternSubstitution, condition_holds, evaluate_condition, has_variables, substitute_resource,
};
use crate::evaluate::explanation::{
    ConditionTrace, GrantKind, ListTrace, PatternTrace, StatementTrace,
};
use crate::evaluate::facts::Facts;
use crate::evaluate::principal::{principal_element, principal_trace};
use crate::matching::{action_matches, resource_matches, resource_matches_pattern};
use crate::policy::model::{Effect, ListElement, Negatable, Policy, PolicyKind, Statement};
use crate::policy::validate::values::{ResourceForm, check_resource, is_action};
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
        PolicyKind::Resource | PolicyKind::Trust | PolicyKind::Rcp | PolicyKind::VpcEndpoint
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
                .any(|p| resource_pattern_matches(&p.value, policy, facts));
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
        Some(t) if !t.matched => fail(not_matched_reason("action", t, Negatable::Action), t.span),
        None => fail("the statement has no `Action`".to_owned(), stmt.span),
        Some(_) => {}
    }
    match &resource {
        Some(t) if !t.matched => fail(
            not_matched_reason("resource", t, Negatable::Resource),
            t.span,
        ),
        None if !implicit_resource(kind) => {
            fail("the statement has no `Resource`".to_owned(), stmt.span)
        }
        _ => {}
    }
    let grant = if checks_principal(kind) {
        match (&principal, stmt.principal.as_ref()) {
            (Some(t), _) if t.matched => t.grant,
            (Some(t), _) => {
                let element = Negatable::Principal.key(t.negated);
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

fn not_matched_reason(what: &str, t: &ListTrace, element: Negatable) -> String {
    let key = element.key(t.negated);
    if t.negated {
        format!("{what} `{}` is listed in `{key}`", t.value)
    } else {
        format!("{what} `{}` matches no pattern of `{key}`", t.value)
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
            note: action_note(&p.value),
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

/// Whether no text that starts with `prefix` can match `pattern` (case-sensitive): the literal
/// start of the pattern (before its first wildcard) disagrees with `prefix`.
fn never_starts_with(pattern: &str, prefix: &str) -> bool {
    let literal = pattern.split(['*', '?']).next().unwrap_or_default();
    !(literal.starts_with(prefix) || prefix.starts_with(literal))
}

/// What the explanation says about an action entry that is not `*` or `service:Name`.
///
/// Why: AWS evaluates such an entry as written (a case-insensitive glob), so a string such as
/// `s3:ListBucket,PutObject` simply matches no action (iam-semantics.md §9); every action name
/// is `service:Name`, so an entry without `:` or a wildcard can never match.
fn action_note(pattern: &str) -> Option<String> {
    if is_action(pattern) {
        return None;
    }
    let impossible = !pattern.contains(['*', '?'])
        || pattern
            .chars()
            .any(|c| !(c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '*' | '?')));
    Some(if impossible {
        format!("`{pattern}` is not an action (`service:Name`): this entry can never match")
    } else {
        format!("`{pattern}` is not an action (`service:Name`): it is compared as written")
    })
}

/// What the explanation says about a resource entry that is not `*` or a six-part ARN.
///
/// Why: AWS matches such an entry as written, case-sensitively ("IAM JSON policy elements:
/// Resource"): an upper-case `ARN:AWS:S3:::B` or a bare name can never match an ARN, while a
/// short ARN whose last part ends in `*` expands across colons and does match.
fn resource_note(pattern: &str) -> Option<String> {
    match check_resource(pattern) {
        Ok(ResourceForm::Arn) => None,
        Ok(ResourceForm::ShortWildcard) => Some(format!(
            "`{pattern}` has fewer than six ARN parts: its trailing `*` also matches across `:`"
        )),
        Err(reason) => {
            let six_parts = pattern.splitn(6, ':').count() == 6;
            let impossible = !pattern.contains(['*', '?'])
                || never_starts_with(pattern, "arn:")
                || (pattern.starts_with("arn:") && !six_parts);
            Some(if impossible {
                format!("`{pattern}` is not a valid ARN ({reason}): this entry can never match")
            } else {
                format!("`{pattern}` is not a valid ARN ({reason}): it is compared as written")
            })
        }
    }
}

/// One resource pattern with its variables substituted.
///
/// Why: variables are only substituted under `"Version": "2012-10-17"`; under `2008-10-17` or
/// without a Version, `${aws:username}` is literal text (IAM User Guide, "IAM policy elements:
/// Variables and tags"). A variable whose key is absent and that has no default has no value,
/// "there is no equal or like value" for it, so the pattern matches nothing. `${*}`, `${?}` and
/// substituted values are literal text, never wildcards ("Special characters" on the same page):
/// a user named `a*` must not match every user's folder. Only the resource part, after the
/// fifth colon, is substituted: "You can't use a variable to replace parts of the ARN before the
/// fifth colon, such as the service or account" ("Where you can use policy variables" on the same
/// page), so `arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:q` keeps its account part as written
/// and matches no real queue.
fn resource_pattern(pattern: &Spanned<String>, policy: &Policy, facts: &Facts<'_>) -> PatternTrace {
    let substitutes = policy.variables_enabled && has_variables(&pattern.value);
    if substitutes {
        let substituted = substitute_resource(&pattern.value, &facts.request.context);
        let matched = substituted_matches(&substituted, &facts.request.resource);
        PatternTrace {
            pattern: pattern.value.clone(),
            resolved: Some(substituted.text),
            missing: substituted.missing,
            matched,
            note: None,
            span: pattern.span,
        }
    } else {
        PatternTrace {
            pattern: pattern.value.clone(),
            resolved: None,
            missing: Vec::new(),
            matched: resource_pattern_matches(&pattern.value, policy, facts),
            note: None,
            span: pattern.span,
        }
    }
}

/// Whether one resource pattern matches, as [`resource_pattern`] decides it, without building
/// its trace: the decision-only path copies no pattern text (a substituted pattern is the only
/// allocation, and only for a pattern with variables).
fn resource_pattern_matches(pattern: &str, policy: &Policy, facts: &Facts<'_>) -> bool {
    let resource = &facts.request.resource;
    if policy.variables_enabled && has_variables(pattern) {
        substituted_matches(
            &substitute_resource(pattern, &facts.request.context),
            resource,
        )
    } else {
        resource_matches(pattern, resource)
    }
}

/// Whether a resource pattern with its variables substituted matches `resource`: never when a
/// variable has no value (see [`resource_pattern`]).
fn substituted_matches(substituted: &PatternSubstitution, resource: &str) -> bool {
    substituted.missing.is_empty() && resource_matches_pattern(&substituted.pattern, resource)
}

fn resource_trace(element: &ListElement, policy: &Policy, facts: &Facts<'_>) -> ListTrace {
    let patterns = element
        .values
        .iter()
        .map(|p| {
            let trace = resource_pattern(p, policy, facts);
            let note = resource_note(&p.value).or_else(|| {
                // "Policy variables with no value": such an entry "will not match any
                // resource", so in `NotResource` it excludes nothing.
                (element.negated && !trace.missing.is_empty()).then(|| {
                    format!(
                        "{} has no value, so this entry matches no resource and `NotResource` excludes nothing with it",
                        trace
                            .missing
                            .iter()
                            .map(|v| format!("`${{{v}}}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
            });
            PatternTrace { note, ..trace }
        })
        .collect();
    list_trace(element, &facts.request.resource, patterns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::PolicySet;
    use crate::policy::parse_policy;
    use crate::request::Request;

    /// Whether the one statement of `policy` (of `kind`) applies when `principal` calls
    /// `action` on `resource`, on both paths, with the grant it gives.
    fn check_case(
        kind: PolicyKind,
        statement: &str,
        principal: &str,
        action: &str,
        resource: &str,
        expected: Option<Option<GrantKind>>,
    ) {
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#);
        let policy = parse_policy(&text, kind).policy;
        let request = Request {
            principal: principal.into(),
            action: action.into(),
            resource: resource.into(),
            ..Request::default()
        };
        let facts = Facts::new(&request, &PolicySet::new());
        let stmt = &policy.statements[0];
        let fast = check_stmt(stmt, &policy, kind, &facts).map(|a| a.grant);
        let (trace, full) = trace(stmt, &policy, kind, &facts);
        assert_eq!(
            fast, expected,
            "{statement} / {principal} {action} {resource}"
        );
        assert_eq!(
            full.map(|a| a.grant),
            expected,
            "{statement}: {}",
            trace.reason
        );
        assert_eq!(trace.applies, expected.is_some());
    }

    fn check_stmt(
        stmt: &Statement,
        policy: &Policy,
        kind: PolicyKind,
        facts: &Facts<'_>,
    ) -> Option<Applies> {
        super::check(stmt, policy, kind, facts)
    }

    /// "IAM policy elements: Variables and tags", "Where you can use policy variables": "You
    /// can use a policy variable in the `Resource` element, but only in the resource portion of
    /// the ARN. This portion of the ARN appears after the fifth colon (:). You can't use a
    /// variable to replace parts of the ARN before the fifth colon, such as the service or
    /// account." Before it the text is kept as written; after it, substitution goes on.
    #[test]
    fn variables_are_substituted_only_after_the_fifth_colon_of_a_resource() {
        let applies = |element: &str, resource_pattern: &str, resource: &str| {
            let text = format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"sqs:*","{element}":"{resource_pattern}"}}]}}"#
            );
            let policy = parse_policy(&text, PolicyKind::Identity).policy;
            let mut request = Request {
                principal: ALICE.into(),
                action: "sqs:SendMessage".into(),
                resource: resource.into(),
                ..Request::default()
            };
            request.context.set("aws:PrincipalAccount", "111111111111");
            request.context.set("aws:username", "alice");
            let facts = Facts::new(&request, &PolicySet::new());
            let stmt = &policy.statements[0];
            let fast = check_stmt(stmt, &policy, PolicyKind::Identity, &facts).is_some();
            let (trace, full) = trace(stmt, &policy, PolicyKind::Identity, &facts);
            assert_eq!(fast, full.is_some(), "{resource_pattern}: {}", trace.reason);
            fast
        };
        let queue = "arn:aws:sqs:us-east-1:111111111111:queue-1";
        let before = "arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:queue-1";
        assert!(!applies("Resource", before, queue));
        assert!(applies("NotResource", before, queue));
        assert!(!applies(
            "Resource",
            "arn:aws:sqs:*:${aws:PrincipalAccount}:*",
            queue
        ));
        assert!(applies(
            "Resource",
            "arn:aws:sqs:us-east-1:111111111111:queue-${aws:PrincipalAccount, 'x'}",
            "arn:aws:sqs:us-east-1:111111111111:queue-111111111111",
        ));
        assert!(applies(
            "Resource",
            "arn:aws:sqs:us-east-1:111111111111:${aws:username}",
            "arn:aws:sqs:us-east-1:111111111111:alice",
        ));
    }

    const ALICE: &str = "arn:aws:iam::111111111111:user/alice";
    const SESSION: &str = "arn:aws:sts::111111111111:assumed-role/Dev/s";
    const OBJ: &str = "arn:aws:s3:::bkt/k";

    #[test]
    fn statement_table() {
        use PolicyKind::{Identity, Resource, Trust};
        let id = |s: &str, a: &str, r: &str, e: bool| {
            check_case(Identity, s, ALICE, a, r, e.then_some(None))
        };
        id(
            r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}"#,
            "s3:GetObject",
            OBJ,
            true,
        );
        id(
            r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#,
            "s3:PutObject",
            OBJ,
            true,
        );
        id(
            r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#,
            "iam:CreateUser",
            "*",
            false,
        );
        id(
            r#"{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::bkt/*"}"#,
            "s3:GetObject",
            OBJ,
            false,
        );
        id(
            r#"{"Effect":"Allow","Action":"*"}"#,
            "s3:GetObject",
            OBJ,
            false,
        );
        id(
            r#"{"Effect":"Maybe","Action":"*","Resource":"*"}"#,
            "s3:GetObject",
            OBJ,
            false,
        );
        id(
            r#"{"Effect":"Allow","Action":"*","Resource":"*","Principal":{"AWS":"222222222222"}}"#,
            "s3:GetObject",
            OBJ,
            true,
        );
        let rp = |s: &str, who: &str, e: Option<Option<GrantKind>>| {
            check_case(Resource, s, who, "s3:GetObject", OBJ, e)
        };
        rp(
            r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#,
            ALICE,
            Some(Some(GrantKind::Principal)),
        );
        rp(
            r#"{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"*","Resource":"*"}"#,
            ALICE,
            Some(Some(GrantKind::Account)),
        );
        rp(
            r#"{"Effect":"Allow","Principal":{"AWS":["111111111111","arn:aws:iam::111111111111:role/Dev"]},"Action":"*","Resource":"*"}"#,
            SESSION,
            Some(Some(GrantKind::Role)),
        );
        rp(
            r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111111111111:assumed-role/Dev/s"},"Action":"*","Resource":"*"}"#,
            SESSION,
            Some(Some(GrantKind::Principal)),
        );
        rp(
            r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"*","Resource":"*"}"#,
            ALICE,
            None,
        );
        rp(
            r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#,
            ALICE,
            None,
        );
        rp(
            r#"{"Effect":"Allow","Principal":"*","Action":"*"}"#,
            ALICE,
            Some(Some(GrantKind::Principal)),
        );
        let trust = |s: &str, who: &str, e: Option<Option<GrantKind>>| {
            check_case(
                Trust,
                s,
                who,
                "sts:AssumeRole",
                "arn:aws:iam::111111111111:role/Dev",
                e,
            )
        };
        trust(
            r#"{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}"#,
            "ec2.amazonaws.com",
            Some(Some(GrantKind::Principal)),
        );
        trust(
            r#"{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}"#,
            ALICE,
            None,
        );
    }
}
