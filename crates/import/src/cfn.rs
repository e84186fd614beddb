//! CloudFormation templates (JSON or YAML): `AWS::IAM::Role`, `User`, `Group`,
//! `ManagedPolicy`, `Policy`, `InstanceProfile`, the bucket, queue, topic and key policies
//! (`AWS::S3::BucketPolicy`, `AWS::SQS::QueuePolicy`, `AWS::SNS::TopicPolicy`,
//! `AWS::KMS::Key`'s `KeyPolicy`), and the organization's OUs, accounts, SCPs and RCPs
//! (`AWS::Organizations::*`, read by `cfn_org.rs`).
//!
//! Intrinsic functions are resolved the way CloudFormation would, as far as a template alone
//! allows: `Ref` and `Fn::GetAtt` of a resource give its name or ARN (built from its name
//! property, or from its logical id when CloudFormation would generate the name), `Fn::Sub` and
//! `Fn::Join` are applied, parameters take their `Default`. What a template cannot know
//! (the account id, the region, a generated name, a parameter without default) becomes a
//! visible placeholder, and every placeholder is listed in the summary.

use rolecall_core::diagnostic::backticked;
use std::collections::BTreeMap;

use crate::node::Node;
use crate::world::{Summary, World};

/// The placeholder account id of `AWS::AccountId` (AWS's documentation example account).
pub const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";

pub(crate) struct Template<'a> {
    pub(crate) resources: BTreeMap<&'a str, &'a Node>,
    parameters: BTreeMap<&'a str, &'a Node>,
    account: String,
    placeholders: Vec<String>,
}

