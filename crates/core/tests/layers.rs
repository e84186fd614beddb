//! The modules of the core form layers: a module uses only modules of lower layers, and the
//! files inside one module never form a cycle. This test reads every `crate::` and `super::`
//! path in the sources (comments and `#[cfg(test)]` code left out) and checks both, the way
//! `diagnostic_codes.rs` keeps the docs honest. ARCHITECTURE.md describes the same order.
//!
//! Why: a cycle makes two modules one in all but name (neither can be understood, tested or
//! moved alone), and it is how the same knowledge ends up written twice.
#![expect(
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test stops at once when the sources cannot be read"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level modules of `crates/core/src`, lowest layer first. A module may use the modules
/// of the layers before its own, never those of its own layer or after.
const LAYERS: &[&[&str]] = &[
    &["span", "hash", "kind", "names", "request", "value"],
    &["diagnostic", "document"],
    &["json", "model"],
    &["matching"],
    &["condition"],
    &["policy"],
    &["catalog", "evaluate"],
    &["simulate", "managed"],
    &["scenario"],
    &["share", "reach"],
    &["diff", "suggest"],
    &["editing"],
];

/// Top-level modules whose files still form a cycle, to be broken; no other may join.
const KNOWN_CYCLES: &[&str] = &[];

/// One source file: its module path (`["scenario", "parse"]`) and its code.
struct Source {
    module: Vec<String>,
    code: String,
}

fn sources() -> Vec<Source> {
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
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&root).expect("below src");
            let mut module: Vec<String> = relative
                .with_extension("")
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|m| m == "mod" || m == "lib") {
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

/// The code of a file without its comments and without what follows its first `#[cfg(test)]`.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path written in `code` that starts with `crate::` or `super::`, resolved to absolute
/// segments (`super::` relative to `module`). Groups such as `crate::a::{b, c::d}` give one
/// path per member.
fn paths(module: &[String], code: &str) -> Vec<Vec<String>> {
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
fn resolve<'m>(path: &[String], modules: &'m BTreeSet<Vec<String>>) -> Option<&'m Vec<String>> {
    (1..=path.len()).rev().find_map(|n| modules.get(&path[..n]))
}

/// The edges between modules: `from` uses `to` (neither an ancestor of the other).
fn edges() -> BTreeSet<(Vec<String>, Vec<String>)> {
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

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

#[test]
fn every_module_uses_only_lower_layers() {
    let mut wrong = Vec::new();
    for (from, to) in edges() {
        let (Some(a), Some(b)) = (from.first(), to.first()) else {
            continue;
        };
        if a == b {
            continue;
        }
        let (Some(la), Some(lb)) = (layer_of(a), layer_of(b)) else {
            wrong.push(format!("`{a}` or `{b}` is missing from LAYERS"));
            continue;
        };
        if lb >= la {
            wrong.push(format!("{} uses {}", from.join("::"), to.join("::")));
        }
    }
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "layer order broken:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_top_level_module_is_in_a_layer() {
    let sources = sources();
    let tops: BTreeSet<&str> = sources
        .iter()
        .filter_map(|s| s.module.first().map(String::as_str))
        .collect();
    for top in tops {
        assert!(layer_of(top).is_some(), "`{top}` is missing from LAYERS");
    }
}

#[test]
fn the_files_of_a_module_form_no_cycle() {
    // The graph between the children of each top-level module (`scenario::parse` and
    // `scenario::requests`, ...), each child standing for itself and its own children.
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (from, to) in edges() {
        if from.len() >= 2
            && to.len() >= 2
            && from[0] == to[0]
            && from[1] != to[1]
            && !KNOWN_CYCLES.contains(&from[0].as_str())
        {
            graph
                .entry(from[..2].to_vec())
                .or_default()
                .insert(to[..2].to_vec());
        }
    }
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
        let cycle = visit(node, &graph, &mut Vec::new(), &mut done);
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

#[test]
fn the_path_reader_resolves_groups_and_super() {
    let module = vec!["catalog".to_owned(), "lint".to_owned()];
    let found = paths(
        &module,
        "use super::{lookup::key_matches, Catalog};\nuse crate::policy::suggest::closest;",
    );
    let found: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert!(found.contains(&"catalog::lookup".to_owned()), "{found:?}");
    assert!(found.contains(&"catalog::Catalog".to_owned()), "{found:?}");
    assert!(
        found.contains(&"policy::suggest::closest".to_owned()),
        "{found:?}"
    );
    assert_eq!(
        code_of("use a; // crate::x\n#[cfg(test)]\nuse crate::y;"),
        "use a; "
    );
}
