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
use yew::prelude::*;

use crate::docref::{DocRef, DocView};
use crate::outcome::Outcome;
use rolecall_core::scenario::Scenario;
use rolecall_core::suggest::Change as SuggestedChange;

mod edits;
mod store;

use edits::Select;
pub use edits::{Change, HopEdit, NewIdentity, OrgList, RequestEdit};
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
    /// app tells the worker of it as it renders this state (`evaluator::edited`), before the
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

/// The banner after a load from `source`.
fn loaded_banner(source: &Source, kept: bool) -> Banner {
    let what = match source {
        Source::New => "Started a new scenario.".to_owned(),
        Source::Example(title) => format!("Opened the example `{title}`."),
        Source::Challenge(title) => {
            format!("Opened the challenge `{title}`: make every goal check pass.")
        }
        Source::File(name) => format!("Imported `{name}`."),
        Source::Link => "Opened the scenario from the link.".to_owned(),
    };
    if kept {
        Banner {
            error: false,
            message: format!(
                "{what} Your previous work is kept: \"Restore previous work\" brings it back."
            ),
            action: Some(BannerAction::RestorePrevious),
        }
    } else {
        Banner::notice(what)
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.typed = None;
        match action {
            Action::EditDoc(doc, text) => {
                if doc.text(&self.scenario) == Some(text.as_str()) {
                    return self;
                }
                // A locked document of a challenge is not edited.
                let locked = self
                    .challenge
                    .as_ref()
                    .and_then(|c| c.start.challenge.as_ref());
                if locked.is_some_and(|c| !c.is_editable(doc)) {
                    return self;
                }
                let mut scenario = (*self.scenario).clone();
                if !doc.set_text(&mut scenario, text) {
                    return self;
                }
                next.changed(scenario);
                // Only the document's text changed: the shape stays.
                next.shape = self.shape;
                next.review.edited(Edited::Doc(doc), &self.outcome);
                // Typing: to the worker as the app renders this state, before the components
                // draw the edit (the first revisions go through the app's evaluation: the first
                // decision may be made on the page).
                if self.outcome.revision > 0 {
                    next.typed = Some(Typed {
                        doc,
                        before: self.scenario.clone(),
                    });
                }
            }
            Action::Change(edit) => {
                let mut scenario = (*self.scenario).clone();
                let applied = edits::apply(&mut scenario, edit, self.request);
                if scenario == *self.scenario {
                    return self;
                }
                next.changed(scenario);
                next.review.edited(Edited::Form, &self.outcome);
                next.clamp();
                if let Some(select) = applied.select {
                    next.select(select);
                }
                if let Some(message) = applied.undoable {
                    next.undo = Some(self.scenario.clone());
                    next.banner = Some(Banner {
                        error: false,
                        message,
                        action: Some(BannerAction::Undo),
                    });
                }
            }
            Action::Undo => {
                let Some(before) = self.undo.clone() else {
                    return self;
                };
                let (identity, request) = (self.identity, self.request);
                next.review.edited(Edited::Form, &self.outcome);
                next.replace(before);
                next.identity = identity;
                next.request = request;
                next.clamp();
                next.banner = None;
            }
            Action::Load { scenario, source } => {
                let kept = *scenario != *self.scenario;
                if kept {
                    next.previous = Some(self.scenario.clone());
                }
                next.challenge = ChallengeRun::of(&scenario);
                next.replace(scenario);
                next.review.loaded();
                next.import = None;
                next.examples_open = false;
                next.banner = Some(loaded_banner(&source, next.previous.is_some()));
            }
            Action::RestorePrevious => {
                let Some(previous) = self.previous.clone() else {
                    return self;
                };
                next.previous = Some(self.scenario.clone());
                next.challenge = ChallengeRun::of(&previous);
                next.replace(previous);
                next.review.loaded();
                next.banner = Some(Banner {
                    error: false,
                    message: "Restored your previous work. The scenario it replaced is kept: \"Restore previous work\" switches back.".to_owned(),
                    action: Some(BannerAction::RestorePrevious),
                });
            }
            Action::ReviewImport(pending) => next.import = Some(pending),
            Action::CancelImport => next.import = None,
            Action::SelectIdentity(i) => next.select(Select::Identity(i)),
            Action::SelectRequest(q) => next.select(Select::Request(q)),
            Action::SelectStep(i) => {
                next.step = Some(i);
                next.follow = true;
                next.right_doc = None;
                next.focus = None;
            }
            Action::SelectDoc(doc) => next.select(Select::Doc(doc)),
            Action::Evaluated(outcome) => {
                // The same view again (the worker's answer after the page's own first decision)
                // is not drawn again, and keeps the suggestions the shown one has.
                if outcome.revision < self.outcome.revision
                    || (outcome.revision == self.outcome.revision
                        && outcome.view == self.outcome.view
                        && outcome.scenario == self.outcome.scenario)
                {
                    return self;
                }
                next.outcome = outcome;
            }
            Action::Suggested(revision, suggestions) => {
                // Only for the decision shown: suggestions of an older revision are dropped.
                if revision != self.outcome.revision || !self.outcome.suggestions_pending {
                    return self;
                }
                next.outcome = Rc::new(self.outcome.with_suggestions(suggestions));
            }
            Action::Focus(focus) => {
                if let Some((doc, _)) = focus {
                    // A document the shown step does not rest on opens with its identity.
                    if !self.step_documents().contains(&doc) {
                        next.follow = false;
                    }
                    if !matches!(doc, DocRef::Trust { .. }) {
                        next.right_doc = Some(doc);
                    }
                    if let Some(identity) = doc_identity(doc) {
                        next.identity = identity;
                    }
                }
                next.focus = focus;
            }
            Action::ShowBanner(banner) => next.banner = Some(banner),
            Action::DismissBanner => next.banner = None,
            Action::Catalog(status) => next.catalog = status,
            Action::Managed(status) => next.managed = status,
            Action::ToggleExamples(open) => next.examples_open = open,
            Action::NextHint => {
                let Some(run) = &self.challenge else {
                    return self;
                };
                let total = run.start.challenge.as_ref().map_or(0, |c| c.hints.len());
                if run.hints >= total {
                    return self;
                }
                next.challenge = Some(Rc::new(ChallengeRun {
                    start: run.start.clone(),
                    hints: run.hints + 1,
                }));
            }
            Action::LeaveChallenge => next.challenge = None,
            Action::PinBaseline => {
                if self.outcome.revision == 0 {
                    return self;
                }
                next.review = Review {
                    baseline: Some(self.outcome.clone()),
                    pinned: true,
                    editing: None,
                };
            }
            Action::UnpinBaseline => next.review = Review::default(),
            Action::ApplySuggestion(change) => {
                let locked = self
                    .challenge
                    .as_ref()
                    .and_then(|c| c.start.challenge.as_ref());
                if let SuggestedChange::Document { path, .. } = &change
                    && locked.is_some_and(|c| !c.is_editable(*path))
                {
                    return self;
                }
                let mut scenario = (*self.scenario).clone();
                if change.apply(&mut scenario, self.request).is_none() || scenario == *self.scenario
                {
                    return self;
                }
                next.changed(scenario);
                let edited = match change {
                    SuggestedChange::Document { path, .. } => Edited::Doc(path),
                    SuggestedChange::Context { .. } => Edited::Form,
                };
                next.review.edited(edited, &self.outcome);
            }
            Action::Unelided(texts) => {
                // Each text replaces its marker where the marker still is, in the scenario and
                // in the evaluated copy (whose spans the editors draw): no revision, no edit.
                let unelide = |scenario: &Rc<Scenario>| {
                    let mut copy: Option<Scenario> = None;
                    for (doc, marker, text) in &texts {
                        if doc.text(scenario) == Some(marker.as_str()) {
                            doc.set_text(
                                copy.get_or_insert_with(|| (**scenario).clone()),
                                text.clone(),
                            );
                        }
                    }
                    copy.map(Rc::new)
                };
                let scenario = unelide(&self.scenario);
                let evaluated = unelide(&self.outcome.scenario);
                if scenario.is_none() && evaluated.is_none() {
                    return self;
                }
                if let Some(scenario) = scenario {
                    next.scenario = scenario;
                }
                if let Some(evaluated) = evaluated {
                    next.outcome = Rc::new(Outcome {
                        scenario: evaluated,
                        ..(*self.outcome).clone()
                    });
                }
            }
        }
        Rc::new(next)
    }
}

