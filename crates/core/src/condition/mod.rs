//! Condition evaluation: operators, set qualifiers, `IfExists`, policy variables.
//!
//! The evaluator calls the functions re-exported here.
//!
//! One [`Condition`] is one operator applied to one key with one or more values; the evaluator
//! ANDs the conditions of a statement. [`evaluate_condition`] decides one of them and says why,
//! following these rules (each checked against the AWS IAM User Guide):
//!
//! 1. Several values for one key: OR for positive operators; for negated operators
//!    (`StringNotEquals`, `StringNotEqualsIgnoreCase`, `StringNotLike`, `NumericNotEquals`,
//!    `DateNotEquals`, `NotIpAddress`, `ArnNotEquals`, `ArnNotLike`) the key must match none of
//!    them (NOR). ("Conditions with multiple context keys or values".)
//! 2. Missing key: a positive operator is false, a negated operator is true; `...IfExists` makes
//!    any operator true; `Null` tests presence itself. ("IAM JSON policy elements: Condition
//!    operators", the "Important" note at the top: "If the key that you specify in a policy
//!    condition is not present in the request context, the values do not match and the condition
//!    is false. If the policy condition requires that the key is not matched, such as StringNotLike
//!    or ArnNotLike, and the right key is not present, the condition is true.") A key whose value
//!    is an empty list counts as missing.
//! 3. `ForAnyValue:` holds when at least one request value passes the operator's test (false for a
//!    missing or empty key); `ForAllValues:` holds when every request value passes (true for a
//!    missing or empty key). With a negated operator the test of one request value is "matches
//!    none of the policy values". ("Single-valued vs. multivalued context keys", "Set operators
//!    for multivalued context keys".)
//! 4. A single-valued operator (no qualifier) on a key with several request values: the
//!    documentation only says that multivalued keys "require a condition set operator". Rolecall
//!    compares the list as a whole, which equals no single value: positive operators do not hold,
//!    negated ones hold, and a warning diagnostic says to add a qualifier. This agrees with the
//!    reference simulator (iam-semantics.md §8). A list of exactly one value is that value.
//! 5. Policy variables are substituted only when the policy enables them (`Version` 2012-10-17)
//!    and only for the families that support them (see [`supports_variables`]). A value whose
//!    variable cannot be resolved (missing or multivalued key, no default) is "effectively null"
//!    and matches nothing, so positive operators do not match it while negated operators do:
//!    "IAM policy elements: Variables and tags", section "Policy variables with no value":
//!    "Condition operators like `StringEquals` or `StringLike` do not match ... Inverted condition
//!    operators like `StringNotEquals` or `StringNotLike` do match against a null value", with
//!    the example of a `Deny` on `StringNotEquals` `${aws:PrincipalTag/Team}` that denies when the
//!    tag is not set. The reference simulator of iam-semantics.md §8 made such a negated condition
//!    fail; Rolecall follows the documentation.
//! 6. A policy value that cannot be read as the operator's type (`NumericLessThan` `"ten"`, a
//!    bad date, CIDR, boolean, base64 or ARN) never matches and gives an
//!    `invalid-condition-value` warning at the value's span; the request is still evaluated
//!    (AWS stores such policies; iam-semantics.md §9). **Negated operators** therefore ignore
//!    it: `NumericNotEquals` `["ten"]` holds for any request value, `["ten", "1"]` fails for
//!    `1`. The AWS documentation has no sentence on unreadable values; the closest documented
//!    case is a value that has no value, which "Policy variables with no value" settles:
//!    "Condition operators like `StringEquals` or `StringLike` do not match ... Inverted
//!    condition operators like `StringNotEquals` or `StringNotLike` do match against a null
//!    value". Rolecall reads an unreadable value the same way (it equals nothing), which also
//!    keeps the operator's definition on "IAM JSON policy elements: Condition operators"
//!    ("negated matching": the key matches none of the values) literally true. A request value
//!    of the wrong type matches no policy value.

mod fast;
mod operators;
mod sets;
mod variables;

use serde::Serialize;

