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

mod module_graph;

use module_graph::{code_of, edges, paths, sources};

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
    module_graph::assert_no_cycle(&graph);
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
    // A `#[cfg(test)]` module is left out; a `#[cfg(test)]` item before it is code.
    assert_eq!(
        code_of(
            "use a; // crate::x\n#[cfg(test)]\nuse crate::y;\n#[cfg(test)]\nmod tests {\n    use crate::z;\n}"
        ),
        "use a; \n#[cfg(test)]\nuse crate::y;"
    );
}
