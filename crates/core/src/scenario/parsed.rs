//! The parsed documents of a scenario being edited, lent to the evaluation while a
//! [`crate::editing::Cache`] evaluates: [`policy`] is where the scenario's evaluation reads a
//! document ([`crate::scenario::policies::compile`]); it takes the parsed policy from the lent
//! store and records which document was read, or parses the text when nothing is lent (the CLI,
//! the access graph).
//!
//! Why a thread-local: the documents are parsed in one place deep below the evaluation's public
//! functions; passing the store down every call would change every signature between them for
//! one caller. It lives here, below the evaluation, so that the scenario module forms no cycle
//! and the cache itself ([`crate::editing`]) can sit above `suggest` (`tests/layers.rs`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::document::DocumentId;
use crate::policy::model::{Policy, PolicyKind};
use crate::policy::parse_policy;

/// The documents read, by kind, then text.
#[derive(Debug, Default)]
pub(crate) struct Documents {
    by_kind: HashMap<PolicyKind, HashMap<String, Parsed>>,
}

/// One document text read as one kind.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) policy: Arc<Policy>,
    /// The policy reader's diagnostics.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// The catalog's lint, once made.
    pub(crate) lint: Option<Vec<Diagnostic>>,
    /// The generation that last used it.
    pub(crate) used: u64,
}

impl Documents {
    /// `text` read as `kind`, parsed now if it was not before (`None` cannot happen: the
    /// caller then parses it itself).
    pub(crate) fn get(
        &mut self,
        text: &str,
        kind: PolicyKind,
        generation: u64,
    ) -> Option<&mut Parsed> {
        let by_text = self.by_kind.entry(kind).or_default();
        if !by_text.contains_key(text) {
            let parsed = parse_policy(text, kind);
            by_text.insert(
                text.to_owned(),
                Parsed {
                    policy: Arc::new(parsed.policy),
                    diagnostics: parsed.diagnostics,
                    lint: None,
                    used: generation,
                },
            );
        }
        let parsed = by_text.get_mut(text)?;
        parsed.used = generation;
        Some(parsed)
    }

    /// Forgets the documents not used since `generation`.
    pub(crate) fn forget_before(&mut self, generation: u64) {
        for by_text in self.by_kind.values_mut() {
            by_text.retain(|_, p| p.used >= generation);
        }
    }

    pub(crate) fn forget_lints(&mut self) {
        for parsed in self.by_kind.values_mut().flat_map(HashMap::values_mut) {
            parsed.lint = None;
        }
    }
}

/// What a cache ([`crate::editing::Cache`]) lends the evaluation while it runs (see [`policy`]).
struct Active {
    documents: Documents,
    generation: u64,
    reads: Vec<DocumentId>,
}

thread_local! {
    static ACTIVE: RefCell<Option<Active>> = const { RefCell::new(None) };
}

/// The policy `text` read as `kind`, for the document `source`: from the cache that is
/// evaluating, which records the read, or parsed now when none is.
pub(crate) fn policy(text: &str, kind: PolicyKind, source: Option<DocumentId>) -> Arc<Policy> {
    let cached = ACTIVE.with(|active| {
        let mut active = active.try_borrow_mut().ok()?;
        let active = active.as_mut()?;
        active.reads.extend(source);
        let generation = active.generation;
        let parsed = active.documents.get(text, kind, generation)?;
        Some(parsed.policy.clone())
    });
    cached.unwrap_or_else(|| Arc::new(parse_policy(text, kind).policy))
}

/// Runs `f` with `documents` lent to the evaluation: what it returns, and the documents it read
/// (sorted, without repeats).
pub(crate) fn reading<R>(
    documents: &mut Documents,
    generation: u64,
    f: impl FnOnce() -> R,
) -> (R, Vec<DocumentId>) {
    let lent = Active {
        documents: std::mem::take(documents),
        generation,
        reads: Vec::new(),
    };
    let previous = ACTIVE.with(|active| active.replace(Some(lent)));
    let out = f();
    let back = ACTIVE.with(|active| active.replace(previous));
    let mut reads = Vec::new();
    if let Some(back) = back {
        *documents = back.documents;
        reads = back.reads;
    }
    reads.sort_unstable();
    reads.dedup();
    (out, reads)
}
