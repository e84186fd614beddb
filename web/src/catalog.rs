//! The AWS service catalog, fetched lazily after the first paint from `catalog.json` next to
//! the page (same origin, allowed by the CSP) and read by the core in the evaluation worker
//! only: reading its 1.3 MB of JSON was the largest single task of the page's thread (250-650 ms
//! on the loaded 2-core machine, issues 14 and 16). The page fetches the text and hands it to the
//! worker without reading it; once the worker has read it, policies get the catalog lint, and
//! editors get completions and a hover on action patterns saying which actions they cover, each
//! asked of the worker when the editor needs it (`evaluator::ask`). The page works fully without
//! it.

#[cfg(any(feature = "worker", test))]
use rolecall_core::catalog::{Catalog, CompletionContext, complete, describe_pattern};
#[cfg(any(feature = "worker", test))]
use rolecall_core::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::UseReducerDispatcher;

use crate::offline::fetch_js;
use crate::state::{Action, CatalogStatus, State};

/// What the worker says of the catalog text it was given: its data's date, or why it could not
/// read it.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
enum Installed {
    Date(String),
    Error(String),
}

/// Reads the catalog's text into `into` (the evaluation worker's state, `worker.rs`): its date
/// as JSON, or why it could not be read (`into` is then left as it was).
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn install_text(text: &str, into: &mut Option<Catalog>) -> String {
    installed_into(Catalog::parse(text), into)
}

/// [`install_text`] for a catalog read otherwise (`worker.rs`, the mirror's read in parts).
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn installed_into(read: Result<Catalog, Diagnostic>, into: &mut Option<Catalog>) -> String {
    match read {
        Ok(catalog) => {
            let date = catalog.data_date().to_owned();
            *into = Some(catalog);
            installed(Ok(date))
        }
        Err(d) => installed(Err(d)),
    }
}

/// The answer to the page for a catalog read: its date, or why it could not be read.
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn installed(read: Result<String, Diagnostic>) -> String {
    let installed = match read {
        Ok(date) => Installed::Date(date),
        Err(d) => Installed::Error(d.message),
    };
    serde_json::to_string(&installed).unwrap_or_default()
}

/// Fetches the catalog and has the worker read it, then installs the completion and hover
/// providers (which ask the worker) and re-evaluates (so that the catalog lint appears). The
/// page never reads the catalog's JSON itself.
pub fn load(dispatcher: UseReducerDispatcher<State>) {
    dispatcher.dispatch(Action::Catalog(CatalogStatus::Loading));
    wasm_bindgen_futures::spawn_local(async move {
        let text = match fetch_js("catalog.json").await {
            Ok(text) => text,
            Err(why) => {
                dispatcher.dispatch(Action::Catalog(CatalogStatus::Failed(why)));
                return;
            }
        };
        crate::evaluator::ask("catalog", &text, move |reply| {
            let installed = reply.map(|json| serde_json::from_str::<Installed>(&json));
            let status = match installed {
                Some(Ok(Installed::Date(date))) => {
                    install_completions();
                    CatalogStatus::Ready(date)
                }
                Some(Ok(Installed::Error(why))) => CatalogStatus::Failed(why),
                Some(Err(why)) => CatalogStatus::Failed(why.to_string()),
                None => CatalogStatus::Failed("the evaluation worker stopped".to_owned()),
            };
            dispatcher.dispatch(Action::Catalog(status));
        });
    });
}

/// What the editor found at the cursor (see `completionSource` in web/js/editor.js): the kind
/// of place, the text typed so far, and the statement's action patterns.
#[derive(Deserialize)]
struct Query {
    kind: String,
    #[cfg_attr(
        not(any(feature = "worker", test)),
        expect(dead_code, reason = "read by the worker's `complete_answer`")
    )]
    prefix: String,
    #[serde(default)]
    #[cfg_attr(
        not(any(feature = "worker", test)),
        expect(dead_code, reason = "read by the worker's `complete_answer`")
    )]
    actions: Vec<String>,
    /// Where the typed text starts, in UTF-16 units.
    from: usize,
}

#[derive(Serialize)]
struct Answer {
    from: usize,
    options: Vec<OptionOut>,
}

