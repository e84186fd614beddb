//! The page state: the scenario being edited, what is selected, and the latest outcome.
//!
//! Components read it from a context (`StateContext`) and change it only by dispatching an
//! [`Action`]. Every change of the scenario bumps `revision`; the app re-evaluates (debounced)
//! whenever the revision moves and stores the result with `Action::Evaluated`.

use std::rc::Rc;

use rolecall_core::Span;
use yew::prelude::*;

use crate::docref::DocRef;
use crate::outcome::Outcome;
use rolecall_core::scenario::Scenario;

/// A change of the scenario, applied by the reducer. Used for the many small form edits
/// (rename, add, remove) that would otherwise each need their own action.
pub type Edit = Rc<dyn Fn(&mut Scenario)>;

/// A message shown above the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    /// Whether it is an error (`data-testid="error-banner"`) or a notice.
    pub error: bool,
    /// The text.
    pub message: String,
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

/// The page state.
#[derive(Clone, Debug)]
pub struct State {
    /// The scenario.
    pub scenario: Rc<Scenario>,
    /// Bumped on every change of the scenario.
    pub revision: u64,
    /// Bumped when a whole scenario is loaded: editors are recreated (fresh undo history).
    pub generation: u64,
    /// The identity shown in the editors.
    pub identity: usize,
    /// The request shown in the request panel.
    pub request: usize,
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
    /// Whether the examples gallery is open.
    pub examples_open: bool,
}

/// Everything that can happen to the state.
pub enum Action {
    /// The user typed in an editor.
    EditDoc(DocRef, String),
    /// A form changed the scenario.
    Update(Edit),
    /// A whole scenario was loaded (example, link, import, new); selections are reset.
    Load(Rc<Scenario>),
    /// Select the identity whose policies the editors show.
    SelectIdentity(usize),
    /// Select the request shown in the request panel.
    SelectRequest(usize),
    /// Show this document in the right-hand editor.
    SelectDoc(DocRef),
    /// An evaluation finished.
    Evaluated(Rc<Outcome>),
    /// Highlight a span (from a click in the explanation); `None` clears it.
    Focus(Option<(DocRef, Span)>),
    /// Show a banner.
    ShowBanner(Banner),
    /// Hide the banner.
    DismissBanner,
    /// The catalog state changed.
    Catalog(CatalogStatus),
    /// Open or close the examples gallery.
    ToggleExamples(bool),
}

impl std::fmt::Debug for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::EditDoc(doc, _) => write!(f, "EditDoc({doc:?})"),
            Self::Update(_) => f.write_str("Update"),
            Self::Load(_) => f.write_str("Load"),
            Self::SelectIdentity(i) => write!(f, "SelectIdentity({i})"),
            Self::SelectRequest(i) => write!(f, "SelectRequest({i})"),
            Self::SelectDoc(d) => write!(f, "SelectDoc({d:?})"),
            Self::Evaluated(o) => write!(f, "Evaluated({})", o.revision),
            Self::Focus(x) => write!(f, "Focus({x:?})"),
            Self::ShowBanner(b) => write!(f, "ShowBanner({b:?})"),
            Self::DismissBanner => f.write_str("DismissBanner"),
            Self::Catalog(c) => write!(f, "Catalog({c:?})"),
            Self::ToggleExamples(o) => write!(f, "ToggleExamples({o})"),
        }
    }
}

impl State {
    /// A fresh state showing `scenario`.
    #[must_use]
    pub fn new(scenario: Rc<Scenario>) -> Self {
        let mut state = Self {
            scenario,
            revision: 1,
            generation: 0,
            identity: 0,
            request: 0,
            right_doc: None,
            outcome: Rc::new(Outcome::default()),
            focus: None,
            banner: None,
            catalog: CatalogStatus::Idle,
            examples_open: false,
        };
        state.select_defaults();
        state
    }

    /// Picks the identity to show: the role the selected request assumes last, else the first
    /// role, else the first identity.
    fn select_defaults(&mut self) {
        let s = &self.scenario;
        let assumed = s
            .requests
            .get(self.request)
            .and_then(|r| r.assume.last())
            .and_then(|hop| s.identities.iter().position(|i| i.arn == hop.role));
        self.identity = assumed
            .or_else(|| s.identities.iter().position(crate::engine::is_role))
            .unwrap_or(0);
        self.right_doc = None;
        self.focus = None;
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

    fn changed(mut self, scenario: Scenario) -> Self {
        self.scenario = Rc::new(scenario);
        self.revision += 1;
        self
    }
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scenario, &other.scenario)
            && Rc::ptr_eq(&self.outcome, &other.outcome)
            && self.revision == other.revision
            && self.generation == other.generation
            && self.identity == other.identity
            && self.request == other.request
            && self.right_doc == other.right_doc
            && self.focus == other.focus
            && self.banner == other.banner
            && self.catalog == other.catalog
            && self.examples_open == other.examples_open
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::EditDoc(doc, text) => {
                if doc.text(&self.scenario) == Some(text.as_str()) {
                    return self;
                }
                let mut scenario = (*self.scenario).clone();
                if !doc.set_text(&mut scenario, text) {
                    return self;
                }
                next = next.changed(scenario);
            }
            Action::Update(edit) => {
                let mut scenario = (*self.scenario).clone();
                edit(&mut scenario);
                if scenario == *self.scenario {
                    return self;
                }
                next = next.changed(scenario);
                next.identity = next
                    .identity
                    .min(next.scenario.identities.len().saturating_sub(1));
                next.request = next
                    .request
                    .min(next.scenario.requests.len().saturating_sub(1));
            }
            Action::Load(scenario) => {
                next.scenario = scenario;
                next.revision += 1;
                next.generation += 1;
                next.request = 0;
                next.select_defaults();
            }
            Action::SelectIdentity(i) => {
                next.identity = i;
                next.right_doc = None;
                next.focus = None;
            }
            Action::SelectRequest(i) => {
                next.request = i;
                // The editors follow the request: they show the role it assumes last.
                next.select_defaults();
            }
            Action::SelectDoc(doc) => {
                if let DocRef::Identity { identity, .. }
                | DocRef::Boundary { identity }
                | DocRef::Trust { identity } = doc
                {
                    next.identity = identity;
                }
                next.right_doc = Some(doc);
            }
            Action::Evaluated(outcome) => {
                if outcome.revision < self.outcome.revision {
                    return self;
                }
                next.outcome = outcome;
            }
            Action::Focus(focus) => {
                if let Some((doc, _)) = focus {
                    if !matches!(doc, DocRef::Trust { .. }) {
                        next.right_doc = Some(doc);
                    }
                    if let DocRef::Identity { identity, .. }
                    | DocRef::Boundary { identity }
                    | DocRef::Trust { identity } = doc
                    {
                        next.identity = identity;
                    }
                }
                next.focus = focus;
            }
            Action::ShowBanner(banner) => next.banner = Some(banner),
            Action::DismissBanner => next.banner = None,
            Action::Catalog(status) => next.catalog = status,
            Action::ToggleExamples(open) => next.examples_open = open,
        }
        Rc::new(next)
    }
}

/// The state in a context, for every component below the app.
pub type StateContext = UseReducerHandle<State>;
