//! The page drawn behind the prerendered picture (issue 14): its root, outside the document until
//! `app::show_page` swaps it in, and what waits for that swap.
//!
//! A first visit (and kept work with the picture of its last screen) shows a picture while the
//! page draws its own screen outside the document (`app::start`). The page's later parts
//! (`components/later.rs`) hold their places with copies of the picture's own parts
//! ([`pictured_part`]) and are drawn only after the frame that shows the page with its first
//! decision ([`after_page_shown`]): drawn before it, they were tasks the worker's answer waited
//! behind (BENCHMARKS.md, "The later parts drawn after the swap, behind the picture").

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;

use crate::persist;

/// The id of the element holding the prerendered first screen in index.html (`prerender.rs`).
pub const PRERENDER_ID: &str = "rc-prerender";

thread_local! {
    /// The page's root while the prerendered first screen is shown, outside the document.
    static HELD_ROOT: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

/// The page draws into `root`, outside the document, behind the picture.
pub fn hold(root: web_sys::Element) {
    HELD_ROOT.with(|h| *h.borrow_mut() = Some(root));
}

/// The page's root, to be swapped in (once): `None` when done or never held.
pub fn take_root() -> Option<web_sys::Element> {
    HELD_ROOT.with(|h| h.borrow_mut().take())
}

/// The page has been swapped in: what waited for it ([`after_page_shown`]) runs after the next
/// frame.
pub fn shown() {
    let waiting = AFTER_SHOWN.with(|a| std::mem::take(&mut *a.borrow_mut()));
    if !waiting.is_empty() {
        after_next_frame(waiting);
    }
}

thread_local! {
    /// What waits for the page to be shown in place of the prerendered picture.
    static AFTER_SHOWN: RefCell<Vec<Box<dyn FnOnce()>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `work` in a task of its own once the page is shown in place of the prerendered picture
/// and that frame is painted (`app::show_page`); at once (the next task) when the page is shown
/// already. The page's later parts (`components/later.rs`) wait so, behind the picture, so that
/// drawing them is not on the way to the first decision (issue 14).
pub fn after_page_shown(work: impl FnOnce() + 'static) {
    if !behind_picture() {
        Timeout::new(0, work).forget();
        return;
    }
    AFTER_SHOWN.with(|a| a.borrow_mut().push(Box::new(work)));
}

/// How long after the page is shown its waiting parts are drawn at the latest, when no frame
/// comes (a tab in the background paints none).
const AFTER_SHOWN_AT_MOST_MS: u32 = 100;

/// Runs each of `waiting` in a task of its own after the next frame (or after
/// [`AFTER_SHOWN_AT_MOST_MS`] when none comes), so that the frame showing the page's first
/// decision is not held behind them.
fn after_next_frame(waiting: Vec<Box<dyn FnOnce()>>) {
    let waiting = Rc::new(RefCell::new(Some(waiting)));
    let run = {
        let waiting = waiting.clone();
        move || {
            for work in waiting.borrow_mut().take().into_iter().flatten() {
                Timeout::new(0, work).forget();
            }
        }
    };
    let at_most = run.clone();
    Timeout::new(AFTER_SHOWN_AT_MOST_MS, at_most).forget();
    if let Some(window) = persist::window() {
        let frame = wasm_bindgen::closure::Closure::once_into_js(run);
        let _ = window.request_animation_frame(frame.unchecked_ref());
    }
}

/// Whether the page draws behind the prerendered picture (`app::start`), not yet shown.
pub fn behind_picture() -> bool {
    HELD_ROOT.with(|h| h.borrow().is_some())
}

/// A copy of the part `selector` finds in the prerendered picture, inert, while the page draws
/// behind it (`app::start`): what holds the part's place until it is drawn
/// (`components/later.rs`). `None` when the page is not behind a picture or the picture has no
/// such part.
pub fn pictured_part(selector: &str) -> Option<web_sys::Node> {
    if !behind_picture() {
        return None;
    }
    let picture = persist::window()?
        .document()?
        .get_element_by_id(PRERENDER_ID)?;
    let part = picture.query_selector(selector).ok()??;
    let copy = part.clone_node_with_deep(true).ok()?;
    copy.dyn_ref::<web_sys::Element>()?
        .set_attribute("inert", "")
        .ok()?;
    Some(copy)
}
