//! `rolecall eval`: every request of a scenario, every step, decision and explanation.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rolecall_core::Diagnostic;
use rolecall_core::diagnostic::render::{LineIndex, Located, render_all};
use rolecall_core::scenario::{
    Scenario, ScenarioOutcome, evaluate_scenario, load_with, render::render_outcome,
};
use rolecall_core::suggest::{Suggestion, render_text as render_suggestions, suggest};

/// Output formats of `rolecall eval` (and of `who-can`, `can-what`, `escalation`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text, every step explained.
    #[default]
    Text,
    /// JSON (`eval`: `{"requests": [{"name", "decision", "expect", "passed", "steps": [...]}]}`;
    /// the graph queries: see README.md).
    Json,
}

/// Arguments of `rolecall eval`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  rolecall eval examples/cross-account.json
  rolecall eval scenario.json --format json
  rolecall eval examples/mfa-required.json --request 3
  rolecall eval examples/mfa-required.json --suggest

With --suggest, each denied request gets the smallest changes that would allow it (an action
or resource added to the closest statement, the caller named in a trust policy, a grant in a
resource-based policy, a context value that makes a condition hold), each checked by
evaluating the changed scenario; an explicit Deny is named as such and never weakened; and
any decision that rested on an absent context key says so, with the value that flips it.
JSON: `suggestions`, one array per request in the order of `requests`, each suggestion with
`kind`, `line` (display-ready), `change` (what to apply) and `then` (the decision it leads to).

Decisions: allowed, implicitDeny, explicitDeny, notEvaluated (a step after a denied one).
Warnings (an entry AWS reads as matching nothing, a short ARN ending in `*`, a security
finding) are shown with their location beside the decisions, on stderr in text and as
`warnings` in JSON; only a policy AWS refuses (docs/diagnostics.md, refusal rules) is an error.

Exit codes:
  0  the scenario was evaluated (whatever the decisions; use `rolecall check` for CI)
  2  the file cannot be read, the scenario has errors (shown with their location; what could
     be read is still evaluated and printed), or `--request` names no request")]
pub struct Args {
    /// The scenario file (JSON, format version 1).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Only the request with this name, or at this 1-based position.
    #[arg(long, value_name = "NAME|N")]
    pub request: Option<String>,
    /// Also show what would change each decision ("allowed only if ...").
    #[arg(long)]
    pub suggest: bool,
}

/// Reads and loads a scenario file, printing its diagnostics to stderr. Returns `None` (after
/// printing why) when the file cannot be read or the scenario has errors.
pub fn load_file(path: &Path) -> Option<(String, Scenario)> {
    match read_scenario(path) {
        Some(ReadScenario {
            text,
            scenario,
            errors: false,
            ..
        }) => Some((text, scenario)),
        Some(_) => {
            eprintln!("rolecall: `{}` has errors; fix them first", path.display());
            None
        }
        None => None,
    }
}

/// A scenario file that was read.
struct ReadScenario {
    text: String,
    scenario: Scenario,
    /// Every diagnostic of the file (errors and warnings).
    diagnostics: Vec<Diagnostic>,
    /// Whether one of them is an error (a refusal rule or a broken scenario).
    errors: bool,
}

/// Reads and loads a scenario file, printing its diagnostics to stderr. Returns `None` when
/// there is no scenario to evaluate.
fn read_scenario(path: &Path) -> Option<ReadScenario> {
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("rolecall: cannot read `{name}`: {e}");
            return None;
        }
    };
    let loaded = load_with(&text, crate::managed::aws());
    if !loaded.diagnostics.is_empty() {
        let color = std::io::stderr().is_terminal();
        eprint!("{}", render_all(&loaded.diagnostics, &text, &name, color));
    }
    let errors = loaded.diagnostics.iter().any(|d| d.is_error());
    if loaded.scenario.is_none() {
        eprintln!("rolecall: `{name}` is not a scenario");
    }
    loaded.scenario.map(|scenario| ReadScenario {
        text,
        scenario,
        diagnostics: loaded.diagnostics,
        errors,
    })
}

/// The JSON form of `rolecall eval`: the outcome, and the warnings of the file beside it.
#[derive(serde::Serialize)]
struct JsonOutput<'a> {
    #[serde(flatten)]
    outcome: &'a ScenarioOutcome,
    /// Diagnostics that are not errors (an entry that can never match, a security finding),
    /// with their line and column in the file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<Located<'a>>,
    /// With `--suggest`: for each request (in the order of `requests`), what would change its
    /// decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestions: Option<Vec<&'a [Suggestion]>>,
}

/// Runs `rolecall eval`.
pub fn run(args: Args) -> ExitCode {
    let Some(ReadScenario {
        text,
        scenario,
        diagnostics,
        errors,
    }) = read_scenario(&args.file)
    else {
        return ExitCode::from(2);
    };
    let mut outcome = evaluate_scenario(&scenario);
    // Each kept request with its position (from 1) and, with --suggest, its suggestions.
    let mut kept: Vec<(usize, Vec<Suggestion>)> = outcome
        .requests
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let found = if args.suggest {
                suggest(&scenario, i, r)
            } else {
                Vec::new()
            };
            (i + 1, found)
        })
        .collect();
    if let Some(wanted) = &args.request {
        let position = wanted.parse::<usize>().ok();
        let wanted_at = |i: usize, r: &rolecall_core::scenario::RequestOutcome| {
            r.name == *wanted || position == Some(i + 1)
        };
        let keep: Vec<bool> = outcome
            .requests
            .iter()
            .enumerate()
            .map(|(i, r)| wanted_at(i, r))
            .collect();
        let mut flags = keep.iter();
        outcome
            .requests
            .retain(|_| flags.next().copied().unwrap_or(false));
        let mut flags = keep.iter();
        kept.retain(|_| flags.next().copied().unwrap_or(false));
        if outcome.requests.is_empty() {
            eprintln!(
                "rolecall: no request `{wanted}` in `{}`",
                args.file.display()
            );
            return ExitCode::from(2);
        }
    }
    match args.format {
        Format::Text => {
            print!("{}", render_outcome(&scenario, &outcome));
            for ((position, found), r) in kept.iter().zip(&outcome.requests) {
                print!("{}", render_suggestions(*position, &r.name, found));
            }
        }
        Format::Json => match serde_json::to_string_pretty(&JsonOutput {
            outcome: &outcome,
            suggestions: args
                .suggest
                .then(|| kept.iter().map(|(_, s)| s.as_slice()).collect()),
            warnings: {
                let index = LineIndex::new(&text);
                diagnostics
                    .iter()
                    .filter(|d| !d.is_error())
                    .map(|d| Located::new(d, &index))
                    .collect()
            },
        }) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("rolecall: cannot write JSON: {e}");
                return ExitCode::from(2);
            }
        },
    }
    if errors {
        eprintln!(
            "rolecall: `{}` has errors (shown above); the parts that could be read were evaluated",
            args.file.display()
        );
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
