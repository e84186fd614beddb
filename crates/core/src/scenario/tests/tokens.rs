//! Tests of the hop kinds besides `AssumeRole` (`GetSessionToken`, `GetFederationToken`),
//! managed session policies, federation details (token tags, audiences,
//! `aws:FederatedProvider`, MFA age), service-linked roles and VPC endpoint policies in
//! scenarios. Each test cites the AWS page it follows.

use super::chain::{A, alice, allow, dev, role, trust, user};
use crate::request::ContextValue;
use crate::scenario::evaluate::StepDecision::{self, Allowed, ExplicitDeny, ImplicitDeny};
use crate::scenario::evaluate::{RequestOutcome, evaluate_scenario};
use crate::scenario::load;

/// Evaluates one request in a world of `identities`, with `top` spliced into the top level
/// (`"organization": ...,` or `"oidcProviders": [...],`) and `resources`.
fn outcome(top: &str, identities: &[String], resources: &str, request: &str) -> RequestOutcome {
    let text = format!(
        r#"{{"rolecall": 1, "now": "2026-11-22T12:00:00Z", {top} "identities": [{}],
        "resources": [{resources}], "requests": [{request}]}}"#,
        identities.join(",")
    );
    let loaded = load(&text);
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{text}");
    let outcome = evaluate_scenario(loaded.scenario.as_ref().unwrap());
    outcome.requests[0].clone()
}

fn decision(identities: &[String], request: &str) -> StepDecision {
    outcome("", identities, "", request).decision
}

/// A request by `principal` with the given hops and final action on `arn:aws:s3:::bkt/k`.
fn req(principal: &str, hops: &str, action: &str) -> String {
    format!(
        r#"{{"name": "r", "principal": "{principal}", "assume": [{hops}], "action": "{action}", "resource": "arn:aws:s3:::bkt/k"}}"#
    )
}

/// The rules of the failed checks of every step.
fn failed(o: &RequestOutcome) -> Vec<&'static str> {
    o.steps
        .iter()
        .flat_map(|s| s.checks.iter().filter(|c| !c.passed).map(|c| c.rule))
        .collect()
}

fn context_value(o: &RequestOutcome, step: usize, key: &str) -> Option<String> {
    o.steps[step]
        .context
        .iter()
        .find(|e| e.key == key)
        .and_then(|e| match &e.value {
            ContextValue::Single(v) => Some(v.clone()),
            ContextValue::Multi(_) => None,
        })
}

const GST: &str = r#"{"call": "GetSessionToken"}"#;
const GST_MFA: &str = r#"{"call": "GetSessionToken", "mfa": true}"#;

fn mfa_only(action: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "{action}", "Resource": "*", "Condition": {{"Bool": {{"aws:MultiFactorAuthPresent": "true"}}}}}}]}}"#
    )
}

// GetSessionToken. Why: "No permissions are required for a user to get a session token";
// with SerialNumber and TokenCode "the credentials returned ... include the MFA context"
// (IAM User Guide, "Permissions for GetSessionToken").

#[test]
fn get_session_token_with_mfa_unlocks_an_mfa_protected_action() {
    let ids = [user(&alice(), &[mfa_only("ec2:StopInstances")])];
    let o = outcome("", &ids, "", &req(&alice(), GST_MFA, "ec2:StopInstances"));
    assert_eq!(o.decision, Allowed, "{o:#?}");
    assert_eq!(o.steps[0].call, "sts:GetSessionToken");
    assert_eq!(o.steps[0].principal, alice());
    assert_eq!(
        context_value(&o, 1, "aws:MultiFactorAuthPresent").as_deref(),
        Some("true")
    );
    // Long-term keys carry no MFA key at all; a session token without MFA says `false`.
    assert_eq!(
        decision(&ids, &req(&alice(), "", "ec2:StopInstances")),
        ImplicitDeny
    );
    let o = outcome("", &ids, "", &req(&alice(), GST, "ec2:StopInstances"));
    assert_eq!(o.decision, ImplicitDeny);
    assert_eq!(
        context_value(&o, 1, "aws:MultiFactorAuthPresent").as_deref(),
        Some("false")
    );
    assert_eq!(context_value(&o, 1, "aws:MultiFactorAuthAge"), None);
}

