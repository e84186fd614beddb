//! `rolecall eval`.

use std::process::ExitCode;

/// Arguments of `rolecall eval`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `rolecall eval`.
pub fn run(args: Args) -> ExitCode {
    let _ = args;
    eprintln!("rolecall: `eval` is not available yet");
    ExitCode::from(2)
}
