//! Reading a scenario's `challenge` section, with a diagnostic at the place of every problem.

use crate::diagnostic::{challenge as diag, scenario as scenario_diag};
use crate::json::{Value, ValueKind, member};
use crate::scenario::challenge::{
    CHALLENGE_VERSION, Challenge, Difficulty, DocPath, GoalCheck, SolutionDocument,
};
use crate::scenario::model::Scenario;
use crate::scenario::reader::Reader;
use crate::span::Spanned;

/// The fields of the `challenge` object.
pub(crate) const CHALLENGE: &[&str] = &[
    "version",
    "goal",
    "category",
    "difficulty",
    "editable",
    "checks",
    "hints",
    "solution",
];
/// The fields of a goal check.
pub(crate) const GOAL_CHECK: &[&str] = &["request", "stays", "says"];
/// The fields of a solution document.
pub(crate) const SOLUTION_DOCUMENT: &[&str] = &["document", "policy"];

/// Reads the `challenge` object (references to documents and requests are checked later by
/// [`check_references`], once the whole scenario is read).
pub(crate) fn read(r: &mut Reader<'_>, value: &Value) -> Option<Challenge> {
    let place = "the challenge";
    let members = r.object(value, "challenge", place, CHALLENGE)?;
    let version = match member(members, "version") {
        None => {
            r.diagnostics.push(scenario_diag::missing_field(
                value.span.opening(),
                "version",
                place,
            ));
            CHALLENGE_VERSION
        }
        Some(v) => {
            let found = r.text.get(v.span.start..v.span.end).unwrap_or_default();
            match &v.kind {
                ValueKind::Number(n) if n.parse::<u64>() == Ok(CHALLENGE_VERSION) => {
                    CHALLENGE_VERSION
                }
                _ => {
                    r.diagnostics
                        .push(diag::unsupported_version(v.span, found, CHALLENGE_VERSION));
                    return None;
                }
            }
        }
    };
    let goal = r.req_string(members, "goal", place, value.span);
    let difficulty = member(members, "difficulty")
        .and_then(|v| r.string(v, "difficulty"))
        .and_then(|d| {
            let found = Difficulty::from_name(&d.value);
            if found.is_none() {
                let known: Vec<&str> = Difficulty::ALL.iter().map(|(_, n)| *n).collect();
                r.diagnostics
                    .push(diag::invalid_difficulty(d.span, &d.value, &known));
            }
            found
        });
    for required in ["editable", "checks"] {
        if member(members, required).is_none() {
            r.diagnostics.push(scenario_diag::missing_field(
                value.span.opening(),
                required,
                place,
            ));
        }
    }
    let editable = r
        .string_list(members, "editable")
        .into_iter()
        .map(doc_path)
        .collect();
    let checks = r.list(members, "checks", read_check);
    let hints = r
        .string_list(members, "hints")
        .into_iter()
        .map(|h| h.value)
        .collect();
    let solution = r.list(members, "solution", read_solution);
    Some(Challenge {
        version,
        goal: goal.map(|g| g.value).unwrap_or_default(),
        category: r.opt_string(members, "category"),
        difficulty,
        editable,
        checks,
        hints,
        solution,
        span: value.span,
    })
}

fn doc_path(s: Spanned<String>) -> DocPath {
    DocPath {
        path: s.value,
        span: s.span,
    }
}

fn read_check(r: &mut Reader<'_>, value: &Value) -> Option<GoalCheck> {
    let place = "a goal check";
    let members = r.object(value, "checks", place, GOAL_CHECK)?;
    let request = r.req_string(members, "request", place, value.span)?;
    Some(GoalCheck {
        stays: r.boolean(members, "stays"),
        says: r.opt_string(members, "says"),
        span: request.span,
        request: request.value,
    })
}

fn read_solution(r: &mut Reader<'_>, value: &Value) -> Option<SolutionDocument> {
    let place = "a solution document";
    let members = r.object(value, "solution", place, SOLUTION_DOCUMENT)?;
    let document = r.req_string(members, "document", place, value.span);
    let policy = match member(members, "policy") {
        Some(v) => r.document(v, "policy"),
        None => {
            r.diagnostics.push(scenario_diag::missing_field(
                value.span.opening(),
                "policy",
                place,
            ));
            None
        }
    };
    Some(SolutionDocument {
        document: doc_path(document?),
        policy: policy?,
    })
}

/// Checks what the challenge names against the scenario: every document path names one of its
/// policy documents, every goal check names exactly one request that has an `expect`, and the
/// solution changes only editable documents.
pub(crate) fn check_references(r: &mut Reader<'_>, scenario: &Scenario) {
    let Some(challenge) = &scenario.challenge else {
        return;
    };
    let paths: Vec<String> = scenario
        .documents()
        .into_iter()
        .map(|d| d.id.to_string())
        .collect();
    let solution_paths = challenge.solution.iter().map(|s| &s.document);
    for doc in challenge.editable.iter().chain(solution_paths) {
        if !paths.contains(&doc.path) {
            let suggestion = paths
                .iter()
                .min_by_key(|p| strsim::levenshtein(p, &doc.path))
                .filter(|p| strsim::levenshtein(p, &doc.path) <= 3);
            r.diagnostics.push(diag::unknown_document(
                doc.span,
                &doc.path,
                suggestion.map(String::as_str),
            ));
        }
    }
    for s in &challenge.solution {
        if paths.contains(&s.document.path) && !challenge.is_editable(&s.document.path) {
            r.diagnostics.push(diag::solution_not_editable(
                s.document.span,
                &s.document.path,
            ));
        }
    }
    for check in &challenge.checks {
        let named: Vec<_> = scenario
            .requests
            .iter()
            .filter(|q| q.name == check.request)
            .collect();
        match named.as_slice() {
            [] => r
                .diagnostics
                .push(diag::unknown_check_request(check.span, &check.request)),
            [one] if one.expect.is_none() => r
                .diagnostics
                .push(diag::check_without_expect(check.span, &check.request)),
            [_] => {}
            _ => r
                .diagnostics
                .push(diag::ambiguous_check_request(check.span, &check.request)),
        }
    }
}
