//! [`Cache`]: the view of a scenario being edited, recomputed from what changed since the
//! previous one, so that a keystroke costs the work of what it touched (issue 14, "keystroke →
//! decision inside one frame").
//!
//! A keystroke changes the text of one document. The cache keeps:
//! - every document it has read, parsed and validated (with its catalog lint), by kind and
//!   text: a document whose text did not change is not read again, and the evaluation shares
//!   the parsed policy instead of parsing it at every step that uses it;
//! - each request's outcome and view, with the documents its evaluation read: a request that
//!   read none of the changed documents keeps its view (and its suggestions).
//!
//! Any other change (a request, an identity, an AWS managed policy arriving) keeps the parsed
//! documents and evaluates every request again. The result is always what [`crate::scenario::view::view`]
//! computes from scratch: the tests compare them edit after edit.
//!
//! While a [`Cache`] evaluates, it passes its parsed documents to the evaluation in a
//! [`Reader`], which records which document each request read. The cache is a
//! module of its own, above `scenario` and `suggest` (it keeps each request's suggestions too).

use std::collections::BTreeSet;

use crate::catalog::{Catalog, lint_policy};
use crate::document::DocumentId;
use crate::evaluate::Detail;
use crate::managed::ManagedPolicies;
use crate::scenario::evaluate::{MAX_WORK, RequestOutcome, evaluate_request, request_in};
use crate::scenario::managed::resolve;
use crate::scenario::model::Scenario;
use crate::scenario::parsed::{Documents, Reader};
use crate::suggest::{Suggestion, suggest, suggest_in};

use crate::scenario::model::to_json_minified;
use crate::scenario::view::{
    Finding, RequestView, ScenarioView, add_managed, broken_documents, check_document,
    document_findings, request_view, size_findings, structure_findings_of,
};

/// The views of one scenario as it is edited (see the module documentation).
///
/// # Examples
///
/// ```
/// use rolecall_core::editing::Cache;
/// use rolecall_core::scenario::{examples::EXAMPLES, load, view};
/// let mut scenario = load(EXAMPLES[0].text).scenario.unwrap_or_default();
/// let mut cache = Cache::new();
/// assert_eq!(cache.view(&scenario, None), view::view(&scenario, None));
/// // A keystroke in one policy: only the requests that read it are evaluated again.
/// scenario.identities[0].policies[0].document.text.push(' ');
/// assert_eq!(cache.view(&scenario, None), view::view(&scenario, None));
/// ```
#[derive(Debug, Default)]
pub struct Cache {
    /// Every document read, by text and kind.
    documents: Documents,
    /// The catalog the lints in `documents` were made with (its address).
    catalog: Option<usize>,
    /// The previous view.
    last: Option<Last>,
    /// The number of views computed: documents not used in the last two are forgotten.
    generation: u64,
    /// How many requests the last view evaluated (the others kept their view).
    evaluated: usize,
    /// The scenario's JSON as the last view wrote it, with the findings of reading it back:
    /// typing a space or a newline leaves the JSON (whose documents are minified) the same.
    structure: Option<(String, Vec<Finding>)>,
}

/// The previous view: its scenario, and what each request read.
#[derive(Debug)]
struct Last {
    scenario: Scenario,
    requests: Vec<Memo>,
    broken: BTreeSet<DocumentId>,
}

/// One request of the previous view.
#[derive(Clone, Debug)]
struct Memo {
    outcome: RequestOutcome,
    view: RequestView,
    /// The documents its evaluation read (sorted): their text decides its outcome.
    reads: Vec<DocumentId>,
    /// The units of [`MAX_WORK`] it used.
    work: usize,
    /// Whether the work limit cut it short.
    cut: bool,
    /// Its suggestions and the documents computing them read, once asked for.
    suggestions: Option<(Vec<Suggestion>, Vec<DocumentId>)>,
}

