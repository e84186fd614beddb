//! What an access diff probes: the documents that changed, the services they touch, the
//! context variants their conditions test, the principals and resources of both scenarios.

use std::collections::BTreeSet;

use crate::catalog::{ActionRef, Catalog, ResourceFit, Service, resource_fit};
use crate::matching::Arn;
use crate::model::{BaseOperator, SetQualifier};
use crate::policy::parse_policy;
use crate::request::ContextValue;
use crate::scenario::arn::{IdentityKind, identity_kind};
use crate::scenario::model::{KeyValues, Scenario};

/// At most this many values of one condition key become a context variant.
const VALUES_PER_KEY: usize = 3;
/// At most this many context variants (besides the one with no extra key).
pub(super) const MAX_VARIANTS: usize = 16;

/// The documents of `old` and `new` whose text differs, or that only one of them has: their
/// paths (`identities[0].policies[1].document`) with the kind and each text they have.
pub(super) fn changed_documents(old: &Scenario, new: &Scenario) -> Vec<Changed> {
    let old_docs = old.documents();
    let new_docs = new.documents();
    let mut out: Vec<Changed> = Vec::new();
    for d in old_docs.iter().chain(&new_docs) {
        if out.iter().any(|c| c.path == d.id.to_string()) {
            continue;
        }
        let before = old_docs.iter().find(|o| o.id == d.id);
        let after = new_docs.iter().find(|n| n.id == d.id);
        let text = |r: Option<&crate::scenario::documents::DocumentRef<'_>>| {
            r.map(|r| r.document.text.clone())
        };
        let (before, after) = (text(before), text(after));
        if before != after {
            out.push(Changed {
                path: d.id.to_string(),
                kind: d.kind,
                texts: before.into_iter().chain(after).collect(),
            });
        }
    }
    out
}

/// A changed document.
pub(super) struct Changed {
    pub path: String,
    pub kind: crate::policy::model::PolicyKind,
    /// Its old and new text (one of them when the document was added or removed).
    pub texts: Vec<String>,
}

/// What the changed documents say about the probes to make.
#[derive(Default)]
pub(super) struct Touched {
    /// Service prefixes their `Action`s name (lowercase).
    pub services: BTreeSet<String>,
    /// Whether one of them names every action (`*`, a wildcard prefix, or `NotAction`).
    pub every_service: bool,
    /// Condition keys with the values their conditions compare against.
    pub keys: Vec<(String, Vec<String>, bool)>,
}

/// The services and condition keys the changed documents touch.
pub(super) fn touched(changed: &[Changed]) -> Touched {
    let mut out = Touched::default();
    for c in changed {
        for text in &c.texts {
            let policy = parse_policy(text, c.kind).policy;
            for statement in &policy.statements {
                if let Some(action) = &statement.action {
                    out.every_service |= action.negated;
                    for value in &action.values {
                        match value.value.split_once(':') {
                            Some((prefix, _)) if !prefix.contains(['*', '?']) => {
                                out.services.insert(prefix.to_ascii_lowercase());
                            }
                            _ => out.every_service = true,
                        }
                    }
                }
                for condition in &statement.conditions {
                    add_key(&mut out.keys, condition);
                }
            }
        }
    }
    out
}

/// Records the values a condition compares its key against, as values a request could carry.
fn add_key(keys: &mut Vec<(String, Vec<String>, bool)>, condition: &crate::model::Condition) {
    let Some(operator) = condition.operator else {
        return;
    };
    if operator.base == BaseOperator::Null {
        // The variant without the key covers `true`; every other variant sets a key present.
        return;
    }
    let multi = operator
        .qualifier
        .is_some_and(|q| matches!(q, SetQualifier::ForAllValues | SetQualifier::ForAnyValue));
    let key = condition.key.value.clone();
    let index = match keys
        .iter()
        .position(|(k, _, _)| k.eq_ignore_ascii_case(&key))
    {
        Some(i) => i,
        None => {
            keys.push((key, Vec::new(), multi));
            keys.len() - 1
        }
    };
    let Some((_, values, _)) = keys.get_mut(index) else {
        return;
    };
    let mut add = |v: String| {
        if values.len() < VALUES_PER_KEY && !values.contains(&v) {
            values.push(v);
        }
    };
    for value in &condition.values {
        let v = value.value.as_str();
        if v.contains("${") {
            continue;
        }
        // A CIDR block stands for its first address; a Boolean for both of its values.
        let v = if matches!(
            operator.base,
            BaseOperator::IpAddress | BaseOperator::NotIpAddress
        ) {
            v.split('/').next().unwrap_or(v)
        } else {
            v
        };
        add(v.to_owned());
        if operator.base == BaseOperator::Bool {
            add(if v.eq_ignore_ascii_case("true") {
                "false"
            } else {
                "true"
            }
            .to_owned());
        }
    }
}

