//! Constructors for the diagnostics of scenario files (format, references and values).
//!
//! Each function makes one kind of diagnostic with a stable code. Policy documents inside a
//! scenario are checked by the policy parser; its diagnostics are shifted into the file.

use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Span;

/// The scenario's top level is not a JSON object.
#[must_use]
pub fn not_an_object(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "scenario-not-object",
        "a scenario must be a JSON object",
        span,
        "expected `{`",
    )
    .with_help("start from an example: `{\"rolecall\": 1, \"identities\": [], \"requests\": []}`")
}

/// The `rolecall` version member is missing.
#[must_use]
pub fn missing_version(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "missing-version",
        "missing scenario format version `rolecall`",
        span,
        "this object has no `rolecall` member",
    )
    .with_help("add `\"rolecall\": 1` as the first member")
}

/// The `rolecall` version is not a positive integer.
#[must_use]
pub fn invalid_version(span: Span, found: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-version",
        format!("invalid scenario format version `{found}`"),
        span,
        "expected a positive integer such as `1`",
    )
}

/// The `rolecall` version is newer than this build understands.
#[must_use]
pub fn unsupported_version(span: Span, version: u64, newest: u64) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "unsupported-version",
        format!("scenario format version `{version}` is newer than this rolecall understands (up to `{newest}`)"),
        span,
        "unknown version",
    )
    .with_help("open the scenario with a newer rolecall")
}

/// A member that the format does not define.
#[must_use]
pub fn unknown_field(span: Span, field: &str, place: &str, known: &[&str]) -> Diagnostic {
    let suggestion = known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(field) || close(k, field));
    Diagnostic::new(
        Severity::Error,
        "unknown-field",
        format!("unknown field `{field}` in {place}"),
        span,
        "not part of the scenario format",
    )
    .with_suggestion(
        suggestion.copied(),
        format!("known fields: {}", super::backticked(known)),
    )
}

/// A required member is missing.
#[must_use]
pub fn missing_field(span: Span, field: &str, place: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "missing-field",
        format!("missing field `{field}` in {place}"),
        span,
        format!("add `{field}` here"),
    )
}

/// A value of the wrong JSON type.
#[must_use]
pub fn wrong_type(span: Span, field: &str, expected: &str, found: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "wrong-type",
        format!("`{field}` must be {expected}, found {found}"),
        span,
        format!("expected {expected}"),
    )
}

/// A reference (principal, assumed role, group) to an identity the scenario does not define.
#[must_use]
pub fn dangling_reference(span: Span, arn: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "dangling-reference",
        format!("{what} `{arn}` is not defined in `identities`"),
        span,
        "unknown identity",
    )
    .with_help(format!(
        "add an entry `{{\"arn\": \"{arn}\", ...}}` to `identities`, or fix the ARN"
    ))
}

/// An identity ARN that is not an IAM user, group or role.
#[must_use]
pub fn invalid_identity_arn(span: Span, arn: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-identity-arn",
        format!("`{arn}` is not an IAM user, group or role ARN"),
        span,
        "expected `arn:aws:iam::ACCOUNT:user/NAME`, `...:group/NAME` or `...:role/NAME`",
    )
}

/// Two identities with the same ARN.
#[must_use]
pub fn duplicate_identity(span: Span, arn: &str, first: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "duplicate-identity",
        format!("identity `{arn}` is defined twice"),
        span,
        "second definition",
    )
    .with_label(first, "first definition")
}

/// A field that only makes sense for another kind of identity (a trust policy on a user...).
#[must_use]
pub fn field_not_for_identity(span: Span, field: &str, kind: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "field-not-for-identity",
        format!("`{field}` does not apply to an IAM {kind}"),
        span,
        format!("not allowed on a {kind}"),
    )
}

/// A role without a trust policy: every role has one, and nobody could assume it without.
#[must_use]
pub fn missing_trust_policy(span: Span, arn: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "missing-trust-policy",
        format!("role `{arn}` has no `trustPolicy`"),
        span,
        "every IAM role has a trust policy",
    )
    .with_help("add `\"trustPolicy\": {...}`; without it nobody can assume the role")
}

/// An `expect` value that is not a decision.
#[must_use]
pub fn invalid_expect(span: Span, found: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-expect",
        format!("unknown expected decision `{found}`"),
        span,
        "expected `allowed`, `implicitDeny`, `explicitDeny` or `denied`",
    )
}

