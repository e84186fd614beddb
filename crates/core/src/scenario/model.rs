//! The scenario model (format version 1): what a scenario file says, ready to edit and to
//! serialize back.
//!
//! Every policy document keeps its own text ([`PolicyDocument::text`]), so the web editor can
//! show and edit each policy as the user wrote it. [`to_json`] writes a scenario back to the v1
//! JSON format; parsing that output gives the same scenario again (the round trip is tested).
//! Maps keep their order ([`KeyValues`]), so a scenario is rewritten in the order it was written.

pub(crate) mod challenge;
mod document;
mod expect;
mod identity;
mod request;

pub use document::{
    DocumentForm, ManagedPolicyDef, NamedDocument, PolicyDocument, PolicyReference, ReferenceState,
};
pub(crate) use expect::text_or_none;
pub use expect::{Expect, Expectation, StepRef};
pub use identity::{Identity, OidcProvider, PrincipalSpec, Resource, TAGS_CLAIM, TokenTags};
pub use request::{AssumeHop, HopCall, ScenarioRequest};

use crate::scenario::text::pretty;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// The scenario format version this build writes (and the newest it reads).
pub const FORMAT_VERSION: u64 = 1;

/// An ordered map written as a JSON object (keys in the order they were written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValues<V>(pub Vec<(String, V)>);

impl<V> Default for KeyValues<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V> KeyValues<V> {
    /// Whether the map has no entry.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of `key` (exact match; the last one wins if a key is repeated).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl<V: Serialize> Serialize for KeyValues<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A whole scenario: a small AWS world plus the requests asked of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scenario {
    /// The format version (`1`).
    pub rolecall: u64,
    /// A short title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Markdown shown beside the scenario.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The challenge a learner solves by editing some documents (challenge mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge: Option<challenge::Challenge>,
    /// The time of every request (`aws:CurrentTime`, `aws:EpochTime`), RFC 3339 in UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// The AWS Organizations setup, if the accounts are in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    /// Customer managed policies, defined once and attached by ARN (`{"arn": ...}`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<ManagedPolicyDef>,
    /// IAM users, groups and roles.
    pub identities: Vec<Identity>,
    /// IAM OIDC identity providers with their registered audiences (client IDs).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub oidc_providers: Vec<OidcProvider>,
    /// Resources with their policies and tags.
    pub resources: Vec<Resource>,
    /// The questions asked of this world.
    pub requests: Vec<ScenarioRequest>,
    /// The AWS managed policies that the `policyArns` of `assume` hops name, one reference
    /// document per ARN with what resolving it found (the document, loading, or unknown),
    /// filled in by [`crate::scenario::managed::resolve`]. Not part of the file format.
    #[serde(skip)]
    pub session_policy_refs: Vec<PolicyDocument>,
}

/// An AWS Organizations setup.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// The organization id (`o-...`), the value of `aws:PrincipalOrgID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The management account: SCPs do not restrict its principals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub management_account: Option<String>,
    /// Each member account with its path from the root (`["r-root", "ou-dev"]`).
    pub accounts: KeyValues<Vec<String>>,
    /// Service control policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scps: Vec<OrgPolicy>,
    /// Resource control policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rcps: Vec<OrgPolicy>,
}

/// An SCP or RCP attached to the root, an OU or an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrgPolicy {
    /// The policy name.
    pub name: String,
    /// The root id, OU id or account id it is attached to.
    pub target: String,
    /// The document.
    pub document: PolicyDocument,
}

/// Writes `scenario` as pretty-printed v1 JSON (two-space indentation, fields in format order).
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::model::{Scenario, to_json};
/// let text = to_json(&Scenario { rolecall: 1, ..Scenario::default() });
/// assert_eq!(text, "{\n  \"rolecall\": 1,\n  \"identities\": [],\n  \"resources\": [],\n  \"requests\": []\n}");
/// ```
#[must_use]
pub fn to_json(scenario: &Scenario) -> String {
    pretty(&to_json_minified(scenario))
}

/// Writes `scenario` as minified v1 JSON (what a share link carries).
#[must_use]
pub fn to_json_minified(scenario: &Scenario) -> String {
    serde_json::to_string(scenario).unwrap_or_default()
}
