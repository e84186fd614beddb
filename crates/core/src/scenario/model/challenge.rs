//! The `challenge` section of a scenario (challenge mode, issue 13 §1): the data only.
//!
//! It lives under `model` because [`Scenario`](super::Scenario) holds it; grading, the
//! gallery, the reader and the links are in `scenario::challenge`, which depends on the
//! evaluator (keeping the section here keeps `model` free of that dependency, see
//! `tests/layers.rs`).

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::PolicyDocument;
use crate::document::DocumentId;
use crate::names::named_enum;
use crate::span::Span;

/// The challenge format version this build writes (and the newest it reads).
pub const CHALLENGE_VERSION: u64 = 1;

/// A scenario's `challenge` section.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Challenge {
    /// The challenge format version (`1`).
    pub version: u64,
    /// What the learner must achieve, in plain words (Markdown).
    pub goal: String,
    /// The category the gallery groups it under (`cross-account trust`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// How hard it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<Difficulty>,
    /// The documents the learner may edit; every other document is locked.
    pub editable: Vec<DocPath>,
    /// The goal checks: requests that must end with their `expect`.
    pub checks: Vec<GoalCheck>,
    /// Progressive hints, shown one at a time.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
    /// The reference solution: the changed documents. Never in a learner link.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub solution: Vec<SolutionDocument>,
    /// The span of the `challenge` object.
    #[serde(skip)]
    pub span: Span,
}

named_enum! {
    /// How hard a challenge is, easiest first.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub enum Difficulty {
        /// One idea, one small edit.
        Beginner = "beginner",
        /// Two ideas, or an edit that must keep something else working.
        Intermediate = "intermediate",
        /// Several interacting policies.
        Advanced = "advanced",
    }
}

/// A policy document of the scenario named in the challenge: its typed id (written as its path,
/// `identities[1].trustPolicy`, the id [`Scenario::documents`](super::Scenario::documents)
/// gives each document) and where the path is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocPath {
    /// The document.
    pub id: DocumentId,
    /// Where its path is written.
    pub span: Span,
}

impl Serialize for DocPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.id.serialize(serializer)
    }
}

/// One goal check: the request named `request` must end with its `expect`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoalCheck {
    /// The name of the checked request.
    pub request: String,
    /// A "must stay" check: it holds at the start and must keep holding (say, the app role can
    /// still read its bucket).
    pub stays: bool,
    /// What the check means, in plain words.
    pub says: Option<String>,
    /// The span of the `request` value.
    pub span: Span,
}

impl Serialize for GoalCheck {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("GoalCheck", 3)?;
        s.serialize_field("request", &self.request)?;
        if self.stays {
            s.serialize_field("stays", &true)?;
        }
        if let Some(says) = &self.says {
            s.serialize_field("says", says)?;
        }
        s.end()
    }
}

/// One document of the reference solution: the path and its solved text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SolutionDocument {
    /// The document it replaces.
    pub document: DocPath,
    /// The solved policy.
    pub policy: PolicyDocument,
}

impl Challenge {
    /// Whether `other` is the same challenge (the same fields, wherever they were written;
    /// spans are not compared).
    #[must_use]
    pub fn same_as(&self, other: &Self) -> bool {
        serde_json::to_string(self).ok() == serde_json::to_string(other).ok()
    }

    /// Whether the document `id` may be edited.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::{DocumentId, challenge, load};
    /// let start = load(challenge::GALLERY[0].text).scenario.unwrap();
    /// let challenge = start.challenge.as_ref().unwrap();
    /// let editable = challenge.editable[0].id;
    /// assert!(challenge.is_editable(editable));
    /// assert!(!challenge.is_editable(DocumentId::Scp { index: 99 }));
    /// ```
    #[must_use]
    pub fn is_editable(&self, id: DocumentId) -> bool {
        self.editable.iter().any(|e| e.id == id)
    }
}
