//! Details of the selected identity (tags) and resource (owning account, tags), which the core
//! turns into `aws:PrincipalTag/*`, `aws:ResourceTag/*` and `aws:ResourceAccount`.

use rolecall_core::scenario::arn;
use rolecall_core::scenario::model::KeyValues;
use yew::prelude::*;

use crate::components::kv_table::KvTable;
use crate::docref::DocRef;
use crate::state::{Change, StateContext, dispatch_typed, use_app_state_shape};

fn tag_pairs(tags: &KeyValues<String>) -> Vec<(String, String)> {
    tags.iter()
        .map(|(k, v)| (k.to_owned(), v.clone()))
        .collect()
}

/// What the tag table calls with the edited tags: dispatches `change` with them.
fn on_tags(
    state: &StateContext,
    change: impl Fn(KeyValues<String>) -> Change + 'static,
) -> Callback<Vec<(String, String)>> {
    let state = state.clone();
    Callback::from(move |pairs: Vec<(String, String)>| {
        state.dispatch(change(KeyValues(pairs)).into());
    })
}

/// The selected identity's tags.
#[component]
pub fn IdentityDetails() -> Html {
    let state = use_app_state_shape();
    let index = state.identity;
    let Some(identity) = state.scenario.identities.get(index) else {
        return html! {};
    };
    let on_tags = on_tags(&state, move |tags| Change::SetIdentityTags {
        identity: index,
        tags,
    });
    html! {
        <details class="entity-details">
            <summary>{ format!("Tags of {} ({})", arn::name(&identity.arn), identity.tags.0.len()) }</summary>
            <KvTable label={format!("tags of {}", arn::name(&identity.arn))} entries={tag_pairs(&identity.tags)}
                on_change={on_tags} key_hint="team" />
        </details>
    }
}

/// The selected resource's account and tags (shown when its policy is open).
#[component]
pub fn ResourceDetails() -> Html {
    let state = use_app_state_shape();
    let Some(DocRef::Resource { resource: index }) = state.right_doc() else {
        return html! {};
    };
    let Some(resource) = state.scenario.resources.get(index) else {
        return html! {};
    };
    let on_account = dispatch_typed(&state, move |account| Change::SetResourceAccount {
        resource: index,
        account,
    });
    let on_tags = on_tags(&state, move |tags| Change::SetResourceTags {
        resource: index,
        tags,
    });
    html! {
        <div class="entity-details">
            <label class="field">
                <span>{ "Account" }</span>
                <input value={resource.account.clone().unwrap_or_default()} oninput={on_account}
                    aria-label="account that owns the resource" placeholder="from the ARN" spellcheck="false" />
            </label>
            <details>
                <summary>{ format!("Tags ({})", resource.tags.0.len()) }</summary>
                <KvTable label="resource tags" entries={tag_pairs(&resource.tags)} on_change={on_tags} key_hint="env" />
            </details>
        </div>
    }
}
