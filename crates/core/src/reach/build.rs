//! Building the access graph: the nodes of a scenario, then every edge (`edges.rs`), then who
//! is an administrator and who can make whom one (`admin.rs`).

use std::collections::{BTreeSet, HashMap};

use crate::policy::model::{PrincipalType, PrincipalValue};
use crate::reach::admin;
use crate::reach::edges;
use crate::reach::graph::{ANY_ACCOUNT, AccessGraph, Node, NodeKind};
use crate::reach::world::{Side, World};
use crate::scenario::arn::{self, IdentityKind, identity_kind};
use crate::scenario::model::{
    Identity, KeyValues, NamedDocument, PolicyDocument, PrincipalSpec, Scenario,
};
use crate::scenario::parsed::{Documents, Reader};

/// The policy an identity outside the scenario is taken to have.
const OUTSIDE_POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;

impl AccessGraph {
    /// Builds the graph of `scenario`: every node, every edge decided by the evaluator, and
    /// who is an administrator.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::reach::AccessGraph;
    /// use rolecall_core::scenario::load;
    /// let scenario = load(r#"{"rolecall": 1, "identities": [
    ///   {"arn": "arn:aws:iam::111111111111:user/alice", "policies": []},
    ///   {"arn": "arn:aws:iam::111111111111:role/Dev", "policies": [],
    ///    "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    ///      "Principal": {"AWS": "arn:aws:iam::111111111111:user/alice"}, "Action": "sts:AssumeRole"}]}}],
    ///   "requests": []}"#).scenario.unwrap_or_default();
    /// let graph = AccessGraph::build(&scenario);
    /// assert_eq!(graph.edges.len(), 1);
    /// assert_eq!(graph.edges[0].means.via, "sts:AssumeRole");
    /// ```
    #[must_use]
    pub fn build(scenario: &Scenario) -> Self {
        let original = scenario.identities.len();
        // Each document text is parsed once: thousands of identities share SCPs and policies.
        let mut documents = Documents::default();
        let reader = Reader::lending(&mut documents, 0);
        // The identities `augment` adds have no trust policy, so the world of the scenario
        // is the world of the augmented scenario too: compiled once.
        let world = World::read(scenario, &reader);
        let scenario = augment(scenario, &world);
        let nodes = nodes(&scenario, original, &world);
        let sides: Vec<Side> = nodes
            .iter()
            .map(|n| Side::read(&scenario, &n.spec, &reader))
            .collect();
        drop(reader);
        let mut graph = Self {
            outgoing: vec![Vec::new(); nodes.len()],
            incoming: vec![Vec::new(); nodes.len()],
            admins: vec![None; nodes.len()],
            scenario,
            nodes,
            edges: Vec::new(),
            grants: Vec::new(),
            sides,
            world,
        };
        graph.edges = edges::all(&graph);
        for (i, e) in graph.edges.iter().enumerate() {
            if let Some(out) = graph.outgoing.get_mut(e.from) {
                out.push(i);
            }
            if let Some(inc) = graph.incoming.get_mut(e.to) {
                inc.push(i);
            }
        }
        graph.admins = (0..graph.nodes.len())
            .map(|n| admin::admin_reason(&graph, n))
            .collect();
        graph.grants = admin::grants(&graph);
        graph
    }
}

fn identity_node(identity: &Identity, outside: bool) -> Option<Node> {
    let kind = match identity_kind(&identity.arn)? {
        IdentityKind::User => NodeKind::User,
        IdentityKind::Role => NodeKind::Role,
        _ => return None,
    };
    let account = arn::account(&identity.arn).map(str::to_owned);
    Some(Node {
        id: identity.arn.clone(),
        kind: if outside { NodeKind::Outside } else { kind },
        label: arn::name(&identity.arn).to_owned(),
        assumption: outside.then(|| {
            format!(
                "outside the scenario: taken to be allowed everything by account {}",
                account.as_deref().unwrap_or("?")
            )
        }),
        account,
        spec: PrincipalSpec::Arn(identity.arn.clone()),
    })
}

