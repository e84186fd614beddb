//! The base condition operators: what type their values have, how a policy value is read, and
//! how one request value is compared with one policy value.
//!
//! The comparison here is always the *positive* test (`StringNotEquals` uses the `StringEquals`
//! test); negation, set qualifiers, `IfExists` and missing keys are handled in the parent module.

use std::net::IpAddr;

use super::variables::{has_variables, substitute_pattern, substitute_variables};
use crate::matching::{Pattern, arn_like, equal_ignoring_case, wildcard_match};
use crate::model::{BaseOperator, Condition, Family, Operator, classify};
use crate::request::Context;
use crate::span::Spanned;
use crate::value::{
    Decimal, Instant, TypedValue, ValueError, decode_base64, parse_address, parse_bool, parse_cidr,
    parse_date, parse_decimal,
};

/// Whether policy variables are substituted in values of this family.
///
/// Why: "IAM JSON policy elements: Condition operators" states for each family whether "Policy
/// variables" are supported: yes for String, Boolean and ARN operators; not for Numeric, Date,
/// Binary and IP address operators, where `${...}` is therefore plain (and invalid) text.
#[must_use]
pub const fn supports_variables(family: Family) -> bool {
    matches!(
        family,
        Family::String | Family::StringIgnoreCase | Family::StringLike | Family::Arn | Family::Bool
    )
}

impl Condition {
    /// A condition with its values read for `operator` once (what lowering builds): the
    /// evaluator compares request values with these typed values and never parses a policy
    /// value again, except one whose policy variables it substitutes.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::policy::model::{BaseOperator, Condition, Operator};
    /// use rolecall_core::span::{Span, Spanned};
    /// use rolecall_core::value::{TypedValue, parse_decimal};
    ///
    /// let at = |t: &str| Spanned::new(t.to_owned(), Span::default());
    /// let operator = Operator { qualifier: None, base: BaseOperator::NumericLessThan, if_exists: false };
    /// let c = Condition::new(at("NumericLessThan"), Some(operator), at("n"), vec![at("10"), at("ten")]);
    /// assert_eq!(c.typed()[0], Ok(TypedValue::Number(parse_decimal("10").unwrap().into_owned())));
    /// assert_eq!(c.typed()[1].as_ref().unwrap_err().to_string(), "`ten` is not a number");
    /// ```
    #[must_use]
    pub fn new(
        operator_text: Spanned<String>,
        operator: Option<Operator>,
        key: Spanned<String>,
        values: Vec<Spanned<String>>,
    ) -> Self {
        let typed = match operator {
            Some(op) => {
                let family = classify(op.base).0;
                values
                    .iter()
                    .map(|v| read_value(family, &v.value))
                    .collect()
            }
            None => Vec::new(),
        };
        Self {
            operator_text,
            operator,
            key,
            values,
            typed,
        }
    }
}

/// Checks that `text` is a valid value for `op`, without context. The validator uses it to
/// report values that can never match.
///
/// A value with a policy variable (`${...}`) is accepted for the families where variables are
/// substituted (String, Bool, ARN): its final form is only known at evaluation time, where a
/// wrong result is reported by `evaluate_condition`. For the other families `${...}` is plain
/// text and is checked as such. (Whether the policy's `Version` enables variables at all is the
/// validator's concern.)
///
/// # Errors
///
/// The [`ValueError`] saying what is wrong with the value.
///
/// # Examples
///
/// ```
/// use rolecall_core::condition::check_value;
/// use rolecall_core::policy::model::BaseOperator;
///
/// assert!(check_value(BaseOperator::NumericLessThan, "3600").is_ok());
/// assert_eq!(check_value(BaseOperator::NumericLessThan, "ten").unwrap_err().to_string(), "`ten` is not a number");
/// ```
pub fn check_value(op: BaseOperator, text: &str) -> Result<(), ValueError> {
    let family = classify(op).0;
    if supports_variables(family) && has_variables(text) {
        return Ok(());
    }
    read_value(family, text).map(|_| ())
}