pub use crate::value::{
    Cidr, Decimal, Instant, parse_address, parse_cidr, parse_date, parse_decimal, parse_rfc3339,
};
pub use fast::condition_holds;
pub use operators::{
    RequestValue, check_value, read_request_value, read_value, supports_variables,
};

pub use crate::model::{Comparison, Family, classify};
pub use variables::{
    PatternSubstitution, Substitution, has_variables, substitute_pattern, substitute_resource,
    substitute_variables, variables_before_resource_part,
};

use operators::Prepared;

use crate::diagnostic::backticked;
use crate::diagnostic::{Diagnostic, condition as diag};
use crate::model::{Condition, Operator, SetQualifier};
use crate::request::{Context, ContextValue};
use crate::value::TypedValue;

/// The result of evaluating one condition, with what a learner needs to see why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionOutcome {
    /// Whether the condition holds.
    pub holds: bool,
    /// Whether the key is present in the request (with at least one value).
    pub key_present: bool,
    /// The key's values in the request (empty when missing).
    pub request_values: Vec<String>,
    /// The policy values after variable substitution (an unresolvable variable stays as written).
    pub policy_values: Vec<String>,
    /// A plain-English sentence saying why it holds or not.
    pub reason: String,
    /// Problems found in the condition's values (spans into the policy text).
    pub diagnostics: Vec<Diagnostic>,
    /// The positions (in `Condition::values`) of the policy values that equal or match at least
    /// one request value, so that an explanation can underline them: for a positive operator
    /// they made it hold, for a negated operator they made it fail.
    pub matched_values: Vec<usize>,
}

