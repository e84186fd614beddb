//! The spanned policy model: what a policy document says, with where it says it.
//!
//! The model is lenient: it holds whatever could be understood from the text, and the
//! diagnostics produced while building it say what could not. An element that is missing or
//! invalid is `None` (or empty) here; the evaluator treats such a statement as not applying.
//!
//! It sits low in the layers (it uses only `span` and `kind`): the matchers, the condition
//! operators, the readers in `policy` and the evaluator all build on it. `policy::model` is the
//! same module, re-exported where it used to live.

use serde::Serialize;

use crate::span::{Span, Spanned};

pub use crate::kind::PolicyKind;

/// A parsed policy document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// The `Version` element, as written.
    pub version: Option<Spanned<String>>,
    /// The `Id` element.
    pub id: Option<Spanned<String>>,
    /// The statements, in document order.
    pub statements: Vec<Statement>,
    /// Whether `${...}` policy variables are substituted: only when `Version` is `2012-10-17`.
    pub variables_enabled: bool,
    /// The span of the whole document (the top-level object).
    pub span: Span,
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Effect {
    /// The statement grants.
    Allow,
    /// The statement denies.
    Deny,
}

/// One statement of a policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    /// The position of the statement in the document, from 0.
    pub index: usize,
    /// The `Sid` element.
    pub sid: Option<Spanned<String>>,
    /// The `Effect` element; `None` when missing or invalid (the statement then never applies).
    pub effect: Option<Spanned<Effect>>,
    /// `Principal` or `NotPrincipal`.
    pub principal: Option<PrincipalElement>,
    /// `Action` or `NotAction`.
    pub action: Option<ListElement>,
    /// `Resource` or `NotResource`.
    pub resource: Option<ListElement>,
    /// The conditions of the `Condition` element, flattened: one entry per operator and key.
    pub conditions: Vec<Condition>,
    /// The span of the statement object.
    pub span: Span,
}

impl Statement {
    /// A short human name: the Sid if there is one, otherwise `#N` (1-based).
    #[must_use]
    pub fn display_name(&self) -> String {
        match &self.sid {
            Some(sid) if !sid.value.is_empty() => sid.value.clone(),
            _ => format!("#{}", self.index + 1),
        }
    }
}

/// `Action`/`NotAction` or `Resource`/`NotResource`: a list of patterns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListElement {
    /// Whether this is the `Not...` form.
    pub negated: bool,
    /// The span of the element's key (`"Action"`).
    pub key_span: Span,
    /// The patterns (a single string is a list of one).
    pub values: Vec<Spanned<String>>,
}

/// `Principal` or `NotPrincipal`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalElement {
    /// Whether this is `NotPrincipal`.
    pub negated: bool,
    /// The span of the element's key.
    pub key_span: Span,
    /// The value.
    pub value: PrincipalValue,
}

/// The value of a `Principal` element.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum PrincipalValue {
    /// `"*"`: everyone, including anonymous callers.
    Wildcard(Span),
    /// `{"AWS": ..., "Service": ..., ...}`.
    Map(Vec<PrincipalEntry>),
}

/// The type of an entry in a principal map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum PrincipalType {
    /// `AWS`: accounts, users, roles, sessions, or `*`.
    Aws,
    /// `Service`: a service principal such as `ec2.amazonaws.com`.
    Service,
    /// `Federated`: a SAML or OIDC provider, or a web identity provider name.
    Federated,
    /// `CanonicalUser`: an S3 canonical user id.
    CanonicalUser,
}

/// One key of a principal map with its values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalEntry {
    /// `AWS`, `Service`, ...
    pub kind: PrincipalType,
    /// The span of the key.
    pub key_span: Span,
    /// The values.
    pub values: Vec<Spanned<String>>,
}

/// One condition: an operator applied to one context key with one or more values.
///
/// `"Condition": {"StringEquals": {"a": "1", "b": ["2", "3"]}}` gives two conditions. All
/// conditions of a statement must hold (AND); the values of one condition are alternatives (OR,
/// or NOR for negated operators).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    /// The operator as written, e.g. `ForAnyValue:StringLikeIfExists`.
    pub operator_text: Spanned<String>,
    /// The understood operator; `None` when unknown (the condition then never holds).
    pub operator: Option<Operator>,
    /// The context key as written (compared case-insensitively).
    pub key: Spanned<String>,
    /// The values as text (JSON numbers and booleans are kept as their text).
    pub values: Vec<Spanned<String>>,
}

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

