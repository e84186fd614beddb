//! Catalog-aware lint: findings that need to know which AWS actions, resource types and
//! condition keys exist. Pure: it takes the catalog and a parsed policy, and returns diagnostics.
//!
//! The findings on conditions live in `lint_conditions.rs`.

use super::arn_fit::{ResourceFit, resource_fit};
use super::lint_conditions::lint_conditions;
use super::{Catalog, StatementActions};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::catalog as diag;
use crate::policy::model::{Effect, ListElement, Policy, PolicyKind, Statement};
use crate::policy::suggest::closest;
use crate::span::{Span, Spanned};

/// The catalog-aware findings for `policy`, in statement order.
///
/// Every finding is a warning with a stable code: `unknown-service`, `unknown-action`,
/// `action-matches-nothing`, `resource-type-mismatch`, `resource-fits-no-action`,
/// `resource-level-not-supported`, `unknown-condition-key`, `condition-key-not-applicable`,
/// `operator-type-mismatch`, `single-valued-operator-on-multivalued-key`,
/// `set-operator-on-single-valued-key`, `privilege-escalation`, `allow-with-not-action` and
/// `allow-with-not-resource`.
///
/// # Examples
///
/// ```
/// use rolecall_core::catalog::{Catalog, lint_policy};
/// use rolecall_core::policy::{model::PolicyKind, parse_policy};
///
/// let catalog_text = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/catalog.json"));
/// let catalog = Catalog::parse(catalog_text).unwrap();
/// let parsed = parse_policy(r#"{"Version":"2012-10-17","Statement":[
///     {"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}"#, PolicyKind::Identity);
/// let findings = lint_policy(&catalog, &parsed.policy, PolicyKind::Identity);
/// assert_eq!(findings[0].code, "unknown-action");
/// ```
///
/// `kind` decides whether the security warnings apply: only identity and resource-based
/// policies grant. Why: an SCP, RCP, permissions boundary or session policy only sets the
/// maximum permissions ("Permissions boundaries for IAM entities", "Service control policies"),
/// so a broad `Allow` there (often `NotAction` on purpose) grants nothing by itself.
#[must_use]
pub fn lint_policy(catalog: &Catalog, policy: &Policy, kind: PolicyKind) -> Vec<Diagnostic> {
    let grants = matches!(kind, PolicyKind::Identity | PolicyKind::Resource);
    let mut out = Vec::new();
    for statement in &policy.statements {
        lint_statement(catalog, statement, grants, &mut out);
    }
    out
}

fn lint_statement(
    catalog: &Catalog,
    statement: &Statement,
    grants: bool,
    out: &mut Vec<Diagnostic>,
) {
    let understood = match &statement.action {
        Some(element) => lint_actions(catalog, element, out),
        None => StatementActions {
            actions: None,
            exact: Vec::new(),
            all_exact: false,
        },
    };
    lint_resources(statement, &understood, out);
    lint_conditions(catalog, statement, &understood, out);
    if grants {
        lint_security(catalog, statement, out);
    }
}

