//! One CloudFormation template per account.

use std::collections::BTreeMap;

use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::model::PolicyDocument;

use crate::export::shared::{Account, accounts, boundary_policy_name, parts};
use crate::node::Node;

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
