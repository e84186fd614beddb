//! The policies of a `rolecall simulate` line, each read through the cache from its object in
//! the line or from the policy text a string holds, with its warnings placed in the line.

use serde_json::value::RawValue;

use crate::diagnostic::render::{LineCol, line_col};
use crate::document::{DocumentId, LineField};
use crate::evaluate::NamedPolicy;
use crate::policy::model::PolicyKind;
use crate::simulate::SimulateWarning;
use crate::simulate::cache::{PolicyCache, Readable};
use crate::simulate::line_error::{LineError, offset};

/// Reads the policies of one line.
pub(super) struct PolicyReader<'l, 'c> {
    /// The line the policies are slices of.
    pub(super) line: &'l str,
    /// The policies read so far, by kind and text.
    pub(super) cache: &'c mut PolicyCache,
    /// The warnings of the policies read so far (an entry that can never match, ...).
    pub(super) warnings: Vec<SimulateWarning>,
}

impl PolicyReader<'_, '_> {
    fn at(&self, raw: &RawValue) -> Option<usize> {
        Some(offset(self.line, raw))
    }

    fn one(
        &mut self,
        raw: &RawValue,
        field: LineField,
        kind: PolicyKind,
    ) -> Result<NamedPolicy, LineError> {
        let path = DocumentId::Line(field).to_string();
        let text = raw.get();
        let start = offset(self.line, raw);
        let readable = match text.as_bytes().first() {
            Some(b'"') => {
                let inner: String = serde_json::from_str(text).map_err(|_| {
                    LineError::new(
                        format!("`{path}` is not valid Unicode (it has a lone surrogate)"),
                        self.at(raw),
                    )
                })?;
                let readable = self.cache.get(kind, &inner).map_err(|(message, at)| {
                    let LineCol { line, column } = line_col(&inner, at);
                    let place = if inner.contains('\n') {
                        format!("line {line}, column {column}")
                    } else {
                        format!("column {column}")
                    };
                    LineError::new(
                        format!("`{path}`: {message} at {place} of the policy text"),
                        self.at(raw),
                    )
                })?;
                for w in readable.warnings.iter() {
                    let place = line_col(&inner, w.at);
                    self.warnings.push(SimulateWarning {
                        code: w.code,
                        message: w.message.clone(),
                        field: path.clone(),
                        line: None,
                        column: line_col(self.line, start).column,
                        text_line: Some(place.line),
                        text_column: Some(place.column),
                    });
                }
                readable
            }
            // The object is a slice of the line: the error points into the line itself.
            Some(b'{') => {
                let readable = self.cache.get(kind, text).map_err(|(message, at)| {
                    LineError::new(format!("`{path}`: {message}"), Some(start + at))
                })?;
                self.warnings
                    .extend(readable.warnings.iter().map(|w| SimulateWarning {
                        code: w.code,
                        message: w.message.clone(),
                        field: path.clone(),
                        line: None,
                        column: line_col(self.line, start + w.at).column,
                        text_line: None,
                        text_column: None,
                    }));
                readable
            }
            _ => {
                return Err(LineError::new(
                    format!("`{path}` must be a policy object or a string holding one"),
                    self.at(raw),
                ));
            }
        };
        let Readable { policy, .. } = readable;
        let name = policy
            .id
            .as_ref()
            .map_or_else(|| path.clone(), |id| id.value.clone());
        Ok(NamedPolicy {
            name,
            kind,
            policy,
            source: Some(DocumentId::Line(field)),
        })
    }

    /// A field of one policy (`null` is absent).
    pub(super) fn optional(
        &mut self,
        raw: Option<&RawValue>,
        field: &'static str,
        kind: PolicyKind,
    ) -> Result<Option<NamedPolicy>, LineError> {
        raw.filter(|r| r.get() != "null")
            .map(|p| self.one(p, LineField::one(field), kind))
            .transpose()
    }

    pub(super) fn list(
        &mut self,
        raw: Option<&[&RawValue]>,
        (field, level): (&'static str, Option<usize>),
        kind: PolicyKind,
    ) -> Result<Vec<NamedPolicy>, LineError> {
        raw.unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let at = LineField {
                    field,
                    level,
                    index: Some(i),
                };
                self.one(item, at, kind)
            })
            .collect()
    }

    pub(super) fn levels(
        &mut self,
        raw: Option<&[Vec<&RawValue>]>,
        field: &'static str,
        kind: PolicyKind,
    ) -> Result<Vec<Vec<NamedPolicy>>, LineError> {
        raw.unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, level)| self.list(Some(level), (field, Some(i)), kind))
            .collect()
    }
}
