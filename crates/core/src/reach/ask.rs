//! The two questions every technique starts with: may the caller's identity policies allow an
//! action at all (a cheap necessary condition), and does the evaluator allow the call (as the
//! caller makes it by default, else with the values it can supply itself).

use crate::matching::{action_matches, resource_matches};
use crate::policy::model::Statement;
use crate::reach::graph::AccessGraph;
use crate::reach::harvest::{Supply, as_context, attempts, harvest, owned_by_caller};
use crate::reach::world::Side;
use crate::request::ContextValue;
use crate::scenario::model::KeyValues;

/// Whether some identity-policy `Allow` of `side` covers `action` (necessary for any call that
/// no resource-based policy can grant).
#[must_use]
pub fn may(side: &Side, action: &str) -> bool {
    side.set
        .identity
        .iter()
        .any(|p| p.policy.statements.iter().any(|s| allows_action(s, action)))
}

/// Whether `s` is an `Allow` statement whose `Action` (or `NotAction`) covers `action`: the
/// statements [`may`], [`may_on`] and [`covering`] read.
fn allows_action(s: &Statement, action: &str) -> bool {
    s.is_allow()
        && s.action
            .as_ref()
            .is_some_and(|a| a.negated != a.values.iter().any(|v| action_matches(&v.value, action)))
}

/// Whether some identity-policy `Allow` of `side` covers `action` on `resource`, conditions
/// left aside: [`may`] narrowed by the `Resource` element. A `NotResource`, a missing element or
/// a pattern with a policy variable (`${aws:username}`) counts as covering, since only the
/// evaluator can read those. Necessary (never sufficient) for a call that no resource-based
/// policy can grant; the evaluator still decides every call that passes.
///
/// Why: an identity-based policy grants a call only through a statement whose `Action` and
/// `Resource` both match the request (IAM User Guide, "Policy evaluation logic").
#[must_use]
pub fn may_on(side: &Side, action: &str, resource: &str) -> bool {
    side.set.identity.iter().any(|p| {
        p.policy.statements.iter().any(|s| {
            allows_action(s, action)
                && s.resource.as_ref().is_none_or(|r| {
                    r.negated
                        || r.values
                            .iter()
                            .any(|v| v.value.contains("${") || resource_matches(&v.value, resource))
                })
        })
    })
}

/// What [`may_on`] reads of `side` for `action`: the `Resource` element of each identity-policy
/// `Allow` statement whose `Action` covers it (`None` for a statement without one, `true` for a
/// `NotResource`). Two callers with the same list answer `may_on` alike for every resource.
#[must_use]
pub fn covering(side: &Side, action: &str) -> Vec<Option<(bool, Vec<String>)>> {
    side.set
        .identity
        .iter()
        .flat_map(|p| &p.policy.statements)
        .filter(|s| allows_action(s, action))
        .map(|s| {
            s.resource.as_ref().map(|r| {
                (
                    r.negated,
                    r.values.iter().map(|v| v.value.clone()).collect(),
                )
            })
        })
        .collect()
}

/// Asks whether `side` may call `action` on `resource` with `extra` context keys: `Some` with
/// the values the caller must supply (empty when none), or `None` when denied either way.
#[must_use]
pub fn attempt(
    graph: &AccessGraph,
    side: &Side,
    action: &str,
    resource: &str,
    extra: &KeyValues<ContextValue>,
) -> Option<Vec<Supply>> {
    let world = &graph.world;
    world.with_action(&graph.scenario, side, (action, resource), extra, |laid| {
        // Across accounts without a resource-based policy no supplied value helps: denied.
        if laid.denied_whatever_supplied() {
            return None;
        }
        if laid.allowed() {
            return Some(Vec::new());
        }
        let supplies = harvest(laid.set().all(), &owned_by_caller(&side.caller));
        // Each attempt is laid over the one before, whose keys and values are among its own:
        // the context is the one `extra` and the attempt give.
        attempts(supplies).into_iter().find_map(|tried| {
            laid.lay(&as_context(&tried));
            laid.allowed().then_some(tried)
        })
    })
}
