//! Lookups in the catalog: actions by name, wildcard expansion, condition keys.

use serde::Serialize;

use super::{AccessLevel, ActionRef, Catalog, ConditionKey, Service};
use crate::matching::{action_matches, wildcard_match};

impl Catalog {
    /// Every action of every service, sorted by service prefix then name.
    pub fn actions(&self) -> impl Iterator<Item = ActionRef<'_>> {
        self.services.iter().flat_map(Service::action_refs)
    }

    /// The action called `full_name` (`s3:GetObject`, case-insensitive), if the catalog has it.
    #[must_use]
    pub fn action(&self, full_name: &str) -> Option<ActionRef<'_>> {
        let (prefix, name) = full_name.split_once(':')?;
        let service = self.service(prefix)?;
        Some(ActionRef {
            service,
            action: service.action(name)?,
        })
    }

    /// The actions an `Action` pattern such as `s3:Get*`, `ec2:*Instance*` or `*` covers, sorted.
    ///
    /// Matching is the policy evaluator's own ([`action_matches`]): case-insensitive, `*` for any
    /// run of characters and `?` for one.
    ///
    /// # Examples
    ///
    /// ```
    /// # let catalog = rolecall_core::catalog::Catalog::parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/catalog.json"))).unwrap();
    /// let names: Vec<String> = catalog.expand("s3:get?bject").iter().map(|a| a.full_name()).collect();
    /// assert_eq!(names, ["s3:GetObject"]);
    /// ```
    #[must_use]
    pub fn expand(&self, pattern: &str) -> Vec<ActionRef<'_>> {
        let mut name = String::new();
        self.services
            .iter()
            .filter(|s| may_cover(pattern, &s.prefix))
            .flat_map(Service::action_refs)
            .filter(|a| action_matches(pattern, a.write_full_name(&mut name)))
            .collect()
    }

    /// The actions a `NotAction` list covers: every action that matches none of `patterns`.
    #[must_use]
    pub fn expand_not_action(&self, patterns: &[&str]) -> Vec<ActionRef<'_>> {
        let mut name = String::new();
        let mut out = Vec::new();
        for service in &self.services {
            let relevant: Vec<&str> = patterns
                .iter()
                .copied()
                .filter(|p| may_cover(p, &service.prefix))
                .collect();
            out.extend(service.action_refs().filter(|a| {
                relevant.is_empty() || {
                    let name = a.write_full_name(&mut name);
                    !relevant.iter().any(|p| action_matches(p, name))
                }
            }));
        }
        out
    }

    /// The condition key `key` as the catalog knows it: a global key, or a key of the service
    /// named by its prefix. Templates such as `aws:RequestTag/${TagKey}` or
    /// `s3:ExistingObjectTag/<key>` match any tag key (`aws:RequestTag/team`).
    #[must_use]
    pub fn condition_key(&self, key: &str) -> Option<&ConditionKey> {
        let global = self.global_keys.iter().find(|k| key_matches(&k.name, key));
        global.or_else(|| {
            let prefix = key.split_once(':')?.0;
            self.service(prefix)?
                .keys
                .iter()
                .find(|k| key_matches(&k.name, key))
        })
    }

    /// Whether `key` is one of the global condition keys, present whatever the action.
    #[must_use]
    pub fn is_global_key(&self, key: &str) -> bool {
        self.global_keys.iter().any(|k| key_matches(&k.name, key))
    }

    /// The condition keys that apply to `action`: the action's own keys, those of its resource
    /// types (as listed for the action and on the resource type itself).
    ///
    /// Why: the Service Authorization Reference lists condition keys in the action's row, in each
    /// resource type's row of the action, and in the resource types table; a key listed in any
    /// of them can be present in a request for the action.
    #[must_use]
    pub fn action_keys<'a>(&'a self, action: ActionRef<'a>) -> Vec<&'a ConditionKey> {
        let service = action.service;
        let mut indices: Vec<usize> = action.action.keys.clone();
        for row in &action.action.resources {
            indices.extend(&row.keys);
            if let Some(resource) = service.resources.get(row.resource) {
                indices.extend(&resource.keys);
            }
        }
        indices.sort_unstable();
        indices.dedup();
        indices
            .iter()
            .filter_map(|&i| service.keys.get(i))
            .collect()
    }
}

/// Whether `pattern` may match actions of the service `prefix`: always, unless its own prefix
/// is written without wildcards and is another service's.
fn may_cover(pattern: &str, prefix: &str) -> bool {
    match pattern.split_once(':') {
        Some((own, _)) if !own.contains(['*', '?']) => own.eq_ignore_ascii_case(prefix),
        _ => true,
    }
}

impl Service {
    /// Every action of the service, in order, each with its service.
    pub fn action_refs(&self) -> impl Iterator<Item = ActionRef<'_>> {
        self.actions.iter().map(move |action| ActionRef {
            service: self,
            action,
        })
    }
}

/// Whether the policy key `key` is the catalog key `template` (case-insensitive), where a
/// `${Name}` or `<name>` placeholder in the template stands for any non-empty text.
#[must_use]
pub fn key_matches(template: &str, key: &str) -> bool {
    // A byte scan: both are ASCII, and the lint asks this for every catalog key it compares.
    let Some(placeholder) = template.bytes().position(|b| b == b'$' || b == b'<') else {
        return template.eq_ignore_ascii_case(key);
    };
    // The text before the first placeholder is literal: a key that does not start with it is
    // refused without building the pattern (the lint asks every global key of each condition
    // key, issue 14). Only for ASCII without wildcards, where the glob compares bytes the same way.
    let literal = template.get(..placeholder).unwrap_or_default();
    if literal.is_ascii()
        && key.is_ascii()
        && !literal.contains(['*', '?'])
        && !key
            .get(..literal.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(literal))
    {
        return false;
    }
    // A placeholder stands for at least one character: `?*`.
    let pattern = template_to_glob(template).replace('*', "?*");
    wildcard_match(&pattern, key, true)
}

