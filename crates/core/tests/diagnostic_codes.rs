//! Every diagnostic code of the policy reader and validator is documented in
//! `docs/diagnostics.md` and has a rendered snapshot case in `tests/diagnostics.rs`.

/// The codes the policy reader and validator can produce, read from the constructor sources.
fn codes_in_source() -> Vec<String> {
    let sources = [
        include_str!("../src/diagnostic/json.rs"),
        include_str!("../src/diagnostic/policy.rs"),
        include_str!("../src/diagnostic/principal.rs"),
        include_str!("../src/diagnostic/security.rs"),
    ];
    let mut codes = Vec::new();
    for source in sources {
        let lines: Vec<&str> = source.lines().map(str::trim).collect();
        for (i, line) in lines.iter().enumerate() {
            let previous = i.checked_sub(1).and_then(|p| lines.get(p)).unwrap_or(&"");
            let after_severity = previous.contains("Severity::") || *previous == "severity,";
            let quoted = line
                .strip_prefix('"')
                .and_then(|l| l.strip_suffix("\","))
                .filter(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'));
            if let Some(code) = quoted.filter(|_| after_severity) {
                codes.push(code.to_owned());
            }
            if let Some((_, code)) = line.split_once("=> \"both-") {
                codes.push(format!("both-{}", code.trim_end_matches("\",")));
            }
        }
    }
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
