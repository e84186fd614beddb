//! An explanation as display lines: the one wording that `rolecall eval --format text`
//! ([`super::render_text`]) prints and the web page shows.
//!
//! Each line carries what a front end needs to draw it: its text (user input in backticks),
//! the document it points into with a span, whether it is part of what decided, and its depth.
//! The CLI indents by depth; the page indents, links the span into the editor and highlights
//! the deciding lines. Neither re-words anything.

use crate::diagnostic::backticked;
use crate::document::DocumentId;
use serde::{Deserialize, Serialize};

use crate::evaluate::explanation::{
    Explanation, ListTrace, PolicyTrace, StatementRef, StatementTrace, StepOutcome,
};
use crate::evaluate::summary::{decision_words, describe_ref, kind_label};
use crate::model::Negatable;
use crate::span::Span;

/// One line of an explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    /// The text; user input (names, ARNs, patterns) is in backticks.
    pub text: String,
    /// The document the span points into (a policy's `source`, such as
    /// `identities[0].trustPolicy` in a scenario).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<DocumentId>,
    /// The span in that document's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// Whether this line is (part of) what decided: a deciding statement, a failed STS check,
    /// or, for an implicit deny that nothing decided, the closest `Allow` statement.
    pub deciding: bool,
    /// The nesting depth, from 0.
    pub depth: u8,
    /// The AWS managed policy this line names, when it names one: the page shows that name as
    /// a link to the policy's text (AWS's document, read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<PolicyLink>,
}

/// An AWS managed policy named in a [`Line`]: its ARN, and which backtick-quoted part of the
/// line's text is its name, so that a front end links that part without reading the text.
///
/// Why only AWS managed policies: their text is in no document of the scenario (the editors
/// cannot show it), while a customer managed policy's lines already point into its definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyLink {
    /// `arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess`.
    pub arn: String,
    /// The backtick-quoted part of the text that names the policy, from 0 (the first).
    pub part: usize,
}

impl Line {
    /// A line that points nowhere.
    #[must_use]
    pub fn plain(depth: u8, text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            source: None,
            span: None,
            deciding: false,
            depth,
            names: None,
        }
    }

    /// A line that points at `span` in the document `source`.
    #[must_use]
    pub fn at(depth: u8, text: impl Into<String>, source: Option<DocumentId>, span: Span) -> Self {
        Self {
            text: text.into(),
            source,
            span: Some(span),
            deciding: false,
            depth,
            names: None,
        }
    }

    /// The same line, marked as deciding (or not).
    #[must_use]
    pub const fn deciding(mut self, deciding: bool) -> Self {
        self.deciding = deciding;
        self
    }

    /// The same line, `by` levels deeper.
    #[must_use]
    pub const fn deeper(mut self, by: u8) -> Self {
        self.depth = self.depth.saturating_add(by);
        self
    }
}

/// Writes lines as text, two spaces per depth after `indent` spaces.
#[must_use]
pub fn lines_text(lines: &[Line], indent: usize) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(&" ".repeat(indent + 2 * usize::from(line.depth)));
        out.push_str(&line.text);
        out.push('\n');
    }
    out
}

/// The word of a decision-procedure step: `n/a`, `pass`, `allow`, `implicit deny`,
/// `explicit deny`.
#[must_use]
pub const fn outcome_word(outcome: StepOutcome) -> &'static str {
    match outcome {
        StepOutcome::NotApplicable => "n/a",
        StepOutcome::Passed => "pass",
        StepOutcome::Allowed => "allow",
        StepOutcome::ImplicitDeny => decision_words(crate::evaluate::Decision::ImplicitDeny),
        StepOutcome::ExplicitDeny => decision_words(crate::evaluate::Decision::ExplicitDeny),
    }
}

/// "bytes 3..9".
#[must_use]
pub fn span_text(span: Span) -> String {
    format!("bytes {}..{}", span.start, span.end)
}

/// The lines of an explanation (everything after its decision and summary): the request as
/// the evaluator read it, each rule of the decision procedure, what each policy type says, the
/// deciding (or closest) statements, and every policy with every statement.
///
/// `source_text` gives the text of a policy when it is known; the statement lines then quote
/// the text at the part that decided.
#[must_use]
pub fn explanation_lines(
    e: &Explanation,
    source_text: &dyn Fn(&PolicyTrace) -> Option<String>,
) -> Vec<Line> {
    linked_explanation_lines(e, source_text, &|_| None)
}

