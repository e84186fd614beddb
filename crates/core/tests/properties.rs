//! Property tests of the evaluator: the fast and full paths agree, a `Deny` never helps,
//! without any `Allow` nothing is allowed, and no input makes it panic.

use std::sync::Arc;

use proptest::prelude::*;
use rolecall_core::evaluate::{
    Decision, Detail, NamedPolicy, PolicySet, decide, evaluate, evaluate_with,
};
use rolecall_core::policy::model::{Effect, PolicyKind};
use rolecall_core::policy::parse_policy;
use rolecall_core::request::{Context, Request};
use rolecall_core::simulate::{PolicyCache, simulate_line};

const A: &str = "111111111111";
const B: &str = "222222222222";

fn principals() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        format!("arn:aws:iam::{A}:user/alice"),
        format!("arn:aws:sts::{A}:assumed-role/Dev/s"),
        format!("arn:aws:iam::{A}:role/Dev"),
        format!("arn:aws:iam::{A}:root"),
        format!("arn:aws:iam::{B}:user/bob"),
        "ec2.amazonaws.com".to_owned(),
        "anonymous".to_owned(),
    ])
}

fn actions() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "s3:GetObject",
        "s3:PutObject",
        "sts:AssumeRole",
        "kms:Decrypt",
        "iam:CreateUser",
    ])
}

fn action_patterns() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "\"*\"",
        "\"s3:*\"",
        "\"s3:Get*\"",
        "\"sts:AssumeRole\"",
        "\"kms:*\"",
        "[\"iam:*\", \"s3:PutObject\"]",
    ])
}

fn resources() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "\"*\"",
        "\"arn:aws:s3:::bkt/*\"",
        "\"arn:aws:s3:::BKT/*\"",
        "\"arn:aws:iam::111111111111:role/*\"",
    ])
}

fn principal_values() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "\"*\"".to_owned(),
        format!("{{\"AWS\": \"{A}\"}}"),
        format!("{{\"AWS\": \"arn:aws:iam::{A}:user/alice\"}}"),
        format!("{{\"AWS\": \"arn:aws:iam::{A}:role/Dev\"}}"),
        format!("{{\"AWS\": \"arn:aws:sts::{A}:assumed-role/Dev/s\"}}"),
        format!("{{\"AWS\": \"{B}\"}}"),
        "{\"Service\": \"ec2.amazonaws.com\"}".to_owned(),
    ])
}

fn conditions() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "",
        r#", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}"#,
        r#", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}"#,
        r#", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}"#,
    ])
}

