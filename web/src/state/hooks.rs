//! How components read the state and dispatch to it: the hooks that choose when a component
//! renders again, and the handlers that turn an event into an [`Action`].

use yew::prelude::*;

use super::{Action, Change, Shape, State, store};

/// The reducer's handle: what components read the state through (it always reads the latest
/// state) and dispatch actions with.
pub type StateContext = UseReducerHandle<State>;

/// The page state, for any component rendered inside [`crate::app::App`]: the component renders
/// again on every change of the state.
///
/// # Panics
///
/// When called outside the app's context provider, which no component is.
#[hook]
pub fn use_app_state() -> StateContext {
    store::use_store_with(|_, version| version)
}

/// The page state, for a component that shows no document text: it renders again on every
/// change of the state but text typed into a document (which re-renders the editors, and the
/// decision parts once the answer comes).
///
/// # Panics
///
/// When called outside the app's context provider, which no component is.
#[hook]
pub fn use_app_state_but_typing() -> StateContext {
    store::use_store_with(|state, _| Shape {
        state: state.clone(),
        decisions: true,
    })
}

/// The page state, for a component that shows neither document text nor anything evaluated
/// (forms, lists, menus): it renders again on every change of the state but text typed into a
/// document and the arrival of a decision.
///
/// # Panics
///
/// When called outside the app's context provider, which no component is.
#[hook]
pub fn use_app_state_shape() -> StateContext {
    store::use_store_with(|state, _| Shape {
        state: state.clone(),
        decisions: false,
    })
}

/// A handler that dispatches the action `action` makes, whatever the event (a button's
/// click): the page's many "this button does that" callbacks.
pub fn dispatch_on<E: 'static>(
    state: &StateContext,
    action: impl Fn() -> Action + 'static,
) -> Callback<E> {
    dispatch_with(state, move |_: E| action())
}

/// A handler that dispatches the action `action` makes of the value it is called with (a
/// committed name, a picked ARN): the callbacks a child component calls with its value.
pub fn dispatch_with<T: 'static>(
    state: &StateContext,
    action: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |value: T| state.dispatch(action(value)))
}

/// A handler that dispatches the change `change` makes of the text typed in the input or text
/// area the event comes from: the page's text fields.
pub fn dispatch_typed(
    state: &StateContext,
    change: impl Fn(String) -> Change + 'static,
) -> Callback<InputEvent> {
    dispatch_with(state, move |e: InputEvent| change(typed_text(&e)).into())
}

/// The text of the input or text area an event comes from (empty from anything else).
fn typed_text(e: &Event) -> String {
    use wasm_bindgen::JsCast;
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        input.value()
    } else if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.value()
    } else {
        String::new()
    }
}
