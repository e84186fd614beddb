//! Security findings that apply to several policy kinds: statements that allow more than they
//! seem to, or deny less.

use crate::diagnostic::Diagnostic;
use crate::diagnostic::security as diag;
use crate::matching::Arn;
use crate::policy::model::{
    BaseOperator, Effect, PolicyKind, PrincipalType, PrincipalValue, SetQualifier, Statement,
};
use crate::span::Span;

/// Runs the security checks on one statement of a policy of kind `kind`.
pub(super) fn check(
    s: &Statement,
    kind: PolicyKind,
    variables_enabled: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(effect) = s.effect.as_ref().map(|e| e.value) else {
        return;
    };
    match effect {
        Effect::Allow => {
            if matches!(kind, PolicyKind::Trust | PolicyKind::Resource) {
                open_principal(s, kind, diagnostics);
            }
            for_all_values(s, diagnostics);
            if variables_enabled {
                not_resource_variable(s, diagnostics);
            }
        }
        Effect::Deny => {
            mfa_bool(s, diagnostics);
            not_principal(s, diagnostics);
        }
    }
}

/// Why: "AWS JSON policy elements: Principal" — `"*"` (or `{"AWS": "*"}`) means every principal,
/// including anonymous callers in a resource policy; without a condition the statement is
/// public.
fn open_principal(s: &Statement, kind: PolicyKind, diagnostics: &mut Vec<Diagnostic>) {
    let Some(principal) = s.principal.as_ref().filter(|p| !p.negated) else {
        return;
    };
    if !s.conditions.is_empty() {
        return;
    }
    if let Some(span) = wildcard_span(&principal.value) {
        diagnostics.push(diag::wildcard_principal_without_condition(kind, span));
    }
}

/// The span of `*` in the principal, if it lets everyone in.
fn wildcard_span(value: &PrincipalValue) -> Option<Span> {
    match value {
        PrincipalValue::Wildcard(span) => Some(*span),
        PrincipalValue::Map(entries) => entries
            .iter()
            .filter(|e| e.kind == PrincipalType::Aws)
            .flat_map(|e| e.values.iter())
            .find(|v| v.value == "*")
            .map(|v| v.span),
    }
}

/// Why: "IAM policy elements: Variables and tags", "Policy variables with no value": "If a
/// variable that has no value in the authorization context is used as part of the `Resource` or
/// `NotResource` element of a policy, the resource that includes a policy variable with no
/// value will not match any resource." In `NotResource` such an entry excludes nothing, so an
/// `Allow` whose variable has no value (`${aws:username}` for a role session) allows every
/// resource the other entries do not list.
fn not_resource_variable(s: &Statement, diagnostics: &mut Vec<Diagnostic>) {
    let Some(element) = s.resource.as_ref().filter(|r| r.negated) else {
        return;
    };
    if let Some(entry) = element
        .values
        .iter()
        .find(|v| crate::condition::has_variables(&v.value))
    {
        diagnostics.push(diag::not_resource_variable(&entry.value, entry.span));
    }
}

/// Why: "Single-valued vs. multivalued context keys" — `ForAllValues` returns true when the key
/// is missing or empty in the request, so an `Allow` that relies on it should also require the
/// key with `Null` = `false`.
fn for_all_values(s: &Statement, diagnostics: &mut Vec<Diagnostic>) {
    for c in &s.conditions {
        let Some(op) = c.operator else { continue };
        if op.qualifier != Some(SetQualifier::ForAllValues) {
            continue;
        }
        let key_required = s.conditions.iter().any(|n| {
            n.operator.is_some_and(|o| o.base == BaseOperator::Null)
                && n.key.value.eq_ignore_ascii_case(&c.key.value)
                && n.values
                    .iter()
                    .all(|v| v.value.eq_ignore_ascii_case("false"))
        });
        if !key_required {
            diagnostics.push(diag::for_all_values_without_null(
                &c.operator_text.value,
                &c.key.value,
                c.operator_text.span,
            ));
        }
    }
}

/// Why: "AWS global condition context keys", `aws:MultiFactorAuthPresent` — the key is not
/// present for requests signed with long-term access keys, so `Bool` … `false` does not match
/// them and the deny does not apply; the documented form is `BoolIfExists`.
fn mfa_bool(s: &Statement, diagnostics: &mut Vec<Diagnostic>) {
    for c in &s.conditions {
        let Some(op) = c.operator else { continue };
        if op.base == BaseOperator::Bool
            && !op.if_exists
            && c.key
                .value
                .eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
            && c.values
                .iter()
                .any(|v| v.value.eq_ignore_ascii_case("false"))
        {
            diagnostics.push(diag::mfa_condition_misses_long_term_keys(
                c.operator_text.span,
            ));
        }
    }
}

/// Why: "AWS JSON policy elements: NotPrincipal" — "you must also specify the account ARN of
/// the not-denied principal", and for a role "AWS verifies the account, then the role, and then
/// the assumed-role user", so the role session must be listed too.
fn not_principal(s: &Statement, diagnostics: &mut Vec<Diagnostic>) {
    let Some(p) = s.principal.as_ref().filter(|p| p.negated) else {
        return;
    };
    let PrincipalValue::Map(entries) = &p.value else {
        return;
    };
    let values: Vec<&str> = entries
        .iter()
        .filter(|e| e.kind == PrincipalType::Aws)
        .flat_map(|e| e.values.iter().map(|v| v.value.as_str()))
        .collect();
    for entry in entries.iter().filter(|e| e.kind == PrincipalType::Aws) {
        for v in &entry.values {
            let Some(Arn {
                partition,
                service,
                account,
                resource,
                ..
            }) = Arn::parse(&v.value)
            else {
                continue;
            };
            if service != "iam" || !(resource.starts_with("user/") || resource.starts_with("role/"))
            {
                continue;
            }
            let root = format!("arn:{partition}:iam::{account}:root");
            if !values.iter().any(|x| *x == account || *x == root) {
                diagnostics.push(diag::not_principal_incomplete(
                    &root,
                    "still denied: AWS checks this principal's account first",
                    v.span,
                ));
            }
            if let Some(role) = resource.strip_prefix("role/") {
                let name = role.rsplit('/').next().unwrap_or(role);
                let session = format!("arn:{partition}:sts::{account}:assumed-role/{name}/");
                if !values.iter().any(|x| x.starts_with(&session)) {
                    diagnostics.push(diag::not_principal_incomplete(
                        &format!("{session}SESSION"),
                        "the sessions of this role are still denied",
                        v.span,
                    ));
                }
            }
        }
    }
}
