//! Every diagnostic code of the policy reader and validator is documented in
//! `docs/diagnostics.md` and has a rendered snapshot case in `tests/diagnostics.rs`.

/// The codes the policy reader and validator can produce, read from the constructor sources.
fn codes_in_source() -> Vec<String> {
    let mut codes: Vec<String> = severities_in_source()
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

#[test]
fn every_diagnostic_code_is_documented_and_snapshotted() {
    let doc = include_str!("../../../docs/diagnostics.md");
    let snapshots = include_str!("diagnostics.rs");
    let codes = codes_in_source();
    assert!(codes.len() > 40, "{codes:?}");
    for code in &codes {
        assert!(
            doc.contains(&format!("`{code}`")),
            "`{code}` is not in docs/diagnostics.md"
        );
        assert!(
            snapshots.contains(&format!("\"{code}\"")),
            "`{code}` has no snapshot case"
        );
    }
}

/// The severity each constructor gives its code: `Error`, `Warning`, `Info`, or `param` when
/// the caller passes it (`duplicate-sid`, an error only in IAM policies, SCPs and RCPs).
fn severities_in_source() -> Vec<(String, String)> {
    let sources = [
        include_str!("../src/diagnostic/json.rs"),
        include_str!("../src/diagnostic/policy.rs"),
        include_str!("../src/diagnostic/principal.rs"),
        include_str!("../src/diagnostic/security.rs"),
    ];
    let mut found = Vec::new();
    for source in sources {
        let lines: Vec<&str> = source.lines().map(str::trim).collect();
        for (i, line) in lines.iter().enumerate() {
            let previous = i.checked_sub(1).and_then(|p| lines.get(p)).unwrap_or(&"");
            let severity = if *previous == "severity," {
                Some("param".to_owned())
            } else {
                previous
                    .strip_prefix("Severity::")
                    .map(|s| s.trim_end_matches(',').to_owned())
            };
            let quoted = line
                .strip_prefix('"')
                .and_then(|l| l.strip_suffix("\","))
                .filter(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'));
            if let (Some(code), Some(severity)) = (quoted, severity) {
                found.push((code.to_owned(), severity));
            }
            if let Some((_, code)) = line.split_once("=> \"both-") {
                found.push((
                    format!("both-{}", code.trim_end_matches("\",")),
                    "Error".to_owned(),
                ));
            }
        }
    }
    found
}

/// "Refuse only what AWS refuses" (issue 10, iam-semantics.md §9): the policy diagnostics that
/// are errors are exactly the refusal rules of `diagnostic/refusal.rs`, and docs/diagnostics.md
/// lists exactly those codes in its refusal table.
#[test]
fn refusal_rules_severities_and_docs_agree() {
    use rolecall_core::diagnostic::refusal::{REFUSALS, rule_of};
    let found = severities_in_source();
    assert!(found.len() > 40, "{found:?}");
    for (code, severity) in &found {
        let refusal = rule_of(code).is_some();
        let error = severity == "Error" || severity == "param";
        assert_eq!(
            refusal, error,
            "`{code}` is {severity}: a policy error must be a refusal rule and vice versa"
        );
    }
    for rule in REFUSALS {
        assert!(
            found.iter().any(|(code, _)| code == rule.code),
            "refusal rule `{}` has no constructor",
            rule.code
        );
        assert!(!rule.source.is_empty());
    }
    let doc = include_str!("../../../docs/diagnostics.md");
    let section = doc
        .split("## Refusal rules")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or_default();
    let mut documented: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| l.split(" | ").next())
        .flat_map(|first| first.split('`').skip(1).step_by(2))
        .collect();
    documented.sort_unstable();
    let mut table: Vec<&str> = REFUSALS.iter().map(|r| r.code).collect();
    table.sort_unstable();
    assert_eq!(documented, table, "docs/diagnostics.md refusal table");
}