/// Reads a (substituted) policy value for `family`.
///
/// # Errors
///
/// The [`ValueError`] when the value cannot be read as the family's type.
pub fn read_value(family: Family, text: &str) -> Result<TypedValue, ValueError> {
    match family {
        Family::String | Family::StringIgnoreCase | Family::StringLike => Ok(TypedValue::Text),
        Family::Arn => check_arn(text).map(|()| TypedValue::Text),
        Family::Numeric(_) => parse_decimal(text).map(|d| TypedValue::Number(d.into_owned())),
        Family::Date(_) => parse_date(text).map(TypedValue::Date),
        Family::Bool | Family::Null => parse_bool(text).map(TypedValue::Bool),
        Family::Binary => decode_base64(text).map(TypedValue::Binary),
        Family::Ip => parse_cidr(text).map(TypedValue::Ip),
    }
}

/// Checks the shape of an ARN pattern: six colon-separated parts starting with `arn` (or a
/// wildcard that could match `arn`).
fn check_arn(text: &str) -> Result<(), ValueError> {
    match crate::matching::split_arn(text) {
        Some([prefix, ..]) if wildcard_match(prefix, "arn", false) => Ok(()),
        _ => Err(ValueError::NotAnArn(text.to_owned())),
    }
}

/// One policy value ready to be compared: as lowered, or read again after its policy variables
/// were substituted (the only policy values read at evaluation time).
#[derive(Debug)]
pub(super) enum Prepared<'c> {
    /// No variable to substitute: the text and its value as read at lowering.
    Lowered {
        text: &'c str,
        typed: &'c Result<TypedValue, ValueError>,
    },
    /// After substitution; the pattern families keep the substituted pattern, in which a `*`
    /// or `?` that came from a variable's value is a literal character.
    Substituted {
        text: String,
        typed: Result<TypedValue, ValueError>,
        pattern: Option<Pattern>,
    },
    /// A variable could not be resolved: the value matches nothing.
    Unresolved { text: String, missing: Vec<String> },
}

impl<'c> Prepared<'c> {
    /// Prepares the policy value `text` (read at lowering as `typed`); `substitute` when its
    /// policy variables are substituted (the policy enables them and the family takes them).
    pub(super) fn new(
        family: Family,
        text: &'c str,
        typed: &'c Result<TypedValue, ValueError>,
        substitute: bool,
        context: &Context,
    ) -> Self {
        if !(substitute && has_variables(text)) {
            return Self::Lowered { text, typed };
        }
        if matches!(family, Family::StringLike | Family::Arn) {
            let s = substitute_pattern(text, context);
            if !s.missing.is_empty() {
                return Self::Unresolved {
                    text: s.text,
                    missing: s.missing,
                };
            }
            return Self::Substituted {
                typed: read_value(family, &s.text),
                text: s.text,
                pattern: Some(s.pattern),
            };
        }
        let s = substitute_variables(text, context);
        if !s.missing.is_empty() {
            return Self::Unresolved {
                text: s.text,
                missing: s.missing,
            };
        }
        Self::Substituted {
            typed: read_value(family, &s.text),
            text: s.text,
            pattern: None,
        }
    }

    /// The text compared (after substitution).
    pub(super) fn text(&self) -> &str {
        match self {
            Self::Lowered { text, .. } => text,
            Self::Substituted { text, .. } | Self::Unresolved { text, .. } => text,
        }
    }

    /// The typed value, when the value is readable.
    pub(super) fn typed(&self) -> Option<&TypedValue> {
        self.read()?.as_ref().ok()
    }

    /// Why the value cannot be read as the operator's type, if it cannot.
    pub(super) fn error(&self) -> Option<&ValueError> {
        self.read()?.as_ref().err()
    }

    /// The value as read (`None` when a variable could not be resolved).
    fn read(&self) -> Option<&Result<TypedValue, ValueError>> {
        match self {
            Self::Lowered { typed, .. } => Some(*typed),
            Self::Substituted { typed, .. } => Some(typed),
            Self::Unresolved { .. } => None,
        }
    }

