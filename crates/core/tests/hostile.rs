//! Every row of issue 14's hostile-input table as a regression test: each input (at 64 KiB
//! here; 1 MiB in the stress stage) goes through its entry point and gives its expected
//! outcome. Their time is measured by the `hostile` benchmark, never asserted here.

#[path = "../benches/support/hostile.rs"]
mod hostile;

fn run(family: &str) -> String {
    hostile::build(family, 64 * 1024)
        .map_or_else(|| format!("unknown family {family}"), |case| case.run())
}

#[test]
fn every_family_builds_an_input_of_about_its_size() {
    for family in hostile::FAMILIES {
        let case = hostile::build(family, 64 * 1024).unwrap();
        if matches!(case, hostile::Case::Link(_)) {
            // A link compresses its repeated hops: it stays small.
            assert!(case.len() < 4 * 1024, "{family}: {} bytes", case.len());
            continue;
        }
        assert!(
            (16 * 1024..=160 * 1024).contains(&case.len()),
            "{family}: {} bytes",
            case.len()
        );
    }
}

#[test]
fn a_like_pattern_with_question_marks_mid_segment_is_matched() {
    // `*a?a?…b*` does not match `aaa…a`: nothing allows the request.
    assert_eq!(run("like-question-mid-segment"), "implicitDeny");
}

#[test]
fn a_resource_pattern_against_non_ascii_text_is_matched() {
    assert_eq!(run("like-non-ascii"), "implicitDeny");
}

#[test]
fn a_like_pattern_with_a_literal_star_is_matched() {
    assert_eq!(run("like-literal-star"), "implicitDeny");
}

#[test]
fn a_resource_variable_whose_value_holds_a_star_is_literal() {
    // The user name's `*` is literal, and the resource has none: no match.
    assert_eq!(run("resource-variable-star"), "implicitDeny");
}

#[test]
fn for_all_values_string_like_with_thousands_of_values_is_decided() {
    // Every request value `v{i}x` matches the policy's `v{i}*`.
    assert_eq!(run("set-like"), "allowed");
}

#[test]
fn for_any_value_string_equals_with_thousands_of_values_is_decided() {
    // No request value `r{i}` equals a policy value `p{i}`.
    assert_eq!(run("set-equals"), "implicitDeny");
}

#[test]
fn a_long_chain_of_transitive_tags_stops_at_the_hop_limit() {
    let outcome = run("chain-transitive-tags");
    // At most MAX_HOPS hops, each a call and a TagSession step, then the limit step and the action.
    assert!(outcome.starts_with("1 requests"), "{outcome}");
}

#[test]
fn a_link_of_a_long_chain_opens_and_is_bounded() {
    let outcome = run("link-transitive-tags");
    assert!(outcome.starts_with("1 requests"), "{outcome}");
}

#[test]
fn a_policy_of_hundreds_of_statements_is_linted() {
    // Only the size quota (a managed policy holds 6,144 characters) is reported.
    assert_eq!(run("lint-statements"), "diagnostics: policy-too-large");
}

#[test]
fn requests_of_thousands_of_values_against_thousands_of_patterns_stop_at_the_work_limit() {
    // Every request is reported, but only those within the work budget are evaluated.
    let case = hostile::build("scenario-condition-pairs", 64 * 1024).unwrap();
    let hostile::Case::Scenario(text) = case else {
        panic!("a scenario")
    };
    let loaded = rolecall_core::scenario::load(&text);
    let outcome = rolecall_core::scenario::evaluate_scenario(loaded.scenario.as_ref().unwrap());
    assert!(outcome.requests.len() > 1);
    assert!(
        outcome
            .requests
            .iter()
            .all(|r| r.steps.iter().all(|s| s.explanation.is_none()))
    );
    assert!(outcome.requests[0].steps[0].summary.contains("work-limit"));
}

#[test]
fn a_link_showing_a_long_pattern_at_every_hop_is_bounded_by_the_work_limit() {
    let case = hostile::build("link-long-pattern", 64 * 1024).unwrap();
    let hostile::Case::Link(link) = case else {
        panic!("a link")
    };
    let json = rolecall_core::share::decode_json(&link).unwrap();
    let loaded = rolecall_core::scenario::load(&json);
    let outcome = rolecall_core::scenario::evaluate_scenario(loaded.scenario.as_ref().unwrap());
    let steps: Vec<_> = outcome.requests.iter().flat_map(|r| &r.steps).collect();
    assert!(steps.iter().any(|s| s.summary.contains("work-limit")));
    // The pattern (32 KiB, 128 units a hop) is shown at most MAX_WORK / 128 times, not at
    // each of the 2,000 hops.
    let explained = steps.iter().filter(|s| s.explanation.is_some()).count();
    assert!(explained <= 200_000 / 128 + 40, "{explained}");
}
