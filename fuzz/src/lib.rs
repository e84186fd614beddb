//! The fuzz harness of Rolecall: one function per target, shared by the cargo-fuzz targets in
//! `fuzz_targets/` (nightly, `cargo xtask fuzz [TARGET] [--time S]`) and by the stable replay
//! test (`tests/replay.rs`), which runs every committed corpus file and past finding through
//! the same function on every `cargo test`.
//!
//! Each function takes any bytes, never panics on its own, and checks something that must hold
//! for every input (a finding is a panic, a timeout or running out of memory):
//!
//! | target | reads | checks |
//! |---|---|---|
//! | `policy` | policy text, as every policy kind | spans inside the text; evaluation runs |
//! | `scenario` | scenario text | spans inside the text; every request evaluates; `to_json` reads back |
//! | `link` | share-link text | decoding is bounded; a decoded scenario loads and evaluates; encode → decode is the identity |
//! | `simulate` | `rolecall simulate` lines | every line gives one JSON result line |
//! | `evaluate` | a policy, then action, resource and principal lines | the decision-only and the explaining evaluation agree |
//! | `glob` | a pattern line, then a text | the string and token matchers agree, and with a reference on short inputs |
//! | `structured` | bytes that steer edits of a valid example | the edited scenario loads and evaluates |
//! | `import` | an account export or another import format | the imported scenario, written back, loads and evaluates |

use std::sync::Arc;

use rolecall_core::evaluate::{Detail, NamedPolicy, PolicySet, evaluate_with};
use rolecall_core::managed::ManagedPolicies;
use rolecall_core::matching::{Pattern, wildcard_match};
use rolecall_core::policy::model::PolicyKind;
use rolecall_core::policy::parse_policy;
use rolecall_core::request::{Context, ContextSource, ContextValue, Request};
use rolecall_core::scenario::examples::EXAMPLES;
use rolecall_core::scenario::text::minify;
use rolecall_core::scenario::{evaluate_scenario, load, to_json};
use rolecall_core::share;
use rolecall_core::simulate::{PolicyCache, parse_line, parse_line_carefully, simulate_line};

/// A target's function: any bytes in, a panic for a finding.
pub type Harness = fn(&[u8]);

/// Every target: its name and its function.
pub const TARGETS: &[(&str, Harness)] = &[
    ("policy", policy),
    ("scenario", scenario),
    ("link", link),
    ("simulate", simulate),
    ("evaluate", evaluate),
    ("glob", glob),
    ("structured", structured),
    ("import", import),
];

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// A request with keys of every type, for the policy targets.
fn request(action: &str, resource: &str, principal: &str) -> Request {
    let mut context = Context::new();
    context.set("aws:SourceIp", "203.0.113.9");
    context.set("aws:CurrentTime", "2026-01-01T00:00:00Z");
    context.set("aws:MultiFactorAuthAge", "3600");
    context.set("aws:username", "alice*?${*}");
    context.set("aws:PrincipalTag/team", "blue");
    context.insert(
        "aws:TagKeys",
        ContextValue::Multi(vec!["env".into(), "team".into(), "é?*".into()]),
        ContextSource::Given,
    );
    Request {
        principal: principal.to_owned(),
        action: action.to_owned(),
        resource: resource.to_owned(),
        resource_account: Some("111111111111".to_owned()),
        context,
    }
}

fn assert_spans_inside(text: &str, diagnostics: &[rolecall_core::diagnostic::Diagnostic]) {
    for d in diagnostics {
        let span = d.span();
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "span {span:?} outside a text of {} bytes: {}",
            text.len(),
            d.message
        );
    }
}

/// Policy text as every kind: diagnostics inside the text, and evaluation runs.
pub fn policy(data: &[u8]) {
    let text = text(data);
    let request = request(
        "s3:GetObject",
        "arn:aws:s3:::bkt/home/alice/k",
        "arn:aws:iam::111111111111:user/alice",
    );
    for kind in PolicyKind::ALL {
        let parsed = parse_policy(&text, kind);
        assert_spans_inside(&text, &parsed.diagnostics);
        let set = PolicySet::new().with_policy(NamedPolicy::new("p", kind, parsed.policy));
        let _ = evaluate_with(&request, &set, Detail::Full);
    }
}

