//! `rolecall simulate` through the binary: the semantics corpus, error lines, stdin streaming
//! and exit codes.
#![expect(
    clippy::expect_used,
    reason = "the helpers outside #[test] functions fail the test on broken I/O"
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/corpus/semantics.jsonl"
);
const RULES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../core/tests/corpus/rules.jsonl"
);

fn rolecall(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rolecall starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("rolecall finishes")
}

fn lines(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect()
}

#[test]
fn the_corpora_give_the_expected_decisions() {
    for (file, args) in [
        (CORPUS, vec!["simulate", CORPUS]),
        (CORPUS, vec!["simulate", "--explain", CORPUS]),
        (RULES, vec!["simulate", RULES]),
    ] {
        let corpus = std::fs::read_to_string(file).expect("corpus");
        let output = rolecall(&args, "");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let results = lines(&output);
        let inputs: Vec<Value> = corpus
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(results.len(), inputs.len());
        for (input, result) in inputs.iter().zip(&results) {
            assert_eq!(result["id"], input["id"], "results come back in order");
            assert_eq!(
                result["decision"], input["expect"],
                "case {}: {}",
                input["case"], input["why"]
            );
            assert_eq!(
                result.get("explanation").is_some(),
                args.contains(&"--explain")
            );
        }
    }
}

#[test]
fn a_bad_line_gives_an_error_result_and_the_batch_goes_on() {
    let input = concat!(
        r#"{"id":"ok","principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"*"}"#,
        "\n",
        "\n",
        r#"{"id":"broken","principal":"#,
        "\n",
        r#"{"id":7,"principal":"p","action":"s3:GetObject","resource":"r","identityPolicy":[]}"#,
        "\n",
        r#"{"id":"bad-policy","principal":"p","action":"s3:GetObject","resource":"r","identityPolicies":["{\"Statement\": ["]}"#,
        "\n",
        r#"{"id":"last","principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"*","identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}]}"#,
        "\n",
    );
    let output = rolecall(&["simulate"], input);
    assert_eq!(output.status.code(), Some(1));
    let results = lines(&output);
    let decisions: Vec<&str> = results
        .iter()
        .map(|r| r["decision"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        decisions,
        ["implicitDeny", "error", "error", "error", "allowed"]
    );
    assert_eq!(results[1]["id"], Value::Null);
    assert!(
        results[1]["error"]
            .as_str()
            .unwrap_or_default()
            .ends_with("(line 3, column 27)"),
        "{}",
        results[1]
    );
    assert_eq!(results[2]["id"], 7);
    assert!(
        results[2]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("unknown field `identityPolicy`"),
        "{}",
        results[2]
    );
    assert!(
        results[3]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("identityPolicies[0]"),
        "{}",
        results[3]
    );
}

#[test]
fn a_missing_file_exits_with_2() {
    let output = rolecall(&["simulate", "/nonexistent/requests.jsonl"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot open"));
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let output = rolecall(&["simulate", "--help"], "");
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(
        help.contains("Examples:") && help.contains("Exit codes:"),
        "{help}"
    );
}

#[test]
fn each_result_is_written_before_the_next_line_is_read() {
    use std::io::{BufRead, BufReader};
    use std::sync::mpsc;
    use std::time::Duration;

    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .arg("simulate")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rolecall starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (send, receive) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if send.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    for n in 0..3 {
        let line = format!(
            r#"{{"id":{n},"principal":"anonymous","action":"s3:GetObject","resource":"*"}}"#
        );
        writeln!(stdin, "{line}").expect("write a line");
        stdin.flush().expect("flush");
        // The result arrives while stdin is still open: the CLI streams.
        let result = receive
            .recv_timeout(Duration::from_secs(20))
            .expect("a result for each line");
        assert!(result.starts_with(&format!(r#"{{"id":{n},"#)), "{result}");
    }
    drop(stdin);
    assert!(child.wait().expect("exit").success());
    reader.join().expect("reader thread");
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
    let input = "\u{feff}{\"id\":1,\"principal\":\"anonymous\",\"action\":\"s3:GetObject\",\"resource\":\"*\"}\r\n";
    let output = rolecall(&["simulate"], input);
    assert_eq!(output.status.code(), Some(0));
    let results = lines(&output);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["decision"], "implicitDeny");
}

#[test]
fn a_line_that_is_not_utf8_is_an_error_with_its_position() {
    let mut input =
        br#"{"id":1,"principal":"anonymous","action":"s3:GetObject","resource":""#.to_vec();
    input.extend_from_slice(b"\xff\"}\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .arg("simulate")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rolecall starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("write stdin");
    let output = child.wait_with_output().expect("rolecall finishes");
    assert_eq!(output.status.code(), Some(1));
    let results = lines(&output);
    assert_eq!(
        results[0]["error"],
        "the line is not valid UTF-8 (line 1, column 69)"
    );
}
