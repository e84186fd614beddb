//! What the evaluator tells about a decision: serializable (camelCase) and spanned throughout.
//!
//! Every span in a [`PolicyTrace`] points into the text of that policy (see
//! [`PolicyTrace::source`]), so the web app can underline the statement, the pattern or the
//! condition that decided.

use crate::document::DocumentId;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::policy::model::{Effect, PolicyKind, PrincipalType};
use crate::span::Span;

/// The outcome of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    /// Some policy allows the request and nothing stops it.
    Allowed,
    /// No applicable `Allow` (or a guardrail without an `Allow`): denied by default.
    ImplicitDeny,
    /// A matching `Deny` statement.
    ExplicitDeny,
}

impl Decision {
    /// The name used in JSON and on the command line: `allowed`, `implicitDeny`, `explicitDeny`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::ImplicitDeny => "implicitDeny",
            Self::ExplicitDeny => "explicitDeny",
        }
    }

    /// Whether the request is allowed.
    #[must_use]
    pub const fn is_allowed(self) -> bool {
        matches!(self, Self::Allowed)
    }
}

/// Gives an enum that is a [`Decision`] plus one more state (a step's `NotEvaluated`, an
/// expectation's `Denied`) its one mapping to and from the evaluator's decision: `decision()`,
/// `None` for the extra state (documented by `$doc`), and `From<Decision>`. The enum's three
/// other variants are named as [`Decision`]'s.
macro_rules! decision_or {
    ($ty:ident, $other:ident, $doc:literal) => {
        impl $ty {
            #[doc = $doc]
            #[must_use]
            pub const fn decision(self) -> Option<$crate::evaluate::Decision> {
                match self {
                    Self::Allowed => Some($crate::evaluate::Decision::Allowed),
                    Self::ImplicitDeny => Some($crate::evaluate::Decision::ImplicitDeny),
                    Self::ExplicitDeny => Some($crate::evaluate::Decision::ExplicitDeny),
                    Self::$other => None,
                }
            }
        }

        impl From<$crate::evaluate::Decision> for $ty {
            fn from(decision: $crate::evaluate::Decision) -> Self {
                match decision {
                    $crate::evaluate::Decision::Allowed => Self::Allowed,
                    $crate::evaluate::Decision::ImplicitDeny => Self::ImplicitDeny,
                    $crate::evaluate::Decision::ExplicitDeny => Self::ExplicitDeny,
                }
            }
        }
    };
}
pub(crate) use decision_or;

/// How much the evaluator records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Detail {
    /// Only the decision: statements are checked lazily and the explanation is left empty.
    /// `rolecall simulate` without `--explain` uses this.
    DecisionOnly,
    /// The decision with its complete explanation.
    #[default]
    Full,
}

/// A decision with its explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    /// The decision.
    pub decision: Decision,
    /// Why (empty apart from the decision and summary when evaluated with
    /// [`Detail::DecisionOnly`]).
    pub explanation: Explanation,
}

/// Why a request got its decision.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// One sentence for a learner, e.g. "allowed by identity policy `Dev` statement `Read`;
    /// boundary `Cap` does not allow `s3:PutObject` → implicit deny".
    pub summary: String,
    /// What the evaluator understood of the request.
    pub request: RequestFacts,
    /// The rules of the decision procedure, in order, with what each one found.
    pub steps: Vec<Step>,
    /// The statements that decided (the matching `Deny`s, or the `Allow`s the decision rests on).
    pub deciding: Vec<StatementRef>,
    /// For an implicit deny: the `Allow` statements of the policies whose missing `Allow`
    /// denied the request, each with the span of its first part that did not match (the
    /// `Principal` of a trust statement, a `Resource`, a condition). Statements whose action
    /// matches come first. Nothing decided such a request, so this is where a learner looks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub closest: Vec<StatementRef>,
    /// What each type of policy says on its own (identity, boundary, session, each SCP and RCP
    /// level, resource-based), even those the procedure did not need to reach.
    pub kinds: Vec<KindSummary>,
    /// Every policy with every statement and what matched in it.
    pub policies: Vec<PolicyTrace>,
}

