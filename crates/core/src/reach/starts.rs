//! Where a who-can question can start from, besides a typed action and resource: a statement
//! of a policy (who else can do what it allows?), a role (who can assume it?) or a resource.
//! The page's "Who can?" view offers these; the choice of action and resource is made here.

use crate::policy::model::PolicyKind;
use crate::policy::parse_policy;
use crate::scenario::arn::{IdentityKind, identity_kind};
use crate::scenario::model::Scenario;

/// A who-can question: an action on a resource, with a label saying where it comes from.
/// Serialisable: the page's "Who can?" view asks the evaluation worker for them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Start {
    /// Where it comes from (`statement Reports of ReadReports`).
    pub label: String,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
}

/// The question each `Allow` statement of the identity `arn`'s own policies asks: its first
/// action without a wildcard, on its first `Resource` (`*` when it has none or a
/// `NotResource`). A statement whose actions all have wildcards, or with a `NotAction`, names
/// no single action and is left out.
///
/// # Examples
///
/// ```
/// use rolecall_core::reach::starts::statement_starts;
/// use rolecall_core::scenario::load;
/// let scenario = load(r#"{"rolecall": 1, "identities": [
///   {"arn": "arn:aws:iam::111111111111:user/alice", "policies": [{"name": "Read", "document":
///     {"Version": "2012-10-17", "Statement": [{"Sid": "R", "Effect": "Allow",
///      "Action": ["s3:*", "s3:GetObject"], "Resource": "arn:aws:s3:::bkt/*"}]}}]}],
///   "requests": []}"#).scenario.unwrap_or_default();
/// let starts = statement_starts(&scenario, "arn:aws:iam::111111111111:user/alice");
/// assert_eq!(starts[0].action, "s3:GetObject");
/// assert_eq!(starts[0].resource, "arn:aws:s3:::bkt/*");
/// assert_eq!(starts[0].label, "statement R of Read");
/// ```
#[must_use]
pub fn statement_starts(scenario: &Scenario, arn: &str) -> Vec<Start> {
    let Some(identity) = scenario.identity(arn) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for named in &identity.policies {
        let parsed = parse_policy(&named.document.text, PolicyKind::Identity);
        for statement in &parsed.policy.statements {
            if !statement.is_allow() {
                continue;
            }
            let Some(action) = statement
                .action
                .as_ref()
                .filter(|a| !a.negated)
                .and_then(|a| a.values.iter().find(|v| !v.value.contains(['*', '?'])))
            else {
                continue;
            };
            let resource = statement
                .resource
                .as_ref()
                .filter(|r| !r.negated)
                .and_then(|r| r.values.first())
                .map_or_else(|| "*".to_owned(), |r| r.value.clone());
            out.push(Start {
                label: format!("statement {} of {}", statement.display_name(), named.name),
                action: action.value.clone(),
                resource,
            });
        }
    }
    out
}

/// "Who can assume it?" for every role of the scenario.
#[must_use]
pub fn role_starts(scenario: &Scenario) -> Vec<Start> {
    scenario
        .identities
        .iter()
        .filter(|i| identity_kind(&i.arn) == Some(IdentityKind::Role))
        .map(|i| Start {
            label: format!("who can assume {}", i.arn),
            action: "sts:AssumeRole".to_owned(),
            resource: i.arn.clone(),
        })
        .collect()
}

/// The principals a can-what question can be asked about: the scenario's identities that make
/// calls, in file order. A group is left out.
///
/// Why: a group is not a principal; it cannot be named in a `Principal` element or make a
/// call, it only holds policies for its users (IAM User Guide, "IAM user groups").
///
/// # Examples
///
/// ```
/// use rolecall_core::reach::starts::principals;
/// use rolecall_core::scenario::load;
/// let scenario = load(r#"{"rolecall": 1, "identities": [
///   {"arn": "arn:aws:iam::111111111111:group/devs", "policies": []},
///   {"arn": "arn:aws:iam::111111111111:user/alice", "policies": []}],
///   "requests": []}"#).scenario.unwrap_or_default();
/// assert_eq!(principals(&scenario), ["arn:aws:iam::111111111111:user/alice"]);
/// ```
#[must_use]
pub fn principals(scenario: &Scenario) -> Vec<String> {
    scenario
        .identities
        .iter()
        .filter(|i| identity_kind(&i.arn) != Some(IdentityKind::Group))
        .map(|i| i.arn.clone())
        .collect()
}
