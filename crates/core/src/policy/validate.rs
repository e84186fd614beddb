//! Per-kind validation of a policy: which elements each policy kind needs or forbids.

use crate::diagnostic::Diagnostic;
use crate::policy::model::{Policy, PolicyKind};

/// Checks `policy` against the rules of `kind`, pushing what is wrong to `diagnostics`.
pub fn validate(policy: &Policy, kind: PolicyKind, diagnostics: &mut Vec<Diagnostic>) {
    let _ = (policy, kind, diagnostics);
}
