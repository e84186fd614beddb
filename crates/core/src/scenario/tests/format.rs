//! Tests of the scenario format: reading, diagnostics and the round trip.

use crate::diagnostic::render::render_all;
use crate::scenario::model::{DocumentForm, to_json};
use crate::scenario::{load, parse_scenario};

/// Checks the diagnostics of `text` as `code@start..end` strings.
fn check(text: &str, expected: &[&str]) {
    let parsed = load(text);
    let got: Vec<String> = parsed
        .diagnostics
        .iter()
        .map(|d| format!("{}@{}..{}", d.code, d.span().start, d.span().end))
        .collect();
    assert_eq!(got, expected, "{text}\n{:#?}", parsed.diagnostics);
}

const USER: &str = "arn:aws:iam::111111111111:user/alice";

#[test]
fn minimal_scenario_has_no_diagnostic() {
    check(
        r#"{"rolecall": 1, "identities": [], "resources": [], "requests": []}"#,
        &[],
    );
}

#[test]
fn unknown_field_is_reported_at_its_key() {
    check(
        r#"{"rolecall": 1, "identites": []}"#,
        &["unknown-field@16..27"],
    );
    let parsed = parse_scenario(r#"{"rolecall": 1, "identites": []}"#);
    assert_eq!(
        parsed.diagnostics[0].help.as_deref(),
        Some("did you mean `identities`?")
    );
}

#[test]
fn wrong_types_are_reported_at_the_value() {
    check(
        r#"{"rolecall": 1, "identities": {}}"#,
        &["wrong-type@30..32"],
    );
    check(r#"{"rolecall": 1, "title": 3}"#, &["wrong-type@25..26"]);
}

#[test]
fn missing_version_is_reported_and_the_rest_is_still_read() {
    let parsed = parse_scenario(r#"{"identities": [{"arn": "x"}]}"#);
    let codes: Vec<_> = parsed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["missing-version", "invalid-identity-arn"]);
    assert!(parsed.scenario.is_some());
}

#[test]
fn future_version_is_a_clear_error_and_nothing_is_read() {
    let parsed = parse_scenario(r#"{"rolecall": 7, "whatever": true}"#);
    assert!(parsed.scenario.is_none());
    assert_eq!(
        parsed.diagnostics[0].message,
        "scenario format version `7` is newer than this rolecall understands (up to `1`)"
    );
}

#[test]
fn invalid_version_and_non_object_are_errors() {
    check(r#"{"rolecall": "1"}"#, &["invalid-version@13..16"]);
    check(r#"{"rolecall": 0}"#, &["invalid-version@13..14"]);
    check("[1]", &["scenario-not-object@0..3"]);
}

#[test]
fn dangling_references_are_reported() {
    let text = format!(
        r#"{{"rolecall": 1, "identities": [{{"arn": "{USER}", "groups": ["arn:aws:iam::111111111111:group/nope"]}}],
        "requests": [{{"name": "r", "principal": "arn:aws:iam::111111111111:user/bob",
          "assume": [{{"role": "arn:aws:iam::111111111111:role/Nope"}}]}}]}}"#
    );
    let codes: Vec<_> = load(&text).diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["dangling-reference"; 3]);
}

#[test]
fn role_without_trust_policy_and_misplaced_fields_are_reported() {
    let text = format!(
        r#"{{"rolecall": 1, "identities": [
          {{"arn": "arn:aws:iam::111111111111:role/R", "policies": []}},
          {{"arn": "{USER}", "trustPolicy": {{}}, "maxSessionDuration": 3600}}]}}"#
    );
    let codes: Vec<_> = parse_scenario(&text)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(
        codes,
        [
            "missing-trust-policy",
            "field-not-for-identity",
            "field-not-for-identity"
        ]
    );
}

#[test]
fn out_of_range_numbers_bad_expect_bad_time_and_bad_accounts_are_reported() {
    let text = r#"{"rolecall": 1, "now": "tomorrow",
      "identities": [{"arn": "arn:aws:iam::111111111111:role/R", "trustPolicy": {}, "maxSessionDuration": 99}],
      "resources": [{"arn": "arn:aws:s3:::b", "account": "12"}],
      "requests": [{"name": "r", "principal": "anonymous", "action": "s3:ListAllMyBuckets", "expect": "maybe"}]}"#;
    let codes: Vec<_> = parse_scenario(text)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(
        codes,
        [
            "invalid-time",
            "invalid-number",
            "invalid-account",
            "invalid-expect"
        ]
    );
}

