//! What a front end shows of a scenario, display-ready: every diagnostic placed in its
//! document ([`check`]), and each request's decision with its steps, their explanation lines
//! and the documents that decided them ([`view`]).
//!
//! The web page only draws these values; the wording is that of `rolecall eval --format text`
//! (both print [`step_lines`]).

use std::collections::BTreeSet;

use crate::document::DocumentId;
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, lint_policy};
use crate::diagnostic::{Diagnostic, Severity};
use crate::evaluate::Line;
use crate::managed::ManagedPolicies;
use crate::policy::model::PolicyKind;
use crate::policy::parse_policy;
use crate::request::{Context, ContextSource, ContextValue};
use crate::scenario::documents::DocumentRef;
use crate::scenario::evaluate::{RequestOutcome, Step, StepDecision, evaluate_scenario};
use crate::scenario::managed::resolve;
use crate::scenario::model::{Expect, Scenario};
use crate::scenario::render::step_lines;
use crate::scenario::{absent, arn};
use crate::scenario::{inline_size_warnings, parse_scenario, to_json_minified};
use crate::span::Span;

/// A diagnostic placed in a policy document of the scenario, or in the scenario as a whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The document it is about (as in [`Scenario::documents`]), or `None` for
    /// the scenario's structure (a dangling reference, a bad account id, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentId>,
    /// The span in that document's own text (`None` for the scenario's structure: the model
    /// being edited has no text of its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The diagnostic.
    pub diagnostic: Diagnostic,
}

impl Finding {
    /// Whether it is an error.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.diagnostic.severity == Severity::Error
    }
}

/// Checks a scenario being edited: its structure (references, ids, values), and every policy
/// document from its own text, with the catalog's lint when a catalog is given.
///
/// The structure is checked by writing the scenario and reading it back, so the rules are
/// exactly those of `rolecall check` on a file.
#[must_use]
pub fn check(scenario: &Scenario, catalog: Option<&Catalog>) -> Vec<Finding> {
    let mut findings = structure_findings(scenario);
    for doc in scenario.documents() {
        findings.extend(check_document(&doc, catalog));
    }
    findings.extend(size_findings(scenario));
    findings
}

/// The findings about one document, read from its text.
pub(crate) fn check_document(doc: &DocumentRef<'_>, catalog: Option<&Catalog>) -> Vec<Finding> {
    let parsed = parse_policy(&doc.document.text, doc.kind);
    let lint = catalog
        .map(|c| lint_policy(c, &parsed.policy, doc.kind))
        .unwrap_or_default();
    document_findings(doc.id, &parsed.diagnostics, &lint).collect()
}

/// The findings about the scenario's structure: those of reading it back from its JSON.
pub(crate) fn structure_findings(scenario: &Scenario) -> Vec<Finding> {
    structure_findings_of(&to_json_minified(scenario))
}

/// [`structure_findings`] of the scenario written as `json` ([`to_json_minified`]).
pub(crate) fn structure_findings_of(json: &str) -> Vec<Finding> {
    parse_scenario(json)
        .diagnostics
        .into_iter()
        .map(|diagnostic| Finding {
            document: None,
            span: None,
            diagnostic,
        })
        .collect()
}

/// The findings about document `id`: the policy reader's `diagnostics` of its text, then the
/// catalog's `lint`.
pub(crate) fn document_findings<'a>(
    id: DocumentId,
    diagnostics: &'a [Diagnostic],
    lint: &'a [Diagnostic],
) -> impl Iterator<Item = Finding> + 'a {
    // An inline policy's size is checked against the quota of where it lives
    // ([`size_findings`]), not the managed-policy quota a policy read on its own gets.
    let inline = matches!(id, DocumentId::Identity { .. });
    diagnostics
        .iter()
        .filter(move |d| !(inline && d.code == "policy-too-large"))
        .chain(lint)
        .map(move |diagnostic| Finding {
            document: Some(id),
            span: diagnostic.labels.first().map(|l| l.span),
            diagnostic: diagnostic.clone(),
        })
}

