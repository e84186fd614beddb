//! Constructors for the diagnostics of the policy grammar and of per-kind validation.
//!
//! One function per diagnostic kind; the `code` of each is stable. Messages are lowercase with
//! no final period and put user input in backticks.

pub use super::principal::{
    invalid_principal, not_principal_with_allow, partial_wildcard_principal, principal_forbidden,
    principal_required, rcp_principal_not_wildcard, unknown_principal_type,
};
use super::{Diagnostic, Severity, kind_phrase, with_optional_help};
use crate::kind::PolicyKind;
use crate::span::Span;

/// `wrong-type`: an element has a JSON type it cannot have (a number where strings are needed).
#[must_use]
pub fn wrong_type(what: &str, expected: &str, found: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "wrong-type",
        format!("{what} must be {expected}, found {found}"),
        span,
        format!("expected {expected}"),
    )
}

/// `unknown-element`: a key that is not an element of a policy or statement.
#[must_use]
pub fn unknown_element(
    name: &str,
    place: &str,
    span: Span,
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "unknown-element",
        format!("unknown {place} element `{name}`"),
        span,
        "not a policy element",
    )
    .with_suggestion(
        suggestion,
        if place == "statement" {
            "statement elements are `Sid`, `Effect`, `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource` and `Condition`"
        } else {
            "policy elements are `Version`, `Id` and `Statement`"
        },
    )
}

/// `missing-statement`: a policy without a `Statement` element.
#[must_use]
pub fn missing_statement(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "missing-statement",
        "policy has no `Statement` element",
        span,
        "this policy has no statement",
    )
}

/// `missing-effect`: a statement without `Effect`.
#[must_use]
pub fn missing_effect(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "missing-effect",
        "statement has no `Effect`",
        span,
        "this statement needs `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`",
    )
}

/// `invalid-effect`: an `Effect` other than `Allow` or `Deny`.
#[must_use]
pub fn invalid_effect(value: &str, span: Span) -> Diagnostic {
    let help = if value.eq_ignore_ascii_case("allow") {
        "`Effect` is case-sensitive: write `Allow`".to_owned()
    } else if value.eq_ignore_ascii_case("deny") {
        "`Effect` is case-sensitive: write `Deny`".to_owned()
    } else {
        "`Effect` must be `Allow` or `Deny`".to_owned()
    };
    Diagnostic::new(
        Severity::Error,
        "invalid-effect",
        format!("invalid effect `{value}`"),
        span,
        "expected `Allow` or `Deny`",
    )
    .with_help(help)
}

/// `missing-action`: a statement with neither `Action` nor `NotAction`.
#[must_use]
pub fn missing_action(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "missing-action",
        "statement has no `Action` or `NotAction`",
        span,
        "this statement names no action",
    )
}

/// `missing-resource`: a statement with neither `Resource` nor `NotResource` where one is needed.
#[must_use]
pub fn missing_resource(kind: PolicyKind, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "missing-resource",
        "statement has no `Resource` or `NotResource`",
        span,
        format!("{} needs a resource in every statement", kind_phrase(kind)),
    )
    .with_help("add `\"Resource\": \"*\"` or the ARNs the statement is about")
}

/// `both-action-and-notaction`, `both-resource-and-notresource`,
/// `both-principal-and-notprincipal`: two mutually exclusive elements in one statement.
#[must_use]
pub fn mutually_exclusive(element: &str, span: Span, other_span: Span) -> Diagnostic {
    let code = match element {
        "Action" => "both-action-and-notaction",
        "Resource" => "both-resource-and-notresource",
        _ => "both-principal-and-notprincipal",
    };
    Diagnostic::new(
        Severity::Error,
        code,
        format!("statement has both `{element}` and `Not{element}`"),
        other_span,
        format!("`Not{element}` here"),
    )
    .with_label(span, format!("`{element}` here"))
    .with_help("a statement can have only one of them: split it into two statements")
}