#[test]
fn object_document_keeps_its_exact_text_and_policy_diagnostics_point_into_the_file() {
    let text = format!(
        r#"{{"rolecall": 1, "identities": [{{"arn": "{USER}", "policies": [{{"name": "P", "document": {{ "Statement": {{"Effect": "Maybe", "Action": "*", "Resource": "*"}} }}}}]}}]}}"#
    );
    let parsed = load(&text);
    let scenario = parsed.scenario.as_ref().unwrap();
    let doc = &scenario.identities[0].policies[0].document;
    assert_eq!(doc.form, DocumentForm::Object);
    assert!(doc.text.starts_with("{ \"Statement\""));
    let maybe = text.find("\"Maybe\"").unwrap();
    let d = parsed.diagnostics.iter().find(|d| d.span().start == maybe);
    assert!(d.is_some(), "{:#?}", parsed.diagnostics);
}

#[test]
fn string_document_without_escapes_maps_spans_and_with_escapes_points_at_the_string() {
    let plain = format!(
        r#"{{"rolecall": 1, "identities": [{{"arn": "{USER}", "policies": [{{"name": "P", "document": "{{'x': 1}}"}}]}}]}}"#
    );
    let parsed = load(&plain);
    let doc = &parsed.scenario.as_ref().unwrap().identities[0].policies[0].document;
    assert_eq!(doc.form, DocumentForm::String);
    assert_eq!(doc.offset, Some(plain.find("{'x'").unwrap()));
    let escaped = format!(
        r#"{{"rolecall": 1, "identities": [{{"arn": "{USER}", "policies": [{{"name": "P", "document": "{{\"Statement\": 5}}"}}]}}]}}"#
    );
    let parsed = load(&escaped);
    let doc = &parsed.scenario.as_ref().unwrap().identities[0].policies[0].document;
    assert_eq!(doc.text, r#"{"Statement": 5}"#);
    assert_eq!(doc.offset, None);
    assert!(
        parsed.diagnostics.iter().all(|d| d.span() == doc.span),
        "{:#?}",
        parsed.diagnostics
    );
}

#[test]
fn round_trip_through_to_json_gives_the_same_scenario() {
    let text = format!(
        r#"{{"rolecall": 1, "title": "t", "notes": "n", "now": "2026-11-22T12:00:00Z",
        "organization": {{"id": "o-abc", "managementAccount": "999999999999",
          "accounts": {{"111111111111": ["r-root", "ou-dev"]}},
          "scps": [{{"name": "S", "target": "ou-dev", "document": {{"Statement": []}}}}]}},
        "identities": [{{"arn": "{USER}", "tags": {{"b": "2", "a": "1"}}, "policies": [{{"name": "P", "document": "{{\"Version\": \"2012-10-17\"}}"}}]}},
          {{"arn": "arn:aws:iam::111111111111:role/R", "trustPolicy": {{"Statement": []}}, "maxSessionDuration": 7200}}],
        "resources": [{{"arn": "arn:aws:s3:::b", "account": "111111111111", "policy": {{"Statement": []}}}}],
        "requests": [{{"name": "r", "principal": "{USER}", "context": {{"aws:SourceIp": "1.2.3.4", "aws:TagKeys": ["a"]}},
          "assume": [{{"role": "arn:aws:iam::111111111111:role/R", "sessionName": "s", "mfa": true, "durationSeconds": 900,
                       "sessionTags": {{"k": "v"}}, "transitiveTagKeys": ["k"], "sessionPolicy": {{"Statement": []}}}}],
          "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "allowed"}},
          {{"name": "gh", "principal": {{"federated": "token.actions.githubusercontent.com", "claims": {{"sub": "repo:a/b"}}}}, "action": "s3:GetObject"}},
          {{"name": "svc", "principal": {{"service": "ec2.amazonaws.com", "sourceAccount": "111111111111"}}, "action": "s3:GetObject"}}]}}"#
    );
    let first = parse_scenario(&text);
    assert_eq!(first.diagnostics, []);
    let first = first.scenario.unwrap();
    let written = to_json(&first);
    let second = parse_scenario(&written);
    assert_eq!(second.diagnostics, []);
    let mut second = second.scenario.unwrap();
    assert_eq!(to_json(&second), written);
    // Spans differ (the text moved); everything else is equal.
    clear_spans(&mut second);
    let mut first = first;
    clear_spans(&mut first);
    assert_eq!(first, second);
}

pub(super) fn clear_spans(s: &mut crate::scenario::Scenario) {
    use crate::span::Span;
    let mut docs = Vec::new();
    for i in &mut s.identities {
        i.span = Span::default();
        docs.extend(i.policies.iter_mut().map(|p| &mut p.document));
        docs.extend(i.trust_policy.as_mut());
        docs.extend(i.permissions_boundary.as_mut().map(|p| &mut p.document));
    }
    for r in &mut s.resources {
        r.span = Span::default();
        docs.extend(r.policy.as_mut());
    }
    if let Some(o) = &mut s.organization {
        docs.extend(o.scps.iter_mut().map(|p| &mut p.document));
        docs.extend(o.rcps.iter_mut().map(|p| &mut p.document));
    }
    for p in &mut s.oidc_providers {
        p.span = Span::default();
    }
    for q in &mut s.requests {
        q.span = Span::default();
        q.principal_span = Span::default();
        q.expect_span = Span::default();
        docs.extend(q.vpc_endpoint_policy.as_mut());
        for h in &mut q.assume {
            h.span = Span::default();
            docs.extend(h.session_policy.as_mut());
        }
    }
    for d in docs {
        d.span = Span::default();
        d.offset = None;
        d.text = crate::scenario::text::minify(&d.text);
    }
}

#[test]
fn rendered_scenario_diagnostics() {
    let text = r#"{
  "rolecall": 1,
  "identites": [],
  "identities": [
    {"arn": "arn:aws:iam::111111111111:role/Deployer", "policies": [], "maxSessionDuration": 100000}
  ],
  "requests": [
    {"name": "alice deploys", "principal": "arn:aws:iam::111111111111:user/alice", "expect": "yes"}
  ]
}
"#;
    let parsed = load(text);
    insta::assert_snapshot!(render_all(
        &parsed.diagnostics,
        text,
        "scenario.json",
        false
    ));
}