/// The size warnings of inline policies, each against the quota of where it lives.
pub(crate) fn size_findings(scenario: &Scenario) -> impl Iterator<Item = Finding> + '_ {
    inline_size_warnings(scenario)
        .into_iter()
        .map(|(path, _, diagnostic)| Finding {
            document: Some(path),
            span: diagnostic.labels.first().map(|l| l.span),
            diagnostic,
        })
}

/// The documents that have errors among `findings`.
pub(crate) fn broken_documents(findings: &[Finding]) -> BTreeSet<DocumentId> {
    findings
        .iter()
        .filter(|f| f.is_error())
        .filter_map(|f| f.document)
        .collect()
}

/// One step of a request as shown: an STS call of an assume hop, or the final action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepView {
    /// `sts:AssumeRole`, `s3:PutObject`, ...
    pub call: String,
    /// Who makes the call.
    pub principal: String,
    /// On what (the role ARN for a hop).
    pub resource: String,
    /// The assume hop's index, or `None` for the final action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hop: Option<usize>,
    /// The name of the step in the chain principal → role → … → action: the role's name for
    /// the assume call of a hop, else the call (`sts:TagSession`, `s3:PutObject`).
    pub node: String,
    /// The decision.
    pub decision: StepDecision,
    /// One sentence saying why.
    pub summary: String,
    /// The explanation (the lines `rolecall eval --format text` prints for the step).
    pub lines: Vec<Line>,
    /// The documents on the caller's side that took part (identity policies, boundary,
    /// session policy), by path.
    pub identity_side: Vec<DocumentId>,
    /// The documents on the resource's side that took part (the role's trust policy for a hop,
    /// the resource-based policy for an action), by path.
    pub resource_side: Vec<DocumentId>,
    /// The guardrails that took part (SCPs, RCPs, VPC endpoint policies), by path.
    pub guardrails: Vec<DocumentId>,
    /// The documents that took part and have errors: AWS would refuse to store them, so the
    /// decision rests on a policy that cannot exist as written.
    pub broken: Vec<DocumentId>,
    /// What to show in place of the resource's side when no document of it took part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_note: Option<String>,
    /// Where a resource-based policy deciding the final action could be added, when none took
    /// part and one can exist there ([`absent::resource_policy_home`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_home: Option<String>,
    /// What to show in place of the caller's side when no identity-based policy took part
    /// (`None` also when the step's policies were not evaluated: its summary says why).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_note: Option<String>,
}

/// One request as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestView {
    /// The decision, when the request has a step to decide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<StepDecision>,
    /// The expected decision, if the request states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    /// Whether the expectation holds (`None` without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// The steps, principal → role → … → action.
    pub steps: Vec<StepView>,
    /// The step that decided the request: the first one that was not allowed, else the last
    /// (the action the request is for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deciding_step: Option<usize>,
    /// Why there is no decision, when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The context keys the core derived for the last evaluated step (key, value), minus the
    /// keys the request gives itself (compared case-insensitively, as AWS compares key names).
    pub derived: Vec<(String, String)>,
    /// The documents with errors that any step rests on.
    pub broken: Vec<DocumentId>,
    /// The caveat on a decision that rests on documents with errors ([`Self::broken`]), said
    /// before them: AWS would refuse to store such a policy, so the decision is about a
    /// document that cannot exist as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caveat: Option<String>,
}

/// Everything a front end shows of one version of a scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioView {
    /// Every diagnostic (see [`check`]).
    pub findings: Vec<Finding>,
    /// One view per request, in order.
    pub requests: Vec<RequestView>,
}

impl ScenarioView {
    /// "N of M expectations met": (met, total).
    #[must_use]
    pub fn expectations(&self) -> (usize, usize) {
        let total = self.requests.iter().filter(|r| r.expect.is_some()).count();
        let met = self
            .requests
            .iter()
            .filter(|r| r.passed == Some(true))
            .count();
        (met, total)
    }

    /// The findings about the document `id`.
    pub fn findings_for(&self, id: DocumentId) -> impl Iterator<Item = &Finding> + '_ {
        self.findings.iter().filter(move |f| f.document == Some(id))
    }
}