/// The base condition operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[expect(missing_docs, reason = "the variant names are the AWS operator names")]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnNotEquals,
    ArnLike,
    ArnNotLike,
    Null,
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

impl BaseOperator {
    /// All base operators, in the order of the AWS documentation.
    pub const ALL: [Self; 27] = [
        Self::StringEquals,
        Self::StringNotEquals,
        Self::StringEqualsIgnoreCase,
        Self::StringNotEqualsIgnoreCase,
        Self::StringLike,
        Self::StringNotLike,
        Self::NumericEquals,
        Self::NumericNotEquals,
        Self::NumericLessThan,
        Self::NumericLessThanEquals,
        Self::NumericGreaterThan,
        Self::NumericGreaterThanEquals,
        Self::DateEquals,
        Self::DateNotEquals,
        Self::DateLessThan,
        Self::DateLessThanEquals,
        Self::DateGreaterThan,
        Self::DateGreaterThanEquals,
        Self::Bool,
        Self::BinaryEquals,
        Self::IpAddress,
        Self::NotIpAddress,
        Self::ArnEquals,
        Self::ArnNotEquals,
        Self::ArnLike,
        Self::ArnNotLike,
        Self::Null,
    ];

    /// The AWS name, e.g. `StringEquals`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::StringEquals => "StringEquals",
            Self::StringNotEquals => "StringNotEquals",
            Self::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            Self::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            Self::StringLike => "StringLike",
            Self::StringNotLike => "StringNotLike",
            Self::NumericEquals => "NumericEquals",
            Self::NumericNotEquals => "NumericNotEquals",
            Self::NumericLessThan => "NumericLessThan",
            Self::NumericLessThanEquals => "NumericLessThanEquals",
            Self::NumericGreaterThan => "NumericGreaterThan",
            Self::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            Self::DateEquals => "DateEquals",
            Self::DateNotEquals => "DateNotEquals",
            Self::DateLessThan => "DateLessThan",
            Self::DateLessThanEquals => "DateLessThanEquals",
            Self::DateGreaterThan => "DateGreaterThan",
            Self::DateGreaterThanEquals => "DateGreaterThanEquals",
            Self::Bool => "Bool",
            Self::BinaryEquals => "BinaryEquals",
            Self::IpAddress => "IpAddress",
            Self::NotIpAddress => "NotIpAddress",
            Self::ArnEquals => "ArnEquals",
            Self::ArnNotEquals => "ArnNotEquals",
            Self::ArnLike => "ArnLike",
            Self::ArnNotLike => "ArnNotLike",
            Self::Null => "Null",
        }
    }

    /// The base operator called exactly `name` (operator names are case-sensitive).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.name() == name)
    }

    /// How the operator reads its values.
    #[must_use]
    pub const fn family(self) -> OperatorFamily {
        match self {
            Self::StringEquals
            | Self::StringNotEquals
            | Self::StringEqualsIgnoreCase
            | Self::StringNotEqualsIgnoreCase
            | Self::StringLike
            | Self::StringNotLike => OperatorFamily::String,
            Self::NumericEquals
            | Self::NumericNotEquals
            | Self::NumericLessThan
            | Self::NumericLessThanEquals
            | Self::NumericGreaterThan
            | Self::NumericGreaterThanEquals => OperatorFamily::Numeric,
            Self::DateEquals
            | Self::DateNotEquals
            | Self::DateLessThan
            | Self::DateLessThanEquals
            | Self::DateGreaterThan
            | Self::DateGreaterThanEquals => OperatorFamily::Date,
            Self::Bool => OperatorFamily::Bool,
            Self::BinaryEquals => OperatorFamily::Binary,
            Self::IpAddress | Self::NotIpAddress => OperatorFamily::IpAddress,
            Self::ArnEquals | Self::ArnNotEquals | Self::ArnLike | Self::ArnNotLike => {
                OperatorFamily::Arn
            }
            Self::Null => OperatorFamily::Null,
        }
    }

    /// Whether the operator is negated (`StringNotEquals`, `NotIpAddress`, ...): with several
    /// values the key must match none of them, and a missing key makes it true.
    #[must_use]
    pub const fn is_negated(self) -> bool {
        matches!(
            self,
            Self::StringNotEquals
                | Self::StringNotEqualsIgnoreCase
                | Self::StringNotLike
                | Self::NumericNotEquals
                | Self::DateNotEquals
                | Self::NotIpAddress
                | Self::ArnNotEquals
                | Self::ArnNotLike
        )
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
