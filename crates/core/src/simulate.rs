//! The `rolecall simulate` contract: one JSON request line in, one JSON result line out.
//!
//! Pure: the CLI does the reading and writing. An input line is a JSON object:
//!
//! ```json
//! {"id": "r1", "principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject",
//!  "resource": "arn:aws:s3:::bucket/key", "resourceAccount": "222222222222",
//!  "context": {"aws:SourceIp": "203.0.113.7", "aws:TagKeys": ["a", "b"]},
//!  "identityPolicies": [<policy>], "resourcePolicy": <policy or null>,
//!  "permissionBoundaries": [<policy>], "scps": [[<root>], [<OU>], [<account>]],
//!  "rcps": [[...]], "sessionPolicy": <policy or null>,
//!  "managementAccount": "333333333333", "serviceLinkedRole": false}
//! ```
//!
//! - `principal`, `action` and `resource` are required; everything else is optional.
//! - A `<policy>` is a JSON object or a string holding the policy text. A string is parsed as
//!   it is, so the spans in the explanation point into that text; an object is parsed from its
//!   exact text in the line, so its spans are byte offsets from the object's opening brace.
//! - `resourcePolicy` is read as a trust policy when the action is `sts:AssumeRole*` (or
//!   another trust-policy action), else as a resource-based policy.
//! - Context values are strings or arrays of strings; JSON numbers and booleans are taken as
//!   their text. The context is used exactly as given: nothing is derived.
//! - `managementAccount` (the organization's management account: its principals are exempt
//!   from SCPs and its resources from RCPs) and `serviceLinkedRole` are Rolecall extensions.
//! - `case`, `expect`, `why` and `comment` are annotations, ignored. Any other field is an
//!   error, so that a misspelt field never silently changes a result.
//!
//! The output line is `{"id": ..., "decision": "allowed" | "implicitDeny" | "explicitDeny"}`,
//! plus `"explanation"` when asked; a line that cannot be evaluated gives
//! `{"id": ..., "decision": "error", "error": "<message with location>"}`. A policy with an
//! error diagnostic (invalid JSON, a missing `Effect`, ...) makes the line an error: AWS would
//! reject that policy.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::evaluate::{
    Detail, Explanation, NamedPolicy, PolicySet, evaluate_with, is_trust_action,
};
use crate::policy::model::{Policy, PolicyKind};
use crate::policy::parse_policy;
use crate::request::{Context, ContextSource, ContextValue, Request};

/// How many distinct policy texts the cache keeps before it starts over.
const CACHE_CAPACITY: usize = 512;

/// A parsed policy, or the first error found in its text (its message and byte offset).
type Cached = Result<Arc<Policy>, (String, usize)>;

/// Parsed policies by kind and text, so that a batch repeating the same policy parses it once.
/// Bounded: when full, it is cleared.
#[derive(Debug, Default)]
pub struct PolicyCache {
    /// One map per policy kind (indexed like [`PolicyKind::ALL`]), so lookups borrow the text.
    entries: [HashMap<Box<str>, Cached>; 7],
    len: usize,
}

impl PolicyCache {
    /// An empty cache.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of cached texts.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the cache is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The parsed policy for `text`, or the first error diagnostic in it (JSON syntax errors
    /// first) with its byte offset in `text`.
    fn get(&mut self, kind: PolicyKind, text: &str) -> Cached {
        let slot = PolicyKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        if let Some(hit) = self.entries.get(slot).and_then(|m| m.get(text)) {
            return hit.clone();
        }
        let parsed = parse_policy(text, kind);
        let errors = || parsed.diagnostics.iter().filter(|d| d.is_error());
        let first = errors()
            .find(|d| d.code == "invalid-json")
            .or_else(|| errors().next());
        let result = match first {
            Some(error) => Err((error.message.clone(), error.span().start)),
            None => Ok(Arc::new(parsed.policy)),
        };
        if self.len >= CACHE_CAPACITY {
            self.entries.iter_mut().for_each(HashMap::clear);
            self.len = 0;
        }
        if let Some(map) = self.entries.get_mut(slot) {
            map.insert(Box::from(text), result.clone());
            self.len += 1;
        }
        result
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// One parsed input line.
#[derive(Debug)]
pub struct SimulateInput {
    /// The request.
    pub request: Request,
    /// The policies.
    pub policies: PolicySet,
}

/// One output line, ready to serialize.
#[derive(Debug, Serialize)]
pub struct SimulateOutput<'a> {
    /// The input's `id` as written (`null` when absent or unreadable).
    pub id: &'a RawValue,
    /// `allowed`, `implicitDeny`, `explicitDeny` or `error`.
    pub decision: &'static str,
    /// The error, for `error` lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The explanation, with `--explain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

fn null() -> &'static RawValue {
    // `RawValue::NULL` is the JSON `null`.
    RawValue::NULL
}

/// One result line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimulatedLine {
    /// The output line, JSON, without the newline.
    pub json: String,
    /// The decision written in it (`error` for a line that could not be evaluated).
    pub decision: &'static str,
}

