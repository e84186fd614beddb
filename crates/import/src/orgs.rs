//! AWS Organizations: `aws organizations describe-policy` outputs (SCPs and RCPs) and the
//! organization tree.
//!
//! The tree comes from a small tree file (documented in the README, "Organization tree file"),
//! or from the CLI's `list-roots`, `list-organizational-units-for-parent`,
//! `list-accounts-for-parent` and `list-policies-for-target` outputs, which
//! [`crate::org_listing`] turns into the same tree file:
//!
//! ```json
//! {"rolecallOrganizationTree": 1, "id": "o-a1b2c3d4e5", "managementAccount": "111111111111",
//!  "root": {"id": "r-a1b2", "policies": ["FullAWSAccess", "DenyLeaveOrganization"],
//!   "accounts": [{"id": "111111111111"}],
//!   "children": [{"id": "ou-a1b2-11111111", "name": "Prod", "policies": ["DenyRegions"],
//!     "accounts": [{"id": "222222222222", "policies": []}], "children": []}]}}
//! ```
//!
//! `policies` name SCPs or RCPs by name or id (`p-...`), as given by `describe-policy` outputs
//! of the same import. Policies attached to the root or an OU apply to every account below it
//! (the scenario keeps each account's path, and the evaluator walks it level by level).

use std::collections::BTreeMap;

use crate::document::document_text;
use crate::node::Node;
use crate::world::{Summary, World};

/// An SCP or RCP read from `describe-policy`.
#[derive(Clone, Debug)]
pub struct OrgPolicyIn {
    id: String,
    name: String,
    rcp: bool,
    text: String,
}

impl OrgPolicyIn {
    /// A policy read from another input (a CloudFormation template's
    /// `AWS::Organizations::Policy`): `id` is how the tree names it.
    #[must_use]
    pub fn new(id: &str, name: &str, rcp: bool, text: String) -> Self {
        Self {
            id: id.to_owned(),
            name: name.to_owned(),
            rcp,
            text,
        }
    }
}

/// Reads a `describe-policy` output.
pub fn describe_policy(world: &mut World, root: &Node) -> Option<OrgPolicyIn> {
    let policy = root.get("Policy")?;
    let summary = policy.get("PolicySummary")?;
    let name = summary.str("Name").unwrap_or("policy").to_owned();
    let kind = summary.str("Type").unwrap_or("SERVICE_CONTROL_POLICY");
    let rcp = match kind {
        "SERVICE_CONTROL_POLICY" => false,
        "RESOURCE_CONTROL_POLICY" => true,
        other => {
            world.summary.unresolved.push(format!(
                "organization policy `{name}` is a `{other}`, which does not take part in authorization; left out"
            ));
            return None;
        }
    };
    let text = match policy.get("Content").map(document_text) {
        Some(Ok(text)) => text,
        Some(Err(why)) => {
            world
                .summary
                .unresolved
                .push(format!("organization policy `{name}`: {why}; left out"));
            return None;
        }
        None => {
            world.summary.unresolved.push(format!(
                "organization policy `{name}` has no `Content`; left out"
            ));
            return None;
        }
    };
    Some(OrgPolicyIn {
        id: summary.str("Id").unwrap_or("").to_owned(),
        name,
        rcp,
        text,
    })
}

/// The documents of the AWS-managed `FullAWSAccess` and `RCPFullAWSAccess`, which every
/// organization has (AWS Organizations User Guide, "Service control policies", "Resource control
/// policies"), so that a tree naming them needs no `describe-policy` for them.
fn builtin(name: &str) -> Option<OrgPolicyIn> {
    match name {
        "FullAWSAccess" | "p-FullAWSAccess" => Some(OrgPolicyIn {
            id: "p-FullAWSAccess".to_owned(),
            name: "FullAWSAccess".to_owned(),
            rcp: false,
            text: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#.to_owned(),
        }),
        "RCPFullAWSAccess" | "p-RCPFullAWSAccess" => Some(OrgPolicyIn {
            id: "p-RCPFullAWSAccess".to_owned(),
            name: "RCPFullAWSAccess".to_owned(),
            rcp: true,
            text: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#.to_owned(),
        }),
        _ => None,
    }
}

/// Reads the tree file and attaches the policies to their targets.
pub fn tree(world: &mut World, root: &Node, policies: &[OrgPolicyIn]) {
    let org = world.organization();
    org.id = root.str("id").map(str::to_owned);
    org.management_account = root.str("managementAccount").map(str::to_owned);
    let Some(top) = root.get("root") else {
        world
            .summary
            .unresolved
            .push("the organization tree has no `root`".to_owned());
        return;
    };
    let mut attachments: Vec<(String, String)> = Vec::new();
    let mut accounts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    walk(top, &mut Vec::new(), &mut attachments, &mut accounts);
    let org = world.organization();
    org.accounts.0 = accounts.into_iter().collect();
    let count = world.organization().accounts.0.len();
    world
        .summary
        .counts
        .insert("accounts in the organization", count);
    for (target, wanted) in attachments {
        let found = policies
            .iter()
            .find(|p| p.id == wanted || p.name == wanted)
            .cloned()
            .or_else(|| builtin(&wanted));
        match found {
            Some(p) => world.org_policy(p.rcp, &p.name, &target, p.text),
            None => world.summary.unresolved.push(format!(
                "organization policy `{wanted}` (attached to `{target}`): no `describe-policy` output for it; left out"
            )),
        }
    }
}

fn walk(
    node: &Node,
    path: &mut Vec<String>,
    attachments: &mut Vec<(String, String)>,
    accounts: &mut BTreeMap<String, Vec<String>>,
) {
    let Some(id) = node.str("id") else {
        return;
    };
    for p in node.items("policies").iter().filter_map(Node::as_str) {
        attachments.push((id.to_owned(), p.to_owned()));
    }
    path.push(id.to_owned());
    for account in node.items("accounts") {
        if let Some(account_id) = account.str("id") {
            accounts.insert(account_id.to_owned(), path.clone());
            for p in account.items("policies").iter().filter_map(Node::as_str) {
                attachments.push((account_id.to_owned(), p.to_owned()));
            }
        }
    }
    for child in node.items("children") {
        walk(child, path, attachments, accounts);
    }
    path.pop();
}

/// `describe-policy` outputs given without a tree: kept nowhere (an SCP must be attached to
/// apply), and listed.
pub fn unattached(world: &mut World, policies: &[OrgPolicyIn]) {
    for p in policies {
        Summary::push_unique(
            &mut world.summary.unresolved,
            format!(
                "organization policy `{}` ({}): no organization tree says where it is attached; add a tree file (see README) to use it",
                p.name,
                if p.rcp { "RCP" } else { "SCP" }
            ),
        );
    }
}
