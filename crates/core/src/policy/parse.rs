//! Reading a policy: JSON text → spanned model → per-kind validation.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::json;
use crate::policy::model::{Policy, PolicyKind};
use crate::policy::{lower, validate};
use crate::span::Span;

/// A policy with the diagnostics found while reading and validating it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedPolicy {
    /// What could be understood.
    pub policy: Policy,
    /// Everything wrong or suspicious, with spans into the text, in order of position.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedPolicy {
    /// Whether any diagnostic is an error (AWS would reject the document, or part of it could
    /// not be understood).
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The codes of diagnostics that say something is absent or empty, which a document cut short
/// by a JSON error would produce for elements that are merely unread.
const ABSENCE_CODES: [&str; 7] = [
    "missing-statement",
    "missing-effect",
    "missing-action",
    "missing-resource",
    "principal-required",
    "empty-array",
    "empty-condition",
];

/// Parses and validates the policy text `text` as a policy of kind `kind`.
///
/// Never fails: text that is not JSON gives a policy with no statement and an `invalid-json`
/// diagnostic; a JSON slip that the reader can step over (a trailing comma, a comment) is
/// reported and the policy is read anyway.
///
/// # Examples
///
/// ```
/// use rolecall_core::policy::{parse_policy, model::PolicyKind};
///
/// let text = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*",}}"#;
/// let parsed = parse_policy(text, PolicyKind::Identity);
/// assert_eq!(parsed.policy.statements.len(), 1);
/// let codes: Vec<_> = parsed.diagnostics.iter().map(|d| d.code).collect();
/// assert_eq!(codes, ["trailing-comma"]);
/// ```
#[must_use]
pub fn parse_policy(text: &str, kind: PolicyKind) -> ParsedPolicy {
    let json::Parsed {
        value,
        mut diagnostics,
        complete,
    } = json::parse_document(text);
    let policy = match value {
        Some(value) => {
            let parsed = lower_and_validate(value, kind);
            // Elements after the break were never read: do not call them missing.
            diagnostics.extend(
                parsed
                    .diagnostics
                    .into_iter()
                    .filter(|d| complete || !ABSENCE_CODES.contains(&d.code)),
            );
            parsed.policy
        }
        None => Policy::empty(Span::new(0, text.len())),
    };
    validate::text::check(text, kind, &mut diagnostics);
    diagnostics.sort_by_key(|d| d.span().start);
    ParsedPolicy {
        policy,
        diagnostics,
    }
}

/// Builds and validates a policy of kind `kind` from an already parsed JSON value (spans stay
/// those of the enclosing text, so a policy embedded in a scenario file points into that file).
#[must_use]
pub fn policy_from_json(value: &json::Value, kind: PolicyKind) -> ParsedPolicy {
    lower_and_validate(value.clone(), kind)
}

/// Lowers the owned `value` (its strings move into the model) and validates the policy.
fn lower_and_validate(value: json::Value, kind: PolicyKind) -> ParsedPolicy {
    let mut diagnostics = Vec::new();
    let policy = lower::policy(value, &mut diagnostics);
    validate::validate(&policy, kind, &mut diagnostics);
    diagnostics.sort_by_key(|d| d.span().start);
    ParsedPolicy {
        policy,
        diagnostics,
    }
}

/// Every diagnostic for the policy text `text` of kind `kind`, in order of position.
///
/// This is the linter's entry point: `rolecall lint` and the editor call it. Checks that need
/// more than the policy itself (the AWS action catalog, for instance) are added by their
/// modules on top of this list.
#[must_use]
pub fn lint(text: &str, kind: PolicyKind) -> Vec<Diagnostic> {
    parse_policy(text, kind).diagnostics
}
