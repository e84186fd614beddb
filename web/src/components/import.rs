//! Import: Rolecall scenario files, and what AWS gives (account exports, CLI outputs,
//! CloudFormation templates, Terraform plans), read by the same `rolecall-import` code as
//! `rolecall import`.
//!
//! The review: a scenario file with diagnostics is not loaded at once. Its diagnostics are shown
//! exactly as `rolecall eval` prints them (the core renders both), and the user chooses to
//! replace the scenario with it (the replaced one stays restorable) or to cancel. An AWS import
//! is always reviewed first: the formats found, what was created, what could not be resolved and
//! what the input cannot contain (the CLI's summary, word for word), and the scenario's own
//! diagnostics; it then opens as a new scenario, the previous one one click away.

use std::cell::RefCell;
use std::rc::Rc;

use rolecall_core::diagnostic::render::{render_all, summary};
use rolecall_core::managed::ManagedPolicies;
use rolecall_core::scenario::{Scenario, parse_and_check};
use rolecall_import::Input;
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::components::focus::{Target, focus_later};
use crate::engine;
use crate::evaluator::ImportDone;
use crate::persist;
use crate::state::{
    Action, Banner, PendingImport, Source, State, StateContext, dispatch_on, use_app_state_shape,
};

/// Whether `text` is a Rolecall scenario (its `"rolecall"` version key near the start) rather
/// than an AWS output to import. Only the start is looked at: a 5 MB export is not scanned.
fn looks_like_scenario(text: &str) -> bool {
    let end = (0..=text.len().min(4096))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    text.get(..end)
        .is_some_and(|head| head.contains("\"rolecall\""))
}

/// What importing some files gives, before the page parses the scenario: computed in the
/// evaluation worker (`worker.rs`), so that reading a 5 MB export never blocks the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    /// The file names, joined.
    pub name: String,
    /// The formats found, or the count of diagnostics.
    pub summary: String,
    /// What the review shows (the CLI's summary and diagnostics, word for word).
    pub report: String,
    /// The scenario's text, when there is a scenario.
    pub text: Option<String>,
    /// Whether it opens at once (a Rolecall scenario file without diagnostics).
    pub at_once: bool,
    /// Whether the scenario's skeleton the worker sends beside it leaves the documents' texts
    /// in the worker (`elided.rs`): a large scenario. A small one is sent whole.
    #[serde(default)]
    pub elided: bool,
    /// The AWS managed policies the scenario names: the page fetches them while the review
    /// shows, so that the scenario opens with them.
    #[serde(default)]
    pub aws_policies: Vec<String>,
}

/// What to do with the texts of files `(name, text)`: a single Rolecall scenario goes through
/// [`scenario_import`]; anything else is imported with `rolecall-import` and reviewed. Also the
/// scenario as the page will hold it (what [`engine::load_scenario`] reads from the text), read
/// once with the review's diagnostics: the worker keeps it for the first evaluation.
#[must_use]
pub fn import_many(
    files: &[(String, String)],
    aws: &ManagedPolicies,
) -> (Imported, Option<Scenario>) {
    if let [(name, text)] = files
        && looks_like_scenario(text)
    {
        return scenario_import(name.clone(), text);
    }
    let inputs: Vec<Input<'_>> = files
        .iter()
        .map(|(name, text)| Input { name, text })
        .collect();
    let imported = rolecall_import::import(&inputs, aws);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let name = names.join(", ");
    // One file the import cannot read and that does not look like an AWS output (text that is
    // not even JSON): the scenario reader explains it, as `rolecall eval` would.
    if let [(file, text)] = files
        && (!imported.scenario_files.is_empty()
            || (imported.scenario.is_none()
                && !rolecall_import::looks_importable(text)
                && rolecall_import::node::Node::parse_json(text.trim_start()).is_err()))
    {
        return scenario_import(file.clone(), text);
    }
    let Some(scenario) = imported.scenario else {
        let refused = Imported {
            summary: "cannot be imported".to_owned(),
            report: imported.errors.join("\n"),
            name,
            text: None,
            at_once: false,
            elided: false,
            aws_policies: Vec::new(),
        };
        return (refused, None);
    };
    let text = rolecall_import::to_text(&scenario);
    drop(scenario);
    let (parsed, diagnostics) = parse_and_check(&text, aws);
    let mut report = imported.summary.lines().join("\n");
    if !diagnostics.is_empty() {
        report.push_str(&format!(
            "\n\nthe imported scenario: {}\n",
            summary(&diagnostics)
        ));
        if diagnostics.len() <= 50 {
            report.push_str(&render_all(&diagnostics, &text, "imported scenario", false));
        }
    }
    let mut formats: Vec<&str> = Vec::new();
    for (_, f) in &imported.summary.files {
        if !formats.contains(&f.as_str()) {
            formats.push(f);
        }
    }
    let imported = Imported {
        summary: formats.join("; "),
        report,
        name,
        text: Some(text),
        at_once: false,
        elided: false,
        aws_policies: Vec::new(),
    };
    (imported, engine::editable(parsed).ok())
}

