//! The cause classifier: which feature of a case made the two engines disagree.
//!
//! A disagreement counts as explained only when it matches a deviation listed in
//! tests/oracle/deviations.md (see `deviations.rs`, which holds the machine check for each id;
//! a test keeps the two lists equal) and taking that feature out makes the engines agree.
//! Everything else is a cause to look at: a Rolecall error, an oracle error, or the features
//! left in the minimal case.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diff::case::{Case, Place};
use crate::diff::deviations::{Deviation, Side};
use crate::diff::engines::Verdict;

/// Why the engines disagree on one case.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cause {
    /// A deviation of the oracle from the AWS documentation, by its id in deviations.md.
    Deviation(&'static str),
    /// An open Rolecall bug listed in deviations.md (Rolecall deviates from the AWS
    /// documentation; the entry says who fixes it). Shown in every report until it is fixed.
    RolecallBug(&'static str),
    /// Rolecall answered `error` where the oracle evaluated (issue 10 §1: refuse only what AWS
    /// refuses); the text is the start of Rolecall's message.
    RolecallError(String),
    /// The oracle refused the input (its own validation); the generator should not produce it.
    OracleError(String),
    /// Not explained: the features of the minimal case.
    Unexplained(String),
}

impl Cause {
    /// The cause a listed deviation gives.
    pub fn listed(deviation: &Deviation) -> Self {
        match deviation.side {
            Side::Oracle => Self::Deviation(deviation.id),
            Side::Rolecall => Self::RolecallBug(deviation.id),
        }
    }

    /// Whether the deviations list explains it.
    pub fn is_explained(&self) -> bool {
        matches!(self, Self::Deviation(_) | Self::RolecallBug(_))
    }

    /// The group name printed in reports.
    pub fn label(&self) -> String {
        match self {
            Self::Deviation(id) => format!("oracle deviation `{id}` (explained)"),
            Self::RolecallBug(id) => format!("OPEN ROLECALL BUG `{id}` (listed in deviations.md)"),
            Self::RolecallError(message) => format!("rolecall-error: {message}"),
            Self::OracleError(message) => format!("oracle-error: {message}"),
            Self::Unexplained(features) => format!("UNEXPLAINED: {features}"),
        }
    }
}

/// The cause of a disagreement that no listed deviation explains.
pub fn unexplained(case: &Case, rolecall: &Verdict, oracle: &Verdict) -> Cause {
    let decisions = (rolecall.decision.as_str(), oracle.decision.as_str());
    if rolecall.decision == "error" {
        return Cause::RolecallError(first_words(rolecall.error.as_deref().unwrap_or("")));
    }
    if oracle.decision == "error" {
        return Cause::OracleError(first_words(oracle.error.as_deref().unwrap_or("")));
    }
    if !oracle.ignored_keys.is_empty() {
        return Cause::OracleError(format!(
            "the oracle ignored context keys {:?} (a generator bug)",
            oracle.ignored_keys
        ));
    }
    Cause::Unexplained(format!(
        "rolecall {} / oracle {}; {}",
        decisions.0,
        decisions.1,
        features(case)
    ))
}

/// The kind of an error message: without its location, the field it names (`` `scps[0][1]`: ``)
/// and the user input it quotes, so that errors group by kind.
fn first_words(message: &str) -> String {
    let message = message.split(" (line ").next().unwrap_or(message);
    let message = match message.split_once("`: ") {
        Some((field, rest)) if field.starts_with('`') && !field.contains(' ') => rest,
        _ => message,
    };
    let mut kind = String::new();
    for (n, part) in message.split('`').enumerate() {
        kind.push_str(if n % 2 == 1 { "`…`" } else { part });
    }
    kind
}

/// A short description of what is left in a minimal case, for grouping the unexplained.
pub fn features(case: &Case) -> String {
    let mut set = BTreeSet::new();
    set.insert(format!("action {}", case.action));
    set.insert(format!("caller {}", caller_kind(&case.principal)));
    if !case
        .principal
        .contains(&format!("::{}:", case.resource_account))
        && !case.resource.contains(&case.resource_account)
    {
        set.insert("cross-account?".to_owned());
    }
    for (place, policy) in case.policies() {
        set.insert(format!("{} policy", place.name()));
        for statement in statements(policy) {
            for element in ["NotAction", "NotResource", "NotPrincipal"] {
                if statement.get(element).is_some() {
                    set.insert(element.to_owned());
                }
            }
            if let Some(Value::Object(condition)) = statement.get("Condition") {
                for operator in condition.keys() {
                    set.insert(operator.clone());
                }
            }
            if place == Place::Resource {
                if let Some(principal) = statement.get("Principal") {
                    set.insert(format!("Principal {principal}"));
                }
            }
        }
    }
    set.into_iter().collect::<Vec<_>>().join(", ")
}

fn caller_kind(principal: &str) -> &'static str {
    if principal.contains(":user/") {
        "user"
    } else if principal.contains(":assumed-role/") {
        "role-session"
    } else if principal.ends_with(":root") {
        "root"
    } else if principal.contains(":federated-user/") {
        "federated-user"
    } else {
        "service"
    }
}

/// The statements of a policy (one object or a list).
pub fn statements(policy: &Value) -> Vec<&Value> {
    match policy.get("Statement") {
        Some(Value::Array(all)) => all.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}