/// The request as the evaluator read it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestFacts {
    /// The principal as given.
    pub principal: String,
    /// What kind of principal it is (`User`, `AssumedRole`, `Account`, `Service`, ...).
    pub principal_kind: String,
    /// The principal's account, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_account: Option<String>,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The account that owns the resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_account: Option<String>,
    /// How the resource account was found: `given`, `arn` (from the resource ARN), or
    /// `assumed` (the principal's account, because nothing said otherwise).
    pub resource_account_source: String,
    /// Whether principal and resource are in the same account.
    pub same_account: bool,
    /// `trust` for `sts:AssumeRole*` and the other trust-policy actions, `kms` for KMS,
    /// `standard` otherwise.
    pub action_class: String,
}

/// What one type of policy says about the request, on its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KindSummary {
    /// The type.
    pub kind: PolicyKind,
    /// For SCPs and RCPs, the level (0 = root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    /// Its verdict.
    pub verdict: KindVerdict,
    /// A sentence for a learner.
    pub message: String,
    /// The matching `Allow` statements.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allows: Vec<StatementRef>,
    /// The matching `Deny` statements.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub denies: Vec<StatementRef>,
}

/// What one type of policy says on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum KindVerdict {
    /// A statement allows and none denies.
    Allows,
    /// No statement allows or denies.
    DoesNotAllow,
    /// A statement denies.
    Denies,
    /// These policies do not apply to the request.
    NotApplicable,
}

/// One rule of the decision procedure and what it found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// Which rule.
    pub rule: Rule,
    /// What it did.
    pub outcome: StepOutcome,
    /// A sentence saying why.
    pub message: String,
    /// The statements this step rests on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<StatementRef>,
}

/// The rules of the decision procedure (see the module docs of [`crate::evaluate`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Rule {
    /// An STS call that no policy controls: `sts:GetCallerIdentity`, and `sts:GetSessionToken`
    /// by an IAM user or the root user (which role and federated sessions cannot call).
    NotControlledByPolicies,
    /// The root user cannot assume roles.
    RootCannotAssumeRole,
    /// A matching `Deny` anywhere.
    ExplicitDeny,
    /// Every SCP level of the principal's account must allow.
    ServiceControlPolicies,
    /// Every RCP level of the resource's account must allow.
    ResourceControlPolicies,
    /// The VPC endpoint policy, when the request goes through an endpoint, must allow.
    VpcEndpointPolicy,
    /// Trust policies and KMS key policies must allow the principal themselves.
    RequiredResourcePolicy,
    /// What the resource-based policy grants on its own.
    ResourcePolicy,
    /// The identity-based policies must allow.
    IdentityPolicies,
    /// The permissions boundary must allow.
    PermissionsBoundary,
    /// The session policy must allow.
    SessionPolicy,
    /// Across accounts the resource-based policy must allow too.
    CrossAccount,
}

/// What a step did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StepOutcome {
    /// The rule does not apply to this request.
    NotApplicable,
    /// The rule holds; evaluation goes on.
    Passed,
    /// The rule allows the request (a final allow).
    Allowed,
    /// The rule denies by default.
    ImplicitDeny,
    /// The rule denies explicitly.
    ExplicitDeny,
}

/// A pointer to one statement of one policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementRef {
    /// The policy's name.
    pub policy: String,
    /// The kind the policy plays.
    pub kind: PolicyKind,
    /// For SCPs and RCPs, the level (0 = root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    /// The policy's document, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<DocumentId>,
    /// The statement's position in the policy, from 0.
    pub index: usize,
    /// The statement's Sid, or `#N` (1-based) when it has none.
    pub name: String,
    /// The statement's effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect: Option<Effect>,
    /// The span of the statement in the policy text.
    pub span: Span,
}

/// What a resource-based (or trust, or key) policy grants, by the way it names the principal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum GrantKind {
    /// The whole account (`"123456789012"` or `:root`): the identity side must allow too.
    Account,
    /// The role of the calling session: the boundary and session policy still limit it.
    Role,
    /// `"*"` (or `{"AWS": "*"}`) for a role, a role session or a federated user: it names no
    /// session, so the session policy still limits it (the boundary does not).
    Anyone,
    /// The principal itself (user ARN, session ARN, service, provider, or `*`).
    Principal,
}

