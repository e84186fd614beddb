//! The access graph: the scenario's principals as nodes, the ways to act as another as edges.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::policy::model::{Effect, PrincipalType, PrincipalValue};
use crate::reach::admin::{self, AdminReason, Grant};
use crate::reach::edges;
use crate::reach::harvest::Supply;
use crate::reach::techniques::TechniqueKind;
use crate::reach::world::{Side, World};
use crate::request::ContextValue;
use crate::scenario::arn::{self, IdentityKind, identity_kind};
use crate::scenario::evaluate::{Step, evaluate_request_as};
use crate::scenario::model::{
    AssumeHop, Identity, KeyValues, NamedDocument, PolicyDocument, PrincipalSpec, Scenario,
    ScenarioRequest,
};

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NodeKind {
    /// An IAM user of the scenario.
    User,
    /// A role of the scenario (a session of it).
    Role,
    /// An AWS service principal named in a trust policy.
    Service,
    /// A SAML or OIDC identity.
    Federated,
    /// A principal or account outside the scenario, named by a trust policy.
    Outside,
    /// An unauthenticated caller.
    Anonymous,
}

impl NodeKind {
    /// `user`, `role`, `service`, `federated`, `outside` or `anonymous`.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Role => "role",
            Self::Service => "service",
            Self::Federated => "federated",
            Self::Outside => "outside",
            Self::Anonymous => "anonymous",
        }
    }
}

/// One principal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    /// The ARN, service name, provider, or `anonymous`.
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
    /// A short name for display.
    pub label: String,
    /// Its account, for IAM principals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// What the graph assumes about it (principals outside the scenario).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    /// How the scenario format writes it as a request's `principal`.
    #[serde(skip)]
    pub spec: PrincipalSpec,
}

/// One question an edge asked the evaluator, kept to explain the edge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ask {
    /// An assume hop by `spec`.
    Assume {
        /// The caller (with the token claims it supplies).
        spec: PrincipalSpec,
        /// The hop.
        hop: Box<AssumeHop>,
    },
    /// An action on a resource.
    Action {
        /// The action.
        action: String,
        /// The resource.
        resource: String,
        /// Context keys the caller supplies.
        context: KeyValues<ContextValue>,
    },
}

/// One way `from` can act as `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    /// The caller's node index.
    pub from: usize,
    /// The node it can act as.
    pub to: usize,
    /// The STS call or technique (its calls joined by ` + `).
    pub via: String,
    /// The kind of technique.
    pub kind: TechniqueKind,
    /// Values the caller must supply for the edge to hold (empty: it holds as is).
    pub conditions: Vec<Supply>,
    /// What the edge assumes beyond the scenario (a resource that must exist, ...).
    pub assumes: Vec<String>,
    /// The questions asked, to explain the edge.
    #[serde(skip)]
    pub asks: Vec<Ask>,
}

/// The access graph of a scenario.
#[derive(Clone, Debug)]
pub struct AccessGraph {
    /// The scenario, with the principals outside it added as identities that are allowed
    /// everything by their own account (see the module docs).
    pub scenario: Scenario,
    /// Every principal.
    pub nodes: Vec<Node>,
    /// Every edge, in a fixed order.
    pub edges: Vec<Edge>,
    /// For each node, the indexes of its outgoing edges.
    pub outgoing: Vec<Vec<usize>>,
    /// For each node, the indexes of its incoming edges.
    pub incoming: Vec<Vec<usize>>,
    /// For each node: why it is an administrator, if it is one.
    pub admins: Vec<Option<AdminReason>>,
    /// Policy changes one principal can make that make another an administrator.
    pub grants: Vec<Grant>,
    pub(crate) sides: Vec<Side>,
    pub(crate) world: World,
}

/// The policy an identity outside the scenario is taken to have.
const OUTSIDE_POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
/// The account that stands for "any AWS account" (`"AWS": "*"` in a trust policy).
pub const ANY_ACCOUNT: &str = "999999999999";

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
    /// assert_eq!(graph.edges[0].via, "sts:AssumeRole");
    /// ```
    #[must_use]
    pub fn build(scenario: &Scenario) -> Self {
        let original = scenario.identities.len();
        let scenario = augment(scenario);
        let nodes = nodes(&scenario, original);
        let world = World::new(&scenario);
        let sides: Vec<Side> = nodes
            .iter()
            .map(|n| Side::new(&scenario, &n.spec))
            .collect();
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

    /// The index of the node `id` (an ARN, service, provider or `anonymous`; a role session
    /// ARN finds its role).
    #[must_use]
    pub fn node(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id).or_else(|| {
            let role = arn::session_role_arn(id)?;
            self.nodes.iter().position(|n| n.id == role)
        })
    }

    /// Every evaluated step behind `edge`, with its explanation: the same steps `rolecall eval`
    /// shows for a request making those calls.
    #[must_use]
    pub fn explain(&self, edge: &Edge) -> Vec<Step> {
        let Some(from) = self.nodes.get(edge.from) else {
            return Vec::new();
        };
        let index = self.scenario.requests.len();
        edge.asks
            .iter()
            .flat_map(|ask| {
                let request = match ask {
                    Ask::Assume { spec, hop } => ScenarioRequest {
                        name: edge.via.clone(),
                        principal: spec.clone(),
                        assume: vec![(**hop).clone()],
                        ..ScenarioRequest::default()
                    },
                    Ask::Action {
                        action,
                        resource,
                        context,
                    } => ScenarioRequest {
                        name: action.clone(),
                        principal: from.spec.clone(),
                        context: context.clone(),
                        action: Some(action.clone()),
                        resource: Some(resource.clone()),
                        ..ScenarioRequest::default()
                    },
                };
                evaluate_request_as(&self.scenario, &request, index).steps
            })
            .collect()
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
fn trusted(scenario: &Scenario) -> HashMap<PrincipalType, BTreeSet<String>> {
    let world = World::new(scenario);
    let mut out: HashMap<PrincipalType, BTreeSet<String>> = HashMap::new();
    for identity in &scenario.identities {
        let Some(trust) = world.trust(&identity.arn) else {
            continue;
        };
        for statement in &trust.policy.statements {
            if statement.effect.as_ref().map(|e| e.value) != Some(Effect::Allow) {
                continue;
            }
            let Some(element) = &statement.principal else {
                continue;
            };
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
fn augment(scenario: &Scenario) -> Scenario {
    let mut out = scenario.clone();
    let known: BTreeSet<&str> = scenario
        .identities
        .iter()
        .filter_map(|i| arn::account(&i.arn))
        .collect();
    let mut add: BTreeSet<String> = BTreeSet::new();
    for value in trusted(scenario)
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
fn nodes(scenario: &Scenario, count: usize) -> Vec<Node> {
    let mut out: Vec<Node> = scenario
        .identities
        .iter()
        .enumerate()
        .filter_map(|(i, identity)| identity_node(identity, i >= count))
        .collect();
    let trusted = trusted(scenario);
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