/// The principals every trust policy names, by type.
fn trusted(scenario: &Scenario, world: &World) -> HashMap<PrincipalType, BTreeSet<String>> {
    let mut out: HashMap<PrincipalType, BTreeSet<String>> = HashMap::new();
    for identity in &scenario.identities {
        let Some(trust) = world.trust(&identity.arn) else {
            continue;
        };
        for element in trust.policy.allow_principals() {
            match &element.value {
                PrincipalValue::Wildcard(_) => {
                    out.entry(PrincipalType::Aws)
                        .or_default()
                        .insert("*".to_owned());
                }
                PrincipalValue::Map(entries) => {
                    for entry in entries {
                        for value in &entry.values {
                            out.entry(entry.kind)
                                .or_default()
                                .insert(value.value.trim().to_owned());
                        }
                    }
                }
            }
        }
    }
    out
}

/// `scenario` with an identity for every principal outside it that a trust policy names.
fn augment(scenario: &Scenario, world: &World) -> Scenario {
    let mut out = scenario.clone();
    let known: BTreeSet<&str> = scenario
        .identities
        .iter()
        .filter_map(|i| arn::account(&i.arn))
        .collect();
    let mut add: BTreeSet<String> = BTreeSet::new();
    for value in trusted(scenario, world)
        .get(&PrincipalType::Aws)
        .into_iter()
        .flatten()
    {
        let arn = if value == "*" {
            format!("arn:aws:iam::{ANY_ACCOUNT}:role/any-principal")
        } else if arn::is_account_id(value) {
            format!("arn:aws:iam::{value}:role/any-principal")
        } else {
            match identity_kind(value) {
                Some(IdentityKind::Root) => format!(
                    "arn:aws:iam::{}:role/any-principal",
                    arn::account(value).unwrap_or_default()
                ),
                Some(IdentityKind::User | IdentityKind::Role) => value.clone(),
                _ => continue,
            }
        };
        let account = arn::account(&arn).unwrap_or_default();
        if !known.contains(account) && scenario.identity(&arn).is_none() {
            add.insert(arn);
        }
    }
    for arn in add {
        out.identities.push(Identity {
            arn,
            policies: vec![NamedDocument {
                name: "assumed: its own account allows it everything (outside the scenario)"
                    .to_owned(),
                document: PolicyDocument::object(OUTSIDE_POLICY),
            }],
            ..Identity::default()
        });
    }
    out
}

/// Every node of the (augmented) scenario, in a fixed order: users and roles in scenario
/// order (the first `count` identities are the scenario's own), then services, federated identities and the anonymous caller.
fn nodes(scenario: &Scenario, count: usize, world: &World) -> Vec<Node> {
    let mut out: Vec<Node> = scenario
        .identities
        .iter()
        .enumerate()
        .filter_map(|(i, identity)| identity_node(identity, i >= count))
        .collect();
    let trusted = trusted(scenario, world);
    for service in trusted.get(&PrincipalType::Service).into_iter().flatten() {
        out.push(Node {
            id: service.clone(),
            kind: NodeKind::Service,
            label: service.clone(),
            account: None,
            assumption: None,
            spec: PrincipalSpec::Service {
                service: service.clone(),
                source_arn: None,
                source_account: None,
            },
        });
    }
    let mut providers: Vec<PrincipalSpec> = Vec::new();
    for request in &scenario.requests {
        if let PrincipalSpec::WebIdentity { provider, .. } | PrincipalSpec::Saml { provider, .. } =
            &request.principal
        {
            if !providers.iter().any(|p| provider_of(p) == provider) {
                providers.push(request.principal.clone());
            }
        }
    }
    for provider in trusted.get(&PrincipalType::Federated).into_iter().flatten() {
        if !providers.iter().any(|p| provider_of(p) == provider) {
            providers.push(if provider.contains(":saml-provider/") {
                PrincipalSpec::Saml {
                    provider: provider.clone(),
                    attributes: KeyValues::default(),
                }
            } else {
                PrincipalSpec::WebIdentity {
                    provider: provider.clone(),
                    claims: KeyValues::default(),
                    tags: None,
                }
            });
        }
    }
    for spec in providers {
        let provider = provider_of(&spec).to_owned();
        out.push(Node {
            label: arn::name(&provider).to_owned(),
            id: provider,
            kind: NodeKind::Federated,
            account: None,
            assumption: None,
            spec,
        });
    }
    out.push(Node {
        id: "anonymous".to_owned(),
        kind: NodeKind::Anonymous,
        label: "anonymous".to_owned(),
        account: None,
        assumption: None,
        spec: PrincipalSpec::Anonymous,
    });
    out
}

fn provider_of(spec: &PrincipalSpec) -> &str {
    match spec {
        PrincipalSpec::WebIdentity { provider, .. } | PrincipalSpec::Saml { provider, .. } => {
            provider
        }
        _ => "",
    }
}
