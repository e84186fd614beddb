//! Which policies apply to a request, and scanning all of them, grouped by the part they play.

use crate::evaluate::explanation::{Detail, KindSummary, KindVerdict, PolicyTrace};
use crate::evaluate::facts::{ActionClass, Caller, Facts};
use crate::evaluate::policy_set::{NamedPolicy, PolicySet, in_kind_order};
use crate::evaluate::scan::{Scanned, Skip, scan};
use crate::evaluate::summary::{kind_label, list_refs};
use crate::policy::model::PolicyKind;

/// The AWS-managed RCP at every level of an organization.
pub(crate) const RCP_FULL_ACCESS: &str = "RCPFullAWSAccess";

/// Every policy of the set, scanned, grouped by the part it plays.
pub(crate) struct Scans<'a> {
    pub(crate) identity: Vec<Scanned<'a>>,
    pub(crate) boundaries: Vec<Scanned<'a>>,
    pub(crate) sessions: Vec<Scanned<'a>>,
    pub(crate) scps: Vec<Vec<Scanned<'a>>>,
    pub(crate) rcps: Vec<Vec<Scanned<'a>>>,
    pub(crate) vpc_endpoint: Option<Scanned<'a>>,
    pub(crate) resource: Option<Scanned<'a>>,
}

impl<'a> Scans<'a> {
    pub(crate) fn all(&self) -> impl Iterator<Item = &Scanned<'a>> {
        in_kind_order!(&self)
    }

    pub(crate) fn into_traces(self, facts: &Facts<'_>) -> Vec<PolicyTrace> {
        in_kind_order!(self).map(|s| s.into_trace(facts)).collect()
    }
}

/// Why a group of policies does not apply, or `None` when it does.
struct Applicability {
    identity: Option<Skip>,
    scps: Option<Skip>,
    rcps: Option<Skip>,
}

fn applicability(facts: &Facts<'_>, set: &PolicySet) -> Applicability {
    let identity = match facts.caller {
        Caller::Iam => None,
        Caller::Root => Some(Skip::Root),
        Caller::Outside => Some(Skip::NotIam),
    };
    let management = set.facts.management_account.as_deref();
    // Why: "SCPs don't affect users or roles in the management account" and "SCPs do not
    // affect any service-linked role" (AWS Organizations User Guide, "Service control policies
    // (SCPs)"); SCPs restrict the principals of member accounts only, so callers without an
    // account (services, providers, anonymous) are outside their reach.
    let scps = if facts.caller == Caller::Outside {
        Some(Skip::ScpOutside)
    } else if management.is_some() && facts.principal_account.as_deref() == management {
        Some(Skip::ScpManagement)
    } else if facts.service_linked_role {
        Some(Skip::ScpServiceLinked)
    } else {
        None
    };
    // Why: "RCPs don't affect resources in the management account", they apply only to the
    // services listed as supporting RCPs, and they do not restrict service-linked roles
    // (AWS Organizations User Guide, "Resource control policies (RCPs)").
    let rcps = if management.is_some() && facts.resource_account.as_deref() == management {
        Some(Skip::RcpManagement)
    } else if !facts.rcp_supported() {
        Some(Skip::RcpService)
    } else if facts.service_linked_role {
        Some(Skip::RcpServiceLinked)
    } else {
        None
    };
    Applicability {
        identity,
        scps,
        rcps,
    }
}

pub(crate) fn scan_all<'a>(facts: &Facts<'_>, set: &'a PolicySet, detail: Detail) -> Scans<'a> {
    let why = applicability(facts, set);
    let one =
        |p: &'a NamedPolicy, role: PolicyKind, level: Option<usize>, skipped: Option<Skip>| {
            scan(p, role, level, skipped, facts, detail)
        };
    let levels = |levels: &'a [Vec<NamedPolicy>], role: PolicyKind, skipped: Option<Skip>| {
        levels
            .iter()
            .enumerate()
            .map(|(level, ps)| {
                ps.iter()
                    .map(|p| one(p, role, Some(level), skipped))
                    .collect()
            })
            .collect()
    };
    let resource_role = |p: &NamedPolicy| match (p.kind, facts.class) {
        (PolicyKind::Trust, _) | (_, ActionClass::Trust) => PolicyKind::Trust,
        _ => PolicyKind::Resource,
    };
    Scans {
        identity: set
            .identity
            .iter()
            .map(|p| one(p, PolicyKind::Identity, None, why.identity))
            .collect(),
        boundaries: set
            .boundaries
            .iter()
            .map(|p| one(p, PolicyKind::Boundary, None, why.identity))
            .collect(),
        sessions: set
            .sessions
            .iter()
            .map(|p| one(p, PolicyKind::Session, None, why.identity))
            .collect(),
        scps: levels(&set.scps, PolicyKind::Scp, why.scps),
        rcps: levels(&set.rcps, PolicyKind::Rcp, why.rcps),
        // Why: every request through the endpoint is checked against its policy, whoever
        // makes it ("Control access to VPC endpoints using endpoint policies", Amazon VPC).
        vpc_endpoint: set
            .vpc_endpoint
            .as_ref()
            .map(|p| one(p, PolicyKind::VpcEndpoint, None, None)),
        resource: set
            .resource
            .as_ref()
            .map(|p| one(p, resource_role(p), None, None)),
    }
}

