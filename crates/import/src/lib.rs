//! rolecall-import: what AWS gives you, turned into a Rolecall scenario, and back.
//!
//! Pure like the core (text in, values out), so the CLI (`rolecall import`, `rolecall export`)
//! and the page use the same code. Formats, detected by their content:
//!
//! | format | AWS side |
//! |---|---|
//! | account export | `aws iam get-account-authorization-details` (whole or `--filter`ed) |
//! | IAM entity | `aws iam get-role`, `get-user`, `get-group` |
//! | managed policy | `aws iam get-policy` + `aws iam get-policy-version` |
//! | inline policy | `aws iam get-role-policy`, `get-user-policy`, `get-group-policy` |
//! | resource policy | `aws s3api get-bucket-policy`, `aws kms get-key-policy`, `aws lambda get-policy` |
//! | queue attributes | `aws sqs get-queue-attributes --attribute-names Policy QueueArn` |
//! | organization policy | `aws organizations describe-policy` (SCP, RCP) |
//! | organization tree | `aws organizations list-roots`, `list-organizational-units-for-parent`, `list-accounts-for-parent`, `list-policies-for-target`, `list-targets-for-policy` ([`org_listing`]), or the tree file of [`orgs`] |
//! | CloudFormation | a template, JSON or YAML |
//! | Terraform plan | `terraform show -json plan.out` |
//!
//! Every policy document may be an object, a JSON string or URL-encoded ([`document`]).

pub mod cfn;
pub mod cfn_org;
pub mod document;
pub mod error;
pub mod export;
pub mod generate;
pub mod iam;
pub mod node;
pub mod org_listing;
pub mod orgs;
pub mod resource;
pub mod terraform;
pub mod world;
pub mod yaml;

use rolecall_core::managed::ManagedPolicies;
use rolecall_core::scenario::{self, Scenario};

pub use crate::error::ImportError;
use crate::node::Node;
use crate::org_listing::Listing;
use crate::world::{Summary, World};

/// The largest input the import reads, in bytes.
///
/// Why a limit: the page must stay responsive, and a file this big is almost always the wrong
/// one. An account export of 5,000 identities with their policies is about 15 MB.
pub const MAX_INPUT_BYTES: usize = 25 * 1024 * 1024;

/// Why a Rolecall scenario is not imported (the page opens such a file instead).
pub const SCENARIO_GIVEN: &str =
    "this is already a Rolecall scenario: open it instead of importing it";

/// One input file.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// Its name (shown in the summary and in messages).
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// The formats the import recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `aws iam get-account-authorization-details`.
    AuthorizationDetails,
    /// `aws iam get-role` / `get-user` / `get-group`.
    IamEntity,
    /// `aws iam get-policy`.
    IamPolicy,
    /// `aws iam get-policy-version`.
    IamPolicyVersion,
    /// `aws iam get-role-policy` / `get-user-policy` / `get-group-policy`.
    IamInlinePolicy,
    /// `{"Policy": "<json string>"}` of S3, KMS, Lambda.
    ResourcePolicy,
    /// `aws sqs get-queue-attributes`.
    QueueAttributes,
    /// `aws organizations describe-policy`.
    OrganizationPolicy,
    /// The organization tree file.
    OrganizationTree,
    /// An `aws organizations list-*` output of the tree.
    OrganizationListing(Listing),
    /// A CloudFormation template.
    CloudFormation,
    /// `terraform show -json`.
    TerraformPlan,
}

impl Format {
    /// The format's name in the summary.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::AuthorizationDetails => {
                "account export (aws iam get-account-authorization-details)"
            }
            Self::IamEntity => "IAM entity (aws iam get-role / get-user / get-group)",
            Self::IamPolicy => "managed policy (aws iam get-policy)",
            Self::IamPolicyVersion => "policy version (aws iam get-policy-version)",
            Self::IamInlinePolicy => {
                "inline policy (aws iam get-role-policy / get-user-policy / get-group-policy)"
            }
            Self::ResourcePolicy => {
                "resource policy (s3api get-bucket-policy / kms get-key-policy / lambda get-policy)"
            }
            Self::QueueAttributes => "queue attributes (aws sqs get-queue-attributes)",
            Self::OrganizationPolicy => "organization policy (aws organizations describe-policy)",
            Self::OrganizationTree => "organization tree file",
            Self::OrganizationListing(listing) => match listing {
                Listing::Roots => "organization roots (aws organizations list-roots)",
                Listing::Units => {
                    "organizational units (aws organizations list-organizational-units-for-parent)"
                }
                Listing::Accounts => "accounts (aws organizations list-accounts-for-parent)",
                Listing::PoliciesForTarget => {
                    "attached policies (aws organizations list-policies-for-target)"
                }
                Listing::TargetsForPolicy => {
                    "policy targets (aws organizations list-targets-for-policy)"
                }
            },
            Self::CloudFormation => "CloudFormation template",
            Self::TerraformPlan => "Terraform plan (terraform show -json)",
        }
    }
}

