//! Who is an administrator.
//!
//! **Definition.** A principal is an *administrator* when the evaluator allows it, on resource
//! `*`, every action of [`ADMIN_PROBES`]: the first is an action no AWS service has, which only
//! a grant of every action covers (`"Action": "*"`, or a `NotAction` that leaves everything
//! else open); the others are sensitive actions of IAM, S3, EC2, Lambda and
//! Organizations, so that a grant of `*` that a Deny, a permissions boundary or an SCP cuts
//! down in those services does not count. Values the principal can supply itself (MFA, a
//! source IP) may be needed; they are listed.
//!
//! A principal is also an administrator when **one policy change** it is allowed to make on
//! itself makes it one ([`SELF_CHANGES`]): an inline or attached policy on itself or on a group
//! it is in, a new default version of one of its policies (taken to be a customer managed
//! policy of that name), joining a group, or deleting its own permissions boundary. The change
//! is simulated (a policy allowing `*` on `*` added, or the boundary removed) and the probes
//! are asked again, so a boundary or an SCP that still caps the principal keeps it from
//! counting.
//!
//! A policy change on *another* principal that makes it an administrator is a [`Grant`]; the
//! escalation query combines it with the paths to that principal.

use crate::evaluate::NamedPolicy;
use crate::policy::model::PolicyKind;
use crate::policy::parse_policy;
use crate::reach::ask::{attempt, may, may_on};
use crate::reach::graph::{AccessGraph, NodeKind};
pub use crate::reach::graph::{AdminReason, Grant};
use crate::reach::harvest::Supply;
use crate::reach::world::Side;
use crate::request::ContextValue;
use crate::scenario::arn::{self, IdentityKind, identity_kind};
use crate::scenario::model::KeyValues;
use crate::scenario::parsed::Reader;
use crate::scenario::policies::identity_policies;

/// The actions an administrator must be allowed on `*` (see the module docs).
pub const ADMIN_PROBES: &[&str] = &[
    "rolecall-probe:AnyAction",
    "iam:PutRolePolicy",
    "iam:CreateAccessKey",
    "iam:PassRole",
    "s3:GetObject",
    "s3:PutBucketPolicy",
    "ec2:RunInstances",
    "lambda:CreateFunction",
    "organizations:DescribeOrganization",
];

pub use crate::reach::techniques::ADMIN_POLICY_ARN;
use crate::reach::techniques::change_context;

/// The policy changes a principal can make on itself, by the kind of its identity.
pub const SELF_CHANGES: &[(&str, &str)] = &[
    ("user", "iam:PutUserPolicy"),
    ("user", "iam:AttachUserPolicy"),
    ("user", "iam:DeleteUserPermissionsBoundary"),
    ("role", "iam:PutRolePolicy"),
    ("role", "iam:AttachRolePolicy"),
    ("role", "iam:DeleteRolePermissionsBoundary"),
    ("group", "iam:PutGroupPolicy"),
    ("group", "iam:AttachGroupPolicy"),
    ("group", "iam:AddUserToGroup"),
    ("policy", "iam:CreatePolicyVersion"),
    ("policy", "iam:SetDefaultPolicyVersion"),
];

const ALLOW_ALL: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;

fn allow_all() -> NamedPolicy {
    NamedPolicy::new(
        "simulated: a policy allowing * on *",
        PolicyKind::Identity,
        parse_policy(ALLOW_ALL, PolicyKind::Identity).policy,
    )
}

