//! What changed between two evaluated versions of one scenario: the requests whose decision or
//! expectation flipped, display-ready, for the page's "what changed" strip (against the
//! version before the latest edit, or a pinned baseline). Cheap: it compares two evaluations
//! the caller already has (the page's views, or [`ScenarioOutcome`]s) and evaluates nothing.

use serde::Serialize;

use crate::scenario::evaluate::{ScenarioOutcome, StepDecision};
use crate::scenario::model::Scenario;
use crate::scenario::view::ScenarioView;

/// One request of one evaluated version, as compared: its name, decision and whether its
/// expectation held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decided<'a> {
    /// The request's name.
    pub name: &'a str,
    /// Its decision (`notEvaluated` for a request without a step).
    pub decision: StepDecision,
    /// Whether its expectation held (`None`: it has none).
    pub passed: Option<bool>,
}

/// The requests of `scenario` with their decisions in `shown`, the view of that scenario
/// ([`crate::scenario::view::view`]), in order.
#[must_use]
pub fn of_view<'a>(scenario: &'a Scenario, shown: &ScenarioView) -> Vec<Decided<'a>> {
    scenario
        .requests
        .iter()
        .zip(&shown.requests)
        .map(|(r, v)| Decided {
            name: &r.name,
            decision: v.decision.unwrap_or(StepDecision::NotEvaluated),
            passed: v.passed,
        })
        .collect()
}

/// The requests of an evaluated scenario with their decisions, in order.
#[must_use]
pub fn of_outcome(outcome: &ScenarioOutcome) -> Vec<Decided<'_>> {
    outcome
        .requests
        .iter()
        .map(|r| Decided {
            name: &r.name,
            decision: r.decision,
            passed: r.passed,
        })
        .collect()
}

/// One request whose decision or expectation differs between two versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestChange {
    /// The request's position in the newer version (from 0), `None` when it is gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    /// The request's name.
    pub name: String,
    /// The decision before (`None`: the request is new).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<StepDecision>,
    /// The decision after (`None`: the request was removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<StepDecision>,
    /// Whether the expectation held before (`None`: no expectation then, or no request).
    pub passed_before: Option<bool>,
    /// Whether the expectation holds after (`None`: no expectation now, or no request).
    pub passed_after: Option<bool>,
    /// One line: "`alice writes`: implicit deny → allowed; its expectation now holds".
    pub line: String,
}

impl RequestChange {
    /// Whether the request is allowed now and was not before (new access).
    #[must_use]
    pub fn is_new_access(&self) -> bool {
        self.after == Some(StepDecision::Allowed) && self.before != Some(StepDecision::Allowed)
    }

    /// Whether the request was allowed before and is not now (removed access).
    #[must_use]
    pub fn is_removed_access(&self) -> bool {
        self.before == Some(StepDecision::Allowed) && self.after != Some(StepDecision::Allowed)
    }

    /// The expectation's new state when it flipped: `Some(true)` it now holds, `Some(false)` it
    /// now fails (a new expectation counts as a flip); `None` when it did not flip or the request
    /// has no expectation now.
    #[must_use]
    pub fn expectation_flip(&self) -> Option<bool> {
        match (self.passed_before, self.passed_after) {
            (before, Some(after)) if before != Some(after) => Some(after),
            _ => None,
        }
    }
}

