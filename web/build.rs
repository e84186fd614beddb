//! Makes sure the editor loader `web/js/dist/editor.js` exists (wasm-bindgen reads it at compile
//! time): when it is missing, runs `node web/js/build.mjs` once (trunk's pre_build hook and
//! `cargo xtask setup` normally build it first, with the CodeMirror bundle it loads).
//!
//! The example library is not embedded here: the page uses the core's list
//! (`rolecall_core::scenario::examples`).

use std::env;
use std::path::Path;

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
}
