//! The decision procedure (documented rule by rule in [`crate::evaluate`]).

use crate::diagnostic::backticked;
use crate::evaluate::explanation::{
    Decision, Detail, Explanation, GrantKind, PolicyTrace, Rule, StatementRef, Step, StepOutcome,
};
use crate::evaluate::facts::{ActionClass, Caller, Facts};
use crate::evaluate::groups::{RCP_FULL_ACCESS, Scans, kind_summaries, scan_all};
use crate::evaluate::policy_set::PolicySet;
use crate::evaluate::scan::Scanned;
use crate::evaluate::summary;
use crate::matching::principal::Principal;
use crate::policy::model::{Effect, PolicyKind};

/// Records the steps (full detail only) and computes the decision.
struct Run<'f, 'r> {
    facts: &'f Facts<'r>,
    detail: Detail,
    steps: Vec<Step>,
    deciding: Vec<StatementRef>,
}

impl Run<'_, '_> {
    fn step(
        &mut self,
        rule: Rule,
        outcome: StepOutcome,
        message: impl FnOnce() -> String,
        statements: impl FnOnce() -> Vec<StatementRef>,
    ) {
        if self.detail == Detail::Full {
            self.steps.push(Step {
                rule,
                outcome,
                message: message(),
                statements: statements(),
            });
        }
    }

    /// Records that `rule` does not apply, and why.
    fn not_applicable(&mut self, rule: Rule, why: impl FnOnce() -> String) {
        self.step(rule, StepOutcome::NotApplicable, why, Vec::new);
    }

    fn decide_with(
        &mut self,
        decision: Decision,
        deciding: impl FnOnce() -> Vec<StatementRef>,
    ) -> Decision {
        if self.detail == Detail::Full {
            self.deciding = deciding();
        }
        decision
    }
}

fn refs<'s, 'a: 's>(scans: impl IntoIterator<Item = &'s Scanned<'a>>) -> Vec<StatementRef> {
    scans.into_iter().flat_map(Scanned::allow_refs).collect()
}

/// Evaluates the request; see the module docs of [`crate::evaluate`] for the rules.
pub(crate) fn run(facts: &Facts<'_>, set: &PolicySet, detail: Detail) -> (Decision, Explanation) {
    let scans = scan_all(facts, set, detail);
    let mut run = Run {
        facts,
        detail,
        steps: Vec::new(),
        deciding: Vec::new(),
    };
    let decision = procedure(&mut run, &scans);
    if detail == Detail::DecisionOnly {
        return (decision, Explanation::default());
    }
    let Run {
        steps, deciding, ..
    } = run;
    let summary = summary::summarize(decision, &steps);
    let kinds = kind_summaries(&scans, facts);
    let policies = scans.into_traces(facts);
    let closest = if decision == Decision::ImplicitDeny {
        closest_allows(&steps, &policies)
    } else {
        Vec::new()
    };
    let explanation = Explanation {
        summary,
        request: facts.describe(),
        steps,
        deciding,
        closest,
        kinds,
        policies,
    };
    (decision, explanation)
}

