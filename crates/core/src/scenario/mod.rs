//! Scenarios: a small AWS world plus the requests asked of it, with assume-role chains.
//!
//! - [`model`]: the v1 format as Rust types, editable and serializable back to JSON.
//! - [`parse`]: scenario text → model + diagnostics with spans (unknown fields, wrong types,
//!   dangling references), migrating old format versions.
//! - [`derive`](mod@derive): the context keys AWS sets by itself.
//! - [`chain`]: assume-role hops (STS calls, parameter rules, the sessions they create).
//! - [`evaluate`]: a request → its steps, each with decision and explanation.
//! - [`edit`]: renames of identities and resources that follow every reference.
//! - [`render`]: text output of `rolecall eval` and `rolecall check`.
//! - [`examples`]: the example library shared by the CLI and the web app.
//! - [`text`]: minify and pretty-print JSON text without reordering it.
//! - [`template`]: new policies and statements per policy kind, statement insertion, Format.
//! - [`challenge`]: challenge mode (goal checks, locked documents, hints, the reference
//!   solution) and the challenge gallery.
//! - [`view`]: what a front end shows: diagnostics placed in documents ([`view::check`]) and
//!   each request's steps with display-ready explanation lines.
//!
//! The share-link codec is [`crate::share`].

pub mod absent;
pub mod arn;
pub mod chain;
pub mod challenge;
pub mod derive;
pub mod documents;
pub mod edit;
pub mod evaluate;
pub mod examples;
pub mod managed;
pub mod model;
pub mod parse;
pub mod parsed;
pub mod policies;
mod reader;
pub mod render;
pub mod report;
mod requests;
pub mod starting;
pub mod sts;
pub mod template;
pub mod text;
pub mod tokens;
pub mod view;

pub use crate::document::{DocumentId, LineField};
pub use evaluate::{
    RequestOutcome, ScenarioOutcome, Step, StepDecision, evaluate_request, evaluate_request_as,
    evaluate_scenario,
};
pub use model::{Scenario, to_json, to_json_minified};
pub use parse::{ParsedScenario, parse_scenario};

use crate::diagnostic::Diagnostic;
use crate::managed::ManagedPolicies;
use crate::policy::{model::PolicyKind, parse_policy};
use model::PolicyDocument;

/// Parses a scenario and every policy document in it. All diagnostics point into `text`.
///
/// This is what the CLI and the web app call to open a scenario file.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::load;
/// let loaded = load(r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/alice",
///   "policies": [{"name": "P", "document": {"Version": "2012-10-17", "Statement": []}}]}], "requests": []}"#);
/// assert!(loaded.scenario.is_some());
/// ```
#[must_use]
pub fn load(text: &str) -> ParsedScenario {
    load_with(text, &ManagedPolicies::new())
}

/// Like [`load`], and resolves the managed-policy references (`{"arn": ...}`) against the
/// scenario's `managedPolicies` and the AWS managed policies in `aws` (see [`managed`]). An
/// AWS managed policy that `aws` does not have yet stays loading (an informational
/// `managed-policy-loading` diagnostic).
///
/// # Examples
///
/// ```
/// use rolecall_core::managed::ManagedPolicies;
/// use rolecall_core::scenario::load_with;
/// let loaded = load_with(r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/alice",
///   "policies": [{"arn": "arn:aws:iam::111111111111:policy/Missing"}]}], "requests": []}"#, &ManagedPolicies::new());
/// assert_eq!(loaded.diagnostics[0].code, "unknown-managed-policy");
/// ```
#[must_use]
pub fn load_with(text: &str, aws: &ManagedPolicies) -> ParsedScenario {
    let mut parsed = parse_scenario(text);
    if let Some(scenario) = &mut parsed.scenario {
        let found = checked(scenario, aws);
        parsed.diagnostics.extend(found);
    }
    parsed
        .diagnostics
        .sort_by_key(|d| (d.span().start, d.span().end));
    parsed
}

/// Reads the text once for two uses: the scenario as [`parse_scenario`] gives it (its
/// managed-policy references not resolved: what an editor holds), and every diagnostic that
/// [`load_with`] gives for the same text, in the same order.
///
/// Why: a front end that shows a file's diagnostics before opening it (the page's import
/// review) would otherwise read a large file twice.
#[must_use]
pub fn parse_and_check(text: &str, aws: &ManagedPolicies) -> (ParsedScenario, Vec<Diagnostic>) {
    let parsed = parse_scenario(text);
    let mut diagnostics = parsed.diagnostics.clone();
    if let Some(scenario) = &parsed.scenario {
        let mut resolved = scenario.clone();
        diagnostics.extend(checked(&mut resolved, aws));
    }
    diagnostics.sort_by_key(|d| (d.span().start, d.span().end));
    (parsed, diagnostics)
}

