//! `cargo xtask catalog`: regenerates the committed AWS service catalog.
//!
//! OWNER: helper "catalog".

use std::process::ExitCode;

/// Runs `cargo xtask catalog`.
pub fn run(args: &[String]) -> ExitCode {
    let _ = args;
    eprintln!("xtask: `catalog` is not available yet");
    ExitCode::from(2)
}
