//! The toolbar: scenario title, new, examples, import, export, copy link, restore, and the
//! catalog status.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::export_menu::{ExportMenu, file_stem};
use crate::components::import::import_file_list;
use crate::components::import_paste::ImportPaste;
use crate::engine;
use crate::persist;
use crate::state::{
    Action, Banner, CatalogStatus, Change, Source, StateContext, dispatch_on, dispatch_typed,
    use_app_state_shape,
};

fn notice(state: &StateContext, error: bool, message: impl Into<String>) {
    state.dispatch(Action::ShowBanner(if error {
        Banner::error(message)
    } else {
        Banner::notice(message)
    }));
}

/// The keyboard in the toolbar's menus (each a `details.menu`, such as "To AWS…"): Enter or
/// Space on its summary opens it (the browser's own), the arrow keys move between its items
/// (Down from the summary to the first, wrapping around), Home and End go to the first and the
/// last, and Escape closes it and gives the focus back to its summary.
fn menu_keys(e: &KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let Some(target) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Some(menu) = target.closest("details.menu").ok().flatten() else {
        return;
    };
    let Ok(details) = menu.clone().dyn_into::<web_sys::HtmlDetailsElement>() else {
        return;
    };
    if !details.open() {
        return;
    }
    let focus = |element: Option<web_sys::Element>| {
        if let Some(element) = element.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    };
    let key = e.key();
    if key == "Escape" {
        e.prevent_default();
        e.stop_propagation();
        details.set_open(false);
        focus(menu.query_selector("summary").ok().flatten());
        return;
    }
    let mut items = Vec::new();
    let mut next = menu
        .query_selector(".menu-items")
        .ok()
        .flatten()
        .and_then(|list| list.first_element_child());
    while let Some(item) = next {
        next = item.next_element_sibling();
        items.push(item);
    }
    let count = items.len();
    let current = items.iter().position(|item| *item == target);
    let to = match (key.as_str(), current) {
        ("ArrowDown", Some(i)) => (i + 1) % count.max(1),
        ("ArrowUp", Some(i)) => (i + count - 1) % count.max(1),
        ("ArrowDown" | "Home", _) => 0,
        ("ArrowUp" | "End", _) => count.saturating_sub(1),
        _ => return,
    };
    e.prevent_default();
    focus(items.into_iter().nth(to));
}

fn file_name(title: &str) -> String {
    format!("{}.rolecall.json", file_stem(title))
}

/// Puts `link` in the share field and on the clipboard, saying what the browser answered;
/// `None`: the scenario is too large for a link.
fn share(state: &StateContext, link: Option<String>) {
    let Some(link) = link else {
        notice(
            state,
            true,
            format!(
                "This scenario is too large for a link (links open up to {} KiB): use Export to share it as a file.",
                rolecall_core::share::MAX_LINK_LEN / 1024
            ),
        );
        return;
    };
    let field = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("rc-share-link"))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(e).ok());
    if let Some(input) = &field {
        input.set_value(&link);
    }
    let state = state.clone();
    let length = link.len();
    // The banner says what the browser answered, never "copied" before it did.
    persist::copy_to_clipboard(&link, move |result| match result {
        Ok(()) => notice(
            &state,
            false,
            format!("Link copied to the clipboard ({length} characters)."),
        ),
        Err(why) => {
            notice(
                &state,
                true,
                format!(
                    "The link was not copied: {why}. It is selected in the field next to \"Copy link\": copy it with Ctrl+C (⌘C)."
                ),
            );
            if let Some(input) = field {
                let _ = input.focus();
                input.select();
            }
        }
    });
}

