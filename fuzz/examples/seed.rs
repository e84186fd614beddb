//! `cargo xtask fuzz --seed` (this example): writes the seed corpora of every fuzz target into
//! `fuzz/corpus/TARGET/`, one file per input named by its FNV-1a hash: the examples
//! (`scenario`), their share links (`link`), edits of each (`structured`), every policy in them
//! (`policy`, `evaluate`), every JSON Lines case of the test corpus (`simulate`), glob pairs
//! (`glob`) and the import test inputs (`import`).

use std::fs;
use std::path::{Path, PathBuf};

fn main() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let dir = root.join("fuzz/corpus");
    let mut written = 0;
    let mut write = |target: &str, data: &[u8]| -> Result<(), String> {
        let folder = dir.join(target);
        fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
        let name = format!("{:016x}", fnv(data));
        fs::write(folder.join(name), data).map_err(|e| e.to_string())?;
        written += 1;
        Ok(())
    };
    for file in files_in(&root.join("examples"), "json") {
        let text = read(&file)?;
        write("scenario", text.as_bytes())?;
        write("link", rolecall_core::share::encode(&text).as_bytes())?;
        if let Some(s) = rolecall_core::scenario::load(&text).scenario {
            for doc in s.documents() {
                write("policy", doc.document.text.as_bytes())?;
                write(
                    "evaluate",
                    format!(
                        "{}\ns3:GetObject\narn:aws:s3:::bkt/k",
                        rolecall_core::scenario::text::minify(&doc.document.text)
                    )
                    .as_bytes(),
                )?;
            }
        }
    }
    for (i, _) in rolecall_core::scenario::examples::EXAMPLES
        .iter()
        .enumerate()
    {
        let pick = u8::try_from(i).unwrap_or_default();
        write("structured", &[pick, 3, 0, 17, 9, 40, 2])?;
    }
    for file in files_in(&root.join("crates/core/tests/corpus"), "jsonl") {
        for line in read(&file)?.lines().filter(|l| !l.trim().is_empty()) {
            write("simulate", line.as_bytes())?;
        }
    }
    for (pattern, text) in [
        ("s3:Get*", "s3:GetObject"),
        ("arn:aws:s3:::bkt/*/a?c", "arn:aws:s3:::bkt/x/abc"),
        ("*a?a?b*", "aaaaaaab"),
        ("*É?é*", "xÉzéy"),
        ("arn:aws:iam::*:role/${*}", "arn:aws:iam::1:role/*"),
    ] {
        write("glob", format!("{pattern}\n{text}").as_bytes())?;
    }
    for file in files_in(&root.join("crates/import/tests/data"), "json") {
        write("import", read(&file)?.as_bytes())?;
    }
    println!("fuzz: wrote {written} seed files into fuzz/corpus/");
    Ok(())
}

fn files_in(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == extension))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// A stable file name for a seed (FNV-1a).
fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
