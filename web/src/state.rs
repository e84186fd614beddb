//! The page state: the scenario being edited, what is selected, and the latest outcome.
//!
//! Components read it with [`use_app_state`] and change it only by dispatching an [`Action`]: a
//! closed set of named actions (the scenario edits are [`Change`], in `state/edits.rs`), so the
//! reducer is tested natively (`state/tests.rs`, no browser). Every change of the scenario
//! bumps `revision`; the app re-evaluates (debounced) whenever the revision moves and stores
//! the result with `Action::Evaluated`.
//!
//! Work is never lost: a load keeps the replaced scenario in `previous` (one click brings it
//! back, until the next load), and a rename or removal keeps the scenario before it in `undo`
//! (an Undo button in the banner, until the next edit).

use std::rc::Rc;

use rolecall_core::Span;

use crate::docref::{DocRef, DocView};
use crate::outcome::Outcome;
use rolecall_core::scenario::Scenario;
use rolecall_core::suggest::Change as SuggestedChange;

mod edits;
mod hooks;
mod reduce;
mod store;

use edits::Select;
pub use edits::{Change, HopEdit, NewIdentity, OrgList, RequestEdit};
pub use hooks::{
    StateContext, dispatch_on, dispatch_typed, dispatch_with, use_app_state,
    use_app_state_but_typing, use_app_state_shape,
};
pub use store::{Store, counted};

/// A message shown above the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    /// Whether it is an error (`data-testid="error-banner"`) or a notice.
    pub error: bool,
    /// The text.
    pub message: String,
    /// A button offered with the message.
    pub action: Option<BannerAction>,
}

impl Banner {
    /// A notice without a button.
    #[must_use]
    pub fn notice(message: impl Into<String>) -> Self {
        Self {
            error: false,
            message: message.into(),
            action: None,
        }
    }

    /// An error without a button.
    #[must_use]
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            error: true,
            message: message.into(),
            action: None,
        }
    }

    /// The notice a link opened over kept work shows (the kept work is the previous work).
    #[must_use]
    pub fn link_over_kept_work() -> Self {
        reduce::loaded_banner(&Source::Link, true)
    }
}

/// The button of a banner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BannerAction {
    /// Undo the last rename or removal ([`Action::Undo`]).
    Undo,
    /// Bring back the scenario the last load replaced ([`Action::RestorePrevious`]).
    RestorePrevious,
}

/// Where a whole scenario came from (it decides the banner's wording).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The New button.
    New,
    /// An example of the gallery, with its title.
    Example(String),
    /// A challenge of the challenge gallery, with its title.
    Challenge(String),
    /// An imported file, with its name.
    File(String),
    /// A share link.
    Link,
}

/// What the page has of the AWS managed policies (fetched after the first paint, only those a
/// scenario names; see `managed.rs`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManagedStatus {
    /// The date of the data, once the index has arrived.
    pub date: String,
    /// How many policy documents have arrived.
    pub loaded: usize,
    /// How many policies the index lists.
    pub listed: usize,
    /// Why the last fetch failed, if it did.
    pub failed: Option<String>,
}

/// The state of the lazily loaded AWS catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogStatus {
    /// Not requested yet.
    Idle,
    /// Being fetched.
    Loading,
    /// Loaded; the date of the data.
    Ready(String),
    /// Could not be loaded (the page works without it).
    Failed(String),
}

/// A file chosen for import that has diagnostics: they are shown, exactly as `rolecall eval`
/// prints them, before the file replaces anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingImport {
    /// The file name.
    pub name: String,
    /// The count of errors and warnings (`2 errors, 1 warning`).
    pub summary: String,
    /// The diagnostics as the CLI renders them (without colour).
    pub report: String,
    /// The scenario the file holds, when it can be loaded at all and was read on the page.
    pub scenario: Option<Rc<Scenario>>,
    /// Or the import's id in the evaluation worker, which holds its scenario, with the
    /// scenario's skeleton (its JSON without the documents' texts, `elided.rs`): read only when
    /// the user opens it.
    /// And whether its documents' texts are left out of it (a large scenario).
    pub skeleton: Option<(u32, Rc<String>, bool)>,
}

impl PendingImport {
    /// Whether the file can be opened as a scenario.
    #[must_use]
    pub fn opens(&self) -> bool {
        self.scenario.is_some() || self.skeleton.is_some()
    }
}

/// A challenge being solved (challenge mode): the scenario as it was handed out, which the
/// learner's work is graded against (`rolecall_core::scenario::challenge::check`), and how many
/// hints are shown.
#[derive(Clone, Debug)]
pub struct ChallengeRun {
    /// The challenge as it was opened.
    pub start: Rc<Scenario>,
    /// How many hints are shown.
    pub hints: usize,
}

