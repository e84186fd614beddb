//! The examples gallery: the example library, each with its title and the start of its notes,
//! and the challenge gallery by category; choosing one loads it.
//!
//! The galleries' texts (about 130 KB, 20 KiB gzip) are in neither wasm module (issue 14, a
//! lighter first paint): trunk copies `examples/` into the output, and the page fetches the
//! files when the gallery first opens ([`fetch_gallery`]) and keeps them for the visit. The page's
//! module carries only their ids, in the core's order ([`EXAMPLE_IDS`], [`CHALLENGE_IDS`]), and
//! the first example's text (`crate::examples`).

use std::cell::RefCell;
use std::rc::Rc;

use rolecall_core::names::Named;
use rolecall_core::scenario::challenge::GALLERY;
use rolecall_core::scenario::examples::EXAMPLES;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use yew::prelude::*;

use crate::components::focus::{Target, focus};
use crate::state::{Action, Source, dispatch_on, use_app_state_shape};

/// The `id` of every entry of a const list, as an array evaluated at compile time, so that none
/// of the entries' texts is in the page's module.
macro_rules! ids {
    ($list:expr) => {{
        let mut ids = [""; $list.len()];
        let mut i = 0;
        while i < ids.len() {
            ids[i] = $list[i].id;
            i += 1;
        }
        ids
    }};
}

/// The ids of the example library (`examples/ID.json`), in teaching order.
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated at compile time, where an index out of range fails the build"
)]
pub const EXAMPLE_IDS: [&str; EXAMPLES.len()] = ids!(EXAMPLES);

/// The ids of the challenge gallery (`examples/challenges/ID.json`), in gallery order.
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated at compile time, where an index out of range fails the build"
)]
pub const CHALLENGE_IDS: [&str; GALLERY.len()] = ids!(GALLERY);

/// The first sentence (or line) of Markdown notes, as plain text for a card.
fn teaser(notes: &str) -> String {
    let first = notes
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    first.replace(['*', '`', '#', '_'], "").trim().to_owned()
}

/// One card of a gallery: what it shows, and the scenario text it opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    /// The stable id (`data-example` / `data-challenge`).
    pub id: &'static str,
    /// The scenario's title.
    pub title: String,
    /// For an example: the first line of its notes; for a challenge: its category.
    pub about: String,
    /// For an example: its number of requests; for a challenge: its difficulty's name (or "").
    pub detail: String,
    /// The scenario text.
    pub text: Rc<str>,
}

impl Card {
    /// The card of an example (`challenge: false`) or a challenge from its file's text; `None`
    /// when the text is not a scenario (a test makes sure none is).
    fn read(id: &'static str, text: String, challenge: bool) -> Option<Card> {
        let scenario = crate::engine::load_scenario(&text).ok()?;
        let title = scenario.title.clone().unwrap_or_else(|| id.to_owned());
        let (about, detail) = if challenge {
            let ch = scenario.challenge.as_ref();
            (
                ch.and_then(|c| c.category.clone()).unwrap_or_default(),
                ch.and_then(|c| c.difficulty)
                    .map_or("", |d| d.name())
                    .to_owned(),
            )
        } else {
            (
                teaser(scenario.notes.as_deref().unwrap_or_default()),
                format!("{} requests", scenario.requests.len()),
            )
        };
        Some(Card {
            id,
            title,
            about,
            detail,
            text: text.into(),
        })
    }
}

/// Both galleries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gallery {
    /// The example library, in teaching order.
    pub examples: Vec<Card>,
    /// The challenges, in gallery order (grouped by category).
    pub challenges: Vec<Card>,
}

/// Fetches every example and challenge file of the output.
async fn fetch_gallery() -> Result<Gallery, String> {
    let mut gallery = Gallery::default();
    for id in EXAMPLE_IDS {
        let text = crate::offline::fetch_text(&format!("examples/{id}.json")).await?;
        gallery.examples.extend(Card::read(id, text, false));
    }
    for id in CHALLENGE_IDS {
        let text = crate::offline::fetch_text(&format!("examples/challenges/{id}.json")).await?;
        gallery.challenges.extend(Card::read(id, text, true));
    }
    Ok(gallery)
}

/// What the gallery shows: loading, the galleries, or why they cannot be shown.
#[derive(Clone, PartialEq)]
enum Loaded {
    Waiting,
    Ready(Rc<Gallery>),
    /// Why not (offline before the page was ever kept for offline use).
    Failed(String),
}

