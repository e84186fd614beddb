//! Scenario → what builds it in a sandbox AWS account: an AWS CLI script (the seed 002 way:
//! `aws iam create-user`, `create-role --assume-role-policy-document`, `put-role-policy`,
//! `attach-role-policy`, `create-group`, `add-user-to-group`, `put-bucket-policy`...) or one
//! CloudFormation template per account. A trainer deploys a workshop scenario and compares
//! Rolecall's answers with real AWS.
//!
//! What AWS cannot take from a scenario is said in comments (script) or `Metadata` (template):
//! unique ids are assigned by AWS, a permissions boundary must be a managed policy (an inline
//! one is created as a managed policy first), resources are not created, only their policies
//! set, and SCPs need the organization's management account.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rolecall_core::matching::Arn;
use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::model::{
    Identity, NamedDocument, Organization, PolicyDocument, Resource,
};

use crate::node::Node;

/// Where an IAM ARN puts things: `(account, kind, path, name)`.
fn parts(arn: &str) -> Option<(&str, &str, String, &str)> {
    let Arn {
        account, resource, ..
    } = Arn::parse(arn)?;
    let (kind, rest) = resource.split_once('/')?;
    let (path, name) = match rest.rsplit_once('/') {
        Some((path, name)) => (format!("/{path}/"), name),
        None => ("/".to_owned(), rest),
    };
    Some((account, kind, path, name))
}

/// A document's JSON text, minified with its key order kept (a string form is parsed).
fn json(document: &PolicyDocument) -> String {
    Node::parse_json(&document.text).map_or_else(|_| document.text.clone(), |n| n.to_json())
}

/// Single-quotes `text` for a POSIX shell.
fn sh(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// What the exports write of one account.
#[derive(Debug, Default)]
struct Account<'s> {
    /// Its identities, in scenario order.
    identities: Vec<&'s Identity>,
    /// Its resources that have a resource-based policy, with the policy, in scenario order
    /// (the exports create no resource, only their policies).
    policies: Vec<(&'s Resource, &'s PolicyDocument)>,
}

/// Each account that has an identity or a resource, with what the exports write of it.
fn accounts(scenario: &Scenario) -> BTreeMap<String, Account<'_>> {
    let mut out: BTreeMap<String, Account<'_>> = BTreeMap::new();
    for identity in &scenario.identities {
        if let Some((account, ..)) = parts(&identity.arn) {
            out.entry(account.to_owned())
                .or_default()
                .identities
                .push(identity);
        }
    }
    for r in &scenario.resources {
        let account = r
            .account
            .clone()
            .or_else(|| {
                r.arn
                    .split(':')
                    .nth(4)
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "unknown".to_owned());
        let entry = out.entry(account).or_default();
        if let Some(policy) = &r.policy {
            entry.policies.push((r, policy));
        }
    }
    out
}

/// The customer managed policy name an inline boundary is created under.
fn boundary_policy_name(identity: &Identity, boundary: &NamedDocument) -> String {
    let owner = parts(&identity.arn).map_or("entity", |p| p.3);
    format!("{owner}-{}", boundary.name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(*c))
        .collect()
}

/// `text` with each ASCII letter and digit put through `case` and every other character
/// replaced by `separator`: the shell variables here and the page's file names.
#[must_use]
pub fn slug(text: &str, separator: char, case: fn(&char) -> char) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                case(&c)
            } else {
                separator
            }
        })
        .collect()
}

/// A shell variable name for the id `id` AWS assigns (`OU_OU_A1B2_PROD`, `POLICY_DENYREGIONS`).
fn shell_var(prefix: &str, id: &str) -> String {
    format!("{prefix}_{}", slug(id, '_', char::to_ascii_uppercase))
}