/// One statement as JSON text; `with_principal` for resource-based and trust policies.
fn statement(with_principal: bool) -> impl Strategy<Value = String> {
    (prop::bool::weighted(0.7), prop::bool::weighted(0.2), action_patterns(), resources(), principal_values(), conditions()).prop_map(
        move |(allow, not_action, action, resource, principal, condition)| {
            let effect = if allow { "Allow" } else { "Deny" };
            let action_key = if not_action { "NotAction" } else { "Action" };
            let principal = if with_principal { format!(r#", "Principal": {principal}"#) } else { String::new() };
            format!(r#"{{"Effect": "{effect}", "{action_key}": {action}, "Resource": {resource}{principal}{condition}}}"#)
        },
    )
}

fn policy_text(with_principal: bool) -> impl Strategy<Value = String> {
    prop::collection::vec(statement(with_principal), 1..4).prop_map(|statements| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            statements.join(", ")
        )
    })
}

fn named(text: &str, kind: PolicyKind, name: &str) -> NamedPolicy {
    NamedPolicy::new(name, kind, parse_policy(text, kind).policy)
}

prop_compose! {
    fn cases()(
        principal in principals(),
        action in actions(),
        resource_account in prop::sample::select(vec![A, B]),
        identity in prop::collection::vec(policy_text(false), 0..3),
        resource in prop::option::of(policy_text(true)),
        boundary in prop::option::of(policy_text(false)),
        session in prop::option::of(policy_text(false)),
        scps in prop::collection::vec(policy_text(false), 0..3),
        tagged in any::<bool>(),
    ) -> (Request, PolicySet) {
        let resource_arn = match action {
            "sts:AssumeRole" => format!("arn:aws:iam::{resource_account}:role/Dev"),
            "kms:Decrypt" => format!("arn:aws:kms:us-east-1:{resource_account}:key/k"),
            _ => "arn:aws:s3:::bkt/k".to_owned(),
        };
        let mut context = Context::new();
        if tagged {
            context.set("aws:PrincipalTag/team", "blue");
        }
        let request = Request {
            principal,
            action: action.to_owned(),
            resource: resource_arn,
            resource_account: Some(resource_account.to_owned()),
            context,
        };
        let mut set = PolicySet::new();
        set.identity = identity.iter().enumerate().map(|(i, t)| named(t, PolicyKind::Identity, &format!("id{i}"))).collect();
        let resource_kind = if action == "sts:AssumeRole" { PolicyKind::Trust } else { PolicyKind::Resource };
        set.resource = resource.map(|t| named(&t, resource_kind, "rp"));
        set.boundaries = boundary.iter().map(|t| named(t, PolicyKind::Boundary, "pb")).collect();
        set.sessions = session.map(|t| named(&t, PolicyKind::Session, "sp")).into_iter().collect();
        set.scps = scps.iter().map(|t| vec![named(t, PolicyKind::Scp, "scp")]).collect();
        (request, set)
    }
}

/// Every policy of the set with its statements filtered by `keep`.
fn filtered(set: &PolicySet, keep: impl Fn(Option<Effect>) -> bool) -> PolicySet {
    let filter = |p: &NamedPolicy| {
        let mut policy = (*p.policy).clone();
        policy
            .statements
            .retain(|s| keep(s.effect.as_ref().map(|e| e.value)));
        NamedPolicy {
            policy: Arc::new(policy),
            ..p.clone()
        }
    };
    PolicySet {
        identity: set.identity.iter().map(filter).collect(),
        resource: set.resource.as_ref().map(filter),
        boundaries: set.boundaries.iter().map(filter).collect(),
        sessions: set.sessions.iter().map(filter).collect(),
        vpc_endpoint: set.vpc_endpoint.as_ref().map(filter),
        scps: set
            .scps
            .iter()
            .map(|l| l.iter().map(filter).collect())
            .collect(),
        rcps: set
            .rcps
            .iter()
            .map(|l| l.iter().map(filter).collect())
            .collect(),
        facts: set.facts.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_fast_and_full_paths_agree((request, set) in cases()) {
        let full = evaluate(&request, &set);
        prop_assert_eq!(decide(&request, &set), full.decision);
        prop_assert_eq!(evaluate_with(&request, &set, Detail::DecisionOnly).decision, full.decision);
        prop_assert!(!full.explanation.summary.is_empty());
    }

    #[test]
    fn evaluation_is_deterministic((request, set) in cases()) {
        prop_assert_eq!(evaluate(&request, &set), evaluate(&request, &set));
    }

    #[test]
    fn adding_a_deny_statement_never_allows((request, set) in cases(), deny in policy_text(false)) {
        let before = decide(&request, &set);
        let deny = deny.replace("\"Allow\"", "\"Deny\"");
        let mut more = set.clone();
        more.identity.push(named(&deny, PolicyKind::Identity, "extra-deny"));
        let after = decide(&request, &more);
        if before != Decision::Allowed {
            prop_assert_ne!(after, Decision::Allowed);
        }
        if before == Decision::ExplicitDeny {
            prop_assert_eq!(after, Decision::ExplicitDeny);
        }
    }

    #[test]
    fn adding_an_allow_statement_never_denies((request, set) in cases(), allow in policy_text(false)) {
        let before = decide(&request, &set);
        let allow = allow.replace("\"Deny\"", "\"Allow\"");
        let mut more = set.clone();
        more.identity.push(named(&allow, PolicyKind::Identity, "extra-allow"));
        if let Some(level) = more.scps.first_mut() {
            level.push(named(&allow, PolicyKind::Scp, "extra-scp-allow"));
        }
        let after = decide(&request, &more);
        if before == Decision::Allowed {
            prop_assert_eq!(after, Decision::Allowed);
        }
        // An explicit deny does not depend on allows.
        prop_assert_eq!(before == Decision::ExplicitDeny, after == Decision::ExplicitDeny);
    }

    #[test]
    fn without_any_allow_nothing_is_allowed((request, set) in cases()) {
        // The root user is the one exception: it has full access in its own account.
        prop_assume!(!request.principal.ends_with(":root"));
        let denies_only = filtered(&set, |e| e != Some(Effect::Allow));
        prop_assert_ne!(decide(&request, &denies_only), Decision::Allowed);
    }

    #[test]
    fn removing_every_deny_never_turns_an_allow_into_a_deny((request, set) in cases()) {
        let allows_only = filtered(&set, |e| e != Some(Effect::Deny));
        prop_assert_ne!(decide(&request, &allows_only), Decision::ExplicitDeny);
        if decide(&request, &set) == Decision::Allowed {
            prop_assert_eq!(decide(&request, &allows_only), Decision::Allowed);
        }
    }

    #[test]
    fn arbitrary_policy_texts_never_panic(text in "\\PC{0,200}", principal in principals(), action in actions()) {
        let request = Request { principal, action: action.to_owned(), resource: "*".to_owned(), ..Request::default() };
        let mut set = PolicySet::new();
        for kind in PolicyKind::ALL {
            set = set.with_policy(named(&text, kind, "fuzz"));
        }
        let _ = evaluate(&request, &set);
        let _ = decide(&request, &set);
    }

    #[test]
    fn arbitrary_json_ish_policies_never_panic(text in r#"[{}\[\]",:a-zA-Z0-9*?$ ]{0,120}"#) {
        let request = Request { principal: format!("arn:aws:iam::{A}:user/alice"), action: "s3:GetObject".into(), resource: "*".into(), ..Request::default() };
        let set = PolicySet::new().with_policy(named(&text, PolicyKind::Identity, "x")).with_policy(named(&text, PolicyKind::Resource, "y"));
        let _ = evaluate(&request, &set);
    }

    #[test]
    fn arbitrary_simulate_lines_never_panic(line in "\\PC{0,300}") {
        let mut cache = PolicyCache::new();
        let result = simulate_line(&line, 1, true, &mut cache);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&result.json).is_ok());
    }

    #[test]
    fn generated_lines_round_trip_through_simulate((request, set) in cases()) {
        // The same request as a simulate line gives the same decision as the library.
        let _ = set;
        let line = serde_json::json!({
            "principal": request.principal,
            "action": request.action,
            "resource": request.resource,
            "resourceAccount": request.resource_account,
        });
        let result = simulate_line(&line.to_string(), 1, false, &mut PolicyCache::new());
        prop_assert_eq!(result.decision, decide(&request, &PolicySet::new()).as_str());
    }
}