#[test]
fn get_session_token_needs_no_permission_even_against_a_deny() {
    let deny = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "sts:*", "Resource": "*"}]}"#;
    let ids = [user(&alice(), &[deny.to_owned(), allow("s3:*", "*")])];
    let o = outcome("", &ids, "", &req(&alice(), GST, "s3:GetObject"));
    assert_eq!(o.decision, Allowed, "{o:#?}");
    assert!(o.steps[0].explanation.is_none());
}

#[test]
fn a_role_session_cannot_call_get_session_token() {
    // Why: AssumeRole credentials "Cannot call GetFederationToken or GetSessionToken" (IAM
    // User Guide, "Compare AWS STS credentials").
    let ids = [role(
        &dev(),
        &trust(r#""*""#, r#""sts:AssumeRole""#),
        &[allow("*", "*")],
        "",
    )];
    let o = outcome("", &ids, "", &req(&dev(), GST, "s3:GetObject"));
    assert_eq!(o.decision, ImplicitDeny);
    assert_eq!(failed(&o), ["long-term-credentials"]);
}

#[test]
fn session_token_durations_are_15_minutes_to_36_hours_for_users_and_1_hour_for_root() {
    // Why: AWS STS API Reference, GetSessionToken `DurationSeconds`.
    let ids = [user(&alice(), &[allow("*", "*")])];
    let hop = |d: u64| format!(r#"{{"call": "GetSessionToken", "durationSeconds": {d}}}"#);
    assert_eq!(
        decision(&ids, &req(&alice(), &hop(129_600), "s3:GetObject")),
        Allowed
    );
    assert_eq!(
        decision(&ids, &req(&alice(), &hop(129_601), "s3:GetObject")),
        ImplicitDeny
    );
    assert_eq!(
        decision(&ids, &req(&alice(), &hop(899), "s3:GetObject")),
        ImplicitDeny
    );
    let root = format!("arn:aws:iam::{A}:root");
    assert_eq!(
        decision(&ids, &req(&root, &hop(3600), "s3:GetObject")),
        Allowed
    );
    let o = outcome("", &ids, "", &req(&root, &hop(3601), "s3:GetObject"));
    assert_eq!(failed(&o), ["token-duration"]);
}

#[test]
fn session_token_credentials_cannot_call_iam_without_mfa() {
    // Why: "You cannot call any IAM API operations unless MFA authentication information is
    // included in the request" (AWS STS API Reference, GetSessionToken).
    let ids = [user(&alice(), &[allow("*", "*")])];
    let o = outcome("", &ids, "", &req(&alice(), GST, "iam:ListUsers"));
    assert_eq!(o.decision, ImplicitDeny);
    assert_eq!(failed(&o), ["session-token-iam-needs-mfa"]);
    assert_eq!(
        decision(&ids, &req(&alice(), GST_MFA, "iam:ListUsers")),
        Allowed
    );
    assert_eq!(decision(&ids, &req(&alice(), "", "iam:ListUsers")), Allowed);
}

#[test]
fn session_token_credentials_call_only_assume_role_and_get_caller_identity_in_sts() {
    // Why: "You cannot call any STS API except AssumeRole or GetCallerIdentity" (AWS STS API
    // Reference, GetSessionToken).
    let ids = [user(&alice(), &[allow("*", "*")])];
    let o = outcome(
        "",
        &ids,
        "",
        &req(&alice(), GST_MFA, "sts:DecodeAuthorizationMessage"),
    );
    assert_eq!(failed(&o), ["session-token-sts-limited"]);
    assert_eq!(
        decision(&ids, &req(&alice(), GST, "sts:GetCallerIdentity")),
        Allowed
    );
    let twice = format!("{GST}, {GST}");
    let o = outcome("", &ids, "", &req(&alice(), &twice, "s3:GetObject"));
    assert_eq!(
        failed(&o),
        ["long-term-credentials", "session-token-sts-limited"]
    );
}

#[test]
fn an_mfa_session_token_can_assume_a_role_that_requires_mfa() {
    let t = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{}"}}, "Action": "sts:AssumeRole", "Condition": {{"Bool": {{"aws:MultiFactorAuthPresent": "true"}}}}}}]}}"#,
        alice()
    );
    let ids = [
        user(&alice(), &[]),
        role(&dev(), &t, &[allow("s3:*", "*")], ""),
    ];
    let hop = |first: &str| format!(r#"{first}, {{"role": "{}"}}"#, dev());
    let o = outcome("", &ids, "", &req(&alice(), &hop(GST_MFA), "s3:GetObject"));
    assert_eq!(o.decision, Allowed, "{o:#?}");
    // Not role chaining: the session carries the MFA of the session token.
    assert_eq!(
        context_value(&o, 2, "aws:MultiFactorAuthPresent").as_deref(),
        Some("true")
    );
    assert_eq!(
        decision(&ids, &req(&alice(), &hop(GST), "s3:GetObject")),
        ImplicitDeny
    );
}

#[test]
fn mfa_age_counts_from_the_time_of_the_mfa_call() {
    // Why: "aws:MultiFactorAuthAge ... the number of seconds since the requesting principal
    // was authorized using MFA" ("AWS global condition context keys").
    let fresh = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "1800"}}}]}"#;
    let ids = [user(&alice(), &[fresh.to_owned()])];
    let hop = r#"{"call": "GetSessionToken", "mfa": true, "time": "2026-11-22T11:00:00Z"}"#;
    let o = outcome("", &ids, "", &req(&alice(), hop, "s3:GetObject"));
    assert_eq!(
        context_value(&o, 1, "aws:MultiFactorAuthAge").as_deref(),
        Some("3600")
    );
    assert_eq!(
        context_value(&o, 1, "aws:TokenIssueTime").as_deref(),
        Some("2026-11-22T11:00:00Z")
    );
    assert_eq!(o.decision, ImplicitDeny);
    let hop = r#"{"call": "GetSessionToken", "mfa": true, "time": "2026-11-22T11:45:00Z"}"#;
    assert_eq!(decision(&ids, &req(&alice(), hop, "s3:GetObject")), Allowed);
}

