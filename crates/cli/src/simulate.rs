//! `rolecall simulate`: evaluates JSON Lines requests as a stream.
//!
//! Lines are read one at a time and each result is written before the next line is read, so a
//! batch of any length runs in constant memory. Output is buffered while more input is already
//! waiting and flushed whenever the reader would block, so an interactive producer sees each
//! result at once while a file streams at full speed.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use rolecall_core::simulate::{PolicyCache, simulate_line_into};

const EXAMPLES: &str = r#"Input: one JSON request per line. Output: one JSON result per line, in the same order.

Input line fields (only principal, action and resource are required):
  id                    a string, a number or null, echoed in the result
  principal             user, role, root or assumed-role session ARN, a service
                        principal (ec2.amazonaws.com), a provider, or `anonymous`
  action, resource      `s3:GetObject` (service:Name, or *), `arn:aws:s3:::bucket/key`
  resourceAccount       the resource's account when its ARN has none (S3); default:
                        the account in the ARN, else the principal's account
  context               {"aws:SourceIp": "203.0.113.7", "aws:TagKeys": ["a", "b"]};
                        numbers and booleans are read as their text; nothing is derived
  identityPolicies      [<policy>, ...]
  resourcePolicy        <policy> (the trust policy for sts:AssumeRole*, the key policy for KMS)
  permissionBoundaries  [<policy>, ...]
  sessionPolicy         <policy>
  scps, rcps            [[<root policies>], [<OU policies>], ..., [<account policies>]]
                        ([] means no organization policies. Every SCP level must allow:
                        an SCP level given as [] has no SCP and allows nothing. Every RCP
                        level also holds the AWS-managed RCPFullAWSAccess, which cannot be
                        detached, so an RCP level always allows; custom RCPs only deny)
  managementAccount     the organization's management account (exempt from SCPs/RCPs)
  serviceLinkedRole     true when the principal is a service-linked role
  vpcEndpointPolicy     <policy> of the VPC endpoint the request goes through (must allow too)
  vpcEndpointId         the endpoint id, sets aws:SourceVpce unless the context gives it
  case, expect, rule, why, comment
                        annotations, ignored
A <policy> is a JSON object or a string holding the policy text.

Output: {"id": ..., "decision": "allowed" | "implicitDeny" | "explicitDeny"}, with
"warnings" when a policy has some and "explanation" under --explain, or
{"id": ..., "decision": "error", "error": "..."} for a line that cannot be evaluated (bad JSON,
an unknown field, or a policy AWS refuses: see the refusal rules in docs/diagnostics.md); the
batch goes on. An entry AWS reads as matching nothing (an upper-case `ARN:` resource, an action
such as `s3:ListBucket,PutObject`, a condition value of the wrong type) does not make an error:
it never matches, and "warnings": [{"code", "message", "field", "line", "column"}] says where
(with "textLine"/"textColumn" inside a policy written as a string).
Blank lines are skipped.

Examples:
  echo '{"id":"r1","principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::bkt/k","identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]}]}' | rolecall simulate
  rolecall simulate requests.jsonl > results.jsonl
  rolecall simulate --explain requests.jsonl | jq .explanation.summary

Exit codes:
  0  every line was evaluated
  1  at least one line gave an `error` result (the others were still evaluated)
  2  the input could not be read or the output could not be written"#;

/// Arguments of `rolecall simulate`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub struct Args {
    /// The JSON Lines file to read; standard input when absent or `-`.
    pub input: Option<PathBuf>,
    /// Add the full explanation of each decision to its result.
    #[arg(long)]
    pub explain: bool,
    /// Never show progress (by default progress goes to stderr when it is a terminal).
    #[arg(long)]
    pub quiet: bool,
}

/// How often (in lines) progress is shown.
const PROGRESS_EVERY: usize = 10_000;

