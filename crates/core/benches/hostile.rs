//! Criterion benchmarks of the hostile inputs of issue 14's table, one per row, at 64 KiB and
//! 256 KiB: the time budget of each regression test (`tests/hostile.rs`) is checked here, not
//! in the test. Run with `cargo bench -p rolecall-core --bench hostile`; figures in
//! BENCHMARKS.md. Linear families take about four times as long at four times the size.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

#[path = "support/hostile.rs"]
mod hostile;

fn hostile_inputs(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    for family in hostile::FAMILIES {
        for size in [64 * 1024, 256 * 1024] {
            let Some(case) = hostile::build(family, size) else {
                continue;
            };
            group.throughput(Throughput::Bytes(case.len() as u64));
            group.bench_with_input(BenchmarkId::new(*family, size), &case, |b, case| {
                b.iter(|| black_box(case.run()));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, hostile_inputs);
criterion_main!(benches);
