//! Lowering of the `Condition` element into flat [`Condition`] entries.

use crate::diagnostic::Diagnostic;
use crate::diagnostic::policy as diag;
use crate::json::{Value, ValueKind};
use crate::policy::model::{BaseOperator, Condition, Operator};
use crate::policy::suggest::closest;
use crate::span::Spanned;

/// Flattens `"Condition": {OPERATOR: {KEY: VALUES}}` into one entry per operator and key.
pub(super) fn conditions(value: Value, diagnostics: &mut Vec<Diagnostic>) -> Vec<Condition> {
    let (span, type_name) = (value.span, value.type_name());
    let ValueKind::Object(operators) = value.kind else {
        diagnostics.push(diag::wrong_type(
            "`Condition`",
            "an object",
            type_name,
            span,
        ));
        return Vec::new();
    };
    if operators.is_empty() {
        diagnostics.push(diag::empty_condition("`Condition`", span));
    }
    let mut out = Vec::new();
    for block in operators {
        let operator = Operator::parse(&block.key.value);
        if operator.is_none() {
            diagnostics.push(diag::unknown_operator(
                &block.key.value,
                block.key.span,
                operator_help(&block.key.value),
            ));
        }
        let (block_span, block_type) = (block.value.span, block.value.type_name());
        let ValueKind::Object(keys) = block.value.kind else {
            diagnostics.push(diag::wrong_type(
                &format!("the `{}` block", block.key.value),
                "an object of condition keys",
                block_type,
                block_span,
            ));
            continue;
        };
        if keys.is_empty() {
            diagnostics.push(diag::empty_condition(
                &format!("the `{}` block", block.key.value),
                block_span,
            ));
        }
        out.reserve(keys.len());
        for key in keys {
            let values = values(&key.key.value, key.value, diagnostics);
            out.push(Condition::new(block.key.clone(), operator, key.key, values));
        }
    }
    out
}

/// The values of one condition key: strings, numbers and booleans kept as their text.
fn values(key: &str, value: Value, diagnostics: &mut Vec<Diagnostic>) -> Vec<Spanned<String>> {
    let one = |v: Value, diagnostics: &mut Vec<Diagnostic>| {
        let type_name = v.type_name();
        match v.kind {
            ValueKind::String(s) | ValueKind::Number(s) => Some(Spanned::new(s, v.span)),
            ValueKind::Bool(b) => Some(Spanned::new(b.to_string(), v.span)),
            _ => {
                diagnostics.push(diag::wrong_type(
                    &format!("a value of `{key}`"),
                    "a string, number or boolean",
                    type_name,
                    v.span,
                ));
                None
            }
        }
    };
    let span = value.span;
    match value.kind {
        ValueKind::Array(items) => {
            if items.is_empty() {
                diagnostics.push(diag::empty_array(&format!("the value of `{key}`"), span));
            }
            items
                .into_iter()
                .filter_map(|v| one(v, diagnostics))
                .collect()
        }
        kind => one(Value { kind, span }, diagnostics).into_iter().collect(),
    }
}

/// A "did you mean" help for an unknown operator: fixes the qualifier, the base name and the
/// `IfExists` suffix separately.
fn operator_help(text: &str) -> Option<String> {
    let (qualifier, rest) = match text.split_once(':') {
        Some((q, rest)) => {
            let q = closest(q, ["ForAllValues", "ForAnyValue"])?;
            (format!("{q}:"), rest)
        }
        None => (String::new(), text),
    };
    let lower = rest.to_ascii_lowercase();
    let (base_text, if_exists) = match lower.strip_suffix("ifexists") {
        Some(base) => (rest.get(..base.len()).unwrap_or(rest), true),
        None => (rest, false),
    };
    let names = BaseOperator::ALL.map(BaseOperator::name);
    let base = closest(base_text, names)?;
    if if_exists && base == "Null" {
        return Some(
            "`IfExists` cannot be added to `Null`, which already tests whether the key exists"
                .to_owned(),
        );
    }
    let suffix = if if_exists { "IfExists" } else { "" };
    Some(format!("did you mean `{qualifier}{base}{suffix}`?"))
}

#[cfg(test)]
mod tests {
    use super::operator_help;
    use crate::policy::model::PolicyKind;
    use crate::policy::parse_policy;
    use crate::value::{TypedValue, ValueError, parse_date};

    #[test]
    fn condition_values_are_read_once_for_their_operator_when_lowered() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"DateLessThan": {"aws:CurrentTime": ["2026-01-01", "soon"]}, "Frobnicate": {"k": "v"}}}]}"#;
        let policy = parse_policy(text, PolicyKind::Identity).policy;
        let conditions = &policy.statements[0].conditions;
        assert_eq!(
            conditions[0].typed(),
            [
                parse_date("2026-01-01").map(TypedValue::Date),
                Err(ValueError::NotADate("soon".to_owned()))
            ]
        );
        // An unknown operator has no type to read its values as.
        assert_eq!(conditions[1].typed(), []);
    }

    #[test]
    fn operator_help_fixes_each_part() {
        let check = |text: &str, expected: &str| {
            assert_eq!(operator_help(text).unwrap_or_default(), expected, "{text}");
        };
        check("stringequals", "did you mean `StringEquals`?");
        check("StringEqual", "did you mean `StringEquals`?");
        check(
            "ForAnyValues:StringLike",
            "did you mean `ForAnyValue:StringLike`?",
        );
        check("StringLikeIfexists", "did you mean `StringLikeIfExists`?");
        check(
            "NullIfExists",
            "`IfExists` cannot be added to `Null`, which already tests whether the key exists",
        );
        check("Frobnicate", "");
    }
}
