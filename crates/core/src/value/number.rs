//! Exact decimal numbers for the `Numeric*` operators.
//!
//! Values are compared as written, digit by digit, never through floating point: `0.1 + 0.2`
//! style rounding can never make `NumericEquals` disagree with what the user typed, and integers
//! of any length compare exactly. Accepted syntax: an optional sign, digits, and an optional
//! fraction (`42`, `-3`, `+7`, `3.25`, `.5`, `5.`). Exponents are not accepted ("IAM JSON policy
//! elements: Condition operators", section "Numeric condition operators", shows only integers and
//! decimals).

use std::borrow::Cow;
use std::cmp::Ordering;

use super::ValueError;

/// A decimal number in canonical form: sign, integer digits without leading zeros, fraction
/// digits without trailing zeros. Zero is never negative.
///
/// It borrows the digits of the text it was read from; [`Decimal::into_owned`] keeps them
/// (a policy value read once at lowering).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decimal<'a> {
    negative: bool,
    integer: Cow<'a, str>,
    fraction: Cow<'a, str>,
}

impl Decimal<'_> {
    /// The same number, owning its digits.
    #[must_use]
    pub fn into_owned(self) -> Decimal<'static> {
        Decimal {
            negative: self.negative,
            integer: Cow::Owned(self.integer.into_owned()),
            fraction: Cow::Owned(self.fraction.into_owned()),
        }
    }
}

/// Parses `text` as a decimal number.
///
/// # Errors
///
/// [`ValueError::NotANumber`] when `text` is not a number.
pub fn parse_decimal(text: &str) -> Result<Decimal<'_>, ValueError> {
    let t = text.trim();
    let (negative, unsigned) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..).unwrap_or_default()),
        Some(b'+') => (false, t.get(1..).unwrap_or_default()),
        _ => (false, t),
    };
    let (integer, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (integer.is_empty() && fraction.is_empty()) || !digits(integer) || !digits(fraction) {
        return Err(ValueError::NotANumber(text.to_owned()));
    }
    let integer = integer.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let zero = integer.is_empty() && fraction.is_empty();
    Ok(Decimal {
        negative: negative && !zero,
        integer: Cow::Borrowed(integer),
        fraction: Cow::Borrowed(fraction),
    })
}

impl Ord for Decimal<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => magnitude(self, other),
            (true, true) => magnitude(other, self),
        }
    }
}

impl PartialOrd for Decimal<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Compares absolute values.
fn magnitude(a: &Decimal<'_>, b: &Decimal<'_>) -> Ordering {
    a.integer
        .len()
        .cmp(&b.integer.len())
        .then_with(|| a.integer.cmp(&b.integer))
        .then_with(|| a.fraction.cmp(&b.fraction))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(a: &str, b: &str, expected: Ordering) {
        let (Ok(x), Ok(y)) = (parse_decimal(a), parse_decimal(b)) else {
            panic!("`{a}` or `{b}` did not parse");
        };
        assert_eq!(x.cmp(&y), expected, "{a} vs {b}");
    }

    #[test]
    fn table() {
        check("1", "1", Ordering::Equal);
        check("1", "1.0", Ordering::Equal);
        check("01", "1", Ordering::Equal);
        check("-0", "0", Ordering::Equal);
        check("0.1", ".1", Ordering::Equal);
        check("3600", "7200", Ordering::Less);
        check("10", "9", Ordering::Greater);
        check("-10", "-9", Ordering::Less);
        check("-1", "1", Ordering::Less);
        check("1.25", "1.3", Ordering::Less);
        check(
            "99999999999999999999",
            "99999999999999999998",
            Ordering::Greater,
        );
        check("0.30000000000000000001", "0.3", Ordering::Greater);
        check("+5", "5", Ordering::Equal);
    }

    #[test]
    fn rejects_non_numbers() {
        for text in ["", "ten", "1e3", "1.2.3", "-", ".", "0x10", "1 0", "٣"] {
            assert!(parse_decimal(text).is_err(), "{text:?} should not parse");
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_integers(a in any::<i64>(), b in any::<i64>()) {
            let (x, y) = (a.to_string(), b.to_string());
            proptest::prop_assert_eq!(parse_decimal(&x).map(|x| parse_decimal(&y).map(|y| x.cmp(&y))), Ok(Ok(a.cmp(&b))));
        }

        #[test]
        fn never_panics(text in "\\PC{0,12}") {
            let _ = parse_decimal(&text);
        }
    }

    use proptest::prelude::any;
}
