//! `rolecall lint`: show the diagnostics of policy documents at their place in the source.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use rolecall_core::catalog::{Catalog, lint_policy};
use rolecall_core::diagnostic::render::{LineIndex, Located, render_indexed, summary};
use rolecall_core::policy::model::PolicyKind;
use rolecall_core::{Diagnostic, Severity, policy};

const AFTER_HELP: &str = "\
Examples:
  rolecall lint policy.json --kind identity
  rolecall lint trust.json --kind trust
  rolecall lint a.json b.json --kind boundary --color never
  cat bucket-policy.json | rolecall lint - --kind resource
  rolecall lint scp.json --kind scp --format json
  rolecall lint policy.json --kind identity --format sarif > lint.sarif

Exit codes:
  0  no errors (warnings may have been shown)
  1  at least one document has an error
  2  usage error, or a file could not be read";

/// Arguments of `rolecall lint`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Policy documents to lint (`-` reads standard input).
    #[arg(required = true, value_name = "POLICY.json")]
    files: Vec<PathBuf>,
    /// The kind of policy, which decides which elements it must and must not have.
    #[arg(long, value_parser = kind_parser())]
    kind: PolicyKind,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Output format: text for people, json for tools.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Skip the checks against the embedded AWS service catalog (unknown actions and condition
    /// keys, resource types, operator types, privilege-escalation warnings).
    #[arg(long)]
    no_catalog: bool,
}

/// The `--kind` values: every [`PolicyKind`], named and described by the core.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = PolicyKind> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(
        PolicyKind::ALL.map(|kind| PossibleValue::new(kind.name()).help(kind.description())),
    )
    // The parser accepts exactly the kinds' names, so the fallback is never taken.
    .map(|name| PolicyKind::from_name(&name).unwrap_or(PolicyKind::Identity))
}

/// The `--color` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ColorArg {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The `--format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    /// Diagnostics with the source line and an underline.
    Text,
    /// One JSON document with every diagnostic, its span, and its start and end line and column.
    Json,
    /// SARIF 2.1.0 (for code scanning): one result per diagnostic, the rule id is its code.
    Sarif,
}

/// Every diagnostic for one policy text.
///
/// The policy grammar's diagnostics, then (unless `--no-catalog`) the catalog-aware findings
/// (unknown actions, condition keys a service does not support, ...), sorted by position.
fn collect(text: &str, kind: PolicyKind, catalog: Option<&Catalog>) -> Vec<Diagnostic> {
    let Some(catalog) = catalog else {
        return policy::lint(text, kind);
    };
    let parsed = policy::parse_policy(text, kind);
    let mut diagnostics = parsed.diagnostics;
    diagnostics.extend(lint_policy(catalog, &parsed.policy, kind));
    diagnostics.sort_by_key(|d| d.span().start);
    diagnostics
}

/// One linted document.
struct Linted {
    name: String,
    text: String,
    diagnostics: Vec<Diagnostic>,
}

/// Runs `rolecall lint`.
pub fn run(args: Args) -> ExitCode {
    let kind = args.kind;
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let catalog = if args.no_catalog {
        None
    } else {
        let Some(catalog) = crate::expand::catalog_or_say(" (use `--no-catalog`)") else {
            return ExitCode::from(2);
        };
        Some(catalog)
    };
    let mut read_failed = false;
    let mut stdin_used = false;
    let mut linted = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let (name, text) = if path.as_os_str() == "-" {
            if stdin_used {
                eprintln!("rolecall: `-` (standard input) can be given only once");
                return ExitCode::from(2);
            }
            stdin_used = true;
            ("<stdin>".to_owned(), read_stdin())
        } else {
            (path.display().to_string(), read_file(path))
        };
        match text {
            Ok(text) => {
                let diagnostics = collect(&text, kind, catalog);
                linted.push(Linted {
                    name,
                    text,
                    diagnostics,
                });
            }
            Err(message) => {
                eprintln!("rolecall: cannot read `{name}`: {message}");
                read_failed = true;
            }
        }
    }
    let written = match args.format {
        FormatArg::Text => write_text(&linted, color),
        FormatArg::Json => write_json(&linted, kind),
        FormatArg::Sarif => write_sarif(&linted),
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("rolecall: cannot write the output: {e}");
            return ExitCode::from(2);
        }
    }
    if read_failed {
        ExitCode::from(2)
    } else if linted
        .iter()
        .any(|l| l.diagnostics.iter().any(Diagnostic::is_error))
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn read_stdin() -> Result<String, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "the input is not valid UTF-8".to_owned())
}

fn read_file(path: &std::path::Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "the file is not valid UTF-8".to_owned())
}

fn write_text(linted: &[Linted], color: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for file in linted {
        let index = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            writeln!(out, "{}", render_indexed(d, &index, &file.name, color))?;
        }
        writeln!(out, "{}: {}", file.name, summary(&file.diagnostics))?;
    }
    out.flush()
}

fn write_json(linted: &[Linted], kind: PolicyKind) -> std::io::Result<()> {
    let files: Vec<serde_json::Value> = linted
        .iter()
        .map(|file| {
            let index = LineIndex::new(&file.text);
            let diagnostics: Vec<serde_json::Value> = file
                .diagnostics
                .iter()
                .map(|d| serde_json::to_value(Located::new(d, &index)).unwrap_or_default())
                .collect();
            serde_json::json!({
                "file": file.name,
                "kind": kind.name(),
                "errors": file.diagnostics.iter().filter(|d| d.is_error()).count(),
                "warnings": file.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count(),
                "diagnostics": diagnostics,
            })
        })
        .collect();
    let mut out = std::io::stdout().lock();
    let document = serde_json::json!({ "files": files });
    writeln!(out, "{document:#}")?;
    out.flush()
}

fn write_sarif(linted: &[Linted]) -> std::io::Result<()> {
    let mut rules: Vec<crate::sarif::Rule> = Vec::new();
    let mut results = Vec::new();
    for file in linted {
        let index = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            if !rules.iter().any(|r| r.id == d.code) {
                rules.push(crate::sarif::Rule {
                    id: d.code.to_owned(),
                    description: d.message.clone(),
                    help: d.help.clone(),
                });
            }
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            let related = d
                .labels
                .iter()
                .skip(1)
                .enumerate()
                .map(|(i, label)| {
                    let location = crate::sarif::location(&file.name, &index, label.span);
                    crate::sarif::related(location, i + 1, &label.message)
                })
                .collect();
            let message = match d.labels.first().map(|l| l.message.as_str()) {
                Some(label) if !label.is_empty() => format!("{}: {label}", d.message),
                _ => d.message.clone(),
            };
            results.push(crate::sarif::result(
                d.code,
                level,
                &message,
                crate::sarif::location(&file.name, &index, d.span()),
                related,
            ));
        }
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{:#}", crate::sarif::log(&rules, results))?;
    out.flush()
}
