//! The AWS managed policies a scenario names, fetched after the first paint.
//!
//! `trunk build` splits the bundled data into `managed/index.json` (every ARN, no documents)
//! and one `managed/<Name>.json` per policy (web/js/managed.mjs). The page fetches the index
//! and only the policies the scenario refers to, keeps what arrived for the rest of the visit
//! (so the page keeps working offline once they are loaded), and hands the set to the core's
//! resolver (`scenario::managed::resolve`). A reference whose file has not arrived is
//! "loading", never "unknown".

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

use rolecall_core::managed::{ManagedPolicies, policy_name};
use yew::UseReducerDispatcher;

use crate::catalog::fetch_text;
use crate::state::{Action, ManagedStatus, State};

thread_local! {
    static STORE: RefCell<ManagedPolicies> = RefCell::new(ManagedPolicies::new());
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

/// Runs `f` with the managed policies fetched so far.
pub fn with_store<R>(f: impl FnOnce(&ManagedPolicies) -> R) -> R {
    STORE.with(|s| f(&s.borrow()))
}

fn merge(text: &str) -> Result<(), String> {
    let set = ManagedPolicies::parse(text).map_err(|d| d.message)?;
    STORE.with(|s| s.borrow_mut().merge(set));
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

/// Fetches the name index (once), then every policy of `arns` that the index lists and that was
/// not requested before; each arrival updates the state, which evaluates the scenario again.
/// An ARN the index does not list is never fetched: the core's resolver reports it as unknown
/// (with "did you mean"), and the page makes no request that can only fail.
pub fn fetch(arns: Vec<String>, dispatcher: UseReducerDispatcher<State>) {
    match INDEX.with(Cell::get) {
        IndexState::Done => fetch_listed(arns, &dispatcher),
        IndexState::InFlight => PENDING.with(|p| p.borrow_mut().extend(arns)),
        IndexState::NotRequested => {
            INDEX.with(|i| i.set(IndexState::InFlight));
            PENDING.with(|p| p.borrow_mut().extend(arns));
            wasm_bindgen_futures::spawn_local(async move {
                let result = fetch_text("managed/index.json")
                    .await
                    .and_then(|t| merge(&t));
                INDEX.with(|i| i.set(IndexState::Done));
                let mut status = status();
                status.failed = result.err();
                dispatcher.dispatch(Action::Managed(status));
                let pending = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
                fetch_listed(pending, &dispatcher);
            });
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
            let url = format!("managed/{}.json", policy_name(&arn));
            let result = fetch_text(&url).await;
            let mut status = status();
            match result {
                Ok(text) => match merge(&text) {
                    Ok(()) => status = self::status(),
                    Err(why) => status.failed = Some(why),
                },
                Err(why) => status.failed = Some(why),
            }
            dispatcher.dispatch(Action::Managed(status));
        });
    }
}

/// Puts a managed-policy file in the store, as a fetch would (native tests).
#[cfg(test)]
pub fn insert_for_tests(text: &str) {
    let _ = merge(text);
}
