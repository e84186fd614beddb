//! The base condition operators: what type their values have, how a policy value is read, and
//! how one request value is compared with one policy value.
//!
//! The comparison here is always the *positive* test (`StringNotEquals` uses the `StringEquals`
//! test); negation, set qualifiers, `IfExists` and missing keys are handled in the parent module.

use std::net::IpAddr;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::{Engine as _, alphabet};

use super::date::{Instant, parse_date};
use super::ip::{Cidr, parse_address, parse_cidr};
use super::number::parse_decimal;
use crate::matching::{Pattern, equal_ignoring_case};
use crate::model::{BaseOperator, Family, classify};

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

/// A policy value read according to its operator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyValue {
    /// A string to compare exactly or without case.
    Text(String),
    /// A wildcard pattern (`StringLike`, `Arn*`).
    Pattern(Pattern, String),
    /// A number, kept as its canonical text (compared exactly at match time).
    Number(String),
    /// An instant.
    Date(Instant),
    /// `true` or `false`.
    Bool(bool),
    /// Decoded bytes.
    Binary(Vec<u8>),
    /// An address block.
    Ip(Cidr),
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
/// Returns a lowercase message saying what is wrong with the value.
///
/// # Examples
///
/// ```
/// use rolecall_core::condition::check_value;
/// use rolecall_core::policy::model::BaseOperator;
///
/// assert!(check_value(BaseOperator::NumericLessThan, "3600").is_ok());
/// assert_eq!(check_value(BaseOperator::NumericLessThan, "ten").unwrap_err(), "`ten` is not a number");
/// ```
pub fn check_value(op: BaseOperator, text: &str) -> Result<(), String> {
    let family = classify(op).0;
    if supports_variables(family) && super::variables::has_variables(text) {
        return Ok(());
    }
    read_value(family, text).map(|_| ())
}

/// Reads a (substituted) policy value for `family`.
///
/// # Errors
///
/// Returns a message when the value cannot be read as the family's type.
pub fn read_value(family: Family, text: &str) -> Result<PolicyValue, String> {
    match family {
        Family::String | Family::StringIgnoreCase => Ok(PolicyValue::Text(text.to_owned())),
        Family::StringLike => Ok(PolicyValue::Pattern(
            Pattern::from_glob(text),
            text.to_owned(),
        )),
        Family::Arn => check_arn(text)
            .map(|()| PolicyValue::Pattern(Pattern::from_glob(text), text.to_owned())),
        Family::Numeric(_) => {
            parse_decimal(text).map(|_| PolicyValue::Number(text.trim().to_owned()))
        }
        Family::Date(_) => parse_date(text).map(PolicyValue::Date),
        Family::Bool | Family::Null => parse_bool(text).map(PolicyValue::Bool),
        Family::Binary => decode_base64(text).map(PolicyValue::Binary),
        Family::Ip => parse_cidr(text).map(PolicyValue::Ip),
    }
}

/// Checks the shape of an ARN pattern: six colon-separated parts starting with `arn` (or a
/// wildcard that could match `arn`).
pub(super) fn check_arn(text: &str) -> Result<(), String> {
    match crate::matching::split_arn(text) {
        Some([prefix, ..]) if crate::matching::wildcard_match(prefix, "arn", false) => Ok(()),
        _ => Err(format!(
            "`{text}` is not an ARN (expected `arn:partition:service:region:account:resource`)"
        )),
    }
}

/// Reads `true` or `false`.
///
/// Why: "IAM JSON policy elements: Condition operators", section "Boolean condition operators",
/// compares "a key to \"true\" or \"false\"" and shows only lowercase values. The page does not
/// say whether `True` is accepted; Rolecall reads any letter case rather than silently failing
/// (a JSON `true` arrives here as the text `true`).
fn parse_bool(text: &str) -> Result<bool, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if t.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(format!("`{text}` is not `true` or `false`"))
    }
}