/// Runs `rolecall simulate`.
pub fn run(args: Args) -> ExitCode {
    let input: Box<dyn Read> = match &args.input {
        None => Box::new(io::stdin().lock()),
        Some(path) if path.as_os_str() == "-" => Box::new(io::stdin().lock()),
        Some(path) => match File::open(path) {
            Ok(file) => Box::new(file),
            Err(e) => {
                eprintln!("rolecall: cannot open `{}`: {e}", path.display());
                return ExitCode::from(2);
            }
        },
    };
    let progress = !args.quiet && io::stderr().is_terminal();
    match stream(
        BufReader::with_capacity(1 << 18, input),
        io::stdout().lock(),
        args.explain,
        progress,
    ) {
        Ok(Summary { errors: 0, .. }) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        // The reader of our output went away (`rolecall simulate ... | head`): stop quietly,
        // as other line-oriented tools do.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rolecall: {e}");
            ExitCode::from(2)
        }
    }
}

/// What a batch did.
#[derive(Debug, Default)]
struct Summary {
    lines: usize,
    errors: usize,
}

fn stream(
    mut reader: BufReader<Box<dyn Read>>,
    out: impl Write,
    explain: bool,
    progress: bool,
) -> io::Result<Summary> {
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let mut cache = PolicyCache::new();
    let mut summary = Summary::default();
    let mut buffer = Vec::new();
    let mut json = Vec::new();
    let mut line_number = 0;
    loop {
        // Flush before the reader has to wait for more input, so results appear as soon as
        // their line is in, without a write per line when the input is a file.
        if reader.buffer().is_empty() {
            out.flush()?;
        }
        // A line wholly in the reader's buffer is read there; one that is not (it goes past the
        // buffer's end) is copied out.
        let end = memchr::memchr(b'\n', reader.fill_buf()?);
        let line = match end.and_then(|end| reader.buffer().get(..=end)) {
            Some(line) => line,
            None => {
                buffer.clear();
                if reader.read_until(b'\n', &mut buffer)? == 0 {
                    break;
                }
                &buffer
            }
        };
        line_number += 1;
        json.clear();
        let decision = evaluate(line, line_number, explain, &mut cache, &mut json)?;
        if let Some(end) = end {
            reader.consume(end + 1);
        }
        let Some(decision) = decision else {
            continue;
        };
        if decision == "error" {
            summary.errors += 1;
        }
        json.push(b'\n');
        out.write_all(&json)?;
        summary.lines += 1;
        if progress && summary.lines % PROGRESS_EVERY == 0 {
            eprint!(
                "\rrolecall simulate: {} requests, {} errors",
                summary.lines, summary.errors
            );
        }
    }
    out.flush()?;
    if progress && summary.lines >= PROGRESS_EVERY {
        eprintln!(
            "\rrolecall simulate: {} requests, {} errors",
            summary.lines, summary.errors
        );
    }
    Ok(summary)
}

/// Writes the result of one input line (with or without its newline) to `json`, and returns
/// its decision; `None` for a blank line, which has no result.
fn evaluate(
    line: &[u8],
    line_number: usize,
    explain: bool,
    cache: &mut PolicyCache,
    json: &mut Vec<u8>,
) -> io::Result<Option<&'static str>> {
    Ok(Some(match std::str::from_utf8(line) {
        Ok(text) if text.trim().is_empty() => return Ok(None),
        // A byte-order mark at the start of the input is not part of the first request.
        Ok(text) => simulate_line_into(
            text.trim_start_matches('\u{feff}')
                .trim_end_matches(['\n', '\r']),
            line_number,
            explain,
            cache,
            json,
        ),
        Err(e) => {
            // The column of the first invalid byte, in characters, as in the other errors.
            let valid = line.get(..e.valid_up_to()).unwrap_or_default();
            let column = String::from_utf8_lossy(valid).chars().count() + 1;
            write!(
                json,
                r#"{{"id":null,"decision":"error","error":"the line is not valid UTF-8 (line {line_number}, column {column})"}}"#
            )?;
            "error"
        }
    }))
}
