//! IAM outputs: `aws iam get-account-authorization-details` (whole or filtered) and the
//! single-object outputs `get-role`, `get-user`, `get-group`, `get-policy`,
//! `get-policy-version`, `get-role-policy`, `get-user-policy`, `get-group-policy`.
//!
//! Field names are those of the IAM API Reference (`GetAccountAuthorizationDetails`:
//! `UserDetailList`, `GroupDetailList`, `RoleDetailList`, `Policies`; `RoleDetail`,
//! `UserDetail`, `GroupDetail`, `ManagedPolicyDetail`, `PolicyVersion`).

use crate::document::document_text;
use crate::node::Node;
use crate::world::{Summary, World};
use rolecall_core::diagnostic::backticked;
use rolecall_core::matching::Arn;

/// Reports a document that could not be read (`place: why; left out` in the summary's
/// unresolved list), and returns its text when it could. Every import module reads its policy
/// documents through it.
pub(crate) fn doc(world: &mut World, value: Option<&Node>, place: &str) -> Option<String> {
    let value = value?;
    match document_text(value) {
        Ok(text) => Some(text),
        Err(why) => {
            world
                .summary
                .unresolved
                .push(format!("{place}: {why}; left out"));
            None
        }
    }
}

/// The ARN of a group named `name` in the account of `user_arn` (a user's `GroupList` names
/// groups without their path): the group of the input with that name, else path `/`.
fn group_arn(world: &World, user_arn: &str, name: &str) -> String {
    let (partition, account) =
        Arn::parse(user_arn).map_or(("aws", ""), |a| (a.partition, a.account));
    world
        .find_by_name("group", name)
        .into_iter()
        .find(|g| Arn::parse(g).is_some_and(|a| a.account == account))
        .unwrap_or_else(|| format!("arn:{partition}:iam::{account}:group/{name}"))
}

fn common(world: &mut World, arn: &str, item: &Node) {
    if let Some(id) = item.str("UserId").or_else(|| item.str("RoleId")) {
        world.identity(arn).id = Some(id.to_owned());
    }
    for (name_key, list_key) in [
        ("PolicyName", "UserPolicyList"),
        ("PolicyName", "RolePolicyList"),
        ("PolicyName", "GroupPolicyList"),
    ] {
        for p in item.items(list_key) {
            let name = p.str(name_key).unwrap_or("inline");
            if let Some(text) = doc(
                world,
                p.get("PolicyDocument"),
                &format!("inline policy `{name}` of `{arn}`"),
            ) {
                world.inline_policy(arn, name, text);
            }
        }
    }
    for p in item.items("AttachedManagedPolicies") {
        if let Some(policy) = p.str("PolicyArn") {
            world.attach(arn, policy);
        }
    }
    if let Some(b) = item
        .get("PermissionsBoundary")
        .and_then(|b| b.str("PermissionsBoundaryArn"))
    {
        world.boundary(arn, b);
    }
    for t in item.items("Tags") {
        if let Some(key) = t.str("Key") {
            world.tag(arn, key, t.str("Value").unwrap_or(""));
        }
    }
}

fn role(world: &mut World, item: &Node) {
    let Some(arn) = item.str("Arn") else {
        return;
    };
    world.identity(arn);
    if let Some(text) = doc(
        world,
        item.get("AssumeRolePolicyDocument"),
        &format!("trust policy of `{arn}`"),
    ) {
        world.identity(arn).trust_policy =
            Some(rolecall_core::scenario::model::PolicyDocument::object(text));
    }
    if let Some(Node::Number(n)) = item.get("MaxSessionDuration") {
        world.identity(arn).max_session_duration = n.parse().ok();
    }
    common(world, arn, item);
    let profiles: Vec<&str> = item
        .items("InstanceProfileList")
        .iter()
        .filter_map(|p| p.str("InstanceProfileName"))
        .collect();
    let last_used = item.get("RoleLastUsed").and_then(|r| r.str("LastUsedDate"));
    if !profiles.is_empty() || last_used.is_some() {
        world.notes.push(format!(
            "- `{arn}`: instance profiles {}; last used {}",
            if profiles.is_empty() {
                "none".to_owned()
            } else {
                backticked(&profiles)
            },
            last_used.unwrap_or("never (or not reported)")
        ));
    }
}

