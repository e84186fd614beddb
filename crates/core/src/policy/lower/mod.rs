//! Lowering of a JSON value to the policy model: the document and its statements.
//!
//! Lowering is lenient: it keeps whatever it understands and reports the rest. An element
//! that is present but unreadable is kept with the values that could be read (possibly none),
//! so that later checks know it was written. When a key is repeated, the last one wins, as in
//! IAM (see [`crate::json`]).

use std::fmt::Display;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::policy as diag;
use crate::json::{Value, ValueKind};
use crate::policy::model::{Effect, ListElement, Policy, Statement};
use crate::policy::suggest::closest;
use crate::span::{Span, Spanned};

mod condition;
mod principal;

/// The elements of a policy document.
pub const POLICY_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];

/// The elements of a statement.
pub const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Builds the policy model from `value` (consumed, so that its strings move into the model
/// without copies), pushing what cannot be understood to `diagnostics`.
pub(crate) fn policy(value: Value, diagnostics: &mut Vec<Diagnostic>) -> Policy {
    let span = value.span;
    let mut policy = Policy::empty(span);
    let ValueKind::Object(members) = value.kind else {
        diagnostics.push(diag::wrong_type(
            "a policy",
            "a json object",
            value.type_name(),
            span,
        ));
        return policy;
    };
    let mut statement = None;
    for member in members {
        match member.key.value.as_str() {
            "Version" => policy.version = string(member.value, "`Version`", diagnostics),
            "Id" => policy.id = string(member.value, "`Id`", diagnostics),
            "Statement" => statement = Some(member.value),
            other => diagnostics.push(diag::unknown_element(
                other,
                "policy",
                member.key.span,
                closest(other, POLICY_ELEMENTS),
            )),
        }
    }
    // Why only this exact text: "IAM JSON policy elements: Version" says policy variables
    // are recognised only with `2012-10-17`; with `2008-10-17` or no Version they are text.
    policy.variables_enabled = policy
        .version
        .as_ref()
        .is_some_and(|v| v.value == "2012-10-17");
    let Some(statement) = statement else {
        diagnostics.push(diag::missing_statement(span.opening()));
        return policy;
    };
    let statement_span = statement.span;
    let type_name = statement.type_name();
    match statement.kind {
        kind @ ValueKind::Object(_) => {
            let value = Value {
                kind,
                span: statement_span,
            };
            policy
                .statements
                .push(self::statement(value, 0, diagnostics));
        }
        ValueKind::Array(items) => {
            if items.is_empty() {
                diagnostics.push(diag::empty_array("`Statement`", statement_span));
            }
            policy.statements.reserve(items.len());
            for item in items {
                if item.as_object().is_some() {
                    let index = policy.statements.len();
                    policy
                        .statements
                        .push(self::statement(item, index, diagnostics));
                } else {
                    diagnostics.push(diag::wrong_type(
                        "a statement",
                        "a json object",
                        item.type_name(),
                        item.span,
                    ));
                }
            }
        }
        _ => diagnostics.push(diag::wrong_type(
            "`Statement`",
            "an object or an array of objects",
            type_name,
            statement_span,
        )),
    }
    policy
}

/// Builds one statement from the object `value`.
fn statement(value: Value, index: usize, diagnostics: &mut Vec<Diagnostic>) -> Statement {
    let span = value.span;
    let mut statement = Statement {
        index,
        sid: None,
        effect: None,
        principal: None,
        action: None,
        resource: None,
        conditions: Vec::new(),
        span,
    };
    let mut effect_seen = false;
    let (mut action, mut not_action) = (None, None);
    let (mut resource, mut not_resource) = (None, None);
    let (mut principal, mut not_principal) = (None, None);
    let mut condition = None;
    let members = match value.kind {
        ValueKind::Object(members) => members,
        _ => Vec::new(),
    };
    for member in members {
        let key = member.key;
        let v = member.value;
        match key.value.as_str() {
            "Sid" => statement.sid = string(v, "`Sid`", diagnostics),
            "Effect" => {
                effect_seen = true;
                statement.effect = effect(v, diagnostics);
            }
            "Action" => action = Some(list(&key, v, false, diagnostics)),
            "NotAction" => not_action = Some(list(&key, v, true, diagnostics)),
            "Resource" => resource = Some(list(&key, v, false, diagnostics)),
            "NotResource" => not_resource = Some(list(&key, v, true, diagnostics)),
            "Principal" => principal = Some(principal::element(&key, v, false, diagnostics)),
            "NotPrincipal" => not_principal = Some(principal::element(&key, v, true, diagnostics)),
            "Condition" => condition = Some(v),
            other => diagnostics.push(diag::unknown_element(
                other,
                "statement",
                key.span,
                closest(other, STATEMENT_ELEMENTS),
            )),
        }
    }
    if !effect_seen {
        diagnostics.push(diag::missing_effect(span.opening()));
    }
    statement.action = exclusive("Action", action, not_action, |e| e.key_span, diagnostics);
    if statement.action.is_none() {
        diagnostics.push(diag::missing_action(span.opening()));
    }
    statement.resource = exclusive(
        "Resource",
        resource,
        not_resource,
        |e| e.key_span,
        diagnostics,
    );
    statement.principal = exclusive(
        "Principal",
        principal,
        not_principal,
        |e| e.key_span,
        diagnostics,
    );
    if let Some(condition) = condition {
        statement.conditions = condition::conditions(condition, diagnostics);
    }
    statement
}

/// Keeps the positive element when both forms are written (and reports it).
fn exclusive<T>(
    name: &str,
    positive: Option<T>,
    negative: Option<T>,
    key_span: impl Fn(&T) -> Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    match (positive, negative) {
        (Some(p), Some(n)) => {
            diagnostics.push(diag::mutually_exclusive(name, key_span(&p), key_span(&n)));
            Some(p)
        }
        (p, n) => p.or(n),
    }
}

fn effect(value: Value, diagnostics: &mut Vec<Diagnostic>) -> Option<Spanned<Effect>> {
    let span = value.span;
    let text = string(value, "`Effect`", diagnostics)?;
    let effect = match text.value.as_str() {
        "Allow" => Effect::Allow,
        "Deny" => Effect::Deny,
        other => {
            diagnostics.push(diag::invalid_effect(other, span));
            return None;
        }
    };
    Some(Spanned::new(effect, span))
}

/// Reads a string element, reporting any other type.
pub(crate) fn string(
    value: Value,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Spanned<String>> {
    string_else(value, &what, "a string", diagnostics)
}

/// Reads a string, else reports that `what` should be `expected`: the one type check of
/// [`string`] and [`strings`] (`what` is written out only for the report).
fn string_else(
    value: Value,
    what: &dyn Display,
    expected: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Spanned<String>> {
    let type_name = value.type_name();
    if let ValueKind::String(s) = value.kind {
        Some(Spanned::new(s, value.span))
    } else {
        let what = what.to_string();
        diagnostics.push(diag::wrong_type(&what, expected, type_name, value.span));
        None
    }
}

/// Reads a string or an array of strings; other values are reported and skipped. `name` is the
/// element's name, used in messages only.
pub(crate) fn strings(
    value: Value,
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Spanned<String>> {
    let ValueKind::Array(items) = value.kind else {
        let expected = "a string or an array of strings";
        return string_else(value, &format_args!("`{name}`"), expected, diagnostics)
            .into_iter()
            .collect();
    };
    if items.is_empty() {
        diagnostics.push(diag::empty_array(&format!("`{name}`"), value.span));
    }
    let each = format!("each value of `{name}`");
    items
        .into_iter()
        .filter_map(|item| string(item, &each, diagnostics))
        .collect()
}

fn list(
    key: &Spanned<String>,
    value: Value,
    negated: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> ListElement {
    ListElement {
        negated,
        key_span: key.span,
        values: strings(value, &key.value, diagnostics),
    }
}
