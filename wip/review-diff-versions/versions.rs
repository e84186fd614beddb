//! What changed between two evaluated versions of one scenario: the requests whose decision or
//! expectation flipped, display-ready, for the page's "what changed" strip (against the
//! previous version of the edited document, or a pinned baseline). Cheap: it compares two
//! outcomes the page already has and evaluates nothing.

use serde::Serialize;

use crate::scenario::evaluate::{RequestOutcome, ScenarioOutcome, StepDecision};

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
    /// Whether the expectation held before and after (`None`: no expectation then).
    pub passed_before: Option<bool>,
    /// See `passed_before`.
    pub passed_after: Option<bool>,
    /// One line: "`alice writes`: implicit deny → allowed; its expectation now holds".
    pub line: String,
}

impl RequestChange {
    /// Whether the request is allowed now and was not before.
    #[must_use]
    pub fn is_new_access(&self) -> bool {
        self.after == Some(StepDecision::Allowed) && self.before != Some(StepDecision::Allowed)
    }
}

/// The requests of `after` whose decision or expectation differs from `before`, then those
/// `before` had and `after` has not. Requests are matched by name (the first of a repeated
/// name by position among those of that name).
///
/// # Examples
///
/// ```
/// use rolecall_core::diff::versions::changes;
/// use rolecall_core::scenario::{evaluate_scenario, load};
/// let world = |action: &str| load(&format!(r#"{{"rolecall": 1, "identities": [{{"arn": "arn:aws:iam::111111111111:user/alice",
///   "policies": [{{"name": "P", "document": {{"Version": "2012-10-17", "Statement": [
///   {{"Effect": "Allow", "Action": "{action}", "Resource": "*"}}]}}}}]}}], "resources": [],
///   "requests": [{{"name": "put", "principal": "arn:aws:iam::111111111111:user/alice",
///   "action": "s3:PutObject", "resource": "*", "expect": "allowed"}}]}}"#)).scenario.unwrap();
/// let before = evaluate_scenario(&world("s3:GetObject"));
/// let after = evaluate_scenario(&world("s3:*"));
/// let found = changes(&before, &after);
/// assert_eq!(found[0].line, "`put`: implicit deny → allowed; its expectation now holds");
/// ```
#[must_use]
pub fn changes(before: &ScenarioOutcome, after: &ScenarioOutcome) -> Vec<RequestChange> {
    let mut out = Vec::new();
    let mut matched = vec![false; before.requests.len()];
    for (position, now) in after.requests.iter().enumerate() {
        let earlier = before
            .requests
            .iter()
            .enumerate()
            .find(|(i, r)| r.name == now.name && !matched.get(*i).copied().unwrap_or(true));
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
    for (i, gone) in before.requests.iter().enumerate() {
        if !matched.get(i).copied().unwrap_or(true) {
            out.push(change(None, Some(gone), None));
        }
    }
    out
}

fn change(
    position: Option<usize>,
    before: Option<&RequestOutcome>,
    after: Option<&RequestOutcome>,
) -> RequestChange {
    let name = after.or(before).map_or_else(String::new, |r| r.name.clone());
    let words = |r: Option<&RequestOutcome>| r.map_or("", |r| r.decision.words());
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
    if after.is_some() {
        match (passed_before, passed_after) {
            (Some(false) | None, Some(true)) => line.push_str("; its expectation now holds"),
            (Some(true) | None, Some(false)) => line.push_str("; its expectation now FAILS"),
            (Some(_), None) => line.push_str("; it no longer has an expectation"),
            _ => {}
        }
    }
    RequestChange {
        position,
        name,
        before: before.map(|r| r.decision),
        after: after.map(|r| r.decision),
        passed_before,
        passed_after,
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::{Expect, Expectation};

    fn outcome(requests: &[(&str, StepDecision, Option<bool>)]) -> ScenarioOutcome {
        ScenarioOutcome {
            requests: requests
                .iter()
                .map(|(name, decision, passed)| RequestOutcome {
                    name: (*name).to_owned(),
                    decision: *decision,
                    expect: passed.map(|_| Expect::from(Expectation::Allowed)),
                    decided_at: None,
                    passed: *passed,
                    steps: Vec::new(),
                })
                .collect(),
        }
    }

    fn check(
        before: &[(&str, StepDecision, Option<bool>)],
        after: &[(&str, StepDecision, Option<bool>)],
        lines: &[&str],
    ) {
        let found: Vec<String> = changes(&outcome(before), &outcome(after))
            .into_iter()
            .map(|c| c.line)
            .collect();
        assert_eq!(found, lines);
    }

    use StepDecision::{Allowed as A, ExplicitDeny as E, ImplicitDeny as I};

    #[test]
    fn nothing_changed_gives_no_line() {
        check(&[("r", A, None)], &[("r", A, None)], &[]);
    }

    #[test]
    fn a_decision_flip_shows_before_and_after() {
        check(&[("r", I, None)], &[("r", A, None)], &["`r`: implicit deny → allowed"]);
        check(&[("r", A, None)], &[("r", E, None)], &["`r`: allowed → explicit deny"]);
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
            &["`r`: allowed → implicit deny; its expectation now FAILS"],
        );
    }

    #[test]
    fn new_and_removed_requests_are_listed() {
        check(
            &[("old", A, None)],
            &[("new", I, None)],
            &["`new`: new request, implicit deny", "`old`: removed (was allowed)"],
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
}
