//! The examples gallery: the example library, each with its title and the start of its notes,
//! and the challenge gallery by category; choosing one loads it.
//!
//! The galleries' texts (about 130 KB, 20 KiB gzip) are not in the page's module (issue 14, a
//! lighter first paint): the worker sends them ([`gallery_json`], `worker_gallery`) when the
//! gallery first opens, and the page keeps them for the visit.

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use yew::prelude::*;

use crate::state::{Action, Source, use_app_state};

/// The first sentence (or line) of Markdown notes, as plain text for a card.
#[cfg(any(feature = "worker", test))]
fn teaser(notes: &str) -> String {
    let first = notes
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    first.replace(['*', '`', '#', '_'], "").trim().to_owned()
}

/// One card of a gallery: what it shows, and the scenario text it opens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// The stable id (`data-example` / `data-challenge`).
    pub id: String,
    /// The scenario's title.
    pub title: String,
    /// For an example: the first line of its notes; for a challenge: its category.
    pub about: String,
    /// For an example: its number of requests; for a challenge: its difficulty's name (or "").
    pub detail: String,
    /// The scenario text.
    pub text: String,
}

/// Both galleries, as the worker sends them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gallery {
    /// The example library, in teaching order.
    pub examples: Vec<Card>,
    /// The challenges, in gallery order (grouped by category).
    pub challenges: Vec<Card>,
}

/// The galleries as JSON, for the page (the worker's `worker_gallery`).
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn gallery_json() -> String {
    let examples = crate::examples::all()
        .into_iter()
        .map(|(example, scenario)| Card {
            id: example.id.to_owned(),
            title: scenario
                .title
                .clone()
                .unwrap_or_else(|| example.id.to_owned()),
            about: teaser(scenario.notes.as_deref().unwrap_or_default()),
            detail: format!("{} requests", scenario.requests.len()),
            text: example.text.to_owned(),
        })
        .collect();
    let challenges = rolecall_core::scenario::challenge::gallery()
        .into_iter()
        .map(|c| Card {
            id: c.id.to_owned(),
            title: c.title,
            about: c.category,
            detail: c.difficulty.map_or("", |d| d.name()).to_owned(),
            text: c.text.to_owned(),
        })
        .collect();
    serde_json::to_string(&Gallery {
        examples,
        challenges,
    })
    .unwrap_or_default()
}

/// What the gallery shows: loading, the galleries, or why they cannot be shown.
#[derive(Clone, PartialEq)]
enum Loaded {
    Waiting,
    Ready(Rc<Gallery>),
    Failed,
}

thread_local! {
    /// The galleries, once the worker sent them.
    static GALLERY: RefCell<Option<Rc<Gallery>>> = const { RefCell::new(None) };
}

/// Opens the scenario of `text` (an example's or a challenge's) in the page.
fn open(state: &crate::state::StateContext, text: &str, source: Source) {
    match crate::engine::load_scenario(text) {
        Ok(scenario) => {
            state.dispatch(Action::Load {
                scenario: Rc::new(scenario),
                source,
            });
            state.dispatch(Action::ToggleExamples(false));
        }
        Err(e) => state.dispatch(Action::ShowBanner(crate::state::Banner::error(e))),
    }
}

