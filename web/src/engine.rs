//! The one place where the playground calls rolecall-core.
//!
//! It loads and writes scenarios with the core's scenario module, evaluates them with the
//! core's scenario evaluator, encodes and decodes links with the core's share codec, and turns
//! what the core computes (diagnostics, decisions, explanations with spans) into the display
//! data of `outcome.rs`. It makes no decision of its own: no parsing, matching or evaluation of
//! policies happens here.

use std::rc::Rc;

use rolecall_core::Diagnostic;
use rolecall_core::evaluate::explanation::{Explanation, PolicyTrace, StatementTrace, StepOutcome};
use rolecall_core::evaluate::summary::{describe_ref, kind_label};
use rolecall_core::policy::parse_policy;
use rolecall_core::request::{ContextSource, ContextValue};
use rolecall_core::scenario::arn::{IdentityKind, identity_kind};
use rolecall_core::scenario::model::{DocumentForm, Expectation, Identity};
use rolecall_core::scenario::text::pretty;
use rolecall_core::scenario::{self, Scenario, StepDecision};
use rolecall_core::share;

use crate::docref::DocRef;
use crate::outcome::{Finding, Line, Outcome, RequestResult, Step, Verdict};

/// Every policy document of the scenario, in the core's order.
#[must_use]
pub fn documents(scenario: &Scenario) -> Vec<DocRef> {
    scenario
        .documents()
        .iter()
        .filter_map(|d| DocRef::from_path(&d.path))
        .collect()
}

/// Whether the identity is a role (it has a trust policy or a role ARN).
#[must_use]
pub fn is_role(identity: &Identity) -> bool {
    identity.trust_policy.is_some() || identity_kind(&identity.arn) == Some(IdentityKind::Role)
}

/// Reads scenario text with the core's loader. Documents written as objects on one line (as in
/// links, which carry minified JSON) are pretty-printed for the editors.
///
/// # Errors
/// The loader's first error when the text is not a scenario at all.
pub fn load_scenario(text: &str) -> Result<Scenario, String> {
    let parsed = scenario::parse_scenario(text);
    // Text that is not JSON, or JSON without the `rolecall` version, is not loaded at all:
    // the parser would recover a partial scenario, and replacing the user's work with that
    // would lose it.
    if let Some(bad) = parsed
        .diagnostics
        .iter()
        .find(|d| matches!(d.code, "invalid-json" | "missing-version"))
    {
        return Err(bad.message.clone());
    }
    let Some(mut scenario) = parsed.scenario else {
        return Err(parsed
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map_or_else(
                || "this is not a rolecall scenario".to_owned(),
                |d| d.message.clone(),
            ));
    };
    for doc in documents(&scenario) {
        if let Some(document) = doc.document_mut(&mut scenario)
            && document.form == DocumentForm::Object
        {
            document.text = if document.text.contains('\n') {
                dedent(&document.text)
            } else {
                pretty(&document.text)
            };
        }
    }
    Ok(scenario)
}

