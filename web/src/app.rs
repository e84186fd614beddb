//! The root component: owns the state, re-evaluates after edits (in the evaluation worker, or
//! debounced on the page without one), autosaves, opens share links, and lays out the page.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::UseReducerDispatcher;
use yew::prelude::*;

use crate::components::banner::BannerView;
use crate::components::challenge::ChallengeView;
use crate::components::examples::ExamplesGallery;
use crate::components::import::ImportReview;
use crate::components::later::Later;
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
use crate::state::{Action, Banner, CatalogStatus, ChallengeRun, Source, State, Store};
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
    let reload = !persist::opened_a_link();
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
    decided_natively(state)
}

/// Natively the page is only drawn by the prerender (`prerender.rs`), as a first visit (no link,
/// nothing stored: the default example), and decided at once by the function the evaluation
/// worker calls (`engine::resolve_and_view_in`), so that the first paint shows the decision.
/// The page's module decides nothing itself: its first decision comes from the worker.
#[cfg(not(target_arch = "wasm32"))]
fn decided_natively(state: State) -> State {
    if !crate::COMPUTES {
        return state;
    }
    let outcome = crate::loaded::with_managed(|aws| {
        engine::evaluate_view(&state.scenario, state.revision, None, aws)
    });
    Rc::unwrap_or_clone(State::reduce(
        Rc::new(state),
        Action::Evaluated(Rc::new(outcome)),
    ))
}

#[cfg(target_arch = "wasm32")]
fn decided_natively(state: State) -> State {
    state
}

/// What a link in the address bar opens to, read before the page is first drawn (see
/// [`start`]), with the fragment it was read from.
type ReadLink = (String, Result<(Scenario, String), String>);

thread_local! {
    static READ_LINK: std::cell::RefCell<Option<ReadLink>> = const { std::cell::RefCell::new(None) };
}

/// Draws the page. A link someone opened (not the page's own fragment, a reload) is read
/// (decoded, inflated, its JSON read: up to 1 MiB) by the evaluation worker, which index.html's
/// head script told to read it as the page started ([`crate::evaluator::read_link`]): the page
/// reads only the scenario from the JSON the worker sends, in a task of its own. When the worker
/// was not told, says the link is no scenario (the page reads it to say why) or has not answered
/// within [`LINK_WAIT_MS`], the page reads the link itself, in a task of its own. The page is
/// drawn in the next task: done in the task that starts the page and draws it, reading a
/// hostile link made that one task 0.5-1.4 s long at load 9-12 (issue 14).
///
/// A first visit's index.html shows the prerendered first screen (`prerender.rs`: the default
/// example with its decision, inert). The page then draws its own into an element outside the
/// document, which [`show_page`] puts in place of the picture once the page's first decision is
/// drawn (or it cannot come: an error banner, or [`PRERENDER_HOLD_MS`]), so that the decision
/// shown never gives way to "not evaluated" and back. Kept work shows, in the same inert element,
/// the picture of the user's own last screen when the snapshot stored as the page was last left
/// matches it exactly (`snapshot.rs`), and is swapped the same way. A link, or kept work without
/// such a snapshot, shows only the picture's frame with a status (index.html's script, class
/// `rc-opens`): the page is drawn into the document at once in its place ([`drop_prerender`]).
pub fn start() {
    let opened = persist::fragment().filter(|_| persist::opened_a_link());
    let Some(fragment) = opened else {
        render_page();
        return;
    };
    // Once: by the worker's answer, by the page after the worker said no, or after the wait.
    let read = Rc::new(std::cell::Cell::new(false));
    let read_here = {
        let (read, fragment) = (read.clone(), fragment.clone());
        move || {
            if read.replace(true) {
                return;
            }
            Timeout::new(0, move || {
                let opened = engine::open_link_text(&fragment);
                READ_LINK.with(|r| *r.borrow_mut() = Some((fragment, opened)));
                Timeout::new(0, render_page).forget();
            })
            .forget();
        }
    };
    let by_worker = {
        let (read, read_here, fragment) = (read.clone(), read_here.clone(), fragment.clone());
        move |json: Option<String>| match json {
            Some(json) if !read.replace(true) => {
                // Only the scenario is read here, from the JSON the worker read the link to.
                Timeout::new(0, move || {
                    let opened = engine::load_scenario(&json).map(|scenario| (scenario, json));
                    READ_LINK.with(|r| *r.borrow_mut() = Some((fragment, opened)));
                    Timeout::new(0, render_page).forget();
                })
                .forget();
            }
            Some(_) => {}
            None => read_here(),
        }
    };
    if crate::evaluator::read_link(&fragment, by_worker) {
        Timeout::new(LINK_WAIT_MS, read_here).forget();
    } else {
        read_here();
    }
}

