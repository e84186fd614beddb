//! Export to AWS: what builds the scenario's accounts in a sandbox, the AWS CLI script or one
//! CloudFormation template per account, written by the same `rolecall-import` code as
//! `rolecall export` (the toolbar's "Export" downloads the scenario file itself).
//!
//! The menu's names avoid the word "export", so that the toolbar's "Export" button stays the
//! one button of that name.

use yew::prelude::*;

use crate::persist;
use crate::state::{Action, Banner, StateContext, use_app_state_shape};

/// The file name stem for a scenario title (`My scenario!` → `my-scenario`).
#[must_use]
pub fn file_stem(title: &str) -> String {
    let slug = rolecall_import::export::slug(title, '-', char::to_ascii_lowercase);
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "scenario".to_owned()
    } else {
        slug.to_owned()
    }
}

/// What an export downloads: `(file name, text)` each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    AwsCli,
    CloudFormation,
}

impl Kind {
    /// Its name in the worker's message (as `rolecall export --format`).
    fn name(self) -> &'static str {
        match self {
            Kind::AwsCli => "aws-cli",
            Kind::CloudFormation => "cloudformation",
        }
    }
}

/// The worker's side of an export (`worker.rs`, the page's module does not carry
/// rolecall-import): the files of the export named `kind` ([`Kind::name`]) as JSON, a list of
/// `[file name, text]`.
#[cfg(any(feature = "worker", test))]
#[must_use]
pub fn files_json(kind: &str, scenario: &rolecall_core::scenario::Scenario) -> String {
    let kind = if kind == Kind::CloudFormation.name() {
        Kind::CloudFormation
    } else {
        Kind::AwsCli
    };
    serde_json::to_string(&files(kind, scenario)).unwrap_or_default()
}

#[cfg(any(feature = "worker", test))]
fn files(kind: Kind, scenario: &rolecall_core::scenario::Scenario) -> Vec<(String, String)> {
    let stem = file_stem(scenario.title.as_deref().unwrap_or_default());
    match kind {
        Kind::AwsCli => vec![(
            format!("{stem}.sh"),
            rolecall_import::export::aws_cli(scenario),
        )],
        Kind::CloudFormation => rolecall_import::export::cloudformation(scenario)
            .into_iter()
            .map(|(account, text)| (format!("{stem}-{account}.template.json"), text))
            .collect(),
    }
}

/// Downloads the files of an export the worker wrote (`None`: the worker cannot run).
fn downloaded(state: &StateContext, menu: &NodeRef, files: Option<Vec<(String, String)>>) {
    let Some(files) = files else {
        state.dispatch(Action::ShowBanner(Banner::error(crate::evaluator::STOPPED)));
        return;
    };
    if files.is_empty() {
        state.dispatch(Action::ShowBanner(Banner::error(
            "Nothing to export: the scenario has no account (no identity or resource).",
        )));
        return;
    }
    for (name, text) in &files {
        persist::download(name, text);
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    state.dispatch(Action::ShowBanner(Banner::notice(format!(
        "Downloaded {}: it builds the scenario's accounts in a sandbox account; what AWS cannot take from a scenario is said in its comments.",
        names.join(", ")
    ))));
    if let Some(details) = menu.cast::<web_sys::HtmlDetailsElement>() {
        details.set_open(false);
    }
}

/// The "To AWS" menu (a disclosure: keyboard and screen readers use it natively).
#[component]
pub fn ExportMenu() -> Html {
    let state = use_app_state_shape();
    let menu = use_node_ref();
    let export = |kind: Kind| {
        let state = state.clone();
        let menu = menu.clone();
        Callback::from(move |_: MouseEvent| {
            let (state, menu) = (state.clone(), menu.clone());
            // Written by the worker (rolecall-import is in its module, not the page's).
            crate::evaluator::export(&state.scenario.clone(), kind.name(), move |files| {
                downloaded(&state, &menu, files);
            });
        })
    };
    html! {
        <details class="menu" ref={menu.clone()} data-testid="export-menu">
            <summary title="What builds this scenario's accounts in a sandbox AWS account">{ "To AWS…" }</summary>
            <div class="menu-items" role="group" aria-label="Files that build the accounts in AWS">
                <button data-testid="export-aws-cli" onclick={export(Kind::AwsCli)}>{ "AWS CLI script (.sh)" }</button>
                <button data-testid="export-cloudformation" onclick={export(Kind::CloudFormation)}>{ "CloudFormation (a template per account)" }</button>
            </div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine;

    #[test]
    fn file_names_come_from_the_title() {
        for (title, stem) in [
            ("My scenario!", "my-scenario"),
            ("", "scenario"),
            ("--", "scenario"),
        ] {
            assert_eq!(file_stem(title), stem, "{title}");
        }
    }

    #[test]
    fn each_format_names_its_files() {
        let scenario = engine::load_scenario(
            r#"{"rolecall": 1, "title": "Two", "identities": [
                {"arn": "arn:aws:iam::111111111111:user/a", "policies": []},
                {"arn": "arn:aws:iam::222222222222:role/b", "trustPolicy": {"Version": "2012-10-17", "Statement": []}, "policies": []}],
               "requests": []}"#,
        )
        .unwrap();
        let names = |kind| {
            files(kind, &scenario)
                .into_iter()
                .map(|(n, _)| n)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(Kind::AwsCli), ["two.sh"]);
        assert_eq!(
            names(Kind::CloudFormation),
            [
                "two-111111111111.template.json",
                "two-222222222222.template.json"
            ]
        );
        assert!(
            files(Kind::AwsCli, &scenario)[0]
                .1
                .contains("aws iam create-user --user-name a")
        );
    }
}
