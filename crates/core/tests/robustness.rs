//! "No input of any size or shape makes the core panic": huge and pathological inputs through
//! every public entry point (policy parsing for every kind, evaluation, the scenario loader and
//! evaluator, the share codec, `simulate` lines).
//!
//! Each test builds its input once and runs it through the entry points; a panic, a stack
//! overflow or an endless loop fails the suite. Sizes are chosen so that each test stays well
//! under two seconds in the debug test profile, while still being far beyond what a user types:
//! 100,000-element arrays, multi-megabyte strings, nesting 10,000 levels deep, 5,000 statements.

use rolecall_core::evaluate::{NamedPolicy, PolicySet, evaluate};
use rolecall_core::policy::model::PolicyKind;
use rolecall_core::policy::parse_policy;
use rolecall_core::request::{Context, ContextSource, ContextValue, Request};
use rolecall_core::scenario::{evaluate_scenario, load};
use rolecall_core::share;
use rolecall_core::simulate::{PolicyCache, simulate_line};

const ALICE: &str = "arn:aws:iam::111111111111:user/alice";

/// Parses `text` as every kind of policy, evaluates each result against a request with a rich
/// context, and checks that every diagnostic points inside the text.
fn check_policy_text(text: &str) {
    check_policy_text_as(text, &PolicyKind::ALL);
}

/// [`check_policy_text`] for some kinds only (the largest inputs, to keep the suite fast).
fn check_policy_text_as(text: &str, kinds: &[PolicyKind]) {
    let mut context = Context::new();
    context.set("aws:SourceIp", "203.0.113.9");
    context.set("aws:CurrentTime", "2026-01-01T00:00:00Z");
    context.set("aws:MultiFactorAuthAge", "3600");
    context.set("aws:username", "alice");
    context.insert(
        "aws:TagKeys",
        ContextValue::Multi(vec!["env".into(), "team".into()]),
        ContextSource::Given,
    );
    let request = Request {
        principal: ALICE.to_owned(),
        action: "s3:GetObject".to_owned(),
        resource: "arn:aws:s3:::bkt/home/alice/k".to_owned(),
        resource_account: Some("111111111111".to_owned()),
        context,
    };
    for &kind in kinds {
        let parsed = parse_policy(text, kind);
        for d in &parsed.diagnostics {
            let span = d.span();
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "{kind:?}: span {span:?} outside the text of {} bytes ({})",
                text.len(),
                d.message
            );
        }
        let set = PolicySet::new().with_policy(NamedPolicy::new("p", kind, parsed.policy));
        let _ = evaluate(&request, &set);
    }
}

/// A policy whose single statement has `body` spliced in after its `Effect`.
fn statement(body: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": "*", {body}}}]}}"#
    )
}