/// The requests of `after` whose decision or expectation differs from `before`, then those
/// `before` had and `after` has not. Requests are matched by name (a repeated name by its
/// rank among the requests of that name).
///
/// # Examples
///
/// ```
/// use rolecall_core::diff::versions::{changes, of_outcome};
/// use rolecall_core::scenario::{evaluate_scenario, load};
/// let world = |action: &str| load(&format!(r#"{{"rolecall": 1, "identities": [{{"arn": "arn:aws:iam::111111111111:user/alice",
///   "policies": [{{"name": "P", "document": {{"Version": "2012-10-17", "Statement": [
///   {{"Effect": "Allow", "Action": "{action}", "Resource": "*"}}]}}}}]}}], "resources": [],
///   "requests": [{{"name": "put", "principal": "arn:aws:iam::111111111111:user/alice",
///   "action": "s3:PutObject", "resource": "*", "expect": "allowed"}}]}}"#)).scenario.unwrap();
/// let before = evaluate_scenario(&world("s3:GetObject"));
/// let after = evaluate_scenario(&world("s3:*"));
/// let found = changes(&of_outcome(&before), &of_outcome(&after));
/// assert_eq!(found[0].line, "`put`: implicit deny → allowed; its expectation now holds");
/// assert!(found[0].is_new_access());
/// ```
#[must_use]
pub fn changes(before: &[Decided<'_>], after: &[Decided<'_>]) -> Vec<RequestChange> {
    let mut out = Vec::new();
    let mut matched = vec![false; before.len()];
    for (position, now) in after.iter().enumerate() {
        let earlier = before
            .iter()
            .enumerate()
            .find(|(i, r)| r.name == now.name && matched.get(*i) == Some(&false));
        let then = earlier.map(|(i, r)| {
            if let Some(m) = matched.get_mut(i) {
                *m = true;
            }
            r
        });
        if then.is_some_and(|t| t.decision == now.decision && t.passed == now.passed) {
            continue;
        }
        out.push(change(Some(position), then, Some(now)));
    }
    for (gone, _) in before.iter().zip(&matched).filter(|(_, m)| !**m) {
        out.push(change(None, Some(gone), None));
    }
    out
}

