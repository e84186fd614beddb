//! `cargo xtask diff [--n N] [--seed S] [--release]`: differential testing of Rolecall against
//! the reference simulator `@cloud-copilot/iam-simulate` (the "oracle").
//!
//! The generator (`generate.rs`, our own) makes N random requests from the seed; each is
//! written as a `rolecall simulate` line and as the oracle driver's input, both engines run as
//! external programs, and every disagreement is shrunk to a minimal case (`reduce.rs`) and
//! classified by cause (`classify.rs`). A cause is explained only when it matches a deviation
//! of the oracle documented in tests/oracle/deviations.md.
//!
//! The oracle is AGPL-3.0: it is installed in tests/oracle/node_modules only (by
//! `cargo xtask setup`) and run as `node tests/oracle/driver.mjs`; nothing of it is vendored.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

mod case;
mod classify;
mod conditions;
mod deviations;
mod engines;
mod generate;
mod reduce;
mod rng;
mod world;

use crate::diff::case::Case;
use crate::diff::classify::{Cause, unexplained};
use crate::diff::deviations::{Deviation, neutralize};
use crate::diff::engines::Engines;
use crate::diff::reduce::{Pair, minimize, pair};
use crate::setup::oracle_packages;
use crate::test::target_dir;
use crate::util::{command, run, seconds};

const USAGE: &str = "usage: cargo xtask diff [--n N] [--seed S] [--release]";

/// The options of one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// How many requests.
    pub n: u64,
    /// The generator's seed.
    pub seed: u64,
    /// Build `rolecall` with the `release` profile (the fast native CLI) instead of `dev`.
    pub release: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            n: 2000,
            seed: 1,
            release: false,
        }
    }
}

/// Reads `--n N`, `--seed S` and `--release`.
fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("`{name}` needs a whole number\n{USAGE}"))
        };
        match arg.as_str() {
            "--n" => options.n = number("--n")?,
            "--seed" => options.seed = number("--seed")?,
            "--release" => options.release = true,
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(options)
}

/// Runs `cargo xtask diff`.
///
/// # Errors
///
/// A message when an engine cannot be run, or when a disagreement is not explained.
pub fn run_diff(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    oracle_packages()?;
    check(options)
}

/// At most this many unexplained disagreements are shrunk in one run (each costs a few dozen
/// evaluations); the rest are grouped by the features of their whole case.
const MAX_SHRINK: usize = 80;

/// One disagreement between the engines.
struct Disagreement {
    /// The case's number in the run.
    index: usize,
    case: Case,
    pair: Pair,
    cause: Option<Cause>,
    /// The case shown as the group's example (shrunk when it was).
    example: Option<Case>,
}

