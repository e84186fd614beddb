//! The AWS managed policies a scenario names, fetched after the first paint.
//!
//! `trunk build` splits the bundled data into `managed/index.json` (every ARN, no documents)
//! and one `managed/<Name>.json` per policy (web/js/managed.mjs). The page fetches the index
//! and only the policies the scenario refers to, keeps what arrived for the rest of the visit
//! (so the page keeps working offline once they are loaded), and hands the set to the core's
//! resolver (`scenario::managed::resolve`). A reference whose file has not arrived is
//! "loading", never "unknown".
//!
//! What arrived is also kept in localStorage (issue 11: "keep working offline once those are
//! loaded"), so a reload, or a visit without the network, resolves the policies fetched before
//! without asking the server. The index is fetched again when the network is there; when the
//! data's date changed, the kept policies of the old date are dropped (each is stored under its
//! date, so an old copy is never used for new data).

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

use rolecall_core::managed::{ManagedPolicies, policy_name};
use yew::UseReducerDispatcher;

use crate::offline::fetch_text;
use crate::state::{Action, ManagedStatus, State};

thread_local! {
    /// ARNs requested (fetched, in flight or failed), so each is fetched once.
    static REQUESTED: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
    /// The index: not asked for, in flight, or arrived (or failed).
    static INDEX: Cell<IndexState> = const { Cell::new(IndexState::NotRequested) };
    /// ARNs asked for while the index was in flight.
    static PENDING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IndexState {
    NotRequested,
    InFlight,
    Done,
}

/// Runs `f` with the managed policies the page fetched so far (its store, `loaded.rs`).
pub fn with_store<R>(f: impl FnOnce(&ManagedPolicies) -> R) -> R {
    crate::loaded::with_managed(f)
}

/// The localStorage key prefix of the kept managed-policy files.
const KEPT: &str = "rolecall.managed.v1:";

/// The key of the kept index.
fn index_key() -> String {
    format!("{KEPT}index")
}

/// The key of the kept file of policy `name` from the data of `date`.
fn policy_key(date: &str, name: &str) -> String {
    format!("{KEPT}{date}:{name}")
}

/// The date of a managed-policy file (its header), without reading its policies.
fn date_of(text: &str) -> Option<String> {
    ManagedPolicies::parse(text)
        .ok()
        .map(|s| s.date().to_owned())
}

/// The index: from the network when it answers (kept for the next visit; when its date is
/// new, the policies kept from the old data are dropped), else the one kept from before.
async fn index_text() -> Result<String, String> {
    let kept = crate::persist::load(&index_key());
    match fetch_text("managed/index.json").await {
        Ok(text) => {
            if let Some(date) = date_of(&text) {
                if kept.as_deref().and_then(date_of).as_ref() != Some(&date) {
                    let current = format!("{KEPT}{date}:");
                    crate::persist::remove_where(KEPT, |k| {
                        k == index_key() || k.starts_with(&current)
                    });
                }
                crate::persist::save(&index_key(), &text);
            }
            Ok(text)
        }
        Err(why) => kept.ok_or(why),
    }
}

/// The file of policy `arn`: the one kept from an earlier fetch of the same data, else from
/// the network (then kept).
async fn policy_text(arn: &str) -> Result<String, String> {
    let date = with_store(|s| s.date().to_owned());
    let name = policy_name(arn);
    let key = policy_key(&date, name);
    if let Some(text) = crate::persist::load(&key) {
        return Ok(text);
    }
    let text = fetch_text(&format!("managed/{name}.json")).await?;
    crate::persist::save(&key, &text);
    Ok(text)
}

/// Adds a fetched file (the name index, or one policy) to the page's store.
fn merge(text: &str) -> Result<(), String> {
    let set = ManagedPolicies::parse(text).map_err(|d| d.message)?;
    crate::loaded::merge_managed(set);
    Ok(())
}

/// Adds a file fetched by the page to the store, and hands it to the evaluation worker.
fn arrived(text: &str) -> Result<(), String> {
    merge(text)?;
    crate::evaluator::share("managed", text);
    Ok(())
}

fn status() -> ManagedStatus {
    with_store(|s| ManagedStatus {
        date: s.date().to_owned(),
        loaded: s.iter().filter(|p| p.document.is_some()).count(),
        listed: s.len(),
        failed: None,
    })
}

thread_local! {
    /// The page's dispatcher, once a fetch was asked for with one (arrivals update the state).
    static DISPATCHER: RefCell<Option<UseReducerDispatcher<State>>> = const { RefCell::new(None) };
}

/// Whether the index is here; when it was never asked for, asks for it (the editor's
/// completion of AWS managed policy ARNs loads it on first use).
pub fn ensure_index() -> bool {
    match INDEX.with(Cell::get) {
        IndexState::Done => true,
        IndexState::InFlight => false,
        IndexState::NotRequested => {
            request_index();
            false
        }
    }
}

/// Fetches the index, then the policies asked for meanwhile.
fn request_index() {
    INDEX.with(|i| i.set(IndexState::InFlight));
    wasm_bindgen_futures::spawn_local(async move {
        let result = index_text().await.and_then(|t| arrived(&t));
        INDEX.with(|i| i.set(IndexState::Done));
        if result.is_ok() {
            // The ARN being typed completes now, without waiting for the next keystroke.
            crate::editor::refresh_completion();
        }
        let mut status = status();
        status.failed = result.err();
        let pending = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
        if let Some(dispatcher) = DISPATCHER.with(|d| d.borrow().clone()) {
            dispatcher.dispatch(Action::Managed(status));
            fetch_listed(pending, &dispatcher);
        }
    });
}

/// Fetches the name index (once), then every policy of `arns` that the index lists and that was
/// not requested before; each arrival updates the state, which evaluates the scenario again.
/// An ARN the index does not list is never fetched: the core's resolver reports it as unknown
/// (with "did you mean"), and the page makes no request that can only fail.
pub fn fetch(arns: Vec<String>, dispatcher: UseReducerDispatcher<State>) {
    DISPATCHER.with(|d| *d.borrow_mut() = Some(dispatcher.clone()));
    match INDEX.with(Cell::get) {
        IndexState::Done => fetch_listed(arns, &dispatcher),
        IndexState::InFlight => PENDING.with(|p| p.borrow_mut().extend(arns)),
        IndexState::NotRequested => {
            PENDING.with(|p| p.borrow_mut().extend(arns));
            request_index();
        }
    }
}

/// Fetches the policies of `arns` the index lists, each once.
fn fetch_listed(arns: Vec<String>, dispatcher: &UseReducerDispatcher<State>) {
    for arn in arns {
        if !with_store(|s| s.contains(&arn)) {
            continue;
        }
        let new = REQUESTED.with(|r| r.borrow_mut().insert(arn.clone()));
        if !new {
            continue;
        }
        let dispatcher = dispatcher.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let result = policy_text(&arn).await;
            let mut status = status();
            match result {
                Ok(text) => match arrived(&text) {
                    Ok(()) => status = self::status(),
                    Err(why) => status.failed = Some(why),
                },
                Err(why) => status.failed = Some(why),
            }
            dispatcher.dispatch(Action::Managed(status));
        });
    }
}
