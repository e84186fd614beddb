//! The hostile inputs of issue 14's table, built at any size: one generator per row, shared by
//! the criterion benchmark (`benches/hostile.rs`), the stress stage (`crates/stress`, run by
//! `cargo xtask fuzz --stress` at 1 MiB and by `cargo xtask test` at 256 KiB) and the
//! regression tests (`tests/hostile.rs`).

use rolecall_core::scenario::{evaluate_scenario, load};
use rolecall_core::share;
use rolecall_core::simulate::{PolicyCache, simulate_line};

/// The families, one per row of the table (issue 14).
pub const FAMILIES: &[&str] = &[
    "like-question-mid-segment",
    "like-non-ascii",
    "like-literal-star",
    "resource-variable-star",
    "set-like",
    "set-equals",
    "chain-transitive-tags",
    "link-transitive-tags",
    "lint-statements",
    "scenario-condition-pairs",
    "link-long-pattern",
];

/// One hostile input and the entry point it goes through.
#[derive(Debug)]
pub enum Case {
    /// A `rolecall simulate` line.
    Simulate(String),
    /// A scenario file (`rolecall eval`).
    Scenario(String),
    /// A share link (`rolecall open` then `eval`; the page opening it).
    Link(String),
    /// A policy to parse and validate (`rolecall lint`).
    Lint(String),
}

impl Case {
    /// Its size in bytes.
    pub fn len(&self) -> usize {
        match self {
            Self::Simulate(t) | Self::Scenario(t) | Self::Link(t) | Self::Lint(t) => t.len(),
        }
    }

    /// Runs it through its entry point and returns a short outcome (so the work is not
    /// optimised away).
    pub fn run(&self) -> String {
        match self {
            Self::Simulate(line) => {
                let mut cache = PolicyCache::new();
                simulate_line(line, 1, true, &mut cache).decision.to_owned()
            }
            Self::Scenario(text) => scenario(text),
            Self::Link(link) => match share::decode_json(link) {
                Ok(json) => scenario(&json),
                Err(e) => format!("refused: {e}"),
            },
            Self::Lint(text) => {
                let parsed = rolecall_core::policy::parse_policy(
                    text,
                    rolecall_core::policy::model::PolicyKind::Identity,
                );
                let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code).collect();
                format!("diagnostics: {}", codes.join(", "))
            }
        }
    }
}

fn scenario(text: &str) -> String {
    let loaded = load(text);
    match &loaded.scenario {
        Some(s) => {
            let outcome = evaluate_scenario(s);
            let steps: usize = outcome.requests.iter().map(|r| r.steps.len()).sum();
            format!("{} requests, {steps} steps", outcome.requests.len())
        }
        None => "not loaded".to_owned(),
    }
}

const ALICE: &str = "arn:aws:iam::111111111111:user/alice";

/// A simulate line: an identity policy with `statement` and a request with `context`.
fn line(statement: &str, resource: &str, context: &str) -> String {
    format!(
        r#"{{"principal":"{ALICE}","action":"s3:GetObject","resource":"{resource}","identityPolicies":[{{"Version":"2012-10-17","Statement":[{statement}]}}],"context":{{{context}}}}}"#
    )
}