#[test]
fn json_schema_and_parser_agree_on_every_field_name() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../../../docs/scenario.schema.json")).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    for (name, fields) in crate::scenario::parse::FIELDS {
        let properties = if *name == "scenario" {
            &schema["properties"]
        } else {
            &schema["$defs"][name]["properties"]
        };
        let mut in_schema: Vec<&str> = properties
            .as_object()
            .unwrap_or_else(|| panic!("schema has no `{name}`"))
            .keys()
            .map(String::as_str)
            .collect();
        let mut in_parser: Vec<&str> = fields.to_vec();
        in_schema.sort_unstable();
        in_parser.sort_unstable();
        assert_eq!(in_schema, in_parser, "{name}");
    }
}

#[test]
fn an_action_that_is_not_service_colon_name_and_an_empty_resource_are_reported() {
    let request = |action: &str, resource: &str| {
        format!(
            r#"{{"rolecall": 1, "requests": [{{"name": "r", "principal": "anonymous", "action": "{action}", "resource": "{resource}"}}]}}"#
        )
    };
    // The spans cover the values, quotes included: `"action": ` ends at byte 79.
    check(&request("", "*"), &["invalid-action@79..81"]);
    check(&request("s3GetObject", "*"), &["invalid-action@79..92"]);
    check(&request("s3:", "*"), &["invalid-action@79..84"]);
    check(&request(" s3:GetObject", "*"), &["invalid-action@79..94"]);
    check(&request("s3:GetObject", ""), &["empty-resource@107..109"]);
    check(&request("s3:GetObject", "*"), &[]);
    check(&request("s3:Get*", "arn:aws:s3:::b/k"), &[]);
}

#[test]
fn a_tag_or_context_value_of_the_wrong_type_names_its_key() {
    let text = r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/alice", "policies": [], "tags": {"team": 5}}],
        "requests": [{"name": "r", "principal": "anonymous", "action": "s3:GetObject", "context": {"aws:SourceIp": {"a": 1}}}]}"#;
    let messages: Vec<String> = load(text)
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        messages,
        [
            "`tags.team` must be a string, found a number",
            "`context.aws:SourceIp` must be a string, number, boolean or array of them, found an object"
        ]
    );
}

