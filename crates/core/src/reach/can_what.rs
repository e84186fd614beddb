//! can-what: the effective permissions of a principal, directly and through every principal
//! it can reach, grouped by service and access level from the AWS catalog.
//!
//! The candidate actions are the catalog's expansion of every `Action` (or `NotAction`) of an
//! `Allow` statement in the principal's identity policies and in the scenario's resource
//! policies; the candidate resources are `*` and every resource of the scenario that fits the
//! action's resource types (an S3 bucket also as `bucket/*`, any object in it). The evaluator
//! decides each pair.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use crate::catalog::{ActionRef, Catalog, ResourceFit, resource_fit};
use crate::reach::ask::attempt;
use crate::reach::graph::AccessGraph;
use crate::reach::harvest::Supply;
use crate::reach::query::{Hop, Hops, Limits};
use crate::reach::question::QuestionError;
use crate::reach::session::holds;
use crate::scenario::model::KeyValues;

/// One action the principal can perform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Access {
    /// The action.
    pub action: String,
    /// The resources it can perform it on (`*` for all).
    pub resources: Vec<String>,
    /// The principal that performs it (the asked one, or one it can reach).
    pub by: String,
    /// Values that must be supplied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Supply>,
}

/// The actions of one access level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LevelAccess {
    /// `List`, `Read`, `Write`, `Permissions management` or `Tagging`.
    pub level: String,
    /// The actions.
    pub actions: Vec<Access>,
}

/// The actions of one service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccess {
    /// The prefix (`s3`).
    pub service: String,
    /// The name (`Amazon S3`).
    pub name: String,
    /// By access level.
    pub levels: Vec<LevelAccess>,
}

/// A principal reachable from the asked one, with its shortest path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reached {
    /// The principal.
    pub principal: String,
    /// The shortest path to it.
    pub path: Vec<Hop>,
}

/// The answer to can-what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CanWhat {
    /// The principal asked about.
    pub principal: String,
    /// The principals it can act as, with their shortest paths.
    pub reachable: Vec<Reached>,
    /// What it can do, by service.
    pub services: Vec<ServiceAccess>,
    /// The bounds that were hit (empty when the answer is complete).
    pub truncated: Vec<String>,
}

/// The candidate actions of node `n`: the catalog's expansion of every `Allow` action element
/// of its identity policies and of the scenario's resource policies.
fn candidates<'c>(graph: &AccessGraph, n: usize, catalog: &'c Catalog) -> Vec<ActionRef<'c>> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    let Some(side) = graph.sides.get(n) else {
        return out;
    };
    let resource_policies = graph.world.resource_policies();
    for policy in side.set.identity.iter().chain(resource_policies) {
        for s in &policy.policy.statements {
            if !s.is_allow() {
                continue;
            }
            let Some(element) = &s.action else { continue };
            let patterns: Vec<&str> = element.values.iter().map(|v| v.value.as_str()).collect();
            let actions = if element.negated {
                catalog.expand_not_action(&patterns)
            } else {
                patterns.iter().flat_map(|p| catalog.expand(p)).collect()
            };
            for a in actions {
                if seen.insert(a.full_name()) {
                    out.push(a);
                }
            }
        }
    }
    out
}

/// The principals reachable from `start` (itself first), each with its shortest path as edge
/// indexes, in breadth-first order.
fn reach(
    graph: &AccessGraph,
    start: usize,
    limits: &Limits,
    truncated: &mut Vec<String>,
) -> Vec<(usize, Vec<usize>)> {
    let mut paths: Vec<Option<Vec<usize>>> = vec![None; graph.nodes.len()];
    let mut order = Vec::new();
    let mut queue = VecDeque::new();
    if let Some(p) = paths.get_mut(start) {
        *p = Some(Vec::new());
        queue.push_back(start);
    }
    while let Some(node) = queue.pop_front() {
        let path = paths.get(node).cloned().flatten().unwrap_or_default();
        order.push((node, path.clone()));
        if order.len() >= limits.max_reach {
            truncated.push(format!(
                "more than {} principals reachable (max_reach); the nearest are used",
                limits.max_reach
            ));
            break;
        }
        for &e in graph.outgoing.get(node).into_iter().flatten() {
            let Some(edge) = graph.edges.get(e) else {
                continue;
            };
            if paths.get(edge.to).is_some_and(Option::is_none) {
                if path.len() >= limits.max_length {
                    truncated.push(format!(
                        "paths longer than {} hops were not followed (max_length)",
                        limits.max_length
                    ));
                    continue;
                }
                let mut longer = path.clone();
                longer.push(e);
                // A path that does not hold as a chain of sessions does not reach.
                if holds(graph, &longer, None).is_none() {
                    continue;
                }
                if let Some(slot) = paths.get_mut(edge.to) {
                    *slot = Some(longer);
                }
                queue.push_back(edge.to);
            }
        }
    }
    truncated.dedup();
    order
}

