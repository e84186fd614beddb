//! The decision procedure across all policy types, with explanations.
//!
//! [`evaluate`] takes a [`Request`] and the [`PolicySet`] that applies to it and returns the
//! [`Decision`] with its [`Explanation`]. [`decide`] returns the same decision without
//! recording anything (the fast path of `rolecall simulate`).
//!
//! # The decision procedure
//!
//! Inputs: the principal P (account A), the action X, the resource R (account B) and the
//! context C. B is `Request::resource_account`, else the account in R's ARN, else A.
//!
//! 0. **STS calls no policy controls.** `sts:GetCallerIdentity` by any caller with
//!    credentials → `allowed`, even against an explicit `Deny`. `sts:GetSessionToken` by an IAM
//!    user or the root user → `allowed` (no policy controls it); by a role session or a
//!    federated-user session → `implicitDeny` (they cannot call it).
//!    Why: "No permissions are required to perform this operation. If an administrator
//!    attaches a policy to your identity that explicitly denies access to the
//!    `sts:GetCallerIdentity` action, you can still perform this operation" (AWS STS API
//!    Reference, GetCallerIdentity); "No permissions are required for a user to get a session
//!    token ... You cannot use policies to control authentication operations" (IAM User Guide,
//!    "Permissions for GetSessionToken"); who can call which STS operation: IAM User Guide,
//!    "Compare AWS STS credentials".
//! 1. **Explicit deny.** If a `Deny` statement of any applicable policy matches (identity
//!    policies, boundary, session policy, SCPs, RCPs, the VPC endpoint policy, the
//!    resource-based policy) →
//!    `explicitDeny`.
//!    Why: "an explicit deny in any of these policies overrides the allow" (IAM User Guide,
//!    "How AWS enforcement code logic evaluates requests to allow or deny access"). A `Deny`
//!    with `NotPrincipal` applies to a caller unless it lists every identity of the caller
//!    (account, role, session), and it always applies to a caller with a permissions boundary
//!    (IAM User Guide, "AWS JSON policy elements: NotPrincipal", "Permissions boundaries for
//!    IAM entities").
//! 2. **Root cannot assume roles.** The root user calling `sts:AssumeRole*` → `implicitDeny`.
//!    Why: "You cannot assume a role as the root user" (IAM User Guide, "Methods to assume a
//!    role" / "Switch to an IAM role (AWS API)").
//! 3. **SCPs.** Unless A is the organization's management account, P is a service-linked role,
//!    or P is not an IAM principal: every level (root, each OU, the account) must have a
//!    matching `Allow` → else `implicitDeny`. An SCP never grants.
//!    Why: "SCPs don't affect users or roles in the management account", "SCPs do not affect
//!    any service-linked role", and a permission must be allowed "at every level of the
//!    hierarchy" (AWS Organizations User Guide, "Service control policies (SCPs)", "SCP
//!    evaluation").
//! 4. **RCPs.** Unless B is the management account, X's service does not support RCPs, or P is
//!    a service-linked role: every level of B's RCPs holds the AWS-managed `RCPFullAWSAccess`,
//!    which cannot be detached, so every level allows; custom RCPs can only deny (rule 1).
//!    Why: "`RCPFullAWSAccess` ... is automatically attached to the root, every OU, and every
//!    account ... You can't detach this policy" (AWS Organizations User Guide, "Resource
//!    control policies (RCPs)" and "RCP evaluation"); the supported services are listed in
//!    `facts.rs`.
//!
//!    **4a. VPC endpoint policy.** When the request goes through a VPC endpoint
//!    (`PolicySet::vpc_endpoint`), the endpoint policy must have a matching `Allow` (its
//!    `Principal` is matched like a resource-based policy's) → else `implicitDeny`. It never
//!    grants on its own; its `Deny` is rule 1.
//!    Why: "An endpoint policy does not override or replace identity-based policies or
//!    resource-based policies"; it controls "which AWS principals can use the endpoint to
//!    access an AWS service" (Amazon VPC, "Control access to VPC endpoints using endpoint
//!    policies").
//! 5. **Required resource-based policy.** For `sts:AssumeRole*` (and `sts:TagSession`,
//!    `sts:SetSourceIdentity`, `sts:SetContext`) the role's trust policy, and for KMS the key
//!    policy, must itself allow P (naming P, P's role, P's account or `*`) → else
//!    `implicitDeny`, whatever the identity policies say.
//!    Why: "IAM role trust policies and KMS key policies are exceptions to this logic, because
//!    they must explicitly allow access for principals" (IAM User Guide, "How AWS enforcement
//!    code logic evaluates requests"); "Unless the key policy explicitly allows it, you cannot
//!    use IAM policies to allow access to a KMS key" (AWS KMS Developer Guide, "Key policies
//!    in AWS KMS").
//! 6. **Resource-based policy on its own.** A caller without an AWS identity (a service, a
//!    web identity or SAML provider, anonymous) is allowed exactly when the resource-based
//!    policy names it. In the same account (A = B), if the matching `Allow` names
//!    - P's user ARN or session ARN (or a service, provider, or `*` for a caller that is not a
//!      session) → `allowed`; identity policies, boundary and session policy need not allow;
//!    - the role ARN of P's session → the boundary and session policy (rules 8, 9) must still
//!      allow, the identity policies need not; `*` for a role session or federated user → the
//!      session policy (rule 9) must still allow;
//!    - only the account → no effect on its own: the identity side must allow.
//!
//!    Across accounts the resource-based policy is never enough on its own (rule 10).
//!    Why: "Within the same account, resource-based policies that grant permissions to an IAM
//!    user ARN or to an IAM role session ARN are not limited by an implicit deny in an
//!    identity-based policy, permissions boundary or session policy; resource-based policies
//!    that grant permissions to an IAM role ARN are limited by an implicit deny in a
//!    permissions boundary or session policy" (IAM User Guide, "Policy evaluation logic",
//!    "Permissions boundaries for IAM entities"); granting to the account "delegates" to
//!    the account's IAM policies ("How to specify a principal"). A `*` principal names no
//!    session: "A resource-based policy can specify the ARN of the session as a principal. [...]
//!    The resource-based policy permissions are not limited by the session policy", while one
//!    that specifies "the ARN of the user or role" is (IAM User Guide, "Session policies"), so
//!    for a session `*` is limited by the session policy; no page says a boundary limits it
//!    (`principal.rs`, `wildcard_grant`).
//! 7. **Identity policies.** Some identity policy of P must allow X on R → else
//!    `implicitDeny`. The root user passes (full access in its account).
//! 8. **Permissions boundary.** If P has one, it must allow → else `implicitDeny`. It never
//!    grants on its own. Why: IAM User Guide, "Permissions boundaries for IAM entities".
//! 9. **Session policy.** If P's session was created with session policies (the inline
//!    `Policy` and the managed `PolicyArns` of the STS call, read together as one), they must
//!    allow → else `implicitDeny`. Why: IAM User Guide, "Session policies".
//! 10. **Cross account.** If A ≠ B, the resource-based policy must also allow P (naming P,
//!     its role, its account or `*`) → else `implicitDeny`. Why: "the principal's
//!     identity-based policy must allow the requested access to the resource in the trusting
//!     service" and the resource-based policy must specify the principal (IAM User Guide,
//!     "Cross-account policy evaluation logic").
//! 11. Otherwise → `allowed`.
//!
//! For `sts:AssumeRole*` the trust policy plays the resource-based policy and the role's
//! account is B. Evaluation never panics and is deterministic; [`decide`] and [`evaluate`]
//! always agree on the decision (a property test checks it).

