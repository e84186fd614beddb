//! Managed-policy references of a scenario (`{"arn": ...}`), resolved against the customer
//! managed policies of `managedPolicies` and a set of AWS managed policies given as input.
//!
//! Why the AWS data is an input: the core stays pure. The CLI passes the whole bundled set
//! ([`crate::managed::ManagedPolicies::parse`] of the embedded file); the page passes what it has
//! fetched so far, and a reference it has not fetched yet is [`Resolved::Loading`], never
//! unknown.
//!
//! Why references keep their ARN: AWS attaches managed policies by ARN (`AttachUserPolicy`,
//! `AttachRolePolicy`, `PutRolePermissionsBoundary` take a `PolicyArn`, IAM API Reference), and
//! a scenario written back keeps `{"arn": ...}` rather than a copy of the document.

use crate::diagnostic::{Diagnostic, scenario as diag};
use crate::document::DocumentId;
use crate::managed::{Lookup, ManagedPolicies, ManagedPolicy, is_aws_managed, policy_name};
use crate::scenario::model::{
    Identity, ManagedPolicyDef, PolicyDocument, ReferenceState, Scenario,
};
use crate::scenario::text::pretty;

/// What a managed policy ARN designates in a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved<'a> {
    /// A customer managed policy of `managedPolicies`, with its index.
    Customer(usize, &'a ManagedPolicyDef),
    /// An AWS managed policy with its document.
    Aws(&'a ManagedPolicy),
    /// An AWS managed policy whose document has not been fetched yet.
    Loading,
    /// Nothing has this ARN.
    Unknown,
}

/// Looks up a managed policy ARN: first the scenario's `managedPolicies`, then (for an
/// `arn:aws:iam::aws:policy/...` ARN) the AWS managed policies in `aws`.
///
/// This is the one resolver for every place that names a managed policy by ARN (identity
/// policies, group policies, permissions boundaries, and the `PolicyArns` of an STS call).
///
/// # Examples
///
/// ```
/// use rolecall_core::managed::ManagedPolicies;
/// use rolecall_core::scenario::{load, managed::{lookup, Resolved}};
/// let scenario = load(r#"{"rolecall": 1, "managedPolicies": [{"arn": "arn:aws:iam::111111111111:policy/Deploy",
///   "document": {"Version": "2012-10-17", "Statement": []}}], "identities": [], "requests": []}"#).scenario.unwrap();
/// let aws = ManagedPolicies::new();
/// assert!(matches!(lookup(&scenario, &aws, "arn:aws:iam::111111111111:policy/Deploy"), Resolved::Customer(0, _)));
/// assert_eq!(lookup(&scenario, &aws, "arn:aws:iam::aws:policy/ReadOnlyAccess"), Resolved::Loading);
/// assert_eq!(lookup(&scenario, &aws, "arn:aws:iam::111111111111:policy/Other"), Resolved::Unknown);
/// ```
#[must_use]
pub fn lookup<'a>(scenario: &'a Scenario, aws: &'a ManagedPolicies, arn: &str) -> Resolved<'a> {
    if let Some((index, def)) = scenario
        .managed_policies
        .iter()
        .enumerate()
        .find(|(_, d)| d.arn == arn)
    {
        return Resolved::Customer(index, def);
    }
    if !is_aws_managed(arn) {
        return Resolved::Unknown;
    }
    match aws.lookup(arn) {
        Lookup::Found(p) => Resolved::Aws(p),
        Lookup::Loading => Resolved::Loading,
        Lookup::Unknown => Resolved::Unknown,
    }
}

/// The closest known ARN to an unknown one (same owner: customer or AWS).
fn suggestion(scenario: &Scenario, aws: &ManagedPolicies, arn: &str) -> Option<String> {
    if is_aws_managed(arn) {
        return aws.suggest(arn).map(|p| p.arn.clone());
    }
    let name = crate::policy::suggest::closest(
        policy_name(arn),
        scenario
            .managed_policies
            .iter()
            .map(|d| policy_name(&d.arn)),
    )?;
    scenario
        .managed_policies
        .iter()
        .find(|d| policy_name(&d.arn) == name)
        .map(|d| d.arn.clone())
}

/// Resolves every managed-policy reference of `scenario` in place: each reference gets its
/// state and the referenced document's text. Returns the diagnostics: an unknown ARN (an error
/// at the reference, with "did you mean"), a customer managed policy defined twice.
///
/// A reference still [`ReferenceState::Loading`] gets an informational
/// `managed-policy-loading` diagnostic: the page evaluates again when the document arrives.
pub fn resolve(scenario: &mut Scenario, aws: &ManagedPolicies) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (index, def) in scenario.managed_policies.iter().enumerate() {
        if let Some(first) = scenario
            .managed_policies
            .iter()
            .take(index)
            .find(|d| d.arn == def.arn)
        {
            diagnostics.push(diag::duplicate_managed_policy(
                def.span, &def.arn, first.span,
            ));
        }
    }
    let mut resolved: Vec<(usize, usize, Option<PolicyDocument>)> = Vec::new();
    // Each AWS managed policy's text is pretty-printed once, however many identities attach it
    // (an account export attaches `ReadOnlyAccess`, 100 KB, to hundreds of them).
    let mut texts = AwsTexts::default();
    for (i, identity) in scenario.identities.iter().enumerate() {
        let entries = identity.policies.iter().enumerate().chain(
            identity
                .permissions_boundary
                .iter()
                .map(|b| (usize::MAX, b)),
        );
        for (p, entry) in entries {
            let Some(reference) = &entry.document.reference else {
                continue;
            };
            let (state, text) = match lookup(scenario, aws, &reference.arn) {
                Resolved::Customer(index, def) => {
                    (ReferenceState::Customer(index), def.document.text.clone())
                }
                Resolved::Aws(policy) => (
                    ReferenceState::Aws(policy.version_id.clone()),
                    texts.text(policy),
                ),
                Resolved::Loading => {
                    diagnostics.push(diag::managed_policy_loading(
                        entry.document.span,
                        &reference.arn,
                    ));
                    (ReferenceState::Loading, String::new())
                }
                Resolved::Unknown => {
                    let suggestion = suggestion(scenario, aws, &reference.arn);
                    diagnostics.push(diag::unknown_managed_policy(
                        entry.document.span,
                        &reference.arn,
                        is_aws_managed(&reference.arn),
                        suggestion.as_deref(),
                    ));
                    (ReferenceState::Unknown, String::new())
                }
            };
            let mut document = entry.document.clone();
            document.text = text;
            document.offset = None;
            if let Some(r) = &mut document.reference {
                r.state = state;
            }
            resolved.push((i, p, Some(document)));
        }
    }
    diagnostics.extend(resolve_session_policy_arns(scenario, aws));
    for (i, p, document) in resolved {
        let Some(identity) = scenario.identities.get_mut(i) else {
            continue;
        };
        let entry = if p == usize::MAX {
            identity.permissions_boundary.as_mut()
        } else {
            identity.policies.get_mut(p)
        };
        if let (Some(entry), Some(document)) = (entry, document) {
            entry.document = document;
        }
    }
    diagnostics
}

