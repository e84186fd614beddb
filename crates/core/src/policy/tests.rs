//! Tests of reading policies into the model.

use super::model::{
    BaseOperator, Effect, Operator, PolicyKind, PrincipalType, PrincipalValue, SetQualifier,
};
use super::parse_policy;

/// The diagnostic codes for `text` read as `kind`, in order of position.
fn codes(text: &str, kind: PolicyKind) -> Vec<&'static str> {
    parse_policy(text, kind)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn statement_may_be_an_object_or_an_array() {
    let one = parse_policy(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#,
        PolicyKind::Identity,
    );
    assert_eq!(one.policy.statements.len(), 1);
    let two = parse_policy(
        r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Sid": "B", "Effect": "Deny", "Action": ["s3:*"], "Resource": "*"}]}"#,
        PolicyKind::Identity,
    );
    assert_eq!(two.policy.statements.len(), 2);
    let second = &two.policy.statements[1];
    assert_eq!(second.index, 1);
    assert_eq!(second.display_name(), "B");
    assert_eq!(second.effect.as_ref().unwrap().value, Effect::Deny);
}

#[test]
fn every_element_keeps_its_span() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Sid": "S1", "Effect": "Allow", "NotAction": ["iam:*"], "Resource": "arn:aws:s3:::b/*"}}"#;
    let parsed = parse_policy(text, PolicyKind::Identity);
    let at = |span: crate::Span| &text[span.start..span.end];
    let policy = &parsed.policy;
    assert_eq!(at(policy.version.as_ref().unwrap().span), r#""2012-10-17""#);
    let s = &policy.statements[0];
    assert_eq!(at(s.sid.as_ref().unwrap().span), r#""S1""#);
    assert_eq!(at(s.effect.as_ref().unwrap().span), r#""Allow""#);
    let action = s.action.as_ref().unwrap();
    assert!(action.negated);
    assert_eq!(at(action.key_span), r#""NotAction""#);
    assert_eq!(at(action.values[0].span), r#""iam:*""#);
    let resource = s.resource.as_ref().unwrap();
    assert_eq!(resource.values[0].value, "arn:aws:s3:::b/*");
    assert_eq!(at(s.span).chars().next(), Some('{'));
}

#[test]
fn variables_are_enabled_only_by_version_2012_10_17() {
    let enabled = |version: &str| {
        let text = format!(r#"{{{version} "Statement": []}}"#);
        parse_policy(&text, PolicyKind::Identity)
            .policy
            .variables_enabled
    };
    assert!(enabled(r#""Version": "2012-10-17","#));
    assert!(!enabled(r#""Version": "2008-10-17","#));
    assert!(!enabled(""));
}

#[test]
fn principal_forms_are_all_read() {
    let text = r#"{"Statement": [
      {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
      {"Effect": "Allow", "Principal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:root",
        "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:role/Dev",
        "arn:aws:sts::111122223333:assumed-role/Dev/s", "*"],
        "Service": "ec2.amazonaws.com", "Federated": "accounts.google.com",
        "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
       "Action": "s3:*", "Resource": "*"}]}"#;
    let parsed = parse_policy(text, PolicyKind::Resource);
    let codes: Vec<_> = parsed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["wildcard-principal-without-condition"; 2]);
    let s = &parsed.policy.statements;
    assert!(matches!(
        s[0].principal.as_ref().unwrap().value,
        PrincipalValue::Wildcard(_)
    ));
    let PrincipalValue::Map(entries) = &s[1].principal.as_ref().unwrap().value else {
        panic!("expected a map");
    };
    let kinds: Vec<_> = entries.iter().map(|e| (e.kind, e.values.len())).collect();
    assert_eq!(
        kinds,
        [
            (PrincipalType::Aws, 6),
            (PrincipalType::Service, 1),
            (PrincipalType::Federated, 1),
            (PrincipalType::CanonicalUser, 1)
        ]
    );
}

#[test]
fn conditions_are_flattened_one_per_operator_and_key() {
    let text = r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {
      "StringEquals": {"aws:PrincipalTag/team": "blue", "aws:RequestedRegion": ["eu-west-1", "eu-west-3"]},
      "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": "env*"},
      "NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
      "Bool": {"aws:SecureTransport": true}}}}"#;
    let parsed = parse_policy(text, PolicyKind::Identity);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let conditions = &parsed.policy.statements[0].conditions;
    let flat: Vec<(String, &str, Vec<&str>)> = conditions
        .iter()
        .map(|c| {
            (
                c.operator.unwrap().name(),
                c.key.value.as_str(),
                c.values.iter().map(|v| v.value.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        flat,
        [
            (
                "StringEquals".to_owned(),
                "aws:PrincipalTag/team",
                vec!["blue"]
            ),
            (
                "StringEquals".to_owned(),
                "aws:RequestedRegion",
                vec!["eu-west-1", "eu-west-3"]
            ),
            (
                "ForAnyValue:StringLikeIfExists".to_owned(),
                "aws:TagKeys",
                vec!["env*"]
            ),
            (
                "NumericLessThan".to_owned(),
                "aws:MultiFactorAuthAge",
                vec!["3600"]
            ),
            ("Bool".to_owned(), "aws:SecureTransport", vec!["true"]),
        ]
    );
}

#[test]
fn operators_parse_qualifier_base_and_if_exists() {
    let check = |text: &str, expected: Option<(Option<SetQualifier>, BaseOperator, bool)>| {
        let got = Operator::parse(text).map(|o| (o.qualifier, o.base, o.if_exists));
        assert_eq!(got, expected, "{text}");
    };
    check(
        "StringEquals",
        Some((None, BaseOperator::StringEquals, false)),
    );
    check(
        "ArnNotLikeIfExists",
        Some((None, BaseOperator::ArnNotLike, true)),
    );
    check(
        "ForAllValues:StringEquals",
        Some((
            Some(SetQualifier::ForAllValues),
            BaseOperator::StringEquals,
            false,
        )),
    );
    check(
        "ForAnyValue:NumericLessThanIfExists",
        Some((
            Some(SetQualifier::ForAnyValue),
            BaseOperator::NumericLessThan,
            true,
        )),
    );
    check("Null", Some((None, BaseOperator::Null, false)));
    check("NullIfExists", None);
    check("stringequals", None);
    check("StringEquals ", None);
    check("ForAllValues:", None);
    check("IfExists", None);
    for base in BaseOperator::ALL {
        assert_eq!(Operator::parse(base.name()).map(|o| o.base), Some(base));
    }
}

#[test]
fn a_repeated_element_keeps_the_last_value() {
    let parsed = parse_policy(
        r#"{"Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}}"#,
        PolicyKind::Identity,
    );
    assert_eq!(
        parsed.policy.statements[0].effect.as_ref().unwrap().value,
        Effect::Deny
    );
    assert_eq!(
        parsed
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect::<Vec<_>>(),
        ["duplicate-key"]
    );
}

#[test]
fn broken_json_still_gives_the_statements_read_before_the_break() {
    let parsed = parse_policy(
        r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "#,
        PolicyKind::Identity,
    );
    assert_eq!(parsed.policy.statements.len(), 2);
    assert!(parsed.diagnostics.iter().any(|d| d.code == "invalid-json"));
}

#[test]
fn structural_problems_are_reported() {
    let id = PolicyKind::Identity;
    assert_eq!(codes("[]", id), ["wrong-type"]);
    assert_eq!(codes("{}", id), ["missing-statement"]);
    assert_eq!(
        codes(r#"{"Statment": []}"#, id),
        ["missing-statement", "unknown-element"]
    );
    assert_eq!(codes(r#"{"Statement": 1}"#, id), ["wrong-type"]);
    assert_eq!(codes(r#"{"Statement": [1]}"#, id), ["wrong-type"]);
    assert_eq!(
        codes(r#"{"Statement": {"Action": "*", "Resource": "*"}}"#, id),
        ["missing-effect"]
    );
    assert_eq!(
        codes(
            r#"{"Statement": {"Effect": "allow", "Action": "*", "Resource": "*"}}"#,
            id
        ),
        ["invalid-effect"]
    );
    assert_eq!(
        codes(r#"{"Statement": {"Effect": "Allow", "Resource": "*"}}"#, id),
        ["missing-action"]
    );
    assert_eq!(
        codes(
            r#"{"Statement": {"Effect": "Allow", "Action": 5, "Resource": "*"}}"#,
            id
        ),
        ["wrong-type"]
    );
    assert_eq!(
        codes(
            r#"{"Statement": {"Effect": "Allow", "Action": [], "Resource": "*"}}"#,
            id
        ),
        ["empty-array"]
    );
    assert_eq!(
        codes(
            r#"{"Statement": {"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}}"#,
            id
        ),
        ["both-action-and-notaction"]
    );
    assert_eq!(
        codes(
            r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqual": {"a": "b"}}}}"#,
            id
        ),
        ["unknown-operator"]
    );
    assert_eq!(
        codes(
            r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"a": null}}}}"#,
            id
        ),
        ["wrong-type"]
    );
}
