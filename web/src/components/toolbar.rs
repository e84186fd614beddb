//! The toolbar: scenario title, new, examples, import, export, copy link, restore, and the
//! catalog status.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine;
use crate::persist;
use crate::state::{Action, Banner, CatalogStatus, StateContext};
use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::model::ScenarioRequest;

fn notice(state: &StateContext, error: bool, message: impl Into<String>) {
    state.dispatch(Action::ShowBanner(Banner {
        error,
        message: message.into(),
    }));
}

fn file_name(title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-');
    format!(
        "{}.rolecall.json",
        if slug.is_empty() { "scenario" } else { slug }
    )
}

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {}

/// The toolbar.
#[component]
pub fn Toolbar(_props: &ToolbarProps) -> Html {
    let Some(state) = use_context::<StateContext>() else {
        return html! {};
    };
    let file_input = use_node_ref();

    let on_title = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let title = e.target_unchecked_into::<HtmlInputElement>().value();
            state.dispatch(Action::Update(Rc::new(move |s| {
                s.title = Some(title.clone())
            })));
        })
    };
    let on_new = {
        let state = state.clone();
        Callback::from(move |_| {
            let scenario = Scenario {
                rolecall: 1,
                title: Some("New scenario".to_owned()),
                requests: vec![ScenarioRequest {
                    name: "request 1".to_owned(),
                    ..ScenarioRequest::default()
                }],
                ..Scenario::default()
            };
            state.dispatch(Action::Load(Rc::new(scenario)));
        })
    };
    let on_examples = {
        let state = state.clone();
        let open = state.examples_open;
        Callback::from(move |_| state.dispatch(Action::ToggleExamples(!open)))
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |_| {
            persist::download(
                &file_name(state.scenario.title.as_deref().unwrap_or_default()),
                &engine::scenario_json(&state.scenario),
            )
        })
    };
    let on_import_click = {
        let file_input = file_input.clone();
        Callback::from(move |_| {
            if let Some(input) = file_input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_import = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let state = state.clone();
            persist::read_file(&file, move |result| {
                match result.and_then(|t| engine::load_scenario(&t)) {
                    Ok(scenario) => state.dispatch(Action::Load(Rc::new(scenario))),
                    Err(message) => notice(
                        &state,
                        true,
                        format!("The file could not be imported: {message}"),
                    ),
                }
            });
        })
    };
    let on_share = {
        let state = state.clone();
        Callback::from(move |_| {
            let link = engine::share_link(&state.scenario, &persist::base_url());
            if link.len() > rolecall_core::share::MAX_LINK_LEN {
                notice(
                    &state,
                    true,
                    format!(
                        "This scenario is too large for a link ({} KiB, links open up to {} KiB): use Export to share it as a file.",
                        link.len() / 1024,
                        rolecall_core::share::MAX_LINK_LEN / 1024
                    ),
                );
                return;
            }
            persist::copy_to_clipboard(&link);
            if let Some(input) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("rc-share-link"))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(e).ok())
            {
                input.set_value(&link);
            }
            notice(
                &state,
                false,
                format!("Link copied to the clipboard ({} characters).", link.len()),
            );
        })
    };
    let has_previous = persist::load(persist::PREVIOUS_KEY).is_some();
    let on_restore = {
        let state = state.clone();
        Callback::from(move |_| {
            match persist::load(persist::PREVIOUS_KEY).map(|t| engine::load_scenario(&t)) {
                Some(Ok(scenario)) => state.dispatch(Action::Load(Rc::new(scenario))),
                _ => notice(&state, true, "There is no previous work to restore."),
            }
        })
    };
    let catalog = match &state.catalog {
        CatalogStatus::Idle | CatalogStatus::Loading => "loading AWS data…".to_owned(),
        CatalogStatus::Ready(date) => format!("AWS data as of {date}"),
        CatalogStatus::Failed(why) => format!("AWS data unavailable: {why}"),
    };

    html! {
        <header class="toolbar">
            <span class="brand">{ "Rolecall" }</span>
            <input class="title" value={state.scenario.title.clone().unwrap_or_default()} oninput={on_title} aria-label="Scenario title" />
            <nav class="actions" aria-label="Scenario actions">
                <button onclick={on_new}>{ "New" }</button>
                <button onclick={on_examples} aria-expanded={state.examples_open.to_string()}>{ "Examples" }</button>
                <button onclick={on_import_click}>{ "Import…" }</button>
                <input type="file" accept=".json,application/json" ref={file_input} onchange={on_import} hidden=true aria-label="Import a scenario file" />
                <button onclick={on_export}>{ "Export" }</button>
                if has_previous {
                    <button onclick={on_restore}>{ "Restore previous work" }</button>
                }
                <button class="primary" data-testid="share-button" onclick={on_share}>{ "Copy link" }</button>
                <input id="rc-share-link" class="share-link" readonly=true aria-label="Share link" data-testid="share-link" />
            </nav>
            <span class="catalog" data-testid="catalog-status">{ catalog }</span>
        </header>
    }
}
