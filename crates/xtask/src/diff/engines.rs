//! Running the two engines over a batch of cases: `rolecall simulate` and the oracle driver
//! (`node tests/oracle/driver.mjs`, which runs the AGPL `@cloud-copilot/iam-simulate` as an
//! external program).

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::Value;

use crate::diff::case::Case;
use crate::util::{command, describe, repo_root};

/// One engine's answer for one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// `allowed`, `implicitDeny`, `explicitDeny` or `error`.
    pub decision: String,
    /// The message of an `error`.
    pub error: Option<String>,
    /// Context keys the oracle dropped as not applying to the action (always empty for Rolecall).
    pub ignored_keys: Vec<String>,
}

/// The decisions of both engines for a batch of cases, in order.
#[derive(Debug)]
pub struct Decisions {
    pub rolecall: Vec<Verdict>,
    pub oracle: Vec<Verdict>,
}

/// The oracle's folder: its own package.json and lockfile, and our driver script.
pub fn oracle_dir() -> PathBuf {
    repo_root().join("tests").join("oracle")
}

/// The two engines, each a long-running process that answers one line per input line, so that
/// the many small batches of shrinking cost no process start-up.
pub struct Engines {
    rolecall: Engine,
    oracle: Engine,
}

impl Engines {
    /// Starts `rolecall simulate` (the binary at `rolecall`) and the oracle driver.
    ///
    /// # Errors
    ///
    /// A message when a process cannot be started.
    pub fn start(rolecall: &Path) -> Result<Self, String> {
        let driver = oracle_dir().join("driver.mjs");
        Ok(Self {
            rolecall: Engine::start(
                "rolecall simulate",
                command(&rolecall.to_string_lossy(), &["simulate", "--quiet"]),
            )?,
            oracle: Engine::start("the oracle", command("node", &[&driver.to_string_lossy()]))?,
        })
    }

    /// Both engines' decisions for `cases`; with `save`, the two input files are also written
    /// there (to run them again by hand).
    ///
    /// # Errors
    ///
    /// A message when an engine fails or answers with the wrong number of lines.
    pub fn decide(&mut self, cases: &[Case], save: Option<&Path>) -> Result<Decisions, String> {
        let mut rolecall_input = Vec::with_capacity(cases.len());
        let mut oracle_input = Vec::with_capacity(cases.len());
        for (n, case) in cases.iter().enumerate() {
            let id = format!("c{n}");
            rolecall_input.push(case.rolecall_line(&id));
            oracle_input.push(case.oracle_line(&id));
        }
        if let Some(dir) = save {
            fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
            write(&dir.join("rolecall.jsonl"), &rolecall_input)?;
            write(&dir.join("oracle.jsonl"), &oracle_input)?;
        }
        let rolecall = self.rolecall.answer(&rolecall_input)?;
        let oracle = self.oracle.answer(&oracle_input)?;
        Ok(Decisions {
            rolecall: verdicts("rolecall simulate", &rolecall, cases.len())?,
            oracle: verdicts("the oracle", &oracle, cases.len())?,
        })
    }
}

fn write(path: &Path, lines: &[String]) -> Result<(), String> {
    let mut text = lines.join("\n");
    text.push('\n');
    fs::write(path, text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

/// One engine process, fed on stdin and read on stdout, one line per case.
struct Engine {
    name: &'static str,
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Engine {
    fn start(name: &'static str, mut cmd: Command) -> Result<Self, String> {
        let shown = describe(&cmd);
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
        let stdin = child.stdin.take();
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| format!("`{shown}` has no stdout"))?;
        Ok(Self {
            name,
            child,
            stdin,
            stdout: BufReader::new(stdout),
        })
    }

    /// Sends the lines and reads as many answers. The lines are written from another thread so
    /// that a full output pipe cannot block the two processes on each other.
    fn answer(&mut self, lines: &[String]) -> Result<Vec<String>, String> {
        let name = self.name;
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| format!("{name} is closed"))?;
        let stdout = &mut self.stdout;
        std::thread::scope(|scope| {
            let writer = scope.spawn(move || -> std::io::Result<()> {
                for line in lines {
                    stdin.write_all(line.as_bytes())?;
                    stdin.write_all(b"\n")?;
                }
                stdin.flush()
            });
            let mut answers = Vec::with_capacity(lines.len());
            for _ in lines {
                let mut answer = String::new();
                match stdout.read_line(&mut answer) {
                    Ok(0) => return Err(format!("{name} stopped answering")),
                    Ok(_) => answers.push(answer),
                    Err(e) => return Err(format!("cannot read from {name}: {e}")),
                }
            }
            match writer.join() {
                Ok(Ok(())) => Ok(answers),
                Ok(Err(e)) => Err(format!("cannot write to {name}: {e}")),
                Err(_) => Err(format!("the writer to {name} failed")),
            }
        })
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        // Closing stdin ends the process; wait for it so that no zombie is left.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// Reads one verdict per line, checking that line `n` answers case `c{n}`.
fn verdicts(engine: &str, output: &[String], expected: usize) -> Result<Vec<Verdict>, String> {
    let mut all = Vec::with_capacity(expected);
    for (n, line) in output.iter().enumerate() {
        let value: Value = serde_json::from_str(line)
            .map_err(|e| format!("{engine} wrote a line that is not JSON ({e}): {line}"))?;
        let id = value.get("id").and_then(Value::as_str).unwrap_or("");
        if id != format!("c{n}") {
            return Err(format!(
                "{engine} answered `{id}` where case `c{n}` was expected"
            ));
        }
        let text = |field: &str| value.get(field).and_then(Value::as_str).map(str::to_owned);
        all.push(Verdict {
            decision: text("decision").unwrap_or_else(|| "missing".to_owned()),
            error: text("error"),
            ignored_keys: value
                .get("ignoredContextKeys")
                .and_then(Value::as_array)
                .map(|keys| {
                    keys.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    if all.len() != expected {
        return Err(format!(
            "{engine} answered {} of {expected} cases",
            all.len()
        ));
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::verdicts;

    #[test]
    fn verdicts_are_read_in_order_with_the_oracle_extras() {
        let out = lines(&[
            r#"{"id":"c0","decision":"allowed"}"#,
            r#"{"id":"c1","decision":"error","error":"bad","ignoredContextKeys":["s3:prefix"]}"#,
        ]);
        let all = verdicts("test", &out, 2).unwrap();
        assert_eq!(all[0].decision, "allowed");
        assert_eq!(all[1].error.as_deref(), Some("bad"));
        assert_eq!(all[1].ignored_keys, ["s3:prefix"]);
    }

    #[test]
    fn a_missing_or_misordered_line_is_an_error() {
        let first = lines(&[r#"{"id":"c0","decision":"allowed"}"#]);
        assert!(verdicts("test", &first, 2).is_err());
        let second = lines(&[r#"{"id":"c1","decision":"allowed"}"#]);
        assert!(verdicts("test", &second, 1).is_err());
    }

    fn lines(all: &[&str]) -> Vec<String> {
        all.iter().map(|l| format!("{l}\n")).collect()
    }
}
