//! Managed policies by ARN: references in `policies` and `permissionsBoundary`, customer
//! managed policies in `managedPolicies`, and the AWS managed policies given as input.

use crate::managed::ManagedPolicies;
use crate::scenario::model::ReferenceState;
use crate::scenario::{evaluate_scenario, load_with, to_json};

const AWS: &str = r#"{"format": "rolecall-managed-policies/1", "date": "2026-08-26", "complete": true, "policies": [
  {"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "versionId": "v3",
   "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}]}},
  {"arn": "arn:aws:iam::aws:policy/PowerUserAccess", "versionId": "v5",
   "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]}}]}"#;

fn aws() -> ManagedPolicies {
    ManagedPolicies::parse(AWS).unwrap()
}

/// A user with `policies` (JSON) and optional extra top-level members.
fn scenario(policies: &str, top: &str) -> String {
    format!(
        r#"{{"rolecall": 1, {top}"identities": [{{"arn": "arn:aws:iam::111111111111:user/u", "policies": {policies}}}],
  "requests": [{{"name": "get", "principal": "arn:aws:iam::111111111111:user/u", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}},
               {{"name": "put", "principal": "arn:aws:iam::111111111111:user/u", "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k"}}]}}"#
    )
}

fn codes(text: &str, aws: &ManagedPolicies) -> Vec<&'static str> {
    load_with(text, aws)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

fn decisions(text: &str, aws: &ManagedPolicies) -> Vec<String> {
    let scenario = load_with(text, aws).scenario.unwrap();
    evaluate_scenario(&scenario)
        .requests
        .iter()
        .map(|r| format!("{}={:?}", r.name, r.decision))
        .collect()
}

#[test]
fn an_aws_managed_policy_by_arn_is_evaluated_with_its_document() {
    let text = scenario(
        r#"[{"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}]"#,
        "",
    );
    assert_eq!(codes(&text, &aws()), Vec::<&str>::new());
    assert_eq!(
        decisions(&text, &aws()),
        ["get=Allowed", "put=ImplicitDeny"]
    );
}

#[test]
fn the_explanation_names_the_managed_policy_and_its_version() {
    let text = scenario(
        r#"[{"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}]"#,
        "",
    );
    let scenario = load_with(&text, &aws()).scenario.unwrap();
    let outcome = evaluate_scenario(&scenario);
    let json = serde_json::to_string(&outcome.requests[0]).unwrap();
    assert!(
        json.contains("AmazonS3ReadOnlyAccess (AWS managed, v3)"),
        "{json}"
    );
}

/// The lines that name an AWS managed policy carry its ARN and which quoted part is its name
/// (the page links that part to the policy's text); a customer managed policy's lines point
/// into its definition instead.
#[test]
fn explanation_lines_naming_an_aws_managed_policy_link_to_it() {
    let top = r#""managedPolicies": [{"arn": "arn:aws:iam::111111111111:policy/Deploy",
      "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}}], "#;
    let text = scenario(
        r#"[{"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}, {"arn": "arn:aws:iam::111111111111:policy/Deploy"}]"#,
        top,
    );
    let scenario = load_with(&text, &aws()).scenario.unwrap();
    let outcome = evaluate_scenario(&scenario);
    let lines: Vec<crate::evaluate::Line> = outcome.requests[0]
        .steps
        .iter()
        .flat_map(|step| crate::scenario::render::step_lines(&scenario, step))
        .collect();
    let linked: Vec<(&str, &str)> = lines
        .iter()
        .filter_map(|l| {
            let link = l.names.as_ref()?;
            let name = l.text.split('`').nth(2 * link.part + 1)?;
            Some((name, link.arn.as_str()))
        })
        .collect();
    let arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    let name = "AmazonS3ReadOnlyAccess (AWS managed, v3)";
    // The deciding statement and the policy's own heading.
    assert_eq!(linked, [(name, arn), (name, arn)], "{lines:#?}");
    assert!(
        lines
            .iter()
            .any(|l| l.text.contains("Deploy (customer managed)") && l.names.is_none()),
        "{lines:#?}"
    );
    // Nothing else changes in the text output.
    let json = serde_json::to_string(&lines).unwrap();
    assert_eq!(json.matches("\"names\"").count(), 2, "{json}");
}