/// The `Allow` statements that came closest to allowing an implicitly denied request: those of
/// the policies the failing rule needed an `Allow` from, with the span of the first part that
/// did not match. Statements whose action matched come first, since only another element (the
/// principal, the resource, a condition) kept them from applying.
fn closest_allows(steps: &[Step], policies: &[PolicyTrace]) -> Vec<StatementRef> {
    let Some(failed) = steps
        .iter()
        .rev()
        .find(|s| s.outcome == StepOutcome::ImplicitDeny)
    else {
        return Vec::new();
    };
    let kinds: &[PolicyKind] = match failed.rule {
        Rule::ServiceControlPolicies => &[PolicyKind::Scp],
        Rule::ResourceControlPolicies => &[PolicyKind::Rcp],
        Rule::VpcEndpointPolicy => &[PolicyKind::VpcEndpoint],
        Rule::RequiredResourcePolicy | Rule::ResourcePolicy | Rule::CrossAccount => {
            &[PolicyKind::Trust, PolicyKind::Resource]
        }
        Rule::IdentityPolicies => &[PolicyKind::Identity],
        Rule::PermissionsBoundary => &[PolicyKind::Boundary],
        Rule::SessionPolicy => &[PolicyKind::Session],
        Rule::RootCannotAssumeRole | Rule::ExplicitDeny | Rule::NotControlledByPolicies => &[],
    };
    let mut found: Vec<(bool, StatementRef)> = policies
        .iter()
        .filter(|p| p.applies && kinds.contains(&p.kind))
        .flat_map(|p| {
            p.statements
                .iter()
                .filter(|st| st.effect == Some(Effect::Allow) && !st.applies)
                .map(move |st| {
                    let action_matched = st.action.as_ref().is_some_and(|a| a.matched);
                    let reference = StatementRef {
                        policy: p.name.clone(),
                        kind: p.kind,
                        level: p.level,
                        source: p.source,
                        index: st.index,
                        name: st.name.clone(),
                        effect: st.effect,
                        span: st.deciding_span,
                    };
                    (action_matched, reference)
                })
        })
        .collect();
    // A stable sort keeps document order among equals.
    found.sort_by_key(|(action_matched, _)| !action_matched);
    found.into_iter().map(|(_, r)| r).collect()
}

