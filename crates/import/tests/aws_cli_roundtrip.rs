//! `rolecall export --format aws-cli` round-trips through the importer: the script is run
//! against a small in-memory stand-in for the sandbox accounts (each `aws iam ...`,
//! `s3api put-bucket-policy` and `sqs set-queue-attributes` command changes it as the IAM API
//! Reference says that action does), the accounts are read back the way a trainer would
//! (`aws iam get-account-authorization-details`, `aws s3api get-bucket-policy`,
//! `aws sqs get-queue-attributes`), imported, and every request of the original scenario is
//! decided the same way.
//!
//! Left out of the comparison, and said: organizations (the script's SCP part needs the
//! management account), KMS keys and SNS topics (AWS assigns a new key id; the original
//! resource entries are kept), and resources without a policy (the script does not create
//! resources).

#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails loudly on a script or scenario it cannot read"
)]

use std::collections::BTreeMap;

use rolecall_core::managed::ManagedPolicies;
use rolecall_core::scenario::examples::EXAMPLES;
use rolecall_core::scenario::{Scenario, evaluate_scenario, load_with, to_json};
use rolecall_import::{Input, export, import};
use serde_json::{Value, json};

fn aws() -> ManagedPolicies {
    ManagedPolicies::parse(include_str!("../../core/data/managed-policies.json")).unwrap()
}

/// The words of one shell line, as `sh` splits them (single quotes, `'\''`, no expansions).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    let mut escaped = false;
    for c in line.chars() {
        if escaped {
            word.push(c);
            escaped = false;
            continue;
        }
        match (c, quoted) {
            ('\\', false) => escaped = true,
            ('\'', _) => {
                quoted = !quoted;
                any = true;
            }
            (' ', false) => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            (c, _) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

/// The value of option `--name` (the word after it), and every word of a repeated list option
/// (`--tags A B`).
fn opt<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1).map(String::as_str)
}

fn opt_list(args: &[String], name: &str) -> Vec<String> {
    let Some(i) = args.iter().position(|a| a == name) else {
        return Vec::new();
    };
    args.iter()
        .skip(i + 1)
        .take_while(|a| !a.starts_with("--"))
        .cloned()
        .collect()
}

/// One IAM entity of the stand-in account, as `GetAccountAuthorizationDetails` lists it.
#[derive(Default)]
struct Entity {
    path: String,
    trust: Option<String>,
    inline: Vec<(String, String)>,
    attached: Vec<String>,
    groups: Vec<String>,
    tags: Vec<(String, String)>,
    boundary: Option<String>,
}

#[derive(Default)]
struct Account {
    /// `(kind, name)` → entity, kind `user`, `group` or `role`.
    entities: BTreeMap<(String, String), Entity>,
    /// ARN → (path, document).
    policies: BTreeMap<String, (String, String)>,
    buckets: BTreeMap<String, String>,
    /// queue ARN → policy.
    queues: BTreeMap<String, String>,
}

