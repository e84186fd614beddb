//! The condition operators: one table gives each base operator its AWS name, its family (how
//! its values are read and compared) and whether it is negated. Everything else about an
//! operator (`name`, `from_name`, `family`, `is_negated`, [`classify`], `ALL`) is read from that
//! table, so an operator is described in exactly one place.
//!
//! Why these families and negations: "IAM JSON policy elements: Condition operators" lists the
//! operators family by family (string, numeric, date, Boolean, binary, IP address, ARN, `Null`);
//! the negated ones are those whose name says "Not" (`StringNotEquals`, `NotIpAddress`,
//! `ArnNotLike`, ...): with several values the key must match none of them, and a missing key
//! makes them true.

use std::cmp::Ordering;

use serde::Serialize;

/// A condition operator: an optional set qualifier, a base operator, and `IfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operator {
    /// `ForAllValues:` or `ForAnyValue:`.
    pub qualifier: Option<SetQualifier>,
    /// The operator proper.
    pub base: BaseOperator,
    /// Whether the `IfExists` suffix is present.
    pub if_exists: bool,
}

/// The set qualifiers for multivalued keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum SetQualifier {
    /// `ForAllValues:`.
    ForAllValues,
    /// `ForAnyValue:`.
    ForAnyValue,
}

/// Declares [`BaseOperator`] and its table: one row per operator, in the order of the AWS
/// documentation, giving its family and whether it is negated. The variant's name is the AWS
/// name.
macro_rules! operators {
    ($($op:ident => $family:expr, $negated:expr;)*) => {
        /// The base condition operators.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        #[expect(missing_docs, reason = "the variant names are the AWS operator names")]
        pub enum BaseOperator {
            $($op,)*
        }

        impl BaseOperator {
            /// All base operators, in the order of the AWS documentation.
            pub const ALL: [Self; 27] = [$(Self::$op,)*];

            /// The AWS name, e.g. `StringEquals`.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$op => stringify!($op),)*
                }
            }

            /// The operator's row of the table: its family and whether it is negated.
            const fn row(self) -> (Family, bool) {
                match self {
                    $(Self::$op => ($family, $negated),)*
                }
            }
        }
    };
}

operators! {
    StringEquals => Family::String, false;
    StringNotEquals => Family::String, true;
    StringEqualsIgnoreCase => Family::StringIgnoreCase, false;
    StringNotEqualsIgnoreCase => Family::StringIgnoreCase, true;
    StringLike => Family::StringLike, false;
    StringNotLike => Family::StringLike, true;
    NumericEquals => Family::Numeric(Comparison::Equal), false;
    NumericNotEquals => Family::Numeric(Comparison::Equal), true;
    NumericLessThan => Family::Numeric(Comparison::Less), false;
    NumericLessThanEquals => Family::Numeric(Comparison::LessOrEqual), false;
    NumericGreaterThan => Family::Numeric(Comparison::Greater), false;
    NumericGreaterThanEquals => Family::Numeric(Comparison::GreaterOrEqual), false;
    DateEquals => Family::Date(Comparison::Equal), false;
    DateNotEquals => Family::Date(Comparison::Equal), true;
    DateLessThan => Family::Date(Comparison::Less), false;
    DateLessThanEquals => Family::Date(Comparison::LessOrEqual), false;
    DateGreaterThan => Family::Date(Comparison::Greater), false;
    DateGreaterThanEquals => Family::Date(Comparison::GreaterOrEqual), false;
    Bool => Family::Bool, false;
    BinaryEquals => Family::Binary, false;
    IpAddress => Family::Ip, false;
    NotIpAddress => Family::Ip, true;
    ArnEquals => Family::Arn, false;
    ArnNotEquals => Family::Arn, true;
    ArnLike => Family::Arn, false;
    ArnNotLike => Family::Arn, true;
    Null => Family::Null, false;
}

/// The family of a base operator, which decides how its values are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum OperatorFamily {
    /// `String*`: text, compared exactly, ignoring case, or with `*`/`?` wildcards.
    String,
    /// `Numeric*`: integers and decimals.
    Numeric,
    /// `Date*`: ISO 8601 dates and date-times, or epoch seconds.
    Date,
    /// `Bool`: `true` or `false`.
    Bool,
    /// `BinaryEquals`: base64.
    Binary,
    /// `IpAddress`/`NotIpAddress`: IPv4 or IPv6 addresses and CIDR blocks.
    IpAddress,
    /// `Arn*`: ARNs, compared part by part.
    Arn,
    /// `Null`: whether the key is absent (`true`) or present (`false`).
    Null,
}