/// A simulate line whose policy compares `aws:TagKeys` with `operator` against the `policy`
/// values, and whose request gives the `request` values (both lists of JSON strings).
fn tag_keys_line(operator: &str, policy: &[String], request: &[String]) -> String {
    line(
        &format!(
            r#"{{"Effect":"Allow","Action":"*","Resource":"*","Condition":{{"{operator}":{{"aws:TagKeys":[{}]}}}}}}"#,
            policy.join(",")
        ),
        "arn:aws:s3:::b/k",
        &format!(r#""aws:TagKeys":[{}]"#, request.join(",")),
    )
}

/// The input of `family` at about `size` bytes, or `None` for an unknown family.
pub fn build(family: &str, size: usize) -> Option<Case> {
    let n = size / 2;
    Some(match family {
        // `?` in the middle of a long segment: `*a?a?…a?b*` against `aaa…a`.
        "like-question-mid-segment" => Case::Simulate(line(
            &format!(
                r#"{{"Effect":"Allow","Action":"*","Resource":"*","Condition":{{"StringLike":{{"aws:username":"*{}b*"}}}}}}"#,
                "a?".repeat(n / 4)
            ),
            "arn:aws:s3:::b/k",
            &format!(r#""aws:username":"{}""#, "a".repeat(n)),
        )),
        // Non-ASCII text and a long `?`-free segment: `*ééé…b*` against `ééé…`.
        "like-non-ascii" => Case::Simulate(line(
            &format!(
                r#"{{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::*{}b*"}}"#,
                "é".repeat(n / 8)
            ),
            &format!("arn:aws:s3:::{}", "é".repeat(n / 4)),
            "",
        )),
        // A literal `${*}` keeps the pattern out of the byte matcher.
        "like-literal-star" => Case::Simulate(line(
            &format!(
                r#"{{"Effect":"Allow","Action":"*","Resource":"*","Condition":{{"StringLike":{{"aws:username":"*{}${{*}}b*"}}}}}}"#,
                "a".repeat(n / 4)
            ),
            "arn:aws:s3:::b/k",
            &format!(r#""aws:username":"{}""#, "a".repeat(n)),
        )),
        // A 30-character Resource with a variable whose value holds a `*`.
        "resource-variable-star" => Case::Simulate(line(
            r#"{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::*${aws:username}b*"}"#,
            &format!("arn:aws:s3:::{}", "a".repeat(n / 2)),
            &format!(
                r#""aws:username":"{}*{}""#,
                "a".repeat(n / 4),
                "a".repeat(n / 4)
            ),
        )),
        // `ForAllValues:StringLike`: tens of thousands of request values against a policy list
        // just as long. The work is bounded by distinct request values × distinct patterns
        // (here 1,000 × 64); exact values are hashed.
        "set-like" => {
            let count = size / 40;
            let policy: Vec<String> = (0..count)
                .map(|i| match i % 2 {
                    0 => format!(r#""v{}*""#, (i / 2) % 64),
                    _ => format!(r#""w{i}""#),
                })
                .collect();
            let request: Vec<String> = (0..count)
                .map(|i| format!(r#""v{}x{}""#, i % 64, i % 1_000))
                .collect();
            Case::Simulate(tag_keys_line("ForAllValues:StringLike", &policy, &request))
        }
        // `ForAnyValue:StringEquals`, n × n.
        "set-equals" => {
            let count = size / 30;
            let policy: Vec<String> = (0..count).map(|i| format!(r#""p{i}""#)).collect();
            let request: Vec<String> = (0..count).map(|i| format!(r#""r{i}""#)).collect();
            Case::Simulate(tag_keys_line("ForAnyValue:StringEquals", &policy, &request))
        }
        // A long chain passing the same 40 transitive tags at every hop.
        "chain-transitive-tags" => Case::Scenario(chain(size)),
        // The same chain in a share link.
        "link-transitive-tags" => {
            Case::Link(share::encode(&chain(size.min(share::MAX_JSON_LEN - 4096))))
        }
        // A policy of many statements to lint.
        "lint-statements" => {
            let statements: Vec<String> = (0..size / 150)
                .map(|i| format!(r#"{{"Sid":"S{i}","Effect":"Allow","Action":["s3:GetObject","s3:Put*"],"Resource":"arn:aws:s3:::bucket-{i}/*"}}"#))
                .collect();
            Case::Lint(format!(
                r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
                statements.join(",")
            ))
        }
        // Requests whose 2,000 distinct tag keys each meet a `ForAllValues:StringLike` of
        // 2,000 distinct patterns: 4 million comparisons per request, over many requests. The
        // work bound (`MAX_WORK`) counts condition values × request values, so the scenario
        // stops at the limit instead of running them all.
        "scenario-condition-pairs" => Case::Scenario(condition_pairs(size)),
        // A link whose role policy holds a long Resource pattern, shown in the explanation of
        // every hop of many 50-hop requests: the work bound counts the text explanations copy.
        "link-long-pattern" => Case::Link(share::encode(&long_pattern(
            size.min(share::MAX_JSON_LEN - 4096),
        ))),
        _ => return None,
    })
}

/// A scenario of about `size` bytes: alice's policy has one `ForAllValues:StringLike` with
/// 2,000 distinct patterns, and each request passes 2,000 distinct `aws:TagKeys`.
fn condition_pairs(size: usize) -> String {
    let patterns: Vec<String> = (0..2_000).map(|i| format!(r#""k{i}*""#)).collect();
    let values: Vec<String> = (0..2_000).map(|i| format!(r#""x{i}""#)).collect();
    let request = format!(
        r#"{{"name":"r","principal":"{ALICE}","action":"s3:GetObject","resource":"*","context":{{"aws:TagKeys":[{}]}}}}"#,
        values.join(",")
    );
    let requests = vec![request.as_str(); (size / request.len()).max(1)].join(",");
    format!(
        r#"{{"rolecall":1,"identities":[{{"arn":"{ALICE}","policies":[{{"name":"p","document":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"*","Resource":"*","Condition":{{"ForAllValues:StringLike":{{"aws:TagKeys":[{}]}}}}}}]}}}}]}}],"requests":[{requests}]}}"#,
        patterns.join(",")
    )
}

/// A scenario of about `size` bytes: role `R` (which any principal of the account may assume)
/// has a Resource pattern of about half the size, and 40 requests assume `R` 50 times each.
fn long_pattern(size: usize) -> String {
    let role = "arn:aws:iam::111111111111:role/R";
    let hop = format!(r#"{{"role":"{role}"}}"#);
    let hops = vec![hop.as_str(); 50].join(",");
    let request = format!(
        r#"{{"name":"r","principal":"{ALICE}","assume":[{hops}],"action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}}"#
    );
    let requests = vec![request.as_str(); 40].join(",");
    let long = "a".repeat((size / 2).max(1));
    format!(
        r#"{{"rolecall":1,"identities":[{{"arn":"{ALICE}","policies":[{{"name":"all","document":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"*","Resource":"*"}}]}}}}]}},{{"arn":"{role}","trustPolicy":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"111111111111"}},"Action":"sts:AssumeRole"}}]}},"policies":[{{"name":"long","document":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"*","Resource":"*"}},{{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::{long}"}}]}}}}]}}],"requests":[{requests}]}}"#
    )
}

/// A scenario whose one request assumes a role again and again, passing the same 40
/// transitive session tags at every hop, about `size` bytes long.
fn chain(size: usize) -> String {
    let tags: Vec<String> = (0..40).map(|i| format!(r#""k{i}":"v""#)).collect();
    let keys: Vec<String> = (0..40).map(|i| format!(r#""k{i}""#)).collect();
    let hop = format!(
        r#"{{"role":"arn:aws:iam::111111111111:role/R","sessionTags":{{{}}},"transitiveTagKeys":[{}]}}"#,
        tags.join(","),
        keys.join(",")
    );
    let hops = vec![hop.as_str(); (size / hop.len()).max(1)].join(",");
    format!(
        r#"{{"rolecall":1,"identities":[{{"arn":"{ALICE}","policies":[{{"name":"all","document":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"*","Resource":"*"}}]}}}}]}},{{"arn":"arn:aws:iam::111111111111:role/R","trustPolicy":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"111111111111"}},"Action":["sts:AssumeRole","sts:TagSession"]}}]}},"policies":[]}}],"requests":[{{"name":"chain","principal":"{ALICE}","assume":[{hops}],"action":"s3:GetObject","resource":"*"}}]}}"#
    )
}
