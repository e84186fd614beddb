//! The context the components read the state through: a [`Store`] that stays the same value for
//! the app's life, so that a change of the state re-renders only the components whose part of
//! it changed, instead of every component that reads it (issue 14, keystroke -> decision inside
//! one frame: each keystroke re-rendered the whole page).
//!
//! A component reads the state with [`super::use_app_state`] (re-rendered on every change) or
//! [`super::use_app_state_but_typing`] (not re-rendered by text typed into a document's editor:
//! what it shows does not depend on document texts, `State::but_typing`). Both give the
//! reducer's handle, which always reads the latest state, so a callback made at an earlier
//! rendering acts on the state as it is when it runs.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use yew::prelude::*;

use super::{State, StateContext};

/// Told of each change of the state, with the change's number.
type Listener = dyn Fn(&State, u64);

/// The state's handle and the components listening to its changes.
#[derive(Clone)]
pub struct Store(Rc<Inner>);

struct Inner {
    handle: StateContext,
    /// The number of changes so far.
    version: Cell<u64>,
    listeners: RefCell<Vec<Weak<Listener>>>,
}

impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Store {
    /// The store of the reducer's `handle`.
    #[must_use]
    pub fn new(handle: StateContext) -> Self {
        Self(Rc::new(Inner {
            handle,
            version: Cell::new(0),
            listeners: RefCell::new(Vec::new()),
        }))
    }

    /// The state changed: every listening component decides whether it renders again (the
    /// app calls this as it renders a new state; the renders it asks for follow in the same
    /// pass of Yew's scheduler, before any effect).
    pub fn changed(&self) {
        let version = self.0.version.get() + 1;
        self.0.version.set(version);
        let listeners: Vec<Rc<Listener>> = {
            let mut list = self.0.listeners.borrow_mut();
            list.retain(|l| l.strong_count() > 0);
            list.iter().filter_map(Weak::upgrade).collect()
        };
        let state: &State = &self.0.handle;
        for listener in listeners {
            listener(state, version);
        }
    }

    fn listen(&self, listener: &Rc<Listener>) {
        self.0.listeners.borrow_mut().push(Rc::downgrade(listener));
    }
}

/// The state's handle for a component that renders again when `select` of the state (given the
/// change's number) differs from what it gave at the component's last rendering.
#[hook]
pub(super) fn use_store_with<K, F>(select: F) -> StateContext
where
    K: PartialEq + 'static,
    F: Fn(&State, u64) -> K + 'static,
{
    let store = use_store();
    let update = use_force_update();
    let select = Rc::new(select);
    let seen: Rc<RefCell<Option<K>>> = use_mut_ref(|| None);
    *seen.borrow_mut() = Some(select(&store.0.handle, store.0.version.get()));
    // Listening from the first rendering to the component's end (the listener lives in the
    // hook's state; the store holds it weakly).
    let _listener = use_memo((), |_| {
        let (seen, update) = (seen.clone(), update.clone());
        let listener: Rc<Listener> = Rc::new(move |state: &State, version: u64| {
            let now = select(state, version);
            if seen.borrow().as_ref() != Some(&now) {
                update.force_update();
            }
        });
        store.listen(&listener);
        listener
    });
    store.0.handle.clone()
}

/// The app's store, for any component rendered inside [`crate::app::App`].
///
/// # Panics
///
/// When called outside the app's context provider, which no component is.
#[hook]
#[expect(
    clippy::expect_used,
    reason = "every component is rendered below App's ContextProvider; a missing context is a wiring bug that the first browser test would show"
)]
fn use_store() -> Store {
    use_context::<Store>().expect("components are rendered inside App's state context")
}

thread_local! {
    /// The test hook counting renders (`window.__rolecallRenders`, an object a browser test puts
    /// there before the page starts), looked up once.
    static RENDERS: std::cell::OnceCell<Option<js_sys::Object>> = const { std::cell::OnceCell::new() };
}

/// Counts a rendering of the component `name` in `window.__rolecallRenders[name]` when a test
/// asked for it (nothing otherwise): the browser tests check that typing in a document does not
/// re-render the components that do not show it.
pub fn counted(name: &str) {
    use wasm_bindgen::JsValue;
    RENDERS.with(|renders| {
        let hook = renders.get_or_init(|| {
            let window = crate::persist::window()?;
            js_sys::Reflect::get(&window, &JsValue::from_str("__rolecallRenders"))
                .ok()
                .filter(JsValue::is_object)
                .map(js_sys::Object::from)
        });
        if let Some(hook) = hook {
            let key = JsValue::from_str(name);
            let count = js_sys::Reflect::get(hook, &key)
                .ok()
                .and_then(|n| n.as_f64())
                .unwrap_or(0.0);
            let _ = js_sys::Reflect::set(hook, &key, &JsValue::from_f64(count + 1.0));
        }
    });
}
