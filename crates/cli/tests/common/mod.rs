//! Helpers shared by the CLI integration tests.
#![expect(
    clippy::expect_used,
    reason = "test helpers must fail loudly when the binary cannot be used"
)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs `rolecall` with `args`, feeding `stdin`, with `NO_COLOR` unset so that colour follows
/// the `--color` flag alone.
pub fn rolecall(args: &[&str], stdin: &str) -> Output {
    rolecall_in(Path::new("."), args, stdin)
}

/// [`rolecall`] run in directory `dir` (relative paths in `args` are read from there).
pub fn rolecall_in(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolecall"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rolecall runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin is written");
    child.wait_with_output().expect("rolecall finishes")
}
