//! One test per IAM condition rule, named after the behaviour.

use super::*;

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

/// Rule 6 of `condition/mod.rs`: an unreadable policy value matches nothing, so a negated
/// operator (which needs the key to match none of its values) ignores it, exactly as it treats
/// a value whose variable has no value (IAM User Guide, "Policy variables with no value":
/// "Inverted condition operators like StringNotEquals or StringNotLike do match against a null
/// value").
#[test]
fn a_negated_operator_ignores_an_unreadable_policy_value() {
    check("NumericNotEquals", "n", &["ten"], &["n=1"], true);
    check("NumericNotEquals", "n", &["ten", "1"], &["n=1"], false);
    check(
        "DateNotEquals",
        "aws:CurrentTime",
        &["next tuesday"],
        &["aws:CurrentTime=2026-01-01T00:00:00Z"],
        true,
    );
    check(
        "NotIpAddress",
        "aws:SourceIp",
        &["10.0.0/8"],
        &["aws:SourceIp=10.1.2.3"],
        true,
    );
    check(
        "ArnNotLike",
        "aws:PrincipalArn",
        &["role/Admin"],
        &["aws:PrincipalArn=arn:aws:iam::111111111111:role/Admin"],
        true,
    );
    let c = condition("NumericNotEquals", "n", &["ten"]);
    let outcome = evaluate_condition(&c, &context(&["n=1"]), true);
    assert_eq!(
        outcome.diagnostics.first().map(|d| d.code),
        Some("invalid-condition-value")
    );
    assert!(
        outcome.reason.contains("never matches"),
        "{}",
        outcome.reason
    );
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
fn matched_values_point_at_the_deciding_policy_values() {
    let ctx = context(&["aws:TagKeys=[env,team]"]);
    let c = condition(
        "ForAnyValue:StringEquals",
        "aws:TagKeys",
        &["owner", "team", "env"],
    );
    assert_eq!(evaluate_condition(&c, &ctx, true).matched_values, [1, 2]);
    let c = condition("StringNotEquals", "k", &["a", "b"]);
    assert_eq!(
        evaluate_condition(&c, &context(&["k=b"]), true).matched_values,
        [1]
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

/// One case row: case number, operator, key, policy values, context entries, expected outcome.
type Case = (
    u32,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    bool,
);

/// The condition side of the cases of iam-semantics.md §7: each row is one condition of the
/// case's policy, the request context of the case, and whether that condition holds.
#[test]
#[rustfmt::skip]
fn semantics_cases() {
    let cases: [Case; 26] = [
        (15, "StringEquals", "aws:PrincipalTag/team", &["blue"], &["aws:PrincipalTag/team=blue"], true),
        (16, "StringEquals", "aws:PrincipalTag/team", &["blue"], &["aws:PrincipalTag/team=red"], false),
        (17, "StringNotEquals", "aws:PrincipalTag/team", &["red"], &[], true),
        (18, "Bool", "aws:MultiFactorAuthPresent", &["true"], &[], false),
        (19, "Bool", "aws:MultiFactorAuthPresent", &["false"], &[], false),
        (20, "BoolIfExists", "aws:MultiFactorAuthPresent", &["false"], &[], true),
        (21, "ForAllValues:StringEquals", "aws:TagKeys", &["env", "team"], &[], true),
        (22, "ForAllValues:StringEquals", "aws:TagKeys", &["env", "team"], &["aws:TagKeys=[env,owner]"], false),
        (23, "ForAnyValue:StringEquals", "aws:TagKeys", &["env"], &[], false),
        (24, "IpAddress", "aws:SourceIp", &["203.0.113.0/24"], &["aws:SourceIp=203.0.113.9"], true),
        (25, "IpAddress", "aws:SourceIp", &["203.0.113.0/24"], &["aws:SourceIp=198.51.100.1"], false),
        (26, "IpAddress", "aws:SourceIp", &["2001:db8::/32"], &["aws:SourceIp=2001:db8::1"], true),
        (27, "DateLessThan", "aws:CurrentTime", &["2026-01-01T00:00:00Z"], &["aws:CurrentTime=2025-06-01T00:00:00Z"], true),
        (28, "DateLessThan", "aws:CurrentTime", &["2026-01-01T00:00:00Z"], &["aws:CurrentTime=2026-06-01T00:00:00Z"], false),
        (29, "NumericLessThanEquals", "aws:MultiFactorAuthAge", &["3600"], &["aws:MultiFactorAuthAge=7200"], false),
        (30, "Null", "aws:TokenIssueTime", &["true"], &[], true),
        (31, "StringLike", "s3:prefix", &["home/", "home/alice/*"], &["s3:prefix=home/alice/docs"], true),
        (32, "StringEquals", "aws:PrincipalTag/team", &["blue"], &["aws:PrincipalTag/team=blue", "aws:RequestedRegion=us-east-1"], true),
        (32, "StringEquals", "aws:RequestedRegion", &["eu-west-1"], &["aws:PrincipalTag/team=blue", "aws:RequestedRegion=us-east-1"], false),
        (33, "ArnLike", "aws:PrincipalArn", &["arn:aws:iam::111111111111:user/al*"], &["aws:PrincipalArn=arn:aws:iam::111111111111:user/alice"], true),
        (56, "StringEquals", "sts:ExternalId", &["ext-1"], &["sts:ExternalId=ext-1"], true),
        (57, "StringEquals", "sts:ExternalId", &["ext-1"], &[], false),
        (58, "BoolIfExists", "aws:MultiFactorAuthPresent", &["false"], &[], true),
        (61, "StringLike", "token.actions.githubusercontent.com:sub", &["repo:acme/app:ref:refs/heads/main"], &["token.actions.githubusercontent.com:sub=repo:acme/app:ref:refs/heads/main"], true),
        (62, "StringLike", "token.actions.githubusercontent.com:sub", &["repo:acme/app:ref:refs/heads/main"], &["token.actions.githubusercontent.com:sub=repo:evil/app:ref:refs/heads/main"], false),
        (69, "StringEquals", "aws:PrincipalTag/team", &["red"], &["aws:PrincipalTag/team=red"], true),
    ];
    for (case, operator, key, values, entries, expected) in cases {
        let c = condition(operator, key, values);
        let ctx = context(entries);
        let outcome = evaluate_condition(&c, &ctx, true);
        assert_eq!(outcome.holds, expected, "case {case}: {}", outcome.reason);
        assert_eq!(condition_holds(&c, &ctx, true), expected, "case {case} (fast path)");
    }
}

/// Why: "You can add `IfExists` to the end of any condition operator name except the `Null`
/// condition [...] If the key is not present, evaluate the condition element as true" (IAM User
/// Guide, "IAM JSON policy elements: Condition operators", "...IfExists condition operators");
/// a set operator does not change that (the reference simulator answers false: deviation
/// `for-any-value-if-exists-missing-key` in tests/oracle/deviations.md).
#[test]
fn for_any_value_if_exists_is_true_when_the_key_is_missing() {
    check(
        "ForAnyValue:StringLikeIfExists",
        "aws:TagKeys",
        &["e*"],
        &[],
        true,
    );
    check(
        "ForAnyValue:StringEqualsIgnoreCaseIfExists",
        "aws:PrincipalServiceNamesList",
        &["ec2.amazonaws.com"],
        &[],
        true,
    );
    check("ForAnyValue:StringLike", "aws:TagKeys", &["e*"], &[], false);
}

/// Why: IP address values are CIDR blocks (IAM User Guide, "IP address condition operators":
/// "The value must be in the standard CIDR format"), and the `/0` block holds every IPv4
/// address (RFC 4632 §3.1: the prefix length is the number of leading bits that must match,
/// none for `/0`). The reference simulator reads `0.0.0.0/0` as holding nothing (deviation
/// `ipv4-zero-prefix`).
#[test]
fn a_zero_prefix_holds_every_ipv4_address() {
    check(
        "IpAddress",
        "aws:SourceIp",
        &["0.0.0.0/0"],
        &["aws:SourceIp=10.1.2.3"],
        true,
    );
    check(
        "NotIpAddress",
        "aws:SourceIp",
        &["0.0.0.0/0"],
        &["aws:SourceIp=203.0.113.9"],
        false,
    );
}

/// Why: an IPv4 address is in no IPv6 range (and the reverse), so `NotIpAddress` holds for it
/// ("IP address condition operators": `NotIpAddress` is "negated matching for IP address or
/// range"). The reference simulator makes it fail (deviation `ip-version-mismatch`).
#[test]
fn an_address_of_the_other_ip_version_is_outside_every_range() {
    check(
        "NotIpAddress",
        "aws:SourceIp",
        &["2001:db8::/32"],
        &["aws:SourceIp=198.51.100.1"],
        true,
    );
    check(
        "IpAddress",
        "aws:SourceIp",
        &["10.0.0.0/8"],
        &["aws:SourceIp=2001:db8::1"],
        false,
    );
}

/// Why: a multivalued key with no values is read as missing (rule 2 in `condition/mod.rs`),
/// so `Null: true` holds for it (deviation `null-on-an-empty-list` for the reference
/// simulator, which reads it as present).
#[test]
fn null_reads_an_empty_list_as_a_missing_key() {
    check("Null", "aws:TagKeys", &["true"], &["aws:TagKeys=[]"], true);
    check(
        "Null",
        "aws:TagKeys",
        &["false"],
        &["aws:TagKeys=[]"],
        false,
    );
}

/// Why: rule 6 in `condition/mod.rs` (an unreadable policy value equals nothing, so a negated
/// operator holds); deviation `negated-operator-unreadable-value`.
#[test]
fn a_negated_arn_operator_ignores_a_value_that_is_not_an_arn() {
    check(
        "ArnNotEquals",
        "aws:PrincipalArn",
        &["nobody"],
        &["aws:PrincipalArn=arn:aws:iam::111111111111:role/Dev"],
        true,
    );
}
