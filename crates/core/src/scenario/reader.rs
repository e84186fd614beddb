//! Typed reading of spanned JSON values, collecting a diagnostic for every wrong type and
//! every unknown field. Used by the scenario parser.

use crate::diagnostic::{Diagnostic, scenario as diag};
use crate::json::{Member, Value, ValueKind, member};
use crate::request::ContextValue;
use crate::scenario::arn::is_account_id;
use crate::scenario::model::{DocumentForm, Identity, KeyValues, PolicyDocument};
use crate::span::{Span, Spanned};

/// An identity with the spans of its group references (checked once all identities are read).
pub(crate) type ReadIdentity = (Identity, Vec<Spanned<String>>);

/// Reads values out of one scenario text and collects diagnostics.
#[derive(Debug)]
pub(crate) struct Reader<'t> {
    /// The whole scenario text (object-form policy documents are slices of it).
    pub text: &'t str,
    /// Everything found so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'t> Reader<'t> {
    /// An account id, reported when it is not 12 digits (the value is kept either way).
    pub fn account(&mut self, value: Option<Spanned<String>>) -> Option<String> {
        let value = value?;
        if !is_account_id(&value.value) {
            self.diagnostics
                .push(diag::invalid_account(value.span, &value.value));
        }
        Some(value.value)
    }

    /// A reader over `text`.
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            diagnostics: Vec::new(),
        }
    }

    /// The members of an object, after reporting every member not in `known`. Reports a wrong
    /// type and returns `None` if `value` is not an object.
    pub fn object<'v>(
        &mut self,
        value: &'v Value,
        field: &str,
        place: &str,
        known: &[&str],
    ) -> Option<&'v [Member]> {
        let members = self.of_type(value, field, "an object", Value::as_object)?;
        for m in members {
            if !known.contains(&m.key.value.as_str()) {
                self.diagnostics
                    .push(diag::unknown_field(m.key.span, &m.key.value, place, known));
            }
        }
        Some(members)
    }

    /// Reports that `value` (of field `field`) should be `expected`.
    pub fn wrong(&mut self, value: &Value, field: &str, expected: &str) {
        self.diagnostics.push(diag::wrong_type(
            value.span,
            field,
            expected,
            value.type_name(),
        ));
    }

    /// `value` as `read` reads it ([`Value::as_str`], [`Value::as_array`],
    /// [`Value::as_object`]), or a wrong-type diagnostic saying it should be `expected`.
    pub fn of_type<'v, T: ?Sized>(
        &mut self,
        value: &'v Value,
        field: &str,
        expected: &str,
        read: impl FnOnce(&'v Value) -> Option<&'v T>,
    ) -> Option<&'v T> {
        let read = read(value);
        if read.is_none() {
            self.wrong(value, field, expected);
        }
        read
    }

    /// A string value, or a wrong-type diagnostic.
    pub fn string(&mut self, value: &Value, field: &str) -> Option<Spanned<String>> {
        let s = self.of_type(value, field, "a string", Value::as_str)?;
        Some(Spanned::new(s.to_owned(), value.span))
    }

    /// The optional string member `name`.
    pub fn opt_string(&mut self, members: &[Member], name: &str) -> Option<String> {
        let value = member(members, name)?;
        self.string(value, name).map(|s| s.value)
    }

    /// The member `name` of the object at `span` (`place` in messages), or a diagnostic that
    /// it is missing.
    pub fn required<'v>(
        &mut self,
        members: &'v [Member],
        name: &str,
        place: &str,
        span: Span,
    ) -> Option<&'v Value> {
        let found = member(members, name);
        if found.is_none() {
            self.diagnostics
                .push(diag::missing_field(span.opening(), name, place));
        }
        found
    }

    /// The required string member `name` of the object at `span`.
    pub fn req_string(
        &mut self,
        members: &[Member],
        name: &str,
        place: &str,
        span: Span,
    ) -> Option<Spanned<String>> {
        let value = self.required(members, name, place, span)?;
        self.string(value, name)
    }

    /// An array member, its elements read by `read`; absent means empty.
    pub fn list<T>(
        &mut self,
        members: &[Member],
        name: &str,
        mut read: impl FnMut(&mut Self, &Value) -> Option<T>,
    ) -> Vec<T> {
        let items = member(members, name)
            .and_then(|value| self.of_type(value, name, "an array", Value::as_array))
            .unwrap_or_default();
        items.iter().filter_map(|item| read(self, item)).collect()
    }

    /// An array of strings; absent means empty.
    pub fn string_list(&mut self, members: &[Member], name: &str) -> Vec<Spanned<String>> {
        self.list(members, name, |r, v| r.string(v, name))
    }

    /// An object of string values (tags); absent means empty.
    pub fn string_map(&mut self, members: &[Member], name: &str) -> KeyValues<String> {
        self.map(members, name, |r, field, v| {
            r.string(v, field).map(|s| s.value)
        })
    }

    /// An object of context values (strings, numbers, booleans or arrays of them).
    pub fn context_map(&mut self, members: &[Member], name: &str) -> KeyValues<ContextValue> {
        self.map(members, name, |r, field, v| r.context_value(v, field))
    }

    /// An object whose values are read by `read`, which gets the field name to use in messages
    /// (`tags.team`); absent means empty.
    pub fn map<T>(
        &mut self,
        members: &[Member],
        name: &str,
        mut read: impl FnMut(&mut Self, &str, &Value) -> Option<T>,
    ) -> KeyValues<T> {
        let entries = member(members, name)
            .and_then(|value| self.of_type(value, name, "an object", Value::as_object))
            .unwrap_or_default();
        KeyValues(
            entries
                .iter()
                .filter_map(|m| {
                    let field = format!("{name}.{}", m.key.value);
                    read(self, &field, &m.value).map(|v| (m.key.value.clone(), v))
                })
                .collect(),
        )
    }

    /// A context value: a scalar (kept as text) or an array of scalars.
    pub fn context_value(&mut self, value: &Value, field: &str) -> Option<ContextValue> {
        if let ValueKind::Array(items) = &value.kind {
            let values = items
                .iter()
                .filter_map(|item| self.scalar(item, field))
                .collect();
            return Some(ContextValue::Multi(values));
        }
        self.scalar(value, field).map(ContextValue::Single)
    }

    fn scalar(&mut self, value: &Value, field: &str) -> Option<String> {
        match &value.kind {
            ValueKind::String(s) | ValueKind::Number(s) => Some(s.clone()),
            ValueKind::Bool(b) => Some(b.to_string()),
            _ => {
                self.wrong(value, field, "a string, number, boolean or array of them");
                None
            }
        }
    }

    /// A boolean member; absent (or of the wrong type, which is reported) reads as `false`.
    pub fn boolean(&mut self, members: &[Member], name: &str) -> bool {
        match member(members, name) {
            Some(Value {
                kind: ValueKind::Bool(b),
                ..
            }) => *b,
            Some(v) => {
                self.wrong(v, name, "a boolean");
                false
            }
            None => false,
        }
    }

    /// A non-negative integer member, checked against `min..=max`.
    pub fn integer(&mut self, members: &[Member], name: &str, min: u64, max: u64) -> Option<u64> {
        let value = member(members, name)?;
        let ValueKind::Number(text) = &value.kind else {
            self.wrong(value, name, "a number");
            return None;
        };
        match text.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                let range = format!("from {min} to {max}");
                self.diagnostics
                    .push(diag::invalid_number(value.span, name, text, &range));
                None
            }
        }
    }

    /// A policy document: an object (its exact text is kept) or a string holding the text.
    pub fn document(&mut self, value: &Value, field: &str) -> Option<PolicyDocument> {
        match &value.kind {
            ValueKind::Object(_) => {
                let text = self.text.get(value.span.start..value.span.end)?;
                Some(PolicyDocument {
                    text: text.to_owned(),
                    form: DocumentForm::Object,
                    offset: Some(value.span.start),
                    span: value.span,
                    reference: None,
                })
            }
            ValueKind::String(s) => {
                // Positions map one to one only when the string has no escape sequence.
                let raw = self
                    .text
                    .get(value.span.start + 1..value.span.end.saturating_sub(1));
                let offset = (raw == Some(s.as_str())).then_some(value.span.start + 1);
                Some(PolicyDocument {
                    text: s.clone(),
                    form: DocumentForm::String,
                    offset,
                    span: value.span,
                    reference: None,
                })
            }
            _ => {
                self.wrong(value, field, "an object or a string");
                None
            }
        }
    }
}
