//! Evaluating a scenario's requests: each assume hop, then the final action, step by step.
//!
//! A request's decision is that of its first step that is not allowed; the steps after it are
//! reported as `notEvaluated` (their principal and context are still shown, as they would be).

mod outcome;
mod steps;

pub use outcome::{RequestOutcome, ScenarioOutcome, Step, StepDecision};
pub use steps::MAX_WORK;

use crate::evaluate::{Detail, PolicySet};
use crate::request::Request;
use crate::scenario::arn::{self, IdentityKind, identity_kind};
use crate::scenario::chain::{self, MAX_HOPS};
use crate::scenario::derive::{Caller, Session, overlay, resource_keys};
use crate::scenario::model::{
    HopCall, KeyValues, PrincipalSpec, Scenario, ScenarioRequest, StepRef,
};
use crate::scenario::parsed::Reader;
use crate::scenario::policies::{caller_side, rcp_levels};
use crate::scenario::tokens;

use steps::{
    Run, assume_role_steps, base_context, chain_limit_step, final_step, step, unauthorized_step,
};

/// Evaluates every request of `scenario`, within one work budget of [`MAX_WORK`] units (see
/// [`PolicySet::work`]) for the whole scenario: the step that would exceed it, and every later one, are
/// `notEvaluated` with a summary that says so.
#[must_use]
pub fn evaluate_scenario(scenario: &Scenario) -> ScenarioOutcome {
    let reader = Reader::fresh();
    let mut run = Run::new(&reader);
    ScenarioOutcome {
        requests: scenario
            .requests
            .iter()
            .enumerate()
            .map(|(i, request)| evaluate_within(scenario, request, i, &mut run))
            .collect(),
    }
}

/// Evaluates request number `index` of `scenario` (`None` if there is no such request).
#[must_use]
pub fn evaluate_request(scenario: &Scenario, index: usize) -> Option<RequestOutcome> {
    request_in(&Reader::fresh(), scenario, index, Detail::Full, MAX_WORK).map(|b| b.outcome)
}

/// Request number `index` of `scenario` with the policies read through `reader`, in `detail`,
/// as [`evaluate_scenario`] evaluates it once the requests before it have left `work_left`
/// units of [`MAX_WORK`] (`None` if there is no such request). [`evaluate_request`] asks it
/// with [`Detail::Full`] and the whole budget, [`decide_request`] with [`Detail::DecisionOnly`].
/// The outcome of a request that was not cut short is the same with any budget of at least
/// the units it used: the view cache ([`crate::editing::Cache`]) keeps it while nothing it read
/// changes.
pub(crate) fn request_in(
    reader: &Reader<'_>,
    scenario: &Scenario,
    index: usize,
    detail: Detail,
    work_left: usize,
) -> Option<Budgeted> {
    let request = scenario.requests.get(index)?;
    let mut run = Run::with_work(work_left, reader);
    run.detail = detail;
    let outcome = evaluate_within(scenario, request, index, &mut run);
    Some(Budgeted {
        outcome,
        work: work_left.saturating_sub(run.work_left),
        cut: run.cut,
    })
}

/// Evaluates `request` against the world of `scenario` as if it were request number `index`
/// (the index only names the session policies of its hops). The access graph
/// ([`crate::reach`]) asks its questions this way without copying the scenario.
#[must_use]
pub fn evaluate_request_as(
    scenario: &Scenario,
    request: &ScenarioRequest,
    index: usize,
) -> RequestOutcome {
    evaluate_within(scenario, request, index, &mut Run::new(&Reader::fresh()))
}

/// The decisions of request number `index` of `scenario` as [`evaluate_request`] gives them
/// (each step's `decision` and `policy_decision`, the request's `decision`), without the
/// explanations: evaluated steps have no `explanation` and only the STS checks' summary. The
/// suggester verifies each candidate change this way (issue 14: building every candidate's
/// explanation was most of the page's work per keystroke). `None` if there is no such request.
#[must_use]
pub fn decide_request(scenario: &Scenario, index: usize) -> Option<RequestOutcome> {
    request_in(
        &Reader::fresh(),
        scenario,
        index,
        Detail::DecisionOnly,
        MAX_WORK,
    )
    .map(|b| b.outcome)
}

/// One request evaluated as [`evaluate_scenario`] evaluates it (see [`request_in`]).
#[derive(Clone, Debug)]
pub(crate) struct Budgeted {
    /// The outcome.
    pub outcome: RequestOutcome,
    /// The units of [`MAX_WORK`] its steps used.
    pub work: usize,
    /// Whether a step was not evaluated for lack of work units: the outcome then depends on
    /// the units that were left, not only on the scenario.
    pub cut: bool,
}