#[test]
fn a_hundred_thousand_actions_parse_and_evaluate() {
    let actions: Vec<String> = (0..100_000).map(|i| format!(r#""s3:Get{i}*""#)).collect();
    check_policy_text_as(
        &statement(&format!(
            r#""Action": [{}], "Resource": "*""#,
            actions.join(",")
        )),
        &[PolicyKind::Identity, PolicyKind::Trust],
    );
}

#[test]
fn five_thousand_statements_parse_and_evaluate() {
    let one = r#"{"Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws:iam::*:role/x", "Condition": {"StringLike": {"aws:username": "b*"}}}"#;
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        vec![one; 5_000].join(",")
    );
    check_policy_text(&text);
}

#[test]
fn ten_megabyte_strings_parse_and_evaluate() {
    let long = "a".repeat(10 * 1024 * 1024);
    let one = [PolicyKind::Identity];
    check_policy_text_as(
        &statement(&format!(
            r#""Action": "s3:GetObject", "Resource": "arn:aws:s3:::{long}""#
        )),
        &one,
    );
    check_policy_text_as(&format!(r#"{{"Version": "{long}"}}"#), &one);
    // An unknown key gets a "did you mean" search (policy/suggest.rs), which must not cost time
    // in proportion to the key's length times each candidate's.
    check_policy_text_as(&format!(r#"{{"{long}": 1}}"#), &one);
}

#[test]
fn nesting_ten_thousand_levels_deep_is_refused_without_overflowing_the_stack() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    check_policy_text(&deep);
    check_policy_text(&"{\"a\":".repeat(10_000));
    check_policy_text(&statement(&format!(
        r#""Action": {deep}, "Resource": "*", "Condition": {{"StringEquals": {{"k": {deep}}}}}"#
    )));
    // Unclosed nesting too.
    check_policy_text(&"[".repeat(10_000));
}

#[test]
fn wildcard_patterns_that_backtrack_stay_fast() {
    let text = "a".repeat(200_000);
    let patterns = [
        "*a*a*a*a*a*a*b".to_owned(),
        format!("*{}b", "a".repeat(50)),
        format!("{}*", "?".repeat(1_000)),
        "*?*?*?*?*?*?*?*?*?*?*b".to_owned(),
    ];
    for p in &patterns {
        check_policy_text(&statement(&format!(
            r#""Action": "{p}", "Resource": ["arn:aws:s3:::{p}", "{p}"], "Condition": {{"StringLike": {{"aws:username": "{p}"}}, "ArnLike": {{"aws:PrincipalArn": "arn:aws:iam::{p}"}}}}"#
        )));
        let expected = !p.ends_with('b');
        assert_eq!(
            rolecall_core::matching::wildcard_match(p, &text, false),
            expected
        );
        assert_eq!(
            rolecall_core::matching::resource_matches(
                &format!("arn:aws:s3:::{p}"),
                &format!("arn:aws:s3:::{text}")
            ),
            expected
        );
        assert_eq!(rolecall_core::matching::action_matches(p, &text), expected);
    }
}

#[test]
fn unicode_and_invalid_surrogate_escapes_are_diagnosed() {
    for value in [
        r"\ud800",
        r"\udc00",
        r"\ud800\u0041",
        r"\udbff\udfff",
        r"\ud83d\ude00",
        r"\u0000",
        r"\uZZZZ",
        r"\u12",
        r"\",
        "é😀\u{202e}\u{feff}",
        "\u{10ffff}",
    ] {
        check_policy_text(&statement(&format!(
            r#""Action": "s3:{value}", "Resource": "arn:aws:s3:::{value}", "Condition": {{"StringEqualsIgnoreCase": {{"aws:username": "{value}"}}}}"#
        )));
    }
    // Multi-byte characters everywhere, including where the reader expects ASCII.
    check_policy_text("{\"Version\"😀: \"2012-10-17\", \"Statement\": é}");
    check_policy_text("\u{feff}{\"Statement\": []}");
}

#[test]
fn numbers_with_ten_thousand_digits_are_read_exactly_or_rejected() {
    let digits = "9".repeat(10_000);
    for value in [
        digits.clone(),
        format!("-{digits}"),
        format!("0.{digits}"),
        format!("1e{digits}"),
        format!("+{digits}"),
    ] {
        check_policy_text(&statement(&format!(
            r#""Action": "*", "Resource": "*", "Condition": {{"NumericLessThan": {{"aws:MultiFactorAuthAge": ["{value}", {value}]}}, "DateLessThan": {{"aws:CurrentTime": ["{value}", {value}]}}}}"#
        )));
        check_policy_text(&format!(r#"{{"Version": {value}, "Statement": {value}}}"#));
    }
}

#[test]
fn dates_far_out_of_range_do_not_overflow() {
    for value in [
        "9999-12-31T23:59:59-23:59",
        "0000-01-01T00:00:00+23:59",
        "99999-01-01T00:00:00Z",
        "-9223372036854775808",
        "9223372036854775807",
        "9223372036854775807.999999999",
        "-9223372036854775807.5",
        "99999999999999999999999",
        "2026-02-30",
        "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:60Z",
        "2026-01-01T00:00:00.99999999999999999999Z",
        "2026-01-01T00:00:00+99:99",
    ] {
        check_policy_text(&statement(&format!(
            r#""Action": "*", "Resource": "*", "Condition": {{"DateGreaterThan": {{"aws:CurrentTime": "{value}"}}, "DateNotEquals": {{"aws:TokenIssueTime": "{value}"}}}}"#
        )));
        let _ = rolecall_core::condition::parse_date(value);
    }
}

/// A scenario with one user, one role and `requests` spliced in.
fn scenario(now: &str, extra_identity: &str, requests: &str) -> String {
    format!(
        r#"{{"rolecall": 1, "now": {now}, "identities": [
          {{"arn": "{ALICE}", "policies": [{{"name": "All", "document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}}]}}}}]}},
          {{"arn": "arn:aws:iam::111111111111:role/R", "maxSessionDuration": 43200, "trustPolicy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "111111111111"}}, "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]}}]}}, "policies": []}}
          {extra_identity}],
          "requests": [{requests}]}}"#
    )
}

/// Loads and evaluates a scenario text; whatever is wrong with it must be a diagnostic.
fn check_scenario(text: &str) {
    let loaded = load(text);
    for d in &loaded.diagnostics {
        let span = d.span();
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "span {span:?} outside the scenario ({})",
            d.message
        );
    }
    if let Some(s) = &loaded.scenario {
        let _ = evaluate_scenario(s);
    }
    // And through a share link, when it fits in one.
    let payload = share::encode(text);
    if let Ok(json) = share::decode_json(&payload) {
        let _ = load(&json);
    }
}

#[test]
fn scenarios_with_hostile_values_load_and_evaluate() {
    let hop = r#"{"role": "arn:aws:iam::111111111111:role/R", "sessionName": "s", "sessionTags": {"t": "v"}, "transitiveTagKeys": ["t"], "sourceIdentity": "alice"}"#;
    let long_chain = vec![hop; 1_000].join(",");
    let huge = "9".repeat(10_000);
    for (now, request) in [
        (
            r#""9999-12-31T23:59:59Z""#.to_owned(),
            format!(
                r#"{{"name": "chain", "principal": "{ALICE}", "assume": [{long_chain}], "action": "s3:GetObject", "resource": "*"}}"#
            ),
        ),
        (
            format!(r#""{huge}""#),
            format!(
                r#"{{"name": "d", "principal": "{ALICE}", "assume": [{{"role": "arn:aws:iam::111111111111:role/R", "durationSeconds": {huge}}}]}}"#
            ),
        ),
        (
            r#""0000-01-01T00:00:00-23:59""#.to_owned(),
            r#"{"name": "d", "principal": "arn:aws:iam::111111111111:role/R", "assume": [{"role": "arn:aws:iam::111111111111:role/R", "durationSeconds": -1}, {"role": "arn:aws:iam::111111111111:role/R", "durationSeconds": 1e309}]}"#.to_owned(),
        ),
        (
            "18446744073709551616".to_owned(),
            format!(
                r#"{{"name": "é😀\ud800", "principal": {{"federated": "{}", "claims": {{"sub": [[[]]]}}}}, "assume": [{{"role": "arn:aws:iam::111111111111:role/R"}}], "context": {{"aws:SourceIp": "{}", "aws:CurrentTime": "{huge}"}}}}"#,
                "x".repeat(100_000),
                "f".repeat(1_000_000)
            ),
        ),
    ] {
        check_scenario(&scenario(&now, "", &request));
    }
}

#[test]
fn a_scenario_with_five_thousand_identities_and_requests_loads() {
    let identities: Vec<String> = (0..5_000)
        .map(|i| format!(r#", {{"arn": "arn:aws:iam::111111111111:user/u{i}", "policies": [], "tags": {{"k{i}": "v"}}}}"#))
        .collect();
    let requests: Vec<String> = (0..5_000)
        .map(|i| format!(r#"{{"name": "r{i}", "principal": "arn:aws:iam::111111111111:user/u{i}", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/{i}"}}"#))
        .collect();
    check_scenario(&scenario(
        r#""2026-01-01T00:00:00Z""#,
        &identities.concat(),
        &requests.join(","),
    ));
}

#[test]
fn scenario_nesting_ten_thousand_levels_deep_is_refused() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    check_scenario(&format!(r#"{{"rolecall": 1, "identities": {deep}}}"#));
    check_scenario(&format!(
        r#"{{"rolecall": 1, "identities": [{{"arn": "{ALICE}", "policies": [{{"name": "p", "document": {deep}}}]}}]}}"#
    ));
    // A policy written as a string is parsed again on its own: nest it there too.
    check_scenario(&format!(
        r#"{{"rolecall": 1, "identities": [{{"arn": "{ALICE}", "policies": [{{"name": "p", "document": "{deep}"}}]}}]}}"#
    ));
    check_scenario(&"{\"rolecall\":".repeat(10_000));
}

#[test]
fn share_decoding_rejects_every_hostile_link_with_an_error() {
    let huge = "A".repeat(10 * 1024 * 1024);
    let deep = share::encode(&format!(
        r#"{{"rolecall": 1, "x": {}{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    ));
    let big_number = share::encode(&format!(
        r#"{{"rolecall": 1, "x": 1{}}}"#,
        "0".repeat(10_000)
    ));
    for link in [
        huge.as_str(),
        &format!("v1.{huge}"),
        "v1.",
        "v1.=",
        "v1.====",
        "v1.\u{0}",
        "v1.😀",
        "#s=",
        "s=v1.A#s=v1.B",
        "v99999999999999999999999.AAAA",
        &deep,
        &big_number,
    ] {
        if let Ok(json) = share::decode_json(link) {
            check_scenario(&json);
        }
    }
}

#[test]
fn simulate_lines_of_any_shape_give_a_result() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let digits = "9".repeat(10_000);
    let long = "a".repeat(10 * 1024 * 1024);
    let base = format!(r#""principal": "{ALICE}", "action": "s3:GetObject", "resource": "*""#);
    let lines = [
        format!(r#"{{"id": {deep}, {base}}}"#),
        format!(r#"{{{base}, "context": {{"k": {deep}}}}}"#),
        format!(r#"{{{base}, "identityPolicies": [{deep}]}}"#),
        format!(r#"{{{base}, "identityPolicies": ["{deep}"]}}"#),
        format!(
            r#"{{{base}, "context": {{"aws:MultiFactorAuthAge": {digits}, "n": 1e{digits}}}}}"#
        ),
        format!(r#"{{"id": "{long}", {base}, "context": {{"k": "{long}"}}}}"#),
        format!(r#"{{{base}, "scps": [[{{}}], [], [[]]], "rcps": {deep}}}"#),
        format!(r#"{{{base}, "context": {{"k": "\ud800"}}}}"#),
        "\u{feff}".to_owned(),
        "{".repeat(10_000),
    ];
    let mut cache = PolicyCache::new();
    for (i, line) in lines.iter().enumerate() {
        for explain in [false, true] {
            let out = simulate_line(line, i + 1, explain, &mut cache);
            // A deep `id` is not echoed (the line is an error with id `null`); the result is
            // still checked for its shape rather than parsed with a depth-limited parser.
            assert!(
                out.json.starts_with(r#"{"id":"#) && !out.json.contains('\n'),
                "line {}: the result is one JSON line",
                i + 1
            );
            assert!(
                out.json
                    .contains(&format!(r#""decision":"{}""#, out.decision)),
                "line {}: the result carries its decision",
                i + 1
            );
        }
    }
}
