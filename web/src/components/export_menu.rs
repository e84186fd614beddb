//! Export to AWS: what builds the scenario's accounts in a sandbox, the AWS CLI script or one
//! CloudFormation template per account, written by the same `rolecall-import` code as
//! `rolecall export` (the toolbar's "Export" downloads the scenario file itself).
//!
//! The menu's names avoid the word "export", so that the toolbar's "Export" button stays the
//! one button of that name.

use yew::prelude::*;

use crate::persist;
use crate::state::{Action, Banner, use_app_state};

/// The file name stem for a scenario title (`My scenario!` → `my-scenario`).
#[must_use]
pub fn file_stem(title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
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

/// The "To AWS" menu (a disclosure: keyboard and screen readers use it natively).
#[component]
pub fn ExportMenu() -> Html {
    let state = use_app_state();
    let menu = use_node_ref();
    let export = |kind: Kind| {
        let state = state.clone();
        let menu = menu.clone();
        Callback::from(move |_: MouseEvent| {
            let files = files(kind, &state.scenario);
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
