//! The spanned policy model: what a policy document says, with where it says it.
//!
//! The model is lenient: it holds whatever could be understood from the text, and the
//! diagnostics produced while building it say what could not. An element that is missing or
//! invalid is `None` (or empty) here; the evaluator treats such a statement as not applying.
//!
//! It sits low in the layers (it uses only `span`, `kind` and `value`): the matchers, the condition
//! operators, the readers in `policy` and the evaluator all build on it. `policy::model` is the
//! same module, re-exported where it used to live.

use serde::{Deserialize, Serialize};

use crate::span::{Span, Spanned};
use crate::value::{TypedValue, ValueError};

pub use crate::kind::PolicyKind;
pub use operator::{
    BaseOperator, Comparison, Family, Operator, OperatorFamily, SetQualifier, classify,
};

mod operator;

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

impl Policy {
    /// A policy with no statement over `span`: what a text that is not a policy at all reads
    /// as, before its statements are lowered.
    #[must_use]
    pub const fn empty(span: Span) -> Self {
        Self {
            version: None,
            id: None,
            statements: Vec::new(),
            variables_enabled: false,
            span,
        }
    }

    /// The `Principal` (or `NotPrincipal`) elements of the `Allow` statements: whom a trust or
    /// resource-based policy can grant access to.
    pub fn allow_principals(&self) -> impl Iterator<Item = &PrincipalElement> {
        self.statements
            .iter()
            .filter(|s| s.is_allow())
            .filter_map(|s| s.principal.as_ref())
    }
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// Whether the statement's `Effect` is `Allow` (false when it is missing or unreadable).
    #[must_use]
    pub fn is_allow(&self) -> bool {
        self.effect
            .as_ref()
            .is_some_and(|e| e.value == Effect::Allow)
    }

    /// A short human name: the Sid if there is one, otherwise `#N` (1-based).
    #[must_use]
    pub fn display_name(&self) -> String {
        match &self.sid {
            Some(sid) if !sid.value.is_empty() => sid.value.clone(),
            _ => format!("#{}", self.index + 1),
        }
    }
}

/// The statement elements that have a `Not` form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Negatable {
    /// `Principal` / `NotPrincipal`.
    Principal,
    /// `Action` / `NotAction`.
    Action,
    /// `Resource` / `NotResource`.
    Resource,
}

impl Negatable {
    /// The element's key as written: `Principal`, `Action`, `Resource`, or when `negated`
    /// their `Not` form.
    #[must_use]
    pub const fn key(self, negated: bool) -> &'static str {
        match (self, negated) {
            (Self::Principal, false) => "Principal",
            (Self::Principal, true) => "NotPrincipal",
            (Self::Action, false) => "Action",
            (Self::Action, true) => "NotAction",
            (Self::Resource, false) => "Resource",
            (Self::Resource, true) => "NotResource",
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
    /// The values read for the operator, one per value, once, when the condition was built
    /// (`Condition::new`, in `condition`): what the evaluator compares. Empty for an unknown
    /// operator.
    #[serde(skip)]
    pub(crate) typed: Vec<Result<TypedValue, ValueError>>,
}

impl Condition {
    /// The values read for the operator, in the order of [`Condition::values`] (empty for an
    /// unknown operator).
    pub fn typed(&self) -> &[Result<TypedValue, ValueError>] {
        &self.typed
    }
}