/// One policy and everything the evaluator found in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTrace {
    /// The name.
    pub name: String,
    /// The part it plays.
    pub kind: PolicyKind,
    /// For SCPs and RCPs, the level (0 = root).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    /// The document its spans point into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<DocumentId>,
    /// Whether this policy applies to the request (SCPs of the management account do not).
    pub applies: bool,
    /// Why not, when it does not apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_applicable_reason: Option<String>,
    /// The indexes of the matching `Allow` statements.
    pub allows: Vec<usize>,
    /// The indexes of the matching `Deny` statements.
    pub denies: Vec<usize>,
    /// For resource-based policies: the strongest grant of a matching `Allow`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grant: Option<GrantKind>,
    /// Every statement.
    pub statements: Vec<StatementTrace>,
}

/// One statement: what matched and what did not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementTrace {
    /// The position in the policy, from 0.
    pub index: usize,
    /// The Sid or `#N`.
    pub name: String,
    /// The statement's span.
    pub span: Span,
    /// The effect, if valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect: Option<Effect>,
    /// Whether the statement applies to the request (every element and condition matched).
    pub applies: bool,
    /// The span that decided: the statement when it applies, else the first part that failed.
    pub deciding_span: Span,
    /// Why it applies or not.
    pub reason: String,
    /// `Action` / `NotAction`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ListTrace>,
    /// `Resource` / `NotResource`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ListTrace>,
    /// `Principal` / `NotPrincipal` (resource-based, trust and RCP policies only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<PrincipalTrace>,
    /// Each condition (operator and key), in document order.
    pub conditions: Vec<ConditionTrace>,
}

/// An `Action`/`Resource` element (or its `Not` form) against the request's value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTrace {
    /// Whether this is the `Not...` form.
    pub negated: bool,
    /// Whether the element matches the request (after applying `Not`).
    pub matched: bool,
    /// The request's value.
    pub value: String,
    /// Each pattern and whether it matched.
    pub patterns: Vec<PatternTrace>,
    /// The span that decided: the matching pattern, or the element's key.
    pub span: Span,
}

/// One pattern of a list element.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatternTrace {
    /// The pattern as written.
    pub pattern: String,
    /// The pattern after substituting policy variables, when it had any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// Variables that had no value (the pattern then matches nothing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// Whether the pattern matches the request's value.
    pub matched: bool,
    /// How AWS's matcher reads an entry that is not well formed (an upper-case `ARN:`, a
    /// malformed action string, a short ARN ending in `*`), e.g. that it can never match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where it is written.
    pub span: Span,
}

/// A `Principal`/`NotPrincipal` element against the caller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalTrace {
    /// Whether this is `NotPrincipal`.
    pub negated: bool,
    /// Whether the element matches the caller (after applying `Not`).
    pub matched: bool,
    /// What a match grants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grant: Option<GrantKind>,
    /// Each entry and whether (and how) it matched.
    pub entries: Vec<PrincipalEntryTrace>,
    /// The span that decided.
    pub span: Span,
}

/// One value of a principal element.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalEntryTrace {
    /// `AWS`, `Service`, ... (`None` for the bare `"*"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<PrincipalType>,
    /// The value as written.
    pub value: String,
    /// How it matched the caller, if it did (`wildcard`, `account`, `exactUser`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub how: Option<String>,
    /// Where it is written.
    pub span: Span,
}

/// One condition against the request context.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionTrace {
    /// The operator as written.
    pub operator: String,
    /// The key as written.
    pub key: String,
    /// Whether it holds.
    pub holds: bool,
    /// Whether the key is in the request context.
    pub key_present: bool,
    /// The request's values for the key.
    pub request_values: Vec<String>,
    /// The policy's values, variables substituted.
    pub policy_values: Vec<String>,
    /// Why it holds or not.
    pub reason: String,
    /// The span of the condition (the operator through the values).
    pub span: Span,
    /// Problems with the condition's values (a value that cannot be read as the operator's
    /// type never matches, and says so here).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}
