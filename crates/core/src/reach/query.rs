//! who-can: every principal that can perform an action on a resource, directly or through
//! paths in the access graph, with every hop explained.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::evaluate::{StatementRef, is_trust_action};
use crate::reach::ask::attempt;
use crate::reach::graph::{AccessGraph, Means, NodeKind};
use crate::reach::harvest::{Supply, as_context};
use crate::reach::session::{Finish, Passed, holds};
use crate::reach::techniques::TechniqueKind;
use crate::scenario::evaluate::Step;
use crate::scenario::model::KeyValues;

/// The bounds of a query. When one is hit, the result's `truncated` says which and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// The longest path, in hops (default 5).
    pub max_length: usize,
    /// The most paths kept for one principal, shortest first (default 20).
    pub max_paths: usize,
    /// The most paths kept in all (default 10,000).
    pub max_total: usize,
    /// The most search steps of one query (default 2,000,000), which bounds its time.
    pub max_steps: usize,
    /// The most principals reachable from one principal that can-what looks at (default 100).
    pub max_reach: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_length: 5,
            max_paths: 20,
            max_total: 10_000,
            max_steps: 2_000_000,
            max_reach: 100,
        }
    }
}

/// One hop of a path, with the statements that decided it (filled by
/// [`WhoCan::with_statements`] and [`crate::reach::Escalation::with_statements`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hop {
    /// The caller.
    pub from: String,
    /// The principal it acts as (or, for a policy change, the one it makes an administrator).
    pub to: String,
    /// How: the STS call or technique (or, for a policy change, the action), the values the
    /// caller must supply and what the hop rests on beyond the scenario.
    #[serde(flatten)]
    pub means: Means,
    /// Other techniques that make the same hop.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// The `Allow` statements the hop's calls rest on.
    pub statements: Vec<StatementRef>,
    /// The index of the edge in the graph (`None` for a policy change), to explain it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edge: Option<usize>,
    /// Whether a role session makes this assume-role call (role chaining): AWS caps the new
    /// session at one hour ("Roles terms and concepts", role chaining).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub chained: bool,
    /// For a policy change: the resource it is made on (the principal, its group or policy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// What a chained hop says (role chaining caps the session it makes).
pub const CHAINED_NOTE: &str =
    "role chaining: a role session makes this session, which AWS caps at one hour";

impl Hop {
    /// Every evaluated step behind this hop, with its explanation: the calls of its edge, or
    /// for a policy change the change itself.
    #[must_use]
    pub fn explain(&self, graph: &AccessGraph) -> Vec<Step> {
        match self.edge.and_then(|e| graph.edges.get(e)) {
            Some(edge) => graph.explain(edge),
            None => graph.explain_call(
                &self.from,
                &self.means.via,
                self.target.as_deref().unwrap_or(&self.to),
                &self.means.conditions,
            ),
        }
    }

    /// Adds the values this hop's call must pass for the steps after it (see
    /// [`crate::reach::session`]).
    pub(crate) fn pass(&mut self, supply: Supply) {
        if !self.means.conditions.contains(&supply) {
            self.means.conditions.push(supply);
        }
    }
}

/// The hops of `path` (edge indexes) with the values its hops pass (from
/// [`crate::reach::session::holds`]).
pub(crate) fn hops_of(hops: &mut Hops<'_>, path: &[usize], passed: &Passed) -> Vec<Hop> {
    let mut out: Vec<Hop> = path.iter().filter_map(|&e| hops.hop(e)).collect();
    for (at, supply) in passed {
        if let Some(hop) = out.get_mut(*at) {
            hop.pass(supply.clone());
        }
    }
    out
}

/// Builds hops from edges, explaining each edge once (or not at all: the queries leave the
/// statements to [`WhoCan::with_statements`] and [`crate::reach::Escalation::with_statements`],
/// since a page shows a few paths of an answer and explains a hop when it is opened).
pub(crate) struct Hops<'g> {
    graph: &'g AccessGraph,
    cache: HashMap<usize, Vec<StatementRef>>,
    explain: bool,
}

impl<'g> Hops<'g> {
    /// Hops without their statements.
    pub(crate) fn new(graph: &'g AccessGraph) -> Self {
        Self {
            graph,
            cache: HashMap::new(),
            explain: false,
        }
    }

    /// Hops with the statements that decided them.
    pub(crate) fn explaining(graph: &'g AccessGraph) -> Self {
        Self {
            explain: true,
            ..Self::new(graph)
        }
    }

    /// The statements that decided edge `index` (each edge explained once).
    pub(crate) fn statements(&mut self, index: usize) -> Vec<StatementRef> {
        let graph = self.graph;
        let Some(edge) = graph.edges.get(index) else {
            return Vec::new();
        };
        self.cache
            .entry(index)
            .or_insert_with(|| graph.deciding(edge))
            .clone()
    }

