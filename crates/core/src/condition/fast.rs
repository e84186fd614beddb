//! [`condition_holds`]: the decision of [`super::evaluate_condition`] without the explanation.
//!
//! The evaluator decides every condition of every statement for every request, so this path
//! avoids allocation for values without policy variables: it compares each request value, read
//! once, with the policy values as they were read at lowering ([`Condition::typed`]), through
//! the same comparison as `evaluate_condition` (`Prepared::matches`). Property tests check that
//! it always agrees with `evaluate_condition`.

use std::collections::HashSet;

use super::operators::{Prepared, read_request_value, supports_variables};
use super::sets::exact_key;
use crate::model::{Condition, Family, classify};
use crate::request::{Context, ContextValue};
use crate::value::TypedValue;

/// Whether `condition` holds for `context`: the same decision as
/// `evaluate_condition(condition, context, variables_enabled).holds`, computed faster.
///
/// # Examples
///
/// ```
/// use rolecall_core::condition::condition_holds;
/// use rolecall_core::policy::model::{BaseOperator, Condition, Operator, SetQualifier};
/// use rolecall_core::request::Context;
/// use rolecall_core::span::{Span, Spanned};
///
/// let condition = Condition::new(
///     Spanned::new("ForAllValues:StringEquals".into(), Span::default()),
///     Some(Operator {
///         qualifier: Some(SetQualifier::ForAllValues),
///         base: BaseOperator::StringEquals,
///         if_exists: false,
///     }),
///     Spanned::new("aws:TagKeys".into(), Span::default()),
///     vec![Spanned::new("env".into(), Span::default())],
/// );
/// assert!(condition_holds(&condition, &Context::new(), true)); // Vacuously true.
/// ```
#[must_use]
pub fn condition_holds(condition: &Condition, context: &Context, variables_enabled: bool) -> bool {
    let Some(op) = condition.operator else {
        return false;
    };
    let (family, negated) = classify(op.base);
    let request: &[String] = match context.get(&condition.key.value) {
        Some(ContextValue::Single(v)) => std::slice::from_ref(v),
        Some(ContextValue::Multi(vs)) => vs,
        None => &[],
    };
    let present = !request.is_empty();
    if family == Family::Null {
        return condition
            .typed()
            .iter()
            .any(|t| matches!(t, Ok(TypedValue::Bool(b)) if *b != present));
    }
    if !present {
        return super::holds_when_missing(op, negated);
    }
    let substitute = variables_enabled && supports_variables(family);
    // Long lists on both sides: exact values hashed, each distinct request value tested once.
    if op.qualifier.is_some()
        && request.len().saturating_mul(condition.values.len()) > super::sets::SMALL
    {
        let index = FastIndex::new(family, condition, substitute, context);
        let mut seen = HashSet::new();
        let distinct: Vec<&str> = request
            .iter()
            .map(String::as_str)
            .filter(|r| seen.insert(*r))
            .collect();
        let passes = |i: usize| {
            distinct
                .get(i)
                .is_some_and(|r| index.matches(family, r) != negated)
        };
        return super::holds_when_present(op.qualifier, negated, distinct.len(), passes);
    }
    let passes = |r: &str| {
        // A request value of the wrong type matches no policy value.
        let Ok(r) = read_request_value(family, r) else {
            return negated;
        };
        let matched = condition
            .values
            .iter()
            .zip(condition.typed())
            .any(|(p, typed)| {
                Prepared::new(family, &p.value, typed, substitute, context).matches(family, &r)
            });
        matched != negated
    };
    super::holds_when_present(op.qualifier, negated, request.len(), |i| {
        request.get(i).is_some_and(|r| passes(r))
    })
}

/// The policy values of one condition for many request values: the exact ones (`String`,
/// `StringIgnoreCase` folded, `StringLike` without wildcards) in a hash set, the rest once each
/// (see `sets.rs`).
struct FastIndex<'c> {
    exact: HashSet<String>,
    rest: Vec<Prepared<'c>>,
}

impl<'c> FastIndex<'c> {
    fn new(family: Family, condition: &'c Condition, substitute: bool, context: &Context) -> Self {
        let mut exact = HashSet::new();
        let mut rest_seen = HashSet::new();
        let mut rest = Vec::new();
        for (value, typed) in condition.values.iter().zip(condition.typed()) {
            let p = Prepared::new(family, &value.value, typed, substitute, context);
            match exact_key(family, &p) {
                Some(key) => {
                    exact.insert(key);
                }
                None => {
                    if rest_seen.insert(value.value.as_str()) {
                        rest.push(p);
                    }
                }
            }
        }
        Self { exact, rest }
    }

    fn matches(&self, family: Family, request: &str) -> bool {
        let exact_family = matches!(
            family,
            Family::String | Family::StringIgnoreCase | Family::StringLike
        );
        if exact_family && self.exact.contains(&super::sets::key(family, request)) {
            return true;
        }
        let Ok(r) = read_request_value(family, request) else {
            return false;
        };
        self.rest.iter().any(|p| p.matches(family, &r))
    }
}
