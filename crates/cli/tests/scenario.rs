//! `rolecall eval`, `check`, `share` and `open` run as a user would, on the example library,
//! the scenario corpus and hand-made bad input.
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

/// Every `.json` file under `dir`, recursively, sorted.
fn json_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path.display().to_string());
            }
        }
    }
    out.sort();
    out
}

fn temp_file(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("rolecall-scenario-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("file written");
    path.display().to_string()
}

#[test]
fn check_passes_on_every_example_and_every_corpus_scenario() {
    let mut files = json_files(&root().join("examples"));
    // A challenge starts unsolved by design: `tests/challenge.rs` checks that its reference
    // solution passes `rolecall challenge check --solution`.
    files.retain(|f| !f.contains("challenges"));
    assert!(files.len() >= 12, "at least 12 examples");
    files.extend(json_files(&root().join("tests/corpus/scenarios")));
    let args: Vec<&str> = std::iter::once("check")
        .chain(files.iter().map(String::as_str))
        .collect();
    let output = rolecall(&args);
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&output.stderr)
    );
    assert!(!stdout.contains("FAIL"), "{stdout}");
    assert!(
        stdout.contains(" 0 failed, 0 without expect, 0 unreadable"),
        "{stdout}"
    );
}

#[test]
fn check_exits_1_when_an_expectation_fails() {
    let path = temp_file(
        "wrong-expect.json",
        r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/alice", "policies": []}],
           "requests": [{"name": "nothing allows it", "principal": "arn:aws:iam::111111111111:user/alice",
                         "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "allowed"}]}"#,
    );
    let output = rolecall(&["check", &path]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("FAIL  "), "{stdout}");
    assert!(
        stdout.contains("expected allowed      got implicitDeny"),
        "{stdout}"
    );
}

/// A role that alice may not assume (its trust policy names another account), then an action.
fn denied_at_hop_1(name: &str, expect: &str) -> String {
    temp_file(
        name,
        &format!(
            r#"{{"rolecall": 1,
  "identities": [
    {{"arn": "arn:aws:iam::111111111111:user/alice", "policies": [{{"name": "P", "document":
      {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}}]}}}}]}},
    {{"arn": "arn:aws:iam::222222222222:role/Deploy", "policies": [], "trustPolicy":
      {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::333333333333:root"}}, "Action": "sts:AssumeRole"}}]}}}}],
  "requests": [{{"name": "deploy", "principal": "arn:aws:iam::111111111111:user/alice",
    "assume": [{{"role": "arn:aws:iam::222222222222:role/Deploy"}}],
    "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k", "expect": {expect}}}]}}"#
        ),
    )
}

