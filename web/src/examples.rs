//! The example library embedded in the page.

use rolecall_core::scenario::Scenario;

use crate::engine::load_scenario;

/// The example library is the core's (`examples/*.json`, titles and teaching order included):
/// the page and `rolecall` ship the same list.
pub use rolecall_core::scenario::examples::{EXAMPLES, Example};

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
    fn every_example_parses() {
        for e in EXAMPLES {
            let s = load_scenario(e.text).unwrap_or_else(|err| panic!("{}: {err}", e.id));
            assert!(s.title.is_some(), "{} has no title", e.id);
        }
    }
}
