//! What a CI report says about each request of a scenario file (`rolecall check --format
//! junit|sarif|json`): display-ready rows whose spans point into the scenario file, so a front
//! end only has to write them in its format.
//!
//! A failing request is reported at its `expect` value, and the statements that decided it (the
//! matching `Deny`s or the `Allow`s it rests on; for an implicit deny the closest `Allow`s) at
//! their place in the file.

use serde::Serialize;

use crate::evaluate::StatementRef;
use crate::evaluate::summary::describe_ref;
use crate::scenario::evaluate::{RequestOutcome, ScenarioOutcome, Step, StepDecision};
use crate::scenario::model::{Expect, Scenario, StepRef};
use crate::span::Span;

/// At most this many deciding statements are reported per request.
const MAX_STATEMENTS: usize = 5;

/// One request of a checked scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckRow {
    /// The request's name.
    pub name: String,
    /// The decision it got.
    pub decision: StepDecision,
    /// The step that decided, when one was not allowed (`hop 1`, `action`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
    /// What it was expected to get.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    /// Whether the expectation holds (`None` without `expect`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// One sentence: `expected allowed, got implicit deny: <why>` (or just why, when it passed).
    pub message: String,
    /// The span of the request object in the file.
    pub request_span: Span,
    /// The span of the `expect` value (the request's `{` when it has none).
    pub expect_span: Span,
    /// The statements that decided, at their place in the file.
    pub statements: Vec<FileStatement>,
}

/// A statement at its place in the scenario file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileStatement {
    /// "identity policy `Dev` statement `Read`".
    pub label: String,
    /// Whether it denied (a matching `Deny`), allowed, or is the closest `Allow` of an implicit
    /// deny.
    pub role: StatementRole,
    /// Its span in the scenario file: the statement (for a closest `Allow`, its first part that
    /// did not match, e.g. its `Action`), or the whole document when the
    /// document's text does not map one to one onto the file (a string with escapes, or a
    /// managed-policy reference, where it is the `arn` value).
    pub span: Span,
}

/// What part a reported statement played.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StatementRole {
    /// A matching `Deny`.
    Denies,
    /// A matching `Allow` the decision rests on.
    Allows,
    /// The closest `Allow` of an implicit deny (it did not match).
    Closest,
}

impl StatementRole {
    /// `denies`, `allows`, `the closest allow, it did not match`.
    #[must_use]
    pub const fn words(self) -> &'static str {
        match self {
            Self::Denies => "denies",
            Self::Allows => "allows",
            Self::Closest => "the closest allow, it did not match",
        }
    }
}

/// One row per request of `scenario`, from its `outcome`.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::{evaluate_scenario, load, report::check_rows};
/// let text = r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/alice",
///   "policies": [{"name": "P", "document": {"Version": "2012-10-17", "Statement": []}}]}],
///   "resources": [], "requests": [{"name": "read", "principal": "arn:aws:iam::111111111111:user/alice",
///   "action": "s3:GetObject", "resource": "*", "expect": "allowed"}]}"#;
/// let scenario = load(text).scenario.unwrap();
/// let rows = check_rows(&scenario, &evaluate_scenario(&scenario));
/// assert_eq!(rows[0].passed, Some(false));
/// assert_eq!(&text[rows[0].expect_span.start..rows[0].expect_span.end], "\"allowed\"");
/// ```
#[must_use]
pub fn check_rows(scenario: &Scenario, outcome: &ScenarioOutcome) -> Vec<CheckRow> {
    outcome
        .requests
        .iter()
        .zip(&scenario.requests)
        .map(|(r, request)| CheckRow {
            name: r.name.clone(),
            decision: r.decision,
            decided_at: r.decided_at.map(|at| at.to_string()),
            expect: r.expect,
            passed: r.passed,
            message: message(r),
            request_span: request.span,
            expect_span: request.expect_span,
            statements: statements(scenario, r),
        })
        .collect()
}

/// The step whose decision is the request's: the one that decided, else the last.
pub(crate) fn deciding_step(r: &RequestOutcome) -> Option<&Step> {
    match r.decided_at {
        Some(at) => r
            .steps
            .iter()
            .find(|s| StepRef::of_hop(s.hop) == at)
            .or_else(|| r.steps.last()),
        None => r.steps.last(),
    }
}

fn message(r: &RequestOutcome) -> String {
    let why = deciding_step(r).map_or("", |s| s.summary.as_str());
    let got = match r.decided_at {
        Some(at) => format!("{} at {at}", r.decision.words()),
        None => r.decision.words().to_owned(),
    };
    match (r.expect, r.passed) {
        (Some(e), Some(false)) => format!("expected {}, got {got}: {why}", e.words()),
        _ => format!("{got}: {why}"),
    }
}

fn statements(scenario: &Scenario, r: &RequestOutcome) -> Vec<FileStatement> {
    let Some(explanation) = deciding_step(r).and_then(|s| s.explanation.as_ref()) else {
        return Vec::new();
    };
    let role = |s: &StatementRef| match (s.effect, r.decision) {
        (Some(crate::policy::model::Effect::Deny), _) => StatementRole::Denies,
        (_, StepDecision::ImplicitDeny) => StatementRole::Closest,
        _ => StatementRole::Allows,
    };
    let refs = if explanation.deciding.is_empty() {
        &explanation.closest
    } else {
        &explanation.deciding
    };
    refs.iter()
        .filter_map(|s| {
            let span = file_span(scenario, s)?;
            Some(FileStatement {
                label: describe_ref(s),
                role: role(s),
                span,
            })
        })
        .take(MAX_STATEMENTS)
        .collect()
}

/// Where statement `s` is in the scenario file (`None` for a document the file does not hold).
fn file_span(scenario: &Scenario, s: &StatementRef) -> Option<Span> {
    let document = s.source?.get(scenario)?;
    if document.reference.is_some() {
        return Some(document.span);
    }
    Some(document.offset.map_or(document.span, |o| s.span.shifted(o)))
}
