//! The one place where the playground calls rolecall-core.
//!
//! It loads and writes scenarios with the core's scenario module, checks and evaluates them
//! with the core's display-ready `scenario::view`, and encodes and decodes links with the
//! core's share codec. It makes no decision and words nothing of its own: no parsing, matching,
//! evaluation or explanation happens here.

use std::rc::Rc;

use rolecall_core::catalog::Catalog;
use rolecall_core::editing::Cache;
use rolecall_core::managed::ManagedPolicies;
use rolecall_core::request::ContextValue;
use rolecall_core::scenario::model::DocumentForm;
use rolecall_core::scenario::text::pretty;
use rolecall_core::scenario::view::ScenarioView;
use rolecall_core::scenario::{self, Scenario};
use rolecall_core::share;
use rolecall_core::suggest::{Suggestion, suggest};

use crate::docref::{DocRef, DocView};
use crate::outcome::Outcome;

/// Every policy document of the scenario, in the core's order.
#[must_use]
pub fn documents(scenario: &Scenario) -> Vec<DocRef> {
    scenario.documents().iter().map(|d| d.id).collect()
}

/// Whether the page's first evaluation of `scenario` may run on its own thread: a small
/// scenario decides at once there, without waiting for the worker to start (about as long as
/// the page itself takes to start), and the worker starts meanwhile for what follows. Anything
/// larger (a pasted or linked policy of any size, long chains, big context lists) goes to the
/// worker from the start. The caller starts the worker meanwhile (`evaluator::warm_up`).
#[must_use]
pub fn small_enough_to_start_here(scenario: &Scenario) -> bool {
    const MAX_TEXT: usize = 32 * 1024;
    let text: usize = documents(scenario)
        .iter()
        .filter_map(|d| d.text(scenario))
        .map(str::len)
        .sum();
    // Context values and the request's own strings (a long resource ARN is a long match).
    let context: usize = scenario
        .requests
        .iter()
        .flat_map(|r| r.context.iter())
        .map(|(_, v)| match v {
            ContextValue::Single(s) => s.len(),
            ContextValue::Multi(list) => list.iter().map(String::len).sum(),
        })
        .sum();
    let requests: usize = scenario
        .requests
        .iter()
        .map(|r| {
            r.action.as_ref().map_or(0, String::len) + r.resource.as_ref().map_or(0, String::len)
        })
        .sum();
    let hops = scenario.requests.iter().map(|r| r.assume.len()).max();
    // Documents whose text only the worker has (`elided.rs`): never decided or written here.
    !crate::elided::any(scenario)
        && text <= MAX_TEXT
        && scenario.requests.len() <= 50
        && hops.unwrap_or(0) <= 4
        && context + requests <= MAX_TEXT
}

/// Reads scenario text with the core's loader. Documents written as objects on one line (as in
/// links, which carry minified JSON) are pretty-printed for the editors.
///
/// # Errors
/// The loader's first error when the text is not a scenario at all.
pub fn load_scenario(text: &str) -> Result<Scenario, String> {
    editable(scenario::parse_scenario(text))
}

