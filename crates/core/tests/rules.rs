//! One test per IAM rule, named after the behaviour, each running one line of the corpora
//! (`corpus/semantics.jsonl` for the §7 checklist, `corpus/rules.jsonl` for further rules) on
//! both the fast and the fully explained path.
#![expect(
    clippy::indexing_slicing,
    reason = "indexing a serde_json::Value never panics (a missing key gives null)"
)]

use rolecall_core::simulate::{PolicyCache, simulate_line};
use serde_json::Value;

const CORPORA: [&str; 3] = [
    include_str!("corpus/semantics.jsonl"),
    include_str!("corpus/rules.jsonl"),
    include_str!("corpus/sts.jsonl"),
];

/// Runs the corpus line whose `case` is `case` and checks it gives its `expect`.
fn check(case: &str) {
    let found = CORPORA
        .iter()
        .flat_map(|c| c.lines().enumerate())
        .find(|(_, line)| {
            let v: Value = serde_json::from_str(line).unwrap_or_default();
            v["case"].to_string().trim_matches('"') == case
        });
    assert!(found.is_some(), "case {case} is in a corpus");
    let Some((i, line)) = found else { return };
    let v: Value = serde_json::from_str(line).unwrap_or_default();
    let expect = v["expect"].as_str().unwrap_or_default();
    let mut cache = PolicyCache::new();
    for explain in [false, true] {
        let result = simulate_line(line, i + 1, explain, &mut cache);
        assert_eq!(
            result.decision, expect,
            "case {case} ({}), explain={explain}: {}",
            v["why"], result.json
        );
    }
}

/// The rule that decided: the last step of the explanation in `json` that applied (a deny
/// ends the procedure at its step; an allow rests on the last rule that had something to check,
/// such as `identityPolicies` when no boundary or session policy follows).
fn deciding_rule(json: &str) -> String {
    let v: Value = serde_json::from_str(json).unwrap_or_default();
    v["explanation"]["steps"]
        .as_array()
        .and_then(|steps| {
            steps
                .iter()
                .rev()
                .find(|step| step["outcome"] != "notApplicable")
        })
        .and_then(|step| step["rule"].as_str())
        .unwrap_or_default()
        .to_owned()
}

/// Every line of both corpora names the rule of the decision procedure that decides it
/// (`rule`, see [`deciding_rule`]), so that a case cannot reach its expected decision by the
/// wrong rule.
#[test]
fn every_case_is_decided_by_the_rule_it_names() {
    for corpus in CORPORA {
        for (i, line) in corpus.lines().enumerate() {
            let v: Value = serde_json::from_str(line).unwrap_or_default();
            let case = &v["case"];
            let expected = v["rule"].as_str();
            assert!(
                expected.is_some(),
                "case {case} names the `rule` that decides it"
            );
            let result = simulate_line(line, i + 1, true, &mut PolicyCache::new());
            assert_eq!(
                Some(deciding_rule(&result.json).as_str()),
                expected,
                "case {case} ({}): {}",
                v["why"],
                result.json
            );
        }
    }
}

#[test]
fn an_identity_allow_on_the_object_allows() {
    check("1");
}

#[test]
fn action_names_are_case_insensitive() {
    check("2");
}

#[test]
fn resource_arns_are_case_sensitive() {
    check("3");
}

#[test]
fn an_explicit_deny_beats_an_allow() {
    check("4");
}

#[test]
fn not_action_with_allow_grants_every_other_action() {
    check("5");
}

#[test]
fn not_action_with_allow_excludes_the_listed_actions() {
    check("6");
}

#[test]
fn deny_with_not_action_denies_every_other_action() {
    check("7");
}

#[test]
fn not_resource_with_allow_grants_every_other_resource() {
    check("8");
}

#[test]
fn variables_are_substituted_under_2012_10_17() {
    check("11");
}

#[test]
fn variables_are_literal_under_2008_10_17() {
    check("12");
}

#[test]
fn aws_username_is_absent_for_role_sessions() {
    check("13");
}

#[test]
fn a_variable_default_applies_when_the_key_is_absent() {
    check("14");
}

#[test]
fn a_negated_operator_holds_on_a_missing_key() {
    check("17");
}

#[test]
fn a_deny_on_mfa_false_does_not_match_access_keys() {
    check("19");
}

#[test]
fn bool_if_exists_matches_an_absent_mfa_key() {
    check("20");
}

#[test]
fn for_all_values_holds_vacuously_without_the_key() {
    check("21");
}

#[test]
fn for_any_value_is_false_without_the_key() {
    check("23");
}

#[test]
fn several_keys_under_one_operator_are_anded() {
    check("32");
}

#[test]
fn a_same_account_resource_policy_naming_the_user_is_enough() {
    check("34");
}