thread_local! {
    /// The galleries, once fetched.
    static LOADED: RefCell<Option<Rc<Gallery>>> = const { RefCell::new(None) };
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

/// The click on `card`: opens its scenario, `source` naming the gallery it comes from.
fn on_open(
    state: &crate::state::StateContext,
    card: &Card,
    source: fn(String) -> Source,
) -> Callback<MouseEvent> {
    let state = state.clone();
    let card = card.clone();
    Callback::from(move |_| open(&state, &card.text, source(card.title.clone())))
}

/// The gallery.
#[component]
pub fn ExamplesGallery() -> Html {
    let state = use_app_state_shape();
    let loaded = use_state(|| {
        LOADED
            .with(|g| g.borrow().clone())
            .map_or(Loaded::Waiting, Loaded::Ready)
    });
    // The galleries are fetched the first time the gallery opens.
    {
        let loaded = loaded.clone();
        use_effect_with((), move |()| {
            if *loaded == Loaded::Waiting {
                wasm_bindgen_futures::spawn_local(async move {
                    match fetch_gallery().await {
                        Ok(gallery) => {
                            let gallery = Rc::new(gallery);
                            LOADED.with(|g| *g.borrow_mut() = Some(gallery.clone()));
                            loaded.set(Loaded::Ready(gallery));
                        }
                        Err(why) => loaded.set(Loaded::Failed(why)),
                    }
                });
            }
        });
    }
    // The focus goes to the first example once the cards are there.
    use_effect_with(matches!(*loaded, Loaded::Ready(_)), |ready| {
        if *ready {
            focus(&Target::Selector(
                "[data-testid=examples] .example".to_owned(),
            ));
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
        Loaded::Waiting | Loaded::Failed(_) => Rc::new(Gallery::default()),
    };
    let cards = gallery.examples.iter().map(|card| {
        let onclick = on_open(&state, card, Source::Example);
        html! {
            <li key={card.id}>
                <button class="example" {onclick} data-example={card.id}>
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
            let onclick = on_open(&state, c, Source::Challenge);
            html! {
                <li key={c.id}>
                    <button class="example challenge-card" {onclick} data-challenge={c.id}>
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
        Loaded::Waiting => Some("Loading the examples…".to_owned()),
        Loaded::Failed(why) => Some(format!(
            "The examples could not be loaded ({why}): reload the page when online."
        )),
        Loaded::Ready(_) => None,
    };
    let on_close = dispatch_on(&state, move || Action::ToggleExamples(false));
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

    /// What the page fetches, read from the repository's `examples/` (trunk copies it).
    fn gallery() -> Gallery {
        let read = |path: String| {
            std::fs::read_to_string(format!("{}/../examples/{path}", env!("CARGO_MANIFEST_DIR")))
                .unwrap_or_else(|e| panic!("{path}: {e}"))
        };
        Gallery {
            examples: EXAMPLE_IDS
                .iter()
                .filter_map(|id| Card::read(id, read(format!("{id}.json")), false))
                .collect(),
            challenges: CHALLENGE_IDS
                .iter()
                .filter_map(|id| Card::read(id, read(format!("challenges/{id}.json")), true))
                .collect(),
        }
    }

    #[test]
    fn the_gallery_fetches_every_example_and_challenge_in_the_cores_order() {
        let ids: Vec<&str> = EXAMPLES.iter().map(|e| e.id).collect();
        assert_eq!(EXAMPLE_IDS.to_vec(), ids);
        let ids: Vec<&str> = GALLERY.iter().map(|c| c.id).collect();
        assert_eq!(CHALLENGE_IDS.to_vec(), ids);
        let gallery = gallery();
        assert_eq!(gallery.examples.len(), EXAMPLES.len());
        assert_eq!(gallery.challenges.len(), GALLERY.len());
        // The files are the texts the core embeds, with the same titles and categories.
        for (card, example) in gallery.examples.iter().zip(EXAMPLES) {
            assert_eq!(&*card.text, example.text, "{}", card.id);
        }
        for (card, entry) in gallery
            .challenges
            .iter()
            .zip(rolecall_core::scenario::challenge::gallery())
        {
            assert_eq!(card.title, entry.title, "{}", card.id);
            assert_eq!(card.about, entry.category, "{}", card.id);
            assert_eq!(
                card.detail,
                entry.difficulty.map_or("", |d| d.name()),
                "{}",
                card.id
            );
        }
        assert_eq!(
            crate::examples::default_scenario().title,
            gallery.examples.first().map(|c| c.title.clone())
        );
    }
}