/// The pretty-printed texts of AWS managed policies, each written once per resolve.
#[derive(Default)]
struct AwsTexts(std::collections::HashMap<String, String>);

impl AwsTexts {
    /// The editor's text of `policy`'s document.
    fn text(&mut self, policy: &ManagedPolicy) -> String {
        self.0
            .entry(policy.arn.clone())
            .or_insert_with(|| pretty(policy.document.as_deref().unwrap_or_default()))
            .clone()
    }
}

/// Resolves the AWS managed policies named by the `policyArns` (managed session policies) of
/// every `assume` hop into `scenario.session_policy_refs`, one reference document per ARN.
/// Returns a `managed-policy-loading` diagnostic for each one `aws` does not have yet. A
/// customer managed ARN is read from `managedPolicies` where it is used, and an ARN nothing
/// has fails the STS call (`unknown-policy-arn`, [`crate::scenario::tokens::policy_arn_checks`]).
///
/// Why: `PolicyArns` takes "the Amazon Resource Names (ARNs) of the IAM managed policies that
/// you want to use as managed session policies" (AWS STS API Reference, `AssumeRole`,
/// `GetFederationToken`); AWS managed policies are managed policies too.
fn resolve_session_policy_arns(scenario: &mut Scenario, aws: &ManagedPolicies) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut refs: Vec<PolicyDocument> = Vec::new();
    for hop in scenario.requests.iter().flat_map(|r| &r.assume) {
        for arn in &hop.policy_arns {
            if !is_aws_managed(arn) {
                continue;
            }
            let mut document = PolicyDocument::reference(arn.as_str());
            document.span = hop.span;
            let state = match lookup(scenario, aws, arn) {
                Resolved::Aws(policy) => {
                    document.text = pretty(policy.document.as_deref().unwrap_or_default());
                    ReferenceState::Aws(policy.version_id.clone())
                }
                Resolved::Loading => {
                    diagnostics.push(diag::managed_policy_loading(hop.span, arn));
                    ReferenceState::Loading
                }
                Resolved::Customer(..) | Resolved::Unknown => ReferenceState::Unknown,
            };
            if let Some(r) = &mut document.reference {
                r.state = state;
            }
            if !refs.iter().any(|d| d.reference_arn() == Some(arn)) {
                refs.push(document);
            }
        }
    }
    scenario.session_policy_refs = refs;
    diagnostics
}

