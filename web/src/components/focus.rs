//! Moving the keyboard focus: how the components find an element and focus it.

use wasm_bindgen::JsCast;

/// The element to focus.
pub enum Target {
    /// The element with this id.
    Id(String),
    /// The first element this CSS selector matches.
    Selector(String),
}

/// Focuses `target` now, if it is on the page.
pub fn focus(target: &Target) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let element = match target {
        Target::Id(id) => document.get_element_by_id(id),
        Target::Selector(selector) => document.query_selector(selector).ok().flatten(),
    };
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// Focuses `target` once this render is on the page.
pub fn focus_later(target: Target) {
    gloo_timers::callback::Timeout::new(0, move || focus(&target)).forget();
}
