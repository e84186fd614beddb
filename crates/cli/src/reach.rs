//! `rolecall who-can`, `can-what` and `escalation`: queries over a scenario's access graph.

use std::path::PathBuf;
use std::process::ExitCode;

use rolecall_core::reach::render::{render_can_what, render_escalation, render_who_can};
use rolecall_core::reach::{AccessGraph, Limits, can_what, escalation, who_can, who_can_target};
use serde::Serialize;

use crate::eval::{Format, load_file};
use crate::expand::catalog_or_say;

/// Options shared by the three queries.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// The scenario file (JSON, format version 1), as for `rolecall eval`.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The longest path followed, in hops.
    #[arg(long, default_value_t = 5, value_name = "HOPS")]
    pub max_length: usize,
    /// The most paths listed for one principal (shortest first).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub max_paths: usize,
}

impl Common {
    fn limits(&self) -> Limits {
        Limits {
            max_length: self.max_length,
            max_paths: self.max_paths,
            ..Limits::default()
        }
    }
}

/// Arguments of `rolecall who-can`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Lists every principal that can perform the action on the resource: those that can do it
themselves (one empty path), then those with a path of assume-role calls, roles passed to
services, credentials created for other users or code changed, up to --max-length hops,
shortest first. Every hop names the statements that allow it, the values the caller must
supply (MFA, an ExternalId, token claims) and what it assumes beyond the scenario.

Examples:
  rolecall who-can examples/cross-account.json --action s3:GetObject --resource 'arn:aws:s3:::reports/q1.csv'
  rolecall who-can scenario.json --action sts:AssumeRole --resource arn:aws:iam::111111111111:role/Admin
  rolecall who-can scenario.json --action s3:PutObject --resource 'arn:aws:s3:::b/*' --format json

Exit codes:
  0  at least one principal can
  1  no principal can
  2  the file cannot be read, the scenario has errors (shown with their location) or the
     action is empty")]
pub struct WhoCanArgs {
    #[command(flatten)]
    common: Common,
    /// The action, such as `s3:GetObject`.
    #[arg(long)]
    action: String,
    /// The resource ARN (`*` for actions without a resource).
    #[arg(long, default_value = "*")]
    resource: String,
}

/// Arguments of `rolecall can-what`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Lists what the principal can do on the scenario's resources and on `*`, by service and access
level (from the AWS catalog), itself and as every principal it can reach (with the path).

Examples:
  rolecall can-what examples/cross-account.json --principal arn:aws:iam::111111111111:user/alice
  rolecall can-what scenario.json --principal arn:aws:iam::111111111111:role/Dev --format json

Exit codes:
  0  the answer was printed (even when the principal can do nothing)
  2  the file cannot be read, the scenario has errors, or no such principal is in it")]
pub struct CanWhatArgs {
    #[command(flatten)]
    common: Common,
    /// The principal: a user or role ARN of the scenario (a role session ARN finds its role).
    #[arg(long)]
    principal: String,
}

/// Arguments of `rolecall escalation`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Lists the administrators (principals allowed `*` on `*`, with no Deny, boundary or SCP cutting
IAM, S3, EC2, Lambda or Organizations) and every other principal that can become one,
with the technique at each hop. README.md gives the full definition.

Examples:
  rolecall escalation scenario.json
  rolecall escalation scenario.json --format json

Exit codes:
  0  no principal can become an administrator it is not already
  1  at least one escalation finding
  2  the file cannot be read or the scenario has errors (shown with their location)")]
pub struct EscalationArgs {
    #[command(flatten)]
    common: Common,
}

fn graph(common: &Common) -> Option<AccessGraph> {
    let (_, scenario) = load_file(&common.file)?;
    Some(AccessGraph::build(&scenario))
}

fn print<T: Serialize>(format: Format, value: &T, text: impl FnOnce(&T) -> String) -> bool {
    match format {
        Format::Text => {
            print!("{}", text(value));
            true
        }
        Format::Json => match serde_json::to_string_pretty(value) {
            Ok(json) => {
                println!("{json}");
                true
            }
            Err(e) => {
                eprintln!("rolecall: cannot write JSON: {e}");
                false
            }
        },
    }
}

/// Runs `rolecall who-can`.
pub fn run_who_can(args: WhoCanArgs) -> ExitCode {
    // The question first: an empty action needs no graph built.
    let (action, resource) = match who_can_target(&args.action, &args.resource) {
        Ok(target) => target,
        Err(error) => {
            eprintln!("rolecall: {error}");
            return ExitCode::from(2);
        }
    };
    let Some(graph) = graph(&args.common) else {
        return ExitCode::from(2);
    };
    let answer = who_can(&graph, action, resource, &args.common.limits()).with_statements(&graph);
    if !print(args.common.format, &answer, render_who_can) {
        return ExitCode::from(2);
    }
    if answer.principals.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs `rolecall can-what`.
pub fn run_can_what(args: CanWhatArgs) -> ExitCode {
    let Some(catalog) = catalog_or_say("") else {
        return ExitCode::from(2);
    };
    let Some(graph) = graph(&args.common) else {
        return ExitCode::from(2);
    };
    match can_what(&graph, &args.principal, catalog, &args.common.limits()) {
        Ok(answer) if print(args.common.format, &answer, render_can_what) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(2),
        Err(error) => {
            eprintln!("rolecall: {error}");
            ExitCode::from(2)
        }
    }
}

/// Runs `rolecall escalation`.
pub fn run_escalation(args: EscalationArgs) -> ExitCode {
    let Some(graph) = graph(&args.common) else {
        return ExitCode::from(2);
    };
    let answer = escalation(&graph, &args.common.limits()).with_statements(&graph);
    if !print(args.common.format, &answer, render_escalation) {
        return ExitCode::from(2);
    }
    if answer.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
