//! Role chains of more than one hop: what a session carries into the next one (transitive
//! tags, MFA) and what it does not (its session policy, its tags that are not transitive).

use super::chain::{A, alice, allow, dev, role, run, user};
use crate::scenario::evaluate::StepDecision::{Allowed, ImplicitDeny, NotEvaluated};

fn trust_for(who: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{who}"}}, "Action": ["sts:AssumeRole", "sts:TagSession"]}}]}}"#
    )
}

fn needs_tag(key: &str, value: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {{"StringEquals": {{"aws:PrincipalTag/{key}": "{value}"}}}}}}]}}"#
    )
}

fn x() -> String {
    format!("arn:aws:iam::{A}:role/X")
}

fn y() -> String {
    format!("arn:aws:iam::{A}:role/Y")
}

/// alice → Dev → X → Y, where Y may act only with the tag `condition_tag`.
fn three_hops(
    first_hop_tags: &str,
    condition_tag: (&str, &str),
) -> Vec<(String, super::super::evaluate::StepDecision)> {
    let ids = [
        user(&alice(), &[]),
        role(&dev(), &trust_for(&alice()), &[], ""),
        role(&x(), &trust_for(&dev()), &[], ""),
        role(
            &y(),
            &trust_for(&x()),
            &[needs_tag(condition_tag.0, condition_tag.1)],
            "",
        ),
    ];
    let request = format!(
        r#"{{"name": "r", "principal": "{}", "assume": [{{"role": "{}"{first_hop_tags}}}, {{"role": "{}"}}, {{"role": "{}"}}],
            "action": "s3:GetObject", "resource": "arn:aws:s3:::bkt/k"}}"#,
        alice(),
        dev(),
        x(),
        y()
    );
    run(&ids, &request).0
}

#[test]
fn transitive_tags_survive_three_hops() {
    let steps = three_hops(
        r#", "sessionTags": {"project": "web"}, "transitiveTagKeys": ["project"]"#,
        ("project", "web"),
    );
    assert_eq!(steps.last().map(|s| s.1), Some(Allowed), "{steps:?}");
    // Every later hop passes the transitive tag again, so each needs sts:TagSession.
    assert_eq!(steps.iter().filter(|s| s.0 == "sts:TagSession").count(), 3);
}

#[test]
fn session_tags_that_are_not_transitive_stop_after_one_hop() {
    let steps = three_hops(r#", "sessionTags": {"project": "web"}"#, ("project", "web"));
    assert_eq!(steps.last().map(|s| s.1), Some(ImplicitDeny), "{steps:?}");
}

#[test]
fn transitive_tag_keys_match_whatever_their_letter_case() {
    let steps = three_hops(
        r#", "sessionTags": {"Project": "web"}, "transitiveTagKeys": ["project"]"#,
        ("PROJECT", "web"),
    );
    assert_eq!(steps.last().map(|s| s.1), Some(Allowed), "{steps:?}");
}

/// alice → Dev (with a session policy) → X, then s3:GetObject; X's policy allows everything.
fn session_policy_chain(
    session_policy: &str,
    x_policy: &str,
) -> Vec<(String, super::super::evaluate::StepDecision)> {
    let account_trust = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{A}"}}, "Action": "sts:AssumeRole"}}]}}"#
    );
    let ids = [
        user(&alice(), &[]),
        role(&dev(), &trust_for(&alice()), &[allow("*", "*")], ""),
        role(&x(), &account_trust, &[x_policy.to_owned()], ""),
    ];
    let request = format!(
        r#"{{"name": "r", "principal": "{}", "assume": [{{"role": "{}", "sessionPolicy": {session_policy}}}, {{"role": "{}"}}],
            "action": "s3:GetObject", "resource": "arn:aws:s3:::bkt/k"}}"#,
        alice(),
        dev(),
        x()
    );
    run(&ids, &request).0
}

#[test]
fn a_session_policy_limits_the_next_assume_role_call_of_its_session() {
    // Dev's session may only use S3, so it cannot call sts:AssumeRole on X (whose trust names
    // only the account, so the caller's identity side must allow the call).
    let steps = session_policy_chain(&allow("s3:*", "*"), &allow("*", "*"));
    let decisions: Vec<_> = steps.iter().map(|s| s.1).collect();
    assert_eq!(
        decisions,
        [Allowed, ImplicitDeny, NotEvaluated],
        "{steps:?}"
    );
}

#[test]
fn a_session_policy_does_not_follow_the_chain_into_the_next_session() {
    // Dev's session policy allows only sts:AssumeRole; X's session is not limited by it.
    let steps = session_policy_chain(&allow("sts:AssumeRole", "*"), &allow("s3:GetObject", "*"));
    let decisions: Vec<_> = steps.iter().map(|s| s.1).collect();
    assert_eq!(decisions, [Allowed, Allowed, Allowed], "{steps:?}");
}