/// Builds `rolecall`, runs the comparison and prints the report.
///
/// # Errors
///
/// A message when an engine cannot be run, or when a disagreement is not explained.
pub fn check(options: Options) -> Result<(), String> {
    let rolecall = build_rolecall(options.release)?;
    let work = target_dir().join("oracle-diff");
    println!(
        "diff: {} requests from seed {} (rolecall: {})",
        options.n,
        options.seed,
        rolecall.display()
    );
    let started = Instant::now();
    let cases: Vec<Case> = (0..options.n)
        .map(|n| generate::case(options.seed, n))
        .collect();
    let mut engines = Engines::start(&rolecall)?;
    let decisions = engines.decide(&cases, Some(&work.join("run")))?;
    let mut disagreements: Vec<Disagreement> = Vec::new();
    for (index, ((case, r), o)) in cases
        .iter()
        .zip(&decisions.rolecall)
        .zip(&decisions.oracle)
        .enumerate()
    {
        if r.decision != o.decision || !o.ignored_keys.is_empty() {
            disagreements.push(Disagreement {
                index,
                case: case.clone(),
                pair: pair(r, o),
                cause: None,
                example: None,
            });
        }
    }
    println!(
        "diff: {} of {} agree, {} disagree ({})",
        cases.len() - disagreements.len(),
        cases.len(),
        disagreements.len(),
        seconds(started.elapsed())
    );
    // 1. The listed deviations, each verified by taking its feature out.
    let whole: Vec<(Case, Pair)> = disagreements
        .iter()
        .map(|d| (d.case.clone(), d.pair.clone()))
        .collect();
    for (d, deviation) in disagreements.iter_mut().zip(verify(&mut engines, &whole)?) {
        d.cause = deviation.map(Cause::listed);
    }
    // 2. Oracle errors and ignored keys are grouped as they are.
    for d in &mut disagreements {
        if d.cause.is_none() {
            if let (Some(r), Some(o)) = (
                decisions.rolecall.get(d.index),
                decisions.oracle.get(d.index),
            ) {
                // A Rolecall error is shrunk like the rest: its minimal case may show a listed
                // deviation (a refusal AWS documents) that other features of the whole case hid.
                let cause = unexplained(&d.case, r, o);
                if !matches!(cause, Cause::Unexplained(_) | Cause::RolecallError(_)) {
                    d.cause = Some(cause);
                }
            }
        }
    }
    // 3. The rest are shrunk to a minimal case, which is checked again and named by its features.
    let open: Vec<usize> = (0..disagreements.len())
        .filter(|&i| disagreements.get(i).is_some_and(|d| d.cause.is_none()))
        .take(MAX_SHRINK)
        .collect();
    let minimal = shrink(&mut engines, &disagreements, &open)?;
    let rechecked = verify(&mut engines, &minimal)?;
    for ((i, (small, _)), deviation) in open.iter().zip(minimal).zip(rechecked) {
        if let Some(d) = disagreements.get_mut(*i) {
            if let (Some(r), Some(o)) = (
                decisions.rolecall.get(d.index),
                decisions.oracle.get(d.index),
            ) {
                d.cause = Some(deviation.map_or_else(|| unexplained(&small, r, o), Cause::listed));
            }
            d.example = Some(small);
        }
    }
    // Past the shrinking budget, the whole case names the group.
    for d in &mut disagreements {
        if d.cause.is_none() {
            if let (Some(r), Some(o)) = (
                decisions.rolecall.get(d.index),
                decisions.oracle.get(d.index),
            ) {
                d.cause = Some(unexplained(&d.case, r, o));
            }
        }
    }
    // 4. One shrunk example for each explained group.
    let mut groups: BTreeMap<Cause, Vec<usize>> = BTreeMap::new();
    for (i, d) in disagreements.iter().enumerate() {
        if let Some(cause) = &d.cause {
            groups.entry(cause.clone()).or_default().push(i);
        }
    }
    let representatives: Vec<usize> = groups
        .iter()
        .filter(|(cause, _)| cause.is_explained())
        .filter_map(|(_, members)| {
            members.iter().copied().min_by_key(|&i| {
                disagreements
                    .get(i)
                    .map_or(usize::MAX, |d| d.case.rolecall_line("").len())
            })
        })
        .collect();
    let examples = shrink(&mut engines, &disagreements, &representatives)?;
    for (i, (small, _)) in representatives.iter().zip(examples) {
        if let Some(d) = disagreements.get_mut(*i) {
            d.example = Some(small);
        }
    }
    let report = report(&groups, &disagreements, options);
    print!("{report}");
    let _ = std::fs::write(work.join("report.txt"), &report);
    println!("diff: done in {}", seconds(started.elapsed()));
    let unexplained: usize = groups
        .iter()
        .filter(|(cause, _)| !cause.is_explained())
        .map(|(_, members)| members.len())
        .sum();
    if unexplained == 0 {
        Ok(())
    } else {
        Err(format!(
            "{unexplained} disagreement(s) with the oracle that tests/oracle/deviations.md does not explain (report: {})",
            work.join("report.txt").display()
        ))
    }
}

