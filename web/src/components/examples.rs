//! The examples gallery: the example library, each with its title and the start of its notes;
//! choosing one loads it.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use yew::prelude::*;

use crate::examples;
use crate::state::{Action, Source, use_app_state};

/// The first sentence (or line) of Markdown notes, as plain text for a card.
fn teaser(notes: &str) -> String {
    let first = notes
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    first.replace(['*', '`', '#', '_'], "").trim().to_owned()
}

/// The gallery.
#[component]
pub fn ExamplesGallery() -> Html {
    let state = use_app_state();
    // Escape closes the gallery wherever the focus is (it opens from the toolbar button), and
    // the focus goes to the first example when it opens.
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
                if let Some(first) = document
                    .query_selector("[data-testid=examples] .example")
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = first.focus();
                }
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
    let cards = examples::all().into_iter().map(|(example, scenario)| {
        let title = scenario
            .title
            .clone()
            .unwrap_or_else(|| example.id.to_owned());
        let text = teaser(scenario.notes.as_deref().unwrap_or_default());
        let requests = scenario.requests.len();
        let onclick = {
            let state = state.clone();
            let scenario = Rc::new(scenario);
            let title = title.clone();
            Callback::from(move |_| {
                state.dispatch(Action::Load {
                    scenario: scenario.clone(),
                    source: Source::Example(title.clone()),
                });
                state.dispatch(Action::ToggleExamples(false));
            })
        };
        html! {
            <li key={example.id}>
                <button class="example" {onclick} data-example={example.id}>
                    <strong>{ title }</strong>
                    <span class="teaser">{ text }</span>
                    <span class="count">{ format!("{requests} requests") }</span>
                </button>
            </li>
        }
    });
    // The challenge gallery, by category (the core's `examples/challenges/`).
    let gallery = rolecall_core::scenario::challenge::gallery();
    let mut categories: Vec<String> = Vec::new();
    for c in &gallery {
        if !categories.contains(&c.category) {
            categories.push(c.category.clone());
        }
    }
    let challenge_groups = categories.into_iter().map(|category| {
        let cards = gallery.iter().filter(|c| c.category == category).map(|c| {
            let onclick = {
                let state = state.clone();
                let text = c.text;
                let title = c.title.clone();
                Callback::from(move |_| match crate::engine::load_scenario(text) {
                    Ok(scenario) => {
                        state.dispatch(Action::Load {
                            scenario: Rc::new(scenario),
                            source: Source::Challenge(title.clone()),
                        });
                        state.dispatch(Action::ToggleExamples(false));
                    }
                    Err(e) => state.dispatch(Action::ShowBanner(crate::state::Banner::error(e))),
                })
            };
            let difficulty = c.difficulty.map_or("", |d| d.name());
            html! {
                <li key={c.id}>
                    <button class="example challenge-card" {onclick} data-challenge={c.id}>
                        <strong>{ c.title.clone() }</strong>
                        <span class={classes!("difficulty", difficulty)}>{ difficulty }</span>
                    </button>
                </li>
            }
        });
        html! {
            <li class="challenge-group" key={category.clone()}>
                <h4>{ category.clone() }</h4>
                <ul>{ for cards }</ul>
            </li>
        }
    });
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
            <ul>{ for cards }</ul>
            <h3 class="challenges-head">{ "Challenges" }</h3>
            <p class="hint">{ "Fix a scenario until every goal check passes. Each opens in challenge mode, with hints." }</p>
            <ul class="challenge-gallery" data-testid="challenge-gallery">{ for challenge_groups }</ul>
        </section>
    }
}
