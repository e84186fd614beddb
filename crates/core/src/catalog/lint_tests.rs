//! Tests of the catalog-aware lint against the committed catalog: one test per finding (those
//! on conditions are in `lint_condition_tests.rs`), the rendered snapshot and the example library.

use super::{lint_policy, test_catalog};
use crate::policy::model::PolicyKind;
use crate::policy::parse_policy;

/// Lints a policy whose statements are `statements` (JSON) and compares the findings, written
/// as `code `spanned text`: message`, with `expected`.
pub(super) fn check(statements: &str, expected: &[&str]) {
    check_kind(PolicyKind::Identity, statements, expected);
}

/// Like [`check`] for a policy of kind `kind`.
pub(super) fn check_kind(kind: PolicyKind, statements: &str, expected: &[&str]) {
    let text = format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
    let parsed = parse_policy(&text, kind);
    let findings = lint_policy(test_catalog(), &parsed.policy, kind);
    let actual: Vec<String> = findings
        .iter()
        .map(|d| {
            let span = d.span();
            let snippet = text.get(span.start..span.end).unwrap_or("?");
            format!("{} {snippet}: {}", d.code, d.message)
        })
        .collect();
    assert_eq!(actual, expected, "for {text}");
}

#[test]
fn known_actions_on_their_resources_are_clean() {
    check(
        r#"{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],
            "Resource":["arn:aws:s3:::bkt","arn:aws:s3:::bkt/*"]}"#,
        &[],
    );
}

#[test]
fn action_names_are_case_insensitive() {
    check(
        r#"{"Effect":"Allow","Action":"S3:getobject","Resource":"arn:aws:s3:::b/*"}"#,
        &[],
    );
}

#[test]
fn unknown_service_prefix_is_reported_with_a_suggestion() {
    check(
        r#"{"Effect":"Allow","Action":"s4:GetObject","Resource":"*"}"#,
        &["unknown-service \"s4:GetObject\": unknown service prefix `s4`"],
    );
}

#[test]
fn unknown_action_suggests_the_closest_action_of_the_service() {
    let text = r#"{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}"#;
    check(
        text,
        &["unknown-action \"s3:GetObjekt\": unknown action `s3:GetObjekt`"],
    );
    let parsed = parse_policy(
        &format!(r#"{{"Statement":[{text}]}}"#),
        PolicyKind::Identity,
    );
    let findings = lint_policy(test_catalog(), &parsed.policy, PolicyKind::Identity);
    assert_eq!(
        findings[0].help.as_deref(),
        Some("did you mean `s3:GetObject`?")
    );
}

#[test]
fn wildcard_matching_no_action_is_reported() {
    check(
        r#"{"Effect":"Allow","Action":["s3:Fly*","s3:Get*"],"Resource":"*"}"#,
        &["action-matches-nothing \"s3:Fly*\": `s3:Fly*` matches no known action"],
    );
}

#[test]
fn wildcard_service_prefix_is_expanded_across_services() {
    check(
        r#"{"Effect":"Allow","Action":"*:GetObject","Resource":"*"}"#,
        &[],
    );
    check(
        r#"{"Effect":"Allow","Action":"*:NoSuchThing","Resource":"*"}"#,
        &["action-matches-nothing \"*:NoSuchThing\": `*:NoSuchThing` matches no known action"],
    );
}

#[test]
fn get_object_on_a_bucket_arn_fits_no_resource_type() {
    check(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt"}"#,
        &[
            "resource-type-mismatch \"arn:aws:s3:::bkt\": `arn:aws:s3:::bkt` is not a resource of `s3:GetObject`",
        ],
    );
}

#[test]
fn list_bucket_on_an_object_arn_fits_no_resource_type() {
    check(
        r#"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::bkt/*"}"#,
        &[
            "resource-type-mismatch \"arn:aws:s3:::bkt/*\": `arn:aws:s3:::bkt/*` is not a resource of `s3:ListBucket`",
        ],
    );
}

#[test]
fn action_fitting_none_of_several_resources_is_reported_on_the_action() {
    check(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::a","arn:aws:s3:::b"]}"#,
        &[
            "resource-type-mismatch \"s3:GetObject\": no resource of the statement is a resource of `s3:GetObject`",
        ],
    );
}

#[test]
fn resource_that_fits_none_of_the_actions_is_reported() {
    check(
        r#"{"Effect":"Allow","Action":"s3:GetObject",
            "Resource":["arn:aws:s3:::a/*","arn:aws:iam::111111111111:role/Dev"]}"#,
        &[
            "resource-fits-no-action \"arn:aws:iam::111111111111:role/Dev\": `arn:aws:iam::111111111111:role/Dev` is a resource of none of the statement's actions",
        ],
    );
}