/// The reducer's handle: what components read the state through (it always reads the latest
/// state) and dispatch actions with.
pub type StateContext = UseReducerHandle<State>;

/// The page state, for any component rendered inside [`crate::app::App`]: the component renders
/// again on every change of the state.
///
/// # Panics
///
/// When called outside the app's context provider, which no component is.
#[hook]
pub fn use_app_state() -> StateContext {
    store::use_store_with(|_, version| version)
}

/// The page state, for a component that shows no document text: it renders again on every
/// change of the state but text typed into a document (which re-renders the editors, and the
/// decision parts once the answer comes).
///
/// # Panics
///
/// When called outside the app's context provider, which no component is.
#[hook]
pub fn use_app_state_but_typing() -> StateContext {
    store::use_store_with(|state, _| Shape {
        state: state.clone(),
        decisions: true,
    })
}

/// The page state, for a component that shows neither document text nor anything evaluated
/// (forms, lists, menus): it renders again on every change of the state but text typed into a
/// document and the arrival of a decision.
///
/// # Panics
///
/// When called outside the app's context provider, which no component is.
#[hook]
pub fn use_app_state_shape() -> StateContext {
    store::use_store_with(|state, _| Shape {
        state: state.clone(),
        decisions: false,
    })
}

/// A handler that dispatches the action `action` makes, whatever the event (a button's
/// click): the page's many "this button does that" callbacks.
pub fn dispatch_on<E: 'static>(
    state: &StateContext,
    action: impl Fn() -> Action + 'static,
) -> Callback<E> {
    dispatch_with(state, move |_: E| action())
}

/// A handler that dispatches the action `action` makes of the value it is called with (a
/// committed name, a picked ARN): the callbacks a child component calls with its value.
pub fn dispatch_with<T: 'static>(
    state: &StateContext,
    action: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |value: T| state.dispatch(action(value)))
}

/// A handler that dispatches the change `change` makes of the text typed in the input or text
/// area the event comes from: the page's text fields.
pub fn dispatch_typed(
    state: &StateContext,
    change: impl Fn(String) -> Change + 'static,
) -> Callback<InputEvent> {
    dispatch_with(state, move |e: InputEvent| change(typed_text(&e)).into())
}

/// The text of the input or text area an event comes from (empty from anything else).
pub fn typed_text(e: &Event) -> String {
    use wasm_bindgen::JsCast;
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        input.value()
    } else if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.value()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests;
