//! The one place where the playground calls rolecall-core.
//!
//! It hands the scenario to the core and turns what the core computes (diagnostics, decisions,
//! explanations with spans) into the display data of `outcome.rs`. It makes no decision of its
//! own: no parsing, matching or evaluation of policies happens here.

use std::rc::Rc;

use rolecall_core::Diagnostic;
use rolecall_core::policy::parse_policy;

use crate::docref::DocRef;
use crate::model::Scenario;
use crate::outcome::{Finding, Outcome, RequestResult, Verdict};

/// Every policy document of the scenario, in display order.
#[must_use]
pub fn documents(scenario: &Scenario) -> Vec<DocRef> {
    let mut docs = Vec::new();
    for (i, identity) in scenario.identities.iter().enumerate() {
        if identity.trust_policy.is_some() {
            docs.push(DocRef::Trust { identity: i });
        }
        docs.extend((0..identity.policies.len()).map(|p| DocRef::Identity { identity: i, policy: p }));
        if identity.permissions_boundary.is_some() {
            docs.push(DocRef::Boundary { identity: i });
        }
    }
    for (r, resource) in scenario.resources.iter().enumerate() {
        if resource.policy.is_some() {
            docs.push(DocRef::Resource { resource: r });
        }
    }
    if let Some(org) = &scenario.organization {
        docs.extend((0..org.scps.len()).map(|index| DocRef::Scp { index }));
        docs.extend((0..org.rcps.len()).map(|index| DocRef::Rcp { index }));
    }
    for (r, request) in scenario.requests.iter().enumerate() {
        for (h, hop) in request.assume.iter().enumerate() {
            if hop.session_policy.is_some() {
                docs.push(DocRef::Session { request: r, hop: h });
            }
        }
    }
    docs
}

fn finding(doc: Option<DocRef>, d: Diagnostic) -> Finding {
    Finding {
        severity: d.severity,
        code: d.code.to_owned(),
        span: d.labels.first().map(|l| l.span),
        message: d.message,
        help: d.help,
        doc,
    }
}

/// Evaluates the scenario with rolecall-core.
#[must_use]
pub fn evaluate(scenario: Rc<Scenario>, revision: u64) -> Outcome {
    let mut findings = Vec::new();
    for doc in documents(&scenario) {
        if let Some(text) = doc.text(&scenario) {
            let parsed = parse_policy(text, doc.kind());
            findings.extend(parsed.diagnostics.into_iter().map(|d| finding(Some(doc), d)));
        }
    }
    let requests = scenario
        .requests
        .iter()
        .map(|r| RequestResult {
            verdict: None,
            expect: r.expect.as_deref().and_then(Verdict::from_attr),
            steps: Vec::new(),
            note: Some("the scenario evaluator of rolecall-core is not available in this build yet".to_owned()),
        })
        .collect();
    Outcome {
        scenario,
        revision,
        findings,
        requests,
        derived: Vec::new(),
    }
}

/// Decodes a share-link fragment with the core's share codec.
///
/// # Errors
/// A one-line message when the link is broken, hostile or from an unknown version.
pub fn open_link(fragment: &str) -> Result<Scenario, String> {
    let _ = fragment;
    Err("this build cannot open share links yet (the core share codec is not available)".to_owned())
}

/// Encodes the scenario as a share link with the core's share codec.
///
/// # Errors
/// A message when the scenario cannot be encoded.
pub fn share_link(scenario: &Scenario, base_url: &str) -> Result<String, String> {
    let _ = (scenario, base_url);
    Err("this build cannot make share links yet (the core share codec is not available)".to_owned())
}