/// Evaluates one condition against the request context.
///
/// `variables_enabled` is the policy's [`crate::Policy::variables_enabled`]: when false, `${...}`
/// is plain text.
///
/// # Examples
///
/// ```
/// use rolecall_core::condition::evaluate_condition;
/// use rolecall_core::policy::model::{BaseOperator, Condition, Operator};
/// use rolecall_core::request::Context;
/// use rolecall_core::span::{Span, Spanned};
///
/// let condition = Condition::new(
///     Spanned::new("StringNotEquals".into(), Span::default()),
///     Some(Operator { qualifier: None, base: BaseOperator::StringNotEquals, if_exists: false }),
///     Spanned::new("aws:PrincipalTag/team".into(), Span::default()),
///     vec![Spanned::new("red".into(), Span::default())],
/// );
/// let outcome = evaluate_condition(&condition, &Context::new(), true);
/// assert!(outcome.holds); // A negated operator holds when the key is missing.
/// assert!(!outcome.key_present);
/// ```
#[must_use]
pub fn evaluate_condition(
    condition: &Condition,
    context: &Context,
    variables_enabled: bool,
) -> ConditionOutcome {
    let key = condition.key.value.as_str();
    let op_text = condition.operator_text.value.as_str();
    let request_values: Vec<String> = match context.get(key) {
        Some(ContextValue::Single(v)) => vec![v.clone()],
        Some(ContextValue::Multi(vs)) => vs.clone(),
        None => Vec::new(),
    };
    let mut outcome = ConditionOutcome {
        key_present: !request_values.is_empty(),
        request_values,
        ..ConditionOutcome::default()
    };
    let Some(op) = condition.operator else {
        outcome.policy_values = condition.values.iter().map(|v| v.value.clone()).collect();
        outcome.reason =
            format!("`{op_text}` is not a condition operator, so the condition never holds");
        return outcome;
    };
    let (family, negated) = classify(op.base);

    // The policy values as lowered, or substituted and read again when they have variables.
    let substitute = variables_enabled && supports_variables(family);
    let mut prepared = Vec::with_capacity(condition.values.len());
    let mut missing_variables: Vec<String> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for (value, typed) in condition.values.iter().zip(condition.typed()) {
        let p = Prepared::new(family, &value.value, typed, substitute, context);
        outcome.policy_values.push(p.text().to_owned());
        if let Prepared::Unresolved { missing, .. } = &p {
            missing_variables.extend(missing.iter().cloned());
        }
        if let Some(problem) = p.error() {
            let problem = problem.to_string();
            outcome
                .diagnostics
                .push(diag::invalid_condition_value(op_text, &problem, value.span));
            problems.push(problem);
        }
        prepared.push(p);
    }

    let expected = expectation(family, negated, &outcome.policy_values);
    let subject = describe_request(key, &outcome.request_values);

    // `Null` tests presence only.
    if family == Family::Null {
        outcome.holds = prepared
            .iter()
            .any(|p| matches!(p.typed(), Some(TypedValue::Bool(b)) if *b != outcome.key_present));
        let (state, verdict) = if outcome.key_present {
            ("is in the request", "present")
        } else {
            ("is not in the request", "missing")
        };
        outcome.reason = format!(
            "`{key}` {state}, and `Null` is {} (`true` asks for a missing key, `false` for a present one); with the key {verdict} the condition {}",
            backticked(&outcome.policy_values),
            if outcome.holds {
                "holds"
            } else {
                "does not hold"
            },
        );
        return outcome;
    }

    if !outcome.key_present {
        outcome.holds = holds_when_missing(op, negated);
        let why = match (op.if_exists, op.qualifier) {
            (true, _) => "`...IfExists` holds when the key is missing".to_owned(),
            (false, Some(SetQualifier::ForAllValues)) => "`ForAllValues` holds when the key is missing or empty, as there is no value to check (pair it with a `Null` check to require the key)".to_owned(),
            (false, Some(SetQualifier::ForAnyValue)) => "`ForAnyValue` needs at least one value in the request".to_owned(),
            (false, None) if negated => format!("the negated operator `{op_text}` holds when the key is missing"),
            (false, None) => format!("`{op_text}` does not hold when the key is missing"),
        };
        outcome.reason = format!("{subject}, {expected}; {why}");
        return outcome;
    }

    // Test each request value once: positive = matches one of the values; negated = matches
    // none. Long lists go through the hash index of `sets.rs` (no worse than distinct request
    // values × distinct patterns); short ones compare every pair.
    let (positive, matched_values) =
        if outcome.request_values.len().saturating_mul(prepared.len()) > sets::SMALL {
            sets::hits(family, &prepared, &outcome.request_values)
        } else {
            pairwise(family, &prepared, &outcome.request_values)
        };
    let passes = |i: usize| positive.get(i).copied().unwrap_or(false) != negated;
    let values = &outcome.request_values;
    let holds = holds_when_present(op.qualifier, negated, values.len(), passes);
    let how = match op.qualifier {
        None if values.len() == 1 => String::new(),
        None => {
            outcome
                .diagnostics
                .push(diag::single_valued_operator_on_multivalued_key(
                    op_text,
                    key,
                    condition.key.span,
                ));
            "; without `ForAnyValue:` or `ForAllValues:` the list is compared as a whole and equals no single value".to_owned()
        }
        Some(SetQualifier::ForAnyValue) => format!(
            "; `ForAnyValue` needs at least one request value to pass, {}",
            if holds {
                "and one does"
            } else {
                "and none does"
            }
        ),
        Some(SetQualifier::ForAllValues) => {
            match (0..values.len())
                .find(|&i| !passes(i))
                .and_then(|i| values.get(i))
            {
                None => "; `ForAllValues` needs every request value to pass, and every one does"
                    .to_owned(),
                Some(v) => {
                    format!(
                        "; `ForAllValues` needs every request value to pass, but `{v}` does not"
                    )
                }
            }
        }
    };
    outcome.holds = holds;
    outcome.matched_values = matched_values;
    let variables_note = if missing_variables.is_empty() {
        String::new()
    } else {
        let (plural, verb) = if missing_variables.len() == 1 {
            ("", "its value matches")
        } else {
            ("s", "their values match")
        };
        format!(
            "; the policy variable{plural} {} {} no value in the request and no default, so {verb} nothing",
            backticked(&missing_variables),
            if plural.is_empty() { "has" } else { "have" },
        )
    };
    let problems_note: String = problems
        .iter()
        .map(|p| format!("; {p}, so that value never matches"))
        .collect();
    outcome.reason = format!(
        "{subject}, {expected}{how}{variables_note}{problems_note}; the condition {}",
        if holds { "holds" } else { "does not hold" }
    );
    outcome
}

