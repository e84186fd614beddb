//! `rolecall check`.

use std::process::ExitCode;

/// Arguments of `rolecall check`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `rolecall check`.
pub fn run(args: Args) -> ExitCode {
    let _ = args;
    eprintln!("rolecall: `check` is not available yet");
    ExitCode::from(2)
}
