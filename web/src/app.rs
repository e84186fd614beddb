//! The root component: owns the state, re-evaluates after edits (in the evaluation worker, or
//! debounced on the page without one), autosaves, opens share links, and lays out the page.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::components::banner::BannerView;
use crate::components::challenge::ChallengeView;
use crate::components::examples::ExamplesGallery;
use crate::components::import::ImportReview;
use crate::components::notes::Notes;
use crate::components::policy_pane::PolicyPane;
use crate::components::problems::Problems;
use crate::components::request_panel::RequestPanel;
use crate::components::result::ResultPanel;
use crate::components::sidebar::Sidebar;
use crate::components::toolbar::Toolbar;
use crate::components::what_changed::WhatChanged;
use crate::components::who_can::WhoCanView;
use crate::engine;
use crate::examples;
use crate::persist;
use crate::state::{Action, Banner, CatalogStatus, ChallengeRun, Source, State, StateContext};
use rolecall_core::scenario::Scenario;

/// How long typing must pause before the scenario is evaluated again on the page's own thread
/// (only without a worker: the worker takes every revision, the newest replacing any waiting).
const EVALUATE_DELAY_MS: u32 = 80;
/// How long typing must pause before the scenario is saved to localStorage.
const AUTOSAVE_DELAY_MS: u32 = 400;

/// How long after the first paint the AWS catalog is fetched.
const CATALOG_DELAY_MS: u32 = 200;

/// The one-line introduction shown on a first visit (nothing autosaved, no link).
const FIRST_VISIT: &str = "Rolecall decides AWS IAM requests in your browser: edit a policy or the request and the decision and its explanation follow. Nothing leaves this page; try Examples, or New to start from scratch.";

/// The banner when the autosave does not fit in the browser's storage.
const NOT_SAVED: &str = "This scenario is too large for the browser's storage, so it is not autosaved: everything is still on the page; use Export to keep it as a file.";

/// What the page opens with: a share link in the fragment, else the autosaved work, else the
/// default example. A link that opens over autosaved work keeps that work as the previous
/// scenario (one click brings it back); a link that cannot be opened leaves the autosaved work
/// loaded and explains why in a banner. The fragment the page itself keeps in the address bar
/// (a reload) opens the autosaved work, which is never older, on the request it names.
///
/// Opening a link stores at once what a reload needs (the previous work, the link's scenario
/// as the autosave, and the fragment as the page's own), so a reload a moment later, before the
/// debounced autosave, reopens the same page and keeps the earlier work restorable.
fn initial_state() -> State {
    // A reload (no fragment, or the page's own) reopens the autosaved work as it was left.
    let reload = persist::fragment()
        .is_none_or(|f| persist::load(persist::LINK_KEY).as_deref() == Some(f.as_str()));
    let mut state = opened_state();
    // A challenge reopened after a reload is graded against the challenge as it was opened
    // (kept in storage), not against the learner's own edits; one the user left for the
    // playground (nothing stored) stays left.
    if let Some(run) = &state.challenge {
        let stored = persist::load(persist::CHALLENGE_KEY)
            .and_then(|text| engine::load_scenario(&text).ok())
            .filter(|start| match (&start.challenge, &run.start.challenge) {
                (Some(a), Some(b)) => a.same_as(b),
                _ => false,
            });
        match stored {
            Some(start) => {
                state.challenge = Some(Rc::new(ChallengeRun {
                    start: Rc::new(start),
                    hints: 0,
                }));
            }
            None if reload => state.challenge = None,
            None => {}
        }
    }
    state
}

/// The state [`initial_state`] starts from: a link, the autosave or the default example.
fn opened_state() -> State {
    let autosaved =
        persist::load(persist::AUTOSAVE_KEY).and_then(|text| engine::load_scenario(&text).ok());
    let previous = persist::load(persist::PREVIOUS_KEY)
        .and_then(|text| engine::load_scenario(&text).ok())
        .map(Rc::new);
    let start = |scenario: Scenario| {
        let mut state = State::new(Rc::new(scenario));
        state.previous.clone_from(&previous);
        state
    };
    let Some(fragment) = persist::fragment() else {
        let first_visit = autosaved.is_none();
        let mut state = start(autosaved.unwrap_or_else(examples::default_scenario));
        if first_visit {
            state.banner = Some(Banner::notice(FIRST_VISIT));
        }
        return state;
    };
    let request = engine::linked_request(&fragment);
    let own = persist::load(persist::LINK_KEY).as_deref() == Some(fragment.as_str());
    let state = match (engine::open_link(&fragment), autosaved) {
        (_, Some(saved)) if own => start(saved),
        (Ok(scenario), Some(saved)) if !persist::same_work(&saved, &scenario) => {
            let opened = State::reduce(
                Rc::new(start(saved)),
                Action::Load {
                    scenario: Rc::new(scenario),
                    source: Source::Link,
                },
            );
            remember_opened_link(&opened, &fragment);
            Rc::unwrap_or_clone(opened)
        }
        (Ok(scenario), _) => {
            let state = start(scenario);
            remember_opened_link(&state, &fragment);
            state
        }
        (Err(message), saved) => {
            let mut state = start(saved.unwrap_or_else(examples::default_scenario));
            state.banner = Some(Banner::error(format!(
                "This link could not be opened: {message}. Nothing from it was loaded; your work is unchanged."
            )));
            return state;
        }
    };
    match request {
        Some(r) if r < state.scenario.requests.len() => {
            Rc::unwrap_or_clone(State::reduce(Rc::new(state), Action::SelectRequest(r)))
        }
        _ => state,
    }
}

