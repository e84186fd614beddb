//! Completions for the playground's policy editor: service prefixes, actions, condition
//! operators, condition keys and ARN templates.
//!
//! The editor finds out where the cursor is (inside an `Action` string, a `Condition` operator,
//! ...) and what has been typed; this module says what may come next. Matching is by prefix,
//! ignoring case, and results are sorted in a stable order.

use serde::Serialize;

use super::{Catalog, ConditionKey};
use crate::policy::model::{BaseOperator, OperatorFamily};

/// Where the cursor is, with the text typed so far in the string or key being edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionContext<'a> {
    /// In an `Action`/`NotAction` string: `"s3:Get` gives `prefix = "s3:Get"`.
    Action {
        /// The text typed so far.
        prefix: &'a str,
    },
    /// At an operator key of a `Condition` block.
    Operator {
        /// The text typed so far.
        prefix: &'a str,
    },
    /// At a context key inside a condition operator's block.
    ConditionKey {
        /// The text typed so far.
        prefix: &'a str,
        /// The statement's action patterns: the keys of their services come first.
        actions: &'a [&'a str],
    },
    /// In a `Resource`/`NotResource` string.
    Resource {
        /// The text typed so far.
        prefix: &'a str,
        /// The statement's action patterns: their resource types are offered.
        actions: &'a [&'a str],
    },
}

/// What a completion inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CompletionKind {
    /// A service prefix followed by `:` (`s3:`).
    Service,
    /// A full action name (`s3:GetObject`).
    Action,
    /// A condition operator (`StringEquals`).
    Operator,
    /// A condition key (`aws:SourceIp`).
    ConditionKey,
    /// An ARN template (`arn:aws:s3:::${BucketName}/${ObjectName}`) whose `${...}` parts are
    /// placeholders for the user to fill in.
    ResourceArn,
}

/// One proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Completion {
    /// The text to insert.
    pub label: String,
    /// A short note: the service name, the access level, the operator family or the key type.
    pub detail: String,
    /// What it is.
    pub kind: CompletionKind,
}

fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// The completions for `context`, best first.
///
/// # Examples
///
/// ```
/// use rolecall_core::catalog::{CompletionContext, complete};
///
/// # let catalog = rolecall_core::catalog::Catalog::parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/catalog.json"))).unwrap();
/// let found = complete(&catalog, CompletionContext::Action { prefix: "s3:GetObj" });
/// assert_eq!((found[0].label.as_str(), found[0].detail.as_str()), ("s3:GetObject", "Read"));
/// ```
#[must_use]
pub fn complete(catalog: &Catalog, context: CompletionContext<'_>) -> Vec<Completion> {
    match context {
        CompletionContext::Action { prefix } => complete_action(catalog, prefix),
        CompletionContext::Operator { prefix } => complete_operator(prefix),
        CompletionContext::ConditionKey { prefix, actions } => {
            complete_key(catalog, prefix, actions)
        }
        CompletionContext::Resource { prefix, actions } => {
            complete_resource(catalog, prefix, actions)
        }
    }
}

fn complete_action(catalog: &Catalog, prefix: &str) -> Vec<Completion> {
    let Some((service_prefix, name)) = prefix.split_once(':') else {
        return catalog
            .services()
            .iter()
            .filter(|s| starts_with_ignoring_case(&s.prefix, prefix))
            .map(|s| Completion {
                label: format!("{}:", s.prefix),
                detail: s.name.clone(),
                kind: CompletionKind::Service,
            })
            .collect();
    };
    let Some(service) = catalog.service(service_prefix) else {
        return Vec::new();
    };
    service
        .actions
        .iter()
        .filter(|a| starts_with_ignoring_case(&a.name, name))
        .map(|a| Completion {
            label: format!("{}:{}", service.prefix, a.name),
            detail: a.level.label().to_string(),
            kind: CompletionKind::Action,
        })
        .collect()
}

fn family_label(family: OperatorFamily) -> &'static str {
    match family {
        OperatorFamily::String => "string",
        OperatorFamily::Numeric => "numeric",
        OperatorFamily::Date => "date",
        OperatorFamily::Bool => "boolean",
        OperatorFamily::Binary => "binary",
        OperatorFamily::IpAddress => "IP address",
        OperatorFamily::Arn => "ARN",
        OperatorFamily::Null => "key presence",
    }
}

