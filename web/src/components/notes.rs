//! The notes column: expectations header, the request list with ✓/✗, and the scenario's
//! Markdown notes (rendered safely by the worker, `crate::markdown`, editable).

use yew::prelude::*;

use crate::markdown::Markdown;
use crate::state::{Change, dispatch_typed, use_app_state_but_typing};

/// The column.
#[component]
pub fn Notes() -> Html {
    let state = use_app_state_but_typing();
    let editing = use_state(|| false);
    let (met, total) = state.outcome.view.expectations();
    let notes: AttrValue = state.scenario.notes.clone().unwrap_or_default().into();
    let all_met = total > 0 && met == total;
    let on_toggle = {
        let editing = editing.clone();
        Callback::from(move |_| editing.set(!*editing))
    };
    let on_notes = dispatch_typed(&state, Change::SetNotes);
    html! {
        <aside class="notes" aria-label="Notes">
            <h2 class={classes!("expectations", all_met.then_some("all-met"))} data-testid="expectations"
                data-met={met.to_string()} data-total={total.to_string()}>
                { format!("{met} of {total} expectations met") }
            </h2>
            <div class="notes-head">
                <h2>{ "Notes" }</h2>
                <button onclick={on_toggle}>{ if *editing { "Done" } else { "Edit notes" } }</button>
            </div>
            if *editing {
                <textarea class="notes-editor" value={state.scenario.notes.clone().unwrap_or_default()} oninput={on_notes}
                    aria-label="Scenario notes (Markdown)" rows="14" />
            } else if state.scenario.notes.as_deref().unwrap_or_default().trim().is_empty() {
                <p class="hint">{ "No notes. Notes are Markdown; trainers use them for instructions." }</p>
            } else {
                <div class="markdown" data-testid="notes"><Markdown text={notes} /></div>
            }
        </aside>
    }
}