/// Removes the indentation that a document written as an object inside a scenario file has on
/// every line after the first (its position in the file), keeping the author's layout.
fn dedent(text: &str) -> String {
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let common = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(indent)
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(line.get(common.min(indent(line))..).unwrap_or(line));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Writes the scenario as pretty v1 JSON (export, autosave).
#[must_use]
pub fn scenario_json(scenario: &Scenario) -> String {
    scenario::to_json(scenario)
}

/// Decodes a share-link fragment with the core's share codec and loads the scenario.
///
/// # Errors
/// A one-line message when the link is broken, hostile or from an unknown version.
pub fn open_link(fragment: &str) -> Result<Scenario, String> {
    let json = share::decode_json(fragment).map_err(|e| e.to_string())?;
    load_scenario(&json)
}

/// Encodes the scenario as a share link that selects request `request`, with the core's share
/// codec. `None` when the scenario is too large for a link (it is shared as a file instead).
#[must_use]
pub fn share_link(scenario: &Scenario, base_url: &str, request: usize) -> Option<String> {
    let json = scenario::to_json_minified(scenario);
    if json.len() > share::MAX_JSON_LEN {
        return None;
    }
    let link = share::link_to_request(base_url, &json, request);
    (link.len() <= share::MAX_LINK_LEN).then_some(link)
}

/// The request a link selects (0-based), if it names one.
#[must_use]
pub fn linked_request(fragment: &str) -> Option<usize> {
    share::selected_request(fragment)
}

fn finding(doc: Option<DocRef>, d: Diagnostic) -> Finding {
    Finding {
        severity: d.severity,
        code: d.code.to_owned(),
        span: if doc.is_some() {
            d.labels.first().map(|l| l.span)
        } else {
            None
        },
        message: d.message,
        help: d.help,
        doc,
    }
}

const fn verdict(d: StepDecision) -> Verdict {
    match d {
        StepDecision::Allowed => Verdict::Allowed,
        StepDecision::ImplicitDeny => Verdict::ImplicitDeny,
        StepDecision::ExplicitDeny => Verdict::ExplicitDeny,
        StepDecision::NotEvaluated => Verdict::NotEvaluated,
    }
}

/// The expectation in words.
#[must_use]
pub const fn expectation_words(e: Expectation) -> &'static str {
    match e {
        Expectation::Allowed => "allowed",
        Expectation::ImplicitDeny => "implicit deny",
        Expectation::ExplicitDeny => "explicit deny",
        Expectation::Denied => "denied",
    }
}

fn value_text(v: &ContextValue) -> String {
    match v {
        ContextValue::Single(s) => s.clone(),
        ContextValue::Multi(list) => format!("[{}]", list.join(", ")),
    }
}

const fn outcome_word(o: StepOutcome) -> &'static str {
    match o {
        StepOutcome::NotApplicable => "n/a",
        StepOutcome::Passed => "passed",
        StepOutcome::Allowed => "allows",
        StepOutcome::ImplicitDeny => "implicit deny",
        StepOutcome::ExplicitDeny => "explicit deny",
    }
}

fn line(
    text: String,
    doc: Option<DocRef>,
    span: Option<rolecall_core::Span>,
    deciding: bool,
    depth: u8,
) -> Line {
    Line {
        text,
        doc,
        span,
        deciding,
        depth,
    }
}

fn statement_lines(
    out: &mut Vec<Line>,
    doc: Option<DocRef>,
    stmt: &StatementTrace,
    deciding: bool,
) {
    let mark = if stmt.applies { "✓" } else { "✗" };
    let effect = stmt
        .effect
        .map_or_else(|| "no effect".to_owned(), |e| format!("{e:?}"));
    out.push(line(
        format!(
            "{mark} statement `{}` ({effect}): {}",
            stmt.name, stmt.reason
        ),
        doc,
        Some(if deciding {
            stmt.span
        } else {
            stmt.deciding_span
        }),
        deciding,
        1,
    ));
    if let Some(p) = &stmt.principal {
        let word = if p.negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        let how = p.entries.iter().find_map(|e| {
            e.how
                .clone()
                .map(|h| format!(" (`{}` matches: {h})", e.value))
        });
        let text = format!(
            "{} {word}{}",
            if p.matched { "✓" } else { "✗" },
            how.unwrap_or_default()
        );
        out.push(line(text, doc, Some(p.span), false, 2));
    }
    for (name, list) in [("Action", &stmt.action), ("Resource", &stmt.resource)] {
        if let Some(l) = list {
            let word = if l.negated {
                format!("Not{name}")
            } else {
                name.to_owned()
            };
            let pattern = l.patterns.iter().find(|p| p.matched).map(|p| {
                let covers = if name == "Action" {
                    crate::catalog::covers(&p.pattern)
                } else {
                    None
                };
                let covers = covers
                    .map(|n| format!(", which covers {n} actions"))
                    .unwrap_or_default();
                match &p.resolved {
                    Some(r) => format!(" by `{}` (resolved to `{r}`){covers}", p.pattern),
                    None => format!(" by `{}`{covers}", p.pattern),
                }
            });
            let text = format!(
                "{} {word} `{}`{}",
                if l.matched { "✓" } else { "✗" },
                l.value,
                if l.matched {
                    pattern.unwrap_or_default()
                } else {
                    " is not matched".to_owned()
                }
            );
            out.push(line(text, doc, Some(l.span), false, 2));
        }
    }
    for c in &stmt.conditions {
        let text = format!(
            "{} {} `{}`: request {:?} vs policy {:?}: {}",
            if c.holds { "✓" } else { "✗" },
            c.operator,
            c.key,
            c.request_values,
            c.policy_values,
            c.reason
        );
        out.push(line(text, doc, Some(c.span), false, 2));
    }
}

