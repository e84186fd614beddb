//! Per-kind validation of a policy: which elements each policy kind needs or forbids, the form
//! of each value, and the security checks.
//!
//! Which elements each kind takes (why-notes with the AWS pages they come from):
//!
//! | kind | `Principal` | `NotPrincipal` | `Resource` | `NotAction` |
//! |---|---|---|---|---|
//! | identity, boundary, session | forbidden | forbidden | required | yes |
//! | resource-based, VPC endpoint | required | yes (with `Deny` only) | required | yes |
//! | trust | required | not supported | forbidden | yes |
//! | SCP | forbidden | not supported | required | yes |
//! | RCP | required, exactly `"*"` | not supported | required | not supported |
//!
//! - "AWS JSON policy elements: Principal": identity-based policies cannot name a principal;
//!   resource-based policies (and trust policies, which are the role's resource policy) must.
//! - "AWS JSON policy elements: NotPrincipal": "You cannot use the NotPrincipal element in an
//!   IAM identity-based policy nor in an IAM role trust policy", "must be used with
//!   `"Effect":"Deny"`", and SCPs and RCPs do not support it.
//! - "IAM role trust policies" / `CreateRole`: IAM rejects a `Resource` in a trust policy; the
//!   resource is always the role.
//! - "SCP syntax" (AWS Organizations): SCPs have no `Principal`; `Action`, `NotAction`,
//!   `Resource`, `NotResource` and `Condition` are supported with both effects (the full IAM
//!   policy language, 2025). Every documented SCP statement has a resource, so Rolecall
//!   requires one as for identity policies.
//! - "RCP syntax": `Principal` must be `"*"` (narrow it with conditions), `NotAction` and
//!   `NotPrincipal` are not supported, and "the effect of `Allow` is only supported for the
//!   `RCPFullAWSAccess` policy" (Allow `*` on `*` for `*`).

use crate::diagnostic::policy as diag;
use crate::diagnostic::{Diagnostic, Severity};
use crate::policy::model::{Effect, Negatable, Policy, PolicyKind, PrincipalValue, Statement};

mod document;
mod security;
pub mod text;
mod trust;
pub(crate) mod values;

/// Whether a kind needs or forbids an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Need {
    Required,
    Forbidden,
}

/// The element rules of one policy kind (see the table in the module docs).
#[derive(Clone, Copy, Debug)]
struct Rules {
    principal: Need,
    resource: Need,
    not_principal: bool,
    not_action: bool,
}

const fn rules(kind: PolicyKind) -> Rules {
    match kind {
        PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session | PolicyKind::Scp => {
            Rules {
                principal: Need::Forbidden,
                resource: Need::Required,
                not_principal: false,
                not_action: true,
            }
        }
        // Why: "An endpoint policy is a JSON policy document that uses the IAM policy language.
        // It must contain a Principal element" (Amazon VPC, "Control access to VPC endpoints
        // using endpoint policies"); otherwise it reads like any resource-based policy.
        PolicyKind::Resource | PolicyKind::VpcEndpoint => Rules {
            principal: Need::Required,
            resource: Need::Required,
            not_principal: true,
            not_action: true,
        },
        PolicyKind::Trust => Rules {
            principal: Need::Required,
            resource: Need::Forbidden,
            not_principal: false,
            not_action: true,
        },
        PolicyKind::Rcp => Rules {
            principal: Need::Required,
            resource: Need::Required,
            not_principal: false,
            not_action: false,
        },
    }
}

/// Checks `policy` against the rules of `kind`, pushing what is wrong to `diagnostics`.
pub fn validate(policy: &Policy, kind: PolicyKind, diagnostics: &mut Vec<Diagnostic>) {
    document::check(policy, kind, diagnostics);
    for statement in &policy.statements {
        elements(statement, kind, diagnostics);
        values::check(statement, policy.variables_enabled, diagnostics);
        security::check(statement, kind, policy.variables_enabled, diagnostics);
        if kind == PolicyKind::Trust {
            trust::check(statement, diagnostics);
        }
    }
}

/// Checks which elements the statement has against the rules of `kind`.
fn elements(s: &Statement, kind: PolicyKind, diagnostics: &mut Vec<Diagnostic>) {
    let r = rules(kind);
    let start = s.span.opening();
    let effect = s.effect.as_ref();
    match (&s.principal, r.principal) {
        (Some(p), Need::Forbidden) => {
            let name = Negatable::Principal.key(p.negated);
            diagnostics.push(diag::principal_forbidden(kind, name, p.key_span));
        }
        (Some(p), Need::Required) if p.negated && !r.not_principal => {
            diagnostics.push(diag::unsupported_element(
                kind,
                "NotPrincipal",
                p.key_span,
                "use `Principal` with a `Condition` on `aws:PrincipalArn` instead",
            ));
        }
        (Some(p), _) if p.negated => {
            if let Some(e) = effect.filter(|e| e.value == Effect::Allow) {
                diagnostics.push(diag::not_principal_with_allow(p.key_span, e.span));
            }
        }
        (None, Need::Required) => diagnostics.push(diag::principal_required(kind, start)),
        _ => {}
    }
    match (&s.resource, r.resource) {
        (Some(res), Need::Forbidden) => {
            let name = Negatable::Resource.key(res.negated);
            diagnostics.push(diag::resource_in_trust_policy(name, res.key_span));
        }
        (None, Need::Required) => diagnostics.push(diag::missing_resource(kind, start)),
        _ => {}
    }
    if let Some(a) = s.action.as_ref().filter(|a| a.negated && !r.not_action) {
        diagnostics.push(diag::unsupported_element(
            kind,
            "NotAction",
            a.key_span,
            "list the denied actions in `Action`",
        ));
    }
    if kind == PolicyKind::Rcp {
        rcp(s, diagnostics);
    }
}

/// The RCP-only rules: the principal is exactly `"*"`, and `Allow` only in the full-access
/// statement.
fn rcp(s: &Statement, diagnostics: &mut Vec<Diagnostic>) {
    let principal_is_star = match &s.principal {
        Some(p) if !p.negated => match &p.value {
            PrincipalValue::Wildcard(_) => true,
            PrincipalValue::Map(_) => {
                diagnostics.push(diag::rcp_principal_not_wildcard(p.key_span));
                false
            }
        },
        _ => false,
    };
    let Some(effect) = s.effect.as_ref().filter(|e| e.value == Effect::Allow) else {
        return;
    };
    let only_star = |l: Option<&crate::policy::model::ListElement>| {
        l.is_some_and(|l| {
            !l.negated && l.values.len() == 1 && l.values.iter().all(|v| v.value == "*")
        })
    };
    let full_access = principal_is_star
        && only_star(s.action.as_ref())
        && only_star(s.resource.as_ref())
        && s.conditions.is_empty();
    if !full_access {
        diagnostics.push(diag::rcp_allow(effect.span));
    }
}

/// Whether IAM itself stores policies of this kind (and so enforces its own `Sid` rules).
const fn is_iam_kind(kind: PolicyKind) -> bool {
    matches!(
        kind,
        PolicyKind::Identity | PolicyKind::Trust | PolicyKind::Boundary | PolicyKind::Session
    )
}

/// The severity of a repeated `Sid`: IAM rejects it; other services differ.
const fn duplicate_sid_severity(kind: PolicyKind) -> Severity {
    if is_iam_kind(kind) || matches!(kind, PolicyKind::Scp | PolicyKind::Rcp) {
        Severity::Error
    } else {
        Severity::Warning
    }
}

#[cfg(test)]
mod security_tests;
#[cfg(test)]
mod tests;