/// What to do with import `import` the worker made, with its scenario's skeleton (`elided.rs`):
/// the review shows the summary alone; the skeleton is read when the scenario opens.
#[must_use]
pub fn import_action(imported: Imported, import: u32, skeleton: Option<String>) -> Action {
    if imported.at_once
        && let Some(scenario) = skeleton
            .as_deref()
            .and_then(|s| open_skeleton(import, s, imported.elided))
    {
        return Action::Load {
            scenario,
            source: Source::File(imported.name),
        };
    }
    let Imported {
        name,
        summary,
        report,
        elided,
        ..
    } = imported;
    Action::ReviewImport(Rc::new(PendingImport {
        name,
        summary,
        report,
        scenario: None,
        skeleton: skeleton.map(|s| (import, Rc::new(s), elided)),
    }))
}

/// The scenario of import `import` read from its skeleton, each document's text a marker
/// (`elided.rs`): the worker keeps the texts, and the scenario, which it adopts when the page
/// opens it. `None` when the skeleton is unreadable (a bug: the worker writes it).
fn open_skeleton(import: u32, skeleton: &str, elided: bool) -> Option<Rc<Scenario>> {
    let mut scenario = engine::load_scenario(skeleton).ok()?;
    if elided {
        crate::elided::mark_all(&mut scenario, import);
    }
    let scenario = Rc::new(scenario);
    crate::evaluator::adoptable(import, &scenario);
    // The page has read the imported scenario (a phase of the import figures).
    persist::mark("rolecall:import-read");
    Some(scenario)
}

/// What to do with an import and the scenario read from its text.
fn action(imported: Imported, scenario: Option<Scenario>) -> Action {
    let Imported {
        name,
        summary,
        report,
        text: _,
        elided: _,
        aws_policies: _,
        at_once,
    } = imported;
    match scenario.map(Rc::new) {
        Some(scenario) if at_once => Action::Load {
            scenario,
            source: Source::File(name),
        },
        scenario => Action::ReviewImport(Rc::new(PendingImport {
            name,
            summary,
            report,
            scenario,
            skeleton: None,
        })),
    }
}

/// What to do with the texts of files `(name, text)`, all on the page's thread.
#[must_use]
fn import_action_many(files: &[(String, String)]) -> Action {
    if !crate::COMPUTES {
        return Action::ShowBanner(Banner::error(crate::evaluator::STOPPED));
    }
    let (imported, scenario) = crate::managed::with_store(|aws| import_many(files, aws));
    action(imported, scenario)
}

/// Imports the texts of files `(name, text)` (in the evaluation worker when it runs) and acts on
/// what the import gives: the scenario opens, or its review shows.
pub fn import_texts(state: &StateContext, texts: Vec<(String, String)>) {
    let state = state.clone();
    crate::evaluator::import(texts, move |done| {
        state.dispatch(done_action(done, &state.dispatcher()));
    });
}

