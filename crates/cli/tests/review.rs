//! Change review as a CI job would run it: `rolecall check --format junit|sarif|json`,
//! `rolecall lint --format sarif`, `rolecall diff`, and the README's GitHub Actions recipe.
#![expect(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests fail loudly on unexpected output"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rolecall(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("rolecall runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            text(&output.stdout),
            text(&output.stderr)
        )
    })
}

/// A fresh directory for one test.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rolecall-review-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A scenario whose second request fails its `expect`: alice may read but not write.
const FAILING: &str = r#"{
  "rolecall": 1,
  "identities": [
    {
      "arn": "arn:aws:iam::111111111111:user/alice",
      "policies": [
        {
          "name": "deploy",
          "document": {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Sid": "Read",
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::app/*"
              }
            ]
          }
        }
      ]
    }
  ],
  "resources": [],
  "requests": [
    {
      "name": "alice reads <app> & co",
      "principal": "arn:aws:iam::111111111111:user/alice",
      "action": "s3:GetObject",
      "resource": "arn:aws:s3:::app/a.txt",
      "expect": "allowed"
    },
    {
      "name": "alice writes",
      "principal": "arn:aws:iam::111111111111:user/alice",
      "action": "s3:PutObject",
      "resource": "arn:aws:s3:::app/a.txt",
      "expect": "allowed"
    },
    {
      "name": "alice deletes",
      "principal": "arn:aws:iam::111111111111:user/alice",
      "action": "s3:DeleteObject",
      "resource": "arn:aws:s3:::app/a.txt"
    }
  ]
}
"#;

fn failing_file(test: &str) -> PathBuf {
    let path = temp_dir(test).join("failing.json");
    std::fs::write(&path, FAILING).expect("write scenario");
    path
}

/// The text of `file` from (line, column) on, both 1-based, columns in characters.
fn at(file: &str, line: u64, column: u64) -> String {
    let line_text = file
        .lines()
        .nth(usize::try_from(line - 1).expect("line"))
        .expect("the line exists");
    line_text
        .chars()
        .skip(usize::try_from(column - 1).expect("column"))
        .collect()
}

/// Checks the parts of a SARIF 2.1.0 log every consumer needs (OASIS SARIF 2.1.0 §3.13, §3.14,
/// §3.19, §3.27, §3.30) and returns the results of its one run.
fn sarif_results(log: &Value) -> Vec<Value> {
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().is_some_and(|s| s.contains("sarif")));
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "rolecall");
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| {
            assert!(r["shortDescription"]["text"].is_string());
            r["id"].as_str().expect("rule id")
        })
        .collect();
    let results = runs[0]["results"].as_array().expect("results").clone();
    for result in &results {
        assert!(rules.contains(&result["ruleId"].as_str().expect("ruleId")));
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().expect("level")));
        assert!(
            result["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        let locations = result["locations"].as_array().expect("locations");
        let related = result["relatedLocations"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for location in locations.iter().chain(&related) {
            let region = &location["physicalLocation"]["region"];
            for field in ["startLine", "startColumn", "endLine", "endColumn"] {
                assert!(
                    region[field].as_u64().is_some_and(|n| n >= 1),
                    "{field}: {location}"
                );
            }
            assert!(location["physicalLocation"]["artifactLocation"]["uri"].is_string());
        }
    }
    results
}

fn region(location: &Value) -> (String, u64, u64) {
    let physical = &location["physicalLocation"];
    (
        physical["artifactLocation"]["uri"]
            .as_str()
            .expect("uri")
            .to_owned(),
        physical["region"]["startLine"].as_u64().expect("line"),
        physical["region"]["startColumn"].as_u64().expect("column"),
    )
}

#[test]
fn check_sarif_points_at_the_failing_expect_and_the_closest_statement() {
    let path = failing_file("sarif");
    let file = std::fs::read_to_string(&path).expect("read");
    let out = rolecall(&["check", path.to_str().expect("path"), "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let results = sarif_results(&json(&out));
    assert_eq!(results.len(), 1, "one failing request");
    let result = &results[0];
    assert_eq!(result["ruleId"], "expectation-failed");
    let message = result["message"]["text"].as_str().expect("message");
    assert!(message.contains("alice writes"), "{message}");
    assert!(
        message.contains("expected allowed, got implicit deny"),
        "{message}"
    );
    let (uri, line, column) = region(&result["locations"][0]);
    assert!(uri.ends_with("failing.json"), "{uri}");
    // Line 38 of FAILING is the second request's `"expect": "allowed"`.
    assert!(
        at(&file, line, column).starts_with("\"allowed\""),
        "{line}:{column}"
    );
    assert!(
        file.lines()
            .nth(usize::try_from(line - 1).expect("line"))
            .expect("line")
            .contains("expect")
    );
    let related = result["relatedLocations"].as_array().expect("related");
    let (_, line, column) = region(&related[0]);
    // The closest `Allow` is reported at its first part that did not match: its `Action`.
    assert!(
        at(&file, line, column).starts_with("\"Action\": \"s3:GetObject\""),
        "{}",
        at(&file, line, column)
    );
    assert!(
        related[0]["message"]["text"]
            .as_str()
            .expect("text")
            .contains("statement `Read`")
    );
}

#[test]
fn check_sarif_of_passing_files_has_no_results_and_exits_0() {
    let out = rolecall(&[
        "check",
        "examples/mfa-required.json",
        "examples/cross-account.json",
        "--format",
        "sarif",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(sarif_results(&json(&out)).is_empty());
}

#[test]
fn check_junit_has_one_test_case_per_request() {
    let path = failing_file("junit");
    let out = rolecall(&[
        "check",
        path.to_str().expect("path"),
        "examples/mfa-required.json",
        "--format",
        "junit",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let xml = text(&out.stdout);
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"),
        "{xml}"
    );
    let cases = xml.matches("<testcase ").count();
    let example = std::fs::read_to_string(root().join("examples/mfa-required.json")).expect("read");
    let example_requests = example.matches("\"principal\":").count();
    assert_eq!(cases, 3 + example_requests, "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 1);
    assert_eq!(
        xml.matches("<skipped ").count(),
        1,
        "the request without expect"
    );
    assert!(
        xml.contains("name=\"alice reads &lt;app&gt; &amp; co\""),
        "names are escaped: {xml}"
    );
    assert!(xml.contains("type=\"implicitDeny\""));
    assert!(xml.contains("failures=\"1\""));
    assert!(xml.trim_end().ends_with("</testsuites>"));
}

#[test]
fn check_json_lists_every_request_with_its_place() {
    let path = failing_file("json");
    let out = rolecall(&["check", path.to_str().expect("path"), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["failed"], 1);
    assert_eq!(report["passed"], 1);
    assert_eq!(report["withoutExpect"], 1);
    let requests = report["files"][0]["requests"].as_array().expect("requests");
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[1]["decision"], "implicitDeny");
    assert_eq!(requests[1]["passed"], false);
    assert_eq!(requests[1]["expectAt"]["line"], 38);
    assert_eq!(requests[1]["statements"][0]["role"], "closest");
}

#[test]
fn check_reports_an_unreadable_file_in_every_format() {
    let missing = "does-not-exist.json";
    for format in ["junit", "sarif", "json", "text"] {
        let out = rolecall(&["check", missing, "--format", format]);
        assert_eq!(out.status.code(), Some(2), "{format}");
    }
    let out = rolecall(&["check", missing, "--format", "junit"]);
    assert!(text(&out.stdout).contains("<error "));
}

#[test]
fn lint_sarif_has_a_result_per_diagnostic_at_its_line() {
    let dir = temp_dir("lint");
    let path = dir.join("policy.json");
    let policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:GetObjekt\",\n      \"Resource\": \"*\"\n    },\n    {\"Effect\": \"Permit\", \"Action\": \"s3:*\", \"Resource\": \"*\"}\n  ]\n}\n";
    std::fs::write(&path, policy).expect("write");
    let out = rolecall(&[
        "lint",
        path.to_str().expect("path"),
        "--kind",
        "identity",
        "--format",
        "sarif",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an error: {}",
        text(&out.stdout)
    );
    let results = sarif_results(&json(&out));
    let effect = results
        .iter()
        .find(|r| r["level"] == "error")
        .expect("the bad Effect is an error");
    let (_, line, column) = region(&effect["locations"][0]);
    assert_eq!(line, 9);
    assert!(
        at(policy, line, column).starts_with("\"Permit\""),
        "{}",
        at(policy, line, column)
    );
    let unknown = results
        .iter()
        .find(|r| {
            r["message"]["text"]
                .as_str()
                .is_some_and(|t| t.contains("GetObjekt"))
        })
        .expect("the unknown action is reported");
    assert_eq!(unknown["level"], "warning");
    let (_, line, column) = region(&unknown["locations"][0]);
    assert_eq!(line, 6);
    assert!(at(policy, line, column).starts_with("\"s3:GetObjekt\""));
}

/// A scenario: alice's identity policy has `statements`; role `Deploy` trusts `trusted` and may
/// write to bucket `app`; one request: alice reads `app/k`.
fn world(statements: &str, trusted: &str) -> String {
    format!(
        r#"{{
  "rolecall": 1,
  "identities": [
    {{"arn": "arn:aws:iam::111111111111:user/alice",
      "policies": [{{"name": "alice", "document": {{"Version": "2012-10-17", "Statement": [{statements}]}}}}]}},
    {{"arn": "arn:aws:iam::111111111111:user/bob", "policies": []}},
    {{"arn": "arn:aws:iam::111111111111:role/Deploy",
      "trustPolicy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
        "Principal": {{"AWS": "{trusted}"}}, "Action": "sts:AssumeRole"}}]}},
      "policies": [{{"name": "deploy", "document": {{"Version": "2012-10-17", "Statement": [
        {{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::app/*"}}]}}}}]}}
  ],
  "resources": [{{"arn": "arn:aws:s3:::app"}}],
  "requests": [
    {{"name": "alice reads", "principal": "arn:aws:iam::111111111111:user/alice",
      "action": "s3:GetObject", "resource": "arn:aws:s3:::app/k"}}
  ]
}}
"#
    )
}

const READ: &str =
    r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::app/*"}"#;
const READ_WITH_MFA: &str = r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::app/*",
  "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#;
const ALICE: &str = "arn:aws:iam::111111111111:user/alice";
const BOB: &str = "arn:aws:iam::111111111111:user/bob";

/// Runs `rolecall diff` on two scenario texts.
fn diff(test: &str, old: &str, new: &str, extra: &[&str]) -> Output {
    let dir = temp_dir(test);
    let (o, n) = (dir.join("old.json"), dir.join("new.json"));
    std::fs::write(&o, old).expect("write old");
    std::fs::write(&n, new).expect("write new");
    let mut args = vec!["diff", o.to_str().expect("path"), n.to_str().expect("path")];
    args.extend_from_slice(extra);
    rolecall(&args)
}

fn flips(report: &Value) -> Vec<Value> {
    report["flipped"].as_array().expect("flipped").clone()
}

/// The flips of `principal` doing `action` on `resource`.
fn flips_of<'r>(
    report: &'r [Value],
    principal: &str,
    action: &str,
    resource: &str,
) -> Vec<&'r Value> {
    report
        .iter()
        .filter(|f| {
            f["principal"] == principal && f["action"] == action && f["resource"] == resource
        })
        .collect()
}

#[test]
fn diff_of_identical_scenarios_is_empty_and_exits_0() {
    let same = world(READ, ALICE);
    let out = diff("same", &same, &same, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = json(&out);
    assert_eq!(report["newAccess"], 0);
    assert!(flips(&report).is_empty());
}

#[test]
fn diff_json_has_the_issue_shape() {
    let out = diff(
        "shape",
        &world(READ, ALICE),
        &world(READ, BOB),
        &["--format", "json"],
    );
    let report = json(&out);
    assert!(report["newAccess"].is_u64());
    let flip = &flips(&report)[0];
    for field in ["request", "old", "new", "principal", "action", "resource"] {
        assert!(!flip[field].is_null(), "{field} in {flip}");
    }
    assert!(flip["request"]["principal"].is_string());
    for field in ["oldExplanation", "newExplanation"] {
        assert!(
            flip[field].as_str().is_some_and(|t| !t.is_empty()),
            "{field}"
        );
    }
}

#[test]
fn diff_own_request_that_becomes_allowed_is_new_access_and_exits_1() {
    let out = diff(
        "own",
        &world("", ALICE),
        &world(READ, ALICE),
        &["--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let all = flips(&report);
    let own: Vec<&Value> = all.iter().filter(|f| f["origin"] == "request").collect();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["request"]["name"], "alice reads");
    assert_eq!(own[0]["old"], "implicitDeny");
    assert_eq!(own[0]["new"], "allowed");
    assert!(
        own[0]["newExplanation"]
            .as_str()
            .expect("why")
            .contains("allowed")
    );
}

#[test]
fn diff_tells_mfa_removed_from_mfa_required() {
    // MFA removed: the read without MFA becomes allowed (new access); with MFA nothing changes.
    let removed = diff(
        "mfa-removed",
        &world(READ_WITH_MFA, ALICE),
        &world(READ, ALICE),
        &["--format", "json"],
    );
    assert_eq!(removed.status.code(), Some(1));
    let report = json(&removed);
    let all = flips(&report);
    let reads = flips_of(&all, ALICE, "s3:GetObject", "arn:aws:s3:::app/k");
    let probes: Vec<&&Value> = reads.iter().filter(|f| f["origin"] == "probe").collect();
    assert!(!probes.is_empty(), "{all:?}");
    let without_key = probes
        .iter()
        .find(|f| f["request"]["context"].is_null())
        .expect("a probe without the MFA key flipped");
    assert_eq!(without_key["old"], "implicitDeny");
    assert_eq!(without_key["new"], "allowed");
    let with_mfa = probes
        .iter()
        .any(|f| f["request"]["context"]["aws:MultiFactorAuthPresent"] == "true");
    assert!(!with_mfa, "with MFA the decision is the same");
    assert!(
        probes
            .iter()
            .any(|f| f["request"]["context"]["aws:MultiFactorAuthPresent"] == "false")
    );

    // MFA required: the same probes flip the other way, and nothing is new access.
    let required = diff(
        "mfa-required",
        &world(READ, ALICE),
        &world(READ_WITH_MFA, ALICE),
        &[],
    );
    assert_eq!(required.status.code(), Some(0));
    let text = text(&required.stdout);
    assert!(text.contains("removed: `arn:aws:iam::111111111111:user/alice` `s3:GetObject` on `arn:aws:s3:::app/k` (probe with none of the tested keys)"), "{text}");
    assert!(!text.contains("NEW ACCESS"), "{text}");
    assert!(text.contains("0 new access"), "{text}");
}

#[test]
fn diff_explicit_deny_added_is_not_new_access() {
    let deny = format!(r#"{READ}, {{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}"#);
    let out = diff(
        "deny",
        &world(READ, ALICE),
        &world(&deny, ALICE),
        &["--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let report = json(&out);
    let all = flips(&report);
    let own = all
        .iter()
        .find(|f| f["origin"] == "request")
        .expect("the own request flipped");
    assert_eq!(own["old"], "allowed");
    assert_eq!(own["new"], "explicitDeny");
    assert!(report["removedAccess"].as_u64().is_some_and(|n| n >= 1));
    // The probes cover every S3 action the Deny names, not only the one alice was granted.
    assert!(
        report["services"]
            .as_array()
            .expect("services")
            .contains(&Value::from("s3"))
    );
}

#[test]
fn diff_widened_trust_policy_shows_the_new_assume_and_the_new_path() {
    let out = diff(
        "trust",
        &world(READ, ALICE),
        &world(READ, "*"),
        &["--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let report = json(&out);
    let all = flips(&report);
    let assume = flips_of(
        &all,
        BOB,
        "sts:AssumeRole",
        "arn:aws:iam::111111111111:role/Deploy",
    );
    assert!(
        assume
            .iter()
            .any(|f| f["old"] == "implicitDeny" && f["new"] == "allowed"),
        "{all:?}"
    );
    assert!(
        report["changedDocuments"][0]
            .as_str()
            .expect("path")
            .contains("trustPolicy")
    );
}

#[test]
fn diff_reports_a_hit_probe_bound() {
    let out = diff(
        "bound",
        &world(READ_WITH_MFA, ALICE),
        &world(READ, ALICE),
        &["--max-probes", "5"],
    );
    let text = text(&out.stdout);
    assert!(
        text.contains("bound hit: probes: stopped after 5"),
        "{text}"
    );
    let json_out = diff(
        "bound-json",
        &world(READ_WITH_MFA, ALICE),
        &world(READ, ALICE),
        &["--max-probes", "5", "--format", "json"],
    );
    let report = json(&json_out);
    assert_eq!(report["compared"]["probes"], 5);
    assert!(!report["bounds"].as_array().expect("bounds").is_empty());
}

#[test]
fn diff_of_an_unreadable_file_exits_2() {
    let out = rolecall(&["diff", "does-not-exist.json", "examples/mfa-required.json"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The shell script of each `run: |` step of the README's GitHub Actions recipe, by step name.
fn recipe_steps() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let section = readme
        .split("### GitHub Actions recipe")
        .nth(1)
        .expect("the recipe section");
    let yaml = section
        .split("```yaml\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("the recipe's yaml block");
    assert!(yaml.contains("run: cargo install --path crates/cli --locked"));
    let lines: Vec<&str> = yaml.lines().collect();
    let mut steps = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim() != "run: |" {
            continue;
        }
        let name = lines[i - 1]
            .trim()
            .trim_start_matches("- name: ")
            .to_owned();
        let indent = line.len() - line.trim_start().len() + 2;
        let script: Vec<&str> = lines[i + 1..]
            .iter()
            .take_while(|l| l.len() > indent && l[..indent].trim().is_empty())
            .map(|l| &l[indent..])
            .collect();
        steps.push((name, script.join("\n")));
    }
    steps
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=ci",
            "-c",
            "user.email=ci@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

/// Runs one recipe step in `repo` as the runner would, `rolecall` on the PATH.
fn run_step(repo: &Path, script: &str) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_rolecall"))
        .parent()
        .expect("bin dir");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let temp = repo.join("runner-temp");
    std::fs::create_dir_all(&temp).expect("runner temp");
    Command::new("bash")
        .args(["-e", "-c", script])
        .current_dir(repo)
        .env("PATH", path)
        .env("BASE", "main")
        .env("RUNNER_TEMP", &temp)
        .output()
        .expect("bash runs")
}

/// A repository whose `main` holds two example scenarios, on branch `pr` with `change` applied
/// to `scenarios/mfa-required.json`.
fn pull_request(test: &str, change: impl Fn(&str) -> String) -> PathBuf {
    let repo = temp_dir(test);
    std::fs::create_dir_all(repo.join("scenarios")).expect("scenarios dir");
    for name in ["mfa-required.json", "cross-account.json"] {
        std::fs::copy(
            root().join("examples").join(name),
            repo.join("scenarios").join(name),
        )
        .expect("copy example");
    }
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "scenarios"]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    git(&repo, &["checkout", "-q", "-b", "pr"]);
    let file = repo.join("scenarios/mfa-required.json");
    let old = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, change(&old)).expect("write");
    git(&repo, &["commit", "-q", "-am", "change"]);
    repo
}

#[test]
fn github_actions_recipe_passes_a_harmless_pull_request() {
    let steps = recipe_steps();
    assert_eq!(steps.len(), 2, "{steps:?}");
    let repo = pull_request("recipe-ok", |old| {
        old.replace("MFA-required actions", "MFA-required actions (reworded)")
    });
    for (name, script) in &steps {
        let out = run_step(&repo, script);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}\n{}",
            text(&out.stdout),
            text(&out.stderr)
        );
    }
    let junit =
        std::fs::read_to_string(repo.join("runner-temp/rolecall-junit.xml")).expect("junit report");
    assert!(
        junit.contains("<testsuite name=\"scenarios/mfa-required.json\""),
        "{junit}"
    );
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(repo.join("runner-temp/rolecall.sarif")).expect("sarif"),
    )
    .expect("json");
    assert!(sarif_results(&sarif).is_empty());
}

#[test]
fn github_actions_recipe_fails_a_pull_request_that_removes_mfa() {
    let steps = recipe_steps();
    // The Admin role's trust policy no longer requires MFA.
    let repo = pull_request("recipe-mfa", |old| {
        let mut scenario: Value = serde_json::from_str(old).expect("json");
        let trust = &mut scenario["identities"][1]["trustPolicy"]["Statement"][0];
        trust
            .as_object_mut()
            .expect("statement")
            .remove("Condition");
        serde_json::to_string_pretty(&scenario).expect("json")
    });
    let check = run_step(&repo, &steps[0].1);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stdout));
    assert!(text(&check.stdout).contains("FAIL  scenarios/mfa-required.json"));
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(repo.join("runner-temp/rolecall.sarif")).expect("sarif"),
    )
    .expect("json");
    let results = sarif_results(&sarif);
    assert!(!results.is_empty());
    assert_eq!(
        region(&results[0]["locations"][0]).0,
        "scenarios/mfa-required.json"
    );
    let diff = run_step(&repo, &steps[1].1);
    assert_eq!(diff.status.code(), Some(1), "{}", text(&diff.stdout));
    let out = text(&diff.stdout);
    assert!(out.contains("== scenarios/mfa-required.json"), "{out}");
    assert!(
        out.contains("NEW ACCESS: `arn:aws:iam::111111111111:user/alice` `sts:AssumeRole` on `arn:aws:iam::111111111111:role/Admin`"),
        "{out}"
    );
}