/// An `expect.at` that names no step of its request (or is given with `allowed`).
#[must_use]
pub fn invalid_expect_at(span: Span, found: &str, problem: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-expect-at",
        format!("`at` is `{found}`, which names no deciding step of this request"),
        span,
        problem,
    )
}

/// A request `action` that is not `service:Name`.
#[must_use]
pub fn invalid_action(span: Span, found: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-action",
        format!("`{found}` is not an action"),
        span,
        "expected `service:Name`",
    )
    .with_help("write the action as IAM names it, such as `s3:GetObject` or `sts:AssumeRole`")
}

/// A request `resource` that is the empty string.
#[must_use]
pub fn empty_resource(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "empty-resource",
        "the request's resource is empty",
        span,
        "expected an ARN or `*`",
    )
    .with_help("name the resource the action is called on, such as `arn:aws:s3:::bucket/key`, or use `*`, or leave `resource` out")
}

/// A `now` that is not an RFC 3339 UTC time.
#[must_use]
pub fn invalid_time(span: Span, found: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-time",
        format!("invalid time `{found}`"),
        span,
        "expected a UTC time such as `2026-11-22T12:00:00Z`",
    )
}

/// A number that is not a non-negative integer in range.
#[must_use]
pub fn invalid_number(span: Span, field: &str, found: &str, range: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-number",
        format!("`{field}` must be an integer {range}, found `{found}`"),
        span,
        format!("expected an integer {range}"),
    )
}

/// An account id that is not 12 digits.
#[must_use]
pub fn invalid_account(span: Span, found: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-account",
        format!("`{found}` is not an AWS account id"),
        span,
        "expected 12 digits",
    )
}

/// A principal object that is neither a service nor a federated principal.
#[must_use]
pub fn invalid_principal(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-principal",
        "a principal object needs `service` or `federated`",
        span,
        "unknown principal form",
    )
    .with_help(
        "use an ARN, `\"anonymous\"`, `{\"service\": ...}`, `{\"federated\": ..., \"claims\": {...}}` or `{\"federated\": ..., \"saml\": {...}}`",
    )
}

/// An SCP or RCP attached to a target that no account path mentions.
#[must_use]
pub fn unknown_org_target(span: Span, target: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "unknown-org-target",
        format!(
            "target `{target}` is not the root, an OU or an account of `organization.accounts`"
        ),
        span,
        "this policy applies to nothing",
    )
}

fn close(known: &str, field: &str) -> bool {
    let (a, b) = (known.to_ascii_lowercase(), field.to_ascii_lowercase());
    a.len().abs_diff(b.len()) <= 2 && strsim::levenshtein(&a, &b) <= 2
}

/// `invalid-managed-policies`: a managed-policy data file could not be read.
#[must_use]
pub fn invalid_managed_policies(reason: &str, offset: usize, len: usize) -> Diagnostic {
    super::unreadable_data(
        "invalid-managed-policies",
        format!("invalid managed-policy data: {reason}"),
        offset,
        len,
        "the data with `cargo xtask managed-policies`",
    )
}

/// `unknown-managed-policy`: a policy reference `{"arn": ...}` names no AWS managed policy of
/// the bundled data and no customer managed policy of `managedPolicies`. `aws` says whether the
/// ARN has the form of an AWS managed policy.
#[must_use]
pub fn unknown_managed_policy(
    span: Span,
    arn: &str,
    aws: bool,
    suggestion: Option<&str>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Severity::Error,
        "unknown-managed-policy",
        if aws {
            format!("no AWS managed policy `{arn}`")
        } else {
            format!("managed policy `{arn}` is not defined in `managedPolicies`")
        },
        span,
        "unknown policy ARN",
    );
    let otherwise = if aws {
        "AWS managed policy ARNs look like `arn:aws:iam::aws:policy/ReadOnlyAccess` (some have a path: `.../policy/service-role/...`); the bundled data may predate a new policy".to_owned()
    } else {
        format!(
            "define it once at the top level: `\"managedPolicies\": [{{\"arn\": \"{arn}\", \"document\": {{...}}}}]`"
        )
    };
    d.with_suggestion(suggestion, otherwise)
}