// GetFederationToken. Why: "the resulting session's permissions are the intersection of the
// user's identity-based policy and the session policies"; without a session policy the
// credentials "have no permissions", but a resource-based policy naming the federated user
// grants in addition (IAM User Guide, "Permissions for GetFederationToken").

fn gft(extra: &str) -> String {
    format!(r#"{{"call": "GetFederationToken", "name": "bob"{extra}}}"#)
}

const SP_GET: &str = r#", "sessionPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;

#[test]
fn get_federation_token_needs_an_identity_allow() {
    let ids = [user(&alice(), &[allow("s3:*", "*")])];
    let o = outcome("", &ids, "", &req(&alice(), &gft(SP_GET), "s3:GetObject"));
    assert_eq!(o.decision, ImplicitDeny);
    assert_eq!(o.steps[0].call, "sts:GetFederationToken");
    assert_eq!(
        o.steps[0].resource,
        format!("arn:aws:sts::{A}:federated-user/bob")
    );
    let ids = [user(&alice(), &[allow("*", "*")])];
    let o = outcome("", &ids, "", &req(&alice(), &gft(SP_GET), "s3:GetObject"));
    assert_eq!(o.decision, Allowed, "{o:#?}");
    assert_eq!(
        o.steps[1].principal,
        format!("arn:aws:sts::{A}:federated-user/bob")
    );
    assert_eq!(
        context_value(&o, 1, "aws:PrincipalType").as_deref(),
        Some("FederatedUser")
    );
    assert_eq!(
        context_value(&o, 1, "aws:userid").as_deref(),
        Some(format!("{A}:bob").as_str())
    );
}

#[test]
fn a_federated_user_gets_the_intersection_of_user_and_session_policies() {
    let user_policy = [
        allow("sts:GetFederationToken", "*"),
        allow("s3:GetObject", "*"),
    ];
    let ids = [user(&alice(), &user_policy)];
    let all = r#", "sessionPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#;
    assert_eq!(
        decision(&ids, &req(&alice(), &gft(all), "s3:GetObject")),
        Allowed
    );
    assert_eq!(
        decision(&ids, &req(&alice(), &gft(all), "s3:PutObject")),
        ImplicitDeny
    );
    let ids = [user(&alice(), &[allow("*", "*")])];
    assert_eq!(
        decision(&ids, &req(&alice(), &gft(SP_GET), "s3:PutObject")),
        ImplicitDeny
    );
}

#[test]
fn a_federated_user_without_a_session_policy_has_no_permissions() {
    let ids = [user(&alice(), &[allow("*", "*")])];
    let o = outcome("", &ids, "", &req(&alice(), &gft(""), "s3:GetObject"));
    assert_eq!(o.decision, ImplicitDeny);
    assert_eq!(o.steps[0].decision, Allowed);
}

#[test]
fn a_resource_policy_naming_the_federated_user_is_not_limited_by_the_session_policy() {
    let ids = [user(&alice(), &[allow("sts:GetFederationToken", "*")])];
    let bucket = format!(
        r#"{{"arn": "arn:aws:s3:::bkt", "account": "{A}", "policy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:sts::{A}:federated-user/bob"}}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bkt/*"}}]}}}}"#
    );
    let o = outcome("", &ids, &bucket, &req(&alice(), &gft(""), "s3:GetObject"));
    assert_eq!(o.decision, Allowed, "{o:#?}");
}

#[test]
fn a_federated_user_cannot_call_iam_or_sts() {
    // Why: "You cannot call any IAM operations using the AWS CLI or AWS API" and "You cannot
    // call any AWS STS operations except GetCallerIdentity" (AWS STS API Reference,
    // GetFederationToken).
    let ids = [
        user(&alice(), &[allow("*", "*")]),
        role(&dev(), &trust(r#""*""#, r#""sts:AssumeRole""#), &[], ""),
    ];
    let all = r#", "sessionPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
    let o = outcome("", &ids, "", &req(&alice(), &gft(all), "iam:ListUsers"));
    assert_eq!(failed(&o), ["federated-user-no-iam"]);
    let hops = format!(r#"{}, {{"role": "{}"}}"#, gft(all), dev());
    let o = outcome("", &ids, "", &req(&alice(), &hops, "s3:GetObject"));
    assert_eq!(failed(&o), ["federated-user-sts-limited"]);
    assert_eq!(
        decision(&ids, &req(&alice(), &gft(all), "sts:GetCallerIdentity")),
        Allowed
    );
}

#[test]
fn federation_token_name_duration_and_caller_rules() {
    // Why: `Name` is 2-32 characters of [\w+=,.@-]; durations as for GetSessionToken; only
    // long-term credentials (AWS STS API Reference, GetFederationToken).
    let ids = [
        user(&alice(), &[allow("*", "*")]),
        role(
            &dev(),
            &trust(r#""*""#, r#""sts:AssumeRole""#),
            &[allow("*", "*")],
            "",
        ),
    ];
    let bad_name = r#"{"call": "GetFederationToken", "name": "b"}"#;
    let o = outcome("", &ids, "", &req(&alice(), bad_name, "s3:GetObject"));
    assert_eq!(failed(&o), ["federated-user-name"]);
    let long = gft(r#", "durationSeconds": 129601"#);
    assert_eq!(
        failed(&outcome(
            "",
            &ids,
            "",
            &req(&alice(), &long, "s3:GetObject")
        )),
        ["token-duration"]
    );
    let o = outcome("", &ids, "", &req(&dev(), &gft(SP_GET), "s3:GetObject"));
    assert_eq!(failed(&o), ["long-term-credentials"]);
}

#[test]
fn an_unknown_managed_session_policy_fails_the_call_instead_of_being_empty() {
    // Why: PolicyArns names existing managed policies (AWS STS API Reference, AssumeRole);
    // Rolecall cannot read a document the scenario does not define.
    let ids = [
        user(&alice(), &[]),
        role(
            &dev(),
            &trust(
                &format!(r#"{{"AWS": "{}"}}"#, alice()),
                r#""sts:AssumeRole""#,
            ),
            &[allow("*", "*")],
            "",
        ),
    ];
    let hop = format!(
        r#"{{"role": "{}", "policyArns": ["arn:aws:iam::{A}:policy/Missing"]}}"#,
        dev()
    );
    let o = outcome("", &ids, "", &req(&alice(), &hop, "s3:GetObject"));
    assert_eq!(o.decision, ImplicitDeny);
    assert_eq!(failed(&o), ["unknown-policy-arn"]);
}

// Federation details.

fn github_trust(actions: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Federated": "arn:aws:iam::{A}:oidc-provider/token.actions.githubusercontent.com"}}, "Action": {actions}, "Condition": {{"StringEquals": {{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}}}}]}}"#
    )
}

fn github(claims: &str) -> String {
    format!(
        r#"{{"federated": "arn:aws:iam::{A}:oidc-provider/token.actions.githubusercontent.com", "claims": {{"sub": "repo:acme/app:ref:refs/heads/main"{claims}}}}}"#
    )
}

fn web_req(principal: &str, action: &str) -> String {
    format!(
        r#"{{"name": "r", "principal": {principal}, "assume": [{{"role": "{}"}}], "action": "{action}", "resource": "arn:aws:s3:::bkt/k"}}"#,
        dev()
    )
}

#[test]
fn oidc_tags_claim_becomes_the_session_tags() {
    // Why: session tags passed in the token's `https://aws.amazon.com/tags` claim need
    // `sts:TagSession` and become the session's principal tags ("Pass session tags in AWS
    // STS", IAM User Guide).
    let blue = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}}]}"#;
    let claims = r#", "aud": "sts.amazonaws.com", "https://aws.amazon.com/tags": {"principal_tags": {"team": ["blue"]}, "transitive_tag_keys": ["team"]}"#;
    let both = r#"["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]"#;
    let ids = [role(&dev(), &github_trust(both), &[blue.to_owned()], "")];
    let o = outcome("", &ids, "", &web_req(&github(claims), "s3:GetObject"));
    assert_eq!(o.decision, Allowed, "{o:#?}");
    assert_eq!(o.steps[1].call, "sts:TagSession");
    assert_eq!(
        context_value(&o, 0, "aws:RequestTag/team").as_deref(),
        Some("blue")
    );
    let ids = [role(
        &dev(),
        &github_trust(r#""sts:AssumeRoleWithWebIdentity""#),
        &[blue.to_owned()],
        "",
    )];
    assert_eq!(
        decision(&ids, &web_req(&github(claims), "s3:GetObject")),
        ImplicitDeny
    );
}

#[test]
fn a_token_whose_audience_is_not_registered_is_refused_before_the_trust_policy() {
    let deny = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Deny", "Principal": "*", "Action": "*"}}, {}]}}"#,
        github_trust(r#""sts:AssumeRoleWithWebIdentity""#)
            .trim_start_matches(r#"{"Version": "2012-10-17", "Statement": ["#)
            .trim_end_matches("]}")
    );
    let ids = [role(&dev(), &deny, &[allow("*", "*")], "")];
    let providers = format!(
        r#""oidcProviders": [{{"arn": "arn:aws:iam::{A}:oidc-provider/token.actions.githubusercontent.com", "clientIds": ["sts.amazonaws.com"]}}],"#
    );
    let o = outcome(
        &providers,
        &ids,
        "",
        &web_req(&github(r#", "aud": "other""#), "s3:GetObject"),
    );
    // Refused by STS before any policy: an implicit deny, not the trust policy's Deny.
    assert_eq!(o.decision, ImplicitDeny);
    assert_eq!(failed(&o), ["oidc-audience-registered"]);
    assert!(o.steps[0].explanation.is_none());
    let o = outcome(
        &providers,
        &ids,
        "",
        &web_req(&github(r#", "aud": "sts.amazonaws.com""#), "s3:GetObject"),
    );
    assert_eq!(o.decision, ExplicitDeny);
}

#[test]
fn a_web_identity_call_and_its_session_carry_aws_federated_provider() {
    // Why: `aws:FederatedProvider` "is present in the role-session of a role that was assumed
    // using OpenID Connect (OIDC) provider, and in the role-trust policy when an OIDC provider
    // is used to call AssumeRoleWithWebIdentity"; for GitHub (not built in) the value is the
    // IAM OIDC provider's ARN ("AWS global condition context keys").
    let ids = [role(
        &dev(),
        &github_trust(r#""sts:AssumeRoleWithWebIdentity""#),
        &[allow("*", "*")],
        "",
    )];
    let o = outcome(
        "",
        &ids,
        "",
        &web_req(&github(r#", "aud": "sts.amazonaws.com""#), "s3:GetObject"),
    );
    assert_eq!(o.decision, Allowed);
    assert_eq!(
        context_value(&o, 1, "aws:FederatedProvider"),
        Some(format!(
            "arn:aws:iam::{A}:oidc-provider/token.actions.githubusercontent.com"
        ))
    );
    assert_eq!(
        context_value(&o, 0, "aws:FederatedProvider"),
        context_value(&o, 1, "aws:FederatedProvider")
    );
}

/// Why: for a built-in IdP "the key value will be a **string** [...] like:
/// `cognito-identity.amazonaws.com`"; the key is documented for OIDC only, so a SAML session
/// does not carry it ("AWS global condition context keys", `aws:FederatedProvider`).
#[test]
fn aws_federated_provider_is_the_name_of_a_built_in_idp_and_absent_for_saml() {
    let cognito = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}"#;
    let ids = [role(&dev(), cognito, &[allow("*", "*")], "")];
    let o = outcome(
        "",
        &ids,
        "",
        &web_req(
            r#"{"federated": "cognito-identity.amazonaws.com", "claims": {"sub": "us-east-1:1", "aud": "us-east-1:pool"}}"#,
            "s3:GetObject",
        ),
    );
    assert_eq!(o.decision, Allowed);
    assert_eq!(
        context_value(&o, 1, "aws:FederatedProvider").as_deref(),
        Some("cognito-identity.amazonaws.com")
    );
    let provider = format!("arn:aws:iam::{A}:saml-provider/Okta");
    let saml = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Federated": "{provider}"}}, "Action": "sts:AssumeRoleWithSAML"}}]}}"#
    );
    let ids = [role(&dev(), &saml, &[allow("*", "*")], "")];
    let o = outcome(
        "",
        &ids,
        "",
        &web_req(
            &format!(r#"{{"federated": "{provider}", "saml": {{"sub": "jane"}}}}"#),
            "s3:GetObject",
        ),
    );
    assert_eq!(o.decision, Allowed);
    assert_eq!(context_value(&o, 0, "aws:FederatedProvider"), None);
    assert_eq!(context_value(&o, 1, "aws:FederatedProvider"), None);
}

#[test]
fn service_linked_roles_are_not_restricted_by_scps() {
    // Why: "SCPs do not affect any service-linked role" (AWS Organizations User Guide,
    // "Service control policies (SCPs)").
    let org = format!(
        r#""organization": {{"accounts": {{"{A}": ["r-root"]}}, "scps": [{{"name": "DenyAll", "target": "{A}", "document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}}, {{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}]}}}}]}},"#
    );
    let slr = format!("arn:aws:iam::{A}:role/Replicator");
    let t = trust(r#"{"Service": "s3.amazonaws.com"}"#, r#""sts:AssumeRole""#);
    let marked = [role(
        &slr,
        &t,
        &[allow("s3:*", "*")],
        r#", "serviceLinked": true"#,
    )];
    let plain = [role(&slr, &t, &[allow("s3:*", "*")], "")];
    let request = req(&slr, "", "s3:GetObject");
    assert_eq!(outcome(&org, &marked, "", &request).decision, Allowed);
    assert_eq!(outcome(&org, &plain, "", &request).decision, ExplicitDeny);
}

#[test]
fn a_scenario_request_through_a_vpc_endpoint_is_checked_against_its_policy() {
    // Why: the endpoint policy must allow too and `aws:SourceVpce` is set (Amazon VPC,
    // "Control access to VPC endpoints using endpoint policies"; "AWS global condition
    // context keys").
    let ids = [user(&alice(), &[allow("s3:*", "*")])];
    let through = |actions: &str| {
        format!(
            r#"{{"name": "r", "principal": "{}", "action": "s3:PutObject", "resource": "arn:aws:s3:::bkt/k", "vpcEndpointId": "vpce-1a2b3c4d",
               "vpcEndpointPolicy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": "*", "Action": {actions}, "Resource": "*"}}]}}}}"#,
            alice()
        )
    };
    let o = outcome("", &ids, "", &through(r#""s3:GetObject""#));
    assert_eq!(o.decision, ImplicitDeny);
    assert_eq!(
        context_value(&o, 0, "aws:SourceVpce").as_deref(),
        Some("vpce-1a2b3c4d")
    );
    let traces = &o.steps[0].explanation.as_ref().unwrap().policies;
    assert!(
        traces
            .iter()
            .any(|p| p.source == Some(crate::scenario::DocumentId::VpcEndpoint { request: 0 }))
    );
    assert_eq!(
        outcome("", &ids, "", &through(r#""s3:*""#)).decision,
        Allowed
    );
}

#[test]
fn hop_fields_belong_to_their_call() {
    let text = format!(
        r#"{{"rolecall": 1, "identities": [{}], "requests": [{{"name": "r", "principal": "{}",
          "assume": [{{"call": "GetSessionToken", "role": "{}", "externalId": "x"}}, {{"call": "GetFederation"}},
                     {{"call": "GetFederationToken"}}], "action": "s3:GetObject"}}]}}"#,
        user(&alice(), &[]),
        alice(),
        dev()
    );
    let loaded = load(&text);
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "field-not-for-call",
            "field-not-for-call",
            "invalid-call",
            "missing-field"
        ],
        "{:#?}",
        loaded.diagnostics
    );
}

#[test]
fn new_fields_round_trip() {
    let text = format!(
        r#"{{"rolecall": 1, "identities": [{}], "oidcProviders": [{{"arn": "arn:aws:iam::{A}:oidc-provider/example.com", "clientIds": ["c1"]}}],
          "requests": [{{"name": "r", "principal": {{"federated": "arn:aws:iam::{A}:oidc-provider/example.com", "claims": {{"aud": "c1", "https://aws.amazon.com/tags": {{"principal_tags": {{"team": ["blue"]}}, "transitive_tag_keys": ["team"]}}}}}},
             "assume": [{{"call": "GetFederationToken", "name": "bob", "policyArns": ["arn:aws:iam::{A}:policy/P"], "time": "2026-11-22T11:00:00Z"}}],
             "action": "s3:GetObject", "vpcEndpointPolicy": {{"Version": "2012-10-17", "Statement": []}}, "vpcEndpointId": "vpce-1"}}]}}"#,
        role(
            &dev(),
            &trust(r#""*""#, r#""sts:AssumeRole""#),
            &[],
            r#", "serviceLinked": true"#
        )
    );
    let first = crate::scenario::parse_scenario(&text);
    assert_eq!(first.diagnostics, [], "{text}");
    let mut first = first.scenario.unwrap();
    let again = crate::scenario::to_json(&first);
    let mut second = crate::scenario::parse_scenario(&again).scenario.unwrap();
    assert_eq!(crate::scenario::to_json(&second), again);
    super::format::clear_spans(&mut first);
    super::format::clear_spans(&mut second);
    assert_eq!(first, second);
    assert!(again.contains(r#""call": "GetFederationToken""#), "{again}");
    assert!(
        again.contains(r#""https://aws.amazon.com/tags""#),
        "{again}"
    );
    assert!(again.contains(r#""serviceLinked": true"#), "{again}");
}

#[test]
fn a_customer_managed_policy_in_policy_arns_limits_the_session() {
    // Why: "The resulting session's permissions are the intersection of the role's
    // identity-based policy and the session policies", inline and managed alike (AWS STS API
    // Reference, AssumeRole `PolicyArns`).
    let ids = [
        user(&alice(), &[]),
        role(
            &dev(),
            &trust(
                &format!(r#"{{"AWS": "{}"}}"#, alice()),
                r#""sts:AssumeRole""#,
            ),
            &[allow("*", "*")],
            "",
        ),
    ];
    let top = format!(
        r#""managedPolicies": [{{"arn": "arn:aws:iam::{A}:policy/ReadOnly", "document": {}}}],"#,
        allow("s3:GetObject", "*")
    );
    let hop = format!(
        r#"{{"role": "{}", "policyArns": ["arn:aws:iam::{A}:policy/ReadOnly"]}}"#,
        dev()
    );
    assert_eq!(
        outcome(&top, &ids, "", &req(&alice(), &hop, "s3:GetObject")).decision,
        Allowed
    );
    let o = outcome(&top, &ids, "", &req(&alice(), &hop, "s3:PutObject"));
    assert_eq!(o.decision, ImplicitDeny);
    assert!(failed(&o).is_empty(), "{o:#?}");
}
