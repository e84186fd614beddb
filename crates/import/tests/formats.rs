//! Every import format, on a realistic file written for it (tests/data/), checked by what the
//! imported scenario decides: `check(files, requests)` imports the files, loads the scenario
//! as the CLI does (with the bundled AWS managed policies), adds the requests and compares each
//! decision.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on a file or scenario it cannot read"
)]

use std::sync::OnceLock;

use rolecall_core::managed::ManagedPolicies;
use rolecall_core::scenario::model::{AssumeHop, Expectation, PrincipalSpec, ScenarioRequest};
use rolecall_core::scenario::{Scenario, evaluate_scenario, load_with, to_json};
use rolecall_import::{Imported, Input, import};

fn aws() -> &'static ManagedPolicies {
    static SET: OnceLock<ManagedPolicies> = OnceLock::new();
    SET.get_or_init(|| {
        ManagedPolicies::parse(include_str!("../../core/data/managed-policies.json")).unwrap()
    })
}

fn data(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn run(files: &[&str]) -> Imported {
    let texts: Vec<(String, String)> = files.iter().map(|f| ((*f).to_owned(), data(f))).collect();
    let inputs: Vec<Input<'_>> = texts
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    import(&inputs, aws())
}

/// A request: `principal [-> role]* : action on resource`, and the expected decision.
struct Ask(
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
    Expectation,
);

fn reload(scenario: &Scenario) -> Scenario {
    let text = to_json(scenario);
    let loaded = load_with(&text, aws());
    loaded.scenario.unwrap()
}

fn check(files: &[&str], asks: &[Ask]) -> Imported {
    let imported = run(files);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let mut scenario = reload(imported.scenario.as_ref().unwrap());
    for Ask(principal, hops, action, resource, expect) in asks {
        scenario.requests.push(ScenarioRequest {
            name: format!("{principal} {action} {resource}"),
            principal: if principal.starts_with("arn:") {
                PrincipalSpec::Arn((*principal).to_owned())
            } else {
                PrincipalSpec::Service {
                    service: (*principal).to_owned(),
                    source_arn: None,
                    // The Lambda role's trust policy pins aws:SourceAccount (confused deputy).
                    source_account: (*principal == "lambda.amazonaws.com")
                        .then(|| "333333333333".to_owned()),
                }
            },
            assume: hops
                .iter()
                .map(|r| AssumeHop {
                    role: (*r).to_owned(),
                    mfa: true,
                    ..AssumeHop::default()
                })
                .collect(),
            action: Some((*action).to_owned()),
            resource: Some((*resource).to_owned()),
            expect: Some((*expect).into()),
            ..ScenarioRequest::default()
        });
    }
    for r in evaluate_scenario(&scenario).requests {
        assert_eq!(r.passed, Some(true), "{}: {:?}", r.name, r.decision);
    }
    imported
}

use Expectation::{Allowed, ExplicitDeny, ImplicitDeny};

#[test]
fn an_account_export_imports_users_groups_roles_and_managed_policies_in_every_encoding() {
    let imported = check(
        &["account-authorization-details.json"],
        &[
            // AWS managed AmazonS3ReadOnlyAccess, resolved from the bundled data.
            Ask(
                "arn:aws:iam::111111111111:user/alice",
                &[],
                "s3:GetObject",
                "arn:aws:s3:::any/key",
                Allowed,
            ),
            // Group policy (URL-encoded) denies; customer managed policy v2 (default) allows ListBucket.
            Ask(
                "arn:aws:iam::111111111111:user/alice",
                &[],
                "s3:DeleteObject",
                "arn:aws:s3:::prod-artifacts/x",
                ExplicitDeny,
            ),
            Ask(
                "arn:aws:iam::111111111111:user/alice",
                &[],
                "s3:ListBucket",
                "arn:aws:s3:::prod-artifacts",
                Allowed,
            ),
            // The boundary (URL-encoded customer managed policy) caps alice: no EC2.
            Ask(
                "arn:aws:iam::111111111111:user/alice",
                &[],
                "ec2:DescribeInstances",
                "*",
                ImplicitDeny,
            ),
            // Trust policy written as a JSON string, with MFA.
            Ask(
                "arn:aws:iam::111111111111:user/alice",
                &["arn:aws:iam::111111111111:role/deploy/Deployer"],
                "s3:PutObject",
                "arn:aws:s3:::prod-artifacts/app.zip",
                Allowed,
            ),
            // bob's group (with a path) has AWS managed ReadOnlyAccess.
            Ask(
                "arn:aws:iam::111111111111:user/contractors/bob",
                &[],
                "ec2:DescribeInstances",
                "*",
                Allowed,
            ),
            Ask(
                "arn:aws:iam::111111111111:user/contractors/bob",
                &[],
                "s3:PutObject",
                "arn:aws:s3:::b/k",
                ImplicitDeny,
            ),
            Ask(
                "ec2.amazonaws.com",
                &["arn:aws:iam::111111111111:role/AppServer"],
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                Allowed,
            ),
        ],
    );
    let s = imported.summary;
    assert_eq!(s.counts.get("users"), Some(&2));
    assert_eq!(s.counts.get("groups"), Some(&2));
    assert_eq!(s.counts.get("roles"), Some(&3));
    assert_eq!(s.counts.get("customer managed policies"), Some(&2));
    assert!(
        s.files[0].1.contains("get-account-authorization-details"),
        "{:?}",
        s.files
    );
    assert!(
        s.missing.iter().any(|m| m.contains("no resource policies")),
        "{:?}",
        s.missing
    );
    assert!(
        s.notes
            .iter()
            .any(|m| m.contains("non-default policy versions")),
        "{:?}",
        s.notes
    );
    let notes = imported.scenario.unwrap().notes.unwrap();
    assert!(notes.contains("instance profiles `AppServer`"), "{notes}");
    assert!(notes.contains("2026-11-28T17:02:11"), "{notes}");
}

#[test]
fn single_object_outputs_combine_into_one_account() {
    let imported = check(
        &[
            "get-role.json",
            "get-role-policy.json",
            "get-user.json",
            "get-user-policy.json",
            "get-group.json",
            "get-policy.json",
            "get-policy-version.json",
        ],
        &[
            Ask(
                "lambda.amazonaws.com",
                &["arn:aws:iam::333333333333:role/service/OrdersLambda"],
                "dynamodb:Query",
                "arn:aws:dynamodb:us-east-1:333333333333:table/orders",
                Allowed,
            ),
            // The AWS managed boundary PowerUserAccess does not allow IAM.
            Ask(
                "lambda.amazonaws.com",
                &["arn:aws:iam::333333333333:role/service/OrdersLambda"],
                "iam:PassRole",
                "*",
                ImplicitDeny,
            ),
            Ask(
                "arn:aws:iam::333333333333:user/ci-bot",
                &[],
                "ecr:PutImage",
                "arn:aws:ecr:us-east-1:333333333333:repository/orders",
                Allowed,
            ),
        ],
    );
    let scenario = imported.scenario.unwrap();
    assert_eq!(
        scenario.managed_policies[0].arn,
        "arn:aws:iam::333333333333:policy/team/ReadOrdersBucket"
    );
    assert!(
        scenario.managed_policies[0]
            .document
            .text
            .contains("ReadOrders")
    );
    let role = scenario
        .identity("arn:aws:iam::333333333333:role/service/OrdersLambda")
        .unwrap();
    assert_eq!(role.max_session_duration, Some(7200));
    let bot = scenario
        .identity("arn:aws:iam::333333333333:user/ci-bot")
        .unwrap();
    assert_eq!(bot.groups, ["arn:aws:iam::333333333333:group/automation"]);
    assert!(
        imported.summary.placeholders.is_empty(),
        "{:?}",
        imported.summary.placeholders
    );
}

#[test]
fn wrapped_resource_policies_find_their_resource_or_get_a_listed_placeholder() {
    let imported = check(
        &[
            "s3-get-bucket-policy.json",
            "kms-get-key-policy.json",
            "lambda-get-policy.json",
            "sqs-get-queue-attributes.json",
        ],
        &[Ask(
            "arn:aws:iam::444444444444:root",
            &[],
            "s3:GetObject",
            "arn:aws:s3:::orders-333333333333/exports/day.csv",
            Allowed,
        )],
    );
    let scenario = imported.scenario.unwrap();
    let arns: Vec<&str> = scenario.resources.iter().map(|r| r.arn.as_str()).collect();
    assert!(
        arns.contains(&"arn:aws:s3:::orders-333333333333"),
        "{arns:?}"
    );
    assert!(
        arns.contains(&"arn:aws:lambda:us-east-1:333333333333:function:orders-ingest"),
        "{arns:?}"
    );
    assert!(
        arns.contains(&"arn:aws:sqs:us-east-1:333333333333:orders-events"),
        "{arns:?}"
    );
    assert!(
        arns.iter()
            .any(|a| a.starts_with("arn:aws:kms:") && a.contains("imported-key")),
        "{arns:?}"
    );
    assert!(
        imported
            .summary
            .placeholders
            .iter()
            .any(|p| p.contains("key policy")),
        "{:?}",
        imported.summary.placeholders
    );
    // The key policy was pretty-printed JSON in a string: read, minified, key order kept.
    let key = scenario
        .resources
        .iter()
        .find(|r| r.arn.contains(":kms:"))
        .unwrap();
    assert!(
        key.policy
            .as_ref()
            .unwrap()
            .text
            .starts_with(r#"{"Version":"2012-10-17","Id":"key-default-1""#)
    );
}

#[test]
fn organization_policies_attach_by_the_tree_and_apply_by_path() {
    let imported = check(
        &[
            "account-authorization-details.json",
            "get-role.json",
            "get-role-policy.json",
            "org-describe-policy-scp.json",
            "org-describe-policy-rcp.json",
            "org-tree.json",
        ],
        &[
            // The Prod OU's SCP denies outside the EU for the prod account's role.
            Ask(
                "lambda.amazonaws.com",
                &["arn:aws:iam::333333333333:role/service/OrdersLambda"],
                "dynamodb:Query",
                "arn:aws:dynamodb:us-east-1:333333333333:table/orders",
                ExplicitDeny,
            ),
        ],
    );
    let org = imported.scenario.unwrap().organization.unwrap();
    assert_eq!(org.id.as_deref(), Some("o-exampleorg1"));
    assert_eq!(
        org.accounts.get("333333333333").unwrap(),
        &["r-ex01", "ou-ex01-prod0001"]
    );
    assert!(
        org.scps
            .iter()
            .any(|p| p.name == "DenyOutsideEU" && p.target == "ou-ex01-prod0001")
    );
    assert!(org.rcps.iter().any(|p| p.name == "OrgOnlyS3"));
}

#[test]
fn organization_policies_without_a_tree_are_listed_not_dropped_silently() {
    let imported = run(&["org-describe-policy-scp.json"]);
    assert!(
        imported
            .summary
            .unresolved
            .iter()
            .any(|u| u.contains("DenyOutsideEU") && u.contains("tree")),
        "{:?}",
        imported.summary.unresolved
    );
}

#[test]
fn a_cloudformation_yaml_template_resolves_intrinsics_to_listed_placeholders() {
    let imported = check(
        &["cloudformation.yaml"],
        &[
            Ask(
                "ecs-tasks.amazonaws.com",
                &["arn:aws:iam::123456789012:role/app/orders-app-prod"],
                "s3:PutObject",
                "arn:aws:s3:::orders-prod-123456789012/incoming/a.json",
                Allowed,
            ),
            Ask(
                "ecs-tasks.amazonaws.com",
                &["arn:aws:iam::123456789012:role/app/orders-app-prod"],
                "sqs:SendMessage",
                "arn:aws:sqs:us-east-1:123456789012:OrdersQueue",
                Allowed,
            ),
            Ask(
                "arn:aws:iam::123456789012:user/oncall",
                &[],
                "logs:GetLogEvents",
                "*",
                Allowed,
            ),
        ],
    );
    let s = &imported.summary;
    assert!(
        s.placeholders.iter().any(|p| p.contains("AWS::AccountId")),
        "{:?}",
        s.placeholders
    );
    assert!(
        s.placeholders.iter().any(|p| p.contains("PartnerAccount")),
        "{:?}",
        s.placeholders
    );
    assert!(
        s.placeholders.iter().any(|p| p.contains("OrdersQueue")),
        "{:?}",
        s.placeholders
    );
    let scenario = imported.scenario.unwrap();
    let bucket = scenario
        .resources
        .iter()
        .find(|r| r.arn == "arn:aws:s3:::orders-prod-123456789012")
        .unwrap();
    assert!(
        bucket
            .policy
            .as_ref()
            .unwrap()
            .text
            .contains("arn:aws:iam::PartnerAccount-placeholder:root")
    );
    assert!(
        bucket
            .policy
            .as_ref()
            .unwrap()
            .text
            .contains("arn:aws:s3:::orders-prod-123456789012/exports/*")
    );
}

#[test]
fn a_cloudformation_json_template_imports_too() {
    let imported = check(&["cloudformation.json"], &[]);
    let scenario = imported.scenario.unwrap();
    let role = scenario
        .identity("arn:aws:iam::123456789012:role/Deployer")
        .unwrap();
    assert_eq!(
        role.permissions_boundary
            .as_ref()
            .unwrap()
            .document
            .reference_arn(),
        Some("arn:aws:iam::123456789012:policy/DeployBoundary")
    );
    assert!(
        scenario
            .resources
            .iter()
            .any(|r| r.arn == "arn:aws:sns:us-east-1:123456789012:releases")
    );
}

#[test]
fn a_terraform_plan_follows_references_to_resources_known_only_after_apply() {
    let imported = check(
        &["terraform-plan.json"],
        &[
            Ask(
                "ecs-tasks.amazonaws.com",
                &["arn:aws:iam::555555555555:role/batch/batch-worker"],
                "s3:GetObject",
                "arn:aws:s3:::batch-input/x",
                Allowed,
            ),
            Ask(
                "ecs-tasks.amazonaws.com",
                &["arn:aws:iam::555555555555:role/batch/batch-worker"],
                "sqs:ReceiveMessage",
                "arn:aws:sqs:eu-west-1:555555555555:batch-jobs",
                Allowed,
            ),
            Ask(
                "ecs-tasks.amazonaws.com",
                &["arn:aws:iam::555555555555:role/batch/batch-worker"],
                "logs:PutLogEvents",
                "*",
                Allowed,
            ),
            Ask(
                "arn:aws:iam::555555555555:user/operator",
                &[],
                "logs:GetLogEvents",
                "*",
                Allowed,
            ),
        ],
    );
    let scenario = imported.scenario.unwrap();
    assert!(
        scenario
            .identity("arn:aws:iam::555555555555:role/old-role")
            .is_none(),
        "a deleted resource is skipped"
    );
    assert!(
        scenario
            .resources
            .iter()
            .any(|r| r.arn == "arn:aws:s3:::batch-input")
    );
    assert!(
        scenario
            .resources
            .iter()
            .any(|r| r.arn.starts_with("arn:aws:kms:"))
    );
    assert!(
        imported
            .summary
            .placeholders
            .iter()
            .any(|p| p.contains("known only after apply")),
        "{:?}",
        imported.summary.placeholders
    );
}

#[test]
fn several_exports_are_several_accounts() {
    let a = rolecall_import::generate::account_export("111111111111", 20);
    let b = rolecall_import::generate::account_export("222222222222", 20);
    let imported = import(
        &[
            Input {
                name: "a.json",
                text: &a,
            },
            Input {
                name: "b.json",
                text: &b,
            },
        ],
        aws(),
    );
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let scenario = reload(imported.scenario.as_ref().unwrap());
    let accounts: std::collections::BTreeSet<&str> = scenario
        .identities
        .iter()
        .filter_map(|i| i.arn.split(':').nth(4))
        .collect();
    assert_eq!(
        accounts.into_iter().collect::<Vec<_>>(),
        ["111111111111", "222222222222"]
    );
}

#[test]
fn a_generated_export_of_hundreds_of_identities_loads_without_errors() {
    let text = rolecall_import::generate::account_export("111111111111", 400);
    let imported = import(
        &[Input {
            name: "big.json",
            text: &text,
        }],
        aws(),
    );
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let scenario = imported.scenario.unwrap();
    assert!(
        scenario.identities.len() >= 400,
        "{}",
        scenario.identities.len()
    );
    let loaded = load_with(&to_json(&scenario), aws());
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn bad_inputs_get_clear_messages() {
    let check_error = |name: &str, text: &str, part: &str| {
        let imported = import(&[Input { name, text }], aws());
        assert!(imported.scenario.is_none());
        let message = imported.errors.join("\n");
        assert!(
            message.starts_with(name) && message.contains(part),
            "{message}"
        );
    };
    let export = data("account-authorization-details.json");
    check_error(
        "truncated.json",
        export.get(..export.len() / 2).unwrap(),
        "not valid JSON at line",
    );
    check_error("notes.txt", "hello: [unclosed", "neither JSON nor YAML");
    check_error(
        "package.json",
        r#"{"name": "x", "version": "1.0.0"}"#,
        "not a format the import knows (top-level keys `name`, `version`)",
    );
    check_error(
        "scenario.json",
        r#"{"rolecall": 1, "identities": []}"#,
        "already a Rolecall scenario",
    );
    check_error("empty.json", "  \n", "empty");
    let huge = " ".repeat(rolecall_import::MAX_INPUT_BYTES + 1);
    check_error("huge.json", &huge, "the import reads files up to 25 MB");
}

/// The `aws organizations list-*` outputs of `tests/data/org/`, each named after the id it was
/// asked about (`accounts.ou-ex01-prod0001.json` is `list-accounts-for-parent --parent-id
/// ou-ex01-prod0001`).
const ORG_LISTINGS: &[&str] = &[
    "org/list-roots.json",
    "org/ous.r-ex01.json",
    "org/ous.ou-ex01-prod0001.json",
    "org/accounts.r-ex01.json",
    "org/accounts.ou-ex01-prod0001.json",
    "org/accounts.ou-ex01-sandbox1.json",
    "org/scps.r-ex01.json",
    "org/scps.ou-ex01-prod0001.json",
    "org/scps.ou-ex01-sandbox1.json",
    "org/scps.111111111111.json",
    "org/scps.333333333333.json",
    "org/scps.444444444444.json",
    "org/rcps.r-ex01.json",
    "org/rcps.ou-ex01-prod0001.json",
    "org/targets.p-examplercp1.json",
];

#[test]
fn the_organization_tree_comes_from_the_cli_listings_named_by_their_parent() {
    let mut files = vec![
        "account-authorization-details.json",
        "get-role.json",
        "get-role-policy.json",
        "org-describe-policy-scp.json",
        "org-describe-policy-rcp.json",
    ];
    files.extend_from_slice(ORG_LISTINGS);
    let imported = check(
        &files,
        &[Ask(
            "lambda.amazonaws.com",
            &["arn:aws:iam::333333333333:role/service/OrdersLambda"],
            "dynamodb:Query",
            "arn:aws:dynamodb:us-east-1:333333333333:table/orders",
            ExplicitDeny,
        )],
    );
    assert!(
        imported
            .summary
            .files
            .iter()
            .any(|(f, format)| f == "org/accounts.r-ex01.json"
                && format.contains("list-accounts-for-parent")),
        "{:?}",
        imported.summary.files
    );
    assert!(
        imported.summary.unresolved.is_empty(),
        "{:?}",
        imported.summary.unresolved
    );
    let org = imported.scenario.unwrap().organization.unwrap();
    assert_eq!(org.id.as_deref(), Some("o-exampleorg1"));
    assert_eq!(org.management_account.as_deref(), Some("111111111111"));
    assert_eq!(org.accounts.get("111111111111").unwrap(), &["r-ex01"]);
    assert_eq!(
        org.accounts.get("333333333333").unwrap(),
        &["r-ex01", "ou-ex01-prod0001"]
    );
    assert_eq!(
        org.accounts.get("444444444444").unwrap(),
        &["r-ex01", "ou-ex01-sandbox1"]
    );
    assert!(
        org.scps
            .iter()
            .any(|p| p.name == "DenyOutsideEU" && p.target == "ou-ex01-prod0001")
    );
    assert!(
        !org.scps
            .iter()
            .any(|p| p.name == "DenyOutsideEU" && p.target == "ou-ex01-sandbox1")
    );
    // From list-targets-for-policy: the RCP is attached where its targets say.
    assert!(
        org.rcps
            .iter()
            .any(|p| p.name == "OrgOnlyS3" && p.target == "ou-ex01-prod0001")
    );
}

#[test]
fn a_listing_that_does_not_name_its_parent_is_listed_not_guessed() {
    let text = data("org/accounts.ou-ex01-prod0001.json");
    let roots = data("org/list-roots.json");
    let imported = import(
        &[
            Input {
                name: "list-roots.json",
                text: &roots,
            },
            Input {
                name: "accounts.json",
                text: &text,
            },
        ],
        aws(),
    );
    assert!(
        imported
            .summary
            .unresolved
            .iter()
            .any(|u| u.contains("accounts.json") && u.contains("--parent-id")),
        "{:?}",
        imported.summary.unresolved
    );
    let org = imported.scenario.unwrap().organization.unwrap();
    assert!(org.accounts.get("333333333333").is_none());
}

#[test]
fn accounts_under_an_ou_no_listing_places_are_reported() {
    let imported = run(&["org/list-roots.json", "org/accounts.ou-ex01-sandbox1.json"]);
    assert!(
        imported
            .summary
            .unresolved
            .iter()
            .any(|u| u.contains("ou-ex01-sandbox1")
                && u.contains("list-organizational-units-for-parent")),
        "{:?}",
        imported.summary.unresolved
    );
}

#[test]
fn a_resource_policy_that_is_not_a_policy_is_left_out_and_said() {
    // A bucket policy wrapper and queue attributes whose `Policy` is a string but no JSON.
    let bucket = r#"{"Policy": "Version=2012-10-17"}"#;
    let queue = r#"{"Attributes": {"Policy": "{not json", "QueueArn": "arn:aws:sqs:us-east-1:333333333333:q"}}"#;
    let inputs = [
        Input {
            name: "bucket.json",
            text: bucket,
        },
        Input {
            name: "queue.json",
            text: queue,
        },
    ];
    let imported = import(&inputs, aws());
    let unresolved = &imported.summary.unresolved;
    assert!(
        unresolved
            .iter()
            .any(|u| u.starts_with("`Policy`: a policy document") && u.ends_with("; left out")),
        "{unresolved:?}"
    );
    assert!(
        unresolved.iter().any(|u| u
            .starts_with("queue `Policy`: a policy document that is not valid JSON")
            && u.ends_with("; left out")),
        "{unresolved:?}"
    );
    assert!(imported.scenario.unwrap().resources.is_empty());
}

#[test]
fn terraform_memberships_put_users_in_groups_from_either_side() {
    let change = |address: &str, after: &str| {
        let kind = address.split('.').next().unwrap();
        format!(
            r#"{{"address": "{address}", "mode": "managed", "type": "{kind}", "change": {{"actions": ["create"], "before": null, "after": {after}}}}}"#
        )
    };
    let changes = [
        change(
            "aws_iam_user.alice",
            r#"{"name": "alice", "arn": "arn:aws:iam::555555555555:user/alice"}"#,
        ),
        change(
            "aws_iam_user.bob",
            r#"{"name": "bob", "arn": "arn:aws:iam::555555555555:user/bob"}"#,
        ),
        change(
            "aws_iam_group.devs",
            r#"{"name": "devs", "arn": "arn:aws:iam::555555555555:group/devs"}"#,
        ),
        // A user's groups, and a group's users.
        change(
            "aws_iam_user_group_membership.alice",
            r#"{"user": "alice", "groups": ["devs"]}"#,
        ),
        change(
            "aws_iam_group_membership.devs",
            r#"{"name": "devs-members", "group": "devs", "users": ["bob"]}"#,
        ),
    ];
    let text = format!(
        r#"{{"format_version": "1.2", "planned_values": {{"root_module": {{"resources": []}}}}, "resource_changes": [{}]}}"#,
        changes.join(", ")
    );
    let imported = import(
        &[Input {
            name: "plan.json",
            text: &text,
        }],
        aws(),
    );
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    let scenario = imported.scenario.unwrap();
    for user in ["alice", "bob"] {
        let arn = format!("arn:aws:iam::555555555555:user/{user}");
        assert_eq!(
            scenario.identity(&arn).unwrap().groups,
            ["arn:aws:iam::555555555555:group/devs"],
            "{user}"
        );
    }
}