/// [`explanation_lines`], where each line that names a policy whose document `aws_managed`
/// says is an AWS managed policy (its ARN) carries a [`PolicyLink`] to it.
#[must_use]
pub fn linked_explanation_lines(
    e: &Explanation,
    source_text: &dyn Fn(&PolicyTrace) -> Option<String>,
    aws_managed: &dyn Fn(DocumentId) -> Option<String>,
) -> Vec<Line> {
    let link = |source: Option<DocumentId>| {
        source.and_then(aws_managed).map(|arn| PolicyLink {
            arn,
            // The policy's name is the first quoted part of both lines that name a policy.
            part: 0,
        })
    };
    let mut out = Vec::new();
    let r = &e.request;
    if r.principal.is_empty() && e.steps.is_empty() {
        return out;
    }
    let account = |a: &Option<String>| {
        a.as_deref()
            .map_or_else(|| "no account".to_owned(), |a| format!("account {a}"))
    };
    out.push(Line::plain(
        0,
        format!(
            "request: `{}` ({}, {}) calls `{}` on `{}`",
            r.principal,
            r.principal_kind,
            account(&r.principal_account),
            r.action,
            r.resource
        ),
    ));
    out.push(Line::plain(
        0,
        format!(
            "resource: {} ({}), {}, {} action",
            account(&r.resource_account),
            r.resource_account_source,
            if r.same_account {
                "same account"
            } else {
                "cross-account"
            },
            r.action_class
        ),
    ));
    out.push(Line::plain(0, "steps:"));
    for (n, step) in e.steps.iter().enumerate() {
        out.push(Line::plain(
            1,
            format!(
                "{}. [{}] {:?}: {}",
                n + 1,
                outcome_word(step.outcome),
                step.rule,
                step.message
            ),
        ));
    }
    if !e.kinds.is_empty() {
        out.push(Line::plain(0, "by policy type:"));
        out.extend(
            e.kinds
                .iter()
                .map(|k| Line::plain(1, format!("- {}", k.message))),
        );
    }
    if !e.deciding.is_empty() {
        out.push(Line::plain(0, "deciding statements:"));
        out.extend(
            e.deciding
                .iter()
                .map(|d| ref_line(d, link(d.source)).deciding(true)),
        );
    }
    if !e.closest.is_empty() {
        out.push(Line::plain(
            0,
            "closest allow statements (the first part that did not match):",
        ));
        out.extend(
            e.closest
                .iter()
                .map(|d| ref_line(d, link(d.source)).deciding(true)),
        );
    }
    for policy in &e.policies {
        let names = link(policy.source);
        policy_lines(&mut out, e, policy, source_text(policy).as_deref(), names);
    }
    out
}

/// "- identity policy `P` statement `S` at bytes 3..9": the policy is the first quoted part.
fn ref_line(r: &StatementRef, names: Option<PolicyLink>) -> Line {
    let mut line = Line::at(
        1,
        format!("- {} at {}", describe_ref(r), span_text(r.span)),
        r.source,
        r.span,
    );
    line.names = names;
    line
}

/// The lines of one policy: its head ("identity policy `P`:", the name the first quoted
/// part), then each statement.
fn policy_lines(
    out: &mut Vec<Line>,
    e: &Explanation,
    policy: &PolicyTrace,
    text: Option<&str>,
    names: Option<PolicyLink>,
) {
    let level = policy
        .level
        .map(|l| format!(" (level {l})"))
        .unwrap_or_default();
    let head = format!("{} `{}`{level}", kind_label(policy.kind), policy.name);
    let mut head = Line::plain(
        0,
        match &policy.not_applicable_reason {
            Some(why) => format!("{head}: does not apply ({why})"),
            None => format!("{head}:"),
        },
    );
    head.names = names;
    out.push(head);
    for stmt in &policy.statements {
        let deciding =
            e.deciding.iter().chain(&e.closest).any(|r| {
                r.source == policy.source && r.index == stmt.index && r.policy == policy.name
            });
        statement_lines(out, policy.source, stmt, deciding, text);
    }
}

fn mark(yes: bool) -> &'static str {
    if yes { "✓" } else { "✗" }
}

fn statement_lines(
    out: &mut Vec<Line>,
    source: Option<DocumentId>,
    stmt: &StatementTrace,
    deciding: bool,
    text: Option<&str>,
) {
    let effect = stmt
        .effect
        .map_or_else(|| "no effect".to_owned(), |e| format!("{e:?}"));
    out.push(
        Line::at(
            1,
            format!(
                "{} statement `{}` ({effect}): {}",
                mark(stmt.applies),
                stmt.name,
                stmt.reason
            ),
            source,
            stmt.deciding_span,
        )
        .deciding(deciding),
    );
    let at = match text.and_then(|t| quote(t, stmt.deciding_span)) {
        Some(q) => format!("at {}: {q}", span_text(stmt.deciding_span)),
        None => format!("at {}", span_text(stmt.deciding_span)),
    };
    out.push(Line::at(2, at, source, stmt.deciding_span));
    for (name, list) in [("Action", &stmt.action), ("Resource", &stmt.resource)] {
        if let Some(list) = list {
            out.push(Line::at(2, list_text(name, list), source, list.span));
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
        let key = Negatable::Principal.key(p.negated);
        out.push(Line::at(
            2,
            format!("{} {key}: {}", mark(p.matched), entries.join(", ")),
            source,
            p.span,
        ));
    }
    for c in &stmt.conditions {
        out.push(Line::at(
            2,
            format!(
                "{} {} `{}`: request {:?} vs policy {:?}: {}",
                mark(c.holds),
                c.operator,
                c.key,
                c.request_values,
                c.policy_values,
                c.reason
            ),
            source,
            c.span,
        ));
    }
}

/// One line for an `Action`/`Resource` element: each pattern, resolved, and whether it matched.
fn list_text(name: &str, list: &ListTrace) -> String {
    const SHOWN: usize = 5;
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
            let text = match (&p.resolved, p.missing.is_empty()) {
                (_, false) => format!(
                    "`{}` (no value for {}){hit}",
                    p.pattern,
                    backticked(&p.missing)
                ),
                (Some(resolved), true) => format!("`{}` = `{resolved}`{hit}", p.pattern),
                (None, true) => format!("`{}`{hit}", p.pattern),
            };
            // How AWS reads an entry that is not well formed (it can never match, ...).
            match &p.note {
                Some(note) => format!("{text} ({note})"),
                None => text,
            }
        })
        .collect();
    if list.patterns.len() > SHOWN {
        patterns.push(format!("{} more", list.patterns.len() - SHOWN));
    }
    format!(
        "{} {key} `{}`: {}",
        mark(list.matched),
        list.value,
        patterns.join(", ")
    )
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
