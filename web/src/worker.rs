//! The evaluation worker's side (the page's side is `evaluator.rs`): the same wasm module,
//! instantiated in a Web Worker by `web/js/worker.js`, holds its own copy of the scenario,
//! catalog and AWS managed policies, and answers each request with the core's display-ready
//! view as JSON. It words and decides nothing itself: it calls `engine`, as the page did.

use std::cell::RefCell;

use rolecall_core::evaluate::Line;
use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::view::{Cache, ScenarioView};
use wasm_bindgen::prelude::*;

use crate::docref::{DocRef, DocView};
use crate::engine;

thread_local! {
    static SCENARIO: RefCell<Scenario> = RefCell::new(Scenario::default());
    /// The core's view cache: each evaluation re-reads only the documents that changed and
    /// re-evaluates only the requests that read them.
    static CACHE: RefCell<Cache> = RefCell::new(Cache::new());
    /// The scenario as last evaluated (managed-policy references resolved), for the
    /// suggestions that follow.
    static RESOLVED: RefCell<Scenario> = RefCell::new(Scenario::default());
}

/// The catalog's text arrived on the page: parse it here too (for the catalog lint).
#[wasm_bindgen]
pub fn worker_catalog(text: &str) {
    crate::catalog::install_text(text);
    // The lints change: the view cache starts afresh.
    CACHE.with(|c| c.borrow_mut().clear());
}

/// An AWS managed policy file (or the name index) arrived on the page.
#[wasm_bindgen]
pub fn worker_managed(text: &str) {
    // A file the page could not read is reported there; here it is simply not used.
    drop(crate::managed::merge(text));
}

/// A whole scenario replaces the worker's copy: its JSON, then the exact text of every
/// document (the editors' text, so that every span the worker computes points into it).
#[wasm_bindgen]
pub fn worker_scenario(json: &str, paths: Vec<String>, texts: Vec<String>) {
    let scenario = engine::load_scenario(json).unwrap_or_default();
    SCENARIO.with(|s| *s.borrow_mut() = scenario);
    worker_texts(paths, texts);
}

/// Documents whose text changed (typing): only they are replaced.
#[wasm_bindgen]
#[expect(
    clippy::needless_pass_by_value,
    reason = "wasm-bindgen passes arrays from JavaScript by value"
)]
pub fn worker_texts(paths: Vec<String>, texts: Vec<String>) {
    SCENARIO.with(|s| {
        let mut scenario = s.borrow_mut();
        for (path, text) in paths.iter().zip(texts) {
            if let Ok(doc) = path.parse::<DocRef>() {
                doc.set_text(&mut scenario, text);
            }
        }
    });
}

/// Imports files (`names[i]` holds `texts[i]`): what `import::import_many` gives, as JSON.
#[wasm_bindgen]
#[must_use]
pub fn worker_import(names: Vec<String>, texts: Vec<String>) -> String {
    let files: Vec<(String, String)> = names.into_iter().zip(texts).collect();
    let imported = crate::components::import::import_many(&files);
    serde_json::to_string(&imported).unwrap_or_default()
}

/// A "Who can?" question about the worker's scenario ([`crate::reach::Question`] as JSON): the
/// answer as JSON. The access graph is built once per scenario ([`crate::reach::graph`]).
#[wasm_bindgen]
#[must_use]
pub fn worker_reach(question: &str) -> String {
    SCENARIO.with(|s| crate::reach::answer_json(&s.borrow(), question))
}

/// The explanation of a hop of an answer ([`crate::reach::Why`] as JSON), asked when the page
/// opens it: as JSON.
#[wasm_bindgen]
#[must_use]
pub fn worker_reach_explain(why: &str) -> String {
    SCENARIO.with(|s| crate::reach::explained_json(&s.borrow(), why))
}

/// The most explanation lines of one step sent to the page, plus as many of the deciding lines
/// after them. A policy of 20,000 statements explains itself in about 80,000 lines (10 MB of
/// JSON, seconds to read and draw); the page draws 300 at a time anyway (`result.rs`).
pub const SENT_LINES: usize = 3_000;

/// Checks and evaluates the worker's scenario: the core's view, as JSON.
#[wasm_bindgen]
#[must_use]
pub fn worker_evaluate() -> String {
    let (resolved, mut view) = SCENARIO
        .with(|s| CACHE.with(|c| engine::resolve_and_view_in(&mut c.borrow_mut(), &s.borrow())));
    RESOLVED.with(|r| *r.borrow_mut() = resolved);
    trim(&mut view, SENT_LINES);
    serde_json::to_string(&view).unwrap_or_default()
}

/// "Allowed only if …" for every request of the worker's scenario as `worker_evaluate` last
/// evaluated it: `engine::suggestions`, as JSON.
#[wasm_bindgen]
#[must_use]
pub fn worker_suggestions() -> String {
    let suggested =
        RESOLVED.with(|r| CACHE.with(|c| engine::suggestions_in(&mut c.borrow_mut(), &r.borrow())));
    serde_json::to_string(&suggested).unwrap_or_default()
}

/// Keeps the first `limit` lines of each step and at most `limit` deciding lines after them,
/// with one line saying how many were left out (`rolecall eval` prints them all).
fn trim(view: &mut ScenarioView, limit: usize) {
    for step in view.requests.iter_mut().flat_map(|r| &mut r.steps) {
        if step.lines.len() <= limit {
            continue;
        }
        let rest = step.lines.split_off(limit);
        let total = rest.len();
        let deciding: Vec<Line> = rest
            .into_iter()
            .filter(|l| l.deciding)
            .take(limit)
            .collect();
        let left_out = total - deciding.len();
        step.lines.push(Line::plain(
            0,
            format!(
                "… {left_out} more lines of this explanation are not shown in the page; `rolecall eval` prints them all"
            ),
        ));
        step.lines.extend(deciding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rolecall_core::scenario::view::{RequestView, StepView};

    #[test]
    fn a_long_explanation_is_sent_cut_with_what_decided() {
        let mut lines: Vec<Line> = (0..10).map(|i| Line::plain(0, format!("{i}"))).collect();
        if let Some(l) = lines.get_mut(8) {
            l.deciding = true;
        }
        let view = engine::evaluate(
            std::rc::Rc::new(engine::load_scenario(crate::examples::EXAMPLES[0].text).unwrap()),
            1,
        )
        .view;
        let mut request: RequestView = view.requests[0].clone();
        let mut step: StepView = request.steps[0].clone();
        step.lines = lines;
        request.steps = vec![step];
        let mut view = ScenarioView {
            findings: Vec::new(),
            requests: vec![request],
        };
        trim(&mut view, 4);
        let texts: Vec<&str> = view.requests[0].steps[0]
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(texts.len(), 6, "{texts:?}");
        assert!(texts[4].contains("5 more lines"), "{texts:?}");
        assert_eq!(texts[5], "8");
    }
}