/// Turns each `${Name}` and `<name>` placeholder of a catalog template into `*`.
#[must_use]
pub fn template_to_glob(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find(['$', '<']) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let close = if from.starts_with("${") {
            from.find('}')
        } else if from.starts_with('<') {
            from.find('>')
        } else {
            None
        };
        match close {
            Some(end) => {
                out.push('*');
                rest = from.get(end + 1..).unwrap_or("");
            }
            None => {
                out.push_str(from.get(..1).unwrap_or(""));
                rest = from.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// What an action pattern covers, for explanations and hovers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatternSummary {
    /// How many known actions the pattern covers.
    pub count: usize,
    /// The first actions covered (sorted), at most the limit asked for.
    pub actions: Vec<ActionSummary>,
}

/// One action in a [`PatternSummary`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionSummary {
    /// The full name, e.g. `s3:GetObject`.
    pub name: String,
    /// Its access level.
    pub level: AccessLevel,
}

/// How many actions `pattern` covers and the first `limit` of them (sorted).
///
/// # Examples
///
/// ```
/// # let catalog = rolecall_core::catalog::Catalog::parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/catalog.json"))).unwrap();
/// let summary = rolecall_core::catalog::describe_pattern(&catalog, "s3:GetObject*", 1);
/// assert!(summary.count > 1);
/// assert_eq!(summary.actions[0].name, "s3:GetObject");
/// ```
#[must_use]
pub fn describe_pattern(catalog: &Catalog, pattern: &str, limit: usize) -> PatternSummary {
    summarize(&catalog.expand(pattern), limit)
}

/// Like [`describe_pattern`] for a `NotAction` list: the actions that match none of `patterns`.
#[must_use]
pub fn describe_not_action(catalog: &Catalog, patterns: &[&str], limit: usize) -> PatternSummary {
    summarize(&catalog.expand_not_action(patterns), limit)
}

/// What the catalog says about one action, for a hover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionInfo {
    /// The full name, e.g. `s3:GetObject`.
    pub name: String,
    /// The service's name, e.g. `Amazon S3`.
    pub service: String,
    /// Its access level.
    pub level: AccessLevel,
    /// Its resource types as `(name, ARN template, required)`; empty when it only supports `*`.
    pub resource_types: Vec<(String, String, bool)>,
    /// The condition keys that apply to it (global keys aside), with their types.
    pub condition_keys: Vec<(String, String)>,
}

/// What the catalog knows of the action `name` (`s3:GetObject`, case-insensitive), if it has it.
#[must_use]
pub fn describe_action(catalog: &Catalog, name: &str) -> Option<ActionInfo> {
    let action = catalog.action(name)?;
    let resource_types = action
        .action
        .resources
        .iter()
        .filter_map(|row| {
            let resource = action.service.resources.get(row.resource)?;
            Some((resource.name.clone(), resource.arn.clone(), row.required))
        })
        .collect();
    let condition_keys = catalog
        .action_keys(action)
        .into_iter()
        .map(|k| (k.name.clone(), k.kind.to_string()))
        .collect();
    Some(ActionInfo {
        name: action.full_name(),
        service: action.service.name.clone(),
        level: action.action.level,
        resource_types,
        condition_keys,
    })
}

/// What the catalog knows of a condition key, for a hover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfo {
    /// The key as the catalog writes it, e.g. `aws:PrincipalTag/${TagKey}`.
    pub name: String,
    /// Its type, e.g. `ArrayOfString`.
    pub kind: String,
    /// Whether it is a global key (present whatever the action).
    pub global: bool,
}

/// What the catalog knows of the condition key `key` (`aws:PrincipalTag/team`), if anything.
#[must_use]
pub fn describe_key(catalog: &Catalog, key: &str) -> Option<KeyInfo> {
    let entry = catalog.condition_key(key)?;
    Some(KeyInfo {
        name: entry.name.clone(),
        kind: entry.kind.to_string(),
        global: catalog.is_global_key(key),
    })
}

fn summarize(actions: &[ActionRef<'_>], limit: usize) -> PatternSummary {
    PatternSummary {
        count: actions.len(),
        actions: actions
            .iter()
            .take(limit)
            .map(|a| ActionSummary {
                name: a.full_name(),
                level: a.action.level,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_placeholders_become_wildcards() {
        assert_eq!(
            template_to_glob("aws:RequestTag/${TagKey}"),
            "aws:RequestTag/*"
        );
        assert_eq!(
            template_to_glob("s3:ExistingObjectTag/<key>"),
            "s3:ExistingObjectTag/*"
        );
        assert_eq!(template_to_glob("a/${x}/b/${y}"), "a/*/b/*");
        assert_eq!(template_to_glob("odd$<"), "odd$<");
    }

    #[test]
    fn tag_key_templates_match_any_non_empty_tag_key() {
        assert!(key_matches(
            "aws:RequestTag/${TagKey}",
            "aws:requesttag/team"
        ));
        assert!(key_matches(
            "s3:ExistingObjectTag/<key>",
            "s3:ExistingObjectTag/env"
        ));
        assert!(!key_matches("aws:RequestTag/${TagKey}", "aws:RequestTag/"));
        assert!(!key_matches("aws:RequestTag/${TagKey}", "aws:TagKeys"));
        assert!(key_matches("aws:SourceIp", "AWS:SOURCEIP"));
    }
}
