//! The steps of a request: the context of each call, the policies it reads, and what the
//! evaluator and the STS rules decide, within one run's work budget ([`MAX_WORK`]).

use crate::condition::parse_rfc3339;
use crate::document::DocumentId;
use crate::evaluate::{Decision, Detail, PolicySet, evaluate_with};
use crate::request::{Context, ContextValue, Request, source_vpce};
use crate::scenario::chain::{self, MAX_HOPS};
use crate::scenario::derive::{
    self, Caller, governing_resource, overlay, principal_keys, resource_keys, time_keys,
};
use crate::scenario::model::{AssumeHop, PrincipalSpec, Scenario, ScenarioRequest};
use crate::scenario::parsed::Reader;
use crate::scenario::policies::{caller_side, compile, rcp_levels, trust_policy};
use crate::scenario::sts::{self, StsCheck};
use crate::scenario::tokens;

use super::outcome::{Step, StepDecision};

/// The most work one evaluation (a scenario, or one request on its own) does, in units of
/// [`PolicySet::work`]: one per statement checked, plus one per comparison of a request value
/// with a condition value, plus one per 256 bytes of text the explanation may copy. A step that would go beyond is not evaluated.
///
/// Why: a shared link is small but can ask for a lot of work (a 1 MB policy checked at every
/// hop of every request); the bound keeps every evaluation under about a second of CPU and its
/// explanations under a few tens of megabytes (issue 14). Realistic scenarios use a few
/// thousand checks.
pub const MAX_WORK: usize = 200_000;

/// The state of one evaluation run across its steps.
#[derive(Debug)]
pub(super) struct Run<'r, 'd> {
    /// Where the policies are read.
    pub(super) reader: &'r Reader<'d>,
    /// A step was denied: later steps of the request are not evaluated.
    pub(super) stopped: bool,
    /// Work units still allowed (see [`MAX_WORK`]).
    pub(super) work_left: usize,
    /// A step was not evaluated because it would have gone beyond [`MAX_WORK`].
    pub(super) cut: bool,
    /// Whether steps are explained ([`Detail::Full`]) or only decided.
    pub(super) detail: Detail,
}

impl<'r, 'd> Run<'r, 'd> {
    pub(super) const fn new(reader: &'r Reader<'d>) -> Self {
        Self::with_work(MAX_WORK, reader)
    }

    pub(super) const fn with_work(work_left: usize, reader: &'r Reader<'d>) -> Self {
        Self {
            reader,
            stopped: false,
            work_left,
            cut: false,
            detail: Detail::Full,
        }
    }

    /// Whether the next step is not evaluated (so its policies need not be read).
    pub(super) fn skips(&self) -> bool {
        self.stopped || self.work_left == 0
    }
}

/// The keys of the caller at `time` (RFC 3339): the clock and the principal's keys.
pub(super) fn base_context(scenario: &Scenario, caller: &Caller, time: Option<&str>) -> Context {
    let mut context = Context::new();
    time_keys(&mut context, time);
    principal_keys(
        &mut context,
        scenario,
        caller,
        time.and_then(parse_rfc3339).map(|t| t.seconds),
    );
    context
}

/// The steps of an `AssumeRole` hop (the call, then `sts:TagSession` and
/// `sts:SetSourceIdentity` when needed) and the session it creates.
#[expect(
    clippy::too_many_arguments,
    reason = "one hop's whole state, passed once"
)]
pub(super) fn assume_role_steps(
    scenario: &Scenario,
    request: &ScenarioRequest,
    caller: &Caller,
    hop: &AssumeHop,
    (index, h): (usize, usize),
    mut context: Context,
    mut checks: Vec<StsCheck>,
    steps: &mut Vec<Step>,
    run: &mut Run<'_, '_>,
) -> Caller {
    let time = hop.time.as_deref().or(scenario.now.as_deref());
    let role_account = chain::assume_call_keys(&mut context, scenario, caller, hop);
    overlay(&mut context, &request.context);
    overlay(&mut context, &hop.context);
    let mfa = matches!(context.get("aws:MultiFactorAuthPresent"), Some(ContextValue::Single(v)) if v == "true");
    // The policies are read only when the step is evaluated (a chain after a denied hop is
    // shown, not evaluated).
    let mut set = PolicySet::default();
    if !run.skips() {
        set = caller_side(run.reader, scenario, caller);
        set.resource = trust_policy(run.reader, scenario, &hop.role);
        set.rcps = rcp_levels(run.reader, scenario, role_account.as_deref());
    }
    let principal = caller.principal();
    let requests = chain::hop_requests(caller, hop, &principal, role_account.as_deref(), &context);
    for request in requests {
        steps.push(step(
            &request,
            &set,
            Some(h),
            std::mem::take(&mut checks),
            run,
        ));
    }
    Caller::Session(chain::next_session(caller, hop, index, h, mfa, time))
}

