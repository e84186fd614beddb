//! The page's components, one per file.

pub mod banner;
pub mod challenge;
pub mod commit_field;
pub mod doc_editor;
pub mod doc_tools;
pub mod entity_details;
pub mod examples;
pub mod export_menu;
pub mod focus;
pub mod hops;
pub mod identity_search;
pub mod import;
pub mod import_paste;
pub mod kv_table;
pub mod managed_picker;
pub mod managed_text;
pub mod notes;
pub mod organization;
pub mod policy_pane;
pub mod principal;
pub mod problems;
pub mod reach_answer;
pub mod request_panel;
pub mod result;
pub mod scenario_pick;
pub mod sidebar;
pub mod split_panes;
pub mod step_pane;
pub mod suggestions;
pub mod toolbar;
pub mod what_changed;
pub mod who_can;

use yew::Callback;

/// A callback that emits `value` as `change` leaves it after each event: the handlers of a
/// component that edits one value of its props and gives the whole changed value to
/// `on_change` (the key/value table's rows, the principal's fields).
pub fn emit_changed<T: Clone + 'static, E: 'static>(
    value: &T,
    on_change: &Callback<T>,
    change: impl Fn(&mut T, E) + 'static,
) -> Callback<E> {
    let value = value.clone();
    let on_change = on_change.clone();
    Callback::from(move |e: E| {
        let mut changed = value.clone();
        change(&mut changed, e);
        on_change.emit(changed);
    })
}
