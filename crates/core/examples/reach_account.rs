//! Times the access graph on the generated account of the benchmark and prints the figures:
//! `cargo run --release -p rolecall-core --example reach_account -- 1000 1000` (roles, then
//! users). Run it under `/usr/bin/time -v` for the peak memory (BENCHMARKS.md).

use std::time::Instant;

use rolecall_core::reach::{AccessGraph, Limits, escalation, who_can};
use rolecall_core::scenario::load;

#[path = "../benches/support/account.rs"]
mod account;

fn main() {
    let (roles, users) = account::size(std::env::args().skip(1));
    let text = account::scenario(roles, users);
    let scenario = load(&text).scenario.unwrap_or_default();
    // What a cache keyed by the scenario itself costs: a copy, and a comparison with it.
    let start = Instant::now();
    let copy = scenario.clone();
    let copied = start.elapsed();
    let start = Instant::now();
    let same = copy == scenario;
    let compared = start.elapsed();
    let start = Instant::now();
    let graph = AccessGraph::build(&scenario);
    let built = start.elapsed();
    let limits = Limits::default();
    let start = Instant::now();
    let found = who_can(
        &graph,
        "s3:GetObject",
        "arn:aws:s3:::bucket-3/report.csv",
        &limits,
    );
    let asked = start.elapsed();
    let start = Instant::now();
    let findings = escalation(&graph, &limits);
    let escalated = start.elapsed();
    println!(
        "{roles} roles, {users} users: {} nodes, {} edges, {} grants",
        graph.nodes.len(),
        graph.edges.len(),
        graph.grants.len()
    );
    println!("copy        {copied:?}, compared {compared:?} (same: {same})");
    println!("build       {built:?}");
    // A digest of everything the build decided (edges with their questions, administrators,
    // grants): a change meant to make the build faster must leave it as it was.
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(
        &format!("{:?} {:?} {:?}", graph.edges, graph.admins, graph.grants),
        &mut hasher,
    );
    println!(
        "graph       digest {:016x}",
        std::hash::Hasher::finish(&hasher)
    );
    println!(
        "who-can     {asked:?} ({} principals)",
        found.principals.len()
    );
    println!(
        "escalation  {escalated:?} ({} findings)",
        findings.findings.len()
    );
}
