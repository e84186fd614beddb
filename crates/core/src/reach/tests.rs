//! Tests of the access graph: every technique found, and removed by a real constraint; the
//! graph's evaluator calls in agreement with `evaluate_request`; the queries and their bounds.

use crate::reach::techniques::{On, TECHNIQUES, TechniqueKind};
use crate::reach::{AccessGraph, Limits, escalation, who_can};
use crate::scenario::evaluate::{StepDecision, evaluate_request_as};
use crate::scenario::load;
use crate::scenario::model::{AssumeHop, PrincipalSpec, ScenarioRequest};

mod queries;
mod sessions;

const A: &str = "111111111111";
const B: &str = "222222222222";

fn alice() -> String {
    format!("arn:aws:iam::{A}:user/alice")
}
fn bob() -> String {
    format!("arn:aws:iam::{A}:user/bob")
}
fn role_arn(name: &str) -> String {
    format!("arn:aws:iam::{A}:role/{name}")
}

/// A policy document with these statements.
fn doc(statements: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
}

/// An `Allow` statement of `actions` (a JSON value) on `*`.
fn allow(actions: &str) -> String {
    format!(r#"{{"Effect": "Allow", "Action": {actions}, "Resource": "*"}}"#)
}

/// A `Deny` statement of `actions` on `*`.
fn deny(actions: &str) -> String {
    format!(r#"{{"Effect": "Deny", "Action": {actions}, "Resource": "*"}}"#)
}

/// A user with one identity policy of these statements (none when empty) and extra fields.
fn user(arn: &str, statements: &str, extra: &str) -> String {
    let policies = if statements.is_empty() {
        String::new()
    } else {
        format!(r#"{{"name": "P", "document": {}}}"#, doc(statements))
    };
    format!(r#"{{"arn": "{arn}", "policies": [{policies}]{extra}}}"#)
}

/// A role trusting `principal` (a JSON principal value) for `action`, with statements.
fn role(arn: &str, principal: &str, action: &str, statements: &str) -> String {
    role_with(arn, principal, action, "", statements)
}

fn role_with(
    arn: &str,
    principal: &str,
    action: &str,
    condition: &str,
    statements: &str,
) -> String {
    let condition = if condition.is_empty() {
        String::new()
    } else {
        format!(r#", "Condition": {condition}"#)
    };
    let trust = doc(&format!(
        r#"{{"Effect": "Allow", "Principal": {principal}, "Action": "{action}"{condition}}}"#
    ));
    user(arn, statements, &format!(r#", "trustPolicy": {trust}"#))
}

fn build(identities: &[String], rest: &str) -> AccessGraph {
    let text = format!(
        r#"{{"rolecall": 1, "identities": [{}], "resources": [], "requests": []{rest}}}"#,
        identities.join(",")
    );
    let loaded = load(&text);
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    AccessGraph::build(&loaded.scenario.unwrap_or_default())
}

/// The edges `from → to`, as `via` names with their conditions (`key=value`).
fn edges(graph: &AccessGraph, from: &str, to: &str) -> Vec<String> {
    graph
        .edges
        .iter()
        .filter(|e| graph.nodes[e.from].id == from && graph.nodes[e.to].id == to)
        .map(|e| {
            let conditions: Vec<String> = e
                .means
                .conditions
                .iter()
                .map(|c| format!("{}={}", c.key, c.value))
                .collect();
            if conditions.is_empty() {
                e.means.via.clone()
            } else {
                format!("{} if {}", e.means.via, conditions.join(","))
            }
        })
        .collect()
}

fn scp_deny(actions: &str) -> String {
    format!(
        r#", "organization": {{"id": "o-1", "accounts": {{"{A}": ["r-root"]}}, "scps": [{{"name": "D", "target": "r-root", "document": {}}}]}}"#,
        doc(&format!("{}, {}", allow(r#""*""#), deny(actions)))
    )
}

#[test]
fn assume_role_edge_exists_when_the_trust_names_the_user_and_an_identity_deny_removes_it() {
    let trusts = format!(r#"{{"AWS": "{}"}}"#, alice());
    let g = build(
        &[
            user(&alice(), "", ""),
            role(&role_arn("Dev"), &trusts, "sts:AssumeRole", ""),
        ],
        "",
    );
    assert_eq!(edges(&g, &alice(), &role_arn("Dev")), ["sts:AssumeRole"]);
    let g = build(
        &[
            user(&alice(), &deny(r#""sts:AssumeRole""#), ""),
            role(&role_arn("Dev"), &trusts, "sts:AssumeRole", ""),
        ],
        "",
    );
    assert!(edges(&g, &alice(), &role_arn("Dev")).is_empty());
}

#[test]
fn account_trust_needs_the_identity_side_and_an_scp_removes_the_edge() {
    let trusts = format!(r#"{{"AWS": "arn:aws:iam::{A}:root"}}"#);
    let ids = |p: &str| {
        [
            user(&alice(), p, ""),
            role(&role_arn("Dev"), &trusts, "sts:AssumeRole", ""),
        ]
    };
    assert!(edges(&build(&ids(""), ""), &alice(), &role_arn("Dev")).is_empty());
    let g = build(&ids(&allow(r#""sts:AssumeRole""#)), "");
    assert_eq!(edges(&g, &alice(), &role_arn("Dev")), ["sts:AssumeRole"]);
    let g = build(&ids(&allow(r#""sts:AssumeRole""#)), &scp_deny(r#""sts:*""#));
    assert!(edges(&g, &alice(), &role_arn("Dev")).is_empty());
}

#[test]
fn an_edge_that_needs_an_external_id_or_mfa_says_so_instead_of_disappearing() {
    let trusts = format!(r#"{{"AWS": "{}"}}"#, alice());
    let x = format!("arn:aws:iam::{B}:role/X");
    let ids = [
        user(&alice(), &allow(r#""sts:AssumeRole""#), ""),
        role_with(
            &x,
            &trusts,
            "sts:AssumeRole",
            r#"{"StringEquals": {"sts:ExternalId": "ext-1"}}"#,
            "",
        ),
        role_with(
            &role_arn("Mfa"),
            &trusts,
            "sts:AssumeRole",
            r#"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#,
            "",
        ),
        role_with(
            &role_arn("Net"),
            &trusts,
            "sts:AssumeRole",
            r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#,
            "",
        ),
        role_with(
            &role_arn("Tag"),
            &trusts,
            "sts:AssumeRole",
            r#"{"StringEquals": {"aws:PrincipalTag/team": "red"}}"#,
            "",
        ),
    ];
    let g = build(&ids, "");
    assert_eq!(
        edges(&g, &alice(), &x),
        ["sts:AssumeRole if sts:ExternalId=ext-1"]
    );
    assert_eq!(
        edges(&g, &alice(), &role_arn("Mfa")),
        ["sts:AssumeRole if aws:MultiFactorAuthPresent=true"]
    );
    assert_eq!(
        edges(&g, &alice(), &role_arn("Net")),
        ["sts:AssumeRole if aws:SourceIp=10.0.0.0"]
    );
    // The caller's own tags are not something it supplies: a real constraint.
    assert!(edges(&g, &alice(), &role_arn("Tag")).is_empty());
}

#[test]
fn a_deny_unless_mfa_makes_the_edge_conditional_and_a_deny_without_condition_removes_it() {
    let trust = |extra: &str| {
        doc(&format!(
            r#"{{"Effect": "Allow", "Principal": {{"AWS": "{}"}}, "Action": "sts:AssumeRole"}}{extra}"#,
            alice()
        ))
    };
    let ids = |extra: &str| {
        [
            user(&alice(), "", ""),
            user(
                &role_arn("Dev"),
                "",
                &format!(r#", "trustPolicy": {}"#, trust(extra)),
            ),
        ]
    };
    let mfa = r#", {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#;
    let g = build(&ids(mfa), "");
    assert_eq!(
        edges(&g, &alice(), &role_arn("Dev")),
        ["sts:AssumeRole if aws:MultiFactorAuthPresent=true"]
    );
    let all = r#", {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}"#;
    assert!(edges(&build(&ids(all), ""), &alice(), &role_arn("Dev")).is_empty());
}

#[test]
fn web_identity_and_saml_edges_name_the_claims_they_need() {
    let gh = format!("arn:aws:iam::{A}:oidc-provider/token.actions.githubusercontent.com");
    let saml = format!("arn:aws:iam::{A}:saml-provider/Okta");
    let ids = [
        role_with(
            &role_arn("Deploy"),
            &format!(r#"{{"Federated": "{gh}"}}"#),
            "sts:AssumeRoleWithWebIdentity",
            r#"{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:*"}}"#,
            "",
        ),
        role_with(
            &role_arn("Sso"),
            &format!(r#"{{"Federated": "{saml}"}}"#),
            "sts:AssumeRoleWithSAML",
            r#"{"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}"#,
            "",
        ),
    ];
    let g = build(&ids, "");
    assert_eq!(
        edges(&g, &gh, &role_arn("Deploy")),
        [
            "sts:AssumeRoleWithWebIdentity if token.actions.githubusercontent.com:aud=sts.amazonaws.com,token.actions.githubusercontent.com:sub=repo:acme/app:x"
        ]
    );
    assert_eq!(
        edges(&g, &saml, &role_arn("Sso")),
        ["sts:AssumeRoleWithSAML if SAML:aud=https://signin.aws.amazon.com/saml"]
    );
    // A token the scenario gives keeps its own claims: another repository cannot get in.
    let evil = format!(
        r#", "requests": [{{"name": "evil", "principal": {{"federated": "{gh}", "claims": {{"sub": "repo:evil/app:ref:refs/heads/main", "aud": "sts.amazonaws.com"}}}}, "assume": [{{"role": "{}"}}]}}]"#,
        role_arn("Deploy")
    );
    let text = format!(
        r#"{{"rolecall": 1, "identities": [{}], "resources": []{evil}}}"#,
        ids.join(",")
    );
    let g = AccessGraph::build(&load(&text).scenario.unwrap_or_default());
    assert!(edges(&g, &gh, &role_arn("Deploy")).is_empty());
}

#[test]
fn a_principal_outside_the_scenario_is_a_node_resting_on_an_assumption() {
    let trusts = format!(r#"{{"AWS": "{B}"}}"#);
    let g = build(
        &[role(&role_arn("Vendor"), &trusts, "sts:AssumeRole", "")],
        "",
    );
    let outside = format!("arn:aws:iam::{B}:role/any-principal");
    assert_eq!(edges(&g, &outside, &role_arn("Vendor")), ["sts:AssumeRole"]);
    let node = g
        .nodes
        .iter()
        .find(|n| n.id == outside)
        .map(|n| n.assumption.clone());
    assert!(
        node.flatten()
            .is_some_and(|a| a.contains("outside the scenario"))
    );
}

/// The policy statements that allow every call of a technique, with `iam:PassRole` limited to
/// `service` when given.
fn technique_policy(calls: &[(&str, On)]) -> String {
    calls
        .iter()
        .map(|(action, _)| allow(&format!(r#""{action}""#)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn every_technique_is_found_and_an_scp_deny_of_one_of_its_calls_removes_it() {
    for technique in TECHNIQUES {
        let policy = technique_policy(technique.calls);
        let target = match technique.kind {
            TechniqueKind::Credentials => bob(),
            _ => role_arn("Target"),
        };
        let target_identity = match technique.service {
            Some(service) => role(
                &target,
                &format!(r#"{{"Service": "{service}"}}"#),
                "sts:AssumeRole",
                "",
            ),
            None if technique.kind == TechniqueKind::Credentials => user(&target, "", ""),
            None => role(
                &target,
                r#"{"AWS": "arn:aws:iam::333333333333:root"}"#,
                "sts:AssumeRole",
                "",
            ),
        };
        let ids = [user(&alice(), &policy, ""), target_identity];
        let g = build(&ids, "");
        let found = edges(&g, &alice(), &target);
        assert!(
            found.contains(&technique.via()),
            "{}: {found:?}",
            technique.via()
        );
        let last = technique.calls.last().map(|c| c.0).unwrap_or_default();
        let g = build(&ids, &scp_deny(&format!(r#""{last}""#)));
        let found = edges(&g, &alice(), &target);
        assert!(
            !found.contains(&technique.via()),
            "{} with SCP: {found:?}",
            technique.via()
        );
    }
}

#[test]
fn pass_role_is_removed_by_a_boundary_and_by_a_passed_to_service_condition() {
    let lambda = role(
        &role_arn("Fn"),
        r#"{"Service": "lambda.amazonaws.com"}"#,
        "sts:AssumeRole",
        "",
    );
    let calls = r#"{"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}"#;
    let via = "iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction";
    let pass = |condition: &str| {
        format!(
            r#"{calls}, {{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"{condition}}}"#
        )
    };
    let g = build(&[user(&alice(), &pass(""), ""), lambda.clone()], "");
    assert_eq!(edges(&g, &alice(), &role_arn("Fn")), [via]);
    let boundary = format!(
        r#", "permissionsBoundary": {{"name": "Cap", "document": {}}}"#,
        doc(calls)
    );
    let g = build(&[user(&alice(), &pass(""), &boundary), lambda.clone()], "");
    assert!(edges(&g, &alice(), &role_arn("Fn")).is_empty());
    let ec2_only =
        r#", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}"#;
    let g = build(&[user(&alice(), &pass(ec2_only), ""), lambda], "");
    assert!(edges(&g, &alice(), &role_arn("Fn")).is_empty());
}

#[test]
fn a_not_action_that_leaves_pass_role_open_does_not_hide_the_edge() {
    let lambda = role(
        &role_arn("Fn"),
        r#"{"Service": "lambda.amazonaws.com"}"#,
        "sts:AssumeRole",
        "",
    );
    let policy = r#"{"Effect": "Allow", "NotAction": ["iam:CreateUser", "iam:DeleteUser"], "Resource": "*"}"#;
    let g = build(&[user(&alice(), policy, ""), lambda], "");
    assert!(
        edges(&g, &alice(), &role_arn("Fn"))
            .contains(&"iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction".to_owned())
    );
}

#[test]
fn a_service_trust_with_a_confused_deputy_condition_still_lets_the_account_pass_the_role() {
    let cond = format!(r#"{{"StringEquals": {{"aws:SourceAccount": "{A}"}}}}"#);
    let lambda = role_with(
        &role_arn("Fn"),
        r#"{"Service": "lambda.amazonaws.com"}"#,
        "sts:AssumeRole",
        &cond,
        "",
    );
    let policy = allow(r#"["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]"#);
    let g = build(&[user(&alice(), &policy, ""), lambda.clone()], "");
    assert_eq!(edges(&g, &alice(), &role_arn("Fn")).len(), 1);
    // The service node itself gets in only for that account.
    assert_eq!(
        edges(&g, "lambda.amazonaws.com", &role_arn("Fn")),
        [format!("sts:AssumeRole if aws:SourceAccount={A}")]
    );
    let other = role_with(
        &role_arn("Fn"),
        r#"{"Service": "lambda.amazonaws.com"}"#,
        "sts:AssumeRole",
        r#"{"StringEquals": {"aws:SourceAccount": "333333333333"}}"#,
        "",
    );
    let g = build(&[user(&alice(), &policy, ""), other], "");
    assert!(edges(&g, &alice(), &role_arn("Fn")).is_empty());
}

#[test]
fn cycles_terminate_and_a_hit_length_bound_is_reported() {
    // R0 ⇄ R1 trust each other; R1 → R2 → … → R7 is a chain of 7.
    let mut ids = Vec::new();
    for i in 0..8 {
        let from = if i == 0 {
            role_arn("R1")
        } else {
            role_arn(&format!("R{}", i - 1))
        };
        let statements = if i == 7 {
            allow(r#""s3:GetObject""#)
        } else {
            String::new()
        };
        ids.push(role(
            &role_arn(&format!("R{i}")),
            &format!(r#"{{"AWS": "{from}"}}"#),
            "sts:AssumeRole",
            &statements,
        ));
    }
    let g = build(&ids, "");
    let answer = who_can(&g, "s3:GetObject", "arn:aws:s3:::bkt/k", &Limits::default());
    let names: Vec<&str> = answer
        .principals
        .iter()
        .map(|p| p.principal.as_str())
        .collect();
    assert_eq!(names.first(), Some(&role_arn("R7").as_str()));
    assert!(names.contains(&role_arn("R2").as_str()));
    assert!(
        !names.contains(&role_arn("R1").as_str()),
        "R1 is 6 hops away"
    );
    assert!(
        answer.truncated.iter().any(|t| t.contains("max_length")),
        "{:?}",
        answer.truncated
    );
    let far = Limits {
        max_length: 10,
        ..Limits::default()
    };
    let answer = who_can(&g, "s3:GetObject", "arn:aws:s3:::bkt/k", &far);
    assert!(
        answer
            .principals
            .iter()
            .any(|p| p.principal == role_arn("R0"))
    );
    assert!(answer.truncated.is_empty(), "{:?}", answer.truncated);
}

/// Every example scenario that loads, with its access graph.
pub(super) fn example_graphs()
-> impl Iterator<Item = (crate::scenario::model::Scenario, AccessGraph)> {
    crate::scenario::examples::EXAMPLES
        .iter()
        .filter_map(|example| {
            let scenario = load(example.text).scenario?;
            let graph = AccessGraph::build(&scenario);
            Some((scenario, graph))
        })
}

/// The graph's own evaluator calls agree with `evaluate_request` on every node and role of
/// every example scenario: assume hops and direct actions.
#[test]
fn agreement_with_evaluate_request_on_the_examples() {
    let mut checked = 0;
    for (scenario, g) in example_graphs() {
        let index = g.scenario.requests.len();
        for (n, node) in g.nodes.iter().enumerate() {
            for role in g.nodes.iter().filter(|r| g.world.trust(&r.id).is_some()) {
                let hop = AssumeHop {
                    role: role.id.clone(),
                    ..AssumeHop::default()
                };
                let fast = g.world.assume_allowed(&g.scenario, &g.sides[n], &hop);
                let calls = g.world.assume_calls(&g.scenario, &g.sides[n], &hop);
                let copied = g.world.hop_allowed(&g.scenario, &g.sides[n], &hop, &calls);
                assert_eq!(
                    fast, copied,
                    "{} assumes {} (kept request)",
                    node.id, role.id
                );
                let request = ScenarioRequest {
                    principal: node.spec.clone(),
                    assume: vec![hop],
                    ..ScenarioRequest::default()
                };
                let slow = evaluate_request_as(&g.scenario, &request, index).decision;
                assert_eq!(
                    fast,
                    slow == StepDecision::Allowed,
                    "{} assumes {}",
                    node.id,
                    role.id
                );
                checked += 1;
            }
            for request in &scenario.requests {
                let (Some(action), PrincipalSpec::Arn(_)) = (&request.action, &node.spec) else {
                    continue;
                };
                let resource = request.resource.clone().unwrap_or_else(|| "*".to_owned());
                let call = g.world.action_call(
                    &g.scenario,
                    &g.sides[n],
                    action,
                    &resource,
                    &request.context,
                );
                let asked = ScenarioRequest {
                    principal: node.spec.clone(),
                    context: request.context.clone(),
                    action: Some(action.clone()),
                    resource: Some(resource.clone()),
                    ..ScenarioRequest::default()
                };
                let slow = evaluate_request_as(&g.scenario, &asked, index).decision;
                let kept = g.world.action_allowed(
                    &g.scenario,
                    &g.sides[n],
                    (action, &resource),
                    &request.context,
                );
                assert_eq!(kept, call.decide().is_allowed(), "{} {action}", node.id);
                if crate::evaluate::denied_across_accounts(&call.request, &call.set) {
                    assert!(
                        !kept,
                        "{} {action} {resource}: denied across accounts",
                        node.id
                    );
                }
                assert_eq!(
                    call.decide().is_allowed(),
                    slow == StepDecision::Allowed,
                    "{} {action} {resource}",
                    node.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn explained_edges_carry_the_deciding_statements() {
    let trusts = format!(r#"{{"AWS": "{}"}}"#, alice());
    let g = build(
        &[
            user(&alice(), "", ""),
            role(&role_arn("Dev"), &trusts, "sts:AssumeRole", ""),
        ],
        "",
    );
    let steps = g.explain(&g.edges[0]);
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].decision, StepDecision::Allowed);
    let deciding = steps[0].explanation.as_ref().map(|e| e.deciding.len());
    assert_eq!(deciding, Some(1));
}

#[test]
fn escalation_finds_an_admin_role_behind_an_assume_edge() {
    let trusts = format!(r#"{{"AWS": "{}"}}"#, alice());
    let g = build(
        &[
            user(&alice(), "", ""),
            role(
                &role_arn("Admin"),
                &trusts,
                "sts:AssumeRole",
                &allow(r#""*""#),
            ),
        ],
        "",
    );
    let e = escalation(&g, &Limits::default());
    assert_eq!(e.administrators.len(), 1);
    assert_eq!(e.findings.len(), 1);
    assert_eq!(e.findings[0].principal, alice());
    assert_eq!(e.findings[0].technique, "sts:AssumeRole");
    assert_eq!(e.findings[0].admin, role_arn("Admin"));
}
