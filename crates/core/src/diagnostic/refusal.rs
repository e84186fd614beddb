//! The refusal rules: the policy diagnostics for which AWS itself refuses to store or run the
//! document. This table is the one home of that fact.
//!
//! Why: Rolecall refuses only what AWS refuses. A request may end in `error` (in
//! `rolecall simulate`) only when one of its policies has a diagnostic listed here; a scenario
//! holding such a policy has errors. Every other diagnostic is a warning shown beside the
//! decision, and the entry it is about is evaluated as AWS's matcher reads it: an upper-case
//! `ARN:` resource, a condition value of the wrong type or a malformed action string simply
//! never matches, and the rest of the request still has an answer (iam-semantics.md §9).
//!
//! The policy diagnostics with [`Severity::Error`](super::Severity::Error) are exactly the codes
//! of this table (`duplicate-sid` is an error only where IAM, SCPs and RCPs enforce it); a test
//! keeps the constructors, this table and docs/diagnostics.md in step.

use super::Diagnostic;

/// One refusal rule: a diagnostic code and the AWS page that says AWS refuses such a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefusalRule {
    /// The diagnostic code.
    pub code: &'static str,
    /// The AWS documentation page that documents the refusal.
    pub source: &'static str,
}

const GRAMMAR: &str =
    "IAM User Guide, \"Grammar of the IAM JSON policy language\" (policies are valid JSON)";