/// Scenario text: diagnostics inside the text, every request evaluates, and the model written
/// back with `to_json` reads again.
pub fn scenario(data: &[u8]) {
    let text = text(data);
    let loaded = load(&text);
    assert_spans_inside(&text, &loaded.diagnostics);
    if let Some(s) = &loaded.scenario {
        let _ = evaluate_scenario(s);
        let written = to_json(s);
        assert!(
            load(&written).scenario.is_some(),
            "a scenario written by to_json does not read back"
        );
    }
}

/// Share-link text: decoding is bounded and never panics, a decoded scenario loads and
/// evaluates, and any text of at most the link limit survives encode → decode as its
/// minified form (`share::encode` minifies the JSON it is given: whitespace outside strings
/// goes, so a text that is not JSON, say a tab between two quoted pieces, comes back without
/// it; found by the fuzz smoke, `fuzz/regressions/link/minified-tab`).
pub fn link(data: &[u8]) {
    let text = text(data);
    if let Ok(json) = share::decode_json(&text) {
        if let Some(s) = &load(&json).scenario {
            let _ = evaluate_scenario(s);
        }
    }
    if text.len() <= share::MAX_JSON_LEN {
        let encoded = share::encode(&text);
        if encoded.len() <= share::MAX_LINK_LEN {
            assert_eq!(
                share::decode(&encoded).ok().as_deref(),
                Some(minify(&text).as_str()),
                "encode then decode changed the text beyond minifying it"
            );
        }
    }
}

/// `rolecall simulate` lines: each gives one result line, which is JSON; and each reads the same
/// (request, policies, warnings, or error message and offset) through the scan that finds a
/// line's members (`simulate/scan.rs`, with the cache's known policies of the lines before) as
/// through serde_json alone.
pub fn simulate(data: &[u8]) {
    let text = text(data);
    let mut cache = PolicyCache::new();
    let (mut scanned, mut careful) = (PolicyCache::new(), PolicyCache::new());
    for (i, line) in text.lines().enumerate() {
        assert_eq!(
            format!("{:?}", parse_line(line, &mut scanned)),
            format!("{:?}", parse_line_carefully(line, &mut careful)),
            "the scan and serde_json read a line differently: {line}"
        );
        for explain in [false, true] {
            let out = simulate_line(line, i + 1, explain, &mut cache);
            assert!(
                !out.json.contains('\n'),
                "a result line holds a newline: {}",
                out.json
            );
            assert!(
                out.json.starts_with('{') && out.json.ends_with('}'),
                "a result line is not a JSON object: {}",
                out.json
            );
        }
    }
}

/// A policy (first line) against the action, resource and principal of the next lines, as an
/// identity and as a resource policy: the fast decision-only path and the explaining path must
/// decide the same.
pub fn evaluate(data: &[u8]) {
    let text = text(data);
    let mut lines = text.splitn(4, '\n');
    let policy_text = lines.next().unwrap_or_default();
    let action = lines.next().unwrap_or("s3:GetObject");
    let resource = lines.next().unwrap_or("arn:aws:s3:::bkt/k");
    let principal = lines
        .next()
        .unwrap_or("arn:aws:iam::111111111111:user/alice");
    let request = request(action, resource, principal);
    for kind in [PolicyKind::Identity, PolicyKind::Resource, PolicyKind::Scp] {
        let parsed = Arc::new(parse_policy(policy_text, kind).policy);
        let set = PolicySet::new().with_policy(NamedPolicy::new("p", kind, Arc::clone(&parsed)));
        let fast = evaluate_with(&request, &set, Detail::DecisionOnly).decision;
        let full = evaluate_with(&request, &set, Detail::Full).decision;
        assert_eq!(
            fast, full,
            "the decision-only and explaining paths disagree"
        );
    }
}

/// A pattern (first line) and a text (the rest): `wildcard_match` and the token matcher agree,
/// with and without case, and agree with a plain reference when both are short. Run with
/// libFuzzer's `-timeout` so that a slow match is a finding.
pub fn glob(data: &[u8]) {
    let text = text(data);
    let (pattern, subject) = text.split_once('\n').unwrap_or((text.as_str(), ""));
    let tokens = Pattern::from_glob(pattern);
    for case_insensitive in [false, true] {
        let by_text = wildcard_match(pattern, subject, case_insensitive);
        assert_eq!(
            by_text,
            tokens.matches(subject, case_insensitive),
            "string and token matchers disagree"
        );
        if !case_insensitive && pattern.chars().count() <= 48 && subject.chars().count() <= 48 {
            assert_eq!(
                by_text,
                reference(pattern, subject),
                "the matcher disagrees with the reference"
            );
        }
    }
}

