//! End-to-end tests of `rolecall expand`: output, count line and exit status.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let Ok(output) = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .arg("expand")
        .args(args)
        .output()
    else {
        return (
            -1,
            String::new(),
            "rolecall could not be started".to_string(),
        );
    };
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn expand_prints_each_action_with_its_access_level_and_the_count() {
    let (code, stdout, _) = run(&["s3:Get?bject"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "s3:GetObject  Read\n1 action matches `s3:Get?bject` (AWS data as of 2026-09-26)\n"
    );
}

#[test]
fn expand_with_wildcards_lists_every_covered_action() {
    let (code, stdout, _) = run(&["ec2:*Instance*"]);
    assert_eq!(code, 0);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("ec2:RunInstances ") && l.ends_with("Write"))
    );
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .contains("actions match `ec2:*Instance*`")
    );
}

#[test]
fn expand_exits_with_1_when_nothing_matches() {
    let (code, stdout, stderr) = run(&["s3:Fly*"]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("no known action matches `s3:Fly*`"),
        "{stderr}"
    );
}

#[test]
fn expand_not_lists_what_a_not_action_covers() {
    let (code, stdout, _) = run(&["--not", "iam:*", "sts:*"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("iam:PassRole"));
    assert!(stdout.contains("s3:GetObject"));
}

#[test]
fn expand_help_shows_examples_and_exit_codes() {
    let (code, stdout, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("rolecall expand 's3:Get*'"), "{stdout}");
    assert!(stdout.contains("Exit codes:"), "{stdout}");
    assert!(stdout.contains("1  no known action matches"), "{stdout}");
}

#[test]
fn expand_usage_errors_exit_with_2() {
    let (code, _, stderr) = run(&[]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = run(&["s3:*", "--no-such-flag"]);
    assert_eq!(code, 2, "{stderr}");
}
