//! Replays every committed corpus file and every past finding through the harness of its
//! target, on stable, in the ordinary `cargo test` (the fuzz targets themselves need nightly
//! and cargo-fuzz: `cargo xtask fuzz`).
//!
//! - `fuzz/corpus/<target>/`: the minimised seed corpora (from the examples and the test
//!   corpus, see `cargo xtask fuzz --seed`);
//! - `fuzz/regressions/<target>/`: every input a fuzzer found, kept once fixed.

use std::fs;
use std::path::Path;

use rolecall_fuzz::TARGETS;

fn replay(dir: &str) -> Result<usize, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut count = 0;
    for (name, run) in TARGETS {
        let Ok(entries) = fs::read_dir(root.join(name)) else {
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let data = fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            run(&data);
            count += 1;
        }
    }
    Ok(count)
}

#[test]
fn every_corpus_file_runs_through_its_target() {
    let count = replay("corpus").unwrap();
    assert!(count >= TARGETS.len(), "only {count} corpus files");
}

#[test]
fn every_past_finding_stays_fixed() {
    replay("regressions").unwrap();
}

#[test]
fn every_target_has_a_seed_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for (name, _) in TARGETS {
        let files = fs::read_dir(root.join(name)).map_or(0, Iterator::count);
        assert!(
            files > 0,
            "target `{name}` has no corpus in fuzz/corpus/{name}"
        );
    }
}

#[test]
fn every_target_has_a_fuzz_target_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz_targets");
    for (name, _) in TARGETS {
        assert!(root.join(format!("{name}.rs")).is_file(), "{name}");
    }
}
