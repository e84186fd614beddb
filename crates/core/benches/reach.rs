//! Criterion benchmarks of the access graph on a generated account (1,000 roles, 1,000 users,
//! three accounts, typical trust and permission policies with conditions): building the graph,
//! who-can, and escalation. Run with
//! `cargo bench -p rolecall-core --bench reach`; figures in
//! BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rolecall_core::reach::{AccessGraph, Limits, escalation, who_can};
use rolecall_core::scenario::load;

#[path = "support/account.rs"]
mod account;

fn bench(c: &mut Criterion) {
    // No arguments: the benchmark's own size.
    let (roles, users) = account::size(std::iter::empty());
    let text = account::scenario(roles, users);
    let scenario = load(&text).scenario.unwrap_or_default();
    let mut group = c.benchmark_group("reach");
    group.sample_size(10);
    group.bench_function("build", |b| {
        b.iter(|| AccessGraph::build(black_box(&scenario)))
    });
    let graph = AccessGraph::build(&scenario);
    let limits = Limits::default();
    group.bench_function("who_can", |b| {
        b.iter(|| {
            who_can(
                &graph,
                "s3:GetObject",
                "arn:aws:s3:::bucket-3/report.csv",
                &limits,
            )
        });
    });
    group.bench_function("escalation", |b| b.iter(|| escalation(&graph, &limits)));
    group.bench_function("build+who_can", |b| {
        b.iter(|| {
            let graph = AccessGraph::build(black_box(&scenario));
            who_can(
                &graph,
                "s3:GetObject",
                "arn:aws:s3:::bucket-3/report.csv",
                &limits,
            )
        });
    });
    group.bench_function("build+escalation", |b| {
        b.iter(|| escalation(&AccessGraph::build(black_box(&scenario)), &limits));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
