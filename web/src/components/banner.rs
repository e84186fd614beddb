//! The banner under the toolbar: errors (`data-testid="error-banner"`) and notices, with
//! backtick-quoted names shown as code, and an Undo or Restore button when the message offers
//! one.

use yew::prelude::*;

use crate::clip::quoted;
use crate::state::{Action, Banner, BannerAction, dispatch_on, use_app_state_shape};

/// The banner, when there is one.
///
/// The prerender (drawn natively) also holds, hidden, the place of the notice a link opened over
/// kept work shows ([`Banner::link_over_kept_work`], class `banner-place`): the frame a link
/// paints while the page loads reserves it when index.html's head script knows that is what
/// opens (class `rc-over-kept`, style.css), so that the page does not move down when it draws
/// the notice in that place.
#[component]
pub fn BannerView() -> Html {
    let state = use_app_state_shape();
    let place = (!cfg!(target_arch = "wasm32")).then(|| {
        let banner = Banner::link_over_kept_work();
        html! {
            <div class="banner notice banner-place" aria-hidden="true">{ content(&banner, None, Callback::noop()) }</div>
        }
    });
    let Some(banner) = &state.banner else {
        return html! { { for place } };
    };
    let on_close = dispatch_on(&state, || Action::DismissBanner);
    let (class, testid, role) = if banner.error {
        ("banner error", "error-banner", "alert")
    } else {
        ("banner notice", "notice-banner", "status")
    };
    let on_action = {
        let state = state.clone();
        Callback::from(move |action: BannerAction| {
            state.dispatch(match action {
                BannerAction::Undo => Action::Undo,
                BannerAction::RestorePrevious => Action::RestorePrevious,
            });
        })
    };
    html! {
        <>
            <div {class} data-testid={testid} {role}>{ content(banner, Some(on_action), on_close) }</div>
            { for place }
        </>
    }
}

/// A banner's message, its button and its Dismiss button; the buttons do nothing without
/// `on_action` (the place the prerender holds for a notice).
fn content(
    banner: &Banner,
    on_action: Option<Callback<BannerAction>>,
    on_close: Callback<MouseEvent>,
) -> Html {
    let button = banner.action.map(|action| {
        let (label, testid) = match action {
            BannerAction::Undo => ("Undo", "undo-button"),
            BannerAction::RestorePrevious => ("Restore previous work", "restore-button"),
        };
        let testid = on_action.is_some().then_some(testid);
        let onclick = on_action
            .clone()
            .map(|on| Callback::from(move |_: MouseEvent| on.emit(action)));
        html! { <button data-testid={testid} {onclick}>{ label }</button> }
    });
    html! {
        <>
            <span>{ quoted(&banner.message) }</span>
            { button }
            <button class="icon" onclick={on_close} aria-label="Dismiss">{ "×" }</button>
        </>
    }
}
