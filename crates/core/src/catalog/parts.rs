//! Reading the catalog a few services at a time ([`CatalogParts`]), for a reader that must not
//! hold its thread for the whole read: the page's inline evaluator (issue 14: no task on the
//! page's thread over 100 ms; the whole catalog, 1.2 MB, takes 53-190 ms to read there in one
//! go). It reads exactly what [`Catalog::parse`] reads, with the same checks: the services go
//! through the same conversion (`load.rs`, `Tables::service`).

use serde_json::value::RawValue;

use super::load::{FORMAT, RawCatalog, RawService, Tables, assemble, byte_offset, read_data_file};
use super::{Catalog, ConditionKey, Service};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::catalog as diag;

/// A catalog being read: its header read and checked, its services read a few at a time by
/// [`CatalogParts::step`], which gives the catalog once the last is read.
///
/// # Examples
///
/// ```
/// use rolecall_core::catalog::{Catalog, CatalogParts};
///
/// let text = r#"{"format":"rolecall-catalog/1","source":"test","dataDate":"2026-01-01",
///   "levels":["Read"],"types":["String"],"globalKeys":[["aws:SourceIp",0]],
///   "services":[["s3","Amazon S3",[],[],[["GetObject",0,[],[]]]],
///               ["sqs","Amazon SQS",[],[],[["SendMessage",0,[],[]]]]]}"#;
/// let mut parts = CatalogParts::new(text.to_owned()).unwrap();
/// assert!(parts.step(1).unwrap().is_none());
/// let catalog = parts.step(1).unwrap().unwrap();
/// assert_eq!(catalog, Catalog::parse(text).unwrap());
/// ```
#[derive(Debug)]
pub struct CatalogParts {
    text: String,
    /// Where the next service (or the services' closing bracket) starts in `text`.
    next: usize,
    tables: Tables,
    source: String,
    data_date: String,
    global_keys: Vec<ConditionKey>,
    services: Vec<Service>,
}

impl CatalogParts {
    /// Reads the header of catalog `text` (everything but its services, which are only checked
    /// to be JSON).
    ///
    /// # Errors
    ///
    /// The `invalid-catalog` diagnostic [`Catalog::parse`] gives for an unreadable text, an
    /// unsupported format or a header entry that does not exist.
    pub fn new(text: String) -> Result<Self, Diagnostic> {
        let header: RawCatalog<&RawValue> = read_data_file(
            &text,
            FORMAT,
            |h: &RawCatalog<_>| &h.format,
            diag::invalid_catalog,
        )?;
        let (tables, global_keys) = Tables::read(
            &header.levels,
            &header.types,
            header.global_keys,
            text.len(),
        )?;
        // The services' JSON is a slice of `text`: where it starts, past its `[`.
        let services_at =
            (header.services.get().as_ptr() as usize).wrapping_sub(text.as_ptr() as usize) + 1;
        let (source, data_date) = (header.source, header.data_date);
        Ok(Self {
            next: services_at,
            tables,
            source,
            data_date,
            global_keys,
            services: Vec::new(),
            text,
        })
    }

    /// Reads up to `count` more services; the catalog once they are all read.
    ///
    /// # Errors
    ///
    /// The `invalid-catalog` diagnostic of a service that is not a service of the format or
    /// refers to an entry that does not exist.
    pub fn step(&mut self, count: usize) -> Result<Option<Catalog>, Diagnostic> {
        for _ in 0..count {
            if self.skip_to_next() {
                break;
            }
            let rest = self.text.get(self.next..).unwrap_or_default();
            let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<RawService>();
            match stream.next() {
                Some(Ok(raw)) => {
                    self.next += stream.byte_offset();
                    self.services.push(self.tables.service(raw)?);
                }
                Some(Err(error)) => return Err(self.error(&error)),
                None => return Ok(Some(self.finish())),
            }
        }
        Ok(self.skip_to_next().then(|| self.finish()))
    }