/// For each case, the listed deviation that explains it: the engines agree once every listed
/// feature is taken out (see [`neutralize`]).
fn verify(
    engines: &mut Engines,
    cases: &[(Case, Pair)],
) -> Result<Vec<Option<&'static Deviation>>, String> {
    let mut candidates: Vec<(usize, Vec<&'static Deviation>, Case)> = Vec::new();
    for (i, (case, (r, o))) in cases.iter().enumerate() {
        let (found, neutral) = neutralize(case, (r.as_str(), o.as_str()));
        if !found.is_empty() {
            candidates.push((i, found, neutral));
        }
    }
    let mut verified = vec![None; cases.len()];
    if candidates.is_empty() {
        return Ok(verified);
    }
    let neutral: Vec<Case> = candidates.iter().map(|(_, _, c)| c.clone()).collect();
    let decisions = engines.decide(&neutral, None)?;
    for ((i, found, _), (r, o)) in candidates
        .into_iter()
        .zip(decisions.rolecall.iter().zip(&decisions.oracle))
    {
        let agree = r.decision == o.decision && r.decision != "error";
        if let (true, Some(slot)) = (agree, verified.get_mut(i)) {
            *slot = found.first().copied();
        }
    }
    Ok(verified)
}

/// Shrinks the disagreements numbered `which`.
fn shrink(
    engines: &mut Engines,
    disagreements: &[Disagreement],
    which: &[usize],
) -> Result<Vec<(Case, Pair)>, String> {
    let items: Vec<(Case, Pair)> = which
        .iter()
        .filter_map(|&i| disagreements.get(i))
        .map(|d| (d.case.clone(), d.pair.clone()))
        .collect();
    let pairs: Vec<Pair> = items.iter().map(|(_, p)| p.clone()).collect();
    let small = minimize(engines, items)?;
    Ok(small.into_iter().zip(pairs).collect())
}

fn report(
    groups: &BTreeMap<Cause, Vec<usize>>,
    disagreements: &[Disagreement],
    options: Options,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "diff: disagreements by cause (--n {} --seed {})",
        options.n, options.seed
    );
    if groups.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (cause, members) in groups {
        let _ = writeln!(out, "{:>6}  {}", members.len(), cause.label());
        let shown = members
            .iter()
            .filter_map(|&i| disagreements.get(i))
            .find(|d| d.example.is_some())
            .or_else(|| members.first().and_then(|&i| disagreements.get(i)));
        if let Some(d) = shown {
            let (form, case) = match &d.example {
                Some(small) => ("minimal form", small),
                None => ("whole case", &d.case),
            };
            let _ = writeln!(
                out,
                "        example: case {} (rolecall {}, oracle {}), {form}:\n        {}",
                d.index,
                d.pair.0,
                d.pair.1,
                case.rolecall_line(&format!("seed{}-case{}", options.seed, d.index))
            );
        }
    }
    out
}

/// Builds the `rolecall` CLI (dev profile, or `release`) and returns its path.
fn build_rolecall(release: bool) -> Result<PathBuf, String> {
    let profile = if release { "release" } else { "dev" };
    if !run(command(
        "cargo",
        &[
            "build",
            "--quiet",
            "-p",
            "rolecall-cli",
            "--profile",
            profile,
        ],
    )) {
        return Err(format!(
            "`cargo build -p rolecall-cli --profile {profile}` failed"
        ));
    }
    let dir = if release { "release" } else { "debug" };
    Ok(target_dir().join(dir).join("rolecall"))
}

#[cfg(test)]
mod tests {
    use super::{Options, parse};

    fn check(args: &[&str], expected: Result<Options, ()>) {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        assert_eq!(parse(&args).map_err(|_| ()), expected);
    }

    #[test]
    fn options_are_read_with_defaults() {
        check(&[], Ok(Options::default()));
        check(
            &["--n", "50", "--seed", "9", "--release"],
            Ok(Options {
                n: 50,
                seed: 9,
                release: true,
            }),
        );
        check(&["--n"], Err(()));
        check(&["--n", "many"], Err(()));
        check(&["--fast"], Err(()));
    }
}