fn change(
    position: Option<usize>,
    before: Option<&Decided<'_>>,
    after: Option<&Decided<'_>>,
) -> RequestChange {
    let name = after.or(before).map_or("", |r| r.name).to_owned();
    let words = |r: Option<&Decided<'_>>| r.map_or("", |r| r.decision.words());
    let passed_before = before.and_then(|r| r.passed);
    let passed_after = after.and_then(|r| r.passed);
    let mut line = match (before, after) {
        (None, Some(_)) => format!("`{name}`: new request, {}", words(after)),
        (Some(_), None) => format!("`{name}`: removed (was {})", words(before)),
        _ if before.map(|r| r.decision) == after.map(|r| r.decision) => {
            format!("`{name}`: still {}", words(after))
        }
        _ => format!("`{name}`: {} → {}", words(before), words(after)),
    };
    let mut change = RequestChange {
        position,
        name,
        before: before.map(|r| r.decision),
        after: after.map(|r| r.decision),
        passed_before,
        passed_after,
        line: String::new(),
    };
    if after.is_some() {
        match (change.expectation_flip(), passed_before, passed_after) {
            (Some(true), ..) => line.push_str("; its expectation now holds"),
            (Some(false), ..) => line.push_str("; its expectation now fails"),
            (None, Some(_), None) => line.push_str("; it no longer has an expectation"),
            _ => {}
        }
    }
    change.line = line;
    change
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::evaluate_scenario;
    use crate::scenario::load;
    use crate::scenario::view::view;

    use StepDecision::{Allowed as A, ExplicitDeny as E, ImplicitDeny as I};

    type Row = (&'static str, StepDecision, Option<bool>);

    fn decided(rows: &[Row]) -> Vec<Decided<'static>> {
        rows.iter()
            .map(|&(name, decision, passed)| Decided {
                name,
                decision,
                passed,
            })
            .collect()
    }

    fn check(before: &[Row], after: &[Row], lines: &[&str]) {
        let found: Vec<String> = changes(&decided(before), &decided(after))
            .into_iter()
            .map(|c| c.line)
            .collect();
        assert_eq!(found, lines);
    }

    #[test]
    fn the_expectation_flip_the_page_shows_is_the_one_the_line_names() {
        let flip = |before: &[Row], after: &[Row]| {
            changes(&decided(before), &decided(after))
                .iter()
                .map(RequestChange::expectation_flip)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            flip(&[("r", I, Some(false))], &[("r", A, Some(true))]),
            [Some(true)]
        );
        assert_eq!(
            flip(&[("r", A, Some(true))], &[("r", I, Some(false))]),
            [Some(false)]
        );
        assert_eq!(
            flip(&[("r", A, None)], &[("r", A, Some(false))]),
            [Some(false)]
        );
        // A flip of the decision alone, or an expectation removed, is no expectation flip.
        assert_eq!(
            flip(&[("r", I, Some(true))], &[("r", E, Some(true))]),
            [None]
        );
        assert_eq!(flip(&[("r", A, Some(true))], &[("r", A, None)]), [None]);
    }

    #[test]
    fn nothing_changed_gives_no_line() {
        check(&[("r", A, None)], &[("r", A, None)], &[]);
        check(&[("r", I, Some(true))], &[("r", I, Some(true))], &[]);
    }

    #[test]
    fn a_decision_flip_shows_before_and_after() {
        check(
            &[("r", I, None)],
            &[("r", A, None)],
            &["`r`: implicit deny → allowed"],
        );
        check(
            &[("r", A, None)],
            &[("r", E, None)],
            &["`r`: allowed → explicit deny"],
        );
    }

    #[test]
    fn an_expectation_flip_is_named() {
        check(
            &[("r", I, Some(false))],
            &[("r", A, Some(true))],
            &["`r`: implicit deny → allowed; its expectation now holds"],
        );
        check(
            &[("r", A, Some(true))],
            &[("r", I, Some(false))],
            &["`r`: allowed → implicit deny; its expectation now fails"],
        );
        // A deny that turns explicit still meets `expect: denied`: the decisions alone.
        check(
            &[("r", I, Some(true))],
            &[("r", E, Some(true))],
            &["`r`: implicit deny → explicit deny"],
        );
    }

    #[test]
    fn an_expectation_that_fails_with_the_same_decision_is_a_change() {
        check(
            &[("r", A, Some(true))],
            &[("r", A, Some(false))],
            &["`r`: still allowed; its expectation now fails"],
        );
        check(
            &[("r", A, Some(true))],
            &[("r", A, None)],
            &["`r`: still allowed; it no longer has an expectation"],
        );
    }

    #[test]
    fn new_and_removed_requests_are_listed() {
        check(
            &[("old", A, None)],
            &[("new", I, None)],
            &[
                "`new`: new request, implicit deny",
                "`old`: removed (was allowed)",
            ],
        );
    }

    #[test]
    fn repeated_names_match_in_order() {
        check(
            &[("r", A, None), ("r", I, None)],
            &[("r", A, None), ("r", A, None)],
            &["`r`: implicit deny → allowed"],
        );
    }

    #[test]
    fn new_and_removed_access_are_told_apart() {
        let found = changes(
            &decided(&[("grant", I, None), ("revoke", A, None), ("deny", I, None)]),
            &decided(&[("grant", A, None), ("revoke", E, None), ("deny", E, None)]),
        );
        let flags: Vec<(bool, bool)> = found
            .iter()
            .map(|c| (c.is_new_access(), c.is_removed_access()))
            .collect();
        assert_eq!(flags, [(true, false), (false, true), (false, false)]);
    }

    /// The page compares views (what its worker sends); the CLI compares outcomes: both give
    /// the same changes for the same two versions.
    #[test]
    fn views_and_outcomes_give_the_same_changes() {
        let world = |action: &str| {
            load(&format!(
                r#"{{"rolecall": 1, "identities": [{{"arn": "arn:aws:iam::111111111111:user/alice",
                "policies": [{{"name": "P", "document": {{"Version": "2012-10-17", "Statement": [
                {{"Effect": "Allow", "Action": "{action}", "Resource": "*"}}]}}}}]}}], "resources": [],
                "requests": [
                  {{"name": "put", "principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:PutObject", "resource": "*", "expect": "denied"}},
                  {{"name": "get", "principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject", "resource": "*", "expect": "allowed"}}]}}"#
            ))
            .scenario
            .unwrap()
        };
        let (old, new) = (world("s3:GetObject"), world("s3:Put*"));
        let from_outcomes = changes(
            &of_outcome(&evaluate_scenario(&old)),
            &of_outcome(&evaluate_scenario(&new)),
        );
        let (old_view, new_view) = (view(&old, None), view(&new, None));
        let from_views = changes(&of_view(&old, &old_view), &of_view(&new, &new_view));
        assert_eq!(from_views, from_outcomes);
        let lines: Vec<&str> = from_views.iter().map(|c| c.line.as_str()).collect();
        assert_eq!(
            lines,
            [
                "`put`: implicit deny → allowed; its expectation now fails",
                "`get`: allowed → implicit deny; its expectation now fails"
            ]
        );
    }
}
