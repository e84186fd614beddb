//! Reading one input line: the envelope in one pass, then the policies through the cache.

use crate::document::{DocumentId, LineField};
use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};
use serde_json::error::Category;
use serde_json::value::RawValue;

use crate::diagnostic::render::{LineCol, line_col};
use crate::evaluate::{NamedPolicy, PolicySet, is_trust_action};
use crate::policy::model::PolicyKind;
use crate::request::{Context, ContextSource, ContextValue, Request};
use crate::simulate::cache::{PolicyCache, Readable};
use crate::simulate::{SimulateInput, SimulateWarning};

/// The fields of an input line, read in one pass, each kept as its raw JSON text (a slice of
/// the line): policies go through the cache as they are, and every other field is decoded by
/// [`build`] with a message naming it and pointing at its place in the line (serde's own
/// messages name Rust types). `null` is kept as the text `null` (see [`present`]).
///
/// `L` and `V` are how the policy lists and the lists of levels are read: [`Careful`] keeps
/// them raw too (every message of [`build`] can then be given), [`Fast`] reads them as lists
/// in the same pass. Why both: a raw list is scanned once to find its end and again to split
/// it, and policy texts are most of a line; a line that [`Fast`] cannot read is read again
/// carefully, so the messages stay the same.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "camelCase",
    bound(deserialize = "'de: 'a, L: Deserialize<'de>, V: Deserialize<'de>")
)]
struct Envelope<'a, L, V> {
    #[serde(borrow, default, deserialize_with = "present")]
    id: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    principal: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    action: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    resource: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    resource_account: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    context: Option<&'a RawValue>,
    #[serde(default, deserialize_with = "present")]
    identity_policies: Option<L>,
    #[serde(borrow, default, deserialize_with = "present")]
    resource_policy: Option<&'a RawValue>,
    #[serde(default, deserialize_with = "present")]
    permission_boundaries: Option<L>,
    #[serde(borrow, default, deserialize_with = "present")]
    session_policy: Option<&'a RawValue>,
    #[serde(default, deserialize_with = "present")]
    scps: Option<V>,
    #[serde(default, deserialize_with = "present")]
    rcps: Option<V>,
    #[serde(borrow, default, deserialize_with = "present")]
    management_account: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    service_linked_role: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    vpc_endpoint_policy: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    vpc_endpoint_id: Option<&'a RawValue>,
    // Annotations, ignored.
    #[serde(default, rename = "case")]
    _case: IgnoredAny,
    #[serde(default, rename = "expect")]
    _expect: IgnoredAny,
    #[serde(default, rename = "why")]
    _why: IgnoredAny,
    #[serde(default, rename = "rule")]
    _rule: IgnoredAny,
    #[serde(default, rename = "comment")]
    _comment: IgnoredAny,
}

/// Every field raw: any line that is a JSON object with known fields reads.
type Careful<'a> = Envelope<'a, &'a RawValue, &'a RawValue>;

/// The policy lists read as lists: a line with a list field of another shape (or `null`) does
/// not read, and is read again as [`Careful`].
type Fast<'a> = Envelope<'a, Policies<'a>, Levels<'a>>;

/// A field that is written, even as `null` (which `Option` alone would read as absent), so that
/// `"principal": null` says the principal must be a string rather than that it is missing.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A list of policies, as [`build`] reads it.
type Policies<'l> = Vec<&'l RawValue>;

/// The levels of SCPs or RCPs, each a list of policies.
type Levels<'l> = Vec<Vec<&'l RawValue>>;

/// A policy field (`T`: [`Policies`] or [`Levels`]) as [`build`] reads it: raw
/// ([`Careful`]) or already read ([`Fast`]).
trait PolicyField<T> {
    /// The field's value, or a message naming `field` when it is not a `T`.
    fn read(&self, line: &str, field: &str) -> Result<Option<T>, LineError>;
}

impl<'l> PolicyField<Policies<'l>> for &'l RawValue {
    fn read(&self, line: &str, field: &str) -> Result<Option<Policies<'l>>, LineError> {
        list(line, Some(*self), field)
    }
}

impl<'l> PolicyField<Levels<'l>> for &'l RawValue {
    fn read(&self, line: &str, field: &str) -> Result<Option<Levels<'l>>, LineError> {
        levels(line, Some(*self), field)
    }
}

impl<T: Clone> PolicyField<T> for T {
    fn read(&self, _: &str, _: &str) -> Result<Option<T>, LineError> {
        Ok(Some(self.clone()))
    }
}

/// A policy field that may be absent.
fn policy_field<T>(
    line: &str,
    value: Option<&impl PolicyField<T>>,
    field: &str,
) -> Result<Option<T>, LineError> {
    value.map_or(Ok(None), |v| v.read(line, field))
}

