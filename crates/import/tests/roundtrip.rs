//! `rolecall export --format cloudformation` round-trips through the importer: the accounts
//! rebuilt from the templates decide every request of the original scenario the same way, the
//! organization (OUs, accounts, SCPs and RCPs, in the management account's template) included.
//!
//! What a template cannot carry is left out of the comparison, and said: a resource without a
//! resource policy is not created by the template (its owner account and tags stay behind).

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on a file or scenario it cannot read"
)]

use rolecall_core::managed::ManagedPolicies;
use rolecall_core::scenario::examples::EXAMPLES;
use rolecall_core::scenario::{Scenario, evaluate_scenario, load_with, to_json};
use rolecall_import::{Input, export, import};

fn aws() -> ManagedPolicies {
    ManagedPolicies::parse(include_str!("../../core/data/managed-policies.json")).unwrap()
}

/// The original's decisions, and the decisions of the scenario rebuilt from its templates with
/// the original's requests (and the resource entries a template does not carry).
fn roundtrip(original: &Scenario, aws: &ManagedPolicies) -> (Vec<String>, Vec<String>) {
    let templates = export::cloudformation(original);
    let inputs: Vec<Input<'_>> = templates
        .iter()
        .map(|(account, text)| Input {
            name: account,
            text,
        })
        .collect();
    let imported = import(&inputs, aws);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let mut rebuilt = load_with(&to_json(&imported.scenario.unwrap()), aws)
        .scenario
        .unwrap();
    rebuilt.requests = original.requests.clone();
    rebuilt.now = original.now.clone();
    // A template creates a new key for a key policy (AWS assigns its id): the keys are matched
    // in order, and the rebuilt ones take the original ARNs.
    let original_keys: Vec<&str> = original
        .resources
        .iter()
        .filter(|r| r.policy.is_some() && r.arn.contains(":kms:"))
        .map(|r| r.arn.as_str())
        .collect();
    let mut keys = original_keys.iter();
    for mine in rebuilt
        .resources
        .iter_mut()
        .filter(|m| m.arn.contains(":kms:"))
    {
        if let Some(arn) = keys.next() {
            mine.arn = (*arn).to_owned();
        }
    }
    for r in &original.resources {
        if r.policy.is_none() {
            rebuilt.resources.push(r.clone());
        } else if let Some(mine) = rebuilt.resources.iter_mut().find(|m| m.arn == r.arn) {
            mine.account = r.account.clone();
            mine.tags = r.tags.clone();
        }
    }
    let decide = |s: &Scenario| {
        evaluate_scenario(s)
            .requests
            .iter()
            .map(|r| format!("{}: {:?}", r.name, r.decision))
            .collect()
    };
    (decide(original), decide(&rebuilt))
}

