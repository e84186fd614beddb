//! The organization tree from the AWS CLI's listing outputs:
//!
//! | output | what it gives |
//! |---|---|
//! | `aws organizations list-roots` | the root, the organization id and the management account (from its ARN) |
//! | `aws organizations list-organizational-units-for-parent --parent-id ID` | the OUs under `ID` |
//! | `aws organizations list-accounts-for-parent --parent-id ID` | the accounts under `ID` |
//! | `aws organizations list-policies-for-target --target-id ID --filter ...` | the SCPs or RCPs attached to `ID` |
//! | `aws organizations list-targets-for-policy --policy-id ID` | where policy `ID` is attached |
//!
//! Except for `list-roots`, an output does not name the id it was asked about (AWS
//! Organizations API Reference: the responses of `ListAccountsForParent`,
//! `ListOrganizationalUnitsForParent`, `ListPoliciesForTarget` and `ListTargetsForPolicy` carry
//! only the listed items). So that id is read from the file name, as a part between dots
//! (`accounts.ou-a1b2-11111111.json`, `r-a1b2.ous.json`), or from a top-level `ParentId`,
//! `TargetId` or `PolicyId` member the user adds. An output without it is listed in the
//! summary, never guessed.
//!
//! The listings are turned into the tree file of [`crate::orgs`] and read by the same code, so
//! both ways give the same scenario.

use std::collections::{BTreeMap, BTreeSet};

use rolecall_core::matching::{Arn, is_account_id};

use crate::node::Node;
use crate::world::{Summary, World};

/// What kind of listing an output is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listing {
    /// `list-roots`.
    Roots,
    /// `list-organizational-units-for-parent`.
    Units,
    /// `list-accounts-for-parent`.
    Accounts,
    /// `list-policies-for-target`.
    PoliciesForTarget,
    /// `list-targets-for-policy`.
    TargetsForPolicy,
}

impl Listing {
    /// The listing `root` is, if it is one.
    #[must_use]
    pub fn of(root: &Node) -> Option<Self> {
        let array = |key: &str| matches!(root.get(key), Some(Node::Array(_)));
        if array("Roots") {
            Some(Self::Roots)
        } else if array("OrganizationalUnits") {
            Some(Self::Units)
        } else if array("Accounts") {
            Some(Self::Accounts)
        } else if array("Targets") {
            Some(Self::TargetsForPolicy)
        } else if array("Policies")
            && root.items("Policies").iter().all(|p| {
                p.str("Type").is_some_and(|t| t.ends_with("_POLICY")) && !p.has("PolicyVersionList")
            })
            && !root.items("Policies").is_empty()
        {
            Some(Self::PoliciesForTarget)
        } else {
            None
        }
    }

    /// Which id the output was asked about, and the command option that gives it.
    const fn subject(self) -> (&'static str, &'static str) {
        match self {
            Self::Roots => ("", ""),
            Self::Units | Self::Accounts => ("ParentId", "--parent-id"),
            Self::PoliciesForTarget => ("TargetId", "--target-id"),
            Self::TargetsForPolicy => ("PolicyId", "--policy-id"),
        }
    }
}

/// Whether `s` is a root id (`r-` and 4 to 32 lowercase letters or digits).
fn is_root_id(s: &str) -> bool {
    s.strip_prefix("r-")
        .is_some_and(|rest| (4..=32).contains(&rest.len()) && lower_alnum(rest))
}

/// Whether `s` is an OU id (`ou-`, the root's 4 to 32 characters, `-`, 8 to 32 more).
fn is_ou_id(s: &str) -> bool {
    s.strip_prefix("ou-")
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(root, own)| {
            (4..=32).contains(&root.len())
                && (8..=32).contains(&own.len())
                && lower_alnum(root)
                && lower_alnum(own)
        })
}

