//! What evaluating a scenario answers: the decision of a step or request, each step (an STS
//! call of a hop, or the final action) and each request's outcome.

use serde::{Deserialize, Serialize};

use crate::evaluate::Explanation;
use crate::evaluate::explanation::decision_or;
use crate::evaluate::summary::decision_words;
use crate::request::ContextEntry;
use crate::scenario::model::{Expect, Expectation, StepRef, text_or_none};
use crate::scenario::sts::StsCheck;

/// The decision of one step or request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StepDecision {
    /// Allowed.
    Allowed,
    /// Denied because nothing allows it (or STS rejects the call's parameters).
    ImplicitDeny,
    /// Denied by an explicit `Deny`.
    ExplicitDeny,
    /// Not evaluated, because an earlier step was denied.
    NotEvaluated,
}

decision_or!(
    StepDecision,
    NotEvaluated,
    "The evaluator's decision, `None` when not evaluated."
);

impl StepDecision {
    /// `allowed`, `implicitDeny`, `explicitDeny` ([`Decision::as_str`](crate::evaluate::Decision::as_str)) or `notEvaluated`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self.decision() {
            Some(decision) => decision.as_str(),
            None => "notEvaluated",
        }
    }

    /// The decision in words: `allowed`, `implicit deny`, `explicit deny`, `not evaluated`.
    #[must_use]
    pub const fn words(self) -> &'static str {
        match self.decision() {
            Some(decision) => decision_words(decision),
            None => "not evaluated",
        }
    }

    /// The decision as a short badge, for lists: `allow`, `deny` (implicit), `DENY` (explicit)
    /// or `—` (not evaluated); [`Self::words`] says it in full.
    #[must_use]
    pub const fn badge(self) -> &'static str {
        match self {
            Self::Allowed => "allow",
            Self::ImplicitDeny => "deny",
            Self::ExplicitDeny => "DENY",
            Self::NotEvaluated => "—",
        }
    }

    /// Whether the decision `expect` holds for this decision.
    #[must_use]
    pub fn satisfies(self, expect: Expectation) -> bool {
        match expect.decision() {
            Some(expected) => self.decision() == Some(expected),
            None => matches!(self, Self::ImplicitDeny | Self::ExplicitDeny),
        }
    }
}

/// One authorization: an STS call of a hop, or the final action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// The action: `sts:AssumeRole`, `sts:TagSession`, ..., or the request's action.
    pub call: String,
    /// Who calls (a user, root or session ARN, a service, a provider, `anonymous`).
    pub principal: String,
    /// The resource (the role ARN for a hop).
    pub resource: String,
    /// The index of the assume hop, or `None` for the final action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hop: Option<usize>,
    /// The decision.
    pub decision: StepDecision,
    /// One sentence saying why.
    pub summary: String,
    /// The STS parameter rules checked for this call.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<StsCheck>,
    /// The request context, every key marked `given` or `derived`.
    pub context: Vec<ContextEntry>,
    /// What the policies alone decided, before the STS parameter checks (absent when not
    /// evaluated). Differs from `decision` only when an STS check failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_decision: Option<StepDecision>,
    /// The evaluator's explanation of the policy decision (absent when not evaluated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// The outcome of one request of a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestOutcome {
    /// The request's name.
    pub name: String,
    /// The decision: that of the first step that is not allowed.
    pub decision: StepDecision,
    /// The expected decision (and deciding step), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    /// The step that decided: the first one that is not allowed (`None` when every step is
    /// allowed or there is none).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "text_or_none"
    )]
    pub decided_at: Option<StepRef>,
    /// Whether the expectation holds (`None` without `expect`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// Every step in order.
    pub steps: Vec<Step>,
}

/// The outcome of every request of a scenario (the JSON form of `rolecall eval`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScenarioOutcome {
    /// One outcome per request, in order.
    pub requests: Vec<RequestOutcome>,
}