impl ChallengeRun {
    /// The run of `scenario` when it carries a challenge.
    #[must_use]
    pub fn of(scenario: &Rc<Scenario>) -> Option<Rc<Self>> {
        scenario.challenge.as_ref()?;
        Some(Rc::new(Self {
            start: scenario.clone(),
            hints: 0,
        }))
    }
}

/// What the latest edits changed: one document, or the scenario through a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edited {
    /// The text of this document.
    Doc(DocRef),
    /// The scenario through a form (a rename, a new request, Undo, ...).
    Form,
}

/// The baseline of the "what changed" strip (issue 13 §2): the evaluation the current one is
/// compared with. Unpinned, it is the version before the edit of the document being edited
/// began (it moves when another document, or a form, is edited); pinned, it stays until it is
/// unpinned, across edits and loads.
#[derive(Clone, Debug, Default)]
pub struct Review {
    /// The evaluation compared against (`None` before the first edit).
    pub baseline: Option<Rc<Outcome>>,
    /// Whether the user pinned it.
    pub pinned: bool,
    /// What the latest edits changed.
    pub editing: Option<Edited>,
}

impl Review {
    /// The edit `what` is made while `latest` is the latest evaluation: the baseline moves to
    /// it when the edit starts on another document (or form) and the baseline is not pinned.
    fn edited(&mut self, what: Edited, latest: &Rc<Outcome>) {
        if self.editing != Some(what) && !self.pinned {
            self.baseline = (latest.revision > 0).then(|| latest.clone());
        }
        self.editing = Some(what);
    }

    /// A whole scenario was loaded: an unpinned baseline goes (a pinned one stays, to compare
    /// the loaded version with it).
    fn loaded(&mut self) {
        if !self.pinned {
            *self = Self::default();
        }
    }
}

impl PartialEq for Review {
    fn eq(&self, other: &Self) -> bool {
        let same = match (&self.baseline, &other.baseline) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same && self.pinned == other.pinned && self.editing == other.editing
    }
}

/// The page state.
#[derive(Clone, Debug)]
pub struct State {
    /// The scenario.
    pub scenario: Rc<Scenario>,
    /// Bumped on every change of the scenario.
    pub revision: u64,
    /// Bumped on every change of the scenario but the text of a document ([`Action::EditDoc`]):
    /// what the components that show no document text follow ([`use_app_state_but_typing`]).
    pub shape: u64,
    /// Bumped when a whole scenario is loaded: editors are recreated (fresh undo history).
    pub generation: u64,
    /// The identity shown in the editors.
    pub identity: usize,
    /// The request shown in the request panel.
    pub request: usize,
    /// The step of the selected request whose documents the editors show (`None`: the step
    /// that decided, `RequestView::deciding_step`).
    pub step: Option<usize>,
    /// Whether the editors follow the selected step (the documents that decide it, side by
    /// side) rather than show the selected identity's own trust and permission policies.
    pub follow: bool,
    /// The document shown in the right-hand editor (permission side).
    pub right_doc: Option<DocRef>,
    /// The latest evaluation.
    pub outcome: Rc<Outcome>,
    /// The explanation part the user clicked: highlighted and scrolled to.
    pub focus: Option<(DocRef, Span)>,
    /// The banner, if any.
    pub banner: Option<Banner>,
    /// The catalog.
    pub catalog: CatalogStatus,
    /// The AWS managed policies fetched so far.
    pub managed: ManagedStatus,
    /// Whether the examples gallery is open.
    pub examples_open: bool,
    /// The scenario the last load replaced: one click brings it back, until the next load.
    pub previous: Option<Rc<Scenario>>,
    /// The scenario before the last rename or removal, while no other edit followed.
    pub undo: Option<Rc<Scenario>>,
    /// A file waiting for the user's decision after its diagnostics were shown.
    pub import: Option<Rc<PendingImport>>,
    /// The challenge being solved, when the scenario is one (the page shows challenge mode).
    pub challenge: Option<Rc<ChallengeRun>>,
    /// The "what changed" strip's baseline.
    pub review: Review,
    /// The document typed in by the change that made this state, once a decision was shown: the
    /// editor's change callback hands it to the evaluator right after the dispatch
    /// (`evaluator::typed`), and the app as it renders this state (`evaluator::edited`, once per
    /// revision: for the edits dispatched elsewhere, the Format and tidy tools), before the
    /// components draw the edit. The reducer only records it.
    pub typed: Option<Typed>,
}

/// A document's text typed in: the document, and the scenario before the keystroke.
#[derive(Clone, Debug)]
pub struct Typed {
    /// The document.
    pub doc: DocRef,
    /// The scenario before the keystroke (the worker's copy, unless it is behind).
    pub before: Rc<Scenario>,
}

