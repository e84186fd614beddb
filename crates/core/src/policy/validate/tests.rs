//! One test per validation rule, named after the behaviour.

use crate::policy::model::PolicyKind::{
    self, Boundary, Identity, Rcp, Resource, Scp, Session, Trust,
};
use crate::policy::parse_policy;

/// Reads `statements` (the inside of a `Statement` array) as a `2012-10-17` policy of `kind`
/// and compares the diagnostic codes with `expected`.
pub(super) fn check(kind: PolicyKind, statements: &str, expected: &[&str]) {
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
    check_document(kind, &text, expected);
}

/// Like [`check`] for a whole document.
fn check_document(kind: PolicyKind, text: &str, expected: &[&str]) {
    let parsed = parse_policy(text, kind);
    let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes, expected,
        "{kind:?}: {text}\n{:#?}",
        parsed.diagnostics
    );
}

const ALLOW_ALL: &str = r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#;
const TRUST_ALICE: &str = r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/alice"}, "Action": "sts:AssumeRole"}"#;

#[test]
fn a_valid_policy_of_each_kind_has_no_diagnostics() {
    check(Identity, ALLOW_ALL, &[]);
    check(Boundary, ALLOW_ALL, &[]);
    check(Session, ALLOW_ALL, &[]);
    check(Scp, ALLOW_ALL, &[]);
    check(
        Resource,
        r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bkt/*"}"#,
        &[],
    );
    check(Trust, TRUST_ALICE, &[]);
    check(
        Rcp,
        r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-123"}}}"#,
        &[],
    );
}

#[test]
fn principal_is_forbidden_in_identity_boundary_session_and_scp() {
    let s = r#"{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}"#;
    for kind in [Identity, Boundary, Session, Scp] {
        check(kind, s, &["principal-forbidden"]);
    }
    let not = r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "111111111111"}, "Action": "*", "Resource": "*"}"#;
    check(Identity, not, &["principal-forbidden"]);
}

#[test]
fn principal_is_required_in_resource_trust_and_rcp() {
    check(Resource, ALLOW_ALL, &["principal-required"]);
    check(
        Trust,
        r#"{"Effect": "Allow", "Action": "sts:AssumeRole"}"#,
        &["principal-required"],
    );
    check(
        Rcp,
        r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}"#,
        &["principal-required"],
    );
}

#[test]
fn resource_is_required_outside_trust_policies() {
    let s = r#"{"Effect": "Allow", "Action": "*"}"#;
    for kind in [Identity, Boundary, Session, Scp] {
        check(kind, s, &["missing-resource"]);
    }
}

#[test]
fn resource_in_a_trust_policy_is_an_error() {
    check(
        Trust,
        r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole", "Resource": "*"}"#,
        &["resource-in-trust-policy"],
    );
}

#[test]
fn not_principal_is_unsupported_in_trust_policies_and_rcps() {
    check(
        Trust,
        r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}"#,
        &["unsupported-element"],
    );
    check(
        Rcp,
        r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "*"}"#,
        &["unsupported-element"],
    );
}

#[test]
fn not_principal_with_allow_is_an_error() {
    check(
        Resource,
        r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "*"}"#,
        &["not-principal-with-allow"],
    );
    check(
        Resource,
        r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "*"}"#,
        &[],
    );
}

#[test]
fn not_action_is_unsupported_in_rcps() {
    check(
        Rcp,
        r#"{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"}"#,
        &["unsupported-element"],
    );
}

#[test]
fn rcp_principal_must_be_the_plain_wildcard() {
    check(
        Rcp,
        r#"{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*", "Resource": "*"}"#,
        &["rcp-principal-not-wildcard"],
    );
}

#[test]
fn rcp_allow_is_only_the_full_access_statement() {
    check(
        Rcp,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}"#,
        &[],
    );
    check(
        Rcp,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}"#,
        &["rcp-allow"],
    );
}

#[test]
fn both_forms_of_an_element_are_an_error() {
    check(
        Identity,
        r#"{"Effect": "Allow", "Action": "*", "Resource": "*", "NotResource": "arn:aws:s3:::b"}"#,
        &["both-resource-and-notresource"],
    );
    check(
        Resource,
        r#"{"Effect": "Deny", "Principal": "*", "NotPrincipal": {"AWS": "111111111111"}, "Action": "*", "Resource": "*"}"#,
        &["both-principal-and-notprincipal"],
    );
}

#[test]
fn unknown_statement_elements_are_reported_with_a_suggestion() {
    let parsed = parse_policy(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Actions": "*", "Action": "*", "Resource": "*"}}"#,
        Identity,
    );
    let d = &parsed.diagnostics[0];
    assert_eq!(d.code, "unknown-element");
    assert_eq!(d.help.as_deref(), Some("did you mean `Action`?"));
}

#[test]
fn a_megabyte_unknown_element_name_is_reported_without_a_suggestion() {
    // The "did you mean" search must not cost time in proportion to the name's length.
    let name = "Actions".repeat(150_000);
    let parsed = parse_policy(
        &format!(
            r#"{{"Version": "2012-10-17", "{name}": 1, "Statement": {{"Effect": "Allow", "{name}": "*", "Action": "*", "Resource": "*"}}}}"#
        ),
        Identity,
    );
    let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["policy-too-large", "unknown-element", "unknown-element"]
    );
    assert!(
        parsed.diagnostics.iter().all(|d| !d
            .help
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean"))
    );
}

#[test]
fn version_must_be_one_of_the_two_policy_language_versions() {
    check_document(
        Identity,
        r#"{"Version": "2024-01-01", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#,
        &["invalid-version"],
    );
    check_document(
        Identity,
        r#"{"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#,
        &[],
    );
}

/// "IAM policy elements: Variables and tags", "Where you can use policy variables": "You can't
/// use a variable to replace parts of the ARN before the fifth colon, such as the service or
/// account."
#[test]
fn variables_before_the_fifth_colon_of_a_resource_are_warned_about() {
    let warned = |resource: &str, expected: &[&str]| {
        check(
            Identity,
            &format!(r#"{{"Effect": "Allow", "Action": "sqs:*", "Resource": "{resource}"}}"#),
            expected,
        );
    };
    warned(
        "arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:queue-1",
        &["variable-before-fifth-colon"],
    );
    warned(
        "arn:aws:sqs:${aws:RequestedRegion}:111122223333:q",
        &["variable-before-fifth-colon"],
    );
    warned("arn:aws:s3:::bkt/${aws:username}/*", &[]);
    warned("arn:aws:sqs:us-east-1:111122223333:${aws:username}:x", &[]);
}

#[test]
fn variables_without_version_2012_10_17_are_warned_about() {
    let s =
        r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*"}"#;
    check_document(
        Identity,
        &format!(r#"{{"Statement": {s}}}"#),
        &["variables-not-substituted"],
    );
    check_document(
        Identity,
        &format!(r#"{{"Version": "2008-10-17", "Statement": {s}}}"#),
        &["variables-not-substituted"],
    );
    check(Identity, s, &[]);
}

#[test]
fn duplicate_sids_are_errors_in_iam_and_warnings_elsewhere() {
    let s = r#"{"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}"#;
    check(Identity, s, &["duplicate-sid"]);
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{s}]}}"#);
    assert!(parse_policy(&text, Identity).diagnostics[0].is_error());
    let resource = r#"{"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}"#;
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{resource}]}}"#);
    assert!(!parse_policy(&text, Resource).diagnostics[0].is_error());
}

#[test]
fn iam_sids_are_alphanumeric() {
    check(
        Identity,
        r#"{"Sid": "read reports", "Effect": "Allow", "Action": "*", "Resource": "*"}"#,
        &["invalid-sid"],
    );
}

#[test]
fn actions_must_be_service_colon_name() {
    check(
        Identity,
        r#"{"Effect": "Allow", "Action": "s3GetObject", "Resource": "*"}"#,
        &["invalid-action"],
    );
}

#[test]
fn resources_must_be_arns() {
    check(
        Identity,
        r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "my-bucket"}"#,
        &["malformed-arn"],
    );
}

#[test]
fn partial_wildcards_in_principals_are_invalid() {
    check(
        Trust,
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/*"}, "Action": "sts:AssumeRole"}"#,
        &["partial-wildcard-principal"],
    );
}

#[test]
fn malformed_principals_are_reported() {
    let principal =
        |p: &str| format!(r#"{{"Effect": "Allow", "Principal": {p}, "Action": "sts:AssumeRole"}}"#);
    check(
        Trust,
        &principal(r#"{"AWS": "alice"}"#),
        &["invalid-principal"],
    );
    check(
        Trust,
        &principal(r#"{"AWS": "arn:aws:iam::111111111111:group/devs"}"#),
        &["invalid-principal"],
    );
    check(
        Trust,
        &principal(r#""arn:aws:iam::111111111111:root""#),
        &["invalid-principal"],
    );
    check(
        Trust,
        &principal(r#"{"Aws": "111111111111"}"#),
        &["unknown-principal-type"],
    );
    check(
        Trust,
        &principal(r#"{"Service": "ec2"}"#),
        &["invalid-principal"],
    );
    check(
        Trust,
        &principal(r#"{"AWS": 111111111111}"#),
        &["wrong-type"],
    );
}

#[test]
fn unknown_operators_suggest_the_closest_name() {
    let parsed = parse_policy(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "alice"}}}}"#,
        Identity,
    );
    let d = &parsed.diagnostics[0];
    assert_eq!(d.code, "unknown-operator");
    assert_eq!(d.help.as_deref(), Some("did you mean `StringEquals`?"));
}

#[test]
fn condition_values_the_operator_cannot_read_are_reported() {
    let cond = |c: &str| {
        format!(r#"{{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {c}}}"#)
    };
    check(
        Identity,
        &cond(r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "ten"}}"#),
        &["invalid-condition-value"],
    );
    check(
        Identity,
        &cond(r#"{"DateLessThan": {"aws:CurrentTime": "tomorrow"}}"#),
        &["invalid-condition-value"],
    );
    check(
        Identity,
        &cond(r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/40"}}"#),
        &["invalid-condition-value"],
    );
    check(
        Identity,
        &cond(r#"{"Bool": {"aws:SecureTransport": "yes"}}"#),
        &["invalid-condition-value"],
    );
    check(
        Identity,
        &cond(r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}}"#),
        &[],
    );
    check(
        Identity,
        &cond(r#"{"Bool": {"aws:SecureTransport": true}}"#),
        &[],
    );
    check(
        Identity,
        &cond(r#"{"StringEquals": {"aws:username": "${aws:PrincipalTag/x}"}}"#),
        &[],
    );
}

#[test]
fn wrong_value_types_are_reported() {
    check(
        Identity,
        r#"{"Effect": "Allow", "Action": ["s3:GetObject", 42], "Resource": "*"}"#,
        &["wrong-type"],
    );
    check(
        Identity,
        r#"{"Effect": "Allow", "Action": "*", "Resource": {"arn": "x"}}"#,
        &["wrong-type"],
    );
    check(
        Identity,
        r#"{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"k": []}}}"#,
        &["empty-array"],
    );
    check(
        Identity,
        r#"{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {}}"#,
        &["empty-condition"],
    );
}

#[test]
fn organization_policies_need_version_2012_10_17() {
    let statement = r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}"#;
    check_document(
        Scp,
        &format!(r#"{{"Statement": {statement}}}"#),
        &["missing-version"],
    );
    check_document(
        Scp,
        &format!(r#"{{"Version": "2008-10-17", "Statement": {statement}}}"#),
        &["invalid-version"],
    );
    check_document(Identity, &format!(r#"{{"Statement": {statement}}}"#), &[]);
}

#[test]
fn variables_are_not_allowed_in_actions_and_principals() {
    check(
        Identity,
        r#"{"Effect": "Allow", "Action": "s3:${aws:username}", "Resource": "*"}"#,
        &["variables-not-allowed"],
    );
    check(
        Resource,
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/${aws:username}"}, "Action": "s3:GetObject", "Resource": "*"}"#,
        &["variables-not-allowed"],
    );
}
