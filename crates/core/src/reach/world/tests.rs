//! The kept request of a side equals a fresh copy call after call, and a hop with a rewritten
//! trust policy is decided as its fresh calls.

use super::*;
use crate::evaluate::denied_across_accounts;
use crate::reach::graph::AccessGraph;
use crate::reach::tests::example_graphs;

/// The nodes of `g` with a trust policy.
fn roles_of(g: &AccessGraph) -> Vec<&str> {
    g.nodes
        .iter()
        .filter(|r| g.world.trust(&r.id).is_some())
        .map(|r| r.id.as_str())
        .collect()
}

/// A hop decided with a rewritten trust policy laid over the kept request is decided as
/// the fresh calls of `assume_calls` with that trust policy, and leaves the role's own
/// trust policy in place for the next call.
#[test]
fn a_hop_with_a_rewritten_trust_is_decided_as_its_fresh_calls() {
    let mut checked = 0;
    for (_, g) in example_graphs() {
        let roles = roles_of(&g);
        for (n, side) in g.sides.iter().enumerate() {
            let caller = g.nodes.get(n).map_or("", |c| c.id.as_str());
            let text = format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{caller}"}}, "Action": "sts:AssumeRole"}}]}}"#
            );
            let trust = NamedPolicy::new(
                "rewritten",
                PolicyKind::Trust,
                crate::policy::parse_policy(&text, PolicyKind::Trust).policy,
            );
            for role in &roles {
                let hop = AssumeHop {
                    role: (*role).to_owned(),
                    ..AssumeHop::default()
                };
                let fresh = g
                    .world
                    .assume_calls(&g.scenario, side, &hop)
                    .into_iter()
                    .all(|mut call| {
                        call.set.resource = Some(trust.clone());
                        call.decide().is_allowed()
                    });
                let laid = g
                    .world
                    .assume_decided_with_trust(&g.scenario, side, &hop, &trust);
                assert_eq!(laid, fresh, "{caller} {role}");
                let own = g.world.assume_calls(&g.scenario, side, &hop);
                let own_allowed = own.iter().all(|c| c.decide().is_allowed());
                assert_eq!(
                    g.world
                        .assume_decided(&g.scenario, side, &hop, |_, _| ())
                        .is_ok(),
                    own_allowed,
                    "{caller} {role}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked}");
}

/// A side's kept request, laid over call after call on alternating resources and roles
/// (each target's keys left laid until the next target changes them), is the request
/// `action_call` and `assume_calls` copy afresh, for every node of every example; its
/// remembered cross-account denial is the evaluator's for the fresh copy.
#[test]
fn the_kept_request_equals_a_fresh_copy_call_after_call() {
    let mut checked = 0;
    for (_, g) in example_graphs() {
        let mut resources: Vec<String> =
            g.scenario.resources.iter().map(|r| r.arn.clone()).collect();
        resources.extend(
            g.scenario
                .requests
                .iter()
                .filter_map(|r| r.resource.clone()),
        );
        resources.push("*".to_owned());
        let roles = roles_of(&g);
        let extra = KeyValues(vec![(
            "aws:SourceIp".to_owned(),
            ContextValue::Single("192.0.2.1".to_owned()),
        )]);
        for side in &g.sides {
            // Twice over, so that each call follows a call on another target.
            for round in 0..2 {
                for (i, resource) in resources.iter().enumerate() {
                    let keys = if (i + round) % 2 == 0 {
                        &extra
                    } else {
                        &KeyValues::default()
                    };
                    let fresh =
                        g.world
                            .action_call(&g.scenario, side, "s3:GetObject", resource, keys);
                    g.world.with_action(
                        &g.scenario,
                        side,
                        ("s3:GetObject", resource),
                        keys,
                        |laid| {
                            assert_eq!(laid.scratch.request, fresh.request, "{resource}");
                            assert_eq!(laid.scratch.set, fresh.set, "{resource}");
                            // The second round reads what the side remembers.
                            assert_eq!(
                                laid.denied_whatever_supplied(),
                                denied_across_accounts(&fresh.request, &fresh.set),
                                "{resource}"
                            );
                        },
                    );
                    checked += 1;
                    let Some(role) = roles.get(i % roles.len().max(1)) else {
                        continue;
                    };
                    let hop = AssumeHop {
                        role: (*role).to_owned(),
                        ..AssumeHop::default()
                    };
                    let fresh = g.world.assume_calls(&g.scenario, side, &hop);
                    let seen = RefCell::new(Vec::new());
                    g.world.with_assume(
                        &g.scenario,
                        (side, &hop, None),
                        |request, set| {
                            seen.borrow_mut().push((request.clone(), set.clone()));
                            true
                        },
                        |_, _, _| (),
                    );
                    let fresh: Vec<(Request, PolicySet)> =
                        fresh.into_iter().map(|c| (c.request, c.set)).collect();
                    assert_eq!(seen.into_inner(), fresh, "{role}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
}
