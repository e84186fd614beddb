//! The organization's accounts (each with its path of root and OUs) and its management account,
//! which decide which SCPs and RCPs apply.

use rolecall_core::scenario::model::KeyValues;
use yew::prelude::*;

use crate::components::kv_table::KvTable;
use crate::state::{Change, dispatch_typed, use_app_state_shape};

/// `r-root, ou-dev` for `["r-root", "ou-dev"]`.
fn path_text(path: &[String]) -> String {
    path.join(", ")
}

/// The path typed as a comma-separated list.
fn text_path(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Accounts and management account, folded away by default.
#[component]
pub fn OrganizationSettings() -> Html {
    let state = use_app_state_shape();
    let org = state.scenario.organization.clone().unwrap_or_default();
    let entries: Vec<(String, String)> = org
        .accounts
        .iter()
        .map(|(a, p)| (a.to_owned(), path_text(p)))
        .collect();
    let on_accounts = {
        let state = state.clone();
        Callback::from(move |pairs: Vec<(String, String)>| {
            let accounts = KeyValues(
                pairs
                    .iter()
                    .map(|(a, p)| (a.clone(), text_path(p)))
                    .collect(),
            );
            state.dispatch(Change::SetAccounts(accounts).into());
        })
    };
    let on_management = dispatch_typed(&state, Change::SetManagementAccount);
    html! {
        <details class="org-settings">
            <summary>{ format!("Accounts ({})", org.accounts.0.len()) }</summary>
            <label class="field">
                <span>{ "Management" }</span>
                <input value={org.management_account.clone().unwrap_or_default()} oninput={on_management}
                    aria-label="management account id" placeholder="999999999999" spellcheck="false" />
            </label>
            <KvTable label="Accounts and their OU paths" entries={entries} on_change={on_accounts} key_hint="111111111111" />
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_comma_separated() {
        assert_eq!(
            text_path(" r-root, ou-dev ,"),
            vec!["r-root".to_owned(), "ou-dev".to_owned()]
        );
        assert_eq!(path_text(&text_path("r-root,ou-dev")), "r-root, ou-dev");
    }
}