/// The context variants to probe: none (every tested key absent), then each tested key set to
/// each value it is compared with. Returns the variants and whether [`MAX_VARIANTS`] cut some.
pub(super) fn variants(touched: &Touched) -> (Vec<KeyValues<ContextValue>>, bool) {
    let mut out = vec![KeyValues::default()];
    let mut cut = false;
    for (key, values, multi) in &touched.keys {
        for value in values {
            if out.len() > MAX_VARIANTS {
                cut = true;
                break;
            }
            let value = if *multi {
                ContextValue::Multi(vec![value.clone()])
            } else {
                ContextValue::Single(value.clone())
            };
            out.push(KeyValues(vec![(key.clone(), value)]));
        }
    }
    (out, cut)
}

/// The users and roles of either scenario, in order, each once.
pub(super) fn principals(old: &Scenario, new: &Scenario) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for identity in new.identities.iter().chain(&old.identities) {
        let acts = matches!(
            identity_kind(&identity.arn),
            Some(IdentityKind::User | IdentityKind::Role)
        );
        if acts && !out.contains(&identity.arn) {
            out.push(identity.arn.clone());
        }
    }
    out
}

/// The resources of either scenario, the resources its requests name, and its identities
/// (users, roles, groups: the resources of IAM actions), each once.
pub(super) fn resources(old: &Scenario, new: &Scenario) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let arns = new
        .resources
        .iter()
        .chain(&old.resources)
        .map(|r| &r.arn)
        .chain(
            new.requests
                .iter()
                .chain(&old.requests)
                .filter_map(|r| r.resource.as_ref())
                .filter(|r| r.starts_with("arn:")),
        )
        .chain(new.identities.iter().chain(&old.identities).map(|i| &i.arn));
    for arn in arns {
        if !out.contains(arn) {
            out.push(arn.clone());
        }
    }
    out
}

/// The services to probe: those the changed documents name; when one names every action, the
/// services of the scenario's resources and of every action either scenario names.
pub(super) fn services(touched: &Touched, old: &Scenario, new: &Scenario) -> BTreeSet<String> {
    let mut out = touched.services.clone();
    if touched.every_service {
        for arn in resources(old, new) {
            if let Some(parts) = Arn::parse(&arn) {
                out.insert(parts.service.to_ascii_lowercase());
            }
        }
        let everything: Vec<Changed> = old
            .documents()
            .iter()
            .chain(&new.documents())
            .map(|d| Changed {
                path: d.id.to_string(),
                kind: d.kind,
                texts: vec![d.document.text.clone()],
            })
            .collect();
        out.extend(self::touched(&everything).services);
    }
    out
}

/// The resources an action is probed on: `*`, and each resource whose ARN fits one of the
/// action's resource types (the catalog's ARN templates).
pub(super) fn fitting<'r>(action: ActionRef<'_>, resources: &'r [String]) -> Vec<&'r str> {
    let mut out = vec!["*"];
    out.extend(
        resources
            .iter()
            .filter(|r| matches!(resource_fit(action, r), ResourceFit::Fits))
            .map(String::as_str),
    );
    out
}

/// Every action of `services` in the catalog, in order.
pub(super) fn actions<'c>(catalog: &'c Catalog, services: &BTreeSet<String>) -> Vec<ActionRef<'c>> {
    services
        .iter()
        .filter_map(|s| catalog.service(s))
        .flat_map(Service::action_refs)
        .collect()
}
