//! The page's store of the AWS managed policies it fetched (`managed.rs` fetches them; the
//! index and each policy as it arrives). Below the engine and the evaluator, which are handed
//! the set by the page's callers (`engine::resolved`, `engine::outcome_from_json`); the editors'
//! ARN completion and the managed-policy panels read it too.
//!
//! The page's module never reads the AWS catalog: only the evaluation worker does, and the
//! worker keeps what it loaded (the catalog and its own copy of these policies) in its own state
//! (`worker.rs`), never here. The engine reads neither store: it is handed what it uses.

use std::cell::RefCell;

use rolecall_core::managed::ManagedPolicies;

thread_local! {
    /// The AWS managed policies the page fetched so far.
    static MANAGED: RefCell<ManagedPolicies> = RefCell::new(ManagedPolicies::new());
}

/// Runs `f` with the AWS managed policies the page fetched so far.
pub fn with_managed<R>(f: impl FnOnce(&ManagedPolicies) -> R) -> R {
    MANAGED.with(|s| f(&s.borrow()))
}

/// Adds fetched managed policies (the name index, or one policy's file) to the page's store.
pub fn merge_managed(set: ManagedPolicies) {
    MANAGED.with(|s| s.borrow_mut().merge(set));
}
