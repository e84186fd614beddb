//! Finding the edges: every technique tried for every caller and target it can apply to.
//!
//! The candidates are narrowed before the evaluator is asked, by facts that are necessary for
//! an `Allow` (never sufficient): an assume-role call needs the trust policy to name the caller
//! (or `*`, or its account, or to use `NotPrincipal`); any other call needs an identity-policy
//! `Allow` statement whose `Action` covers it, unless the resource has a resource-based policy.
//! Then the evaluator decides each remaining call.

use std::collections::HashMap;

use crate::evaluate::NamedPolicy;
use crate::policy::model::{PolicyKind, PrincipalType, PrincipalValue};
use crate::policy::parse_policy;
use crate::reach::ask::{attempt, covering, may, may_on};
use crate::reach::graph::{ANY_ACCOUNT, AccessGraph, Ask, Edge, Means, NodeKind};
use crate::reach::harvest::{
    Supply, apply_to_hop, as_context, attempts, harvest, owned_keys, with_supplies,
};
use crate::reach::techniques::{On, TECHNIQUES, Technique, TechniqueKind, fill};
use crate::reach::world::Side;
use crate::request::ContextValue;
use crate::scenario::arn;
use crate::scenario::chain;
use crate::scenario::model::{AssumeHop, KeyValues, PrincipalSpec};

/// Asks whether the node `from` may assume `role`: the hop as made by default, else with the
/// values it can supply. Returns the conditions and the question asked. The calls of the
/// default hop are decided once and serve both to decide and to find what to supply.
fn assume(graph: &AccessGraph, from: usize, role: &str) -> Option<(Vec<Supply>, Ask)> {
    let side = graph.sides.get(from)?;
    let spec = &graph.nodes.get(from)?.spec;
    let hop = hop_to(role);
    let decided = graph
        .world
        .assume_decided(&graph.scenario, side, &hop, |set, calls| {
            // What `assume_calls` would give: the shared set once per call.
            harvest((0..calls).flat_map(|_| set.all()), &owned_keys(spec))
        });
    let supplies = match decided {
        Ok(()) if graph.world.checks_pass(&graph.scenario, side, &hop) => {
            let ask = Ask::Assume {
                spec: spec.clone(),
                hop: Box::new(hop),
            };
            return Some((Vec::new(), ask));
        }
        // Allowed by the policies but refused by STS: as before, what to supply is read from
        // the calls' policies.
        Ok(()) => {
            let calls = graph.world.assume_calls(&graph.scenario, side, &hop);
            harvest(calls.iter().flat_map(|c| c.set.all()), &owned_keys(spec))
        }
        Err(supplies) => supplies,
    };
    attempts(supplies)
        .into_iter()
        .find_map(|tried| assume_with(graph, from, side, hop.clone(), tried))
}

/// The assume hop by node `from` made with `supplies`, if the evaluator allows it.
fn assume_with(
    graph: &AccessGraph,
    from: usize,
    side: &Side,
    hop: AssumeHop,
    supplies: Vec<Supply>,
) -> Option<(Vec<Supply>, Ask)> {
    let spec = &graph.nodes.get(from)?.spec;
    let mut hop = hop;
    apply_to_hop(&mut hop, &supplies);
    let spec = with_supplies(spec, &supplies);
    let supplied_side;
    let side = if spec == graph.nodes.get(from)?.spec {
        side
    } else {
        supplied_side = Side::new(&graph.scenario, &spec);
        &supplied_side
    };
    graph
        .world
        .assume_allowed(&graph.scenario, side, &hop)
        .then(|| {
            let hop = Box::new(hop);
            (supplies, Ask::Assume { spec, hop })
        })
}

