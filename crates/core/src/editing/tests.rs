use proptest::prelude::*;

use super::*;

#[path = "../../benches/support/fifty.rs"]
mod fifty;

use crate::scenario::examples::EXAMPLES;
use crate::scenario::load_with;
use crate::scenario::model::Expectation;
use crate::scenario::view::view;
use fifty::fifty_statement_policy;

fn aws() -> ManagedPolicies {
    ManagedPolicies::parse(include_str!("../../data/managed-policies.json")).unwrap_or_default()
}

/// Every example with its managed policies resolved, and the 50-statement scenario of the
/// page's figures.
fn scenarios() -> Vec<Scenario> {
    let aws = aws();
    let mut out: Vec<Scenario> = EXAMPLES
        .iter()
        .map(|e| load_with(e.text, &aws).scenario.unwrap_or_default())
        .collect();
    out.push(fifty_statements());
    out
}

/// The default example with the Deployer role's permission policy grown to 50 statements (as
/// `tests/e2e/figures.test.mjs` does in the page, and the bench).
fn fifty_statements() -> Scenario {
    let mut scenario = load_with(EXAMPLES[0].text, &aws())
        .scenario
        .unwrap_or_default();
    set_text(&mut scenario, DEPLOYER, fifty_statement_policy());
    scenario
}

/// The Deployer role's permission policy in the default example.
const DEPLOYER: DocumentId = DocumentId::Identity {
    identity: 2,
    policy: 0,
};

/// The document texts of `scenario`, in order.
fn texts(scenario: &Scenario) -> Vec<(DocumentId, String)> {
    scenario
        .documents()
        .iter()
        .map(|d| (d.id, d.document.text.clone()))
        .collect()
}

fn set_text(scenario: &mut Scenario, id: DocumentId, text: String) {
    if let Some(doc) = id.get_mut(scenario) {
        doc.text = text;
    }
}

/// One edit of a scenario, as typing or the page's forms make it.
#[derive(Clone, Debug)]
enum Edit {
    /// Type `text` at `at` (a fraction of the document's length) in document `doc`.
    Type {
        doc: usize,
        at: u16,
        text: &'static str,
    },
    /// Delete `len` characters at `at` in document `doc`.
    Delete { doc: usize, at: u16, len: u8 },
    /// Replace the text of document `doc` by that of document `other`.
    Copy { doc: usize, other: usize },
    /// Turn the first `Allow` of document `doc` into a `Deny`, or back.
    Flip { doc: usize },
    /// Change the action of request `request` (not a document edit: everything is evaluated).
    Action {
        request: usize,
        action: &'static str,
    },
    /// Change the expectation of request `request`.
    Expect { request: usize },
}

fn place(text: &str, at: u16) -> usize {
    let mut p = text.len() * usize::from(at) / usize::from(u16::MAX);
    while p > 0 && !text.is_char_boundary(p) {
        p -= 1;
    }
    p
}

fn apply(scenario: &mut Scenario, edit: &Edit) {
    let docs = texts(scenario);
    let pick = |n: usize| docs.get(n % docs.len().max(1)).cloned();
    match edit {
        Edit::Type { doc, at, text } => {
            if let Some((id, mut t)) = pick(*doc) {
                t.insert_str(place(&t, *at), text);
                set_text(scenario, id, t);
            }
        }
        Edit::Delete { doc, at, len } => {
            if let Some((id, mut t)) = pick(*doc) {
                let start = place(&t, *at);
                let mut end = (start + usize::from(*len)).min(t.len());
                while !t.is_char_boundary(end) {
                    end -= 1;
                }
                t.replace_range(start..end, "");
                set_text(scenario, id, t);
            }
        }
        Edit::Copy { doc, other } => {
            if let (Some((id, _)), Some((_, t))) = (pick(*doc), pick(*other)) {
                set_text(scenario, id, t);
            }
        }
        Edit::Flip { doc } => {
            if let Some((id, t)) = pick(*doc) {
                let flipped = if t.contains("\"Allow\"") {
                    t.replacen("\"Allow\"", "\"Deny\"", 1)
                } else {
                    t.replacen("\"Deny\"", "\"Allow\"", 1)
                };
                set_text(scenario, id, flipped);
            }
        }
        Edit::Action { request, action } => {
            let n = scenario.requests.len().max(1);
            if let Some(r) = scenario.requests.get_mut(request % n) {
                r.action = Some((*action).to_owned());
            }
        }
        Edit::Expect { request } => {
            let n = scenario.requests.len().max(1);
            if let Some(r) = scenario.requests.get_mut(request % n) {
                r.expect = match r.expect {
                    Some(_) => None,
                    None => Some(crate::scenario::model::Expect {
                        decision: Expectation::Allowed,
                        at: None,
                    }),
                };
            }
        }
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    let typed = prop::sample::select(vec![
        " ", "\n", ",", "\"", "}", "{", "x", "*", "Deny", "s3:*", "é",
    ]);
    prop_oneof![
        4 => (any::<usize>(), any::<u16>(), typed).prop_map(|(doc, at, text)| Edit::Type { doc, at, text }),
        3 => (any::<usize>(), any::<u16>(), 1u8..40).prop_map(|(doc, at, len)| Edit::Delete { doc, at, len }),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(doc, other)| Edit::Copy { doc, other }),
        2 => any::<usize>().prop_map(|doc| Edit::Flip { doc }),
        1 => (any::<usize>(), prop::sample::select(vec!["s3:GetObject", "sts:AssumeRole", "iam:PassRole"]))
            .prop_map(|(request, action)| Edit::Action { request, action }),
        1 => any::<usize>().prop_map(|request| Edit::Expect { request }),
    ]
}

