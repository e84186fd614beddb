//! The access graph: the scenario's principals as nodes, the ways to act as another as edges.

//!
//! This file holds the types; `build.rs` builds a graph (nodes, then `edges.rs`, then
//! `admin.rs`), so that the files that find edges and administrators use the types without
//! the types using them.

use serde::{Deserialize, Serialize};

use crate::evaluate::StatementRef;
use crate::reach::harvest::{Supply, as_context};
use crate::reach::techniques::{TechniqueKind, change_context};
use crate::reach::world::{Side, World};
use crate::request::ContextValue;
use crate::scenario::arn;
use crate::scenario::evaluate::{Step, evaluate_request_as};
use crate::scenario::model::{AssumeHop, KeyValues, PrincipalSpec, Scenario, ScenarioRequest};

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

/// How one principal can act as another: the technique, its kind, the values the caller must
/// supply and what it rests on beyond the scenario. An [`Edge`] of the graph and each
/// [`crate::reach::Hop`] of an answer carry one (written in their JSON as their own fields).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Means {
    /// The STS call or technique (its calls joined by ` + `), or the policy-change action.
    pub via: String,
    /// The kind of technique.
    pub kind: TechniqueKind,
    /// Values the caller must supply for it to hold (empty: it holds as is).
    pub conditions: Vec<Supply>,
    /// What it assumes beyond the scenario (a resource that must exist, ...).
    pub assumes: Vec<String>,
}

/// One way `from` can act as `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    /// The caller's node index.
    pub from: usize,
    /// The node it can act as.
    pub to: usize,
    /// How.
    #[serde(flatten)]
    pub means: Means,
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

/// Why a principal is an administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminReason {
    /// `allowed * on *`, or the policy-change action that makes it one.
    pub technique: String,
    /// The resource the change is made on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Values it must supply.
    pub conditions: Vec<Supply>,
    /// What this rests on beyond the scenario.
    pub assumes: Vec<String>,
}

/// A policy change by `from` that makes `to` an administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    /// Who makes the change.
    pub from: usize,
    /// Who becomes an administrator.
    pub to: usize,
    /// The action.
    pub via: String,
    /// Values `from` must supply.
    pub conditions: Vec<Supply>,
}

/// The account that stands for "any AWS account" (`"AWS": "*"` in a trust policy).
pub const ANY_ACCOUNT: &str = "999999999999";

impl AccessGraph {
    /// The index of the node `id` (an ARN, service, provider or `anonymous`; a role session
    /// ARN finds its role).
    #[must_use]
    pub fn node(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id).or_else(|| {
            let role = arn::session_role_arn(id)?;
            self.nodes.iter().position(|n| n.id == role)
        })
    }

    /// The statements that decided the calls behind `edge` (each once, in call order): the
    /// deciding statements of [`Self::explain`]'s steps, from the policies compiled once
    /// instead of a replay of the whole scenario.
    #[must_use]
    pub fn deciding(&self, edge: &Edge) -> Vec<StatementRef> {
        let mut out: Vec<StatementRef> = Vec::new();
        let (Some(from), Some(own)) = (self.nodes.get(edge.from), self.sides.get(edge.from)) else {
            return out;
        };
        for ask in &edge.asks {
            let calls = match ask {
                Ask::Assume { spec, hop } => {
                    let supplied;
                    let side = if *spec == from.spec {
                        own
                    } else {
                        supplied = Side::new(&self.scenario, spec);
                        &supplied
                    };
                    self.world.assume_calls(&self.scenario, side, hop)
                }
                Ask::Action {
                    action,
                    resource,
                    context,
                } => vec![
                    self.world
                        .action_call(&self.scenario, own, action, resource, context),
                ],
            };
            for call in calls {
                for s in call.evaluate().explanation.deciding {
                    if !out.contains(&s) {
                        out.push(s);
                    }
                }
            }
        }
        out
    }

    /// The evaluated step of the principal `principal` calling `action` on `resource` with the
    /// values it supplies (`conditions`): why a principal can act directly, or why it may make
    /// a policy change (an `Attach*Policy` attaches
    /// [`crate::reach::techniques::ADMIN_POLICY_ARN`]). Empty when `principal` is not a node.
    #[must_use]
    pub fn explain_call(
        &self,
        principal: &str,
        action: &str,
        resource: &str,
        conditions: &[Supply],
    ) -> Vec<Step> {
        let Some(node) = self.node(principal).and_then(|n| self.nodes.get(n)) else {
            return Vec::new();
        };
        let mut context = change_context(action);
        context.0.extend(as_context(conditions).0);
        let request = ScenarioRequest {
            name: action.to_owned(),
            principal: node.spec.clone(),
            context,
            action: Some(action.to_owned()),
            resource: Some(resource.to_owned()),
            ..ScenarioRequest::default()
        };
        evaluate_request_as(&self.scenario, &request, self.scenario.requests.len()).steps
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
                        name: edge.means.via.clone(),
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
