//! `cargo bench -p rolecall-import --bench import`: importing generated account exports
//! (`rolecall_import::generate::account_export`) of about 1 MB and 5 MB, and reading the
//! bundled AWS managed policies. Figures are in BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use rolecall_core::managed::ManagedPolicies;
use rolecall_import::{Input, import};

const MANAGED: &str = include_str!("../../core/data/managed-policies.json");

fn bench(c: &mut Criterion) {
    let aws = ManagedPolicies::parse(MANAGED).unwrap_or_default();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    for identities in [700, 4700] {
        let text = rolecall_import::generate::account_export("111111111111", identities);
        let name = format!(
            "account export, {identities} identities, {} KB",
            text.len() / 1024
        );
        group.bench_function(name, |b| {
            b.iter(|| {
                import(
                    &[Input {
                        name: "export.json",
                        text: &text,
                    }],
                    &aws,
                )
            });
        });
    }
    group.bench_function("parse bundled managed policies", |b| {
        b.iter(|| ManagedPolicies::parse(MANAGED));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