/// Just the `id`, to label the error result of a line that does not read as a request.
#[derive(Debug, Deserialize)]
struct IdOnly<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
}

/// Why a line cannot be evaluated, and where (a byte offset in the line, when there is one).
/// `Display` gives the message alone; [`LineError::render`] adds its place.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LineError {
    message: String,
    at: Option<usize>,
}

impl LineError {
    fn new(message: impl Into<String>, at: Option<usize>) -> Self {
        Self {
            message: message.into(),
            at,
        }
    }

    /// The byte offset in the line that the message is about, when there is one.
    #[must_use]
    pub fn offset(&self) -> Option<usize> {
        self.at
    }

    /// The message with its location in `line`: `(line N, column C)`, the column counted in
    /// characters within the line. Without a line number only the column is given.
    #[must_use]
    pub fn render(&self, line: &str, line_number: Option<usize>) -> String {
        let column = self.at.map(|at| line_col(line, at).column);
        match (line_number, column) {
            (Some(n), Some(c)) => format!("{} (line {n}, column {c})", self.message),
            (Some(n), None) => format!("{} (line {n})", self.message),
            (None, Some(c)) => format!("{} (column {c})", self.message),
            (None, None) => self.message.clone(),
        }
    }
}

/// The byte offset of `raw` in `line` (`raw` is a slice of it).
fn offset(line: &str, raw: &RawValue) -> usize {
    (raw.get().as_ptr() as usize).saturating_sub(line.as_ptr() as usize)
}

/// An `id` that can be echoed: a string, a number or `null` (never a deep structure).
fn echoable(raw: &RawValue) -> bool {
    let text = raw.get();
    match text.as_bytes().first() {
        // A string with escapes must decode (no lone surrogate), so that the echo is valid.
        Some(b'"') => !text.contains('\\') || serde_json::from_str::<String>(text).is_ok(),
        Some(b'-' | b'0'..=b'9' | b'n') => true,
        _ => false,
    }
}

/// The `id` of a line that failed to read, if it can be found and echoed.
pub(crate) fn id_of(line: &str) -> Option<&RawValue> {
    serde_json::from_str::<IdOnly<'_>>(line)
        .ok()
        .and_then(|i| i.id)
        .filter(|id| echoable(id))
}

/// Reads a line into its `id` and its request with policies.
pub(crate) fn read<'l>(
    line: &'l str,
    cache: &mut PolicyCache,
) -> (Option<&'l RawValue>, Result<SimulateInput, LineError>) {
    // serde reads a struct from an array too (`[]` gives every field its default), so the
    // shape of the line is checked first.
    if !line.trim_start().starts_with('{') {
        let start = line.len() - line.trim_start().len();
        let error = match serde_json::from_str::<Careful<'l>>(line) {
            Err(e) if serde_json::from_str::<IgnoredAny>(line).is_err() => envelope_error(line, &e),
            _ => LineError::new("the line is not a JSON object", Some(start)),
        };
        return (None, Err(error));
    }
    match serde_json::from_str::<Fast<'l>>(line) {
        Ok(envelope) => with_id(line, &envelope, cache),
        Err(_) => match serde_json::from_str::<Careful<'l>>(line) {
            Ok(envelope) => with_id(line, &envelope, cache),
            Err(e) => (id_of(line), Err(envelope_error(line, &e))),
        },
    }
}

/// The line's `id` (when it can be echoed) and its request.
fn with_id<'l, L: PolicyField<Policies<'l>>, V: PolicyField<Levels<'l>>>(
    line: &'l str,
    envelope: &Envelope<'l, L, V>,
    cache: &mut PolicyCache,
) -> (Option<&'l RawValue>, Result<SimulateInput, LineError>) {
    match envelope.id.filter(|id| id.get() != "null") {
        Some(id) if !echoable(id) => (
            None,
            Err(LineError::new(
                "`id` must be a string, a number or null",
                Some(offset(line, id)),
            )),
        ),
        id => (id, build(line, envelope, cache)),
    }
}