/// The nodes a trust policy can possibly allow (see the module docs), each with whether the
/// trust names it only through its account, so that its own identity policy must allow the
/// call too.
///
/// Why: a trust policy that names the account "delegates" to the account's IAM policies: the
/// caller's identity policy must allow `sts:AssumeRole` (IAM User Guide, "How to specify a
/// principal", and rule 6 of [`crate::evaluate`]); cross-account the identity side always
/// must allow.
fn candidates(graph: &AccessGraph, trust: &NamedPolicy, index: &Index) -> Vec<(usize, bool)> {
    let mut out: Vec<(usize, bool)> = Vec::new();
    for element in trust.policy.allow_principals() {
        let entries = match &element.value {
            PrincipalValue::Map(entries) if !element.negated => entries,
            _ => return (0..graph.nodes.len()).map(|n| (n, false)).collect(),
        };
        for entry in entries {
            for value in &entry.values {
                let value = value.value.trim();
                match entry.kind {
                    PrincipalType::Aws if value == "*" => {
                        out.extend(index.iam.iter().map(|&n| (n, false)));
                    }
                    PrincipalType::Aws => {
                        let account = if arn::is_account_id(value) {
                            Some(value)
                        } else if value.ends_with(":root") {
                            arn::account(value)
                        } else {
                            None
                        };
                        if let Some(account) = account {
                            let members = index.by_account.get(account).into_iter().flatten();
                            out.extend(members.map(|&n| (n, true)));
                        } else if let Some(n) = index.by_id.get(value) {
                            out.push((*n, false));
                        } else if let Some(n) = arn::session_role_arn(value)
                            .and_then(|role| index.by_id.get(role.as_str()))
                        {
                            out.push((*n, false));
                        }
                    }
                    _ => {
                        let named = graph
                            .nodes
                            .iter()
                            .position(|n| n.id.eq_ignore_ascii_case(value));
                        out.extend(named.map(|n| (n, false)));
                    }
                }
            }
        }
    }
    // A node named itself and through its account needs no identity Allow: keep `false`.
    out.sort_unstable();
    out.dedup_by_key(|(n, _)| *n);
    out
}

struct Index {
    by_id: HashMap<String, usize>,
    by_account: HashMap<String, Vec<usize>>,
    iam: Vec<usize>,
}

fn index(graph: &AccessGraph) -> Index {
    let mut by_id = HashMap::new();
    let mut by_account: HashMap<String, Vec<usize>> = HashMap::new();
    let mut iam = Vec::new();
    for (i, node) in graph.nodes.iter().enumerate() {
        by_id.insert(node.id.clone(), i);
        if let Some(account) = &node.account {
            by_account.entry(account.clone()).or_default().push(i);
            iam.push(i);
        }
    }
    if let Some(any) = by_id.get(&format!("arn:aws:iam::{ANY_ACCOUNT}:role/any-principal")) {
        iam.push(*any);
    }
    Index {
        by_id,
        by_account,
        iam,
    }
}

fn is_iam(kind: NodeKind) -> bool {
    matches!(kind, NodeKind::User | NodeKind::Role | NodeKind::Outside)
}

/// A group of callers for one assume-role call: the call's action and what [`covering`] reads
/// of the caller's identity policies for it.
type GroupKey = (String, Vec<Option<(bool, Vec<String>)>>);

/// [`may_on`] for the assume-role call of each caller, asked once per group of callers whose
/// identity policies read alike for it ([`covering`]) and role: a trust policy naming an
/// account makes every principal of the account a candidate for every such role.
#[derive(Default)]
struct MayAssume {
    /// Each caller's group.
    group_of: HashMap<usize, usize>,
    /// The groups, by what `may_on` reads.
    groups: HashMap<GroupKey, usize>,
    /// `(group, role node)` → the answer.
    answers: HashMap<(usize, usize), bool>,
}

impl MayAssume {
    fn get(&mut self, (from, side): (usize, &Side), (to, role): (usize, &str)) -> bool {
        let action = chain::assume_call_of(&side.caller);
        let count = self.groups.len();
        let group = *self.group_of.entry(from).or_insert_with(|| {
            let key = (action.to_owned(), covering(side, action));
            *self.groups.entry(key).or_insert(count)
        });
        *self
            .answers
            .entry((group, to))
            .or_insert_with(|| may_on(side, action, role))
    }
}

