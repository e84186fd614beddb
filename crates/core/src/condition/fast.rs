//! [`condition_holds`]: the decision of [`super::evaluate_condition`] without the explanation.
//!
//! The evaluator decides every condition of every statement for every request, so this path
//! avoids allocation for values without policy variables: it compares the policy text with the
//! request text directly. Property tests check that it always agrees with `evaluate_condition`.

use std::collections::HashSet;

use super::operators::supports_variables;
use super::variables::{has_variables, substitute_pattern, substitute_variables};
use super::{date::parse_date, ip::parse_address, ip::parse_cidr, number::parse_decimal};
use crate::matching::{arn_like, equal_ignoring_case, wildcard_match};
use crate::model::{Condition, Family, SetQualifier, classify};
use crate::request::{Context, ContextValue};

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
/// let condition = Condition {
///     operator_text: Spanned::new("ForAllValues:StringEquals".into(), Span::default()),
///     operator: Some(Operator {
///         qualifier: Some(SetQualifier::ForAllValues),
///         base: BaseOperator::StringEquals,
///         if_exists: false,
///     }),
///     key: Spanned::new("aws:TagKeys".into(), Span::default()),
///     values: vec![Spanned::new("env".into(), Span::default())],
/// };
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
            .values
            .iter()
            .any(|v| parse_bool(&v.value) == Some(!present));
    }
    if !present {
        return match (op.if_exists, op.qualifier) {
            (true, _) | (false, Some(SetQualifier::ForAllValues)) => true,
            (false, Some(SetQualifier::ForAnyValue)) => false,
            (false, None) => negated,
        };
    }
    let substitute = variables_enabled && supports_variables(family);
    // Long lists on both sides: exact values hashed, each distinct request value tested once.
    if op.qualifier.is_some()
        && request.len().saturating_mul(condition.values.len()) > super::sets::SMALL
    {
        let index = FastIndex::new(family, condition, substitute);
        let mut seen = HashSet::new();
        let mut distinct = request.iter().filter(|r| seen.insert(r.as_str()));
        let passes = |r: &str| index.matches(family, r, substitute, context) != negated;
        return match op.qualifier {
            Some(SetQualifier::ForAllValues) => distinct.all(|r| passes(r)),
            _ => distinct.any(|r| passes(r)),
        };
    }
    let passes = |r: &str| {
        let matched = condition
            .values
            .iter()
            .any(|p| policy_value_matches(family, &p.value, r, substitute, context));
        matched != negated
    };
    match op.qualifier {
        None => match request {
            [one] => passes(one),
            _ => negated,
        },
        Some(SetQualifier::ForAnyValue) => request.iter().any(|r| passes(r)),
        Some(SetQualifier::ForAllValues) => request.iter().all(|r| passes(r)),
    }
}

/// The policy values of one condition for many request values: the exact ones (`String`,
/// `StringIgnoreCase` folded, `StringLike` without wildcards; never with a variable to
/// substitute) in a hash set, the rest once each (see `sets.rs`).
struct FastIndex<'c> {
    exact: HashSet<String>,
    rest: Vec<&'c str>,
}

impl<'c> FastIndex<'c> {
    fn new(family: Family, condition: &'c Condition, substitute: bool) -> Self {
        let mut exact = HashSet::new();
        let mut rest_seen = HashSet::new();
        let mut rest = Vec::new();
        for value in &condition.values {
            let text = value.value.as_str();
            let plain = !(substitute && has_variables(text));
            let exact_family = match family {
                Family::String | Family::StringIgnoreCase => true,
                Family::StringLike => !text.contains(['*', '?']),
                _ => false,
            };
            if plain && exact_family {
                exact.insert(super::sets::key(family, text));
            } else if rest_seen.insert(text) {
                rest.push(text);
            }
        }
        Self { exact, rest }
    }

    fn matches(&self, family: Family, request: &str, substitute: bool, context: &Context) -> bool {
        let exact_family = matches!(
            family,
            Family::String | Family::StringIgnoreCase | Family::StringLike
        );
        (exact_family && self.exact.contains(&super::sets::key(family, request)))
            || self
                .rest
                .iter()
                .any(|p| policy_value_matches(family, p, request, substitute, context))
    }
}

/// The positive test of one policy value (substituted when `substitute`) against one request
/// value. An unreadable or unresolvable value never matches.
fn policy_value_matches(
    family: Family,
    policy: &str,
    request: &str,
    substitute: bool,
    context: &Context,
) -> bool {
    if substitute && has_variables(policy) {
        return match family {
            Family::StringLike => {
                let s = substitute_pattern(policy, context);
                s.missing.is_empty() && s.pattern.matches(request, false)
            }
            Family::Arn => {
                let s = substitute_pattern(policy, context);
                s.missing.is_empty()
                    && super::operators::check_arn(&s.text).is_ok()
                    && super::operators::arn_like_tokens(&s.pattern, request)
            }
            _ => {
                let s = substitute_variables(policy, context);
                s.missing.is_empty() && text_matches(family, &s.text, request)
            }
        };
    }
    text_matches(family, policy, request)
}

/// The positive test of `family` on texts.
fn text_matches(family: Family, policy: &str, request: &str) -> bool {
    match family {
        Family::String => policy == request,
        Family::StringIgnoreCase => equal_ignoring_case(policy, request),
        Family::StringLike => wildcard_match(policy, request, false),
        Family::Arn => super::operators::check_arn(policy).is_ok() && arn_like(policy, request),
        Family::Numeric(c) => match (parse_decimal(request), parse_decimal(policy)) {
            (Ok(r), Ok(p)) => c.holds(r.cmp(&p)),
            _ => false,
        },
        Family::Date(c) => match (parse_date(request), parse_date(policy)) {
            (Ok(r), Ok(p)) => c.holds(r.cmp(&p)),
            _ => false,
        },
        Family::Bool => match (parse_bool(request), parse_bool(policy)) {
            (Some(r), Some(p)) => r == p,
            _ => false,
        },
        Family::Binary => match (
            super::operators::decode_base64(request),
            super::operators::decode_base64(policy),
        ) {
            (Ok(r), Ok(p)) => r == p,
            _ => false,
        },
        Family::Ip => match (parse_address(request), parse_cidr(policy)) {
            (Ok(r), Ok(p)) => p.contains(r),
            _ => false,
        },
        Family::Null => false,
    }
}

/// `true`/`false` in any case.
fn parse_bool(text: &str) -> Option<bool> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}
