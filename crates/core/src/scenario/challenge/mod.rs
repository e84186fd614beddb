//! Challenge mode: a scenario with a goal that a learner reaches by editing some of its
//! policy documents (issue 13 §1).
//!
//! A scenario's optional `challenge` section ([`Challenge`]) says, in plain words, what to
//! achieve; which requests must end with their `expect` ([`GoalCheck`], some of them "must
//! stay" checks that already hold and must keep holding); which documents the learner may
//! edit (the others are locked); progressive hints; a difficulty and a category; and,
//! optionally, the reference solution (the changed documents).
//!
//! - [`check`] grades a learner's scenario against the challenge as it was handed out: each
//!   goal check ✓/✗ with its explanation, the edits to locked documents, solved or not.
//! - [`with_solution`] applies the reference solution; [`for_learner`] removes it (what the
//!   learner link carries, see [`crate::share::challenge_links`]).
//! - [`gallery`] is the challenge gallery shipped with Rolecall (`examples/challenges/`).

mod gallery;
pub(crate) mod read;
pub mod render;

use serde::Serialize;

pub use gallery::{GALLERY, GalleryChallenge, GalleryEntry, gallery};

pub use crate::scenario::model::challenge::{
    CHALLENGE_VERSION, Challenge, Difficulty, DocPath, GoalCheck, SolutionDocument,
};

use crate::document::DocumentId;
use crate::scenario::evaluate::StepDecision;
use crate::scenario::model::{
    Expect, ReferenceState, Scenario, StepRef, text_or_none, to_json_minified,
};
use crate::scenario::text::minify;
use crate::scenario::view::{RequestView, ScenarioView, view};

/// The grade of a learner's scenario: each goal check, and the edits to locked documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeReport {
    /// Every goal check passes and no locked document was edited.
    pub solved: bool,
    /// How many goal checks pass.
    pub passed: usize,
    /// How many goal checks there are.
    pub total: usize,
    /// Each goal check, in the challenge's order.
    pub checks: Vec<CheckResult>,
    /// The edits to locked documents (and to the rest of the scenario).
    pub locked_edits: Vec<LockedEdit>,
}

/// The result of one goal check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    /// The checked request's name.
    pub request: String,
    /// Whether it is a "must stay" check.
    pub stays: bool,
    /// What the check means, from the challenge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub says: Option<String>,
    /// What the request must get (`None` when the request lost its `expect`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "text_or_none"
    )]
    pub expect: Option<Expect>,
    /// What it gets (`None` when the request is gone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub got: Option<StepDecision>,
    /// Whether it passes.
    pub passed: bool,
    /// Why, in one sentence: expected, got, and the deciding step's summary.
    pub explanation: String,
}

/// An edit the learner may not make.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LockedEdit {
    /// The locked document (written as its path; `None`: the scenario outside its documents
    /// changed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentId>,
    /// What changed, in one sentence.
    pub message: String,
}

/// Grades `current` against the challenge of `start` (the scenario as it was handed out):
/// every goal check of `start`'s challenge on `current`, and every edit `current` makes outside
/// the editable documents. `None` when `start` has no challenge.
///
/// It evaluates `current`; a front end that already has the view of `current` (the page's
/// worker computes it) grades with [`grade`] instead, which gives the same report.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::{challenge, load};
/// let entry = &challenge::GALLERY[0];
/// let start = load(entry.text).scenario.unwrap();
/// let report = challenge::check(&start, &start).unwrap();
/// assert!(!report.solved);
/// let solved = challenge::with_solution(&start).unwrap();
/// assert!(challenge::check(&start, &solved).unwrap().solved);
/// ```
#[must_use]
pub fn check(start: &Scenario, current: &Scenario) -> Option<ChallengeReport> {
    grade(start, current, &view(current, None))
}

/// Grades `current` against the challenge of `start` from `shown`, the view of `current` the
/// front end already has ([`crate::scenario::view::view`]): no evaluation happens here. The
/// checks read `shown`'s requests (in `current`'s order); the locked edits compare `current`
/// with `start`. `None` when `start` has no challenge.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::{challenge, load, view::view};
/// let start = load(challenge::GALLERY[0].text).scenario.unwrap();
/// let solved = challenge::with_solution(&start).unwrap();
/// let shown = view(&solved, None);
/// assert!(challenge::grade(&start, &solved, &shown).unwrap().solved);
/// ```
#[must_use]
pub fn grade(
    start: &Scenario,
    current: &Scenario,
    shown: &ScenarioView,
) -> Option<ChallengeReport> {
    let challenge = start.challenge.as_ref()?;
    let checks: Vec<CheckResult> = challenge
        .checks
        .iter()
        .map(|c| {
            let found = current
                .requests
                .iter()
                .zip(&shown.requests)
                .find(|(r, _)| r.name == c.request)
                .map(|(_, v)| v);
            grade_check(c, found)
        })
        .collect();
    let locked_edits = locked_edits(challenge, start, current);
    let passed = checks.iter().filter(|c| c.passed).count();
    Some(ChallengeReport {
        solved: passed == checks.len() && locked_edits.is_empty(),
        passed,
        total: checks.len(),
        checks,
        locked_edits,
    })
}