/// The organization part of the script: the tree, then the SCPs and RCPs attached where the
/// scenario attaches them. AWS assigns the root, OU and policy ids ("AWS Organizations API
/// Reference": `ListRoots`, `CreateOrganizationalUnit`, `CreatePolicy`), so the script keeps
/// them in shell variables; an OU is named after its scenario id. The member accounts must
/// already be in the organization: `describe-account` stops the script (`set -eu`) when one is
/// not.
fn organization(org: &Organization, out: &mut String) {
    let management = org
        .management_account
        .as_deref()
        .unwrap_or("the management account");
    let _ = writeln!(
        out,
        "\n# ---- organization: run in {management} (all features enabled) ----"
    );
    out.push_str("ROOT=$(aws organizations list-roots --query 'Roots[0].Id' --output text)\n");
    let mut vars: BTreeMap<&str, String> = BTreeMap::new();
    for (account, path) in org.accounts.iter() {
        let _ = writeln!(
            out,
            "aws organizations describe-account --account-id {account} --query Account.Id --output text"
        );
        let mut parent = "ROOT".to_owned();
        for (depth, id) in path.iter().enumerate() {
            if depth == 0 {
                vars.insert(id, "ROOT".to_owned());
                continue;
            }
            let var = match vars.get(id.as_str()) {
                Some(var) => var.clone(),
                None => {
                    let var = shell_var("OU", id);
                    let _ = writeln!(
                        out,
                        "{var}=$(aws organizations create-organizational-unit --parent-id \"${parent}\" --name {} --query OrganizationalUnit.Id --output text)",
                        sh(id)
                    );
                    vars.insert(id, var.clone());
                    var
                }
            };
            parent = var;
        }
        if parent != "ROOT" {
            let _ = writeln!(
                out,
                "aws organizations move-account --account-id {account} --source-parent-id \"$ROOT\" --destination-parent-id \"${parent}\""
            );
        }
    }
    // A policy attached in several places is created once (AWS refuses a second policy of the
    // same name); two different policies of the same name get a numbered name. AWS's own
    // `FullAWSAccess` and `RCPFullAWSAccess` exist in every organization (policy ids
    // `p-FullAWSAccess`, `p-RCPFullAWSAccess`) and are attached by AWS to the root, every OU and
    // every account ("Service control policies (SCPs)", "Resource control policies (RCPs)", AWS
    // Organizations User Guide): `create-policy` of that name is refused
    // (`DuplicatePolicyException`), so the script uses the existing policy, and their names are
    // taken for any other policy.
    let mut created: BTreeMap<String, (String, String)> = BTreeMap::new();
    for rcp in [false, true] {
        let (name, text) = crate::cfn_org::builtin(rcp);
        created.insert(
            name.to_owned(),
            (format!("p-{name}"), format!("{}{text}", org_kind(rcp))),
        );
    }
    for (list, rcp) in [(&org.scps, false), (&org.rcps, true)] {
        let kind = org_kind(rcp);
        for p in list {
            let target = vars
                .get(p.target.as_str())
                .map_or_else(|| p.target.clone(), |v| format!("\"${v}\""));
            if crate::cfn_org::is_builtin(p, rcp) {
                let (name, _) = crate::cfn_org::builtin(rcp);
                if rcp {
                    // Never detached: AWS does not allow it.
                    let _ = writeln!(
                        out,
                        "# {name} (p-{name}) is attached to {} by AWS, and cannot be detached",
                        p.target
                    );
                } else {
                    // Attached by AWS already, unless someone detached it from this target.
                    let _ = writeln!(
                        out,
                        "if [ -z \"$(aws organizations list-policies-for-target --target-id {target} --filter {kind} --query \"Policies[?Id=='p-{name}'].Id\" --output text)\" ]; then aws organizations attach-policy --policy-id p-{name} --target-id {target}; fi"
                    );
                }
                continue;
            }
            let content = json(&p.document);
            let mut name = p.name.clone();
            let mut n = 2;
            while created
                .get(&name)
                .is_some_and(|(_, c)| *c != format!("{kind}{content}"))
            {
                name = format!("{}-{n}", p.name);
                n += 1;
            }
            let id = match created.get(&name) {
                Some((id, _)) => id.clone(),
                None => {
                    let var = shell_var("POLICY", &name);
                    let _ = writeln!(
                        out,
                        "{var}=$(aws organizations create-policy --type {kind} --name {} --description 'from Rolecall' --content {} --query Policy.PolicySummary.Id --output text)",
                        sh(&name),
                        sh(&content)
                    );
                    let id = format!("\"${var}\"");
                    created.insert(name, (id.clone(), format!("{kind}{content}")));
                    id
                }
            };
            let _ = writeln!(
                out,
                "aws organizations attach-policy --policy-id {id} --target-id {target}"
            );
        }
    }
    // A level with SCPs of which none is `FullAWSAccess`: the scenario has it detached there
    // (the evaluator gives `FullAWSAccess` only to a level without any SCP). AWS detaches it
    // only once another SCP is attached ("Every root, OU, and account must have at least one SCP
    // attached", DetachPolicy, AWS Organizations API Reference): after the attachments above.
    let mut seen = std::collections::BTreeSet::new();
    for level in org.scps.iter().map(|p| p.target.as_str()) {
        if !seen.insert(level)
            || org
                .scps
                .iter()
                .any(|p| p.target == level && crate::cfn_org::is_builtin(p, false))
        {
            continue;
        }
        let target = vars
            .get(level)
            .map_or_else(|| level.to_owned(), |v| format!("\"${v}\""));
        let _ = writeln!(
            out,
            "aws organizations detach-policy --policy-id p-FullAWSAccess --target-id {target}"
        );
    }
}