/// Standard base64 (RFC 4648 §4) as `BinaryEquals` values are read: with or without padding,
/// unused low bits of the last character ignored.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decodes standard base64 (with or without padding, at most two `=`).
pub(super) fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    let t = text.trim();
    let body = t.trim_end_matches('=');
    if t.len() - body.len() > 2 {
        return Err(format!("`{text}` is not base64"));
    }
    BASE64
        .decode(body)
        .map_err(|_| format!("`{text}` is not base64"))
}

/// A request value read for comparison, once per request value.
#[derive(Clone, Debug)]
pub enum RequestValue<'a> {
    /// As text.
    Text(&'a str),
    /// A number (canonical text), when the family is numeric.
    Number(&'a str),
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
/// Returns a message when the request value is not of the family's type (it then matches no
/// policy value).
pub fn read_request_value(family: Family, text: &str) -> Result<RequestValue<'_>, String> {
    match family {
        Family::Numeric(_) => parse_decimal(text).map(|_| RequestValue::Number(text)),
        Family::Date(_) => parse_date(text).map(RequestValue::Date),
        Family::Bool | Family::Null => parse_bool(text).map(RequestValue::Bool),
        Family::Binary => decode_base64(text).map(RequestValue::Binary),
        Family::Ip => parse_address(text).map(RequestValue::Ip),
        Family::String | Family::StringIgnoreCase | Family::StringLike | Family::Arn => {
            Ok(RequestValue::Text(text))
        }
    }
}

/// The positive test of `family`: whether the request value matches the policy value.
#[must_use]
pub fn value_matches(family: Family, request: &RequestValue<'_>, policy: &PolicyValue) -> bool {
    match (family, request, policy) {
        (Family::String, RequestValue::Text(r), PolicyValue::Text(p)) => *r == p,
        (Family::StringIgnoreCase, RequestValue::Text(r), PolicyValue::Text(p)) => {
            equal_ignoring_case(r, p)
        }
        (Family::StringLike, RequestValue::Text(r), PolicyValue::Pattern(p, _)) => {
            p.matches(r, false)
        }
        (Family::Arn, RequestValue::Text(r), PolicyValue::Pattern(p, _)) => arn_like_tokens(p, r),
        (Family::Numeric(c), RequestValue::Number(r), PolicyValue::Number(p)) => {
            match (parse_decimal(r), parse_decimal(p)) {
                (Ok(r), Ok(p)) => c.holds(r.cmp(&p)),
                _ => false,
            }
        }
        (Family::Date(c), RequestValue::Date(r), PolicyValue::Date(p)) => c.holds(r.cmp(p)),
        (Family::Bool, RequestValue::Bool(r), PolicyValue::Bool(p)) => r == p,
        (Family::Binary, RequestValue::Binary(r), PolicyValue::Binary(p)) => r == p,
        (Family::Ip, RequestValue::Ip(r), PolicyValue::Ip(p)) => p.contains(*r),
        _ => false,
    }
}

/// `ArnLike` with a token pattern: split both at the first five literal colons.
pub(super) fn arn_like_tokens(pattern: &Pattern, value: &str) -> bool {
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
        let (Ok(r), Ok(p)) = (
            read_request_value(family, request),
            read_value(family, policy),
        ) else {
            panic!("`{request}` or `{policy}` did not parse for {op:?}");
        };
        assert_eq!(
            value_matches(family, &r, &p),
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

    #[test]
    fn base64_table() {
        assert_eq!(decode_base64("QmluYXJ5"), Ok(b"Binary".to_vec()));
        assert_eq!(decode_base64("YQ=="), Ok(b"a".to_vec()));
        assert_eq!(decode_base64("YQ"), Ok(b"a".to_vec()));
        assert_eq!(decode_base64(""), Ok(Vec::new()));
        assert!(decode_base64("Y").is_err());
        assert!(decode_base64("YQ===").is_err());
    }
}
