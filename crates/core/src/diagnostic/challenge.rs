//! Constructors for the diagnostics of a scenario's `challenge` section (see
//! [`crate::scenario::challenge`]).

use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Span;

/// `unsupported-challenge-version`: a challenge section newer than this build reads.
#[must_use]
pub fn unsupported_version(span: Span, found: &str, newest: u64) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "unsupported-challenge-version",
        format!(
            "challenge format version `{found}` is not one this rolecall reads (up to `{newest}`)"
        ),
        span,
        "unknown challenge version",
    )
    .with_help(format!(
        "write `\"version\": {newest}`, or open the challenge with a newer rolecall"
    ))
}

/// `unknown-document`: a document path of the challenge names no policy document of the
/// scenario.
#[must_use]
pub fn unknown_document(span: Span, path: &str, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "unknown-document",
        format!("`{path}` names no policy document of this scenario"),
        span,
        "no such document",
    )
    .with_suggestion(
        suggestion,
        "write the document's path, such as `identities[1].trustPolicy` or `identities[0].policies[0].document`",
    )
}

/// `unknown-check-request`: a goal check names a request the scenario does not have.
#[must_use]
pub fn unknown_check_request(span: Span, name: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "unknown-check-request",
        format!("no request is named `{name}`"),
        span,
        "unknown request",
    )
    .with_help("a goal check names one of the scenario's `requests` by its `name`")
}

/// `check-without-expect`: a goal check names a request that has no `expect`.
#[must_use]
pub fn check_without_expect(span: Span, name: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "check-without-expect",
        format!("the request `{name}` has no `expect`, so the check cannot pass or fail"),
        span,
        "checked request without `expect`",
    )
    .with_help("add `\"expect\": \"allowed\"` (or `denied`, ...) to the request")
}

/// `invalid-difficulty`: a difficulty that is not one of the known levels.
#[must_use]
pub fn invalid_difficulty(span: Span, found: &str, known: &[&str]) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-difficulty",
        format!("unknown difficulty `{found}`"),
        span,
        "not a difficulty",
    )
    .with_help(format!("one of {}", super::backticked(known)))
}

/// `solution-not-editable`: the reference solution changes a document the learner may not edit.
#[must_use]
pub fn solution_not_editable(span: Span, path: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "solution-not-editable",
        format!("the solution changes `{path}`, which is not in `editable`"),
        span,
        "locked document",
    )
    .with_help(format!(
        "add `{path}` to `editable`, or solve the challenge in an editable document"
    ))
}

/// `duplicate-check-request`: two requests have the name a goal check uses.
#[must_use]
pub fn ambiguous_check_request(span: Span, name: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "ambiguous-check-request",
        format!("more than one request is named `{name}`"),
        span,
        "ambiguous request",
    )
    .with_help("give each checked request its own `name`")
}
