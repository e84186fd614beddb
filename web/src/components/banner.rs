//! The banner under the toolbar: errors (`data-testid="error-banner"`) and notices, with
//! backtick-quoted names shown as code, and an Undo or Restore button when the message offers
//! one.

use yew::prelude::*;

use crate::clip::quoted;
use crate::state::{Action, BannerAction, dispatch_on, use_app_state_shape};

/// The banner, when there is one.
#[component]
pub fn BannerView() -> Html {
    let state = use_app_state_shape();
    let Some(banner) = &state.banner else {
        return html! {};
    };
    let on_close = dispatch_on(&state, || Action::DismissBanner);
    let (class, testid, role) = if banner.error {
        ("banner error", "error-banner", "alert")
    } else {
        ("banner notice", "notice-banner", "status")
    };
    let button = banner.action.map(|action| {
        let (label, testid) = match action {
            BannerAction::Undo => ("Undo", "undo-button"),
            BannerAction::RestorePrevious => ("Restore previous work", "restore-button"),
        };
        let state = state.clone();
        let onclick = Callback::from(move |_| {
            state.dispatch(match action {
                BannerAction::Undo => Action::Undo,
                BannerAction::RestorePrevious => Action::RestorePrevious,
            });
        });
        html! { <button data-testid={testid} {onclick}>{ label }</button> }
    });
    html! {
        <div {class} data-testid={testid} {role}>
            <span>{ quoted(&banner.message) }</span>
            { button }
            <button class="icon" onclick={on_close} aria-label="Dismiss">{ "×" }</button>
        </div>
    }
}
