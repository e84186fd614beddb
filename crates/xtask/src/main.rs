//! `cargo xtask`: the project's task runner.
//!
//! OWNER: helper "infra" (except `catalog.rs`, owned by helper "catalog").

use std::process::ExitCode;

mod catalog;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("catalog") => catalog::run(args.get(1..).unwrap_or_default()),
        _ => {
            eprintln!("usage: cargo xtask <setup|serve|test|catalog>");
            ExitCode::from(2)
        }
    }
}
