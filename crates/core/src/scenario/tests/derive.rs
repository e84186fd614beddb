//! Tests of the derived context keys shown in each step.

use crate::request::{ContextSource, ContextValue};
use crate::scenario::evaluate::{Step, evaluate_scenario};
use crate::scenario::load;

fn steps(text: &str) -> Vec<Step> {
    let loaded = load(text);
    assert!(
        loaded.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        loaded.diagnostics
    );
    evaluate_scenario(loaded.scenario.as_ref().unwrap())
        .requests
        .remove(0)
        .steps
}

fn key(step: &Step, name: &str) -> Option<(String, ContextSource)> {
    step.context
        .iter()
        .find(|e| e.key.eq_ignore_ascii_case(name))
        .map(|e| {
            let value = match &e.value {
                ContextValue::Single(v) => v.clone(),
                ContextValue::Multi(v) => v.join(","),
            };
            (value, e.source)
        })
}

const WORLD: &str = r#"{"rolecall": 1, "now": "2026-11-22T12:00:00Z",
  "organization": {"id": "o-abc123", "accounts": {"111111111111": ["r-root", "ou-dev"]}},
  "identities": [
    {"arn": "arn:aws:iam::111111111111:user/alice", "id": "AIDAALICE", "tags": {"team": "blue"}, "policies": []},
    {"arn": "arn:aws:iam::111111111111:role/Dev", "id": "AROADEV", "tags": {"team": "blue", "env": "dev"},
     "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/alice"}, "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]}]},
     "policies": []}],
  "resources": [{"arn": "arn:aws:s3:::bkt", "account": "111111111111", "tags": {"data": "secret"}}],
  "requests": [{"name": "r", "principal": "arn:aws:iam::111111111111:user/alice",
    "assume": [{"role": "arn:aws:iam::111111111111:role/Dev", "sessionName": "alice", "sessionTags": {"team": "red"}, "sourceIdentity": "alice-src"}],
    "action": "s3:GetObject", "resource": "arn:aws:s3:::bkt/k", "context": {"aws:SourceIp": "203.0.113.9"}}]}"#;

#[test]
fn user_call_has_username_userid_and_no_mfa_key() {
    let s = steps(WORLD);
    let call = &s[0];
    assert_eq!(
        key(call, "aws:username"),
        Some(("alice".into(), ContextSource::Derived))
    );
    assert_eq!(key(call, "aws:userid").unwrap().0, "AIDAALICE");
    assert_eq!(key(call, "aws:PrincipalType").unwrap().0, "User");
    assert_eq!(key(call, "aws:MultiFactorAuthPresent"), None);
    assert_eq!(key(call, "aws:PrincipalTag/team").unwrap().0, "blue");
    assert_eq!(key(call, "aws:RequestTag/team").unwrap().0, "red");
    assert_eq!(key(call, "aws:TagKeys").unwrap().0, "team");
    assert_eq!(key(call, "sts:RoleSessionName").unwrap().0, "alice");
    assert_eq!(key(call, "sts:SourceIdentity").unwrap().0, "alice-src");
}

#[test]
fn session_has_role_arn_as_principal_arn_and_no_username() {
    let s = steps(WORLD);
    let last = s.last().unwrap();
    assert_eq!(
        last.principal,
        "arn:aws:sts::111111111111:assumed-role/Dev/alice"
    );
    assert_eq!(
        key(last, "aws:PrincipalArn").unwrap().0,
        "arn:aws:iam::111111111111:role/Dev"
    );
    assert_eq!(key(last, "aws:username"), None);
    assert_eq!(key(last, "aws:userid").unwrap().0, "AROADEV:alice");
    assert_eq!(key(last, "aws:PrincipalType").unwrap().0, "AssumedRole");
    assert_eq!(key(last, "aws:MultiFactorAuthPresent").unwrap().0, "false");
    assert_eq!(key(last, "aws:MultiFactorAuthAge"), None);
    assert_eq!(
        key(last, "aws:TokenIssueTime").unwrap().0,
        "2026-11-22T12:00:00Z"
    );
    assert_eq!(key(&s[0], "aws:TokenIssueTime"), None);
    assert_eq!(key(last, "aws:SourceIdentity").unwrap().0, "alice-src");
}

