//! The fields of a `rolecall simulate` line other than its policies, each decoded from its raw
//! JSON with a message that names it and points at its place in the line.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

use serde_json::value::RawValue;

use crate::request::{Context, ContextSource, ContextValue};
use crate::simulate::line_error::{LineError, offset};

/// A required string field: present and a string.
pub(super) fn required(
    line: &str,
    raw: Option<&RawValue>,
    field: &str,
) -> Result<String, LineError> {
    let Some(raw) = raw else {
        return Err(LineError::new(format!("missing field `{field}`"), None));
    };
    string(line, raw, field)
}

/// An optional string field (`null` is absent).
pub(super) fn optional(
    line: &str,
    raw: Option<&RawValue>,
    field: &str,
) -> Result<Option<String>, LineError> {
    match raw {
        Some(raw) if raw.get() != "null" => string(line, raw, field).map(Some),
        _ => Ok(None),
    }
}

fn string(line: &str, raw: &RawValue, field: &str) -> Result<String, LineError> {
    serde_json::from_str(raw.get()).map_err(|_| {
        let message = if raw.get().starts_with('"') {
            format!("`{field}` is not valid Unicode (it has a lone surrogate)")
        } else {
            format!("`{field}` must be a string")
        };
        LineError::new(message, Some(offset(line, raw)))
    })
}

/// A list of policies (`null` is absent), as their texts.
pub(super) fn list<'l>(
    line: &str,
    raw: Option<&'l RawValue>,
    field: &str,
) -> Result<Option<Vec<&'l str>>, LineError> {
    match raw {
        Some(raw) if raw.get() != "null" => serde_json::from_str(raw.get())
            .map(|list| Some(texts(list)))
            .map_err(|_| {
                LineError::new(
                    format!("`{field}` must be a list of policies"),
                    Some(offset(line, raw)),
                )
            }),
        _ => Ok(None),
    }
}

/// The texts of raw values.
pub(super) fn texts(values: Vec<&RawValue>) -> Vec<&str> {
    values.into_iter().map(RawValue::get).collect()
}

/// A list of levels of policies (`null` is absent).
pub(super) fn levels<'l>(
    line: &str,
    raw: Option<&'l RawValue>,
    field: &str,
) -> Result<Option<Vec<Vec<&'l str>>>, LineError> {
    let bad = |at: &RawValue| {
        LineError::new(
            format!("`{field}` must be a list of levels, each a list of policies"),
            Some(offset(line, at)),
        )
    };
    let Some(raw) = raw.filter(|r| r.get() != "null") else {
        return Ok(None);
    };
    let levels: Vec<&RawValue> = serde_json::from_str(raw.get()).map_err(|_| bad(raw))?;
    levels
        .into_iter()
        .map(|level| {
            serde_json::from_str(level.get())
                .map(texts)
                .map_err(|_| bad(level))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// Why: a request's action is always one concrete `service:Name` (IAM's action format,
/// <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>);
/// `*` is accepted to ask about every action.
pub(super) fn check_action(
    line: &str,
    action: &str,
    raw: Option<&RawValue>,
) -> Result<(), LineError> {
    let well_formed = action == "*"
        || action.split_once(':').is_some_and(|(service, name)| {
            !service.is_empty()
                && !name.is_empty()
                && !action.contains(char::is_whitespace)
                && !name.contains(':')
        });
    if well_formed {
        Ok(())
    } else {
        Err(LineError::new(
            format!("`action` must look like `service:Name` or be `*`, not `{action}`"),
            raw.map(|raw| offset(line, raw)),
        ))
    }
}

/// A context key, borrowed from the line when it has no escapes (ordered as its text, as a
/// `String` key would be).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Key<'l>(Cow<'l, str>);

impl<'de: 'l, 'l> Deserialize<'de> for Key<'l> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = Cow<'de, str>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(v.to_owned()))
            }
        }
        d.deserialize_str(Text).map(Key)
    }
}

/// The context object: its values raw, by key.
pub(super) type ContextMap<'l> = BTreeMap<Key<'l>, &'l RawValue>;

pub(super) fn read_context(line: &str, map: &ContextMap<'_>) -> Result<Context, LineError> {
    let mut context = Context::new();
    for (Key(key), value) in map {
        let value = match value.get().as_bytes().first() {
            Some(b'[') => {
                let items: Vec<&RawValue> = serde_json::from_str(value.get())
                    .map_err(|_| bad_context_value(line, key, value))?;
                ContextValue::Multi(
                    items
                        .into_iter()
                        .map(|item| scalar(line, key, item))
                        .collect::<Result<Vec<_>, _>>()?,
                )
            }
            _ => ContextValue::Single(scalar(line, key, value)?),
        };
        context.insert(key.as_ref(), value, ContextSource::Given);
    }
    Ok(context)
}

fn bad_context_value(line: &str, key: &str, raw: &RawValue) -> LineError {
    LineError::new(
        format!("context key `{key}` must be a string, a number, a boolean or an array of them"),
        Some(offset(line, raw)),
    )
}

/// A JSON string as its value, a number or boolean as its text.
fn scalar(line: &str, key: &str, raw: &RawValue) -> Result<String, LineError> {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'"') => serde_json::from_str(text).map_err(|_| {
            LineError::new(
                format!(
                    "the value of context key `{key}` is not valid Unicode (it has a lone surrogate)"
                ),
                Some(offset(line, raw)),
            )
        }),
        Some(b't' | b'f' | b'-' | b'0'..=b'9') => Ok(text.to_owned()),
        _ => Err(bad_context_value(line, key, raw)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys borrowed from the line read, order and repeat as `String` keys do.
    #[test]
    fn context_keys_read_as_strings_do() {
        let text = r#"{"b":"1","a\u0042":"2","aws:Source\"Ip":"3","b":"4","\u00e9":"5"}"#;
        let keys = |map: Vec<(String, &RawValue)>| -> Vec<(String, String)> {
            map.into_iter()
                .map(|(k, v)| (k, v.get().to_owned()))
                .collect()
        };
        let borrowed: ContextMap<'_> = serde_json::from_str(text).unwrap();
        let owned: BTreeMap<String, &RawValue> = serde_json::from_str(text).unwrap();
        assert_eq!(
            keys(
                borrowed
                    .into_iter()
                    .map(|(Key(k), v)| (k.into_owned(), v))
                    .collect()
            ),
            keys(owned.into_iter().collect())
        );
        assert!(serde_json::from_str::<ContextMap<'_>>(r#"{"\ud800":"1"}"#).is_err());
    }
}