/// A hop call that no policy controls (`GetSessionToken`): decided by the STS rules alone.
///
/// Why: "No permissions are required for a user to get a session token ... You cannot use
/// policies to control authentication operations" (IAM User Guide, "Permissions for
/// GetSessionToken").
pub(super) fn unauthorized_step(
    call: &str,
    caller: &Caller,
    hop: usize,
    checks: Vec<StsCheck>,
    context: &Context,
    stopped: &mut bool,
) -> Step {
    let mut out = Step {
        call: call.to_owned(),
        principal: caller.principal(),
        resource: "*".to_owned(),
        hop: Some(hop),
        decision: StepDecision::NotEvaluated,
        summary: "not evaluated: an earlier step was denied".to_owned(),
        checks,
        context: context.iter().cloned().collect(),
        policy_decision: None,
        explanation: None,
    };
    if *stopped {
        return out;
    }
    match out.checks.iter().find(|c| !c.passed) {
        Some(failed) => {
            out.decision = StepDecision::ImplicitDeny;
            out.summary = format!("rejected by AWS STS: {}", failed.message);
            *stopped = true;
        }
        None => {
            out.decision = StepDecision::Allowed;
            out.summary = format!(
                "`{call}` is an authentication call that no policy controls: STS hands out the credentials"
            );
        }
    }
    out
}

/// The final action of `request` (request number `index`, which names its documents).
pub(super) fn final_step(
    scenario: &Scenario,
    (request, index): (&ScenarioRequest, usize),
    caller: &Caller,
    action: &str,
    run: &mut Run<'_, '_>,
) -> Step {
    let resource = request.resource.clone().unwrap_or_else(|| "*".to_owned());
    let account = derive::resource_account(scenario, &resource);
    let entry = governing_resource(scenario, &resource);
    let mut context = base_context(scenario, caller, scenario.now.as_deref());
    let no_tags = Default::default();
    resource_keys(
        &mut context,
        scenario,
        &resource,
        account.as_deref(),
        entry.map_or(&no_tags, |e| &e.tags),
    );
    if request.vpc_endpoint_policy.is_some() {
        source_vpce(&mut context, request.vpc_endpoint_id.as_deref());
    }
    overlay(&mut context, &request.context);
    // The policies are read only when the step is evaluated.
    let evaluated = !run.skips();
    let mut set = PolicySet::default();
    if evaluated {
        set = caller_side(run.reader, scenario, caller);
    }
    if let Some(doc) = request.vpc_endpoint_policy.as_ref().filter(|_| evaluated) {
        let source = DocumentId::VpcEndpoint { request: index };
        set.vpc_endpoint = Some(compile(
            run.reader,
            doc,
            crate::policy::model::PolicyKind::VpcEndpoint,
            "VPC endpoint policy",
            source,
        ));
    }
    if let Some(entry) = entry.filter(|_| evaluated) {
        let index = scenario
            .resources
            .iter()
            .position(|r| r.arn == entry.arn)
            .unwrap_or(0);
        if let Some(doc) = &entry.policy {
            let name = entry.arn.clone();
            let source = DocumentId::Resource { resource: index };
            set.resource = Some(compile(
                run.reader,
                doc,
                crate::policy::model::PolicyKind::Resource,
                &name,
                source,
            ));
        }
    }
    set.rcps = rcp_levels(run.reader, scenario, account.as_deref());
    let mut checks: Vec<StsCheck> = tokens::credential_limits(caller, action)
        .into_iter()
        .collect();
    if matches!(
        caller,
        Caller::Outside(PrincipalSpec::WebIdentity { .. } | PrincipalSpec::Saml { .. })
    ) {
        // Why: a web identity or SAML user has no AWS credentials until STS exchanges its token
        // for a role session (AssumeRoleWithWebIdentity / AssumeRoleWithSAML).
        checks.push(sts::check(
            "federated-must-assume-role",
            false,
            "a federated user has no AWS credentials: add an `assume` hop to a role".to_owned(),
        ));
    }
    let request = Request {
        principal: caller.principal(),
        action: action.to_owned(),
        resource,
        resource_account: account,
        context,
    };
    step(&request, &set, None, checks, run)
}

