//! AWS Organizations in CloudFormation templates, both ways: `rolecall export --format
//! cloudformation` writes the organization into the management account's template, and the
//! import reads it back (and reads the same resource types in any template).
//!
//! The resource types ("AWS Organizations resource type reference", CloudFormation User Guide):
//! - `AWS::Organizations::OrganizationalUnit` (`Name`, `ParentId`; `Ref` gives the OU id);
//! - `AWS::Organizations::Account` (`AccountName`, `Email`, `ParentIds`; `Ref` gives the account
//!   id): an account that already exists is brought into the stack by a resource import (its
//!   identifier is the account id), not created, so the export marks each one
//!   `DeletionPolicy: Retain` and keeps its id in the resource's `Metadata.Rolecall.account`;
//! - `AWS::Organizations::Policy` (`Name`, `Type`, `Content`, `TargetIds`).
//!
//! The root's id is a template parameter, `RootId` (`aws organizations list-roots`): no resource
//! type gives it. AWS attaches `FullAWSAccess` (and `RCPFullAWSAccess`) to the root, every OU and
//! every account by itself (AWS Organizations User Guide, "Service control policies"), and a
//! template cannot create or attach those: the export leaves them out, and the import attaches
//! them everywhere, except where the template's `Metadata.Rolecall.organization.detached` says
//! the scenario detached them (the export writes the `detach-policy` command to run).

use std::collections::BTreeMap;

use rolecall_core::scenario::model::{OrgPolicy, Organization};

use crate::cfn::Template;
use crate::node::Node;
use crate::orgs::OrgPolicyIn;
use crate::world::World;

/// The policies AWS attaches by itself: `(name, is an RCP, document)`.
const BUILTIN: [(&str, bool, &str); 2] = [
    (
        "FullAWSAccess",
        false,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    ),
    (
        "RCPFullAWSAccess",
        true,
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
    ),
];

/// What the organization adds to the management account's template.
#[derive(Debug, Default)]
pub struct OrgTemplate {
    /// `Parameters` members.
    pub parameters: Vec<(String, Node)>,
    /// `Resources` members.
    pub resources: Vec<(String, Node)>,
    /// The `Metadata.Rolecall.organization` object.
    pub metadata: Vec<(String, Node)>,
}

/// A logical id: the prefix and the id's letters and digits.
fn logical(prefix: &str, id: &str) -> String {
    let tail: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("{prefix}{tail}")
}

/// Whether `p` is AWS's own `FullAWSAccess` or `RCPFullAWSAccess` (same name, same document).
pub(crate) fn is_builtin(p: &OrgPolicy, rcp: bool) -> bool {
    let minified = Node::parse_json(&p.document.text).map(|n| n.to_json());
    BUILTIN
        .iter()
        .any(|(name, r, text)| *r == rcp && p.name == *name && minified.as_deref() == Ok(text))
}

