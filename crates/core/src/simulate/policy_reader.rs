//! The policies of a `rolecall simulate` line, each read through the cache from its object in
//! the line or from the policy text a string holds, with its warnings placed in the line.

use crate::diagnostic::render::{LineCol, line_col};
use crate::document::{DocumentId, LineField};
use crate::evaluate::NamedPolicy;
use crate::policy::model::PolicyKind;
use crate::simulate::SimulateWarning;
use crate::simulate::cache::{PolicyCache, Readable};
use crate::simulate::line_error::{LineError, text_offset};

/// The policy's path in the line, as [`DocumentId`] displays it (`scps[0][1]`), written
/// without the formatting machinery: every policy of every line has one.
fn path(field: LineField) -> String {
    let mut path = String::with_capacity(field.field.len() + 8);
    path.push_str(field.field);
    for index in [field.level, field.index].into_iter().flatten() {
        path.push('[');
        let start = path.len();
        let mut rest = index;
        loop {
            path.insert(start, char::from(b'0' + (rest % 10) as u8));
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        path.push(']');
    }
    path
}

/// Reads the policies of one line.
pub(super) struct PolicyReader<'l, 'c> {
    /// The line the policies are slices of.
    pub(super) line: &'l str,
    /// The policies read so far, by kind and text.
    pub(super) cache: &'c mut PolicyCache,
    /// The warnings of the policies read so far (an entry that can never match, ...).
    pub(super) warnings: Vec<SimulateWarning>,
    /// Whether serde_json has read the policy objects (when not, as for a line read by
    /// `scan.rs`, the cache has it read each text once, and a text it does not read is an
    /// error, so that the line is read again by serde_json).
    pub(super) json_read: bool,
}

impl PolicyReader<'_, '_> {
    fn at(&self, text: &str) -> Option<usize> {
        Some(text_offset(self.line, text))
    }

    fn one(
        &mut self,
        text: &str,
        field: LineField,
        kind: PolicyKind,
    ) -> Result<NamedPolicy, LineError> {
        let path = path(field);
        let start = text_offset(self.line, text);
        let readable = match text.as_bytes().first() {
            Some(b'"') => {
                let inner: String = serde_json::from_str(text).map_err(|_| {
                    LineError::new(
                        format!("`{path}` is not valid Unicode (it has a lone surrogate)"),
                        self.at(text),
                    )
                })?;
                let readable = self
                    .cache
                    .get(kind, &inner, false)
                    .map_err(|(message, at)| {
                        let LineCol { line, column } = line_col(&inner, at);
                        let place = if inner.contains('\n') {
                            format!("line {line}, column {column}")
                        } else {
                            format!("column {column}")
                        };
                        LineError::new(
                            format!("`{path}`: {message} at {place} of the policy text"),
                            self.at(text),
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
                let cached = if self.json_read {
                    Some(self.cache.get(kind, text, true))
                } else {
                    self.cache.get_checked(kind, text)
                };
                let cached = cached.ok_or_else(|| LineError::new("not JSON", self.at(text)))?;
                let readable = cached.map_err(|(message, at)| {
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
                    self.at(text),
                ));
            }
        };
        let Readable { policy, .. } = readable;
        let name = policy.id.as_ref().map_or(path, |id| id.value.clone());
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
        text: Option<&str>,
        field: &'static str,
        kind: PolicyKind,
    ) -> Result<Option<NamedPolicy>, LineError> {
        text.filter(|text| *text != "null")
            .map(|text| self.one(text, LineField::one(field), kind))
            .transpose()
    }

    pub(super) fn list(
        &mut self,
        raw: Option<&[&str]>,
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
        raw: Option<&[Vec<&str>]>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_written_as_its_document_id_displays_it() {
        for (level, index) in [
            (None, None),
            (None, Some(0)),
            (Some(10), Some(7)),
            (Some(123), Some(4_567)),
        ] {
            let field = LineField {
                field: "scps",
                level,
                index,
            };
            assert_eq!(path(field), DocumentId::Line(field).to_string());
        }
    }
}
