//! `cargo xtask test`: every check the project has, with a PASS/FAIL summary.
//!
//! The steps run in order and the run goes on after a failure (so one run shows everything that
//! is wrong), except that the browser tests need the release bundle. The exit code is non-zero
//! when any step failed.

use std::process::ExitCode;
use std::time::Duration;

use crate::server;
use crate::setup::run_setup;
use crate::size;
use crate::util::{command, run, seconds, timed};
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
        println!("== wasm release build");
        let (build, duration) = timed(build_release);
        let built = build.is_ok();
        steps.push(step("wasm release build (trunk)", build, duration));
        if built {
            println!("== browser end-to-end tests");
            let (e2e, duration) = timed(browser_tests);
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
            "wasm release build (trunk)",
            "browser e2e tests (chromium)",
        ] {
            steps.push(skipped(name, "setup failed"));
        }
    }
    summary(&steps)
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
fn browser_tests() -> Result<(), String> {
    let (listener, port) = server::bind(0)?;
    server::serve_in_background(listener, dist_dir());
    let url = format!("http://127.0.0.1:{port}/");
    if run(command("node", &["tests/e2e/run.mjs", &url])) {
        Ok(())
    } else {
        Err("`node tests/e2e/run.mjs` reported failures".to_owned())
    }
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
