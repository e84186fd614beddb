//! What this module (the page's, or the evaluation worker's) holds of the AWS data it loaded:
//! the service catalog (read by the worker only, `catalog.rs`) and the AWS managed policies
//! fetched so far (`managed.rs`). One home for each, below the engine, which is handed them
//! (`engine::resolve_and_view_in`); the modules that fetch them put them here.

use std::cell::RefCell;
use std::rc::Rc;

use rolecall_core::catalog::Catalog;
use rolecall_core::managed::ManagedPolicies;

thread_local! {
    /// The catalog, once read (in the worker's module; the page's module never reads it).
    static CATALOG: RefCell<Option<Rc<Catalog>>> = const { RefCell::new(None) };
    /// The AWS managed policies fetched so far: the index, and each policy as it arrives.
    static MANAGED: RefCell<ManagedPolicies> = RefCell::new(ManagedPolicies::new());
}

/// The catalog, once loaded (in the worker; always `None` on the page).
#[must_use]
pub fn catalog() -> Option<Rc<Catalog>> {
    CATALOG.with(|c| c.borrow().clone())
}

/// Keeps the catalog read (the worker's `catalog::install_text`).
#[cfg(any(feature = "worker", test))]
pub fn set_catalog(catalog: Catalog) {
    CATALOG.with(|c| *c.borrow_mut() = Some(Rc::new(catalog)));
}

/// Runs `f` with the AWS managed policies fetched so far.
pub fn with_managed<R>(f: impl FnOnce(&ManagedPolicies) -> R) -> R {
    MANAGED.with(|s| f(&s.borrow()))
}

/// Adds fetched managed policies (the name index, or one policy's file).
pub fn merge_managed(set: ManagedPolicies) {
    MANAGED.with(|s| s.borrow_mut().merge(set));
}
