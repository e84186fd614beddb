//! A picker of ARNs taken from the scenario (its roles, its identities, their accounts), beside
//! a field or above an editor: choosing one hands it over and the picker returns to its prompt,
//! so the same entry can be chosen again (issue 16, "pickers for principals and roles filled
//! from the scenario").

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use rolecall_core::scenario::arn::{self, IdentityKind};

/// Props of [`ScenarioPick`].
#[derive(Properties, PartialEq)]
pub struct ScenarioPickProps {
    /// The ARNs offered, in order.
    pub options: Vec<String>,
    /// The first, empty entry (what choosing does, for example "pick a role…").
    pub prompt: AttrValue,
    /// The accessible name.
    pub label: AttrValue,
    /// The test id.
    pub test_id: AttrValue,
    /// Called with the ARN chosen.
    pub on_pick: Callback<String>,
}

/// The picker; nothing when the scenario has nothing to offer.
#[component]
pub fn ScenarioPick(props: &ScenarioPickProps) -> Html {
    if props.options.is_empty() {
        return html! {};
    }
    let onchange = {
        let options = props.options.clone();
        let on_pick = props.on_pick.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            let chosen = select.selected_index();
            select.set_selected_index(0);
            if let Some(arn) = usize::try_from(chosen - 1)
                .ok()
                .and_then(|i| options.get(i))
            {
                on_pick.emit(arn.clone());
            }
        })
    };
    html! {
        <select class="scenario-pick" {onchange} aria-label={props.label.clone()} data-testid={props.test_id.clone()}>
            <option value="" selected=true>{ props.prompt.clone() }</option>
            { for props.options.iter().map(|arn| html! {
                <option value={arn.clone()} title={arn.clone()}>{ pick_label(arn) }</option>
            }) }
        </select>
    }
}

/// How an ARN reads in the list: the short name and, for an account root, the account.
fn pick_label(arn: &str) -> String {
    let account = arn::account(arn).unwrap_or_default();
    if arn::identity_kind(arn) == Some(IdentityKind::Root) {
        format!("account {account}")
    } else {
        format!("{} ({account})", arn::name(arn))
    }
}
