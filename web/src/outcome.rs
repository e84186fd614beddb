//! What the page shows after an evaluation: the core's display-ready `ScenarioView` (decisions,
//! steps, explanation lines, diagnostics placed in documents) for one revision of the scenario.
//! Components only read it; documents are the core's typed [`DocRef`]s.

use std::collections::BTreeMap;
use std::rc::Rc;

use rolecall_core::Severity;
use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::view::{Finding, RequestView, ScenarioView};
use rolecall_core::suggest::Suggestion;
use serde::Deserialize;

use crate::docref::DocRef;

/// Everything computed from one version of the scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// The scenario this was computed from (editors compare texts before drawing spans).
    pub scenario: Rc<Scenario>,
    /// The revision of the state this was computed from.
    pub revision: u64,
    /// What the core says about it.
    pub view: ScenarioView,
    /// "Allowed only if …": the core's verified suggestions, one list per request (`None`:
    /// not computed, the scenario is larger than the page computes them for, see
    /// `engine::suggestions`).
    pub suggestions: Option<Vec<Vec<Suggestion>>>,
    /// The suggestions follow the decision: the worker sends the view first and computes them
    /// once no newer keystroke waits (`evaluator.rs`). Until they arrive, none are shown.
    pub suggestions_pending: bool,
}

impl Outcome {
    /// This outcome with its suggestions arrived.
    #[must_use]
    pub fn with_suggestions(&self, suggestions: Option<Vec<Vec<Suggestion>>>) -> Self {
        Self {
            suggestions,
            suggestions_pending: false,
            ..self.clone()
        }
    }

    /// The findings about `doc`.
    pub fn findings_for(&self, doc: DocRef) -> impl Iterator<Item = &Finding> {
        self.view
            .findings
            .iter()
            .filter(move |f| f.document == Some(doc))
    }

    /// The number of errors and warnings per document.
    #[must_use]
    pub fn counts(&self) -> BTreeMap<DocRef, (usize, usize)> {
        let mut counts = BTreeMap::new();
        for f in &self.view.findings {
            if let Some(doc) = f.document {
                let entry: &mut (usize, usize) = counts.entry(doc).or_default();
                match f.diagnostic.severity {
                    Severity::Error => entry.0 += 1,
                    Severity::Warning | Severity::Info => entry.1 += 1,
                }
            }
        }
        counts
    }
}

/// A view as the evaluation worker sends it (`worker.rs` `worker_evaluate`): numbered, and
/// without the parts equal to those of the view numbered `base` that the page holds (`None`);
/// `base` 0 when whole. Typing in one policy changes the view of the requests that read it, if
/// at all: the whole view of the 50-statement scenario was 140 KB of JSON per keystroke to
/// write, send and read, and over 64 KB it was drawn a task later (issue 14).
#[derive(Debug, Deserialize)]
pub struct ViewDelta {
    /// This view's number.
    pub number: u32,
    /// The number of the view the parts left out are taken from (0: none left out).
    pub base: u32,
    /// The findings, unless the same.
    pub findings: Option<Vec<Finding>>,
    /// Each request's view, unless the same.
    pub requests: Vec<Option<RequestView>>,
}

/// [`ViewDelta`] as the worker writes it (borrowing the view).
#[cfg(any(feature = "worker", test))]
#[derive(serde::Serialize)]
pub struct ViewDeltaOut<'a> {
    number: u32,
    base: u32,
    findings: Option<&'a Vec<Finding>>,
    requests: Vec<Option<&'a RequestView>>,
}

#[cfg(any(feature = "worker", test))]
impl<'a> ViewDeltaOut<'a> {
    /// `view`, numbered `number`, without what it shares with `before` (the view numbered
    /// `before.0`, which the page holds), or whole without one.
    #[must_use]
    pub fn between(
        before: Option<(u32, &ScenarioView)>,
        view: &'a ScenarioView,
        number: u32,
    ) -> Self {
        let Some((base, before)) = before else {
            return Self {
                number,
                base: 0,
                findings: Some(&view.findings),
                requests: view.requests.iter().map(Some).collect(),
            };
        };
        Self {
            number,
            base,
            findings: (view.findings != before.findings).then_some(&view.findings),
            requests: view
                .requests
                .iter()
                .enumerate()
                .map(|(i, r)| (before.requests.get(i) != Some(r)).then_some(r))
                .collect(),
        }
    }
}

impl ViewDelta {
    /// The whole view, the parts left out taken from `held` (the view numbered `held.0`).
    ///
    /// # Errors
    /// When a part is left out and `held` is not the view it is based on (a bug: the page tells
    /// the worker which view it holds).
    pub fn apply(self, held: Option<(u32, &ScenarioView)>) -> Result<ScenarioView, String> {
        let base = held
            .filter(|(n, _)| self.base != 0 && *n == self.base)
            .map(|(_, v)| v);
        let number = self.base;
        let missing =
            || format!("the worker's view is based on view {number}, which the page does not hold");
        let findings = match self.findings {
            Some(findings) => findings,
            None => base.ok_or_else(missing)?.findings.clone(),
        };
        let requests = self
            .requests
            .into_iter()
            .enumerate()
            .map(|(i, r)| match r {
                Some(r) => Ok(r),
                None => base
                    .and_then(|b| b.requests.get(i))
                    .cloned()
                    .ok_or_else(missing),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ScenarioView { findings, requests })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example_view() -> ScenarioView {
        let scenario = crate::engine::load_scenario(crate::examples::EXAMPLES[0].text).unwrap();
        let aws = rolecall_core::managed::ManagedPolicies::new();
        crate::engine::resolve_and_view(&scenario, None, &aws).1
    }

    fn read(json: &str, held: Option<(u32, &ScenarioView)>) -> Result<ScenarioView, String> {
        serde_json::from_str::<ViewDelta>(json).unwrap().apply(held)
    }

    #[test]
    fn the_worker_sends_only_what_changed_and_the_page_has_the_whole_view() {
        let before = example_view();
        let mut after = before.clone();
        after.requests[1].steps[0].summary.push_str(" (changed)");
        let same =
            serde_json::to_string(&ViewDeltaOut::between(Some((4, &before)), &before, 5)).unwrap();
        let changed =
            serde_json::to_string(&ViewDeltaOut::between(Some((4, &before)), &after, 5)).unwrap();
        let whole = serde_json::to_string(&ViewDeltaOut::between(None, &after, 5)).unwrap();
        assert!(same.len() < 100, "{same}");
        assert!(changed.len() < whole.len());
        assert_eq!(read(&same, Some((4, &before))).unwrap(), before);
        assert_eq!(read(&changed, Some((4, &before))).unwrap(), after);
        assert_eq!(read(&whole, None).unwrap(), after);
        // Parts left out of a view the page does not hold are never made up.
        assert!(read(&changed, Some((3, &before))).is_err());
        assert!(read(&changed, None).is_err());
    }
}
