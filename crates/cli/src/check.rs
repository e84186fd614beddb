//! `rolecall check`: does every `expect` hold? Made for CI, with JUnit, SARIF and JSON reports.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use rolecall_core::diagnostic::render::LineIndex;
use rolecall_core::scenario::report::{CheckRow, check_rows};
use rolecall_core::scenario::{evaluate_scenario, render::render_check_table};
use serde_json::{Value, json};

use crate::eval::load_file;
use crate::sarif;

/// Output formats of `rolecall check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per request: pass, FAIL or ----.
    #[default]
    Text,
    /// JUnit XML: one test suite per file, one test case per request.
    Junit,
    /// SARIF 2.1.0: one result per failing request, at its `expect`, with the deciding
    /// statements as related locations.
    Sarif,
    /// JSON: every request with its decision, expectation, locations and deciding statements.
    Json,
}

/// Arguments of `rolecall check`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  rolecall check examples/*.json
  rolecall check tests/corpus/scenarios/**/*.json
  rolecall check policies/*.json --format junit > rolecall.xml
  rolecall check policies/*.json --format sarif > rolecall.sarif

Each request prints one line: pass, FAIL, or ---- (no `expect`), with the expected and the
actual decision. Requests without `expect` are listed but never fail (JUnit: skipped).
SARIF reports a failing request at its `expect` value, with the statements that decided it
(the matching Deny, the Allow it rests on, or the closest Allow of an implicit deny) as
related locations; lines and columns are 1-based, columns count characters.

Exit codes:
  0  every `expect` of every file holds
  1  at least one `expect` does not hold
  2  a file cannot be read or has errors (shown with their location)")]
pub struct Args {
    /// The scenario files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// One checked file: its name, text and rows (`None` when it could not be read or has errors).
struct Checked {
    name: String,
    text: String,
    rows: Option<Vec<CheckRow>>,
}

/// Runs `rolecall check`.
pub fn run(args: Args) -> ExitCode {
    let mut files = Vec::with_capacity(args.files.len());
    for file in &args.files {
        let name = file.display().to_string();
        match load_file(file) {
            Some((text, scenario)) => {
                let outcome = evaluate_scenario(&scenario);
                if args.format == Format::Text {
                    print!("{}", render_check_table(&name, &outcome));
                }
                let rows = check_rows(&scenario, &outcome);
                files.push(Checked {
                    name,
                    text,
                    rows: Some(rows),
                });
            }
            None => files.push(Checked {
                name,
                text: String::new(),
                rows: None,
            }),
        }
    }
    let count = |want: Option<bool>| {
        files
            .iter()
            .flat_map(|f| f.rows.iter().flatten())
            .filter(|r| r.passed == want)
            .count()
    };
    let (passed, failed, unchecked) = (count(Some(true)), count(Some(false)), count(None));
    let broken = files.iter().filter(|f| f.rows.is_none()).count();
    match args.format {
        Format::Text => println!(
            "{passed} passed, {failed} failed, {unchecked} without expect, {broken} unreadable file(s)"
        ),
        Format::Junit => print!("{}", junit(&files)),
        Format::Sarif => println!("{:#}", sarif_log(&files)),
        Format::Json => println!(
            "{:#}",
            json!({
                "files": files.iter().map(json_file).collect::<Vec<_>>(),
                "passed": passed,
                "failed": failed,
                "withoutExpect": unchecked,
                "unreadable": broken,
            })
        ),
    }
    if broken > 0 {
        ExitCode::from(2)
    } else if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Escapes text for an XML attribute or element.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 allows only tab, newline and carriage return below U+0020.
            c if c < ' ' && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The JUnit XML report: a test suite per file, a test case per request.
fn junit(files: &[Checked]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let rows = || files.iter().flat_map(|f| f.rows.iter().flatten());
    let _ = writeln!(
        out,
        "<testsuites name=\"rolecall check\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        rows().count() + files.iter().filter(|f| f.rows.is_none()).count(),
        rows().filter(|r| r.passed == Some(false)).count(),
        files.iter().filter(|f| f.rows.is_none()).count(),
        rows().filter(|r| r.passed.is_none()).count(),
    );
    for file in files {
        let name = xml(&file.name);
        let Some(rows) = &file.rows else {
            let _ = writeln!(
                out,
                "  <testsuite name=\"{name}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    <testcase classname=\"{name}\" name=\"(file)\">\n      <error message=\"the file cannot be read or has errors\"/>\n    </testcase>\n  </testsuite>"
            );
            continue;
        };
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
            rows.len(),
            rows.iter().filter(|r| r.passed == Some(false)).count(),
            rows.iter().filter(|r| r.passed.is_none()).count(),
        );
        let index = LineIndex::new(&file.text);
        for row in rows {
            let line = index.line_col(row.request_span.start).line;
            let _ = write!(
                out,
                "    <testcase classname=\"{name}\" name=\"{}\" file=\"{name}\" line=\"{line}\">",
                xml(&row.name)
            );
            match row.passed {
                Some(true) => out.push_str("</testcase>\n"),
                None => {
                    let _ = writeln!(
                        out,
                        "\n      <skipped message=\"no expect; got {}\"/>\n    </testcase>",
                        row.decision.as_str()
                    );
                }
                Some(false) => {
                    let mut details = String::new();
                    for s in &row.statements {
                        let at = index.line_col(s.span.start);
                        let _ = writeln!(
                            details,
                            "{}:{}:{}: {}: {}",
                            file.name,
                            at.line,
                            at.column,
                            s.label,
                            s.role.words()
                        );
                    }
                    let _ = writeln!(
                        out,
                        "\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                        xml(&row.message),
                        row.decision.as_str(),
                        xml(&details)
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The SARIF rule of a failing expectation.
const EXPECTATION_RULE: &str = "expectation-failed";

/// The SARIF log: one result per failing request.
fn sarif_log(files: &[Checked]) -> Value {
    let mut results = Vec::new();
    for file in files {
        let Some(rows) = &file.rows else { continue };
        let index = LineIndex::new(&file.text);
        for row in rows.iter().filter(|r| r.passed == Some(false)) {
            let related = row
                .statements
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    sarif::related(
                        sarif::location(&file.name, &index, s.span),
                        i + 1,
                        &format!("{}: {}", s.label, s.role.words()),
                    )
                })
                .collect();
            results.push(sarif::result(
                EXPECTATION_RULE,
                "error",
                &format!("request `{}`: {}", row.name, row.message),
                sarif::location(&file.name, &index, row.expect_span),
                related,
            ));
        }
    }
    sarif::log(
        &[sarif::Rule {
            id: EXPECTATION_RULE.to_owned(),
            description: "a request of a scenario does not get the decision its `expect` says"
                .to_owned(),
            help: Some(
                "change the policies (or the expectation); the related locations are the \
                 statements that decided the request"
                    .to_owned(),
            ),
        }],
        results,
    )
}

/// One file of the JSON report, every span with its 1-based line and column.
fn json_file(file: &Checked) -> Value {
    let Some(rows) = &file.rows else {
        return json!({ "file": file.name, "error": "the file cannot be read or has errors" });
    };
    let index = LineIndex::new(&file.text);
    let at = |span: rolecall_core::Span| {
        let start = index.line_col(span.start);
        json!({ "line": start.line, "column": start.column })
    };
    let requests: Vec<Value> = rows
        .iter()
        .map(|row| {
            let mut value = serde_json::to_value(row).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.insert("at".to_owned(), at(row.request_span));
                object.insert("expectAt".to_owned(), at(row.expect_span));
                object.insert(
                    "statements".to_owned(),
                    row.statements
                        .iter()
                        .map(|s| {
                            let mut v = serde_json::to_value(s).unwrap_or_default();
                            if let Some(o) = v.as_object_mut() {
                                o.insert("at".to_owned(), at(s.span));
                            }
                            v
                        })
                        .collect(),
                );
            }
            value
        })
        .collect();
    json!({ "file": file.name, "requests": requests })
}
