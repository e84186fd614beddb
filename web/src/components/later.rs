//! A part of the page drawn in a task after the one that draws the page around it.
//!
//! Why: the page's first render is its module's first run, and V8 compiles each wasm function
//! the first time it is called, on the page's thread. Drawn in one task, the whole page (the
//! sidebar, the notes, "Who can?", the problems list, "What changed" beside the editors, the
//! toolbar, the request and the decision) took 200-320 ms of that thread on the quiet 2-core machine
//! (issue 14: no task over 100 ms). The parts that are not the decision or the documents are
//! wrapped in [`Later`]: each is drawn in a task of its own right after, and the page's first
//! evaluation is posted to the worker before them. The prerender (native) draws them at once.
//!
//! While the page draws behind the prerendered picture (a first visit, or kept work with the
//! picture of its last screen: `app::start`), a part holds its place with a copy of the
//! picture's own (inert; its placeholder when the picture has none) and is drawn only once the page has been swapped in with
//! its first decision and that frame is painted (`held::after_page_shown`): the parts are then not
//! on the way to the first decision, and the first screen of the live page is never less
//! complete than the picture it replaces (issue 14).

use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// The props of [`Later`].
#[derive(Properties, PartialEq)]
pub struct LaterProps {
    /// What is drawn from the next task on.
    pub children: Html,
    /// What holds its place until then (an empty box with the part's class, so that the
    /// layout around it does not move).
    #[prop_or_default]
    pub placeholder: Html,
    /// Where the part is in the prerendered picture (a selector, `held::pictured_part`): while
    /// the page draws behind the picture, a copy of it holds the part's place instead of
    /// `placeholder`, and the part waits until the page is shown.
    #[prop_or_default]
    pub pictured: Option<&'static str>,
    /// Drawn with the page, at once, when the page is drawn straight into the document (a link,
    /// or kept work without the picture of its last screen: `app::start`): for the toolbar,
    /// which the frame shown while the page loaded (index.html, class `rc-opens`) already showed;
    /// deferred, it vanished for a frame and came back, and at phone width, where it wraps to
    /// three rows, moved the whole page down by about 130 px as it did; and for "What changed"
    /// and the problems list, which, deferred, pushed the request and the decision beside the
    /// editors down by about 88 px at desktop width (BENCHMARKS.md, "A link over kept work").
    #[prop_or_default]
    pub with_page: bool,
}

/// Draws `children` from the task after its first render on (at once natively, for the
/// prerender), `placeholder` until then; behind the prerendered picture, from the task after the
/// page's first shown frame on, with the picture's copy of the part until then; at once with
/// `with_page` when the page is drawn straight into the document.
#[component]
pub fn Later(props: &LaterProps) -> Html {
    let shown = use_state(|| {
        !cfg!(target_arch = "wasm32") || (props.with_page && !crate::held::behind_picture())
    });
    // Behind the picture: `Some`, with the picture's copy of the part when it shows one.
    let pictured = use_memo(props.pictured, |selector| {
        crate::held::behind_picture().then(|| selector.and_then(crate::held::pictured_part))
    });
    {
        let (shown, after_shown) = (shown.clone(), pictured.is_some());
        use_effect_with((), move |()| {
            let timeout = match (*shown, after_shown) {
                (true, _) => None,
                (false, true) => {
                    crate::held::after_page_shown(move || shown.set(true));
                    None
                }
                (false, false) => Some(Timeout::new(0, move || shown.set(true))),
            };
            move || drop(timeout)
        });
    }
    match (*shown, &*pictured) {
        (true, _) => props.children.clone(),
        (false, Some(Some(copy))) => Html::VRef(copy.clone()),
        (false, _) => props.placeholder.clone(),
    }
}
