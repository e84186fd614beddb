//! The text of an AWS managed policy an explanation names (issue 11: "explanations name the
//! managed policy and link to its text"): the core marks the name in the line
//! ([`rolecall_core::evaluate::PolicyLink`]), the result panel draws it as a button, and this
//! panel shows the policy's default version read-only, as the page fetched it. No editor holds
//! it: it is AWS's text, not the scenario's.

use rolecall_core::managed::Lookup;
use rolecall_core::scenario::text::pretty;
use yew::prelude::*;

use crate::clip::quoted;
use crate::components::focus::{Target, focus_later};

/// A line's text with its quoted part `part` drawn as a button that opens the policy `arn`
/// (the rest as [`quoted`] draws it); `rest` draws what follows the name (the line's own link
/// into the editor, when it has one).
pub fn linked_text(
    text: &str,
    part: usize,
    arn: &str,
    on_open: &Callback<String>,
    rest: impl FnOnce(Html) -> Html,
) -> Html {
    // The quoted parts are the odd pieces between backticks: part `n` is piece `2n + 1`; what
    // comes before and after it starts outside a quote, as `quoted` reads it.
    let at = 2 * part + 1;
    let pieces: Vec<&str> = text.split('`').collect();
    let (Some(before), Some(name)) = (
        pieces.get(..at).map(|p| p.join("`")),
        pieces.get(at).copied(),
    ) else {
        return rest(quoted(text));
    };
    let after = pieces
        .get(at + 1..)
        .map(|p| p.join("`"))
        .unwrap_or_default();
    let onclick = {
        let (on_open, arn) = (on_open.clone(), arn.to_owned());
        Callback::from(move |_| on_open.emit(arn.clone()))
    };
    html! {
        <>
            { quoted(&before) }
            <button class="link managed-link" data-testid="managed-link" data-arn={arn.to_owned()}
                title={format!("Show the text of {arn}")} {onclick}>
                <code>{ name.to_owned() }</code>
            </button>
            { rest(quoted(&after)) }
        </>
    }
}

/// Props of [`ManagedText`].
#[derive(Properties, PartialEq)]
pub struct ManagedTextProps {
    /// The AWS managed policy shown.
    pub arn: String,
    /// Closes the panel.
    pub on_close: Callback<()>,
}

/// The read-only text of one AWS managed policy, with the version the evaluation used; Close
/// (or Escape) returns to the link that opened it.
#[component]
pub fn ManagedText(props: &ManagedTextProps) -> Html {
    use_effect_with(props.arn.clone(), |_| {
        focus_later(Target::Selector(
            "[data-testid=managed-policy-text] .close".to_owned(),
        ));
    });
    let close = {
        let (on_close, arn) = (props.on_close.clone(), props.arn.clone());
        move || {
            on_close.emit(());
            focus_later(Target::Selector(format!(
                "[data-testid=managed-link][data-arn=\"{arn}\"]"
            )));
        }
    };
    let onclick = {
        let close = close.clone();
        Callback::from(move |_: MouseEvent| close())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            close();
        }
    });
    let (version, text) = crate::managed::with_store(|aws| match aws.lookup(&props.arn) {
        Lookup::Found(policy) => (
            format!("default version {}", policy.version_id),
            pretty(policy.document.as_deref().unwrap_or_default()),
        ),
        Lookup::Loading | Lookup::Unknown => ("loading…".to_owned(), String::new()),
    });
    html! {
        <section class="managed-view managed-policy-text" data-testid="managed-policy-text"
            role="dialog" aria-label={format!("{} (AWS managed policy)", props.arn)} {onkeydown}>
            <p class="managed-head">
                <code>{ props.arn.clone() }</code>
                { format!(" — AWS managed policy, {version} (read-only)") }
                <button class="close" {onclick}>{ "Close" }</button>
            </p>
            <pre class="managed-text" data-testid="managed-text" tabindex="0"
                aria-label={format!("{} document", props.arn)}>{ text }</pre>
        </section>
    }
}
