//! `rolecall import` and `rolecall export` run as a user would: on the realistic AWS outputs of
//! `crates/import/tests/data/`, on bad input, and through a round trip (export, import, the same
//! decisions).
#![expect(
    clippy::expect_used,
    reason = "test helpers must fail loudly when the binary or a temporary file cannot be used"
)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rolecall(args: &[&str]) -> Output {
    rolecall_with_stdin(args, "")
}

fn rolecall_with_stdin(args: &[&str], stdin: &str) -> Output {
    common::rolecall_in(&root(), args, stdin)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const DATA: &str = "crates/import/tests/data";

/// A fresh, empty temporary directory for one test.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rolecall-import-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// `request name: decision` of each line of `rolecall eval --format json`.
fn decisions(file: &str) -> Vec<String> {
    let output = rolecall(&["eval", file, "--format", "json"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("eval JSON");
    json.get("requests")
        .and_then(serde_json::Value::as_array)
        .expect("requests")
        .iter()
        .map(|r| {
            format!(
                "{}: {}",
                r.get("name").expect("name"),
                r.get("decision").expect("decision")
            )
        })
        .collect()
}

#[test]
fn import_of_an_account_export_writes_a_scenario_and_says_what_it_made() {
    let dir = temp_dir("export");
    let out = dir.join("account.json");
    let output = rolecall(&[
        "import",
        &format!("{DATA}/account-authorization-details.json"),
        "-o",
        path(&out),
    ]);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("account export (aws iam get-account-authorization-details)"),
        "{stderr}"
    );
    assert!(stderr.contains("created: "), "{stderr}");
    assert!(stderr.contains("users"), "{stderr}");
    assert!(stderr.contains("roles"), "{stderr}");
    assert!(stderr.contains("not in this input"), "{stderr}");
    assert!(
        stderr.contains(&format!("wrote {}", path(&out))),
        "{stderr}"
    );
    // The written scenario is one `rolecall eval` reads without errors.
    let eval = rolecall(&["eval", path(&out)]);
    assert!(eval.status.success(), "{}", text(&eval.stderr));
}

#[test]
fn import_writes_to_stdout_and_reads_stdin() {
    let policy =
        std::fs::read_to_string(root().join(DATA).join("get-role-policy.json")).expect("test data");
    let output = rolecall_with_stdin(&["import", "-"], &policy);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let scenario: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(scenario["rolecall"], 1);
    assert!(text(&output.stderr).contains("stdin: inline policy"));
}

#[test]
fn import_never_replaces_an_existing_file_without_force() {
    let dir = temp_dir("force");
    let out = dir.join("mine.json");
    std::fs::write(&out, "my work").expect("write");
    let input = format!("{DATA}/get-role.json");
    let refused = rolecall(&["import", &input, "-o", path(&out)]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "my work");
    let forced = rolecall(&["import", &input, "-o", path(&out), "--force"]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert!(
        std::fs::read_to_string(&out)
            .expect("read")
            .contains("\"rolecall\": 1")
    );
}

#[test]
fn bad_input_gets_one_clear_message_and_nothing_is_written() {
    let dir = temp_dir("bad");
    let truncated = dir.join("truncated.json");
    let full =
        std::fs::read_to_string(root().join(DATA).join("account-authorization-details.json"))
            .expect("test data");
    std::fs::write(&truncated, full.get(..full.len() / 2).expect("half")).expect("write");
    let unknown = dir.join("package.json");
    std::fs::write(&unknown, r#"{"name": "web", "dependencies": {}}"#).expect("write");
    let big = dir.join("big.json");
    std::fs::write(&big, " ".repeat(26 * 1024 * 1024)).expect("write");
    let out = dir.join("out.json");
    for (file, said) in [
        (path(&truncated), "not valid JSON at line"),
        (
            path(&unknown),
            "not a format the import knows (top-level keys `name`, `dependencies`)",
        ),
        (path(&big), "larger than 25 MB"),
        ("examples/cross-account.json", "already a Rolecall scenario"),
        ("no/such/file.json", "cannot read `no/such/file.json`"),
    ] {
        let output = rolecall(&["import", file, "-o", path(&out)]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{file}: {stderr}");
        assert!(stderr.contains(said), "{file}: {stderr}");
        assert!(!out.exists(), "{file}: something was written");
    }
}

#[test]
fn several_outputs_make_one_scenario_with_the_unresolved_references_listed() {
    let output = rolecall(&[
        "import",
        &format!("{DATA}/account-authorization-details.json"),
        &format!("{DATA}/s3-get-bucket-policy.json"),
        &format!("{DATA}/org-describe-policy-scp.json"),
    ]);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("resource policy (s3api get-bucket-policy"),
        "{stderr}"
    );
    assert!(
        stderr.contains("organization policy (aws organizations describe-policy)"),
        "{stderr}"
    );
    assert!(stderr.contains("unresolved ("), "{stderr}");
    assert!(stderr.contains("DenyOutsideEU"), "{stderr}");
}

#[test]
fn export_writes_an_aws_cli_script_and_templates_per_account() {
    let script = rolecall(&[
        "export",
        "examples/aws-managed-policies.json",
        "--format",
        "aws-cli",
    ]);
    let stdout = text(&script.stdout);
    assert!(script.status.success(), "{}", text(&script.stderr));
    assert!(
        stdout.contains("aws iam create-user --user-name"),
        "{stdout}"
    );
    assert!(
        stdout.contains("--policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"),
        "{stdout}"
    );
    // Two accounts: one template each, so a directory is needed.
    let refused = rolecall(&[
        "export",
        "examples/cross-account.json",
        "--format",
        "cloudformation",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("-o DIR"),
        "{}",
        text(&refused.stderr)
    );
}

#[test]
fn cloudformation_export_then_import_decides_every_request_the_same_way() {
    let dir = temp_dir("roundtrip");
    let templates = dir.join("templates");
    let export = rolecall(&[
        "export",
        "examples/aws-managed-policies.json",
        "--format",
        "cloudformation",
        "-o",
        &format!("{}/", path(&templates)),
    ]);
    assert!(export.status.success(), "{}", text(&export.stderr));
    let files: Vec<String> = std::fs::read_dir(&templates)
        .expect("templates")
        .map(|e| e.expect("entry").path().display().to_string())
        .collect();
    assert!(!files.is_empty());
    let imported = dir.join("imported.json");
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["-o", path(&imported)]);
    let import = rolecall(&args);
    assert!(import.status.success(), "{}", text(&import.stderr));
    // The original's requests, asked of the re-imported accounts.
    let original: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/aws-managed-policies.json")).expect("read"),
    )
    .expect("JSON");
    let mut rebuilt: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&imported).expect("read")).expect("JSON");
    rebuilt["requests"] = original["requests"].clone();
    if let Some(now) = original.get("now") {
        rebuilt["now"] = now.clone();
    }
    let with_requests = dir.join("with-requests.json");
    std::fs::write(&with_requests, rebuilt.to_string()).expect("write");
    assert_eq!(
        decisions("examples/aws-managed-policies.json"),
        decisions(path(&with_requests))
    );
    // A second export into the same directory refuses to overwrite.
    let again = rolecall(&[
        "export",
        "examples/aws-managed-policies.json",
        "--format",
        "cloudformation",
        "-o",
        path(&templates),
    ]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn import_and_export_help_document_examples_and_exit_codes() {
    for command in ["import", "export"] {
        let output = common::rolecall(&[command, "--help"], "");
        let help = text(&output.stdout);
        assert!(
            help.contains("Examples:") && help.contains("Exit codes:"),
            "{command}: {help}"
        );
    }
}
