//! One test per security rule and trust-policy rule, named after the behaviour.

use super::tests::check;
use crate::policy::model::PolicyKind::{Identity, Resource, Trust};

#[test]
fn trust_actions_outside_sts_role_actions_are_warned_about() {
    check(
        Trust,
        r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": ["sts:AssumeRole", "sts:TagSession", "s3:GetObject"]}"#,
        &["unexpected-trust-action"],
    );
    check(
        Trust,
        r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:*"}"#,
        &[],
    );
}

#[test]
fn wildcard_principal_in_a_trust_policy_without_condition_is_a_security_warning() {
    check(
        Trust,
        r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}"#,
        &["wildcard-principal-without-condition"],
    );
    check(
        Trust,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}"#,
        &["wildcard-principal-without-condition"],
    );
    check(
        Trust,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}}"#,
        &[],
    );
    check(
        Trust,
        r#"{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}"#,
        &[],
    );
}

const GITHUB: &str = r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": COND}"#;

#[test]
fn github_oidc_trust_without_sub_condition_is_a_security_warning() {
    let aud =
        r#"{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}"#;
    check(
        Trust,
        &GITHUB.replace("COND", aud),
        &["github-oidc-without-sub"],
    );
}

#[test]
fn github_oidc_trust_with_a_wildcard_sub_is_a_security_warning() {
    let any = r#"{"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*"}}"#;
    check(
        Trust,
        &GITHUB.replace("COND", any),
        &["github-oidc-without-sub"],
    );
    let pinned = r#"{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}}"#;
    check(Trust, &GITHUB.replace("COND", pinned), &[]);
}

#[test]
fn public_resource_policy_without_condition_is_a_security_warning() {
    check(
        Resource,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bkt/*"}"#,
        &["wildcard-principal-without-condition"],
    );
    check(
        Resource,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bkt/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}"#,
        &[],
    );
}

#[test]
fn for_all_values_in_an_allow_needs_a_null_check() {
    let allow = |cond: &str| {
        format!(r#"{{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {cond}}}"#)
    };
    check(
        Identity,
        &allow(r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}"#),
        &["for-all-values-without-null"],
    );
    check(
        Identity,
        &allow(
            r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}, "Null": {"aws:TagKeys": "false"}}"#,
        ),
        &[],
    );
    check(
        Identity,
        &allow(r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}"#),
        &[],
    );
    let deny = r#"{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}}"#;
    check(Identity, deny, &[]);
}

#[test]
fn deny_on_mfa_false_without_if_exists_misses_access_keys() {
    let deny = |op: &str| {
        format!(
            r#"{{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {{"{op}": {{"aws:MultiFactorAuthPresent": "false"}}}}}}"#
        )
    };
    check(
        Identity,
        &deny("Bool"),
        &["mfa-condition-misses-long-term-keys"],
    );
    check(Identity, &deny("BoolIfExists"), &[]);
}

#[test]
fn not_principal_deny_must_name_the_account_and_the_role_session() {
    let deny = |list: &str| {
        format!(
            r#"{{"Effect": "Deny", "NotPrincipal": {{"AWS": [{list}]}}, "Action": "s3:*", "Resource": "*"}}"#
        )
    };
    let role = r#""arn:aws:iam::111111111111:role/Dev""#;
    let session = r#""arn:aws:sts::111111111111:assumed-role/Dev/alice""#;
    let account = r#""111111111111""#;
    check(
        Resource,
        &deny(role),
        &["not-principal-incomplete", "not-principal-incomplete"],
    );
    check(
        Resource,
        &deny(&format!("{role}, {account}")),
        &["not-principal-incomplete"],
    );
    check(
        Resource,
        &deny(&format!("{role}, {session}, {account}")),
        &[],
    );
    check(
        Resource,
        &deny(r#""arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:root""#),
        &[],
    );
}

#[test]
fn trust_actions_must_fit_the_principal_kind() {
    let federated = r#"{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"accounts.google.com:aud": "x"}}}"#;
    check(Trust, federated, &["trust-action-mismatch"]);
    let aws = r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRoleWithWebIdentity"}"#;
    check(Trust, aws, &["trust-action-mismatch"]);
    let saml = r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:saml-provider/Okta"}, "Action": "sts:AssumeRoleWithSAML", "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}"#;
    check(Trust, saml, &[]);
}
