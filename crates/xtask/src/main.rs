//! `cargo xtask`: the project's task runner.
//!
//! - `cargo xtask setup`: installs the tools (wasm target, trunk, wasm-bindgen-cli, npm
//!   packages, Debian chromium); fast when everything is there.
//! - `cargo xtask serve [--port N]`: setup, release build, serve on http://127.0.0.1:8080.
//! - `cargo xtask test`: setup, fmt, clippy, native tests, wasm build, browser tests.
//! - `cargo xtask e2e [FILTER]`: setup, release build, and only the browser tests (filtered).
//! - `cargo xtask size`: setup, release build, and the shipped sizes (raw and gzip).
//! - `cargo xtask diff [--n N] [--seed S] [--release]`: random requests through `rolecall
//!   simulate` and the reference simulator in tests/oracle, disagreements grouped by cause.
//! - `cargo xtask catalog`: regenerates the AWS service catalog (see `catalog.rs`).
//! - `cargo xtask managed-policies`: regenerates the AWS managed policies (see `managed.rs`).
//! - `cargo xtask fuzz [TARGET] [--time S] | --smoke [S] | --stress | --seed | --cmin [TARGET]`: the fuzz targets
//!   of `fuzz/` (nightly, cargo-fuzz), the stress stage of hostile inputs (see `fuzz.rs`).

use std::process::ExitCode;

mod catalog;
mod diff;
mod fuzz;
mod managed;
mod server;
mod setup;
mod size;
mod test;
mod util;
mod wasm_parts;
mod web;

const USAGE: &str = "usage: cargo xtask <setup | serve [--port N] | test | e2e [FILTER] | size | diff [--n N] [--seed S] [--release] | catalog | managed-policies | fuzz [TARGET] [--time S] | fuzz --smoke [S] | fuzz --stress | fuzz --seed | fuzz --cmin [TARGET]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("catalog") => return catalog::run_generated_file(&catalog::CATALOG, rest),
        Some("managed-policies") => {
            return catalog::run_generated_file(&managed::MANAGED, rest);
        }
        Some("test") => return test::run_test(rest),
        Some("setup") => no_args(rest).and_then(|()| setup::run_setup()),
        Some("serve") => web::run_serve(rest),
        Some("e2e") => test::run_e2e(rest),
        Some("diff") => diff::run_diff(rest),
        Some("fuzz") => fuzz::run_fuzz(rest),
        Some("size") => no_args(rest).and_then(|()| size_command()),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: {err}");
            ExitCode::FAILURE
        }
    }
}

fn no_args(args: &[String]) -> Result<(), String> {
    match args.first() {
        Some(arg) => Err(format!("unknown argument `{arg}`\n{USAGE}")),
        None => Ok(()),
    }
}

fn size_command() -> Result<(), String> {
    setup::run_setup()?;
    println!("== build");
    web::build_release()?;
    size::report()
}