/// The organization's resources for the management account's template.
#[must_use]
pub fn export(org: &Organization) -> OrgTemplate {
    let mut out = OrgTemplate::default();
    let root = org
        .accounts
        .iter()
        .find_map(|(_, path)| path.first().cloned())
        .unwrap_or_else(|| "r-root".to_owned());
    out.parameters.push((
        "RootId".into(),
        Node::Object(vec![
            ("Type".into(), Node::text("String")),
            ("Default".into(), Node::text(&root)),
            (
                "Description".into(),
                Node::text("the organization's root id: aws organizations list-roots --query 'Roots[0].Id' --output text"),
            ),
        ]),
    ));
    // The OUs, parents first, and where each scenario id is in the template.
    let mut target_of: BTreeMap<String, Node> = BTreeMap::new();
    target_of.insert(root.clone(), Node::reference("RootId"));
    for (account, path) in org.accounts.iter() {
        let mut parent = Node::reference("RootId");
        for id in path.iter().skip(1) {
            if let Some(existing) = target_of.get(id) {
                parent = existing.clone();
                continue;
            }
            let ou = logical("Ou", id);
            out.resources.push((
                ou.clone(),
                Node::resource(
                    "AWS::Organizations::OrganizationalUnit",
                    vec![("Name".into(), Node::text(id)), ("ParentId".into(), parent)],
                ),
            ));
            parent = Node::reference(&ou);
            target_of.insert(id.clone(), parent.clone());
        }
        target_of.insert(account.to_owned(), Node::text(account));
        if org.management_account.as_deref() == Some(account) {
            continue;
        }
        let email = logical("Email", account);
        out.parameters.push((
            email.clone(),
            Node::Object(vec![
                ("Type".into(), Node::text("String")),
                (
                    "Description".into(),
                    Node::text(&format!("the email address of account {account}: aws organizations describe-account --account-id {account} --query Account.Email --output text")),
                ),
            ]),
        ));
        out.resources.push((
            logical("Account", account),
            Node::Object(vec![
                ("Type".into(), Node::text("AWS::Organizations::Account")),
                ("DeletionPolicy".into(), Node::text("Retain")),
                (
                    "Metadata".into(),
                    Node::Object(vec![(
                        "Rolecall".into(),
                        Node::Object(vec![
                            ("account".into(), Node::text(account)),
                            (
                                "note".into(),
                                Node::text("an existing account: import it into the stack (resource import, AccountId) rather than create it"),
                            ),
                        ]),
                    )]),
                ),
                (
                    "Properties".into(),
                    Node::Object(vec![
                        ("AccountName".into(), Node::text(account)),
                        ("Email".into(), Node::reference(&email)),
                        ("ParentIds".into(), Node::Array(vec![parent])),
                    ]),
                ),
            ]),
        ));
    }
    // The policies: one resource per name and document, attached to every target it has.
    let mut policies: Vec<(String, bool, String, Node, Vec<Node>)> = Vec::new();
    let mut detached = Vec::new();
    for (list, rcp) in [(&org.scps, false), (&org.rcps, true)] {
        for p in list.iter().filter(|p| !is_builtin(p, rcp)) {
            let content = Node::parse_json(&p.document.text).unwrap_or(Node::Object(Vec::new()));
            let target = target_of
                .get(&p.target)
                .cloned()
                .unwrap_or_else(|| Node::text(&p.target));
            match policies
                .iter_mut()
                .find(|(n, r, _, c, _)| *n == p.name && *r == rcp && *c == content)
            {
                Some(existing) => existing.4.push(target),
                None => {
                    let mut name = p.name.clone();
                    let mut n = 2;
                    while policies.iter().any(|(other, ..)| *other == name) {
                        name = format!("{}-{n}", p.name);
                        n += 1;
                    }
                    policies.push((name, rcp, p.name.clone(), content, vec![target]));
                }
            }
        }
        // A level with SCPs of which none is AWS's own: the scenario detached it. (AWS never
        // lets `RCPFullAWSAccess` be detached, and the evaluator keeps it at every level.)
        if rcp {
            continue;
        }
        let (builtin, _) = builtin(rcp);
        let mut levels: Vec<&str> = list.iter().map(|p| p.target.as_str()).collect();
        levels.sort_unstable();
        levels.dedup();
        for level in levels {
            if !list.iter().any(|p| p.target == level && is_builtin(p, rcp)) {
                detached.push(Node::Object(vec![
                    ("policy".into(), Node::text(builtin)),
                    ("target".into(), Node::text(level)),
                    (
                        "command".into(),
                        Node::text(&format!("aws organizations detach-policy --policy-id p-{builtin} --target-id {level}")),
                    ),
                ]));
            }
        }
    }
    for (name, rcp, _, content, targets) in policies {
        out.resources.push((
            logical(if rcp { "Rcp" } else { "Scp" }, &name),
            Node::resource(
                "AWS::Organizations::Policy",
                vec![
                    ("Name".into(), Node::text(&name)),
                    (
                        "Type".into(),
                        Node::text(if rcp {
                            "RESOURCE_CONTROL_POLICY"
                        } else {
                            "SERVICE_CONTROL_POLICY"
                        }),
                    ),
                    ("Description".into(), Node::text("from Rolecall")),
                    ("Content".into(), content),
                    ("TargetIds".into(), Node::Array(targets)),
                ],
            ),
        ));
    }
    if let Some(id) = &org.id {
        out.metadata.push(("id".into(), Node::text(id)));
    }
    if let Some(m) = &org.management_account {
        out.metadata
            .push(("managementAccount".into(), Node::text(m)));
    }
    if !detached.is_empty() {
        out.metadata
            .push(("detached".into(), Node::Array(detached)));
    }
    out
}

/// AWS's own policy of a kind, `(name, document)`: `FullAWSAccess` or `RCPFullAWSAccess`.
#[must_use]
pub fn builtin(rcp: bool) -> (&'static str, &'static str) {
    BUILTIN
        .iter()
        .find(|(_, r, _)| *r == rcp)
        .map_or(("FullAWSAccess", ""), |(name, _, text)| (name, text))
}

/// Whether a template type is one of the organization's.
#[must_use]
pub fn is_org_type(kind: &str) -> bool {
    kind.starts_with("AWS::Organizations::")
}

