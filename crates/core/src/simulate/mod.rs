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
//!  "managementAccount": "333333333333", "serviceLinkedRole": false,
//!  "vpcEndpointPolicy": <policy or null>, "vpcEndpointId": "vpce-1a2b3c4d"}
//! ```
//!
//! - `principal`, `action` and `resource` are required, non-empty strings; `action` looks like
//!   `service:Name` or is `*`. Everything else is optional (`null` is the same as absent).
//! - `id` is a string, a number or `null`, echoed as written; any other `id` makes the line an
//!   error with the id `null`, so that the echo is always a small, valid JSON value.
//! - `scps` and `rcps` list levels, root first. An empty or missing list means no organization
//!   policies apply. Every SCP level must allow; a level given as `[]` has no SCP, so it allows
//!   nothing (AWS always attaches at least one SCP, `FullAWSAccess`, per level). Every RCP
//!   level holds the AWS-managed `RCPFullAWSAccess`, which cannot be detached: an RCP level
//!   always allows, and the RCPs given there can only deny.
//! - A `<policy>` is a JSON object or a string holding the policy text. A string is parsed as
//!   it is, so the spans in the explanation point into that text; an object is parsed from its
//!   exact text in the line, so its spans are byte offsets from the object's opening brace.
//! - `resourcePolicy` is read as a trust policy when the action is `sts:AssumeRole*` (or
//!   another trust-policy action), else as a resource-based policy.
//! - Context values are strings or arrays of strings; JSON numbers and booleans are taken as
//!   their text. The context is used exactly as given: nothing is derived.
//! - `managementAccount` (the organization's management account: its principals are exempt
//!   from SCPs and its resources from RCPs) and `serviceLinkedRole` are Rolecall extensions.
//! - `vpcEndpointPolicy` is the policy of the VPC endpoint the request goes through: its
//!   `Deny` denies and it must allow as well (it never grants). `vpcEndpointId` sets
//!   `aws:SourceVpce` unless the context gives it.
//! - `case`, `expect`, `rule` (the rule of the decision procedure that decides), `why` and
//!   `comment` are annotations, ignored. Any other field is an error, so that a misspelt field
//!   never silently changes a result.
//!
//! The output line is `{"id": ..., "decision": "allowed" | "implicitDeny" | "explicitDeny"}`,
//! plus `"warnings"` when a policy has some and `"explanation"` when asked; a line that cannot
//! be evaluated gives `{"id": ..., "decision": "error", "error": "<message with location>"}`:
//! the message names the field (`` `scps` must be a list of levels, each a list of policies``)
//! and ends with `(line N, column C)`, the line of the input and the column (in characters)
//! within it; an error inside a policy written as a string also gives its place in that text.
//!
//! Only a refusal rule makes a line an error: a policy that AWS refuses to store or run
//! (invalid JSON, a missing `Effect`, `Principal` in an identity policy, `NotPrincipal` with
//! `Allow`, an SCP whose `Version` is not `2012-10-17`, ...; the table is
//! [`crate::diagnostic::refusal::REFUSALS`]). Everything else is evaluated as AWS's matcher
//! reads it: an upper-case `ARN:` resource, a malformed action string or a condition value of
//! the wrong type never matches, and a short ARN ending in `*` is globbed as written. Each such
//! finding is a warning on the result line: `"warnings": [{"code", "message", "field",
//! "line", "column"}]`, with `textLine`/`textColumn` inside a policy written as a string.

use serde::Serialize;
use serde_json::value::RawValue;

use crate::evaluate::{Detail, Explanation, PolicySet, evaluate_with};
use crate::request::Request;

mod cache;
mod fields;
mod input;
mod known;
mod line_error;
mod policy_reader;
mod scan;

pub use cache::PolicyCache;
pub use line_error::LineError;

/// One parsed input line.
#[derive(Debug)]
pub struct SimulateInput {
    /// The request.
    pub request: Request,
    /// The policies.
    pub policies: PolicySet,
    /// The warnings of its policies, in the order read.
    pub warnings: Vec<SimulateWarning>,
}