/// Draws the page: into a root outside the document while the prerendered first screen shows
/// ([`held_root`]), else into the document.
fn render_page() {
    match held_root() {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            drop_prerender();
            yew::Renderer::<App>::new().render();
        }
    }
}

/// How long the page waits for the worker to read a link (its module still loading) before it
/// reads the link itself.
const LINK_WAIT_MS: u32 = 2_000;

pub use crate::held::PRERENDER_ID;

/// How long at most after the page has started the prerendered first screen stays when no
/// decision comes (the worker is slow): then the page shows its own, undecided.
const PRERENDER_HOLD_MS: u32 = 3_000;

/// A root outside the document for the page to draw into, when index.html shows the prerendered
/// first screen (it is there and index.html's script did not hide it, class `rc-opens`).
fn held_root() -> Option<web_sys::Element> {
    let document = persist::window()?.document()?;
    document.get_element_by_id(PRERENDER_ID)?;
    if persist::root_has_class("rc-opens") {
        return None;
    }
    let root = document.create_element("div").ok()?;
    root.set_id("rc-page");
    crate::held::hold(root.clone());
    Timeout::new(PRERENDER_HOLD_MS, show_page).forget();
    Some(root)
}

/// Puts the page's own root, drawn outside the document, in place of the prerendered first
/// screen ([`start`]); a no-op once done or when there was no prerender. The parts that waited
/// for it (`held::after_page_shown`) are drawn after the frame that shows it.
fn show_page() {
    let Some(root) = crate::held::take_root() else {
        return;
    };
    drop_prerender();
    if let Some(body) = persist::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.append_with_node_1(&root);
    }
    crate::held::shown();
}

/// Removes the prerendered first screen, if the page has one, the style rules a picture of the
/// user's last screen brought (`snapshot.rs`) and the status of a link or kept work opening.
fn drop_prerender() {
    let Some(document) = persist::window().and_then(|w| w.document()) else {
        return;
    };
    for id in [PRERENDER_ID, PRERENDER_STYLE_ID, OPENING_ID] {
        if let Some(element) = document.get_element_by_id(id) {
            element.remove();
        }
    }
}

/// The id of index.html's status shown over the prerender's frame while a link or kept work
/// opens (class `rc-opens`).
const OPENING_ID: &str = "rc-opening";

/// The id of the `<style>` in index.html's head holding the CodeMirror rules of a picture of the
/// user's last screen (`web/js/snapshot-show.js`).
const PRERENDER_STYLE_ID: &str = "rc-prerender-style";

