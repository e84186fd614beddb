//! `rolecall export --format aws-cli` round-trips through the importer: the script is run
//! against a small in-memory stand-in for the sandbox accounts (each `aws iam ...`,
//! `s3api put-bucket-policy` and `sqs set-queue-attributes` command changes it as the IAM API
//! Reference says that action does), the accounts are read back the way a trainer would
//! (`aws iam get-account-authorization-details`, `aws s3api get-bucket-policy`,
//! `aws sqs get-queue-attributes`), imported, and every request of the original scenario is
//! decided the same way.
//!
//! The organization part (run in the management account) builds the tree and the SCPs and RCPs
//! in a stand-in organization, read back with `list-roots`, `list-organizational-units-for-parent`,
//! `list-accounts-for-parent`, `list-policies-for-target` and `describe-policy`; the root, OU and
//! policy ids are the stand-in's own, as AWS assigns them, and the organization id is kept.
//!
//! Left out of the comparison, and said: KMS keys and SNS topics (AWS assigns a new key id; the original
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

/// The stand-in organization: ids assigned as AWS Organizations assigns them, SCPs and RCPs
/// enabled. Like AWS, it has `FullAWSAccess` and `RCPFullAWSAccess` (AWS managed, ids
/// `p-FullAWSAccess` and `p-RCPFullAWSAccess`) and attaches both to the root, every new OU and
/// every account; it refuses a second policy of a name, a second attachment of a policy to a
/// target, and detaching the last SCP of a target or `RCPFullAWSAccess` (AWS Organizations API
/// Reference: `CreatePolicy`, `AttachPolicy`, `DetachPolicy`).
struct Org {
    management: String,
    /// OU id → (parent id, name).
    units: BTreeMap<String, (String, String)>,
    /// Member account → parent id.
    parent_of: BTreeMap<String, String>,
    /// Policy id → (name, type, content).
    policies: BTreeMap<String, (String, String, String)>,
    /// (target id, policy id).
    attached: Vec<(String, String)>,
}

const ROOT: &str = "r-sand";

/// AWS's own organization policies: `(id, name, type, content)`.
const AWS_MANAGED: [(&str, &str, &str, &str); 2] = [
    (
        "p-FullAWSAccess",
        "FullAWSAccess",
        "SERVICE_CONTROL_POLICY",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    ),
    (
        "p-RCPFullAWSAccess",
        "RCPFullAWSAccess",
        "RESOURCE_CONTROL_POLICY",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
    ),
];

impl Default for Org {
    fn default() -> Self {
        let policies = AWS_MANAGED
            .iter()
            .map(|(id, name, kind, content)| {
                (
                    (*id).to_owned(),
                    (
                        (*name).to_owned(),
                        (*kind).to_owned(),
                        (*content).to_owned(),
                    ),
                )
            })
            .collect();
        let mut org = Self {
            management: String::new(),
            units: BTreeMap::new(),
            parent_of: BTreeMap::new(),
            policies,
            attached: Vec::new(),
        };
        org.created(ROOT);
        org
    }
}

impl Org {
    /// A new root, OU or account: AWS attaches its own policies to it.
    fn created(&mut self, target: &str) {
        for (id, ..) in AWS_MANAGED {
            self.attached.push((target.to_owned(), id.to_owned()));
        }
    }

    fn kind_of(&self, policy: &str) -> &str {
        self.policies.get(policy).map_or("", |p| p.1.as_str())
    }

