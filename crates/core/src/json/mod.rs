//! A small JSON reader that keeps the byte span of every value and key.
//!
//! serde_json cannot say where a value was written, and the editor must underline the exact
//! place of every problem, so Rolecall reads JSON itself. The reader:
//!
//! - never panics and never fails: it returns what it could read plus diagnostics;
//! - keeps numbers as their source text (a condition value `10` stays `"10"`);
//! - decodes every string escape, including `\uXXXX` surrogate pairs;
//! - limits nesting to [`MAX_DEPTH`] levels so that hostile input cannot exhaust the stack;
//! - reports, and steps over, trailing commas, comments and missing commas, so that one slip
//!   does not hide the rest of the document;
//! - reports duplicate object keys and keeps every member (consumers take the last one).
//!
//! Why duplicates are a warning, with the last value winning: IAM accepts a policy with a key
//! written twice and keeps the last occurrence, as a typical JSON object reader does. The AWS
//! documentation does not describe this case; the Terraform AWS provider added its own
//! duplicate-key check (hashicorp/terraform-provider-aws#33026, #33570) precisely because IAM
//! silently accepts such documents and the earlier `Condition` values then do nothing, which can
//! make a policy more permissive than it reads.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::span::{Span, Spanned};

mod reader;
mod strings;
#[cfg(test)]
mod tests;

/// The deepest nesting of arrays and objects the reader accepts.
pub const MAX_DEPTH: usize = 128;

/// A JSON value with its span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Value {
    /// What it is.
    pub kind: ValueKind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of JSON values. Numbers keep their source text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ValueKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object; members in document order, duplicates kept (and reported).
    Object(Vec<Member>),
}

/// A key and its value in an object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Member {
    /// The key, unescaped, with the span of the quoted key.
    pub key: Spanned<String>,
    /// The value.
    pub value: Value,
}

impl Value {
    /// The string, if this is a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members, if this is an object.
    #[must_use]
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.kind {
            ValueKind::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    #[must_use]
    pub fn as_array(&self) -> Option<&[Value]> {
        match &self.kind {
            ValueKind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The value of the last member called `key` (the one AWS uses), if this is an object.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        member(self.as_object()?, key)
    }

    /// A short name of the value's type for messages: `a string`, `a number`, `an object`, ...
    #[must_use]
    pub const fn type_name(&self) -> &'static str {
        match self.kind {
            ValueKind::Null => "null",
            ValueKind::Bool(_) => "a boolean",
            ValueKind::Number(_) => "a number",
            ValueKind::String(_) => "a string",
            ValueKind::Array(_) => "an array",
            ValueKind::Object(_) => "an object",
        }
    }
}

/// The value of the last member called `key` among `members` (a duplicate key is reported by
/// the reader; the last one is the one AWS uses).
#[must_use]
pub fn member<'v>(members: &'v [Member], key: &str) -> Option<&'v Value> {
    members
        .iter()
        .rev()
        .find(|m| m.key.value == key)
        .map(|m| &m.value)
}

/// Parses `text` as JSON. Never fails: returns the value (if any could be read) and diagnostics.
///
/// When the text is broken, the value holds what was read before the break (an unclosed object
/// keeps its complete members), and the diagnostics say where it broke.
///
/// # Examples
///
/// ```
/// use rolecall_core::json::{parse, ValueKind};
///
/// let (value, diagnostics) = parse(r#"{"Version": "2012-10-17",}"#);
/// assert_eq!(diagnostics[0].code, "trailing-comma");
/// assert!(matches!(value.unwrap().kind, ValueKind::Object(members) if members.len() == 1));
/// ```
#[must_use]
pub fn parse(text: &str) -> (Option<Value>, Vec<Diagnostic>) {
    let parsed = parse_document(text);
    (parsed.value, parsed.diagnostics)
}

/// The result of [`parse_document`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// What could be read.
    pub value: Option<Value>,
    /// The problems found, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the whole text was read. When `false`, reading stopped at an error and the
    /// value (if any) is only the part before it: a consumer should not report elements as
    /// missing, since they may be in the unread rest.
    pub complete: bool,
}

/// Like [`parse`], and also says whether the whole text could be read.
#[must_use]
pub fn parse_document(text: &str) -> Parsed {
    reader::parse(text)
}