/// What to do when an import ended: the worker's answer, its AWS managed policies fetched while
/// the review shows (`dispatcher` gets their arrival), or without one (no worker, or an answer
/// that cannot be read) the files imported on the page's thread.
fn done_action(done: ImportDone, dispatcher: &UseReducerDispatcher<State>) -> Action {
    let ImportDone { files, answer } = done;
    let read = answer.and_then(|a| {
        let imported = serde_json::from_str::<Imported>(&a.imported).ok()?;
        Some((imported, a.id, a.skeleton))
    });
    let Some((imported, id, skeleton)) = read else {
        return import_action_many(&files);
    };
    if !imported.aws_policies.is_empty() {
        crate::managed::fetch(imported.aws_policies.clone(), dispatcher.clone());
    }
    import_action(imported, id, skeleton)
}

/// A file's name and its text, or why it could not be read.
type FileRead = (String, Result<String, String>);

/// Reads every file of a file list (a file input with `multiple`, or a drop), then imports them
/// together: several account exports are several accounts of one scenario.
pub fn import_file_list(state: &StateContext, files: Option<web_sys::FileList>) {
    let Some(files) = files else {
        return;
    };
    let count = files.length();
    if count == 0 {
        return;
    }
    let read: Rc<RefCell<Vec<Option<FileRead>>>> =
        Rc::new(RefCell::new(vec![None; count as usize]));
    for i in 0..count {
        let Some(file) = files.get(i) else {
            continue;
        };
        if file.size() > rolecall_import::MAX_INPUT_BYTES as f64 {
            state.dispatch(Action::ShowBanner(Banner::error(format!(
                "`{}` is {:.1} MB; the import reads files up to {} MB (an account export of 5,000 identities is about 15 MB): is it the right file? Nothing was replaced.",
                file.name(),
                file.size() / 1_048_576.0,
                rolecall_import::MAX_INPUT_BYTES / 1_048_576
            ))));
            return;
        }
        let read = read.clone();
        let state = state.clone();
        let name = file.name();
        persist::read_file(&file, move |result| {
            if let Some(slot) = read.borrow_mut().get_mut(i as usize) {
                *slot = Some((name, result));
            }
            let done: Option<Vec<FileRead>> = read.borrow().iter().cloned().collect();
            let Some(done) = done else {
                return;
            };
            let mut texts = Vec::new();
            for (name, result) in done {
                match result {
                    Ok(text) => texts.push((name, text)),
                    Err(why) => {
                        state.dispatch(Action::ShowBanner(Banner::error(format!(
                            "`{name}` could not be imported: {why}. Nothing was replaced."
                        ))));
                        return;
                    }
                }
            }
            import_texts(&state, texts);
        });
    }
}

/// A Rolecall scenario file `name`: it opens at once when the core finds nothing to report,
/// else its diagnostics are reviewed first.
fn scenario_import(name: String, text: &str) -> (Imported, Option<Scenario>) {
    // As `rolecall eval` loads a file: without the AWS managed policies (`scenario::load`).
    let (parsed, diagnostics) = parse_and_check(text, &ManagedPolicies::new());
    let imported = Imported {
        summary: summary(&diagnostics),
        report: render_all(&diagnostics, text, &name, false),
        at_once: diagnostics.is_empty(),
        elided: false,
        aws_policies: Vec::new(),
        name,
        text: Some(text.to_owned()),
    };
    (imported, engine::editable(parsed).ok())
}

fn focus_first_button() {
    focus_later(Target::Selector(
        "[data-testid=import-review] button".to_owned(),
    ));
}

fn cancel(state: &StateContext) -> Callback<MouseEvent> {
    dispatch_on(state, || Action::CancelImport)
}

/// How many lines of the review's report are drawn at first, and more at each "Show more": the
/// report of an account of thousands of identities can list thousands of unresolved references.
const REPORT_LINES: usize = 200;

/// The first `limit` lines of `report`, and how many lines are left out.
fn report_page(report: &str, limit: usize) -> (String, usize) {
    let mut lines = report.lines();
    let shown: Vec<&str> = lines.by_ref().take(limit).collect();
    (shown.join("\n"), lines.count())
}