/// `Some(conditions)` when `side` passes every probe.
#[must_use]
pub fn probes(graph: &AccessGraph, side: &Side) -> Option<Vec<Supply>> {
    // Cheap necessary condition first: on `*` no resource-based policy applies, so each probe
    // needs an identity-policy Allow that covers it.
    if !graph.world.has_resource_policy("*") && !ADMIN_PROBES.iter().all(|a| may(side, a)) {
        return None;
    }
    let mut out: Vec<Supply> = Vec::new();
    for action in ADMIN_PROBES {
        for s in attempt(graph, side, action, "*", &KeyValues::default())? {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    Some(out)
}

fn merged(mut a: Vec<Supply>, b: Vec<Supply>) -> Vec<Supply> {
    for s in b {
        if !a.contains(&s) {
            a.push(s);
        }
    }
    a
}

/// One candidate change: the action, its resource, the context, what it assumes, and the
/// principal's side after it.
struct Change {
    action: &'static str,
    resource: String,
    context: KeyValues<ContextValue>,
    assumes: Vec<String>,
    after: Side,
}

fn changes(graph: &AccessGraph, node: usize, side: &Side) -> Vec<Change> {
    let Some(n) = graph.nodes.get(node) else {
        return Vec::new();
    };
    let account = n.account.clone().unwrap_or_default();
    let identity = graph.scenario.identity(&n.id);
    let with_admin = || {
        let mut after = side.clone();
        after.set.identity.push(allow_all());
        after
    };
    let own = if n.kind == NodeKind::User {
        "user"
    } else {
        "role"
    };
    let mut out = Vec::new();
    for &(on, action) in SELF_CHANGES {
        // Cheap necessary condition first (the simulated sides below are costly).
        if !may(side, action) {
            continue;
        }
        let context = change_context(action);
        match on {
            o if o == own => {
                let after = if action.contains("PermissionsBoundary") {
                    if side.set.boundaries.is_empty() {
                        continue;
                    }
                    let mut after = side.clone();
                    after.set.boundaries.clear();
                    after
                } else {
                    with_admin()
                };
                out.push(Change {
                    action,
                    resource: n.id.clone(),
                    context,
                    assumes: Vec::new(),
                    after,
                });
            }
            "group" if n.kind == NodeKind::User => {
                let member = identity.map(|i| i.groups.clone()).unwrap_or_default();
                for group in graph.scenario.identities.iter().filter(|i| {
                    identity_kind(&i.arn) == Some(IdentityKind::Group)
                        && arn::account(&i.arn) == Some(account.as_str())
                }) {
                    let joined = member.contains(&group.arn);
                    let after = if action == "iam:AddUserToGroup" {
                        if joined {
                            continue;
                        }
                        let mut after = side.clone();
                        after.set.identity.extend(identity_policies(
                            &Reader::fresh(),
                            &graph.scenario,
                            &group.arn,
                        ));
                        after
                    } else if joined {
                        with_admin()
                    } else {
                        continue;
                    };
                    out.push(Change {
                        action,
                        resource: group.arn.clone(),
                        context: context.clone(),
                        assumes: Vec::new(),
                        after,
                    });
                }
            }
            "policy" => {
                for policy in identity.map(|i| i.policies.as_slice()).unwrap_or_default() {
                    let resource = format!("arn:aws:iam::{account}:policy/{}", policy.name);
                    out.push(Change {
                        action,
                        assumes: vec![format!(
                            "`{}` is a customer managed policy `{resource}`",
                            policy.name
                        )],
                        resource,
                        context: context.clone(),
                        after: with_admin(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Why node `node` is an administrator, if it is one (users and roles of the scenario only).
#[must_use]
pub fn admin_reason(graph: &AccessGraph, node: usize) -> Option<AdminReason> {
    let n = graph.nodes.get(node)?;
    if !matches!(n.kind, NodeKind::User | NodeKind::Role) {
        return None;
    }
    let side = graph.sides.get(node)?;
    if let Some(conditions) = probes(graph, side) {
        return Some(AdminReason {
            technique: "allowed * on *".to_owned(),
            target: None,
            conditions,
            assumes: Vec::new(),
        });
    }
    for change in changes(graph, node, side) {
        if !may(side, change.action) {
            continue;
        }
        let Some(first) = attempt(
            graph,
            side,
            change.action,
            &change.resource,
            &change.context,
        ) else {
            continue;
        };
        if let Some(then) = probes(graph, &change.after) {
            return Some(AdminReason {
                technique: change.action.to_owned(),
                target: Some(change.resource),
                conditions: merged(first, then),
                assumes: change.assumes,
            });
        }
    }
    None
}

/// Every policy change by a principal that is not an administrator which makes another
/// principal (not one already) an administrator: `Put*Policy` or `Attach*Policy` on a user or
/// role.
#[must_use]
pub fn grants(graph: &AccessGraph) -> Vec<Grant> {
    let mut out = Vec::new();
    for (from, node) in graph.nodes.iter().enumerate() {
        if !matches!(
            node.kind,
            NodeKind::User | NodeKind::Role | NodeKind::Outside
        ) || graph.admins.get(from).is_some_and(Option::is_some)
        {
            continue;
        }
        let Some(side) = graph.sides.get(from) else {
            continue;
        };
        // Cheap necessary condition first: an identity Allow of one of the changes.
        let possible = [
            "iam:PutUserPolicy",
            "iam:AttachUserPolicy",
            "iam:PutRolePolicy",
            "iam:AttachRolePolicy",
        ];
        if !possible.iter().any(|a| may(side, a)) {
            continue;
        }
        for (to, target) in graph.nodes.iter().enumerate() {
            let actions: &[&str] = match target.kind {
                NodeKind::User => &["iam:PutUserPolicy", "iam:AttachUserPolicy"],
                NodeKind::Role => &["iam:PutRolePolicy", "iam:AttachRolePolicy"],
                _ => continue,
            };
            if to == from || graph.admins.get(to).is_some_and(Option::is_some) {
                continue;
            }
            for action in actions {
                if !may_on(side, action, &target.id) {
                    continue;
                }
                let context = change_context(action);
                let Some(first) = attempt(graph, side, action, &target.id, &context) else {
                    continue;
                };
                let Some(target_side) = graph.sides.get(to) else {
                    continue;
                };
                let mut after = target_side.clone();
                after.set.identity.push(allow_all());
                if let Some(then) = probes(graph, &after) {
                    out.push(Grant {
                        from,
                        to,
                        via: (*action).to_owned(),
                        conditions: merged(first, then),
                    });
                    break;
                }
            }
        }
    }
    out
}