/// The scenario id of an OU, account or other target written in a template (`{"Ref": OU}` gives
/// the OU's id, which is its `Name` here; `{"Ref": Account}` the account's id).
fn target_id(t: &mut Template<'_>, raw: &Node, ous: &BTreeMap<String, String>) -> Option<String> {
    if let Some(Node::String(name)) = raw.get("Ref") {
        if let Some(id) = ous.get(name) {
            return Some(id.clone());
        }
        if t.kind(name) == "AWS::Organizations::Account" {
            return Some(account_id(t, name));
        }
    }
    t.resolve(raw).as_str().map(str::to_owned)
}

/// The id of an `AWS::Organizations::Account`: kept by `rolecall export` in its
/// `Metadata.Rolecall.account`, else unknown until AWS assigns it (its name stands in, listed).
fn account_id(t: &mut Template<'_>, logical: &str) -> String {
    let kept = t
        .resources
        .get(logical)
        .and_then(|r| r.get("Metadata"))
        .and_then(|m| m.get("Rolecall"))
        .and_then(|r| r.str("account"))
        .map(str::to_owned);
    if let Some(id) = kept {
        return id;
    }
    let name = match t.prop(logical, "AccountName").map(|v| t.resolve(&v)) {
        Some(Node::String(n)) => n,
        _ => logical.to_owned(),
    };
    t.note(format!(
        "`{name}`: the id AWS assigns to the new account `{logical}` (the template cannot know it)"
    ));
    name
}

/// One level of the tree file (`orgs.rs`): its id, policies, accounts and child OUs.
fn level(
    id: &str,
    children: &BTreeMap<String, Vec<String>>,
    accounts: &BTreeMap<String, Vec<String>>,
    attached: &BTreeMap<String, Vec<String>>,
) -> Node {
    let policies = |target: &str| {
        Node::Array(
            attached
                .get(target)
                .map(|list| list.iter().map(|p| Node::text(p)).collect())
                .unwrap_or_default(),
        )
    };
    let members = accounts.get(id).map(Vec::as_slice).unwrap_or_default();
    let ous = children.get(id).map(Vec::as_slice).unwrap_or_default();
    Node::Object(vec![
        ("id".into(), Node::text(id)),
        ("policies".into(), policies(id)),
        (
            "accounts".into(),
            Node::Array(
                members
                    .iter()
                    .map(|a| {
                        Node::Object(vec![
                            ("id".into(), Node::text(a)),
                            ("policies".into(), policies(a)),
                        ])
                    })
                    .collect(),
            ),
        ),
        (
            "children".into(),
            Node::Array(
                ous.iter()
                    .map(|c| level(c, children, accounts, attached))
                    .collect(),
            ),
        ),
    ])
}