/// Every edge of the graph.
pub(crate) fn all(graph: &AccessGraph) -> Vec<Edge> {
    let index = index(graph);
    let mut out = Vec::new();
    let mut may_assume = MayAssume::default();
    for (to, node) in graph.nodes.iter().enumerate() {
        let Some(trust) = graph.world.trust(&node.id) else {
            continue;
        };
        for (from, needs_identity) in candidates(graph, trust, &index) {
            let kind = graph.nodes.get(from).map(|n| n.kind);
            if from == to || kind == Some(NodeKind::Anonymous) {
                continue;
            }
            let side = graph.sides.get(from);
            // Why: cross-account, the caller's identity policy must allow the call as well as
            // the trust policy (IAM User Guide, "Cross-account policy evaluation logic").
            let cross = graph
                .nodes
                .get(from)
                .and_then(|n| n.account.as_deref())
                .is_some_and(|a| node.account.as_deref().is_some_and(|b| a != b));
            if (needs_identity || cross)
                && !side.is_some_and(|s| may_assume.get((from, s), (to, &node.id)))
            {
                continue;
            }
            if let Some((conditions, ask)) = assume(graph, from, &node.id) {
                let via = graph
                    .sides
                    .get(from)
                    .map_or("sts:AssumeRole", |s| chain::assume_call_of(&s.caller));
                out.push(Edge {
                    from,
                    to,
                    means: Means {
                        via: via.to_owned(),
                        kind: TechniqueKind::AssumeRole,
                        conditions,
                        assumes: Vec::new(),
                    },
                    asks: vec![ask],
                });
            }
        }
    }
    // Which roles each service can run as, for a resource in an account (pass-role) or at all
    // (code changes): from the service nodes' edges, and for pass-role by asking the service
    // with the new resource as its source.
    let mut runs_as: HashMap<&str, Vec<usize>> = HashMap::new();
    for e in &out {
        if let Some(node) = graph.nodes.get(e.from) {
            if node.kind == NodeKind::Service {
                runs_as.entry(node.id.as_str()).or_default().push(e.to);
            }
        }
    }
    let mut services = RunsAs::default();
    // Whether some resource a code-change technique changes has a resource-based policy (which
    // might grant the change without an identity Allow): the same for every caller.
    let by_resource_policy: Vec<bool> = TECHNIQUES
        .iter()
        .map(|technique| {
            graph.scenario.resources.iter().any(|r| {
                r.arn.contains(technique.marker) && graph.world.has_resource_policy(&r.arn)
            })
        })
        .collect();
    for (from, node) in graph.nodes.iter().enumerate() {
        if !is_iam(node.kind) {
            continue;
        }
        let Some(side) = graph.sides.get(from) else {
            continue;
        };
        for (t, technique) in TECHNIQUES.iter().enumerate() {
            match technique.kind {
                TechniqueKind::PassRole => {
                    pass_role(graph, (from, side), (t, technique), &mut services, &mut out);
                }
                TechniqueKind::CodeChange => {
                    let by_policy = by_resource_policy.get(t).copied().unwrap_or(true);
                    code_change(
                        graph,
                        (from, side),
                        (technique, by_policy),
                        &runs_as,
                        &mut out,
                    );
                }
                _ => on_targets(graph, from, side, technique, &mut out),
            }
        }
    }
    out
}

/// `Some(conditions)` when every call is allowed, gathering what must be supplied.
fn all_calls(
    graph: &AccessGraph,
    side: &Side,
    calls: &[(String, String, KeyValues<ContextValue>)],
) -> Option<(Vec<Supply>, Vec<Ask>)> {
    let mut conditions: Vec<Supply> = Vec::new();
    let mut asks = Vec::new();
    for (action, resource, context) in calls {
        let supplies = attempt(graph, side, action, resource, context)?;
        let mut context = context.clone();
        context.0.extend(as_context(&supplies).0);
        for s in supplies {
            if !conditions.contains(&s) {
                conditions.push(s);
            }
        }
        asks.push(Ask::Action {
            action: action.clone(),
            resource: resource.clone(),
            context,
        });
    }
    Some((conditions, asks))
}

/// Whether the service of a pass-role technique, acting for the resource the technique makes
/// in a role's account, may assume the role: the same for every caller that passes the role,
/// so asked once per technique and role.
#[derive(Default)]
struct RunsAs {
    /// `(technique index, role node)` → the answer.
    answers: HashMap<(usize, usize), bool>,
    /// `(technique index, account)` → the service's side.
    sides: HashMap<(usize, String), Side>,
}

impl RunsAs {
    fn get(&mut self, graph: &AccessGraph, t: usize, technique: &Technique, to: usize) -> bool {
        if let Some(&known) = self.answers.get(&(t, to)) {
            return known;
        }
        let answer = graph.nodes.get(to).is_some_and(|role| {
            let service = technique.service.unwrap_or_default();
            // Cheap necessary condition first: the trust policy can name the service.
            if !graph
                .world
                .trust(&role.id)
                .is_some_and(|trust| may_trust_service(trust, service))
            {
                return false;
            }
            let account = role.account.clone().unwrap_or_default();
            let side = self.sides.entry((t, account.clone())).or_insert_with(|| {
                let made = fill(technique.resource, &account, "");
                Side::new(
                    &graph.scenario,
                    &PrincipalSpec::Service {
                        service: service.to_owned(),
                        source_arn: Some(made),
                        source_account: Some(account),
                    },
                )
            });
            service_runs_as(graph, side, &role.id)
        });
        self.answers.insert((t, to), answer);
        answer
    }
}