#[test]
fn check_and_eval_compare_the_deciding_step_named_by_expect_at() {
    let path = denied_at_hop_1(
        "at-hop-1.json",
        r#"{"decision": "implicitDeny", "at": "hop 1"}"#,
    );
    let output = rolecall(&["check", &path]);
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(
        stdout.contains("expected implicitDeny at hop 1 got implicitDeny at hop 1"),
        "{stdout}"
    );
    let eval = text(&rolecall(&["eval", &path]).stdout);
    assert!(
        eval.contains("implicitDeny (expected implicitDeny at hop 1: pass)"),
        "{eval}"
    );
    let json = text(&rolecall(&["eval", &path, "--format", "json"]).stdout);
    assert!(json.contains(r#""decidedAt": "hop 1""#), "{json}");
    assert!(json.contains(r#""at": "hop 1""#), "{json}");

    let path = denied_at_hop_1(
        "at-action.json",
        r#"{"decision": "denied", "at": "action"}"#,
    );
    let output = rolecall(&["check", &path]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("expected denied at action got implicitDeny at hop 1"),
        "{stdout}"
    );
    let eval = text(&rolecall(&["eval", &path]).stdout);
    assert!(
        eval.contains("(expected denied at action: FAIL, decided at hop 1)"),
        "{eval}"
    );
}

#[test]
fn an_expect_at_that_names_no_step_is_a_format_error() {
    let path = denied_at_hop_1(
        "at-hop-2.json",
        r#"{"decision": "implicitDeny", "at": "hop 2"}"#,
    );
    let output = rolecall(&["check", &path]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("error[invalid-expect-at]"), "{stderr}");
    assert!(stderr.contains("the request has 1 assume hop"), "{stderr}");
}

#[test]
fn check_exits_2_and_shows_the_place_of_format_errors() {
    let path = temp_file(
        "bad.json",
        "{\"rolecall\": 1,\n \"requests\": [{\"name\": \"r\", \"principal\": \"arn:aws:iam::111111111111:user/ghost\", \"expect\": \"allowed\"}]}\n",
    );
    let output = rolecall(&["check", &path]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("error[dangling-reference]: principal `arn:aws:iam::111111111111:user/ghost` is not defined in `identities`"), "{stderr}");
    assert!(stderr.contains("bad.json:2:"), "{stderr}");
}

#[test]
fn check_exits_2_for_invalid_json_and_future_versions() {
    let broken = temp_file("broken.json", "{\"rolecall\": 1, \"identities\": [");
    assert_eq!(rolecall(&["check", &broken]).status.code(), Some(2));
    let future = temp_file("future.json", "{\"rolecall\": 2}");
    let output = rolecall(&["check", &future]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr)
            .contains("scenario format version `2` is newer than this rolecall understands")
    );
}

#[test]
fn eval_text_output_of_the_default_example() {
    let output = rolecall(&["eval", "examples/cross-account.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    insta::assert_snapshot!(text(&output.stdout));
}

#[test]
fn eval_json_has_the_documented_shape() {
    let output = rolecall(&[
        "eval",
        "examples/role-chaining-session-tags.json",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    let first = &json["requests"][0];
    assert_eq!(
        first["name"],
        "the transitive tag reaches the Worker session"
    );
    assert_eq!(first["decision"], "allowed");
    assert_eq!(first["expect"], "allowed");
    assert_eq!(first["passed"], true);
    let calls: Vec<&str> = first["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["call"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        calls,
        [
            "sts:AssumeRole",
            "sts:TagSession",
            "sts:AssumeRole",
            "sts:TagSession",
            "s3:GetObject"
        ]
    );
    let step = &first["steps"][4];
    assert_eq!(
        step["principal"],
        "arn:aws:sts::111111111111:assumed-role/Worker/alice"
    );
    assert_eq!(step["resource"], "arn:aws:s3:::projects/web/plan.md");
    assert!(step["explanation"]["summary"].is_string());
    let last = &json["requests"][2];
    assert_eq!(last["decision"], "implicitDeny");
    assert_eq!(last["steps"][2]["decision"], "implicitDeny");
    assert_eq!(last["steps"][3]["decision"], "notEvaluated");
}

#[test]
fn share_then_open_round_trips_exactly() {
    for file in json_files(&root().join("examples")) {
        let shared = rolecall(&[
            "share",
            &file,
            "--base-url",
            "https://rolecall.example/play",
        ]);
        assert_eq!(shared.status.code(), Some(0));
        let link = text(&shared.stdout).trim().to_owned();
        assert!(
            link.starts_with("https://rolecall.example/play#s=v1."),
            "{link}"
        );
        let opened = rolecall(&["open", &link]);
        assert_eq!(opened.status.code(), Some(0), "{}", text(&opened.stderr));
        let original = std::fs::read_to_string(&file).expect("example");
        let reread = rolecall_core::scenario::text::minify(&text(&opened.stdout));
        assert_eq!(
            reread,
            rolecall_core::scenario::text::minify(&original),
            "{file}"
        );
        // The bare payload and the fragment open the same way.
        let payload = link.split("#s=").nth(1).expect("payload");
        assert_eq!(rolecall(&["open", payload]).stdout, opened.stdout);
        assert_eq!(
            rolecall(&["open", &format!("#s={payload}")]).stdout,
            opened.stdout
        );
    }
}

#[test]
fn share_uses_the_local_playground_by_default() {
    let output = rolecall(&["share", "examples/cross-account.json"]);
    assert!(text(&output.stdout).starts_with("http://127.0.0.1:8080/#s=v1."));
}

#[test]
fn open_rejects_hostile_links_with_one_line() {
    for (link, message) in [
        ("", "rolecall: the link is empty"),
        (
            "https://x.test/#s=v7.abc",
            "rolecall: unknown link version `v7`",
        ),
        (
            "v1.ab$d",
            "rolecall: the link is damaged: `$` at position 2 is not a base64url character",
        ),
        ("v1.q1YqSs7P", "rolecall: the link is truncated"),
    ] {
        let output = rolecall(&["open", link]);
        assert_eq!(output.status.code(), Some(2), "{link}");
        let stderr = text(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with(message), "{link}: {stderr}");
    }
}

#[test]
fn help_documents_examples_and_exit_codes() {
    for command in ["eval", "check", "share", "open"] {
        let output = rolecall(&[command, "--help"]);
        let help = text(&output.stdout);
        assert!(
            help.contains("Examples:") && help.contains("Exit codes:"),
            "{command}: {help}"
        );
    }
}

#[test]
fn eval_request_filter_selects_by_name_or_position() {
    let by_position = rolecall(&[
        "eval",
        "examples/mfa-required.json",
        "--request",
        "3",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&by_position.stdout).expect("JSON output");
    assert_eq!(json["requests"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        json["requests"][0]["name"],
        "assuming Admin without an MFA code"
    );
    let by_name = rolecall(&[
        "eval",
        "examples/mfa-required.json",
        "--request",
        "assuming Admin without an MFA code",
        "--format",
        "json",
    ]);
    assert_eq!(by_name.stdout, by_position.stdout);
    assert_eq!(
        rolecall(&["eval", "examples/mfa-required.json", "--request", "nope"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn eval_still_evaluates_a_scenario_with_a_broken_policy_and_exits_2() {
    let path = temp_file(
        "broken-policy.json",
        r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/alice",
             "policies": [{"name": "P", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Effect": "Maybe"}]}}]}],
           "requests": [{"name": "read", "principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "allowed"}]}"#,
    );
    let output = rolecall(&["eval", &path, "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    assert_eq!(json["requests"][0]["decision"], "allowed");
    assert!(text(&output.stderr).contains("the parts that could be read were evaluated"));
}

#[test]
fn eval_resolves_aws_managed_policies_by_arn_from_the_embedded_data() {
    let out = rolecall(&["eval", "examples/aws-managed-policies.json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("AmazonS3ReadOnlyAccess (AWS managed, v3)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("DenyConfidential (customer managed)"),
        "{stdout}"
    );
}

#[test]
fn an_unknown_managed_policy_arn_is_an_error_with_its_place() {
    let dir = std::env::temp_dir().join(format!("rolecall-managed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("s.json");
    std::fs::write(
        &file,
        r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/u",
  "policies": [{"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess"}]}], "requests": []}"#,
    )
    .expect("write");
    let out = rolecall(&["check", file.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[unknown-managed-policy]: no AWS managed policy `arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess`"), "{stderr}");
    assert!(
        stderr.contains("did you mean `arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess`?"),
        "{stderr}"
    );
    assert!(stderr.contains("s.json:2:"), "{stderr}");
}
