//! `cargo xtask test`: every check the project has, with a PASS/FAIL summary.
//!
//! The steps run in order and the run goes on after a failure (so one run shows everything that
//! is wrong), except that the browser tests need the release bundle. The exit code is non-zero
//! when any step failed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::diff;
use crate::fuzz;
use crate::server;
use crate::setup::run_setup;
use crate::size;
use crate::util::{command, repo_root, run, seconds, timed};
use crate::web::{build_release, dist_dir};

/// The outcome of one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Pass,
    Fail,
    Skip,
}

/// One line of the summary table.
#[derive(Debug)]
struct Step {
    name: &'static str,
    outcome: Outcome,
    duration: Duration,
    note: String,
}

/// Runs `cargo xtask test`.
pub fn run_test(args: &[String]) -> ExitCode {
    if let Some(arg) = args.first() {
        eprintln!("xtask: unknown argument `{arg}` (usage: cargo xtask test)");
        return ExitCode::from(2);
    }
    let mut steps = Vec::new();
    let (setup, duration) = timed(run_setup);
    let setup_ok = setup.is_ok();
    steps.push(step("setup", setup, duration));
    if setup_ok {
        steps.push(cargo_step("format", &["fmt", "--all", "--check"]));
        steps.push(cargo_step(
            "clippy",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ));
        steps.push(cargo_step("native tests", &["test", "--workspace"]));
        let (stress, duration) = timed(fuzz::stress_short);
        steps.push(step("stress (hostile inputs, 256 KiB)", stress, duration));
        let (smoke, duration) = timed(|| fuzz::smoke(fuzz::SMOKE_SECONDS));
        steps.push(step("fuzz smoke (8 targets)", smoke, duration));
        steps.push(oracle_diff_step());
        println!("== wasm release build");
        let (build, duration) = timed(build_release);
        let built = build.is_ok();
        steps.push(step("wasm release build (trunk)", build, duration));
        if built {
            println!("== browser end-to-end tests");
            let (e2e, duration) = timed(|| browser_tests(None));
            steps.push(step("browser e2e tests (chromium)", e2e, duration));
            if let Err(err) = size::report() {
                eprintln!("xtask: size report unavailable: {err}");
            }
        } else {
            steps.push(skipped(
                "browser e2e tests (chromium)",
                "needs the wasm build",
            ));
        }
    } else {
        for name in [
            "format",
            "clippy",
            "native tests",
            "stress (hostile inputs, 256 KiB)",
            "fuzz smoke (8 targets)",
            "oracle diff (3000 requests)",
            "wasm release build (trunk)",
            "browser e2e tests (chromium)",
        ] {
            steps.push(skipped(name, "setup failed"));
        }
    }
    summary(&steps)
}

/// Runs `cargo xtask e2e [FILTER]`: setup, the release build, and the browser tests whose
/// `file::test` name contains `FILTER`.
///
/// # Errors
///
/// Returns a message when setup, the build or a browser test fails.
pub fn run_e2e(args: &[String]) -> Result<(), String> {
    let filter = match args {
        [] => None,
        [filter] => Some(filter.as_str()),
        _ => return Err("usage: cargo xtask e2e [NAME-FILTER]".to_owned()),
    };
    run_setup()?;
    println!("== wasm release build");
    build_release()?;
    println!("== browser end-to-end tests");
    browser_tests(filter)
}

fn step(name: &'static str, result: Result<(), String>, duration: Duration) -> Step {
    let (outcome, note) = match result {
        Ok(()) => (Outcome::Pass, String::new()),
        Err(err) => (Outcome::Fail, err),
    };
    Step {
        name,
        outcome,
        duration,
        note,
    }
}

fn skipped(name: &'static str, why: &str) -> Step {
    Step {
        name,
        outcome: Outcome::Skip,
        duration: Duration::ZERO,
        note: why.to_owned(),
    }
}

/// `cargo xtask diff --n 3000 --seed 1`: Rolecall against the reference simulator in
/// tests/oracle; fails on any disagreement tests/oracle/deviations.md does not explain, a
/// Rolecall `error` included (see README, "Differential testing").
fn oracle_diff_step() -> Step {
    println!("== oracle diff");
    let options = diff::Options {
        n: 3000,
        seed: 1,
        release: false,
    };
    let (result, duration) = timed(|| diff::check(options));
    step("oracle diff (3000 requests)", result, duration)
}

fn cargo_step(name: &'static str, args: &[&str]) -> Step {
    println!("== {name}");
    let (ok, duration) = timed(|| run(command("cargo", args)));
    let result = if ok {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed", args.join(" ")))
    };
    step(name, result, duration)
}

/// Serves `dist/` on a free port and runs `node tests/e2e/run.mjs <url>` against it.
///
/// Some browser tests compare the page with the `rolecall` CLI, so the CLI is built first (a
/// no-op after `cargo test --workspace`) and its path passed as `ROLECALL_BIN`.
fn browser_tests(filter: Option<&str>) -> Result<(), String> {
    if !run(command(
        "cargo",
        &["build", "--quiet", "-p", "rolecall-cli"],
    )) {
        return Err("`cargo build -p rolecall-cli` failed".to_owned());
    }
    let cli = target_dir().join("debug").join("rolecall");
    let (listener, port) = server::bind(0)?;
    server::serve_in_background(listener, dist_dir());
    let url = format!("http://127.0.0.1:{port}/");
    let mut args = vec!["tests/e2e/run.mjs", url.as_str()];
    args.extend(filter);
    let mut cmd = command("node", &args);
    cmd.env("ROLECALL_BIN", &cli);
    if run(cmd) {
        Ok(())
    } else {
        Err("`node tests/e2e/run.mjs` reported failures".to_owned())
    }
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, else `target/` at the root.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || repo_root().join("target"),
        |dir| {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                repo_root().join(dir)
            }
        },
    )
}

fn summary(steps: &[Step]) -> ExitCode {
    println!();
    println!("== summary");
    for step in steps {
        let label = match step.outcome {
            Outcome::Pass => "PASS",
            Outcome::Fail => "FAIL",
            Outcome::Skip => "SKIP",
        };
        let time = if step.outcome == Outcome::Skip {
            String::new()
        } else {
            seconds(step.duration)
        };
        println!("{label}  {:<30} {time:>8}  {}", step.name, step.note);
    }
    let failed = steps
        .iter()
        .filter(|step| step.outcome != Outcome::Pass)
        .count();
    let total: Duration = steps.iter().map(|step| step.duration).sum();
    if failed == 0 {
        println!("all {} steps passed in {}", steps.len(), seconds(total));
        ExitCode::SUCCESS
    } else {
        println!(
            "{failed} of {} steps failed or were skipped ({})",
            steps.len(),
            seconds(total)
        );
        ExitCode::FAILURE
    }
}
