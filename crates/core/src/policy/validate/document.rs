//! Document-level checks: `Version`, policy variables under an old version, statement ids.

use std::collections::HashMap;

use super::{duplicate_sid_severity, is_iam_kind};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::policy as diag;
use crate::policy::model::{Policy, PolicyKind};

/// Runs the document-level checks.
pub(super) fn check(policy: &Policy, kind: PolicyKind, diagnostics: &mut Vec<Diagnostic>) {
    version(policy, kind, diagnostics);
    sids(policy, kind, diagnostics);
}

/// Why: "IAM JSON policy elements: Version" — the only versions are `2012-10-17` and
/// `2008-10-17`; with the old one or none, `${...}` is plain text ("IAM policy elements:
/// Variables and tags": "you must include the Version element and set it to a version that
/// supports policy variables").
///
/// Organization policies are stricter: "SCP syntax" and "RCP syntax" say every SCP and RCP must
/// include `Version` with the value `2012-10-17`.
fn version(policy: &Policy, kind: PolicyKind, diagnostics: &mut Vec<Diagnostic>) {
    let version = policy.version.as_ref();
    let organization = matches!(kind, PolicyKind::Scp | PolicyKind::Rcp);
    match version {
        Some(v) if v.value == "2012-10-17" => {}
        Some(v) if v.value == "2008-10-17" && !organization => {}
        Some(v) => {
            diagnostics.push(diag::invalid_version(&v.value, v.span));
            return;
        }
        None if organization => {
            diagnostics.push(diag::missing_version(kind, policy.span.opening()));
            return;
        }
        None => {}
    }
    if policy.variables_enabled {
        return;
    }
    let first_variable = policy.statements.iter().find_map(|s| {
        let resources = s.resource.iter().flat_map(|r| r.values.iter());
        let conditions = s.conditions.iter().flat_map(|c| c.values.iter());
        resources.chain(conditions).find(|v| v.value.contains("${"))
    });
    if let Some(value) = first_variable {
        let version = version.map(|v| (v.value.as_str(), v.span));
        diagnostics.push(diag::variables_not_substituted(value.span, version));
    }
}

/// Why: "IAM JSON policy elements: Sid" — "In IAM, the Sid value must be unique within a JSON
/// policy" and "supports ASCII uppercase letters (A-Z), lowercase letters (a-z), and numbers
/// (0-9)". Other services have their own rules, so for them a repeat is only a warning and the
/// characters are not checked.
fn sids(policy: &Policy, kind: PolicyKind, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = HashMap::new();
    for sid in policy.statements.iter().filter_map(|s| s.sid.as_ref()) {
        if sid.value.is_empty() {
            continue;
        }
        if is_iam_kind(kind) && !sid.value.bytes().all(|b| b.is_ascii_alphanumeric()) {
            diagnostics.push(diag::invalid_sid(&sid.value, sid.span));
        }
        if let Some(&first) = seen.get(sid.value.as_str()) {
            diagnostics.push(diag::duplicate_sid(
                &sid.value,
                duplicate_sid_severity(kind),
                first,
                sid.span,
            ));
        } else {
            seen.insert(sid.value.as_str(), sid.span);
        }
    }
}
