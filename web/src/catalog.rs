//! The AWS service catalog, fetched lazily after the first paint from `catalog.json` next to
//! the page (same origin, allowed by the CSP) and parsed by the core. The page works fully
//! without it; once it is here, policies get the catalog lint, and editors get completions and
//! a hover on action patterns saying which actions they cover.

use std::cell::RefCell;
use std::rc::Rc;

use rolecall_core::catalog::{Catalog, CompletionContext, complete, describe_pattern};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::UseReducerDispatcher;

use crate::state::{Action, CatalogStatus, State};

thread_local! {
    static CATALOG: RefCell<Option<Rc<Catalog>>> = const { RefCell::new(None) };
}

/// The catalog, once loaded.
#[must_use]
pub fn get() -> Option<Rc<Catalog>> {
    CATALOG.with(|c| c.borrow().clone())
}

pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "the request failed".to_owned())?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "not a response".to_owned())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| "no body".to_owned())?)
        .await
        .map_err(|_| "the body could not be read".to_owned())?;
    text.as_string()
        .ok_or_else(|| "the body is not text".to_owned())
}

/// Parses the catalog's text and keeps it (the evaluation worker's copy, `worker.rs`).
#[cfg(any(feature = "worker", test))]
pub fn install_text(text: &str) {
    if let Ok(catalog) = Catalog::parse(text) {
        CATALOG.with(|c| *c.borrow_mut() = Some(Rc::new(catalog)));
    }
}

/// Fetches and parses the catalog, then installs the completion provider and re-evaluates
/// (so that the catalog lint appears).
pub fn load(dispatcher: UseReducerDispatcher<State>) {
    dispatcher.dispatch(Action::Catalog(CatalogStatus::Loading));
    wasm_bindgen_futures::spawn_local(async move {
        let result = fetch_text("catalog.json").await.and_then(|text| {
            let catalog = Catalog::parse(&text).map_err(|d| d.message)?;
            // The worker lints with its own copy; it has it before the re-evaluation below.
            crate::evaluator::share("catalog", &text);
            Ok(catalog)
        });
        match result {
            Ok(catalog) => {
                let date = catalog.data_date().to_owned();
                CATALOG.with(|c| *c.borrow_mut() = Some(Rc::new(catalog)));
                install_completions();
                dispatcher.dispatch(Action::Catalog(CatalogStatus::Ready(date)));
            }
            Err(why) => dispatcher.dispatch(Action::Catalog(CatalogStatus::Failed(why))),
        }
    });
}

/// What the editor found at the cursor (see `completionSource` in web/js/editor.js): the kind
/// of place, the text typed so far, and the statement's action patterns.
#[derive(Deserialize)]
struct Query {
    kind: String,
    prefix: String,
    #[serde(default)]
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

/// Answers one completion query with the core's `complete` (AWS managed policy ARNs from the
/// managed-policy index, fetched on the first such query).
fn answer(query: &str) -> String {
    let Ok(q) = serde_json::from_str::<Query>(query) else {
        return String::new();
    };
    if q.kind == "managedPolicy" {
        return managed_answer(&q);
    }
    let Some(catalog) = get() else {
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
    let options: Vec<OptionOut> = complete(&catalog, context)
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

/// Every AWS managed policy ARN of the index: the editor filters them as the user types (its
/// `validFor`), so the list never has to be asked for again, whatever is typed or erased. The
/// index is fetched on the first query; until it arrives, nothing (the editor asks again when it
/// does: `managed::request_index`).
fn managed_answer(q: &Query) -> String {
    if !crate::managed::ensure_index() {
        return String::new();
    }
    let options: Vec<OptionOut> = crate::managed::with_store(|s| {
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
/// `describe_pattern`). Empty when the catalog is not loaded.
fn hover(pattern: &str) -> String {
    const SHOWN: usize = 25;
    let Some(catalog) = get() else {
        return String::new();
    };
    let summary = describe_pattern(&catalog, pattern, SHOWN);
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
    let provider = Closure::<dyn Fn(String) -> String>::new(|query: String| answer(&query));
    crate::editor::set_completion_provider(provider.as_ref().unchecked_ref());
    provider.forget();
    let hover_provider =
        Closure::<dyn Fn(String) -> String>::new(|pattern: String| hover(&pattern));
    crate::editor::set_hover_provider(hover_provider.as_ref().unchecked_ref());
    hover_provider.forget();
}