fn policy_lines(out: &mut Vec<Line>, e: &Explanation, policy: &PolicyTrace) {
    let doc = policy.source.as_deref().and_then(DocRef::from_path);
    let level = policy
        .level
        .map(|l| format!(" (level {l})"))
        .unwrap_or_default();
    let header = match &policy.not_applicable_reason {
        Some(why) => format!(
            "{} `{}`{level}: does not apply ({why})",
            kind_label(policy.kind),
            policy.name
        ),
        None => format!("{} `{}`{level}", kind_label(policy.kind), policy.name),
    };
    out.push(line(header, None, None, false, 0));
    for stmt in &policy.statements {
        let deciding = e
            .deciding
            .iter()
            .any(|r| r.source == policy.source && r.index == stmt.index && r.policy == policy.name);
        statement_lines(out, doc, stmt, deciding);
    }
}

fn step_view(step: &scenario::Step) -> Step {
    let mut lines = Vec::new();
    for check in &step.checks {
        let mark = if check.passed { "✓" } else { "✗" };
        lines.push(line(
            format!("{mark} STS: {}", check.message),
            None,
            None,
            !check.passed,
            0,
        ));
    }
    if let Some(e) = &step.explanation {
        for rule in e
            .steps
            .iter()
            .filter(|s| s.outcome != StepOutcome::NotApplicable)
        {
            lines.push(line(
                format!("[{}] {}", outcome_word(rule.outcome), rule.message),
                None,
                None,
                false,
                0,
            ));
            for r in &rule.statements {
                let doc = r.source.as_deref().and_then(DocRef::from_path);
                lines.push(line(
                    describe_ref(r),
                    doc,
                    Some(r.span),
                    e.deciding.contains(r),
                    1,
                ));
            }
        }
        // Nothing decided an implicit deny: highlight, by default, where the closest `Allow`
        // statements stopped matching (the core picks them).
        for r in &e.closest {
            let doc = r.source.as_deref().and_then(DocRef::from_path);
            lines.push(line(
                format!("closest: {}, which stops matching here", describe_ref(r)),
                doc,
                Some(r.span),
                true,
                1,
            ));
        }
        for policy in &e.policies {
            policy_lines(&mut lines, e, policy);
        }
    }
    Step {
        call: step.call.clone(),
        principal: step.principal.clone(),
        resource: step.resource.clone(),
        verdict: verdict(step.decision),
        summary: step.summary.clone(),
        lines,
    }
}