/// The scenario the page edits from what the core's parser read (see [`load_scenario`]).
///
/// # Errors
/// The message of the core's refusal ([`scenario::ParsedScenario::into_loadable`]).
pub fn editable(parsed: scenario::ParsedScenario) -> Result<Scenario, String> {
    // Text the core refuses to load (not JSON, not a scenario, no `rolecall` version) would
    // replace the user's work with a partial scenario: it is not loaded at all, and the page
    // shows the core's message for it.
    let mut scenario = parsed.into_loadable().map_err(|refusal| refusal.message)?;
    for doc in documents(&scenario) {
        if let Some(document) = doc.get_mut(&mut scenario)
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

/// Writes the scenario as minified v1 JSON (the autosave of a large scenario).
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn scenario_json_minified(scenario: &Scenario) -> String {
    scenario::to_json_minified(scenario)
}

/// Decodes a share-link fragment with the core's share codec and loads the scenario.
/// The link's scenario comes with the JSON the link carries: a scenario text the page can
/// store and hand to the worker as it is, instead of writing the scenario out again.
///
/// # Errors
/// A one-line message when the link is broken, hostile or from an unknown version.
pub fn open_link_text(fragment: &str) -> Result<(Scenario, String), String> {
    let json = share::decode_json(fragment).map_err(|e| e.to_string())?;
    Ok((load_scenario(&json)?, json))
}

/// Encodes the scenario as a share link that selects request `request`, with the core's share
/// codec. `None` when the scenario is too large for a link (it is shared as a file instead).
#[must_use]
pub fn share_link(scenario: &Scenario, base_url: &str, request: usize) -> Option<String> {
    // The documents' characters other than whitespace are all in the minified JSON: when they
    // alone exceed the bound, the scenario is not written out to find that (a 2 MB paste spent
    // a long task on the page doing so after every change).
    let at_least: usize = documents(scenario)
        .iter()
        .filter_map(|d| d.text(scenario))
        .map(|t| t.bytes().filter(|b| !b.is_ascii_whitespace()).count())
        .sum();
    if at_least > share::MAX_JSON_LEN {
        return None;
    }
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

/// Checks and evaluates the scenario with rolecall-core: with the lint of `catalog` when one is
/// given, and the AWS managed policies of `aws` (see [`resolve_and_view`]).
#[must_use]
pub fn evaluate(
    scenario: Rc<Scenario>,
    revision: u64,
    catalog: Option<&Catalog>,
    aws: &ManagedPolicies,
) -> Outcome {
    if !crate::COMPUTES {
        // The page's module: nothing decided (the evaluator has said why, `STOPPED`).
        return Outcome {
            scenario,
            revision,
            ..Outcome::default()
        };
    }
    let (scenario, view) = resolve_and_view(&scenario, catalog, aws);
    let suggestions = suggestions(&scenario);
    Outcome {
        scenario: Rc::new(scenario),
        revision,
        view,
        suggestions,
        suggestions_pending: false,
    }
}

/// [`evaluate`] without the suggestions, which follow ([`Outcome::suggestions_pending`]): the
/// page's first decision on load shows at once, and the worker computes the suggestions.
#[must_use]
pub fn evaluate_view(
    scenario: &Scenario,
    revision: u64,
    catalog: Option<&Catalog>,
    aws: &ManagedPolicies,
) -> Outcome {
    let (scenario, view) = resolve_and_view(scenario, catalog, aws);
    Outcome {
        scenario: Rc::new(scenario),
        revision,
        view,
        suggestions: None,
        suggestions_pending: true,
    }
}

/// "Allowed only if …" for every request of `resolved` (the scenario as evaluated, its
/// managed-policy references resolved): the core's suggestions, each verified by evaluating
/// the changed scenario. `None` for a scenario larger than the page decides at once
/// ([`small_enough_to_start_here`]: 32 KB of policy text, 50 requests, 4 hops),
/// where each keystroke would wait for dozens of extra evaluations; `rolecall eval --suggest`
/// gives them for any scenario. The evaluation worker runs this after each view (`worker.rs`).
#[must_use]
pub fn suggestions(resolved: &Scenario) -> Option<Vec<Vec<Suggestion>>> {
    if !small_enough_to_start_here(resolved) {
        return None;
    }
    Some(
        (0..resolved.requests.len())
            .map(|i| {
                scenario::evaluate_request(resolved, i)
                    .map(|outcome| suggest(resolved, i, &outcome))
                    .unwrap_or_default()
            })
            .collect(),
    )
}

/// The scenario as evaluated (its managed-policy references resolved against `aws`, see
/// [`resolved`]) and what the core shows of it, with the lint of `catalog` when one is given.
/// A pure function of its inputs: the caller hands in what its module loaded (the worker's
/// state, `worker.rs`; the page's store of managed policies, `loaded.rs`).
#[must_use]
pub fn resolve_and_view(
    scenario: &Scenario,
    catalog: Option<&Catalog>,
    aws: &ManagedPolicies,
) -> (Scenario, ScenarioView) {
    resolve_and_view_in(&mut Cache::new(), scenario, catalog, aws)
}

/// [`resolve_and_view`] with the core's view cache, which re-reads only the documents that
/// changed since its last view and re-evaluates only the requests that read them. The
/// evaluation worker keeps one cache for the page's scenario (`worker.rs`).
#[must_use]
pub fn resolve_and_view_in(
    cache: &mut Cache,
    scenario: &Scenario,
    catalog: Option<&Catalog>,
    aws: &ManagedPolicies,
) -> (Scenario, ScenarioView) {
    // Managed-policy references (`{"arn": ...}`) get their documents: customer managed ones
    // from the scenario, AWS managed ones from `aws`, what was fetched (still loading until
    // they arrive). The outcome keeps the resolved copy, so the page can show their text.
    let mut resolved = scenario.clone();
    let view = cache.view_resolved(&mut resolved, catalog, aws);
    (resolved, view)
}

/// [`suggestions`] of the scenario `cache` viewed last (`resolved`): a request that kept its
/// view keeps its suggestions.
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn suggestions_in(cache: &mut Cache, resolved: &Scenario) -> Option<Vec<Vec<Suggestion>>> {
    if !small_enough_to_start_here(resolved) {
        return None;
    }
    Some(cache.suggestions(resolved))
}

/// The scenario with its managed-policy references resolved against `aws` (what the page has
/// fetched), without evaluating it: the page keeps it beside a view computed by the worker, so
/// that the editors can show the referenced policies' text.
#[must_use]
pub fn resolved(scenario: &Scenario, aws: &ManagedPolicies) -> Scenario {
    let mut resolved = scenario.clone();
    // The resolver's diagnostics are part of the worker's view; only the documents count here.
    drop(scenario::managed::resolve(&mut resolved, aws));
    resolved
}

/// The outcome of `scenario` at `revision` from a view the worker computed and sent as JSON
/// (a [`crate::outcome::ViewDelta`], its left-out parts taken from `held`, the view numbered
/// `held.0`), with the number of that view; its suggestions follow ([`suggestions_from_json`]).
/// The outcome's scenario is resolved against `aws`, the managed policies the page fetched.
///
/// # Errors
/// When the JSON is not a view (a bug: the worker writes it with the same types), or leaves out
/// parts of a view the page does not hold.
pub fn outcome_from_json(
    scenario: &Scenario,
    revision: u64,
    json: &str,
    held: Option<(u32, &ScenarioView)>,
    aws: &ManagedPolicies,
) -> Result<(u32, Outcome), String> {
    let delta: crate::outcome::ViewDelta = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let number = delta.number;
    let view = delta.apply(held)?;
    Ok((
        number,
        Outcome {
            scenario: Rc::new(resolved(scenario, aws)),
            revision,
            view,
            suggestions: None,
            suggestions_pending: true,
        },
    ))
}

/// The suggestions the worker computed after a view ([`suggestions`]), from their JSON.
///
/// # Errors
/// When the JSON is not suggestions (a bug: the worker writes them with the same types).
pub fn suggestions_from_json(json: &str) -> Result<Option<Vec<Vec<Suggestion>>>, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every AWS managed policy, as the page and the worker have them once all are fetched.
    pub(crate) fn all_managed() -> ManagedPolicies {
        ManagedPolicies::parse(include_str!("../../crates/core/data/managed-policies.json"))
            .unwrap()
    }

    /// The AWS catalog, as the worker has it once read.
    fn catalog() -> Catalog {
        Catalog::parse(include_str!("../../crates/core/data/catalog.json")).unwrap()
    }

    /// A policy that grants an action no AWS service has: the catalog lint's finding.
    const UNKNOWN_ACTION: &str = r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/u",
      "policies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}}]}],
      "requests": [{"name": "read", "principal": "arn:aws:iam::111111111111:user/u",
        "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}]}"#;

    fn codes(view: &ScenarioView) -> Vec<&'static str> {
        view.findings.iter().map(|f| f.diagnostic.code).collect()
    }

    /// The engine lints with the catalog it is handed, and without one it has no catalog lint:
    /// it reads no catalog of its own.
    #[test]
    fn the_catalog_lint_comes_from_the_catalog_the_engine_is_given() {
        let scenario = load_scenario(UNKNOWN_ACTION).unwrap();
        let aws = ManagedPolicies::new();
        let catalog = catalog();
        let (_, with) = resolve_and_view(&scenario, Some(&catalog), &aws);
        let (_, without) = resolve_and_view(&scenario, None, &aws);
        assert!(
            codes(&with).contains(&"unknown-action"),
            "{:?}",
            codes(&with)
        );
        assert!(
            !codes(&without).contains(&"unknown-action"),
            "{:?}",
            codes(&without)
        );
        // The view cache lints with the catalog of each call too.
        let mut cache = Cache::new();
        let (_, cached) = resolve_and_view_in(&mut cache, &scenario, Some(&catalog), &aws);
        assert_eq!(codes(&cached), codes(&with));
    }

    #[test]
    fn only_a_small_scenario_is_first_evaluated_on_the_page() {
        let mut scenario = load_scenario(crate::examples::EXAMPLES[0].text).unwrap();
        assert!(small_enough_to_start_here(&scenario));
        let doc = documents(&scenario)[0];
        doc.set_text(&mut scenario, "x".repeat(100_000));
        assert!(!small_enough_to_start_here(&scenario));
    }

    #[test]
    fn text_that_is_not_a_scenario_is_refused() {
        assert!(load_scenario("{ not json").is_err());
        assert!(load_scenario(r#"{"Version": "2012-10-17", "Statement": []}"#).is_err());
        assert!(load_scenario(r#"{"rolecall": 1}"#).is_ok());
    }

    #[test]
    fn a_scenario_too_large_for_a_link_has_none_and_a_large_pretty_one_still_has_one() {
        let with_policy = |text: String| {
            let mut s = load_scenario(crate::examples::EXAMPLES[0].text).unwrap();
            let doc = documents(&s)[0];
            doc.set_text(&mut s, text);
            s
        };
        let statement = r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#;
        let big = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
            vec![statement; 30_000].join(",")
        );
        assert!(share_link(&with_policy(big), "", 0).is_none());
        // Over the bound as typed, under it once its indentation is dropped: still a link.
        let pretty = format!(
            "{{\"Version\": \"2012-10-17\", \"Statement\": [{}{}]}}",
            " ".repeat(share::MAX_JSON_LEN),
            statement
        );
        assert!(share_link(&with_policy(pretty), "", 0).is_some());
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
        let aws = all_managed();
        for e in crate::examples::EXAMPLES {
            let outcome = evaluate(Rc::new(load_scenario(e.text).unwrap()), 1, None, &aws);
            let (met, total) = outcome.view.expectations();
            assert_eq!(met, total, "{}", e.id);
        }
    }

    /// What the worker sends back is what the page would have computed itself.
    #[test]
    fn an_outcome_from_the_workers_json_is_the_outcome_computed_here() {
        let aws = all_managed();
        for e in crate::examples::EXAMPLES {
            let scenario = load_scenario(e.text).unwrap();
            let here = evaluate(Rc::new(scenario.clone()), 3, None, &aws);
            let (resolved, view) = resolve_and_view(&scenario, None, &aws);
            let json =
                serde_json::to_string(&crate::outcome::ViewDeltaOut::between(None, &view, 1))
                    .unwrap();
            let suggested = serde_json::to_string(&suggestions(&resolved)).unwrap();
            let (_, there) = outcome_from_json(&scenario, 3, &json, None, &aws).unwrap();
            assert!(there.suggestions_pending);
            let there = there.with_suggestions(suggestions_from_json(&suggested).unwrap());
            assert_eq!(there, here, "{}", e.id);
            let first = evaluate_view(&scenario, 3, None, &aws);
            assert_eq!(
                first.with_suggestions(here.suggestions.clone()),
                here,
                "{}",
                e.id
            );
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
        let before = evaluate(
            Rc::new(load_scenario(text).unwrap()),
            1,
            None,
            &ManagedPolicies::new(),
        );
        assert!(
            before
                .view
                .findings
                .iter()
                .any(|f| f.diagnostic.code == "managed-policy-loading"),
            "{:?}",
            before.view.findings
        );
        let aws = tests::all_managed();
        let after = evaluate(Rc::new(load_scenario(text).unwrap()), 2, None, &aws);
        assert_eq!(after.view.expectations(), (2, 2));
    }

    #[test]
    fn a_reference_not_fetched_yet_is_loading_not_unknown() {
        let outcome = evaluate(
            Rc::new(load_scenario(SCENARIO).unwrap()),
            1,
            None,
            &ManagedPolicies::new(),
        );
        let codes: Vec<&str> = outcome
            .view
            .findings
            .iter()
            .map(|f| f.diagnostic.code)
            .collect();
        assert!(!codes.contains(&"unknown-managed-policy"), "{codes:?}");
        assert!(codes.contains(&"managed-policy-loading"), "{codes:?}");
    }
}
