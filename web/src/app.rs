//! The root component: owns the state, re-evaluates after edits (debounced), autosaves, opens
//! share links, and lays out the page.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::components::banner::BannerView;
use crate::components::examples::ExamplesGallery;
use crate::components::notes::Notes;
use crate::components::policy_pane::PolicyPane;
use crate::components::problems::Problems;
use crate::components::request_panel::RequestPanel;
use crate::components::result::ResultPanel;
use crate::components::sidebar::Sidebar;
use crate::components::toolbar::Toolbar;
use crate::engine;
use crate::examples;
use crate::persist;
use crate::state::{Action, Banner, CatalogStatus, State, StateContext};

/// How long typing must pause before the scenario is evaluated again.
const EVALUATE_DELAY_MS: u32 = 80;
/// How long typing must pause before the scenario is saved to localStorage.
const AUTOSAVE_DELAY_MS: u32 = 400;

/// How long after the first paint the AWS catalog is fetched.
const CATALOG_DELAY_MS: u32 = 200;

/// What the page opens with: a share link in the fragment, else the autosaved work, else the
/// default example. A link that cannot be opened leaves the autosaved work loaded and explains
/// why in a banner.
fn initial_state() -> State {
    let autosaved =
        persist::load(persist::AUTOSAVE_KEY).and_then(|text| engine::load_scenario(&text).ok());
    let fallback = || autosaved.clone().unwrap_or_else(examples::default_scenario);
    let Some(fragment) = persist::fragment() else {
        return State::new(Rc::new(fallback()));
    };
    persist::clear_fragment();
    match engine::open_link(&fragment) {
        Ok(scenario) => {
            if let Some(previous) = persist::load(persist::AUTOSAVE_KEY) {
                persist::save(persist::PREVIOUS_KEY, &previous);
            }
            let mut state = State::new(Rc::new(scenario));
            state.banner = autosaved.is_some().then(|| Banner {
                error: false,
                message: "Opened the scenario from the link. Your previous work is kept: use \"Restore previous work\" to go back to it.".to_owned(),
            });
            state
        }
        Err(message) => {
            let mut state = State::new(Rc::new(fallback()));
            state.banner = Some(Banner {
                error: true,
                message: format!(
                    "This link could not be opened: {message}. Nothing from it was loaded; your work is unchanged."
                ),
            });
            state
        }
    }
}

/// The page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);

    // Re-evaluate when the scenario changes: at once on load, debounced while typing.
    {
        let state = state.clone();
        // The catalog's arrival re-evaluates too, so that its lint appears without an edit.
        let catalog_ready = matches!(state.catalog, CatalogStatus::Ready(_));
        use_effect_with((state.revision, catalog_ready), move |&(revision, _)| {
            let scenario = state.scenario.clone();
            let dispatcher = state.dispatcher();
            let first = state.outcome.revision == 0;
            let delay = if first { 0 } else { EVALUATE_DELAY_MS };
            let timeout = Timeout::new(delay, move || {
                let outcome = engine::evaluate(scenario, revision);
                dispatcher.dispatch(Action::Evaluated(Rc::new(outcome)));
            });
            move || drop(timeout)
        });
    }
    // Mark the timeline once the new decision is on the page (used by the figures).
    use_effect_with(state.outcome.revision, |&revision| {
        if revision > 0 {
            persist::mark("rolecall:decision");
        }
    });
    // Autosave, debounced (and flushed when the page is hidden, see `persist::keep_latest`).
    {
        let scenario = state.scenario.clone();
        use_effect_with(state.revision, move |_| {
            persist::keep_latest(scenario.clone());
            let timeout = Timeout::new(AUTOSAVE_DELAY_MS, move || {
                persist::save(persist::AUTOSAVE_KEY, &engine::scenario_json(&scenario));
            });
            move || drop(timeout)
        });
    }

    // Load the AWS catalog lazily, after the first paint.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            let timeout = Timeout::new(CATALOG_DELAY_MS, move || crate::catalog::load(dispatcher));
            move || drop(timeout)
        });
    }

    html! {
        <ContextProvider<StateContext> context={state.clone()}>
            <div class="app">
                <Toolbar />
                <BannerView />
                if state.examples_open {
                    <ExamplesGallery />
                }
                <div class="main">
                    <Sidebar />
                    <main class="workspace">
                        <PolicyPane />
                        <Problems />
                        <div class="lower">
                            <RequestPanel />
                            <ResultPanel />
                        </div>
                    </main>
                    <Notes />
                </div>
            </div>
        </ContextProvider<StateContext>>
    }
}
