//! Evaluating a scenario's requests: each assume hop, then the final action, step by step.
//!
//! A request's decision is that of its first step that is not allowed; the steps after it are
//! reported as `notEvaluated` (their principal and context are still shown, as they would be).

use serde::{Deserialize, Serialize};

use crate::condition::parse_rfc3339;
use crate::document::DocumentId;
use crate::evaluate::summary::decision_words;
use crate::evaluate::{Decision, Detail, Explanation, PolicySet, evaluate_with};
use crate::request::{Context, ContextEntry, ContextValue, Request, source_vpce};
use crate::scenario::arn::{self, IdentityKind, identity_kind};
use crate::scenario::chain::{self, MAX_HOPS};
use crate::scenario::derive::{
    self, Caller, Session, governing_resource, overlay, principal_keys, resource_keys, time_keys,
};
use crate::scenario::model::{
    AssumeHop, Expect, Expectation, HopCall, KeyValues, PrincipalSpec, Scenario, ScenarioRequest,
    StepRef, text_or_none,
};
use crate::scenario::parsed::Reader;
use crate::scenario::policies::{caller_side, compile, rcp_levels, trust_policy};
use crate::scenario::sts::{self, StsCheck};
use crate::scenario::tokens;

/// The decision of one step or request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StepDecision {
    /// Allowed.
    Allowed,
    /// Denied because nothing allows it (or STS rejects the call's parameters).
    ImplicitDeny,
    /// Denied by an explicit `Deny`.
    ExplicitDeny,
    /// Not evaluated, because an earlier step was denied.
    NotEvaluated,
}

impl StepDecision {
    /// The evaluator's decision, `None` when not evaluated.
    #[must_use]
    pub const fn decision(self) -> Option<Decision> {
        match self {
            Self::Allowed => Some(Decision::Allowed),
            Self::ImplicitDeny => Some(Decision::ImplicitDeny),
            Self::ExplicitDeny => Some(Decision::ExplicitDeny),
            Self::NotEvaluated => None,
        }
    }

    /// `allowed`, `implicitDeny`, `explicitDeny` ([`Decision::as_str`]) or `notEvaluated`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self.decision() {
            Some(decision) => decision.as_str(),
            None => "notEvaluated",
        }
    }

    /// The decision in words: `allowed`, `implicit deny`, `explicit deny`, `not evaluated`.
    #[must_use]
    pub const fn words(self) -> &'static str {
        match self.decision() {
            Some(decision) => decision_words(decision),
            None => "not evaluated",
        }
    }

    /// The decision as a short badge, for lists: `allow`, `deny` (implicit), `DENY` (explicit)
    /// or `—` (not evaluated); [`Self::words`] says it in full.
    #[must_use]
    pub const fn badge(self) -> &'static str {
        match self {
            Self::Allowed => "allow",
            Self::ImplicitDeny => "deny",
            Self::ExplicitDeny => "DENY",
            Self::NotEvaluated => "—",
        }
    }

    /// Whether the decision `expect` holds for this decision.
    #[must_use]
    pub fn satisfies(self, expect: Expectation) -> bool {
        match expect.decision() {
            Some(expected) => self.decision() == Some(expected),
            None => matches!(self, Self::ImplicitDeny | Self::ExplicitDeny),
        }
    }
}

impl From<Decision> for StepDecision {
    fn from(d: Decision) -> Self {
        match d {
            Decision::Allowed => Self::Allowed,
            Decision::ImplicitDeny => Self::ImplicitDeny,
            Decision::ExplicitDeny => Self::ExplicitDeny,
        }
    }
}

/// One authorization: an STS call of a hop, or the final action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// The action: `sts:AssumeRole`, `sts:TagSession`, ..., or the request's action.
    pub call: String,
    /// Who calls (a user, root or session ARN, a service, a provider, `anonymous`).
    pub principal: String,
    /// The resource (the role ARN for a hop).
    pub resource: String,
    /// The index of the assume hop, or `None` for the final action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hop: Option<usize>,
    /// The decision.
    pub decision: StepDecision,
    /// One sentence saying why.
    pub summary: String,
    /// The STS parameter rules checked for this call.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<StsCheck>,
    /// The request context, every key marked `given` or `derived`.
    pub context: Vec<ContextEntry>,
    /// What the policies alone decided, before the STS parameter checks (absent when not
    /// evaluated). Differs from `decision` only when an STS check failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_decision: Option<StepDecision>,
    /// The evaluator's explanation of the policy decision (absent when not evaluated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

/// The outcome of one request of a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestOutcome {
    /// The request's name.
    pub name: String,
    /// The decision: that of the first step that is not allowed.
    pub decision: StepDecision,
    /// The expected decision (and deciding step), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    /// The step that decided: the first one that is not allowed (`None` when every step is
    /// allowed or there is none).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "text_or_none"
    )]
    pub decided_at: Option<StepRef>,
    /// Whether the expectation holds (`None` without `expect`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// Every step in order.
    pub steps: Vec<Step>,
}

/// The outcome of every request of a scenario (the JSON form of `rolecall eval`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScenarioOutcome {
    /// One outcome per request, in order.
    pub requests: Vec<RequestOutcome>,
}

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
struct Run<'r, 'd> {
    /// Where the policies are read.
    reader: &'r Reader<'d>,
    /// A step was denied: later steps of the request are not evaluated.
    stopped: bool,
    /// Work units still allowed (see [`MAX_WORK`]).
    work_left: usize,
    /// A step was not evaluated because it would have gone beyond [`MAX_WORK`].
    cut: bool,
    /// Whether steps are explained ([`Detail::Full`]) or only decided.
    detail: Detail,
}

impl<'r, 'd> Run<'r, 'd> {
    const fn new(reader: &'r Reader<'d>) -> Self {
        Self::with_work(MAX_WORK, reader)
    }

    const fn with_work(work_left: usize, reader: &'r Reader<'d>) -> Self {
        Self {
            reader,
            stopped: false,
            work_left,
            cut: false,
            detail: Detail::Full,
        }
    }

    /// Whether the next step is not evaluated (so its policies need not be read).
    fn skips(&self) -> bool {
        self.stopped || self.work_left == 0
    }
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

/// The keys of the caller at `time` (RFC 3339): the clock and the principal's keys.
fn base_context(scenario: &Scenario, caller: &Caller, time: Option<&str>) -> Context {
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
fn assume_role_steps(
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
fn unauthorized_step(
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
fn final_step(
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
fn chain_limit_step(caller: &Caller, hop: &AssumeHop, h: usize) -> Step {
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

fn step(
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