/// The toolbar.
#[component]
pub fn Toolbar() -> Html {
    let state = use_app_state_shape();
    crate::state::counted("toolbar");
    let file_input = use_node_ref();

    let on_title = dispatch_typed(&state, Change::SetTitle);
    let on_new = {
        let state = state.clone();
        Callback::from(move |_| {
            // The core's starter: one user, one request, no problem before anything is typed.
            state.dispatch(Action::Load {
                scenario: Rc::new(rolecall_core::scenario::template::new_scenario()),
                source: Source::New,
            });
        })
    };
    let open = state.examples_open;
    let on_examples = dispatch_on(&state, move || Action::ToggleExamples(!open));
    let on_export = {
        let state = state.clone();
        Callback::from(move |_| {
            let name = file_name(state.scenario.title.as_deref().unwrap_or_default());
            if crate::elided::any(&state.scenario) {
                // Only the worker has this scenario's texts (`elided.rs`): it writes the file.
                let to = state.clone();
                let asked = crate::evaluator::export_json(&state.scenario, move |answer| {
                    match answer
                        .and_then(|a| a.json)
                        .and_then(|json| json.as_string())
                    {
                        Some(json) => persist::download(&name, &json),
                        None => notice(&to, true, crate::evaluator::STOPPED),
                    }
                });
                if !asked {
                    notice(&state, true, crate::evaluator::STOPPED);
                }
                return;
            }
            persist::download(&name, &engine::scenario_json(&state.scenario));
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
            import_file_list(&state, input.files());
            input.set_value("");
        })
    };
    let on_share = {
        let state = state.clone();
        Callback::from(move |_| {
            if crate::elided::any(&state.scenario) {
                // Only the worker has this scenario's texts (`elided.rs`): it writes the link.
                let (to, base) = (state.clone(), persist::base_url());
                let asked = crate::evaluator::persist(
                    &state.scenario,
                    state.request,
                    false,
                    move |answer| match answer {
                        Some(answer) => share(&to, answer.link.map(|l| format!("{base}{l}"))),
                        None => notice(&to, true, crate::evaluator::STOPPED),
                    },
                );
                if !asked {
                    notice(&state, true, crate::evaluator::STOPPED);
                }
                return;
            }
            share(
                &state,
                engine::share_link(&state.scenario, &persist::base_url(), state.request),
            );
        })
    };
    let has_previous = state.previous.is_some();
    let on_restore = dispatch_on(&state, || Action::RestorePrevious);
    let catalog = match &state.catalog {
        CatalogStatus::Idle | CatalogStatus::Loading => "loading AWS data…".to_owned(),
        CatalogStatus::Ready(date) => format!("AWS data as of {date}"),
        CatalogStatus::Failed(why) => format!("AWS data unavailable: {why}"),
    };
    // The date of the AWS managed policies, once the page has fetched any (only those a
    // scenario names are fetched).
    let managed = match &state.managed {
        m if m.failed.is_some() => Some(format!(
            "AWS managed policies unavailable: {}",
            m.failed.clone().unwrap_or_default()
        )),
        m if !m.date.is_empty() => Some(format!("managed policies as of {}", m.date)),
        _ => None,
    };

    html! {
        <header class="toolbar">
            <h1 class="brand">{ "Rolecall" }</h1>
            <input class="title" value={state.scenario.title.clone().unwrap_or_default()} oninput={on_title} aria-label="Scenario title" />
            <nav class="actions" aria-label="Scenario actions" onkeydown={Callback::from(|e: KeyboardEvent| menu_keys(&e))}>
                <button onclick={on_new}>{ "New" }</button>
                <button onclick={on_examples} aria-expanded={state.examples_open.to_string()}>{ "Examples" }</button>
                <button onclick={on_import_click}>{ "Import…" }</button>
                <input type="file" accept=".json,.yaml,.yml,.template,application/json" multiple=true ref={file_input} onchange={on_import} hidden=true aria-label="Import a scenario, AWS outputs, templates or plans" />
                <ImportPaste />
                <button onclick={on_export}>{ "Export" }</button>
                <ExportMenu />
                // Hidden rather than left out without previous work: the frame a link or kept
                // work paints while the page loads shows the prerender's hidden button's place
                // when there will be previous work (style.css, class `rc-previous`).
                <button class="restore" onclick={on_restore} hidden={!has_previous}>{ "Restore previous work" }</button>
                <button class="primary" data-testid="share-button" onclick={on_share}>{ "Copy link" }</button>
                <input id="rc-share-link" class="share-link" readonly=true aria-label="Share link" data-testid="share-link" />
            </nav>
            <span class="catalog" data-testid="catalog-status">{ catalog }</span>
            if let Some(managed) = managed {
                <span class="catalog" data-testid="managed-status">{ managed }</span>
            }
        </header>
    }
}