    /// Moves past the separators before the next service: whether the services end there.
    fn skip_to_next(&mut self) -> bool {
        let rest = self.text.get(self.next..).unwrap_or_default();
        let next = rest.trim_start_matches([' ', '\t', '\n', '\r', ',']);
        self.next += rest.len() - next.len();
        next.is_empty() || next.starts_with(']')
    }

    /// The diagnostic of `error`, which serde_json placed in the text from
    /// [`CatalogParts::next`]: placed in the whole text, as [`Catalog::parse`] places it.
    fn error(&self, error: &serde_json::Error) -> Diagnostic {
        let rest = self.text.get(self.next..).unwrap_or_default();
        let at = self.next + byte_offset(rest, error.line(), error.column());
        let before = self.text.get(..at).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |n| n + 1) + 1;
        let message = error.to_string();
        let reason = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(reason, _)| reason);
        diag::invalid_catalog(
            &format!("{reason} at line {line} column {column}"),
            at,
            self.text.len(),
        )
    }

    fn finish(&mut self) -> Catalog {
        assemble(
            std::mem::take(&mut self.source),
            std::mem::take(&mut self.data_date),
            std::mem::take(&mut self.services),
            std::mem::take(&mut self.global_keys),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: &str = include_str!("../../data/catalog.json");

    /// Read in parts of any size, the bundled catalog is the one [`Catalog::parse`] reads.
    #[test]
    fn the_catalog_read_in_parts_is_the_catalog_read_at_once() {
        let whole = Catalog::parse(CATALOG).unwrap();
        for count in [1, 7, 32, 10_000] {
            let mut parts = CatalogParts::new(CATALOG.to_owned()).unwrap();
            let mut steps = 0;
            let catalog = loop {
                steps += 1;
                if let Some(catalog) = parts.step(count).unwrap() {
                    break catalog;
                }
            };
            assert_eq!(catalog, whole, "parts of {count}");
            assert_eq!(
                steps,
                whole.services().len().div_ceil(count),
                "parts of {count}"
            );
        }
    }

    fn read(text: &str) -> String {
        let read = CatalogParts::new(text.to_owned()).and_then(|mut p| {
            loop {
                if let Some(c) = p.step(1)? {
                    break Ok(c);
                }
            }
        });
        match read {
            Ok(catalog) => format!("ok {} services", catalog.services().len()),
            Err(d) => format!("{}: {} @{}", d.code, d.message, d.span().start),
        }
    }

    const HEAD: &str = r#""format":"rolecall-catalog/1","source":"t","dataDate":"2026-01-01","levels":["Read"],"types":["String"],"globalKeys":[]"#;

    /// What the whole read refuses, the read in parts refuses too.
    #[test]
    fn a_catalog_read_in_parts_refuses_what_the_whole_read_refuses() {
        for (text, expected) in [
            (format!("{{{HEAD},\"services\":[]}}"), "ok 0 services"),
            (
                "{\n  \"format\": ]".to_owned(),
                "invalid-catalog: invalid catalog data: expected value at line 2 column 13 @14",
            ),
            (
                format!(
                    "{{{HEAD},\"services\":[[\"s3\",\"S3\",[],[],[[\"GetObject\",0,[],[3]]]]]}}"
                ),
                "invalid-catalog: invalid catalog data: service `s3` refers to a missing key 3",
            ),
            (
                format!("{{{HEAD},\"services\":[[\"s3\",\"S3\",[],[]], [\"s3\"]]}}"),
                "invalid-catalog: invalid catalog data: invalid length 4",
            ),
            (
                format!("{{{HEAD},\"services\":[[\"s3\",\"S3\",[],[],[]],7]}}"),
                "invalid-catalog: invalid catalog data: invalid type: integer `7`",
            ),
        ] {
            let parts = read(&text);
            assert!(parts.starts_with(expected), "{parts}");
            let whole = match Catalog::parse(&text) {
                Ok(catalog) => format!("ok {} services", catalog.services().len()),
                Err(d) => format!("{}: {} @{}", d.code, d.message, d.span().start),
            };
            assert_eq!(parts, whole, "{text}");
        }
    }
}