#[test]
fn wildcards_in_the_resource_may_fit() {
    check(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt*"}"#,
        &[],
    );
    check(
        r#"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::*"}"#,
        &[],
    );
    check(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}/*"}"#,
        &[],
    );
}

#[test]
fn wildcard_actions_skip_the_resource_check() {
    check(
        r#"{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::bkt"}"#,
        &[],
    );
}

#[test]
fn action_without_resource_types_on_an_arn_is_reported() {
    check(
        r#"{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"arn:aws:s3:::bkt"}"#,
        &[
            "resource-level-not-supported \"arn:aws:s3:::bkt\": `s3:ListAllMyBuckets` does not support resource-level permissions",
        ],
    );
}

#[test]
fn action_without_resource_types_on_an_arn_pattern_is_left_alone() {
    check(
        r#"{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"arn:aws:s3:::*"}"#,
        &[],
    );
}

#[test]
fn pass_role_on_every_resource_is_a_privilege_escalation() {
    check(
        r#"{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}"#,
        &[
            "privilege-escalation \"iam:PassRole\": `iam:PassRole` on every resource allows privilege escalation",
        ],
    );
}

#[test]
fn wildcard_covering_escalation_actions_is_reported_once() {
    check(
        r#"{"Effect":"Allow","Action":"iam:Attach*","Resource":"*"}"#,
        &[
            "privilege-escalation \"iam:Attach*\": `iam:Attach*` covers `iam:AttachRolePolicy`, which on every resource allows privilege escalation",
        ],
    );
}

#[test]
fn escalation_actions_scoped_to_arns_or_conditions_or_denied_are_not_reported() {
    check(
        r#"{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111111111111:role/app"}"#,
        &[],
    );
    check(
        r#"{"Effect":"Allow","Action":"iam:PassRole","Resource":"*",
            "Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}"#,
        &[],
    );
    check(
        r#"{"Effect":"Deny","Action":"iam:PassRole","Resource":"*"}"#,
        &[],
    );
    check(r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#, &[]);
}

#[test]
fn assume_role_on_every_role_is_a_privilege_escalation() {
    check(
        r#"{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}"#,
        &[
            "privilege-escalation \"sts:AssumeRole\": `sts:AssumeRole` on every resource allows privilege escalation",
        ],
    );
}

#[test]
fn not_action_with_allow_grants_every_other_action() {
    check(
        r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#,
        &[
            "allow-with-not-action \"NotAction\": `NotAction` with `Allow` grants every action not listed",
        ],
    );
    check(
        r#"{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}"#,
        &[],
    );
}

#[test]
fn policies_that_only_limit_get_no_security_warning() {
    for kind in [PolicyKind::Scp, PolicyKind::Boundary, PolicyKind::Session] {
        check_kind(
            kind,
            r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#,
            &[],
        );
        check_kind(
            kind,
            r#"{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}"#,
            &[],
        );
    }
}

#[test]
fn not_resource_with_allow_grants_every_other_resource() {
    check(
        r#"{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"}"#,
        &[
            "allow-with-not-resource \"NotResource\": `NotResource` with `Allow` grants on every resource not listed",
        ],
    );
}

#[test]
fn rendered_catalog_findings() {
    let text = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObjekt", "s4:ListBucket", "s3:Fly*"], "Resource": "*"},
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bkt/*",
     "Condition": {"NumericLessThan": {"s3:prefix": "10"}, "StringEquals": {"aws:TagKeys": "team"}}},
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
    {"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::secret/*"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
     "Condition": {"StringEquals": {"ec2:InstanceType": "t3.micro", "s3:nope": "x"},
                   "ForAllValues:StringEquals": {"aws:SourceVpc": "vpc-1"}}},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", "arn:aws:iam::111111111111:role/x"]},
    {"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "arn:aws:ec2:eu-west-1:111111111111:instance/i-1"}
  ]
}
"#;
    let parsed = parse_policy(text, PolicyKind::Identity);
    let findings = lint_policy(test_catalog(), &parsed.policy, PolicyKind::Identity);
    let mut codes: Vec<&str> = findings.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(
        codes.len(),
        catalog_codes().len(),
        "every finding is in the snapshot: {codes:?}"
    );
    insta::assert_snapshot!(crate::diagnostic::render::render_all(
        &findings,
        text,
        "policy.json",
        false
    ));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn lint_and_completion_never_panic(
        action in "[a-zA-Z0-9:*?\\-]{0,20}",
        resource in "[a-z0-9:/*?${}]{0,30}",
        key in "[a-zA-Z:/<>${}]{0,20}",
        operator in "(ForAllValues:|ForAnyValue:)?(StringEquals|NumericLessThan|DateEquals|Bool|ArnLike|Null|IpAddress)(IfExists)?",
    ) {
        let statement = serde_json::json!({
            "Effect": "Allow", "Action": action, "Resource": resource,
            "Condition": {operator.clone(): {key.clone(): "1"}}
        });
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#);
        let parsed = parse_policy(&text, PolicyKind::Identity);
        let _ = lint_policy(test_catalog(), &parsed.policy, PolicyKind::Identity);
        let actions = [action.as_str()];
        for context in [
            super::CompletionContext::Action { prefix: &action },
            super::CompletionContext::Operator { prefix: &operator },
            super::CompletionContext::ConditionKey { prefix: &key, actions: &actions },
            super::CompletionContext::Resource { prefix: &resource, actions: &actions },
        ] {
            let _ = super::complete(test_catalog(), context);
        }
    }
}

#[test]
fn common_real_world_statements_are_clean() {
    let statements = [
        r#"{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3-object-lambda:Get*"],"Resource":"*"}"#,
        r#"{"Effect":"Deny","Action":"s3:*","Resource":["arn:aws:s3:::bkt","arn:aws:s3:::bkt/*"],
            "Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#,
        r#"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::bkt",
            "Condition":{"StringLike":{"s3:prefix":["","home/","home/${aws:username}/*"]}}}"#,
        r#"{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bkt/home/${aws:username}/*"}"#,
        r#"{"Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::bkt/*",
            "Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"},"Null":{"s3:x-amz-server-side-encryption":"false"}}}"#,
        r#"{"Effect":"Allow","Action":["ec2:StartInstances","ec2:StopInstances"],"Resource":"arn:aws:ec2:*:*:instance/*",
            "Condition":{"StringEquals":{"aws:ResourceTag/Project":"${aws:PrincipalTag/Project}","ec2:ResourceTag/Env":"dev"}}}"#,
        r#"{"Effect":"Allow","Action":"ec2:RunInstances","Resource":["arn:aws:ec2:*:*:instance/*","arn:aws:ec2:*::image/ami-*",
            "arn:aws:ec2:*:*:subnet/*","arn:aws:ec2:*:*:network-interface/*","arn:aws:ec2:*:*:volume/*","arn:aws:ec2:*:*:security-group/*"],
            "Condition":{"StringLike":{"ec2:InstanceType":["t3.*"]}}}"#,
        r#"{"Effect":"Allow","Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"arn:aws:kms:eu-west-1:111111111111:key/1234",
            "Condition":{"StringEquals":{"kms:ViaService":"s3.eu-west-1.amazonaws.com"}}}"#,
        r#"{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111111111111:role/app-*",
            "Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}}"#,
        r#"{"Effect":"Deny","NotAction":["iam:*","sts:*","support:*"],"Resource":"*",
            "Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","eu-central-1"]}}}"#,
        r#"{"Effect":"Allow","Action":"cloudformation:*","Resource":"*",
            "Condition":{"ForAnyValue:StringEquals":{"aws:CalledVia":["cloudformation.amazonaws.com"]},
                         "StringEquals":{"aws:PrincipalOrgID":"o-abc"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},
                         "NumericLessThan":{"aws:MultiFactorAuthAge":"3600"},"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}"#,
        r#"{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:*:*:table/Users",
            "Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:userid}"]}}}"#,
        r#"{"Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":"arn:aws:secretsmanager:*:*:secret:app/*",
            "Condition":{"StringEquals":{"secretsmanager:ResourceTag/Team":"blue"}}}"#,
        r#"{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:*:*:log-group:/aws/lambda/*:*"}"#,
        r#"{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:eu-west-1:111111111111:queue",
            "Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:eu-west-1:111111111111:topic"}}}"#,
        r#"{"Effect":"Allow","Action":["iam:CreateRole","iam:TagRole"],"Resource":"*",
            "Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]},"StringEquals":{"aws:RequestTag/team":"blue"}}}"#,
    ];
    for statement in statements {
        check(statement, &[]);
    }
}

/// The codes of the catalog-aware findings, read from their constructors.
fn catalog_codes() -> Vec<&'static str> {
    let source = include_str!("../diagnostic/catalog.rs");
    let lines: Vec<&str> = source.lines().map(str::trim).collect();
    lines
        .windows(2)
        .filter(|pair| pair[0].starts_with("Severity::"))
        .filter_map(|pair| pair[1].strip_prefix('"')?.strip_suffix("\","))
        .filter(|code| *code != "invalid-catalog")
        .fold(Vec::new(), |mut codes, code| {
            if !codes.contains(&code) {
                codes.push(code);
            }
            codes
        })
}

#[test]
fn every_catalog_finding_is_documented_and_tested() {
    let readme = include_str!("../../../../README.md");
    let tests = [
        include_str!("lint_tests.rs"),
        include_str!("lint_condition_tests.rs"),
    ]
    .concat();
    let codes = catalog_codes();
    assert_eq!(codes.len(), 14, "{codes:?}");
    for code in codes {
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "`{code}` is not in the README's table"
        );
        assert!(
            tests.contains(&format!("\"{code} ")),
            "`{code}` has no test"
        );
    }
}

#[test]
fn example_library_has_no_catalog_finding() {
    let mut findings = Vec::new();
    for example in crate::scenario::examples::EXAMPLES {
        let parsed = crate::scenario::parse_scenario(example.text);
        let scenario = parsed.scenario.expect("every example parses");
        for doc in scenario.documents() {
            let policy = parse_policy(&doc.document.text, doc.kind).policy;
            for d in lint_policy(test_catalog(), &policy, doc.kind) {
                findings.push(format!(
                    "{} {}: {} {}",
                    example.id, doc.id, d.code, d.message
                ));
            }
        }
    }
    assert!(findings.is_empty(), "{findings:#?}");
}