/// A policy attached to many identities is written once for all of them (an account export
/// attaches `ReadOnlyAccess`, 100 KB, to hundreds), and each gets the same text.
#[test]
fn an_aws_managed_policy_attached_many_times_resolves_to_the_same_text() {
    let user = |n: usize| {
        format!(
            r#"{{"arn": "arn:aws:iam::111111111111:user/u{n}", "policies": [{{"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}}]}}"#
        )
    };
    let users: Vec<String> = (0..3).map(user).collect();
    let text = format!(
        r#"{{"rolecall": 1, "identities": [{}], "requests": []}}"#,
        users.join(",")
    );
    let scenario = load_with(&text, &aws()).scenario.unwrap();
    let texts: Vec<&str> = scenario
        .identities
        .iter()
        .map(|i| i.policies[0].document.text.as_str())
        .collect();
    assert!(texts[0].starts_with("{\n  \"Version\""), "{}", texts[0]);
    assert!(texts.iter().all(|t| *t == texts[0]), "{texts:?}");
}

#[test]
fn a_customer_managed_policy_is_defined_once_and_attached_by_arn() {
    let top = r#""managedPolicies": [{"arn": "arn:aws:iam::111111111111:policy/team/Deploy",
      "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}}], "#;
    let text = scenario(
        r#"[{"arn": "arn:aws:iam::111111111111:policy/team/Deploy"}]"#,
        top,
    );
    assert_eq!(codes(&text, &aws()), Vec::<&str>::new());
    assert_eq!(
        decisions(&text, &aws()),
        ["get=ImplicitDeny", "put=Allowed"]
    );
    // The explanation points at the definition, where the user edits it.
    let scenario = load_with(&text, &aws()).scenario.unwrap();
    let json = serde_json::to_string(&evaluate_scenario(&scenario).requests[1]).unwrap();
    assert!(json.contains("managedPolicies[0].document"), "{json}");
    assert!(json.contains("Deploy (customer managed)"), "{json}");
}

#[test]
fn a_managed_boundary_by_arn_caps_the_identity() {
    let text = r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/u",
      "policies": [{"name": "All", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}],
      "permissionsBoundary": {"arn": "arn:aws:iam::aws:policy/PowerUserAccess"}}],
      "requests": [{"name": "s3", "principal": "arn:aws:iam::111111111111:user/u", "action": "s3:GetObject", "resource": "*"},
                   {"name": "iam", "principal": "arn:aws:iam::111111111111:user/u", "action": "iam:CreateUser", "resource": "*"}]}"#;
    assert_eq!(decisions(text, &aws()), ["s3=Allowed", "iam=ImplicitDeny"]);
}