/// [`evaluate_request_as`] within the work budget of `run`.
fn evaluate_within(
    scenario: &Scenario,
    request: &ScenarioRequest,
    index: usize,
    run: &mut Run<'_, '_>,
) -> RequestOutcome {
    let mut caller = initial_caller(scenario, &request.principal);
    let mut steps = Vec::new();
    run.stopped = false;
    for (h, hop) in request.assume.iter().enumerate() {
        if h == MAX_HOPS {
            steps.push(chain_limit_step(&caller, hop, h));
            run.stopped = true;
            break;
        }
        let hop = chain::effective_hop(&caller, hop);
        let hop = hop.as_ref();
        let time = hop.time.as_deref().or(scenario.now.as_deref());
        let mut context = base_context(scenario, &caller, time);
        let call = chain::call_of(&caller, hop);
        let mut checks = chain::sts_checks(scenario, &caller, hop);
        checks.extend(tokens::credential_limits(&caller, call));
        let next = match hop.call {
            HopCall::AssumeRole => {
                let at = (index, h);
                assume_role_steps(
                    scenario, request, &caller, hop, at, context, checks, &mut steps, run,
                )
            }
            HopCall::GetSessionToken => {
                chain::call_keys(&mut context, &caller, hop);
                overlay(&mut context, &request.context);
                overlay(&mut context, &hop.context);
                steps.push(unauthorized_step(
                    call,
                    &caller,
                    h,
                    checks,
                    &context,
                    &mut run.stopped,
                ));
                tokens::next_caller(&caller, hop, index, h, time)
            }
            HopCall::GetFederationToken => {
                let federated = tokens::next_caller(&caller, hop, index, h, time);
                let resource = federated.principal();
                let account = caller.account();
                resource_keys(
                    &mut context,
                    scenario,
                    &resource,
                    account.as_deref(),
                    &KeyValues::default(),
                );
                overlay(&mut context, &request.context);
                overlay(&mut context, &hop.context);
                let mut set = PolicySet::default();
                if !run.skips() {
                    set = caller_side(run.reader, scenario, &caller);
                    set.rcps = rcp_levels(run.reader, scenario, account.as_deref());
                }
                let request = Request {
                    principal: caller.principal(),
                    action: call.to_owned(),
                    resource,
                    resource_account: account,
                    context,
                };
                steps.push(step(&request, &set, Some(h), checks, run));
                federated
            }
        };
        caller = next;
    }
    if let Some(action) = &request.action {
        steps.push(final_step(scenario, (request, index), &caller, action, run));
    }
    let deciding = steps.iter().find(|s| s.decision != StepDecision::Allowed);
    let decided_at = deciding.map(|s| StepRef::of_hop(s.hop));
    let decision = deciding.map_or(
        if steps.is_empty() {
            StepDecision::NotEvaluated
        } else {
            StepDecision::Allowed
        },
        |s| s.decision,
    );
    RequestOutcome {
        name: request.name.clone(),
        decision,
        expect: request.expect,
        passed: request.expect.map(|e| {
            decision.satisfies(e.decision) && e.at.is_none_or(|at| decided_at == Some(at))
        }),
        decided_at,
        steps,
    }
}

/// The caller a request starts as. A role ARN stands for a session of that role named
/// `session`; an assumed-role session ARN for that session (without tags or session policy).
#[must_use]
pub fn initial_caller(scenario: &Scenario, principal: &PrincipalSpec) -> Caller {
    match principal {
        PrincipalSpec::Anonymous => Caller::Anonymous,
        PrincipalSpec::Service { .. }
        | PrincipalSpec::WebIdentity { .. }
        | PrincipalSpec::Saml { .. } => Caller::Outside(principal.clone()),
        PrincipalSpec::Arn(text) => match identity_kind(text) {
            Some(IdentityKind::User) => Caller::User { arn: text.clone() },
            Some(IdentityKind::Root) => Caller::Root { arn: text.clone() },
            Some(IdentityKind::Role) => session_of(text.clone(), "session"),
            _ => match arn::session_parts(text) {
                Some((role, name)) => {
                    let account = arn::account(text).unwrap_or_default();
                    // The session ARN has no role path: find the role by account and name.
                    let role_arn = scenario
                        .identities
                        .iter()
                        .map(|i| i.arn.as_str())
                        .find(|a| {
                            identity_kind(a) == Some(IdentityKind::Role)
                                && arn::account(a) == Some(account)
                                && arn::name(a) == role
                        })
                        .map_or_else(
                            || arn::session_role_arn(text).unwrap_or_default(),
                            str::to_owned,
                        );
                    session_of(role_arn, name)
                }
                None => Caller::User { arn: text.clone() },
            },
        },
    }
}

fn session_of(role_arn: String, name: &str) -> Caller {
    Caller::Session(Session {
        role_arn,
        session_name: name.to_owned(),
        ..Session::default()
    })
}