use crate::request::Request;

mod decision;
pub mod explanation;
mod facts;
mod groups;
pub mod lines;
pub mod policy_set;
mod principal;
pub mod render;
mod scan;
mod statement;
pub mod summary;

pub use explanation::{
    ConditionTrace, Decision, Detail, Evaluation, Explanation, GrantKind, KindSummary, KindVerdict,
    ListTrace, PatternTrace, PolicyTrace, PrincipalEntryTrace, PrincipalTrace, RequestFacts, Rule,
    StatementRef, StatementTrace, Step, StepOutcome,
};
pub use facts::{is_kms_key, is_trust_action};
pub use lines::{Line, PolicyLink, explanation_lines, lines_text, linked_explanation_lines};
pub use policy_set::{NamedPolicy, OrgFacts, PolicySet};
pub use render::render_text;

/// Evaluates `request` against `policies` and explains the decision in full.
///
/// # Examples
///
/// ```
/// use rolecall_core::evaluate::{Decision, NamedPolicy, PolicySet, evaluate};
/// use rolecall_core::policy::parse_policy;
/// use rolecall_core::{PolicyKind, Request};
///
/// let request = Request {
///     principal: "arn:aws:iam::111111111111:user/alice".into(),
///     action: "s3:PutObject".into(),
///     resource: "arn:aws:s3:::reports/q1.csv".into(),
///     ..Request::default()
/// };
/// // No policy at all: denied by default.
/// assert_eq!(evaluate(&request, &PolicySet::new()).decision, Decision::ImplicitDeny);
///
/// let text = r#"{"Version": "2012-10-17", "Statement": [
///     {"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*"}]}"#;
/// let boundary = r#"{"Version": "2012-10-17", "Statement": [
///     {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;
/// let policies = PolicySet::new()
///     .with_policy(NamedPolicy::new("DevAccess", PolicyKind::Identity, parse_policy(text, PolicyKind::Identity).policy))
///     .with_policy(NamedPolicy::new("Cap", PolicyKind::Boundary, parse_policy(boundary, PolicyKind::Boundary).policy));
/// let evaluation = evaluate(&request, &policies);
/// assert_eq!(evaluation.decision, Decision::ImplicitDeny);
/// assert_eq!(
///     evaluation.explanation.summary,
///     "identity policy `DevAccess` statement `ReadReports` allows `s3:PutObject`; \
///      permissions boundary `Cap` does not allow `s3:PutObject` → implicit deny"
/// );
/// ```
#[must_use]
pub fn evaluate(request: &Request, policies: &PolicySet) -> Evaluation {
    evaluate_with(request, policies, Detail::Full)
}

