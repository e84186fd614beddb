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

//!
//! `aws_cli.rs` writes the script, `cloudformation.rs` the templates, both from what
//! `shared.rs` reads of the scenario.

mod aws_cli;
mod cloudformation;
mod shared;

pub use aws_cli::aws_cli;
pub use cloudformation::cloudformation;
pub use shared::slug;
