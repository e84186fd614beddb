//! Reading a scenario's `challenge` section, with a diagnostic at the place of every problem.

use crate::diagnostic::challenge as diag;
use crate::document::DocumentId;
use crate::json::{Value, ValueKind, member};
use crate::names::Named;
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

/// The `challenge` object as read, with the document paths that name no kind of document
/// (left out of the challenge; [`check_references`] reports them once the whole scenario is
/// read, with the closest path of its documents).
pub(crate) struct ReadChallenge {
    pub challenge: Option<Challenge>,
    pub unreadable: Vec<Spanned<String>>,
}

/// Reads the `challenge` object (references to documents and requests are checked later by
/// [`check_references`], once the whole scenario is read).
pub(crate) fn read(r: &mut Reader<'_>, value: &Value) -> ReadChallenge {
    let mut unreadable = Vec::new();
    let challenge = read_challenge(r, value, &mut unreadable);
    ReadChallenge {
        challenge,
        unreadable,
    }
}

fn read_challenge(
    r: &mut Reader<'_>,
    value: &Value,
    unreadable: &mut Vec<Spanned<String>>,
) -> Option<Challenge> {
    let place = "the challenge";
    let members = r.object(value, "challenge", place, CHALLENGE)?;
    let version = match r.required(members, "version", place, value.span) {
        None => CHALLENGE_VERSION,
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
        r.required(members, required, place, value.span);
    }
    let editable = r
        .string_list(members, "editable")
        .into_iter()
        .filter_map(|p| doc_path(p, unreadable))
        .collect();
    let checks = r.list(members, "checks", read_check);
    let hints = r
        .string_list(members, "hints")
        .into_iter()
        .map(|h| h.value)
        .collect();
    let solution = r.list(members, "solution", |r, v| read_solution(r, v, unreadable));
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

/// The typed id of a path, or `None` with the path kept in `unreadable`.
fn doc_path(s: Spanned<String>, unreadable: &mut Vec<Spanned<String>>) -> Option<DocPath> {
    match s.value.parse() {
        Ok(id) => Some(DocPath { id, span: s.span }),
        Err(_) => {
            unreadable.push(s);
            None
        }
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

fn read_solution(
    r: &mut Reader<'_>,
    value: &Value,
    unreadable: &mut Vec<Spanned<String>>,
) -> Option<SolutionDocument> {
    let place = "a solution document";
    let members = r.object(value, "solution", place, SOLUTION_DOCUMENT)?;
    let document = r.req_string(members, "document", place, value.span);
    let policy = r
        .required(members, "policy", place, value.span)
        .and_then(|v| r.document(v, "policy"));
    let document = doc_path(document?, unreadable);
    Some(SolutionDocument {
        document: document?,
        policy: policy?,
    })
}

/// Checks what the challenge names against the scenario: every document path names one of its
/// policy documents (`unreadable`: the paths that name no kind of document at all), every goal
/// check names exactly one request that has an `expect`, and the solution changes only editable
/// documents.
pub(crate) fn check_references(
    r: &mut Reader<'_>,
    scenario: &Scenario,
    unreadable: &[Spanned<String>],
) {
    let Some(challenge) = &scenario.challenge else {
        return;
    };
    let ids: Vec<DocumentId> = scenario.documents().into_iter().map(|d| d.id).collect();
    let paths: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let solution_paths = challenge.solution.iter().map(|s| &s.document);
    let unknown = challenge
        .editable
        .iter()
        .chain(solution_paths)
        .filter(|doc| !ids.contains(&doc.id))
        .map(|doc| (doc.id.to_string(), doc.span));
    let unreadable = unreadable.iter().map(|p| (p.value.clone(), p.span));
    let mut found = Vec::new();
    for (path, span) in unknown.chain(unreadable) {
        let suggestion = paths
            .iter()
            .min_by_key(|p| strsim::levenshtein(p, &path))
            .filter(|p| strsim::levenshtein(p, &path) <= 3);
        found.push((
            span,
            diag::unknown_document(span, &path, suggestion.map(String::as_str)),
        ));
    }
    // In the order they are written.
    found.sort_by_key(|(span, _)| span.start);
    r.diagnostics.extend(found.into_iter().map(|(_, d)| d));
    for s in &challenge.solution {
        if ids.contains(&s.document.id) && !challenge.is_editable(s.document.id) {
            r.diagnostics.push(diag::solution_not_editable(
                s.document.span,
                &s.document.id.to_string(),
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