/// The state [`initial_state`] starts from: a link, the autosave or the default example.
///
/// The page knows which stored text holds which scenario (`persist::holds`), so that none is
/// written again at once, and the worker reads the text the scenario came from
/// (`evaluator::seed`): a large scenario is never written out as JSON on the page's thread.
fn opened_state() -> State {
    let autosave_text = persist::load(persist::AUTOSAVE_KEY);
    let autosaved = autosave_text
        .as_deref()
        .and_then(|text| engine::load_scenario(text).ok());
    let previous = persist::load(persist::PREVIOUS_KEY)
        .and_then(|text| engine::load_scenario(&text).ok())
        .map(Rc::new);
    if let Some(previous) = &previous {
        persist::holds_now(persist::PREVIOUS_KEY, previous);
    }
    let start = |scenario: Scenario| {
        let mut state = State::new(Rc::new(scenario));
        state.previous.clone_from(&previous);
        state
    };
    // The autosaved work, as read from storage.
    let start_saved = |scenario: Scenario| {
        let state = start(scenario);
        persist::holds_now(persist::AUTOSAVE_KEY, &state.scenario);
        if let Some(text) = &autosave_text {
            crate::evaluator::seed(&state.scenario, text.clone());
        }
        state
    };
    let Some(fragment) = persist::fragment() else {
        let Some(saved) = autosaved else {
            let mut state = start(examples::default_scenario());
            // The worker reads the example's own text (as it does the autosave's) rather than
            // the page writing the scenario out as JSON before its first evaluation (issue 14).
            crate::evaluator::seed(&state.scenario, examples::DEFAULT_TEXT.to_owned());
            state.banner = Some(Banner::notice(FIRST_VISIT));
            return state;
        };
        return start_saved(saved);
    };
    let request = engine::linked_request(&fragment);
    let own = !persist::opened_a_link();
    let read = || {
        READ_LINK
            .with(|r| r.borrow_mut().take())
            .filter(|(read, _)| *read == fragment)
            .map_or_else(|| engine::open_link_text(&fragment), |(_, opened)| opened)
    };
    let state = match autosaved {
        // A reload: the link is not read again.
        Some(saved) if own => start_saved(saved),
        autosaved => match (read(), autosaved) {
            (Ok((scenario, json)), Some(saved)) if !persist::same_work(&saved, &scenario) => {
                let opened = State::reduce(
                    Rc::new(start_saved(saved)),
                    Action::Load {
                        scenario: Rc::new(scenario),
                        source: Source::Link,
                    },
                );
                remember_opened_link(&opened, &fragment, json);
                Rc::unwrap_or_clone(opened)
            }
            (Ok((scenario, json)), _) => {
                let state = start(scenario);
                remember_opened_link(&state, &fragment, json);
                state
            }
            (Err(message), saved) => {
                let mut state = match saved {
                    Some(saved) => start_saved(saved),
                    None => start(examples::default_scenario()),
                };
                state.banner = Some(Banner::error(format!(
                    "This link could not be opened: {message}. Nothing from it was loaded; your work is unchanged."
                )));
                return state;
            }
        },
    };
    match request {
        Some(r) if r < state.scenario.requests.len() => {
            Rc::unwrap_or_clone(State::reduce(Rc::new(state), Action::SelectRequest(r)))
        }
        _ => state,
    }
}

/// Stores, at once, what a reload of a just-opened link needs: the work the link replaced
/// (restorable), the link's scenario (the autosave: the JSON the link carries, as it is) and
/// the fragment (now the page's own).
fn remember_opened_link(state: &State, fragment: &str, json: String) {
    if let Some(previous) = &state.previous {
        keep_previous(previous);
    }
    // The autosave is written in a task of its own, after the first render: storing up to 1 MiB
    // is a long task on the page's thread, added to reading the link and drawing it (issue 14).
    // It is the autosave from now on, so nothing writes it again meanwhile.
    let (ticket, scenario, text) = (persist::ticket(), state.scenario.clone(), json.clone());
    persist::holds_now(persist::AUTOSAVE_KEY, &scenario);
    Timeout::new(0, move || {
        let value = wasm_bindgen::JsValue::from_str(&text);
        persist::write_autosave(ticket, &scenario, &value);
    })
    .forget();
    persist::own_fragment(fragment);
    crate::evaluator::seed(&state.scenario, json);
}

