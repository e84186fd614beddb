//! `cargo xtask fuzz [TARGET] [--time S] | --smoke [S] | --stress | --seed`: the fuzz targets of
//! `fuzz/` (cargo-fuzz on the nightly toolchain), their seed corpora, and the stress stage.
//!
//! - `cargo xtask fuzz [TARGET] [--time S]`: fuzzes TARGET (every target when none is named)
//!   for S seconds each (default 60) with the IAM dictionary `fuzz/iam.dict`, libFuzzer's
//!   `-timeout=10` (a slow unit is a finding) and `-rss_limit_mb=2048`. Findings land in
//!   `fuzz/artifacts/TARGET/`; copy each into `fuzz/regressions/TARGET/` once fixed, and the
//!   stable replay test (`fuzz/tests/replay.rs`) keeps it fixed.
//! - `--smoke [S]`: installs the tools, builds every target in one instrumented build, then
//!   runs each for S seconds (default [`SMOKE_SECONDS`]): a step of `cargo xtask test`, so a
//!   reader that starts to panic fails CI (its cold cost is in BENCHMARKS.md, "Fuzzing").
//! - `--stress`: the worst cases of issue 14's table, built up to 1 MiB each, through the
//!   release build; each must stay within its time and memory bound (see
//!   `crates/stress/src/main.rs`).
//! - `--seed`: writes the seed corpora from the examples and the test corpus into
//!   `fuzz/corpus/TARGET/` (then `--cmin` minimises them).
//! - `--cmin [TARGET]`: minimises the committed corpus of TARGET (every target when none is
//!   named) with libFuzzer's `-merge=1`, taking in what local runs found (`fuzz/target-corpus/`):
//!   the smallest set of inputs with the coverage of both, written back to `fuzz/corpus/TARGET/`.
//!
//! The nightly toolchain and cargo-fuzz are installed by `fuzz_tools` (rustup and crates.io).

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{command, describe, output, repo_root, run};

const USAGE: &str = "usage: cargo xtask fuzz [TARGET] [--time S] | fuzz --smoke [S] | fuzz --stress | fuzz --seed | fuzz --cmin [TARGET]";

/// The fuzz targets (the files of `fuzz/fuzz_targets/`), in the order they are run.
pub const TARGETS: &[&str] = &[
    "policy",
    "scenario",
    "link",
    "simulate",
    "evaluate",
    "glob",
    "structured",
    "import",
];

/// Seconds per target of the smoke in `cargo xtask test` (`--smoke` without a number): about 20 s
/// each, as issue 14 asks (8 targets, two at a time: 80 s of running; the cold CI run took
/// 1,523 s of its 2,400 at 10 s). The longer runs are `cargo xtask fuzz TARGET --time S`.
pub const SMOKE_SECONDS: u64 = 20;

/// Targets the smoke runs at once: libFuzzer runs on one core, and CI has two. One at a time,
/// the 8 targets took 80 of the smoke's 214 s on CI (stop 22).
const SMOKE_AT_ONCE: usize = 2;

/// The cargo-fuzz release `fuzz_tools` installs.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Runs `cargo xtask fuzz ...`.
///
/// # Errors
///
/// Returns a message when the tools cannot be installed, a target finds a crash, a timeout or
/// an out-of-memory case, or a stress case goes beyond its bound.
pub fn run_fuzz(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("--stress") => return stress(),
        Some("--seed") => return seed(),
        Some("--smoke") => return smoke(parse_seconds(args.get(1), SMOKE_SECONDS)?),
        Some("--cmin") => return cmin(args.get(1).map(String::as_str)),
        _ => {}
    }
    let mut target = None;
    let mut seconds = 60;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--time" => seconds = parse_seconds(rest.next(), 60)?,
            name if TARGETS.contains(&name) && target.is_none() => target = Some(name),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    fuzz_tools()?;
    match target {
        Some(t) => fuzz(t, seconds),
        None => TARGETS.iter().try_for_each(|t| fuzz(t, seconds)),
    }
}

fn parse_seconds(arg: Option<&String>, default: u64) -> Result<u64, String> {
    match arg {
        None => Ok(default),
        Some(s) => s
            .parse()
            .map_err(|_| format!("`{s}` is not a number of seconds\n{USAGE}")),
    }
}