/// Every refusal rule, in the order of docs/diagnostics.md.
pub const REFUSALS: &[RefusalRule] = &[
    rule("invalid-json", GRAMMAR),
    rule("trailing-comma", GRAMMAR),
    rule("json-comment", GRAMMAR),
    rule("trailing-characters", GRAMMAR),
    rule("nesting-too-deep", GRAMMAR),
    rule(
        "wrong-type",
        "IAM User Guide, \"Grammar of the IAM JSON policy language\" (the type of each element)",
    ),
    rule(
        "unknown-element",
        "IAM User Guide, \"Grammar of the IAM JSON policy language\" (the only elements of a policy and a statement)",
    ),
    rule(
        "missing-statement",
        "IAM User Guide, \"IAM JSON policy elements: Statement\" (\"This element is required\")",
    ),
    rule(
        "missing-effect",
        "IAM User Guide, \"IAM JSON policy elements: Effect\" (\"The Effect element is required\")",
    ),
    rule(
        "invalid-effect",
        "IAM User Guide, \"IAM JSON policy elements: Effect\" (\"Valid values for Effect are Allow and Deny. The Effect value is case sensitive\")",
    ),
    rule(
        "missing-action",
        "IAM User Guide, \"IAM JSON policy elements: Action\" and \"NotAction\" (each statement must include one of them)",
    ),
    rule(
        "missing-resource",
        "IAM User Guide, \"IAM JSON policy elements: Resource\" (statements must include `Resource` or `NotResource`)",
    ),
    rule(
        "both-action-and-notaction",
        "IAM User Guide, \"Grammar of the IAM JSON policy language\" (`Action` or `NotAction`)",
    ),
    rule(
        "both-resource-and-notresource",
        "IAM User Guide, \"Grammar of the IAM JSON policy language\" (`Resource` or `NotResource`)",
    ),
    rule(
        "both-principal-and-notprincipal",
        "IAM User Guide, \"Grammar of the IAM JSON policy language\" (`Principal` or `NotPrincipal`)",
    ),
    rule(
        "principal-forbidden",
        "IAM User Guide, \"AWS JSON policy elements: Principal\" (\"You cannot use the Principal element in an identity-based policy\"); Organizations User Guide, \"SCP syntax\"",
    ),
    rule(
        "principal-required",
        "IAM User Guide, \"AWS JSON policy elements: Principal\" (\"You must use the Principal element in resource-based policies\"); Organizations User Guide, \"RCP syntax\"",
    ),
    rule(
        "unsupported-element",
        "IAM User Guide, \"AWS JSON policy elements: NotPrincipal\" (not in trust policies, SCPs or RCPs); Organizations User Guide, \"RCP syntax\" (no `NotAction`)",
    ),
    rule(
        "resource-in-trust-policy",
        "IAM User Guide, \"IAM JSON policy elements: Resource\" (a role trust policy has no `Resource`: the role is the resource)",
    ),
    rule(
        "invalid-version",
        "IAM User Guide, \"IAM JSON policy elements: Version\" (IAM supports `2012-10-17` and `2008-10-17`); Organizations User Guide, \"SCP syntax\" and \"RCP syntax\" (`2012-10-17` only)",
    ),
    rule(
        "missing-version",
        "Organizations User Guide, \"SCP syntax\" and \"RCP syntax\" (`Version` `2012-10-17`)",
    ),
    rule(
        "unknown-operator",
        "IAM User Guide, \"IAM JSON policy elements: Condition operators\" (the operators a condition may use)",
    ),
    rule(
        "not-principal-with-allow",
        "IAM User Guide, \"AWS JSON policy elements: NotPrincipal\" (\"Using it with \\\"Effect\\\":\\\"Allow\\\" is not supported\")",
    ),
    rule(
        "unknown-principal-type",
        "IAM User Guide, \"AWS JSON policy elements: Principal\" (`AWS`, `Service`, `Federated`, `CanonicalUser`)",
    ),
    rule(
        "invalid-principal",
        "IAM User Guide, \"AWS JSON policy elements: Principal\" (the forms of each principal type)",
    ),
    rule(
        "partial-wildcard-principal",
        "IAM User Guide, \"AWS JSON policy elements: Principal\" (\"You cannot use a wildcard to match part of a principal name or ARN\")",
    ),
    rule(
        "duplicate-sid",
        "IAM User Guide, \"IAM JSON policy elements: Sid\" (\"In IAM, the Sid value must be unique within a JSON policy\"); an error in IAM policies, SCPs and RCPs only",
    ),
    rule(
        "invalid-sid",
        "IAM User Guide, \"IAM JSON policy elements: Sid\" (ASCII letters and digits only in IAM)",
    ),
    rule(
        "rcp-principal-not-wildcard",
        "Organizations User Guide, \"RCP syntax\" (`Principal` must be `\"*\"`)",
    ),
    rule(
        "rcp-allow",
        "Organizations User Guide, \"RCP syntax\" (an `Allow` only as in `RCPFullAWSAccess`)",
    ),
    rule(
        "unsupported-character",
        "IAM User Guide, \"IAM and AWS STS quotas\" (tab, line feed, carriage return and U+0020 to U+00FF only)",
    ),
];

const fn rule(code: &'static str, source: &'static str) -> RefusalRule {
    RefusalRule { code, source }
}

/// The refusal rule of `code`, if AWS refuses documents with that diagnostic.
#[must_use]
pub fn rule_of(code: &str) -> Option<&'static RefusalRule> {
    REFUSALS.iter().find(|r| r.code == code)
}

/// Whether `diagnostic` makes AWS refuse the policy it is about (so that a request evaluated
/// with that policy ends in `error`).
///
/// # Examples
///
/// ```
/// use rolecall_core::diagnostic::refusal::refuses;
/// use rolecall_core::policy::{model::PolicyKind, parse_policy};
///
/// let principal = r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}"#;
/// assert!(parse_policy(principal, PolicyKind::Identity).diagnostics.iter().any(refuses));
/// let upper = r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "ARN:AWS:S3:::B"}}"#;
/// assert!(!parse_policy(upper, PolicyKind::Identity).diagnostics.iter().any(refuses));
/// ```
#[must_use]
pub fn refuses(diagnostic: &Diagnostic) -> bool {
    diagnostic.is_error() && rule_of(diagnostic.code).is_some()
}
