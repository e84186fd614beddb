//! An editable table of key/value pairs (context keys, tags, claims), with read-only rows for
//! values the user cannot change (derived context keys).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::emit_changed;

/// Props of [`KvTable`].
#[derive(Properties, PartialEq, Clone)]
pub struct KvTableProps {
    /// The accessible name of the table (`Context keys`, `Session tags`, ...).
    pub label: AttrValue,
    /// The editable pairs, in display order.
    pub entries: Vec<(String, String)>,
    /// Pairs shown read-only after the editable ones, with a note (e.g. `derived`).
    #[prop_or_default]
    pub fixed: Vec<(String, String, String)>,
    /// Placeholder of the key input for a new row.
    #[prop_or(AttrValue::Static("key"))]
    pub key_hint: AttrValue,
    /// Called with the whole new list after any change.
    pub on_change: Callback<Vec<(String, String)>>,
}

fn input_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// The table. Keys are committed when the input loses focus (so rows do not jump while typing);
/// values on every keystroke.
#[component]
pub fn KvTable(props: &KvTableProps) -> Html {
    let new_key = use_state(String::new);
    let new_value = use_state(String::new);

    let (list, on_change) = (&props.entries, &props.on_change);
    let rows = props.entries.iter().enumerate().map(|(i, (key, value))| {
        let on_key = emit_changed(list, on_change, move |entries, e: Event| {
            if let Some(entry) = entries.get_mut(i) {
                entry.0 = input_value(&e);
            }
        });
        let on_value = emit_changed(list, on_change, move |entries, e: InputEvent| {
            if let Some(entry) = entries.get_mut(i) {
                entry.1 = input_value(&e);
            }
        });
        let on_remove = emit_changed(list, on_change, move |entries, _: MouseEvent| {
            if i < entries.len() {
                entries.remove(i);
            }
        });
        // A value far longer than any AWS value (a hostile link's list of 30,000 context
        // values is 480 KB as text) would take the browser a long task to lay out in a text
        // box: it is shown cut and read-only (the scenario keeps it whole; × removes it).
        let value_cell = if value.len() > crate::clip::MAX_EDITED {
            html! {
                <>
                    <input value={crate::clip::clip(value).into_owned()} readonly=true aria-label={format!("value of {key}")} />
                    <span class="hint" data-testid="long-value">{ format!("{} characters: too long to edit here, so it is shown cut", value.chars().count()) }</span>
                </>
            }
        } else {
            html! { <input value={value.clone()} oninput={on_value} aria-label={format!("value of {key}")} /> }
        };
        html! {
            <tr key={format!("{i}:{key}")}>
                <td><input value={key.clone()} onchange={on_key} aria-label={format!("{} key {}", props.label, i + 1)} /></td>
                <td>{ value_cell }</td>
                <td><button class="icon" onclick={on_remove} aria-label={format!("remove {key}")} title="Remove">{ "×" }</button></td>
            </tr>
        }
    });
    let fixed = props.fixed.iter().map(|(key, value, note)| {
        html! {
            <tr class="fixed" key={format!("fixed:{key}")}>
                <td><code>{ key }</code></td>
                <td><code>{ value }</code></td>
                <td><span class="note">{ note }</span></td>
            </tr>
        }
    });
    let on_add = {
        let entries = props.entries.clone();
        let cb = props.on_change.clone();
        let new_key = new_key.clone();
        let new_value = new_value.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let key = new_key.trim().to_owned();
            if key.is_empty() {
                return;
            }
            let mut entries = entries.clone();
            entries.retain(|(k, _)| k != &key);
            entries.push((key, (*new_value).clone()));
            cb.emit(entries);
            new_key.set(String::new());
            new_value.set(String::new());
        })
    };
    let typed = |field: &UseStateHandle<String>| {
        let field = field.clone();
        Callback::from(move |e: InputEvent| field.set(input_value(&e)))
    };
    let on_new_key = typed(&new_key);
    let on_new_value = typed(&new_value);

    html! {
        <div class="kv">
            <table aria-label={props.label.clone()}>
                <tbody>
                    { for rows }
                    { for fixed }
                </tbody>
            </table>
            <form class="kv-add" onsubmit={on_add}>
                <input value={(*new_key).clone()} oninput={on_new_key} placeholder={props.key_hint.clone()}
                    aria-label={format!("new {} key", props.label)} />
                <input value={(*new_value).clone()} oninput={on_new_value} placeholder="value"
                    aria-label={format!("new {} value", props.label)} />
                <button type="submit">{ "Add" }</button>
            </form>
        </div>
    }
}