/// The family of an operator: decides how values are read and compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// `StringEquals`, `StringNotEquals` (case-sensitive, exact).
    String,
    /// `StringEqualsIgnoreCase`, `StringNotEqualsIgnoreCase`.
    StringIgnoreCase,
    /// `StringLike`, `StringNotLike` (`*` and `?`).
    StringLike,
    /// `Numeric*`, with the comparison the operator makes.
    Numeric(Comparison),
    /// `Date*`, with the comparison the operator makes.
    Date(Comparison),
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress`, `NotIpAddress`.
    Ip,
    /// `ArnEquals`, `ArnLike` and their negations (identical comparison, see `arn_like`).
    Arn,
    /// `Null`.
    Null,
}

/// How a request value must relate to a policy value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// Equal (also used by the `NotEquals` operators, which negate it).
    Equal,
    /// Request value less than the policy value.
    Less,
    /// Less or equal.
    LessOrEqual,
    /// Greater.
    Greater,
    /// Greater or equal.
    GreaterOrEqual,
}

impl Comparison {
    /// Whether `ordering` (request value compared with policy value) satisfies the comparison.
    #[must_use]
    pub const fn holds(self, ordering: Ordering) -> bool {
        match self {
            Self::Equal => matches!(ordering, Ordering::Equal),
            Self::Less => matches!(ordering, Ordering::Less),
            Self::LessOrEqual => !matches!(ordering, Ordering::Greater),
            Self::Greater => matches!(ordering, Ordering::Greater),
            Self::GreaterOrEqual => !matches!(ordering, Ordering::Less),
        }
    }

    /// The comparison in words, for explanations.
    #[must_use]
    pub const fn words(self) -> &'static str {
        match self {
            Self::Equal => "equal to",
            Self::Less => "less than",
            Self::LessOrEqual => "at most",
            Self::Greater => "greater than",
            Self::GreaterOrEqual => "at least",
        }
    }
}

impl Family {
    /// The coarse family, as validation messages and completions name it.
    #[must_use]
    pub const fn coarse(self) -> OperatorFamily {
        match self {
            Self::String | Self::StringIgnoreCase | Self::StringLike => OperatorFamily::String,
            Self::Numeric(_) => OperatorFamily::Numeric,
            Self::Date(_) => OperatorFamily::Date,
            Self::Bool => OperatorFamily::Bool,
            Self::Binary => OperatorFamily::Binary,
            Self::Ip => OperatorFamily::IpAddress,
            Self::Arn => OperatorFamily::Arn,
            Self::Null => OperatorFamily::Null,
        }
    }
}

/// The family of `op` and whether it is a negated operator (the key must match none of the
/// values): `StringNotEquals`, `StringNotEqualsIgnoreCase`, `StringNotLike`, `NumericNotEquals`,
/// `DateNotEquals`, `NotIpAddress`, `ArnNotEquals`, `ArnNotLike`.
#[must_use]
pub const fn classify(op: BaseOperator) -> (Family, bool) {
    op.row()
}

impl BaseOperator {
    /// The base operator called exactly `name` (operator names are case-sensitive).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.name() == name)
    }

    /// How the operator reads its values.
    #[must_use]
    pub const fn family(self) -> OperatorFamily {
        self.row().0.coarse()
    }

    /// Whether the operator is negated (`StringNotEquals`, `NotIpAddress`, ...): with several
    /// values the key must match none of them, and a missing key makes it true.
    #[must_use]
    pub const fn is_negated(self) -> bool {
        self.row().1
    }
}

impl Operator {
    /// Reads an operator such as `StringEquals`, `ForAnyValue:StringLikeIfExists` or `Null`.
    ///
    /// Why names are case-sensitive: the IAM policy grammar ("Grammar of the IAM JSON policy
    /// language") lists every condition type as a literal string, and the "Condition" page says
    /// only context *key names* are case-insensitive. So `stringequals` is not an operator; the
    /// linter suggests the right spelling. `IfExists` cannot be added to `Null` ("Condition
    /// operators" page: "You can add IfExists to the end of any condition operator name except
    /// the Null condition").
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::policy::model::{BaseOperator, Operator, SetQualifier};
    ///
    /// let op = Operator::parse("ForAllValues:StringLikeIfExists").unwrap();
    /// assert_eq!(op.qualifier, Some(SetQualifier::ForAllValues));
    /// assert_eq!(op.base, BaseOperator::StringLike);
    /// assert!(op.if_exists);
    /// assert_eq!(Operator::parse("stringequals"), None);
    /// ```
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let (qualifier, rest) = if let Some(rest) = text.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), rest)
        } else if let Some(rest) = text.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), rest)
        } else {
            (None, text)
        };
        if let Some(base) = BaseOperator::from_name(rest) {
            return Some(Self {
                qualifier,
                base,
                if_exists: false,
            });
        }
        let base = BaseOperator::from_name(rest.strip_suffix("IfExists")?)?;
        if base == BaseOperator::Null {
            return None;
        }
        Some(Self {
            qualifier,
            base,
            if_exists: true,
        })
    }

    /// The operator's name as AWS writes it, e.g. `ForAnyValue:StringLikeIfExists`.
    #[must_use]
    pub fn name(&self) -> String {
        let qualifier = match self.qualifier {
            Some(SetQualifier::ForAllValues) => "ForAllValues:",
            Some(SetQualifier::ForAnyValue) => "ForAnyValue:",
            None => "",
        };
        let suffix = if self.if_exists { "IfExists" } else { "" };
        format!("{qualifier}{}{suffix}", self.base.name())
    }
}

#[cfg(test)]
mod tests {
    use super::{BaseOperator, Family, OperatorFamily};

    #[test]
    fn every_operator_is_found_by_its_name_only() {
        for op in BaseOperator::ALL {
            assert_eq!(BaseOperator::from_name(op.name()), Some(op));
            assert_eq!(BaseOperator::from_name(&op.name().to_lowercase()), None);
        }
    }

    #[test]
    fn negated_operators_are_those_whose_name_says_not() {
        for op in BaseOperator::ALL {
            assert_eq!(op.is_negated(), op.name().contains("Not"), "{}", op.name());
        }
    }

    #[test]
    fn the_family_is_the_name_prefix() {
        for op in BaseOperator::ALL {
            let prefix = match op.family() {
                OperatorFamily::String => "String",
                OperatorFamily::Numeric => "Numeric",
                OperatorFamily::Date => "Date",
                OperatorFamily::Bool => "Bool",
                OperatorFamily::Binary => "Binary",
                OperatorFamily::IpAddress => "IpAddress",
                OperatorFamily::Arn => "Arn",
                OperatorFamily::Null => "Null",
            };
            assert!(
                op.name().trim_start_matches("Not").starts_with(prefix),
                "{}",
                op.name()
            );
        }
        assert_eq!(
            super::classify(BaseOperator::StringLike).0,
            Family::StringLike
        );
    }
}