/// The step of the first hop beyond [`MAX_HOPS`]: not evaluated, and neither is anything after.
pub(super) fn chain_limit_step(caller: &Caller, hop: &AssumeHop, h: usize) -> Step {
    Step {
        call: chain::call_of(caller, hop).to_owned(),
        principal: caller.principal(),
        resource: hop.role.clone(),
        hop: Some(h),
        decision: StepDecision::NotEvaluated,
        summary: format!(
            "not evaluated: Rolecall follows at most {MAX_HOPS} hops in one request (`chain-too-long`)"
        ),
        checks: Vec::new(),
        context: Vec::new(),
        policy_decision: None,
        explanation: None,
    }
}

pub(super) fn step(
    request: &Request,
    set: &PolicySet,
    hop: Option<usize>,
    checks: Vec<StsCheck>,
    run: &mut Run<'_, '_>,
) -> Step {
    let context = request.context.iter().cloned().collect();
    let mut out = Step {
        call: request.action.clone(),
        principal: request.principal.clone(),
        resource: request.resource.clone(),
        hop,
        decision: StepDecision::NotEvaluated,
        summary: "not evaluated: an earlier step was denied".to_owned(),
        checks,
        context,
        policy_decision: None,
        explanation: None,
    };
    if run.stopped {
        return out;
    }
    if let Some(refusal) = out.checks.iter().find(|c| !c.passed && c.before_policies) {
        out.decision = StepDecision::ImplicitDeny;
        out.summary = format!(
            "rejected by AWS STS before any policy is read: {}",
            refusal.message
        );
        run.stopped = true;
        return out;
    }
    // Why: bounded work per evaluation (see `MAX_WORK`).
    let work = set.work(request).max(1);
    let Some(left) = run.work_left.checked_sub(work) else {
        out.summary = format!(
            "not evaluated: this evaluation reached Rolecall's limit of {MAX_WORK} units of work (one per statement checked, per condition value compared and per 256 bytes of explanation; `work-limit`); evaluate fewer requests at once or shorten the policies and their conditions"
        );
        run.work_left = 0;
        run.stopped = true;
        run.cut = true;
        return out;
    };
    run.work_left = left;
    let evaluation = evaluate_with(request, set, run.detail);
    let failed: Vec<&StsCheck> = out.checks.iter().filter(|c| !c.passed).collect();
    out.decision = match (evaluation.decision, failed.first()) {
        (Decision::ExplicitDeny, _) => StepDecision::ExplicitDeny,
        (_, Some(_)) => StepDecision::ImplicitDeny,
        (d, None) => d.into(),
    };
    out.summary = match failed.first() {
        Some(check) if evaluation.decision != Decision::ExplicitDeny => {
            format!("rejected by AWS STS: {}", check.message)
        }
        _ => evaluation.explanation.summary.clone(),
    };
    out.policy_decision = Some(evaluation.decision.into());
    out.explanation = (run.detail == Detail::Full).then_some(evaluation.explanation);
    if out.decision != StepDecision::Allowed {
        run.stopped = true;
    }
    out
}
