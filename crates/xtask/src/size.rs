//! `cargo xtask size`: the shipped size of the release bundle in `dist/`, raw and gzip, and what
//! of it the browser fetches before the first paint.
//!
//! gzip sizes come from `gzip -9`, close to what a static host sends with compression on. Before
//! the first paint a first visit needs `index.html`, which holds the prerendered first screen
//! (web/src/prerender.rs), and the CSS; a visit by a link (or with autosaved work without a
//! picture of its last screen) paints the prerender's frame from them too, with a status; its
//! content, the page's own first render, needs the wasm-bindgen glue with the snippets it imports
//! (the editor loader) and the wasm too; the CodeMirror editor (`lazy/`, imported by
//! web/js/editor.js once the page has painted) and the JSON data (the AWS catalog, the managed
//! policies) come after it. `tests/e2e/figures.test.mjs` checks the same split in a browser, from
//! the responses that arrived before `first-contentful-paint`. Then what each wasm module is
//! made of (`wasm_parts.rs`): the largest groups of functions and functions, and the data.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::web::dist_dir;

/// The size of one shipped file.
#[derive(Debug)]
struct Entry {
    kind: &'static str,
    name: String,
    raw: u64,
    gzip: u64,
}

/// Prints a table of every file in `dist/` with totals per kind and for the whole transfer.
///
/// # Errors
///
/// Returns a message when `dist/` is missing or a file cannot be read or compressed.
pub fn report() -> Result<(), String> {
    let dist = dist_dir();
    let mut files = Vec::new();
    collect(&dist, &mut files)?;
    if files.is_empty() {
        return Err(format!(
            "`{}` is empty: build first (`cargo xtask size` does)",
            dist.display()
        ));
    }
    files.sort();
    let mut entries = Vec::new();
    for path in &files {
        let body =
            fs::read(path).map_err(|err| format!("cannot read `{}`: {err}", path.display()))?;
        let name = path
            .strip_prefix(&dist)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        entries.push(Entry {
            kind: kind(&name),
            name,
            raw: len(body.len()),
            gzip: gzip_len(&body)?,
        });
    }
    println!("== size of dist/ (release bundle)");
    println!("{:<56} {:>10} {:>10}", "file", "raw", "gzip -9");
    for entry in &entries {
        row(&entry.name, entry.raw, entry.gzip);
    }
    println!("{:-<78}", "");
    for kind in ["wasm", "js", "css", "html", "other", WORKER, LAZY_JS, LATER] {
        let (raw, gzip) = totals(entries.iter().filter(|entry| entry.kind == kind));
        if raw > 0 {
            row(&format!("total {kind}"), raw, gzip);
        }
    }
    let (raw, gzip) = totals(
        entries
            .iter()
            .filter(|entry| ![LATER, LAZY_JS, WORKER].contains(&entry.kind)),
    );
    if prerendered(&dist) {
        let (html_raw, html_gzip) = totals(
            entries
                .iter()
                .filter(|entry| ["html", "css"].contains(&entry.kind)),
        );
        row(
            "transfer before first paint (prerendered: HTML + CSS)",
            html_raw,
            html_gzip,
        );
        if opening_frame(&dist) {
            row(
                "a link's first paint (its frame: HTML + CSS)",
                html_raw,
                html_gzip,
            );
            row(
                "a link's content: the page's first render (+ wasm, glue)",
                raw,
                gzip,
            );
        } else {
            row("the page's own first render (+ wasm, glue)", raw, gzip);
        }
    } else {
        row("transfer before first paint", raw, gzip);
    }
    let (raw, gzip) = totals(entries.iter());
    row("total transfer (whole page)", raw, gzip);
    for bin in ["rolecall-web", "rolecall-worker"] {
        let path = crate::util::repo_root()
            .join("target/wasm-bindgen/release")
            .join(format!("{bin}_bg.wasm"));
        if path.exists() {
            parts(&path)?;
        }
    }
    Ok(())
}

/// Whether `dist/index.html` holds the prerendered first screen (web/src/prerender.rs): then a
/// first visit paints from the HTML and the CSS alone, and the wasm with its glue come after
/// (a link or autosaved work without its picture paints only the prerender's frame then, its
/// content waiting for them: [`opening_frame`]).
fn prerendered(dist: &Path) -> bool {
    fs::read_to_string(dist.join("index.html"))
        .is_ok_and(|html| html.contains("<div id=\"rc-prerender\" inert>"))
}

/// Whether `dist/index.html` holds the status a link (or kept work without a picture of its last
/// screen) shows over the prerender's frame while the page's wasm loads (index.html
/// `#rc-opening`): then such a visit paints its frame from the HTML and the CSS too, and only its
/// own content waits for the page's wasm.
fn opening_frame(dist: &Path) -> bool {
    prerendered(dist)
        && fs::read_to_string(dist.join("index.html"))
            .is_ok_and(|html| html.contains("id=\"rc-opening\"") || html.contains("id=rc-opening"))
}

/// How many of the largest functions and groups [`parts`] lists.
const TOP: usize = 25;

