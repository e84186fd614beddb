//! Constructors for the security findings of the policy validator: statements that allow more
//! than they seem to, or deny less. All are warnings: AWS accepts these policies.

use super::{Diagnostic, Severity};
use crate::kind::PolicyKind;
use crate::span::Span;

/// `wildcard-principal-without-condition`: a trust or resource policy that allows everyone.
#[must_use]
pub fn wildcard_principal_without_condition(kind: PolicyKind, span: Span) -> Diagnostic {
    let message = if kind == PolicyKind::Trust {
        "any principal in any account can assume this role"
    } else {
        "anyone, including anonymous users, is allowed by this statement"
    };
    Diagnostic::new(
        Severity::Warning,
        "wildcard-principal-without-condition",
        message,
        span,
        "everyone, with no condition",
    )
    .with_help(
        "name the trusted accounts or roles, or add a condition such as `aws:PrincipalOrgID`",
    )
}

/// `github-oidc-without-sub`: a GitHub Actions trust that does not pin the repository.
#[must_use]
pub fn github_oidc_without_sub(span: Span, detail: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "github-oidc-without-sub",
        "any github repository can assume this role",
        span,
        detail.to_owned(),
    )
    .with_help("add `\"StringEquals\": {\"token.actions.githubusercontent.com:sub\": \"repo:ORG/REPO:ref:refs/heads/main\"}`")
}

/// `unexpected-trust-action`: an action in a trust policy that is not an STS role action.
#[must_use]
pub fn unexpected_trust_action(action: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "unexpected-trust-action",
        format!("action `{action}` has no effect in a role trust policy"),
        span,
        "not an sts action for roles",
    )
    .with_help("trust policies allow `sts:AssumeRole`, `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, `sts:TagSession`, `sts:SetSourceIdentity` and `sts:SetContext`")
}

/// `for-all-values-without-null`: an `Allow` with `ForAllValues:` that also holds when the key
/// is missing.
#[must_use]
pub fn for_all_values_without_null(operator: &str, key: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "for-all-values-without-null",
        format!("`{operator}` also holds when `{key}` is missing from the request"),
        span,
        "true for a request without this key",
    )
    .with_help(format!(
        "add `\"Null\": {{\"{key}\": \"false\"}}` so that the statement needs the key to be present"
    ))
}

/// `mfa-condition-misses-long-term-keys`: a `Deny` on `aws:MultiFactorAuthPresent` = `false`
/// without `IfExists`, which does not apply to long-term access keys.
#[must_use]
pub fn mfa_condition_misses_long_term_keys(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "mfa-condition-misses-long-term-keys",
        "this deny does not apply to requests signed with long-term access keys",
        span,
        "`aws:MultiFactorAuthPresent` is absent for access keys, so `Bool` is false",
    )
    .with_help("use `BoolIfExists` so that a missing key is denied too")
}

/// `not-principal-incomplete`: a `Deny` with `NotPrincipal` that names a role or user without
/// the session or the account that AWS also checks.
#[must_use]
pub fn not_principal_incomplete(missing: &str, label: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "not-principal-incomplete",
        format!("this `NotPrincipal` does not exempt `{missing}`"),
        span,
        label.to_owned(),
    )
    .with_help("AWS checks the account, the role and the role session: list all of them, or use a `Condition` on `aws:PrincipalArn` instead")
}

/// `trust-action-mismatch`: a trust statement whose actions cannot be used by its principals.
#[must_use]
pub fn trust_action_mismatch(principal_kind: &str, needed: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "trust-action-mismatch",
        format!(
            "{principal_kind} principals assume roles with {needed}, which this statement does not allow"
        ),
        span,
        format!("allow {needed} here"),
    )
}

/// `not-resource-variable`: an `Allow` with a policy variable in `NotResource`. When the
/// variable has no value, the entry matches no resource, so the statement allows every resource
/// that the other entries do not list.
#[must_use]
pub fn not_resource_variable(entry: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "not-resource-variable",
        format!("when a variable of `{entry}` has no value, this `NotResource` excludes nothing"),
        span,
        "an entry whose variable has no value matches no resource",
    )
    .with_help("a missing key (`aws:username` for a role session, an absent tag) makes this `Allow` cover every other resource: give the variable a default (`${aws:username, 'none'}`) or use `Resource`")
}