/// The AWS managed policy ARNs the scenario refers to (attached to identities, or named by a
/// hop's `policyArns`), sorted and without repeats (what the page fetches).
#[must_use]
pub fn aws_references(scenario: &Scenario) -> Vec<String> {
    let mut arns: Vec<String> = scenario
        .identities
        .iter()
        .flat_map(Identity::policy_entries)
        .filter_map(|p| p.document.reference_arn())
        .chain(
            scenario
                .requests
                .iter()
                .flat_map(|r| &r.assume)
                .flat_map(|h| h.policy_arns.iter().map(String::as_str)),
        )
        .filter(|arn| is_aws_managed(arn))
        .map(str::to_owned)
        .collect();
    arns.sort();
    arns.dedup();
    arns
}

/// The references whose document is still loading (the page says so instead of a decision that
/// would change once they arrive).
#[must_use]
pub fn loading(scenario: &Scenario) -> Vec<&str> {
    scenario
        .identities
        .iter()
        .flat_map(Identity::policy_entries)
        .map(|p| &p.document)
        .chain(&scenario.session_policy_refs)
        .filter_map(|d| d.reference.as_ref())
        .filter(|r| {
            matches!(
                r.state,
                ReferenceState::Loading | ReferenceState::Unresolved
            )
        })
        .map(|r| r.arn.as_str())
        .collect()
}

/// The name the explanation shows for a policy entry: the policy name, and for a reference
/// whose it is (`AmazonS3ReadOnlyAccess (AWS managed, v3)`).
#[must_use]
pub fn display_name(name: &str, document: &PolicyDocument) -> String {
    match document.reference.as_ref().map(|r| &r.state) {
        None => name.to_owned(),
        Some(ReferenceState::Aws(version)) => format!("{name} (AWS managed, {version})"),
        Some(ReferenceState::Customer(_)) => format!("{name} (customer managed)"),
        Some(ReferenceState::Loading | ReferenceState::Unresolved) => {
            format!("{name} (AWS managed, not loaded yet: not evaluated)")
        }
        Some(ReferenceState::Unknown) => format!("{name} (unknown managed policy: not evaluated)"),
    }
}

/// Where the explanation points for a policy entry's text: a customer managed policy's
/// definition, or the entry itself.
#[must_use]
pub fn source_id(document: &PolicyDocument, entry: DocumentId) -> DocumentId {
    match document.reference.as_ref().map(|r| &r.state) {
        Some(ReferenceState::Customer(index)) => DocumentId::Managed { index: *index },
        _ => entry,
    }
}
