//! `rolecall import`: AWS account exports, CLI outputs, CloudFormation templates and Terraform
//! plans turned into one scenario (the pure `rolecall-import` crate does the work).

use std::io::{IsTerminal as _, Read as _};
use std::path::PathBuf;
use std::process::ExitCode;

use rolecall_core::diagnostic::render::{render_all, summary};
use rolecall_core::scenario::load_with;
use rolecall_import::{Input, MAX_INPUT_BYTES, import, to_text};

/// Arguments of `rolecall import`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The format of each file is detected from its content and named in the summary:
  aws iam get-account-authorization-details [--filter ...]   (several = several accounts)
  aws iam get-role | get-user | get-group
  aws iam get-policy + aws iam get-policy-version
  aws iam get-role-policy | get-user-policy | get-group-policy
  aws s3api get-bucket-policy | aws kms get-key-policy | aws lambda get-policy
  aws sqs get-queue-attributes --attribute-names Policy QueueArn
  aws organizations describe-policy, with the organization tree: list-roots,
    list-organizational-units-for-parent, list-accounts-for-parent outputs (the parent id in
    the file name) or a tree file (README, \"Organization tree file\")
  a CloudFormation template (JSON or YAML)
  terraform show -json plan.out
Policy documents may be JSON objects, JSON strings or URL-encoded. AWS managed policies an
export names without their document come from the bundled data.

The summary (stderr) lists what was created per kind, the references that could not be
resolved, the placeholders put for values the input does not have, and what this kind of
input cannot contain. The scenario goes to stdout, or to the file of `-o`.

Examples:
  aws iam get-account-authorization-details > account.json
  rolecall import account.json -o scenario.json
  rolecall import prod.json dev.json bucket-policy.json -o accounts.json
  rolecall import template.yaml | rolecall eval /dev/stdin

Exit codes:
  0  the scenario was written (the summary says what is missing from it)
  2  a file cannot be read, is not a format the import knows, is too large, or the output
     file exists (use --force to replace it); nothing was written")]
pub struct Args {
    /// The files to import (`-` reads standard input).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write the scenario to this file instead of standard output.
    #[arg(short, long, value_name = "SCENARIO")]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Reads one input file (or standard input for `-`), refusing one larger than the import reads
/// before loading it whole.
fn read_input(path: &PathBuf) -> Result<(String, String), String> {
    let name = path.display().to_string();
    let limit = u64::try_from(MAX_INPUT_BYTES).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    let read = if name == "-" {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map(|_| ())
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|e| format!("cannot read `{name}`: {e}"))?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "`{name}` is larger than {} MB, the most the import reads (an account export of 5,000 identities is about 15 MB): is it the right file?",
            MAX_INPUT_BYTES / 1_048_576
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "`{name}` is not UTF-8 text (byte {}): is it the right file?",
            e.utf8_error().valid_up_to()
        )
    })?;
    let name = if name == "-" {
        "stdin".to_owned()
    } else {
        name
    };
    Ok((name, text))
}

/// Runs `rolecall import`.
pub fn run(args: Args) -> ExitCode {
    if let Some(out) = &args.output
        && out.exists()
        && !args.force
    {
        eprintln!(
            "rolecall: `{}` exists; nothing was written (use --force to replace it)",
            out.display()
        );
        return ExitCode::from(2);
    }
    let mut files = Vec::new();
    for path in &args.files {
        match read_input(path) {
            Ok(file) => files.push(file),
            Err(why) => {
                eprintln!("rolecall: {why}");
                return ExitCode::from(2);
            }
        }
    }
    let inputs: Vec<Input<'_>> = files
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    let aws = crate::managed::aws();
    let imported = import(&inputs, aws);
    for line in imported.summary.lines() {
        eprintln!("{line}");
    }
    let Some(scenario) = imported.scenario else {
        for error in &imported.errors {
            eprintln!("rolecall: {error}");
        }
        eprintln!("rolecall: nothing was imported");
        return ExitCode::from(2);
    };
    let text = to_text(&scenario);
    // The scenario is checked as `rolecall eval` would load it, so that what the import could
    // not resolve is also said in the scenario's own diagnostics.
    let loaded = load_with(&text, aws);
    if !loaded.diagnostics.is_empty() {
        let target = args
            .output
            .as_ref()
            .map_or_else(|| "the scenario".to_owned(), |p| p.display().to_string());
        if loaded.diagnostics.len() <= 20 {
            let color = std::io::stderr().is_terminal();
            eprint!("{}", render_all(&loaded.diagnostics, &text, &target, color));
        }
        eprintln!(
            "{target}: {} (run `rolecall eval` on it to see them in place)",
            summary(&loaded.diagnostics)
        );
    }
    match &args.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, format!("{text}\n")) {
                eprintln!("rolecall: cannot write `{}`: {e}", path.display());
                return ExitCode::from(2);
            }
            eprintln!("wrote {}", path.display());
        }
        None => println!("{text}"),
    }
    ExitCode::SUCCESS
}