/// Installs the nightly toolchain (rustup) and cargo-fuzz (crates.io) when missing.
///
/// # Errors
///
/// Returns a message when an install fails.
pub fn fuzz_tools() -> Result<(), String> {
    let nightly = output(command("rustup", &["toolchain", "list"]))
        .is_some_and(|list| list.lines().any(|l| l.starts_with("nightly")));
    if nightly {
        println!("setup: {:<28} ok (installed)", "nightly toolchain");
    } else {
        println!("setup: {:<28} installing with rustup", "nightly toolchain");
        if !run(command(
            "rustup",
            &["toolchain", "install", "nightly", "--profile", "minimal"],
        )) {
            return Err("`rustup toolchain install nightly --profile minimal` failed".to_owned());
        }
    }
    let found = output(command("cargo", &["+nightly", "fuzz", "--version"]));
    if found
        .as_deref()
        .is_some_and(|v| v.contains(CARGO_FUZZ_VERSION))
    {
        println!("setup: {:<28} ok ({CARGO_FUZZ_VERSION})", "cargo-fuzz");
        return Ok(());
    }
    println!(
        "setup: {:<28} installing {CARGO_FUZZ_VERSION} from crates.io",
        "cargo-fuzz"
    );
    if run(command(
        "cargo",
        &[
            "install",
            "cargo-fuzz",
            "--version",
            CARGO_FUZZ_VERSION,
            "--locked",
        ],
    )) {
        Ok(())
    } else {
        Err(format!(
            "`cargo install cargo-fuzz --version {CARGO_FUZZ_VERSION} --locked` failed"
        ))
    }
}

fn fuzz_dir() -> PathBuf {
    repo_root().join("fuzz")
}

/// The smoke: the tools, one instrumented build of every target, then `seconds` of each.
///
/// # Errors
///
/// Returns a message when the tools or the build fail, or a target finds something.
pub fn smoke(seconds: u64) -> Result<(), String> {
    fuzz_tools()?;
    println!("== fuzz build (every target, instrumented, no sanitizer)");
    if !run(cargo_fuzz("build", &[])) {
        return Err("the instrumented build of the fuzz targets failed".to_owned());
    }
    // A fixed seed: the smoke in `cargo xtask test` explores the same inputs on every run of
    // the same commit, so a failure is reproducible rather than a coin toss. Each run's output
    // is printed whole when it ends, so that two runs at once do not mix their lines.
    let failures: Vec<String> = std::thread::scope(|scope| {
        TARGETS
            .chunks(SMOKE_AT_ONCE)
            .flat_map(|batch| {
                let runs: Vec<_> = batch
                    .iter()
                    .map(|t| scope.spawn(move || run_target(t, seconds, Some(1), Output::Whole)))
                    .collect();
                runs.into_iter()
                    .map(|run| {
                        run.join()
                            .unwrap_or_else(|_| Err("a fuzz run's thread panicked".to_owned()))
                    })
                    .collect::<Vec<_>>()
            })
            .filter_map(Result::err)
            .collect()
    });
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// How a fuzz run's output reaches the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    /// As it is written (one run at a time).
    Live,
    /// Whole, once the run ends (runs at once).
    Whole,
}

/// `cargo +nightly fuzz SUBCOMMAND ...` with the options every run and build shares (so that a
/// run reuses the build of `cargo xtask fuzz --smoke`).
fn cargo_fuzz(sub: &str, rest: &[&str]) -> std::process::Command {
    let mut all = vec![
        "+nightly",
        "fuzz",
        sub,
        "--features",
        "libfuzzer",
        "--fuzz-dir",
        "fuzz",
        // Safe Rust needs no sanitizer, and the build without one is much faster.
        "--sanitizer",
        "none",
        // Its own build directory: the nightly build never waits for (or invalidates) the
        // stable one.
        "--target-dir",
        "target/fuzz",
    ];
    all.extend_from_slice(rest);
    let mut cmd = command("cargo", &all);
    // The release profile's fat LTO and single codegen unit make the instrumented build very
    // slow and buy nothing for fuzzing.
    cmd.env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16");
    cmd
}

/// Fuzzes one target for `seconds`, starting from its committed corpus and past findings,
/// without a sanitizer (safe Rust needs none; the build is much faster).
///
/// # Errors
///
/// Returns a message when the run finds a crash, a timeout or an out-of-memory case.
pub fn fuzz(target: &str, seconds: u64) -> Result<(), String> {
    run_target(target, seconds, None, Output::Live)
}

/// [`fuzz`] with libFuzzer's `-seed` fixed when `seed` is given (random otherwise).
fn run_target(target: &str, seconds: u64, seed: Option<u64>, out: Output) -> Result<(), String> {
    if out == Output::Live {
        println!("== fuzz {target} ({seconds} s)");
    }
    let dir = fuzz_dir();
    // Work on a copy of the corpus, so that a run never rewrites the committed, minimised one.
    let work = dir.join("target-corpus").join(target);
    fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    for source in ["corpus", "regressions"] {
        copy_files(&dir.join(source).join(target), &work)?;
    }
    let time = format!("-max_total_time={seconds}");
    let dict = format!("-dict={}", dir.join("iam.dict").display());
    let work_arg = work.display().to_string();
    let seed_arg = seed.map(|s| format!("-seed={s}"));
    let mut args = vec![
        target,
        work_arg.as_str(),
        "--",
        time.as_str(),
        dict.as_str(),
        "-timeout=10",
        "-rss_limit_mb=2048",
        "-max_len=65536",
        "-print_final_stats=1",
    ];
    args.extend(seed_arg.as_deref());
    let cmd = cargo_fuzz("run", &args);
    let passed = match out {
        Output::Live => run(cmd),
        Output::Whole => run_whole(cmd, &format!("== fuzz {target} ({seconds} s)")),
    };
    if passed {
        Ok(())
    } else {
        Err(format!(
            "fuzz target `{target}` found a crash, a timeout or an out-of-memory case: see fuzz/artifacts/{target}/"
        ))
    }
}

