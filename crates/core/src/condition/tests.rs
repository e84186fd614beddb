//! Behaviour tests of condition evaluation, one per IAM rule.

use super::*;
use crate::policy::model::{BaseOperator, Condition, Operator, SetQualifier};
use crate::request::ContextSource;
use crate::span::{Span, Spanned};

/// Builds a condition from operator text such as `ForAnyValue:StringLikeIfExists`.
fn condition(operator: &str, key: &str, values: &[&str]) -> Condition {
    let (qualifier, rest) = if let Some(rest) = operator.strip_prefix("ForAllValues:") {
        (Some(SetQualifier::ForAllValues), rest)
    } else if let Some(rest) = operator.strip_prefix("ForAnyValue:") {
        (Some(SetQualifier::ForAnyValue), rest)
    } else {
        (None, operator)
    };
    let (base_text, if_exists) = match rest.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (rest, false),
    };
    let base = ALL_OPERATORS
        .iter()
        .find(|(name, _)| *name == base_text)
        .map(|(_, op)| *op);
    let mut offset = 100;
    Condition {
        operator_text: Spanned::new(operator.to_owned(), Span::new(0, operator.len())),
        operator: base.map(|base| Operator {
            qualifier,
            base,
            if_exists,
        }),
        key: Spanned::new(key.to_owned(), Span::new(50, 50 + key.len())),
        values: values
            .iter()
            .map(|v| {
                let span = Span::new(offset, offset + v.len());
                offset += v.len() + 10;
                Spanned::new((*v).to_owned(), span)
            })
            .collect(),
    }
}

const ALL_OPERATORS: [(&str, BaseOperator); 27] = {
    use BaseOperator as B;
    [
        ("StringEquals", B::StringEquals),
        ("StringNotEquals", B::StringNotEquals),
        ("StringEqualsIgnoreCase", B::StringEqualsIgnoreCase),
        ("StringNotEqualsIgnoreCase", B::StringNotEqualsIgnoreCase),
        ("StringLike", B::StringLike),
        ("StringNotLike", B::StringNotLike),
        ("NumericEquals", B::NumericEquals),
        ("NumericNotEquals", B::NumericNotEquals),
        ("NumericLessThan", B::NumericLessThan),
        ("NumericLessThanEquals", B::NumericLessThanEquals),
        ("NumericGreaterThan", B::NumericGreaterThan),
        ("NumericGreaterThanEquals", B::NumericGreaterThanEquals),
        ("DateEquals", B::DateEquals),
        ("DateNotEquals", B::DateNotEquals),
        ("DateLessThan", B::DateLessThan),
        ("DateLessThanEquals", B::DateLessThanEquals),
        ("DateGreaterThan", B::DateGreaterThan),
        ("DateGreaterThanEquals", B::DateGreaterThanEquals),
        ("Bool", B::Bool),
        ("BinaryEquals", B::BinaryEquals),
        ("IpAddress", B::IpAddress),
        ("NotIpAddress", B::NotIpAddress),
        ("ArnEquals", B::ArnEquals),
        ("ArnNotEquals", B::ArnNotEquals),
        ("ArnLike", B::ArnLike),
        ("ArnNotLike", B::ArnNotLike),
        ("Null", B::Null),
    ]
};

