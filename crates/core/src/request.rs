//! A single authorization request: who, what, on which resource, in which context.

use std::collections::BTreeMap;

use serde::Serialize;

/// The value of a context key: a single string or a list (multivalued keys such as `aws:TagKeys`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum ContextValue {
    /// A single value.
    Single(String),
    /// Several values; may be empty.
    Multi(Vec<String>),
}

impl ContextValue {
    /// The values as a slice-like list (a single value is a list of one).
    #[must_use]
    pub fn values(&self) -> Vec<&str> {
        match self {
            Self::Single(v) => vec![v.as_str()],
            Self::Multi(vs) => vs.iter().map(String::as_str).collect(),
        }
    }

    /// How many values there are (a single value is one).
    #[must_use]
    pub fn count(&self) -> usize {
        match self {
            Self::Single(_) => 1,
            Self::Multi(vs) => vs.len(),
        }
    }
}

/// Where a context value came from, so that the explanation can show derived keys as such.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ContextSource {
    /// Given by the user.
    Given,
    /// Derived by Rolecall from the principal, the resource, the STS call or the clock.
    Derived,
}

/// One context key with its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContextEntry {
    /// The key as first written (keys are compared case-insensitively).
    pub key: String,
    /// The value.
    pub value: ContextValue,
    /// Where it came from.
    pub source: ContextSource,
}

/// The request context: context keys with case-insensitive names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Context {
    entries: BTreeMap<String, ContextEntry>,
}

impl Context {
    /// An empty context.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` (replacing any value under the same key in any letter case).
    pub fn insert(&mut self, key: impl Into<String>, value: ContextValue, source: ContextSource) {
        let key = key.into();
        self.entries.insert(
            key.to_ascii_lowercase(),
            ContextEntry { key, value, source },
        );
    }

    /// Sets a single-valued key given by the user.
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.insert(
            key,
            ContextValue::Single(value.into()),
            ContextSource::Given,
        );
    }

    /// The value of `key`, compared case-insensitively.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.entry(key).map(|e| &e.value)
    }

    /// The entry of `key`, compared case-insensitively.
    #[must_use]
    pub fn entry(&self, key: &str) -> Option<&ContextEntry> {
        self.entries.get(&key.to_ascii_lowercase())
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &str) -> Option<ContextEntry> {
        self.entries.remove(&key.to_ascii_lowercase())
    }

    /// Puts `entry` under `lower` (the key in lowercase, as [`Self::insert`] stores it), or
    /// removes the key when `entry` is `None`; returns the entry it replaced. For a caller that
    /// lays the same keys over a context many times and takes them off again (the access
    /// graph's calls): the key is not lowercased again at each call.
    pub fn swap_lowercase(
        &mut self,
        lower: &str,
        entry: Option<ContextEntry>,
    ) -> Option<ContextEntry> {
        debug_assert!(!lower.bytes().any(|b| b.is_ascii_uppercase()), "{lower}");
        let Some(entry) = entry else {
            return self.entries.remove(lower);
        };
        if let Some(slot) = self.entries.get_mut(lower) {
            return Some(std::mem::replace(slot, entry));
        }
        self.entries.insert(lower.to_owned(), entry);
        None
    }

    /// The entry under `lower` (the key in lowercase), to change in place.
    pub fn entry_mut_lowercase(&mut self, lower: &str) -> Option<&mut ContextEntry> {
        self.entries.get_mut(lower)
    }

    /// Whether `key` is present.
    #[must_use]
    pub fn contains(&self, key: &str) -> bool {
        self.entry(key).is_some()
    }

    /// All entries, ordered by lowercase key.
    pub fn iter(&self) -> impl Iterator<Item = &ContextEntry> {
        self.entries.values()
    }

    /// The number of keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no key.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One request to authorize.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    /// The calling principal: an IAM user, role or root ARN, an assumed-role session ARN, a
    /// service principal (`lambda.amazonaws.com`), a federated provider, or `anonymous`.
    pub principal: String,
    /// The action, `service:Name`.
    pub action: String,
    /// The resource ARN (or `*`).
    pub resource: String,
    /// The account that owns the resource, when the ARN does not say (S3 ARNs have no account).
    pub resource_account: Option<String>,
    /// The request context.
    pub context: Context,
}

/// The endpoint id Rolecall uses for `aws:SourceVpce` when a request goes through a VPC
/// endpoint and no id is given.
pub const DEFAULT_VPC_ENDPOINT_ID: &str = "vpce-0a1b2c3d4e5f60718";

/// Adds `aws:SourceVpce` (derived) for a request made through the VPC endpoint `id` (or
/// [`DEFAULT_VPC_ENDPOINT_ID`]), unless the context already gives the key.
///
/// Why: "aws:SourceVpce ... This key is included in the request context only if the requester
/// uses a VPC endpoint to make the request" ("AWS global condition context keys", IAM User
/// Guide).
pub fn source_vpce(context: &mut Context, id: Option<&str>) {
    if !context.contains("aws:SourceVpce") {
        context.insert(
            "aws:SourceVpce",
            ContextValue::Single(id.unwrap_or(DEFAULT_VPC_ENDPOINT_ID).to_owned()),
            ContextSource::Derived,
        );
    }
}