/// Whether some `Allow` statement of `trust` can name the service principal `service`: a
/// `Service` entry naming it, or a principal the evaluator must decide (`*`, `NotPrincipal`,
/// an `AWS` wildcard, none at all). Necessary for the service to assume the role.
fn may_trust_service(trust: &NamedPolicy, service: &str) -> bool {
    trust.policy.statements.iter().any(|statement| {
        if !statement.is_allow() {
            return false;
        }
        let Some(element) = &statement.principal else {
            return true;
        };
        match &element.value {
            PrincipalValue::Map(entries) if !element.negated => entries.iter().any(|entry| {
                entry.values.iter().any(|v| {
                    let v = v.value.trim();
                    match entry.kind {
                        PrincipalType::Service => {
                            v.eq_ignore_ascii_case(service) || v.contains('*')
                        }
                        PrincipalType::Aws => v == "*",
                        _ => false,
                    }
                })
            }),
            _ => true,
        }
    })
}

fn pass_role(
    graph: &AccessGraph,
    (from, side): (usize, &Side),
    (t, technique): (usize, &Technique),
    services: &mut RunsAs,
    out: &mut Vec<Edge>,
) {
    let Some(account) = graph.nodes.get(from).and_then(|n| n.account.clone()) else {
        return;
    };
    if !technique.calls.iter().all(|(action, _)| may(side, action)) {
        return;
    }
    let made = fill(technique.resource, &account, "");
    let service = technique.service.unwrap_or_default();
    // Why the same account: "you can pass a role only to a service in the same account"
    // (a role passed with iam:PassRole must belong to the caller's account; IAM User Guide,
    // "Grant a user permissions to pass a role to an AWS service").
    for (to, node) in graph.nodes.iter().enumerate() {
        if node.kind != NodeKind::Role || node.account.as_deref() != Some(account.as_str()) {
            continue;
        }
        if to == from
            || !technique
                .calls
                .iter()
                .filter(|(_, on)| matches!(on, On::Target))
                .all(|(action, _)| may_on(side, action, &node.id))
        {
            continue;
        }
        if !services.get(graph, t, technique, to) {
            continue;
        }
        let passed = KeyValues(vec![(
            "iam:PassedToService".to_owned(),
            ContextValue::Single(service.to_owned()),
        )]);
        let calls: Vec<(String, String, KeyValues<ContextValue>)> = technique
            .calls
            .iter()
            .map(|(action, on)| match on {
                On::Target => ((*action).to_owned(), node.id.clone(), passed.clone()),
                On::Made => ((*action).to_owned(), made.clone(), KeyValues::default()),
                On::Any => ((*action).to_owned(), "*".to_owned(), KeyValues::default()),
            })
            .collect();
        if let Some(found) = all_calls(graph, side, &calls) {
            let assumes = vec![format!(
                "{service} runs the new resource `{made}` as the role"
            )];
            out.push(technique_edge(technique, (from, to), found, assumes));
        }
    }
}

/// Whether the service of `service_side` (acting for a new resource of the caller's account)
/// may assume `role`.
fn service_runs_as(graph: &AccessGraph, service_side: &Side, role: &str) -> bool {
    let hop = hop_to(role);
    graph
        .world
        .assume_allowed(&graph.scenario, service_side, &hop)
}