/// The `--type` of an organization policy.
const fn org_kind(rcp: bool) -> &'static str {
    if rcp {
        "RESOURCE_CONTROL_POLICY"
    } else {
        "SERVICE_CONTROL_POLICY"
    }
}

/// The AWS CLI script that builds the scenario's accounts.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::load;
/// let scenario = load(r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/alice",
///   "policies": [{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]}], "requests": []}"#).scenario.unwrap();
/// let script = rolecall_import::export::aws_cli(&scenario);
/// assert!(script.contains("aws iam create-user --user-name alice --path /"));
/// assert!(script.contains("aws iam attach-user-policy --user-name alice --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess"));
/// ```
#[must_use]
pub fn aws_cli(scenario: &Scenario) -> String {
    let mut out = String::from("#!/bin/sh\n");
    let title = scenario.title.as_deref().unwrap_or("a Rolecall scenario");
    let _ = writeln!(
        out,
        "# Builds the accounts of {title:?} in a sandbox, with the AWS CLI."
    );
    out.push_str("# Written by `rolecall export --format aws-cli`. Run each account's part with credentials\n# of that account (AWS_PROFILE). AWS assigns the unique ids (AIDA..., AROA...).\nset -eu\n");
    for (
        account,
        Account {
            identities,
            policies,
        },
    ) in accounts(scenario)
    {
        let _ = writeln!(out, "\n# ---- account {account} ----");
        // Customer managed policies of this account first: attachments name them by ARN.
        for def in &scenario.managed_policies {
            if let Some((a, _, path, name)) = parts(&def.arn)
                && a == account
            {
                let _ = writeln!(
                    out,
                    "aws iam create-policy --policy-name {name} --path {path} --policy-document {}",
                    sh(&json(&def.document))
                );
            }
        }
        let ordered = identities
            .iter()
            .filter(|i| parts(&i.arn).is_some_and(|p| p.1 == "group"))
            .chain(
                identities
                    .iter()
                    .filter(|i| parts(&i.arn).is_some_and(|p| p.1 != "group")),
            );
        for identity in ordered {
            let Some((_, kind, path, name)) = parts(&identity.arn) else {
                continue;
            };
            let flag = match kind {
                "user" => "--user-name",
                "role" => "--role-name",
                _ => "--group-name",
            };
            let mut create = format!("aws iam create-{kind} {flag} {name} --path {path}");
            if kind == "role" {
                if let Some(trust) = &identity.trust_policy {
                    let _ = write!(
                        create,
                        " --assume-role-policy-document {}",
                        sh(&json(trust))
                    );
                }
                if let Some(d) = identity.max_session_duration {
                    let _ = write!(create, " --max-session-duration {d}");
                }
            }
            if !identity.tags.is_empty() && kind != "group" {
                create.push_str(" --tags");
                for (k, v) in identity.tags.iter() {
                    let _ = write!(create, " {}", sh(&format!("Key={k},Value={v}")));
                }
            }
            if let Some(b) = &identity.permissions_boundary {
                let arn = match b.document.reference_arn() {
                    Some(arn) => arn.to_owned(),
                    None => {
                        let policy = boundary_policy_name(identity, b);
                        let _ = writeln!(
                            out,
                            "# A permissions boundary is a managed policy: create the inline one as `{policy}`."
                        );
                        let _ = writeln!(
                            out,
                            "aws iam create-policy --policy-name {policy} --policy-document {}",
                            sh(&json(&b.document))
                        );
                        format!("arn:aws:iam::{account}:policy/{policy}")
                    }
                };
                let _ = write!(create, " --permissions-boundary {arn}");
            }
            let _ = writeln!(out, "{create}");
            for group in &identity.groups {
                if let Some((_, _, _, g)) = parts(group) {
                    let _ = writeln!(
                        out,
                        "aws iam add-user-to-group --user-name {name} --group-name {g}"
                    );
                }
            }
            for p in &identity.policies {
                match p.document.reference_arn() {
                    Some(arn) => {
                        let _ = writeln!(
                            out,
                            "aws iam attach-{kind}-policy {flag} {name} --policy-arn {arn}"
                        );
                    }
                    None => {
                        let _ = writeln!(
                            out,
                            "aws iam put-{kind}-policy {flag} {name} --policy-name {} --policy-document {}",
                            sh(&p.name),
                            sh(&json(&p.document))
                        );
                    }
                }
            }
        }
        for &(r, policy) in &policies {
            let text = sh(&json(policy));
            let service = r.arn.split(':').nth(2).unwrap_or("");
            let last = r.arn.rsplit([':', '/']).next().unwrap_or("");
            match service {
                "s3" => {
                    let _ = writeln!(
                        out,
                        "aws s3api put-bucket-policy --bucket {last} --policy {text}"
                    );
                }
                "kms" => {
                    let _ = writeln!(
                        out,
                        "aws kms put-key-policy --key-id {} --policy-name default --policy {text}",
                        r.arn
                    );
                }
                "sqs" => {
                    let region = r.arn.split(':').nth(3).unwrap_or("us-east-1");
                    let attributes = sh(&serde_json::json!({"Policy": json(policy)}).to_string());
                    let _ = writeln!(
                        out,
                        "aws sqs set-queue-attributes --queue-url https://sqs.{region}.amazonaws.com/{account}/{last} --attributes {attributes}"
                    );
                }
                "sns" => {
                    let _ = writeln!(
                        out,
                        "aws sns set-topic-attributes --topic-arn {} --attribute-name Policy --attribute-value {text}",
                        r.arn
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "# {}: set this resource policy with the service's own command:\n# {text}",
                        r.arn
                    );
                }
            }
        }
    }
    if let Some(org) = &scenario.organization {
        organization(org, &mut out);
    }
    out
}

