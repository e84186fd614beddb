//! The banner under the toolbar: errors (`data-testid="error-banner"`) and notices.

use yew::prelude::*;

use crate::state::{Action, StateContext};

/// Props of [`BannerView`].
#[derive(Properties, PartialEq)]
pub struct BannerViewProps {}

/// The banner, when there is one.
#[component]
pub fn BannerView(_props: &BannerViewProps) -> Html {
    let Some(state) = use_context::<StateContext>() else {
        return html! {};
    };
    let Some(banner) = &state.banner else {
        return html! {};
    };
    let on_close = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::DismissBanner))
    };
    let (class, testid, role) = if banner.error {
        ("banner error", "error-banner", "alert")
    } else {
        ("banner notice", "notice-banner", "status")
    };
    html! {
        <div {class} data-testid={testid} {role}>
            <span>{ banner.message.clone() }</span>
            <button class="icon" onclick={on_close} aria-label="Dismiss">{ "×" }</button>
        </div>
    }
}