/// `unsupported-element`: an element this policy kind does not support (`NotAction` in an RCP,
/// `NotPrincipal` in a trust policy, ...).
#[must_use]
pub fn unsupported_element(kind: PolicyKind, element: &str, span: Span, help: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "unsupported-element",
        format!("`{element}` is not supported in {}", kind_phrase(kind)),
        span,
        "not supported here",
    )
    .with_help(help.to_owned())
}

/// `resource-in-trust-policy`: a `Resource` in a role trust policy.
#[must_use]
pub fn resource_in_trust_policy(element: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "resource-in-trust-policy",
        format!("`{element}` is not allowed in a role trust policy"),
        span,
        "IAM rejects this",
    )
    .with_help("the resource of a trust policy is always the role itself: remove this element")
}

/// `empty-array`: an element whose list is empty, so it matches nothing.
#[must_use]
pub fn empty_array(what: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "empty-array",
        format!("{what} is an empty array"),
        span,
        "empty",
    )
    .with_help("an empty list matches nothing: add a value or remove the element")
}

/// `empty-condition`: an empty object inside `Condition`.
#[must_use]
pub fn empty_condition(what: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "empty-condition",
        format!("{what} is empty"),
        span,
        "empty",
    )
    .with_help("remove it, or add the condition it was meant to hold")
}

/// `invalid-version`: a `Version` other than `2012-10-17` or `2008-10-17`.
#[must_use]
pub fn invalid_version(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-version",
        format!("invalid policy version `{value}`"),
        span,
        "expected `2012-10-17` or `2008-10-17`",
    )
    .with_help(
        "`Version` is the version of the policy language, not a date of your own: use `2012-10-17`",
    )
}

/// `variables-not-substituted`: `${...}` in a policy whose version does not substitute variables.
#[must_use]
pub fn variables_not_substituted(span: Span, version: Option<(&str, Span)>) -> Diagnostic {
    let d = Diagnostic::new(
        Severity::Warning,
        "variables-not-substituted",
        "policy variables are not substituted in this policy",
        span,
        "this `${...}` is plain text",
    )
    .with_help("policy variables work only with `\"Version\": \"2012-10-17\"`");
    match version {
        Some((value, version_span)) => d.with_label(
            version_span,
            format!("version `{value}` treats `${{...}}` as text"),
        ),
        None => d,
    }
}

/// `unknown-operator`: a condition operator AWS does not know.
#[must_use]
pub fn unknown_operator(text: &str, span: Span, help: Option<String>) -> Diagnostic {
    let d = Diagnostic::new(
        Severity::Error,
        "unknown-operator",
        format!("unknown condition operator `{text}`"),
        span,
        "not a condition operator",
    );
    with_optional_help(d, help)
}

/// `invalid-condition-value`: a value that the operator cannot read (`NumericLessThan` `ten`).
#[must_use]
pub fn invalid_condition_value(
    operator: &str,
    value: &str,
    expected: &str,
    span: Span,
) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "invalid-condition-value",
        format!("`{value}` is not a valid value for `{operator}`"),
        span,
        format!("expected {expected}"),
    )
    .with_help("a value the operator cannot read never matches")
}

/// `malformed-arn`: a resource or principal that should be an ARN and is not one.
#[must_use]
pub fn malformed_arn(value: &str, reason: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "malformed-arn",
        format!("malformed arn `{value}`: it can never match"),
        span,
        reason.to_owned(),
    )
    .with_help("an ARN has the form `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, e.g. `arn:aws:s3:::bucket/*`; resource matching is case-sensitive, so AWS reads this entry as one that matches no resource")
}

/// `short-arn-wildcard`: a resource ARN with fewer than six parts that ends in `*`, which AWS
/// globs as written: the trailing `*` also matches across `:`.
#[must_use]
pub fn short_arn_wildcard(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "short-arn-wildcard",
        format!("`{value}` has fewer than six ARN parts; its trailing `*` also matches across `:`"),
        span,
        "globbed as written",
    )
    .with_help("write all six parts (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`) to say exactly what it covers")
}

/// `invalid-action`: an action that is not `*` or `service:Name`.
#[must_use]
pub fn invalid_action(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "invalid-action",
        format!("invalid action `{value}`: it can never match"),
        span,
        "expected `service:ActionName` or `*`",
    )
    .with_help("an action is a service prefix, a colon and an action name, e.g. `s3:GetObject`; write one action per list entry")
}