/// The cache's view (and suggestions) after `edits`, each compared with the view computed from
/// scratch.
fn check_edits(mut scenario: Scenario, edits: &[Edit], catalog: Option<&Catalog>) {
    let mut cache = Cache::new();
    assert_eq!(cache.view(&scenario, catalog), view(&scenario, catalog));
    for (n, e) in edits.iter().enumerate() {
        apply(&mut scenario, e);
        let fresh = view(&scenario, catalog);
        assert_eq!(
            cache.view(&scenario, catalog),
            fresh,
            "after edit {n}: {e:?}"
        );
        let suggested: Vec<Vec<Suggestion>> = (0..scenario.requests.len())
            .map(|i| {
                evaluate_request(&scenario, i)
                    .map(|o| suggest(&scenario, i, &o))
                    .unwrap_or_default()
            })
            .collect();
        // Not asked after every edit, so that kept suggestions are checked after several.
        if n % 2 == 1 {
            assert_eq!(
                cache.suggestions(&scenario),
                suggested,
                "after edit {n}: {e:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever is typed, deleted or changed, the cache's view is the one computed from
    /// scratch: findings, every request's steps and lines, expectations and suggestions.
    #[test]
    fn the_cached_view_after_any_edits_is_the_view_from_scratch(
        which in any::<usize>(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let all = scenarios();
        let scenario = all.get(which % all.len()).cloned().unwrap_or_default();
        check_edits(scenario, &edits, None);
    }
}

#[test]
fn the_cached_view_with_the_catalog_is_the_view_from_scratch() {
    let catalog = Catalog::parse(include_str!("../../data/catalog.json")).ok();
    let edits = [
        Edit::Type {
            doc: 0,
            at: 30_000,
            text: "s3:GetObjekt",
        },
        Edit::Flip { doc: 1 },
        Edit::Delete {
            doc: 0,
            at: 10_000,
            len: 5,
        },
    ];
    for scenario in scenarios() {
        check_edits(scenario, &edits, catalog.as_ref());
    }
}

#[test]
fn the_catalogs_arrival_brings_its_lint_into_a_cached_view() {
    let catalog = Catalog::parse(include_str!("../../data/catalog.json")).ok();
    let mut scenario = fifty_statements();
    let text = DEPLOYER
        .get(&scenario)
        .map(|d| d.text.replacen("s3:GetObject", "s3:GetObjekt", 1))
        .unwrap_or_default();
    set_text(&mut scenario, DEPLOYER, text);
    let mut cache = Cache::new();
    let before = cache.view(&scenario, None);
    let after = cache.view(&scenario, catalog.as_ref());
    assert_eq!(after, view(&scenario, catalog.as_ref()));
    assert!(after.findings.len() > before.findings.len());
    assert_eq!(cache.view(&scenario, None), before);
}

/// A keystroke in one policy evaluates the requests that read it, and only them.
#[test]
fn an_edit_evaluates_only_the_requests_that_read_the_changed_document() {
    let mut scenario = fifty_statements();
    let mut cache = Cache::new();
    let _first = cache.view(&scenario, None);
    assert_eq!(cache.evaluated(), 3);
    // The Deployer role's policy is read by the final action of alice's two requests; bob is
    // denied at the hop, so his request's action is not evaluated and does not read it.
    let text = DEPLOYER
        .get(&scenario)
        .map(|d| format!("{} ", d.text))
        .unwrap_or_default();
    set_text(&mut scenario, DEPLOYER, text);
    let shown = cache.view(&scenario, None);
    assert_eq!(shown, view(&scenario, None));
    assert_eq!(cache.evaluated(), 2);
    // Bob's own policy is read by his request only.
    let bob = DocumentId::Identity {
        identity: 1,
        policy: 0,
    };
    assert!(
        bob.get(&scenario).is_none(),
        "bob has no policy in the example"
    );
    let alice = DocumentId::Identity {
        identity: 0,
        policy: 0,
    };
    let text = alice
        .get(&scenario)
        .map(|d| d.text.replace("sts:AssumeRole", "sts:AssumeRol*"))
        .unwrap_or_default();
    set_text(&mut scenario, alice, text);
    let shown = cache.view(&scenario, None);
    assert_eq!(shown, view(&scenario, None));
    assert_eq!(cache.evaluated(), 2, "alice's two requests, not bob's");
    // Nothing changed: nothing is evaluated.
    let again = cache.view(&scenario, None);
    assert_eq!(again, shown);
    assert_eq!(cache.evaluated(), 0);
    // A change that is not a document's text evaluates everything.
    scenario.requests[0].name.push('!');
    let _renamed = cache.view(&scenario, None);
    assert_eq!(cache.evaluated(), scenario.requests.len());
}

/// The scenario's work limit is shared by its requests in order: a request that used less work
/// after an edit lets a later one that was cut short be evaluated, as from scratch.
#[test]
fn an_edit_that_frees_work_units_evaluates_the_requests_the_limit_had_cut() {
    // Each request compares its 100 tag values with every value of its user's one statement:
    // 100 units of work per value ([`crate::evaluate::PolicySet::work`]).
    let policy = |values: usize| {
        let list: Vec<String> = (0..values).map(|i| format!("\"v{i}\"")).collect();
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {{"ForAnyValue:StringEquals": {{"aws:RequestTag/t": [{}]}}}}}}]}}"#,
            list.join(",")
        )
    };
    let tags: Vec<String> = (0..100).map(|i| format!("\"w{i}\"")).collect();
    let request = |user: &str, n: usize| {
        format!(
            r#"{{"name": "{user} {n}", "principal": "arn:aws:iam::111111111111:user/{user}", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": {{"aws:RequestTag/t": [{}]}}}}"#,
            tags.join(",")
        )
    };
    // a: 100,000 units; b: 60,000 per request; together over the 200,000 of `MAX_WORK`.
    let text = format!(
        r#"{{"rolecall": 1, "identities": [
          {{"arn": "arn:aws:iam::111111111111:user/a", "policies": [{{"name": "p", "document": {}}}]}},
          {{"arn": "arn:aws:iam::111111111111:user/b", "policies": [{{"name": "p", "document": {}}}]}}],
          "requests": [{}, {}, {}]}}"#,
        policy(1_000),
        policy(600),
        request("a", 0),
        request("b", 0),
        request("b", 1)
    );
    let mut scenario = crate::scenario::load(&text).scenario.unwrap_or_default();
    let mut cache = Cache::new();
    let before = cache.view(&scenario, None);
    assert_eq!(before, view(&scenario, None));
    let cut = |v: &ScenarioView| {
        v.requests
            .iter()
            .filter(|r| r.steps.iter().any(|s| s.summary.contains("work-limit")))
            .count()
    };
    assert_eq!(cut(&before), 1, "the scenario must reach the limit");
    // a's policy shrinks: b's second request has the units it lacked.
    let a = DocumentId::Identity {
        identity: 0,
        policy: 0,
    };
    set_text(&mut scenario, a, policy(10));
    let after = cache.view(&scenario, None);
    assert_eq!(after, view(&scenario, None));
    assert_eq!(cut(&after), 0);
    assert_eq!(cache.evaluated(), 2, "a's request, and b's that was cut");
    // And back.
    set_text(&mut scenario, a, policy(1_000));
    assert_eq!(cache.view(&scenario, None), before);
}
