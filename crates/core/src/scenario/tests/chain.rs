//! Tests of assume-role chains: one test per STS rule, named after the behaviour, plus the
//! chain cases of iam-semantics.md §7.

use crate::scenario::evaluate::{StepDecision, evaluate_scenario};
use crate::scenario::load;

pub(super) const A: &str = "111111111111";
pub(super) const B: &str = "222222222222";

pub(super) fn alice() -> String {
    format!("arn:aws:iam::{A}:user/alice")
}
pub(super) fn dev() -> String {
    format!("arn:aws:iam::{A}:role/Dev")
}
pub(super) fn x() -> String {
    format!("arn:aws:iam::{B}:role/X")
}

pub(super) fn allow(action: &str, resource: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "{action}", "Resource": "{resource}"}}]}}"#
    )
}

pub(super) fn trust(principal: &str, actions: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {principal}, "Action": {actions}}}]}}"#
    )
}

/// An identity entry: `policies` is a list of documents.
pub(super) fn user(arn: &str, policies: &[String]) -> String {
    let list: Vec<String> = policies
        .iter()
        .enumerate()
        .map(|(i, p)| format!(r#"{{"name": "p{i}", "document": {p}}}"#))
        .collect();
    format!(r#"{{"arn": "{arn}", "policies": [{}]}}"#, list.join(","))
}

pub(super) fn role(arn: &str, trust_policy: &str, policies: &[String], extra: &str) -> String {
    let list: Vec<String> = policies
        .iter()
        .enumerate()
        .map(|(i, p)| format!(r#"{{"name": "r{i}", "document": {p}}}"#))
        .collect();
    format!(
        r#"{{"arn": "{arn}", "trustPolicy": {trust_policy}, "policies": [{}]{extra}}}"#,
        list.join(",")
    )
}

/// Evaluates one request over `identities` and returns the decisions of its steps, then the
/// request's decision.
pub(super) fn run(
    identities: &[String],
    request: &str,
) -> (Vec<(String, StepDecision)>, StepDecision) {
    let text = format!(
        r#"{{"rolecall": 1, "now": "2026-11-22T12:00:00Z", "identities": [{}],
        "resources": [{{"arn": "arn:aws:s3:::bkt", "account": "{A}"}}],
        "requests": [{request}]}}"#,
        identities.join(",")
    );
    let loaded = load(&text);
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{text}");
    let outcome = evaluate_scenario(loaded.scenario.as_ref().unwrap());
    let r = &outcome.requests[0];
    (
        r.steps
            .iter()
            .map(|s| (s.call.clone(), s.decision))
            .collect(),
        r.decision,
    )
}

pub(super) fn assume(principal: &str, hops: &str) -> String {
    format!(r#"{{"name": "r", "principal": "{principal}", "assume": [{hops}]}}"#)
}

use StepDecision::{Allowed, ExplicitDeny, ImplicitDeny, NotEvaluated};

#[test]
fn case_50_same_account_trust_naming_the_user_needs_no_identity_policy() {
    let ids = [
        user(&alice(), &[]),
        role(
            &dev(),
            &trust(
                &format!(r#"{{"AWS": "{}"}}"#, alice()),
                r#""sts:AssumeRole""#,
            ),
            &[],
            "",
        ),
    ];
    let (_, d) = run(
        &ids,
        &assume(&alice(), &format!(r#"{{"role": "{}"}}"#, dev())),
    );
    assert_eq!(d, Allowed);
}

#[test]
fn case_51_52_same_account_trust_naming_the_account_needs_an_identity_allow() {
    let t = trust(&format!(r#"{{"AWS": "{A}"}}"#), r#""sts:AssumeRole""#);
    let hop = format!(r#"{{"role": "{}"}}"#, dev());
    let ids = [user(&alice(), &[]), role(&dev(), &t, &[], "")];
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, ImplicitDeny);
    let ids = [
        user(&alice(), &[allow("sts:AssumeRole", &dev())]),
        role(&dev(), &t, &[], ""),
    ];
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, Allowed);
}

#[test]
fn case_53_trust_policy_is_always_required() {
    let t = trust(r#"{"Service": "ec2.amazonaws.com"}"#, r#""sts:AssumeRole""#);
    let ids = [
        user(&alice(), &[allow("sts:AssumeRole", "*")]),
        role(&dev(), &t, &[], ""),
    ];
    let (_, d) = run(
        &ids,
        &assume(&alice(), &format!(r#"{{"role": "{}"}}"#, dev())),
    );
    assert_eq!(d, ImplicitDeny);
}

#[test]
fn case_54_55_cross_account_assume_needs_trust_and_identity_allow() {
    let t = trust(
        &format!(r#"{{"AWS": "{}"}}"#, alice()),
        r#""sts:AssumeRole""#,
    );
    let hop = format!(r#"{{"role": "{}"}}"#, x());
    let ids = [user(&alice(), &[]), role(&x(), &t, &[], "")];
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, ImplicitDeny);
    let ids = [
        user(&alice(), &[allow("sts:AssumeRole", &x())]),
        role(&x(), &t, &[], ""),
    ];
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, Allowed);
}

#[test]
fn case_56_57_external_id_condition_needs_the_external_id() {
    let t = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{A}"}}, "Action": "sts:AssumeRole",
           "Condition": {{"StringEquals": {{"sts:ExternalId": "ext-1"}}}}}}]}}"#
    );
    let ids = [
        user(&alice(), &[allow("sts:AssumeRole", &x())]),
        role(&x(), &t, &[], ""),
    ];
    let with = format!(r#"{{"role": "{}", "externalId": "ext-1"}}"#, x());
    assert_eq!(run(&ids, &assume(&alice(), &with)).1, Allowed);
    let without = format!(r#"{{"role": "{}"}}"#, x());
    assert_eq!(run(&ids, &assume(&alice(), &without)).1, ImplicitDeny);
}

#[test]
fn case_58_mfa_deny_with_bool_if_exists_catches_access_keys_and_mfa_token_passes() {
    let t = format!(
        r#"{{"Version": "2012-10-17", "Statement": [
          {{"Effect": "Allow", "Principal": {{"AWS": "{}"}}, "Action": "sts:AssumeRole"}},
          {{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {{"BoolIfExists": {{"aws:MultiFactorAuthPresent": "false"}}}}}}]}}"#,
        alice()
    );
    let ids = [
        user(&alice(), &[allow("sts:AssumeRole", "*")]),
        role(&x(), &t, &[], ""),
    ];
    let plain = format!(r#"{{"role": "{}"}}"#, x());
    assert_eq!(run(&ids, &assume(&alice(), &plain)).1, ExplicitDeny);
    let mfa = format!(r#"{{"role": "{}", "mfa": true}}"#, x());
    assert_eq!(run(&ids, &assume(&alice(), &mfa)).1, Allowed);
}

#[test]
fn case_59_60_service_principal_trust_admits_the_service_only() {
    let t = trust(r#"{"Service": "ec2.amazonaws.com"}"#, r#""sts:AssumeRole""#);
    let ids = [
        user(&alice(), &[allow("sts:AssumeRole", "*")]),
        role(&dev(), &t, &[], ""),
    ];
    let hop = format!(r#"{{"role": "{}"}}"#, dev());
    let svc = format!(
        r#"{{"name": "r", "principal": {{"service": "ec2.amazonaws.com"}}, "assume": [{hop}]}}"#
    );
    assert_eq!(run(&ids, &svc).1, Allowed);
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, ImplicitDeny);
}

fn github_trust() -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
          "Principal": {{"Federated": "arn:aws:iam::{A}:oidc-provider/token.actions.githubusercontent.com"}},
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {{"StringEquals": {{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}},
                        "StringLike": {{"token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}}}}}}]}}"#
    )
}

fn github(sub: &str) -> String {
    format!(
        r#"{{"name": "r", "principal": {{"federated": "arn:aws:iam::{A}:oidc-provider/token.actions.githubusercontent.com",
           "claims": {{"sub": "{sub}", "aud": "sts.amazonaws.com"}}}},
           "assume": [{{"role": "{}", "sessionName": "gha"}}], "action": "s3:GetObject", "resource": "arn:aws:s3:::bkt/k"}}"#,
        dev()
    )
}

#[test]
fn case_61_62_github_oidc_trust_pins_the_repository_and_branch() {
    let ids = [role(
        &dev(),
        &github_trust(),
        &[allow("s3:GetObject", "arn:aws:s3:::bkt/*")],
        "",
    )];
    let (steps, d) = run(&ids, &github("repo:acme/app:ref:refs/heads/main"));
    assert_eq!(steps[0].0, "sts:AssumeRoleWithWebIdentity");
    assert_eq!(d, Allowed);
    assert_eq!(
        run(&ids, &github("repo:evil/app:ref:refs/heads/main")).1,
        ImplicitDeny
    );
}

#[test]
fn case_63_web_identity_trust_does_not_admit_plain_assume_role() {
    let ids = [
        user(&alice(), &[allow("*", "*")]),
        role(&dev(), &github_trust(), &[], ""),
    ];
    assert_eq!(
        run(
            &ids,
            &assume(&alice(), &format!(r#"{{"role": "{}"}}"#, dev()))
        )
        .1,
        ImplicitDeny
    );
}

#[test]
fn case_64_session_tags_need_tag_session_in_the_trust_policy() {
    let principal = format!(r#"{{"AWS": "{}"}}"#, alice());
    let hop = format!(
        r#"{{"role": "{}", "sessionTags": {{"team": "red"}}}}"#,
        dev()
    );
    let ids = [
        user(&alice(), &[]),
        role(&dev(), &trust(&principal, r#""sts:AssumeRole""#), &[], ""),
    ];
    let (steps, d) = run(&ids, &assume(&alice(), &hop));
    assert_eq!(d, ImplicitDeny);
    assert_eq!(
        steps,
        [
            ("sts:AssumeRole".into(), Allowed),
            ("sts:TagSession".into(), ImplicitDeny)
        ]
    );
    let ids = [
        user(&alice(), &[]),
        role(
            &dev(),
            &trust(&principal, r#"["sts:AssumeRole", "sts:TagSession"]"#),
            &[],
            "",
        ),
    ];
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, Allowed);
}

#[test]
fn case_65_root_user_cannot_assume_a_role() {
    let t = trust(&format!(r#"{{"AWS": "{A}"}}"#), r#""sts:AssumeRole""#);
    let ids = [role(&dev(), &t, &[], "")];
    let (_, d) = run(
        &ids,
        &assume(
            &format!("arn:aws:iam::{A}:root"),
            &format!(r#"{{"role": "{}"}}"#, dev()),
        ),
    );
    assert_eq!(d, ImplicitDeny);
}

#[test]
fn case_66_role_chaining_caps_the_session_at_one_hour() {
    let t_dev = trust(
        &format!(r#"{{"AWS": "{}"}}"#, alice()),
        r#""sts:AssumeRole""#,
    );
    let t_x = trust(&format!(r#"{{"AWS": "{}"}}"#, dev()), r#""sts:AssumeRole""#);
    let ids = [
        user(&alice(), &[]),
        role(&dev(), &t_dev, &[allow("sts:AssumeRole", &x())], ""),
        role(&x(), &t_x, &[], r#", "maxSessionDuration": 43200"#),
    ];
    let hops = |d: u32| {
        format!(
            r#"{{"role": "{}"}}, {{"role": "{}", "durationSeconds": {d}}}"#,
            dev(),
            x()
        )
    };
    let (steps, d) = run(&ids, &assume(&alice(), &hops(7200)));
    assert_eq!(
        steps,
        [
            ("sts:AssumeRole".into(), Allowed),
            ("sts:AssumeRole".into(), ImplicitDeny)
        ]
    );
    assert_eq!(d, ImplicitDeny);
    assert_eq!(run(&ids, &assume(&alice(), &hops(3600))).1, Allowed);
}

#[test]
fn duration_above_the_roles_maximum_is_rejected_by_sts() {
    let t = trust(
        &format!(r#"{{"AWS": "{}"}}"#, alice()),
        r#""sts:AssumeRole""#,
    );
    let ids = [user(&alice(), &[]), role(&dev(), &t, &[], "")];
    let hop = format!(r#"{{"role": "{}", "durationSeconds": 7200}}"#, dev());
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, ImplicitDeny);
    let hop = format!(r#"{{"role": "{}", "durationSeconds": 600}}"#, dev());
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, ImplicitDeny);
}

fn chain_67(policy: String) -> (Vec<(String, StepDecision)>, StepDecision) {
    let t = trust(
        &format!(r#"{{"AWS": "{}"}}"#, alice()),
        r#""sts:AssumeRole""#,
    );
    let ids = [user(&alice(), &[]), role(&dev(), &t, &[policy], "")];
    let req = format!(
        r#"{{"name": "r", "principal": "{}", "assume": [{{"role": "{}", "sessionName": "alice"}}], "action": "s3:GetObject", "resource": "arn:aws:s3:::bkt/k"}}"#,
        alice(),
        dev()
    );
    run(&ids, &req)
}

#[test]
fn case_67_chain_allowed_at_both_hops() {
    let (steps, d) = chain_67(allow("s3:GetObject", "arn:aws:s3:::bkt/*"));
    assert_eq!(
        steps,
        [
            ("sts:AssumeRole".into(), Allowed),
            ("s3:GetObject".into(), Allowed)
        ]
    );
    assert_eq!(d, Allowed);
}

#[test]
fn case_68_chain_denied_at_the_final_step_by_the_role_policy() {
    let (steps, d) = chain_67(allow("s3:ListBucket", "arn:aws:s3:::bkt"));
    assert_eq!(
        steps,
        [
            ("sts:AssumeRole".into(), Allowed),
            ("s3:GetObject".into(), ImplicitDeny)
        ]
    );
    assert_eq!(d, ImplicitDeny);
}

#[test]
fn later_steps_are_not_evaluated_after_a_denied_hop() {
    let ids = [
        user(&alice(), &[]),
        role(
            &dev(),
            &trust(r#"{"Service": "ec2.amazonaws.com"}"#, r#""sts:AssumeRole""#),
            &[allow("*", "*")],
            "",
        ),
    ];
    let req = format!(
        r#"{{"name": "r", "principal": "{}", "assume": [{{"role": "{}"}}], "action": "s3:GetObject", "resource": "arn:aws:s3:::bkt/k"}}"#,
        alice(),
        dev()
    );
    let (steps, _) = run(&ids, &req);
    assert_eq!(steps[1].1, NotEvaluated);
}

#[test]
fn case_69_session_tag_overrides_the_role_tag() {
    let t = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{}"}}, "Action": ["sts:AssumeRole", "sts:TagSession"]}}]}}"#,
        alice()
    );
    let p = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "red"}}}]}"#;
    let ids = [
        user(&alice(), &[]),
        role(&dev(), &t, &[p.to_owned()], r#", "tags": {"team": "blue"}"#),
    ];
    let req = |tags: &str| {
        format!(
            r#"{{"name": "r", "principal": "{}", "assume": [{{"role": "{}", "sessionTags": {tags}}}], "action": "s3:GetObject", "resource": "arn:aws:s3:::bkt/k"}}"#,
            alice(),
            dev()
        )
    };
    assert_eq!(run(&ids, &req(r#"{"team": "red"}"#)).1, Allowed);
    assert_eq!(run(&ids, &req("{}")).1, ImplicitDeny);
}

#[test]
fn group_policies_apply_to_their_users() {
    let group = format!("arn:aws:iam::{A}:group/devs");
    let t = trust(&format!(r#"{{"AWS": "{A}"}}"#), r#""sts:AssumeRole""#);
    let ids = [
        format!(
            r#"{{"arn": "{}", "policies": [], "groups": ["{group}"]}}"#,
            alice()
        ),
        user(&group, &[allow("sts:AssumeRole", &dev())]),
        role(&dev(), &t, &[], ""),
    ];
    assert_eq!(
        run(
            &ids,
            &assume(&alice(), &format!(r#"{{"role": "{}"}}"#, dev()))
        )
        .1,
        Allowed
    );
}

#[test]
fn callers_boundary_applies_to_the_assume_role_call() {
    let t = trust(&format!(r#"{{"AWS": "{A}"}}"#), r#""sts:AssumeRole""#);
    let ids = [
        format!(
            r#"{{"arn": "{}", "policies": [{{"name": "p", "document": {}}}], "permissionsBoundary": {{"name": "b", "document": {}}}}}"#,
            alice(),
            allow("sts:AssumeRole", "*"),
            allow("s3:*", "*")
        ),
        role(&dev(), &t, &[], ""),
    ];
    assert_eq!(
        run(
            &ids,
            &assume(&alice(), &format!(r#"{{"role": "{}"}}"#, dev()))
        )
        .1,
        ImplicitDeny
    );
}

#[test]
fn callers_scps_apply_to_the_assume_role_call() {
    let t = trust(
        &format!(r#"{{"AWS": "{}"}}"#, alice()),
        r#""sts:AssumeRole""#,
    );
    let deny = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "*"}]}"#;
    let text = format!(
        r#"{{"rolecall": 1, "organization": {{"accounts": {{"{A}": ["r-root"]}},
            "scps": [{{"name": "Full", "target": "r-root", "document": {}}}, {{"name": "NoAssume", "target": "{A}", "document": {deny}}}]}},
          "identities": [{}, {}],
          "requests": [{}]}}"#,
        allow("*", "*"),
        user(&alice(), &[]),
        role(&dev(), &t, &[], ""),
        assume(&alice(), &format!(r#"{{"role": "{}"}}"#, dev()))
    );
    let loaded = crate::scenario::load(&text);
    assert!(
        loaded.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        loaded.diagnostics
    );
    let outcome = evaluate_scenario(loaded.scenario.as_ref().unwrap());
    assert_eq!(outcome.requests[0].decision, ExplicitDeny);
}