#[test]
fn an_unknown_arn_is_an_error_at_the_reference_with_a_suggestion_never_an_empty_policy() {
    let text = scenario(
        r#"[{"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess"}]"#,
        "",
    );
    let loaded = load_with(&text, &aws());
    let d = &loaded.diagnostics[0];
    assert_eq!(d.code, "unknown-managed-policy");
    assert_eq!(
        &text[d.span().start..d.span().end],
        r#""arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess""#
    );
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess`?")
    );
    // A customer ARN that `managedPolicies` does not define.
    let text = scenario(r#"[{"arn": "arn:aws:iam::111111111111:policy/Nope"}]"#, "");
    let loaded = load_with(&text, &aws());
    assert_eq!(loaded.diagnostics[0].code, "unknown-managed-policy");
    assert!(
        loaded.diagnostics[0]
            .message
            .contains("not defined in `managedPolicies`")
    );
    // The explanation says the policy was not evaluated.
    let json =
        serde_json::to_string(&evaluate_scenario(loaded.scenario.as_ref().unwrap()).requests[0])
            .unwrap();
    assert!(
        json.contains("Nope (unknown managed policy: not evaluated)"),
        "{json}"
    );
}

#[test]
fn a_policy_not_fetched_yet_is_loading_not_unknown() {
    let text = scenario(
        r#"[{"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}]"#,
        "",
    );
    let loaded = load_with(&text, &ManagedPolicies::new());
    let codes: Vec<_> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.code, d.severity))
        .collect();
    assert_eq!(codes, [("managed-policy-loading", crate::Severity::Info)]);
    let scenario = loaded.scenario.unwrap();
    assert_eq!(
        scenario.identities[0].policies[0]
            .document
            .reference
            .as_ref()
            .unwrap()
            .state,
        ReferenceState::Loading
    );
    assert_eq!(
        crate::scenario::managed::loading(&scenario),
        ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
    );
}

#[test]
fn bad_references_and_definitions_are_reported() {
    let check = |policies: &str, top: &str, expected: &[&str]| {
        assert_eq!(
            codes(&scenario(policies, top), &aws()),
            expected,
            "{policies} {top}"
        );
    };
    check(
        r#"[{"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "name": "X"}]"#,
        "",
        &["reference-with-document"],
    );
    check(
        r#"[{"arn": "arn:aws:iam::aws:role/X"}]"#,
        "",
        &["invalid-policy-arn", "unknown-managed-policy"],
    );
    let twice = r#""managedPolicies": [{"arn": "arn:aws:iam::111111111111:policy/P", "document": {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}},
      {"arn": "arn:aws:iam::111111111111:policy/P", "document": {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}], "#;
    check("[]", twice, &["duplicate-managed-policy"]);
    let aws_owned = r#""managedPolicies": [{"arn": "arn:aws:iam::aws:policy/Mine", "document": {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}], "#;
    check("[]", aws_owned, &["aws-managed-policy-defined"]);
}

#[test]
fn a_scenario_written_back_keeps_references_not_documents() {
    let top = r#""managedPolicies": [{"arn": "arn:aws:iam::111111111111:policy/Deploy", "document": {"Version": "2012-10-17", "Statement": []}}], "#;
    let text = scenario(
        r#"[{"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}, {"arn": "arn:aws:iam::111111111111:policy/Deploy"}]"#,
        top,
    );
    let scenario = load_with(&text, &aws()).scenario.unwrap();
    let written = to_json(&scenario);
    assert!(written.contains("\"policies\": [\n        {\n          \"arn\": \"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\"\n        },"), "{written}");
    assert!(!written.contains("s3:Get*"), "{written}");
    assert!(written.contains("\"managedPolicies\": ["), "{written}");
    let again = load_with(&written, &aws()).scenario.unwrap();
    assert_eq!(to_json(&again), written);
    assert_eq!(
        again.identities[0].policies,
        scenario.identities[0]
            .policies
            .iter()
            .cloned()
            .map(|mut p| {
                p.document.span = again.identities[0]
                    .policies
                    .iter()
                    .find(|q| q.name == p.name)
                    .unwrap()
                    .document
                    .span;
                if p.name == "Deploy" {
                    p.document.text = again.managed_policies[0].document.text.clone();
                }
                p
            })
            .collect::<Vec<_>>()
    );
}

/// A role `Dev` with full access that `u` may assume with the managed session policies `arns`
/// (JSON list), then `s3:GetObject` and `s3:PutObject`.
fn session_with_policy_arns(arns: &str) -> String {
    format!(
        r#"{{"rolecall": 1, "identities": [
  {{"arn": "arn:aws:iam::111111111111:user/u", "policies": [{{"name": "p", "document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}]}}}}]}},
  {{"arn": "arn:aws:iam::111111111111:role/Dev",
    "trustPolicy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111111111111:user/u"}}, "Action": "sts:AssumeRole"}}]}},
    "policies": [{{"name": "all", "document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}}]}}}}]}}],
  "requests": [
    {{"name": "get", "principal": "arn:aws:iam::111111111111:user/u", "assume": [{{"role": "arn:aws:iam::111111111111:role/Dev", "policyArns": {arns}}}], "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}},
    {{"name": "put", "principal": "arn:aws:iam::111111111111:user/u", "assume": [{{"role": "arn:aws:iam::111111111111:role/Dev", "policyArns": {arns}}}], "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k"}}]}}"#
    )
}

/// Why: `PolicyArns` takes "the ARNs of the IAM managed policies that you want to use as
/// managed session policies" (AWS STS API Reference, AssumeRole), AWS managed ones included;
/// the session's permissions are the intersection of the role's policies and those.
#[test]
fn an_aws_managed_session_policy_by_arn_limits_the_session() {
    let text = session_with_policy_arns(r#"["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]"#);
    assert_eq!(codes(&text, &aws()), Vec::<&str>::new());
    assert_eq!(
        decisions(&text, &aws()),
        ["get=Allowed", "put=ImplicitDeny"]
    );
    let scenario = load_with(&text, &aws()).scenario.unwrap();
    let json = serde_json::to_string(&evaluate_scenario(&scenario).requests[1]).unwrap();
    assert!(
        json.contains("AmazonS3ReadOnlyAccess (AWS managed, v3)"),
        "{json}"
    );
}

/// The explanation points at where the ARN is written (AWS's text is not the user's), and that
/// place leads back to the ARN and to the fetched document.
#[test]
fn an_aws_managed_session_policy_points_at_its_arn_in_the_hop() {
    let text = session_with_policy_arns(r#"["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]"#);
    let scenario = load_with(&text, &aws()).scenario.unwrap();
    let json = serde_json::to_string(&evaluate_scenario(&scenario).requests[0]).unwrap();
    assert!(
        json.contains(r#""source":"requests[0].assume[0].policyArns[0]""#),
        "{json}"
    );
    let place = crate::scenario::DocumentId::SessionArn {
        request: 0,
        hop: 0,
        arn: 0,
    };
    let document = place.get(&scenario).unwrap();
    assert_eq!(
        document.reference_arn(),
        Some("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    );
    assert!(document.text.contains("s3:Get*"), "{}", document.text);
}

#[test]
fn an_aws_managed_session_policy_not_loaded_yet_is_loading_not_empty() {
    let text = session_with_policy_arns(r#"["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]"#);
    let partial = ManagedPolicies::new();
    assert_eq!(
        codes(&text, &partial),
        ["managed-policy-loading", "managed-policy-loading"]
    );
    let scenario = load_with(&text, &partial).scenario.unwrap();
    assert_eq!(
        crate::scenario::managed::loading(&scenario),
        ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
    );
    assert_eq!(
        crate::scenario::managed::aws_references(&scenario),
        ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
    );
    assert_eq!(
        decisions(&text, &partial),
        ["get=ImplicitDeny", "put=ImplicitDeny"]
    );
}

#[test]
fn an_unknown_aws_managed_session_policy_fails_the_call() {
    let text = session_with_policy_arns(r#"["arn:aws:iam::aws:policy/NoSuchPolicy"]"#);
    assert_eq!(
        decisions(&text, &aws()),
        ["get=ImplicitDeny", "put=ImplicitDeny"]
    );
    let scenario = load_with(&text, &aws()).scenario.unwrap();
    let json = serde_json::to_string(&evaluate_scenario(&scenario).requests[0]).unwrap();
    assert!(
        json.contains("is not an AWS managed policy Rolecall knows"),
        "{json}"
    );
}

/// `parse_and_check` reads the text once: its diagnostics are `load_with`'s, in the same
/// order, and its scenario is the parser's (references not resolved, as an editor holds it).
#[test]
fn parse_and_check_gives_the_diagnostics_of_load_with_and_the_unresolved_scenario() {
    let text = scenario(
        r#"[{"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"},
            {"arn": "arn:aws:iam::111111111111:policy/Missing"},
            {"name": "bad", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "s3:GetObject", "Resource": "*"}]}}]"#,
        "",
    );
    let (parsed, diagnostics) = crate::scenario::parse_and_check(&text, &aws());
    assert_eq!(diagnostics, load_with(&text, &aws()).diagnostics);
    assert!(diagnostics.len() >= 2, "{diagnostics:?}");
    assert_eq!(parsed, crate::scenario::parse_scenario(&text));
}
