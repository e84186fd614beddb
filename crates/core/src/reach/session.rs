//! Sessions along a path: what a role session made at one hop carries into the next.
//!
//! Each edge of the graph is decided for a session of its caller made without session tags or
//! source identity (see [`crate::reach`]). Along a path, the session a hop makes is not that
//! neutral session: it carries the session tags and the source identity passed when it was
//! made, its transitive tags pass on to every later session of the chain, and a source
//! identity once set can never change. A later hop (or the final call) may need those values,
//! or may be refused because of them. So a path whose hops pass or need such values is
//! replayed as one chained request by the evaluator ([`crate::scenario::evaluate_request_as`],
//! the same rules as `rolecall eval`): a path the chain refuses is removed, and a value a
//! later step needs from the session (`aws:PrincipalTag/k`, `aws:SourceIdentity`) becomes a
//! session tag or source identity the earlier hop passes, listed in that hop's conditions.
//!
//! Why (IAM User Guide):
//! - "Pass session tags in AWS STS" (id_session-tags.html): a session's principal tags are its
//!   session tags, its incoming transitive tags and the role's tags, session tags winning;
//!   "Chaining roles with session tags": transitive tags persist through the chain and cannot
//!   be overridden by a later hop;
//! - "Monitor and control actions taken with assumed roles"
//!   (id_credentials_temp_control-access_monitor.html): "The value that is set persists when a
//!   role is used to assume another role [...] The value that is set cannot be changed during
//!   the role session";
//! - "Roles terms and concepts", role chaining (id_roles.html#iam-term-role-chaining): "Role
//!   chaining limits your AWS CLI or AWS API role session to a maximum of one hour", which is
//!   why a hop made by a role session is marked `chained`.
//!
//! A path is split at every edge that is not an assume-role call (passing a role to a
//! service, new credentials for a user, changed code or policies): the principal after such
//! an edge starts a fresh session, so only the runs of assume-role hops are replayed, each
//! with the call that ends it.

use crate::reach::graph::{AccessGraph, Ask};
use crate::reach::harvest::{Supply, as_context, is_session_key};
use crate::reach::techniques::TechniqueKind;
use crate::request::ContextValue;
use crate::scenario::evaluate::{StepDecision, evaluate_request_as};
use crate::scenario::model::{AssumeHop, KeyValues, PrincipalSpec, ScenarioRequest};

/// Whether a value of `key` passed or needed at one step can change what a later step of the
/// same chain decides: the session keys, plus session tags, transitive tag keys and the source
/// identity passed to `AssumeRole`.
fn carried(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    is_session_key(&lower)
        || lower.starts_with("aws:requesttag/")
        || lower == "sts:sourceidentity"
        || lower == "sts:transitivetagkeys"
}

/// The call that ends a path: an action on a resource, with the values the caller must
/// supply for it (the direct principal's conditions in who-can).
#[derive(Clone, Copy, Debug)]
pub struct Finish<'a> {
    /// The action.
    pub action: &'a str,
    /// The resource.
    pub resource: &'a str,
    /// The values its caller supplies.
    pub conditions: &'a [Supply],
}

/// What ends a run of assume-role hops.
#[derive(Clone, Copy)]
enum End<'a> {
    /// Another technique's edge (its action calls).
    Edge(usize),
    /// The path's last call.
    Finish(Finish<'a>),
    /// Nothing: the path ends with the session.
    Nothing,
}

/// Values a path adds to its hops: `(position in the path, value)`, a session tag or source
/// identity the hop must pass for the steps after it.
pub type Passed = Vec<(usize, Supply)>;

/// Whether the path `path` (edge indexes) holds as one chain of sessions, ending with
/// `finish` when given: `Some` with the values its hops must pass (empty when none), `None`
/// when the chain is refused (see the module docs). Paths without any session value are
/// not replayed: each of their edges was decided for exactly the session the path makes.
#[must_use]
pub fn holds(graph: &AccessGraph, path: &[usize], finish: Option<Finish<'_>>) -> Option<Passed> {
    let kind = |e: usize| graph.edges.get(e).map(|edge| edge.means.kind);
    let mut passed = Passed::new();
    let mut i = 0;
    while i < path.len() {
        let start = i;
        while i < path.len() && kind(path.get(i).copied()?) == Some(TechniqueKind::AssumeRole) {
            i += 1;
        }
        let hops = path.get(start..i)?;
        let end = match path.get(i) {
            Some(&e) => {
                i += 1;
                End::Edge(e)
            }
            None => finish.map_or(End::Nothing, End::Finish),
        };
        if hops.is_empty() || !needs_replay(graph, hops, end) {
            continue;
        }
        for (at, supply) in replay(graph, hops, end)? {
            passed.push((start + at, supply));
        }
    }
    Some(passed)
}

/// The conditions of the step `end` stands for.
fn end_conditions<'a>(graph: &'a AccessGraph, end: End<'a>) -> &'a [Supply] {
    match end {
        End::Edge(e) => graph
            .edges
            .get(e)
            .map(|edge| edge.means.conditions.as_slice())
            .unwrap_or_default(),
        End::Finish(f) => f.conditions,
        End::Nothing => &[],
    }
}

