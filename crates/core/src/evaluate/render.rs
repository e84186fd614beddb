//! A plain-text rendering of an evaluation, for the CLI (`rolecall eval --format text`) and
//! for snapshot tests: the decision, the summary, then the explanation's display lines
//! ([`super::lines`]), which the web page shows too.

use std::fmt::Write as _;

use crate::evaluate::explanation::{Evaluation, PolicyTrace};
use crate::evaluate::lines::{explanation_lines, lines_text};

/// Renders `evaluation` as text. `source_text` gives the text of a policy (by its trace) when
/// it is known; the renderer then quotes the text at each deciding span.
#[must_use]
pub fn render_text(
    evaluation: &Evaluation,
    source_text: &dyn Fn(&PolicyTrace) -> Option<String>,
) -> String {
    let mut out = String::new();
    let e = &evaluation.explanation;
    let _ = writeln!(out, "decision: {}", evaluation.decision.as_str());
    if !e.summary.is_empty() {
        let _ = writeln!(out, "summary: {}", e.summary);
    }
    out.push_str(&lines_text(&explanation_lines(e, source_text), 0));
    out
}