/// A warning beside the decision: a diagnostic of one of the line's policies that is not a
/// refusal rule (an entry that can never match, a short ARN ending in `*`, a security finding).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimulateWarning {
    /// The diagnostic code (docs/diagnostics.md).
    pub code: &'static str,
    /// The message.
    pub message: String,
    /// The field holding the policy, e.g. `identityPolicies[0]`.
    pub field: String,
    /// The input line (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The column in the input line, in characters (1-based): the place itself for a policy
    /// object, the opening quote for a policy written as a string.
    pub column: usize,
    /// For a policy written as a string: the line within its text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_line: Option<usize>,
    /// For a policy written as a string: the column within its text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_column: Option<usize>,
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
    /// Warnings beside the decision (absent when there are none).
    #[serde(skip_serializing_if = "no_warnings")]
    pub warnings: &'a [SimulateWarning],
    /// The explanation, with `--explain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

fn no_warnings(warnings: &&[SimulateWarning]) -> bool {
    warnings.is_empty()
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
    let mut json = Vec::new();
    let decision = simulate_line_into(line, line_number, explain, cache, &mut json);
    SimulatedLine {
        json: String::from_utf8(json).unwrap_or_default(),
        decision,
    }
}

/// [`simulate_line`] writing the output line (without its newline) at the end of `out`, so
/// that a stream reuses one buffer; returns the decision written (`error` for a line that
/// could not be evaluated).
pub fn simulate_line_into(
    line: &str,
    line_number: usize,
    explain: bool,
    cache: &mut PolicyCache,
    out: &mut Vec<u8>,
) -> &'static str {
    let (id, input) = input::read(line, cache);
    let id: &RawValue = match id {
        Some(id) => id,
        None => null(),
    };
    let mut input = match input {
        Ok(input) => input,
        Err(error) => return error_line(id, error.render(line, Some(line_number)), out),
    };
    for warning in &mut input.warnings {
        warning.line = Some(line_number);
    }
    let detail = if explain {
        Detail::Full
    } else {
        Detail::DecisionOnly
    };
    let evaluation = evaluate_with(&input.request, &input.policies, detail);
    let output = SimulateOutput {
        id,
        decision: evaluation.decision.as_str(),
        error: None,
        warnings: &input.warnings,
        explanation: explain.then_some(evaluation.explanation),
    };
    let start = out.len();
    match serde_json::to_writer(&mut *out, &output) {
        Ok(()) => output.decision,
        Err(e) => {
            out.truncate(start);
            error_line(
                id,
                format!("cannot write the result: {e} (line {line_number})"),
                out,
            )
        }
    }
}

/// Reads one input line into a request and its policies (without evaluating it).
///
/// # Errors
///
/// A [`LineError`] saying what could not be read and where in `line` (its
/// [`LineError::render`] gives the place as a column).
pub fn parse_line(line: &str, cache: &mut PolicyCache) -> Result<SimulateInput, LineError> {
    input::read(line, cache).1
}

/// [`parse_line`] with serde_json reading the whole line, never the faster scan (`scan.rs`),
/// whose reading must be the same for every line: the fuzz target `simulate` compares the two.
/// Not part of the contract.
///
/// # Errors
///
/// As [`parse_line`].
#[doc(hidden)]
pub fn parse_line_carefully(
    line: &str,
    cache: &mut PolicyCache,
) -> Result<SimulateInput, LineError> {
    input::read_carefully(line, cache).1
}

fn error_line(id: &RawValue, error: String, out: &mut Vec<u8>) -> &'static str {
    let output = SimulateOutput {
        id,
        decision: "error",
        error: Some(error),
        warnings: &[],
        explanation: None,
    };
    let start = out.len();
    if serde_json::to_writer(&mut *out, &output).is_err() {
        out.truncate(start);
        out.extend_from_slice(
            br#"{"id":null,"decision":"error","error":"cannot write the error"}"#,
        );
    }
    "error"
}
