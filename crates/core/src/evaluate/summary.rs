//! One-sentence summaries of decisions, for learners.

use crate::evaluate::explanation::{Decision, Rule, StatementRef, Step, StepOutcome};
use crate::policy::model::PolicyKind;

/// What to call a policy of this kind in a sentence.
#[must_use]
pub fn kind_label(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Identity => "identity policy",
        PolicyKind::Resource => "resource-based policy",
        PolicyKind::Trust => "trust policy",
        PolicyKind::Scp => "SCP",
        PolicyKind::Rcp => "RCP",
        PolicyKind::Boundary => "permissions boundary",
        PolicyKind::Session => "session policy",
        PolicyKind::VpcEndpoint => "VPC endpoint policy",
    }
}

/// The decision in words: `allowed`, `implicit deny`, `explicit deny`.
#[must_use]
pub const fn decision_words(decision: Decision) -> &'static str {
    match decision {
        Decision::Allowed => "allowed",
        Decision::ImplicitDeny => "implicit deny",
        Decision::ExplicitDeny => "explicit deny",
    }
}

/// "identity policy `Dev` statement `Read`".
#[must_use]
pub fn describe_ref(r: &StatementRef) -> String {
    let level = r.level.map(|l| format!(" (level {l})")).unwrap_or_default();
    format!(
        "{} `{}`{level} statement `{}`",
        kind_label(r.kind),
        r.policy,
        r.name
    )
}

/// Lists statements in a sentence, at most three, then "and N more".
#[must_use]
pub fn list_refs(refs: &[StatementRef]) -> String {
    const SHOWN: usize = 3;
    let mut parts: Vec<String> = refs.iter().take(SHOWN).map(describe_ref).collect();
    if refs.len() > SHOWN {
        parts.push(format!("{} more", refs.len() - SHOWN));
    }
    match parts.len() {
        0 => "nothing".to_owned(),
        1 => parts.concat(),
        n => {
            let last = parts.pop().unwrap_or_default();
            let _ = n;
            format!("{} and {last}", parts.join(", "))
        }
    }
}

/// Whether a step is worth telling in the summary.
fn tells(step: &Step) -> bool {
    match step.outcome {
        StepOutcome::NotApplicable => false,
        StepOutcome::Passed => match step.rule {
            Rule::ExplicitDeny | Rule::RequiredResourcePolicy => false,
            // A resource-based policy step matters when it rests on statements.
            Rule::ResourcePolicy => !step.statements.is_empty(),
            _ => true,
        },
        StepOutcome::Allowed | StepOutcome::ImplicitDeny | StepOutcome::ExplicitDeny => true,
    }
}

/// Builds the learner's summary from the steps: what allowed, what stopped it, and the decision.
#[must_use]
pub fn summarize(decision: Decision, steps: &[Step]) -> String {
    let parts: Vec<&str> = steps
        .iter()
        .filter(|s| tells(s))
        .map(|s| s.message.as_str())
        .collect();
    if parts.is_empty() {
        return decision_words(decision).to_owned();
    }
    format!("{} → {}", parts.join("; "), decision_words(decision))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn r(policy: &str, kind: PolicyKind, name: &str) -> StatementRef {
        StatementRef {
            policy: policy.to_owned(),
            kind,
            level: None,
            source: None,
            index: 0,
            name: name.to_owned(),
            effect: None,
            span: Span::new(0, 1),
        }
    }

    #[test]
    fn list_refs_names_at_most_three_statements() {
        let one = r("Dev", PolicyKind::Identity, "Read");
        assert_eq!(list_refs(&[]), "nothing");
        assert_eq!(
            list_refs(std::slice::from_ref(&one)),
            "identity policy `Dev` statement `Read`"
        );
        let four = vec![
            one.clone(),
            r("Cap", PolicyKind::Boundary, "#1"),
            one.clone(),
            one,
        ];
        assert_eq!(
            list_refs(&four),
            "identity policy `Dev` statement `Read`, permissions boundary `Cap` statement `#1`, identity policy `Dev` statement `Read` and 1 more"
        );
    }

    #[test]
    fn summary_skips_rules_that_did_not_matter() {
        let step = |rule, outcome, message: &str| Step {
            rule,
            outcome,
            message: message.to_owned(),
            statements: Vec::new(),
        };
        let steps = [
            step(
                Rule::ExplicitDeny,
                StepOutcome::Passed,
                "no `Deny` statement matches",
            ),
            step(
                Rule::IdentityPolicies,
                StepOutcome::Passed,
                "identity policy `DevAccess` statement `ReadReports` allows `s3:PutObject`",
            ),
            step(
                Rule::PermissionsBoundary,
                StepOutcome::ImplicitDeny,
                "permissions boundary `Cap` does not allow `s3:PutObject`",
            ),
        ];
        assert_eq!(
            summarize(Decision::ImplicitDeny, &steps),
            "identity policy `DevAccess` statement `ReadReports` allows `s3:PutObject`; permissions boundary `Cap` does not allow `s3:PutObject` → implicit deny"
        );
    }
}