/// The review dialog, while a file waits.
#[component]
pub fn ImportReview() -> Html {
    let state = use_app_state_shape();
    let pending = state.import.clone();
    let limit = use_state(|| REPORT_LINES);
    {
        let limit = limit.clone();
        use_effect_with(pending.as_ref().map(|p| p.name.clone()), move |_| {
            limit.set(REPORT_LINES);
        });
    }
    use_effect_with(pending.as_ref().map(|p| p.name.clone()), |name| {
        if name.is_some() {
            focus_first_button();
        }
    });
    let Some(pending) = pending else {
        return html! {};
    };
    let onkeydown = {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                state.dispatch(Action::CancelImport);
            }
        })
    };
    let confirm = pending.opens().then(|| {
        let state = state.clone();
        let pending = pending.clone();
        let onclick = Callback::from(move |_| {
            let scenario = pending.scenario.clone().or_else(|| {
                let (import, skeleton, elided) = pending.skeleton.as_ref()?;
                open_skeleton(*import, skeleton, *elided)
            });
            match scenario {
                Some(scenario) => state.dispatch(Action::Load {
                    scenario,
                    source: Source::File(pending.name.clone()),
                }),
                None => state.dispatch(Action::ShowBanner(Banner::error(
                    "The imported scenario could not be read back from the evaluation worker: nothing was replaced. Reload the page and import the file again.",
                ))),
            }
        });
        html! {
            <button data-testid="import-confirm" {onclick}>{ "Open as a new scenario" }</button>
        }
    });
    let (shown, left_out) = report_page(&pending.report, *limit);
    let more = {
        let limit = limit.clone();
        Callback::from(move |_| limit.set(*limit + REPORT_LINES))
    };
    let verdict = if pending.opens() {
        "It opens as a new scenario; yours stays one click away (\"Restore previous work\"). What is listed here stays in the scenario's notes and problems."
    } else {
        "It cannot be imported: nothing was replaced."
    };
    html! {
        <div class="import-review" data-testid="import-review" role="dialog" aria-modal="true"
            aria-labelledby="import-review-title" {onkeydown}>
            <h2 id="import-review-title">{ format!("{}: {}", pending.name, pending.summary) }</h2>
            <p>{ verdict }</p>
            <pre class="diagnostics" data-testid="import-diagnostics" tabindex="0"
                aria-label="the file's diagnostics">{ shown }</pre>
            if left_out > 0 {
                <button data-testid="import-show-more" onclick={more}>
                    { format!("Show {} more lines ({left_out} not shown)", left_out.min(REPORT_LINES)) }
                </button>
            }
            <div class="row">
                { confirm }
                <button data-testid="import-cancel" onclick={cancel(&state)}>{ "Cancel" }</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import_action(name: String, text: &str) -> Action {
        import_action_many(&[(name, text.to_owned())])
    }

    #[test]
    fn what_the_worker_sends_reads_back_unchanged() {
        let (imported, scenario) = import_many(
            &[(
                "account.json".to_owned(),
                rolecall_import::generate::account_export("111111111111", 5),
            )],
            &ManagedPolicies::new(),
        );
        let json = serde_json::to_string(&imported).unwrap();
        assert_eq!(serde_json::from_str::<Imported>(&json).unwrap(), imported);
        // The scenario the worker keeps is the one the page reads from the text.
        let text = imported.text.as_deref().unwrap();
        assert_eq!(scenario, Some(engine::load_scenario(text).unwrap()));
    }

    fn review(name: &str, text: &str) -> Rc<PendingImport> {
        match import_action(name.to_owned(), text) {
            Action::ReviewImport(pending) => pending,
            _ => panic!("`{text}` was imported without a review"),
        }
    }

    #[test]
    fn a_long_report_is_drawn_a_page_at_a_time() {
        let report: String = (0..450).map(|i| format!("line {i}\n")).collect();
        let (shown, left) = report_page(&report, REPORT_LINES);
        assert_eq!(shown.lines().count(), REPORT_LINES);
        assert_eq!(left, 250);
        assert_eq!(report_page("a\nb", REPORT_LINES), ("a\nb".to_owned(), 0));
    }

    #[test]
    fn a_file_without_diagnostics_is_imported_at_once() {
        let text = r#"{"rolecall": 1, "identities": [], "resources": [], "requests": []}"#;
        assert!(matches!(
            import_action("ok.json".to_owned(), text),
            Action::Load { source: Source::File(name), .. } if name == "ok.json"
        ));
    }

    #[test]
    fn a_trailing_comma_is_shown_as_the_cli_shows_it_before_importing() {
        let pending = review(
            "comma.json",
            "{\"rolecall\": 1, \"identities\": [], \"resources\": [], \"requests\": [],}",
        );
        assert!(
            pending.report.contains("error[trailing-comma]"),
            "{}",
            pending.report
        );
        assert!(
            pending.report.contains("comma.json:1:"),
            "{}",
            pending.report
        );
        assert!(pending.summary.contains("error"), "{}", pending.summary);
    }

    #[test]
    fn an_arn_of_the_wrong_type_is_shown_before_importing() {
        let pending = review(
            "arn.json",
            r#"{"rolecall": 1, "identities": [{"arn": 42}], "resources": [], "requests": []}"#,
        );
        assert!(
            pending.report.contains("error[wrong-type]"),
            "{}",
            pending.report
        );
    }

    #[test]
    fn text_that_is_neither_a_scenario_nor_an_aws_output_can_only_be_cancelled() {
        let pending = review("bad.json", "{ not json");
        assert!(pending.scenario.is_none());
        assert!(pending.report.contains("error["), "{}", pending.report);
        let pending = review(
            "cut.json",
            "{\n  \"RoleDetailList\": [\n    {\"RoleName\": ",
        );
        assert!(pending.scenario.is_none());
        assert!(
            pending
                .report
                .contains("cut.json: not valid JSON at line 3"),
            "{}",
            pending.report
        );
        let pending = review("package.json", r#"{"name": "web", "version": "1.0.0"}"#);
        assert!(pending.scenario.is_none());
        assert!(
            pending.report.contains("not a format the import knows"),
            "{}",
            pending.report
        );
    }

    #[test]
    fn a_truncated_scenario_file_shows_the_scenario_diagnostics() {
        let pending = review("cut.json", r#"{"rolecall": 1, "identities": ["#);
        assert!(pending.scenario.is_none());
        assert!(pending.report.contains("error["), "{}", pending.report);
    }

    #[test]
    fn an_aws_account_export_is_imported_after_a_review_that_says_what_was_made() {
        let text = rolecall_import::generate::account_export("111111111111", 40);
        let pending = review("account.json", &text);
        assert!(
            pending
                .summary
                .contains("get-account-authorization-details"),
            "{}",
            pending.summary
        );
        assert!(pending.report.contains("created: "), "{}", pending.report);
        assert!(
            pending.report.contains("not in this input"),
            "{}",
            pending.report
        );
        let scenario = pending.scenario.clone().unwrap();
        assert!(
            scenario.identities.len() >= 40,
            "{}",
            scenario.identities.len()
        );
    }

    #[test]
    fn several_files_make_one_scenario_of_several_accounts() {
        let files = vec![
            (
                "prod.json".to_owned(),
                rolecall_import::generate::account_export("111111111111", 10),
            ),
            (
                "dev.json".to_owned(),
                rolecall_import::generate::account_export("222222222222", 10),
            ),
        ];
        let Action::ReviewImport(pending) = import_action_many(&files) else {
            panic!("not reviewed");
        };
        assert_eq!(pending.name, "prod.json, dev.json");
        let scenario = pending.scenario.clone().unwrap();
        for account in ["111111111111", "222222222222"] {
            assert!(
                scenario
                    .identities
                    .iter()
                    .any(|i| i.arn.contains(&format!(":{account}:"))),
                "{account}"
            );
        }
    }

    #[test]
    fn a_cloudformation_yaml_template_is_imported() {
        let text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  AppRole:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: app\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: {Service: lambda.amazonaws.com}\n            Action: sts:AssumeRole\n";
        let pending = review("template.yaml", text);
        assert!(
            pending.summary.contains("CloudFormation"),
            "{}",
            pending.summary
        );
        assert!(pending.scenario.is_some(), "{}", pending.report);
    }
}
