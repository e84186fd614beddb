//! The examples gallery: the example library, each with its title and the start of its notes;
//! choosing one loads it.

use std::rc::Rc;

use yew::prelude::*;

use crate::examples;
use crate::state::{Action, StateContext};

/// The first sentence (or line) of Markdown notes, as plain text for a card.
fn teaser(notes: &str) -> String {
    let first = notes
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    first.replace(['*', '`', '#', '_'], "").trim().to_owned()
}

/// Props of [`ExamplesGallery`].
#[derive(Properties, PartialEq)]
pub struct ExamplesGalleryProps {}

/// The gallery.
#[component]
pub fn ExamplesGallery(_props: &ExamplesGalleryProps) -> Html {
    let Some(state) = use_context::<StateContext>() else {
        return html! {};
    };
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
            Callback::from(move |_| {
                state.dispatch(Action::Load(scenario.clone()));
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
        </section>
    }
}