#[test]
fn session_tags_win_over_role_tags() {
    let s = steps(WORLD);
    let last = s.last().unwrap();
    assert_eq!(key(last, "aws:PrincipalTag/team").unwrap().0, "red");
    assert_eq!(key(last, "aws:PrincipalTag/env").unwrap().0, "dev");
}

#[test]
fn org_resource_and_time_keys_are_derived_and_given_keys_are_marked_given() {
    let s = steps(WORLD);
    let last = s.last().unwrap();
    assert_eq!(key(last, "aws:PrincipalOrgID").unwrap().0, "o-abc123");
    assert_eq!(
        key(last, "aws:PrincipalOrgPaths").unwrap().0,
        "o-abc123/r-root/ou-dev/"
    );
    assert_eq!(key(last, "aws:PrincipalAccount").unwrap().0, "111111111111");
    assert_eq!(key(last, "aws:ResourceAccount").unwrap().0, "111111111111");
    assert_eq!(key(last, "aws:ResourceTag/data").unwrap().0, "secret");
    assert_eq!(key(last, "aws:ResourceOrgID").unwrap().0, "o-abc123");
    assert_eq!(
        key(last, "aws:ResourceOrgPaths").unwrap().0,
        "o-abc123/r-root/ou-dev/"
    );
    // S3 ARNs have no region: nothing is derived.
    assert_eq!(key(last, "aws:RequestedRegion"), None);
    assert_eq!(
        key(last, "aws:CurrentTime").unwrap().0,
        "2026-11-22T12:00:00Z"
    );
    assert_eq!(key(last, "aws:EpochTime").unwrap().0, "1795348800");
    assert_eq!(
        key(last, "aws:SourceIp"),
        Some(("203.0.113.9".into(), ContextSource::Given))
    );
}

#[test]
fn web_identity_claims_become_provider_keys_in_the_call_and_the_session() {
    let text = r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:role/Web",
      "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}]},
      "policies": []}],
      "requests": [{"name": "r", "principal": {"federated": "accounts.google.com", "claims": {"sub": "123", "aud": "client", "azp": "web-app"}},
        "assume": [{"role": "arn:aws:iam::111111111111:role/Web"}], "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}]}"#;
    let s = steps(text);
    assert_eq!(s[0].call, "sts:AssumeRoleWithWebIdentity");
    assert_eq!(key(&s[0], "accounts.google.com:aud").unwrap().0, "web-app");
    assert_eq!(key(&s[0], "accounts.google.com:oaud").unwrap().0, "client");
    assert_eq!(key(&s[0], "accounts.google.com:sub").unwrap().0, "123");
    assert_eq!(key(&s[0], "aws:PrincipalArn"), None);
    assert_eq!(key(&s[1], "accounts.google.com:sub").unwrap().0, "123");
}

#[test]
fn requested_region_is_derived_from_a_regional_resource_arn_and_given_context_wins() {
    let text = |context: &str| {
        format!(
            r#"{{"rolecall": 1, "identities": [{{"arn": "arn:aws:iam::111111111111:user/alice", "policies": []}}],
              "requests": [{{"name": "r", "principal": "arn:aws:iam::111111111111:user/alice", "context": {{{context}}},
                "action": "ec2:RunInstances", "resource": "arn:aws:ec2:eu-west-1:111111111111:instance/*"}}]}}"#
        )
    };
    let s = steps(&text(""));
    assert_eq!(
        key(&s[0], "aws:RequestedRegion"),
        Some(("eu-west-1".into(), ContextSource::Derived))
    );
    let s = steps(&text(r#""aws:RequestedRegion": "us-east-1""#));
    assert_eq!(
        key(&s[0], "aws:RequestedRegion"),
        Some(("us-east-1".into(), ContextSource::Given))
    );
}
