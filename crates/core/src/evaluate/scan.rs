//! Scanning one policy: which statements apply, and (for explanations) why each does or not.

use crate::evaluate::explanation::{Detail, GrantKind, PolicyTrace, StatementRef, StatementTrace};
use crate::evaluate::facts::Facts;
use crate::evaluate::policy_set::NamedPolicy;
use crate::evaluate::statement;
use crate::policy::model::{Effect, PolicyKind};

/// Why a group of policies does not apply to a request: a plain value on the decision-only
/// path, worded only when an explanation shows it ([`Skip::text`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Skip {
    /// The root user has no identity-side policies.
    Root,
    /// The caller is not an IAM identity (a service, a provider, anonymous).
    NotIam,
    /// SCPs restrict the principals of the organization's accounts only.
    ScpOutside,
    /// SCPs do not affect the management account.
    ScpManagement,
    /// SCPs do not affect service-linked roles.
    ScpServiceLinked,
    /// RCPs do not affect the management account's resources.
    RcpManagement,
    /// The service does not support RCPs.
    RcpService,
    /// RCPs do not restrict service-linked roles.
    RcpServiceLinked,
}

impl Skip {
    /// The sentence the explanation shows.
    pub(crate) fn text(self, facts: &Facts<'_>) -> String {
        match self {
            Self::Root => {
                "the root user has no identity policies, boundary or session policy".to_owned()
            }
            Self::NotIam => format!(
                "`{}` is not an IAM identity: only the resource-based policy can grant it access",
                facts.request.principal
            ),
            Self::ScpOutside => {
                "SCPs only restrict principals of the organization's accounts".to_owned()
            }
            Self::ScpManagement => {
                "SCPs do not affect users or roles in the organization's management account"
                    .to_owned()
            }
            Self::ScpServiceLinked => "SCPs do not affect service-linked roles".to_owned(),
            Self::RcpManagement => {
                "RCPs do not affect resources in the organization's management account".to_owned()
            }
            Self::RcpService => format!("RCPs do not apply to the service `{}`", facts.service()),
            Self::RcpServiceLinked => "RCPs do not restrict service-linked roles".to_owned(),
        }
    }
}

/// One policy after scanning.
#[derive(Debug)]
pub(crate) struct Scanned<'a> {
    pub(crate) policy: &'a NamedPolicy,
    /// The part the policy plays (a trust or key policy given as `Resource` keeps its own kind).
    pub(crate) role: PolicyKind,
    pub(crate) level: Option<usize>,
    /// `None` when the policy applies, else why it does not.
    pub(crate) skipped: Option<Skip>,
    /// Positions of the matching `Deny` statements.
    pub(crate) denies: Vec<usize>,
    /// Positions of the matching `Allow` statements.
    pub(crate) allows: Vec<usize>,
    /// The strongest grant of a matching `Allow` (resource-based policies).
    pub(crate) grant: Option<GrantKind>,
    /// Every statement's trace (full detail only).
    pub(crate) statements: Vec<StatementTrace>,
}

impl Scanned<'_> {
    /// Whether some `Allow` statement applies.
    pub(crate) fn allows(&self) -> bool {
        !self.allows.is_empty()
    }

    /// A reference to the statement at `position`.
    pub(crate) fn reference(&self, position: usize) -> Option<StatementRef> {
        let stmt = self.policy.policy.statements.get(position)?;
        Some(StatementRef {
            policy: self.policy.name.clone(),
            kind: self.role,
            level: self.level,
            source: self.policy.source,
            index: stmt.index,
            name: stmt.display_name(),
            effect: stmt.effect.as_ref().map(|e| e.value),
            span: stmt.span,
        })
    }

    /// References to the matching `Allow` statements.
    pub(crate) fn allow_refs(&self) -> Vec<StatementRef> {
        self.allows
            .iter()
            .filter_map(|&p| self.reference(p))
            .collect()
    }

    /// References to the matching `Deny` statements.
    pub(crate) fn deny_refs(&self) -> Vec<StatementRef> {
        self.denies
            .iter()
            .filter_map(|&p| self.reference(p))
            .collect()
    }

    /// The trace for the explanation (consumes the statement traces).
    pub(crate) fn into_trace(self, facts: &Facts<'_>) -> PolicyTrace {
        PolicyTrace {
            name: self.policy.name.clone(),
            kind: self.role,
            level: self.level,
            source: self.policy.source,
            applies: self.skipped.is_none(),
            not_applicable_reason: self.skipped.map(|s| s.text(facts)),
            allows: self
                .allows
                .iter()
                .filter_map(|&p| self.policy.policy.statements.get(p).map(|s| s.index))
                .collect(),
            denies: self
                .denies
                .iter()
                .filter_map(|&p| self.policy.policy.statements.get(p).map(|s| s.index))
                .collect(),
            grant: self.grant,
            statements: self.statements,
        }
    }
}

/// Scans `policy` playing the part `role`.
///
/// With [`Detail::DecisionOnly`], statements are checked lazily and the scan stops at the
/// first matching `Deny` (the request is then explicitly denied whatever else matches); a
/// policy that does not apply is not looked at. With [`Detail::Full`], every statement is traced.
pub(crate) fn scan<'a>(
    policy: &'a NamedPolicy,
    role: PolicyKind,
    level: Option<usize>,
    skipped: Option<Skip>,
    facts: &Facts<'_>,
    detail: Detail,
) -> Scanned<'a> {
    let mut scanned = Scanned {
        policy,
        role,
        level,
        skipped,
        denies: Vec::new(),
        allows: Vec::new(),
        grant: None,
        statements: Vec::new(),
    };
    let applies = scanned.skipped.is_none();
    let doc = &*policy.policy;
    match detail {
        Detail::DecisionOnly => {
            if !applies {
                return scanned;
            }
            for (position, stmt) in doc.statements.iter().enumerate() {
                let Some(hit) = statement::check(stmt, doc, role, facts) else {
                    continue;
                };
                record(
                    &mut scanned,
                    position,
                    stmt.effect.as_ref().map(|e| e.value),
                    hit.grant,
                );
                if !scanned.denies.is_empty() {
                    break;
                }
            }
        }
        Detail::Full => {
            for (position, stmt) in doc.statements.iter().enumerate() {
                let (trace, hit) = statement::trace(stmt, doc, role, facts);
                scanned.statements.push(trace);
                if let (true, Some(hit)) = (applies, hit) {
                    record(
                        &mut scanned,
                        position,
                        stmt.effect.as_ref().map(|e| e.value),
                        hit.grant,
                    );
                }
            }
        }
    }
    scanned
}

fn record(
    scanned: &mut Scanned<'_>,
    position: usize,
    effect: Option<Effect>,
    grant: Option<GrantKind>,
) {
    match effect {
        Some(Effect::Deny) => scanned.denies.push(position),
        Some(Effect::Allow) => {
            scanned.allows.push(position);
            if let Some(grant) = grant {
                scanned.grant = Some(scanned.grant.map_or(grant, |g| g.max(grant)));
            }
        }
        None => {}
    }
}
