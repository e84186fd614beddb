//! Tests of who-can, can-what and escalation.

use super::{A, alice, allow, bob, build, deny, doc, role, role_arn, scp_deny, user};
use crate::catalog::Catalog;
use crate::reach::admin::SELF_CHANGES;
use crate::reach::{Limits, can_what, escalation, who_can};

fn catalog() -> Catalog {
    Catalog::parse(include_str!("../../../data/catalog.json")).unwrap_or_default()
}

/// Alice, with `policies`, and the role `Reader` she may assume, which may read every object.
fn alice_and_reader(policies: &str) -> crate::reach::AccessGraph {
    let ids = [
        user(&alice(), policies, ""),
        role(
            &role_arn("Reader"),
            &format!(r#"{{"AWS": "{}"}}"#, alice()),
            "sts:AssumeRole",
            &allow(r#""s3:GetObject""#),
        ),
    ];
    build(&ids, "")
}

#[test]
fn who_can_lists_direct_principals_with_one_empty_path_then_paths_shortest_first() {
    let reader = allow(r#""s3:GetObject""#);
    let ids = [
        user(&alice(), "", ""),
        user(&bob(), &reader, ""),
        role(
            &role_arn("Hop"),
            &format!(r#"{{"AWS": "{}"}}"#, alice()),
            "sts:AssumeRole",
            "",
        ),
        role(
            &role_arn("Reader"),
            &format!(r#"{{"AWS": ["{}", "{}"]}}"#, alice(), role_arn("Hop")),
            "sts:AssumeRole",
            &reader,
        ),
    ];
    let g = build(&ids, "");
    let answer = who_can(&g, "s3:GetObject", "arn:aws:s3:::bkt/k", &Limits::default());
    let summary: Vec<(String, bool, Vec<usize>)> = answer
        .principals
        .iter()
        .map(|p| {
            (
                p.principal.clone(),
                p.direct,
                p.paths.iter().map(Vec::len).collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (bob(), true, vec![0]),
            (role_arn("Reader"), true, vec![0]),
            (role_arn("Hop"), false, vec![1]),
            (alice(), false, vec![1, 2]),
        ]
    );
    assert!(
        answer.principals.iter().all(|p| p.statements.is_empty()
            && p.paths.iter().flatten().all(|h| h.statements.is_empty())),
        "who-can leaves the explanations to with_statements"
    );
    let answer = answer.with_statements(&g);
    let direct = &answer.principals[0];
    assert_eq!(direct.statements.len(), 1, "bob's Allow decides");
    let hop = &answer.principals[3].paths[1][0];
    assert_eq!(
        (hop.from.as_str(), hop.to.as_str(), hop.means.via.as_str()),
        (alice().as_str(), role_arn("Hop").as_str(), "sts:AssumeRole")
    );
    assert_eq!(hop.statements.len(), 1, "the trust statement decides");
    assert!(answer.truncated.is_empty());
}

#[test]
fn a_who_can_answer_reads_back_from_its_json_with_each_hops_means_as_its_own_fields() {
    // The page's worker sends answers across as JSON: a hop's `Means` is written flat.
    let g = alice_and_reader("");
    let answer = who_can(&g, "s3:GetObject", "arn:aws:s3:::bkt/k", &Limits::default());
    let json = serde_json::to_string(&answer).unwrap();
    assert!(
        json.contains(r#""via":"sts:AssumeRole","kind":"assumeRole","conditions":[],"assumes":[]"#),
        "{json}"
    );
    assert!(!json.contains("means"), "{json}");
    let back: crate::reach::WhoCan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, answer);
    assert!(back.principals.iter().any(|p| !p.paths.is_empty()));
}

#[test]
fn who_can_assume_a_role_lists_the_callers_with_their_conditions() {
    let ids = [
        user(&alice(), "", ""),
        user(&bob(), "", ""),
        super::role_with(
            &role_arn("Dev"),
            &format!(r#"{{"AWS": "{}"}}"#, alice()),
            "sts:AssumeRole",
            r#"{"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#,
            "",
        ),
    ];
    let g = build(&ids, "");
    let answer =
        who_can(&g, "sts:AssumeRole", &role_arn("Dev"), &Limits::default()).with_statements(&g);
    assert_eq!(answer.principals.len(), 1);
    assert_eq!(
        answer.principals[0].statements.len(),
        1,
        "the trust statement decides"
    );
    assert_eq!(answer.principals[0].principal, alice());
    assert_eq!(
        answer.principals[0].conditions[0].key,
        "aws:MultiFactorAuthPresent"
    );
}

#[test]
fn a_deny_on_the_last_step_removes_every_path_through_it() {
    let ids = |statements: &str| {
        [
            user(&alice(), "", ""),
            role(
                &role_arn("Reader"),
                &format!(r#"{{"AWS": "{}"}}"#, alice()),
                "sts:AssumeRole",
                statements,
            ),
        ]
    };
    let open = who_can(
        &build(&ids(&allow(r#""s3:*""#)), ""),
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        &Limits::default(),
    );
    assert_eq!(open.principals.len(), 2);
    let denied = format!("{}, {}", allow(r#""s3:*""#), deny(r#""s3:GetObject""#));
    let shut = who_can(
        &build(&ids(&denied), ""),
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        &Limits::default(),
    );
    assert!(shut.principals.is_empty());
}

#[test]
fn an_administrator_is_allowed_everything_and_a_boundary_or_scp_deny_takes_that_away() {
    let admin = allow(r#""*""#);
    let e = escalation(
        &build(&[user(&alice(), &admin, "")], ""),
        &Limits::default(),
    );
    assert_eq!(e.administrators.len(), 1);
    let boundary = format!(
        r#", "permissionsBoundary": {{"name": "Cap", "document": {}}}"#,
        doc(&allow(r#""s3:*""#))
    );
    let e = escalation(
        &build(&[user(&alice(), &admin, &boundary)], ""),
        &Limits::default(),
    );
    assert!(e.administrators.is_empty() && e.findings.is_empty());
    let e = escalation(
        &build(&[user(&alice(), &admin, "")], &scp_deny(r#""iam:*""#)),
        &Limits::default(),
    );
    assert!(e.administrators.is_empty());
    // NotAction that leaves everything but one harmless action open is still an administrator.
    let not = r#"{"Effect": "Allow", "NotAction": "account:CloseAccount", "Resource": "*"}"#;
    let e = escalation(&build(&[user(&alice(), not, "")], ""), &Limits::default());
    assert_eq!(e.administrators.len(), 1);
}

#[test]
fn every_self_change_makes_an_administrator_and_an_scp_deny_of_it_removes_the_finding() {
    for (on, action) in SELF_CHANGES {
        let group = format!("arn:aws:iam::{A}:group/Admins");
        let (me, extra, more) = match *on {
            "role" => (role_arn("Me"), String::new(), String::new()),
            "group" if *action == "iam:AddUserToGroup" => {
                (alice(), String::new(), user(&group, &allow(r#""*""#), ""))
            }
            "group" => (
                alice(),
                format!(r#", "groups": ["{group}"]"#),
                user(&group, "", ""),
            ),
            _ => (alice(), String::new(), String::new()),
        };
        let mut policy = allow(&format!(r#""{action}""#));
        let mut extra = extra;
        if action.contains("PermissionsBoundary") {
            policy = format!("{policy}, {}", allow(r#""*""#));
            extra.push_str(&format!(
                r#", "permissionsBoundary": {{"name": "Cap", "document": {}}}"#,
                doc(&allow(&format!(r#"["{action}", "s3:*"]"#)))
            ));
        }
        if me == role_arn("Me") {
            let trust = doc(
                r#"{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
            );
            extra.push_str(&format!(r#", "trustPolicy": {trust}"#));
        }
        let me_identity = user(&me, &policy, &extra);
        let mut ids = vec![me_identity];
        if !more.is_empty() {
            ids.push(more);
        }
        let e = escalation(&build(&ids, ""), &Limits::default());
        let finding = e.findings.iter().find(|f| f.principal == me);
        assert_eq!(
            finding.map(|f| f.technique.as_str()),
            Some(*action),
            "{action}: {e:?}"
        );
        let e = escalation(
            &build(&ids, &scp_deny(&format!(r#""{action}""#))),
            &Limits::default(),
        );
        assert!(
            e.findings.iter().all(|f| f.principal != me),
            "{action} with SCP: {e:?}"
        );
    }
}

#[test]
fn a_policy_change_on_a_role_the_user_can_assume_is_an_escalation() {
    let trusts = format!(r#"{{"AWS": "{}"}}"#, alice());
    let ids = [
        user(&alice(), &allow(r#""iam:PutRolePolicy""#), ""),
        role(&role_arn("Plain"), &trusts, "sts:AssumeRole", ""),
    ];
    let e = escalation(&build(&ids, ""), &Limits::default());
    assert_eq!(e.findings.len(), 1, "{e:?}");
    let f = &e.findings[0];
    assert_eq!(
        (f.principal.as_str(), f.admin.as_str()),
        (alice().as_str(), role_arn("Plain").as_str())
    );
    let vias: Vec<&str> = f.path.iter().map(|h| h.means.via.as_str()).collect();
    assert_eq!(vias, ["iam:PutRolePolicy", "sts:AssumeRole"]);
    let e = escalation(
        &build(&ids, &scp_deny(r#""iam:PutRolePolicy""#)),
        &Limits::default(),
    );
    assert!(e.findings.is_empty());
}

#[test]
fn can_what_groups_by_service_and_level_directly_and_through_reached_roles() {
    let g = alice_and_reader(&allow(r#""s3:ListAllMyBuckets""#));
    let answer =
        can_what(&g, &alice(), &catalog(), &Limits::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answer.reachable.len(), 1);
    assert_eq!(answer.services.len(), 1);
    let s3 = &answer.services[0];
    let levels: Vec<(&str, Vec<(&str, &str)>)> = s3
        .levels
        .iter()
        .map(|l| {
            (
                l.level.as_str(),
                l.actions
                    .iter()
                    .map(|a| (a.action.as_str(), a.by.as_str()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        levels,
        [
            ("List", vec![("s3:ListAllMyBuckets", alice().as_str())]),
            ("Read", vec![("s3:GetObject", role_arn("Reader").as_str())]),
        ]
    );
    let unknown = can_what(
        &g,
        "arn:aws:iam::111111111111:user/nobody",
        &catalog(),
        &Limits::default(),
    )
    .err();
    assert_eq!(
        unknown.as_ref().map(ToString::to_string).as_deref(),
        Some("no principal `arn:aws:iam::111111111111:user/nobody` in the scenario")
    );
    assert!(matches!(
        unknown,
        Some(crate::reach::QuestionError::UnknownPrincipal { .. })
    ));
}

#[test]
fn can_what_reads_the_principal_as_typed_without_surrounding_spaces() {
    let g = alice_and_reader(&allow(r#""s3:ListAllMyBuckets""#));
    let typed = format!("  {}\n", alice());
    let padded = can_what(&g, &typed, &catalog(), &Limits::default());
    let exact = can_what(&g, &alice(), &catalog(), &Limits::default());
    assert!(exact.is_ok(), "{exact:?}");
    assert_eq!(padded, exact);
}

#[test]
fn a_statement_starts_who_can_with_its_first_precise_action_and_first_resource() {
    use crate::reach::starts::{role_starts, statement_starts};
    let statements = r#"{"Sid": "Read", "Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": ["arn:aws:s3:::bkt/*", "arn:aws:s3:::other/*"]},
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
        {"Effect": "Allow", "Action": "sqs:SendMessage", "NotResource": "arn:aws:sqs:*:*:q"}"#;
    let g = build(
        &[
            user(&alice(), statements, ""),
            role(
                &role_arn("Dev"),
                &format!(r#"{{"AWS": "{}"}}"#, alice()),
                "sts:AssumeRole",
                "",
            ),
        ],
        "",
    );
    let starts: Vec<(String, String, String)> = statement_starts(&g.scenario, &alice())
        .into_iter()
        .map(|s| (s.label, s.action, s.resource))
        .collect();
    assert_eq!(
        starts,
        [
            (
                "statement Read of P".to_owned(),
                "s3:GetObject".to_owned(),
                "arn:aws:s3:::bkt/*".to_owned()
            ),
            (
                "statement #5 of P".to_owned(),
                "sqs:SendMessage".to_owned(),
                "*".to_owned()
            ),
        ]
    );
    let roles: Vec<(String, String)> = role_starts(&g.scenario)
        .into_iter()
        .map(|s| (s.action, s.resource))
        .collect();
    assert_eq!(roles, [("sts:AssumeRole".to_owned(), role_arn("Dev"))]);
}

/// A hop of a who-can path is explained with its heading, each call's decision in words and
/// the deciding statement's text and range; an arrow the graph does not have explains nothing.
#[test]
fn a_hop_is_explained_with_its_deciding_statement_and_its_text() {
    use crate::reach::explain::{Why, explain};
    let reader = allow(r#""s3:GetObject""#);
    let ids = [
        user(&alice(), "", ""),
        role(
            &role_arn("Reader"),
            &format!(r#"{{"AWS": "{}"}}"#, alice()),
            "sts:AssumeRole",
            &reader,
        ),
    ];
    let g = build(&ids, "");
    let answer = who_can(&g, "s3:GetObject", "arn:aws:s3:::bkt/k", &Limits::default());
    let hop = answer
        .principals
        .iter()
        .flat_map(|p| p.paths.iter().flatten())
        .next()
        .cloned()
        .unwrap();
    let shown = explain(&g, &Why::Hop(Box::new(hop)));
    assert_eq!(shown.heading, "Why alice → Reader holds (sts:AssumeRole)");
    let step = &shown.steps[0];
    assert_eq!(
        (step.call.as_str(), step.decision.as_str()),
        ("sts:AssumeRole", "allowed")
    );
    let (text, start, end) = step.statements[0].text.clone().unwrap();
    assert!(
        text[start..end].contains("sts:AssumeRole"),
        "{}",
        &text[start..end]
    );
    assert!(explain(&g, &Why::Edge(usize::MAX)).steps.is_empty());
}
