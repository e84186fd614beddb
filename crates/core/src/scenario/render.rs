//! Plain-text rendering of a scenario's outcome (`rolecall eval --format text`) and the
//! pass/fail table of `rolecall check`.

use std::fmt::Write as _;

use crate::document::DocumentId;
use crate::evaluate::{Line, PolicyTrace, lines_text, linked_explanation_lines};
use crate::request::{ContextSource, ContextValue};
use crate::scenario::evaluate::{RequestOutcome, ScenarioOutcome, Step, StepDecision};
use crate::scenario::model::{ReferenceState, Scenario};

/// Renders every request with every step: decision, STS checks, context (derived keys marked)
/// and the evaluator's explanation.
#[must_use]
pub fn render_outcome(scenario: &Scenario, outcome: &ScenarioOutcome) -> String {
    let mut out = String::new();
    if let Some(title) = &scenario.title {
        let _ = writeln!(out, "scenario: {title}");
    }
    for (n, request) in outcome.requests.iter().enumerate() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "request {} `{}`: {}{}",
            n + 1,
            request.name,
            request.decision.as_str(),
            verdict(request)
        );
        for (i, step) in request.steps.iter().enumerate() {
            render_step(&mut out, scenario, i + 1, step);
        }
    }
    out
}

fn verdict(request: &RequestOutcome) -> String {
    let decided = request
        .decided_at
        .map(|at| format!(", decided at {at}"))
        .unwrap_or_default();
    match (request.expect, request.passed) {
        (Some(e), Some(true)) => format!(" (expected {e}: pass)"),
        (Some(e), _) if e.at.is_some() => format!(" (expected {e}: FAIL{decided})"),
        (Some(e), _) => format!(" (expected {e}: FAIL)"),
        _ => String::new(),
    }
}

fn render_step(out: &mut String, scenario: &Scenario, number: usize, step: &Step) {
    let place = step.hop.map_or_else(
        || "final action".to_owned(),
        |h| format!("assume hop {}", h + 1),
    );
    let _ = writeln!(
        out,
        "  step {number} ({place}): `{}` by `{}` on `{}`",
        step.call, step.principal, step.resource
    );
    let _ = writeln!(out, "    decision: {}", step.decision.as_str());
    let _ = writeln!(out, "    why: {}", step.summary);
    out.push_str(&lines_text(&step_lines(scenario, step), 4));
}

/// The display lines of one step below its decision and summary: the STS checks, the request
/// context (each key marked `given` or `derived`) and the policy evaluation with its
/// explanation. Empty for a step that was not evaluated. `rolecall eval --format text` prints
/// them and the web page shows them.
#[must_use]
pub fn step_lines(scenario: &Scenario, step: &Step) -> Vec<Line> {
    let mut out = Vec::new();
    if step.decision == StepDecision::NotEvaluated {
        return out;
    }
    if !step.checks.is_empty() {
        out.push(Line::plain(0, "sts checks:"));
        for c in &step.checks {
            let mark = if c.passed { "✓" } else { "✗" };
            out.push(
                Line::plain(1, format!("{mark} {}: {}", c.rule, c.message)).deciding(!c.passed),
            );
        }
    }
    out.push(Line::plain(0, "context:"));
    for entry in &step.context {
        let value = match &entry.value {
            ContextValue::Single(v) => v.clone(),
            ContextValue::Multi(v) => format!("[{}]", v.join(", ")),
        };
        let source = match entry.source {
            ContextSource::Derived => "derived",
            ContextSource::Given => "given",
        };
        out.push(Line::plain(
            1,
            format!("{} = {value} ({source})", entry.key),
        ));
    }
    if let (Some(explanation), Some(decision)) = (&step.explanation, step.policy_decision) {
        out.push(Line::plain(0, "policy evaluation:"));
        out.push(Line::plain(1, format!("decision: {}", decision.as_str())));
        if !explanation.summary.is_empty() {
            out.push(Line::plain(1, format!("summary: {}", explanation.summary)));
        }
        let source_text = |trace: &PolicyTrace| {
            trace
                .source
                .and_then(|s| s.get(scenario))
                .map(|d| d.text.clone())
        };
        // An AWS managed policy's lines link to its text, which no editor of the scenario holds.
        let aws_managed = |source: DocumentId| {
            let reference = source.get(scenario)?.reference.as_ref()?;
            matches!(reference.state, ReferenceState::Aws(_)).then(|| reference.arn.clone())
        };
        out.extend(
            linked_explanation_lines(explanation, &source_text, &aws_managed)
                .into_iter()
                .map(|l| l.deeper(1)),
        );
    }
    out
}

/// The pass/fail table of `rolecall check` for one scenario file.
#[must_use]
pub fn render_check_table(file: &str, outcome: &ScenarioOutcome) -> String {
    let mut out = String::new();
    let width = outcome
        .requests
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    for r in &outcome.requests {
        let status = match r.passed {
            Some(true) => "pass",
            Some(false) => "FAIL",
            None => "----",
        };
        let expected = r
            .expect
            .map_or_else(|| "(no expect)".to_owned(), |e| e.to_string());
        // The deciding step is shown when the expectation names one.
        let got = match (r.expect.and_then(|e| e.at), r.decided_at) {
            (Some(_), Some(at)) => format!("{} at {at}", r.decision.as_str()),
            _ => r.decision.as_str().to_owned(),
        };
        let _ = writeln!(
            out,
            "{status}  {file}  {:<width$}  expected {expected:<12} got {got}",
            r.name,
        );
    }
    out
}