/// Keys that only AWS outputs, templates and plans have at their top level (the ones [`detect`]
/// looks for), as they appear in JSON text.
const MARKERS: &[&str] = &[
    "\"UserDetailList\"",
    "\"GroupDetailList\"",
    "\"RoleDetailList\"",
    "\"AWSTemplateFormatVersion\"",
    "\"Resources\"",
    "\"resource_changes\"",
    "\"planned_values\"",
    "\"PolicyVersion\"",
    "\"PolicyDocument\"",
    "\"Policy\"",
    "\"Attributes\"",
    "\"Roots\"",
    "\"OrganizationalUnits\"",
    "\"Accounts\"",
    "\"Role\"",
    "\"User\"",
    "\"Group\"",
    "rolecallOrganizationTree",
];

/// Whether text that may not even parse (a truncated file) looks like something the import
/// reads rather than a Rolecall scenario: one of the top-level keys of the formats appears in
/// its first 4 KB, or it is YAML with `Resources:`. The page uses it to choose which reader
/// explains a syntax error.
#[must_use]
pub fn looks_importable(text: &str) -> bool {
    let end = (0..=text.len().min(4096))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let head = text.get(..end).unwrap_or("");
    MARKERS.iter().any(|m| head.contains(m)) || head.contains("Resources:")
}

/// Which format a parsed input is, or why it is none.
///
/// # Errors
/// An [`ImportError`] naming what was found and what the import reads.
pub fn detect(root: &Node) -> Result<Format, ImportError> {
    let is = |key: &str| root.has(key);
    if !matches!(root, Node::Object(_)) {
        return Err(ImportError::NotAnObject);
    }
    if is("rolecall") {
        return Err(ImportError::ScenarioGiven);
    }
    let format = if let Some(listing) = Listing::of(root) {
        Format::OrganizationListing(listing)
    } else if ["UserDetailList", "GroupDetailList", "RoleDetailList"]
        .iter()
        .any(|k| is(k))
        || matches!(root.get("Policies"), Some(Node::Array(_)))
    {
        Format::AuthorizationDetails
    } else if is("resource_changes") || (is("format_version") && is("planned_values")) {
        Format::TerraformPlan
    } else if is("AWSTemplateFormatVersion")
        || root.get("Resources").is_some_and(|r| {
            r.members()
                .iter()
                .any(|(_, v)| v.str("Type").is_some_and(|t| t.contains("::")))
        })
    {
        Format::CloudFormation
    } else if is("rolecallOrganizationTree") {
        Format::OrganizationTree
    } else if is("PolicyVersion") {
        Format::IamPolicyVersion
    } else if is("PolicyDocument") && (is("RoleName") || is("UserName") || is("GroupName")) {
        Format::IamInlinePolicy
    } else if let Some(policy) = root.get("Policy") {
        match policy {
            Node::String(_) => Format::ResourcePolicy,
            p if p.has("PolicySummary") => Format::OrganizationPolicy,
            p if p.has("Arn") => Format::IamPolicy,
            _ => return Err(ImportError::UnknownPolicyObject),
        }
    } else if ["Role", "User", "Group"]
        .iter()
        .any(|k| matches!(root.get(k), Some(Node::Object(_))))
    {
        Format::IamEntity
    } else if matches!(root.get("Attributes"), Some(Node::Object(_))) {
        Format::QueueAttributes
    } else {
        let keys = root.members().iter().take(5).map(|(k, _)| k.clone());
        return Err(ImportError::UnknownFormat {
            keys: keys.collect(),
        });
    };
    Ok(format)
}

/// Reads one input: JSON, or YAML for a CloudFormation template.
///
/// # Errors
/// An [`ImportError`] with the place of the first syntax error, or why the text is not read.
pub fn read(input: Input<'_>) -> Result<(Format, Node), ImportError> {
    if input.text.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            bytes: input.text.len(),
        });
    }
    let trimmed = input.text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(ImportError::Empty);
    }
    let root = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        Node::parse_json(trimmed).map_err(ImportError::Json)?
    } else {
        let node = Node::parse_yaml(trimmed).map_err(ImportError::Yaml)?;
        if !node.has("Resources") {
            return Err(ImportError::YamlNotTemplate);
        }
        node
    };
    let format = detect(&root)?;
    Ok((format, root))
}