/// Everything that can happen to the state.
#[derive(Debug)]
pub enum Action {
    /// The user typed in a policy editor.
    EditDoc(DocRef, String),
    /// A named change of the scenario from a form.
    Change(Change),
    /// Undo the last rename or removal.
    Undo,
    /// A whole scenario replaces the current one, which is kept as the previous scenario.
    Load {
        /// The new scenario.
        scenario: Rc<Scenario>,
        /// Where it came from.
        source: Source,
    },
    /// Swap the scenario with the one the last load replaced.
    RestorePrevious,
    /// Show the diagnostics of a file before importing it.
    ReviewImport(Rc<PendingImport>),
    /// Drop the file under review; nothing was replaced.
    CancelImport,
    /// Select the identity whose policies the editors show.
    SelectIdentity(usize),
    /// Select the request shown in the request panel.
    SelectRequest(usize),
    /// Show the documents that decide this step of the selected request.
    SelectStep(usize),
    /// Show this document in the right-hand editor.
    SelectDoc(DocRef),
    /// An evaluation finished.
    Evaluated(Rc<Outcome>),
    /// The suggestions of the evaluation at this revision arrived (after its decision).
    Suggested(u64, Option<Vec<Vec<rolecall_core::suggest::Suggestion>>>),
    /// Highlight a span (from a click in the explanation); `None` clears it.
    Focus(Option<(DocRef, Span)>),
    /// Show a banner.
    ShowBanner(Banner),
    /// Hide the banner.
    DismissBanner,
    /// The catalog state changed.
    Catalog(CatalogStatus),
    /// AWS managed policies arrived (or a fetch failed).
    Managed(ManagedStatus),
    /// Open or close the examples gallery.
    ToggleExamples(bool),
    /// Show the next hint of the challenge.
    NextHint,
    /// Leave challenge mode: the scenario stays, in the playground.
    LeaveChallenge,
    /// Compare every later version with the latest evaluation ("what changed" strip).
    PinBaseline,
    /// Back to comparing with the version before the current edit.
    UnpinBaseline,
    /// Take a suggestion ("allowed only if …") for the selected request: the core applies it.
    ApplySuggestion(SuggestedChange),
    /// The evaluation worker sent the texts of documents the page held only markers of
    /// (`elided.rs`): `(document, marker, text)`. Not an edit: the scenario is the same.
    Unelided(Vec<(DocRef, String, String)>),
}

impl From<Change> for Action {
    fn from(edit: Change) -> Self {
        Self::Change(edit)
    }
}

impl State {
    /// A fresh state showing `scenario`.
    #[must_use]
    pub fn new(scenario: Rc<Scenario>) -> Self {
        let mut state = Self {
            scenario,
            revision: 1,
            shape: 1,
            generation: 0,
            identity: 0,
            request: 0,
            step: None,
            follow: true,
            right_doc: None,
            outcome: Rc::new(Outcome::default()),
            focus: None,
            banner: None,
            catalog: CatalogStatus::Idle,
            managed: ManagedStatus::default(),
            examples_open: false,
            previous: None,
            undo: None,
            import: None,
            challenge: None,
            review: Review::default(),
            typed: None,
        };
        state.challenge = ChallengeRun::of(&state.scenario);
        state.select_defaults();
        state
    }

    /// Picks the identity to show: the role the selected request assumes last, else the first
    /// role, else the first identity; the editors follow the step that decided the request.
    fn select_defaults(&mut self) {
        let s = &self.scenario;
        let assumed = s
            .requests
            .get(self.request)
            .and_then(|r| r.assume.last())
            .and_then(|hop| s.identities.iter().position(|i| i.arn == hop.role));
        self.identity = assumed
            .or_else(|| s.identities.iter().position(|i| i.is_role()))
            .unwrap_or(0);
        self.right_doc = None;
        self.focus = None;
        self.step = None;
        self.follow = true;
    }

    /// The step whose documents the editors show: the one the user picked, else the one that
    /// decided the selected request.
    #[must_use]
    pub fn shown_step(&self) -> Option<usize> {
        let request = self.outcome.view.requests.get(self.request)?;
        self.step
            .filter(|&i| i < request.steps.len())
            .or(request.deciding_step)
    }

    /// Whether the editors show the documents of the shown step (rather than the selected
    /// identity's own).
    #[must_use]
    pub fn follows_step(&self) -> bool {
        self.follow && self.shown_step().is_some()
    }

    /// The documents the shown step rests on (resource side, identity side, guardrails).
    #[must_use]
    pub fn step_documents(&self) -> Vec<DocRef> {
        let Some(step) = self
            .shown_step()
            .and_then(|i| self.outcome.view.requests.get(self.request)?.steps.get(i))
        else {
            return Vec::new();
        };
        step.resource_side
            .iter()
            .chain(&step.identity_side)
            .chain(&step.guardrails)
            .copied()
            .collect()
    }

