//! `rolecall lint` run as a user would: files, stdin, colour, formats and exit codes.
#![expect(
    clippy::expect_used,
    reason = "test helpers must fail loudly when the binary or a temporary file cannot be used"
)]

mod common;

use std::process::Output;

use common::rolecall;

/// Writes `text` to a fresh file in a temporary directory and returns its path.
fn file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("rolecall-lint-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("file written");
    path.display().to_string()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const GOOD: &str = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bkt/*"}}"#;

#[test]
fn a_valid_policy_exits_0_with_a_summary() {
    let path = file("good.json", GOOD);
    let out = rolecall(&["lint", &path, "--kind", "identity"], "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), format!("{path}: no problems\n"));
}

#[test]
fn broken_json_exits_1_with_the_location_and_an_underline() {
    let path = file(
        "broken.json",
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": Allow}\n  ]\n}\n",
    );
    let out = rolecall(
        &["lint", &path, "--kind", "identity", "--color", "never"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("error[invalid-json]: expected a json value, found `Allow`"),
        "{text}"
    );
    assert!(text.contains(&format!("--> {path}:4:16")), "{text}");
    assert!(
        text.contains("4 |     {\"Effect\": Allow}\n  |                ^^^^^ not a json value"),
        "{text}"
    );
    assert!(text.ends_with(&format!("{path}: 1 error\n")), "{text}");
}

#[test]
fn the_kind_decides_which_elements_are_errors() {
    let trust = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}}"#;
    let path = file("trust.json", trust);
    assert_eq!(
        rolecall(&["lint", &path, "--kind", "trust"], "")
            .status
            .code(),
        Some(0)
    );
    let as_identity = rolecall(
        &["lint", &path, "--kind", "identity", "--color", "never"],
        "",
    );
    assert_eq!(as_identity.status.code(), Some(1));
    let text = stdout(&as_identity);
    assert!(text.contains("error[principal-forbidden]"), "{text}");
    assert!(text.contains("error[missing-resource]"), "{text}");
}

#[test]
fn warnings_alone_exit_0() {
    let open = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}}"#;
    let out = rolecall(&["lint", "-", "--kind", "trust", "--color", "never"], open);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("warning[wildcard-principal-without-condition]"),
        "{text}"
    );
    assert!(text.contains("<stdin>: 1 warning"), "{text}");
}

#[test]
fn standard_input_is_read_from_dash() {
    let out = rolecall(&["lint", "-", "--kind", "identity"], GOOD);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "<stdin>: no problems\n");
}

#[test]
fn several_files_are_linted_in_order() {
    let good = file("several-good.json", GOOD);
    // A statement without `Effect`: a refusal rule, so an error (an empty list is a warning).
    let bad = file(
        "several-bad.json",
        "{\"Statement\": {\"Action\": \"*\", \"Resource\": \"*\"}}",
    );
    let out = rolecall(
        &[
            "lint", &good, &bad, "--kind", "identity", "--color", "never",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let good_at = text
        .find(&format!("{good}: no problems"))
        .expect("good summary");
    let bad_at = text.find(&format!("{bad}: 1 error")).expect("bad summary");
    assert!(good_at < bad_at, "{text}");
}

#[test]
fn a_missing_file_exits_2_with_a_clear_message_and_the_others_are_still_linted() {
    let good = file("present.json", GOOD);
    let out = rolecall(
        &[
            "lint",
            "/nonexistent/policy.json",
            &good,
            "--kind",
            "identity",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("rolecall: cannot read `/nonexistent/policy.json`: "),
        "{err}"
    );
    assert!(stdout(&out).contains(&format!("{good}: no problems")));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(rolecall(&["lint", "x.json"], "").status.code(), Some(2));
    assert_eq!(
        rolecall(&["lint", "x.json", "--kind", "user"], "")
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        rolecall(&["lint", "--kind", "identity"], "").status.code(),
        Some(2)
    );
    assert_eq!(
        rolecall(&["lint", "-", "-", "--kind", "identity"], "")
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn non_utf8_input_exits_2() {
    let dir = std::env::temp_dir().join(format!("rolecall-lint-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("latin1.json");
    std::fs::write(&path, b"{\"Id\": \"caf\xe9\"}").expect("file written");
    let out = rolecall(
        &["lint", &path.display().to_string(), "--kind", "identity"],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"));
}

#[test]
fn colour_follows_the_color_option() {
    let bad = "{\"Statement\": 1}";
    let always = stdout(&rolecall(
        &["lint", "-", "--kind", "identity", "--color", "always"],
        bad,
    ));
    assert!(always.contains("\x1b[1;31merror[wrong-type]"), "{always}");
    let never = stdout(&rolecall(
        &["lint", "-", "--kind", "identity", "--color", "never"],
        bad,
    ));
    assert!(!never.contains('\x1b'));
    // Standard output is a pipe here, so `auto` means no colour.
    let auto = stdout(&rolecall(&["lint", "-", "--kind", "identity"], bad));
    assert!(!auto.contains('\x1b'));
}

#[test]
fn json_format_gives_codes_spans_lines_and_columns() {
    let out = rolecall(
        &["lint", "-", "--kind", "identity", "--format", "json"],
        "{\n  \"Statement\": 1\n}",
    );
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json output");
    let file = &value["files"][0];
    assert_eq!(file["file"], "<stdin>");
    assert_eq!(file["kind"], "identity");
    assert_eq!(file["errors"], 1);
    let d = &file["diagnostics"][0];
    assert_eq!(d["code"], "wrong-type");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 16);
    assert_eq!(d["endLine"], 2);
    assert_eq!(d["endColumn"], 17);
    assert_eq!(d["labels"][0]["span"]["start"], 17);
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let out = rolecall(&["lint", "--help"], "");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("rolecall lint trust.json --kind trust"));
    assert!(text.contains("2  usage error, or a file could not be read"));
}