/// The gallery.
#[component]
pub fn ExamplesGallery() -> Html {
    let state = use_app_state();
    let loaded = use_state(|| {
        GALLERY
            .with(|g| g.borrow().clone())
            .map_or(Loaded::Waiting, Loaded::Ready)
    });
    // The galleries come from the worker the first time the gallery opens.
    {
        let loaded = loaded.clone();
        use_effect_with((), move |()| {
            if *loaded == Loaded::Waiting {
                crate::evaluator::ask("gallery", "", move |reply| {
                    let gallery = reply
                        .and_then(|json| serde_json::from_str::<Gallery>(&json).ok())
                        .map(Rc::new);
                    GALLERY.with(|g| g.borrow_mut().clone_from(&gallery));
                    loaded.set(gallery.map_or(Loaded::Failed, Loaded::Ready));
                });
            }
        });
    }
    // The focus goes to the first example once the cards are there.
    use_effect_with(matches!(*loaded, Loaded::Ready(_)), |ready| {
        if *ready
            && let Some(first) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector("[data-testid=examples] .example")
                        .ok()
                        .flatten()
                })
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = first.focus();
        }
    });
    // Escape closes the gallery wherever the focus is (it opens from the toolbar button).
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            let document = web_sys::window().and_then(|w| w.document());
            let on_key = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                if e.key() == "Escape" {
                    dispatcher.dispatch(Action::ToggleExamples(false));
                }
            });
            if let Some(document) = &document {
                let _ = document
                    .add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
            }
            move || {
                if let Some(document) = document {
                    let _ = document.remove_event_listener_with_callback(
                        "keydown",
                        on_key.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    let gallery = match &*loaded {
        Loaded::Ready(gallery) => gallery.clone(),
        Loaded::Waiting | Loaded::Failed => Rc::new(Gallery::default()),
    };
    let cards = gallery.examples.iter().map(|card| {
        let onclick = {
            let state = state.clone();
            let card = card.clone();
            Callback::from(move |_| open(&state, &card.text, Source::Example(card.title.clone())))
        };
        html! {
            <li key={card.id.clone()}>
                <button class="example" {onclick} data-example={card.id.clone()}>
                    <strong>{ card.title.clone() }</strong>
                    <span class="teaser">{ card.about.clone() }</span>
                    <span class="count">{ card.detail.clone() }</span>
                </button>
            </li>
        }
    });
    // The challenge gallery, by category (the core's `examples/challenges/`).
    let mut categories: Vec<&str> = Vec::new();
    for c in &gallery.challenges {
        if !categories.contains(&c.about.as_str()) {
            categories.push(&c.about);
        }
    }
    let challenge_groups = categories.into_iter().map(|category| {
        let cards = gallery.challenges.iter().filter(|c| c.about == category).map(|c| {
            let onclick = {
                let state = state.clone();
                let card = c.clone();
                Callback::from(move |_| open(&state, &card.text, Source::Challenge(card.title.clone())))
            };
            html! {
                <li key={c.id.clone()}>
                    <button class="example challenge-card" {onclick} data-challenge={c.id.clone()}>
                        <strong>{ c.title.clone() }</strong>
                        <span class={classes!("difficulty", c.detail.clone())}>{ c.detail.clone() }</span>
                    </button>
                </li>
            }
        });
        html! {
            <li class="challenge-group" key={category.to_owned()}>
                <h4>{ category.to_owned() }</h4>
                <ul>{ for cards }</ul>
            </li>
        }
    });
    let status = match &*loaded {
        Loaded::Waiting => Some("Loading the examples…"),
        Loaded::Failed => Some(crate::evaluator::STOPPED),
        Loaded::Ready(_) => None,
    };
    let on_close = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::ToggleExamples(false)))
    };
    html! {
        <section class="examples" data-testid="examples" aria-label="Examples">
            <div class="examples-head">
                <h2>{ "Examples" }</h2>
                <button class="icon" onclick={on_close} aria-label="Close examples">{ "×" }</button>
            </div>
            if let Some(status) = status {
                <p class="hint" role="status">{ status }</p>
            }
            <ul>{ for cards }</ul>
            <h3 class="challenges-head">{ "Challenges" }</h3>
            <p class="hint">{ "Fix a scenario until every goal check passes. Each opens in challenge mode, with hints." }</p>
            <ul class="challenge-gallery" data-testid="challenge-gallery">{ for challenge_groups }</ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_sends_every_example_and_challenge_with_a_text_the_page_opens() {
        let gallery: Gallery = serde_json::from_str(&gallery_json()).unwrap();
        assert_eq!(gallery.examples.len(), crate::examples::EXAMPLES.len());
        assert_eq!(
            gallery.challenges.len(),
            rolecall_core::scenario::challenge::GALLERY.len()
        );
        for card in gallery.examples.iter().chain(&gallery.challenges) {
            let scenario = crate::engine::load_scenario(&card.text)
                .unwrap_or_else(|e| panic!("{}: {e}", card.id));
            assert_eq!(scenario.title.as_deref(), Some(card.title.as_str()));
        }
        assert!(gallery.challenges.iter().all(|c| !c.about.is_empty()));
        assert_eq!(
            crate::examples::default_scenario().title,
            gallery.examples.first().map(|c| c.title.clone())
        );
    }
}
