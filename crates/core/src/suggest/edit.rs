//! Text edits of a policy document that keep the user's text: a value added to a list element,
//! a statement appended; and finding a document of a scenario by its id to change it.

use crate::document::DocumentId;
use crate::scenario::model::{PolicyDocument, Scenario};
use crate::span::{Span, Spanned};

/// `text` with `value` added to the list whose values are `values` (a single string becomes an
/// array of two). `None` when the list has no value to anchor on.
pub(super) fn add_to_list(text: &str, values: &[Spanned<String>], value: &str) -> Option<String> {
    let first = values.first()?.span;
    let last = values.last()?.span;
    let quoted = serde_json::to_string(value).ok()?;
    let before = text.get(..first.start)?.trim_end();
    if before.ends_with('[') {
        return Some(format!(
            "{}, {quoted}{}",
            text.get(..last.end)?,
            text.get(last.end..)?
        ));
    }
    let old = text.get(first.start..first.end)?;
    Some(format!(
        "{}[{old}, {quoted}]{}",
        text.get(..first.start)?,
        text.get(first.end..)?
    ))
}

/// `text` with `statement` (JSON) appended to the `Statement` array whose last statement ends
/// at `last` (or placed in an empty array that opens at `open`).
pub(super) fn append_statement(text: &str, last: Option<Span>, statement: &str) -> Option<String> {
    match last {
        Some(last) => Some(format!(
            "{}, {statement}{}",
            text.get(..last.end)?,
            text.get(last.end..)?
        )),
        None => {
            // An empty array: `"Statement": []`.
            let key = text.find("\"Statement\"")?;
            let open = key + text.get(key..)?.find('[')?;
            Some(format!(
                "{}{statement}{}",
                text.get(..=open)?,
                text.get(open + 1..)?
            ))
        }
    }
}

/// The document `id`, to change it. Only documents the user wrote: not a managed-policy
/// reference.
pub(super) fn document_mut(scenario: &mut Scenario, id: DocumentId) -> Option<&mut PolicyDocument> {
    id.get_mut(scenario).filter(|d| d.reference.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::PolicyKind;
    use crate::policy::parse_policy;

    fn added(text: &str, value: &str) -> String {
        let policy = parse_policy(text, PolicyKind::Identity).policy;
        let values = &policy.statements[0].action.as_ref().unwrap().values;
        add_to_list(text, values, value).unwrap()
    }

    #[test]
    fn a_single_action_becomes_an_array_of_two() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;
        assert!(
            added(text, "s3:PutObject").contains(r#""Action": ["s3:GetObject", "s3:PutObject"]"#)
        );
    }

    #[test]
    fn an_action_array_gets_one_more_value() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [ "s3:GetObject" ], "Resource": "*"}]}"#;
        assert!(
            added(text, "s3:PutObject").contains(r#""Action": [ "s3:GetObject", "s3:PutObject" ]"#)
        );
    }

    #[test]
    fn a_statement_is_appended_after_the_last() {
        let text = r#"{"Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*"}]}"#;
        let policy = parse_policy(text, PolicyKind::Identity).policy;
        let last = policy.statements.last().map(|s| s.span);
        let out = append_statement(text, last, "{}").unwrap();
        assert_eq!(
            out,
            r#"{"Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*"}, {}]}"#
        );
        assert_eq!(
            append_statement(r#"{"Statement": []}"#, None, "{}").unwrap(),
            r#"{"Statement": [{}]}"#
        );
    }
}