fn procedure(run: &mut Run<'_, '_>, scans: &Scans<'_>) -> Decision {
    let facts = run.facts;
    let action = facts.request.action.as_str();

    // Rule 0: the STS calls that no policy controls.
    if let Some(decision) = not_controlled_by_policies(run) {
        return decision;
    }

    // Rule 1: an explicit deny anywhere wins.
    let denies: Vec<&Scanned<'_>> = scans.all().filter(|s| !s.denies.is_empty()).collect();
    if !denies.is_empty() {
        let statements = || {
            denies
                .iter()
                .flat_map(|s| s.deny_refs())
                .collect::<Vec<_>>()
        };
        run.step(
            Rule::ExplicitDeny,
            StepOutcome::ExplicitDeny,
            || format!("{} denies `{action}`", summary::list_refs(&statements())),
            statements,
        );
        return run.decide_with(Decision::ExplicitDeny, statements);
    }
    run.step(
        Rule::ExplicitDeny,
        StepOutcome::Passed,
        || "no `Deny` statement matches".to_owned(),
        Vec::new,
    );

    // Rule 2: the root user cannot assume roles.
    if facts.root_assuming_role() {
        run.step(
            Rule::RootCannotAssumeRole,
            StepOutcome::ImplicitDeny,
            || "the root user cannot assume roles".to_owned(),
            Vec::new,
        );
        return run.decide_with(Decision::ImplicitDeny, Vec::new);
    }

    // Rules 3 and 4: every level of the SCPs and RCPs must allow.
    if let Some(decision) = guardrail(run, Rule::ServiceControlPolicies, &scans.scps, "SCP") {
        return decision;
    }
    rcp_levels(run, &scans.rcps);

    // Rule 4a: the VPC endpoint policy, when the request goes through an endpoint.
    if let Some(decision) = vpc_endpoint(run, scans.vpc_endpoint.as_ref()) {
        return decision;
    }

    // Rule 5: trust and key policies are required; rule 6: what a resource-based policy grants
    // on its own.
    let resource = scans.resource.as_ref();
    let grant = resource.and_then(|r| r.grant);
    let required = match facts.class {
        ActionClass::Trust => Some("trust policy"),
        ActionClass::Kms => Some("key policy"),
        ActionClass::Standard => None,
    };
    if let Some(what) = required {
        if grant.is_none() {
            let message = if resource.is_none() {
                format!(
                    "`{action}` needs the {what} to allow the principal, and there is no {what}"
                )
            } else {
                format!(
                    "the {what} does not allow `{}` to call `{action}`, and no identity policy can make up for it",
                    facts.request.principal
                )
            };
            run.step(
                Rule::RequiredResourcePolicy,
                StepOutcome::ImplicitDeny,
                || message,
                Vec::new,
            );
            return run.decide_with(Decision::ImplicitDeny, Vec::new);
        }
        run.step(
            Rule::RequiredResourcePolicy,
            StepOutcome::Passed,
            || {
                format!(
                    "the {what} allows the principal ({})",
                    summary::list_refs(&resource.map(Scanned::allow_refs).unwrap_or_default())
                )
            },
            || resource.map(Scanned::allow_refs).unwrap_or_default(),
        );
    }
    let resource_refs = || resource.map(Scanned::allow_refs).unwrap_or_default();
    if facts.caller == Caller::Outside {
        return if grant.is_some() {
            run.step(
                Rule::ResourcePolicy,
                StepOutcome::Allowed,
                || {
                    format!(
                        "{} names the caller `{}`",
                        summary::list_refs(&resource_refs()),
                        facts.request.principal
                    )
                },
                resource_refs,
            );
            run.decide_with(Decision::Allowed, resource_refs)
        } else {
            run.step(
                Rule::ResourcePolicy,
                StepOutcome::ImplicitDeny,
                || {
                    format!(
                        "no resource-based policy allows `{}`, and it has no identity policies",
                        facts.request.principal
                    )
                },
                Vec::new,
            );
            run.decide_with(Decision::ImplicitDeny, Vec::new)
        };
    }
    if facts.same_account {
        let named = || summary::list_refs(&resource_refs());
        match grant {
            Some(GrantKind::Principal) => {
                run.step(
                    Rule::ResourcePolicy,
                    StepOutcome::Allowed,
                    || {
                        format!(
                            "{} names `{}` itself, which is enough in the same account",
                            named(),
                            facts.request.principal
                        )
                    },
                    resource_refs,
                );
                return run.decide_with(Decision::Allowed, resource_refs);
            }
            Some(how @ (GrantKind::Role | GrantKind::Anyone)) => {
                run.step(
                    Rule::ResourcePolicy,
                    StepOutcome::Passed,
                    || {
                        if how == GrantKind::Role {
                            format!(
                                "{} names the role of the session: no identity policy is \
                                 needed, but the boundary and session policy still apply",
                                named()
                            )
                        } else {
                            format!(
                                "{} names everyone (`*`), not this session itself: no identity \
                                 policy is needed, but the session policy still applies",
                                named()
                            )
                        }
                    },
                    resource_refs,
                );
                if let Some(decision) = limits_of(run, scans, how == GrantKind::Role) {
                    return decision;
                }
                return run.decide_with(Decision::Allowed, || {
                    refs(
                        scans
                            .boundaries
                            .iter()
                            .chain(&scans.sessions)
                            .chain(resource),
                    )
                });
            }
            Some(GrantKind::Account) => run.step(
                Rule::ResourcePolicy,
                StepOutcome::Passed,
                || {
                    format!(
                        "{} names only the account, which leaves the decision to the identity \
                         policies",
                        named()
                    )
                },
                resource_refs,
            ),
            None => run.not_applicable(Rule::ResourcePolicy, || {
                "no resource-based policy allows the request".to_owned()
            }),
        }
    } else {
        run.step(
            Rule::ResourcePolicy,
            StepOutcome::Passed,
            || "across accounts the resource-based policy is never enough on its own".to_owned(),
            Vec::new,
        );
    }

    // Rule 7: the identity-based policies must allow.
    if facts.caller == Caller::Root {
        run.step(
            Rule::IdentityPolicies,
            StepOutcome::Passed,
            || {
                "the root user needs no identity policy: it has full access to its own account"
                    .to_owned()
            },
            Vec::new,
        );
    } else if scans.identity.iter().any(Scanned::allows) {
        run.step(
            Rule::IdentityPolicies,
            StepOutcome::Passed,
            || {
                format!(
                    "{} allows `{action}`",
                    summary::list_refs(&refs(&scans.identity))
                )
            },
            || refs(&scans.identity),
        );
    } else {
        run.step(
            Rule::IdentityPolicies,
            StepOutcome::ImplicitDeny,
            || {
                format!(
                    "no identity policy allows `{action}` on `{}`",
                    facts.request.resource
                )
            },
            Vec::new,
        );
        return run.decide_with(Decision::ImplicitDeny, Vec::new);
    }

    // Rules 8 and 9: the boundary and the session policy must allow.
    if let Some(decision) = limits(run, scans) {
        return decision;
    }

    // Rule 10: across accounts the resource-based policy must allow too.
    if !facts.same_account {
        if grant.is_none() {
            run.step(Rule::CrossAccount, StepOutcome::ImplicitDeny, || format!("the resource is in account `{}` and its resource-based policy does not allow the principal", facts.resource_account.as_deref().unwrap_or("?")), Vec::new);
            return run.decide_with(Decision::ImplicitDeny, Vec::new);
        }
        run.step(
            Rule::CrossAccount,
            StepOutcome::Passed,
            || {
                format!(
                    "{} of account `{}` allows the principal too",
                    summary::list_refs(&resource_refs()),
                    facts.resource_account.as_deref().unwrap_or("?")
                )
            },
            resource_refs,
        );
    }
    run.decide_with(Decision::Allowed, || {
        let mut all = refs(
            scans
                .identity
                .iter()
                .chain(&scans.boundaries)
                .chain(&scans.sessions),
        );
        if !facts.same_account {
            all.extend(resource_refs());
        }
        all
    })
}