/// A clear message for a line that does not read as an object with known fields.
fn envelope_error(line: &str, error: &serde_json::Error) -> LineError {
    // serde_json counts columns in bytes from 1; a line has no newline, so this is an offset.
    let at = (error.line() == 1).then(|| error.column().saturating_sub(1));
    let text = without_position(error);
    let text = text.as_str();
    // serde_json reports a misspelt `true`, `false` or `null` after the word: point at it.
    let at = match at {
        Some(end) if text == "expected ident" => {
            let before = line.get(..end).unwrap_or_default();
            Some(
                before
                    .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                    .len(),
            )
        }
        at => at,
    };
    let message = match error.classify() {
        Category::Data => {
            // `unknown field `x`, expected one of ...`: the list is long and in the help.
            let message = text.split(", expected").next().unwrap_or(text);
            // Point at the key rather than after it.
            let key = message
                .split('`')
                .nth(1)
                .and_then(|name| line.get(..at? + 1)?.rfind(&format!("\"{name}\"")));
            return LineError::new(message, key.or(at));
        }
        Category::Eof => "invalid JSON: the line ends before the JSON value does".to_owned(),
        Category::Syntax | Category::Io => format!("invalid JSON: {}", syntax_message(text)),
    };
    LineError::new(message, at)
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

/// serde_json's syntax messages in Rolecall's words (the others are already plain).
fn syntax_message(text: &str) -> &str {
    match text {
        "expected ident" | "expected value" => "expected a value",
        "key must be a string" => "expected a key in double quotes",
        "trailing characters" => "unexpected text after the request object",
        "recursion limit exceeded" => "the value is nested too deeply",
        t if t.contains("surrogate") => "a string is not valid Unicode (lone surrogate)",
        t if t.starts_with("control character") => "a control character in a string",
        t => t,
    }
}

/// A required string field: present and a string.
fn required(line: &str, raw: Option<&RawValue>, field: &str) -> Result<String, LineError> {
    let Some(raw) = raw else {
        return Err(LineError::new(format!("missing field `{field}`"), None));
    };
    string(line, raw, field)
}

/// An optional string field (`null` is absent).
fn optional(line: &str, raw: Option<&RawValue>, field: &str) -> Result<Option<String>, LineError> {
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

/// A list of policies (`null` is absent).
fn list<'l>(
    line: &str,
    raw: Option<&'l RawValue>,
    field: &str,
) -> Result<Option<Vec<&'l RawValue>>, LineError> {
    match raw {
        Some(raw) if raw.get() != "null" => {
            serde_json::from_str(raw.get()).map(Some).map_err(|_| {
                LineError::new(
                    format!("`{field}` must be a list of policies"),
                    Some(offset(line, raw)),
                )
            })
        }
        _ => Ok(None),
    }
}

/// A list of levels of policies (`null` is absent).
fn levels<'l>(
    line: &str,
    raw: Option<&'l RawValue>,
    field: &str,
) -> Result<Option<Vec<Vec<&'l RawValue>>>, LineError> {
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
        .map(|level| serde_json::from_str(level.get()).map_err(|_| bad(level)))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// Why: a request's action is always one concrete `service:Name` (IAM's action format,
/// <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>);
/// `*` is accepted to ask about every action.
fn check_action(line: &str, action: &str, raw: Option<&RawValue>) -> Result<(), LineError> {
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

/// Decodes every field of a line (in a fixed order, so that the first problem reported is
/// always the same), then reads its policies through the cache.
fn build<'l, L: PolicyField<Policies<'l>>, V: PolicyField<Levels<'l>>>(
    line: &'l str,
    e: &Envelope<'l, L, V>,
    cache: &mut PolicyCache,
) -> Result<SimulateInput, LineError> {
    let principal = required(line, e.principal, "principal")?;
    let action = required(line, e.action, "action")?;
    let resource = required(line, e.resource, "resource")?;
    let resource_account = optional(line, e.resource_account, "resourceAccount")?;
    let management_account = optional(line, e.management_account, "managementAccount")?;
    let vpc_endpoint_id = optional(line, e.vpc_endpoint_id, "vpcEndpointId")?;
    let service_linked_role = match e.service_linked_role.map(RawValue::get) {
        None | Some("null" | "false") => false,
        Some("true") => true,
        Some(_) => {
            return Err(LineError::new(
                "`serviceLinkedRole` must be a boolean",
                e.service_linked_role.map(|r| offset(line, r)),
            ));
        }
    };
    let context = match e.context {
        Some(raw) if raw.get() != "null" => Some(
            serde_json::from_str::<BTreeMap<String, &RawValue>>(raw.get()).map_err(|_| {
                let message = if raw.get().starts_with('{') {
                    "a `context` key is not valid Unicode (it has a lone surrogate)"
                } else {
                    "`context` must be an object"
                };
                LineError::new(message, Some(offset(line, raw)))
            })?,
        ),
        _ => None,
    };
    let identity_policies: Option<Policies<'l>> =
        policy_field(line, e.identity_policies.as_ref(), "identityPolicies")?;
    let permission_boundaries: Option<Policies<'l>> = policy_field(
        line,
        e.permission_boundaries.as_ref(),
        "permissionBoundaries",
    )?;
    let scps: Option<Levels<'l>> = policy_field(line, e.scps.as_ref(), "scps")?;
    let rcps: Option<Levels<'l>> = policy_field(line, e.rcps.as_ref(), "rcps")?;
    for (field, value, raw) in [
        ("principal", &principal, e.principal),
        ("action", &action, e.action),
        ("resource", &resource, e.resource),
    ] {
        if value.is_empty() {
            return Err(LineError::new(
                format!("`{field}` must not be empty"),
                raw.map(|raw| offset(line, raw)),
            ));
        }
    }
    check_action(line, &action, e.action)?;
    let mut context = match &context {
        Some(map) => read_context(line, map)?,
        None => Context::new(),
    };
    let resource_kind = if is_trust_action(&action) {
        PolicyKind::Trust
    } else {
        PolicyKind::Resource
    };
    let mut reader = PolicyReader {
        line,
        cache,
        warnings: Vec::new(),
    };
    let mut policies = PolicySet::new();
    policies.identity = reader.list(
        identity_policies.as_deref(),
        ("identityPolicies", None),
        PolicyKind::Identity,
    )?;
    policies.boundaries = reader.list(
        permission_boundaries.as_deref(),
        ("permissionBoundaries", None),
        PolicyKind::Boundary,
    )?;
    policies.resource = reader.optional(e.resource_policy, "resourcePolicy", resource_kind)?;
    policies.sessions =
        (reader.optional(e.session_policy, "sessionPolicy", PolicyKind::Session)?)
            .into_iter()
            .collect();
    policies.vpc_endpoint = reader.optional(
        e.vpc_endpoint_policy,
        "vpcEndpointPolicy",
        PolicyKind::VpcEndpoint,
    )?;
    // The line's context is used as given; `vpcEndpointId` is a short way to give
    // `aws:SourceVpce` (a `context` entry for the key wins).
    if let Some(id) = vpc_endpoint_id.as_deref() {
        crate::request::source_vpce(&mut context, Some(id));
    }
    policies.scps = reader.levels(scps.as_deref(), "scps", PolicyKind::Scp)?;
    policies.rcps = reader.levels(rcps.as_deref(), "rcps", PolicyKind::Rcp)?;
    policies.facts.management_account = management_account;
    policies.facts.service_linked_role = service_linked_role;
    let request = Request {
        principal,
        action,
        resource,
        resource_account,
        context,
    };
    Ok(SimulateInput {
        request,
        policies,
        warnings: reader.warnings,
    })
}