    /// Runs one `aws organizations` command; returns what `--query ... --output text` prints.
    fn run(&mut self, action: &str, args: &[String]) -> String {
        let arg = |name: &str| opt(args, name).unwrap().to_owned();
        match action {
            "list-roots" => ROOT.to_owned(),
            "describe-account" => {
                let account = arg("--account-id");
                if !self.parent_of.contains_key(&account) {
                    self.parent_of.insert(account.clone(), ROOT.to_owned());
                    self.created(&account);
                }
                account
            }
            "create-organizational-unit" => {
                let id = format!("ou-sand-{:08}", self.units.len() + 1);
                self.units
                    .insert(id.clone(), (arg("--parent-id"), arg("--name")));
                self.created(&id);
                id
            }
            "move-account" => {
                let account = arg("--account-id");
                assert_eq!(
                    self.parent_of.get(&account).map(String::as_str),
                    Some(arg("--source-parent-id").as_str())
                );
                self.parent_of
                    .insert(account, arg("--destination-parent-id"));
                String::new()
            }
            "create-policy" => {
                let id = format!("p-{:08}", self.policies.len() + 1);
                assert!(
                    !self.policies.values().any(|p| p.0 == arg("--name")),
                    "a second policy named {}",
                    arg("--name")
                );
                self.policies
                    .insert(id.clone(), (arg("--name"), arg("--type"), arg("--content")));
                id
            }
            "attach-policy" => {
                let pair = (arg("--target-id"), arg("--policy-id"));
                assert!(self.policies.contains_key(&pair.1), "no policy {}", pair.1);
                assert!(
                    !self.attached.contains(&pair),
                    "DuplicatePolicyAttachmentException: {pair:?}"
                );
                self.attached.push(pair);
                String::new()
            }
            "detach-policy" => {
                let pair = (arg("--target-id"), arg("--policy-id"));
                assert_ne!(
                    pair.1, "p-RCPFullAWSAccess",
                    "RCPFullAWSAccess is never detached"
                );
                assert!(
                    self.attached.contains(&pair),
                    "PolicyNotAttachedException: {pair:?}"
                );
                self.attached.retain(|a| *a != pair);
                let kind = self.kind_of(&pair.1).to_owned();
                assert!(
                    self.attached
                        .iter()
                        .any(|(t, p)| *t == pair.0 && self.kind_of(p) == kind),
                    "ConstraintViolationException: the last {kind} of {}",
                    pair.0
                );
                String::new()
            }
            // `--query "Policies[?Id=='p-...'].Id" --output text`: the id, if it is attached.
            "list-policies-for-target" => {
                let target = arg("--target-id");
                let query = arg("--query");
                let wanted = query
                    .split("Id==")
                    .nth(1)
                    .and_then(|rest| rest.split(']').next())
                    .unwrap()
                    .trim_matches(['\'', '"']);
                let attached = self.attached.iter().any(|(t, p)| {
                    *t == target && p == wanted && self.kind_of(p) == arg("--filter")
                });
                if attached {
                    wanted.to_owned()
                } else {
                    String::new()
                }
            }
            other => panic!("the stand-in does not know `aws organizations {other}`"),
        }
    }

    /// What a trainer reads back: the listings and `describe-policy` outputs, each file named
    /// with the id it was asked about.
    fn read_back(&self) -> Vec<(String, String)> {
        if self.parent_of.is_empty() {
            return Vec::new();
        }
        let org = "o-sandbox123";
        let mgmt = &self.management;
        let mut out = vec![(
            "list-roots.json".to_owned(),
            json!({"Roots": [{"Id": ROOT, "Arn": format!("arn:aws:organizations::{mgmt}:root/{org}/{ROOT}"), "Name": "Root", "PolicyTypes": []}]}).to_string(),
        )];
        let parents = std::iter::once(ROOT.to_owned()).chain(self.units.keys().cloned());
        for parent in parents {
            let units: Vec<Value> = self
                .units
                .iter()
                .filter(|(_, (p, _))| *p == parent)
                .map(|(id, (_, name))| json!({"Id": id, "Arn": format!("arn:aws:organizations::{mgmt}:ou/{org}/{id}"), "Name": name}))
                .collect();
            out.push((
                format!("ous.{parent}.json"),
                json!({"OrganizationalUnits": units}).to_string(),
            ));
            let accounts: Vec<Value> = self
                .parent_of
                .iter()
                .filter(|(_, p)| **p == parent)
                .map(|(id, _)| json!({"Id": id, "Arn": format!("arn:aws:organizations::{mgmt}:account/{org}/{id}"), "Name": id, "Email": format!("{id}@example.com"), "Status": "ACTIVE"}))
                .collect();
            out.push((
                format!("accounts.{parent}.json"),
                json!({"Accounts": accounts}).to_string(),
            ));
        }
        for (id, (name, kind, content)) in &self.policies {
            let managed = AWS_MANAGED.iter().any(|m| m.0 == id);
            let summary = json!({"Id": id, "Arn": format!("arn:aws:organizations::{mgmt}:policy/{org}/{}/{id}", kind.to_lowercase()), "Name": name, "Description": "", "Type": kind, "AwsManaged": managed});
            out.push((
                format!("describe-policy.{id}.json"),
                json!({"Policy": {"PolicySummary": summary, "Content": content}}).to_string(),
            ));
        }
        let targets: std::collections::BTreeSet<&String> =
            self.attached.iter().map(|(t, _)| t).collect();
        for target in targets {
            for (kind, file) in [
                ("SERVICE_CONTROL_POLICY", "scps"),
                ("RESOURCE_CONTROL_POLICY", "rcps"),
            ] {
                let policies: Vec<Value> = self
                    .attached
                    .iter()
                    .filter(|(t, _)| t == target)
                    .filter_map(|(_, p)| self.policies.get(p).map(|x| (p, x)))
                    .filter(|(_, (_, k, _))| k == kind)
                    .map(|(id, (name, kind, _))| json!({"Id": id, "Name": name, "Type": kind, "AwsManaged": AWS_MANAGED.iter().any(|m| m.0 == id)}))
                    .collect();
                if !policies.is_empty() {
                    out.push((
                        format!("{file}.{target}.json"),
                        json!({"Policies": policies}).to_string(),
                    ));
                }
            }
        }
        out
    }
}

