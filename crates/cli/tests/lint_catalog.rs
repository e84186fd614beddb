//! `rolecall lint` with the embedded AWS service catalog: catalog findings by default, none with
//! `--no-catalog`.

mod common;

use std::process::Output;

fn lint(args: &[&str], stdin: &str) -> Output {
    let mut all = vec!["lint", "-", "--kind", "identity", "--color", "never"];
    all.extend_from_slice(args);
    common::rolecall(&all, stdin)
}

const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::bkt/*"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bkt"}
  ]
}"#;

#[test]
fn lint_reports_catalog_findings_by_default() {
    let output = lint(&[], POLICY);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("warning[unknown-action]: unknown action `s3:GetObjekt`"),
        "{text}"
    );
    assert!(
        text.contains("help: did you mean `s3:GetObject`?"),
        "{text}"
    );
    assert!(text.contains("warning[resource-type-mismatch]"), "{text}");
    assert!(text.contains("<stdin>: 2 warnings"), "{text}");
    // Warnings only: the exit status stays 0.
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn lint_json_output_carries_catalog_codes() {
    let output = lint(&["--format", "json"], POLICY);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json output");
    let codes: Vec<&str> = value["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["unknown-action", "resource-type-mismatch"]);
}

#[test]
fn no_catalog_skips_catalog_findings() {
    let output = lint(&["--no-catalog"], POLICY);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(text.trim(), "<stdin>: no problems");
}