/// What each type of policy says on its own, in the order of [`Scans::all`].
pub(crate) fn kind_summaries(scans: &Scans<'_>, facts: &Facts<'_>) -> Vec<KindSummary> {
    let mut groups: Vec<(PolicyKind, Option<usize>, Vec<&Scanned<'_>>)> = Vec::new();
    if !scans.identity.is_empty() {
        groups.push((PolicyKind::Identity, None, scans.identity.iter().collect()));
    }
    if !scans.boundaries.is_empty() {
        groups.push((
            PolicyKind::Boundary,
            None,
            scans.boundaries.iter().collect(),
        ));
    }
    if !scans.sessions.is_empty() {
        groups.push((PolicyKind::Session, None, scans.sessions.iter().collect()));
    }
    for (kind, levels) in [
        (PolicyKind::Scp, &scans.scps),
        (PolicyKind::Rcp, &scans.rcps),
    ] {
        for (level, policies) in levels.iter().enumerate() {
            groups.push((kind, Some(level), policies.iter().collect()));
        }
    }
    if let Some(endpoint) = &scans.vpc_endpoint {
        groups.push((PolicyKind::VpcEndpoint, None, vec![endpoint]));
    }
    if let Some(resource) = &scans.resource {
        groups.push((resource.role, None, vec![resource]));
    }
    groups
        .into_iter()
        .map(|(kind, level, group)| summarize_kind(kind, level, &group, facts))
        .collect()
}

fn summarize_kind(
    kind: PolicyKind,
    level: Option<usize>,
    group: &[&Scanned<'_>],
    facts: &Facts<'_>,
) -> KindSummary {
    let allows: Vec<_> = group.iter().flat_map(|s| s.allow_refs()).collect();
    let denies: Vec<_> = group.iter().flat_map(|s| s.deny_refs()).collect();
    let what = match (kind, level) {
        (PolicyKind::Identity, _) => "identity policies".to_owned(),
        (_, Some(level)) => format!("{}s at level {level}", kind_label(kind)),
        (_, None) => kind_label(kind).to_owned(),
    };
    let action = &facts.request.action;
    let skipped = group.iter().find_map(|s| s.skipped);
    let (verdict, message) = if let Some(why) = skipped {
        (
            KindVerdict::NotApplicable,
            format!("{what}: not applicable ({})", why.text(facts)),
        )
    } else if !denies.is_empty() {
        (
            KindVerdict::Denies,
            format!("{what}: {} denies `{action}`", list_refs(&denies)),
        )
    } else if !allows.is_empty() {
        (
            KindVerdict::Allows,
            format!("{what}: {} allows `{action}`", list_refs(&allows)),
        )
    } else if kind == PolicyKind::Rcp {
        // Rule 4: the AWS-managed full-access RCP is at every level and cannot be detached.
        (
            KindVerdict::Allows,
            format!(
                "{what}: `{}` (AWS managed, always attached) allows `{action}`",
                RCP_FULL_ACCESS
            ),
        )
    } else if group.is_empty() {
        (
            KindVerdict::DoesNotAllow,
            format!("{what}: no policy is attached, so nothing allows `{action}`"),
        )
    } else {
        (
            KindVerdict::DoesNotAllow,
            format!(
                "{what}: no statement allows `{action}` on `{}`",
                facts.request.resource
            ),
        )
    };
    KindSummary {
        kind,
        level,
        verdict,
        message,
        allows,
        denies,
    }
}
