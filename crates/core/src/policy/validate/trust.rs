//! Checks that only make sense in a role trust policy: STS actions, open trusts, GitHub OIDC.

use crate::diagnostic::Diagnostic;
use crate::diagnostic::security as diag;
use crate::kind::TRUST_ACTIONS;
use crate::matching::action_matches;
use crate::policy::model::{BaseOperator, Effect, PrincipalType, PrincipalValue, Statement};

/// The GitHub Actions OIDC provider host.
const GITHUB_OIDC: &str = "token.actions.githubusercontent.com";

/// Runs the trust-policy checks on one statement.
pub(super) fn check(s: &Statement, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(action) = s.action.as_ref().filter(|a| !a.negated) {
        for value in &action.values {
            let matches_any = TRUST_ACTIONS
                .iter()
                .any(|a| action_matches(&value.value, a));
            if !matches_any {
                diagnostics.push(diag::unexpected_trust_action(&value.value, value.span));
            }
        }
    }
    let allows = s.effect.as_ref().is_some_and(|e| e.value == Effect::Allow);
    let Some(principal) = s.principal.as_ref().filter(|p| !p.negated && allows) else {
        return;
    };
    action_mismatch(s, &principal.value, diagnostics);
    github_sub(s, &principal.value, diagnostics);
}

/// Why: "IAM role trust policies" and "Methods to assume a role" — a SAML or OIDC provider
/// (a `Federated` principal) can only call `AssumeRoleWithSAML` or
/// `AssumeRoleWithWebIdentity`, and AWS principals and services only `AssumeRole`; a statement
/// whose actions its principals cannot call never lets them in.
fn action_mismatch(s: &Statement, value: &PrincipalValue, diagnostics: &mut Vec<Diagnostic>) {
    let (PrincipalValue::Map(entries), Some(action)) = (value, s.action.as_ref()) else {
        return;
    };
    if action.negated || entries.is_empty() {
        return;
    }
    let allows = |name: &str| action.values.iter().any(|v| action_matches(&v.value, name));
    let federated = entries.iter().all(|e| e.kind == PrincipalType::Federated);
    let direct = entries.iter().all(|e| e.kind != PrincipalType::Federated);
    if federated && !allows("sts:AssumeRoleWithWebIdentity") && !allows("sts:AssumeRoleWithSAML") {
        diagnostics.push(diag::trust_action_mismatch(
            "federated",
            "`sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`",
            action.key_span,
        ));
    } else if direct && !allows("sts:AssumeRole") {
        diagnostics.push(diag::trust_action_mismatch(
            "AWS and service",
            "`sts:AssumeRole`",
            action.key_span,
        ));
    }
}

/// Why: "Configuring a role for GitHub OIDC identity provider" (IAM User Guide) — the trust
/// must restrict `token.actions.githubusercontent.com:sub`; without it, or with a `sub` pattern
/// that matches any repository, every GitHub workflow in the world can assume the role.
fn github_sub(s: &Statement, value: &PrincipalValue, diagnostics: &mut Vec<Diagnostic>) {
    let PrincipalValue::Map(entries) = value else {
        return;
    };
    let Some(provider) = entries
        .iter()
        .filter(|e| e.kind == PrincipalType::Federated)
        .flat_map(|e| e.values.iter())
        .find(|v| v.value.contains(GITHUB_OIDC))
    else {
        return;
    };
    let sub_key = format!("{GITHUB_OIDC}:sub");
    let subs: Vec<_> = s
        .conditions
        .iter()
        .filter(|c| c.key.value.eq_ignore_ascii_case(&sub_key))
        .filter(|c| c.operator.is_some_and(|o| !o.base.is_negated()))
        .collect();
    if subs.is_empty() {
        diagnostics.push(diag::github_oidc_without_sub(
            provider.span,
            "no condition on `token.actions.githubusercontent.com:sub`",
        ));
        return;
    }
    for condition in subs {
        let is_like = condition
            .operator
            .is_some_and(|o| o.base == BaseOperator::StringLike);
        for v in &condition.values {
            if is_like && matches_every_repository(&v.value) {
                diagnostics.push(diag::github_oidc_without_sub(
                    v.span,
                    "this pattern matches every repository",
                ));
            }
        }
    }
}

/// Whether a `StringLike` pattern on GitHub's `sub` claim matches every repository.
fn matches_every_repository(pattern: &str) -> bool {
    pattern == "*" || pattern.starts_with("repo:*") || pattern.starts_with('*')
}

#[cfg(test)]
mod tests {
    use super::matches_every_repository;

    #[test]
    fn github_sub_patterns_that_match_every_repository() {
        assert!(matches_every_repository("*"));
        assert!(matches_every_repository("repo:*"));
        assert!(!matches_every_repository("repo:acme/*"));
        assert!(!matches_every_repository(
            "repo:acme/app:ref:refs/heads/main"
        ));
    }
}
