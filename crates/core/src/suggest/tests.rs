//! One test per kind of suggestion, each on a small scenario, through one `check` helper.

use super::*;
use crate::scenario::{evaluate_request, load};

/// The scenario: user alice (policy `deploy` with `alice`), role `Deploy` in the same account
/// trusting `trusted`, and bucket `app` in account 222222222222 with `bucket` as its policy
/// (none when empty); `request` is the one request.
fn scenario(alice: &str, trusted: &str, bucket: &str, request: &str) -> Scenario {
    let bucket_policy = if bucket.is_empty() {
        String::new()
    } else {
        format!(r#", "policy": {{"Version": "2012-10-17", "Statement": [{bucket}]}}"#)
    };
    let text = format!(
        r#"{{"rolecall": 1, "identities": [
  {{"arn": "arn:aws:iam::111111111111:user/alice", "policies": [{{"name": "deploy", "document":
    {{"Version": "2012-10-17", "Statement": [{alice}]}}}}]}},
  {{"arn": "arn:aws:iam::111111111111:role/Deploy", "trustPolicy": {{"Version": "2012-10-17", "Statement": [
    {{"Effect": "Allow", "Principal": {{"AWS": "{trusted}"}}, "Action": "sts:AssumeRole"}}]}},
   "policies": [{{"name": "role", "document": {{"Version": "2012-10-17", "Statement": [
    {{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]}}}}]}}],
  "resources": [{{"arn": "arn:aws:s3:::app", "account": "222222222222"{bucket_policy}}}],
  "requests": [{request}]}}"#
    );
    let loaded = load(&text);
    loaded
        .scenario
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
}

const ALICE_ACTION: &str = r#"{"name": "r", "principal": "arn:aws:iam::111111111111:user/alice",
  "action": "s3:PutObject", "resource": "arn:aws:s3:::app/k"}"#;

/// The suggestions for the scenario's one request, as (kind, line, then).
fn check(s: &Scenario) -> Vec<(SuggestionKind, String, Option<StepDecision>)> {
    let outcome = evaluate_request(s, 0).unwrap();
    suggest(s, 0, &outcome)
        .into_iter()
        .map(|x| (x.kind, x.line, x.then))
        .collect()
}

const ALLOWED: Option<StepDecision> = Some(StepDecision::Allowed);