impl SimulatedLine {
    /// Whether the line is an `error` result.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.decision == "error"
    }
}

/// Evaluates one input line and returns the output line.
///
/// `line_number` (1-based) goes into error messages. Never panics.
#[must_use]
pub fn simulate_line(
    line: &str,
    line_number: usize,
    explain: bool,
    cache: &mut PolicyCache,
) -> SimulatedLine {
    let fields: BTreeMap<String, &RawValue> = match serde_json::from_str(line) {
        Ok(fields) => fields,
        Err(e) => {
            return error_line(
                null(),
                format!(
                    "line {line_number}, column {}: invalid request: {e}",
                    e.column()
                ),
            );
        }
    };
    let id: &RawValue = match fields.get("id") {
        Some(id) => id,
        None => null(),
    };
    let output = match read_input(line, &fields, cache) {
        Ok(input) => {
            let detail = if explain {
                Detail::Full
            } else {
                Detail::DecisionOnly
            };
            let evaluation = evaluate_with(&input.request, &input.policies, detail);
            SimulateOutput {
                id,
                decision: evaluation.decision.as_str(),
                error: None,
                explanation: explain.then_some(evaluation.explanation),
            }
        }
        Err(message) => return error_line(id, format!("line {line_number}: {message}")),
    };
    match serde_json::to_string(&output) {
        Ok(json) => SimulatedLine {
            json,
            decision: output.decision,
        },
        Err(e) => error_line(
            id,
            format!("line {line_number}: cannot write the result: {e}"),
        ),
    }
}

fn error_line(id: &RawValue, error: String) -> SimulatedLine {
    let output = SimulateOutput {
        id,
        decision: "error",
        error: Some(error),
        explanation: None,
    };
    let json = serde_json::to_string(&output).unwrap_or_else(|_| {
        r#"{"id":null,"decision":"error","error":"cannot write the error"}"#.to_owned()
    });
    SimulatedLine {
        json,
        decision: "error",
    }
}

const ANNOTATIONS: [&str; 4] = ["case", "expect", "why", "comment"];

/// Reads one input line into a request and its policies (without evaluating it).
///
/// # Errors
///
/// A message saying what could not be read and where.
pub fn parse_line(line: &str, cache: &mut PolicyCache) -> Result<SimulateInput, String> {
    let fields: BTreeMap<String, &RawValue> = serde_json::from_str(line)
        .map_err(|e| format!("column {}: invalid request: {e}", e.column()))?;
    read_input(line, &fields, cache)
}

/// Reads the fields of one line into a request and its policies.
///
/// # Errors
///
/// A message naming the field (and the place in it) that could not be read.
pub fn read_input(
    line: &str,
    fields: &BTreeMap<String, &RawValue>,
    cache: &mut PolicyCache,
) -> Result<SimulateInput, String> {
    for key in fields.keys() {
        if !KNOWN.contains(&key.as_str()) && !ANNOTATIONS.contains(&key.as_str()) {
            return Err(format!(
                "unknown field `{key}` (expected one of {})",
                KNOWN.map(|k| format!("`{k}`")).join(", ")
            ));
        }
    }
    let string = |name: &str| -> Result<Option<String>, String> {
        match fields.get(name) {
            None => Ok(None),
            Some(raw) if raw.get() == "null" => Ok(None),
            Some(raw) => serde_json::from_str::<String>(raw.get())
                .map(Some)
                .map_err(|_| format!("`{name}` must be a string")),
        }
    };
    let required = |name: &str| string(name)?.ok_or_else(|| format!("missing field `{name}`"));
    let request = Request {
        principal: required("principal")?,
        action: required("action")?,
        resource: required("resource")?,
        resource_account: string("resourceAccount")?,
        context: match fields.get("context") {
            Some(raw) => read_context(raw)?,
            None => Context::new(),
        },
    };
    let resource_kind = if is_trust_action(&request.action) {
        PolicyKind::Trust
    } else {
        PolicyKind::Resource
    };
    let mut reader = PolicyReader { line, cache };
    let mut policies = PolicySet::new();
    policies.identity = reader.list(
        fields.get("identityPolicies"),
        "identityPolicies",
        PolicyKind::Identity,
    )?;
    policies.boundaries = reader.list(
        fields.get("permissionBoundaries"),
        "permissionBoundaries",
        PolicyKind::Boundary,
    )?;
    policies.resource = reader.optional(
        fields.get("resourcePolicy"),
        "resourcePolicy",
        resource_kind,
    )?;
    policies.session = reader.optional(
        fields.get("sessionPolicy"),
        "sessionPolicy",
        PolicyKind::Session,
    )?;
    policies.scps = reader.levels(fields.get("scps"), "scps", PolicyKind::Scp)?;
    policies.rcps = reader.levels(fields.get("rcps"), "rcps", PolicyKind::Rcp)?;
    policies.facts.management_account = string("managementAccount")?;
    policies.facts.service_linked_role = match fields.get("serviceLinkedRole") {
        None => false,
        Some(raw) => serde_json::from_str::<bool>(raw.get())
            .map_err(|_| "`serviceLinkedRole` must be true or false".to_owned())?,
    };
    Ok(SimulateInput { request, policies })
}

