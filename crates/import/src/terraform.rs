//! Terraform plans (`terraform show -json plan.out`): `aws_iam_role`, `aws_iam_user`,
//! `aws_iam_group` with their policy and attachment resources (`aws_iam_role_policy`,
//! `aws_iam_user_policy`, `aws_iam_group_policy`, `aws_iam_*_policy_attachment`,
//! `aws_iam_user_group_membership`, `aws_iam_group_membership`), `aws_iam_policy`,
//! `aws_s3_bucket_policy`, `aws_sqs_queue_policy` and `aws_kms_key`.
//!
//! Each resource's planned values are read from `resource_changes[].change.after` (resources
//! being deleted are skipped). A value Terraform knows only after apply (`after_unknown`, such
//! as the ARN of a policy created by the same plan) is found through the configuration's
//! references when it names another resource of the plan, and otherwise becomes a visible
//! placeholder, listed in the summary.

use std::collections::BTreeMap;

use rolecall_core::scenario::arn::account as account_of;

use crate::document::document_text;
use crate::node::Node;
use crate::world::{Summary, World};

struct Plan<'a> {
    /// The account of resources whose ARN the plan does not know yet: the one account the
    /// plan's known ARNs name, else a placeholder.
    account: String,
    /// address → (type, planned values)
    resources: BTreeMap<String, (&'a str, &'a Node)>,
    /// address → the configuration's expressions (root module)
    expressions: BTreeMap<String, &'a Node>,
}

impl Plan<'_> {
    /// The address of the resource an attribute of `address` refers to in the configuration
    /// (`aws_iam_policy.deploy` for `policy_arn = aws_iam_policy.deploy.arn`).
    fn referenced(&self, address: &str, attribute: &str) -> Option<String> {
        let refs = self
            .expressions
            .get(address)?
            .get(attribute)?
            .items("references");
        refs.iter()
            .filter_map(Node::as_str)
            .find(|r| self.resources.contains_key(*r))
            .map(str::to_owned)
    }

    /// The ARN of an IAM resource of the plan: its known `arn`, else built from name and path.
    fn iam_arn(&self, address: &str, world: &mut World) -> Option<String> {
        let (kind, values) = self.resources.get(address)?;
        if let Some(arn) = values.str("arn") {
            return Some(arn.to_owned());
        }
        let segment = match *kind {
            "aws_iam_role" => "role",
            "aws_iam_user" => "user",
            "aws_iam_group" => "group",
            "aws_iam_policy" => "policy",
            _ => return None,
        };
        let path = values.str("path").unwrap_or("/");
        let name = match values.str("name") {
            Some(n) => n.to_owned(),
            None => {
                let n = address.rsplit('.').next().unwrap_or(address).to_owned();
                Summary::push_unique(
                    &mut world.summary.placeholders,
                    format!("`{n}`: the name Terraform generates for `{address}`"),
                );
                n
            }
        };
        let arn = format!("arn:aws:iam::{}:{segment}{path}{name}", self.account);
        let why = if self.account == crate::cfn::ACCOUNT {
            "the account is known only after apply"
        } else {
            "the ARN is known only after apply; the plan's other ARNs name this account"
        };
        Summary::push_unique(&mut world.summary.placeholders, format!("`{arn}`: {why}"));
        Some(arn)
    }

    /// The ARN of the entity named by `attribute` of `address` (a role, user or group name).
    fn entity(
        &self,
        address: &str,
        attribute: &str,
        segment: &str,
        world: &mut World,
    ) -> Option<String> {
        if let Some(target) = self.referenced(address, attribute) {
            return self.iam_arn(&target, world);
        }
        let (_, values) = self.resources.get(address)?;
        let name = values.str(attribute)?;
        if name.starts_with("arn:") {
            return Some(name.to_owned());
        }
        // An entity of the plan with that name, else one outside the plan.
        let existing = self.resources.iter().find(|(_, (k, v))| {
            k.strip_prefix("aws_iam_") == Some(segment) && v.str("name") == Some(name)
        });
        if let Some((a, _)) = existing {
            let a = a.clone();
            return self.iam_arn(&a, world);
        }
        Some(self.named(world, segment, name))
    }

    /// The ARN of the `segment` (`user`, `group`, `role`) named `name` outside the plan: one
    /// the import has read, else that name at path `/` in the plan's account.
    fn named(&self, world: &World, segment: &str, name: &str) -> String {
        world
            .find_by_name(segment, name)
            .into_iter()
            .next()
            .unwrap_or_else(|| format!("arn:aws:iam::{}:{segment}/{name}", self.account))
    }

    fn policy_arn(&self, address: &str, world: &mut World) -> Option<String> {
        if let Some(target) = self.referenced(address, "policy_arn") {
            return self.iam_arn(&target, world);
        }
        let (_, values) = self.resources.get(address)?;
        values.str("policy_arn").map(str::to_owned)
    }
}

