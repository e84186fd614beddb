//! Bad input never crashes anything, and every example survives a write-read round trip.

use proptest::prelude::*;

use super::format::clear_spans;
use crate::scenario::evaluate::decide_request;
use crate::scenario::examples::EXAMPLES;
use crate::scenario::{evaluate_request, evaluate_scenario, load, parse_scenario, to_json};

#[test]
fn every_example_round_trips_through_to_json() {
    for example in EXAMPLES {
        let mut first = parse_scenario(example.text).scenario.unwrap();
        let written = to_json(&first);
        let second = parse_scenario(&written);
        assert!(
            second.diagnostics.is_empty(),
            "{}: {:#?}",
            example.id,
            second.diagnostics
        );
        let mut second = second.scenario.unwrap();
        assert_eq!(to_json(&second), written, "{}", example.id);
        clear_spans(&mut first);
        clear_spans(&mut second);
        assert_eq!(first, second, "{}", example.id);
    }
}

#[test]
fn every_document_id_finds_its_document_to_read_and_to_change() {
    let mut kinds = std::collections::BTreeSet::new();
    for example in EXAMPLES {
        let scenario = load(example.text).scenario.unwrap();
        let mut changed = scenario.clone();
        for d in scenario.documents() {
            let id = d.id;
            assert_eq!(id.get(&scenario), Some(d.document), "{}: {id}", example.id);
            // A managed session policy named by its ARN is AWS's text: it is not changed.
            let expected = match id {
                crate::document::DocumentId::SessionArn { .. } => None,
                _ => Some(d.document),
            };
            assert_eq!(
                id.get_mut(&mut changed).map(|d| &*d),
                expected,
                "{}: {id}",
                example.id
            );
            kinds.insert(id.kind());
        }
    }
    assert!(kinds.len() >= 6, "the examples have documents of {kinds:?}");
}

#[test]
fn deciding_without_explanations_gives_every_step_the_same_decisions() {
    for example in EXAMPLES {
        let scenario = load(example.text).scenario.unwrap();
        for index in 0..scenario.requests.len() {
            let full = evaluate_request(&scenario, index).unwrap();
            let decided = decide_request(&scenario, index).unwrap();
            let decisions = |o: &crate::scenario::RequestOutcome| {
                let steps: Vec<_> = o
                    .steps
                    .iter()
                    .map(|s| (s.hop, s.decision, s.policy_decision))
                    .collect();
                (o.decision, o.decided_at, o.passed, steps)
            };
            assert_eq!(
                decisions(&decided),
                decisions(&full),
                "{} #{index}",
                example.id
            );
            assert!(decided.steps.iter().all(|s| s.explanation.is_none()));
        }
    }
}

#[test]
fn every_prefix_of_an_example_loads_and_evaluates_without_panicking() {
    let text = EXAMPLES[0].text;
    for cut in (0..text.len())
        .step_by(7)
        .filter(|i| text.is_char_boundary(*i))
    {
        let loaded = load(&text[..cut]);
        if let Some(scenario) = &loaded.scenario {
            let _ = evaluate_scenario(scenario);
        }
    }
}

proptest! {
    #[test]
    fn load_never_panics_on_any_text(text in "\\PC{0,300}") {
        let loaded = load(&text);
        if let Some(scenario) = &loaded.scenario {
            let _ = evaluate_scenario(scenario);
        }
    }

    #[test]
    fn load_never_panics_on_json_like_text(text in r#"[{}\[\]",:0-9a-zA-Z ]{0,200}"#) {
        let loaded = load(&format!(r#"{{"rolecall": 1, "requests": [{text}"#));
        if let Some(scenario) = &loaded.scenario {
            let _ = evaluate_scenario(scenario);
        }
    }
}
