//! The assume chain of the selected request: one card per hop with the role, session name,
//! external id, source identity, session tags and session policy.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::kv_table::KvTable;
use crate::docref::DocRef;
use crate::state::{Action, Change, HopEdit, StateContext, use_app_state};
use rolecall_core::scenario::model::KeyValues;

/// Dispatches a change of hop `hop` of request `request`.
fn edit_hop(state: &StateContext, request: usize, hop: usize, edit: HopEdit) {
    state.dispatch(Change::EditHop { request, hop, edit }.into());
}

fn optional_field(
    state: &StateContext,
    request: usize,
    hop: usize,
    label: &'static str,
    value: Option<&String>,
    field: fn(String) -> HopEdit,
) -> Html {
    let oninput = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            edit_hop(&state, request, hop, field(text));
        })
    };
    html! {
        <label class="field">
            <span>{ label }</span>
            <input value={value.cloned().unwrap_or_default()} {oninput} spellcheck="false"
                aria-label={format!("hop {} {}", hop + 1, label)} />
        </label>
    }
}

fn mfa_box(state: &StateContext, request: usize, hop: usize, checked: bool) -> Html {
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            edit_hop(&state, request, hop, HopEdit::Mfa(on));
        })
    };
    html! {
        <label class="check">
            <input type="checkbox" {checked} {onchange} aria-label={format!("hop {} passes an MFA code", hop + 1)} />
            { " MFA code passed (SerialNumber, TokenCode)" }
        </label>
    }
}

/// The chain editor.
#[component]
pub fn HopList() -> Html {
    let state = use_app_state();
    let request = state.request;
    let Some(req) = state.scenario.requests.get(request) else {
        return html! {};
    };
    let roles: Vec<String> = state
        .scenario
        .identities
        .iter()
        .filter(|i| i.is_role())
        .map(|i| i.arn.clone())
        .collect();

    let cards = req.assume.iter().enumerate().map(|(h, hop)| {
        let on_role = {
            let state = state.clone();
            Callback::from(move |e: InputEvent| {
                let text = e.target_unchecked_into::<HtmlInputElement>().value();
                edit_hop(&state, request, h, HopEdit::Role(text));
            })
        };
        let on_tags = {
            let state = state.clone();
            Callback::from(move |pairs: Vec<(String, String)>| {
                edit_hop(&state, request, h, HopEdit::SessionTags(KeyValues(pairs)));
            })
        };
        let on_remove = {
            let state = state.clone();
            Callback::from(move |_| state.dispatch(Change::RemoveHop { request, hop: h }.into()))
        };
        let session_doc = DocRef::Session { request, hop: h };
        let session_button = if hop.session_policy.is_some() {
            let onclick = {
                let state = state.clone();
                Callback::from(move |_| state.dispatch(Action::SelectDoc(session_doc)))
            };
            let remove = {
                let state = state.clone();
                Callback::from(move |_| edit_hop(&state, request, h, HopEdit::RemoveSessionPolicy))
            };
            html! {
                <>
                    <button {onclick}>{ "Edit session policy" }</button>
                    <button onclick={remove}>{ "Remove session policy" }</button>
                </>
            }
        } else {
            let state = state.clone();
            let onclick = Callback::from(move |_| edit_hop(&state, request, h, HopEdit::AddSessionPolicy));
            html! { <button {onclick}>{ "Add session policy" }</button> }
        };
        let tags: Vec<(String, String)> = hop.session_tags.iter().map(|(k, v)| (k.to_owned(), v.clone())).collect();
        html! {
            <li class="hop" key={h}>
                <div class="hop-head">
                    <strong>{ format!("Hop {}: assume role", h + 1) }</strong>
                    <button class="icon" onclick={on_remove} aria-label={format!("remove hop {}", h + 1)} title="Remove hop">{ "×" }</button>
                </div>
                <label class="field">
                    <span>{ "Role ARN" }</span>
                    <input value={hop.role.clone()} oninput={on_role} list="rc-roles" spellcheck="false"
                        aria-label={format!("hop {} role ARN", h + 1)} />
                </label>
                { optional_field(&state, request, h, "Session name", hop.session_name.as_ref(), HopEdit::SessionName) }
                { optional_field(&state, request, h, "External id", hop.external_id.as_ref(), HopEdit::ExternalId) }
                { optional_field(&state, request, h, "Source identity", hop.source_identity.as_ref(), HopEdit::SourceIdentity) }
                { optional_field(&state, request, h, "Duration (s)", hop.duration_seconds.map(|d| d.to_string()).as_ref(),
                    HopEdit::Duration) }
                { mfa_box(&state, request, h, hop.mfa) }
                <details>
                    <summary>{ format!("Session tags ({})", tags.len()) }</summary>
                    <KvTable label={format!("hop {} session tags", h + 1)} entries={tags} on_change={on_tags} key_hint="project" />
                </details>
                <div class="row">{ session_button }</div>
            </li>
        }
    });
    let on_add = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Change::AddHop(request).into()))
    };

    html! {
        <fieldset class="hops">
            <legend>{ "Assume chain" }</legend>
            if req.assume.is_empty() {
                <p class="hint">{ "The principal calls the action directly." }</p>
            }
            <ol>{ for cards }</ol>
            <button onclick={on_add}>{ "+ Assume a role" }</button>
            <datalist id="rc-roles">
                { for roles.iter().map(|arn| html! { <option value={arn.clone()} /> }) }
            </datalist>
        </fieldset>
    }
}