fn read_context(line: &str, map: &BTreeMap<String, &RawValue>) -> Result<Context, LineError> {
    let mut context = Context::new();
    for (key, value) in map {
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
        context.insert(key.clone(), value, ContextSource::Given);
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

struct PolicyReader<'l, 'c> {
    line: &'l str,
    cache: &'c mut PolicyCache,
    /// The warnings of the policies read so far (an entry that can never match, ...).
    warnings: Vec<SimulateWarning>,
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
    fn optional(
        &mut self,
        raw: Option<&RawValue>,
        field: &'static str,
        kind: PolicyKind,
    ) -> Result<Option<NamedPolicy>, LineError> {
        raw.filter(|r| r.get() != "null")
            .map(|p| self.one(p, LineField::one(field), kind))
            .transpose()
    }

    fn list(
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

    fn levels(
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

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"id":"r1","principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}],"permissionBoundaries":["{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"],"scps":[[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}],[]]}"#;

    fn outcome(line: &str) -> Result<String, LineError> {
        read(line, &mut PolicyCache::default())
            .1
            .map(|input| format!("{:?} {:?}", input.request, input.policies))
    }

    /// Why: a raw list is scanned once to find its end and again to split it; a line whose lists
    /// are lists reads in one pass (the CLI's throughput, issue 14).
    #[test]
    fn a_well_formed_line_is_read_in_one_pass() {
        assert_eq!(
            serde_json::from_str::<Fast<'_>>(LINE)
                .err()
                .map(|e| e.to_string()),
            None
        );
        assert_eq!(outcome(LINE).err(), None);
    }

    #[test]
    fn a_line_read_in_one_pass_gives_what_the_careful_reading_gives() {
        let careful: Careful<'_> = serde_json::from_str(LINE).unwrap();
        let from_careful = build(LINE, &careful, &mut PolicyCache::default())
            .map(|input| format!("{:?} {:?}", input.request, input.policies));
        assert_eq!(outcome(LINE), from_careful);
    }

    #[test]
    fn a_null_policy_list_is_read_carefully_as_no_list() {
        let with_null = LINE.replace(r#""scps":[["#, r#""rcps":null,"scps":[["#);
        assert!(serde_json::from_str::<Fast<'_>>(&with_null).is_err());
        assert_eq!(outcome(&with_null), outcome(LINE));
    }

    #[test]
    fn a_policy_list_of_another_shape_keeps_its_message() {
        let line = LINE.replace(r#""identityPolicies":["#, r#""identityPolicies":7,"x":["#);
        let line = line.replace(r#","x":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}]"#, "");
        let error = outcome(&line).unwrap_err();
        assert_eq!(
            error.message,
            "`identityPolicies` must be a list of policies"
        );
        assert_eq!(error.at, line.find("7,"));
    }
}