#[test]
fn each_format_error_has_its_code() {
    let role = r#"{"arn": "arn:aws:iam::111111111111:role/R", "trustPolicy": {}}"#;
    let cases: &[(&str, &str)] = &[
        (
            r#"{"rolecall": 1, "identities": [{"policies": []}]}"#,
            "missing-field",
        ),
        (
            &format!(r#"{{"rolecall": 1, "identities": [{role}, {role}]}}"#),
            "duplicate-identity",
        ),
        (
            r#"{"rolecall": 1, "requests": [{"name": "r", "principal": {"who": "me"}, "action": "s3:x"}]}"#,
            "unknown-field",
        ),
        (
            r#"{"rolecall": 1, "requests": [{"name": "r", "principal": {}, "action": "s3:x"}]}"#,
            "invalid-principal",
        ),
        (
            r#"{"rolecall": 1, "requests": [{"name": "r", "principal": "anonymous"}]}"#,
            "missing-field",
        ),
        (
            r#"{"rolecall": 1, "organization": {"accounts": {"111111111111": ["r-1"]}, "scps": [{"name": "S", "target": "ou-x", "document": {}}]}}"#,
            "unknown-org-target",
        ),
        (
            r#"{"rolecall": 1, "organization": {"accounts": {"1": []}}}"#,
            "invalid-account",
        ),
        (
            r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/u", "policies": [{"name": "P", "document": 5}]}]}"#,
            "wrong-type",
        ),
        (
            r#"{"rolecall": 1, "requests": [{"name": "r", "principal": "arn:aws:iam::111111111111:group/g", "action": "s3:x"}]}"#,
            "dangling-reference",
        ),
    ];
    for (text, code) in cases {
        let codes: Vec<_> = parse_scenario(text)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect();
        assert!(codes.contains(code), "{text}: {codes:?}");
    }
}

/// A request of anonymous with one hop and an action, expecting `expect` (JSON text).
fn expecting(expect: &str) -> String {
    format!(
        r#"{{"rolecall": 1, "identities": [{{"arn": "arn:aws:iam::111111111111:role/R", "policies": [], "trustPolicy": {{"Version": "2012-10-17", "Statement": []}}}}],
  "requests": [{{"name": "r", "principal": "anonymous", "assume": [{{"role": "arn:aws:iam::111111111111:role/R"}}], "action": "s3:GetObject", "expect": {expect}}}]}}"#
    )
}

/// The diagnostics codes of `text` and its first request's expectation.
fn read_expect(text: &str) -> (Vec<&'static str>, Option<crate::scenario::model::Expect>) {
    let parsed = parse_scenario(text);
    let codes = parsed.diagnostics.iter().map(|d| d.code).collect();
    let expect = parsed
        .scenario
        .and_then(|s| s.requests.first().and_then(|r| r.expect));
    (codes, expect)
}