/// The plain dynamic-programming glob (case-sensitive), for short inputs.
fn reference(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // row[j]: whether p[i..] matches t[j..], computed from the last pattern position back.
    let mut next = vec![false; t.len() + 1];
    if let Some(last) = next.last_mut() {
        *last = true;
    }
    for &pc in p.iter().rev() {
        let mut row = vec![false; t.len() + 1];
        for j in (0..=t.len()).rev() {
            let here = match pc {
                '*' => next.get(j) == Some(&true) || row.get(j + 1) == Some(&true),
                '?' => j < t.len() && next.get(j + 1) == Some(&true),
                c => t.get(j) == Some(&c) && next.get(j + 1) == Some(&true),
            };
            if let Some(cell) = row.get_mut(j) {
                *cell = here;
            }
        }
        next = row;
    }
    next.first() == Some(&true)
}

/// Tokens that the structure-aware target writes into string values (also the fuzz
/// dictionary's tokens).
pub const TOKENS: &[&str] = &[
    "*",
    "?",
    "${*}",
    "${?}",
    "${$}",
    "${aws:username}",
    "${aws:PrincipalTag/team, 'x'}",
    "arn:aws:iam::111111111111:root",
    "arn:aws:iam::111111111111:role/R",
    "arn:aws:s3:::bkt/*",
    "arn:aws:s3:::*${aws:username}b*",
    "s3:Get*",
    "sts:AssumeRole",
    "sts:TagSession",
    "StringLike",
    "ForAllValues:StringLike",
    "ForAnyValue:StringEquals",
    "ArnLike",
    "aws:PrincipalTag/team",
    "aws:TagKeys",
    "Allow",
    "Deny",
    "2012-10-17",
    "2008-10-17",
    "2026-01-01T00:00:00Z",
    "203.0.113.0/24",
    "é?É*",
    "İ",
    "",
];

/// Edits a valid example as the bytes say and evaluates the result: the first byte picks the
/// example, then each pair of bytes picks a string literal of the text and an edit (replace it
/// with a token, repeat it, append a token, or empty it).
pub fn structured(data: &[u8]) {
    let Some((&pick, edits)) = data.split_first() else {
        return;
    };
    let Some(example) = EXAMPLES.get(usize::from(pick) % EXAMPLES.len().max(1)) else {
        return;
    };
    let mut text = example.text.to_owned();
    for pair in edits.chunks(2).take(64) {
        let (&which, &how) = match pair {
            [a, b] => (a, b),
            _ => continue,
        };
        let strings = string_literals(&text);
        let Some(&(start, end)) = strings.get(usize::from(which) % strings.len().max(1)) else {
            continue;
        };
        let old = text.get(start..end).unwrap_or_default().to_owned();
        let token = TOKENS
            .get(usize::from(how >> 2) % TOKENS.len())
            .copied()
            .unwrap_or_default();
        let new = match how & 3 {
            0 => token.to_owned(),
            1 => old.repeat(usize::from(how >> 2) % 8 + 1),
            2 => format!("{old}{token}"),
            _ => String::new(),
        };
        // Keep the text valid JSON: escape what the token adds.
        let new = new.replace('\\', "\\\\").replace('"', "\\\"");
        text.replace_range(start..end, &new);
        if text.len() > 2 * share::MAX_JSON_LEN {
            break;
        }
    }
    scenario(text.as_bytes());
}

/// The byte ranges of the contents of the string literals of a JSON text (without quotes).
fn string_literals(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        match (start, b) {
            (None, b'"') => start = Some(i + 1),
            (Some(_), _) if escaped => escaped = false,
            (Some(_), b'\\') => escaped = true,
            (Some(s), b'"') => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// An import input: if it imports, the scenario written back loads and evaluates.
pub fn import(data: &[u8]) {
    let text = text(data);
    let input = rolecall_import::Input {
        name: "fuzz.json",
        text: &text,
    };
    let imported = rolecall_import::import(&[input], &ManagedPolicies::new());
    if let Some(s) = &imported.scenario {
        let written = rolecall_import::to_text(s);
        if let Some(again) = &load(&written).scenario {
            let _ = evaluate_scenario(again);
        }
    }
}
