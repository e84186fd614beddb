//! A text field whose value is committed when it loses focus or on Enter, never per keystroke
//! (names and ARNs in the sidebar): a rename then follows references however the old text was
//! replaced. Escape puts the committed value back.
//!
//! The draft is the field's own state: a re-render of the page while the user types (an
//! evaluation, the catalog arriving) never resets what is typed but not yet committed.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`CommitField`].
#[derive(Properties, PartialEq, Clone)]
pub struct CommitFieldProps {
    /// The committed value.
    pub value: AttrValue,
    /// The accessible name (also the tooltip).
    pub label: AttrValue,
    /// The element id (to move the focus here).
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Called with the new value when it is committed and differs from `value`.
    pub on_commit: Callback<String>,
}

/// The field.
#[component]
pub fn CommitField(props: &CommitFieldProps) -> Html {
    let draft = use_state(|| props.value.to_string());
    // A new committed value (the commit itself, an undo, a load) replaces the draft.
    {
        let draft = draft.clone();
        use_effect_with(props.value.clone(), move |value| {
            draft.set(value.to_string())
        });
    }
    let commit = {
        let committed = props.value.clone();
        let on_commit = props.on_commit.clone();
        move |text: String| {
            if text != committed.as_str() {
                on_commit.emit(text);
            }
        }
    };
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            draft.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let onchange = {
        let commit = commit.clone();
        Callback::from(move |e: Event| {
            commit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onkeydown = {
        let draft = draft.clone();
        let committed = props.value.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => commit(e.target_unchecked_into::<HtmlInputElement>().value()),
            "Escape" => draft.set(committed.to_string()),
            _ => {}
        })
    };
    html! {
        <input class="rename" id={props.id.clone()} value={(*draft).clone()} {oninput} {onchange} {onkeydown}
            aria-label={props.label.clone()} title={props.label.clone()} spellcheck="false" />
    }
}
