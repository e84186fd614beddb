//! "Allowed only if …": the smallest changes that would flip a request's decision, each one
//! verified by evaluating the changed scenario before it is shown (`rolecall eval --suggest`,
//! the page's suggestions under a decision).
//!
//! - For an **implicit deny**: for each closest `Allow` statement of the policies that did not
//!   allow, the parts that did not match, fixed in the document's own text (the action or the
//!   resource added to the statement's list, the caller added to a trust policy's `AWS`
//!   principals), or the context value that makes its failing condition hold; a statement
//!   appended to the caller's first inline policy when none of its statements names the action;
//!   for a cross-account request that the resource-based policy does not grant, the grant.
//! - For an **explicit deny**: the matching `Deny` is named as a Deny. It is never weakened: the
//!   only change offered is a context value under which its condition no longer holds.
//! - For **any decision**: a condition that held or failed only because its key was absent
//!   (`…IfExists`, `Null`, a negated operator, a missing key), with the value that flips the
//!   decision.
//!
//! Every suggestion carries what to apply (the new document text, or the context key and value)
//! and the decision the request then gets; one that does not change the step's decision when
//! tried is dropped.

mod edit;

use serde::{Deserialize, Serialize};

use crate::document::DocumentId;
use crate::evaluate::{
    ConditionTrace, Detail, Explanation, PolicyTrace, StatementRef, StatementTrace,
    summary::describe_ref,
};
use crate::policy::model::{Effect, PolicyKind, PrincipalValue};
use crate::request::ContextValue;
use crate::scenario::arn::session_role_arn;
use crate::scenario::evaluate::{MAX_WORK, RequestOutcome, Step, StepDecision, request_in};
use crate::scenario::model::{KeyValues, Scenario};
use crate::scenario::parsed::Reader;
use crate::scenario::report::deciding_step;

/// What kind of change a suggestion makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SuggestionKind {
    /// Add the action to a statement's `Action`.
    AddAction,
    /// Add the resource to a statement's `Resource`.
    AddResource,
    /// Name the caller in a trust (or resource-based) policy's `Principal`.
    NamePrincipal,
    /// Append a statement to a policy.
    AddStatement,
    /// Give a context key a value (a condition then holds, or no longer holds).
    ContextValue,
    /// The decision rested on a context key that was absent.
    AbsentKey,
    /// The request is denied by an explicit `Deny`; shown so, never weakened.
    ExplicitDeny,
}

/// The change a suggestion makes, ready to apply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum Change {
    /// Replace the text of the document `path`.
    Document {
        /// The document (written as its path, `identities[0].policies[1].document`).
        path: DocumentId,
        /// Its new text.
        text: String,
    },
    /// Set a context key of the request (`hop` `None`) or of one of its assume hops.
    Context {
        /// The hop (0-based), or `None` for the request's own context.
        #[serde(skip_serializing_if = "Option::is_none")]
        hop: Option<usize>,
        /// The key.
        key: String,
        /// The value.
        value: String,
    },
}

impl Change {
    /// Applies the change to request `request` of `scenario` (what a front end does when the
    /// user takes the suggestion, and what the suggester evaluates before showing it). `None`
    /// when the document, request or hop is not in `scenario`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::load;
    /// use rolecall_core::suggest::Change;
    /// let mut s = load(r#"{"rolecall": 1, "identities": [], "resources": [], "requests": [
    ///   {"name": "r", "principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "*"}]}"#)
    ///   .scenario.unwrap();
    /// let change = Change::Context { hop: None, key: "aws:MultiFactorAuthPresent".into(), value: "true".into() };
    /// assert!(change.apply(&mut s, 0).is_some());
    /// assert_eq!(s.requests[0].context.iter().count(), 1);
    /// assert!(change.apply(&mut s, 5).is_none());
    /// ```
    pub fn apply(&self, scenario: &mut Scenario, request: usize) -> Option<()> {
        match self {
            Self::Document { path, text } => {
                edit::document_mut(scenario, *path)?.text.clone_from(text);
            }
            Self::Context { hop, key, value } => {
                let request = scenario.requests.get_mut(request)?;
                let context = match hop {
                    Some(h) => &mut request.assume.get_mut(*h)?.context,
                    None => &mut request.context,
                };
                set(context, key, value);
            }
        }
        Some(())
    }
}

