//! Every input is bounded (issue 14): session tags are kept once per key along a chain, a
//! request follows at most `MAX_HOPS` hops, and one evaluation does at most `MAX_WORK` units
//! of work (statements, condition comparisons and explanation text). Each bound is reported at the place that exceeds it.

use super::chain::{A, alice};
use crate::scenario::chain::MAX_HOPS;
use crate::scenario::evaluate::{MAX_WORK, ScenarioOutcome, StepDecision, evaluate_scenario};
use crate::scenario::load;

/// A role `R` that trusts the account for `sts:AssumeRole` and `sts:TagSession` and may do
/// everything, alice with `policy`, and `requests`.
fn world(policy: &str, requests: &str) -> String {
    format!(
        r#"{{"rolecall": 1, "now": "2026-11-22T12:00:00Z", "identities": [
          {{"arn": "{alice}", "policies": [{{"name": "p", "document": {policy}}}]}},
          {{"arn": "arn:aws:iam::{A}:role/R", "trustPolicy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{A}"}}, "Action": ["sts:AssumeRole", "sts:TagSession"]}}]}},
           "policies": [{{"name": "all", "document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}}]}}}}]}}],
          "requests": [{requests}]}}"#,
        alice = alice()
    )
}

const ALLOW_ALL: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;

fn evaluate(text: &str) -> ScenarioOutcome {
    let loaded = load(text);
    evaluate_scenario(loaded.scenario.as_ref().unwrap())
}