thread_local! {
    /// The number of scenarios [`keep_previous`] was asked to keep: an answer of the worker for
    /// an older one is not stored over a newer one.
    static KEPT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Stores the scenario a load replaced: the autosave as it is when it holds that scenario (no
/// long task writing it out again), else written by the evaluation worker when it is large
/// (as the autosave of a large scenario is, see [`save_and_link`]), else written here.
fn keep_previous(previous: &Rc<Scenario>) {
    if persist::holds(persist::PREVIOUS_KEY, previous) {
        return;
    }
    let kept = KEPT.with(|k| {
        k.set(k.get() + 1);
        k.get()
    });
    let copied = persist::holds(persist::AUTOSAVE_KEY, previous)
        && persist::copy(persist::AUTOSAVE_KEY, persist::PREVIOUS_KEY);
    if copied {
        persist::holds_now(persist::PREVIOUS_KEY, previous);
        return;
    }
    if !crate::engine::small_enough_to_start_here(previous) {
        let here = previous.clone();
        let asked = crate::evaluator::persist(previous, 0, true, move |answer| {
            if KEPT.with(std::cell::Cell::get) != kept {
                return;
            }
            let saved = match answer.and_then(|a| a.json) {
                Some(json) => persist::save_value(persist::PREVIOUS_KEY, &json),
                // The worker stopped: written here after all (unless only the worker had its
                // texts, `elided.rs`: then the stored previous work stays as it was).
                None if crate::elided::any(&here) => false,
                None => persist::save(persist::PREVIOUS_KEY, &engine::scenario_json(&here)),
            };
            if saved {
                persist::holds_now(persist::PREVIOUS_KEY, &here);
            }
        });
        if asked {
            return;
        }
    }
    if !crate::elided::any(previous)
        && persist::save(persist::PREVIOUS_KEY, &engine::scenario_json(previous))
    {
        persist::holds_now(persist::PREVIOUS_KEY, previous);
    }
}

/// Autosaves `scenario` (unless the autosave already holds it) and puts its share link,
/// selecting `request`, in the address bar. A large scenario (more than the page decides at
/// once, `engine::small_enough_to_start_here`) is written by the evaluation worker, which
/// holds the same scenario: on the page, 2 MB took over a second (issue 16). Answers that
/// arrive after a newer save are dropped (`persist::write_autosave`).
///
/// Before the page's first decision is drawn, this waits for it (`settle.rs`): the opened
/// scenario is stored already or is the default example, and writing it out delayed the first
/// decision (issue 14).
fn save_and_link(scenario: Rc<Scenario>, request: usize, dispatcher: UseReducerDispatcher<State>) {
    crate::settle::after_first_decision(move || save_and_link_now(scenario, request, dispatcher));
}

fn save_and_link_now(
    scenario: Rc<Scenario>,
    request: usize,
    dispatcher: UseReducerDispatcher<State>,
) {
    let unsaved = !persist::holds(persist::AUTOSAVE_KEY, &scenario);
    let ticket = persist::ticket();
    if !crate::engine::small_enough_to_start_here(&scenario) {
        let (here, to) = (scenario.clone(), dispatcher.clone());
        let asked = crate::evaluator::persist(&scenario, request, unsaved, move |answer| {
            match answer {
                Some(answer) => {
                    persist::show_fragment_at(ticket, answer.link.as_deref());
                    // Stored in a task of its own: storing 2 MB in localStorage takes 40-70
                    // ms of the page's thread on the quiet 2-core machine, and reading the
                    // answer and updating the address bar 40-50 ms more (issue 16). A reload
                    // meanwhile still finds it: the `pagehide` flush (`persist::keep_latest`).
                    if let Some(json) = answer.json {
                        Timeout::new(0, move || {
                            tell_if_not_saved(persist::write_autosave(ticket, &here, &json), &to);
                        })
                        .forget();
                    }
                }
                // The worker stopped: written here after all.
                None => save_and_link_here(&here, request, unsaved, ticket, &to),
            }
        });
        if asked {
            return;
        }
    }
    save_and_link_here(&scenario, request, unsaved, ticket, &dispatcher);
}

fn save_and_link_here(
    scenario: &Rc<Scenario>,
    request: usize,
    unsaved: bool,
    ticket: u64,
    dispatcher: &UseReducerDispatcher<State>,
) {
    if crate::elided::any(scenario) {
        // Only the worker had this scenario's texts (`elided.rs`), and it stopped: the autosave
        // keeps the last version the worker wrote.
        dispatcher.dispatch(Action::ShowBanner(Banner::error(crate::evaluator::STOPPED)));
        return;
    }
    if unsaved {
        let json = wasm_bindgen::JsValue::from_str(&engine::scenario_json(scenario));
        tell_if_not_saved(persist::write_autosave(ticket, scenario, &json), dispatcher);
    }
    let link = engine::share_link(scenario, "", request);
    persist::show_fragment_at(ticket, link.as_deref());
}

/// Writes the autosave of a small scenario (one the page decides itself on load,
/// `engine::small_enough_to_start_here`: at most 32 KB of documents) at once, in the task
/// after a decision is drawn (the latest scenario, whichever revision the decision is of): a
/// reload right after typing then finds the keystrokes before the last decision stored, and the
/// `pagehide` flush the rest. (In the task after each change, it delayed the worker's answer
/// of each keystroke by one more task, issue 14.) The `pagehide`
/// flush alone (`persist::keep_latest`) lost the last keystrokes of a reload in about one run
/// of 15 of `playground::a_reload_keeps_edits` (the new page read the autosave written by the
/// debounce, before the old page's flush). A larger scenario waits for the debounce and the
/// worker (`save_and_link`): writing it out is a long task.
fn autosave_small_now(scenario: &Rc<Scenario>, dispatcher: &UseReducerDispatcher<State>) {
    if persist::holds(persist::AUTOSAVE_KEY, scenario)
        || crate::elided::any(scenario)
        || !crate::engine::small_enough_to_start_here(scenario)
    {
        return;
    }
    let json = wasm_bindgen::JsValue::from_str(&engine::scenario_json(scenario));
    tell_if_not_saved(
        persist::write_autosave(persist::ticket(), scenario, &json),
        dispatcher,
    );
}

/// A scenario larger than the browser's storage stays on the page; the user is told how to
/// keep it.
fn tell_if_not_saved(saved: Option<bool>, dispatcher: &UseReducerDispatcher<State>) {
    if saved == Some(false) {
        dispatcher.dispatch(Action::ShowBanner(Banner::error(NOT_SAVED)));
    }
}

/// The page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    // The components read the state through a store that tells each of them of the changes it
    // shows (`state/store.rs`): this rendering is the app's for a new state.
    let store = use_memo((), |_| Store::new(state.clone()));
    // Typing goes to the worker now, before the components draw the keystroke (`State::typed`;
    // the editor's own edits got there already, from its change callback: `evaluator::typed`).
    if let Some(typed) = &state.typed {
        crate::evaluator::edited(typed.doc, &typed.before, &state.scenario, state.revision);
    }
    store.changed();

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
                let here_first = crate::COMPUTES
                    && first
                    && crate::engine::small_enough_to_start_here(&scenario);
                if here_first {
                    crate::evaluator::warm_up();
                }
                let in_worker = !here_first
                    && crate::evaluator::submit(scenario.clone(), revision, dispatcher.clone());
                let delay = if first { 0 } else { EVALUATE_DELAY_MS };
                let timeout = (!in_worker).then(|| {
                    Timeout::new(delay, move || {
                        // `COMPUTES` again here: a captured `false` is not folded away, and the
                        // page's module must not link the evaluation (`crate::COMPUTES`).
                        if crate::COMPUTES && here_first {
                            // The decision at once; the suggestions follow from the worker.
                            let outcome = crate::loaded::with_managed(|aws| {
                                engine::evaluate_view(&scenario, revision, None, aws)
                            });
                            dispatcher.dispatch(Action::Evaluated(Rc::new(outcome)));
                            crate::evaluator::suggest_after_first(scenario, revision, dispatcher);
                            return;
                        }
                        let outcome = crate::loaded::with_managed(|aws| {
                            engine::evaluate(scenario, revision, None, aws)
                        });
                        dispatcher.dispatch(Action::Evaluated(Rc::new(outcome)));
                    })
                });
                move || drop(timeout)
            },
        );
    }
    // Mark the timeline once the new decision is on the page (used by the figures).
    // The page replaces the prerendered first screen once its decision is drawn, or at once
    // when an error banner says why none comes (`start`).
    // A small scenario's autosave follows (`autosave_small_now`), in the task after the one
    // that drew the decision: written in the task after the keystroke, it was one more task
    // the worker's answer waited behind (issue 14).
    {
        let scenario = state.scenario.clone();
        let dispatcher = state.dispatcher();
        use_effect_with(state.outcome.revision, move |&revision| {
            if revision > 0 {
                show_page();
                persist::mark("rolecall:decision");
                crate::settle::release();
            }
            let now = Timeout::new(0, move || autosave_small_now(&scenario, &dispatcher));
            move || drop(now)
        });
    }
    use_effect_with(state.banner.as_ref().is_some_and(|b| b.error), |&error| {
        if error {
            show_page();
            crate::settle::release();
        }
    });
    // Keep the scenario that the last load replaced across reloads, until the next load
    // (before the new scenario's autosave below, which may overwrite the text it copies).
    use_effect_with(state.previous.clone(), |previous| {
        if let Some(previous) = previous {
            keep_previous(previous);
        }
    });

    // A whole new scenario (New, an example, an import, Restore) is saved at once, not after
    // the debounce: a reload right after it reopens it, whatever the browser does on unload.
    {
        let scenario = state.scenario.clone();
        let (request, dispatcher) = (state.request, state.dispatcher());
        use_effect_with(state.generation, move |_| {
            save_and_link(scenario, request, dispatcher);
        });
    }

    // Autosave: a small scenario at once (`autosave_small_now`), a larger one debounced (and
    // flushed when the page is hidden, see `persist::keep_latest`),
    // and keep the address bar on a link to what is shown (scenario and request): copying the
    // URL shares the current work. A scenario too large for a link leaves the address bar
    // without one.
    {
        let scenario = state.scenario.clone();
        let (request, dispatcher) = (state.request, state.dispatcher());
        use_effect_with((state.revision, request), move |_| {
            persist::keep_latest(scenario.clone());
            let timeout = Timeout::new(AUTOSAVE_DELAY_MS, move || {
                save_and_link(scenario, request, dispatcher);
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
        <ContextProvider<Store> context={(*store).clone()}>
            <div class="app">
                <a class="skip-link" href="#rc-main" onclick={skip_to_main}>{ "Skip to the decision" }</a>
                <Later placeholder={html! { <div class="toolbar" aria-hidden="true"></div> }} pictured={Some(".app > .toolbar")} with_page=true>
                    <Toolbar />
                </Later>
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
                    // The decision and the documents first; the rest in the tasks after
                    // (`later.rs`: the first render is one long task otherwise).
                    <div class="main">
                        <Later placeholder={html! { <div class="sidebar" aria-hidden="true"></div> }} pictured={Some(".main > .sidebar")}>
                            <Sidebar />
                        </Later>
                        <main class="workspace" id="rc-main" tabindex="-1">
                            <PolicyPane />
                            // With the page when it goes straight into the document (a link,
                            // kept work without its picture): drawn a task later, they pushed the
                            // request and the decision beside the editors down (desktop).
                            <Later pictured={Some(".workspace > .what-changed")} with_page=true><WhatChanged /></Later>
                            <Later pictured={Some(".workspace > .problems")} with_page=true><Problems /></Later>
                            <div class="lower">
                                <Later placeholder={html! { <div class="request-panel" aria-hidden="true"></div> }} pictured={Some(".lower > .request-panel")}>
                                    <RequestPanel />
                                </Later>
                                <ResultPanel />
                            </div>
                            <Later pictured={Some(".workspace > .reach")}><WhoCanView /></Later>
                        </main>
                        <Later placeholder={html! { <div class="notes" aria-hidden="true"></div> }} pictured={Some(".main > .notes")}>
                            <Notes />
                        </Later>
                    </div>
                }
            </div>
        </ContextProvider<Store>>
    }
}
