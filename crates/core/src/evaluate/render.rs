//! A plain-text rendering of an evaluation, for the CLI (`rolecall eval --format text`) and
//! for snapshot tests.

use std::fmt::Write as _;

use crate::evaluate::explanation::{
    Evaluation, ListTrace, PolicyTrace, StatementTrace, StepOutcome,
};
use crate::evaluate::summary::{decision_words, describe_ref, kind_label};
use crate::span::Span;

/// Renders `evaluation` as text. `source_text` gives the text of a policy (by its trace) when
/// it is known; the renderer then quotes the text at each deciding span.
#[must_use]
pub fn render_text(
    evaluation: &Evaluation,
    source_text: &dyn Fn(&PolicyTrace) -> Option<String>,
) -> String {
    let mut out = String::new();
    let e = &evaluation.explanation;
    let r = &e.request;
    let _ = writeln!(out, "decision: {}", evaluation.decision.as_str());
    if !e.summary.is_empty() {
        let _ = writeln!(out, "summary: {}", e.summary);
    }
    if r.principal.is_empty() && e.steps.is_empty() {
        return out;
    }
    let account = |a: &Option<String>| {
        a.as_deref()
            .map(|a| format!("account {a}"))
            .unwrap_or_else(|| "no account".to_owned())
    };
    let _ = writeln!(
        out,
        "request: `{}` ({}, {}) calls `{}` on `{}`",
        r.principal,
        r.principal_kind,
        account(&r.principal_account),
        r.action,
        r.resource
    );
    let _ = writeln!(
        out,
        "resource: {} ({}), {}, {} action",
        account(&r.resource_account),
        r.resource_account_source,
        if r.same_account {
            "same account"
        } else {
            "cross-account"
        },
        r.action_class
    );
    let _ = writeln!(out, "steps:");
    for (n, step) in e.steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. [{}] {:?}: {}",
            n + 1,
            outcome_word(step.outcome),
            step.rule,
            step.message
        );
    }
    if !e.kinds.is_empty() {
        let _ = writeln!(out, "by policy type:");
        for k in &e.kinds {
            let _ = writeln!(out, "  - {}", k.message);
        }
    }
    if !e.deciding.is_empty() {
        let _ = writeln!(out, "deciding statements:");
        for d in &e.deciding {
            let _ = writeln!(out, "  - {} at {}", describe_ref(d), span_text(d.span));
        }
    }
    if !e.closest.is_empty() {
        let _ = writeln!(
            out,
            "closest allow statements (the first part that did not match):"
        );
        for d in &e.closest {
            let _ = writeln!(out, "  - {} at {}", describe_ref(d), span_text(d.span));
        }
    }
    for policy in &e.policies {
        let text = source_text(policy);
        let level = policy
            .level
            .map(|l| format!(" (level {l})"))
            .unwrap_or_default();
        let _ = write!(out, "{} `{}`{level}", kind_label(policy.kind), policy.name);
        match &policy.not_applicable_reason {
            Some(why) => {
                let _ = writeln!(out, ": does not apply ({why})");
            }
            None => {
                let _ = writeln!(out, ":");
            }
        }
        for stmt in &policy.statements {
            render_statement(&mut out, stmt, text.as_deref());
        }
    }
    out
}

fn render_statement(out: &mut String, stmt: &StatementTrace, text: Option<&str>) {
    let mark = if stmt.applies { "✓" } else { "✗" };
    let effect = stmt
        .effect
        .map(|e| format!("{e:?}"))
        .unwrap_or_else(|| "no effect".to_owned());
    let _ = writeln!(
        out,
        "  {mark} statement `{}` ({effect}): {}",
        stmt.name, stmt.reason
    );
    let quote = text.and_then(|t| quote(t, stmt.deciding_span));
    match quote {
        Some(q) => {
            let _ = writeln!(out, "      at {}: {q}", span_text(stmt.deciding_span));
        }
        None => {
            let _ = writeln!(out, "      at {}", span_text(stmt.deciding_span));
        }
    }
    for (name, list) in [("Action", &stmt.action), ("Resource", &stmt.resource)] {
        if let Some(list) = list {
            render_list(out, name, list);
        }
    }
    if let Some(p) = &stmt.principal {
        let entries: Vec<String> = p
            .entries
            .iter()
            .map(|e| match &e.how {
                Some(how) => format!("`{}` ({how})", e.value),
                None => format!("`{}`", e.value),
            })
            .collect();
        let mark = if p.matched { "✓" } else { "✗" };
        let key = if p.negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        let _ = writeln!(out, "      {mark} {key}: {}", entries.join(", "));
    }
    for c in &stmt.conditions {
        let mark = if c.holds { "✓" } else { "✗" };
        let _ = writeln!(
            out,
            "      {mark} {} {}: request {:?} vs policy {:?}",
            c.operator, c.key, c.request_values, c.policy_values
        );
    }
}

/// One line for an `Action`/`Resource` element: each pattern, resolved, and whether it matched.
fn render_list(out: &mut String, name: &str, list: &ListTrace) {
    const SHOWN: usize = 5;
    let mark = if list.matched { "✓" } else { "✗" };
    let key = if list.negated {
        format!("Not{name}")
    } else {
        name.to_owned()
    };
    let mut patterns: Vec<String> = list
        .patterns
        .iter()
        .take(SHOWN)
        .map(|p| {
            let hit = if p.matched { " (matches)" } else { "" };
            match (&p.resolved, p.missing.is_empty()) {
                (_, false) => format!(
                    "`{}` (no value for {}){hit}",
                    p.pattern,
                    p.missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                (Some(resolved), true) => format!("`{}` = `{resolved}`{hit}", p.pattern),
                (None, true) => format!("`{}`{hit}", p.pattern),
            }
        })
        .collect();
    if list.patterns.len() > SHOWN {
        patterns.push(format!("{} more", list.patterns.len() - SHOWN));
    }
    let _ = writeln!(
        out,
        "      {mark} {key} `{}`: {}",
        list.value,
        patterns.join(", ")
    );
}

fn outcome_word(outcome: StepOutcome) -> &'static str {
    match outcome {
        StepOutcome::NotApplicable => "n/a",
        StepOutcome::Passed => "pass",
        StepOutcome::Allowed => "allow",
        StepOutcome::ImplicitDeny => decision_words(crate::evaluate::Decision::ImplicitDeny),
        StepOutcome::ExplicitDeny => decision_words(crate::evaluate::Decision::ExplicitDeny),
    }
}

fn span_text(span: Span) -> String {
    format!("bytes {}..{}", span.start, span.end)
}

/// The text at `span` on one line, shortened to 60 characters.
fn quote(text: &str, span: Span) -> Option<String> {
    let slice = text.get(span.start..span.end)?;
    let flat: String = slice.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = flat.chars().take(60).collect();
    Some(if short.len() < flat.len() {
        format!("`{short}…`")
    } else {
        format!("`{short}`")
    })
}