    /// Fills the statements of `hop` (a hop of an edge; a policy change keeps none).
    pub(crate) fn fill(&mut self, hop: &mut Hop) {
        if let Some(index) = hop.edge {
            hop.statements = self.statements(index);
        }
    }

    /// The hop of edge `index`, naming the other edges between the same two nodes.
    pub(crate) fn hop(&mut self, index: usize) -> Option<Hop> {
        let graph = self.graph;
        let edge = graph.edges.get(index)?;
        let statements = if self.explain {
            self.statements(index)
        } else {
            Vec::new()
        };
        let also = graph
            .outgoing
            .get(edge.from)
            .into_iter()
            .flatten()
            .filter_map(|&i| graph.edges.get(i).filter(|e| i != index && e.to == edge.to))
            .map(|e| e.means.via.clone())
            .collect();
        let from = graph.nodes.get(edge.from)?;
        Some(Hop {
            from: from.id.clone(),
            to: graph.nodes.get(edge.to)?.id.clone(),
            means: edge.means.clone(),
            also,
            statements,
            edge: Some(index),
            chained: edge.means.kind == TechniqueKind::AssumeRole && from.kind == NodeKind::Role,
            target: None,
        })
    }
}

/// One principal that can perform the action, and how.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalPaths {
    /// The principal.
    pub principal: String,
    /// What it is.
    pub kind: NodeKind,
    /// Whether it can perform the action itself (its only path is then the empty one).
    pub direct: bool,
    /// For a direct principal: the values it must supply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Supply>,
    /// For a direct principal: the statements that allow the action (filled by
    /// [`WhoCan::with_statements`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<StatementRef>,
    /// Every path to a principal that can perform the action, shortest first.
    pub paths: Vec<Vec<Hop>>,
}

/// The answer to who-can.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WhoCan {
    /// The action asked about.
    pub action: String,
    /// The resource asked about.
    pub resource: String,
    /// Every principal that can, direct ones first, then by shortest path.
    pub principals: Vec<PrincipalPaths>,
    /// The bounds that were hit (empty when the answer is complete).
    pub truncated: Vec<String>,
}

/// Who can perform `action` on `resource`: every principal that can do it itself, and every
/// principal with a path of at most `limits.max_length` hops to one that can (paths stop at
/// the first principal that can). For `sts:AssumeRole*` on a role of the scenario, the
/// principals that can assume the role are the direct ones.
///
/// # Examples
///
/// ```
/// use rolecall_core::reach::{AccessGraph, Limits, who_can};
/// use rolecall_core::scenario::load;
/// let scenario = load(r#"{"rolecall": 1, "identities": [
///   {"arn": "arn:aws:iam::111111111111:user/alice", "policies": []},
///   {"arn": "arn:aws:iam::111111111111:role/Reader", "policies": [{"name": "Read", "document":
///     {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}],
///    "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
///      "Principal": {"AWS": "arn:aws:iam::111111111111:user/alice"}, "Action": "sts:AssumeRole"}]}}],
///   "requests": []}"#).scenario.unwrap_or_default();
/// let graph = AccessGraph::build(&scenario);
/// let answer = who_can(&graph, "s3:GetObject", "arn:aws:s3:::bkt/k", &Limits::default());
/// let alice = &answer.principals[1];
/// assert_eq!(alice.principal, "arn:aws:iam::111111111111:user/alice");
/// assert_eq!(alice.paths[0][0].means.via, "sts:AssumeRole");
/// ```
#[must_use]
pub fn who_can(graph: &AccessGraph, action: &str, resource: &str, limits: &Limits) -> WhoCan {
    let mut hops = Hops::new(graph);
    let mut principals = Vec::new();
    let mut direct = vec![false; graph.nodes.len()];
    // How each direct principal ends a path: its assume-role edge into the role asked about,
    // or the action with the values it supplies.
    let mut tails: Vec<Option<Tail>> = vec![None; graph.nodes.len()];
    let role = (is_trust_action(action))
        .then(|| graph.node(resource))
        .flatten();
    for (n, node) in graph.nodes.iter().enumerate() {
        let found = match role {
            Some(role) => into_role(graph, n, role).and_then(|i| {
                let edge = graph.edges.get(i)?;
                if let Some(tail) = tails.get_mut(n) {
                    *tail = Some(Tail::Edge(i));
                }
                Some(edge.means.conditions.clone())
            }),
            None if node.kind == NodeKind::Federated => None,
            None => graph
                .sides
                .get(n)
                .and_then(|side| attempt(graph, side, action, resource, &KeyValues::default())),
        };
        if let Some(conditions) = found {
            if let Some(d) = direct.get_mut(n) {
                *d = true;
            }
            if let Some(tail @ None) = tails.get_mut(n) {
                *tail = Some(Tail::Call(conditions.clone()));
            }
            principals.push(PrincipalPaths {
                principal: node.id.clone(),
                kind: node.kind,
                direct: true,
                conditions,
                statements: Vec::new(),
                paths: vec![Vec::new()],
            });
        }
    }
    let mut truncated = Vec::new();
    let check = |path: &[usize]| {
        let last = graph.edges.get(*path.last()?)?.to;
        match tails.get(last)?.as_ref()? {
            Tail::Edge(into) => {
                let mut whole = path.to_vec();
                whole.push(*into);
                holds(graph, &whole, None)
            }
            Tail::Call(conditions) => holds(
                graph,
                path,
                Some(Finish {
                    action,
                    resource,
                    conditions,
                }),
            ),
        }
    };
    let found = paths_to(graph, &direct, limits, &check, &mut truncated);
    let mut indirect: Vec<PrincipalPaths> = found
        .into_iter()
        .filter_map(|(n, paths)| {
            let node = graph.nodes.get(n)?;
            Some(PrincipalPaths {
                principal: node.id.clone(),
                kind: node.kind,
                direct: false,
                conditions: Vec::new(),
                statements: Vec::new(),
                paths: paths
                    .iter()
                    .map(|(p, passed)| hops_of(&mut hops, p, passed))
                    .collect(),
            })
        })
        .collect();
    indirect.sort_by(|a, b| {
        let len = |p: &PrincipalPaths| p.paths.first().map_or(usize::MAX, Vec::len);
        len(a)
            .cmp(&len(b))
            .then_with(|| a.principal.cmp(&b.principal))
    });
    principals.extend(indirect);
    WhoCan {
        action: action.to_owned(),
        resource: resource.to_owned(),
        principals,
        truncated,
    }
}

