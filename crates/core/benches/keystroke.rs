//! Criterion benchmark of one keystroke in the page (issue 14, "keystroke → decision inside one
//! frame"): the default example with the Deployer role's permission policy grown to 50
//! statements (the scenario of `tests/e2e/figures.test.mjs`), one character typed into that
//! policy, then the view the page shows, from scratch (`view::view`) and with the evaluation
//! worker's `editing::Cache` (without and with the service catalog's lint, which the page has
//! loaded by the time the user types); and the same with the "allowed only if …" suggestions the worker also
//! computes per keystroke. Run with `cargo bench -p rolecall-core --bench keystroke`; figures in
//! BENCHMARKS.md.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rolecall_core::catalog::Catalog;
use rolecall_core::editing::Cache;
use rolecall_core::managed::ManagedPolicies;
use rolecall_core::scenario::examples::EXAMPLES;
use rolecall_core::scenario::view::view;
use rolecall_core::scenario::{DocumentId, Scenario, evaluate_request, load_with};
use rolecall_core::suggest::{Suggestion, suggest};

#[path = "support/fifty.rs"]
mod fifty;

use fifty::fifty_statement_policy;

/// The AWS service catalog the page loads after its first decision.
const CATALOG: &str = include_str!("../data/catalog.json");

/// The Deployer role's permission policy in the default example.
const DEPLOYER: DocumentId = DocumentId::Identity {
    identity: 2,
    policy: 0,
};

/// The scenario after keystroke number `n`: the policy with `n % 40 + 1` spaces typed at its
/// end (each keystroke's text differs from the two before it, as typing's does).
fn after_keystroke(base: &Scenario, policy: &str, n: usize) -> Scenario {
    let mut scenario = base.clone();
    if let Some(doc) = DEPLOYER.get_mut(&mut scenario) {
        doc.text = format!("{policy}{}", " ".repeat(n % 40 + 1));
    }
    scenario
}

fn suggestions(scenario: &Scenario) -> Vec<Vec<Suggestion>> {
    (0..scenario.requests.len())
        .map(|i| {
            evaluate_request(scenario, i)
                .map(|o| suggest(scenario, i, &o))
                .unwrap_or_default()
        })
        .collect()
}

fn keystroke(c: &mut Criterion) {
    let aws = ManagedPolicies::new();
    let default = EXAMPLES.first().map_or("", |e| e.text);
    let base = load_with(default, &aws).scenario.unwrap_or_default();
    let policy = fifty_statement_policy();
    let mut group = c.benchmark_group("keystroke_50_statements");
    let mut n = 0;
    let mut next = || {
        n += 1;
        after_keystroke(&base, &policy, n)
    };
    group.bench_function("view_from_scratch", |b| {
        b.iter_batched(
            &mut next,
            |s| view(black_box(&s), None),
            BatchSize::SmallInput,
        );
    });
    let mut cache = Cache::new();
    group.bench_function("view_cached", |b| {
        b.iter_batched(
            &mut next,
            |s| cache.view(black_box(&s), None),
            BatchSize::SmallInput,
        );
    });
    // As in the page once the catalog has loaded: the edited policy is linted against it too.
    if let Ok(catalog) = Catalog::parse(CATALOG) {
        let mut cache = Cache::new();
        group.bench_function("view_cached_with_catalog", |b| {
            b.iter_batched(
                &mut next,
                |s| cache.view(black_box(&s), Some(&catalog)),
                BatchSize::SmallInput,
            );
        });
    }
    group.bench_function("view_and_suggestions_from_scratch", |b| {
        b.iter_batched(
            &mut next,
            |s| (view(black_box(&s), None), suggestions(&s)),
            BatchSize::SmallInput,
        );
    });
    let mut cache = Cache::new();
    group.bench_function("view_and_suggestions_cached", |b| {
        b.iter_batched(
            &mut next,
            |s| {
                let shown = cache.view(black_box(&s), None);
                (shown, cache.suggestions(&s))
            },
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