fn user(world: &mut World, item: &Node) {
    let Some(arn) = item.str("Arn") else {
        return;
    };
    world.identity(arn);
    common(world, arn, item);
    for g in item.items("GroupList") {
        if let Some(name) = g.as_str() {
            let group = group_arn(world, arn, name);
            world.membership(arn, &group);
        }
    }
}

fn group(world: &mut World, item: &Node) {
    let Some(arn) = item.str("Arn") else {
        return;
    };
    world.identity(arn);
    common(world, arn, item);
}

/// A managed policy detail: its default version's document (the other versions are counted
/// and left out: a scenario holds the policy in force).
fn managed(world: &mut World, item: &Node) {
    let Some(arn) = item.str("Arn") else {
        return;
    };
    let default = item.str("DefaultVersionId");
    let versions = item.items("PolicyVersionList");
    let chosen = versions
        .iter()
        .find(|v| matches!(v.get("IsDefaultVersion"), Some(Node::Bool(true))))
        .or_else(|| versions.iter().find(|v| v.str("VersionId") == default));
    if versions.len() > 1 {
        let line = "non-default policy versions are left out: a scenario holds each policy's default version".to_owned();
        Summary::push_unique(&mut world.summary.notes, line);
    }
    match chosen.and_then(|v| doc(world, v.get("Document"), &format!("managed policy `{arn}`"))) {
        Some(text) => world.managed_policy(arn, text),
        None if !rolecall_core::managed::is_aws_managed(arn) => world.summary.unresolved.push(
            format!("managed policy `{arn}`: no default version document in the input"),
        ),
        None => {}
    }
}

/// `get-account-authorization-details`: every list it has.
pub fn authorization_details(world: &mut World, root: &Node) {
    // Groups first, so that users' `GroupList` names find their group's path.
    for item in root.items("GroupDetailList") {
        group(world, item);
    }
    for item in root.items("UserDetailList") {
        user(world, item);
    }
    for item in root.items("RoleDetailList") {
        role(world, item);
    }
    for item in root.items("Policies") {
        managed(world, item);
    }
    let missing = "an account export has no resource policies (bucket, key, queue policies), SCPs or RCPs: add them (`aws s3api get-bucket-policy`, `aws organizations describe-policy`...) to ask cross-account or organization questions";
    Summary::push_unique(&mut world.summary.missing, missing.to_owned());
    for (list, what) in [
        ("UserDetailList", "users"),
        ("GroupDetailList", "groups"),
        ("RoleDetailList", "roles"),
        ("Policies", "managed policies"),
    ] {
        if !root.has(list) {
            Summary::push_unique(
                &mut world.summary.missing,
                format!(
                    "this export was filtered: it has no {what} (`--filter` left out `{list}`)"
                ),
            );
        }
    }
}

/// `get-role`, `get-user`, `get-group` (with its `Users`).
pub fn get_entity(world: &mut World, root: &Node) {
    if let Some(r) = root.get("Role") {
        role(world, r);
        Summary::push_unique(&mut world.summary.missing, "`get-role` has no permission policies: add `get-role-policy` and `list-attached-role-policies` outputs, or use `get-account-authorization-details`".to_owned());
    }
    if let Some(u) = root.get("User") {
        user(world, u);
        Summary::push_unique(&mut world.summary.missing, "`get-user` has no policies or groups: use `get-account-authorization-details` for the whole picture".to_owned());
    }
    if let Some(g) = root.get("Group") {
        group(world, g);
        if let Some(group_arn) = g.str("Arn") {
            for u in root.items("Users") {
                if let Some(user_arn) = u.str("Arn") {
                    world.identity(user_arn);
                    world.membership(user_arn, group_arn);
                }
            }
        }
    }
}