#[test]
fn missing_action_is_added_to_the_closest_statement() {
    let s = scenario(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::app/*"}"#,
        "arn:aws:iam::111111111111:root",
        r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "arn:aws:s3:::app/*"}"#,
        ALICE_ACTION,
    );
    let found = check(&s);
    assert_eq!(
        found[0],
        (
            SuggestionKind::AddAction,
            "add `s3:PutObject` to statement `#1` of `deploy`".to_owned(),
            ALLOWED
        )
    );
}

#[test]
fn missing_resource_is_added_to_the_closest_statement() {
    let s = scenario(
        r#"{"Sid": "Put", "Effect": "Allow", "Action": "s3:PutObject", "Resource": ["arn:aws:s3:::other/*"]}"#,
        "arn:aws:iam::111111111111:root",
        r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "arn:aws:s3:::app/*"}"#,
        ALICE_ACTION,
    );
    let found = check(&s);
    assert_eq!(found[0].0, SuggestionKind::AddResource);
    assert_eq!(
        found[0].1,
        "add `arn:aws:s3:::app/k` to statement `Put` of `deploy`"
    );
    assert_eq!(found[0].2, ALLOWED);
}

#[test]
fn a_false_condition_gives_the_context_value_that_allows() {
    let s = scenario(
        r#"{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#,
        "arn:aws:iam::111111111111:root",
        r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "arn:aws:s3:::app/*"}"#,
        ALICE_ACTION,
    );
    let found = check(&s);
    assert!(
        found.contains(&(
            SuggestionKind::ContextValue,
            "the request would be allowed if `aws:MultiFactorAuthPresent` were `true`".to_owned(),
            ALLOWED
        )),
        "{found:?}"
    );
}

#[test]
fn a_trust_policy_that_does_not_name_the_caller_says_so() {
    let s = scenario(
        r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}"#,
        "arn:aws:iam::111111111111:user/bob",
        "",
        r#"{"name": "r", "principal": "arn:aws:iam::111111111111:user/alice",
            "assume": [{"role": "arn:aws:iam::111111111111:role/Deploy"}]}"#,
    );
    let found = check(&s);
    assert_eq!(found[0].0, SuggestionKind::NamePrincipal, "{found:?}");
    assert_eq!(
        found[0].1,
        "the trust policy `Deploy` does not name `arn:aws:iam::111111111111:user/alice`: add it to statement `#1`"
    );
    assert_eq!(found[0].2, ALLOWED);
}

#[test]
fn a_cross_account_request_without_a_grant_gets_one() {
    let s = scenario(
        r#"{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}"#,
        "arn:aws:iam::111111111111:root",
        r#"{"Effect": "Allow", "Principal": {"AWS": "333333333333"}, "Action": "s3:*", "Resource": "arn:aws:s3:::app/*"}"#,
        ALICE_ACTION,
    );
    let found = check(&s);
    assert!(
        found
            .iter()
            .any(|(k, line, then)| *k == SuggestionKind::NamePrincipal
                && line.contains(
                    "does not grant `arn:aws:iam::111111111111:user/alice` (another account)"
                )
                && *then == ALLOWED),
        "{found:?}"
    );
}

#[test]
fn an_explicit_deny_is_named_and_never_weakened() {
    let s = scenario(
        r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
           {"Sid": "NoPut", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}"#,
        "arn:aws:iam::111111111111:root",
        r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "arn:aws:s3:::app/*"}"#,
        ALICE_ACTION,
    );
    let found = check(&s);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, SuggestionKind::ExplicitDeny);
    assert!(
        found[0]
            .1
            .starts_with("denied by an explicit Deny, identity policy `deploy` statement `NoPut`")
    );
    assert_eq!(found[0].2, None, "no change is offered");
}

#[test]
fn a_deny_that_held_because_a_key_was_absent_says_which_value_flips_it() {
    let s = scenario(
        r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
           {"Sid": "NoMfa", "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#,
        "arn:aws:iam::111111111111:root",
        r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "arn:aws:s3:::app/*"}"#,
        ALICE_ACTION,
    );
    let found = check(&s);
    assert_eq!(found[0].0, SuggestionKind::ExplicitDeny);
    assert!(
        found
            .iter()
            .any(|(k, line, then)| *k == SuggestionKind::ContextValue
                && line == "the Deny would not apply if `aws:MultiFactorAuthPresent` were `true`"
                && *then == ALLOWED),
        "{found:?}"
    );
}

#[test]
fn an_allow_that_rested_on_an_absent_key_says_so() {
    let s = scenario(
        r#"{"Sid": "Anywhere", "Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:RequestedRegion": "eu-west-1"}}}"#,
        "arn:aws:iam::111111111111:root",
        r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "arn:aws:s3:::app/*"}"#,
        ALICE_ACTION,
    );
    let found = check(&s);
    assert_eq!(
        found,
        vec![(
            SuggestionKind::AbsentKey,
            "`aws:RequestedRegion` was absent, so `StringNotEqualsIfExists` of statement `Anywhere` of `deploy` held; with `aws:RequestedRegion` = `eu-west-1` the decision flips".to_owned(),
            Some(StepDecision::ImplicitDeny)
        )]
    );
}

#[test]
fn an_allowed_request_that_rests_on_no_absent_key_has_no_suggestion() {
    let s = scenario(
        r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}"#,
        "arn:aws:iam::111111111111:root",
        r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "arn:aws:s3:::app/*"}"#,
        ALICE_ACTION,
    );
    assert!(check(&s).is_empty());
}

#[test]
fn no_statement_naming_the_action_gets_a_new_statement() {
    let s = scenario(
        r#"{"Effect": "Deny", "Action": "ec2:*", "Resource": "*"}"#,
        "arn:aws:iam::111111111111:root",
        r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "arn:aws:s3:::app/*"}"#,
        ALICE_ACTION,
    );
    let found = check(&s);
    assert_eq!(found[0].0, SuggestionKind::AddStatement, "{found:?}");
    assert_eq!(
        found[0].1,
        "no statement of `deploy` names `s3:PutObject`: add one allowing it on `arn:aws:s3:::app/k`"
    );
    assert_eq!(found[0].2, ALLOWED);
}
