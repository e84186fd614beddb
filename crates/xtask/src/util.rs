//! Small helpers shared by the xtask subcommands: paths, the tool `PATH`, and running commands.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Returns the repository root (two levels above this crate's manifest).
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .and_then(Path::parent)
        .map_or_else(|| manifest.to_path_buf(), Path::to_path_buf)
}

/// Returns cargo's `bin` directory, where `cargo install` puts trunk and wasm-bindgen.
pub fn cargo_bin_dir() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return Some(PathBuf::from(home).join("bin"));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo").join("bin"))
}

/// Returns the `PATH` every tool runs with: `node_modules/.bin` first (so trunk finds the npm
/// `binaryen` wasm-opt, not Debian's older one), then cargo's `bin` directory, then the caller's.
pub fn tool_path() -> OsString {
    let mut dirs = vec![repo_root().join("node_modules").join(".bin")];
    dirs.extend(cargo_bin_dir());
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_else(|_| std::env::var_os("PATH").unwrap_or_default())
}

/// Builds a command that runs in the repository root with [`tool_path`] as its `PATH`.
pub fn command(program: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .current_dir(repo_root())
        .env("PATH", tool_path());
    cmd
}

/// Runs a command with inherited stdio, printing it first; returns whether it succeeded.
pub fn run(mut cmd: Command) -> bool {
    println!("$ {}", describe(&cmd));
    match cmd.status() {
        Ok(status) => status.success(),
        Err(err) => {
            eprintln!("xtask: cannot run `{}`: {err}", describe(&cmd));
            false
        }
    }
}

/// Runs a command with its output captured, which is shown only when the command fails.
pub fn run_quietly(mut cmd: Command) -> bool {
    match cmd.output() {
        Ok(out) if out.status.success() => true,
        Ok(out) => {
            eprintln!("$ {}", describe(&cmd));
            eprint!("{}", String::from_utf8_lossy(&out.stdout));
            eprint!("{}", String::from_utf8_lossy(&out.stderr));
            false
        }
        Err(err) => {
            eprintln!("xtask: cannot run `{}`: {err}", describe(&cmd));
            false
        }
    }
}

/// Runs a command quietly and returns its trimmed stdout when it succeeded.
pub fn output(mut cmd: Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Renders a command as a shell-like line for logs.
pub fn describe(cmd: &Command) -> String {
    let mut line = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

/// Formats a duration as seconds with one decimal, e.g. `12.3s`.
pub fn seconds(duration: Duration) -> String {
    format!("{:.1}s", duration.as_secs_f64())
}

/// Times a closure.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}
