//! `rolecall`: the command-line interface to the Rolecall IAM evaluator.
//!
//! Each subcommand lives in its own module with an `Args` struct and a `run` function.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: `rolecall simulate` allocates a few small values per
/// request, and glibc's malloc and free were a fifth of its instructions (BENCHMARKS.md, "Against
/// the reference simulator"). The CLI only; the page keeps the WebAssembly allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod challenge;
mod check;
mod diff;
mod eval;
mod expand;
mod export;
mod import;
mod lint;
mod managed;
mod reach;
mod sarif;
mod share;
mod simulate;

/// Evaluate AWS IAM policies, assume-role chains and scenarios offline.
#[derive(Debug, Parser)]
#[command(name = "rolecall", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Evaluate requests given as JSON Lines (one request per line) and print one result per line.
    Simulate(simulate::Args),
    /// Evaluate every request of a scenario, with every step and its explanation.
    Eval(eval::Args),
    /// Check that every `expect` of the given scenarios holds (exit 0 only if all do).
    Check(check::Args),
    /// Compare two versions of a scenario: every request whose decision differs, and whether
    /// the new one grants access the old one did not (exit 1).
    Diff(diff::Args),
    /// Challenge mode: grade a challenge, print its trainer and learner links, list the gallery.
    Challenge(challenge::Args),
    /// Lint a policy document and show its diagnostics at their place in the source.
    Lint(lint::Args),
    /// Print the playground link that carries a scenario.
    Share(share::ShareArgs),
    /// Print the scenario carried by a playground link.
    Open(share::OpenArgs),
    /// List the AWS actions an action pattern such as `s3:Get*` covers.
    Expand(expand::Args),
    /// List every principal that can perform an action on a resource, with every path.
    WhoCan(reach::WhoCanArgs),
    /// Import AWS account exports, CLI outputs, CloudFormation templates and Terraform plans
    /// into one scenario.
    Import(import::Args),
    /// Export a scenario as an AWS CLI script or CloudFormation templates that build its
    /// accounts in a sandbox.
    Export(export::Args),
    /// List what a principal can do, itself and through every principal it can reach.
    CanWhat(reach::CanWhatArgs),
    /// List the administrators and every principal that can become one.
    Escalation(reach::EscalationArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Simulate(args) => simulate::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Check(args) => check::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Challenge(args) => challenge::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Share(args) => share::run_share(args),
        Command::Open(args) => share::run_open(args),
        Command::Expand(args) => expand::run(args),
        Command::WhoCan(args) => reach::run_who_can(args),
        Command::Import(args) => import::run(args),
        Command::Export(args) => export::run(args),
        Command::CanWhat(args) => reach::run_can_what(args),
        Command::Escalation(args) => reach::run_escalation(args),
    }
}
