//! Embeds the example library (`examples/*.json` at the repository root) in the app: writes
//! `$OUT_DIR/examples.rs`, a list of `Example { id, text: include_str!(...) }` with the default
//! example (`cross-account`) first and the others by file name, so that a new example file
//! appears in the gallery without code changes.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_owned());
    let dir = Path::new(&manifest).join("..").join("examples");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut ids: Vec<String> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    ids.sort_by_key(|id| (id != "cross-account", id.clone()));
    let mut out = String::from("&[\n");
    for id in &ids {
        let path = dir.join(format!("{id}.json"));
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            out,
            "    Example {{ id: {id:?}, text: include_str!({:?}) }},",
            path.display().to_string()
        );
    }
    out.push_str("]\n");
    let target =
        Path::new(&env::var("OUT_DIR").unwrap_or_else(|_| ".".to_owned())).join("examples.rs");
    if fs::write(&target, out).is_err() {
        println!("cargo:warning=could not write {}", target.display());
    }
}
