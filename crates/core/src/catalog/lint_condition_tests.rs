//! Tests of the catalog-aware lint of `Condition` elements against the committed catalog.

use super::lint_tests::{check, check_kind};
use crate::policy::model::PolicyKind;

#[test]
fn condition_key_of_another_service_does_not_apply() {
    check(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
            "Condition":{"StringEquals":{"ec2:InstanceType":"t3.micro"}}}"#,
        &[
            "condition-key-not-applicable \"ec2:InstanceType\": condition key `ec2:InstanceType` does not apply to `s3:GetObject`",
        ],
    );
}

#[test]
fn condition_keys_of_the_action_and_global_keys_apply() {
    check(
        r#"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b",
            "Condition":{"StringLike":{"s3:prefix":"home/*","aws:SourceIp":"10.0.0.0/8"},
                         "StringEquals":{"aws:PrincipalTag/team":"blue","S3:ExistingObjectTag/x":"y"}}}"#,
        &[
            "condition-key-not-applicable \"S3:ExistingObjectTag/x\": condition key `S3:ExistingObjectTag/x` does not apply to `s3:ListBucket`",
        ],
    );
}

#[test]
fn resource_type_condition_keys_apply_to_the_action() {
    check(
        r#"{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*",
            "Condition":{"StringEquals":{"ec2:InstanceType":"t3.micro","aws:RequestTag/team":"x"}}}"#,
        &[],
    );
}

#[test]
fn unknown_condition_key_of_a_known_service_is_reported() {
    check(
        r#"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*",
            "Condition":{"StringEquals":{"s3:prefixx":"a"}}}"#,
        &["unknown-condition-key \"s3:prefixx\": unknown condition key `s3:prefixx`"],
    );
}

#[test]
fn identity_provider_keys_are_not_checked() {
    check(
        r#"{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity","Resource":"*",
            "Condition":{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:o/r:ref:refs/heads/main"}}}"#,
        &[],
    );
}

#[test]
fn numeric_operator_on_a_string_key_is_reported() {
    check(
        r#"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*",
            "Condition":{"NumericLessThan":{"s3:prefix":"10"}}}"#,
        &[
            "operator-type-mismatch \"NumericLessThan\": `NumericLessThan` does not fit `s3:prefix`, whose values are of type `String`",
        ],
    );
}

#[test]
fn date_operator_on_a_non_date_key_is_reported_and_epoch_time_accepts_numbers() {
    check(
        r#"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*",
            "Condition":{"DateGreaterThan":{"aws:SecureTransport":"2020-01-01"},
                         "NumericLessThan":{"aws:EpochTime":"1700000000"},
                         "DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}"#,
        &[
            "operator-type-mismatch \"DateGreaterThan\": `DateGreaterThan` does not fit `aws:SecureTransport`, whose values are of type `Bool`",
        ],
    );
}

#[test]
fn date_and_ip_operators_on_string_keys_named_like_dates_and_addresses_are_accepted() {
    check(
        r#"{"Effect":"Allow","Action":["ec2:CreateVolume","ec2:AssociateAddress"],"Resource":"*",
            "Condition":{"DateLessThan":{"ec2:SnapshotTime":"2030-01-01T00:00:00Z"},
                         "IpAddress":{"ec2:PublicIpAddress":"203.0.113.0/24"}}}"#,
        &[],
    );
    check(
        r#"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*",
            "Condition":{"IpAddress":{"s3:prefix":"10.0.0.0/8"}}}"#,
        &[
            "operator-type-mismatch \"IpAddress\": `IpAddress` does not fit `s3:prefix`, whose values are of type `String`",
        ],
    );
}

#[test]
fn single_valued_operator_on_a_multivalued_key_is_reported() {
    check(
        r#"{"Effect":"Allow","Action":"iam:TagRole","Resource":"*",
            "Condition":{"StringEquals":{"aws:TagKeys":"team"}}}"#,
        &[
            "single-valued-operator-on-multivalued-key \"StringEquals\": `aws:TagKeys` has several values but `StringEquals` compares a single one",
        ],
    );
    check(
        r#"{"Effect":"Allow","Action":"iam:TagRole","Resource":"*",
            "Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":"team"}}}"#,
        &[],
    );
}

#[test]
fn set_qualifier_on_a_single_valued_key_is_reported() {
    check(
        r#"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*",
            "Condition":{"ForAllValues:StringEquals":{"aws:SourceVpc":"vpc-1"}}}"#,
        &[
            "set-operator-on-single-valued-key \"ForAllValues:StringEquals\": `ForAllValues` used with `aws:SourceVpc`, which has a single value",
        ],
    );
}

#[test]
fn null_operator_fits_every_key() {
    check(
        r#"{"Effect":"Allow","Action":"iam:TagRole","Resource":"*",
            "Condition":{"Null":{"aws:TagKeys":"false","aws:MultiFactorAuthAge":"true"}}}"#,
        &[],
    );
}

#[test]
fn trust_policy_keys_apply_to_assume_role() {
    check_kind(
        PolicyKind::Trust,
        r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},
            "Action":["sts:AssumeRole","sts:TagSession"],
            "Condition":{"StringEquals":{"sts:ExternalId":"x","sts:RoleSessionName":"s","aws:RequestTag/team":"t"},
                         "ForAllValues:StringEquals":{"sts:TransitiveTagKeys":"team"}}}"#,
        &[],
    );
}