/// Checks and evaluates a scenario for display (see [`check`]).
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::{examples::EXAMPLES, load, view::view};
/// let scenario = load(EXAMPLES[0].text).scenario.unwrap_or_default();
/// let shown = view(&scenario, None);
/// let (met, total) = shown.expectations();
/// assert_eq!(met, total);
/// ```
#[must_use]
pub fn view(scenario: &Scenario, catalog: Option<&Catalog>) -> ScenarioView {
    let findings = check(scenario, catalog);
    let broken = broken_documents(&findings);
    let broken = |id: DocumentId| broken.contains(&id);
    let outcome = evaluate_scenario(scenario);
    let requests = outcome
        .requests
        .iter()
        .zip(&scenario.requests)
        .map(|(r, request)| request_view(scenario, r, &request.context, &broken))
        .collect();
    ScenarioView { findings, requests }
}

/// Like [`view`], for a scenario whose managed-policy references (`{"arn": ...}`) are
/// resolved first, in place, against its `managedPolicies` and the AWS managed policies in
/// `aws` (see [`crate::scenario::managed::resolve`]): the page passes what it has fetched so
/// far, so a reference not fetched yet is reported as loading, never as unknown. The
/// resolver's diagnostics are findings about the scenario as a whole.
#[must_use]
pub fn view_resolved(
    scenario: &mut Scenario,
    catalog: Option<&Catalog>,
    aws: &ManagedPolicies,
) -> ScenarioView {
    let managed = resolve(scenario, aws);
    let mut shown = view(scenario, catalog);
    add_managed(&mut shown, managed);
    shown
}

/// Adds the managed-policy resolver's diagnostics to `shown`, as findings about the scenario.
pub(crate) fn add_managed(shown: &mut ScenarioView, managed: Vec<Diagnostic>) {
    shown
        .findings
        .extend(managed.into_iter().map(|diagnostic| Finding {
            document: None,
            span: None,
            diagnostic,
        }));
}

pub(crate) fn request_view(
    scenario: &Scenario,
    r: &RequestOutcome,
    given: &crate::scenario::model::KeyValues<ContextValue>,
    broken: &dyn Fn(DocumentId) -> bool,
) -> RequestView {
    let steps: Vec<StepView> = r
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // A hop's first call is the assume call; the others (`sts:TagSession`, ...) follow.
            let first_of_hop =
                s.hop.is_some() && (i == 0 || r.steps.get(i - 1).map(|p| p.hop) != Some(s.hop));
            step_view(scenario, s, first_of_hop, broken)
        })
        .collect();
    let mut all_broken: Vec<DocumentId> = Vec::new();
    for id in steps.iter().flat_map(|s| &s.broken) {
        if !all_broken.contains(id) {
            all_broken.push(*id);
        }
    }
    let mut given_keys = Context::new();
    for (key, value) in given.iter() {
        given_keys.insert(key, value.clone(), ContextSource::Given);
    }
    let derived = r
        .steps
        .iter()
        .rev()
        .find(|s| s.decision != StepDecision::NotEvaluated)
        .or_else(|| r.steps.last())
        .map(|s| {
            s.context
                .iter()
                .filter(|c| c.source == ContextSource::Derived && !given_keys.contains(&c.key))
                .map(|c| (c.key.clone(), value_text(&c.value)))
                .collect()
        })
        .unwrap_or_default();
    RequestView {
        decision: (!r.steps.is_empty()).then_some(r.decision),
        expect: r.expect,
        passed: r.passed,
        note: r
            .steps
            .is_empty()
            .then(|| "this request has neither an assume hop nor an action".to_owned()),
        deciding_step: steps
            .iter()
            .position(|s| s.decision != StepDecision::Allowed)
            .or_else(|| steps.len().checked_sub(1)),
        steps,
        derived,
        caveat: (!all_broken.is_empty()).then(|| {
            "Decided over a policy with errors, which AWS would refuse to store:".to_owned()
        }),
        broken: all_broken,
    }
}