/// Evaluates with the given level of detail (see [`Detail`]).
#[must_use]
pub fn evaluate_with(request: &Request, policies: &PolicySet, detail: Detail) -> Evaluation {
    let facts = facts::Facts::new(request, policies);
    let (decision, explanation) = decision::run(&facts, policies, detail);
    Evaluation {
        decision,
        explanation,
    }
}

/// Whether [`decide`] denies `request` whatever its context says: the principal's and the
/// resource's accounts differ (or either is unknown) and no resource-based policy applies, so
/// that rule 10 (rule 6 for a caller without an AWS identity) denies it at the latest. Not for
/// `sts:GetCallerIdentity` and `sts:GetSessionToken`, which no policy controls. A cheap
/// necessary condition for callers that ask many calls (the access graph).
#[must_use]
pub fn denied_across_accounts(request: &Request, policies: &PolicySet) -> bool {
    let action = request.action.as_str();
    if action.eq_ignore_ascii_case("sts:GetCallerIdentity")
        || action.eq_ignore_ascii_case("sts:GetSessionToken")
    {
        return false;
    }
    policies.resource.is_none() && !facts::Facts::new(request, policies).same_account
}

/// Only the decision: the fast path, which checks statements lazily and records nothing.
#[must_use]
pub fn decide(request: &Request, policies: &PolicySet) -> Decision {
    evaluate_with(request, policies, Detail::DecisionOnly).decision
}
