//! `rolecall simulate`.

use std::process::ExitCode;

/// Arguments of `rolecall simulate`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `rolecall simulate`.
pub fn run(args: Args) -> ExitCode {
    let _ = args;
    eprintln!("rolecall: `simulate` is not available yet");
    ExitCode::from(2)
}