/// Stores, at once, what a reload of a just-opened link needs: the work the link replaced
/// (restorable), the link's scenario (the autosave) and the fragment (now the page's own).
fn remember_opened_link(state: &State, fragment: &str) {
    if let Some(previous) = &state.previous {
        persist::save(persist::PREVIOUS_KEY, &engine::scenario_json(previous));
    }
    persist::save(
        persist::AUTOSAVE_KEY,
        &engine::scenario_json(&state.scenario),
    );
    persist::save(persist::LINK_KEY, fragment);
}

/// The page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);

    // Re-evaluate when the scenario changes: in the worker at once (a newer revision replaces a
    // waiting one); a small scenario on load and, without a worker, every revision on the page's
    // thread (at once on load, debounced while typing).
    {
        let state = state.clone();
        // The catalog's arrival re-evaluates too, so that its lint appears without an edit.
        let catalog_ready = matches!(state.catalog, CatalogStatus::Ready(_));
        // So does the arrival of an AWS managed policy the scenario names.
        let managed = (state.managed.loaded, state.managed.listed);
        use_effect_with(
            (state.revision, catalog_ready, managed),
            move |&(revision, _, _)| {
                let scenario = state.scenario.clone();
                let dispatcher = state.dispatcher();
                let first = state.outcome.revision == 0;
                // A small scenario is decided at once on load, while the worker starts.
                let here_first = first && crate::evaluator::small_enough_to_start_here(&scenario);
                if here_first {
                    crate::evaluator::warm_up();
                }
                let in_worker = !here_first
                    && crate::evaluator::submit(scenario.clone(), revision, dispatcher.clone());
                let delay = if first { 0 } else { EVALUATE_DELAY_MS };
                let timeout = (!in_worker).then(|| {
                    Timeout::new(delay, move || {
                        let outcome = engine::evaluate(scenario, revision);
                        dispatcher.dispatch(Action::Evaluated(Rc::new(outcome)));
                    })
                });
                move || drop(timeout)
            },
        );
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
        let dispatcher = state.dispatcher();
        use_effect_with(state.revision, move |_| {
            persist::keep_latest(scenario.clone());
            let timeout = Timeout::new(AUTOSAVE_DELAY_MS, move || {
                // A scenario larger than the browser's storage stays on the page; the user is
                // told how to keep it.
                if !persist::save(persist::AUTOSAVE_KEY, &engine::scenario_json(&scenario)) {
                    dispatcher.dispatch(Action::ShowBanner(Banner::error(NOT_SAVED)));
                }
            });
            move || drop(timeout)
        });
    }

    // A whole new scenario (New, an example, an import, Restore) is saved at once, not after
    // the debounce: a reload right after it reopens it, whatever the browser does on unload.
    {
        let scenario = state.scenario.clone();
        use_effect_with(state.generation, move |_| {
            persist::save(persist::AUTOSAVE_KEY, &engine::scenario_json(&scenario));
        });
    }

    // Keep the address bar on a link to what is shown (scenario and request), debounced like
    // the autosave: copying the URL shares the current work. A scenario too large for a link
    // leaves the address bar without one.
    {
        let scenario = state.scenario.clone();
        let request = state.request;
        use_effect_with((state.revision, request), move |_| {
            let timeout = Timeout::new(AUTOSAVE_DELAY_MS, move || {
                let link = engine::share_link(&scenario, "", request);
                persist::show_fragment(link.as_deref().map(|l| l.trim_start_matches('#')));
            });
            move || drop(timeout)
        });
    }

    // Keep the challenge as it was opened across reloads (the learner's work is graded
    // against it).
    {
        let start = state.challenge.as_ref().map(|run| run.start.clone());
        let key = start.as_ref().map(|s| Rc::as_ptr(s) as usize);
        use_effect_with(key, move |_| match start {
            Some(start) => {
                persist::save(persist::CHALLENGE_KEY, &engine::scenario_json(&start));
            }
            // Left (or another scenario loaded): a reload shows the playground.
            None => persist::remove_where(persist::CHALLENGE_KEY, |_| false),
        });
    }

    // Keep the scenario that the last load replaced across reloads, until the next load.
    use_effect_with(state.previous.clone(), |previous| {
        if let Some(previous) = previous {
            persist::save(persist::PREVIOUS_KEY, &engine::scenario_json(previous));
        }
    });

    // Fetch the AWS managed policies the scenario names (after the first paint; each once).
    {
        let scenario = state.scenario.clone();
        let dispatcher = state.dispatcher();
        use_effect_with(state.revision, move |_| {
            let arns = rolecall_core::scenario::managed::aws_references(&scenario);
            let timeout = (!arns.is_empty())
                .then(|| Timeout::new(0, move || crate::managed::fetch(arns, dispatcher)));
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

    // The skip link moves the focus to the decision without touching the URL fragment, which
    // holds the share link.
    let skip_to_main = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        persist::focus_element("rc-decision");
    });

    html! {
        <ContextProvider<StateContext> context={state.clone()}>
            <div class="app">
                <a class="skip-link" href="#rc-main" onclick={skip_to_main}>{ "Skip to the decision" }</a>
                <Toolbar />
                <BannerView />
                <ImportReview />
                if state.examples_open {
                    <ExamplesGallery />
                }
                if state.challenge.is_some() {
                    <main class="challenge-main" id="rc-main" tabindex="-1">
                        <ChallengeView />
                    </main>
                } else {
                    <div class="main">
                        <Sidebar />
                        <main class="workspace" id="rc-main" tabindex="-1">
                            <PolicyPane />
                            <WhatChanged />
                            <Problems />
                            <div class="lower">
                                <RequestPanel />
                                <ResultPanel />
                            </div>
                            <WhoCanView />
                        </main>
                        <Notes />
                    </div>
                }
            </div>
        </ContextProvider<StateContext>>
    }
}