impl WhoCan {
    /// The answer with the statements that decided each hop and each direct principal's
    /// own call filled in ([`who_can`] leaves them empty: explaining every hop of a large
    /// answer costs more than finding it, and a page explains a hop when it is opened).
    #[must_use]
    pub fn with_statements(mut self, graph: &AccessGraph) -> Self {
        let mut hops = Hops::explaining(graph);
        let index: HashMap<&str, usize> = graph
            .nodes
            .iter()
            .enumerate()
            .map(|(n, node)| (node.id.as_str(), n))
            .collect();
        let role = (is_trust_action(&self.action))
            .then(|| graph.node(&self.resource))
            .flatten();
        for p in &mut self.principals {
            for hop in p.paths.iter_mut().flatten() {
                hops.fill(hop);
            }
            let Some(&n) = index.get(p.principal.as_str()) else {
                continue;
            };
            if !p.direct {
                continue;
            }
            p.statements = match role {
                Some(role) => into_role(graph, n, role)
                    .map(|i| hops.statements(i))
                    .unwrap_or_default(),
                None => direct_statements(graph, n, &self.action, &self.resource, &p.conditions),
            };
        }
        self
    }
}

/// The assume-role edge of node `n` into `role`, if it has one.
fn into_role(graph: &AccessGraph, n: usize, role: usize) -> Option<usize> {
    graph
        .incoming
        .get(role)
        .into_iter()
        .flatten()
        .copied()
        .find(|&i| {
            graph
                .edges
                .get(i)
                .is_some_and(|e| e.from == n && e.means.kind == TechniqueKind::AssumeRole)
        })
}

/// How a direct principal ends a who-can path.
#[derive(Clone, Debug)]
enum Tail {
    /// Its assume-role edge into the role asked about.
    Edge(usize),
    /// The action, with the values it supplies.
    Call(Vec<Supply>),
}

/// A path (edge indexes) with the values its hops pass.
pub(crate) type Path = (Vec<usize>, Passed);

/// The deciding statements of node `n` performing the action itself.
fn direct_statements(
    graph: &AccessGraph,
    n: usize,
    action: &str,
    resource: &str,
    conditions: &[Supply],
) -> Vec<StatementRef> {
    let Some(side) = graph.sides.get(n) else {
        return Vec::new();
    };
    graph
        .world
        .action_call(
            &graph.scenario,
            side,
            action,
            resource,
            &as_context(conditions),
        )
        .evaluate()
        .explanation
        .deciding
}

/// The groups of parallel edges into each node: `(from, edge indexes)`, assume-role first.
pub(crate) fn pairs_in(graph: &AccessGraph) -> Vec<Vec<(usize, usize)>> {
    graph
        .incoming
        .iter()
        .map(|edges| {
            let mut firsts: Vec<(usize, usize)> = Vec::new();
            for &i in edges {
                let Some(e) = graph.edges.get(i) else {
                    continue;
                };
                if !firsts.iter().any(|(from, _)| *from == e.from) {
                    firsts.push((e.from, i));
                }
            }
            firsts
        })
        .collect()
}