    /// The substituted pattern of a `StringLike` or ARN value.
    pub(super) fn pattern(&self) -> Option<&Pattern> {
        match self {
            Self::Substituted { pattern, .. } => pattern.as_ref(),
            _ => None,
        }
    }

    /// The positive test of `family`: whether the request value matches this policy value.
    /// An unreadable or unresolved value matches nothing.
    pub(super) fn matches(&self, family: Family, request: &RequestValue<'_>) -> bool {
        let Some(policy) = self.typed() else {
            return false;
        };
        let text = self.text();
        match (family, request, policy) {
            (Family::String, RequestValue::Text(r), TypedValue::Text) => *r == text,
            (Family::StringIgnoreCase, RequestValue::Text(r), TypedValue::Text) => {
                equal_ignoring_case(r, text)
            }
            (Family::StringLike, RequestValue::Text(r), TypedValue::Text) => match self.pattern() {
                Some(p) => p.matches(r, false),
                None => wildcard_match(text, r, false),
            },
            (Family::Arn, RequestValue::Text(r), TypedValue::Text) => match self.pattern() {
                Some(p) => arn_like_tokens(p, r),
                None => arn_like(text, r),
            },
            (Family::Numeric(c), RequestValue::Number(r), TypedValue::Number(p)) => {
                c.holds(r.cmp(p))
            }
            (Family::Date(c), RequestValue::Date(r), TypedValue::Date(p)) => c.holds(r.cmp(p)),
            (Family::Bool, RequestValue::Bool(r), TypedValue::Bool(p)) => r == p,
            (Family::Binary, RequestValue::Binary(r), TypedValue::Binary(p)) => r == p,
            (Family::Ip, RequestValue::Ip(r), TypedValue::Ip(p)) => p.contains(*r),
            _ => false,
        }
    }
}

/// A request value read for comparison, once per request value.
#[derive(Clone, Debug)]
pub enum RequestValue<'a> {
    /// As text.
    Text(&'a str),
    /// A number, when the family is numeric.
    Number(Decimal<'a>),
    /// An instant.
    Date(Instant),
    /// A boolean.
    Bool(bool),
    /// Bytes (the request value is base64 too).
    Binary(Vec<u8>),
    /// An address.
    Ip(IpAddr),
}

/// Reads a request value for `family`.
///
/// # Errors
///
/// The [`ValueError`] when the request value is not of the family's type (it then matches no
/// policy value).
pub fn read_request_value(family: Family, text: &str) -> Result<RequestValue<'_>, ValueError> {
    match family {
        Family::Numeric(_) => parse_decimal(text).map(RequestValue::Number),
        Family::Date(_) => parse_date(text).map(RequestValue::Date),
        Family::Bool | Family::Null => parse_bool(text).map(RequestValue::Bool),
        Family::Binary => decode_base64(text).map(RequestValue::Binary),
        Family::Ip => parse_address(text).map(RequestValue::Ip),
        Family::String | Family::StringIgnoreCase | Family::StringLike | Family::Arn => {
            Ok(RequestValue::Text(text))
        }
    }
}