/// `get-role-policy`, `get-user-policy`, `get-group-policy`: the output names the entity but
/// not its account; the entity of the input with that name is used, else a placeholder ARN.
pub fn inline_output(world: &mut World, root: &Node, account: &str) {
    let (kind, name) = match (
        root.str("RoleName"),
        root.str("UserName"),
        root.str("GroupName"),
    ) {
        (Some(n), _, _) => ("role", n),
        (_, Some(n), _) => ("user", n),
        (_, _, Some(n)) => ("group", n),
        _ => return,
    };
    let policy = root.str("PolicyName").unwrap_or("inline");
    let arn = match world.find_by_name(kind, name).first() {
        Some(arn) => arn.clone(),
        None => {
            let arn = format!("arn:aws:iam::{account}:{kind}/{name}");
            Summary::push_unique(
                &mut world.summary.placeholders,
                format!("`{arn}`: the output names the {kind} but not its account or path"),
            );
            arn
        }
    };
    if let Some(text) = doc(
        world,
        root.get("PolicyDocument"),
        &format!("inline policy `{policy}` of `{arn}`"),
    ) {
        world.inline_policy(&arn, policy, text);
    }
}

/// A policy named by `get-policy` (`{"Policy": {"Arn", "DefaultVersionId", ...}}`).
#[derive(Clone, Debug)]
pub struct PolicyHeader {
    /// The policy ARN.
    pub arn: String,
    /// Its default version id.
    pub default_version: Option<String>,
}

/// Reads a `get-policy` output.
#[must_use]
pub fn policy_header(root: &Node) -> Option<PolicyHeader> {
    let p = root.get("Policy")?;
    Some(PolicyHeader {
        arn: p.str("Arn")?.to_owned(),
        default_version: p.str("DefaultVersionId").map(str::to_owned),
    })
}

/// Pairs `get-policy-version` outputs (which carry no ARN) with the `get-policy` outputs of
/// the same import: by default version id when that is unambiguous, else in input order.
pub fn pair_versions(world: &mut World, headers: &[PolicyHeader], versions: &[(String, Node)]) {
    let mut used = vec![false; headers.len()];
    for (file, version) in versions {
        let Some(v) = version.get("PolicyVersion") else {
            continue;
        };
        let id = v.str("VersionId");
        let candidates: Vec<usize> = (0..headers.len())
            .filter(|&i| !used.get(i).copied().unwrap_or(true))
            .filter(|&i| headers.get(i).and_then(|h| h.default_version.as_deref()) == id)
            .collect();
        let chosen = match candidates.as_slice() {
            [one] => Some(*one),
            _ => (0..headers.len()).find(|&i| !used.get(i).copied().unwrap_or(true)),
        };
        let Some(i) = chosen else {
            world.summary.unresolved.push(format!(
                "{file}: a policy version without a `get-policy` output naming its policy; left out"
            ));
            continue;
        };
        if let Some(u) = used.get_mut(i) {
            *u = true;
        }
        let Some(header) = headers.get(i) else {
            continue;
        };
        if let Some(text) = doc(
            world,
            v.get("Document"),
            &format!("managed policy `{}`", header.arn),
        ) {
            world.managed_policy(&header.arn, text);
        }
    }
    for (i, header) in headers.iter().enumerate() {
        if !used.get(i).copied().unwrap_or(true)
            && !rolecall_core::managed::is_aws_managed(&header.arn)
        {
            world.summary.unresolved.push(format!(
                "managed policy `{}`: `get-policy` has no document; add `aws iam get-policy-version --policy-arn {} --version-id {}`",
                header.arn,
                header.arn,
                header.default_version.as_deref().unwrap_or("v1")
            ));
        }
    }
}