/// Checks every level of SCPs; `Some(ImplicitDeny)` when a level has no `Allow`.
fn guardrail(
    run: &mut Run<'_, '_>,
    rule: Rule,
    levels: &[Vec<Scanned<'_>>],
    name: &str,
) -> Option<Decision> {
    let skipped = levels.iter().flatten().find_map(|s| s.skipped);
    if levels.is_empty() || skipped.is_some() {
        let facts = run.facts;
        run.not_applicable(rule, || {
            skipped.map_or_else(|| format!("no {name}s apply"), |s| s.text(facts))
        });
        return None;
    }
    let facts = run.facts;
    for (level, scans) in levels.iter().enumerate() {
        if !scans.iter().any(Scanned::allows) {
            let message = || {
                let what = if scans.is_empty() {
                    " (no policy is attached there)"
                } else {
                    ""
                };
                format!(
                    "no {name} at level {level} ({}){what} allows `{}`",
                    level_name(level, levels.len()),
                    facts.request.action
                )
            };
            run.step(rule, StepOutcome::ImplicitDeny, message, Vec::new);
            return Some(run.decide_with(Decision::ImplicitDeny, Vec::new));
        }
    }
    run.step(
        rule,
        StepOutcome::Passed,
        || format!("every {name} level allows the request"),
        || refs(levels.iter().flatten()),
    );
    None
}

/// Rule 0: STS calls that no policy controls, decided before any policy is read.
///
/// Why: `sts:GetCallerIdentity`: "No permissions are required to perform this operation. If an
/// administrator attaches a policy to your identity that explicitly denies access to the
/// `sts:GetCallerIdentity` action, you can still perform this operation" (AWS STS API
/// Reference, GetCallerIdentity). `sts:GetSessionToken`: "No permissions are required for a
/// user to get a session token. ... You cannot use policies to control authentication
/// operations" (IAM User Guide, "Permissions for GetSessionToken"); only an IAM user or the
/// root user can call it: role sessions cannot, and federated-user sessions can call no STS
/// operation but `GetCallerIdentity` (IAM User Guide, "Compare AWS STS credentials").
fn not_controlled_by_policies(run: &mut Run<'_, '_>) -> Option<Decision> {
    let facts = run.facts;
    let action = facts.request.action.as_str();
    let is = |name: &str| action.eq_ignore_ascii_case(name);
    if is("sts:GetCallerIdentity") && facts.caller != Caller::Outside {
        run.step(
            Rule::NotControlledByPolicies,
            StepOutcome::Allowed,
            || "`sts:GetCallerIdentity` needs no permission, and no policy can deny it, not even an explicit `Deny` (AWS STS API Reference, GetCallerIdentity)".to_owned(),
            Vec::new,
        );
        return Some(run.decide_with(Decision::Allowed, Vec::new));
    }
    if !is("sts:GetSessionToken") {
        return None;
    }
    let (outcome, decision, message) = match &facts.who {
        Principal::User { .. } | Principal::Root { .. } => (
            StepOutcome::Allowed,
            Decision::Allowed,
            "`sts:GetSessionToken` is an authentication call: an IAM user or the root user needs no permission for it, and no policy can deny it (IAM User Guide, \"Permissions for GetSessionToken\")",
        ),
        Principal::Role { .. } | Principal::Session { .. } => (
            StepOutcome::ImplicitDeny,
            Decision::ImplicitDeny,
            "a role session cannot call `sts:GetSessionToken`: only an IAM user or the root user can (IAM User Guide, \"Compare AWS STS credentials\")",
        ),
        Principal::FederatedUser { .. } => (
            StepOutcome::ImplicitDeny,
            Decision::ImplicitDeny,
            "a federated-user session cannot call `sts:GetSessionToken`: it can call no STS operation but `sts:GetCallerIdentity` (IAM User Guide, \"Compare AWS STS credentials\")",
        ),
        _ => return None,
    };
    run.step(
        Rule::NotControlledByPolicies,
        outcome,
        || message.to_owned(),
        Vec::new,
    );
    Some(run.decide_with(decision, Vec::new))
}

/// Rule 4: every RCP level holds [`RCP_FULL_ACCESS`], so a level always allows; the custom
/// RCPs can only deny (rule 1).
///
/// Why: "`RCPFullAWSAccess` ... is automatically attached to the root, every OU, and every
/// account in your organization ... You can't detach this policy" (AWS Organizations User
/// Guide, "Resource control policies (RCPs)" and "RCP evaluation"): a permission is never
/// blocked for want of an RCP `Allow`.
fn rcp_levels(run: &mut Run<'_, '_>, levels: &[Vec<Scanned<'_>>]) {
    let skipped = levels.iter().flatten().find_map(|s| s.skipped);
    if levels.is_empty() || skipped.is_some() {
        let facts = run.facts;
        run.not_applicable(Rule::ResourceControlPolicies, || {
            skipped.map_or_else(|| "no RCPs apply".to_owned(), |s| s.text(facts))
        });
        return;
    }
    run.step(
        Rule::ResourceControlPolicies,
        StepOutcome::Passed,
        || {
            format!(
                "every RCP level allows: `{RCP_FULL_ACCESS}` (AWS managed, always attached) is at each of the {} levels, and RCPs only deny",
                levels.len()
            )
        },
        || refs(levels.iter().flatten()),
    );
}

fn level_name(level: usize, count: usize) -> &'static str {
    if level == 0 {
        "the root"
    } else if level + 1 == count {
        "the account"
    } else {
        "an OU"
    }
}

/// The permissions boundary and the session policy, when present, must each allow.
fn limits(run: &mut Run<'_, '_>, scans: &Scans<'_>) -> Option<Decision> {
    limits_of(run, scans, true)
}

/// [`limits`], with the boundary only when `boundary` is set: a `"*"` grant to a session is
/// limited by the session policy (only a grant naming the session's ARN is not, IAM User
/// Guide, "Session policies"), but no AWS page says a boundary limits it, and Rolecall keeps
/// reading it as naming the caller there, as the reference simulator does (see
/// `principal.rs`, `wildcard_grant`).
fn limits_of(run: &mut Run<'_, '_>, scans: &Scans<'_>, boundary: bool) -> Option<Decision> {
    if boundary {
        // A boundary that does not apply (a skipped document) is no boundary.
        let applies = scans.boundaries.iter().all(|s| s.skipped.is_none());
        if let Some(denied) = ceiling(
            run,
            Rule::PermissionsBoundary,
            (
                "permissions boundary",
                "the principal has no permissions boundary",
            ),
            scans.boundaries.iter().filter(|_| applies),
        ) {
            return Some(denied);
        }
    } else {
        run.not_applicable(Rule::PermissionsBoundary, || {
            "a boundary does not limit a grant to everyone (`*`)".to_owned()
        });
    }
    ceiling(
        run,
        Rule::SessionPolicy,
        ("session policy", "the session has no session policy"),
        scans.sessions.iter().filter(|s| s.skipped.is_none()),
    )
}

/// A ceiling of the caller's permissions that it has (`policies`: its permissions boundary, its
/// session policies; `what` names them in messages, `none` says there are none): one of them
/// must allow the action. `Some(ImplicitDeny)` when none does; not applicable without policies.
fn ceiling<'s, 'a: 's>(
    run: &mut Run<'_, '_>,
    rule: Rule,
    (what, none): (&str, &'static str),
    policies: impl Iterator<Item = &'s Scanned<'a>> + Clone,
) -> Option<Decision> {
    if policies.clone().next().is_none() {
        run.not_applicable(rule, || none.to_owned());
        return None;
    }
    let action = run.facts.request.action.as_str();
    if policies.clone().any(Scanned::allows) {
        run.step(
            rule,
            StepOutcome::Passed,
            || {
                format!(
                    "{} allows `{action}`",
                    summary::list_refs(&refs(policies.clone()))
                )
            },
            || refs(policies.clone()),
        );
        return None;
    }
    run.step(
        rule,
        StepOutcome::ImplicitDeny,
        || {
            let names = backticked(policies.map(|s| &s.policy.name));
            format!("{what} {names} does not allow `{action}`")
        },
        Vec::new,
    );
    Some(run.decide_with(Decision::ImplicitDeny, Vec::new))
}

/// The VPC endpoint policy, when the request goes through an endpoint, must allow it; it never
/// grants on its own (its `Deny` statements are rule 1). `Some(ImplicitDeny)` when it does not
/// allow. No step is recorded for a request that does not go through an endpoint.
///
/// Why: "An endpoint policy does not override or replace identity-based policies or
/// resource-based policies" and it controls "which AWS principals can use the endpoint to
/// access an AWS service" (Amazon VPC, "Control access to VPC endpoints using endpoint
/// policies"): a request through the endpoint needs its policy's `Allow` besides everything
/// else.
fn vpc_endpoint(run: &mut Run<'_, '_>, endpoint: Option<&Scanned<'_>>) -> Option<Decision> {
    let endpoint = endpoint?;
    let facts = run.facts;
    let action = facts.request.action.as_str();
    if endpoint.allows() {
        run.step(
            Rule::VpcEndpointPolicy,
            StepOutcome::Passed,
            || {
                format!(
                    "{} allows `{action}` through the endpoint",
                    summary::list_refs(&endpoint.allow_refs())
                )
            },
            || endpoint.allow_refs(),
        );
        return None;
    }
    run.step(
        Rule::VpcEndpointPolicy,
        StepOutcome::ImplicitDeny,
        || {
            format!(
                "VPC endpoint policy `{}` does not allow `{}` to call `{action}` on `{}` through the endpoint",
                endpoint.policy.name, facts.request.principal, facts.request.resource
            )
        },
        Vec::new,
    );
    Some(run.decide_with(Decision::ImplicitDeny, Vec::new))
}