#[derive(Serialize)]
struct OptionOut {
    label: String,
    detail: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// Answers one completion query with the core's `complete` on `catalog`, in the worker
/// (`worker_complete`): "" without a catalog.
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn complete_answer(catalog: Option<&Catalog>, query: &str) -> String {
    let Ok(q) = serde_json::from_str::<Query>(query) else {
        return String::new();
    };
    let Some(catalog) = catalog else {
        return String::new();
    };
    let actions: Vec<&str> = q.actions.iter().map(String::as_str).collect();
    let prefix = q.prefix.as_str();
    let context = match q.kind.as_str() {
        "action" => CompletionContext::Action { prefix },
        "operator" => CompletionContext::Operator { prefix },
        "conditionKey" => CompletionContext::ConditionKey {
            prefix,
            actions: &actions,
        },
        "resource" => CompletionContext::Resource {
            prefix,
            actions: &actions,
        },
        _ => return String::new(),
    };
    let options: Vec<OptionOut> = complete(catalog, context)
        .into_iter()
        .take(200)
        .map(|c| OptionOut {
            kind: match c.kind {
                rolecall_core::catalog::CompletionKind::Service => "namespace",
                rolecall_core::catalog::CompletionKind::Action => "function",
                rolecall_core::catalog::CompletionKind::Operator => "keyword",
                rolecall_core::catalog::CompletionKind::ConditionKey => "property",
                rolecall_core::catalog::CompletionKind::ResourceArn => "text",
            },
            label: c.label,
            detail: c.detail,
        })
        .collect();
    serde_json::to_string(&Answer {
        from: q.from,
        options,
    })
    .unwrap_or_default()
}

/// Answers one completion query on the page: AWS managed policy ARNs from the page's
/// managed-policy index (fetched on the first such query) at once, anything else from the
/// catalog in the worker, as a promise of the answer ("" for none).
fn answer(query: String) -> JsValue {
    let Ok(q) = serde_json::from_str::<Query>(&query) else {
        return JsValue::from_str("");
    };
    if q.kind == "managedPolicy" {
        return JsValue::from_str(&managed_answer(&q));
    }
    ask_worker("complete", query)
}

/// A promise of the worker's answer to `kind` (`complete`, `hover`) about `text`: "" when the
/// worker cannot answer.
fn ask_worker(kind: &'static str, text: String) -> JsValue {
    js_sys::Promise::new(&mut |resolve, _reject| {
        crate::evaluator::ask(kind, &JsValue::from_str(&text), move |reply| {
            // Calling a promise's resolve function cannot fail.
            drop(resolve.call1(
                &JsValue::NULL,
                &JsValue::from_str(reply.as_deref().unwrap_or_default()),
            ));
        });
    })
    .into()
}

/// Every AWS managed policy ARN of the index: the editor filters them as the user types (its
/// `validFor`), so the list never has to be asked for again, whatever is typed or erased. The
/// index is fetched on the first query; until it arrives, nothing (the editor asks again when it
/// does: `managed::request_index`).
fn managed_answer(q: &Query) -> String {
    if !crate::managed::ensure_index() {
        return String::new();
    }
    let options: Vec<OptionOut> = crate::loaded::with_managed(|s| {
        s.iter()
            .map(|p| OptionOut {
                label: p.arn.clone(),
                detail: format!("AWS managed, {}", p.version_id),
                kind: "text",
            })
            .collect()
    });
    serde_json::to_string(&Answer {
        from: q.from,
        options,
    })
    .unwrap_or_default()
}

/// The hover text of an action pattern: how many actions it covers and which (the core's
/// `describe_pattern` on `catalog`), in the worker (`worker_hover`). Empty without a catalog.
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn hover_text(catalog: Option<&Catalog>, pattern: &str) -> String {
    const SHOWN: usize = 25;
    let Some(catalog) = catalog else {
        return String::new();
    };
    let summary = describe_pattern(catalog, pattern, SHOWN);
    let mut text = match summary.count {
        0 => format!("`{pattern}` matches no known action"),
        1 => format!("`{pattern}` covers 1 action:"),
        n => format!("`{pattern}` covers {n} actions:"),
    };
    for action in &summary.actions {
        text.push_str(&format!("\n{} ({})", action.name, action.level));
    }
    if summary.count > summary.actions.len() {
        text.push_str(&format!(
            "\n… and {} more",
            summary.count - summary.actions.len()
        ));
    }
    text
}

fn install_completions() {
    let provider = Closure::<dyn Fn(String) -> JsValue>::new(answer);
    crate::editor::set_completion_provider(provider.as_ref().unchecked_ref());
    provider.forget();
    let hover_provider =
        Closure::<dyn Fn(String) -> JsValue>::new(|pattern: String| ask_worker("hover", pattern));
    crate::editor::set_hover_provider(hover_provider.as_ref().unchecked_ref());
    hover_provider.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_reads_the_catalog_and_answers_completions_and_hovers() {
        let text = include_str!("../../crates/core/data/catalog.json");
        let query = r#"{"kind": "action", "prefix": "s3:GetObj", "from": 7}"#;
        let mut catalog = None;
        // Nothing to answer with before the catalog is read.
        assert_eq!(complete_answer(catalog.as_ref(), query), "");
        assert_eq!(hover_text(catalog.as_ref(), "s3:GetObject*"), "");
        let installed: Installed = serde_json::from_str(&install_text(text, &mut catalog)).unwrap();
        assert!(matches!(installed, Installed::Date(date) if !date.is_empty()));
        let answer = complete_answer(catalog.as_ref(), query);
        let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
        assert_eq!(answer["from"], 7);
        let options = answer["options"].as_array().unwrap();
        assert!(options.iter().any(|o| o["label"] == "s3:GetObject"));
        assert!(hover_text(catalog.as_ref(), "s3:GetObject*").contains("s3:GetObjectAcl"));
    }

    #[test]
    fn a_catalog_that_cannot_be_read_says_why() {
        let mut catalog = None;
        let installed: Installed = serde_json::from_str(&install_text("{", &mut catalog)).unwrap();
        assert!(matches!(installed, Installed::Error(why) if !why.is_empty()));
        assert!(catalog.is_none());
    }
}