fn is_policy_id(s: &str) -> bool {
    s.strip_prefix("p-").is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

fn lower_alnum(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The id a listing was asked about: its `ParentId`/`TargetId`/`PolicyId` member, else the one
/// part of the file name (between dots, slashes or spaces) that has the shape of such an id.
fn subject_id(listing: Listing, name: &str, root: &Node) -> Option<String> {
    let (member, _) = listing.subject();
    if let Some(id) = root.str(member) {
        return Some(id.to_owned());
    }
    let fits = |part: &&str| match listing {
        Listing::Units | Listing::Accounts => is_root_id(part) || is_ou_id(part),
        Listing::PoliciesForTarget => is_root_id(part) || is_ou_id(part) || is_account_id(part),
        Listing::TargetsForPolicy => is_policy_id(part),
        Listing::Roots => false,
    };
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let ids: BTreeSet<&str> = file.split(['.', ' ', ',', '=']).filter(fits).collect();
    match ids.len() {
        1 => ids.into_iter().next().map(str::to_owned),
        _ => None,
    }
}

/// The tree being put together from the listings.
#[derive(Debug, Default)]
struct Parts {
    org_id: Option<String>,
    management: Option<String>,
    roots: Vec<String>,
    /// parent → its OUs `(id, name)`.
    units: BTreeMap<String, Vec<(String, String)>>,
    /// parent → its accounts.
    accounts: BTreeMap<String, Vec<String>>,
    /// target → the policies (id or name) attached to it.
    policies: BTreeMap<String, Vec<String>>,
}

/// The organization id and management account in an Organizations ARN
/// (`arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-...`).
fn from_arn(arn: &str) -> (Option<String>, Option<String>) {
    let Some(arn) = Arn::parse(arn) else {
        return (None, None);
    };
    let account = Some(arn.account)
        .filter(|a| is_account_id(a))
        .map(str::to_owned);
    let org = arn
        .resource
        .split('/')
        .nth(1)
        .filter(|o| o.starts_with("o-"))
        .map(str::to_owned);
    (org, account)
}

impl Parts {
    fn learn_arn(&mut self, item: &Node) {
        if let Some(arn) = item.str("Arn") {
            let (org, account) = from_arn(arn);
            if self.org_id.is_none() {
                self.org_id = org;
            }
            if self.management.is_none() {
                self.management = account;
            }
        }
    }

    fn add(&mut self, world: &mut World, name: &str, listing: Listing, root: &Node) {
        let key = match listing {
            Listing::Roots => "Roots",
            Listing::Units => "OrganizationalUnits",
            Listing::Accounts => "Accounts",
            Listing::PoliciesForTarget => "Policies",
            Listing::TargetsForPolicy => "Targets",
        };
        let items = root.items(key);
        for item in items {
            self.learn_arn(item);
        }
        if listing == Listing::Roots {
            for id in items.iter().filter_map(|r| r.str("Id")) {
                Summary::push_unique(&mut self.roots, id.to_owned());
            }
            return;
        }
        let Some(subject) = subject_id(listing, name, root) else {
            let (member, option) = listing.subject();
            world.summary.unresolved.push(format!(
                "`{name}`: the output does not say which id it lists ({option} of the command); put that id in the file name between dots (for example `accounts.ou-a1b2-11111111.json`) or add a top-level `\"{member}\"`; left out"
            ));
            return;
        };
        for item in items {
            let Some(id) = item.str("Id").or_else(|| item.str("TargetId")) else {
                continue;
            };
            match listing {
                Listing::Units => {
                    let list = self.units.entry(subject.clone()).or_default();
                    if !list.iter().any(|(i, _)| i == id) {
                        list.push((id.to_owned(), item.str("Name").unwrap_or("").to_owned()));
                    }
                }
                Listing::Accounts => {
                    Summary::push_unique(
                        self.accounts.entry(subject.clone()).or_default(),
                        id.to_owned(),
                    );
                }
                Listing::PoliciesForTarget => {
                    Summary::push_unique(
                        self.policies.entry(subject.clone()).or_default(),
                        id.to_owned(),
                    );
                }
                Listing::TargetsForPolicy => {
                    Summary::push_unique(
                        self.policies.entry(id.to_owned()).or_default(),
                        subject.clone(),
                    );
                }
                Listing::Roots => {}
            }
        }
    }

    /// The root: the one `list-roots` gave, else the one every parent id and OU id points to.
    fn root_id(&self) -> Option<String> {
        if let Some(root) = self.roots.first() {
            return Some(root.clone());
        }
        let mut candidates: BTreeSet<String> = BTreeSet::new();
        for parent in self.units.keys().chain(self.accounts.keys()) {
            if is_root_id(parent) {
                candidates.insert(parent.clone());
            } else if let Some(rest) = parent.strip_prefix("ou-")
                && let Some((root, _)) = rest.split_once('-')
            {
                // An OU id starts with the id of its root (AWS Organizations API Reference,
                // `OrganizationalUnit.Id`).
                candidates.insert(format!("r-{root}"));
            }
        }
        match candidates.len() {
            1 => candidates.into_iter().next(),
            _ => None,
        }
    }

    /// The tree node of `id` with everything below it; `seen` stops a cycle.
    fn node(&self, id: &str, name: &str, seen: &mut BTreeSet<String>) -> Node {
        seen.insert(id.to_owned());
        let strings =
            |items: &[String]| Node::Array(items.iter().map(|s| Node::String(s.clone())).collect());
        let no_policies = Vec::new();
        let accounts = self
            .accounts
            .get(id)
            .map(|list| {
                list.iter()
                    .map(|a| {
                        Node::Object(vec![
                            ("id".to_owned(), Node::String(a.clone())),
                            (
                                "policies".to_owned(),
                                strings(self.policies.get(a).unwrap_or(&no_policies)),
                            ),
                        ])
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut children = Vec::new();
        for (child, child_name) in self.units.get(id).into_iter().flatten() {
            if !seen.contains(child) {
                children.push(self.node(child, child_name, seen));
            }
        }
        Node::Object(vec![
            ("id".to_owned(), Node::text(id)),
            ("name".to_owned(), Node::text(name)),
            (
                "policies".to_owned(),
                strings(self.policies.get(id).unwrap_or(&no_policies)),
            ),
            ("accounts".to_owned(), Node::Array(accounts)),
            ("children".to_owned(), Node::Array(children)),
        ])
    }
}

/// The organization tree file ([`crate::orgs`]) the listings make, or `None` (with the reason
/// in the summary) when they do not say where the root is.
pub fn tree_file(world: &mut World, listings: &[(&str, Listing, &Node)]) -> Option<Node> {
    let mut parts = Parts::default();
    for (name, listing, root) in listings {
        parts.add(world, name, *listing, root);
    }
    let Some(root_id) = parts.root_id() else {
        world.summary.unresolved.push(
            "organization listings: no `list-roots` output and no single root the parent ids point to; add `aws organizations list-roots` to place the accounts"
                .to_owned(),
        );
        return None;
    };
    let mut seen = BTreeSet::new();
    let root = parts.node(&root_id, "Root", &mut seen);
    for parent in parts.units.keys().chain(parts.accounts.keys()) {
        if !seen.contains(parent) {
            Summary::push_unique(
                &mut world.summary.unresolved,
                format!(
                    "organization listing of `{parent}`: no listing places `{parent}` under the root `{root_id}` (add the `list-organizational-units-for-parent` output of its parent); its accounts are left out"
                ),
            );
        }
    }
    let mut file = vec![(
        "rolecallOrganizationTree".to_owned(),
        Node::Number("1".to_owned()),
    )];
    if let Some(id) = parts.org_id {
        file.push(("id".to_owned(), Node::String(id)));
    }
    if let Some(account) = parts.management {
        file.push(("managementAccount".to_owned(), Node::String(account)));
    }
    file.push(("root".to_owned(), root));
    Some(Node::Object(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_shapes_of_the_organizations_api_reference() {
        for (id, root, ou, account, policy) in [
            ("r-a1b2", true, false, false, false),
            ("ou-a1b2-11111111", false, true, false, false),
            ("111111111111", false, false, true, false),
            ("p-examplescp1", false, false, false, true),
            ("p-FullAWSAccess", false, false, false, true),
            ("r-A1B2", false, false, false, false),
            ("ou-a1b2-1111", false, false, false, false),
            ("accounts", false, false, false, false),
        ] {
            assert_eq!(is_root_id(id), root, "{id}");
            assert_eq!(is_ou_id(id), ou, "{id}");
            assert_eq!(is_account_id(id), account, "{id}");
            assert_eq!(is_policy_id(id), policy, "{id}");
        }
    }

    #[test]
    fn the_subject_comes_from_a_member_or_from_one_part_of_the_file_name() {
        let empty = Node::Object(Vec::new());
        let with = Node::Object(vec![(
            "ParentId".to_owned(),
            Node::String("r-zz99".to_owned()),
        )]);
        for (listing, name, root, want) in [
            (
                Listing::Accounts,
                "org/accounts.ou-a1b2-11111111.json",
                &empty,
                Some("ou-a1b2-11111111"),
            ),
            (Listing::Accounts, "r-a1b2.json", &empty, Some("r-a1b2")),
            (Listing::Accounts, "accounts-for-parent.json", &empty, None),
            (Listing::Accounts, "r-a1b2.r-c3d4.json", &empty, None),
            (Listing::Accounts, "whatever.json", &with, Some("r-zz99")),
            (
                Listing::PoliciesForTarget,
                "scps.222222222222.json",
                &empty,
                Some("222222222222"),
            ),
            (
                Listing::TargetsForPolicy,
                "targets.p-examplescp1.json",
                &empty,
                Some("p-examplescp1"),
            ),
        ] {
            assert_eq!(subject_id(listing, name, root).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn the_management_account_and_organization_come_from_an_arn() {
        assert_eq!(
            from_arn("arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/r-a1b2"),
            (
                Some("o-a1b2c3d4e5".to_owned()),
                Some("111111111111".to_owned())
            )
        );
    }
}
