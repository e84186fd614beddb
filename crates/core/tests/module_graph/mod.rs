//! The module graph of a crate, read from its sources: shared by the layering tests of the core
//! (`crates/core/tests/layers.rs`) and of the web crate (`web/tests/layers.rs`, which includes
//! this file by path), so that both read `crate::` and `super::` paths the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One source file: its module path (`["components", "hops"]`) and its code.
pub struct Source {
    pub module: Vec<String>,
    pub code: String,
}

/// Every source file of the crate under test (`CARGO_MANIFEST_DIR/src`) but its test modules.
pub fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("src is readable").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            // A symbolic link (the web crate's `worker_main.rs` is one to `main.rs`) is read once.
            if path.extension().is_none_or(|e| e != "rs") || path.is_symlink() {
                continue;
            }
            let relative = path.strip_prefix(&root).expect("below src");
            let mut module: Vec<String> = relative
                .with_extension("")
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if module
                .last()
                .is_some_and(|m| m == "mod" || m == "lib" || m == "main")
            {
                module.pop();
            }
            // Test modules may use anything.
            if module.iter().any(|m| m == "tests" || m.ends_with("_tests")) {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a source file is readable");
            out.push(Source {
                module,
                code: code_of(&text),
            });
        }
    }
    out
}

/// The code of a file without its comments and without what follows its first `#[cfg(test)]`
/// module (a `#[cfg(test)]` function or `use` stays: it is code of the module).
pub fn code_of(text: &str) -> String {
    let mut kept = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let test_module = line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod "));
        if test_module {
            break;
        }
        kept.push(match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        });
    }
    kept.join("\n")
}

/// Every path written in `code` that starts with `crate::` or `super::`, resolved to absolute
/// segments (`super::` relative to `module`). Groups such as `crate::a::{b, c::d}` give one
/// path per member.
pub fn paths(module: &[String], code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (start, prefix) in [("crate::", None), ("super::", Some(()))] {
        let mut rest = code;
        while let Some(at) = rest.find(start) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + start.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut base: Vec<String> = match prefix {
                None => Vec::new(),
                Some(()) => {
                    // In `a/b.rs` (module a::b) `super` is `a`; in `a/mod.rs` (module a) it is
                    // the crate root.
                    let mut parent = module.to_vec();
                    parent.pop();
                    parent
                }
            };
            let mut chained = rest;
            while let Some(more) = chained.strip_prefix("super::") {
                base.pop();
                chained = more;
            }
            let end = chained
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(chained.len());
            let path = &chained[..end];
            let mut segments = base.clone();
            segments.extend(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
            );
            if chained[end..].starts_with('{') && (path.is_empty() || path.ends_with("::")) {
                let group = &chained[end + 1..];
                let close = group.find('}').unwrap_or(group.len());
                for member in group[..close].split(',') {
                    let first = member.trim().split("::").next().unwrap_or_default();
                    if !first.is_empty() && first != "self" {
                        let mut with = segments.clone();
                        with.push(first.to_owned());
                        out.push(with);
                    }
                }
            }
            out.push(segments);
        }
    }
    out
}

/// The longest prefix of `path` that is one of `modules`.
pub fn resolve<'m>(path: &[String], modules: &'m BTreeSet<Vec<String>>) -> Option<&'m Vec<String>> {
    (1..=path.len()).rev().find_map(|n| modules.get(&path[..n]))
}

/// The edges between modules: `from` uses `to` (neither an ancestor of the other).
pub fn edges() -> BTreeSet<(Vec<String>, Vec<String>)> {
    let sources = sources();
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let mut out = BTreeSet::new();
    for source in &sources {
        for path in paths(&source.module, &source.code) {
            let Some(to) = resolve(&path, &modules) else {
                continue;
            };
            let related =
                to.starts_with(&source.module) || source.module.starts_with(to.as_slice());
            if !related {
                out.insert((source.module.clone(), to.clone()));
            }
        }
    }
    out
}

/// Fails with the first cycle found in `graph` (module -> the modules it uses).
pub fn assert_no_cycle(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) {
    // Depth-first search for a back edge.
    fn visit(
        node: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        stack: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.clone());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        let cycle = visit(node, graph, &mut Vec::new(), &mut done);
        assert!(
            cycle.is_none(),
            "module cycle: {}",
            cycle
                .unwrap_or_default()
                .iter()
                .map(|m| m.join("::"))
                .collect::<Vec<_>>()
                .join(" -> ")
        );
    }
}