#[test]
fn a_resource_policy_naming_the_account_needs_an_identity_allow() {
    check("35");
}

#[test]
fn cross_account_access_needs_the_identity_side() {
    check("36");
}

#[test]
fn cross_account_access_needs_the_resource_side() {
    check("38");
}

#[test]
fn a_resource_policy_naming_the_session_bypasses_the_boundary() {
    check("39");
}

#[test]
fn a_resource_policy_naming_the_role_is_limited_by_the_boundary() {
    check("40");
}

#[test]
fn a_resource_policy_naming_the_role_needs_no_identity_allow() {
    check("40b");
}

#[test]
fn a_resource_policy_deny_beats_an_identity_allow() {
    check("41");
}

#[test]
fn a_boundary_limits_the_identity_policy() {
    check("42");
}

#[test]
fn a_boundary_never_grants() {
    check("44");
}

#[test]
fn a_session_policy_limits_the_role() {
    check("45");
}

#[test]
fn every_scp_level_must_allow() {
    check("46");
}

#[test]
fn the_management_account_ignores_scps() {
    check("47");
}

#[test]
fn a_deny_in_an_account_level_scp_wins() {
    check("48");
}

#[test]
fn an_scp_never_grants() {
    check("49");
}

#[test]
fn a_trust_naming_the_user_needs_no_identity_allow() {
    check("50");
}

#[test]
fn a_trust_naming_only_the_account_needs_an_identity_allow() {
    check("51");
}

#[test]
fn the_trust_policy_is_always_required() {
    check("53");
}

#[test]
fn cross_account_assume_role_needs_the_identity_side() {
    check("54");
}

#[test]
fn the_external_id_must_match() {
    check("56");
}

#[test]
fn a_trust_deny_on_mfa_catches_access_keys() {
    check("58");
}

#[test]
fn a_service_named_in_the_trust_may_assume_the_role() {
    check("59");
}

#[test]
fn a_trust_naming_a_service_does_not_let_a_user_in() {
    check("60");
}

#[test]
fn a_web_identity_trust_does_not_allow_a_plain_assume_role() {
    check("63");
}

#[test]
fn the_root_user_cannot_assume_roles() {
    check("65");
}

#[test]
fn a_key_policy_naming_the_user_is_enough() {
    check("70");
}

#[test]
fn the_key_policy_is_required() {
    check("71");
}

#[test]
fn a_key_policy_delegating_to_the_account_lets_iam_decide() {
    check("72");
}

/// "RCPFullAWSAccess ... is automatically attached to the root, every OU, and every account
/// ... you can't detach it" (AWS Organizations User Guide, "Resource control policies
/// (RCPs)", "RCP evaluation"): an RCP level always allows, custom RCPs can only deny.
#[test]
fn an_rcp_level_holding_only_a_deny_still_allows() {
    check("rcp-level-with-only-a-deny");
}

#[test]
fn rcp_every_level_allows() {
    check("rcp-every-level-allows");
}

#[test]
fn rcp_deny() {
    check("rcp-deny");
}

#[test]
fn rcp_unsupported_service() {
    check("rcp-unsupported-service");
}

#[test]
fn rcp_management_account() {
    check("rcp-management-account");
}

#[test]
fn scp_service_linked_role() {
    check("scp-service-linked-role");
}

#[test]
fn scp_service_linked_role_flag() {
    check("scp-service-linked-role-flag");
}

#[test]
fn scp_empty_level() {
    check("scp-empty-level");
}

#[test]
fn scp_applies_to_root_user() {
    check("scp-applies-to-root-user");
}

#[test]
fn root_full_access() {
    check("root-full-access");
}

#[test]
fn root_cross_account() {
    check("root-cross-account");
}

#[test]
fn root_cross_account_granted() {
    check("root-cross-account-granted");
}

#[test]
fn anonymous_public_bucket() {
    check("anonymous-public-bucket");
}

#[test]
fn anonymous_no_policy() {
    check("anonymous-no-policy");
}

#[test]
fn wildcard_principal_same_account() {
    check("wildcard-principal-same-account");
}

#[test]
fn session_arn_cross_account() {
    check("session-arn-cross-account");
}

#[test]
fn role_grant_session_policy() {
    check("role-grant-session-policy");
}

#[test]
fn session_grant_session_policy() {
    check("session-grant-session-policy");
}

#[test]
fn a_wildcard_grant_is_limited_by_the_session_policy() {
    check("wildcard-grant-session-policy");
}

#[test]
fn a_wildcard_grant_needs_no_identity_policy_once_the_session_policy_allows() {
    check("wildcard-grant-session-policy-allows");
}

#[test]
fn a_wildcard_grant_is_not_limited_by_the_boundary() {
    check("wildcard-grant-boundary");
}