fn step_view(
    scenario: &Scenario,
    step: &Step,
    assume_call: bool,
    broken: &dyn Fn(DocumentId) -> bool,
) -> StepView {
    let mut identity_side = Vec::new();
    let mut resource_side = Vec::new();
    let mut guardrails = Vec::new();
    let mut broken_docs = Vec::new();
    for trace in step.explanation.iter().flat_map(|e| &e.policies) {
        let Some(id) = trace.source else {
            continue;
        };
        if broken(id) && !broken_docs.contains(&id) {
            broken_docs.push(id);
        }
        let side = match trace.kind {
            PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session => &mut identity_side,
            PolicyKind::Trust | PolicyKind::Resource => &mut resource_side,
            PolicyKind::Scp | PolicyKind::Rcp | PolicyKind::VpcEndpoint => &mut guardrails,
        };
        if !side.contains(&id) {
            side.push(id);
        }
    }
    let hop = step.hop.is_some();
    StepView {
        call: step.call.clone(),
        principal: step.principal.clone(),
        resource: step.resource.clone(),
        hop: step.hop,
        node: if assume_call {
            arn::name(&step.resource).to_owned()
        } else {
            step.call.clone()
        },
        decision: step.decision,
        summary: step.summary.clone(),
        lines: step_lines(scenario, step),
        // A step whose policies were not evaluated (an earlier step denied, an STS check
        // refused it) has no documents on either side: its summary says why.
        resource_note: resource_side.is_empty().then(|| match &step.explanation {
            Some(_) => absent::no_resource_side(scenario, &step.resource, hop),
            None => step.summary.clone(),
        }),
        policy_home: (resource_side.is_empty() && !hop)
            .then(|| absent::resource_policy_home(&step.resource).map(str::to_owned))
            .flatten(),
        identity_note: (identity_side.is_empty() && step.explanation.is_some())
            .then(|| absent::no_identity_side(&step.principal)),
        identity_side,
        resource_side,
        guardrails,
        broken: broken_docs,
    }
}

