//! What both exports read of a scenario: an IAM ARN's parts, a document's JSON, the accounts
//! with what is written of each, the name an inline boundary is created under, and the one
//! `slug` of the shell variables and the page's file names.

use std::collections::BTreeMap;

use rolecall_core::matching::Arn;
use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::model::{Identity, NamedDocument, PolicyDocument, Resource};

use crate::node::Node;

/// Where an IAM ARN puts things: `(account, kind, path, name)`.
pub(super) fn parts(arn: &str) -> Option<(&str, &str, String, &str)> {
    let Arn {
        account, resource, ..
    } = Arn::parse(arn)?;
    let (kind, rest) = resource.split_once('/')?;
    let (path, name) = match rest.rsplit_once('/') {
        Some((path, name)) => (format!("/{path}/"), name),
        None => ("/".to_owned(), rest),
    };
    Some((account, kind, path, name))
}

/// A document's JSON text, minified with its key order kept (a string form is parsed).
pub(super) fn json(document: &PolicyDocument) -> String {
    Node::parse_json(&document.text).map_or_else(|_| document.text.clone(), |n| n.to_json())
}

/// What the exports write of one account.
#[derive(Debug, Default)]
pub(super) struct Account<'s> {
    /// Its identities, in scenario order.
    pub(super) identities: Vec<&'s Identity>,
    /// Its resources that have a resource-based policy, with the policy, in scenario order
    /// (the exports create no resource, only their policies).
    pub(super) policies: Vec<(&'s Resource, &'s PolicyDocument)>,
}

/// Each account that has an identity or a resource, with what the exports write of it.
pub(super) fn accounts(scenario: &Scenario) -> BTreeMap<String, Account<'_>> {
    let mut out: BTreeMap<String, Account<'_>> = BTreeMap::new();
    for identity in &scenario.identities {
        if let Some((account, ..)) = parts(&identity.arn) {
            out.entry(account.to_owned())
                .or_default()
                .identities
                .push(identity);
        }
    }
    for r in &scenario.resources {
        let account = r
            .account
            .clone()
            .or_else(|| {
                r.arn
                    .split(':')
                    .nth(4)
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "unknown".to_owned());
        let entry = out.entry(account).or_default();
        if let Some(policy) = &r.policy {
            entry.policies.push((r, policy));
        }
    }
    out
}

/// The customer managed policy name an inline boundary is created under.
pub(super) fn boundary_policy_name(identity: &Identity, boundary: &NamedDocument) -> String {
    let owner = parts(&identity.arn).map_or("entity", |p| p.3);
    format!("{owner}-{}", boundary.name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(*c))
        .collect()
}

/// `text` with each ASCII letter and digit put through `case` and every other character
/// replaced by `separator`: the shell variables here and the page's file names.
#[must_use]
pub fn slug(text: &str, separator: char, case: fn(&char) -> char) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                case(&c)
            } else {
                separator
            }
        })
        .collect()
}
