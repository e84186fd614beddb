//! `rolecall challenge`: grade a challenge, print its trainer and learner links, list the
//! gallery.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rolecall_core::names::Named;
use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::challenge::{self, render::render_report};
use rolecall_core::share;

use crate::eval::{Format, load_file};
use crate::share::DEFAULT_BASE_URL;

/// Arguments of `rolecall challenge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Grade a challenge: each goal check ✓/✗ with its explanation, and the edits to locked
    /// documents.
    Check(CheckArgs),
    /// Print the trainer link (with the solution) and the learner link (without it).
    Links(LinksArgs),
    /// List the challenge gallery by category, with each challenge's difficulty.
    List,
}

/// Arguments of `rolecall challenge check`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  rolecall challenge check examples/challenges/wildcard-trust.json
  rolecall challenge check my-work.json --start examples/challenges/wildcard-trust.json
  rolecall challenge check examples/challenges/wildcard-trust.json --solution --format json

FILE is graded against the challenge of START (the challenge as it was handed out; FILE
itself when --start is absent, so that no locked document can be found changed). Every
change outside the editable documents is reported and keeps the challenge unsolved.
--solution grades FILE with its reference solution applied (for authors and tests).

Exit codes:
  0  solved: every goal check passes and no locked part changed
  1  not yet: a goal check fails or a locked part changed
  2  a file cannot be read, has errors, or has no `challenge` (or no `solution` with
     --solution)")]
pub struct CheckArgs {
    /// The scenario to grade.
    file: PathBuf,
    /// The challenge as it was handed out (default: FILE).
    #[arg(long, value_name = "START")]
    start: Option<PathBuf>,
    /// Grade FILE with its reference solution applied.
    #[arg(long)]
    solution: bool,
    /// Output format (json: `{"solved", "passed", "total", "checks": [{"request", "stays",
    /// "says", "expect", "got", "passed", "explanation"}], "lockedEdits": [{"document",
    /// "message"}]}`).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Arguments of `rolecall challenge links`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Prints two lines: `trainer: URL` (the challenge with its reference solution) and
`learner: URL` (the same challenge without the solution in any form; goal, checks and hints
are kept).

Examples:
  rolecall challenge links examples/challenges/passrole-to-lambda.json
  rolecall challenge links my-challenge.json --base-url https://rolecall.example/

Exit codes:
  0  the links were printed
  2  the file cannot be read, has errors, or has no `challenge`")]
pub struct LinksArgs {
    /// The challenge file.
    file: PathBuf,
    /// The playground address the links open.
    #[arg(long, env = "ROLECALL_BASE_URL", default_value = DEFAULT_BASE_URL)]
    base_url: String,
}

/// Runs `rolecall challenge`.
pub fn run(args: Args) -> ExitCode {
    match args.command {
        Command::Check(args) => run_check(&args),
        Command::Links(args) => run_links(&args),
        Command::List => run_list(),
    }
}

/// Loads a scenario that must have a challenge; prints why not otherwise.
fn load_challenge(path: &Path) -> Option<Scenario> {
    let (_, scenario) = load_file(path)?;
    if scenario.challenge.is_none() {
        eprintln!("rolecall: `{}` has no `challenge` section", path.display());
        return None;
    }
    Some(scenario)
}

fn run_check(args: &CheckArgs) -> ExitCode {
    let Some((_, file)) = load_file(&args.file) else {
        return ExitCode::from(2);
    };
    let start = match &args.start {
        Some(path) => match load_challenge(path) {
            Some(s) => s,
            None => return ExitCode::from(2),
        },
        None => file.clone(),
    };
    let Some(challenge) = start.challenge.as_ref() else {
        eprintln!(
            "rolecall: `{}` has no `challenge` section",
            args.file.display()
        );
        return ExitCode::from(2);
    };
    let current = if args.solution {
        match challenge::with_solution(&file) {
            Some(solved) => solved,
            None => {
                eprintln!(
                    "rolecall: `{}` has no reference `solution`",
                    args.file.display()
                );
                return ExitCode::from(2);
            }
        }
    } else {
        file
    };
    let Some(report) = challenge::check(&start, &current) else {
        return ExitCode::from(2);
    };
    match args.format {
        Format::Text => {
            let title = start.title.as_deref().unwrap_or("(untitled)");
            print!("{}", render_report(title, challenge, &report));
        }
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("rolecall: {e}");
                return ExitCode::from(2);
            }
        },
    }
    if report.solved {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn run_links(args: &LinksArgs) -> ExitCode {
    let Some(scenario) = load_challenge(&args.file) else {
        return ExitCode::from(2);
    };
    let Some(links) = share::challenge_links(&args.base_url, &scenario) else {
        return ExitCode::from(2);
    };
    println!("trainer: {}", links.trainer);
    println!("learner: {}", links.learner);
    ExitCode::SUCCESS
}

fn run_list() -> ExitCode {
    let gallery = challenge::gallery();
    let mut categories: Vec<&str> = Vec::new();
    for c in &gallery {
        if !categories.contains(&c.category.as_str()) {
            categories.push(&c.category);
        }
    }
    for category in categories {
        println!("{category}");
        for c in gallery.iter().filter(|c| c.category == category) {
            let difficulty = c.difficulty.map_or("", |d| d.name());
            println!("  {:<24} {:<13} {}", c.id, difficulty, c.title);
        }
    }
    ExitCode::SUCCESS
}
