//! Tests of condition evaluation: helpers and the operator table; behaviours and agreement in submodules.

use super::*;

mod agreement;
mod behaviour;
mod reasons;
use crate::model::{BaseOperator, Condition, Operator, SetQualifier};
use crate::request::ContextSource;
use crate::span::{Span, Spanned};

/// Builds a condition from operator text such as `ForAnyValue:StringLikeIfExists`.
pub(super) fn condition(operator: &str, key: &str, values: &[&str]) -> Condition {
    let mut offset = 100;
    Condition::new(
        Spanned::new(operator.to_owned(), Span::new(0, operator.len())),
        Operator::parse(operator),
        Spanned::new(key.to_owned(), Span::new(50, 50 + key.len())),
        values
            .iter()
            .map(|v| {
                let span = Span::new(offset, offset + v.len());
                offset += v.len() + 10;
                Spanned::new((*v).to_owned(), span)
            })
            .collect(),
    )
}

/// A context from `key=value` entries; `key=[a,b]` is multivalued, `key=[]` an empty list.
pub(super) fn context(entries: &[&str]) -> Context {
    let mut c = Context::new();
    for entry in entries {
        let Some((key, value)) = entry.split_once('=') else {
            continue;
        };
        if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            let values = list
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            c.insert(key, ContextValue::Multi(values), ContextSource::Given);
        } else {
            c.set(key, value);
        }
    }
    c
}

/// Evaluates `operator key values` against `entries` and checks the outcome.
pub(super) fn check(operator: &str, key: &str, values: &[&str], entries: &[&str], expected: bool) {
    let outcome = evaluate_condition(&condition(operator, key, values), &context(entries), true);
    assert_eq!(
        outcome.holds, expected,
        "{operator} {key} {values:?} with {entries:?}: {}",
        outcome.reason
    );
}

#[test]
#[rustfmt::skip]
fn operator_table() {
    check("StringEquals", "aws:PrincipalTag/team", &["blue"], &["aws:PrincipalTag/team=blue"], true);
    check("StringEquals", "aws:PrincipalTag/team", &["blue"], &["aws:PrincipalTag/team=red"], false);
    check("StringEquals", "aws:PrincipalTag/team", &["red", "blue"], &["aws:PrincipalTag/team=blue"], true);
    check("StringNotEquals", "aws:PrincipalTag/team", &["red"], &["aws:PrincipalTag/team=blue"], true);
    check("StringNotEquals", "aws:PrincipalTag/team", &["red", "blue"], &["aws:PrincipalTag/team=blue"], false);
    check("StringEqualsIgnoreCase", "k", &["BLUE"], &["k=blue"], true);
    check("StringNotEqualsIgnoreCase", "k", &["BLUE"], &["k=blue"], false);
    check("StringLike", "s3:prefix", &["home/", "home/alice/*"], &["s3:prefix=home/alice/docs"], true);
    check("StringNotLike", "s3:prefix", &["home/alice/*"], &["s3:prefix=home/bob/x"], true);
    check("IpAddress", "aws:SourceIp", &["203.0.113.0/24"], &["aws:SourceIp=203.0.113.9"], true);
    check("IpAddress", "aws:SourceIp", &["203.0.113.0/24"], &["aws:SourceIp=198.51.100.1"], false);
    check("NotIpAddress", "aws:SourceIp", &["203.0.113.0/24"], &["aws:SourceIp=198.51.100.1"], true);
    check("IpAddress", "aws:SourceIp", &["2001:db8::/32"], &["aws:SourceIp=2001:db8::1"], true);
    check("DateLessThan", "aws:CurrentTime", &["2026-01-01T00:00:00Z"], &["aws:CurrentTime=2025-06-01T00:00:00Z"], true);
    check("DateLessThan", "aws:CurrentTime", &["2026-01-01T00:00:00Z"], &["aws:CurrentTime=2026-06-01T00:00:00Z"], false);
    check("DateGreaterThan", "aws:EpochTime", &["2026-01-01"], &["aws:EpochTime=1767225601"], true);
    check("NumericLessThanEquals", "aws:MultiFactorAuthAge", &["3600"], &["aws:MultiFactorAuthAge=7200"], false);
    check("NumericLessThanEquals", "aws:MultiFactorAuthAge", &["3600"], &["aws:MultiFactorAuthAge=60"], true);
    check("NumericNotEquals", "n", &["1", "2"], &["n=3"], true);
    check("Bool", "aws:SecureTransport", &["true"], &["aws:SecureTransport=true"], true);
    check("Bool", "aws:SecureTransport", &["false"], &["aws:SecureTransport=true"], false);
    check("BinaryEquals", "k", &["QmluYXJ5"], &["k=QmluYXJ5"], true);
    check("ArnLike", "aws:PrincipalArn", &["arn:aws:iam::111111111111:user/al*"], &["aws:PrincipalArn=arn:aws:iam::111111111111:user/alice"], true);
    check("ArnNotLike", "aws:PrincipalArn", &["arn:aws:iam::111111111111:user/al*"], &["aws:PrincipalArn=arn:aws:iam::111111111111:user/bob"], true);
    check("ArnEquals", "aws:SourceArn", &["arn:aws:s3:::bkt"], &["aws:SourceArn=arn:aws:s3:::bkt"], true);
    check("ArnNotEquals", "aws:SourceArn", &["arn:aws:s3:::bkt"], &["aws:SourceArn=arn:aws:s3:::other"], true);
}
