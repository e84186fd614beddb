//! Sessions along a path (`reach/session.rs`): session tags, transitive tags and the source
//! identity a hop passes count at every later step of the chain, and a hop made by a role
//! session is role chaining.
//!
//! AWS pages: "Pass session tags in AWS STS" (id_session-tags.html: principal tags of a
//! session, session tags winning over the role's; "Chaining roles with session tags"),
//! "Monitor and control actions taken with assumed roles"
//! (id_credentials_temp_control-access_monitor.html: a source identity persists through role
//! chaining and cannot be changed), "Roles terms and concepts" (id_roles.html, role chaining:
//! at most one hour).

use super::{alice, allow, build, doc, role_arn, user};
use crate::reach::query::WhoCan;
use crate::reach::{AccessGraph, Limits, can_what, escalation, who_can};

const OBJECT: &str = "arn:aws:s3:::bkt/k";

/// A role whose trust policy is one `Allow` of `actions` (a JSON value) for `principal` (an
/// ARN), with an optional `Condition` object and the role's own statements.
fn trusting(
    name: &str,
    principal: &str,
    actions: &str,
    condition: &str,
    statements: &str,
) -> String {
    let condition = if condition.is_empty() {
        String::new()
    } else {
        format!(r#", "Condition": {condition}"#)
    };
    let trust = doc(&format!(
        r#"{{"Effect": "Allow", "Principal": {{"AWS": "{principal}"}}, "Action": {actions}{condition}}}"#
    ));
    user(
        &role_arn(name),
        statements,
        &format!(r#", "trustPolicy": {trust}"#),
    )
}

/// The paths of `principal` in `answer`, each as `from→to via [conditions]` lines.
fn paths(answer: &WhoCan, principal: &str) -> Option<Vec<Vec<String>>> {
    let p = answer
        .principals
        .iter()
        .find(|p| p.principal == principal)?;
    Some(
        p.paths
            .iter()
            .map(|path| {
                path.iter()
                    .map(|h| {
                        let c: Vec<String> = h
                            .means
                            .conditions
                            .iter()
                            .map(|s| format!("{}={}", s.key, s.value))
                            .collect();
                        format!("{} [{}]", h.means.via, c.join(","))
                    })
                    .collect()
            })
            .collect(),
    )
}

fn reads(graph: &AccessGraph) -> WhoCan {
    who_can(graph, "s3:GetObject", OBJECT, &Limits::default())
}

/// alice → First → Second → s3:GetObject, where Second's trust needs the calling session to
/// carry `team=dev`; `first_trust` are the actions First's trust allows alice.
fn tag_chain(first_trust: &str) -> AccessGraph {
    let caller_tools = allow(r#"["sts:AssumeRole", "sts:TagSession"]"#);
    build(
        &[
            user(&alice(), &caller_tools, ""),
            trusting("First", &alice(), first_trust, "", &caller_tools),
            trusting(
                "Second",
                &role_arn("First"),
                r#""sts:AssumeRole""#,
                r#"{"StringEquals": {"aws:PrincipalTag/team": "dev"}}"#,
                &allow(r#""s3:GetObject""#),
            ),
        ],
        "",
    )
}

#[test]
fn a_principal_tag_the_next_trust_needs_is_passed_as_a_session_tag_by_the_hop_before() {
    let g = tag_chain(r#"["sts:AssumeRole", "sts:TagSession"]"#);
    let answer = reads(&g);
    assert_eq!(
        paths(&answer, &alice()),
        Some(vec![vec![
            "sts:AssumeRole [aws:RequestTag/team=dev]".to_owned(),
            "sts:AssumeRole [aws:PrincipalTag/team=dev]".to_owned(),
        ]]),
        "{answer:#?}"
    );
}

#[test]
fn a_principal_tag_the_next_trust_needs_blocks_the_path_when_the_hop_before_cannot_tag() {
    // First's trust does not allow sts:TagSession: alice cannot make a First session tagged
    // team=dev, so she cannot go on to Second ("Permissions required to add session tags").
    let g = tag_chain(r#""sts:AssumeRole""#);
    let answer = reads(&g);
    assert_eq!(paths(&answer, &alice()), None, "{answer:#?}");
    // First itself keeps its edge, with the tag its own session must carry.
    assert_eq!(
        paths(&answer, &role_arn("First")),
        Some(vec![vec![
            "sts:AssumeRole [aws:PrincipalTag/team=dev]".to_owned()
        ]])
    );
}

#[test]
fn a_role_whose_policy_needs_a_principal_tag_acts_when_the_assuming_hop_tags_the_session() {
    let tagged_read = r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalTag/team": "dev"}}}"#;
    let caller_tools = allow(r#"["sts:AssumeRole", "sts:TagSession"]"#);
    let with_tagging = |trust: &str| {
        build(
            &[
                user(&alice(), &caller_tools, ""),
                trusting("Reader", &alice(), trust, "", tagged_read),
            ],
            "",
        )
    };
    let g = with_tagging(r#"["sts:AssumeRole", "sts:TagSession"]"#);
    let answer = reads(&g);
    let reader = answer
        .principals
        .iter()
        .find(|p| p.principal == role_arn("Reader"));
    assert!(
        reader.is_some_and(|p| p.direct
            && p.conditions
                .iter()
                .any(|c| c.key == "aws:PrincipalTag/team")),
        "{answer:#?}"
    );
    assert_eq!(
        paths(&answer, &alice()),
        Some(vec![vec![
            "sts:AssumeRole [aws:RequestTag/team=dev]".to_owned()
        ]])
    );
    let g = with_tagging(r#""sts:AssumeRole""#);
    assert_eq!(paths(&reads(&g), &alice()), None);
}

#[test]
fn a_session_tag_one_hop_needs_is_denied_by_the_next_trust() {
    // First's trust requires alice to tag her session team=red; Second's trust denies a caller
    // tagged team=red. Each edge holds alone (Second sees an untagged First session), the path
    // does not.
    let caller_tools = allow(r#"["sts:AssumeRole", "sts:TagSession"]"#);
    let second_trust = doc(&format!(
        r#"{{"Effect": "Allow", "Principal": {{"AWS": "{}"}}, "Action": "sts:AssumeRole"}},
           {{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole",
             "Condition": {{"StringEquals": {{"aws:PrincipalTag/team": "red"}}}}}}"#,
        role_arn("First")
    ));
    let g = build(
        &[
            user(&alice(), &caller_tools, ""),
            trusting(
                "First",
                &alice(),
                r#"["sts:AssumeRole", "sts:TagSession"]"#,
                r#"{"StringEquals": {"aws:RequestTag/team": "red"}}"#,
                &caller_tools,
            ),
            user(
                &role_arn("Second"),
                &allow(r#""s3:GetObject""#),
                &format!(r#", "trustPolicy": {second_trust}"#),
            ),
        ],
        "",
    );
    let answer = reads(&g);
    assert_eq!(paths(&answer, &alice()), None, "{answer:#?}");
    assert_eq!(
        paths(&answer, &role_arn("First")),
        Some(vec![vec!["sts:AssumeRole []".to_owned()]])
    );
}

/// alice → First (its trust requires source identity `first`) → Second (its trust requires
/// `second`), both allowing sts:SetSourceIdentity.
fn source_chain(second: &str) -> AccessGraph {
    let tools = allow(r#"["sts:AssumeRole", "sts:SetSourceIdentity"]"#);
    let actions = r#"["sts:AssumeRole", "sts:SetSourceIdentity"]"#;
    build(
        &[
            user(&alice(), &tools, ""),
            trusting(
                "First",
                &alice(),
                actions,
                r#"{"StringEquals": {"sts:SourceIdentity": "alice"}}"#,
                &tools,
            ),
            trusting(
                "Second",
                &role_arn("First"),
                actions,
                &format!(r#"{{"StringEquals": {{"sts:SourceIdentity": "{second}"}}}}"#),
                &allow(r#""s3:GetObject""#),
            ),
        ],
        "",
    )
}

#[test]
fn a_source_identity_set_at_the_first_hop_cannot_change_later_in_the_chain() {
    let g = source_chain("someone-else");
    let answer = reads(&g);
    assert_eq!(paths(&answer, &alice()), None, "{answer:#?}");
    assert!(paths(&answer, &role_arn("First")).is_some());
}

#[test]
fn a_source_identity_set_at_the_first_hop_carries_to_a_trust_that_asks_for_the_same() {
    let g = source_chain("alice");
    let answer = reads(&g);
    assert_eq!(
        paths(&answer, &alice()),
        Some(vec![vec![
            "sts:AssumeRole [sts:SourceIdentity=alice]".to_owned(),
            "sts:AssumeRole [sts:SourceIdentity=alice]".to_owned(),
        ]]),
        "{answer:#?}"
    );
}

#[test]
fn a_role_session_assuming_a_role_is_role_chaining_capped_at_one_hour() {
    let g = tag_chain(r#"["sts:AssumeRole", "sts:TagSession"]"#);
    let answer = reads(&g);
    let alice_paths = &answer
        .principals
        .iter()
        .find(|p| p.principal == alice())
        .map(|p| p.paths.clone())
        .unwrap_or_default();
    let chained: Vec<bool> = alice_paths.iter().flatten().map(|h| h.chained).collect();
    assert_eq!(chained, [false, true]);
    let json = serde_json::to_value(&answer).unwrap_or_default();
    let hops = &json["principals"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["principal"] == alice()))
        .cloned()
        .unwrap_or_default()["paths"][0];
    assert_eq!(hops[0].get("chained"), None, "a user's hop is not chained");
    assert_eq!(hops[1]["chained"], true);
    assert!(crate::reach::render::render_who_can(&answer).contains("caps at one hour"));
}

#[test]
fn can_what_does_not_reach_through_a_chain_that_cannot_keep_its_source_identity() {
    let catalog = crate::catalog::Catalog::parse(include_str!("../../../data/catalog.json"))
        .unwrap_or_default();
    let reached = |g: &AccessGraph| -> Vec<String> {
        can_what(g, &alice(), &catalog, &Limits::default())
            .map(|c| c.reachable.into_iter().map(|r| r.principal).collect())
            .unwrap_or_default()
    };
    assert_eq!(reached(&source_chain("someone-else")), [role_arn("First")]);
    assert_eq!(
        reached(&source_chain("alice")),
        [role_arn("First"), role_arn("Second")]
    );
}

#[test]
fn escalation_through_a_chain_counts_the_session_values_of_every_hop() {
    let admin = allow(r#""*""#);
    let tools = allow(r#"["sts:AssumeRole", "sts:SetSourceIdentity"]"#);
    let actions = r#"["sts:AssumeRole", "sts:SetSourceIdentity"]"#;
    let chain = |second: &str| {
        build(
            &[
                user(&alice(), &tools, ""),
                trusting(
                    "First",
                    &alice(),
                    actions,
                    r#"{"StringEquals": {"sts:SourceIdentity": "alice"}}"#,
                    &tools,
                ),
                trusting(
                    "Admin",
                    &role_arn("First"),
                    actions,
                    &format!(r#"{{"StringEquals": {{"sts:SourceIdentity": "{second}"}}}}"#),
                    &admin,
                ),
            ],
            "",
        )
    };
    let found = |g: &AccessGraph| -> Vec<String> {
        escalation(g, &Limits::default())
            .findings
            .into_iter()
            .map(|f| f.principal)
            .collect()
    };
    assert_eq!(found(&chain("alice")), [role_arn("First"), alice()]);
    assert_eq!(found(&chain("someone-else")), [role_arn("First")]);
}

#[test]
fn an_edge_lists_a_session_value_only_when_its_call_needs_it() {
    // First's own policy names a principal tag in an unrelated statement; Second's trust needs
    // only an ExternalId. The edge First → Second must not ask for the tag (it would make
    // every path through it a chain to replay, and say something false).
    let first_policy = r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*",
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": "ops"}}}"#;
    let g = build(
        &[
            user(&alice(), &allow(r#""sts:AssumeRole""#), ""),
            trusting("First", &alice(), r#""sts:AssumeRole""#, "", first_policy),
            trusting(
                "Second",
                &role_arn("First"),
                r#""sts:AssumeRole""#,
                r#"{"StringEquals": {"sts:ExternalId": "x-1"}}"#,
                &allow(r#""s3:GetObject""#),
            ),
        ],
        "",
    );
    let answer = reads(&g);
    assert_eq!(
        paths(&answer, &role_arn("First")),
        Some(vec![vec!["sts:AssumeRole [sts:ExternalId=x-1]".to_owned()]]),
        "{answer:#?}"
    );
}
