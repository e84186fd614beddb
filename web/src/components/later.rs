//! A part of the page drawn in a task after the one that draws the page around it.
//!
//! Why: the page's first render is its module's first run, and V8 compiles each wasm function
//! the first time it is called, on the page's thread. Drawn in one task, the whole page (the
//! sidebar, the notes, "Who can?", the problems list, "What changed" beside the editors, the
//! toolbar, the request and the decision) took 200-320 ms of that thread on the quiet 2-core machine
//! (issue 14: no task over 100 ms). The parts that are not the decision or the documents are
//! wrapped in [`Later`]: each is drawn in a task of its own right after, and the page's first
//! evaluation is posted to the worker before them. The prerender (native) draws them at once.

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
}

/// Draws `children` from the task after its first render on (at once natively, for the
/// prerender), `placeholder` until then.
#[component]
pub fn Later(props: &LaterProps) -> Html {
    let shown = use_state(|| !cfg!(target_arch = "wasm32"));
    {
        let shown = shown.clone();
        use_effect_with((), move |()| {
            let timeout = (!*shown).then(|| Timeout::new(0, move || shown.set(true)));
            move || drop(timeout)
        });
    }
    if *shown {
        props.children.clone()
    } else {
        props.placeholder.clone()
    }
}