/// What an import made.
#[derive(Clone, Debug, Default)]
pub struct Imported {
    /// The scenario, unless an input could not be read.
    pub scenario: Option<Scenario>,
    /// What was found, created, left out and replaced by placeholders.
    pub summary: Summary,
    /// One message per input that could not be read (`file: why`); none when it worked.
    pub errors: Vec<String>,
    /// The names of the inputs that are Rolecall scenarios, to be opened rather than imported.
    pub scenario_files: Vec<String>,
}

/// Imports `inputs` into one scenario. The AWS managed policies in `aws` resolve the
/// attachments an export names without their document.
///
/// # Examples
///
/// ```
/// use rolecall_core::managed::ManagedPolicies;
/// use rolecall_import::{Input, import};
/// let text = r#"{"RoleName": "app", "PolicyName": "Read", "PolicyDocument": {"Version": "2012-10-17", "Statement": []}}"#;
/// let imported = import(&[Input { name: "role-policy.json", text }], &ManagedPolicies::new());
/// assert!(imported.errors.is_empty());
/// assert_eq!(imported.scenario.unwrap().identities[0].arn, "arn:aws:iam::123456789012:role/app");
/// ```
#[must_use]
pub fn import(inputs: &[Input<'_>], aws: &ManagedPolicies) -> Imported {
    let mut world = World::default();
    let mut errors = Vec::new();
    let mut scenario_files = Vec::new();
    let mut read_inputs = Vec::new();
    for input in inputs {
        match read(*input) {
            Ok((format, root)) => {
                world
                    .summary
                    .files
                    .push((input.name.to_owned(), format.name().to_owned()));
                read_inputs.push((input.name, format, root));
            }
            Err(why) => {
                if why == ImportError::ScenarioGiven {
                    scenario_files.push(input.name.to_owned());
                }
                errors.push(format!("{}: {why}", input.name));
            }
        }
    }
    if !errors.is_empty() {
        return Imported {
            scenario: None,
            summary: world.summary,
            errors,
            scenario_files,
        };
    }
    // Whole pictures first, then the outputs that name entities without their account.
    for (_, format, root) in &read_inputs {
        match format {
            Format::AuthorizationDetails => iam::authorization_details(&mut world, root),
            Format::IamEntity => iam::get_entity(&mut world, root),
            Format::CloudFormation => cfn::template(&mut world, root, None),
            Format::TerraformPlan => terraform::plan(&mut world, root),
            _ => {}
        }
    }
    let accounts = world.accounts();
    let account = match accounts.as_slice() {
        [one] => one.clone(),
        _ => cfn::ACCOUNT.to_owned(),
    };
    let mut headers = Vec::new();
    let mut versions = Vec::new();
    let mut org_policies = Vec::new();
    let mut trees = Vec::new();
    let mut listings = Vec::new();
    for (n, (name, format, root)) in read_inputs.iter().enumerate() {
        match format {
            Format::IamInlinePolicy => iam::inline_output(&mut world, root, &account),
            Format::ResourcePolicy => resource::wrapped_policy(&mut world, root, &account, n + 1),
            Format::QueueAttributes => {
                resource::queue_attributes(&mut world, root, &account, n + 1)
            }
            Format::IamPolicy => headers.extend(iam::policy_header(root)),
            Format::IamPolicyVersion => versions.push(((*name).to_owned(), root.clone())),
            Format::OrganizationPolicy => {
                org_policies.extend(orgs::describe_policy(&mut world, root))
            }
            Format::OrganizationTree => trees.push(root),
            Format::OrganizationListing(listing) => listings.push((*name, *listing, root)),
            _ => {}
        }
    }
    iam::pair_versions(&mut world, &headers, &versions);
    match (trees.as_slice(), listings.is_empty()) {
        ([], true) => orgs::unattached(&mut world, &org_policies),
        ([], false) => match org_listing::tree_file(&mut world, &listings) {
            Some(tree) => orgs::tree(&mut world, &tree, &org_policies),
            None => orgs::unattached(&mut world, &org_policies),
        },
        ([tree, ..], no_listings) => {
            if !no_listings {
                world.summary.notes.push(
                    "both a tree file and `aws organizations list-*` outputs were given: the tree file is used".to_owned(),
                );
            }
            orgs::tree(&mut world, tree, &org_policies);
        }
    }
    let names: Vec<&str> = inputs.iter().map(|i| i.name).collect();
    let title = format!("Imported from {}", names.join(", "));
    let (scenario, summary) = world.finish(title, aws);
    Imported {
        scenario: Some(scenario),
        summary,
        errors,
        scenario_files,
    }
}

/// The imported scenario as the pretty JSON a user saves or opens.
#[must_use]
pub fn to_text(scenario: &Scenario) -> String {
    scenario::to_json(scenario)
}