/// A context from `key=value` entries; `key=[a,b]` is multivalued, `key=[]` an empty list.
fn context(entries: &[&str]) -> Context {
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
fn check(operator: &str, key: &str, values: &[&str], entries: &[&str], expected: bool) {
    let outcome = evaluate_condition(&condition(operator, key, values), &context(entries), true);
    assert_eq!(
        outcome.holds, expected,
        "{operator} {key} {values:?} with {entries:?}: {}",
        outcome.reason
    );
}

#[test]
fn operator_table() {
    check(
        "StringEquals",
        "aws:PrincipalTag/team",
        &["blue"],
        &["aws:PrincipalTag/team=blue"],
        true,
    );
    check(
        "StringEquals",
        "aws:PrincipalTag/team",
        &["blue"],
        &["aws:PrincipalTag/team=red"],
        false,
    );
    check(
        "StringEquals",
        "aws:PrincipalTag/team",
        &["red", "blue"],
        &["aws:PrincipalTag/team=blue"],
        true,
    );
    check(
        "StringNotEquals",
        "aws:PrincipalTag/team",
        &["red"],
        &["aws:PrincipalTag/team=blue"],
        true,
    );
    check(
        "StringNotEquals",
        "aws:PrincipalTag/team",
        &["red", "blue"],
        &["aws:PrincipalTag/team=blue"],
        false,
    );
    check("StringEqualsIgnoreCase", "k", &["BLUE"], &["k=blue"], true);
    check(
        "StringNotEqualsIgnoreCase",
        "k",
        &["BLUE"],
        &["k=blue"],
        false,
    );
    check(
        "StringLike",
        "s3:prefix",
        &["home/", "home/alice/*"],
        &["s3:prefix=home/alice/docs"],
        true,
    );
    check(
        "StringNotLike",
        "s3:prefix",
        &["home/alice/*"],
        &["s3:prefix=home/bob/x"],
        true,
    );
    check(
        "IpAddress",
        "aws:SourceIp",
        &["203.0.113.0/24"],
        &["aws:SourceIp=203.0.113.9"],
        true,
    );
    check(
        "IpAddress",
        "aws:SourceIp",
        &["203.0.113.0/24"],
        &["aws:SourceIp=198.51.100.1"],
        false,
    );
    check(
        "NotIpAddress",
        "aws:SourceIp",
        &["203.0.113.0/24"],
        &["aws:SourceIp=198.51.100.1"],
        true,
    );
    check(
        "IpAddress",
        "aws:SourceIp",
        &["2001:db8::/32"],
        &["aws:SourceIp=2001:db8::1"],
        true,
    );
    check(
        "DateLessThan",
        "aws:CurrentTime",
        &["2026-01-01T00:00:00Z"],
        &["aws:CurrentTime=2025-06-01T00:00:00Z"],
        true,
    );
    check(
        "DateLessThan",
        "aws:CurrentTime",
        &["2026-01-01T00:00:00Z"],
        &["aws:CurrentTime=2026-06-01T00:00:00Z"],
        false,
    );
    check(
        "DateGreaterThan",
        "aws:EpochTime",
        &["2026-01-01"],
        &["aws:EpochTime=1767225601"],
        true,
    );
    check(
        "NumericLessThanEquals",
        "aws:MultiFactorAuthAge",
        &["3600"],
        &["aws:MultiFactorAuthAge=7200"],
        false,
    );
    check(
        "NumericLessThanEquals",
        "aws:MultiFactorAuthAge",
        &["3600"],
        &["aws:MultiFactorAuthAge=60"],
        true,
    );
    check("NumericNotEquals", "n", &["1", "2"], &["n=3"], true);
    check(
        "Bool",
        "aws:SecureTransport",
        &["true"],
        &["aws:SecureTransport=true"],
        true,
    );
    check(
        "Bool",
        "aws:SecureTransport",
        &["false"],
        &["aws:SecureTransport=true"],
        false,
    );
    check("BinaryEquals", "k", &["QmluYXJ5"], &["k=QmluYXJ5"], true);
    check(
        "ArnLike",
        "aws:PrincipalArn",
        &["arn:aws:iam::111111111111:user/al*"],
        &["aws:PrincipalArn=arn:aws:iam::111111111111:user/alice"],
        true,
    );
    check(
        "ArnNotLike",
        "aws:PrincipalArn",
        &["arn:aws:iam::111111111111:user/al*"],
        &["aws:PrincipalArn=arn:aws:iam::111111111111:user/bob"],
        true,
    );
    check(
        "ArnEquals",
        "aws:SourceArn",
        &["arn:aws:s3:::bkt"],
        &["aws:SourceArn=arn:aws:s3:::bkt"],
        true,
    );
    check(
        "ArnNotEquals",
        "aws:SourceArn",
        &["arn:aws:s3:::bkt"],
        &["aws:SourceArn=arn:aws:s3:::other"],
        true,
    );
}

#[test]
fn condition_keys_are_case_insensitive() {
    check(
        "StringEquals",
        "AWS:PRINCIPALTAG/TEAM",
        &["blue"],
        &["aws:PrincipalTag/team=blue"],
        true,
    );
}

#[test]
fn string_equals_is_case_sensitive() {
    check("StringEquals", "k", &["Blue"], &["k=blue"], false);
}

#[test]
fn positive_operator_is_false_when_key_missing() {
    for op in [
        "StringEquals",
        "StringLike",
        "NumericEquals",
        "DateEquals",
        "Bool",
        "IpAddress",
        "ArnLike",
        "BinaryEquals",
    ] {
        check(op, "k", &["x"], &[], false);
    }
}

#[test]
fn string_not_equals_is_true_when_key_missing() {
    check(
        "StringNotEquals",
        "aws:PrincipalTag/team",
        &["red"],
        &[],
        true,
    );
}

#[test]
fn negated_operators_are_true_when_key_missing() {
    for op in [
        "StringNotEquals",
        "StringNotEqualsIgnoreCase",
        "StringNotLike",
        "NumericNotEquals",
        "DateNotEquals",
        "NotIpAddress",
        "ArnNotEquals",
        "ArnNotLike",
    ] {
        check(op, "k", &["1"], &[], true);
    }
}

#[test]
fn bool_does_not_match_an_absent_key() {
    check("Bool", "aws:MultiFactorAuthPresent", &["false"], &[], false);
    check("Bool", "aws:MultiFactorAuthPresent", &["true"], &[], false);
}

#[test]
fn if_exists_is_true_when_key_missing() {
    check(
        "BoolIfExists",
        "aws:MultiFactorAuthPresent",
        &["false"],
        &[],
        true,
    );
    check("StringEqualsIfExists", "k", &["x"], &[], true);
}

#[test]
fn if_exists_evaluates_a_present_key_normally() {
    check(
        "BoolIfExists",
        "aws:MultiFactorAuthPresent",
        &["false"],
        &["aws:MultiFactorAuthPresent=true"],
        false,
    );
    check("StringEqualsIfExists", "k", &["x"], &["k=x"], true);
}

#[test]
fn null_true_holds_when_key_absent() {
    check("Null", "aws:TokenIssueTime", &["true"], &[], true);
    check(
        "Null",
        "aws:TokenIssueTime",
        &["true"],
        &["aws:TokenIssueTime=2026-01-01T00:00:00Z"],
        false,
    );
}

#[test]
fn null_false_holds_when_key_present() {
    check(
        "Null",
        "aws:TokenIssueTime",
        &["false"],
        &["aws:TokenIssueTime=x"],
        true,
    );
    check("Null", "aws:TokenIssueTime", &["false"], &[], false);
}

#[test]
fn for_all_values_is_true_when_key_missing() {
    check(
        "ForAllValues:StringEquals",
        "aws:TagKeys",
        &["env", "team"],
        &[],
        true,
    );
}

#[test]
fn for_all_values_is_true_when_key_empty() {
    check(
        "ForAllValues:StringEquals",
        "aws:TagKeys",
        &["env", "team"],
        &["aws:TagKeys=[]"],
        true,
    );
}

#[test]
fn for_all_values_needs_every_request_value_to_match() {
    check(
        "ForAllValues:StringEquals",
        "aws:TagKeys",
        &["env", "team"],
        &["aws:TagKeys=[env,team]"],
        true,
    );
    check(
        "ForAllValues:StringEquals",
        "aws:TagKeys",
        &["env", "team"],
        &["aws:TagKeys=[env,owner]"],
        false,
    );
}

#[test]
fn for_any_value_is_false_when_key_missing_or_empty() {
    check(
        "ForAnyValue:StringEquals",
        "aws:TagKeys",
        &["env"],
        &[],
        false,
    );
    check(
        "ForAnyValue:StringEquals",
        "aws:TagKeys",
        &["env"],
        &["aws:TagKeys=[]"],
        false,
    );
}

#[test]
fn for_any_value_needs_one_request_value_to_match() {
    check(
        "ForAnyValue:StringEquals",
        "aws:TagKeys",
        &["env"],
        &["aws:TagKeys=[owner,env]"],
        true,
    );
    check(
        "ForAnyValue:StringEquals",
        "aws:TagKeys",
        &["env"],
        &["aws:TagKeys=[owner,team]"],
        false,
    );
}

#[test]
fn negated_operators_with_qualifiers_combine_literally() {
    // ForAllValues:StringNotEquals: no request value equals any listed value.
    check(
        "ForAllValues:StringNotEquals",
        "aws:TagKeys",
        &["secret"],
        &["aws:TagKeys=[env,team]"],
        true,
    );
    check(
        "ForAllValues:StringNotEquals",
        "aws:TagKeys",
        &["secret"],
        &["aws:TagKeys=[env,secret]"],
        false,
    );
    // ForAnyValue:StringNotEquals: at least one request value equals none of the listed values.
    check(
        "ForAnyValue:StringNotEquals",
        "aws:TagKeys",
        &["secret"],
        &["aws:TagKeys=[secret,env]"],
        true,
    );
    check(
        "ForAnyValue:StringNotEquals",
        "aws:TagKeys",
        &["secret"],
        &["aws:TagKeys=[secret]"],
        false,
    );
}

#[test]
fn single_valued_operator_on_multivalued_key_does_not_match_and_warns() {
    let outcome = evaluate_condition(
        &condition("StringEquals", "aws:TagKeys", &["env"]),
        &context(&["aws:TagKeys=[env,team]"]),
        true,
    );
    assert!(!outcome.holds);
    assert_eq!(
        outcome.diagnostics.first().map(|d| d.code),
        Some("single-valued-operator-on-multivalued-key")
    );
    check(
        "StringNotEquals",
        "aws:TagKeys",
        &["env"],
        &["aws:TagKeys=[env,team]"],
        true,
    );
    check(
        "StringEquals",
        "aws:TagKeys",
        &["env"],
        &["aws:TagKeys=[env]"],
        true,
    );
}

#[test]
fn invalid_policy_value_never_matches_and_is_reported_at_its_span() {
    let c = condition("NumericLessThan", "n", &["ten"]);
    let outcome = evaluate_condition(&c, &context(&["n=1"]), true);
    assert!(!outcome.holds);
    let d = outcome.diagnostics.first();
    assert_eq!(d.map(|d| d.code), Some("invalid-condition-value"));
    assert_eq!(d.map(Diagnostic::span), c.values.first().map(|v| v.span));
}

#[test]
fn request_value_of_the_wrong_type_matches_nothing() {
    check(
        "IpAddress",
        "aws:SourceIp",
        &["0.0.0.0/0"],
        &["aws:SourceIp=not-an-ip"],
        false,
    );
    check("NumericEquals", "n", &["1"], &["n=one"], false);
}

#[test]
fn variables_are_substituted_in_condition_values() {
    check(
        "StringEquals",
        "s3:prefix",
        &["home/${aws:username}"],
        &["s3:prefix=home/alice", "aws:username=alice"],
        true,
    );
    check(
        "StringLike",
        "s3:prefix",
        &["home/${aws:username}/*"],
        &["s3:prefix=home/alice/x", "aws:username=alice"],
        true,
    );
    check(
        "StringEquals",
        "s3:prefix",
        &["home/${aws:username, 'none'}"],
        &["s3:prefix=home/none"],
        true,
    );
}

#[test]
fn variables_are_literal_when_disabled() {
    let c = condition("StringEquals", "s3:prefix", &["${aws:username}"]);
    let ctx = context(&["s3:prefix=${aws:username}", "aws:username=alice"]);
    assert!(evaluate_condition(&c, &ctx, false).holds);
    assert!(!evaluate_condition(&c, &ctx, true).holds);
}

#[test]
fn escaped_star_in_string_like_is_literal() {
    check("StringLike", "k", &["a${*}"], &["k=a*"], true);
    check("StringLike", "k", &["a${*}"], &["k=abc"], false);
}

#[test]
fn unresolved_variable_cannot_match() {
    check(
        "StringEquals",
        "k",
        &["${aws:username}"],
        &["k=alice"],
        false,
    );
    check(
        "StringEquals",
        "k",
        &["${aws:username}", "alice"],
        &["k=alice"],
        true,
    );
}

#[test]
fn negated_operator_matches_a_variable_with_no_value() {
    // "Policy variables with no value": a Deny on StringNotEquals with an unset tag denies.
    check(
        "StringNotEquals",
        "s3:ExistingObjectTag/Team",
        &["${aws:PrincipalTag/Team}"],
        &["s3:ExistingObjectTag/Team=red"],
        true,
    );
    check(
        "StringNotLike",
        "k",
        &["${aws:username}"],
        &["k=alice"],
        true,
    );
    check(
        "StringNotEquals",
        "k",
        &["${aws:username}", "alice"],
        &["k=alice"],
        false,
    );
}

#[test]
fn unknown_operator_never_holds() {
    check("StringEqualz", "k", &["x"], &["k=x"], false);
}

#[test]
fn reasons_read_like_sentences() {
    let outcome = evaluate_condition(
        &condition("StringEquals", "aws:PrincipalTag/team", &["blue"]),
        &context(&["aws:PrincipalTag/team=red"]),
        true,
    );
    assert_eq!(
        outcome.reason,
        "`aws:PrincipalTag/team` is `red`, expected one of `blue`; the condition does not hold"
    );
    assert_eq!(outcome.request_values, ["red"]);
    assert_eq!(outcome.policy_values, ["blue"]);
}

#[test]
fn arn_like_compares_part_by_part_unlike_string_like() {
    // The example of "Amazon Resource Name (ARN) condition operators".
    let pattern = "arn:aws:someservice:*:111122223333:finance/*";
    let value = "aws:SourceArn=arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
    check("StringLike", "aws:SourceArn", &[pattern], &[value], true);
    check("ArnLike", "aws:SourceArn", &[pattern], &[value], false);
}

#[test]
fn arn_equals_accepts_wildcards_like_arn_like() {
    check(
        "ArnEquals",
        "aws:SourceArn",
        &["arn:aws:sns:*:111111111111:topic"],
        &["aws:SourceArn=arn:aws:sns:eu-west-1:111111111111:topic"],
        true,
    );
}

/// Values that exercise every family: strings, wildcards, numbers, dates, booleans, base64,
/// addresses, ARNs and variables.
const SAMPLE_VALUES: [&str; 24] = [
    "blue",
    "Blue",
    "b*",
    "?lue",
    "",
    "10",
    "9.5",
    "-1",
    "ten",
    "2026-01-01T00:00:00Z",
    "1767225600",
    "true",
    "FALSE",
    "QmluYXJ5",
    "203.0.113.0/24",
    "203.0.113.9",
    "2001:db8::/32",
    "arn:aws:iam::111111111111:user/al*",
    "arn:aws:iam::111111111111:user/alice",
    "${k2}",
    "${k2, 'blue'}",
    "${missing}",
    "a${*}",
    "${k2}*",
];

fn sample_condition(op: usize, qualifier: u8, if_exists: bool, values: &[usize]) -> Condition {
    let (name, base) = ALL_OPERATORS[op % ALL_OPERATORS.len()];
    let qualifier = match qualifier % 3 {
        0 => None,
        1 => Some(SetQualifier::ForAllValues),
        _ => Some(SetQualifier::ForAnyValue),
    };
    Condition {
        operator_text: Spanned::new(name.to_owned(), Span::default()),
        operator: Some(Operator {
            qualifier,
            base,
            if_exists: if_exists && base != BaseOperator::Null,
        }),
        key: Spanned::new("K".to_owned(), Span::default()),
        values: values
            .iter()
            .map(|i| {
                Spanned::new(
                    SAMPLE_VALUES[i % SAMPLE_VALUES.len()].to_owned(),
                    Span::default(),
                )
            })
            .collect(),
    }
}

proptest::proptest! {
    #[test]
    fn condition_holds_agrees_with_evaluate_condition(
        op in 0usize..27,
        qualifier in 0u8..3,
        if_exists in proptest::bool::ANY,
        values in proptest::collection::vec(0usize..24, 1..4),
        request in proptest::option::of(proptest::collection::vec(0usize..24, 0..4)),
        k2 in proptest::option::of(0usize..24),
        variables in proptest::bool::ANY,
    ) {
        let condition = sample_condition(op, qualifier, if_exists, &values);
        let mut context = Context::new();
        if let Some(request) = request {
            let vs: Vec<String> = request.iter().map(|i| SAMPLE_VALUES[i % 24].to_owned()).collect();
            context.insert("k", ContextValue::Multi(vs), ContextSource::Given);
        }
        if let Some(i) = k2 {
            context.set("k2", SAMPLE_VALUES[i % 24]);
        }
        let slow = evaluate_condition(&condition, &context, variables);
        proptest::prop_assert_eq!(
            condition_holds(&condition, &context, variables),
            slow.holds,
            "{:?} with {:?}: {}", condition, context, slow.reason
        );
    }
}