#[test]
fn a_wildcard_trust_is_limited_by_the_callers_session_policy() {
    check("wildcard-trust-session-policy");
}

#[test]
fn a_wildcard_grant_is_limited_by_a_federated_users_session_policy() {
    check("wildcard-grant-federated-user-session-policy");
}

#[test]
fn trust_names_role_of_session() {
    check("trust-names-role-of-session");
}

#[test]
fn trust_names_role_of_session_boundary() {
    check("trust-names-role-of-session-boundary");
}

#[test]
fn no_trust_policy() {
    check("no-trust-policy");
}

#[test]
fn no_key_policy() {
    check("no-key-policy");
}

// VPC endpoint policies. Why: "An endpoint policy does not override or replace identity-based
// policies or resource-based policies" and it controls "which AWS principals can use the
// endpoint" (Amazon VPC, "Control access to VPC endpoints using endpoint policies");
// `aws:SourceVpce` is present only for requests through an endpoint ("AWS global condition
// context keys").

#[test]
fn a_deny_in_the_vpc_endpoint_policy_denies() {
    check("vpc-endpoint-deny-denies");
}

#[test]
fn the_vpc_endpoint_policy_must_allow_too() {
    check("vpc-endpoint-must-allow");
}

#[test]
fn a_request_allowed_by_identity_and_endpoint_policies_is_allowed() {
    check("vpc-endpoint-allows");
}

#[test]
fn a_vpc_endpoint_policy_never_grants() {
    check("vpc-endpoint-never-grants");
}

#[test]
fn a_vpc_endpoint_policy_limits_who_uses_the_endpoint() {
    check("vpc-endpoint-names-the-principal");
}

#[test]
fn a_request_through_an_endpoint_carries_source_vpce() {
    check("vpc-endpoint-sets-source-vpce");
}

#[test]
fn a_request_without_an_endpoint_has_no_source_vpce() {
    check("vpc-endpoint-absent-no-source-vpce");
}

#[test]
fn tag_session_needs_trust() {
    check("tag-session-needs-trust");
}

#[test]
fn tag_session_allowed() {
    check("tag-session-allowed");
}

#[test]
fn service_without_trust() {
    check("service-without-trust");
}

#[test]
fn not_principal_deny_needs_session() {
    check("not-principal-deny-needs-session");
}

#[test]
fn not_principal_deny_with_session() {
    check("not-principal-deny-with-session");
}

#[test]
fn resource_account_from_arn() {
    check("resource-account-from-arn");
}

#[test]
fn resource_account_assumed() {
    check("resource-account-assumed");
}

#[test]
fn not_principal_deny_with_boundary() {
    check("not-principal-deny-with-boundary");
}

#[test]
fn web_identity_trusted_repo() {
    check("web-identity-trusted-repo");
}

#[test]
fn web_identity_other_repo() {
    check("web-identity-other-repo");
}

#[test]
fn a_literal_star_variable_is_not_a_wildcard() {
    check("literal-star-variable-is-not-a-wildcard");
}

#[test]
fn a_literal_star_variable_matches_a_star() {
    check("literal-star-variable-matches-a-star");
}

#[test]
fn a_substituted_value_is_literal_text() {
    check("substituted-value-is-literal");
}

/// AWS STS API Reference, GetCallerIdentity: "No permissions are required to perform this
/// operation. If an administrator attaches a policy to your identity that explicitly denies
/// access to the `sts:GetCallerIdentity` action, you can still perform this operation."
#[test]
fn get_caller_identity_is_allowed_even_against_an_explicit_deny() {
    check("get-caller-identity-despite-deny");
}

/// IAM User Guide, "Permissions for GetSessionToken": "You cannot use policies to control
/// authentication operations."
#[test]
fn get_session_token_by_an_iam_user_is_not_controlled_by_policies() {
    check("get-session-token-by-a-user");
}

/// IAM User Guide, "Compare AWS STS credentials": only IAM users and the root user call
/// GetSessionToken.
#[test]
fn a_role_session_cannot_call_get_session_token() {
    check("get-session-token-by-a-role-session");
}

/// AWS KMS Developer Guide, "IAM policies": actions on `*` need no key policy.
#[test]
fn kms_list_keys_is_decided_by_iam_policies_alone() {
    check("kms-list-keys-by-iam-alone");
}

/// AWS KMS Developer Guide, "Controlling access to aliases": alias permissions are in IAM
/// policies.
#[test]
fn a_kms_alias_operation_is_decided_by_iam_policies_alone() {
    check("kms-alias-by-iam-alone");
}

/// AWS KMS Developer Guide, "Controlling access to aliases": `kms:CreateAlias` on the key
/// needs the key policy.
#[test]
fn kms_create_alias_on_the_key_needs_the_key_policy() {
    check("kms-create-alias-on-the-key-needs-the-key-policy");
}
