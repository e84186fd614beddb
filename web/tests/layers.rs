//! The modules of the web crate form layers: a module uses only modules of lower layers, but
//! for the few known back-edges listed below, and the files inside one module never form a
//! cycle. This test reads every `crate::` and `super::` path in `web/src` (comments and
//! `#[cfg(test)]` modules left out), the way `crates/core/tests/layers.rs` does for the core.
//! ARCHITECTURE.md ("Layers") describes the same order.
//!
//! Why: a cycle makes two modules one in all but name (neither can be understood, tested or
//! moved alone), and it is how the same knowledge ends up written twice. The known back-edges
//! can only go: a new one fails, and so does a listed one that no longer exists, so that its
//! line is removed with the fix.
#![expect(
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test stops at once when the sources cannot be read"
)]

use std::collections::{BTreeMap, BTreeSet};

#[path = "../../crates/core/tests/module_graph/mod.rs"]
mod module_graph;

use module_graph::{code_of, edges, paths, sources};

/// The top-level modules of `web/src`, lowest layer first. A module may use the modules of the
/// layers before its own, never those of its own layer or after (but for `KNOWN_BACK_EDGES`).
const LAYERS: &[&[&str]] = &[
    &[
        "clip", "docref", "loaded", "offline", "offsets", "settle", "snapshot",
    ],
    &["editor", "elided", "outcome"],
    &["engine"],
    &["examples", "persist"],
    &["held", "state"],
    &["evaluator"],
    &["managed"],
    &["catalog"],
    &["markdown", "reach"],
    &["components"],
    &["app"],
    &["prerender", "worker"],
];

/// The uses against the layer order that are still there (issue 15 §3), `(from, to, why)`.
/// Each goes when its use does; none may join.
const KNOWN_BACK_EDGES: &[(&str, &str, &str)] = &[];

/// The uses between the files of one module that close a cycle and are still there,
/// `(from, to, why)`: left out of the cycle search, and each must still exist.
const KNOWN_FILE_BACK_EDGES: &[(&str, &str, &str)] = &[];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The uses of a top-level module by another of the same layer or a lower one.
fn back_edges() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (from, to) in edges() {
        let (Some(a), Some(b)) = (from.first(), to.first()) else {
            continue;
        };
        if a == b {
            continue;
        }
        let (Some(la), Some(lb)) = (layer_of(a), layer_of(b)) else {
            continue;
        };
        if lb >= la {
            out.insert((a.clone(), b.clone()));
        }
    }
    out
}

#[test]
fn every_module_uses_only_lower_layers_but_the_known_back_edges() {
    let found = back_edges();
    let known: BTreeSet<(String, String)> = KNOWN_BACK_EDGES
        .iter()
        .map(|(from, to, _)| ((*from).to_owned(), (*to).to_owned()))
        .collect();
    let new: Vec<String> = found
        .difference(&known)
        .map(|(from, to)| format!("{from} uses {to}"))
        .collect();
    assert!(
        new.is_empty(),
        "layer order broken (use a lower module, or move the item down):\n{}",
        new.join("\n")
    );
    let gone: Vec<String> = known
        .difference(&found)
        .map(|(from, to)| format!("{from} -> {to}"))
        .collect();
    assert!(
        gone.is_empty(),
        "these known back-edges no longer exist: remove them from KNOWN_BACK_EDGES and \
         ARCHITECTURE.md:\n{}",
        gone.join("\n")
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
    let mut known_found = BTreeSet::new();
    for (from, to) in edges() {
        if from.len() >= 2 && to.len() >= 2 && from[0] == to[0] && from[1] != to[1] {
            let (from, to) = (from[..2].join("::"), to[..2].join("::"));
            let known = KNOWN_FILE_BACK_EDGES
                .iter()
                .any(|(f, t, _)| *f == from && *t == to);
            if known {
                known_found.insert((from, to));
                continue;
            }
            graph
                .entry(from.split("::").map(str::to_owned).collect())
                .or_default()
                .insert(to.split("::").map(str::to_owned).collect());
        }
    }
    let gone: Vec<String> = KNOWN_FILE_BACK_EDGES
        .iter()
        .filter(|(f, t, _)| !known_found.contains(&((*f).to_owned(), (*t).to_owned())))
        .map(|(f, t, _)| format!("{f} -> {t}"))
        .collect();
    assert!(
        gone.is_empty(),
        "these known back-edges no longer exist: remove them from KNOWN_FILE_BACK_EDGES and \
         ARCHITECTURE.md:\n{}",
        gone.join("\n")
    );
    module_graph::assert_no_cycle(&graph);
}

/// The engine and "Who can?" read no store of the AWS data a module loaded: each module's
/// state hands them the catalog and the managed policies (issue 15 §3, one source of truth).
#[test]
fn the_engine_and_who_can_are_handed_the_aws_data_and_read_no_store() {
    let reads: Vec<String> = edges()
        .into_iter()
        .filter(|(from, to)| {
            matches!(from.first().map(String::as_str), Some("engine" | "reach"))
                && to.first().map(String::as_str) == Some("loaded")
        })
        .map(|(from, to)| format!("{} uses {}", from.join("::"), to.join("::")))
        .collect();
    assert!(reads.is_empty(), "{reads:?}");
}

#[test]
fn the_path_reader_resolves_groups_and_super() {
    let module = vec!["components".to_owned(), "hops".to_owned()];
    let found = paths(
        &module,
        "use super::{focus::focus_later, Props};\nuse crate::state::{Action, State};",
    );
    let found: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert!(found.contains(&"components::focus".to_owned()), "{found:?}");
    assert!(found.contains(&"components::Props".to_owned()), "{found:?}");
    assert!(found.contains(&"state::Action".to_owned()), "{found:?}");
    assert_eq!(
        code_of(
            "use a; // crate::x\n#[cfg(test)]\nfn helper() { crate::y::z() }\n#[cfg(test)]\nmod tests {\n    use crate::w;\n}"
        ),
        "use a; \n#[cfg(test)]\nfn helper() { crate::y::z() }"
    );
}
