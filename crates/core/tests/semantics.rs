//! Every single-request case of `iam-semantics.md` §7, run through the library.
//!
//! The cases live in `tests/corpus/semantics.jsonl` in the `rolecall simulate` format, with
//! the annotations `case`, `expect`, `rule` and `why` (`tests/rules.rs` checks `rule`). Each
//! line is evaluated twice, on the fast decision-only path and with the full explanation, and
//! both must give the expected decision.
//! The CLI runs the same file through the `rolecall simulate` binary (crates/cli/tests).
//!
//! Chain cases (61, 62, 64, 66-69) need the scenario evaluator and are tested there.

use rolecall_core::simulate::{PolicyCache, simulate_line};
use serde_json::Value;

const CORPUS: &str = include_str!("corpus/semantics.jsonl");

/// Evaluates `line` and checks its decision on both paths against `expect`.
fn check(line: &str, number: usize, expect: &str, label: &str) {
    let mut cache = PolicyCache::new();
    let fast = simulate_line(line, number, false, &mut cache);
    let full = simulate_line(line, number, true, &mut cache);
    assert_eq!(
        fast.decision, expect,
        "case {label} (fast path): {}",
        fast.json
    );
    assert_eq!(
        full.decision, expect,
        "case {label} (full explanation): {}",
        full.json
    );
    let full: Value = serde_json::from_str(&full.json).unwrap_or_default();
    assert!(
        full.get("explanation").is_some(),
        "case {label}: --explain gives an explanation"
    );
}

#[test]
fn every_single_request_case_of_the_semantics_checklist() {
    let mut seen = Vec::new();
    for (i, line) in CORPUS.lines().enumerate() {
        let annotations: Value = serde_json::from_str(line).expect("corpus lines are JSON");
        let label = annotations["case"].to_string();
        let expect = annotations["expect"]
            .as_str()
            .expect("every case has `expect`");
        assert!(
            !annotations["why"].as_str().unwrap_or_default().is_empty(),
            "case {label} says why"
        );
        check(line, i + 1, expect, &label);
        seen.push(label);
    }
    let numbers: Vec<u64> = (1..=60).chain([63, 65, 70, 71, 72]).collect();
    for n in numbers {
        assert!(seen.contains(&n.to_string()), "case {n} is in the corpus");
    }
}

#[test]
fn the_cache_gives_the_same_decisions_as_fresh_parses() {
    let mut cache = PolicyCache::new();
    for (i, line) in CORPUS.lines().enumerate() {
        let cached = simulate_line(line, i + 1, false, &mut cache);
        let fresh = simulate_line(line, i + 1, false, &mut PolicyCache::new());
        assert_eq!(cached, fresh);
    }
    assert!(!cache.is_empty());
}