/// Runs `cmd` with its output captured, then prints `title`, the command and all it wrote.
fn run_whole(mut cmd: std::process::Command, title: &str) -> bool {
    let line = describe(&cmd);
    let result = cmd.output();
    let mut text = format!("{title}\n$ {line}\n");
    let passed = match result {
        Ok(out) => {
            text.push_str(&String::from_utf8_lossy(&out.stdout));
            text.push_str(&String::from_utf8_lossy(&out.stderr));
            out.status.success()
        }
        Err(err) => {
            text.push_str(&format!("xtask: cannot run `{line}`: {err}\n"));
            false
        }
    };
    print!("{text}");
    passed
}

/// Minimises the committed corpus of `target` (every target when `None`) together with what
/// local runs found: libFuzzer's `-merge=1` keeps the fewest inputs that reach every feature of
/// both, in a fresh directory that then replaces `fuzz/corpus/TARGET/`.
///
/// # Errors
///
/// Returns a message for an unknown target, when the tools or the build fail, or when a merge
/// fails (an input of the corpus crashes).
fn cmin(target: Option<&str>) -> Result<(), String> {
    let targets: Vec<&str> = match target {
        None => TARGETS.to_vec(),
        Some(t) if TARGETS.contains(&t) => vec![t],
        Some(other) => return Err(format!("unknown target `{other}`\n{USAGE}")),
    };
    fuzz_tools()?;
    if !run(cargo_fuzz("build", &[])) {
        return Err("the instrumented build of the fuzz targets failed".to_owned());
    }
    let dir = fuzz_dir();
    for target in targets {
        println!("== fuzz cmin {target}");
        let corpus = dir.join("corpus").join(target);
        let found = dir.join("target-corpus").join(target);
        let merged = dir.join("target-cmin").join(target);
        let _ = fs::remove_dir_all(&merged);
        fs::create_dir_all(&merged)
            .map_err(|e| format!("cannot create {}: {e}", merged.display()))?;
        let paths = [&merged, &corpus, &found].map(|p| p.display().to_string());
        let mut args = vec![target, paths[0].as_str(), paths[1].as_str()];
        if found.is_dir() {
            args.push(paths[2].as_str());
        }
        args.extend([
            "--",
            "-merge=1",
            "-timeout=10",
            "-rss_limit_mb=2048",
            "-max_len=65536",
        ]);
        if !run(cargo_fuzz("run", &args)) {
            return Err(format!("minimising the corpus of `{target}` failed"));
        }
        fs::remove_dir_all(&corpus)
            .map_err(|e| format!("cannot replace {}: {e}", corpus.display()))?;
        fs::rename(&merged, &corpus)
            .map_err(|e| format!("cannot replace {}: {e}", corpus.display()))?;
    }
    Ok(())
}

fn copy_files(from: &Path, to: &Path) -> Result<(), String> {
    let Ok(entries) = fs::read_dir(from) else {
        return Ok(());
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if let Some(name) = path.file_name() {
            fs::copy(&path, to.join(name))
                .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Runs the stress stage in the optimised `stress` profile (see `crates/stress/src/main.rs`).
///
/// # Errors
///
/// Returns a message when a case goes beyond its time or memory bound.
pub fn stress() -> Result<(), String> {
    stress_with(&[])
}

/// The short stress stage of `cargo xtask test`: every family at 256 KiB.
///
/// # Errors
///
/// Returns a message when a case goes beyond its bound.
pub fn stress_short() -> Result<(), String> {
    stress_with(&["--size", "262144"])
}

fn stress_with(extra: &[&str]) -> Result<(), String> {
    println!("== stress (worst cases of issue 14, optimised build, profile `stress`)");
    let mut args = vec![
        "run",
        "--quiet",
        "--profile",
        "stress",
        "-p",
        "rolecall-stress",
        "--",
    ];
    args.extend_from_slice(extra);
    if run(command("cargo", &args)) {
        Ok(())
    } else {
        Err("a stress case went beyond its time or memory bound".to_owned())
    }
}

/// Writes the seed corpora with `fuzz/examples/seed.rs`.
fn seed() -> Result<(), String> {
    if run(command(
        "cargo",
        &["run", "--quiet", "-p", "rolecall-fuzz", "--example", "seed"],
    )) {
        Ok(())
    } else {
        Err("writing the seed corpora failed".to_owned())
    }
}
