//! "+ managed": attach an AWS managed policy (or a customer managed policy of the scenario) by
//! ARN. The input completes policy names from the index of the bundled AWS managed policies
//! (fetched on first use) through a `<datalist>`, so it works with the keyboard and on phones.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::{Change, use_app_state_shape};

/// Props of [`ManagedPicker`].
#[derive(Properties, PartialEq)]
pub struct ManagedPickerProps {
    /// The identity the policy is attached to.
    pub identity: usize,
}

/// The input and its completions.
#[component]
pub fn ManagedPicker(props: &ManagedPickerProps) -> Html {
    let state = use_app_state_shape();
    let open = use_state(|| false);
    let input = use_node_ref();
    let identity = props.identity;
    let on_open = {
        let open = open.clone();
        let state = state.clone();
        Callback::from(move |_| {
            // The name index arrives once; the datalist fills when it does.
            crate::managed::fetch(Vec::new(), state.dispatcher());
            open.set(true);
        })
    };
    let attach = {
        let state = state.clone();
        let open = open.clone();
        let input = input.clone();
        Callback::from(move |()| {
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let value = el.value();
            if value.trim().is_empty() {
                open.set(false);
                return;
            }
            let arn = crate::managed::with_store(|s| s.arn_of(&value));
            state.dispatch(Change::AttachManagedPolicy { identity, arn }.into());
            open.set(false);
        })
    };
    let on_key = {
        let attach = attach.clone();
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                attach.emit(());
            }
            "Escape" => open.set(false),
            _ => {}
        })
    };
    {
        let input = input.clone();
        use_effect_with(*open, move |open| {
            if *open && let Some(el) = input.cast::<HtmlInputElement>() {
                let _ = el.focus();
            }
        });
    }
    if !*open {
        return html! {
            <button class="tab add" onclick={on_open} data-testid="add-managed-policy"
                title="Attach an AWS managed policy by name or ARN">{ "+ managed" }</button>
        };
    }
    let mut names: Vec<String> = state
        .scenario
        .managed_policies
        .iter()
        .map(|d| d.arn.clone())
        .collect();
    names.extend(crate::managed::with_store(|s| {
        s.iter().map(|p| p.name().to_owned()).collect::<Vec<_>>()
    }));
    let on_add = {
        let attach = attach.clone();
        Callback::from(move |_| attach.emit(()))
    };
    html! {
        <span class="managed-picker">
            <input ref={input} list="rc-managed-names" onkeydown={on_key} data-testid="managed-policy-input"
                aria-label="AWS managed policy name or policy ARN" placeholder="AmazonS3ReadOnlyAccess" />
            <datalist id="rc-managed-names">
                { for names.iter().map(|n| html! { <option value={n.clone()} /> }) }
            </datalist>
            <button onclick={on_add}>{ "Attach" }</button>
        </span>
    }
}
