//! escalation: every principal that can become an administrator, with the technique at each
//! hop (see [`crate::reach::admin`] for the definition).

use std::collections::VecDeque;

use serde::Serialize;

use crate::reach::admin::AdminReason;
use crate::reach::graph::{AccessGraph, NodeKind};
use crate::reach::harvest::Supply;
use crate::reach::query::{Hop, Hops, Limits, pairs_in};
use crate::reach::techniques::TechniqueKind;

/// A principal that is an administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Administrator {
    /// The principal.
    pub principal: String,
    /// Why.
    pub reason: AdminReason,
}

/// A principal that can become an administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The principal.
    pub principal: String,
    /// The technique of its first hop.
    pub technique: String,
    /// The administrator it ends as.
    pub admin: String,
    /// Every hop, the last one a policy change when the administrator is one by a change.
    pub path: Vec<Hop>,
}

/// The answer to escalation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Escalation {
    /// Principals allowed `*` on `*` already.
    pub administrators: Vec<Administrator>,
    /// Every other principal that can become one, by its shortest path.
    pub findings: Vec<Finding>,
    /// The bounds that were hit (empty when the answer is complete).
    pub truncated: Vec<String>,
}

fn change_hop(
    graph: &AccessGraph,
    from: usize,
    to: usize,
    via: &str,
    conditions: &[Supply],
    assumes: &[String],
) -> Option<Hop> {
    Some(Hop {
        from: graph.nodes.get(from)?.id.clone(),
        to: graph.nodes.get(to)?.id.clone(),
        via: via.to_owned(),
        kind: TechniqueKind::PolicyChange,
        conditions: conditions.to_vec(),
        assumes: assumes.to_vec(),
        also: Vec::new(),
        statements: Vec::new(),
        edge: None,
    })
}

/// Breadth-first search backwards from `targets`: for each node, the first edge of a
/// shortest path to a target (at most `max_length` hops).
/// Also says whether a node was left out because its shortest path is longer.
fn toward(
    graph: &AccessGraph,
    targets: &[usize],
    max_length: usize,
    cut: &mut bool,
) -> Vec<Option<(usize, usize)>> {
    let pairs = pairs_in(graph);
    let mut next: Vec<Option<(usize, usize)>> = vec![None; graph.nodes.len()];
    let mut depth = vec![usize::MAX; graph.nodes.len()];
    let mut queue = VecDeque::new();
    for &t in targets {
        if let Some(d) = depth.get_mut(t) {
            *d = 0;
            queue.push_back(t);
        }
    }
    while let Some(node) = queue.pop_front() {
        let d = depth.get(node).copied().unwrap_or(usize::MAX);
        for &(from, edge) in pairs.get(node).into_iter().flatten() {
            if depth.get(from).copied() == Some(usize::MAX) {
                if d >= max_length {
                    *cut = true;
                    continue;
                }
                if let Some(slot) = depth.get_mut(from) {
                    *slot = d + 1;
                }
                if let Some(slot) = next.get_mut(from) {
                    *slot = Some((edge, node));
                }
                queue.push_back(from);
            }
        }
    }
    next
}

fn follow(next: &[Option<(usize, usize)>], from: usize) -> (Vec<usize>, usize) {
    let mut edges = Vec::new();
    let mut node = from;
    while let Some(Some((edge, to))) = next.get(node) {
        edges.push(*edge);
        node = *to;
    }
    (edges, node)
}

/// Every principal that is an administrator or can become one.
#[must_use]
pub fn escalation(graph: &AccessGraph, limits: &Limits) -> Escalation {
    let mut hops = Hops::new(graph);
    let mut administrators = Vec::new();
    let mut findings = Vec::new();
    let admins: Vec<usize> = (0..graph.nodes.len())
        .filter(|&n| graph.admins.get(n).is_some_and(Option::is_some))
        .collect();
    let mut cut = false;
    let next = toward(graph, &admins, limits.max_length, &mut cut);
    let mut found = vec![false; graph.nodes.len()];
    for (n, node) in graph.nodes.iter().enumerate() {
        if matches!(node.kind, NodeKind::Service | NodeKind::Anonymous) {
            continue;
        }
        let (edges, end) = follow(&next, n);
        let Some(Some(reason)) = graph.admins.get(end) else {
            continue;
        };
        let mut path: Vec<Hop> = edges.iter().filter_map(|&e| hops.hop(e)).collect();
        if reason.technique != "allowed * on *" {
            path.extend(change_hop(
                graph,
                end,
                end,
                &reason.technique,
                &reason.conditions,
                &reason.assumes,
            ));
        } else if edges.is_empty() {
            administrators.push(Administrator {
                principal: node.id.clone(),
                reason: reason.clone(),
            });
            continue;
        }
        if let Some(f) = found.get_mut(n) {
            *f = true;
        }
        findings.push(Finding {
            principal: node.id.clone(),
            technique: path.first().map(|h| h.via.clone()).unwrap_or_default(),
            admin: graph
                .nodes
                .get(end)
                .map(|n| n.id.clone())
                .unwrap_or_default(),
            path,
        });
    }
    // A policy change on another principal, by someone the principal is or can act as, and a
    // path to that principal.
    for grant in &graph.grants {
        let by = toward(graph, &[grant.from], limits.max_length, &mut cut);
        let to = toward(graph, &[grant.to], limits.max_length, &mut cut);
        for (n, node) in graph.nodes.iter().enumerate() {
            if found.get(n) == Some(&true)
                || matches!(node.kind, NodeKind::Service | NodeKind::Anonymous)
            {
                continue;
            }
            let (first, at) = follow(&by, n);
            let (second, end) = follow(&to, n);
            if at != grant.from || end != grant.to {
                continue;
            }
            let mut path: Vec<Hop> = first.iter().filter_map(|&e| hops.hop(e)).collect();
            path.extend(change_hop(
                graph,
                grant.from,
                grant.to,
                &grant.via,
                &grant.conditions,
                &[],
            ));
            path.extend(second.iter().filter_map(|&e| hops.hop(e)));
            if let Some(f) = found.get_mut(n) {
                *f = true;
            }
            findings.push(Finding {
                principal: node.id.clone(),
                technique: path.first().map(|h| h.via.clone()).unwrap_or_default(),
                admin: graph
                    .nodes
                    .get(grant.to)
                    .map(|n| n.id.clone())
                    .unwrap_or_default(),
                path,
            });
        }
    }
    findings.sort_by(|a, b| {
        a.path
            .len()
            .cmp(&b.path.len())
            .then_with(|| a.principal.cmp(&b.principal))
    });
    let mut truncated = Vec::new();
    if cut {
        truncated.push(format!(
            "principals more than {} hops from an administrator were not followed (max_length)",
            limits.max_length
        ));
    }
    Escalation {
        administrators,
        findings,
        truncated,
    }
}