fn needs_replay(graph: &AccessGraph, hops: &[usize], end: End<'_>) -> bool {
    if hops.len() == 1 && matches!(end, End::Nothing) {
        return false;
    }
    hops.iter()
        .filter_map(|&e| graph.edges.get(e))
        .flat_map(|e| e.means.conditions.iter())
        .chain(end_conditions(graph, end))
        .any(|s| carried(&s.key))
}

/// The assume hop an assume-role edge asked, with the spec of its caller.
fn asked(graph: &AccessGraph, edge: usize) -> Option<(&PrincipalSpec, &AssumeHop)> {
    graph
        .edges
        .get(edge)?
        .asks
        .iter()
        .find_map(|ask| match ask {
            Ask::Assume { spec, hop } => Some((spec, hop.as_ref())),
            Ask::Action { .. } => None,
        })
}

/// Moves what `needed` asks of the calling session onto `hop` (the hop that makes it): a
/// principal tag becomes a session tag, a source identity the source identity (unless one
/// is set already, earlier in the chain: it cannot change). Returns the values added.
fn pass_on(hop: &mut AssumeHop, needed: &[Supply], set_before: bool) -> Vec<Supply> {
    let mut added = Vec::new();
    for s in needed {
        let lower = s.key.to_ascii_lowercase();
        if let Some(tag) = s
            .key
            .get("aws:PrincipalTag/".len()..)
            .filter(|_| lower.starts_with("aws:principaltag/"))
        {
            if hop
                .session_tags
                .iter()
                .all(|(k, _)| !k.eq_ignore_ascii_case(tag))
            {
                hop.session_tags.0.push((tag.to_owned(), s.value.clone()));
                added.push(Supply {
                    key: format!("aws:RequestTag/{tag}"),
                    value: s.value.clone(),
                });
            }
        } else if lower == "aws:sourceidentity" && hop.source_identity.is_none() && !set_before {
            hop.source_identity = Some(s.value.clone());
            added.push(Supply {
                key: "sts:SourceIdentity".to_owned(),
                value: s.value.clone(),
            });
        }
    }
    added
}

/// Replays a run of assume-role hops and the call that ends it; `Some` with the values each
/// hop (by its position in `hops`) must pass, `None` when a step is refused.
fn replay(graph: &AccessGraph, hops: &[usize], end: End<'_>) -> Option<Vec<(usize, Supply)>> {
    let (spec, _) = asked(graph, *hops.first()?)?;
    let mut chain: Vec<AssumeHop> = hops
        .iter()
        .map(|&e| asked(graph, e).map(|(_, hop)| hop.clone()))
        .collect::<Option<_>>()?;
    let mut passed = Vec::new();
    let mut source_set = false;
    for k in 0..chain.len() {
        let needed: Vec<Supply> = match hops.get(k + 1) {
            Some(&next) => graph
                .edges
                .get(next)
                .map(|e| e.means.conditions.clone())
                .unwrap_or_default(),
            None => end_conditions(graph, end).to_vec(),
        };
        let hop = chain.get_mut(k)?;
        for s in pass_on(hop, &needed, source_set) {
            passed.push((k, s));
        }
        source_set |= hop.source_identity.is_some();
        // The next session now has these values for real: they are no longer given.
        if let Some(next) = chain.get_mut(k + 1) {
            next.context.0.retain(|(key, _)| !is_session_key(key));
        }
    }
    let request = |action: Option<&str>,
                   resource: Option<&str>,
                   context: KeyValues<ContextValue>| ScenarioRequest {
        name: "path".to_owned(),
        principal: spec.clone(),
        assume: chain.clone(),
        action: action.map(str::to_owned),
        resource: resource.map(str::to_owned),
        context,
        ..ScenarioRequest::default()
    };
    let without_session = |supplies: &[Supply]| {
        let kept: Vec<Supply> = supplies
            .iter()
            .filter(|s| !is_session_key(&s.key))
            .cloned()
            .collect();
        as_context(&kept)
    };
    let requests: Vec<ScenarioRequest> = match end {
        End::Finish(f) => vec![request(
            Some(f.action),
            Some(f.resource),
            without_session(f.conditions),
        )],
        End::Nothing => vec![request(None, None, KeyValues::default())],
        End::Edge(e) => {
            let edge = graph.edges.get(e)?;
            let calls: Vec<ScenarioRequest> = edge
                .asks
                .iter()
                .filter_map(|ask| match ask {
                    Ask::Action {
                        action,
                        resource,
                        context,
                    } => {
                        let mut context = context.clone();
                        context.0.retain(|(key, _)| !is_session_key(key));
                        Some(request(
                            Some(action.as_str()),
                            Some(resource.as_str()),
                            context,
                        ))
                    }
                    Ask::Assume { .. } => None,
                })
                .collect();
            if calls.is_empty() {
                vec![request(None, None, KeyValues::default())]
            } else {
                calls
            }
        }
    };
    let index = graph.scenario.requests.len();
    requests
        .iter()
        .all(|r| evaluate_request_as(&graph.scenario, r, index).decision == StepDecision::Allowed)
        .then_some(passed)
}
