//! escalation: every principal that can become an administrator, with the technique at each
//! hop (see [`crate::reach::admin`] for the definition).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::reach::admin::ADMIN_PROBES;
use crate::reach::admin::AdminReason;
use crate::reach::graph::{AccessGraph, Means, NodeKind};
use crate::reach::harvest::Supply;
use crate::reach::query::{Hop, Hops, Limits, Path, hops_of, pairs_in, paths_to};
use crate::reach::session::{Finish, holds};
use crate::reach::techniques::TechniqueKind;

/// A principal that is an administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Administrator {
    /// The principal.
    pub principal: String,
    /// Why.
    pub reason: AdminReason,
}

/// A principal that can become an administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

impl Finding {
    /// The finding of `principal`, whose `path` ends as the administrator at node `admin`.
    fn new(graph: &AccessGraph, principal: &str, admin: usize, path: Vec<Hop>) -> Self {
        Self {
            principal: principal.to_owned(),
            technique: path
                .first()
                .map(|h| h.means.via.clone())
                .unwrap_or_default(),
            admin: graph
                .nodes
                .get(admin)
                .map(|n| n.id.clone())
                .unwrap_or_default(),
            path,
        }
    }
}

/// The answer to escalation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Escalation {
    /// Principals allowed `*` on `*` already.
    pub administrators: Vec<Administrator>,
    /// Every other principal that can become one, by its shortest path.
    pub findings: Vec<Finding>,
    /// The bounds that were hit (empty when the answer is complete).
    pub truncated: Vec<String>,
}

impl Escalation {
    /// The answer with the statements that decided each hop of each finding filled in
    /// ([`escalation`] leaves them empty, as [`crate::reach::WhoCan::with_statements`] says).
    #[must_use]
    pub fn with_statements(mut self, graph: &AccessGraph) -> Self {
        let mut hops = Hops::explaining(graph);
        for hop in self.findings.iter_mut().flat_map(|f| &mut f.path) {
            hops.fill(hop);
        }
        self
    }
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
        means: Means {
            via: via.to_owned(),
            kind: TechniqueKind::PolicyChange,
            conditions: conditions.to_vec(),
            assumes: assumes.to_vec(),
        },
        also: Vec::new(),
        statements: Vec::new(),
        edge: None,
        chained: false,
        target: None,
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

/// The call that makes `admin` an administrator, to end a path with: a probe of every
/// action when it is one already, else its policy change.
fn finish_of<'a>(graph: &'a AccessGraph, admin: usize, reason: &'a AdminReason) -> Finish<'a> {
    let resource = match &reason.target {
        Some(target) => target.as_str(),
        None if reason.technique == "allowed * on *" => "*",
        None => graph.nodes.get(admin).map_or("*", |n| n.id.as_str()),
    };
    let action = if reason.technique == "allowed * on *" {
        ADMIN_PROBES.first().copied().unwrap_or("*")
    } else {
        &reason.technique
    };
    Finish {
        action,
        resource,
        conditions: &reason.conditions,
    }
}

/// Every path to an administrator that holds as a chain of sessions, for the principals whose
/// shortest path does not (see [`crate::reach::session`]).
fn every_path(graph: &AccessGraph, admins: &[usize], limits: &Limits) -> Vec<(usize, Vec<Path>)> {
    let mut target = vec![false; graph.nodes.len()];
    for &a in admins {
        if let Some(t) = target.get_mut(a) {
            *t = true;
        }
    }
    let check = |path: &[usize]| {
        let at = graph.edges.get(*path.last()?)?.to;
        let reason = graph.admins.get(at)?.as_ref()?;
        holds(graph, path, Some(finish_of(graph, at, reason)))
    };
    paths_to(graph, &target, limits, &check, &mut Vec::new())
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
    let mut every: Option<Vec<(usize, Vec<Path>)>> = None;
    let mut found = vec![false; graph.nodes.len()];
    for (n, node) in graph.nodes.iter().enumerate() {
        if matches!(node.kind, NodeKind::Service | NodeKind::Anonymous) {
            continue;
        }
        let (mut edges, mut end) = follow(&next, n);
        let Some(Some(shortest)) = graph.admins.get(end) else {
            continue;
        };
        let mut reason: &AdminReason = shortest;
        // The shortest path may not hold as a chain of sessions; then the shortest that does.
        let mut passed = holds(graph, &edges, Some(finish_of(graph, end, reason)));
        if passed.is_none() {
            let all = every.get_or_insert_with(|| every_path(graph, &admins, limits));
            let Some((path, found, at, why)) = all
                .iter()
                .find(|(from, _)| *from == n)
                .and_then(|(_, paths)| paths.first())
                .and_then(|(path, found)| {
                    let at = graph.edges.get(*path.last()?)?.to;
                    Some((path, found, at, graph.admins.get(at)?.as_ref()?))
                })
            else {
                continue;
            };
            (edges, end, reason, passed) = (path.clone(), at, why, Some(found.clone()));
        }
        let mut path = hops_of(&mut hops, &edges, &passed.unwrap_or_default());
        if reason.technique != "allowed * on *" {
            path.extend(change_hop(
                graph,
                end,
                end,
                &reason.technique,
                &reason.conditions,
                &reason.assumes,
            ));
            if let Some(last) = path.last_mut() {
                last.target.clone_from(&reason.target);
            }
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
        findings.push(Finding::new(graph, &node.id, end, path));
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
            let target = graph
                .nodes
                .get(grant.to)
                .map(|t| t.id.as_str())
                .unwrap_or_default();
            let change = Finish {
                action: &grant.via,
                resource: target,
                conditions: &grant.conditions,
            };
            let (Some(passed_first), Some(passed_second)) = (
                holds(graph, &first, Some(change)),
                holds(graph, &second, None),
            ) else {
                continue;
            };
            let mut path = hops_of(&mut hops, &first, &passed_first);
            path.extend(change_hop(
                graph,
                grant.from,
                grant.to,
                &grant.via,
                &grant.conditions,
                &[],
            ));
            if let Some(last) = path.last_mut() {
                last.target = Some(target.to_owned());
            }
            path.extend(hops_of(&mut hops, &second, &passed_second));
            if let Some(f) = found.get_mut(n) {
                *f = true;
            }
            findings.push(Finding::new(graph, &node.id, grant.to, path));
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
