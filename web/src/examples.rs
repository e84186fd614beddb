//! The example library embedded in the page.

use rolecall_core::scenario::Scenario;

use crate::engine::load_scenario;

/// One example: an id (used in links and tests), and the scenario text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// A stable id, e.g. `cross-account`.
    pub id: &'static str,
    /// The scenario JSON.
    pub text: &'static str,
}

/// The example library (`examples/*.json` at the repository root, embedded by `build.rs`),
/// the default one first.
pub const EXAMPLES: &[Example] = include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The example loaded on a first visit.
#[must_use]
pub fn default_scenario() -> Scenario {
    EXAMPLES
        .first()
        .and_then(|e| load_scenario(e.text).ok())
        .unwrap_or_default()
}

/// Every example with its parsed scenario (examples that fail to parse are skipped; a test
/// makes sure there are none).
#[must_use]
pub fn all() -> Vec<(Example, Scenario)> {
    EXAMPLES
        .iter()
        .filter_map(|e| load_scenario(e.text).ok().map(|s| (*e, s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_library_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let id = path.file_stem().unwrap().to_str().unwrap();
                assert!(
                    EXAMPLES.iter().any(|e| e.id == id),
                    "examples/{id}.json is not in EXAMPLES"
                );
            }
        }
    }

    #[test]
    fn every_example_parses() {
        for e in EXAMPLES {
            let s = load_scenario(e.text).unwrap_or_else(|err| panic!("{}: {err}", e.id));
            assert!(s.title.is_some(), "{} has no title", e.id);
        }
    }
}
