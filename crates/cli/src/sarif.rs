//! SARIF 2.1.0 output (`rolecall check --format sarif`, `rolecall lint --format sarif`), the
//! format GitHub code scanning and other CI tools read.
//!
//! Lines and columns are 1-based; columns count Unicode code points (`columnKind`
//! `unicodeCodePoints`), as the core's [`LineIndex`] does.
//!
//! Why: OASIS "Static Analysis Results Interchange Format (SARIF) Version 2.1.0", §3.13 (sarifLog:
//! `version`, `runs`), §3.14 (run: `tool`, `results`, `columnKind`), §3.19 (toolComponent:
//! `name`, `rules`), §3.27 (result: `message`, `ruleId`, `level`, `locations`,
//! `relatedLocations`), §3.30 (region: `startLine` ... `endColumn`, 1-based).

use rolecall_core::Span;
use rolecall_core::diagnostic::render::LineIndex;
use serde_json::{Value, json};

/// The `$schema` of a SARIF 2.1.0 log.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A rule a result refers to: its id, a one-line description, and help.
pub struct Rule {
    pub id: String,
    pub description: String,
    pub help: Option<String>,
}

/// A SARIF location in `file` at `span` of `index`'s text, with an optional message and id.
pub fn location(file: &str, index: &LineIndex<'_>, span: Span) -> Value {
    let start = index.line_col(span.start);
    let end = index.line_col(span.end);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(file) },
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            }
        }
    })
}

/// A file name as a relative URI reference (`/` separators, spaces and `%` escaped).
fn uri(file: &str) -> String {
    let mut out = String::with_capacity(file.len());
    for c in file.replace('\\', "/").chars() {
        match c {
            '%' => out.push_str("%25"),
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}

/// One SARIF result.
pub fn result(
    rule_id: &str,
    level: &str,
    message: &str,
    location: Value,
    related: Vec<Value>,
) -> Value {
    let mut result = json!({
        "ruleId": rule_id,
        "level": level,
        "message": { "text": message },
        "locations": [location],
    });
    if !related.is_empty() {
        if let Some(object) = result.as_object_mut() {
            object.insert("relatedLocations".to_owned(), Value::Array(related));
        }
    }
    result
}

/// A related location: `location` with an id (from 1) and a message.
pub fn related(mut location: Value, id: usize, message: &str) -> Value {
    if let Some(object) = location.as_object_mut() {
        object.insert("id".to_owned(), json!(id));
        object.insert("message".to_owned(), json!({ "text": message }));
    }
    location
}

/// A whole SARIF log with one run of `rolecall`.
pub fn log(rules: &[Rule], results: Vec<Value>) -> Value {
    let rules: Vec<Value> = rules
        .iter()
        .map(|r| {
            let mut rule = json!({
                "id": r.id,
                "shortDescription": { "text": r.description },
            });
            if let (Some(help), Some(object)) = (&r.help, rule.as_object_mut()) {
                object.insert("help".to_owned(), json!({ "text": help }));
            }
            rule
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "rolecall",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}