/// One suggestion, display-ready (it reads back from its JSON: the page's worker sends it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    /// What it does.
    pub kind: SuggestionKind,
    /// One line for a reader: "add `s3:PutObject` to statement `#2` of `deploy`".
    pub line: String,
    /// What to apply (`None` for a note, such as an explicit Deny).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// The request's decision once the change is applied (checked by evaluating it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub then: Option<StepDecision>,
}

/// At most this many suggestions per request.
const MAX_SUGGESTIONS: usize = 8;
/// At most this many closest statements are tried.
const MAX_CLOSEST: usize = 4;

/// The suggestions for request `index` of `scenario`, whose outcome is `outcome`.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::{evaluate_request, load};
/// use rolecall_core::suggest::suggest;
/// let scenario = load(r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:user/alice",
///   "policies": [{"name": "deploy", "document": {"Version": "2012-10-17", "Statement": [
///   {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]}], "resources": [],
///   "requests": [{"name": "put", "principal": "arn:aws:iam::111111111111:user/alice",
///   "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k"}]}"#).scenario.unwrap();
/// let outcome = evaluate_request(&scenario, 0).unwrap();
/// let found = suggest(&scenario, 0, &outcome);
/// assert_eq!(found[0].line, "add `s3:PutObject` to statement `#1` of `deploy`");
/// assert_eq!(found[0].then.unwrap().as_str(), "allowed");
/// ```
#[must_use]
pub fn suggest(scenario: &Scenario, index: usize, outcome: &RequestOutcome) -> Vec<Suggestion> {
    suggest_in(&Reader::fresh(), scenario, index, outcome)
}

/// [`suggest`], evaluating each change with the policies read through `reader`.
pub(crate) fn suggest_in(
    reader: &Reader<'_>,
    scenario: &Scenario,
    index: usize,
    outcome: &RequestOutcome,
) -> Vec<Suggestion> {
    let Some(step) = deciding_step(outcome) else {
        return Vec::new();
    };
    let Some(explanation) = &step.explanation else {
        return Vec::new();
    };
    let mut s = Suggester {
        reader,
        scenario,
        index,
        step,
        explanation,
        out: Vec::new(),
    };
    match step.policy_decision {
        Some(StepDecision::ImplicitDeny) => s.implicit_deny(),
        Some(StepDecision::ExplicitDeny) => s.explicit_deny(),
        _ => {}
    }
    s.absent_keys();
    s.out.truncate(MAX_SUGGESTIONS);
    s.out
}

struct Suggester<'a, 'd> {
    reader: &'a Reader<'d>,
    scenario: &'a Scenario,
    index: usize,
    step: &'a Step,
    explanation: &'a Explanation,
    out: Vec<Suggestion>,
}