/// `duplicate-sid`: two statements with the same `Sid`.
#[must_use]
pub fn duplicate_sid(sid: &str, severity: Severity, first: Span, second: Span) -> Diagnostic {
    Diagnostic::new(
        severity,
        "duplicate-sid",
        format!("duplicate statement id `{sid}`"),
        second,
        "used again here",
    )
    .with_label(first, "first used here")
    .with_help("statement ids must be unique within a policy")
}

/// `invalid-sid`: a `Sid` with characters IAM does not accept.
#[must_use]
pub fn invalid_sid(sid: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-sid",
        format!("statement id `{sid}` has characters other than letters and digits"),
        span,
        "only `A-Z`, `a-z` and `0-9` are allowed",
    )
}

/// `rcp-allow`: an RCP `Allow` statement other than the full-access one.
#[must_use]
pub fn rcp_allow(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "rcp-allow",
        "resource control policies can only deny",
        span,
        "`Allow` is supported only in `RCPFullAWSAccess`",
    )
    .with_help("write a `Deny` statement with the exceptions in its `Condition`")
}

/// `missing-version`: an organization policy (SCP, RCP) without `Version`.
#[must_use]
pub fn missing_version(kind: PolicyKind, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "missing-version",
        format!(
            "{} must have `\"Version\": \"2012-10-17\"`",
            kind_phrase(kind)
        ),
        span,
        "this policy has no `Version`",
    )
    .with_help("add `\"Version\": \"2012-10-17\"` at the top of the policy")
}

/// `unsupported-character`: a character IAM does not accept in a policy document.
#[must_use]
pub fn unsupported_character(c: char, span: Span) -> Diagnostic {
    let help = if matches!(c, '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}') {
        "typographic quotes often come from copying a policy out of a document: use straight quotes"
    } else {
        "IAM policies may contain only tab, line feed, carriage return and the characters U+0020 to U+00FF"
    };
    Diagnostic::new(
        Severity::Error,
        "unsupported-character",
        format!(
            "character `{}` (U+{:04X}) is not allowed in an IAM policy",
            c.escape_debug(),
            u32::from(c)
        ),
        span,
        "IAM rejects this character",
    )
    .with_help(help)
}

/// `policy-too-large`: a policy (or, for a role's inline policies, their total) longer than the
/// AWS quota of where it lives; `what` names the place ("an inline policy of a role").
#[must_use]
pub fn policy_too_large(
    what: &str,
    size: usize,
    limit: usize,
    counted: &str,
    span: Span,
) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "policy-too-large",
        format!("{what}: {size} characters, over the {limit}-character quota"),
        span,
        format!("{counted} count"),
    )
    .with_help("split the statements over several policies, or shorten action and resource lists with wildcards")
}

/// `variables-not-allowed`: a `${...}` policy variable in an element that does not take them.
#[must_use]
pub fn variables_not_allowed(element: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "variables-not-allowed",
        format!("policy variables cannot be used in `{element}`"),
        span,
        "this `${...}` is not substituted here",
    )
    .with_help("variables work in `Resource`, `NotResource` and condition values; match principals with a condition on `aws:PrincipalArn` instead")
}

/// `variable-before-fifth-colon`: a `${...}` policy variable in a `Resource` or `NotResource`
/// ARN before its fifth colon, where AWS does not substitute it.
///
/// Why: "IAM policy elements: Variables and tags", "Where you can use policy variables": "You
/// can't use a variable to replace parts of the ARN before the fifth colon, such as the service
/// or account."
#[must_use]
pub fn variable_before_fifth_colon(variable: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "variable-before-fifth-colon",
        format!("policy variable `{variable}` is not substituted before the fifth `:` of an arn"),
        span,
        "kept as written, so this entry matches no real resource",
    )
    .with_help("variables work only in the resource part after the fifth `:`; write the account, region and service literally, or use `*` with a condition such as `aws:ResourceAccount`")
}