/// The documents that belong to request `index` itself (its hops' session policies, its VPC
/// endpoint policy): the STS rules read their text without parsing it as a policy.
fn own_documents(scenario: &Scenario, index: usize) -> impl Iterator<Item = DocumentId> + '_ {
    scenario
        .documents()
        .into_iter()
        .map(|d| d.id)
        .filter(move |id| match id {
            DocumentId::Session { request, .. } | DocumentId::VpcEndpoint { request } => {
                *request == index
            }
            _ => false,
        })
}

/// The documents of `new` whose text differs from `old`'s, when nothing else differs (an edit
/// of document text); `None` when the scenario changed otherwise.
fn changed_documents(old: &Scenario, new: &Scenario) -> Option<Vec<DocumentId>> {
    let before = old.documents();
    let after = new.documents();
    if before.len() != after.len()
        || before
            .iter()
            .zip(&after)
            .any(|(b, a)| b.id != a.id || b.kind != a.kind)
    {
        return None;
    }
    let changed: Vec<DocumentId> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.document.text != a.document.text)
        .map(|(_, a)| a.id)
        .collect();
    if changed.is_empty() {
        return (old == new).then_some(changed);
    }
    // Everything else must be equal: the new scenario with the old texts is the old one.
    let mut probe = new.clone();
    for (b, a) in before.iter().zip(&after) {
        if b.document.text != a.document.text
            && let Some(doc) = a.id.get_mut(&mut probe)
        {
            doc.text.clone_from(&b.document.text);
        }
    }
    (probe == *old).then_some(changed)
}

impl Cache {
    /// An empty cache.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets everything (the next view is computed from scratch).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// How many requests the last [`Cache::view`] evaluated; the others kept their view.
    #[must_use]
    pub const fn evaluated(&self) -> usize {
        self.evaluated
    }

    /// [`crate::scenario::view::view`] of `scenario`, recomputing only what changed since the last call.
    #[must_use]
    pub fn view(&mut self, scenario: &Scenario, catalog: Option<&Catalog>) -> ScenarioView {
        self.generation += 1;
        let generation = self.generation;
        let catalog_key = catalog.map(|c| std::ptr::from_ref(c) as usize);
        if catalog_key != self.catalog {
            self.documents.forget_lints();
            self.catalog = catalog_key;
        }
        // The findings, each document read once per text.
        let json = to_json_minified(scenario);
        let mut findings = match self.structure.take() {
            Some((read, findings)) if read == json => {
                self.structure = Some((read, findings.clone()));
                findings
            }
            _ => {
                let findings = structure_findings_of(&json);
                self.structure = Some((json, findings.clone()));
                findings
            }
        };
        for doc in scenario.documents() {
            let Some(parsed) = self.documents.get(&doc.document.text, doc.kind, generation) else {
                findings.extend(check_document(&doc, catalog));
                continue;
            };
            if let Some(catalog) = catalog
                && parsed.lint.is_none()
            {
                parsed.lint = Some(lint_policy(catalog, &parsed.policy, doc.kind));
            }
            let lint = parsed.lint.as_deref().unwrap_or_default();
            findings.extend(document_findings(doc.id, &parsed.diagnostics, lint));
        }
        findings.extend(size_findings(scenario));
        let broken = broken_documents(&findings);

        // The requests: each one kept while nothing it read changed and the work it used is
        // still left, else evaluated again.
        let last = self.last.take();
        let changed = last
            .as_ref()
            .and_then(|last| changed_documents(&last.scenario, scenario));
        let mut old: Vec<Option<Memo>> = Vec::new();
        let mut old_broken = BTreeSet::new();
        if let (Some(last), Some(_)) = (last, &changed) {
            old = last.requests.into_iter().map(Some).collect();
            old_broken = last.broken;
        }
        let changed = changed.unwrap_or_default();
        let mut work_left = MAX_WORK;
        let mut memos: Vec<Memo> = Vec::with_capacity(scenario.requests.len());
        self.evaluated = 0;
        for (index, request) in scenario.requests.iter().enumerate() {
            let kept = old.get_mut(index).and_then(Option::take).filter(|memo| {
                !memo.cut
                    && memo.work <= work_left
                    && memo.reads.iter().all(|id| {
                        !changed.contains(id) && broken.contains(id) == old_broken.contains(id)
                    })
            });
            let memo = match kept {
                Some(mut memo) => {
                    if memo
                        .suggestions
                        .as_ref()
                        .is_some_and(|(_, reads)| reads.iter().any(|id| changed.contains(id)))
                    {
                        memo.suggestions = None;
                    }
                    memo
                }
                None => {
                    self.evaluated += 1;
                    let reader = Reader::lending(&mut self.documents, generation);
                    let budgeted = request_in(&reader, scenario, index, Detail::Full, work_left);
                    let mut reads = reader.reads();
                    let Some(budgeted) = budgeted else {
                        continue;
                    };
                    reads.extend(own_documents(scenario, index));
                    reads.sort_unstable();
                    reads.dedup();
                    let view = request_view(scenario, &budgeted.outcome, &request.context, &|id| {
                        broken.contains(&id)
                    });
                    Memo {
                        outcome: budgeted.outcome,
                        view,
                        reads,
                        work: budgeted.work,
                        cut: budgeted.cut,
                        suggestions: None,
                    }
                }
            };
            work_left = work_left.saturating_sub(memo.work);
            memos.push(memo);
        }
        self.documents.forget_before(generation.saturating_sub(1));
        let requests = memos.iter().map(|m| m.view.clone()).collect();
        self.last = Some(Last {
            scenario: scenario.clone(),
            requests: memos,
            broken,
        });
        ScenarioView { findings, requests }
    }