/// The code-change edges of `technique` from `from`; `by_resource_policy`: whether some
/// resource it changes has a resource-based policy.
fn code_change(
    graph: &AccessGraph,
    (from, side): (usize, &Side),
    (technique, by_resource_policy): (&Technique, bool),
    runs_as: &HashMap<&str, Vec<usize>>,
    out: &mut Vec<Edge>,
) {
    let Some((action, _)) = technique.calls.first() else {
        return;
    };
    let service = technique.service.unwrap_or_default();
    // Cheap necessary conditions first: a role the service runs as, an identity Allow of the
    // action or some resource of the changed type with a resource-based policy that might
    // grant it.
    if runs_as.get(service).is_none_or(Vec::is_empty) {
        return;
    }
    if !may(side, action) && !by_resource_policy {
        return;
    }
    for &to in runs_as.get(service).into_iter().flatten() {
        let Some(role) = graph.nodes.get(to) else {
            continue;
        };
        if to == from {
            continue;
        }
        let account = role.account.clone().unwrap_or_default();
        let mut targets: Vec<(String, String)> = graph
            .scenario
            .resources
            .iter()
            .filter(|r| {
                r.arn.contains(technique.marker)
                    && arn::account(&r.arn).is_none_or(|a| a == account)
            })
            .map(|r| {
                (
                    r.arn.clone(),
                    format!(
                        "`{}` runs as this role (the scenario does not say which role a resource runs as)",
                        r.arn
                    ),
                )
            })
            .collect();
        if targets.is_empty() {
            let made = fill(technique.resource, &account, &role.id);
            targets.push((
                made.clone(),
                format!("a resource running as this role exists: `{made}` (not in the scenario)"),
            ));
        }
        for (resource, assumption) in targets {
            if !may(side, action) && !graph.world.has_resource_policy(&resource) {
                continue;
            }
            let calls = [((*action).to_owned(), resource, KeyValues::default())];
            if let Some(found) = all_calls(graph, side, &calls) {
                out.push(technique_edge(
                    technique,
                    (from, to),
                    found,
                    vec![assumption],
                ));
                break;
            }
        }
    }
}

fn on_targets(
    graph: &AccessGraph,
    from: usize,
    side: &Side,
    technique: &Technique,
    out: &mut Vec<Edge>,
) {
    let Some((action, _)) = technique.calls.first() else {
        return;
    };
    if !may(side, action) {
        return;
    }
    let wanted = match technique.kind {
        TechniqueKind::Credentials => NodeKind::User,
        _ => NodeKind::Role,
    };
    // The trust policy a trust change writes names the caller: the same for every role.
    let mut rewritten: Option<NamedPolicy> = None;
    for (to, node) in graph.nodes.iter().enumerate() {
        if node.kind != wanted || to == from || !may_on(side, action, &node.id) {
            continue;
        }
        let calls = [((*action).to_owned(), node.id.clone(), KeyValues::default())];
        let Some(found) = all_calls(graph, side, &calls) else {
            continue;
        };
        let mut assumes = Vec::new();
        if technique.kind == TechniqueKind::TrustChange {
            let Some(caller) = graph.nodes.get(from) else {
                continue;
            };
            let trust = rewritten.get_or_insert_with(|| trust_naming(&caller.id));
            if !assume_with_new_trust(graph, side, trust, &node.id) {
                continue;
            }
            assumes.push("then assumes the role once its trust policy names the caller".to_owned());
        }
        out.push(technique_edge(technique, (from, to), found, assumes));
    }
}

/// The trust policy a trust change writes: it names `caller`.
fn trust_naming(caller: &str) -> NamedPolicy {
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{caller}"}}, "Action": "sts:AssumeRole"}}]}}"#
    );
    NamedPolicy::new(
        "rewritten trust policy",
        PolicyKind::Trust,
        parse_policy(&text, PolicyKind::Trust).policy,
    )
}

/// Whether `side` could assume `role` once the role's trust policy is `trust` (naming it).
fn assume_with_new_trust(
    graph: &AccessGraph,
    side: &Side,
    trust: &NamedPolicy,
    role: &str,
) -> bool {
    let hop = hop_to(role);
    graph
        .world
        .assume_decided_with_trust(&graph.scenario, side, &hop, trust)
}

/// The edge `from` → `to` of `technique`, with what its calls need and the questions they
/// asked (as [`all_calls`] found them), and what it assumes.
fn technique_edge(
    technique: &Technique,
    (from, to): (usize, usize),
    (conditions, asks): (Vec<Supply>, Vec<Ask>),
    assumes: Vec<String>,
) -> Edge {
    Edge {
        from,
        to,
        means: Means {
            via: technique.via(),
            kind: technique.kind,
            conditions,
            assumes,
        },
        asks,
    }
}

/// A plain `AssumeRole` hop to `role`.
fn hop_to(role: &str) -> AssumeHop {
    AssumeHop {
        role: role.to_owned(),
        ..AssumeHop::default()
    }
}
