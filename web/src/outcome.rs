//! What the page shows after an evaluation: decisions, steps, explanation lines and diagnostics,
//! already turned into display data by `engine.rs`. Components only read these types.

use std::collections::BTreeMap;
use std::rc::Rc;

use rolecall_core::{Severity, Span};

use crate::docref::DocRef;
use rolecall_core::scenario::Scenario;

/// A decision as displayed: the three outcomes of the core plus "not evaluated" for the steps
/// after the first one that was not allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The step is allowed.
    Allowed,
    /// No statement allows it.
    ImplicitDeny,
    /// A statement denies it.
    ExplicitDeny,
    /// An earlier step was not allowed, so this one never happens.
    NotEvaluated,
}

impl Verdict {
    /// The value of `data-decision` (the core's camelCase names).
    #[must_use]
    pub const fn attr(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::ImplicitDeny => "implicitDeny",
            Self::ExplicitDeny => "explicitDeny",
            Self::NotEvaluated => "notEvaluated",
        }
    }

    /// The words shown next to the colour.
    #[must_use]
    pub const fn words(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::ImplicitDeny => "implicit deny",
            Self::ExplicitDeny => "explicit deny",
            Self::NotEvaluated => "not evaluated",
        }
    }
}

/// A diagnostic placed in a document (or in the scenario as a whole when `doc` is `None`).
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// How serious.
    pub severity: Severity,
    /// The stable code.
    pub code: String,
    /// The message.
    pub message: String,
    /// A hint.
    pub help: Option<String>,
    /// The document it is about.
    pub doc: Option<DocRef>,
    /// The byte span in that document's text.
    pub span: Option<Span>,
}

/// One line of an explanation; clicking it highlights `span` in `doc`.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The text.
    pub text: String,
    /// The document it points into.
    pub doc: Option<DocRef>,
    /// The byte span in that document.
    pub span: Option<Span>,
    /// Whether this line is (part of) what decided the step.
    pub deciding: bool,
    /// Nesting depth, for indentation.
    pub depth: u8,
}

/// One step of a request: an assume-role call or the final action.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// `sts:AssumeRole`, `s3:PutObject`, ...
    pub call: String,
    /// Who makes the call.
    pub principal: String,
    /// On what.
    pub resource: String,
    /// The decision.
    pub verdict: Verdict,
    /// One plain-language sentence.
    pub summary: String,
    /// The detailed explanation.
    pub lines: Vec<Line>,
}

/// The result of one request of the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestResult {
    /// The decision for the whole request, when it could be evaluated.
    pub verdict: Option<Verdict>,
    /// The expected decision in words (with the deciding step, if named), if the request says.
    pub expect: Option<String>,
    /// Whether the expectation holds, as the core says (`None` without one).
    pub passed: Option<bool>,
    /// The steps, principal → role → … → action.
    pub steps: Vec<Step>,
    /// Why there is no decision, when there is none.
    pub note: Option<String>,
}

/// Everything computed from one version of the scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// The scenario this was computed from (editors compare texts before drawing spans).
    pub scenario: Rc<Scenario>,
    /// The revision of the state this was computed from.
    pub revision: u64,
    /// Diagnostics, per document and for the scenario.
    pub findings: Vec<Finding>,
    /// One result per request, in order.
    pub requests: Vec<RequestResult>,
    /// Per request, the context keys the core derived (key, value), shown read-only.
    pub derived: Vec<Vec<(String, String)>>,
}

impl Outcome {
    /// The findings about `doc`.
    pub fn findings_for(&self, doc: DocRef) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.doc == Some(doc))
    }

    /// The number of errors and warnings per document.
    #[must_use]
    pub fn counts(&self) -> BTreeMap<DocRef, (usize, usize)> {
        let mut counts = BTreeMap::new();
        for f in &self.findings {
            if let Some(doc) = f.doc {
                let entry: &mut (usize, usize) = counts.entry(doc).or_default();
                match f.severity {
                    Severity::Error => entry.0 += 1,
                    Severity::Warning | Severity::Info => entry.1 += 1,
                }
            }
        }
        counts
    }

    /// "N of M expectations met": (met, total).
    #[must_use]
    pub fn expectations(&self) -> (usize, usize) {
        let total = self.requests.iter().filter(|r| r.expect.is_some()).count();
        let met = self
            .requests
            .iter()
            .filter(|r| r.passed == Some(true))
            .count();
        (met, total)
    }
}
