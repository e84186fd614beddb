//! Documents of an imported scenario whose text stays in the evaluation worker (issue 11,
//! "Scale"): the page holds the scenario's structure (identities, names, requests) and, in
//! place of each policy text, a marker naming the import and the document; it asks the worker
//! for the texts it draws (`evaluator::fetch_texts`, the editors of `components/doc_editor.rs`).
//!
//! A marker is never written out by the page: the worker replaces every marker it is sent by
//! the text it imported (`worker.rs`), and a scenario holding one is autosaved, exported and
//! shared by the worker (`engine::small_enough_to_start_here` is false for it). It starts
//! with a NUL character, which no JSON text holds unescaped, so that it can never be mistaken
//! for a policy a user typed.

use rolecall_core::scenario::Scenario;

use crate::docref::DocRef;

/// What every marker starts with.
const PREFIX: &str = "\u{0}rolecall-elided:";

/// The marker of document `doc` of import `import` (the path the document has in the scenario
/// the worker imported).
#[must_use]
pub fn marker(import: u32, doc: DocRef) -> String {
    format!("{PREFIX}{import}:{doc}")
}

/// Whether `text` is a marker rather than a document's text.
#[must_use]
pub fn is_marker(text: &str) -> bool {
    text.starts_with(PREFIX)
}

/// The import and document a marker names (the worker reads the text it stands for).
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn parse(text: &str) -> Option<(u32, DocRef)> {
    let rest = text.strip_prefix(PREFIX)?;
    let (import, doc) = rest.split_once(':')?;
    Some((import.parse().ok()?, doc.parse().ok()?))
}

/// Whether some document of `scenario` is a marker (its text is in the worker only).
#[must_use]
pub fn any(scenario: &Scenario) -> bool {
    scenario
        .documents()
        .iter()
        .any(|d| is_marker(&d.document.text))
}

/// The documents of `scenario` whose text is the user's (not a managed-policy reference's):
/// those a skeleton leaves out.
#[must_use]
pub fn users_documents(scenario: &Scenario) -> Vec<DocRef> {
    scenario
        .documents()
        .iter()
        .filter(|d| d.document.reference.is_none())
        .map(|d| d.id)
        .collect()
}

/// `scenario` read from the skeleton the worker wrote of import `import` (every document of
/// the user's as `{}`): each such document gets its marker.
pub fn mark_all(scenario: &mut Scenario, import: u32) {
    for doc in users_documents(scenario) {
        if let Some(document) = doc.get_mut(scenario) {
            document.text = marker(import, doc);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_names_its_import_and_document() {
        let doc = DocRef::Identity {
            identity: 12,
            policy: 3,
        };
        let m = marker(7, doc);
        assert!(is_marker(&m));
        assert_eq!(parse(&m), Some((7, doc)));
        assert!(!is_marker("{\"Version\": \"2012-10-17\"}"));
        assert_eq!(parse("{}"), None);
    }
}