fn value_text(v: &ContextValue) -> String {
    match v {
        ContextValue::Single(s) => s.clone(),
        ContextValue::Multi(list) => format!("[{}]", list.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::examples::EXAMPLES;
    use crate::scenario::load;

    fn example(id: &str) -> Scenario {
        let text = EXAMPLES
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.text)
            .unwrap_or_default();
        load(text).scenario.unwrap_or_default()
    }

    /// The page evaluates in a worker and sends the view across as JSON: what arrives is what
    /// was computed, for every example (findings, steps, lines, expectations with `at`).
    #[test]
    fn a_view_reads_back_from_its_json_unchanged() {
        for e in EXAMPLES {
            let shown = view(&load(e.text).scenario.unwrap_or_default(), None);
            let json = serde_json::to_string(&shown).unwrap();
            let back: ScenarioView = serde_json::from_str(&json).unwrap();
            assert_eq!(back, shown, "{}", e.id);
        }
        let broken = load(r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/u", "policies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}}]}], "requests": [{"principal": "arn:aws:iam::111111111111:user/u", "action": "s3:GetObject", "resource": "*", "expect": {"decision": "implicitDeny", "at": "action"}}]}"#).scenario.unwrap_or_default();
        let shown = view(&broken, None);
        assert!(!shown.findings.is_empty());
        let back: ScenarioView =
            serde_json::from_str(&serde_json::to_string(&shown).unwrap()).unwrap();
        assert_eq!(back, shown);
    }

    /// Every example, with AWS managed policies resolved from the bundled data (as the CLI
    /// does, and the page once it has fetched them).
    fn examples_resolved()
    -> impl Iterator<Item = (&'static crate::scenario::examples::Example, Scenario)> {
        let aws = crate::managed::ManagedPolicies::parse(include_str!(
            "../../data/managed-policies.json"
        ))
        .unwrap_or_default();
        EXAMPLES.iter().map(move |e| {
            let scenario = crate::scenario::load_with(e.text, &aws)
                .scenario
                .unwrap_or_default();
            (e, scenario)
        })
    }

    #[test]
    fn every_example_meets_its_expectations_in_the_view() {
        // Examples may attach AWS managed policies by ARN: resolve them with the bundled data,
        // as the CLI does and the page does once it has fetched them.
        for (e, scenario) in examples_resolved() {
            let (met, total) = view(&scenario, None).expectations();
            assert_eq!(met, total, "{}", e.id);
        }
    }

    #[test]
    fn an_assume_hop_shows_the_callers_identity_policy_beside_the_roles_trust_policy() {
        let shown = view(&example("cross-account"), None);
        let hop = &shown.requests[0].steps[0];
        assert_eq!(hop.hop, Some(0));
        assert_eq!(hop.resource_side, [DocumentId::Trust { identity: 2 }]);
        assert_eq!(
            hop.identity_side,
            [DocumentId::Identity {
                identity: 0,
                policy: 0
            }]
        );
        assert_eq!(hop.node, "Deployer");
        let action = &shown.requests[0].steps[1];
        assert_eq!(action.node, "s3:PutObject");
        assert_eq!(action.hop, None);
        assert_eq!(
            action.identity_side,
            [DocumentId::Identity {
                identity: 2,
                policy: 0
            }]
        );
    }

    #[test]
    fn the_deciding_step_is_the_first_not_allowed_else_the_last() {
        let shown = view(&example("cross-account"), None);
        assert_eq!(shown.requests[0].deciding_step, Some(1));
        // Bob is trusted but not allowed by his own account: denied at the hop.
        assert_eq!(shown.requests[1].deciding_step, Some(0));
    }

    #[test]
    fn a_decision_over_a_policy_with_errors_names_the_broken_document() {
        let mut scenario = example("cross-account");
        scenario.identities[0].policies[0].document.text.push(',');
        let shown = view(&scenario, None);
        assert_eq!(
            shown.requests[0].broken,
            [DocumentId::Identity {
                identity: 0,
                policy: 0
            }]
        );
        assert!(shown.requests[0].steps[1].broken.is_empty());
        assert_eq!(
            shown.requests[0].caveat.as_deref(),
            Some("Decided over a policy with errors, which AWS would refuse to store:")
        );
        assert_eq!(shown.requests[1].caveat, None);
    }

    #[test]
    fn keys_the_request_gives_are_not_listed_as_derived_whatever_their_case() {
        let mut scenario = example("cross-account");
        scenario.requests[0].context.0.push((
            "AWS:CURRENTTIME".to_owned(),
            ContextValue::Single("2020-01-01T00:00:00Z".to_owned()),
        ));
        let shown = view(&scenario, None);
        assert!(
            shown.requests[0]
                .derived
                .iter()
                .all(|(k, _)| !k.eq_ignore_ascii_case("aws:CurrentTime")),
            "{:?}",
            shown.requests[0].derived
        );
        assert!(!shown.requests[0].derived.is_empty());
    }

    #[test]
    fn a_request_without_steps_says_why_it_has_no_decision() {
        let mut scenario = example("cross-account");
        scenario.requests[0].assume.clear();
        scenario.requests[0].action = None;
        let shown = view(&scenario, None);
        assert_eq!(shown.requests[0].decision, None);
        assert_eq!(shown.requests[0].deciding_step, None);
        assert!(shown.requests[0].note.is_some());
    }

    #[test]
    fn a_managed_reference_not_fetched_yet_is_loading_not_unknown() {
        let mut scenario = load(
            r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/u",
              "policies": [{"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}]}],
              "requests": [{"name": "read", "principal": "arn:aws:iam::111111111111:user/u",
                "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "allowed"}]}"#,
        )
        .scenario
        .unwrap_or_default();
        let shown = view_resolved(&mut scenario, None, &ManagedPolicies::new());
        let codes: Vec<&str> = shown.findings.iter().map(|f| f.diagnostic.code).collect();
        assert!(codes.contains(&"managed-policy-loading"), "{codes:?}");
        assert!(!codes.contains(&"unknown-managed-policy"), "{codes:?}");
    }

    /// A policy of about `size` characters without white space.
    fn sized_policy(size: usize) -> String {
        let mut actions = Vec::new();
        while actions.len() * 24 + 80 < size {
            actions.push(format!("\"s3:GetObjectNumber{:04}\"", actions.len()));
        }
        format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Resource":"*","Action":[{}]}}}}"#,
            actions.join(",")
        )
    }

    /// The problems a front end shows warn each inline policy against the quota of where it
    /// lives (IAM and AWS STS quotas), as `rolecall eval` does: a role's 9,606-character inline
    /// policy is within its 10,240, a user's 3,000-character one is over its 2,048.
    #[test]
    fn inline_policies_are_sized_against_the_quota_of_where_they_live() {
        let text = format!(
            r#"{{"rolecall": 1, "identities": [
              {{"arn": "arn:aws:iam::111111111111:role/R", "trustPolicy": {{"Version": "2012-10-17", "Statement": []}}, "policies": [{{"name": "big", "document": {}}}]}},
              {{"arn": "arn:aws:iam::111111111111:user/u", "policies": [{{"name": "mid", "document": {}}}]}}],
              "requests": []}}"#,
            sized_policy(9_606),
            sized_policy(3_000)
        );
        let scenario = load(&text).scenario.unwrap_or_default();
        let findings = check(&scenario, None);
        let sized: Vec<(Option<DocumentId>, &str)> = findings
            .iter()
            .filter(|f| f.diagnostic.code == "policy-too-large")
            .map(|f| (f.document, f.diagnostic.message.as_str()))
            .collect();
        assert_eq!(sized.len(), 1, "{sized:?}");
        assert_eq!(
            sized[0].0,
            Some(DocumentId::Identity {
                identity: 1,
                policy: 0
            })
        );
        assert!(
            sized[0].1.starts_with("an inline policy of a user:"),
            "{sized:?}"
        );
    }

    #[test]
    fn the_view_shows_the_lines_rolecall_eval_prints_for_every_step_of_every_example() {
        // Issue 15 §1: the page and `rolecall eval --format text` print the same lines. The
        // page draws `StepView::lines`; the CLI prints `render_outcome`.
        for (e, scenario) in examples_resolved() {
            let printed =
                crate::scenario::render::render_outcome(&scenario, &evaluate_scenario(&scenario));
            for (r, request) in view(&scenario, None).requests.iter().enumerate() {
                for (i, step) in request.steps.iter().enumerate() {
                    let block = format!(
                        "    why: {}\n{}",
                        step.summary,
                        crate::evaluate::lines_text(&step.lines, 4)
                    );
                    assert!(
                        printed.contains(&block),
                        "{} request {} step {}:\n{block}",
                        e.id,
                        r + 1,
                        i + 1
                    );
                }
            }
        }
    }

    #[test]
    fn a_side_without_documents_says_why_and_where_a_resource_policy_could_go() {
        let scenario = load(r#"{"rolecall": 1, "identities": [
            {"arn": "arn:aws:iam::111111111111:user/u", "policies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "sts:AssumeRole"], "Resource": "*"}]}}]}],
          "requests": [
            {"principal": "arn:aws:iam::111111111111:user/u", "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/q1.csv"},
            {"principal": "arn:aws:iam::111111111111:user/u", "action": "s3:ListAllMyBuckets", "resource": "*"},
            {"principal": "arn:aws:iam::111111111111:user/u", "assume": [{"role": "arn:aws:iam::111111111111:role/Gone"}], "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/q1.csv"}]}"#)
        .scenario
        .unwrap();
        let shown = view(&scenario, None);
        let object = &shown.requests[0].steps[0];
        assert_eq!(object.policy_home.as_deref(), Some("arn:aws:s3:::reports"));
        assert_eq!(
            object.resource_note.as_deref(),
            Some(
                "No resource-based policy governs `arn:aws:s3:::reports/q1.csv`: the caller's own policies decide this step."
            )
        );
        assert_eq!(object.identity_note, None);
        // `*` is no resource a policy can be attached to.
        let everything = &shown.requests[1].steps[0];
        assert_eq!(everything.policy_home, None);
        assert!(everything.resource_note.is_some());
        // A hop to a role the scenario does not have; the action after it is not evaluated,
        // so its panes say why instead.
        let hop = &shown.requests[2].steps[0];
        assert_eq!(hop.policy_home, None);
        assert_eq!(
            hop.resource_note.as_deref(),
            Some(
                "The role `arn:aws:iam::111111111111:role/Gone` is not in the scenario, so it has no trust policy here."
            )
        );
        let after = shown.requests[2].steps.last().unwrap();
        assert_eq!(after.decision, StepDecision::NotEvaluated);
        assert_eq!(after.resource_note.as_deref(), Some(after.summary.as_str()));
        assert_eq!(after.identity_note, None);
        assert_eq!(after.policy_home.as_deref(), Some("arn:aws:s3:::reports"));
    }
}
