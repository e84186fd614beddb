//! What the page shows after an evaluation: the core's display-ready `ScenarioView` (decisions,
//! steps, explanation lines, diagnostics placed in documents) for one revision of the scenario.
//! Components only read it; documents are the core's typed [`DocRef`]s.

use std::collections::BTreeMap;
use std::rc::Rc;

use rolecall_core::Severity;
use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::view::{Finding, ScenarioView};
use rolecall_core::suggest::Suggestion;

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