/// `ArnLike` with a token pattern: split both at the first five literal colons.
fn arn_like_tokens(pattern: &Pattern, value: &str) -> bool {
    use crate::matching::Token;
    let Some(values) = crate::matching::split_arn(value) else {
        return false;
    };
    let mut parts: Vec<&[Token]> = Vec::with_capacity(6);
    let mut rest = pattern.tokens.as_slice();
    while parts.len() < 5 {
        let Some(i) = rest.iter().position(|t| *t == Token::Literal(':')) else {
            return false;
        };
        parts.push(rest.get(..i).unwrap_or_default());
        rest = rest.get(i + 1..).unwrap_or_default();
    }
    parts.push(rest);
    parts
        .iter()
        .zip(values.iter())
        .all(|(p, v)| crate::matching::glob_tokens(p, v, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(op: BaseOperator, request: &str, policy: &str, expected: bool) {
        let (family, _) = classify(op);
        let typed = read_value(family, policy);
        let (Ok(r), Ok(_)) = (read_request_value(family, request), &typed) else {
            panic!("`{request}` or `{policy}` did not parse for {op:?}");
        };
        let p = Prepared::new(family, policy, &typed, false, &Context::new());
        assert_eq!(
            p.matches(family, &r),
            expected,
            "{op:?}: request {request:?}, policy {policy:?}"
        );
    }

    #[test]
    fn table() {
        use BaseOperator as B;
        check(B::StringEquals, "blue", "blue", true);
        check(B::StringEquals, "Blue", "blue", false);
        check(B::StringEqualsIgnoreCase, "Blue", "blue", true);
        check(B::StringLike, "home/alice/docs", "home/alice/*", true);
        check(B::StringLike, "home/bob/docs", "home/alice/*", false);
        check(B::StringLike, "a?c", "a?c", true);
        check(B::NumericLessThanEquals, "7200", "3600", false);
        check(B::NumericLessThanEquals, "3600", "3600", true);
        check(B::NumericLessThan, "3599.999", "3600", true);
        check(B::NumericGreaterThan, "10", "9", true);
        check(B::NumericEquals, "1.0", "1", true);
        check(B::NumericGreaterThanEquals, "-1", "0", false);
        check(
            B::DateLessThan,
            "2025-06-01T00:00:00Z",
            "2026-01-01T00:00:00Z",
            true,
        );
        check(
            B::DateLessThan,
            "2026-06-01T00:00:00Z",
            "2026-01-01T00:00:00Z",
            false,
        );
        check(B::DateEquals, "1767225600", "2026-01-01T00:00:00Z", true);
        check(
            B::DateGreaterThanEquals,
            "2026-01-01T01:00:00+01:00",
            "2026-01-01",
            true,
        );
        check(B::Bool, "true", "true", true);
        check(B::Bool, "TRUE", "true", true);
        check(B::Bool, "false", "true", false);
        check(B::BinaryEquals, "QmluYXJ5", "QmluYXJ5", true);
        check(B::BinaryEquals, "QmluYXJ5", "QmluYXJ5==", true);
        check(B::BinaryEquals, "QmluYXJ6", "QmluYXJ5", false);
        check(B::IpAddress, "203.0.113.9", "203.0.113.0/24", true);
        check(B::IpAddress, "198.51.100.1", "203.0.113.0/24", false);
        check(B::IpAddress, "2001:db8::1", "2001:db8::/32", true);
        check(
            B::ArnLike,
            "arn:aws:iam::111111111111:user/alice",
            "arn:aws:iam::111111111111:user/al*",
            true,
        );
        check(
            B::ArnEquals,
            "arn:aws:iam::111111111111:user/alice",
            "arn:aws:iam::*:user/alice",
            true,
        );
        check(
            B::ArnLike,
            "arn:aws:iam::111111111111:user/alice",
            "arn:aws:iam::111111111111:user/AL*",
            false,
        );
    }

    #[test]
    fn check_value_reports_values_of_the_wrong_type() {
        use BaseOperator as B;
        for (op, text) in [
            (B::NumericLessThan, "ten"),
            (B::DateLessThan, "next year"),
            (B::Bool, "yes"),
            (B::BinaryEquals, "not base64!"),
            (B::IpAddress, "203.0.113.0/33"),
            (B::ArnLike, "not-an-arn"),
            (B::Null, "maybe"),
            (B::NumericLessThan, "${aws:PrincipalTag/limit}"),
        ] {
            assert!(
                check_value(op, text).is_err(),
                "{op:?} should reject {text:?}"
            );
        }
        for (op, text) in [
            (B::NumericLessThan, "10"),
            (B::DateLessThan, "2026-01-01"),
            (B::Bool, "false"),
            (B::BinaryEquals, "QmluYXJ5"),
            (B::IpAddress, "203.0.113.0/24"),
            (B::ArnLike, "arn:aws:iam::*:role/*"),
            (B::Null, "true"),
            (B::StringEquals, "anything"),
            (B::Bool, "${aws:PrincipalTag/mfa}"),
            (B::ArnLike, "${aws:SourceArn}"),
        ] {
            assert!(
                check_value(op, text).is_ok(),
                "{op:?} should accept {text:?}"
            );
        }
    }
}
