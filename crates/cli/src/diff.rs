//! `rolecall diff`: which requests get a different decision in a new version of a scenario.

use std::path::PathBuf;
use std::process::ExitCode;

use rolecall_core::diff::{DiffLimits, diff, render_text};

use crate::eval::{Format, load_file};

/// Arguments of `rolecall diff`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  rolecall diff old.json new.json
  rolecall diff <(git show origin/main:policies/app.json) policies/app.json --format json

Compared: the scenarios' own requests; probes (every catalog action of the services the
changed documents name, on `*` and on every resource of the scenarios, for every user and
role, without and with each condition key value the changed documents test, and
`sts:AssumeRole` of every role); and who-can answers (principals that reach an action through
a path). A bound that is hit is printed (`bound hit: ...`), never silent.

JSON: {\"flipped\": [{\"request\": {...}, \"origin\", \"old\", \"new\", \"principal\",
\"action\", \"resource\", \"oldExplanation\", \"newExplanation\"}], \"newAccess\": N,
\"removedAccess\", \"compared\", \"changedDocuments\", \"services\", \"bounds\"}

Exit codes:
  0  NEW grants nothing that OLD did not
  1  NEW grants access that OLD did not (a request became allowed)
  2  a file cannot be read or has errors (shown with their location)")]
pub struct Args {
    /// The old scenario.
    pub old: PathBuf,
    /// The new scenario.
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The most probes to evaluate (each against both scenarios).
    #[arg(long, value_name = "N", default_value_t = DiffLimits::default().max_probes)]
    pub max_probes: usize,
}

/// Runs `rolecall diff`.
pub fn run(args: Args) -> ExitCode {
    let (Some((_, old)), Some((_, new))) = (load_file(&args.old), load_file(&args.new)) else {
        return ExitCode::from(2);
    };
    let catalog = crate::expand::catalog_or_say("; probing without it");
    let limits = DiffLimits {
        max_probes: args.max_probes,
        ..DiffLimits::default()
    };
    let result = diff(&old, &new, catalog, &limits);
    match args.format {
        Format::Text => print!("{}", render_text(&result)),
        Format::Json => match serde_json::to_string_pretty(&result) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("rolecall: cannot write JSON: {e}");
                return ExitCode::from(2);
            }
        },
    }
    if result.new_access > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