/// A hop to `R` passing `tags` (key, value) and marking `transitive` keys.
fn hop(tags: &[(&str, &str)], transitive: &[&str]) -> String {
    let tags: Vec<String> = tags
        .iter()
        .map(|(k, v)| format!(r#""{k}": "{v}""#))
        .collect();
    let keys: Vec<String> = transitive.iter().map(|k| format!(r#""{k}""#)).collect();
    format!(
        r#"{{"role": "arn:aws:iam::{A}:role/R", "sessionTags": {{{}}}, "transitiveTagKeys": [{}]}}"#,
        tags.join(","),
        keys.join(",")
    )
}

fn request(hops: &[String]) -> String {
    format!(
        r#"{{"name": "chain", "principal": "{}", "assume": [{}], "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}"#,
        alice(),
        hops.join(",")
    )
}

/// The `aws:RequestTag/*` keys of a step's context.
fn request_tags(step: &crate::scenario::Step) -> Vec<String> {
    step.context
        .iter()
        .filter(|e| e.key.starts_with("aws:RequestTag/"))
        .map(|e| e.key.clone())
        .collect()
}

#[test]
fn a_chain_that_passes_the_same_transitive_tags_again_keeps_each_tag_once() {
    let keys: Vec<String> = (0..40).map(|i| format!("k{i}")).collect();
    let tags: Vec<(&str, &str)> = keys.iter().map(|k| (k.as_str(), "v")).collect();
    let names: Vec<&str> = keys.iter().map(String::as_str).collect();
    let hops = vec![hop(&tags, &names); 30];
    let outcome = evaluate(&world(ALLOW_ALL, &request(&hops)));
    let steps = &outcome.requests[0].steps;
    // Hop 2 would override the inherited transitive tags: STS refuses it.
    let second = steps.iter().find(|s| s.hop == Some(1)).unwrap();
    assert_eq!(second.decision, StepDecision::ImplicitDeny);
    assert!(
        second
            .checks
            .iter()
            .any(|c| c.rule == "transitive-tags-not-overridden" && !c.passed)
    );
    // Every later hop still carries each of the 40 tags once, not one more copy per hop.
    for step in steps.iter().filter(|s| s.call == "sts:AssumeRole") {
        assert_eq!(request_tags(step).len(), 40, "hop {:?}", step.hop);
    }
    let last = steps.last().unwrap();
    let principal_tags = last
        .context
        .iter()
        .filter(|e| e.key.starts_with("aws:PrincipalTag/"))
        .count();
    assert_eq!(principal_tags, 40);
}

#[test]
fn an_inherited_transitive_tag_keeps_its_value_whatever_the_case_of_a_new_key() {
    let hops = [
        hop(&[("Team", "blue")], &["Team"]),
        hop(&[("team", "red")], &["TEAM"]),
    ];
    let outcome = evaluate(&world(ALLOW_ALL, &request(&hops)));
    let second = &outcome.requests[0].steps.iter().find(|s| s.hop == Some(1));
    let second = second.unwrap();
    assert_eq!(request_tags(second), ["aws:RequestTag/Team"]);
    let value = second
        .context
        .iter()
        .find(|e| e.key == "aws:RequestTag/Team")
        .map(|e| e.value.values().join(","));
    assert_eq!(value.as_deref(), Some("blue"));
    assert_eq!(second.decision, StepDecision::ImplicitDeny);
}

#[test]
fn a_chain_longer_than_the_limit_is_warned_at_its_first_extra_hop_and_not_evaluated_past_it() {
    let hops = vec![hop(&[], &[]); MAX_HOPS + 20];
    let text = world(ALLOW_ALL, &request(&hops));
    let loaded = load(&text);
    let warning = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == "chain-too-long")
        .expect("a chain-too-long diagnostic");
    // It points at hop number MAX_HOPS + 1 (index MAX_HOPS).
    let hop_starts: Vec<usize> = text.match_indices(r#"{"role""#).map(|(i, _)| i).collect();
    assert_eq!(warning.span().start, hop_starts[MAX_HOPS]);
    let outcome = evaluate_scenario(loaded.scenario.as_ref().unwrap());
    let r = &outcome.requests[0];
    assert_eq!(r.decision, StepDecision::NotEvaluated);
    let limit = r.steps.iter().find(|s| s.hop == Some(MAX_HOPS)).unwrap();
    assert_eq!(limit.decision, StepDecision::NotEvaluated);
    assert!(
        limit.summary.contains("chain-too-long"),
        "{}",
        limit.summary
    );
    // Nothing beyond it: no later hop, and the action is not evaluated.
    assert!(r.steps.iter().all(|s| s.hop.is_none_or(|h| h <= MAX_HOPS)));
    let action = r.steps.last().unwrap();
    assert_eq!(
        (action.hop, action.decision),
        (None, StepDecision::NotEvaluated)
    );
    // The first MAX_HOPS hops were evaluated (and allowed).
    assert!(
        r.steps
            .iter()
            .filter(|s| s.hop.is_some_and(|h| h < MAX_HOPS))
            .all(|s| s.decision == StepDecision::Allowed)
    );
}

#[test]
fn a_chain_of_exactly_the_limit_is_evaluated_in_full() {
    let hops = vec![hop(&[], &[]); MAX_HOPS];
    let text = world(ALLOW_ALL, &request(&hops));
    let loaded = load(&text);
    assert!(
        !loaded
            .diagnostics
            .iter()
            .any(|d| d.code == "chain-too-long")
    );
    let outcome = evaluate_scenario(loaded.scenario.as_ref().unwrap());
    assert_eq!(outcome.requests[0].decision, StepDecision::Allowed);
}

#[test]
fn an_evaluation_stops_at_the_work_limit_and_says_so_at_the_step_that_reaches_it() {
    // 2,000 statements per request: the budget covers MAX_WORK / 2,000 requests.
    let statements: Vec<String> = (0..2_000)
        .map(|i| format!(r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b{i}/*"}}"#))
        .collect();
    let policy = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",")
    );
    let requests: Vec<String> = (0..200)
        .map(|i| {
            format!(
                r#"{{"name": "r{i}", "principal": "{}", "action": "s3:GetObject", "resource": "arn:aws:s3:::b{i}/k"}}"#,
                alice()
            )
        })
        .collect();
    let outcome = evaluate(&world(&policy, &requests.join(",")));
    let evaluated = MAX_WORK / 2_000;
    for (i, r) in outcome.requests.iter().enumerate() {
        if i < evaluated {
            assert_eq!(r.decision, StepDecision::Allowed, "request {i}");
        } else {
            assert_eq!(r.decision, StepDecision::NotEvaluated, "request {i}");
            assert!(r.steps[0].summary.contains("work-limit"));
            assert!(r.steps[0].explanation.is_none());
        }
    }
}

/// A policy of one statement whose `ForAnyValue:StringEquals` on `aws:TagKeys` lists
/// `values` values.
fn condition_policy(values: usize) -> String {
    let values: Vec<String> = (0..values).map(|i| format!(r#""p{i}""#)).collect();
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {{"ForAnyValue:StringEquals": {{"aws:TagKeys": [{}]}}}}}}]}}"#,
        values.join(",")
    )
}

/// `count` requests by alice whose `aws:TagKeys` holds `tags` values, the first one `p0`.
fn tagged_requests(count: usize, tags: usize) -> String {
    let tags: Vec<String> = (0..tags).map(|i| format!(r#""p{i}""#)).collect();
    let requests: Vec<String> = (0..count)
        .map(|i| {
            format!(
                r#"{{"name": "r{i}", "principal": "{}", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": {{"aws:TagKeys": [{}]}}}}"#,
                alice(),
                tags.join(",")
            )
        })
        .collect();
    requests.join(",")
}

#[test]
fn each_condition_value_counts_toward_the_work_limit() {
    // One statement with 1,000 condition values is 1,001 units plus one per 256 bytes of its
    // text (about 7 KB): about 970 requests fit in the budget, then every later one stops.
    let outcome = evaluate(&world(&condition_policy(1_000), &tagged_requests(300, 1)));
    let evaluated = outcome
        .requests
        .iter()
        .take_while(|r| r.decision == StepDecision::Allowed)
        .count();
    assert!(
        (MAX_WORK / 1_040..=MAX_WORK / 1_001).contains(&evaluated),
        "{evaluated} requests evaluated"
    );
    assert!(
        outcome.requests[evaluated..]
            .iter()
            .all(|r| r.decision == StepDecision::NotEvaluated)
    );
    let stopped = &outcome.requests[evaluated].steps[0];
    assert!(
        stopped.summary.contains("work-limit"),
        "{}",
        stopped.summary
    );
    assert!(
        stopped.summary.contains("condition value"),
        "{}",
        stopped.summary
    );
}

#[test]
fn a_long_pattern_shown_at_every_hop_counts_toward_the_work_limit() {
    // R's policy holds a 64 KiB Resource pattern, which each hop's explanation shows: 256
    // units per evaluation, so the 50-hop requests stop at the budget instead of copying the
    // pattern into thousands of explanations.
    let long = format!("arn:aws:s3:::{}", "a".repeat(64 * 1024));
    let text = world(ALLOW_ALL, &request(&vec![hop(&[], &[]); 50])).replace(
        r#""Action": "*", "Resource": "*"}]}}]}]"#,
        &format!(
            r#""Action": "*", "Resource": "*"}}, {{"Effect": "Allow", "Action": "*", "Resource": "{long}"}}]}}}}]}}]"#
        ),
    );
    assert!(text.contains(&long), "the long pattern is in R's policy");
    let requests = vec![request(&vec![hop(&[], &[]); 50]); 20];
    let text = text.replace(&request(&vec![hop(&[], &[]); 50]), &requests.join(","));
    let outcome = evaluate(&text);
    let steps: Vec<_> = outcome.requests.iter().flat_map(|r| &r.steps).collect();
    let explained = steps.iter().filter(|s| s.explanation.is_some()).count();
    // About 200,000 / 256 evaluations can show the pattern.
    assert!(
        explained <= MAX_WORK / 256 + 50,
        "{explained} steps explained"
    );
    assert!(steps.iter().any(|s| s.summary.contains("work-limit")));
}

#[test]
fn request_values_times_condition_values_count_toward_the_work_limit() {
    // 500 condition values × 500 request values = 250,000 comparisons: beyond the budget on
    // the first request, which is reported as not evaluated instead of being run.
    let outcome = evaluate(&world(&condition_policy(500), &tagged_requests(1, 500)));
    let step = &outcome.requests[0].steps[0];
    assert_eq!(outcome.requests[0].decision, StepDecision::NotEvaluated);
    assert!(step.summary.contains("work-limit"), "{}", step.summary);
    // 500 × 100 = 50,000 fits.
    let outcome = evaluate(&world(&condition_policy(500), &tagged_requests(1, 100)));
    assert_eq!(outcome.requests[0].decision, StepDecision::Allowed);
}