/// One CloudFormation template (JSON) per account: `(account, template)`. Customer managed
/// policies, groups, users and roles become IAM resources; resource policies become
/// `AWS::S3::BucketPolicy`, `AWS::SQS::QueuePolicy`, `AWS::SNS::TopicPolicy` or a new
/// `AWS::KMS::Key` with that key policy. The account id is kept in `Metadata.Rolecall.account`,
/// which `rolecall import` reads back. The organization (OUs, member accounts, SCPs and RCPs)
/// goes into the management account's template (`cfn_org.rs`).
#[must_use]
pub fn cloudformation(scenario: &Scenario) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut all = accounts(scenario);
    // The organization goes into its management account's template (the first account of the
    // organization's when the scenario names no management account).
    let org_home = scenario.organization.as_ref().map(|org| {
        org.management_account
            .clone()
            .or_else(|| org.accounts.iter().next().map(|(a, _)| a.to_owned()))
            .unwrap_or_else(|| "organization".to_owned())
    });
    if let Some(home) = &org_home {
        all.entry(home.clone()).or_default();
    }
    for (
        account,
        Account {
            identities,
            policies,
        },
    ) in all
    {
        let mut res: Vec<(String, Node)> = Vec::new();
        let mut parameters: Vec<(String, Node)> = Vec::new();
        let mut rolecall = vec![("account".to_owned(), Node::text(&account))];
        let mut logical_of: BTreeMap<String, String> = BTreeMap::new();
        let logical = |prefix: &str, name: &str, used: &mut Vec<(String, Node)>| {
            let base: String = format!("{prefix}{name}")
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let mut id = base.clone();
            let mut n = 2;
            while used.iter().any(|(k, _)| *k == id) {
                id = format!("{base}{n}");
                n += 1;
            }
            id
        };
        let doc =
            |d: &PolicyDocument| Node::parse_json(&d.text).unwrap_or(Node::Object(Vec::new()));
        for def in &scenario.managed_policies {
            let Some((a, _, path, name)) = parts(&def.arn) else {
                continue;
            };
            if a != account {
                continue;
            }
            let id = logical("Policy", name, &mut res);
            logical_of.insert(def.arn.clone(), id.clone());
            res.push((
                id,
                Node::resource(
                    "AWS::IAM::ManagedPolicy",
                    vec![
                        ("ManagedPolicyName".into(), Node::text(name)),
                        ("Path".into(), Node::text(&path)),
                        ("PolicyDocument".into(), doc(&def.document)),
                    ],
                ),
            ));
        }
        let policy_ref =
            |arn: &str, logical_of: &BTreeMap<String, String>| match logical_of.get(arn) {
                Some(id) => Node::reference(id),
                None => Node::text(arn),
            };
        for identity in &identities {
            let Some((_, kind, path, name)) = parts(&identity.arn) else {
                continue;
            };
            let (type_name, name_key, prefix) = match kind {
                "user" => ("AWS::IAM::User", "UserName", "User"),
                "role" => ("AWS::IAM::Role", "RoleName", "Role"),
                _ => ("AWS::IAM::Group", "GroupName", "Group"),
            };
            let id = logical(prefix, name, &mut res);
            logical_of.insert(identity.arn.clone(), id.clone());
            let mut props: Vec<(String, Node)> = vec![
                (name_key.into(), Node::text(name)),
                ("Path".into(), Node::text(&path)),
            ];
            if let Some(trust) = &identity.trust_policy {
                props.push(("AssumeRolePolicyDocument".into(), doc(trust)));
            }
            if let Some(d) = identity.max_session_duration {
                props.push(("MaxSessionDuration".into(), Node::Number(d.to_string())));
            }
            let inline: Vec<Node> = identity
                .policies
                .iter()
                .filter(|p| p.document.reference.is_none())
                .map(|p| {
                    Node::Object(vec![
                        ("PolicyName".into(), Node::text(&p.name)),
                        ("PolicyDocument".into(), doc(&p.document)),
                    ])
                })
                .collect();
            if !inline.is_empty() {
                props.push(("Policies".into(), Node::Array(inline)));
            }
            let managed: Vec<Node> = identity
                .policies
                .iter()
                .filter_map(|p| p.document.reference_arn())
                .map(|a| policy_ref(a, &logical_of))
                .collect();
            if !managed.is_empty() {
                props.push(("ManagedPolicyArns".into(), Node::Array(managed)));
            }
            if let Some(b) = &identity.permissions_boundary {
                let value = match b.document.reference_arn() {
                    Some(arn) => policy_ref(arn, &logical_of),
                    None => {
                        let policy = boundary_policy_name(identity, b);
                        let pid = logical("Policy", &policy, &mut res);
                        res.push((
                            pid.clone(),
                            Node::resource(
                                "AWS::IAM::ManagedPolicy",
                                vec![
                                    ("ManagedPolicyName".into(), Node::text(&policy)),
                                    ("PolicyDocument".into(), doc(&b.document)),
                                ],
                            ),
                        ));
                        Node::reference(&pid)
                    }
                };
                props.push(("PermissionsBoundary".into(), value));
            }
            if !identity.groups.is_empty() {
                let groups = identity
                    .groups
                    .iter()
                    .map(|g| match logical_of.get(g) {
                        Some(id) => Node::reference(id),
                        None => Node::text(parts(g).map_or(g.as_str(), |p| p.3)),
                    })
                    .collect();
                props.push(("Groups".into(), Node::Array(groups)));
            }
            if !identity.tags.is_empty() && kind != "group" {
                let tags = identity
                    .tags
                    .iter()
                    .map(|(k, v)| {
                        Node::Object(vec![
                            ("Key".into(), Node::text(k)),
                            ("Value".into(), Node::text(v)),
                        ])
                    })
                    .collect();
                props.push(("Tags".into(), Node::Array(tags)));
            }
            res.push((id, Node::resource(type_name, props)));
        }
        for &(r, policy) in &policies {
            let service = r.arn.split(':').nth(2).unwrap_or("");
            let last = r.arn.rsplit([':', '/']).next().unwrap_or("resource");
            let (type_name, props): (&str, Vec<(String, Node)>) = match service {
                "s3" => (
                    "AWS::S3::BucketPolicy",
                    vec![
                        ("Bucket".into(), Node::text(last)),
                        ("PolicyDocument".into(), doc(policy)),
                    ],
                ),
                "sqs" => {
                    let region = r.arn.split(':').nth(3).unwrap_or("us-east-1");
                    (
                        "AWS::SQS::QueuePolicy",
                        vec![
                            (
                                "Queues".into(),
                                Node::Array(vec![Node::text(&format!(
                                    "https://sqs.{region}.amazonaws.com/{account}/{last}"
                                ))]),
                            ),
                            ("PolicyDocument".into(), doc(policy)),
                        ],
                    )
                }
                "sns" => (
                    "AWS::SNS::TopicPolicy",
                    vec![
                        ("Topics".into(), Node::Array(vec![Node::text(&r.arn)])),
                        ("PolicyDocument".into(), doc(policy)),
                    ],
                ),
                "kms" => ("AWS::KMS::Key", vec![("KeyPolicy".into(), doc(policy))]),
                _ => continue,
            };
            let id = logical(
                if service == "kms" { "Key" } else { "Policy" },
                last,
                &mut res,
            );
            res.push((id, Node::resource(type_name, props)));
        }
        if let (Some(org), true) = (
            &scenario.organization,
            org_home.as_deref() == Some(account.as_str()),
        ) {
            let org = crate::cfn_org::export(org);
            parameters.extend(org.parameters);
            res.extend(org.resources);
            rolecall.push(("organization".into(), Node::Object(org.metadata)));
        }
        let mut template = vec![
            ("AWSTemplateFormatVersion".into(), Node::text("2010-09-09")),
            (
                "Description".into(),
                Node::text(&format!(
                    "{} (account {account}), written by rolecall export",
                    scenario.title.as_deref().unwrap_or("Rolecall scenario")
                )),
            ),
            (
                "Metadata".into(),
                Node::Object(vec![("Rolecall".into(), Node::Object(rolecall))]),
            ),
        ];
        if !parameters.is_empty() {
            template.push(("Parameters".into(), Node::Object(parameters)));
        }
        template.push(("Resources".into(), Node::Object(res)));
        let template = Node::Object(template);
        out.push((
            account,
            rolecall_core::scenario::text::pretty(&template.to_json()),
        ));
    }
    out
}
