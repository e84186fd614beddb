//! The AWS CLI script: each account's identities and policies, then the organization (its
//! tree, SCPs and RCPs) run in the management account.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::model::Organization;

use crate::export::shared::{Account, accounts, boundary_policy_name, json, parts, slug};

/// Single-quotes `text` for a POSIX shell.
fn sh(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
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
