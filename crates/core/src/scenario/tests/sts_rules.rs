//! Tests of the STS parameter rules and the extra authorizations of a hop (tags, source
//! identity, session names, session policies, service principals).

use super::chain::{A, B, alice, allow, assume, dev, role, run, trust, user};
use crate::scenario::evaluate::StepDecision::{Allowed, ImplicitDeny};

#[test]
fn transitive_tags_pass_down_the_chain_and_cannot_be_overridden() {
    let t = |who: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{who}"}}, "Action": ["sts:AssumeRole", "sts:TagSession"]}}]}}"#
        )
    };
    let p = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/project": "web"}}}]}"#;
    let x_in_a = format!("arn:aws:iam::{A}:role/X");
    let ids = [
        user(&alice(), &[]),
        role(&dev(), &t(&alice()), &[], ""),
        role(&x_in_a, &t(&dev()), &[p.to_owned()], ""),
    ];
    let req = |second: &str| {
        format!(
            r#"{{"name": "r", "principal": "{}", "assume": [{{"role": "{}", "sessionTags": {{"project": "web"}}, "transitiveTagKeys": ["project"]}},
               {{"role": "{x_in_a}"{second}}}], "action": "s3:GetObject", "resource": "arn:aws:s3:::bkt/k"}}"#,
            alice(),
            dev()
        )
    };
    let (steps, d) = run(&ids, &req(""));
    assert_eq!(d, Allowed, "{steps:?}");
    assert_eq!(steps.iter().filter(|s| s.0 == "sts:TagSession").count(), 2);
    assert_eq!(
        run(&ids, &req(r#", "sessionTags": {"project": "api"}"#)).1,
        ImplicitDeny
    );
}

#[test]
fn source_identity_needs_set_source_identity_and_cannot_change() {
    let t = |actions: &str| trust(&format!(r#"{{"AWS": "{}"}}"#, alice()), actions);
    let hop = format!(r#"{{"role": "{}", "sourceIdentity": "alice"}}"#, dev());
    let ids = [
        user(&alice(), &[]),
        role(&dev(), &t(r#""sts:AssumeRole""#), &[], ""),
    ];
    let (steps, d) = run(&ids, &assume(&alice(), &hop));
    assert_eq!(d, ImplicitDeny);
    assert_eq!(steps[1].0, "sts:SetSourceIdentity");
    let ids = [
        user(&alice(), &[]),
        role(
            &dev(),
            &t(r#"["sts:AssumeRole", "sts:SetSourceIdentity"]"#),
            &[],
            "",
        ),
    ];
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, Allowed);
    let bad = format!(r#"{{"role": "{}", "sourceIdentity": "aws:alice"}}"#, dev());
    assert_eq!(run(&ids, &assume(&alice(), &bad)).1, ImplicitDeny);
}

#[test]
fn session_name_must_be_valid() {
    let t = trust(
        &format!(r#"{{"AWS": "{}"}}"#, alice()),
        r#""sts:AssumeRole""#,
    );
    let ids = [user(&alice(), &[]), role(&dev(), &t, &[], "")];
    let hop = format!(r#"{{"role": "{}", "sessionName": "a b"}}"#, dev());
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, ImplicitDeny);
}

#[test]
fn session_policy_limits_the_session_and_never_grants() {
    let t = trust(
        &format!(r#"{{"AWS": "{}"}}"#, alice()),
        r#""sts:AssumeRole""#,
    );
    let ids = [
        user(&alice(), &[]),
        role(&dev(), &t, &[allow("*", "*")], ""),
    ];
    let req = |action: &str| {
        format!(
            r#"{{"name": "r", "principal": "{}", "assume": [{{"role": "{}", "sessionPolicy": {}}}], "action": "{action}", "resource": "arn:aws:s3:::bkt/k"}}"#,
            alice(),
            dev(),
            allow("s3:GetObject", "*")
        )
    };
    assert_eq!(run(&ids, &req("s3:GetObject")).1, Allowed);
    assert_eq!(run(&ids, &req("s3:PutObject")).1, ImplicitDeny);
}

#[test]
fn service_trust_with_source_account_condition_blocks_the_confused_deputy() {
    let t = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Service": "lambda.amazonaws.com"}}, "Action": "sts:AssumeRole",
           "Condition": {{"StringEquals": {{"aws:SourceAccount": "{A}"}}}}}}]}}"#
    );
    let ids = [role(&dev(), &t, &[], "")];
    let req = |account: &str| {
        format!(
            r#"{{"name": "r", "principal": {{"service": "lambda.amazonaws.com", "sourceAccount": "{account}"}}, "assume": [{{"role": "{}"}}]}}"#,
            dev()
        )
    };
    assert_eq!(run(&ids, &req(A)).1, Allowed);
    assert_eq!(run(&ids, &req(B)).1, ImplicitDeny);
}

#[test]
fn one_character_session_name_is_rejected() {
    let t = trust(
        &format!(r#"{{"AWS": "{}"}}"#, alice()),
        r#""sts:AssumeRole""#,
    );
    let ids = [user(&alice(), &[]), role(&dev(), &t, &[], "")];
    let hop = format!(r#"{{"role": "{}", "sessionName": "s"}}"#, dev());
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, ImplicitDeny);
}
