//! `rolecall lint`.

use std::process::ExitCode;

/// Arguments of `rolecall lint`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `rolecall lint`.
pub fn run(args: Args) -> ExitCode {
    let _ = args;
    eprintln!("rolecall: `lint` is not available yet");
    ExitCode::from(2)
}