/// Reads the organization resources of a template into `world`: the tree (OUs under the root
/// given by `RootId` or any other id, accounts under their `ParentIds`) and the SCPs and RCPs
/// attached by `TargetIds`, through the tree file reader (`orgs::tree`).
pub(crate) fn import(world: &mut World, t: &mut Template<'_>, template: &Node) {
    let logicals: Vec<&str> = t
        .resources
        .keys()
        .copied()
        .filter(|l| is_org_type(t.kind(l)))
        .collect();
    if logicals.is_empty() {
        return;
    }
    let meta = template
        .get("Metadata")
        .and_then(|m| m.get("Rolecall"))
        .and_then(|r| r.get("organization"));
    let of_kind = |kind: &str| -> Vec<&str> {
        logicals
            .iter()
            .copied()
            .filter(|l| t.kind(l) == kind)
            .collect()
    };
    let (ou_logicals, account_logicals, policy_logicals) = (
        of_kind("AWS::Organizations::OrganizationalUnit"),
        of_kind("AWS::Organizations::Account"),
        of_kind("AWS::Organizations::Policy"),
    );
    let mut ous: BTreeMap<String, String> = BTreeMap::new();
    for l in &ou_logicals {
        let id = t.name(l);
        if !id.starts_with("ou-") {
            t.note(format!(
                "`{id}`: the id AWS assigns to the OU `{l}` stands in as its name (the template cannot know it)"
            ));
        }
        ous.insert((*l).to_owned(), id);
    }
    // Each OU's and account's parent; a parent that is no OU of the template is the root.
    let mut parent_of: Vec<(String, String, bool)> = Vec::new();
    for l in &ou_logicals {
        let raw = t.prop(l, "ParentId").unwrap_or(Node::Null);
        if let (Some(id), Some(parent)) = (ous.get(*l).cloned(), target_id(t, &raw, &ous)) {
            parent_of.push((id, parent, false));
        }
    }
    for l in &account_logicals {
        let id = account_id(t, l);
        let raw = t
            .prop(l, "ParentIds")
            .and_then(|p| match p {
                Node::Array(items) => items.into_iter().next(),
                other => Some(other),
            })
            .unwrap_or(Node::Null);
        match target_id(t, &raw, &ous) {
            Some(parent) => parent_of.push((id, parent, true)),
            None => parent_of.push((id, String::new(), true)),
        }
    }
    let ou_ids: Vec<&String> = ous.values().collect();
    let root = parent_of
        .iter()
        .map(|(_, p, _)| p)
        .find(|p| !p.is_empty() && !ou_ids.contains(p))
        .cloned()
        .unwrap_or_else(|| {
            t.resolve(&Node::reference("RootId"))
                .as_str()
                .map_or_else(|| "r-root".to_owned(), str::to_owned)
        });
    let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut accounts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, parent, is_account) in &parent_of {
        let parent = if parent.is_empty() || (!ou_ids.contains(&parent) && *parent != root) {
            root.clone()
        } else {
            parent.clone()
        };
        let list = if *is_account {
            &mut accounts
        } else {
            &mut children
        };
        list.entry(parent).or_default().push(id.clone());
    }
    let management = meta.and_then(|m| m.str("managementAccount"));
    if let Some(m) = management
        && !parent_of.iter().any(|(id, ..)| id == m)
    {
        accounts.entry(root.clone()).or_default().push(m.to_owned());
    }
    // The policies, by their logical id (names may repeat), and where they are attached.
    let mut policies = Vec::new();
    let mut attached: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut kinds = [false, false];
    for l in &policy_logicals {
        let name = match t.prop(l, "Name").map(|v| t.resolve(&v)) {
            Some(Node::String(n)) => n,
            _ => (*l).to_owned(),
        };
        let rcp = match t.prop(l, "Type").map(|v| t.resolve(&v)) {
            Some(Node::String(k)) if k == "SERVICE_CONTROL_POLICY" => false,
            Some(Node::String(k)) if k == "RESOURCE_CONTROL_POLICY" => true,
            other => {
                let kind = other
                    .and_then(|k| k.as_str().map(str::to_owned))
                    .unwrap_or_default();
                world.summary.unresolved.push(format!(
                    "organization policy `{name}` is a `{kind}`, which does not take part in authorization; left out"
                ));
                continue;
            }
        };
        let Some(text) = t.document(l, "Content") else {
            world.summary.unresolved.push(format!(
                "organization policy `{name}`: no readable `Content`; left out"
            ));
            continue;
        };
        if let Some(slot) = kinds.get_mut(usize::from(rcp)) {
            *slot = true;
        }
        let targets = match t.prop(l, "TargetIds") {
            Some(Node::Array(items)) => items,
            Some(other) => vec![other],
            None => Vec::new(),
        };
        for raw in &targets {
            if let Some(target) = target_id(t, raw, &ous) {
                attached.entry(target).or_default().push((*l).to_owned());
            }
        }
        policies.push(OrgPolicyIn::new(l, &name, rcp, text));
    }
    // AWS's own policies, everywhere the scenario did not detach them.
    let detached: Vec<(&str, &str)> = meta
        .map(|m| m.items("detached"))
        .unwrap_or_default()
        .iter()
        .filter_map(|d| Some((d.str("policy")?, d.str("target")?)))
        .collect();
    let mut levels: Vec<String> = vec![root.clone()];
    levels.extend(ous.values().cloned());
    levels.extend(accounts.values().flatten().cloned());
    for rcp in [false, true] {
        let (name, _) = builtin(rcp);
        let used = kinds.get(usize::from(rcp)).copied().unwrap_or(false)
            || detached.iter().any(|(p, _)| *p == name);
        if !used {
            continue;
        }
        for target in &levels {
            if !detached.contains(&(name, target.as_str())) {
                let list = attached.entry(target.clone()).or_default();
                list.insert(0, name.to_owned());
            }
        }
        t.note(format!(
            "`{name}` attached to the root, every OU and every account: AWS attaches it by itself (a template cannot){}",
            if detached.iter().any(|(p, _)| *p == name) {
                ", except where the template's metadata says it was detached"
            } else {
                ""
            }
        ));
    }
    let mut tree = vec![(
        "rolecallOrganizationTree".to_owned(),
        Node::Number("1".into()),
    )];
    if let Some(id) = meta.and_then(|m| m.str("id")) {
        tree.push(("id".into(), Node::text(id)));
    }
    if let Some(m) = management {
        tree.push(("managementAccount".into(), Node::text(m)));
    }
    tree.push(("root".into(), level(&root, &children, &accounts, &attached)));
    crate::orgs::tree(world, &Node::Object(tree), &policies);
}
