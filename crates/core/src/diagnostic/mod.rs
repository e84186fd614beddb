//! The one diagnostic type shared by every part of Rolecall.
//!
//! Style (as in cedar-policy and oxc): messages are lowercase with no final period, user input
//! appears in backticks, and every diagnostic carries at least one labelled span. Each kind of
//! diagnostic has one constructor function, grouped by area in the submodules, and a stable
//! kebab-case `code` that tests, the CLI and the web app may rely on.

use serde::{Deserialize, Deserializer, Serialize};

use crate::kind::PolicyKind;
use crate::span::Span;

pub mod catalog;
pub mod challenge;
pub mod condition;
pub mod json;
pub mod policy;
pub mod principal;
pub mod refusal;
pub mod render;
pub mod scenario;
pub mod security;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document is not valid: AWS refuses to store or run it. For policy diagnostics these
    /// are exactly the codes of [`refusal::REFUSALS`]; a request evaluated with such a policy
    /// ends in `error`.
    Error,
    /// AWS accepts the document, but it probably does not do what the author meant, or is
    /// unsafe, or an entry of it can never match (AWS's matcher reads it as matching nothing).
    /// Shown beside the decision; the request is evaluated.
    Warning,
    /// A remark that helps a learner.
    Info,
}

/// A span of the source with a short message about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What about it (may be empty).
    pub message: String,
}

/// A problem found in the user's input, with its location.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable kebab-case code such as `invalid-json` or `missing-effect`.
    pub code: &'static str,
    /// A lowercase message with no final period; user input in backticks.
    pub message: String,
    /// The places it is about; the first is the primary one.
    pub labels: Vec<Label>,
    /// A hint on how to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl<'de> Deserialize<'de> for Diagnostic {
    /// Reads back what `Serialize` writes (the page evaluates in a worker and sends the
    /// display-ready values across as JSON).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Written {
            severity: Severity,
            code: String,
            message: String,
            labels: Vec<Label>,
            #[serde(default)]
            help: Option<String>,
        }
        let written = Written::deserialize(deserializer)?;
        Ok(Self {
            severity: written.severity,
            code: read_code(written.code).map_err(serde::de::Error::custom)?,
            message: written.message,
            labels: written.labels,
            help: written.help,
        })
    }
}

/// The most distinct codes [`read_code`] keeps: the core has a few hundred.
const MAX_CODES: usize = 1024;

/// Why a diagnostic's code could not be read back ([`read_code`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
enum CodeError {
    /// A thread panicked while holding the table of codes.
    #[error("the diagnostic code table is unusable")]
    Unusable,
    /// A code longer than any the core has, or one more once [`MAX_CODES`] are kept.
    #[error("unexpected diagnostic code `{code}`")]
    Unexpected {
        /// The code as written.
        code: String,
    },
}

/// Keeps a diagnostic's code read back from its serialized form. Codes are a small closed set,
/// so each distinct code is kept once for the life of the program, and at most [`MAX_CODES`].
fn read_code(code: String) -> Result<&'static str, CodeError> {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    static CODES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut codes = CODES.lock().map_err(|_| CodeError::Unusable)?;
    if let Some(&known) = codes.get(code.as_str()) {
        return Ok(known);
    }
    if codes.len() >= MAX_CODES || code.len() > 64 {
        return Err(CodeError::Unexpected { code });
    }
    let kept: &'static str = Box::leak(code.into_boxed_str());
    codes.insert(kept);
    Ok(kept)
}

impl Diagnostic {
    /// Makes a diagnostic with one primary label.
    #[must_use]
    pub fn new(
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            code,
            message: message.into(),
            labels: vec![Label {
                span,
                message: label.into(),
            }],
            help: None,
        }
    }

    /// Adds a help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds `did you mean `X`?` for a suggestion, else `otherwise`: the help of every
    /// "unknown name" diagnostic.
    #[must_use]
    pub fn with_suggestion(self, suggestion: Option<&str>, otherwise: impl Into<String>) -> Self {
        match did_you_mean(suggestion) {
            Some(help) => self.with_help(help),
            None => self.with_help(otherwise),
        }
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// The primary span (the first label's), or an empty span at 0 if there is none.
    #[must_use]
    pub fn span(&self) -> Span {
        self.labels.first().map(|l| l.span).unwrap_or_default()
    }

    /// Moves every label `offset` bytes to the right.
    #[must_use]
    pub fn shifted(mut self, offset: usize) -> Self {
        for label in &mut self.labels {
            label.span = label.span.shifted(offset);
        }
        self
    }

    /// Whether this is an error (as opposed to a warning or info).
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `did you mean `X`?` for a suggestion, if there is one.
pub(crate) fn did_you_mean(suggestion: Option<&str>) -> Option<String> {
    suggestion.map(|s| format!("did you mean `{s}`?"))
}

/// A bundled data file (`code`: `invalid-catalog`, `invalid-managed-policies`) that could not be
/// read: `message` at `offset` of the file's `len` bytes, with the command that regenerates it.
pub(crate) fn unreadable_data(
    code: &'static str,
    message: String,
    offset: usize,
    len: usize,
    regenerate: &str,
) -> Diagnostic {
    let start = offset.min(len);
    Diagnostic::new(
        Severity::Error,
        code,
        message,
        Span::new(start, (start + 1).min(len)),
        "here",
    )
    .with_help(format!("regenerate {regenerate}"))
}

/// `d` with `help`, if there is one.
pub(crate) fn with_optional_help(d: Diagnostic, help: Option<String>) -> Diagnostic {
    match help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

/// A human name for a policy kind, for messages.
#[must_use]
pub const fn kind_phrase(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Identity => "an identity-based policy",
        PolicyKind::Resource => "a resource-based policy",
        PolicyKind::Trust => "a role trust policy",
        PolicyKind::Scp => "a service control policy",
        PolicyKind::Rcp => "a resource control policy",
        PolicyKind::Boundary => "a permissions boundary",
        PolicyKind::Session => "a session policy",
        PolicyKind::VpcEndpoint => "a VPC endpoint policy",
    }
}

/// Names as messages write them: each in backticks, separated by `, ` ("`a`, `b`").
#[must_use]
pub fn backticked<T: std::fmt::Display>(names: impl IntoIterator<Item = T>) -> String {
    let mut out = String::new();
    for (i, name) in names.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('`');
        out.push_str(&name.to_string());
        out.push('`');
    }
    out
}
