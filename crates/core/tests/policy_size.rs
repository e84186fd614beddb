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

/// A managed policy attached by ARN is not one of the role's inline policies: its 6,000
/// characters do not count towards the role's 10,240 (IAM and AWS STS quotas).
#[test]
fn a_managed_policy_attached_by_arn_does_not_count_as_inline() {
    let text = format!(
        r#"{{"rolecall":1,"managedPolicies":[{{"arn":"arn:aws:iam::111111111111:policy/Big","document":{}}}],
  "identities":[{{"arn":"arn:aws:iam::111111111111:role/Dev","policies":[{{"arn":"arn:aws:iam::111111111111:policy/Big"}},{{"name":"P","document":{}}}]}}],"requests":[]}}"#,
        policy(6_000),
        policy(6_000)
    );
    let loaded = rolecall_core::scenario::load(&text);
    let codes: Vec<&str> = loaded
        .diagnostics
        .iter()
        .map(|d| d.code)
        .filter(|c| *c == "policy-too-large")
        .collect();
    assert!(codes.is_empty(), "{codes:?}");
}

/// What a front end shows beside each inline policy: the warning against its own quota, with
/// the document's path (the page's problems list uses this).
#[test]
fn inline_size_warnings_name_the_document_and_its_quota() {
    let text = format!(
        r#"{{"rolecall":1,"identities":[{{"arn":"arn:aws:iam::111111111111:user/alice","policies":[{{"name":"small","document":{}}},{{"name":"big","document":{}}}]}},
  {{"arn":"arn:aws:iam::111111111111:role/Dev","policies":[{{"name":"P","document":{}}}]}}],"requests":[]}}"#,
        policy(500),
        policy(3_000),
        policy(9_606)
    );
    let scenario = rolecall_core::scenario::load(&text).scenario.unwrap();
    let found: Vec<(String, String)> = rolecall_core::scenario::inline_size_warnings(&scenario)
        .into_iter()
        .map(|(id, _, d)| (id.to_string(), d.message))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "identities[0].policies[1].document");
    assert!(
        found[0].1.starts_with("an inline policy of a user:"),
        "{found:?}"
    );
}
