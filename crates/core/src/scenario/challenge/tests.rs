//! Tests of challenge mode: the format, the grading, the links and the gallery.

use super::*;
use crate::document::DocumentId;
use crate::scenario::{load, to_json};
use crate::share;

/// A small challenge: alice must get `s3:GetObject`; bob must stay out.
const SMALL: &str = r#"{"rolecall": 1,
 "challenge": {"version": 1, "goal": "let alice read", "category": "users vs roles", "difficulty": "beginner",
   "editable": ["identities[0].policies[0].document"],
   "checks": [{"request": "alice reads", "says": "alice reads the report"}, {"request": "bob does not", "stays": true}],
   "hints": ["look at alice's policy", "allow s3:GetObject"],
   "solution": [{"document": "identities[0].policies[0].document",
     "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]},
 "identities": [
   {"arn": "arn:aws:iam::111111111111:user/alice", "policies": [{"name": "A", "document": {"Version": "2012-10-17", "Statement": []}}]},
   {"arn": "arn:aws:iam::111111111111:user/bob", "policies": [{"name": "B", "document": {"Version": "2012-10-17", "Statement": []}}]}],
 "resources": [],
 "requests": [
   {"name": "alice reads", "principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::r/k", "expect": "allowed"},
   {"name": "bob does not", "principal": "arn:aws:iam::111111111111:user/bob", "action": "s3:GetObject", "resource": "arn:aws:s3:::r/k", "expect": "denied"}]}"#;

/// The diagnostic codes of `text` with the text they point at.
fn codes(text: &str) -> Vec<String> {
    load(text)
        .diagnostics
        .iter()
        .map(|d| {
            let span = d.span();
            format!(
                "{} {}",
                d.code,
                text.get(span.start..span.end).unwrap_or("")
            )
        })
        .collect()
}

fn small_with(from: &str, to: &str) -> String {
    assert!(SMALL.contains(from), "{from}");
    SMALL.replacen(from, to, 1)
}

#[test]
fn a_well_formed_challenge_reads_without_diagnostic_and_round_trips() {
    let parsed = load(SMALL);
    // (Only the warnings of the empty starting policies.)
    assert!(
        parsed.diagnostics.iter().all(|d| d.code == "empty-array"),
        "{:#?}",
        parsed.diagnostics
    );
    let scenario = parsed.scenario.unwrap();
    let challenge = scenario.challenge.as_ref().unwrap();
    assert_eq!(challenge.difficulty, Some(Difficulty::Beginner));
    assert_eq!(challenge.checks.len(), 2);
    assert!(challenge.checks[1].stays);
    assert_eq!(challenge.hints.len(), 2);
    let again = load(&to_json(&scenario)).scenario.unwrap();
    assert_eq!(to_json(&again), to_json(&scenario));
    assert_eq!(again.challenge.unwrap().solution.len(), 1);
}

#[test]
fn every_problem_of_a_challenge_is_reported_at_its_place() {
    let table: &[(&str, &str, &str)] = &[
        (
            r#""version": 1"#,
            r#""version": 2"#,
            "unsupported-challenge-version 2",
        ),
        (r#""beginner""#, r#""easy""#, r#"invalid-difficulty "easy""#),
        (
            r#""editable": ["identities[0].policies[0].document"]"#,
            r#""editable": ["identities[0].policies[1].document"]"#,
            r#"unknown-document "identities[0].policies[1].document""#,
        ),
        (
            r#"{"request": "alice reads", "says""#,
            r#"{"request": "alice writes", "says""#,
            r#"unknown-check-request "alice writes""#,
        ),
        (
            r#""resource": "arn:aws:s3:::r/k", "expect": "allowed""#,
            r#""resource": "arn:aws:s3:::r/k""#,
            r#"check-without-expect "alice reads""#,
        ),
        (
            r#"[{"document": "identities[0].policies[0].document""#,
            r#"[{"document": "identities[1].policies[0].document""#,
            r#"solution-not-editable "identities[1].policies[0].document""#,
        ),
        // A path that names no kind of document at all is reported at its place too.
        (
            r#""editable": ["identities[0].policies[0].document"]"#,
            r#""editable": ["identities[0].policy[0].document"]"#,
            r#"unknown-document "identities[0].policy[0].document""#,
        ),
        (
            r#"[{"document": "identities[0].policies[0].document""#,
            r#"[{"document": "identities[0].name""#,
            r#"unknown-document "identities[0].name""#,
        ),
        (r#""hints""#, r#""hint""#, r#"unknown-field "hint""#),
        (
            r#""stays": true"#,
            r#""stays": "yes""#,
            r#"wrong-type "yes""#,
        ),
        (
            r#""name": "bob does not""#,
            r#""name": "alice reads""#,
            r#"ambiguous-check-request "alice reads""#,
        ),
    ];
    for (from, to, expected) in table {
        let got = codes(&small_with(from, to));
        assert!(got.iter().any(|g| g == expected), "{expected}: {got:?}");
    }
}

#[test]
fn challenge_paths_are_typed_document_ids() {
    // `$.` and a missing `.document` are read as the same document, and written back canonical.
    let text = small_with(
        r#""editable": ["identities[0].policies[0].document"]"#,
        r#""editable": ["$.identities[0].policies[0]"]"#,
    );
    let scenario = load(&text).scenario.unwrap();
    let challenge = scenario.challenge.as_ref().unwrap();
    let alice = DocumentId::Identity {
        identity: 0,
        policy: 0,
    };
    assert_eq!(challenge.editable[0].id, alice);
    assert!(challenge.is_editable(alice));
    assert!(!challenge.is_editable(DocumentId::Identity {
        identity: 1,
        policy: 0
    }));
    assert_eq!(challenge.solution[0].document.id, alice);
    let json: serde_json::Value = serde_json::from_str(&to_json(&scenario)).unwrap();
    assert_eq!(
        json["challenge"]["editable"][0],
        "identities[0].policies[0].document"
    );
}

#[test]
fn an_unreadable_challenge_path_is_reported_with_the_closest_document() {
    let text = small_with(
        r#""editable": ["identities[0].policies[0].document"]"#,
        r#""editable": ["identities[0].policies[0].documnt"]"#,
    );
    let parsed = load(&text);
    let d = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-document")
        .unwrap();
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `identities[0].policies[0].document`?")
    );
    // It is left out of the challenge: nothing is editable, so the solution is reported too.
    let challenge = parsed.scenario.unwrap().challenge.unwrap();
    assert!(challenge.editable.is_empty());
}

#[test]
fn a_challenge_without_goal_checks_or_editable_documents_is_reported() {
    let text = r#"{"rolecall": 1, "challenge": {"version": 1}, "identities": [], "requests": []}"#;
    let got = codes(text);
    for field in ["goal", "editable", "checks"] {
        let message = load(text)
            .diagnostics
            .iter()
            .any(|d| d.code == "missing-field" && d.message.contains(&format!("`{field}`")));
        assert!(message, "{field}: {got:?}");
    }
}

#[test]
fn the_starting_state_is_graded_check_by_check_with_explanations() {
    let start = load(SMALL).scenario.unwrap();
    let report = check(&start, &start).unwrap();
    assert!(!report.solved);
    assert_eq!((report.passed, report.total), (1, 2));
    let alice = &report.checks[0];
    assert!(!alice.passed);
    assert_eq!(alice.says.as_deref(), Some("alice reads the report"));
    assert!(
        alice
            .explanation
            .starts_with("expected allowed, got implicit deny"),
        "{}",
        alice.explanation
    );
    assert!(report.checks[1].passed && report.checks[1].stays);
    assert_eq!(report.locked_edits, []);
}

#[test]
fn the_reference_solution_solves_it() {
    let start = load(SMALL).scenario.unwrap();
    let solved = with_solution(&start).unwrap();
    let report = check(&start, &solved).unwrap();
    assert!(report.solved, "{report:#?}");
    assert_eq!((report.passed, report.total), (2, 2));
}

#[test]
fn an_edit_to_a_locked_document_is_reported_and_the_challenge_is_not_solved() {
    let start = load(SMALL).scenario.unwrap();
    // Solve it by editing bob's locked policy as well: the checks pass, the edit does not.
    let edited = small_with(
        r#""name": "B", "document": {"Version": "2012-10-17", "Statement": []}"#,
        r#""name": "B", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#,
    );
    let mut current = with_solution(&load(&edited).scenario.unwrap()).unwrap();
    current.challenge = None;
    let report = check(&start, &current).unwrap();
    assert_eq!(report.passed, 2);
    assert!(!report.solved);
    assert_eq!(report.locked_edits.len(), 1, "{:#?}", report.locked_edits);
    assert_eq!(
        report.locked_edits[0].document,
        Some(DocumentId::Identity {
            identity: 1,
            policy: 0
        })
    );
    // The JSON report writes the id as its path.
    let json = serde_json::to_value(&report.locked_edits[0]).unwrap();
    assert_eq!(json["document"], "identities[1].policies[0].document");
}

#[test]
fn whitespace_in_a_locked_document_is_not_an_edit() {
    let start = load(SMALL).scenario.unwrap();
    let spaced = small_with(
        r#""name": "B", "document": {"Version": "2012-10-17", "Statement": []}"#,
        r#""name": "B", "document": {"Version":   "2012-10-17",
            "Statement": [ ]}"#,
    );
    let report = check(&start, &load(&spaced).scenario.unwrap()).unwrap();
    assert_eq!(report.locked_edits, []);
}

#[test]
fn the_order_of_keys_in_a_locked_document_is_not_an_edit() {
    let start = load(SMALL).scenario.unwrap();
    let reordered = small_with(
        r#""name": "B", "document": {"Version": "2012-10-17", "Statement": []}"#,
        r#""name": "B", "document": {"Statement": [], "Version": "2012-10-17"}"#,
    );
    let report = check(&start, &load(&reordered).scenario.unwrap()).unwrap();
    assert_eq!(report.locked_edits, []);
}

#[test]
fn a_change_outside_the_documents_is_reported() {
    let start = load(SMALL).scenario.unwrap();
    // Changing what a request asks is not solving the challenge.
    let changed = small_with(r#""expect": "allowed""#, r#""expect": "implicitDeny""#);
    let report = check(&start, &load(&changed).scenario.unwrap()).unwrap();
    assert!(!report.solved);
    assert_eq!(report.locked_edits.len(), 1);
    assert_eq!(report.locked_edits[0].document, None);
}

#[test]
fn a_removed_request_fails_its_check() {
    let start = load(SMALL).scenario.unwrap();
    let mut current = start.clone();
    current.requests.remove(0);
    let report = check(&start, &current).unwrap();
    assert!(!report.checks[0].passed);
    assert_eq!(
        report.checks[0].explanation,
        "the request `alice reads` is not in the scenario any more"
    );
}

#[test]
fn the_learner_link_holds_no_part_of_the_solution() {
    for entry in gallery() {
        let scenario = load(entry.text).scenario.unwrap();
        let links = share::challenge_links("https://rolecall.example/", &scenario).unwrap();
        let learner = share::decode_json(&links.learner).unwrap();
        assert!(!learner.contains("\"solution\""), "{}", entry.id);
        let challenge = scenario.challenge.as_ref().unwrap();
        for s in &challenge.solution {
            let solved = crate::scenario::text::minify(&s.policy.text);
            assert!(!learner.contains(&solved), "{}: {solved}", entry.id);
        }
        // What the learner opens is the challenge without the solution, and nothing else lost.
        let opened = load(&learner).scenario.unwrap();
        let opened_challenge = opened.challenge.as_ref().unwrap();
        assert!(opened_challenge.solution.is_empty());
        assert_eq!(opened_challenge.hints, challenge.hints);
        assert_eq!(to_json(&opened), to_json(&for_learner(&scenario)));
        // The trainer link carries the solution.
        let trainer = share::decode_json(&links.trainer).unwrap();
        assert!(trainer.contains("\"solution\""));
        let reopened = load(&trainer).scenario.unwrap();
        assert_eq!(
            reopened.challenge.unwrap().solution.len(),
            challenge.solution.len()
        );
    }
}

#[test]
fn the_gallery_has_at_least_twelve_challenges_in_categories_with_a_difficulty() {
    let gallery = gallery();
    assert!(gallery.len() >= 12, "{}", gallery.len());
    let mut ids: Vec<&str> = gallery.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), gallery.len());
    for c in &gallery {
        assert!(!c.category.is_empty(), "{}", c.id);
        assert!(c.difficulty.is_some(), "{}", c.id);
    }
    // Every file of examples/challenges/ is in the gallery.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/challenges");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .replace(".json", "")
        })
        .collect();
    files.sort();
    assert_eq!(files, ids);
}