fn has_wildcard(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// Reports unknown services and actions and patterns that match nothing, and says which
/// actions the element covers.
fn lint_actions<'a>(
    catalog: &'a Catalog,
    element: &ListElement,
    out: &mut Vec<Diagnostic>,
) -> StatementActions<'a> {
    let mut actions = Some(Vec::new());
    let mut exact = Vec::new();
    let mut all_exact = !element.negated;
    for Spanned { value, span } in &element.values {
        let Some((prefix, name)) = value.split_once(':') else {
            // `*` (or an invalid action, which the policy validator reports).
            actions = None;
            all_exact = false;
            continue;
        };
        if !has_wildcard(prefix) && catalog.service(prefix).is_none() {
            let prefixes = catalog.services().iter().map(|s| s.prefix.as_str());
            out.push(diag::unknown_service(
                *span,
                prefix,
                closest(prefix, prefixes),
            ));
            actions = None;
            all_exact = false;
            continue;
        }
        if !has_wildcard(value) {
            if let Some(action) = catalog.action(value) {
                exact.push((*span, action));
                if let Some(list) = &mut actions {
                    list.push(action);
                }
            } else {
                let service = catalog.service(prefix);
                let names = service
                    .iter()
                    .flat_map(|s| s.actions.iter().map(|a| a.name.as_str()));
                let suggestion =
                    closest(name, names).map(|n| format!("{}:{n}", prefix.to_ascii_lowercase()));
                out.push(diag::unknown_action(
                    *span,
                    value,
                    prefix,
                    suggestion.as_deref(),
                ));
                actions = None;
                all_exact = false;
            }
            continue;
        }
        all_exact = false;
        let covered = catalog.expand(value);
        if covered.is_empty() {
            out.push(diag::action_matches_nothing(*span, value));
            actions = None;
        } else if let Some(list) = &mut actions {
            list.extend(covered);
        }
    }
    if element.negated {
        actions = None;
    }
    StatementActions {
        actions,
        exact,
        all_exact,
    }
}

/// Reports actions that no resource of the statement fits, and resources that fit no action.
///
/// Only for statements whose actions are all exact, known names and whose `Resource` (not
/// `NotResource`) lists ARNs: with wildcard actions some covered action usually fits.
fn lint_resources(
    statement: &Statement,
    understood: &StatementActions<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(element) = &statement.resource else {
        return;
    };
    if element.negated || !understood.all_exact || understood.exact.is_empty() {
        return;
    }
    let resources: Vec<&Spanned<String>> = element.values.iter().collect();
    if resources
        .iter()
        .any(|r| r.value == "*" || !r.value.starts_with("arn:"))
    {
        return;
    }
    let mut resource_used = vec![false; resources.len()];
    for (action_span, action) in &understood.exact {
        let fits: Vec<ResourceFit<'_>> = resources
            .iter()
            .map(|r| resource_fit(*action, &r.value))
            .collect();
        for (used, fit) in resource_used.iter_mut().zip(&fits) {
            *used |= *fit == ResourceFit::Fits;
        }
        if fits.contains(&ResourceFit::Fits) {
            continue;
        }
        let name = action.full_name();
        let (Some(first), Some(first_fit)) = (resources.first(), fits.first()) else {
            continue;
        };
        match first_fit {
            ResourceFit::OnlyWildcard => {
                out.push(diag::resource_level_not_supported(
                    first.span,
                    &first.value,
                    &name,
                    *action_span,
                ));
            }
            ResourceFit::NoFit(types) => {
                let expected: Vec<String> = types
                    .iter()
                    .map(|t| format!("`{}` (`{}`)", t.name, t.arn))
                    .collect();
                let listed: Vec<(Span, &str)> = resources
                    .iter()
                    .map(|r| (r.span, r.value.as_str()))
                    .collect();
                out.push(diag::resource_type_mismatch(
                    &listed,
                    &name,
                    *action_span,
                    &expected,
                ));
            }
            ResourceFit::Fits => {}
        }
    }
    // A resource that fits none of the actions is dead weight, unless no action fits at all
    // (already reported above).
    if resource_used.iter().any(|u| *u) {
        for (resource, used) in resources.iter().zip(&resource_used) {
            if !used {
                out.push(diag::resource_fits_no_action(
                    resource.span,
                    &resource.value,
                ));
            }
        }
    }
}