impl Template<'_> {
    pub(crate) fn note(&mut self, line: String) {
        Summary::push_unique(&mut self.placeholders, line);
    }

    pub(crate) fn kind(&self, logical: &str) -> &str {
        self.resources
            .get(logical)
            .and_then(|r| r.str("Type"))
            .unwrap_or("")
    }

    pub(crate) fn prop(&self, logical: &str, key: &str) -> Option<Node> {
        self.resources
            .get(logical)
            .and_then(|r| r.get("Properties"))
            .and_then(|p| p.get(key))
            .cloned()
    }

    /// The physical name of a resource: its name property, resolved, else its logical id
    /// (CloudFormation would generate a name; listed as a placeholder).
    pub(crate) fn name(&mut self, logical: &str) -> String {
        let key = match self.kind(logical) {
            "AWS::IAM::Role" => "RoleName",
            "AWS::IAM::User" => "UserName",
            "AWS::IAM::Group" => "GroupName",
            "AWS::IAM::ManagedPolicy" => "ManagedPolicyName",
            "AWS::IAM::InstanceProfile" => "InstanceProfileName",
            "AWS::S3::Bucket" => "BucketName",
            "AWS::SQS::Queue" => "QueueName",
            "AWS::SNS::Topic" => "TopicName",
            "AWS::Lambda::Function" => "FunctionName",
            "AWS::Organizations::OrganizationalUnit" => "Name",
            _ => "",
        };
        if let Some(value) = self.prop(logical, key) {
            let resolved = self.resolve(&value);
            if let Node::String(s) = resolved {
                return s;
            }
        }
        let name = if self.kind(logical) == "AWS::S3::Bucket" {
            logical.to_ascii_lowercase()
        } else {
            logical.to_owned()
        };
        self.note(format!(
            "`{name}`: the name CloudFormation generates for `{logical}` (the template sets none)"
        ));
        name
    }

    fn path(&mut self, logical: &str) -> String {
        match self.prop(logical, "Path").map(|p| self.resolve(&p)) {
            Some(Node::String(p)) if p.starts_with('/') && p.ends_with('/') => p,
            _ => "/".to_owned(),
        }
    }

    /// The ARN of a resource of the template.
    fn arn(&mut self, logical: &str) -> String {
        let account = self.account.clone();
        let name = self.name(logical);
        match self.kind(logical).to_owned().as_str() {
            "AWS::IAM::Role" => format!("arn:aws:iam::{account}:role{}{name}", self.path(logical)),
            "AWS::IAM::User" => format!("arn:aws:iam::{account}:user{}{name}", self.path(logical)),
            "AWS::IAM::Group" => {
                format!("arn:aws:iam::{account}:group{}{name}", self.path(logical))
            }
            "AWS::IAM::ManagedPolicy" => {
                format!("arn:aws:iam::{account}:policy{}{name}", self.path(logical))
            }
            "AWS::IAM::InstanceProfile" => format!(
                "arn:aws:iam::{account}:instance-profile{}{name}",
                self.path(logical)
            ),
            "AWS::S3::Bucket" => format!("arn:aws:s3:::{name}"),
            "AWS::SQS::Queue" => format!("arn:aws:sqs:{REGION}:{account}:{name}"),
            "AWS::SNS::Topic" => format!("arn:aws:sns:{REGION}:{account}:{name}"),
            "AWS::KMS::Key" => format!("arn:aws:kms:{REGION}:{account}:key/{name}"),
            "AWS::Lambda::Function" => format!("arn:aws:lambda:{REGION}:{account}:function:{name}"),
            other => {
                let arn = format!("arn:aws:cloudformation:{REGION}:{account}:resource/{logical}");
                self.note(format!(
                    "`{arn}`: the ARN of `{logical}` ({other}) is not known to the import"
                ));
                arn
            }
        }
    }

    /// `Ref` of a name: a pseudo parameter, a parameter, or a resource.
    fn reference(&mut self, name: &str) -> Node {
        let pseudo = match name {
            "AWS::AccountId" => Some(self.account.clone()),
            "AWS::Region" => Some(REGION.to_owned()),
            "AWS::Partition" => Some("aws".to_owned()),
            "AWS::URLSuffix" => Some("amazonaws.com".to_owned()),
            "AWS::StackName" => Some("stack".to_owned()),
            "AWS::StackId" => Some(format!(
                "arn:aws:cloudformation:{REGION}:{}:stack/stack/id",
                self.account
            )),
            _ => None,
        };
        if let Some(value) = pseudo {
            if name != "AWS::Partition" && name != "AWS::URLSuffix" {
                self.note(format!("`{name}` → `{value}`"));
            }
            return Node::String(value);
        }
        if let Some(param) = self.parameters.get(name).copied() {
            return match param.get("Default") {
                Some(Node::String(d)) => {
                    self.note(format!("parameter `{name}` → its default `{d}`"));
                    Node::String(d.clone())
                }
                Some(Node::Number(d)) => Node::String(d.clone()),
                Some(list @ Node::Array(_)) => list.clone(),
                _ => {
                    let value = format!("{name}-placeholder");
                    self.note(format!("parameter `{name}` has no default → `{value}`"));
                    Node::String(value)
                }
            };
        }
        if self.resources.contains_key(name) {
            return Node::String(match self.kind(name) {
                "AWS::IAM::ManagedPolicy" | "AWS::SNS::Topic" => self.arn(name),
                "AWS::SQS::Queue" => {
                    let queue = self.name(name);
                    format!(
                        "https://sqs.{REGION}.amazonaws.com/{}/{queue}",
                        self.account
                    )
                }
                _ => self.name(name),
            });
        }
        let value = format!("{name}-placeholder");
        self.note(format!(
            "`Ref` to `{name}`, which the template does not define → `{value}`"
        ));
        Node::String(value)
    }

    fn get_att(&mut self, logical: &str, attribute: &str) -> Node {
        if self.resources.contains_key(logical) {
            if attribute == "Arn" || attribute == "TopicArn" {
                return Node::String(self.arn(logical));
            }
            if attribute == "QueueName" || attribute == "RoleId" || attribute == "KeyId" {
                return Node::String(self.name(logical));
            }
        }
        let value = format!("{logical}.{attribute}-placeholder");
        self.note(format!("`Fn::GetAtt` `{logical}.{attribute}` → `{value}`"));
        Node::String(value)
    }

    fn sub(&mut self, template: &str, vars: &[(String, Node)]) -> Node {
        let mut out = String::new();
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            out.push_str(rest.get(..start).unwrap_or(""));
            let after = rest.get(start + 2..).unwrap_or("");
            let Some(end) = after.find('}') else {
                out.push_str(rest.get(start..).unwrap_or(""));
                rest = "";
                break;
            };
            let var = after.get(..end).unwrap_or("");
            rest = after.get(end + 1..).unwrap_or("");
            if let Some(literal) = var.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
                continue;
            }
            let value = match vars.iter().find(|(k, _)| k == var) {
                Some((_, v)) => self.resolve(v),
                None => match var.split_once('.') {
                    Some((logical, attribute)) if !var.starts_with("AWS::") => {
                        self.get_att(logical, attribute)
                    }
                    _ => self.reference(var),
                },
            };
            match value {
                Node::String(s) => out.push_str(&s),
                other => out.push_str(&other.to_json()),
            }
        }
        out.push_str(rest);
        Node::String(out)
    }

    /// Resolves every intrinsic function in `node`.
    pub(crate) fn resolve(&mut self, node: &Node) -> Node {
        match node {
            Node::Object(members) if members.len() == 1 => {
                let Some((key, value)) = members.first() else {
                    return node.clone();
                };
                match (key.as_str(), value) {
                    ("Ref", Node::String(name)) => self.reference(name),
                    ("Fn::GetAtt", Node::Array(parts)) => match parts.as_slice() {
                        [Node::String(l), Node::String(a)] => self.get_att(l, a),
                        _ => self.unsupported(key),
                    },
                    ("Fn::GetAtt", Node::String(s)) => match s.split_once('.') {
                        Some((l, a)) => self.get_att(l, a),
                        None => self.unsupported(key),
                    },
                    ("Fn::Sub", Node::String(s)) => self.sub(s, &[]),
                    ("Fn::Sub", Node::Array(parts)) => match parts.as_slice() {
                        [Node::String(s), vars] => {
                            let vars = vars.members().to_vec();
                            self.sub(s, &vars)
                        }
                        _ => self.unsupported(key),
                    },
                    ("Fn::Join", Node::Array(parts)) => match parts.as_slice() {
                        [Node::String(sep), list] => {
                            let list = self.resolve(list);
                            let items: Vec<String> = match &list {
                                Node::Array(items) => items
                                    .iter()
                                    .map(|i| match i {
                                        Node::String(s) => s.clone(),
                                        other => other.to_json(),
                                    })
                                    .collect(),
                                other => vec![other.to_json()],
                            };
                            Node::String(items.join(sep))
                        }
                        _ => self.unsupported(key),
                    },
                    (k, _) if k.starts_with("Fn::") || k == "Condition" => self.unsupported(key),
                    _ => Node::Object(vec![(key.clone(), self.resolve(value))]),
                }
            }
            Node::Object(members) => Node::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), self.resolve(v)))
                    .collect(),
            ),
            Node::Array(items) => Node::Array(
                items
                    .iter()
                    .map(|i| self.resolve(i))
                    .filter(|i| *i != Node::String("AWS::NoValue".to_owned()))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn unsupported(&mut self, function: &str) -> Node {
        let value = format!("{function}-placeholder");
        self.note(format!(
            "`{function}` is not evaluated by the import → `{value}`"
        ));
        Node::String(value)
    }

    fn strings(&mut self, logical: &str, key: &str) -> Vec<String> {
        let Some(value) = self.prop(logical, key) else {
            return Vec::new();
        };
        match self.resolve(&value) {
            Node::Array(items) => items
                .iter()
                .filter_map(Node::as_str)
                .map(str::to_owned)
                .collect(),
            Node::String(s) => vec![s],
            _ => Vec::new(),
        }
    }

    pub(crate) fn document(&mut self, logical: &str, key: &str) -> Option<String> {
        let value = self.prop(logical, key)?;
        crate::document::document_text(&self.resolve(&value)).ok()
    }
}

