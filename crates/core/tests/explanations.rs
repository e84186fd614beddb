//! Snapshots of rendered explanations (text and JSON) for representative corpus cases.
#![expect(
    clippy::indexing_slicing,
    reason = "indexing a serde_json::Value never panics (a missing key gives null)"
)]

use std::collections::BTreeMap;

use rolecall_core::evaluate::{PolicyTrace, evaluate, render_text};
use rolecall_core::simulate::{PolicyCache, parse_line};
use serde_json::Value;
use serde_json::value::RawValue;

const CORPORA: [&str; 2] = [
    include_str!("corpus/semantics.jsonl"),
    include_str!("corpus/rules.jsonl"),
];

fn line_of(case: &str) -> &'static str {
    CORPORA
        .iter()
        .flat_map(|c| c.lines())
        .find(|line| {
            let v: Value = serde_json::from_str(line).unwrap_or_default();
            v["case"].to_string().trim_matches('"') == case
        })
        .unwrap_or_default()
}

/// The text of the policy at `path` (`identityPolicies[0]`, `scps[1][0]`, `resourcePolicy`) in
/// `line`: the object's own text, or the string's value.
fn policy_text(line: &str, path: &str) -> Option<String> {
    let fields: BTreeMap<String, &RawValue> = serde_json::from_str(line).ok()?;
    let mut parts = path.split('[');
    let mut raw: &RawValue = fields.get(parts.next()?)?;
    for index in parts {
        let index: usize = index.trim_end_matches(']').parse().ok()?;
        let items: Vec<&RawValue> = serde_json::from_str(raw.get()).ok()?;
        raw = items.get(index).copied()?;
    }
    let text = raw.get();
    if text.starts_with('"') {
        serde_json::from_str(text).ok()
    } else {
        Some(text.to_owned())
    }
}

fn render(case: &str) -> String {
    let line = line_of(case);
    assert!(!line.is_empty(), "case {case} exists");
    let input = parse_line(line, &mut PolicyCache::new());
    assert!(input.is_ok(), "case {case}: {input:?}");
    let Ok(input) = input else {
        return String::new();
    };
    let evaluation = evaluate(&input.request, &input.policies);
    let source = |p: &PolicyTrace| p.source.and_then(|s| policy_text(line, &s.to_string()));
    render_text(&evaluation, &source)
}

#[test]
fn rendered_explanations() {
    for case in [
        "4",
        "13",
        "22",
        "35",
        "40",
        "42",
        "46",
        "53",
        "rcp-deny",
        "not-principal-deny-needs-session",
    ] {
        insta::assert_snapshot!(format!("case_{}", case.replace('-', "_")), render(case));
    }
}

#[test]
fn explanation_json_of_a_role_grant_limited_by_the_boundary() {
    let input = parse_line(line_of("40"), &mut PolicyCache::new());
    assert!(input.is_ok());
    let Ok(input) = input else { return };
    let evaluation = evaluate(&input.request, &input.policies);
    let json = serde_json::to_string_pretty(&evaluation).unwrap_or_default();
    insta::assert_snapshot!(json);
}

#[test]
fn an_unreadable_condition_value_is_reported_in_the_explanation() {
    use rolecall_core::evaluate::{Decision, NamedPolicy, PolicySet};
    use rolecall_core::policy::model::PolicyKind;
    use rolecall_core::policy::parse_policy;
    use rolecall_core::request::Request;

    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"ten"}}}]}"#;
    let policy = parse_policy(text, PolicyKind::Identity).policy;
    let set = PolicySet::new().with_policy(NamedPolicy::new("p", PolicyKind::Identity, policy));
    let mut request = Request {
        principal: "arn:aws:iam::111111111111:user/alice".into(),
        action: "s3:GetObject".into(),
        resource: "*".into(),
        ..Request::default()
    };
    request.context.set("aws:MultiFactorAuthAge", "5");
    let evaluation = evaluate(&request, &set);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    let condition = &evaluation.explanation.policies[0].statements[0].conditions[0];
    assert!(!condition.holds);
    assert!(!condition.diagnostics.is_empty(), "{condition:?}");
}

/// A trust policy naming someone else denies `sts:AssumeRole` with no deciding statement; the
/// explanation points at the trust statement's `Principal`, the part that did not match.
#[test]
fn an_implicit_deny_points_at_the_closest_allow_statement() {
    use rolecall_core::evaluate::{Decision, NamedPolicy, PolicySet};
    use rolecall_core::policy::model::PolicyKind;
    use rolecall_core::policy::parse_policy;
    use rolecall_core::request::Request;

    let trust = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"sts:AssumeRole"},
        {"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:TagSession"}]}"#;
    let identity = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#;
    let set = PolicySet::new()
        .with_policy(NamedPolicy::new(
            "Assume",
            PolicyKind::Identity,
            parse_policy(identity, PolicyKind::Identity).policy,
        ))
        .with_policy(NamedPolicy::new(
            "Dev",
            PolicyKind::Trust,
            parse_policy(trust, PolicyKind::Trust).policy,
        ));
    let request = Request {
        principal: "arn:aws:iam::111111111111:user/alice".into(),
        action: "sts:AssumeRole".into(),
        resource: "arn:aws:iam::111111111111:role/Dev".into(),
        ..Request::default()
    };
    let evaluation = evaluate(&request, &set);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    let e = &evaluation.explanation;
    assert!(e.deciding.is_empty());
    let closest: Vec<(&str, usize, &str)> = e
        .closest
        .iter()
        .map(|r| (r.policy.as_str(), r.index, &trust[r.span.start..r.span.end]))
        .collect();
    // The statement for `sts:AssumeRole` comes first, pointing at the `Principal` value that
    // failed (not the key: that value is what to change); the one for another action points at
    // its `Action` element.
    assert_eq!(
        closest,
        vec![
            ("Dev", 0, r#""arn:aws:iam::111111111111:user/bob""#),
            ("Dev", 1, r#""Action""#),
        ]
    );
}

#[test]
fn an_allowed_request_has_no_closest_statements() {
    let input = parse_line(line_of("1"), &mut PolicyCache::new());
    assert!(input.is_ok());
    let Ok(input) = input else { return };
    let evaluation = evaluate(&input.request, &input.policies);
    assert!(evaluation.explanation.closest.is_empty());
}
