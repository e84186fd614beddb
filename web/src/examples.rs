//! The example library: its first example is in the page's module (a first visit opens it);
//! the gallery fetches the others (`components/examples.rs`, issue 14).

use rolecall_core::scenario::Scenario;

use crate::engine::load_scenario;

/// The example library is the core's (`examples/*.json`, titles and teaching order included):
/// the page and `rolecall` ship the same list.
#[cfg(test)]
pub use rolecall_core::scenario::examples::{EXAMPLES, Example};

/// The text of the example loaded on a first visit: evaluated at compile time, so that only
/// this one text of the library is in the page's module.
pub const DEFAULT_TEXT: &str = match rolecall_core::scenario::examples::EXAMPLES.first() {
    Some(example) => example.text,
    None => "",
};

/// The example loaded on a first visit.
#[must_use]
pub fn default_scenario() -> Scenario {
    load_scenario(DEFAULT_TEXT).unwrap_or_default()
}

#[cfg(test)]
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
