//! The import review: a file with diagnostics is not loaded at once. Its diagnostics are shown
//! exactly as `rolecall eval` prints them (the core renders both), and the user chooses to
//! replace the scenario with it (the replaced one stays restorable) or to cancel.

use std::rc::Rc;

use rolecall_core::diagnostic::render::{render_all, summary};
use rolecall_core::scenario::load;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::engine;
use crate::state::{Action, PendingImport, Source, StateContext, use_app_state};

/// What to do with the text of file `name`: load it at once when the core finds nothing to
/// report, else review its diagnostics first.
#[must_use]
pub fn import_action(name: String, text: &str) -> Action {
    let loaded = load(text);
    let scenario = engine::load_scenario(text).ok().map(Rc::new);
    match scenario {
        Some(scenario) if loaded.diagnostics.is_empty() => Action::Load {
            scenario,
            source: Source::File(name),
        },
        scenario => Action::ReviewImport(Rc::new(PendingImport {
            summary: summary(&loaded.diagnostics),
            report: render_all(&loaded.diagnostics, text, &name, false),
            name,
            scenario,
        })),
    }
}

fn focus_first_button() {
    gloo_timers::callback::Timeout::new(0, || {
        if let Some(button) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector("[data-testid=import-review] button")
                    .ok()
                    .flatten()
            })
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = button.focus();
        }
    })
    .forget();
}

fn cancel(state: &StateContext) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |_| state.dispatch(Action::CancelImport))
}

/// The review dialog, while a file waits.
#[component]
pub fn ImportReview() -> Html {
    let state = use_app_state();
    let pending = state.import.clone();
    use_effect_with(pending.as_ref().map(|p| p.name.clone()), |name| {
        if name.is_some() {
            focus_first_button();
        }
    });
    let Some(pending) = pending else {
        return html! {};
    };
    let onkeydown = {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                state.dispatch(Action::CancelImport);
            }
        })
    };
    let confirm = pending.scenario.clone().map(|scenario| {
        let state = state.clone();
        let name = pending.name.clone();
        let onclick = Callback::from(move |_| {
            state.dispatch(Action::Load {
                scenario: scenario.clone(),
                source: Source::File(name.clone()),
            });
        });
        html! {
            <button data-testid="import-confirm" {onclick}>{ "Replace my scenario with this file" }</button>
        }
    });
    let verdict = if pending.scenario.is_some() {
        "Importing it replaces your scenario (which stays restorable); the problems stay listed."
    } else {
        "It cannot be imported: nothing was replaced."
    };
    html! {
        <div class="import-review" data-testid="import-review" role="dialog" aria-modal="true"
            aria-labelledby="import-review-title" {onkeydown}>
            <h2 id="import-review-title">{ format!("{}: {}", pending.name, pending.summary) }</h2>
            <p>{ verdict }</p>
            <pre class="diagnostics" data-testid="import-diagnostics" tabindex="0"
                aria-label="the file's diagnostics">{ pending.report.clone() }</pre>
            <div class="row">
                { confirm }
                <button data-testid="import-cancel" onclick={cancel(&state)}>{ "Cancel" }</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(name: &str, text: &str) -> Rc<PendingImport> {
        match import_action(name.to_owned(), text) {
            Action::ReviewImport(pending) => pending,
            _ => panic!("`{text}` was imported without a review"),
        }
    }

    #[test]
    fn a_file_without_diagnostics_is_imported_at_once() {
        let text = r#"{"rolecall": 1, "identities": [], "resources": [], "requests": []}"#;
        assert!(matches!(
            import_action("ok.json".to_owned(), text),
            Action::Load { source: Source::File(name), .. } if name == "ok.json"
        ));
    }

    #[test]
    fn a_trailing_comma_is_shown_as_the_cli_shows_it_before_importing() {
        let pending = review(
            "comma.json",
            "{\"rolecall\": 1, \"identities\": [], \"resources\": [], \"requests\": [],}",
        );
        assert!(
            pending.report.contains("error[trailing-comma]"),
            "{}",
            pending.report
        );
        assert!(
            pending.report.contains("comma.json:1:"),
            "{}",
            pending.report
        );
        assert!(pending.summary.contains("error"), "{}", pending.summary);
    }

    #[test]
    fn an_arn_of_the_wrong_type_is_shown_before_importing() {
        let pending = review(
            "arn.json",
            r#"{"rolecall": 1, "identities": [{"arn": 42}], "resources": [], "requests": []}"#,
        );
        assert!(
            pending.report.contains("error[wrong-type]"),
            "{}",
            pending.report
        );
    }

    #[test]
    fn text_that_is_not_a_scenario_can_only_be_cancelled() {
        let pending = review("bad.json", "{ not json");
        assert!(pending.scenario.is_none());
        assert!(pending.report.contains("error["), "{}", pending.report);
    }
}
