//! Property tests: reading and rendering any policy text of any kind never panics, and every
//! diagnostic has a label whose span lies inside the text on character boundaries.

use proptest::prelude::*;
use rolecall_core::diagnostic::render::render_all;
use rolecall_core::policy::model::PolicyKind;
use rolecall_core::policy::{POLICY_ELEMENTS, STATEMENT_ELEMENTS, parse_policy};

/// Arbitrary JSON text, biased towards the shapes and words of IAM policies.
fn json() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "*",
        "Allow",
        "Deny",
        "allow",
        "s3:GetObject",
        "sts:AssumeRole",
        "arn:aws:s3:::b/*",
        "arn:aws:iam::111111111111:role/*",
        "111111111111",
        "ec2.amazonaws.com",
        "2012-10-17",
        "2008-10-17",
        "${aws:username}",
        "true",
        "10",
        "ten",
        "203.0.113.0/33",
        "é😀",
        "",
        "token.actions.githubusercontent.com",
        "repo:*",
        "aws:TagKeys",
        "false",
        "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
    ]);
    // The elements of the grammar, then principal and condition keys and near misses.
    let others = [
        "AWS",
        "Service",
        "Federated",
        "CanonicalUser",
        "StringEquals",
        "ForAllValues:StringLike",
        "NumericLessThanIfExists",
        "Null",
        "Bool",
        "IpAddress",
        "DateLessThan",
        "StringEqual",
        "aws:SourceIp",
        "token.actions.githubusercontent.com:sub",
        "Statment",
    ];
    let key = prop::sample::select(
        POLICY_ELEMENTS
            .iter()
            .chain(&STATEMENT_ELEMENTS)
            .chain(&others)
            .copied()
            .collect::<Vec<_>>(),
    );
    let leaf = prop_oneof![
        Just("null".to_owned()),
        any::<bool>().prop_map(|b| b.to_string()),
        (-1000i64..100_000).prop_map(|n| n.to_string()),
        word.prop_map(|w| format!("{w:?}")),
    ];
    leaf.prop_recursive(5, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((key.clone(), inner), 0..6).prop_map(|m| {
                let members: Vec<String> =
                    m.into_iter().map(|(k, v)| format!("{k:?}: {v}")).collect();
                format!("{{{}}}", members.join(", "))
            }),
        ]
    })
}

fn check(text: &str) {
    for kind in PolicyKind::ALL {
        let parsed = parse_policy(text, kind);
        for d in &parsed.diagnostics {
            assert!(!d.labels.is_empty(), "{d:?}");
            for label in &d.labels {
                assert!(
                    text.get(label.span.start..label.span.end).is_some(),
                    "{d:?} in {text:?}"
                );
            }
            assert!(!d.message.ends_with('.'), "{}", d.message);
            assert!(
                d.message.chars().next().is_none_or(|c| !c.is_uppercase()),
                "{}",
                d.message
            );
        }
        let _ = render_all(&parsed.diagnostics, text, "p.json", true);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_json_shaped_policy_is_read_without_panicking(body in json()) {
        check(&body);
        check(&format!(r#"{{"Version": "2012-10-17", "Statement": {body}}}"#));
        check(&format!(r#"{{"Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {body}}}]}}"#));
        check(&format!(r#"{{"Statement": {{"Effect": "Allow", "Principal": {body}, "Action": "sts:AssumeRole"}}}}"#));
    }

    #[test]
    fn any_truncation_of_a_policy_is_read_without_panicking(body in json(), cut in 0usize..400) {
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": {body}}}"#);
        let end = (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        check(&text[..end]);
    }
}

#[test]
fn a_byte_order_mark_before_the_policy_is_ignored() {
    let text = "\u{feff}{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}";
    let parsed = parse_policy(text, PolicyKind::Identity);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    assert_eq!(parsed.policy.span.start, 3);
}

#[test]
fn a_huge_policy_is_read() {
    let statement = r#"{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"}"#;
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        vec![statement; 20_000].join(",")
    );
    let parsed = parse_policy(&text, PolicyKind::Identity);
    assert_eq!(parsed.policy.statements.len(), 20_000);
    let codes: Vec<_> = parsed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["policy-too-large"]);
}