/// Every simple path (as edge indexes) from a node that is not a target to a target, at most
/// `limits.max_length` long, that `check` accepts (as a chain of sessions, see
/// [`crate::reach::session`]), each node's paths shortest first. Found by iterative deepening
/// backwards from the targets, so that the bounds keep the shortest.
pub(crate) fn paths_to(
    graph: &AccessGraph,
    target: &[bool],
    limits: &Limits,
    check: &dyn Fn(&[usize]) -> Option<Passed>,
    truncated: &mut Vec<String>,
) -> Vec<(usize, Vec<Path>)> {
    let pairs = pairs_in(graph);
    let mut found: HashMap<usize, Vec<Path>> = HashMap::new();
    let mut search = Search {
        pairs: &pairs,
        target,
        limits,
        check,
        steps: 0,
        total: 0,
        deepest: false,
        cut: false,
        full: Vec::new(),
        on_path: vec![false; graph.nodes.len()],
        path: Vec::new(),
        found: &mut found,
        graph,
    };
    for length in 1..=limits.max_length {
        search.deepest = length == limits.max_length;
        for t in (0..graph.nodes.len()).filter(|&t| target.get(t) == Some(&true)) {
            if let Some(flag) = search.on_path.get_mut(t) {
                *flag = true;
            }
            search.walk(t, length);
            if let Some(flag) = search.on_path.get_mut(t) {
                *flag = false;
            }
        }
    }
    if search.cut {
        truncated.push(format!(
            "paths longer than {} hops were not followed (max_length)",
            limits.max_length
        ));
    }
    if search.steps > limits.max_steps {
        truncated.push(format!(
            "the search stopped after {} steps (max_steps); longer paths may be missing",
            limits.max_steps
        ));
    }
    if search.total >= limits.max_total {
        truncated.push(format!(
            "{} paths in all (max_total); more were not listed",
            limits.max_total
        ));
    }
    for n in &search.full {
        if let Some(node) = graph.nodes.get(*n) {
            truncated.push(format!(
                "`{}` has more than {} paths (max_paths); the shortest are listed",
                node.id, limits.max_paths
            ));
        }
    }
    let mut out: Vec<(usize, Vec<Path>)> = found.into_iter().collect();
    out.sort_by_key(|(n, _)| *n);
    out
}

struct Search<'a> {
    graph: &'a AccessGraph,
    pairs: &'a [Vec<(usize, usize)>],
    target: &'a [bool],
    limits: &'a Limits,
    check: &'a dyn Fn(&[usize]) -> Option<Passed>,
    steps: usize,
    total: usize,
    /// Whether this pass finds the longest paths allowed.
    deepest: bool,
    /// Whether a longest path could have gone on.
    cut: bool,
    full: Vec<usize>,
    on_path: Vec<bool>,
    /// Edge indexes from the current node to the target (first = the current node's edge).
    path: Vec<usize>,
    found: &'a mut HashMap<usize, Vec<Path>>,
}

impl Search<'_> {
    /// Extends the current path backwards from `node` by exactly `left` more hops.
    fn walk(&mut self, node: usize, left: usize) {
        if left == 0 || self.steps > self.limits.max_steps || self.total >= self.limits.max_total {
            return;
        }
        let pairs = self.pairs;
        for &(from, edge) in pairs.get(node).into_iter().flatten() {
            self.steps += 1;
            if self.steps > self.limits.max_steps {
                return;
            }
            let blocked = self.target.get(from) == Some(&true)
                || self.on_path.get(from) == Some(&true)
                || self
                    .graph
                    .nodes
                    .get(from)
                    .is_some_and(|n| n.kind == NodeKind::Anonymous);
            if blocked {
                continue;
            }
            self.path.insert(0, edge);
            if left == 1 {
                let full = self
                    .found
                    .get(&from)
                    .is_some_and(|list| list.len() >= self.limits.max_paths);
                if full {
                    if !self.full.contains(&from) && (self.check)(self.path.as_slice()).is_some() {
                        self.full.push(from);
                    }
                } else if let Some(passed) = (self.check)(self.path.as_slice()) {
                    self.found
                        .entry(from)
                        .or_default()
                        .push((self.path.clone(), passed));
                    self.total += 1;
                }
                if self.deepest && !self.cut {
                    self.cut = pairs.get(from).into_iter().flatten().any(|&(before, _)| {
                        before != from
                            && self.target.get(before) != Some(&true)
                            && self.on_path.get(before) != Some(&true)
                    });
                }
            } else {
                if let Some(flag) = self.on_path.get_mut(from) {
                    *flag = true;
                }
                self.walk(from, left - 1);
                if let Some(flag) = self.on_path.get_mut(from) {
                    *flag = false;
                }
            }
            self.path.remove(0);
        }
    }
}
