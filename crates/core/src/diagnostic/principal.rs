//! Constructors for the diagnostics about `Principal` and `NotPrincipal`: where they are allowed
//! and what form their values take. Re-exported from [`super::policy`].

use super::{Diagnostic, Severity, did_you_mean, kind_phrase, with_optional_help};
use crate::kind::PolicyKind;
use crate::span::Span;

/// `principal-forbidden`: a `Principal` in a policy kind that cannot have one.
#[must_use]
pub fn principal_forbidden(kind: PolicyKind, element: &str, span: Span) -> Diagnostic {
    let help = match kind {
        PolicyKind::Scp => {
            "an SCP applies to every principal of the accounts it is attached to; use a `Condition` on `aws:PrincipalArn` to single some out"
        }
        _ => "this policy applies to the identity it is attached to: remove the principal",
    };
    Diagnostic::new(
        Severity::Error,
        "principal-forbidden",
        format!("`{element}` is not allowed in {}", kind_phrase(kind)),
        span,
        "not allowed here",
    )
    .with_help(help)
}

/// `principal-required`: a statement without `Principal` in a policy kind that needs one.
#[must_use]
pub fn principal_required(kind: PolicyKind, span: Span) -> Diagnostic {
    let help = match kind {
        PolicyKind::Trust => {
            "name who may assume the role, e.g. `\"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}`"
        }
        PolicyKind::Rcp => {
            "resource control policies use `\"Principal\": \"*\"` and narrow it with a `Condition`"
        }
        _ => "name who the statement is about, e.g. `\"Principal\": {\"AWS\": \"111122223333\"}`",
    };
    Diagnostic::new(
        Severity::Error,
        "principal-required",
        format!(
            "statement has no `Principal`, which {} requires",
            kind_phrase(kind)
        ),
        span,
        "this statement names no principal",
    )
    .with_help(help)
}

/// `not-principal-with-allow`: `NotPrincipal` with `Effect: Allow`.
#[must_use]
pub fn not_principal_with_allow(span: Span, effect_span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "not-principal-with-allow",
        "`NotPrincipal` with `Allow` is not supported",
        span,
        "this would allow everyone not listed, including anonymous callers",
    )
    .with_label(effect_span, "the effect is `Allow`")
    .with_help("use `\"Principal\"` to allow, or `Deny` with a `Condition` on `aws:PrincipalArn`")
}

/// `unknown-principal-type`: a principal map key other than `AWS`, `Service`, `Federated`,
/// `CanonicalUser`.
#[must_use]
pub fn unknown_principal_type(key: &str, span: Span, suggestion: Option<&str>) -> Diagnostic {
    let d = Diagnostic::new(
        Severity::Error,
        "unknown-principal-type",
        format!("unknown principal type `{key}`"),
        span,
        "expected `AWS`, `Service`, `Federated` or `CanonicalUser`",
    );
    with_optional_help(d, did_you_mean(suggestion))
}

/// `invalid-principal`: a principal value that has not the form its type requires.
#[must_use]
pub fn invalid_principal(value: &str, expected: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-principal",
        format!("invalid principal `{value}`"),
        span,
        format!("expected {expected}"),
    )
}

/// `partial-wildcard-principal`: a wildcard inside a principal ARN or account id.
#[must_use]
pub fn partial_wildcard_principal(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "partial-wildcard-principal",
        format!("wildcards are not allowed inside a principal: `{value}`"),
        span,
        "a principal is `*` or an exact principal",
    )
    .with_help(
        "use `\"Principal\": {\"AWS\": \"*\"}` with an `ArnLike` condition on `aws:PrincipalArn`",
    )
}

/// `rcp-principal-not-wildcard`: an RCP statement whose principal is not `"*"`.
#[must_use]
pub fn rcp_principal_not_wildcard(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "rcp-principal-not-wildcard",
        "the `Principal` of a resource control policy must be `\"*\"`",
        span,
        "expected `\"*\"`",
    )
    .with_help(
        "narrow the principals with a `Condition` on `aws:PrincipalArn` or `aws:PrincipalOrgID`",
    )
}
