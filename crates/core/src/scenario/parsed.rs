//! The parsed documents of a scenario being edited (`Documents`, kept by a
//! [`crate::editing::Cache`]), and the [`Reader`] through which an evaluation reads its
//! policies: from those documents, recording which were read, or parsed at each read.
//!
//! It lives here, below the evaluation, so that the scenario module forms no cycle and the
//! cache itself ([`crate::editing`]) can sit above `suggest` (`tests/layers.rs`).

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

/// Where an evaluation reads the policy documents of a scenario (`Reader::policy`, called by
/// [`crate::scenario::policies::compile`]): parsed at each read ([`Reader::fresh`]: the CLI,
/// the access graph, a one-off view), or from the parsed documents an edit cache
/// ([`crate::editing::Cache`]) lends it, which records which documents were read.
///
/// Why it is passed down explicitly: what an evaluation reads is then written in its
/// signature, and no state outlives the call (a thread-local store was a hidden dependency of
/// the pure core).
#[derive(Debug, Default)]
pub struct Reader<'a> {
    lent: Option<RefCell<Lent<'a>>>,
}

/// What a cache lends an evaluation while it runs.
#[derive(Debug)]
struct Lent<'a> {
    documents: &'a mut Documents,
    generation: u64,
    reads: Vec<DocumentId>,
}

impl<'a> Reader<'a> {
    /// A reader that parses every document when it is read.
    #[must_use]
    pub const fn fresh() -> Self {
        Self { lent: None }
    }

    /// A reader that takes parsed documents from `documents` (parsing there what is not yet),
    /// marking them used in `generation`, and records what it reads ([`Self::reads`]).
    pub(crate) fn lending(documents: &'a mut Documents, generation: u64) -> Self {
        Self {
            lent: Some(RefCell::new(Lent {
                documents,
                generation,
                reads: Vec::new(),
            })),
        }
    }

    /// The policy `text` read as `kind`, for the document `source` (its read is recorded).
    pub(crate) fn policy(
        &self,
        text: &str,
        kind: PolicyKind,
        source: Option<DocumentId>,
    ) -> Arc<Policy> {
        let cached = self.lent.as_ref().and_then(|lent| {
            let mut lent = lent.try_borrow_mut().ok()?;
            lent.reads.extend(source);
            let generation = lent.generation;
            let parsed = lent.documents.get(text, kind, generation)?;
            Some(parsed.policy.clone())
        });
        cached.unwrap_or_else(|| Arc::new(parse_policy(text, kind).policy))
    }

    /// The documents read (sorted, without repeats).
    pub(crate) fn reads(self) -> Vec<DocumentId> {
        let mut reads = self
            .lent
            .map(|lent| lent.into_inner().reads)
            .unwrap_or_default();
        reads.sort_unstable();
        reads.dedup();
        reads
    }
}
