//! `rolecall challenge check|links|list` run as a user would, on the challenge gallery.
#![expect(
    clippy::expect_used,
    reason = "test helpers must fail loudly when the binary or a temporary file cannot be used"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rolecall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(args)
        .current_dir(root())
        .env_remove("ROLECALL_BASE_URL")
        .output()
        .expect("rolecall runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn challenges() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("examples/challenges"))
        .expect("the gallery")
        .map(|e| e.expect("entry").path().display().to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn every_gallery_challenge_is_not_yet_solved_and_its_solution_solves_it() {
    let files = challenges();
    assert!(files.len() >= 12);
    for file in &files {
        let start = rolecall(&["challenge", "check", file]);
        assert_eq!(
            start.status.code(),
            Some(1),
            "{file}: {}",
            text(&start.stdout)
        );
        assert!(text(&start.stdout).contains("not yet:"), "{file}");
        let solved = rolecall(&["challenge", "check", file, "--solution"]);
        assert_eq!(
            solved.status.code(),
            Some(0),
            "{file}: {}",
            text(&solved.stdout)
        );
        assert!(text(&solved.stdout).contains("solved:"), "{file}");
    }
}

#[test]
fn check_prints_each_goal_check_with_its_explanation() {
    let out = rolecall(&[
        "challenge",
        "check",
        "examples/challenges/wildcard-trust.json",
    ]);
    let stdout = text(&out.stdout);
    assert!(
        stdout
            .starts_with("challenge: A role anyone can assume (wildcard trust, beginner)\ngoal: "),
        "{stdout}"
    );
    assert!(stdout.contains("✓ sam assumes Auditor (must stay): the security team keeps its access\n    expected allowed, got allowed"), "{stdout}");
    assert!(
        stdout.contains("✗ a user of another account is refused: "),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("not yet: 1 of 2 checks pass\n"),
        "{stdout}"
    );
}

#[test]
fn check_json_lists_checks_and_locked_edits() {
    let out = rolecall(&[
        "challenge",
        "check",
        "examples/challenges/missing-external-id.json",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["solved"], false);
    assert_eq!(json["total"], 3);
    assert_eq!(json["checks"][0]["stays"], true);
    assert_eq!(json["checks"][1]["expect"], "denied");
    assert_eq!(json["checks"][1]["got"], "allowed");
    assert!(json["lockedEdits"].as_array().expect("array").is_empty());
}

#[test]
fn check_against_the_start_reports_an_edit_to_a_locked_document() {
    // A learner's file that solves the checks by also editing the locked vendor policy.
    let start =
        std::fs::read_to_string(root().join("examples/challenges/missing-external-id.json"))
            .expect("challenge");
    let mut json: serde_json::Value = serde_json::from_str(&start).expect("json");
    json["identities"][1]["trustPolicy"]["Statement"][0]["Condition"] =
        serde_json::json!({"StringEquals": {"sts:ExternalId": "cust-7f3a9c"}});
    json["identities"][0]["policies"][0]["document"]["Statement"][0]["Resource"] =
        serde_json::json!("*");
    let dir = std::env::temp_dir().join(format!("rolecall-challenge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let work = dir.join("work.json");
    std::fs::write(&work, json.to_string()).expect("written");
    let work = work.display().to_string();
    let out = rolecall(&[
        "challenge",
        "check",
        &work,
        "--start",
        "examples/challenges/missing-external-id.json",
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("3 of 3 checks pass, 1 locked part changed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("✗ locked: `identities[0].policies[0].document`"),
        "{stdout}"
    );
    // Without the locked edit, the same work is solved.
    json["identities"][0]["policies"][0]["document"]["Statement"][0]["Resource"] =
        serde_json::json!("arn:aws:iam::*:role/VendorAudit");
    std::fs::write(&work, json.to_string()).expect("written");
    let out = rolecall(&[
        "challenge",
        "check",
        &work,
        "--start",
        "examples/challenges/missing-external-id.json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn unreadable_files_and_scenarios_without_a_challenge_exit_2() {
    assert_eq!(
        rolecall(&["challenge", "check", "nope.json"]).status.code(),
        Some(2)
    );
    let plain = rolecall(&["challenge", "check", "examples/cross-account.json"]);
    assert_eq!(plain.status.code(), Some(2));
    assert!(text(&plain.stderr).contains("has no `challenge` section"));
    assert_eq!(
        rolecall(&["challenge", "links", "examples/cross-account.json"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn links_prints_a_trainer_link_and_a_learner_link_without_the_solution() {
    let out = rolecall(&[
        "challenge",
        "links",
        "examples/challenges/passrole-to-lambda.json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    let mut lines = stdout.lines();
    let trainer = lines
        .next()
        .and_then(|l| l.strip_prefix("trainer: "))
        .expect("trainer line");
    let learner = lines
        .next()
        .and_then(|l| l.strip_prefix("learner: "))
        .expect("learner line");
    let trainer = rolecall_core::share::decode_json(trainer).expect("trainer link");
    let learner = rolecall_core::share::decode_json(learner).expect("learner link");
    assert!(trainer.contains("\"solution\""));
    assert!(!learner.contains("\"solution\""));
    let learner_json: serde_json::Value = serde_json::from_str(&learner).expect("json");
    assert!(learner_json["challenge"].get("solution").is_none());
    assert!(learner.contains("\"hints\""));
}

#[test]
fn list_groups_the_gallery_by_category() {
    let out = rolecall(&["challenge", "list"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("wildcard trust\n  wildcard-trust"),
        "{stdout}"
    );
    assert!(stdout.lines().filter(|l| l.starts_with("  ")).count() >= 12);
}