fn grade_check(check: &GoalCheck, shown: Option<&RequestView>) -> CheckResult {
    let mut result = CheckResult {
        request: check.request.clone(),
        stays: check.stays,
        says: check.says.clone(),
        expect: None,
        got: None,
        passed: false,
        explanation: format!(
            "the request `{}` is not in the scenario any more",
            check.request
        ),
    };
    let Some(shown) = shown else {
        return result;
    };
    let decision = shown.decision.unwrap_or(StepDecision::NotEvaluated);
    result.got = Some(decision);
    result.expect = shown.expect;
    let Some(expect) = shown.expect else {
        result.explanation = format!("the request `{}` has no `expect` any more", check.request);
        return result;
    };
    result.passed = shown.passed == Some(true);
    // The step that decided: the first one not allowed (its place is where the request was
    // decided), else the last one.
    let deciding = shown.deciding_step.and_then(|i| shown.steps.get(i));
    let decided_at = deciding
        .filter(|s| s.decision != StepDecision::Allowed)
        .map(|s| StepRef::of_hop(s.hop));
    let got = match (expect.at, decided_at) {
        (Some(_), Some(at)) => format!("{} at {at}", decision.words()),
        _ => decision.words().to_owned(),
    };
    let summary = deciding.map(|s| s.summary.as_str()).unwrap_or_default();
    result.explanation = if summary.is_empty() {
        format!("expected {}, got {got}", expect.words())
    } else {
        format!("expected {}, got {got}: {summary}", expect.words())
    };
    result
}

/// The edits of `current` that the challenge does not allow: each locked document whose text
/// differs (whitespace aside) or is gone, then any change outside the documents (identities,
/// resources, requests and the rest).
fn locked_edits(challenge: &Challenge, start: &Scenario, current: &Scenario) -> Vec<LockedEdit> {
    let mut out = Vec::new();
    for doc in start.documents() {
        if challenge.is_editable(doc.id) {
            continue;
        }
        let now = current.documents().into_iter().find(|d| d.id == doc.id);
        let changed = now.is_none_or(|d| !same_policy(&d.document.text, &doc.document.text));
        if changed {
            out.push(LockedEdit {
                message: format!(
                    "`{}` ({} of `{}`) is locked, and it was changed",
                    doc.id,
                    doc.kind.name(),
                    doc.name
                ),
                document: Some(doc.id),
            });
        }
    }
    // Everything else: put back the start's text in every document and compare the rest.
    let mut rest = current.clone();
    for doc in start.documents() {
        if let Some(d) = doc.id.get_mut(&mut rest) {
            d.clone_from(doc.document);
        }
    }
    rest.challenge = None;
    let mut before = start.clone();
    before.challenge = None;
    if to_json_minified(&rest) != to_json_minified(&before) {
        out.push(LockedEdit {
            document: None,
            message: "the scenario outside its editable documents was changed (identities, resources, requests or the organization)".to_owned(),
        });
    }
    out
}

/// Whether two policy texts say the same: equal JSON values (whitespace and the order of keys
/// aside), or the same text once minified when one is not JSON.
fn same_policy(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<serde_json::Value>(a),
        serde_json::from_str::<serde_json::Value>(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => minify(a) == minify(b),
    }
}

/// `scenario` with the reference solution's documents in place (`None` when it has no
/// challenge or no solution, or a solution path names no document).
#[must_use]
pub fn with_solution(scenario: &Scenario) -> Option<Scenario> {
    let challenge = scenario.challenge.as_ref()?;
    if challenge.solution.is_empty() {
        return None;
    }
    let mut solved = scenario.clone();
    for s in &challenge.solution {
        let d = s.document.id.get_mut(&mut solved)?;
        d.text.clone_from(&s.policy.text);
        d.form = s.policy.form;
        d.offset = None;
    }
    // A customer managed policy is read through copies at each attachment (filled in by
    // `managed::resolve`): they follow the solved definition.
    let defs: Vec<String> = solved
        .managed_policies
        .iter()
        .map(|m| m.document.text.clone())
        .collect();
    for identity in &mut solved.identities {
        for entry in identity.policy_entries_mut() {
            if let Some(reference) = &entry.document.reference
                && let ReferenceState::Customer(i) = reference.state
                && let Some(text) = defs.get(i)
            {
                entry.document.text.clone_from(text);
            }
        }
    }
    Some(solved)
}

/// `scenario` as a learner gets it: the same, without the reference solution in any form.
#[must_use]
pub fn for_learner(scenario: &Scenario) -> Scenario {
    let mut out = scenario.clone();
    if let Some(c) = &mut out.challenge {
        c.solution.clear();
    }
    out
}

#[cfg(test)]
mod tests;
