//! Reading one input line: the envelope in one pass, then the policies through the cache.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use crate::diagnostic::render::{LineCol, line_col};
use crate::evaluate::{NamedPolicy, PolicySet, is_trust_action};
use crate::policy::model::PolicyKind;
use crate::request::{Context, ContextSource, ContextValue, Request};
use crate::simulate::SimulateInput;
use crate::simulate::cache::PolicyCache;

/// The fields of an input line. Policies stay raw JSON text slices of the line until they go
/// through the cache, so each line is scanned once.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Envelope<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    principal: String,
    action: String,
    resource: String,
    #[serde(default)]
    resource_account: Option<String>,
    #[serde(borrow, default)]
    context: Option<BTreeMap<String, &'a RawValue>>,
    #[serde(borrow, default)]
    identity_policies: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    resource_policy: Option<&'a RawValue>,
    #[serde(borrow, default)]
    permission_boundaries: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    session_policy: Option<&'a RawValue>,
    #[serde(borrow, default)]
    scps: Option<Vec<Vec<&'a RawValue>>>,
    #[serde(borrow, default)]
    rcps: Option<Vec<Vec<&'a RawValue>>>,
    #[serde(default)]
    management_account: Option<String>,
    #[serde(default)]
    service_linked_role: Option<bool>,
    // Annotations, ignored.
    #[serde(default, rename = "case")]
    _case: IgnoredAny,
    #[serde(default, rename = "expect")]
    _expect: IgnoredAny,
    #[serde(default, rename = "why")]
    _why: IgnoredAny,
    #[serde(default, rename = "comment")]
    _comment: IgnoredAny,
}

/// Just the `id`, to label the error result of a line that does not read as a request.
#[derive(Debug, Deserialize)]
struct IdOnly<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
}

/// The `id` of a line that failed to read, if it can be found.
pub(crate) fn id_of(line: &str) -> Option<&RawValue> {
    serde_json::from_str::<IdOnly<'_>>(line)
        .ok()
        .and_then(|i| i.id)
}

/// Reads a line into its `id` and its request with policies.
pub(crate) fn read<'l>(
    line: &'l str,
    cache: &mut PolicyCache,
) -> (Option<&'l RawValue>, Result<SimulateInput, String>) {
    let envelope: Envelope<'l> = match serde_json::from_str(line) {
        Ok(envelope) => envelope,
        Err(e) => {
            return (
                id_of(line),
                Err(format!("column {}: {}", e.column(), without_position(&e))),
            );
        }
    };
    let id = envelope.id;
    (id, build(line, envelope, cache))
}

/// serde_json's message without its trailing " at line L column C" (the caller reports the
/// position its own way).
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text.get(..at).unwrap_or(&text).to_owned(),
        None => text,
    }
}

fn build(line: &str, e: Envelope<'_>, cache: &mut PolicyCache) -> Result<SimulateInput, String> {
    let context = match &e.context {
        Some(map) => read_context(map)?,
        None => Context::new(),
    };
    let resource_kind = if is_trust_action(&e.action) {
        PolicyKind::Trust
    } else {
        PolicyKind::Resource
    };
    let mut reader = PolicyReader { line, cache };
    let mut policies = PolicySet::new();
    policies.identity = reader.list(
        e.identity_policies.as_deref(),
        "identityPolicies",
        PolicyKind::Identity,
    )?;
    policies.boundaries = reader.list(
        e.permission_boundaries.as_deref(),
        "permissionBoundaries",
        PolicyKind::Boundary,
    )?;
    policies.resource = e
        .resource_policy
        .map(|p| reader.one(p, "resourcePolicy".to_owned(), resource_kind))
        .transpose()?;
    policies.session = e
        .session_policy
        .map(|p| reader.one(p, "sessionPolicy".to_owned(), PolicyKind::Session))
        .transpose()?;
    policies.scps = reader.levels(e.scps.as_deref(), "scps", PolicyKind::Scp)?;
    policies.rcps = reader.levels(e.rcps.as_deref(), "rcps", PolicyKind::Rcp)?;
    policies.facts.management_account = e.management_account;
    policies.facts.service_linked_role = e.service_linked_role.unwrap_or(false);
    let request = Request {
        principal: e.principal,
        action: e.action,
        resource: e.resource,
        resource_account: e.resource_account,
        context,
    };
    Ok(SimulateInput { request, policies })
}

fn read_context(map: &BTreeMap<String, &RawValue>) -> Result<Context, String> {
    let mut context = Context::new();
    for (key, value) in map {
        let bad = || {
            format!("context key `{key}` must be a string, a number, a boolean or an array of them")
        };
        let value = match value.get().as_bytes().first() {
            Some(b'[') => {
                let items: Vec<&RawValue> = serde_json::from_str(value.get()).map_err(|_| bad())?;
                ContextValue::Multi(
                    items
                        .into_iter()
                        .map(scalar)
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(bad)?,
                )
            }
            _ => ContextValue::Single(scalar(value).ok_or_else(bad)?),
        };
        context.insert(key.clone(), value, ContextSource::Given);
    }
    Ok(context)
}

/// A JSON string as its value, a number or boolean as its text.
fn scalar(raw: &RawValue) -> Option<String> {
    let text = raw.get();
    match text.as_bytes().first()? {
        b'"' => serde_json::from_str(text).ok(),
        b't' | b'f' | b'-' | b'0'..=b'9' => Some(text.to_owned()),
        _ => None,
    }
}

struct PolicyReader<'l, 'c> {
    line: &'l str,
    cache: &'c mut PolicyCache,
}

impl PolicyReader<'_, '_> {
    fn one(
        &mut self,
        raw: &RawValue,
        path: String,
        kind: PolicyKind,
    ) -> Result<NamedPolicy, String> {
        let text = raw.get();
        let policy = match text.as_bytes().first() {
            Some(b'"') => {
                let inner: String =
                    serde_json::from_str(text).map_err(|e| format!("`{path}`: {e}"))?;
                self.cache.get(kind, &inner).map_err(|(message, at)| {
                    let LineCol { line, column } = line_col(&inner, at);
                    format!("`{path}`: {message} (line {line}, column {column} of the policy text)")
                })?
            }
            Some(b'{') => self.cache.get(kind, text).map_err(|(message, at)| {
                // The object is a slice of the line: report the column in the line itself.
                let start = (text.as_ptr() as usize).saturating_sub(self.line.as_ptr() as usize);
                let column = line_col(self.line, start + at).column;
                format!("`{path}`: {message} (column {column})")
            })?,
            _ => {
                return Err(format!(
                    "`{path}` must be a policy object or a string holding one"
                ));
            }
        };
        let name = policy
            .id
            .as_ref()
            .map_or_else(|| path.clone(), |id| id.value.clone());
        Ok(NamedPolicy {
            name,
            kind,
            policy,
            source: Some(path),
        })
    }

    fn list(
        &mut self,
        raw: Option<&[&RawValue]>,
        path: &str,
        kind: PolicyKind,
    ) -> Result<Vec<NamedPolicy>, String> {
        raw.unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, item)| self.one(item, format!("{path}[{i}]"), kind))
            .collect()
    }

    fn levels(
        &mut self,
        raw: Option<&[Vec<&RawValue>]>,
        path: &str,
        kind: PolicyKind,
    ) -> Result<Vec<Vec<NamedPolicy>>, String> {
        raw.unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, level)| self.list(Some(level), &format!("{path}[{i}]"), kind))
            .collect()
    }
}