const KNOWN: [&str; 14] = [
    "id",
    "principal",
    "action",
    "resource",
    "resourceAccount",
    "context",
    "identityPolicies",
    "resourcePolicy",
    "permissionBoundaries",
    "scps",
    "rcps",
    "sessionPolicy",
    "managementAccount",
    "serviceLinkedRole",
];

fn read_context(raw: &RawValue) -> Result<Context, String> {
    let map: BTreeMap<String, &RawValue> = serde_json::from_str(raw.get())
        .map_err(|_| "`context` must be an object of context keys".to_owned())?;
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
        context.insert(key, value, ContextSource::Given);
    }
    Ok(context)
}

/// A JSON string as its value, a number or boolean as its text.
fn scalar(raw: &RawValue) -> Option<String> {
    let text = raw.get();
    match text.as_bytes().first()? {
        b'"' => serde_json::from_str(text).ok(),
        b't' | b'f' | b'-' | b'0'..=b'9' if text != "null" => Some(text.to_owned()),
        _ => None,
    }
}

struct PolicyReader<'l, 'c> {
    line: &'l str,
    cache: &'c mut PolicyCache,
}

impl PolicyReader<'_, '_> {
    fn one(&mut self, raw: &RawValue, path: &str, kind: PolicyKind) -> Result<NamedPolicy, String> {
        let text = raw.get();
        let policy = match text.as_bytes().first() {
            Some(b'"') => {
                let inner: String =
                    serde_json::from_str(text).map_err(|e| format!("`{path}`: {e}"))?;
                self.cache.get(kind, &inner).map_err(|(message, at)| {
                    let (line, column) = line_column(&inner, at);
                    format!("`{path}`: {message} (line {line}, column {column} of the policy text)")
                })?
            }
            Some(b'{') => self.cache.get(kind, text).map_err(|(message, at)| {
                // The object is a slice of the line: report the column in the line itself.
                let start = (text.as_ptr() as usize).saturating_sub(self.line.as_ptr() as usize);
                let (_, column) = line_column(self.line, start + at);
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
            .map_or_else(|| path.to_owned(), |id| id.value.clone());
        Ok(NamedPolicy::new(name, kind, policy).with_source(path))
    }

    fn optional(
        &mut self,
        raw: Option<&&RawValue>,
        path: &str,
        kind: PolicyKind,
    ) -> Result<Option<NamedPolicy>, String> {
        match raw {
            None => Ok(None),
            Some(raw) if raw.get() == "null" => Ok(None),
            Some(raw) => self.one(raw, path, kind).map(Some),
        }
    }

    fn list(
        &mut self,
        raw: Option<&&RawValue>,
        path: &str,
        kind: PolicyKind,
    ) -> Result<Vec<NamedPolicy>, String> {
        let Some(raw) = raw.filter(|r| r.get() != "null") else {
            return Ok(Vec::new());
        };
        let items: Vec<&RawValue> = serde_json::from_str(raw.get())
            .map_err(|_| format!("`{path}` must be an array of policies"))?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| self.one(item, &format!("{path}[{i}]"), kind))
            .collect()
    }

    fn levels(
        &mut self,
        raw: Option<&&RawValue>,
        path: &str,
        kind: PolicyKind,
    ) -> Result<Vec<Vec<NamedPolicy>>, String> {
        let Some(raw) = raw.filter(|r| r.get() != "null") else {
            return Ok(Vec::new());
        };
        let levels: Vec<&RawValue> = serde_json::from_str(raw.get()).map_err(|_| {
            format!("`{path}` must be an array of levels, each an array of policies (root first)")
        })?;
        levels
            .iter()
            .enumerate()
            .map(|(i, level)| {
                if !level.get().starts_with('[') {
                    return Err(format!("`{path}[{i}]` must be an array of policies (one array per level, root first)"));
                }
                self.list(Some(level), &format!("{path}[{i}]"), kind)
            })
            .collect()
    }
}
