//! What a request is expected to get: the decision, the step it is checked at, and how both
//! are written in the format.

use crate::evaluate::explanation::decision_or;
use crate::evaluate::summary::decision_words;
use crate::names::{Named, named_enum};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

named_enum! {
    /// The decision a request is expected to get, with its name in the format.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub enum Expectation {
        /// Allowed.
        Allowed = "allowed",
        /// Denied because nothing allows it.
        ImplicitDeny = "implicitDeny",
        /// Denied by an explicit `Deny`.
        ExplicitDeny = "explicitDeny",
        /// Denied, either way.
        Denied = "denied",
    }
}

decision_or!(
    Expectation,
    Denied,
    "The decision expected, `None` for `denied` (either way)."
);

impl Expectation {
    /// The expectation in words: `allowed`, `implicit deny`, `explicit deny`, `denied`.
    #[must_use]
    pub const fn words(self) -> &'static str {
        match self.decision() {
            Some(decision) => decision_words(decision),
            None => "denied",
        }
    }

    /// The expectation as a choice among the others: its [`Self::words`], with `denied` said
    /// to mean either way.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Denied => "denied (either way)",
            _ => self.words(),
        }
    }

    /// Whether an expectation of this decision can name the step that decides it: a denial is
    /// decided at the first step not allowed, while an allowed request is decided by every step.
    #[must_use]
    pub fn names_a_step(self) -> bool {
        self != Self::Allowed
    }
}

/// The step of a request that decides it: an assume hop or the final action.
///
/// Written `"hop N"` (1-based, the N-th entry of `assume`) or `"action"` in the format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepRef {
    /// The assume hop with this index (0-based; written 1-based).
    Hop(usize),
    /// The final action.
    Action,
}

impl StepRef {
    /// Reads `"hop N"` (N from 1) or `"action"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::model::StepRef;
    /// assert_eq!(StepRef::parse("hop 1"), Some(StepRef::Hop(0)));
    /// assert_eq!(StepRef::parse("action"), Some(StepRef::Action));
    /// assert_eq!(StepRef::parse("hop 0"), None);
    /// ```
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        if text == "action" {
            return Some(Self::Action);
        }
        let n: usize = text.strip_prefix("hop ")?.parse().ok()?;
        n.checked_sub(1).map(Self::Hop)
    }

    /// The step that holds the decision of a step with this hop index (`None`: the action).
    #[must_use]
    pub const fn of_hop(hop: Option<usize>) -> Self {
        match hop {
            Some(h) => Self::Hop(h),
            None => Self::Action,
        }
    }
}

impl std::fmt::Display for StepRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Hop(h) => write!(f, "hop {}", h + 1),
            Self::Action => f.write_str("action"),
        }
    }
}

/// Writes an optional value as its text (`"hop 1"`, `"implicitDeny at hop 1"`), for serde's
/// `serialize_with` on the answers that name a step or an expectation in words.
#[expect(
    clippy::ref_option,
    reason = "serde's serialize_with passes a reference"
)]
pub(crate) fn text_or_none<T: std::fmt::Display, S: Serializer>(
    value: &Option<T>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.collect_str(v),
        None => s.serialize_none(),
    }
}

/// What a request is expected to get: a decision and, optionally, the step that decides it.
///
/// Written `"expect": "implicitDeny"` or `"expect": {"decision": "implicitDeny", "at": "hop 1"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Expect {
    /// The expected decision.
    pub decision: Expectation,
    /// The step expected to decide (the first step that is not allowed).
    pub at: Option<StepRef>,
}

impl Expect {
    /// The expectation's name in the format (`implicitDeny`).
    #[must_use]
    pub fn name(self) -> &'static str {
        self.decision.name()
    }

    /// The expectation in words: `implicit deny`, or `implicit deny at hop 1`.
    #[must_use]
    pub fn words(self) -> String {
        match self.at {
            Some(at) => format!("{} at {at}", self.decision.words()),
            None => self.decision.words().to_owned(),
        }
    }
}

impl Expect {
    /// The choices of an expectation a front end offers, as (name in the format, label): none
    /// (name `""`), then each [`Expectation`].
    #[must_use]
    pub fn choices() -> Vec<(&'static str, &'static str)> {
        std::iter::once(("", "no expectation"))
            .chain(Expectation::ALL.iter().map(|(e, name)| (*name, e.label())))
            .collect()
    }

    /// The expectation after choosing the decision named `name` (`""`: none) in place of
    /// `current`: the deciding step stays, unless the new decision names none (`allowed`).
    #[must_use]
    pub fn choose(current: Option<Self>, name: &str) -> Option<Self> {
        Expectation::from_name(name).map(|decision| Self {
            decision,
            at: current
                .and_then(|c| c.at)
                .filter(|_| decision.names_a_step()),
        })
    }
}

impl From<Expectation> for Expect {
    fn from(decision: Expectation) -> Self {
        Self { decision, at: None }
    }
}

impl std::fmt::Display for Expect {
    /// `implicitDeny`, or `implicitDeny at hop 1`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())?;
        match self.at {
            Some(at) => write!(f, " at {at}"),
            None => Ok(()),
        }
    }
}

impl Serialize for Expect {
    /// A string without `at` (the short form), else `{"decision": ..., "at": ...}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.at {
            None => serializer.serialize_str(self.name()),
            Some(at) => {
                let mut s = serializer.serialize_struct("Expect", 2)?;
                s.serialize_field("decision", self.name())?;
                s.serialize_field("at", &at.to_string())?;
                s.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Expect {
    /// Reads back what [`Expect`]'s `Serialize` writes (the page's worker sends request views
    /// across as JSON); scenario files are read by the scenario reader, with diagnostics.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Short(Expectation),
            Long { decision: Expectation, at: String },
        }
        match Form::deserialize(deserializer)? {
            Form::Short(decision) => Ok(Self { decision, at: None }),
            Form::Long { decision, at } => StepRef::parse(&at)
                .map(|at| Self {
                    decision,
                    at: Some(at),
                })
                .ok_or_else(|| serde::de::Error::custom(format!("not a step: `{at}`"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Expectation;
    use crate::evaluate::Decision;
    use crate::names::Named;
    use crate::scenario::StepDecision;

    #[test]
    fn a_step_and_an_expectation_name_each_decision_as_the_evaluator_does() {
        for decision in [
            Decision::Allowed,
            Decision::ImplicitDeny,
            Decision::ExplicitDeny,
        ] {
            assert_eq!(StepDecision::from(decision).decision(), Some(decision));
            assert_eq!(Expectation::from(decision).decision(), Some(decision));
            assert_eq!(StepDecision::from(decision).as_str(), decision.as_str());
            assert_eq!(Expectation::from(decision).name(), decision.as_str());
        }
        assert_eq!(StepDecision::NotEvaluated.decision(), None);
        assert_eq!(Expectation::Denied.decision(), None);
    }
}