/// Rules 2 and 3 for a missing or empty key: `...IfExists` and `ForAllValues:` hold,
/// `ForAnyValue:` does not, and without either a negated operator holds and a positive one does
/// not. The one statement of these rules for both [`evaluate_condition`] and
/// [`condition_holds`].
fn holds_when_missing(op: Operator, negated: bool) -> bool {
    match (op.if_exists, op.qualifier) {
        (true, _) | (false, Some(SetQualifier::ForAllValues)) => true,
        (false, Some(SetQualifier::ForAnyValue)) => false,
        (false, None) => negated,
    }
}

/// Rules 1, 3 and 4 for a present key with `count` request values, where `passes(i)` says
/// whether value `i` passes the operator's test (matches one policy value, or none for a
/// negated operator): without a qualifier a single value decides and a list equals no single
/// value; `ForAnyValue:` needs one to pass, `ForAllValues:` every one. The one statement of
/// these rules for both [`evaluate_condition`] and [`condition_holds`].
fn holds_when_present(
    qualifier: Option<SetQualifier>,
    negated: bool,
    count: usize,
    passes: impl FnMut(usize) -> bool,
) -> bool {
    match qualifier {
        None if count == 1 => (0..1).all(passes),
        None => negated,
        Some(SetQualifier::ForAnyValue) => (0..count).any(passes),
        Some(SetQualifier::ForAllValues) => (0..count).all(passes),
    }
}

/// "`key` is `value`" / "`key` is [`a`, `b`]" / "`key` is not in the request".
fn describe_request(key: &str, values: &[String]) -> String {
    match values {
        [] => format!("`{key}` is not in the request"),
        [one] => format!("`{key}` is `{one}`"),
        many => format!("`{key}` is [{}]", backticked(many)),
    }
}

/// "expected one of `blue`", "expected none of `red`", "expected at most `3600`", ...
fn expectation(family: Family, negated: bool, values: &[String]) -> String {
    let list = backticked(values);
    let quantifier = if negated { "none of" } else { "one of" };
    match family {
        Family::String | Family::Binary => format!("expected {quantifier} {list}"),
        Family::StringIgnoreCase => format!("expected {quantifier} {list} (ignoring case)"),
        Family::StringLike => format!("expected to match {quantifier} {list}"),
        Family::Arn => format!("expected an ARN matching {quantifier} {list}"),
        Family::Ip => format!("expected an address in {quantifier} {list}"),
        Family::Bool => format!("expected {list}"),
        Family::Null => format!("`Null` is {list}"),
        Family::Numeric(c) if !negated => format!("expected a number {} {list}", c.words()),
        Family::Numeric(_) => format!("expected a number equal to none of {list}"),
        Family::Date(c) => {
            let words = match (c, negated) {
                (_, true) => "equal to none of",
                (Comparison::Equal, false) => "equal to",
                (Comparison::Less, false) => "before",
                (Comparison::LessOrEqual, false) => "at or before",
                (Comparison::Greater, false) => "after",
                (Comparison::GreaterOrEqual, false) => "at or after",
            };
            format!("expected a date {words} {list}")
        }
    }
}

/// Every request value against every usable policy value: for each request value whether it
/// matches one (before negation), and the policy values that some request value matches.
fn pairwise(
    family: Family,
    prepared: &[Prepared<'_>],
    requests: &[String],
) -> (Vec<bool>, Vec<usize>) {
    let readable: Vec<Option<RequestValue<'_>>> = requests
        .iter()
        .map(|r| read_request_value(family, r).ok())
        .collect();
    let positive = readable
        .iter()
        .map(|r| {
            r.as_ref()
                .is_some_and(|r| prepared.iter().any(|p| p.matches(family, r)))
        })
        .collect();
    let matched = prepared
        .iter()
        .enumerate()
        .filter(|(_, p)| readable.iter().flatten().any(|r| p.matches(family, r)))
        .map(|(i, _)| i)
        .collect();
    (positive, matched)
}

#[cfg(test)]
mod tests;