/// Runs the script's commands against the stand-in accounts.
fn run(script: &str) -> BTreeMap<String, Account> {
    let mut accounts: BTreeMap<String, Account> = BTreeMap::new();
    let mut current = String::new();
    for line in script.lines() {
        if let Some(rest) = line.strip_prefix("# ---- account ") {
            current = rest.trim_end_matches(" ----").to_owned();
            continue;
        }
        if !line.starts_with("aws ") {
            continue;
        }
        let args = words(line);
        let account = accounts.entry(current.clone()).or_default();
        let (service, action) = (args[1].as_str(), args[2].as_str());
        let entity_key = |kind: &str| -> (String, String) {
            let flag = format!("--{kind}-name");
            (kind.to_owned(), opt(&args, &flag).unwrap().to_owned())
        };
        match (service, action) {
            ("iam", "create-policy") => {
                let name = opt(&args, "--policy-name").unwrap();
                let path = opt(&args, "--path").unwrap_or("/");
                let arn = format!("arn:aws:iam::{current}:policy{path}{name}");
                let doc = opt(&args, "--policy-document").unwrap().to_owned();
                account.policies.insert(arn, (path.to_owned(), doc));
            }
            ("iam", a) if a.starts_with("create-") => {
                let kind = a.trim_start_matches("create-");
                let entity = account.entities.entry(entity_key(kind)).or_default();
                entity.path = opt(&args, "--path").unwrap_or("/").to_owned();
                entity.trust = opt(&args, "--assume-role-policy-document").map(str::to_owned);
                entity.boundary = opt(&args, "--permissions-boundary").map(str::to_owned);
                for tag in opt_list(&args, "--tags") {
                    let (k, v) = tag
                        .trim_start_matches("Key=")
                        .split_once(",Value=")
                        .unwrap();
                    entity.tags.push((k.to_owned(), v.to_owned()));
                }
            }
            ("iam", "add-user-to-group") => {
                let group = opt(&args, "--group-name").unwrap().to_owned();
                let user = account.entities.entry(entity_key("user")).or_default();
                user.groups.push(group);
            }
            ("iam", a) if a.starts_with("attach-") => {
                let kind = a.trim_start_matches("attach-").trim_end_matches("-policy");
                let arn = opt(&args, "--policy-arn").unwrap().to_owned();
                account
                    .entities
                    .entry(entity_key(kind))
                    .or_default()
                    .attached
                    .push(arn);
            }
            ("iam", a) if a.starts_with("put-") => {
                let kind = a.trim_start_matches("put-").trim_end_matches("-policy");
                let name = opt(&args, "--policy-name").unwrap().to_owned();
                let doc = opt(&args, "--policy-document").unwrap().to_owned();
                let entity = account.entities.entry(entity_key(kind)).or_default();
                entity.inline.retain(|(n, _)| *n != name);
                entity.inline.push((name, doc));
            }
            ("s3api", "put-bucket-policy") => {
                let bucket = opt(&args, "--bucket").unwrap().to_owned();
                account
                    .buckets
                    .insert(bucket, opt(&args, "--policy").unwrap().to_owned());
            }
            ("sqs", "set-queue-attributes") => {
                let url = opt(&args, "--queue-url").unwrap();
                let arn = rolecall_import::cfn::queue_arn(url).unwrap();
                let attributes: Value =
                    serde_json::from_str(opt(&args, "--attributes").unwrap()).unwrap();
                let policy = attributes["Policy"].as_str().unwrap().to_owned();
                account.queues.insert(arn, policy);
            }
            // KMS keys and SNS topics: see the module comment.
            ("kms" | "sns", _) => {}
            other => panic!("the stand-in does not know `aws {} {}`", other.0, other.1),
        }
    }
    accounts
}