/// The ARN of an IAM entity named (or referred to) in a property list: a name of this template
/// or of the account.
fn entity_arn(t: &mut Template<'_>, kind: &str, name: &str) -> String {
    if name.starts_with("arn:") {
        return name.to_owned();
    }
    let account = t.account.clone();
    format!("arn:aws:iam::{account}:{kind}/{name}")
}

/// The members of the template's `key` section (`Resources`, `Parameters`) by logical id.
fn section<'a>(root: &'a Node, key: &str) -> BTreeMap<&'a str, &'a Node> {
    root.get(key)
        .map(Node::members)
        .unwrap_or(&[])
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .collect()
}

/// Reads a template into `world`.
pub fn template(world: &mut World, root: &Node, account: Option<&str>) {
    let mut t = Template {
        resources: section(root, "Resources"),
        parameters: section(root, "Parameters"),
        // A template written by `rolecall export` says which account it builds.
        account: account
            .or_else(|| {
                root.get("Metadata")
                    .and_then(|m| m.get("Rolecall"))
                    .and_then(|r| r.str("account"))
            })
            .unwrap_or(ACCOUNT)
            .to_owned(),
        placeholders: Vec::new(),
    };
    let logicals: Vec<&str> = t.resources.keys().copied().collect();
    for logical in logicals {
        let kind = t.kind(logical).to_owned();
        match kind.as_str() {
            "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
                let arn = t.arn(logical);
                world.identity(&arn);
                if kind == "AWS::IAM::Role" {
                    if let Some(text) = t.document(logical, "AssumeRolePolicyDocument") {
                        world.identity(&arn).trust_policy =
                            Some(rolecall_core::scenario::model::PolicyDocument::object(text));
                    }
                    if let Some(Node::Number(n)) =
                        t.prop(logical, "MaxSessionDuration").map(|v| t.resolve(&v))
                    {
                        world.identity(&arn).max_session_duration = n.parse().ok();
                    }
                }
                let policies = t.prop(logical, "Policies").map(|p| t.resolve(&p));
                for p in policies.as_ref().map_or(&[][..], |p| match p {
                    Node::Array(items) => items.as_slice(),
                    _ => &[],
                }) {
                    let name = p.str("PolicyName").unwrap_or("inline");
                    if let Some(Ok(text)) =
                        p.get("PolicyDocument").map(crate::document::document_text)
                    {
                        world.inline_policy(&arn, name, text);
                    }
                }
                for policy in t.strings(logical, "ManagedPolicyArns") {
                    world.attach(&arn, &policy);
                }
                if let Some(Node::String(b)) = t
                    .prop(logical, "PermissionsBoundary")
                    .map(|v| t.resolve(&v))
                {
                    world.boundary(&arn, &b);
                }
                if let Some(Node::Array(tags)) = t.prop(logical, "Tags").map(|v| t.resolve(&v)) {
                    for (k, v) in crate::world::tag_list(&tags).0 {
                        world.tag(&arn, &k, &v);
                    }
                }
                if kind == "AWS::IAM::User" {
                    for group in t.strings(logical, "Groups") {
                        let group = entity_arn(&mut t, "group", &group);
                        world.membership(&arn, &group);
                    }
                }
            }
            "AWS::IAM::ManagedPolicy" | "AWS::IAM::Policy" => {
                let managed = kind == "AWS::IAM::ManagedPolicy";
                let policy_arn = managed.then(|| t.arn(logical));
                let name = match t.prop(logical, "PolicyName").map(|v| t.resolve(&v)) {
                    Some(Node::String(n)) => n,
                    _ => logical.to_owned(),
                };
                let Some(text) = t.document(logical, "PolicyDocument") else {
                    world.summary.unresolved.push(format!(
                        "`{logical}`: no readable `PolicyDocument`; left out"
                    ));
                    continue;
                };
                if let Some(policy_arn) = &policy_arn {
                    world.managed_policy(policy_arn, text.clone());
                }
                for (key, entity) in [("Roles", "role"), ("Users", "user"), ("Groups", "group")] {
                    for target in t.strings(logical, key) {
                        let target = entity_arn(&mut t, entity, &target);
                        match &policy_arn {
                            Some(policy_arn) => world.attach(&target, policy_arn),
                            None => world.inline_policy(&target, &name, text.clone()),
                        }
                    }
                }
            }
            "AWS::IAM::InstanceProfile" => {
                let roles = t.strings(logical, "Roles");
                let name = t.name(logical);
                world.notes.push(format!(
                    "- instance profile `{name}`: roles {}",
                    backticked(&roles)
                ));
                world
                    .summary
                    .counts
                    .entry("instance profiles")
                    .and_modify(|n| *n += 1)
                    .or_insert(1);
            }
            "AWS::S3::BucketPolicy" => {
                let bucket = t.strings(logical, "Bucket");
                if let (Some(bucket), Some(text)) =
                    (bucket.first(), t.document(logical, "PolicyDocument"))
                {
                    let arn = if bucket.starts_with("arn:") {
                        bucket.clone()
                    } else {
                        format!("arn:aws:s3:::{bucket}")
                    };
                    let account = t.account.clone();
                    world.resource_policy(&arn, Some(&account), text);
                }
            }
            "AWS::SQS::QueuePolicy" | "AWS::SNS::TopicPolicy" => {
                let key = if kind == "AWS::SQS::QueuePolicy" {
                    "Queues"
                } else {
                    "Topics"
                };
                let targets = t.strings(logical, key);
                if let Some(text) = t.document(logical, "PolicyDocument") {
                    for target in targets {
                        let arn = queue_arn(&target).unwrap_or(target);
                        world.resource_policy(&arn, None, text.clone());
                    }
                }
            }
            "AWS::KMS::Key" => {
                let arn = t.arn(logical);
                if let Some(text) = t.document(logical, "KeyPolicy") {
                    world.resource_policy(&arn, None, text);
                }
            }
            _ => {}
        }
    }
    crate::cfn_org::import(world, &mut t, root);
    for line in std::mem::take(&mut t.placeholders) {
        Summary::push_unique(&mut world.summary.placeholders, line);
    }
    Summary::push_unique(
        &mut world.summary.missing,
        "a template holds only what it creates: roles, users and policies already in the account, and SCPs not in an organization template, are not in it".to_owned(),
    );
}

/// The ARN of an SQS queue from its URL (`https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`).
#[must_use]
pub fn queue_arn(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://sqs.")?;
    let (host, path) = rest.split_once('/')?;
    let region = host.split('.').next()?;
    let (account, name) = path.split_once('/')?;
    Some(format!("arn:aws:sqs:{region}:{account}:{name}"))
}
