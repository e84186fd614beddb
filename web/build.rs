//! Makes sure the CodeMirror bundle `web/js/dist/editor.js` exists (wasm-bindgen reads it at
//! compile time): when it is missing, runs `node web/js/build.mjs` once (trunk's pre_build hook
//! and `cargo xtask setup` normally build it first).
//!
//! Embeds the example library (`examples/*.json` at the repository root) in the app: writes
//! `$OUT_DIR/examples.rs`, a list of `Example { id, text: include_str!(...) }` with the default
//! example (`cross-account`) first and the others by file name, so that a new example file
//! appears in the gallery without code changes.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn ensure_editor_bundle(manifest: &Path) {
    let bundle = manifest.join("js").join("dist").join("editor.js");
    println!("cargo:rerun-if-changed={}", bundle.display());
    if bundle.exists() {
        return;
    }
    let script = manifest.join("js").join("build.mjs");
    let built = std::process::Command::new("node")
        .arg(&script)
        .status()
        .is_ok_and(|s| s.success());
    if !built {
        println!(
            "cargo:warning=web/js/dist/editor.js is missing and `node web/js/build.mjs` failed: run `cargo xtask setup` (it installs the npm packages and builds the editor bundle)"
        );
    }
}

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_owned());
    ensure_editor_bundle(Path::new(&manifest));
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
