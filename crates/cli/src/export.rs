//! `rolecall export`: what builds a scenario's accounts in a sandbox, as an AWS CLI script or
//! one CloudFormation template per account (written by the pure `rolecall-import` crate).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rolecall_import::export;

use crate::eval::load_file;

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A shell script of `aws iam create-user`, `create-role`, `put-role-policy`,
    /// `attach-role-policy`, `add-user-to-group`, `put-bucket-policy`... commands.
    AwsCli,
    /// One CloudFormation template (JSON) per account.
    Cloudformation,
}

/// Arguments of `rolecall export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Builds the scenario's accounts in a sandbox, so that Rolecall's answers can be compared with
real AWS (the requests themselves are not exported). What AWS cannot take from a scenario is
said in comments (script) or Metadata (templates): unique ids are assigned by AWS, an inline
permissions boundary is created as a managed policy, resources are not created (only their
policies are set), SCPs and RCPs need the organization's management account.

Output: the script goes to stdout or to the file of `-o`. Templates: one account goes to
stdout or to the file of `-o`; several accounts need `-o DIR`, and each template is written to
DIR/ACCOUNT.json (also for one account when `-o` is a directory or ends with `/`).

Examples:
  rolecall export examples/aws-managed-policies.json --format aws-cli > build.sh
  rolecall export examples/cross-account.json --format cloudformation -o templates/
  aws cloudformation deploy --template-file templates/111111111111.json \\
      --stack-name rolecall --capabilities CAPABILITY_NAMED_IAM

Exit codes:
  0  the export was written
  2  the scenario cannot be read or has errors, several templates were asked for without
     `-o DIR`, or an output file exists (use --force to replace it)")]
pub struct Args {
    /// The scenario file.
    pub file: PathBuf,
    /// What to write.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Write to this file (or, for several templates, this directory) instead of stdout.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace output files that exist.
    #[arg(long)]
    pub force: bool,
}

/// Writes `text` to `path`, and says so on stderr.
fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

/// The files of a template export: `(path, text)` each, or why they cannot be written.
fn template_files(
    templates: Vec<(String, String)>,
    output: Option<&Path>,
) -> Result<Vec<(Option<PathBuf>, String)>, String> {
    // `-o DIR/` or an existing directory: one file per account, whatever their number.
    let directory = output.filter(|o| o.is_dir() || o.as_os_str().to_string_lossy().ends_with('/'));
    match (templates.len(), output) {
        (0, _) => Err("the scenario has no account to export (no identity or resource)".into()),
        (1, out) if directory.is_none() => Ok(templates
            .into_iter()
            .map(|(_, text)| (out.map(Path::to_path_buf), text))
            .collect()),
        (n, None) => Err(format!(
            "the scenario has {n} accounts, one template each: give a directory with `-o DIR`"
        )),
        (_, Some(dir)) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
            Ok(templates
                .into_iter()
                .map(|(account, text)| (Some(dir.join(format!("{account}.json"))), text))
                .collect())
        }
    }
}

/// Runs `rolecall export`.
pub fn run(args: Args) -> ExitCode {
    let Some((_, scenario)) = load_file(&args.file) else {
        return ExitCode::from(2);
    };
    let files = match args.format {
        Format::AwsCli => Ok(vec![(args.output.clone(), export::aws_cli(&scenario))]),
        Format::Cloudformation => {
            template_files(export::cloudformation(&scenario), args.output.as_deref())
        }
    };
    let files = match files {
        Ok(files) => files,
        Err(why) => {
            eprintln!("rolecall: {why}");
            return ExitCode::from(2);
        }
    };
    // Every target is checked before anything is written, so that a refusal writes nothing.
    if !args.force
        && let Some(existing) = files
            .iter()
            .filter_map(|(p, _)| p.as_ref())
            .find(|p| p.exists())
    {
        eprintln!(
            "rolecall: `{}` exists; nothing was written (use --force to replace it)",
            existing.display()
        );
        return ExitCode::from(2);
    }
    for (path, text) in files {
        let text = if text.ends_with('\n') {
            text
        } else {
            format!("{text}\n")
        };
        match path {
            Some(path) => {
                if let Err(why) = write(&path, &text) {
                    eprintln!("rolecall: {why}");
                    return ExitCode::from(2);
                }
            }
            None => print!("{text}"),
        }
    }
    ExitCode::SUCCESS
}