/// `invalid-policy-arn`: a managed policy ARN that is not `arn:PARTITION:iam::ACCOUNT:policy/NAME`.
#[must_use]
pub fn invalid_policy_arn(span: Span, arn: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-policy-arn",
        format!("`{arn}` is not a managed policy ARN"),
        span,
        "expected `arn:aws:iam::ACCOUNT:policy/NAME`",
    )
    .with_help(
        "AWS managed policies have the account `aws`: `arn:aws:iam::aws:policy/ReadOnlyAccess`",
    )
}

/// `duplicate-managed-policy`: a customer managed policy defined twice.
#[must_use]
pub fn duplicate_managed_policy(span: Span, arn: &str, first: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "duplicate-managed-policy",
        format!("managed policy `{arn}` is defined twice"),
        span,
        "defined again here",
    )
    .with_label(first, "first defined here")
    .with_help("IAM has one policy per ARN: keep one definition")
}

/// `aws-managed-policy-defined`: `managedPolicies` defines a policy with an AWS-owned ARN.
#[must_use]
pub fn aws_managed_policy_defined(span: Span, arn: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "aws-managed-policy-defined",
        format!("`{arn}` is an AWS managed policy and cannot be defined in `managedPolicies`"),
        span,
        "an AWS-owned ARN",
    )
    .with_help("refer to it with `{\"arn\": ...}` and Rolecall uses AWS's document; to write your own, give it your account id: `arn:aws:iam::111111111111:policy/NAME`")
}

/// `reference-with-document`: a policy entry with both `arn` and `name`/`document`.
#[must_use]
pub fn reference_with_document(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "reference-with-document",
        "a policy entry is either a reference `{\"arn\": ...}` or a `name` with a `document`, not both",
        span,
        "`arn` here",
    )
    .with_help("keep `arn` to attach a managed policy, or remove it for an inline policy")
}

/// `managed-policy-loading`: an AWS managed policy whose document the page has not fetched yet.
#[must_use]
pub fn managed_policy_loading(span: Span, arn: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Info,
        "managed-policy-loading",
        format!(
            "AWS managed policy `{arn}` is loading: requests are evaluated again when it arrives"
        ),
        span,
        "loading",
    )
}

/// `invalid-oidc-provider-arn`: an `oidcProviders` entry whose ARN is not an IAM OIDC provider.
#[must_use]
pub fn invalid_oidc_provider_arn(span: Span, arn: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-oidc-provider-arn",
        format!("`{arn}` is not an IAM OIDC provider ARN"),
        span,
        "expected `arn:aws:iam::ACCOUNT:oidc-provider/HOST`",
    )
    .with_help("for GitHub Actions: `arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com`")
}

/// `invalid-call`: an `assume` hop whose `call` is not an STS call Rolecall models, with the
/// closest call name if there is one.
#[must_use]
pub fn invalid_call(span: Span, found: &str, suggestion: Option<&str>) -> Diagnostic {
    let d = Diagnostic::new(
        Severity::Error,
        "invalid-call",
        format!("`{found}` is not an STS call of a hop"),
        span,
        "unknown call",
    );
    d.with_suggestion(
        suggestion,
        "use `AssumeRole` (the default), `GetSessionToken` or `GetFederationToken`",
    )
}

/// `field-not-for-call`: a hop field that the hop's STS call does not take (`role` on
/// `GetSessionToken`, `externalId` on `GetFederationToken`, ...).
#[must_use]
pub fn field_not_for_call(span: Span, field: &str, call: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "field-not-for-call",
        format!("`{field}` is not a parameter of `{call}`"),
        span,
        format!("not taken by {call}"),
    )
}

/// `too-many-policy-arns`: more than 10 managed session policies on one call.
#[must_use]
pub fn too_many_policy_arns(span: Span, count: usize) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "too-many-policy-arns",
        format!("{count} managed session policies; an STS call takes at most 10"),
        span,
        "more than 10 ARNs",
    )
    .with_help(
        "\"You can provide up to 10 managed policy ARNs\" (AWS STS API Reference, `PolicyArns`)",
    )
}

/// `chain-too-long`: a request with more assume hops than Rolecall follows.
#[must_use]
pub fn chain_too_long(span: Span, count: usize, max: usize) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "chain-too-long",
        format!("{count} assume hops; Rolecall follows at most {max} in one request"),
        span,
        "this hop and the rest of the request are not evaluated",
    )
    .with_help(
        "AWS documents no limit on role chaining; Rolecall stops here so that no scenario or link can ask for unbounded work",
    )
}