/// Prints what the wasm module at `path` (wasm-bindgen's output, with its name section) is made
/// of: the largest groups of functions (crate and module) and functions, raw and `gzip -9`, and
/// the data section.
fn parts(path: &Path) -> Result<(), String> {
    let bytes = fs::read(path).map_err(|err| format!("cannot read `{}`: {err}", path.display()))?;
    let parts = crate::wasm_parts::read(&bytes)
        .map_err(|err| format!("cannot read `{}`: {err}", path.display()))?;
    println!();
    println!(
        "== what {} is made of (before wasm-opt; gzip -9 of each group's bodies together)",
        path.display()
    );
    let mut groups: std::collections::BTreeMap<String, (usize, Vec<u8>)> =
        std::collections::BTreeMap::new();
    for f in &parts.functions {
        let entry = groups.entry(crate::wasm_parts::group(&f.name)).or_default();
        entry.0 += 1;
        entry.1.extend_from_slice(&f.body);
    }
    let mut groups: Vec<(String, usize, Vec<u8>)> = groups
        .into_iter()
        .map(|(name, (count, bodies))| (name, count, bodies))
        .collect();
    groups.sort_by_key(|(_, _, bodies)| std::cmp::Reverse(bodies.len()));
    let code: usize = groups.iter().map(|(_, _, b)| b.len()).sum();
    println!(
        "{:<56} {:>10} {:>10}",
        "group (functions)", "raw", "gzip -9"
    );
    for (name, count, bodies) in groups.iter().take(TOP) {
        row(
            &format!("{name} ({count})"),
            len(bodies.len()),
            gzip_len(bodies)?,
        );
    }
    let all: Vec<u8> = parts
        .functions
        .iter()
        .flat_map(|f| f.body.clone())
        .collect();
    row(
        &format!("all code ({} functions)", parts.functions.len()),
        len(code),
        gzip_len(&all)?,
    );
    row(
        "data section",
        len(parts.data.len()),
        gzip_len(&parts.data)?,
    );
    println!("{:<56} {:>10}", "largest functions", "raw");
    let mut functions: Vec<&crate::wasm_parts::Function> = parts.functions.iter().collect();
    functions.sort_by_key(|f| std::cmp::Reverse(f.body.len()));
    for f in functions.iter().take(TOP) {
        let name: String = f.name.chars().take(66).collect();
        println!("{name:<66} {:>10}", kb(len(f.body.len())));
    }
    Ok(())
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let read =
        fs::read_dir(dir).map_err(|err| format!("cannot read `{}`: {err}", dir.display()))?;
    for entry in read.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

fn row(name: &str, raw: u64, gzip: u64) {
    println!("{name:<56} {:>10} {:>10}", kb(raw), kb(gzip));
}

/// The kind of JSON files: data the app fetches after the first paint (the AWS catalog, the
/// managed policies).
const LATER: &str = "json (fetched after first paint)";

/// The kind of the files under `lazy/` (the CodeMirror editor, imported after the first paint)
/// and of `sw.js` (the service worker, registered once the page has loaded: web/js/offline.js).
const LAZY_JS: &str = "js (imported after first paint)";

/// The kind of the evaluation worker's module (`rolecall-worker.js` and
/// `rolecall-worker_bg.wasm`: the evaluation, suggestions, import/export and "Who can?"), which
/// web/js/worker.js starts once the page's own module runs, while the page paints.
const WORKER: &str = "worker module (loaded by the running page)";

/// The kind of a file of `dist/` by its path there (`/`-separated on every platform).
fn kind(name: &str) -> &'static str {
    let name = name.replace('\\', "/");
    if name.starts_with("lazy/") || name == "sw.js" {
        return LAZY_JS;
    }
    if name.starts_with("rolecall-worker") {
        return WORKER;
    }
    match Path::new(&name)
        .extension()
        .and_then(|ext| ext.to_str())
        .unwrap_or_default()
    {
        "wasm" => "wasm",
        "json" => LATER,
        "js" | "mjs" => "js",
        "css" => "css",
        "html" => "html",
        _ => "other",
    }
}

fn totals<'a>(entries: impl Iterator<Item = &'a Entry>) -> (u64, u64) {
    entries.fold((0, 0), |(raw, gzip), entry| {
        (raw + entry.raw, gzip + entry.gzip)
    })
}

fn len(bytes: usize) -> u64 {
    u64::try_from(bytes).unwrap_or(u64::MAX)
}

fn kb(bytes: u64) -> String {
    // Precision loss is irrelevant for a size table.
    let kib = bytes as f64 / 1024.0;
    format!("{kib:.1} KiB")
}

fn gzip_len(body: &[u8]) -> Result<u64, String> {
    let mut child = Command::new("gzip")
        .args(["-9", "-c", "-n"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot run `gzip`: {err}"))?;
    let mut stdin = child.stdin.take().ok_or("cannot write to `gzip`")?;
    let input = body.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child
        .wait_with_output()
        .map_err(|err| format!("`gzip` failed: {err}"))?;
    let written = writer
        .join()
        .map_err(|_| "the `gzip` writer thread failed".to_owned())?;
    written.map_err(|err| format!("cannot write to `gzip`: {err}"))?;
    if !out.status.success() {
        return Err("`gzip` failed".to_owned());
    }
    Ok(len(out.stdout.len()))
}

#[cfg(test)]
mod tests {
    use super::{LATER, LAZY_JS, WORKER, kind};

    #[test]
    fn files_are_split_at_the_first_paint() {
        for (name, expected) in [
            ("index.html", "html"),
            ("rolecall-web-0123abcd_bg.wasm", "wasm"),
            ("rolecall-web-0123abcd.js", "js"),
            ("rolecall-worker_bg.wasm", WORKER),
            ("rolecall-worker.js", WORKER),
            ("snippets/rolecall-web-9f/js/dist/editor.js", "js"),
            ("style-0123abcd.css", "css"),
            ("lazy/codemirror-0123456789abcdef.js", LAZY_JS),
            ("sw.js", LAZY_JS),
            ("catalog.json", LATER),
            ("managed/index.json", LATER),
            ("managed/AdministratorAccess.json", LATER),
        ] {
            assert_eq!(kind(name), expected, "{name}");
        }
    }
}
