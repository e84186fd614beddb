//! The typed values of condition operators: exact decimals (`number.rs`), instants (`date.rs`,
//! with the one ISO 8601 / RFC 3339 reader), IP addresses and blocks (`ip.rs`), booleans and
//! base64 bytes, each with its reader and the typed error [`ValueError`].
//!
//! A policy's condition values are read into a [`TypedValue`] once, when the policy is lowered
//! (`policy::lower`, through `condition::read_value`), and the evaluator compares request
//! values with those typed values: no policy value is parsed again per comparison.
//!
//! A leaf: it uses nothing else of the crate (`tests/layers.rs`).

mod date;
mod ip;
mod number;

use std::fmt;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::{Engine as _, alphabet};

pub use date::{Instant, parse_date, parse_rfc3339};
pub use ip::{Cidr, parse_address, parse_cidr};
pub use number::{Decimal, parse_decimal};

/// A policy value read according to its operator, once, when the policy is lowered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypedValue {
    /// Compared as text: `String*` (exact or ignoring case), `StringLike` (its text is the glob)
    /// and the `Arn*` operators (an ARN pattern whose shape was checked).
    Text,
    /// A number (`Numeric*`).
    Number(Decimal<'static>),
    /// An instant (`Date*`).
    Date(Instant),
    /// `true` or `false` (`Bool`, `Null`).
    Bool(bool),
    /// Decoded bytes (`BinaryEquals`).
    Binary(Vec<u8>),
    /// An address block (`IpAddress`, `NotIpAddress`).
    Ip(Cidr),
}

/// Why a value cannot be read as its operator's type. `Display` is the lowercase sentence the
/// diagnostics and explanations show, with the value in backticks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueError {
    /// Not a decimal number.
    NotANumber(String),
    /// Not an ISO 8601 date or epoch seconds.
    NotADate(String),
    /// Not `true` or `false`.
    NotABoolean(String),
    /// Not standard base64.
    NotBase64(String),
    /// Not an IP address or CIDR block.
    NotABlock(String),
    /// A CIDR block whose prefix length is not 0 to `max` (32 for IPv4, 128 for IPv6).
    BadPrefix {
        /// The value.
        text: String,
        /// The longest prefix of the address's family.
        max: u8,
    },
    /// Not a single IP address.
    NotAnAddress(String),
    /// Not an ARN (six colon-separated parts starting with `arn`).
    NotAnArn(String),
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotANumber(t) => write!(f, "`{t}` is not a number"),
            Self::NotADate(t) => write!(
                f,
                "`{t}` is not a date (use ISO 8601 such as `2026-01-01T00:00:00Z`, or epoch seconds)"
            ),
            Self::NotABoolean(t) => write!(f, "`{t}` is not `true` or `false`"),
            Self::NotBase64(t) => write!(f, "`{t}` is not base64"),
            Self::NotABlock(t) => write!(f, "`{t}` is not an IP address or CIDR block"),
            Self::BadPrefix { text, max } => write!(
                f,
                "`{text}` has an invalid prefix length (0 to {max} for this address)"
            ),
            Self::NotAnAddress(t) => write!(f, "`{t}` is not an IP address"),
            Self::NotAnArn(t) => write!(
                f,
                "`{t}` is not an ARN (expected `arn:partition:service:region:account:resource`)"
            ),
        }
    }
}

impl std::error::Error for ValueError {}

/// Reads `true` or `false`, in any letter case.
///
/// Why: "IAM JSON policy elements: Condition operators", section "Boolean condition operators",
/// compares "a key to \"true\" or \"false\"" and shows only lowercase values. The page does not
/// say whether `True` is accepted; Rolecall reads any letter case rather than silently failing
/// (a JSON `true` arrives here as the text `true`).
///
/// # Errors
///
/// [`ValueError::NotABoolean`] for anything else.
///
/// # Examples
///
/// ```
/// use rolecall_core::value::{ValueError, parse_bool};
/// assert_eq!(parse_bool("TRUE"), Ok(true));
/// assert_eq!(parse_bool("yes"), Err(ValueError::NotABoolean("yes".into())));
/// ```
pub fn parse_bool(text: &str) -> Result<bool, ValueError> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if t.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(ValueError::NotABoolean(text.to_owned()))
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
///
/// # Errors
///
/// [`ValueError::NotBase64`] when `text` is not base64.
///
/// # Examples
///
/// ```
/// use rolecall_core::value::decode_base64;
/// assert_eq!(decode_base64("YQ"), Ok(b"a".to_vec()));
/// assert!(decode_base64("YQ===").is_err());
/// ```
pub fn decode_base64(text: &str) -> Result<Vec<u8>, ValueError> {
    let t = text.trim();
    let body = t.trim_end_matches('=');
    if t.len() - body.len() > 2 {
        return Err(ValueError::NotBase64(text.to_owned()));
    }
    BASE64
        .decode(body)
        .map_err(|_| ValueError::NotBase64(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_table() {
        assert_eq!(decode_base64("QmluYXJ5"), Ok(b"Binary".to_vec()));
        assert_eq!(decode_base64("YQ=="), Ok(b"a".to_vec()));
        assert_eq!(decode_base64("YQ"), Ok(b"a".to_vec()));
        assert_eq!(decode_base64(""), Ok(Vec::new()));
        assert!(decode_base64("Y").is_err());
        assert!(decode_base64("YQ===").is_err());
    }

    #[test]
    fn every_error_says_what_is_wrong_with_the_value_in_backticks() {
        let table = [
            (parse_decimal("ten").err(), "`ten` is not a number"),
            (
                parse_date("next year").err(),
                "`next year` is not a date (use ISO 8601 such as `2026-01-01T00:00:00Z`, or epoch seconds)",
            ),
            (parse_bool("yes").err(), "`yes` is not `true` or `false`"),
            (
                decode_base64("not base64!").err(),
                "`not base64!` is not base64",
            ),
            (
                parse_cidr("10.0.0.300").err(),
                "`10.0.0.300` is not an IP address or CIDR block",
            ),
            (
                parse_cidr("203.0.113.0/33").err(),
                "`203.0.113.0/33` has an invalid prefix length (0 to 32 for this address)",
            ),
            (
                parse_address("203.0.113.0/24").err(),
                "`203.0.113.0/24` is not an IP address",
            ),
        ];
        for (error, message) in table {
            assert_eq!(error.map(|e| e.to_string()).as_deref(), Some(message));
        }
    }
}