/// What a trainer reads back from one stand-in account: `(file name, text)` each.
fn read_back(id: &str, account: &Account) -> Vec<(String, String)> {
    let arn = |kind: &str, path: &str, name: &str| format!("arn:aws:iam::{id}:{kind}{path}{name}");
    let mut lists: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for ((kind, name), e) in &account.entities {
        let attached: Vec<Value> = e
            .attached
            .iter()
            .map(|a| json!({"PolicyName": a.rsplit('/').next(), "PolicyArn": a}))
            .collect();
        let inline: Vec<Value> = e
            .inline
            .iter()
            .map(|(n, d)| json!({"PolicyName": n, "PolicyDocument": d}))
            .collect();
        let tags: Vec<Value> = e
            .tags
            .iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect();
        let boundary = e
            .boundary
            .as_ref()
            .map(|b| json!({"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": b}));
        let item = match kind.as_str() {
            "user" => {
                json!({"Path": e.path, "UserName": name, "Arn": arn("user/", &e.path[1..], name),
                "GroupList": e.groups, "UserPolicyList": inline, "AttachedManagedPolicies": attached,
                "Tags": tags, "PermissionsBoundary": boundary})
            }
            "group" => {
                json!({"Path": e.path, "GroupName": name, "Arn": arn("group/", &e.path[1..], name),
                "GroupPolicyList": inline, "AttachedManagedPolicies": attached})
            }
            _ => json!({"Path": e.path, "RoleName": name, "Arn": arn("role/", &e.path[1..], name),
                "AssumeRolePolicyDocument": e.trust, "RolePolicyList": inline,
                "AttachedManagedPolicies": attached, "Tags": tags, "PermissionsBoundary": boundary}),
        };
        let list = match kind.as_str() {
            "user" => "UserDetailList",
            "group" => "GroupDetailList",
            _ => "RoleDetailList",
        };
        lists.entry(list).or_default().push(item);
    }
    let policies: Vec<Value> = account
        .policies
        .iter()
        .map(|(arn, (path, doc))| {
            json!({"PolicyName": arn.rsplit('/').next(), "Arn": arn, "Path": path,
                "DefaultVersionId": "v1",
                "PolicyVersionList": [{"Document": doc, "VersionId": "v1", "IsDefaultVersion": true}]})
        })
        .collect();
    let mut export = json!({"Policies": policies});
    for (list, items) in lists {
        export[list] = Value::Array(items);
    }
    let mut out = vec![(format!("{id}.json"), export.to_string())];
    for (bucket, policy) in &account.buckets {
        out.push((
            format!("{bucket}.policy.json"),
            json!({"Policy": policy}).to_string(),
        ));
    }
    for (queue, policy) in &account.queues {
        out.push((
            format!("{queue}.attributes.json"),
            json!({"Attributes": {"Policy": policy, "QueueArn": queue}}).to_string(),
        ));
    }
    out
}

fn decide(s: &Scenario) -> Vec<String> {
    evaluate_scenario(s)
        .requests
        .iter()
        .map(|r| format!("{}: {:?}", r.name, r.decision))
        .collect()
}

#[test]
fn every_example_without_an_organization_decides_the_same_after_an_aws_cli_round_trip() {
    let aws = aws();
    let mut checked = 0;
    for example in EXAMPLES {
        let original = load_with(example.text, &aws).scenario.unwrap();
        if original.organization.is_some() {
            continue;
        }
        let script = export::aws_cli(&original);
        let files: Vec<(String, String)> = run(&script)
            .iter()
            .flat_map(|(id, account)| read_back(id, account))
            .collect();
        let inputs: Vec<Input<'_>> = files
            .iter()
            .map(|(name, text)| Input { name, text })
            .collect();
        let imported = import(&inputs, &aws);
        assert!(
            imported.errors.is_empty(),
            "{}: {:?}",
            example.id,
            imported.errors
        );
        let mut rebuilt = load_with(&to_json(&imported.scenario.unwrap()), &aws)
            .scenario
            .unwrap();
        rebuilt.requests = original.requests.clone();
        rebuilt.now = original.now.clone();
        for r in &original.resources {
            let kept = r.policy.is_none() || r.arn.contains(":kms:") || r.arn.contains(":sns:");
            match rebuilt.resources.iter_mut().find(|m| m.arn == r.arn) {
                Some(mine) if !kept => {
                    mine.account = r.account.clone();
                    mine.tags = r.tags.clone();
                }
                Some(mine) => *mine = r.clone(),
                None => rebuilt.resources.push(r.clone()),
            }
        }
        assert_eq!(
            decide(&original),
            decide(&rebuilt),
            "{}\n{script}",
            example.id
        );
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn the_shell_words_of_a_script_line_are_read_as_sh_reads_them() {
    assert_eq!(
        words(r#"aws iam put-user-policy --policy-name 'It'\''s' --policy-document '{"a": 1}'"#),
        [
            "aws",
            "iam",
            "put-user-policy",
            "--policy-name",
            "It's",
            "--policy-document",
            r#"{"a": 1}"#
        ]
    );
}