/// What the principal `principal` can do, directly and through the principals it can reach.
/// `principal` is read as typed: surrounding spaces are not part of an ARN.
///
/// # Errors
///
/// [`QuestionError::UnknownPrincipal`] when `principal` is not a node of the graph.
pub fn can_what(
    graph: &AccessGraph,
    principal: &str,
    catalog: &Catalog,
    limits: &Limits,
) -> Result<CanWhat, QuestionError> {
    let principal = principal.trim();
    let start = graph
        .node(principal)
        .ok_or_else(|| QuestionError::UnknownPrincipal {
            principal: principal.to_owned(),
        })?;
    let mut truncated = Vec::new();
    let reached = reach(graph, start, limits, &mut truncated);
    let mut hops = Hops::explaining(graph);
    let resources = scenario_resources(graph);
    // service → level → action → access
    let mut table: BTreeMap<
        String,
        BTreeMap<crate::catalog::AccessLevel, BTreeMap<String, Access>>,
    > = BTreeMap::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (n, _) in &reached {
        let (Some(node), Some(side)) = (graph.nodes.get(*n), graph.sides.get(*n)) else {
            continue;
        };
        for action in candidates(graph, *n, catalog) {
            let name = action.full_name();
            if table
                .get(&action.service.prefix)
                .and_then(|l| l.get(&action.action.level))
                .is_some_and(|a| a.contains_key(&name))
            {
                continue;
            }
            let mut allowed = Vec::new();
            let mut conditions: Vec<Supply> = Vec::new();
            for resource in std::iter::once("*").chain(resources.iter().map(String::as_str)) {
                if resource != "*" && resource_fit(action, resource) != ResourceFit::Fits {
                    continue;
                }
                if let Some(c) = attempt(graph, side, &name, resource, &KeyValues::default()) {
                    allowed.push(resource.to_owned());
                    for s in c {
                        if !conditions.contains(&s) {
                            conditions.push(s);
                        }
                    }
                    if resource == "*" {
                        break;
                    }
                }
            }
            if allowed.is_empty() {
                continue;
            }
            names.insert(action.service.prefix.clone(), action.service.name.clone());
            table
                .entry(action.service.prefix.clone())
                .or_default()
                .entry(action.action.level)
                .or_default()
                .insert(
                    name.clone(),
                    Access {
                        action: name,
                        resources: allowed,
                        by: node.id.clone(),
                        conditions,
                    },
                );
        }
    }
    let services = table
        .into_iter()
        .map(|(service, levels)| ServiceAccess {
            name: names.get(&service).cloned().unwrap_or_default(),
            service,
            levels: levels
                .into_iter()
                .map(|(level, actions)| LevelAccess {
                    level: level.label().to_owned(),
                    actions: actions.into_values().collect(),
                })
                .collect(),
        })
        .collect();
    let reachable = reached
        .iter()
        .skip(1)
        .filter_map(|(n, path)| {
            Some(Reached {
                principal: graph.nodes.get(*n)?.id.clone(),
                path: path.iter().filter_map(|&e| hops.hop(e)).collect(),
            })
        })
        .collect();
    Ok(CanWhat {
        principal: principal.to_owned(),
        reachable,
        services,
        truncated,
    })
}

/// The scenario's resources as request resources: every ARN, and for an S3 bucket also
/// `bucket/*` (any object in it).
fn scenario_resources(graph: &AccessGraph) -> Vec<String> {
    let mut out = Vec::new();
    for r in &graph.scenario.resources {
        out.push(r.arn.clone());
        if r.arn.starts_with("arn:aws:s3:::") && !r.arn.contains('/') {
            out.push(format!("{}/*", r.arn));
        }
    }
    for i in &graph.scenario.identities {
        out.push(i.arn.clone());
    }
    out
}
