//! Constructors for the diagnostics found while evaluating conditions (owner: match helper).

use super::{Diagnostic, Severity};
use crate::span::Span;

/// A condition value that cannot be read as its operator's type (`NumericLessThan` with `ten`):
/// it never matches.
#[must_use]
pub fn invalid_condition_value(operator: &str, problem: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "invalid-condition-value",
        format!("invalid value for `{operator}`: {problem}"),
        span,
        "this value can never match",
    )
    .with_help(
        "AWS compares this value as the operator's type; fix the value or use another operator",
    )
}

/// A single-valued operator (no `ForAllValues:`/`ForAnyValue:`) applied to a key that has several
/// values in the request.
#[must_use]
pub fn single_valued_operator_on_multivalued_key(
    operator: &str,
    key: &str,
    span: Span,
) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "single-valued-operator-on-multivalued-key",
        format!("`{operator}` compares one value but `{key}` has several values in this request"),
        span,
        "multivalued key without a set qualifier",
    )
    .with_help(format!(
        "use `ForAnyValue:{operator}` (at least one value matches) or `ForAllValues:{operator}` (every value matches)"
    ))
}
