//! The explanations a learner reads, reviewed as an insta snapshot.

use super::*;

/// The sentences a learner reads, one per situation, reviewed as a snapshot.
#[test]
#[rustfmt::skip]
fn reasons_snapshot() {
    let rows: [(&str, &str, &[&str], &[&str]); 16] = [
        ("StringEquals", "aws:PrincipalTag/team", &["blue"], &["aws:PrincipalTag/team=red"]),
        ("StringNotEquals", "aws:PrincipalTag/team", &["red"], &[]),
        ("StringEqualsIgnoreCase", "aws:PrincipalTag/team", &["BLUE", "green"], &["aws:PrincipalTag/team=blue"]),
        ("StringLike", "s3:prefix", &["home/${aws:username}/*"], &["s3:prefix=home/bob/x", "aws:username=alice"]),
        ("StringEquals", "s3:prefix", &["home/${aws:username}"], &["s3:prefix=home/"]),
        ("NumericLessThanEquals", "aws:MultiFactorAuthAge", &["3600"], &["aws:MultiFactorAuthAge=7200"]),
        ("NumericLessThan", "aws:MultiFactorAuthAge", &["ten"], &["aws:MultiFactorAuthAge=7200"]),
        ("DateLessThan", "aws:CurrentTime", &["2026-01-01T00:00:00Z"], &["aws:CurrentTime=2025-06-01T00:00:00Z"]),
        ("Bool", "aws:MultiFactorAuthPresent", &["false"], &[]),
        ("BoolIfExists", "aws:MultiFactorAuthPresent", &["false"], &[]),
        ("IpAddress", "aws:SourceIp", &["203.0.113.0/24"], &["aws:SourceIp=198.51.100.1"]),
        ("Null", "aws:TokenIssueTime", &["true"], &[]),
        ("ForAllValues:StringEquals", "aws:TagKeys", &["env", "team"], &[]),
        ("ForAllValues:StringEquals", "aws:TagKeys", &["env", "team"], &["aws:TagKeys=[env,owner]"]),
        ("ForAnyValue:StringEquals", "aws:TagKeys", &["env"], &[]),
        ("StringEquals", "aws:TagKeys", &["env"], &["aws:TagKeys=[env,team]"]),
    ];
    let mut out = String::new();
    for (operator, key, values, entries) in rows {
        let outcome = evaluate_condition(&condition(operator, key, values), &context(entries), true);
        out.push_str(&format!(
            "{operator} {key} {values:?} with {entries:?}\n  holds: {}\n  reason: {}\n  diagnostics: {:?}\n\n",
            outcome.holds,
            outcome.reason,
            outcome.diagnostics.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
        ));
    }
    insta::assert_snapshot!(out);
}
