//! Policy size warnings use the quota of where the policy lives (IAM User Guide, "IAM and AWS
//! STS quotas"; iam-semantics.md §9): inline user 2,048, group 5,120, role 10,240 for all of a
//! role's inline policies together, managed 6,144, trust 2,048.

use rolecall_core::scenario::load;

/// A policy of about `size` characters (no white space): one statement listing many actions.
fn policy(size: usize) -> String {
    let head = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*","Action":["#;
    let mut text = head.to_owned();
    let mut i = 0;
    while text.len() + 30 < size {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!("\"s3:GetObjectNumber{i:06}\""));
        i += 1;
    }
    text.push_str("]}}");
    text
}

/// The `policy-too-large` messages of a scenario with one identity `arn` holding `policies`.
fn size_warnings(arn: &str, policies: &[String]) -> Vec<String> {
    let documents: Vec<String> = policies
        .iter()
        .enumerate()
        .map(|(i, p)| format!(r#"{{"name":"P{i}","document":{p}}}"#))
        .collect();
    let text = format!(
        r#"{{"rolecall":1,"identities":[{{"arn":"{arn}","policies":[{}]}}],"requests":[]}}"#,
        documents.join(",")
    );
    load(&text)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == "policy-too-large")
        .map(|d| d.message)
        .collect()
}

#[test]
fn a_roles_inline_policies_have_a_10240_character_quota_together() {
    let role = "arn:aws:iam::111111111111:role/Dev";
    assert_eq!(size_warnings(role, &[policy(9_606)]), Vec::<String>::new());
    let warnings = size_warnings(role, &[policy(6_000), policy(6_000)]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("the inline policies of a role:"),
        "{warnings:?}"
    );
}

#[test]
fn a_users_inline_policy_has_a_2048_character_quota() {
    let user = "arn:aws:iam::111111111111:user/alice";
    let warnings = size_warnings(user, &[policy(3_000)]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("an inline policy of a user:"),
        "{warnings:?}"
    );
}

#[test]
fn a_groups_inline_policy_has_a_5120_character_quota() {
    let group = "arn:aws:iam::111111111111:group/devs";
    assert_eq!(size_warnings(group, &[policy(3_000)]), Vec::<String>::new());
    let warnings = size_warnings(group, &[policy(5_500)]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("an inline policy of a group:"),
        "{warnings:?}"
    );
}

#[test]
fn a_policy_read_on_its_own_is_checked_as_a_managed_policy() {
    use rolecall_core::policy::{model::PolicyKind, parse_policy};
    let codes = |text: &str| -> Vec<&str> {
        parse_policy(text, PolicyKind::Identity)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .filter(|c| *c == "policy-too-large")
            .collect()
    };
    assert!(codes(&policy(6_000)).is_empty());
    assert_eq!(codes(&policy(6_500)), ["policy-too-large"]);
}