/// Evaluates the scenario with rolecall-core.
#[must_use]
pub fn evaluate(scenario: Rc<Scenario>, revision: u64) -> Outcome {
    let mut findings = Vec::new();
    let structure = scenario::parse_scenario(&scenario::to_json_minified(&scenario));
    findings.extend(structure.diagnostics.into_iter().map(|d| finding(None, d)));
    for doc in documents(&scenario) {
        if let Some(text) = doc.text(&scenario) {
            let parsed = parse_policy(text, doc.kind());
            // An inline policy's size is checked against the quota of where it lives (below),
            // not the managed-policy quota a policy read on its own gets.
            let inline = matches!(doc, DocRef::Identity { .. });
            findings.extend(
                parsed
                    .diagnostics
                    .into_iter()
                    .filter(|d| !(inline && d.code == "policy-too-large"))
                    .map(|d| finding(Some(doc), d)),
            );
            findings.extend(
                crate::catalog::lint(&parsed.policy, doc.kind())
                    .into_iter()
                    .map(|d| finding(Some(doc), d)),
            );
        }
    }
    for (path, _, warning) in scenario::inline_size_warnings(&scenario) {
        if let Some(doc) = DocRef::from_path(&path) {
            findings.push(finding(Some(doc), warning));
        }
    }
    // Managed-policy references (`{"arn": ...}`) get their documents: customer managed ones
    // from the scenario, AWS managed ones from what the page has fetched (still loading until
    // they arrive). The outcome keeps the resolved copy, so the page can show their text.
    let mut resolved = (*scenario).clone();
    let managed = crate::managed::with_store(|aws| scenario::managed::resolve(&mut resolved, aws));
    findings.extend(managed.into_iter().map(|d| finding(None, d)));
    let scenario = Rc::new(resolved);
    let outcome = scenario::evaluate_scenario(&scenario);
    let requests = outcome
        .requests
        .iter()
        .map(|r| RequestResult {
            verdict: (!r.steps.is_empty()).then(|| verdict(r.decision)),
            expect: r.expect.map(|e| match e.at {
                Some(at) => format!("{} at {at}", expectation_words(e.decision)),
                None => expectation_words(e.decision).to_owned(),
            }),
            passed: r.passed,
            steps: r.steps.iter().map(step_view).collect(),
            note: r
                .steps
                .is_empty()
                .then(|| "this request has neither an assume hop nor an action".to_owned()),
        })
        .collect();
    let derived = outcome
        .requests
        .iter()
        .map(|r| {
            r.steps
                .iter()
                .rev()
                .find(|s| s.decision != StepDecision::NotEvaluated)
                .or_else(|| r.steps.last())
                .map(|s| {
                    s.context
                        .iter()
                        .filter(|c| c.source == ContextSource::Derived)
                        .map(|c| (c.key.clone(), value_text(&c.value)))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    Outcome {
        scenario,
        revision,
        findings,
        requests,
        derived,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_not_a_scenario_is_refused() {
        assert!(load_scenario("{ not json").is_err());
        assert!(load_scenario(r#"{"Version": "2012-10-17", "Statement": []}"#).is_err());
        assert!(load_scenario(r#"{"rolecall": 1}"#).is_ok());
    }

    #[test]
    fn dedent_keeps_the_layout_relative_to_the_closing_brace() {
        assert_eq!(
            dedent("{\n        \"a\": 1,\n        \"b\": [\n          2\n        ]\n      }"),
            "{\n  \"a\": 1,\n  \"b\": [\n    2\n  ]\n}"
        );
        assert_eq!(dedent("{}"), "{}");
    }

    #[test]
    fn objects_in_links_are_pretty_printed_for_the_editor() {
        let s = load_scenario(r#"{"rolecall":1,"identities":[{"arn":"arn:aws:iam::111111111111:role/R","trustPolicy":{"Version":"2012-10-17","Statement":[]},"policies":[]}],"resources":[],"requests":[]}"#).unwrap();
        let text = &s.identities[0].trust_policy.as_ref().unwrap().text;
        assert!(text.starts_with("{\n  \"Version\""), "{text}");
    }

    #[test]
    fn every_example_meets_its_expectations_in_the_page_engine() {
        // What the page fetches of the AWS managed policies, here all at once.
        crate::managed::insert_for_tests(include_str!(
            "../../crates/core/data/managed-policies.json"
        ));
        for e in crate::examples::EXAMPLES {
            let outcome = evaluate(Rc::new(load_scenario(e.text).unwrap()), 1);
            let (met, total) = outcome.expectations();
            assert_eq!(met, total, "{}", e.id);
        }
    }
}

#[cfg(test)]
mod managed_tests {
    use super::*;

    const SCENARIO: &str = r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/u",
      "policies": [{"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}]}],
      "requests": [{"name": "read", "principal": "arn:aws:iam::111111111111:user/u",
        "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "allowed"}]}"#;

    /// A hop's `policyArns` may name AWS managed policies: the page evaluates them with the
    /// documents it has fetched (issue 10 §3).
    #[test]
    fn an_aws_managed_session_policy_of_a_hop_is_evaluated_once_fetched() {
        let text = r#"{"rolecall": 1, "identities": [
          {"arn": "arn:aws:iam::111111111111:user/u", "policies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}}]},
          {"arn": "arn:aws:iam::111111111111:role/R", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/u"}, "Action": "sts:AssumeRole"}]},
           "policies": [{"name": "all", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}],
          "requests": [
            {"name": "read", "principal": "arn:aws:iam::111111111111:user/u", "assume": [{"role": "arn:aws:iam::111111111111:role/R", "policyArns": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]}],
             "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "allowed"},
            {"name": "write", "principal": "arn:aws:iam::111111111111:user/u", "assume": [{"role": "arn:aws:iam::111111111111:role/R", "policyArns": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]}],
             "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k", "expect": "implicitDeny"}]}"#;
        let before = evaluate(Rc::new(load_scenario(text).unwrap()), 1);
        assert!(
            before
                .findings
                .iter()
                .any(|f| f.code == "managed-policy-loading"),
            "{:?}",
            before.findings
        );
        crate::managed::insert_for_tests(include_str!(
            "../../crates/core/data/managed-policies.json"
        ));
        let after = evaluate(Rc::new(load_scenario(text).unwrap()), 2);
        assert_eq!(after.expectations(), (2, 2));
    }

    #[test]
    fn a_reference_not_fetched_yet_is_loading_not_unknown() {
        let outcome = evaluate(Rc::new(load_scenario(SCENARIO).unwrap()), 1);
        assert!(
            outcome
                .findings
                .iter()
                .all(|f| f.code != "unknown-managed-policy"),
            "{:?}",
            outcome.findings
        );
        assert!(
            outcome
                .findings
                .iter()
                .any(|f| f.code == "managed-policy-loading"),
            "{:?}",
            outcome.findings
        );
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    /// A policy of about `size` characters without white space.
    fn policy(size: usize) -> String {
        let mut actions = Vec::new();
        while actions.len() * 24 + 80 < size {
            actions.push(format!("\"s3:GetObjectNumber{:04}\"", actions.len()));
        }
        format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Resource":"*","Action":[{}]}}}}"#,
            actions.join(",")
        )
    }

    /// The problems list warns each inline policy against the quota of where it lives (IAM and
    /// AWS STS quotas), as `rolecall eval` does: a role's 9,606-character inline policy is
    /// within its 10,240, a user's 3,000-character one is over its 2,048.
    #[test]
    fn inline_policies_are_sized_against_the_quota_of_where_they_live() {
        let text = format!(
            r#"{{"rolecall": 1, "identities": [
              {{"arn": "arn:aws:iam::111111111111:role/R", "trustPolicy": {{"Version": "2012-10-17", "Statement": []}}, "policies": [{{"name": "big", "document": {}}}]}},
              {{"arn": "arn:aws:iam::111111111111:user/u", "policies": [{{"name": "mid", "document": {}}}]}}],
              "requests": []}}"#,
            policy(9_606),
            policy(3_000)
        );
        let outcome = evaluate(Rc::new(load_scenario(&text).unwrap()), 1);
        let sized: Vec<(Option<DocRef>, &str)> = outcome
            .findings
            .iter()
            .filter(|f| f.code == "policy-too-large")
            .map(|f| (f.doc, f.message.as_str()))
            .collect();
        assert_eq!(sized.len(), 1, "{sized:?}");
        assert_eq!(
            sized[0].0,
            Some(DocRef::Identity {
                identity: 1,
                policy: 0
            })
        );
        assert!(
            sized[0].1.starts_with("an inline policy of a user:"),
            "{sized:?}"
        );
    }
}
