//! The text of a challenge report, as `rolecall challenge check` prints it.

use std::fmt::Write as _;

use crate::names::Named;
use crate::scenario::challenge::{Challenge, ChallengeReport, CheckResult};

/// The mark of a check: `✓` or `✗`.
#[must_use]
pub const fn mark(check: &CheckResult) -> &'static str {
    if check.passed { "✓" } else { "✗" }
}

/// The one-line status: `solved: 3 of 3 checks pass` or `not yet: 1 of 3 checks pass, 1 locked
/// document changed`.
#[must_use]
pub fn status(report: &ChallengeReport) -> String {
    let checks = format!("{} of {} checks pass", report.passed, report.total);
    if report.solved {
        return format!("solved: {checks}");
    }
    match report.locked_edits.len() {
        0 => format!("not yet: {checks}"),
        1 => format!("not yet: {checks}, 1 locked part changed"),
        n => format!("not yet: {checks}, {n} locked parts changed"),
    }
}

/// The label of a check: its request's name, and `(must stay)` for a "must stay" check.
#[must_use]
pub fn label(check: &CheckResult) -> String {
    if check.stays {
        format!("{} (must stay)", check.request)
    } else {
        check.request.clone()
    }
}

/// The whole report as text: the challenge's title line and goal, each check with its mark and
/// explanation, the locked edits, and the status line.
#[must_use]
pub fn render_report(title: &str, challenge: &Challenge, report: &ChallengeReport) -> String {
    let mut out = String::new();
    let mut about: Vec<&str> = Vec::new();
    if let Some(c) = &challenge.category {
        about.push(c);
    }
    if let Some(d) = challenge.difficulty {
        about.push(d.name());
    }
    if about.is_empty() {
        let _ = writeln!(out, "challenge: {title}");
    } else {
        let _ = writeln!(out, "challenge: {title} ({})", about.join(", "));
    }
    let _ = writeln!(out, "goal: {}", challenge.goal);
    for c in &report.checks {
        match &c.says {
            Some(says) => {
                let _ = writeln!(out, "{} {}: {says}", mark(c), label(c));
            }
            None => {
                let _ = writeln!(out, "{} {}", mark(c), label(c));
            }
        }
        let _ = writeln!(out, "    {}", c.explanation);
    }
    for edit in &report.locked_edits {
        let _ = writeln!(out, "✗ locked: {}", edit.message);
    }
    let _ = writeln!(out, "{}", status(report));
    out
}
