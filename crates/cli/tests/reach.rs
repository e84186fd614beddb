//! `rolecall who-can`, `can-what` and `escalation` run as a user would, on the access-graph
//! corpus scenario.
#![expect(
    clippy::expect_used,
    reason = "test helpers must fail loudly when the binary cannot run or the JSON is not what it should be"
)]

use std::process::Output;

mod common;

const FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/corpus/scenarios/reach/escalation-paths.json"
);
const ALICE: &str = "arn:aws:iam::111111111111:user/alice";

fn rolecall(args: &[&str]) -> Output {
    common::rolecall(args, "")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

#[test]
fn who_can_lists_every_path_with_its_hops_in_the_documented_json_shape() {
    let out = rolecall(&[
        "who-can",
        FILE,
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::reports/q1.csv",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let principals = v["principals"].as_array().expect("principals");
    let find = |arn: &str| {
        principals
            .iter()
            .find(|p| p["principal"] == arn)
            .expect(arn)
    };
    // Deploy reads directly: one empty path.
    let deploy = find("arn:aws:iam::111111111111:role/Deploy");
    assert_eq!(deploy["paths"], serde_json::json!([[]]));
    // alice: through Deploy (with MFA), and through LambdaAdmin (passing it to a new function).
    let alice = find(ALICE);
    let firsts: Vec<&str> = alice["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .map(|p| p[0]["via"].as_str().unwrap_or(""))
        .collect();
    assert!(firsts.contains(&"sts:AssumeRole"), "{firsts:?}");
    assert!(
        firsts.contains(&"iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction"),
        "{firsts:?}"
    );
    let via_deploy = alice["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .find(|p| p[0]["to"] == "arn:aws:iam::111111111111:role/Deploy")
        .expect("path via Deploy");
    assert_eq!(via_deploy[0]["from"], ALICE);
    assert_eq!(
        via_deploy[0]["conditions"][0]["key"],
        "aws:MultiFactorAuthPresent"
    );
    assert!(via_deploy[0]["assumes"].as_array().is_some());
    assert!(
        !via_deploy[0]["statements"]
            .as_array()
            .expect("statements")
            .is_empty()
    );
}

#[test]
fn who_can_text_names_each_hop_and_exits_1_when_nobody_can() {
    let out = rolecall(&[
        "who-can",
        FILE,
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::reports/q1.csv",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("only if `aws:MultiFactorAuthPresent` = `true`"),
        "{text}"
    );
    assert!(text.contains("allowed by"), "{text}");
    // The archive bucket is in the other account and has no bucket policy: nobody can delete it.
    let out = rolecall(&[
        "who-can",
        FILE,
        "--action",
        "s3:DeleteBucket",
        "--resource",
        "arn:aws:s3:::archive",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = rolecall(&["who-can", "no-such-file.json", "--action", "s3:GetObject"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn escalation_finds_the_self_policy_change_and_the_passed_admin_role_and_exits_1() {
    let out = rolecall(&["escalation", FILE, "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let findings = v["findings"].as_array().expect("findings");
    let technique = |arn: &str| {
        findings
            .iter()
            .find(|f| f["principal"] == arn)
            .map(|f| f["technique"].as_str().unwrap_or("").to_owned())
    };
    assert_eq!(
        technique("arn:aws:iam::111111111111:user/bob").as_deref(),
        Some("iam:PutUserPolicy")
    );
    assert_eq!(
        technique(ALICE).as_deref(),
        Some("iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction")
    );
    assert!(findings.iter().all(|f| f["path"].is_array()));
    assert_eq!(
        v["administrators"][0]["principal"],
        "arn:aws:iam::111111111111:role/LambdaAdmin"
    );
}

#[test]
fn can_what_groups_actions_by_service_and_level_and_rejects_an_unknown_principal() {
    let out = rolecall(&[
        "can-what",
        FILE,
        "--principal",
        "arn:aws:iam::111111111111:role/Deploy",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let services: Vec<&str> = v["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| s["service"].as_str().unwrap_or(""))
        .collect();
    assert!(services.contains(&"s3"), "{services:?}");
    let out = rolecall(&[
        "can-what",
        FILE,
        "--principal",
        "arn:aws:iam::111111111111:user/nobody",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no principal"));
}

#[test]
fn who_can_without_an_action_says_so_as_the_page_does() {
    let out = rolecall(&["who-can", FILE, "--action", " "]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "rolecall: type an action such as `s3:GetObject`\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn every_graph_command_documents_its_exit_codes() {
    for command in ["who-can", "can-what", "escalation"] {
        let out = rolecall(&[command, "--help"]);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Exit codes:"),
            "{command}"
        );
    }
}
