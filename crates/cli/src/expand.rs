//! `rolecall expand`.

use std::process::ExitCode;

/// Arguments of `rolecall expand`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `rolecall expand`.
pub fn run(args: Args) -> ExitCode {
    let _ = args;
    eprintln!("rolecall: `expand` is not available yet");
    ExitCode::from(2)
}