    /// The document shown in the right-hand editor: the selected one if it still exists,
    /// otherwise the selected identity's first policy.
    #[must_use]
    pub fn right_doc(&self) -> Option<DocRef> {
        self.right_doc
            .filter(|d| match *d {
                // A resource without a policy still opens, to offer adding one.
                DocRef::Resource { resource } => resource < self.scenario.resources.len(),
                _ => d.text(&self.scenario).is_some(),
            })
            .or_else(|| {
                let identity = self.scenario.identities.get(self.identity)?;
                (!identity.policies.is_empty()).then_some(DocRef::Identity {
                    identity: self.identity,
                    policy: 0,
                })
            })
    }

    /// A form or editor changed the scenario: the undo of the last rename or removal lapses.
    fn changed(&mut self, scenario: Scenario) {
        self.scenario = Rc::new(scenario);
        self.revision += 1;
        self.shape += 1;
        self.undo = None;
        if self
            .banner
            .as_ref()
            .is_some_and(|b| b.action == Some(BannerAction::Undo))
        {
            self.banner = None;
        }
    }

    /// A whole scenario replaces the current one (editors are recreated).
    fn replace(&mut self, scenario: Rc<Scenario>) {
        self.scenario = scenario;
        self.revision += 1;
        self.shape += 1;
        self.generation += 1;
        self.request = 0;
        self.undo = None;
        self.select_defaults();
    }

    /// Keeps the selections inside the scenario after a removal.
    fn clamp(&mut self) {
        self.identity = self
            .identity
            .min(self.scenario.identities.len().saturating_sub(1));
        self.request = self
            .request
            .min(self.scenario.requests.len().saturating_sub(1));
    }

    fn select(&mut self, select: Select) {
        match select {
            Select::Identity(i) => {
                self.identity = i;
                self.right_doc = None;
                self.focus = None;
                // The selected identity's own editors (one click from the step's documents).
                self.follow = false;
            }
            Select::Request(q) => {
                self.request = q;
                // The editors follow the request: they show the role it assumes last.
                self.select_defaults();
            }
            Select::Doc(doc) => {
                // A document the shown step does not rest on (a resource or SCP picked in the
                // sidebar, a new policy) opens with its identity, or as an extra tab.
                if !self.step_documents().contains(&doc) {
                    self.follow = false;
                }
                if let Some(identity) = doc_identity(doc) {
                    self.identity = identity;
                }
                self.right_doc = Some(doc);
            }
        }
    }
}

/// Whether `a` and `b` are the same shared value (or both none).
fn same<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// Whether `a.field == b.field` for each field named: the rest of a `PartialEq` written out
/// for a struct with some fields compared otherwise (a shared value by pointer, a large text
/// with `editor::same_text`).
#[macro_export]
macro_rules! fields_eq {
    ($a:expr, $b:expr, $($field:ident),+ $(,)?) => {
        $($a.$field == $b.$field)&&+
    };
}

impl State {
    /// Whether `self` and `other` differ at most by the texts of documents (and so by the
    /// revision), what a keystroke in an editor changes, and by the evaluations shown and
    /// compared (`outcome`, `review`), what its answer changes.
    fn same_shape(&self, other: &Self) -> bool {
        same(&self.previous, &other.previous)
            && same(&self.undo, &other.undo)
            && same(&self.challenge, &other.challenge)
            && crate::fields_eq!(
                self,
                other,
                shape,
                generation,
                identity,
                request,
                step,
                follow,
                right_doc,
                focus,
                banner,
                catalog,
                managed,
                examples_open,
                import,
            )
    }
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scenario, &other.scenario)
            && self.revision == other.revision
            && Rc::ptr_eq(&self.outcome, &other.outcome)
            && self.review == other.review
            && self.same_shape(other)
    }
}

/// The state compared without the texts of documents and, unless `decisions`, without the
/// evaluation shown ([`use_app_state_but_typing`], [`use_app_state_shape`]).
struct Shape {
    state: State,
    decisions: bool,
}

impl PartialEq for Shape {
    fn eq(&self, other: &Self) -> bool {
        self.state.same_shape(&other.state)
            && (!self.decisions
                || (Rc::ptr_eq(&self.state.outcome, &other.state.outcome)
                    && self.state.review == other.state.review))
    }
}

/// The identity whose document `doc` is, if it is one.
pub(crate) const fn doc_identity(doc: DocRef) -> Option<usize> {
    match doc {
        DocRef::Identity { identity, .. }
        | DocRef::Boundary { identity }
        | DocRef::Trust { identity } => Some(identity),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
