//! Lowering of JSON text to the policy model.
//!
//! OWNER: helper "parse" (contract: keep these public names and shapes).

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::json;
use crate::policy::model::{Policy, PolicyKind};
use crate::span::Span;

/// A policy with the diagnostics found while reading and validating it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParsedPolicy {
    /// What could be understood.
    pub policy: Policy,
    /// Everything wrong or suspicious, with spans into the text.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and validates the policy text `text` as a policy of kind `kind`.
///
/// Never fails: invalid JSON gives an empty policy and an `invalid-json` diagnostic.
#[must_use]
pub fn parse_policy(text: &str, kind: PolicyKind) -> ParsedPolicy {
    let (value, mut diagnostics) = json::parse(text);
    let policy = match value {
        Some(value) => {
            let parsed = policy_from_json(&value, kind);
            diagnostics.extend(parsed.diagnostics);
            parsed.policy
        }
        None => empty_policy(Span::new(0, text.len())),
    };
    ParsedPolicy {
        policy,
        diagnostics,
    }
}

/// Builds and validates a policy of kind `kind` from an already parsed JSON value (spans stay
/// those of the enclosing text, so a policy embedded in a scenario file points into that file).
#[must_use]
pub fn policy_from_json(value: &json::Value, kind: PolicyKind) -> ParsedPolicy {
    let _ = kind;
    ParsedPolicy {
        policy: empty_policy(value.span),
        diagnostics: Vec::new(),
    }
}

fn empty_policy(span: Span) -> Policy {
    Policy {
        version: None,
        id: None,
        statements: Vec::new(),
        variables_enabled: false,
        span,
    }
}