    /// [`crate::scenario::view::view_resolved`], recomputing only what changed since the last view.
    #[must_use]
    pub fn view_resolved(
        &mut self,
        scenario: &mut Scenario,
        catalog: Option<&Catalog>,
        aws: &ManagedPolicies,
    ) -> ScenarioView {
        let managed = resolve(scenario, aws);
        let mut shown = self.view(scenario, catalog);
        add_managed(&mut shown, managed);
        shown
    }

    /// "Allowed only if …" for every request of `scenario`: what [`crate::suggest::suggest`]
    /// gives for each request's own outcome ([`evaluate_request`]). After a [`Cache::view`] of
    /// the same scenario, a request that kept its view keeps its suggestions when nothing
    /// they read changed; otherwise they are computed again.
    #[must_use]
    pub fn suggestions(&mut self, scenario: &Scenario) -> Vec<Vec<Suggestion>> {
        let generation = self.generation;
        let Some(last) = self.last.as_mut().filter(|l| l.scenario == *scenario) else {
            return (0..scenario.requests.len())
                .map(|i| {
                    evaluate_request(scenario, i)
                        .map(|outcome| suggest(scenario, i, &outcome))
                        .unwrap_or_default()
                })
                .collect();
        };
        let documents = &mut self.documents;
        last.requests
            .iter_mut()
            .enumerate()
            .map(|(index, memo)| {
                if let Some((kept, _)) = &memo.suggestions {
                    return kept.clone();
                }
                let reader = Reader::lending(&mut *documents, generation);
                // A request cut short by the scenario's work limit is evaluated on its own, as
                // `evaluate_request` does.
                let fresh;
                let outcome = if memo.cut {
                    fresh = request_in(&reader, scenario, index, Detail::Full, MAX_WORK)
                        .map(|b| b.outcome);
                    fresh.as_ref()
                } else {
                    Some(&memo.outcome)
                };
                let suggested = outcome
                    .map(|outcome| suggest_in(&reader, scenario, index, outcome))
                    .unwrap_or_default();
                let mut reads = reader.reads();
                reads.extend(memo.reads.iter().copied());
                reads.sort_unstable();
                reads.dedup();
                memo.suggestions = Some((suggested.clone(), reads));
                suggested
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