/// Every operator name: the base operators, their `IfExists` forms, and (when the user starts
/// typing `For`) the `ForAnyValue:`/`ForAllValues:` forms for multivalued keys.
fn complete_operator(prefix: &str) -> Vec<Completion> {
    let typing_qualifier = !prefix.is_empty()
        && (starts_with_ignoring_case(prefix, "For") || starts_with_ignoring_case("For", prefix));
    let qualifiers: &[&str] = if typing_qualifier {
        &["", "ForAnyValue:", "ForAllValues:"]
    } else {
        &[""]
    };
    let mut out = Vec::new();
    for qualifier in qualifiers {
        for base in BaseOperator::ALL {
            let is_null = base == BaseOperator::Null;
            if is_null && !qualifier.is_empty() {
                continue;
            }
            let family = family_label(base.family());
            let qualified = if qualifier.is_empty() {
                ""
            } else {
                ", for multivalued keys"
            };
            let forms: &[&str] = if is_null { &[""] } else { &["", "IfExists"] };
            for suffix in forms {
                let label = format!("{qualifier}{}{suffix}", base.name());
                if !starts_with_ignoring_case(&label, prefix) {
                    continue;
                }
                let if_exists = if suffix.is_empty() {
                    ""
                } else {
                    ", true when the key is missing"
                };
                out.push(Completion {
                    label,
                    detail: format!("{family}{qualified}{if_exists}"),
                    kind: CompletionKind::Operator,
                });
            }
        }
    }
    out
}

/// The services named by action patterns (`s3:Get*` → `s3`), in order, without duplicates.
fn services_of<'a>(catalog: &'a Catalog, actions: &[&str]) -> Vec<&'a super::Service> {
    let mut services: Vec<&super::Service> = Vec::new();
    for pattern in actions {
        let Some((prefix, _)) = pattern.split_once(':') else {
            continue;
        };
        if let Some(service) = catalog.service(prefix)
            && !services.iter().any(|s| std::ptr::eq(*s, service))
        {
            services.push(service);
        }
    }
    services
}

fn complete_key(catalog: &Catalog, prefix: &str, actions: &[&str]) -> Vec<Completion> {
    let mut services = services_of(catalog, actions);
    if let Some((typed, _)) = prefix.split_once(':')
        && let Some(service) = catalog.service(typed)
        && !services.iter().any(|s| std::ptr::eq(*s, service))
    {
        services.push(service);
    }
    // A service's own keys (`s3:prefix`) before the `aws:` keys it also lists.
    let own = |s: &&super::Service, k: &&ConditionKey| {
        starts_with_ignoring_case(&k.name, &s.prefix)
            && k.name
                .get(s.prefix.len()..)
                .is_some_and(|r| r.starts_with(':'))
    };
    let service_keys = services.iter().flat_map(|s| {
        let (mine, others): (Vec<&ConditionKey>, Vec<&ConditionKey>) =
            s.keys.iter().partition(|k| own(s, k));
        mine.into_iter().chain(others)
    });
    let mut out: Vec<Completion> = Vec::new();
    let mut push = |key: &ConditionKey, global: bool| {
        if starts_with_ignoring_case(&key.name, prefix) && !out.iter().any(|c| c.label == key.name)
        {
            let scope = if global { ", global" } else { "" };
            out.push(Completion {
                label: key.name.clone(),
                detail: format!("{}{scope}", key.kind),
                kind: CompletionKind::ConditionKey,
            });
        }
    };
    for key in service_keys {
        push(key, false);
    }
    for key in catalog.global_keys() {
        push(key, true);
    }
    out
}

fn complete_resource(catalog: &Catalog, prefix: &str, actions: &[&str]) -> Vec<Completion> {
    let mut templates: Vec<(String, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut add = |arn: &str, detail: String| {
        let label = arn.replace("${Partition}", "aws");
        if starts_with_ignoring_case(&label, prefix) && seen.insert(label.clone()) {
            templates.push((label, detail));
        }
    };
    for pattern in actions {
        for action in catalog.expand(pattern) {
            for resource in action.resource_types() {
                add(
                    &resource.arn,
                    format!("{} {}", action.service.prefix, resource.name),
                );
            }
        }
    }
    // Without actions, or to go further, the service written in the ARN (`arn:aws:s3:`).
    if let Some(service) = prefix.split(':').nth(2).and_then(|p| catalog.service(p)) {
        for resource in &service.resources {
            add(
                &resource.arn,
                format!("{} {}", service.prefix, resource.name),
            );
        }
    }
    templates
        .into_iter()
        .map(|(label, detail)| Completion {
            label,
            detail,
            kind: CompletionKind::ResourceArn,
        })
        .collect()
}
