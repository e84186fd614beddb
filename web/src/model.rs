//! The scenario as the playground edits it: the fields of the v1 scenario format (see
//! docs/scenario-format.md) bound to form controls, with every policy document held as the text
//! the user typed.
//!
//! This is plain data binding. It never interprets a policy: policy texts are handed to
//! rolecall-core as they are (the format accepts a document as a string, which keeps the user's
//! formatting and makes the core's spans point into the editor's text). Fields this module does
//! not know are kept in `extra` and written back unchanged.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::ordered_json::OrderedJson;

/// Unknown fields, written back as they came.
pub type Extra = Map<String, Value>;

/// A policy document as text. Deserializes from a string (kept verbatim) or from a JSON value
/// (pretty-printed in its key order); serializes as a string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyText(pub String);

impl Serialize for PolicyText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PolicyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self(match OrderedJson::deserialize(deserializer)? {
            OrderedJson::String(text) => text,
            other => other.to_pretty(),
        }))
    }
}

/// A named policy document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedDoc {
    /// The policy name.
    #[serde(default)]
    pub name: String,
    /// The document text.
    #[serde(default)]
    pub document: PolicyText,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An organization policy (SCP or RCP) attached to a root, OU or account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgPolicy {
    /// The policy name.
    #[serde(default)]
    pub name: String,
    /// `r-…`, `ou-…` or an account id.
    #[serde(default)]
    pub target: String,
    /// The document text.
    #[serde(default)]
    pub document: PolicyText,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The AWS Organization of the scenario.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// The management account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_account: Option<String>,
    /// Each account with its path of roots and OUs.
    #[serde(default)]
    pub accounts: BTreeMap<String, Vec<String>>,
    /// Service control policies.
    #[serde(default)]
    pub scps: Vec<OrgPolicy>,
    /// Resource control policies.
    #[serde(default)]
    pub rcps: Vec<OrgPolicy>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A user, group or role.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// The ARN.
    #[serde(default)]
    pub arn: String,
    /// Identity-based policies.
    #[serde(default)]
    pub policies: Vec<NamedDoc>,
    /// Group ARNs (users only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// The permissions boundary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<NamedDoc>,
    /// The trust policy (roles only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_policy: Option<PolicyText>,
    /// Tags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Unknown fields (`maxSessionDuration`, ...).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Identity {
    /// Whether the ARN names a role (`arn:aws:iam::ACCOUNT:role/...`); used only to decide
    /// which editors to show.
    #[must_use]
    pub fn is_role(&self) -> bool {
        self.arn.split(':').nth(5).is_some_and(|r| r.starts_with("role/")) || self.trust_policy.is_some()
    }

    /// The last part of the ARN, for lists.
    #[must_use]
    pub fn short_name(&self) -> &str {
        short_arn(&self.arn)
    }
}

/// A resource with its resource-based policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// The ARN.
    #[serde(default)]
    pub arn: String,
    /// The owning account (S3 ARNs have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The resource-based policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyText>,
    /// Tags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One hop of an assume chain.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hop {
    /// The role ARN.
    #[serde(default)]
    pub role: String,
    /// `RoleSessionName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// `ExternalId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Session tags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub session_tags: BTreeMap<String, String>,
    /// Transitive tag keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transitive_tag_keys: Vec<String>,
    /// `SourceIdentity`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
    /// The session policy passed to the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_policy: Option<PolicyText>,
    /// Unknown fields (`durationSeconds`, ...).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One request of the scenario.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioRequest {
    /// A short name.
    #[serde(default)]
    pub name: String,
    /// An ARN, `"anonymous"`, or an object for service and federated principals.
    #[serde(default)]
    pub principal: Value,
    /// Context keys given by the user.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub context: Map<String, Value>,
    /// The assume chain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assume: Vec<Hop>,
    /// The action.
    #[serde(default)]
    pub action: String,
    /// The resource ARN.
    #[serde(default)]
    pub resource: String,
    /// The expected decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A whole scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scenario {
    /// The format version.
    #[serde(default = "one")]
    pub rolecall: u32,
    /// The title.
    #[serde(default)]
    pub title: String,
    /// Markdown notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The evaluation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// The organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    /// Users, groups and roles.
    #[serde(default)]
    pub identities: Vec<Identity>,
    /// Resources with policies.
    #[serde(default)]
    pub resources: Vec<Resource>,
    /// The requests.
    #[serde(default)]
    pub requests: Vec<ScenarioRequest>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

const fn one() -> u32 {
    1
}

impl Default for Scenario {
    fn default() -> Self {
        Self {
            rolecall: 1,
            title: String::new(),
            notes: String::new(),
            now: None,
            organization: None,
            identities: Vec::new(),
            resources: Vec::new(),
            requests: Vec::new(),
            extra: Extra::new(),
        }
    }
}

impl Scenario {
    /// Reads a scenario from JSON text.
    ///
    /// # Errors
    /// A message when the text is not JSON or a field has the wrong type.
    pub fn from_json(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| format!("this is not a rolecall scenario: {e}"))
    }

    /// Writes the scenario as pretty JSON.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Writes the scenario as compact JSON (for links and evaluation).
    #[must_use]
    pub fn to_compact_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The last `/`- or `:`-separated part of an ARN, for compact display.
#[must_use]
pub fn short_arn(arn: &str) -> &str {
    arn.rsplit(['/', ':']).find(|s| !s.is_empty()).unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_documents_become_text_in_key_order() {
        let s = Scenario::from_json(
            r#"{"rolecall":1,"identities":[{"arn":"arn:aws:iam::1:role/R","trustPolicy":{"Version":"2012-10-17","Statement":[]}}]}"#,
        )
        .unwrap();
        let text = &s.identities[0].trust_policy.as_ref().unwrap().0;
        assert!(text.starts_with("{\n  \"Version\""), "{text}");
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let input = r#"{"rolecall":1,"title":"t","future":{"x":1},"identities":[{"arn":"a","maxSessionDuration":3600,"policies":[]}],"resources":[],"requests":[]}"#;
        let s = Scenario::from_json(input).unwrap();
        let back: Value = serde_json::from_str(&s.to_compact_json()).unwrap();
        assert_eq!(back["future"]["x"], 1);
        assert_eq!(back["identities"][0]["maxSessionDuration"], 3600);
    }

    #[test]
    fn short_arn_takes_the_last_part() {
        assert_eq!(short_arn("arn:aws:iam::1:role/Deployer"), "Deployer");
        assert_eq!(short_arn("arn:aws:s3:::bucket"), "bucket");
        assert_eq!(short_arn("anonymous"), "anonymous");
    }
}
