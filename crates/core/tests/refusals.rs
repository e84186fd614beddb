//! "Refuse only what AWS refuses" (issue 10 §1, iam-semantics.md §9): a request ends in
//! `error` only by a documented refusal rule (`diagnostic/refusal.rs`, docs/diagnostics.md);
//! everything else is evaluated as AWS's matcher reads it, with warnings beside the decision.

use std::path::{Path, PathBuf};

use rolecall_core::diagnostic::refusal::refuses;
use rolecall_core::scenario::examples::EXAMPLES;
use rolecall_core::scenario::{evaluate_scenario, load};
use rolecall_core::simulate::{PolicyCache, simulate_line};
use serde_json::Value;

/// Runs one `simulate` line (with the explanation) and returns its JSON.
fn simulate(line: &str) -> Value {
    let result = simulate_line(line, 1, true, &mut PolicyCache::new());
    serde_json::from_str(&result.json).unwrap_or_default()
}

/// A line for alice calling `action` on `resource` with these identity policies.
fn line(action: &str, resource: &str, policies: &str) -> String {
    format!(
        r#"{{"principal":"arn:aws:iam::111111111111:user/alice","action":"{action}","resource":"{resource}","context":{{"aws:MultiFactorAuthAge":"7"}},"identityPolicies":[{policies}]}}"#
    )
}

fn decision(result: &Value) -> &str {
    result["decision"].as_str().unwrap_or_default()
}

fn warning_codes(result: &Value) -> Vec<&str> {
    result["warnings"]
        .as_array()
        .map(|w| w.iter().filter_map(|w| w["code"].as_str()).collect())
        .unwrap_or_default()
}

/// The policies of issue 10: each has an entry AWS's matcher reads as matching nothing (or,
/// for the short ARN, as a glob), and the request still has an answer.
#[test]
fn an_entry_that_can_never_match_is_a_warning_beside_the_decision() {
    // The upper-case entry never matches; the second entry allows.
    let upper = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":["ARN:AWS:S3:::BKT-1/K","arn:aws:s3:::bkt-1/k"]}}"#;
    let result = simulate(&line("s3:GetObject", "arn:aws:s3:::bkt-1/k", upper));
    assert_eq!(decision(&result), "allowed", "{result}");
    assert_eq!(warning_codes(&result), ["malformed-arn"]);
    let warning = &result["warnings"][0];
    assert_eq!(warning["field"], "identityPolicies[0]");
    assert_eq!(warning["line"], 1);
    assert!(
        warning["column"].as_u64().is_some_and(|c| c > 100),
        "{warning}"
    );
    let patterns = &result["explanation"]["policies"][0]["statements"][0]["resource"]["patterns"];
    let note = patterns[0]["note"].as_str().unwrap_or_default();
    assert!(note.contains("can never match"), "{patterns}");
    assert!(patterns[1].get("note").is_none(), "{patterns}");

    // A malformed action string never matches; the other entry decides.
    let comma = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:ListBucket,PutObject"],"Resource":"*"}}"#;
    let result = simulate(&line("s3:ListBucket", "arn:aws:s3:::bkt-1", comma));
    assert_eq!(decision(&result), "implicitDeny", "{result}");
    assert_eq!(warning_codes(&result), ["invalid-action"]);
    let note =
        result["explanation"]["policies"][0]["statements"][0]["action"]["patterns"][0]["note"]
            .as_str()
            .unwrap_or_default();
    assert!(note.contains("can never match"), "{note}");

    // A condition value of the wrong type never matches.
    let ten = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":["ten","3600"]}}}}"#;
    let result = simulate(&line("s3:GetObject", "arn:aws:s3:::bkt-1/k", ten));
    assert_eq!(decision(&result), "allowed", "{result}");
    assert_eq!(warning_codes(&result), ["invalid-condition-value"]);
}

/// "If the `*` wildcard is the last character of a resource ARN segment, it can expand to match
/// beyond the colon boundaries" (IAM User Guide, "IAM JSON policy elements: Resource").
#[test]
fn a_short_arn_ending_in_a_star_is_globbed_as_written() {
    for (pattern, resource) in [
        (
            "arn:aws:sqs:us-east-1:111111111111*",
            "arn:aws:sqs:us-east-1:111111111111:queue-1",
        ),
        ("arn:aws:s3::*", "arn:aws:s3:::bkt-1/k"),
    ] {
        let policy = format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"*","Resource":"{pattern}"}}}}"#
        );
        let result = simulate(&line("sqs:SendMessage", resource, &policy));
        assert_eq!(decision(&result), "allowed", "{pattern}: {result}");
        assert_eq!(warning_codes(&result), ["short-arn-wildcard"], "{pattern}");
    }
}

/// The refusals AWS documents still end in `error`: `Principal` in an identity policy,
/// `NotPrincipal` with `Allow`, a statement without `Effect`, JSON that is not a policy, an
/// SCP whose `Version` is not `2012-10-17` (docs/diagnostics.md, "Refusal rules").
#[test]
fn a_documented_refusal_rule_ends_in_error() {
    let principal =
        r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}"#;
    let no_effect = r#"{"Statement":{"Action":"*","Resource":"*"}}"#;
    for policies in [principal, no_effect, "[1, 2]", r#""not a policy""#] {
        let result = simulate(&line("s3:GetObject", "arn:aws:s3:::b/k", policies));
        assert_eq!(decision(&result), "error", "{policies}: {result}");
    }
    let not_principal = r#"{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourcePolicy":{"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"111111111111"},"Action":"*","Resource":"*"}}}"#;
    assert_eq!(decision(&simulate(not_principal)), "error");
    let old_scp = r#"{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","scps":[[{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}]]}"#;
    assert_eq!(decision(&simulate(old_scp)), "error");
}

/// Every line of the test corpus has an answer: none ends in `error`.
#[test]
fn no_corpus_request_ends_in_error() {
    for (name, corpus) in [
        ("semantics.jsonl", include_str!("corpus/semantics.jsonl")),
        ("rules.jsonl", include_str!("corpus/rules.jsonl")),
    ] {
        let mut cache = PolicyCache::new();
        for (i, line) in corpus.lines().enumerate() {
            let result = simulate_line(line, i + 1, false, &mut cache);
            assert!(!result.is_error(), "{name}:{}: {}", i + 1, result.json);
        }
    }
}

fn scenario_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            scenario_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Every example and corpus scenario is evaluated with no refusal: its policies are ones AWS
/// stores, so each request has a decision.
#[test]
fn no_example_or_corpus_scenario_hits_a_refusal_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    scenario_files(&root.join("examples"), &mut files);
    scenario_files(&root.join("tests/corpus/scenarios"), &mut files);
    assert!(files.len() > 30, "{files:?}");
    let mut texts: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            (f.display().to_string(), text)
        })
        .collect();
    texts.extend(
        EXAMPLES
            .iter()
            .map(|e| (e.id.to_owned(), e.text.to_owned())),
    );
    for (name, text) in texts {
        let loaded = load(&text);
        let refusals: Vec<_> = loaded.diagnostics.iter().filter(|d| refuses(d)).collect();
        assert!(refusals.is_empty(), "{name}: {refusals:#?}");
        let scenario = loaded
            .scenario
            .unwrap_or_else(|| panic!("{name} is a scenario"));
        assert_eq!(
            evaluate_scenario(&scenario).requests.len(),
            scenario.requests.len(),
            "{name}"
        );
    }
}
