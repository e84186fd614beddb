//! `rolecall check`: does every `expect` hold? Made for CI.

use std::path::PathBuf;
use std::process::ExitCode;

use rolecall_core::scenario::{evaluate_scenario, render::render_check_table};

use crate::eval::load_file;

/// Arguments of `rolecall check`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  rolecall check examples/*.json
  rolecall check tests/corpus/scenarios/**/*.json

Each request prints one line: pass, FAIL, or ---- (no `expect`), with the expected and the
actual decision. Requests without `expect` are listed but never fail.

Exit codes:
  0  every `expect` of every file holds
  1  at least one `expect` does not hold
  2  a file cannot be read or has errors (shown with their location)")]
pub struct Args {
    /// The scenario files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Runs `rolecall check`.
pub fn run(args: Args) -> ExitCode {
    let (mut passed, mut failed, mut unchecked, mut broken) = (0usize, 0usize, 0usize, 0usize);
    for file in &args.files {
        let Some((_, scenario)) = load_file(file) else {
            broken += 1;
            continue;
        };
        let outcome = evaluate_scenario(&scenario);
        print!(
            "{}",
            render_check_table(&file.display().to_string(), &outcome)
        );
        for r in &outcome.requests {
            match r.passed {
                Some(true) => passed += 1,
                Some(false) => failed += 1,
                None => unchecked += 1,
            }
        }
    }
    println!(
        "{passed} passed, {failed} failed, {unchecked} without expect, {broken} unreadable file(s)"
    );
    if broken > 0 {
        ExitCode::from(2)
    } else if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