impl<'a> Suggester<'a, '_> {
    /// The decision of this step after `change`, if the changed scenario can be evaluated.
    fn try_change(&self, change: &Change) -> Option<(StepDecision, StepDecision)> {
        let mut changed = self.scenario.clone();
        change.apply(&mut changed, self.index)?;
        // Only the decisions: the changed scenario's explanation is never shown.
        let outcome = request_in(
            self.reader,
            &changed,
            self.index,
            Detail::DecisionOnly,
            MAX_WORK,
        )?
        .outcome;
        let step = outcome.steps.iter().find(|s| s.hop == self.step.hop)?;
        Some((step.policy_decision?, outcome.decision))
    }

    /// Keeps `line` with `change` if it changes the step's policy decision.
    fn verified(&mut self, kind: SuggestionKind, line: String, change: Change) -> bool {
        if self.out.iter().any(|s| s.change.as_ref() == Some(&change)) {
            return true;
        }
        let Some((step, request)) = self.try_change(&change) else {
            return false;
        };
        if Some(step) == self.step.policy_decision {
            return false;
        }
        self.out.push(Suggestion {
            kind,
            line,
            change: Some(change),
            then: Some(request),
        });
        true
    }

    fn trace(&self, r: &StatementRef) -> Option<(&'a PolicyTrace, &'a StatementTrace)> {
        let explanation: &'a Explanation = self.explanation;
        let policy = explanation
            .policies
            .iter()
            .find(|p| p.source == r.source && p.kind == r.kind && p.level == r.level)?;
        Some((policy, policy.statements.get(r.index)?))
    }

    fn implicit_deny(&mut self) {
        let closest: Vec<StatementRef> = self
            .explanation
            .closest
            .iter()
            .take(MAX_CLOSEST)
            .cloned()
            .collect();
        for r in &closest {
            self.fix_statement(r);
        }
        let caller_has_allow = closest.iter().any(|r| r.kind == PolicyKind::Identity);
        if !caller_has_allow {
            self.add_identity_statement();
        }
        self.cross_account_grant();
    }

    /// Fixes the parts of statement `r` that did not match.
    fn fix_statement(&mut self, r: &StatementRef) {
        let Some((_, trace)) = self.trace(r) else {
            return;
        };
        let Some(path) = r.source else { return };
        let Some(document) = path.get(self.scenario) else {
            return;
        };
        if document.reference.is_some() {
            return;
        }
        let policy = self.reader.policy(&document.text, r.kind, None);
        let Some(statement) = policy.statements.get(r.index) else {
            return;
        };
        let mut text = document.text.clone();
        let mut words = Vec::new();
        // Edits from the end of the text backwards, so earlier spans stay valid.
        let mut edits: Vec<(usize, &[crate::span::Spanned<String>], String, &str)> = Vec::new();
        let explanation: &'a Explanation = self.explanation;
        let facts = &explanation.request;
        // An `Action` or `Resource` list that did not match gets the request's value.
        for (traced, element, value, what) in [
            (&trace.action, &statement.action, &facts.action, "action"),
            (
                &trace.resource,
                &statement.resource,
                &facts.resource,
                "resource",
            ),
        ] {
            if let (Some(t), Some(list)) = (traced, element)
                && !t.matched
                && !list.negated
            {
                edits.push((
                    list.values.first().map_or(0, |v| v.span.start),
                    &list.values,
                    value.clone(),
                    what,
                ));
            }
        }
        let caller = session_role_arn(&facts.principal).unwrap_or_else(|| facts.principal.clone());
        if let (Some(p), Some(element)) = (&trace.principal, &statement.principal) {
            if !p.matched && !element.negated {
                if let PrincipalValue::Map(entries) = &element.value {
                    if let Some(aws) = entries
                        .iter()
                        .find(|e| e.kind == crate::policy::model::PrincipalType::Aws)
                    {
                        edits.push((
                            aws.values.first().map_or(0, |v| v.span.start),
                            &aws.values,
                            caller.clone(),
                            "principal",
                        ));
                    }
                }
            }
        }
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        for (_, values, value, what) in &edits {
            let Some(next) = edit::add_to_list(&text, values, value) else {
                return;
            };
            text = next;
            words.push(match *what {
                "principal" => format!(
                    "the {} `{}` does not name `{caller}`: add it to statement `{}`",
                    crate::evaluate::summary::kind_label(r.kind),
                    r.policy,
                    r.name
                ),
                _ => format!("add `{value}` to statement `{}` of `{}`", r.name, r.policy),
            });
        }
        let conditions_hold = trace.conditions.iter().all(|c| c.holds);
        if !edits.is_empty() && conditions_hold {
            words.reverse();
            let kind = match edits.first().map(|e| e.3) {
                Some("action") if edits.len() == 1 => SuggestionKind::AddAction,
                Some("resource") if edits.len() == 1 => SuggestionKind::AddResource,
                _ => SuggestionKind::NamePrincipal,
            };
            let kind = if edits.iter().any(|e| e.3 == "principal") {
                SuggestionKind::NamePrincipal
            } else {
                kind
            };
            self.verified(kind, words.join(", and "), Change::Document { path, text });
            return;
        }
        if edits.is_empty() {
            // Only conditions failed: a context value that makes each one hold.
            for c in trace.conditions.iter().filter(|c| !c.holds) {
                self.context_flip(c, "would be allowed", None);
            }
        }
    }

    /// A statement allowing the request, appended to the caller's first inline policy.
    fn add_identity_statement(&mut self) {
        let explanation: &'a Explanation = self.explanation;
        let facts = &explanation.request;
        let Some(identity_policy) = self
            .explanation
            .policies
            .iter()
            .find(|p| p.kind == PolicyKind::Identity && p.applies)
        else {
            return;
        };
        let Some(path) = identity_policy.source else {
            return;
        };
        let Some(document) = path.get(self.scenario) else {
            return;
        };
        if document.reference.is_some() {
            return;
        }
        let policy = self
            .reader
            .policy(&document.text, PolicyKind::Identity, None);
        let statement = serde_json::json!({
            "Effect": "Allow",
            "Action": facts.action,
            "Resource": facts.resource,
        })
        .to_string();
        let Some(text) = edit::append_statement(
            &document.text,
            policy.statements.last().map(|s| s.span),
            &statement,
        ) else {
            return;
        };
        let line = format!(
            "no statement of `{}` names `{}`: add one allowing it on `{}`",
            identity_policy.name, facts.action, facts.resource
        );
        self.verified(
            SuggestionKind::AddStatement,
            line,
            Change::Document { path, text },
        );
    }

    /// Across accounts, the resource-based policy must grant the caller too.
    fn cross_account_grant(&mut self) {
        let explanation: &'a Explanation = self.explanation;
        let facts = &explanation.request;
        if facts.same_account {
            return;
        }
        let Some(resource) = self
            .explanation
            .policies
            .iter()
            .find(|p| matches!(p.kind, PolicyKind::Resource | PolicyKind::Trust))
        else {
            return;
        };
        if !resource.allows.is_empty() {
            return;
        }
        let Some(path) = resource.source else {
            return;
        };
        let Some(document) = path.get(self.scenario) else {
            return;
        };
        let caller = session_role_arn(&facts.principal).unwrap_or_else(|| facts.principal.clone());
        let mut statement = serde_json::json!({
            "Effect": "Allow",
            "Principal": {"AWS": caller},
            "Action": facts.action,
        });
        if let (PolicyKind::Resource, Some(object)) = (resource.kind, statement.as_object_mut()) {
            object.insert("Resource".to_owned(), serde_json::json!(facts.resource));
        }
        let policy = self.reader.policy(&document.text, resource.kind, None);
        let Some(text) = edit::append_statement(
            &document.text,
            policy.statements.last().map(|s| s.span),
            &statement.to_string(),
        ) else {
            return;
        };
        let line = format!(
            "the {} of `{}` does not grant `{caller}` (another account): add a statement allowing `{}`",
            crate::evaluate::summary::kind_label(resource.kind),
            resource.name,
            facts.action
        );
        self.verified(
            SuggestionKind::NamePrincipal,
            line,
            Change::Document { path, text },
        );
    }

    /// Names each matching Deny as a Deny, and the context values under which it would not apply.
    fn explicit_deny(&mut self) {
        let denies: Vec<StatementRef> = self
            .explanation
            .deciding
            .iter()
            .filter(|r| r.effect == Some(Effect::Deny))
            .cloned()
            .collect();
        for r in &denies {
            self.out.push(Suggestion {
                kind: SuggestionKind::ExplicitDeny,
                line: format!(
                    "denied by an explicit Deny, {}: no Allow overrides it; only changing the Deny itself would",
                    describe_ref(r)
                ),
                change: None,
                then: None,
            });
            let Some((_, trace)) = self.trace(r) else {
                continue;
            };
            for c in &trace.conditions {
                self.context_flip(c, "the Deny would not apply", None);
            }
        }
    }

    /// Conditions that held, or failed, only because their key was absent.
    fn absent_keys(&mut self) {
        let conditions: Vec<(String, ConditionTrace)> = self
            .explanation
            .policies
            .iter()
            .filter(|p| p.applies)
            .flat_map(|p| {
                p.statements.iter().flat_map(move |s| {
                    s.conditions
                        .iter()
                        .filter(|c| !c.key_present)
                        .map(move |c| {
                            (format!("statement `{}` of `{}`", s.name, p.name), c.clone())
                        })
                })
            })
            .collect();
        for (place, c) in conditions {
            let how = if c.holds { "held" } else { "did not hold" };
            let lead = format!(
                "`{}` was absent, so `{}` of {place} {how}",
                c.key, c.operator
            );
            self.context_flip(&c, &lead, Some(SuggestionKind::AbsentKey));
        }
    }

    /// A value of `c`'s key that changes the decision, tried among the condition's own values,
    /// the other Boolean, and a value it does not name.
    fn context_flip(
        &mut self,
        c: &ConditionTrace,
        lead: &str,
        kind: Option<SuggestionKind>,
    ) -> bool {
        let mut candidates: Vec<String> = Vec::new();
        for v in &c.policy_values {
            let v = if c.operator.contains("IpAddress") {
                v.split('/').next().unwrap_or(v).to_owned()
            } else {
                v.clone()
            };
            if v.eq_ignore_ascii_case("true") {
                candidates.push("false".to_owned());
            } else if v.eq_ignore_ascii_case("false") {
                candidates.push("true".to_owned());
            }
            candidates.push(v);
        }
        candidates.push("rolecall-other-value".to_owned());
        if c.operator.starts_with("Null") {
            candidates = vec!["present".to_owned()];
        }
        for value in candidates {
            if value.contains(['*', '?']) || value.contains("${") {
                continue;
            }
            let change = Change::Context {
                hop: self.step.hop,
                key: c.key.clone(),
                value: value.clone(),
            };
            let line = match kind {
                Some(SuggestionKind::AbsentKey) => {
                    format!("{lead}; with `{}` = `{value}` the decision flips", c.key)
                }
                _ if lead == "would be allowed" => {
                    format!("the request would be allowed if `{}` were `{value}`", c.key)
                }
                _ => format!("{lead} if `{}` were `{value}`", c.key),
            };
            if self.verified(kind.unwrap_or(SuggestionKind::ContextValue), line, change) {
                return true;
            }
        }
        false
    }
}

/// Sets `key` to `value` in `context` (replacing a value of the same key, case-insensitively).
fn set(context: &mut KeyValues<ContextValue>, key: &str, value: &str) {
    context.0.retain(|(k, _)| !k.eq_ignore_ascii_case(key));
    context
        .0
        .push((key.to_owned(), ContextValue::Single(value.to_owned())));
}

#[cfg(test)]
mod tests;

/// The text of `rolecall eval --suggest` for request number `position` (from 1) called `name`:
/// a heading, then one line per suggestion with the decision it leads to. Empty when there is
/// no suggestion.
#[must_use]
pub fn render_text(position: usize, name: &str, suggestions: &[Suggestion]) -> String {
    use std::fmt::Write as _;
    if suggestions.is_empty() {
        return String::new();
    }
    let mut out = format!("\nrequest {position} `{name}`: what would change the decision\n");
    for s in suggestions {
        let then = s
            .then
            .map(|d| format!(" (then: {})", d.words()))
            .unwrap_or_default();
        let _ = writeln!(out, "  - {}{then}", s.line);
    }
    out
}