/// Replaces `"$NAME"` and `"${NAME}"` by the shell variable's value.
fn expand(line: &str, vars: &BTreeMap<String, String>) -> String {
    let mut line = line.to_owned();
    for (name, value) in vars {
        line = line
            .replace(&format!("\"${{{name}}}\""), value)
            .replace(&format!("\"${name}\""), value);
    }
    line
}

/// Runs the script's commands against the stand-in accounts and organization.
fn run(script: &str) -> (BTreeMap<String, Account>, Org) {
    let mut accounts: BTreeMap<String, Account> = BTreeMap::new();
    let mut org = Org::default();
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    let mut current = String::new();
    for line in script.lines() {
        if let Some(rest) = line.strip_prefix("# ---- account ") {
            current = rest.trim_end_matches(" ----").to_owned();
            continue;
        }
        if let Some(rest) = line.strip_prefix("# ---- organization: run in ") {
            org.management = rest.split(' ').next().unwrap().to_owned();
            continue;
        }
        // `if [ -z "$(aws organizations ...)" ]; then aws organizations ...; fi`: the second
        // command when the first prints nothing.
        if let Some(rest) = line.strip_prefix("if [ -z \"$(") {
            let (test, then) = rest.split_once(")\" ]; then ").unwrap();
            let then = then.strip_suffix("; fi").unwrap();
            let test = words(&expand(test, &vars));
            if org.run(&test[2], &test).is_empty() {
                let then = words(&expand(then, &vars));
                org.run(&then[2], &then);
            }
            continue;
        }
        // `VAR=$(aws organizations ... --output text)`: the command's output in a variable.
        let (assign, command) = match line.split_once("=$(") {
            Some((var, rest))
                if var
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') =>
            {
                (
                    Some(var.to_owned()),
                    rest.strip_suffix(')').unwrap().to_owned(),
                )
            }
            _ => (None, line.to_owned()),
        };
        if !command.starts_with("aws ") {
            continue;
        }
        let args = words(&expand(&command, &vars));
        if args[1] == "organizations" {
            let printed = org.run(&args[2], &args);
            if let Some(var) = assign {
                vars.insert(var, printed);
            }
            continue;
        }
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
    (accounts, org)
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

/// The original's decisions, and those of the scenario read back after running its script.
fn roundtrip(
    id: &str,
    original: &Scenario,
    aws: &ManagedPolicies,
) -> (Vec<String>, Vec<String>, String) {
    let script = export::aws_cli(original);
    let (accounts, org) = run(&script);
    let files: Vec<(String, String)> = accounts
        .iter()
        .flat_map(|(id, account)| read_back(id, account))
        .chain(org.read_back())
        .collect();
    let inputs: Vec<Input<'_>> = files
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    let imported = import(&inputs, aws);
    assert!(imported.errors.is_empty(), "{id}: {:?}", imported.errors);
    let mut rebuilt = load_with(&to_json(&imported.scenario.unwrap()), aws)
        .scenario
        .unwrap();
    rebuilt.requests = original.requests.clone();
    rebuilt.now = original.now.clone();
    // AWS assigns the organization id; requests may name the original one.
    if let (Some(mine), Some(theirs)) = (
        rebuilt.organization.as_mut(),
        original.organization.as_ref(),
    ) {
        mine.id.clone_from(&theirs.id);
    }
    assert_eq!(
        rebuilt.organization.is_some(),
        original.organization.is_some(),
        "{id}\n{script}"
    );
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
    (decide(original), decide(&rebuilt), script)
}

#[test]
fn every_example_decides_the_same_after_an_aws_cli_round_trip() {
    let aws = aws();
    let mut checked = 0;
    for example in EXAMPLES {
        let original = load_with(example.text, &aws).scenario.unwrap();
        let (before, after, script) = roundtrip(example.id, &original, &aws);
        assert_eq!(before, after, "{}\n{script}", example.id);
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
}

/// An organization with nested OUs, an SCP on the root and one on a nested OU, an SCP on an
/// account, an RCP, and a member account at the root: each request decided by a different one.
const ORG_SCENARIO: &str = include_str!("data/org-scenario.json");

#[test]
fn an_organization_tree_with_scps_and_rcps_decides_the_same_after_an_aws_cli_round_trip() {
    let aws = aws();
    let original = load_with(ORG_SCENARIO, &aws).scenario.unwrap();
    let (before, after, script) = roundtrip("organization", &original, &aws);
    assert_eq!(before, after, "{script}");
    // Each request is decided by something else: the comparison means something.
    assert_eq!(
        before,
        [
            "the EU OU's SCP denies a delete: ExplicitDeny",
            "a read from the EU OU is allowed: Allowed",
            "the account's own SCP denies IAM: ExplicitDeny",
            "an account at the root is inside the organization: Allowed",
        ]
    );
    for line in [
        "ROOT=$(aws organizations list-roots --query 'Roots[0].Id' --output text)",
        "OU_OU_A1B2_EU=$(aws organizations create-organizational-unit --parent-id \"$OU_OU_A1B2_PROD\" --name 'ou-a1b2-eu'",
        "aws organizations move-account --account-id 111111111111 --source-parent-id \"$ROOT\" --destination-parent-id \"$OU_OU_A1B2_EU\"",
        "aws organizations attach-policy --policy-id \"$POLICY_DENYIAM\" --target-id 333333333333",
        "--type RESOURCE_CONTROL_POLICY --name 'DenyOutsideOrg'",
    ] {
        assert!(script.contains(line), "missing `{line}` in\n{script}");
    }
    // AWS's own `FullAWSAccess` is used, never created: AWS refuses a second policy of that
    // name. It stays where the scenario has it, and goes where the scenario has other SCPs only.
    assert_eq!(
        script.matches("--name 'FullAWSAccess'").count(),
        0,
        "{script}"
    );
    assert_eq!(
        script.matches("--name 'RCPFullAWSAccess'").count(),
        0,
        "{script}"
    );
    for line in [
        "if [ -z \"$(aws organizations list-policies-for-target --target-id \"$ROOT\" --filter SERVICE_CONTROL_POLICY --query \"Policies[?Id=='p-FullAWSAccess'].Id\" --output text)\" ]; then aws organizations attach-policy --policy-id p-FullAWSAccess --target-id \"$ROOT\"; fi",
        "aws organizations detach-policy --policy-id p-FullAWSAccess --target-id 333333333333",
    ] {
        assert!(script.contains(line), "missing `{line}` in\n{script}");
    }
    let attach = script
        .find("--policy-id \"$POLICY_DENYIAM\" --target-id 333333333333")
        .unwrap();
    let detach = script
        .find("--policy-id p-FullAWSAccess --target-id 333333333333")
        .unwrap();
    assert!(
        attach < detach,
        "FullAWSAccess is detached before another SCP is attached:\n{script}"
    );
}

/// A scenario's own SCP that is named `FullAWSAccess` but says something else cannot take the
/// name of AWS's policy: it is created under another name.
#[test]
fn an_scp_named_like_aws_full_access_with_another_document_is_created_under_another_name() {
    let aws = aws();
    let text = ORG_SCENARIO.replacen(
        r#""name": "FullAWSAccess", "target": "ou-a1b2-eu", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
        r#""name": "FullAWSAccess", "target": "ou-a1b2-eu", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#,
        1,
    );
    assert_ne!(text, ORG_SCENARIO, "the test scenario changed");
    let original = load_with(&text, &aws).scenario.unwrap();
    let (before, after, script) = roundtrip("renamed", &original, &aws);
    assert_eq!(before, after, "{script}");
    assert!(script.contains("--name 'FullAWSAccess-2'"), "{script}");
    assert!(
        script.contains("aws organizations detach-policy --policy-id p-FullAWSAccess --target-id \"$OU_OU_A1B2_EU\""),
        "{script}"
    );
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