fn text(world: &mut World, values: &Node, key: &str, address: &str) -> Option<String> {
    match values.get(key).map(document_text) {
        Some(Ok(t)) => Some(t),
        Some(Err(why)) => {
            world
                .summary
                .unresolved
                .push(format!("`{address}`.{key}: {why}; left out"));
            None
        }
        None => {
            world.summary.unresolved.push(format!(
                "`{address}`.{key} is known only after apply; left out"
            ));
            None
        }
    }
}

/// Reads a plan into `world`.
pub fn plan(world: &mut World, root: &Node) {
    let mut p = Plan {
        account: crate::cfn::ACCOUNT.to_owned(),
        resources: BTreeMap::new(),
        expressions: BTreeMap::new(),
    };
    for change in root.items("resource_changes") {
        let (Some(address), Some(kind)) = (change.str("address"), change.str("type")) else {
            continue;
        };
        let Some(c) = change.get("change") else {
            continue;
        };
        let actions: Vec<&str> = c.items("actions").iter().filter_map(Node::as_str).collect();
        if actions == ["delete"] {
            continue;
        }
        if let Some(after @ Node::Object(_)) = c.get("after") {
            p.resources.insert(address.to_owned(), (kind, after));
        }
    }
    let mut known: Vec<&str> = p
        .resources
        .values()
        .filter_map(|(_, v)| v.str("arn"))
        .filter_map(account_of)
        .collect();
    known.sort_unstable();
    known.dedup();
    if let [one] = known.as_slice() {
        p.account = (*one).to_owned();
    }
    let config = root.get("configuration").and_then(|c| c.get("root_module"));
    for r in config.map_or(&[][..], |m| m.items("resources")) {
        if let (Some(address), Some(e)) = (r.str("address"), r.get("expressions")) {
            p.expressions.insert(address.to_owned(), e);
        }
    }
    let addresses: Vec<(String, &str)> = p
        .resources
        .iter()
        .map(|(a, (k, _))| (a.clone(), *k))
        .collect();
    // Entities and managed policies first, then what refers to them.
    for (address, kind) in &addresses {
        let Some(&(_, values)) = p.resources.get(address) else {
            continue;
        };
        match *kind {
            "aws_iam_role" | "aws_iam_user" | "aws_iam_group" => {
                let Some(arn) = p.iam_arn(address, world) else {
                    continue;
                };
                world.identity(&arn);
                if *kind == "aws_iam_role" {
                    if let Some(t) = text(world, values, "assume_role_policy", address) {
                        world.identity(&arn).trust_policy =
                            Some(rolecall_core::scenario::model::PolicyDocument::object(t));
                    }
                    if let Some(Node::Number(n)) = values.get("max_session_duration") {
                        world.identity(&arn).max_session_duration = n.parse().ok();
                    }
                    for inline in values.items("inline_policy") {
                        if let (Some(name), Some(Ok(t))) =
                            (inline.str("name"), inline.get("policy").map(document_text))
                        {
                            world.inline_policy(&arn, name, t);
                        }
                    }
                    for m in values
                        .items("managed_policy_arns")
                        .iter()
                        .filter_map(Node::as_str)
                    {
                        world.attach(&arn, m);
                    }
                }
                if let Some(b) = values.str("permissions_boundary").filter(|b| !b.is_empty()) {
                    world.boundary(&arn, b);
                }
                for (k, v) in values.get("tags").map(Node::members).unwrap_or(&[]) {
                    if let Some(v) = v.as_str() {
                        world.tag(&arn, k, v);
                    }
                }
            }
            "aws_iam_policy" => {
                let Some(arn) = p.iam_arn(address, world) else {
                    continue;
                };
                if let Some(t) = text(world, values, "policy", address) {
                    world.managed_policy(&arn, t);
                }
            }
            _ => {}
        }
    }
    for (address, kind) in &addresses {
        let Some(&(_, values)) = p.resources.get(address) else {
            continue;
        };
        match *kind {
            "aws_iam_role_policy" | "aws_iam_user_policy" | "aws_iam_group_policy" => {
                let (attribute, segment) = match *kind {
                    "aws_iam_role_policy" => ("role", "role"),
                    "aws_iam_user_policy" => ("user", "user"),
                    _ => ("group", "group"),
                };
                let Some(target) = p.entity(address, attribute, segment, world) else {
                    continue;
                };
                let name = values.str("name").unwrap_or("inline").to_owned();
                if let Some(t) = text(world, values, "policy", address) {
                    world.inline_policy(&target, &name, t);
                }
            }
            "aws_iam_role_policy_attachment"
            | "aws_iam_user_policy_attachment"
            | "aws_iam_group_policy_attachment" => {
                let segment = kind
                    .trim_start_matches("aws_iam_")
                    .split('_')
                    .next()
                    .unwrap_or("role");
                let Some(target) = p.entity(address, segment, segment, world) else {
                    continue;
                };
                match p.policy_arn(address, world) {
                    Some(policy) => world.attach(&target, &policy),
                    None => world.summary.unresolved.push(format!("`{address}`: the policy ARN is known only after apply and names no resource of the plan")),
                }
            }
            "aws_iam_user_group_membership" | "aws_iam_group_membership" => {
                // One entity and a list naming the other side: a user's `groups`, or a
                // group's `users`.
                let (entity, list, other) = match *kind {
                    "aws_iam_user_group_membership" => ("user", "groups", "group"),
                    _ => ("group", "users", "user"),
                };
                let Some(arn) = p.entity(address, entity, entity, world) else {
                    continue;
                };
                for name in values.items(list).iter().filter_map(Node::as_str) {
                    let member = p.named(world, other, name);
                    let (user, group) = if entity == "user" {
                        (&arn, &member)
                    } else {
                        (&member, &arn)
                    };
                    world.membership(user, group);
                }
            }
            "aws_s3_bucket_policy" => {
                let bucket = match p
                    .referenced(address, "bucket")
                    .and_then(|b| p.resources.get(&b).and_then(|(_, v)| v.str("bucket")))
                {
                    Some(b) => Some(b.to_owned()),
                    None => values.str("bucket").map(str::to_owned),
                };
                let Some(bucket) = bucket else {
                    world.summary.unresolved.push(format!(
                        "`{address}`: the bucket is known only after apply; left out"
                    ));
                    continue;
                };
                if let Some(t) = text(world, values, "policy", address) {
                    world.resource_policy(&format!("arn:aws:s3:::{bucket}"), None, t);
                }
            }
            "aws_sqs_queue_policy" => {
                let arn = values
                    .str("queue_url")
                    .and_then(crate::cfn::queue_arn)
                    .or_else(|| {
                        let q = p.referenced(address, "queue_url")?;
                        let (_, v) = p.resources.get(&q)?;
                        let name = v.str("name")?;
                        Some(format!("arn:aws:sqs:us-east-1:{}:{name}", p.account))
                    });
                let Some(arn) = arn else {
                    world.summary.unresolved.push(format!(
                        "`{address}`: the queue is known only after apply; left out"
                    ));
                    continue;
                };
                if account_of(&arn) == Some(crate::cfn::ACCOUNT) {
                    Summary::push_unique(
                        &mut world.summary.placeholders,
                        format!("`{arn}`: region and account are known only after apply"),
                    );
                }
                if let Some(t) = text(world, values, "policy", address) {
                    world.resource_policy(&arn, None, t);
                }
            }
            "aws_kms_key" => {
                let arn = match values.str("arn") {
                    Some(a) => a.to_owned(),
                    None => {
                        let name = address.rsplit('.').next().unwrap_or(address);
                        let arn = format!("arn:aws:kms:us-east-1:{}:key/{name}", p.account);
                        Summary::push_unique(
                            &mut world.summary.placeholders,
                            format!("`{arn}`: the key id is known only after apply"),
                        );
                        arn
                    }
                };
                if let Some(t) = text(world, values, "policy", address) {
                    world.resource_policy(&arn, None, t);
                }
            }
            _ => {}
        }
    }
    Summary::push_unique(
        &mut world.summary.missing,
        "a plan holds only the resources of this configuration: policies and roles created elsewhere, and SCPs, are not in it".to_owned(),
    );
}