#[test]
fn every_example_decides_the_same_after_a_cloudformation_round_trip() {
    let aws = aws();
    let mut checked = 0;
    for example in EXAMPLES {
        let original = load_with(example.text, &aws).scenario.unwrap();
        let (before, after) = roundtrip(&original, &aws);
        assert_eq!(before, after, "{}", example.id);
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
}

/// Nested OUs, SCPs on the root, an OU and an account (whose `FullAWSAccess` the scenario
/// detached), an RCP: each request decided by a different one (`aws_cli_roundtrip.rs` too).
const ORG_SCENARIO: &str = include_str!("data/org-scenario.json");

#[test]
fn an_organization_tree_with_scps_and_rcps_decides_the_same_after_a_cloudformation_round_trip() {
    let aws = aws();
    let original = load_with(ORG_SCENARIO, &aws).scenario.unwrap();
    let (before, after) = roundtrip(&original, &aws);
    assert_eq!(before, after);
    assert_eq!(
        before,
        [
            "the EU OU's SCP denies a delete: ExplicitDeny",
            "a read from the EU OU is allowed: Allowed",
            "the account's own SCP denies IAM: ExplicitDeny",
            "an account at the root is inside the organization: Allowed",
        ]
    );
    // The organization is in the management account's template only, as AWS resources.
    let templates = export::cloudformation(&original);
    let management = &templates
        .iter()
        .find(|(a, _)| a == "999999999999")
        .unwrap()
        .1;
    for part in [
        r#""Type": "AWS::Organizations::OrganizationalUnit""#,
        r#""ParentId": {"Ref": "Ououa1b2prod"}"#,
        r#""ParentIds": [{"Ref": "Ououa1b2eu"}]"#,
        r#""Type": "RESOURCE_CONTROL_POLICY""#,
        r#""TargetIds": ["333333333333"]"#,
        "aws organizations detach-policy --policy-id p-FullAWSAccess --target-id 333333333333",
    ] {
        let squeeze = |t: &str| t.split_whitespace().collect::<String>();
        assert!(
            squeeze(management).contains(&squeeze(part)),
            "missing `{part}` in\n{management}"
        );
    }
    // AWS's own FullAWSAccess is attached by AWS, never created by the template.
    assert!(
        !management.contains(r#""Name": "FullAWSAccess""#),
        "{management}"
    );
    for (account, text) in &templates {
        if account != "999999999999" {
            assert!(!text.contains("AWS::Organizations"), "{account}: {text}");
        }
    }
}

#[test]
fn a_template_s_organization_without_rolecall_metadata_is_read_with_listed_placeholders() {
    let template = r#"{"AWSTemplateFormatVersion": "2010-09-09",
      "Parameters": {"RootId": {"Type": "String", "Default": "r-abcd"}},
      "Resources": {
        "Prod": {"Type": "AWS::Organizations::OrganizationalUnit", "Properties": {"Name": "Prod", "ParentId": {"Ref": "RootId"}}},
        "Workload": {"Type": "AWS::Organizations::Account", "Properties": {"AccountName": "workload", "Email": "w@example.com", "ParentIds": [{"Ref": "Prod"}]}},
        "DenyRegions": {"Type": "AWS::Organizations::Policy", "Properties": {"Name": "DenyRegions", "Type": "SERVICE_CONTROL_POLICY",
          "Content": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}]},
          "TargetIds": [{"Ref": "Prod"}]}},
        "Tags": {"Type": "AWS::Organizations::Policy", "Properties": {"Name": "Tags", "Type": "TAG_POLICY", "Content": {}, "TargetIds": [{"Ref": "RootId"}]}}}}"#;
    let imported = import(
        &[Input {
            name: "org.json",
            text: template,
        }],
        &aws(),
    );
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let org = imported.scenario.unwrap().organization.unwrap();
    assert_eq!(
        org.accounts.get("workload").map(Vec::as_slice),
        Some(&["r-abcd".to_owned(), "Prod".to_owned()][..])
    );
    let attached: Vec<(&str, &str)> = org
        .scps
        .iter()
        .map(|p| (p.name.as_str(), p.target.as_str()))
        .collect();
    assert_eq!(
        attached,
        [
            ("FullAWSAccess", "r-abcd"),
            ("FullAWSAccess", "Prod"),
            ("DenyRegions", "Prod"),
            ("FullAWSAccess", "workload"),
        ]
    );
    let summary = imported.summary.lines().join("\n");
    for said in [
        "`workload`: the id AWS assigns to the new account `Workload`",
        "`Prod`: the id AWS assigns to the OU `Prod`",
        "`FullAWSAccess` attached to the root, every OU and every account",
        "organization policy `Tags` is a `TAG_POLICY`",
    ] {
        assert!(summary.contains(said), "missing `{said}` in\n{summary}");
    }
}

#[test]
fn the_aws_cli_script_has_a_command_for_every_entity_and_policy() {
    let aws = aws();
    let example = EXAMPLES
        .iter()
        .find(|e| e.id == "aws-managed-policies")
        .unwrap();
    let scenario = load_with(example.text, &aws).scenario.unwrap();
    let script = export::aws_cli(&scenario);
    for line in [
        "aws iam create-policy --policy-name DenyConfidential --path / --policy-document '{\"Version\":\"2012-10-17\"",
        "aws iam create-user --user-name ExampleUser --path /",
        "aws iam attach-user-policy --user-name ExampleUser --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "aws iam attach-user-policy --user-name ExampleUser --policy-arn arn:aws:iam::111111111111:policy/DenyConfidential",
        "aws iam create-role --role-name ExampleEc2Role --path / --assume-role-policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}'",
        "aws iam attach-role-policy --role-name ExampleEc2Role --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    ] {
        assert!(script.contains(line), "missing `{line}` in\n{script}");
    }
    let scp = EXAMPLES.iter().find(|e| e.id == "scp-deny-region").unwrap();
    let script = export::aws_cli(&load_with(scp.text, &aws).scenario.unwrap());
    assert!(
        script.contains("aws organizations create-policy --type SERVICE_CONTROL_POLICY"),
        "{script}"
    );
    assert!(
        script.contains("aws organizations attach-policy --policy-id"),
        "{script}"
    );
}

#[test]
fn quotes_in_policies_are_escaped_for_the_shell() {
    let text = r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/o",
      "policies": [{"name": "It's", "document": {"Version": "2012-10-17", "Statement": [{"Sid": "Bob's", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}}]}], "requests": []}"#;
    let scenario = load_with(text, &aws()).scenario.unwrap();
    let script = export::aws_cli(&scenario);
    assert!(script.contains(r#"--policy-name 'It'\''s' --policy-document '{"Version":"2012-10-17","Statement":[{"Sid":"Bob'\''s""#), "{script}");
}