/// Actions that let whoever holds them on every resource gain more permissions, with the way.
///
/// Why: these are the IAM privilege-escalation paths documented by Rhino Security Labs ("AWS IAM
/// Privilege Escalation – Methods and Mitigation") and flagged by IAM Access Analyzer's security
/// warnings (`PASS_ROLE_WITH_STAR_IN_RESOURCE` and friends).
const ESCALATIONS: [(&str, &str); 18] = [
    (
        "iam:PassRole",
        "lets the holder hand any role to a service it controls",
    ),
    (
        "iam:CreatePolicyVersion",
        "lets the holder rewrite any managed policy, its own included",
    ),
    (
        "iam:SetDefaultPolicyVersion",
        "lets the holder switch any managed policy to a more permissive version",
    ),
    (
        "iam:AttachRolePolicy",
        "lets the holder attach `AdministratorAccess` to any role",
    ),
    (
        "iam:AttachUserPolicy",
        "lets the holder attach `AdministratorAccess` to any user",
    ),
    (
        "iam:AttachGroupPolicy",
        "lets the holder attach `AdministratorAccess` to any group",
    ),
    (
        "iam:PutRolePolicy",
        "lets the holder write any inline policy on any role",
    ),
    (
        "iam:PutUserPolicy",
        "lets the holder write any inline policy on any user",
    ),
    (
        "iam:PutGroupPolicy",
        "lets the holder write any inline policy on any group",
    ),
    (
        "iam:CreateAccessKey",
        "lets the holder create access keys for any user",
    ),
    (
        "iam:CreateLoginProfile",
        "lets the holder set a console password for any user",
    ),
    (
        "iam:UpdateLoginProfile",
        "lets the holder change the console password of any user",
    ),
    (
        "iam:UpdateAssumeRolePolicy",
        "lets the holder make any role trust it",
    ),
    ("iam:AddUserToGroup", "lets the holder join any group"),
    (
        "iam:DeleteRolePermissionsBoundary",
        "lets the holder remove the permissions boundary of any role",
    ),
    (
        "sts:AssumeRole",
        "lets the holder assume every role that trusts its account",
    ),
    (
        "lambda:UpdateFunctionCode",
        "lets the holder run its own code with any function's role",
    ),
    (
        "glue:UpdateDevEndpoint",
        "lets the holder run its own code with any dev endpoint's role",
    ),
];

/// Reports privilege-escalation actions on `*` and `NotAction`/`NotResource` with `Allow`.
fn lint_security(catalog: &Catalog, statement: &Statement, out: &mut Vec<Diagnostic>) {
    let Some(effect) = &statement.effect else {
        return;
    };
    if effect.value != Effect::Allow {
        return;
    }
    if let Some(action) = &statement.action
        && action.negated
    {
        let patterns: Vec<&str> = action.values.iter().map(|v| v.value.as_str()).collect();
        let covered = catalog.expand_not_action(&patterns).len();
        out.push(diag::allow_with_not_action(
            action.key_span,
            effect.span,
            covered,
        ));
    }
    let Some(resource) = &statement.resource else {
        return;
    };
    if resource.negated {
        out.push(diag::allow_with_not_resource(
            resource.key_span,
            effect.span,
        ));
        return;
    }
    // A statement with conditions is scoped by them (e.g. `iam:PassedToService`): no warning.
    let Some(star) = resource.values.iter().find(|r| r.value == "*") else {
        return;
    };
    let Some(action) = &statement.action else {
        return;
    };
    if action.negated || !statement.conditions.is_empty() {
        return;
    }
    for Spanned { value, span } in &action.values {
        if value == "*" {
            // Full administrator access is deliberate and obvious; it is not an escalation path.
            continue;
        }
        let hits: Vec<&(&str, &str)> = ESCALATIONS
            .iter()
            .filter(|(name, _)| crate::matching::action_matches(value, name))
            .collect();
        match hits.as_slice() {
            [] => {}
            [(name, why)] => out.push(diag::privilege_escalation(
                *span, value, name, star.span, why,
            )),
            [(name, why), ..] => {
                let others: Vec<&str> = hits.iter().skip(1).map(|(n, _)| *n).collect();
                let why = format!("{why}; it also covers `{}`", others.join("`, `"));
                out.push(diag::privilege_escalation(
                    *span, value, name, star.span, &why,
                ));
            }
        }
    }
}