#[test]
fn expect_names_the_deciding_step_as_hop_n_or_action_and_writes_it_back() {
    use crate::scenario::model::{Expectation, StepRef};
    for (at, step) in [("hop 1", StepRef::Hop(0)), ("action", StepRef::Action)] {
        let text = expecting(&format!(r#"{{"decision": "implicitDeny", "at": "{at}"}}"#));
        let (codes, expect) = read_expect(&text);
        assert_eq!(codes, Vec::<&str>::new(), "{at}");
        let expect = expect.unwrap();
        assert_eq!(
            (expect.decision, expect.at),
            (Expectation::ImplicitDeny, Some(step))
        );
        let written = to_json(&parse_scenario(&text).scenario.unwrap());
        assert!(
            written.contains(&format!(
                r#""expect": {{"decision": "implicitDeny", "at": "{at}"}}"#
            )) || written.contains(&format!(
                "\"decision\": \"implicitDeny\",\n        \"at\": \"{at}\""
            )),
            "{written}"
        );
    }
    // The short form stays a string.
    let (codes, expect) = read_expect(&expecting(r#""denied""#));
    assert!(codes.is_empty());
    assert_eq!(expect.map(|e| e.at), Some(None));
}

#[test]
fn an_expect_at_that_names_no_step_of_the_request_is_reported_and_ignored() {
    for at in [
        r#"{"decision": "implicitDeny", "at": "hop 2"}"#,
        r#"{"decision": "implicitDeny", "at": "hop 0"}"#,
        r#"{"decision": "implicitDeny", "at": "the role"}"#,
        r#"{"decision": "allowed", "at": "hop 1"}"#,
    ] {
        let (codes, expect) = read_expect(&expecting(at));
        assert_eq!(codes, vec!["invalid-expect-at"], "{at}");
        assert_eq!(expect.map(|e| e.at), Some(None), "{at}");
    }
    let (codes, _) = read_expect(&expecting(r#"{"decision": "maybe"}"#));
    assert_eq!(codes, vec!["invalid-expect"]);
    let (codes, _) = read_expect(&expecting(r#"{"at": "hop 1"}"#));
    assert_eq!(codes, vec!["missing-field"]);
    let (codes, _) = read_expect(&expecting(r#"{"decision": "denied", "step": "hop 1"}"#));
    assert_eq!(codes, vec!["unknown-field"]);
}

#[test]
fn an_expectation_with_at_holds_only_when_that_step_decides() {
    use crate::scenario::evaluate_scenario;
    use crate::scenario::model::StepRef;
    // Anonymous cannot assume a role whose trust policy is empty: denied at hop 1.
    let outcome = |at: &str| {
        let text = expecting(&format!(r#"{{"decision": "implicitDeny", "at": "{at}"}}"#));
        let scenario = parse_scenario(&text).scenario.unwrap();
        evaluate_scenario(&scenario).requests.remove(0)
    };
    let at_hop = outcome("hop 1");
    assert_eq!(at_hop.decided_at, Some(StepRef::Hop(0)));
    assert_eq!(at_hop.passed, Some(true));
    assert_eq!(outcome("action").passed, Some(false));
}

#[test]
fn the_expectation_choices_keep_the_deciding_step_except_for_allowed() {
    use crate::scenario::model::{Expect, Expectation, StepRef};
    assert_eq!(
        Expect::choices(),
        [
            ("", "no expectation"),
            ("allowed", "allowed"),
            ("implicitDeny", "implicit deny"),
            ("explicitDeny", "explicit deny"),
            ("denied", "denied (either way)"),
        ]
    );
    let at_hop = Some(Expect {
        decision: Expectation::ImplicitDeny,
        at: Some(StepRef::Hop(0)),
    });
    assert_eq!(
        Expect::choose(at_hop, "explicitDeny"),
        Some(Expect {
            decision: Expectation::ExplicitDeny,
            at: Some(StepRef::Hop(0)),
        })
    );
    // An allowed request is decided by every step: no step to name.
    assert_eq!(
        Expect::choose(at_hop, "allowed"),
        Some(Expectation::Allowed.into())
    );
    assert!(!Expectation::Allowed.names_a_step());
    assert_eq!(Expect::choose(at_hop, ""), None);
}

#[test]
fn a_requests_steps_are_its_hops_then_its_action() {
    use crate::scenario::model::{AssumeHop, ScenarioRequest, StepRef};
    let mut request = ScenarioRequest {
        assume: vec![AssumeHop::default(), AssumeHop::default()],
        ..ScenarioRequest::default()
    };
    assert_eq!(request.steps(), [StepRef::Hop(0), StepRef::Hop(1)]);
    request.action = Some("s3:GetObject".to_owned());
    assert_eq!(
        request.steps(),
        [StepRef::Hop(0), StepRef::Hop(1), StepRef::Action]
    );
}

#[test]
fn a_managed_reference_says_what_it_resolved_to() {
    use crate::scenario::model::ReferenceState;
    assert_eq!(
        ReferenceState::Aws("v3".to_owned()).words(),
        "AWS managed policy, default version v3"
    );
    assert_eq!(
        ReferenceState::Customer(0).words(),
        "customer managed policy (defined in managedPolicies)"
    );
    assert_eq!(
        ReferenceState::Unknown.words(),
        "unknown managed policy: see the problems list"
    );
    assert_eq!(ReferenceState::Loading.words(), "loading…");
    assert_eq!(ReferenceState::default().words(), "loading…");
}

#[test]
fn only_a_versioned_scenario_is_loadable_and_a_refusal_says_why() {
    let loaded = |text: &str| parse_scenario(text).into_loadable().map_err(|d| d.code);
    assert!(loaded(r#"{"rolecall": 1}"#).is_ok());
    assert_eq!(loaded("{ not json").err(), Some("invalid-json"));
    assert_eq!(
        loaded(r#"{"Version": "2012-10-17", "Statement": []}"#).err(),
        Some("missing-version")
    );
    assert_eq!(loaded("[1]").err(), Some("scenario-not-object"));
    assert_eq!(
        loaded(r#"{"rolecall": 99}"#).err(),
        Some("unsupported-version")
    );
}