#[test]
fn every_gallery_challenge_is_solvable_and_not_solved_at_the_start() {
    for entry in gallery() {
        let parsed = load(entry.text);
        let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", entry.id);
        let start = parsed.scenario.unwrap();
        let challenge = start.challenge.as_ref().unwrap();
        assert!(!challenge.hints.is_empty(), "{}: no hints", entry.id);
        assert!(!challenge.solution.is_empty(), "{}: no solution", entry.id);
        let notes = start.notes.as_deref().unwrap_or("");
        assert!(
            notes.contains("https://docs.aws.amazon.com/"),
            "{}: the notes cite no AWS page",
            entry.id
        );
        // At the start: every "must stay" check holds, every other check fails.
        let report = check(&start, &start).unwrap();
        assert!(!report.solved, "{}", entry.id);
        for c in &report.checks {
            assert_eq!(
                c.passed, c.stays,
                "{}: `{}` at the start: {}",
                entry.id, c.request, c.explanation
            );
        }
        // The reference solution solves it, editing only editable documents.
        let solved = with_solution(&start).unwrap();
        let report = check(&start, &solved).unwrap();
        let failing: Vec<_> = report.checks.iter().filter(|c| !c.passed).collect();
        assert!(
            report.solved,
            "{}: {failing:#?} {:#?}",
            entry.id, report.locked_edits
        );
        // The solution's own text is a valid policy.
        for s in &challenge.solution {
            let doc = start
                .documents()
                .into_iter()
                .find(|d| d.id == s.document.id)
                .unwrap();
            let diagnostics = crate::policy::parse_policy(&s.policy.text, doc.kind).diagnostics;
            assert!(
                diagnostics.iter().all(|d| !d.is_error()),
                "{}: {diagnostics:#?}",
                entry.id
            );
        }
    }
}