/// What [`load_with`] adds to the parser's diagnostics: managed-policy references resolved
/// (in `scenario`), every document read, and the inline policy quotas.
fn checked(scenario: &mut Scenario, aws: &ManagedPolicies) -> Vec<Diagnostic> {
    let mut diagnostics = managed::resolve(scenario, aws);
    for doc in scenario.documents() {
        diagnostics.extend(document_diagnostics(doc.document, doc.kind));
    }
    inline_policy_sizes(scenario, &mut diagnostics);
    diagnostics
}

/// The diagnostics of one policy document, moved into the scenario file.
///
/// A document written as an object, or as a string without escape sequences, maps one to one:
/// its diagnostics are shifted by the document's offset. A string with escapes (`\n`, `\"`)
/// does not; its diagnostics then point at the whole string (the editor shows the precise place
/// in the policy's own text, where the spans are exact).
#[must_use]
pub fn document_diagnostics(document: &PolicyDocument, kind: PolicyKind) -> Vec<Diagnostic> {
    let parsed = parse_policy(&document.text, kind);
    parsed
        .diagnostics
        .into_iter()
        .map(|d| into_file(document, d))
        .collect()
}

/// Moves a diagnostic of `document`'s own text into the scenario file (see
/// [`document_diagnostics`]).
fn into_file(document: &PolicyDocument, d: Diagnostic) -> Diagnostic {
    match document.offset {
        Some(offset) => d.shifted(offset),
        None => {
            let mut d = d;
            for label in &mut d.labels {
                label.span = document.span;
            }
            d
        }
    }
}

/// The size quotas of inline policies: an identity's `policies` are its inline policies, so
/// their quota is that of a user (2,048 characters), a group (5,120) or a role (10,240 for all
/// of a role's inline policies together) instead of the managed-policy quota (6,144) that a
/// policy read on its own is checked against.
///
/// Why: "IAM and AWS STS quotas" ("User policy size", "Group policy size", "Role policy size",
/// "Managed policy size"); iam-semantics.md §9.
fn inline_policy_sizes(scenario: &Scenario, diagnostics: &mut Vec<Diagnostic>) {
    use crate::policy::validate::text::{PolicyPlace, check_size};
    // The managed-policy warning the policy reader gave does not apply to an inline policy.
    let inline = scenario
        .identities
        .iter()
        .flat_map(|i| i.policies.iter().filter(|p| p.document.reference.is_none()));
    let managed: Vec<Diagnostic> = inline
        .filter_map(|p| {
            let warning = check_size(&p.document.text, PolicyPlace::Managed)?;
            Some(into_file(&p.document, warning))
        })
        .collect();
    diagnostics.retain(|d| !managed.contains(d));
    for (_, document, warning) in inline_size_warnings(scenario) {
        diagnostics.push(into_file(document, warning));
    }
}

/// The size warnings of the inline policies of users, groups and roles, each against the
/// quota of where it lives: the path of the document (`identities[0].policies[1].document`),
/// the document, and the `policy-too-large` warning in the document's own text. A role's
/// inline policies are checked together, the warning on the last one.
///
/// The policy reader ([`crate::policy::parse_policy`]) checks an identity policy read on its
/// own against the managed-policy quota; a front end that shows a scenario replaces that
/// warning, for an inline policy, with these.
///
/// Why ("IAM and AWS STS quotas"): "User policy size: 2,048 characters", "Group policy size:
/// 5,120 characters", "Role policy size: 10,240 characters" (all the inline policies of a role
/// together), while a managed policy may have 6,144 (see
/// [`crate::policy::validate::text::PolicyPlace::quota`]).
#[must_use]
pub fn inline_size_warnings(scenario: &Scenario) -> Vec<(DocumentId, &PolicyDocument, Diagnostic)> {
    use crate::policy::validate::text::{PolicyPlace, check_size, counted_size, size_warning};
    let mut out = Vec::new();
    for (n, identity) in scenario.identities.iter().enumerate() {
        let place = match arn::identity_kind(&identity.arn) {
            Some(arn::IdentityKind::User) => PolicyPlace::UserInline,
            Some(arn::IdentityKind::Group) => PolicyPlace::GroupInline,
            Some(arn::IdentityKind::Role) => PolicyPlace::RoleInline,
            _ => continue,
        };
        let inline: Vec<(usize, &PolicyDocument)> = identity
            .policies
            .iter()
            .enumerate()
            .filter(|(_, p)| p.document.reference.is_none())
            .map(|(i, p)| (i, &p.document))
            .collect();
        let path = |policy: usize| DocumentId::Identity {
            identity: n,
            policy,
        };
        if place == PolicyPlace::RoleInline {
            let total: usize = inline
                .iter()
                .filter_map(|(_, d)| counted_size(&d.text, place))
                .sum();
            if let Some((i, last)) = inline.last() {
                let end = last.text.chars().next().map_or(0, char::len_utf8);
                if let Some(warning) = size_warning(total, place, crate::span::Span::new(0, end)) {
                    out.push((path(*i), *last, warning));
                }
            }
        } else {
            for (i, document) in inline {
                if let Some(warning) = check_size(&document.text, place) {
                    out.push((path(i), document, warning));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
