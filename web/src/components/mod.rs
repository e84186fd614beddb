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
pub mod later;
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

use yew::prelude::*;

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

/// The `ontoggle` handler of a `<details>` element whose open state a component keeps in `open`
/// (a hop's folded parameters, the request's context keys): the user's toggle is kept.
pub fn on_toggle(open: &UseStateHandle<bool>) -> Callback<Event> {
    let open = open.clone();
    Callback::from(move |e: Event| {
        open.set(
            e.target_unchecked_into::<web_sys::Element>()
                .has_attribute("open"),
        );
    })
}

/// The `<option>`s of a `<select>` whose choices are the table `choices` (value, form value,
/// label), the one of `selected` chosen.
pub fn options<T: Copy + PartialEq>(
    choices: &[(T, &'static str, &'static str)],
    selected: T,
) -> Html {
    choices
        .iter()
        .map(|&(value, form, label)| {
            html! { <option value={form} selected={value == selected}>{ label }</option> }
        })
        .collect()
}

/// The value of the table `choices` whose form value a `<select>` gave (`fallback` for any
/// other text).
pub fn chosen<T: Copy>(choices: &[(T, &'static str, &'static str)], form: &str, fallback: T) -> T {
    choices
        .iter()
        .find(|(_, f, _)| *f == form)
        .map_or(fallback, |&(value, _, _)| value)
}

#[cfg(test)]
mod tests {
    use super::chosen;

    const CHOICES: [(u8, &str, &str); 2] = [(1, "one", "One"), (2, "two", "Two")];

    #[test]
    fn a_select_gives_back_the_value_of_its_form_value_else_the_fallback() {
        assert_eq!(chosen(&CHOICES, "two", 0), 2);
        assert_eq!(chosen(&CHOICES, "one", 0), 1);
        assert_eq!(chosen(&CHOICES, "Two", 0), 0);
        assert_eq!(chosen(&CHOICES, "", 0), 0);
    }
}
