//! `rolecall share` and `rolecall open`.

use std::process::ExitCode;

/// Arguments of `rolecall share`.
#[derive(Debug, clap::Args)]
pub struct ShareArgs {}

/// Arguments of `rolecall open`.
#[derive(Debug, clap::Args)]
pub struct OpenArgs {}

/// Runs `rolecall share`.
pub fn run_share(args: ShareArgs) -> ExitCode {
    let _ = args;
    eprintln!("rolecall: `share` is not available yet");
    ExitCode::from(2)
}

/// Runs `rolecall open`.
pub fn run_open(args: OpenArgs) -> ExitCode {
    let _ = args;
    eprintln!("rolecall: `open` is not available yet");
    ExitCode::from(2)
}
