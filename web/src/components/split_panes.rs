//! The two editor panes of the policy pane (trust or resource policy on the left, the
//! permission side on the right). On a wide screen they sit side by side; below 700 px
//! (web/style.css, "Phone layout") they become two tabs, one pane shown at a time (issue 16:
//! "one column with the decision first, then the chain, the explanation, and the editors in
//! tabs").
//!
//! Which pane a phone shows follows what the user is looking at: the document of the
//! explanation line they opened, else the pane holding the deciding statement of the shown
//! step, else the permission side. A tap on a tab wins until the user moves to another request,
//! step or document.

use yew::prelude::*;

use rolecall_core::scenario::StepDecision;

use crate::components::focus::{Target, focus_later};
use crate::docref::DocRef;
use crate::state::{StateContext, use_app_state};

/// One of the two panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The trust policy (identity view, assume hop) or the resource policy (final action).
    Left,
    /// The permission side: the identity's or the caller's policies.
    Right,
}

impl Side {
    const fn id(self) -> &'static str {
        match self {
            Self::Left => "rc-pane-left",
            Self::Right => "rc-pane-right",
        }
    }

    const fn tab_id(self) -> &'static str {
        match self {
            Self::Left => "rc-pane-tab-left",
            Self::Right => "rc-pane-tab-right",
        }
    }

    const fn other(self) -> Self {
        match self {
            Self::Left => Self::Right,
            Self::Right => Self::Left,
        }
    }
}

/// What the user is looking at: a tap on a tab holds while this stays the same.
fn view_key(state: &StateContext) -> String {
    format!(
        "{}:{:?}:{}:{:?}:{:?}",
        state.request,
        state.shown_step(),
        state.follows_step(),
        state.right_doc,
        state.focus
    )
}

/// The pane a phone shows when the user has not chosen one: the one holding the explanation
/// line the user opened; else, for a step denied where the permission side has no document
/// (its empty pane then holds the sentence saying why), that side; else the left pane when only
/// it holds a deciding statement of the shown step; else the permission side.
fn automatic_side(state: &StateContext, left: &[DocRef], right: &[DocRef]) -> Side {
    if let Some((doc, _)) = state.focus {
        return if left.contains(&doc) {
            Side::Left
        } else {
            Side::Right
        };
    }
    let Some(step) = state
        .shown_step()
        .and_then(|i| state.outcome.view.requests.get(state.request)?.steps.get(i))
    else {
        return Side::Right;
    };
    if step.decision != StepDecision::Allowed && right.is_empty() {
        return Side::Right;
    }
    let deciding_in = |docs: &[DocRef]| {
        step.lines
            .iter()
            .any(|line| line.deciding && line.source.is_some_and(|d| docs.contains(&d)))
    };
    if deciding_in(left) && !deciding_in(right) {
        Side::Left
    } else {
        Side::Right
    }
}

/// Props of [`SplitPanes`].
#[derive(Properties, PartialEq)]
pub struct SplitPanesProps {
    /// The tab names of the two panes (their headings).
    pub left_title: AttrValue,
    /// See `left_title`.
    pub right_title: AttrValue,
    /// The documents of the left pane (to follow the user's focus there).
    pub left_docs: Vec<DocRef>,
    /// The documents of the right pane (its tabs).
    pub right_docs: Vec<DocRef>,
    /// The left pane's content (heading and editor).
    pub left: Html,
    /// The right pane's content.
    pub right: Html,
}

/// The two panes, with the tab strip a phone shows above them.
#[component]
pub fn SplitPanes(props: &SplitPanesProps) -> Html {
    let state = use_app_state();
    let chosen = use_state(|| None::<(String, Side)>);
    let key = view_key(&state);
    let shown = match &*chosen {
        Some((k, side)) if *k == key => *side,
        _ => automatic_side(&state, &props.left_docs, &props.right_docs),
    };
    let choose = {
        let chosen = chosen.clone();
        let key = key.clone();
        move |side: Side| chosen.set(Some((key.clone(), side)))
    };
    let tab = |side: Side, title: &AttrValue| {
        let selected = side == shown;
        let onclick = {
            let choose = choose.clone();
            Callback::from(move |_| choose(side))
        };
        html! {
            <button role="tab" id={side.tab_id()} aria-controls={side.id()} aria-selected={selected.to_string()}
                tabindex={if selected { "0" } else { "-1" }} data-side={if side == Side::Left { "left" } else { "right" }}
                class={classes!("tab", selected.then_some("selected"))} {onclick}>
                { title.clone() }
            </button>
        }
    };
    // The ARIA tabs pattern: the arrow keys, Home and End move between the two tabs.
    let on_key = {
        let choose = choose.clone();
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowLeft" => shown.other(),
                "Home" => Side::Left,
                "End" => Side::Right,
                _ => return,
            };
            e.prevent_default();
            choose(next);
            focus_later(Target::Id(next.tab_id().to_owned()));
        })
    };
    let pane = |side: Side, content: &Html| {
        html! {
            <div class={classes!("pane", (side != shown).then_some("phone-hidden"))} id={side.id()}
                data-side={if side == Side::Left { "left" } else { "right" }}>
                { content.clone() }
            </div>
        }
    };
    html! {
        <>
            <div class="pane-tabs tablist" role="tablist" aria-label="Editors" data-testid="pane-tabs" onkeydown={on_key}>
                { tab(Side::Left, &props.left_title) }
                { tab(Side::Right, &props.right_title) }
            </div>
            { pane(Side::Left, &props.left) }
            { pane(Side::Right, &props.right) }
        </>
    }
}
