//! The evaluator calls of the access graph, with every policy compiled once.
//!
//! A scenario of 2,000 identities asks hundreds of thousands of questions; compiling each
//! policy for each question (as [`crate::scenario::evaluate_request`] does for one request)
//! would take minutes. [`World`] compiles every policy once and assembles each request and
//! policy set the way `evaluate_request` does: the same context keys
//! ([`crate::scenario::derive`]), the same STS calls and parameter checks
//! ([`crate::scenario::chain`]) and the same policies ([`crate::scenario::policies`]). A test
//! (`reach::tests::agreement`) keeps the two in agreement on every pair of a set of scenarios.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::condition::parse_rfc3339;
use crate::evaluate::{
    Decision, Evaluation, NamedPolicy, PolicySet, decide, denied_across_accounts, evaluate,
};
use crate::policy::model::PolicyKind;
use crate::request::{Context, ContextEntry, ContextSource, ContextValue, Request};
use crate::scenario::chain;
use crate::scenario::derive::{
    Caller, governing_resource, overlay, principal_keys, resource_account, resource_keys, time_keys,
};
use crate::scenario::evaluate::initial_caller;
use crate::scenario::model::{AssumeHop, KeyValues, PrincipalSpec, Scenario};
use crate::scenario::parsed::Reader;
use crate::scenario::policies::{caller_side, compile, rcp_levels, trust_policy};

/// One caller with its compiled side of every call (identity policies, boundary, SCPs) and
/// the context keys derived from it.
///
/// Its calls reuse a copy of `set` and `context` made on the first call, so change those only
/// on a fresh clone (a clone starts without the copy).
#[derive(Debug)]
pub struct Side {
    /// The caller.
    pub caller: Caller,
    /// Its policies.
    pub set: PolicySet,
    /// Time and principal keys.
    pub context: Context,
    /// The caller as a request names it (`caller.principal()`, made once).
    principal: String,
    /// The side's request and policies, reused call after call ([`World::with_action`]).
    scratch: RefCell<Option<Scratch>>,
}

impl Clone for Side {
    fn clone(&self) -> Self {
        Self {
            caller: self.caller.clone(),
            set: self.set.clone(),
            context: self.context.clone(),
            principal: self.principal.clone(),
            scratch: RefCell::new(None),
        }
    }
}

/// What the STS checks of a plain hop read: whether the caller is a role session, the role,
/// the external id and MFA.
type CheckKey = (bool, String, Option<String>, bool);

/// A request of one side and its policy set, kept between calls: each call lays its own keys
/// over the side's context and takes them off again (its target's keys stay until a call on
/// another target, [`lay_target`]), instead of copying the whole context and policy set (the
/// graph asks hundreds of thousands of calls).
#[derive(Clone, Debug)]
struct Scratch {
    request: Request,
    set: PolicySet,
    /// The target laid over the side's context now, with what its keys replaced: its keys
    /// stay between calls, and a call on another target changes them in place (most targets
    /// set the same keys: the resource's account, organization and tags).
    target: Option<(Rc<Target>, Undo)>,
    /// [`denied_across_accounts`] of this side's calls, by what it reads besides the side's
    /// principal: the action, the resource's account (given, not read from the ARN) and
    /// whether the resource has a policy. Each is asked once per side, not once per call (the
    /// evaluator's facts parse the principal at every call).
    across: HashMap<String, HashMap<String, [Option<bool>; 2]>>,
}

/// A call laid over a side's kept request ([`World::with_action`]).
#[derive(Debug)]
pub struct Laid<'s> {
    scratch: &'s mut Scratch,
    undo: &'s mut Undo,
}

impl Laid<'_> {
    /// The policies of the call.
    #[must_use]
    pub fn set(&self) -> &PolicySet {
        &self.scratch.set
    }

    /// Whether the evaluator denies the call whatever keys are laid over it
    /// ([`crate::evaluate::denied_across_accounts`]), remembered for the side's calls with the
    /// same action and resource account ([`Scratch::across`]).
    #[must_use]
    pub fn denied_whatever_supplied(&mut self) -> bool {
        let Scratch {
            request,
            set,
            across,
            ..
        } = &mut *self.scratch;
        // What `denied_across_accounts` reads: the principal (the side's own), the action, the
        // resource's account when given (else the resource's ARN) and the resource's policy.
        let Some(account) = request
            .resource_account
            .as_deref()
            .filter(|a| !a.is_empty())
        else {
            return denied_across_accounts(request, set);
        };
        let policy = usize::from(set.resource.is_some());
        let known = across
            .get(request.action.as_str())
            .and_then(|by_account| by_account.get(account))
            .and_then(|slots| slots.get(policy).copied().flatten());
        if let Some(known) = known {
            return known;
        }
        let denied = denied_across_accounts(request, set);
        let slots = across
            .entry(request.action.clone())
            .or_default()
            .entry(account.to_owned())
            .or_default();
        if let Some(slot) = slots.get_mut(policy) {
            *slot = Some(denied);
        }
        denied
    }

    /// Whether the evaluator allows the call (fast path).
    #[must_use]
    pub fn allowed(&self) -> bool {
        decide(&self.scratch.request, &self.scratch.set).is_allowed()
    }

    /// Lays `extra` (given keys) over the call's context, as
    /// [`crate::scenario::derive::overlay`] does: each key replaces the one before.
    pub fn lay(&mut self, extra: &KeyValues<ContextValue>) {
        for (key, value) in extra.iter() {
            patch(
                &mut self.scratch.request.context,
                self.undo,
                key,
                value.clone(),
                ContextSource::Given,
            );
        }
    }
}

/// The entries a call laid over a side's context (by lowercase key), with what each
/// replaced, to take them off.
type Undo = Vec<(String, Option<ContextEntry>)>;

/// Sets `key` in `context`, remembering in `undo` what it replaced.
fn patch(
    context: &mut Context,
    undo: &mut Undo,
    key: &str,
    value: ContextValue,
    source: ContextSource,
) {
    let entry = ContextEntry {
        key: key.to_owned(),
        value,
        source,
    };
    patch_lowercase(context, undo, key.to_ascii_lowercase(), entry);
}

/// [`patch`] of an entry whose key is already lowercased (`lower`).
fn patch_lowercase(context: &mut Context, undo: &mut Undo, lower: String, entry: ContextEntry) {
    let old = context.swap_lowercase(&lower, Some(entry));
    undo.push((lower, old));
}

/// [`patch`]es each of `entries` into `context`, in order.
fn patch_entries<'a>(
    context: &mut Context,
    undo: &mut Undo,
    entries: impl IntoIterator<Item = &'a ContextEntry>,
) {
    for entry in entries {
        patch(context, undo, &entry.key, entry.value.clone(), entry.source);
    }
}

/// Points the kept request and policy set at `resource`, whose shared part is `target`: its
/// keys laid over the side's context, its account, policy and RCP levels. The previous call's
/// target stays laid until then ([`Scratch::target`]): a key both set is changed in place, and
/// the previous target's other keys are taken off.
fn lay_target(scratch: &mut Scratch, target: &Rc<Target>, resource: &str) {
    set_text(&mut scratch.request.resource, resource);
    if let Some((laid, _)) = &scratch.target
        && Rc::ptr_eq(laid, target)
    {
        return;
    }
    let mut was = scratch
        .target
        .take()
        .map(|(_, undo)| undo)
        .unwrap_or_default();
    let context = &mut scratch.request.context;
    let mut undo = Undo::with_capacity(target.keys.len());
    for (lower, entry) in &target.keys {
        let Some(at) = was.iter().position(|(k, _)| k == lower) else {
            patch_lowercase(context, &mut undo, lower.clone(), entry.clone());
            continue;
        };
        // Laid by the previous target: what it replaced is the side's own value.
        let replaced = was.swap_remove(at);
        match context.entry_mut_lowercase(lower) {
            Some(slot) => {
                set_text(&mut slot.key, &entry.key);
                slot.value.clone_from(&entry.value);
                slot.source = entry.source;
            }
            None => {
                context.swap_lowercase(lower, Some(entry.clone()));
            }
        }
        undo.push(replaced);
    }
    unpatch(context, was);
    scratch.request.resource_account.clone_from(&target.account);
    scratch.set.resource.clone_from(&target.policy);
    scratch.set.rcps.clone_from(&target.rcps);
    scratch.target = Some((target.clone(), undo));
}

/// Takes off what [`patch`] laid over `context`, last first: the context is as before.
fn unpatch(context: &mut Context, undo: Undo) {
    for (lower, old) in undo.into_iter().rev() {
        context.swap_lowercase(&lower, old);
    }
}

impl Side {
    /// The side of the principal `spec` in `scenario`.
    #[must_use]
    pub fn new(scenario: &Scenario, spec: &PrincipalSpec) -> Self {
        Self::read(scenario, spec, &Reader::fresh())
    }

    /// [`Self::new`], its policies read through `reader` (the graph's sides share their parsed
    /// documents: the same SCPs and alike identity policies are parsed once).
    #[must_use]
    pub(crate) fn read(scenario: &Scenario, spec: &PrincipalSpec, reader: &Reader<'_>) -> Self {
        let caller = initial_caller(scenario, spec);
        let set = caller_side(reader, scenario, &caller);
        let mut context = Context::new();
        time_keys(&mut context, scenario.now.as_deref());
        principal_keys(
            &mut context,
            scenario,
            &caller,
            scenario
                .now
                .as_deref()
                .and_then(parse_rfc3339)
                .map(|t| t.seconds),
        );
        Self {
            principal: caller.principal(),
            caller,
            set,
            context,
            scratch: RefCell::new(None),
        }
    }
}

/// The compiled policies of a scenario: trust policies, resource policies and RCP levels.
#[derive(Clone, Debug, Default)]
pub struct World {
    trust: HashMap<String, NamedPolicy>,
    resource: HashMap<String, NamedPolicy>,
    rcps: HashMap<String, Vec<Vec<NamedPolicy>>>,
    /// Whether an assume-role hop passes the STS parameter checks, for the hops whose checks
    /// do not depend on which caller makes them ([`World::checks_pass`]).
    checks: RefCell<HashMap<CheckKey, bool>>,
    /// What every call on a resource shares, by resource ARN, made on its first call: the
    /// graph asks about the same resources for thousands of callers.
    targets: RefCell<HashMap<String, Rc<Target>>>,
    /// The same for a role as the resource of an assume-role call (its tags are the role's).
    roles: RefCell<HashMap<String, Rc<Target>>>,
}

/// The part of an action call that depends on the resource only: as
/// [`crate::scenario::evaluate_request`] derives it.
#[derive(Debug)]
struct Target {
    /// The account that owns it.
    account: Option<String>,
    /// The context keys derived from it (account, organization, tags, region), each with its
    /// key in lowercase.
    keys: Vec<(String, ContextEntry)>,
    /// Its resource-based policy.
    policy: Option<NamedPolicy>,
    /// The RCP levels of its account.
    rcps: Vec<Vec<NamedPolicy>>,
}

/// A request ready for the evaluator.
#[derive(Clone, Debug)]
pub struct Call {
    /// The request.
    pub request: Request,
    /// The policies that apply.
    pub set: PolicySet,
}

impl Call {
    /// The decision (fast path).
    #[must_use]
    pub fn decide(&self) -> Decision {
        decide(&self.request, &self.set)
    }

    /// The decision with its explanation.
    #[must_use]
    pub fn evaluate(&self) -> Evaluation {
        evaluate(&self.request, &self.set)
    }
}

impl World {
    /// Compiles the trust policy of every role, the policy of every resource and the RCP
    /// levels of every account of the organization.
    #[must_use]
    pub fn new(scenario: &Scenario) -> Self {
        Self::read(scenario, &Reader::fresh())
    }

    /// [`Self::new`], the policies read through `reader`.
    #[must_use]
    pub(crate) fn read(scenario: &Scenario, reader: &Reader<'_>) -> Self {
        let mut world = Self::default();
        for identity in &scenario.identities {
            if let Some(policy) = trust_policy(reader, scenario, &identity.arn) {
                world.trust.insert(identity.arn.clone(), policy);
            }
        }
        for (index, entry) in scenario.resources.iter().enumerate() {
            if let Some(doc) = &entry.policy {
                let source = crate::document::DocumentId::Resource { resource: index };
                let policy = compile(reader, doc, PolicyKind::Resource, &entry.arn, source);
                world.resource.entry(entry.arn.clone()).or_insert(policy);
            }
        }
        if let Some(org) = &scenario.organization {
            for (account, _) in org.accounts.iter() {
                world.rcps.insert(
                    account.to_owned(),
                    rcp_levels(reader, scenario, Some(account)),
                );
            }
        }
        world
    }

    /// The trust policy of `role`, compiled.
    #[must_use]
    pub fn trust(&self, role: &str) -> Option<&NamedPolicy> {
        self.trust.get(role)
    }

    /// Every resource-based policy of the scenario.
    pub fn resource_policies(&self) -> impl Iterator<Item = &NamedPolicy> {
        self.resource.values()
    }

    /// Whether the resource `arn` has a resource-based policy in the scenario.
    #[must_use]
    pub fn has_resource_policy(&self, arn: &str) -> bool {
        self.resource.contains_key(arn)
    }

    fn rcps(&self, account: Option<&str>) -> Vec<Vec<NamedPolicy>> {
        account
            .and_then(|a| self.rcps.get(a))
            .cloned()
            .unwrap_or_default()
    }

    /// What every call on `resource` shares (made once per resource).
    fn target(&self, scenario: &Scenario, resource: &str) -> Rc<Target> {
        if let Some(known) = self.targets.borrow().get(resource) {
            return known.clone();
        }
        let account = resource_account(scenario, resource);
        let entry = governing_resource(scenario, resource);
        let mut keys = Context::new();
        let no_tags = KeyValues::default();
        resource_keys(
            &mut keys,
            scenario,
            resource,
            account.as_deref(),
            entry.map_or(&no_tags, |e| &e.tags),
        );
        let target = Rc::new(Target {
            rcps: self.rcps(account.as_deref()),
            account,
            keys: lowercased(&keys),
            policy: entry.and_then(|e| self.resource.get(&e.arn)).cloned(),
        });
        self.targets
            .borrow_mut()
            .insert(resource.to_owned(), target.clone());
        target
    }

    /// What every assume-role call of `role` shares (made once per role): the keys
    /// `chain::assume_call_keys` derives from the role, its trust policy and its account's RCPs.
    fn role(&self, scenario: &Scenario, role: &str) -> Rc<Target> {
        if let Some(known) = self.roles.borrow().get(role) {
            return known.clone();
        }
        let account = crate::scenario::arn::account(role).map(str::to_owned);
        let no_tags = KeyValues::default();
        let tags = scenario.identity(role).map_or(&no_tags, |r| &r.tags);
        let mut keys = Context::new();
        resource_keys(&mut keys, scenario, role, account.as_deref(), tags);
        let target = Rc::new(Target {
            rcps: self.rcps(account.as_deref()),
            account,
            keys: lowercased(&keys),
            policy: self.trust.get(role).cloned(),
        });
        self.roles
            .borrow_mut()
            .insert(role.to_owned(), target.clone());
        target
    }

    /// `side` calling `action` on `resource` with `extra` context keys laid over the derived
    /// ones: the final step of [`crate::scenario::evaluate_request`].
    #[must_use]
    pub fn action_call(
        &self,
        scenario: &Scenario,
        side: &Side,
        action: &str,
        resource: &str,
        extra: &KeyValues<ContextValue>,
    ) -> Call {
        let target = self.target(scenario, resource);
        let mut context = side.context.clone();
        // The same keys, in the same order, as `resource_keys` on the caller's context.
        for (_, entry) in &target.keys {
            context.insert(entry.key.clone(), entry.value.clone(), entry.source);
        }
        overlay(&mut context, extra);
        let mut set = side.set.clone();
        set.resource.clone_from(&target.policy);
        set.rcps.clone_from(&target.rcps);
        Call {
            request: Request {
                principal: side.principal.clone(),
                action: action.to_owned(),
                resource: resource.to_owned(),
                resource_account: target.account.clone(),
                context,
            },
            set,
        }
    }

    /// The STS calls of one assume hop by `side`: `sts:AssumeRole*`, then `sts:TagSession` and
    /// `sts:SetSourceIdentity` when the hop needs them; as in
    /// [`crate::scenario::evaluate_request`].
    #[must_use]
    pub fn assume_calls(&self, scenario: &Scenario, side: &Side, hop: &AssumeHop) -> Vec<Call> {
        let role = self.role(scenario, &hop.role);
        let mut context = side.context.clone();
        // `chain::assume_call_keys`: the role's keys (made once per role), then the call's.
        for (_, entry) in &role.keys {
            context.insert(entry.key.clone(), entry.value.clone(), entry.source);
        }
        chain::call_keys(&mut context, &side.caller, hop);
        let role_account = role.account.clone();
        overlay(&mut context, &hop.context);
        let mut set = side.set.clone();
        set.resource.clone_from(&role.policy);
        set.rcps.clone_from(&role.rcps);
        // The access graph's hops are `AssumeRole` hops: their call is `assume_call_of`.
        chain::hop_requests(
            &side.caller,
            hop,
            &side.principal,
            role_account.as_deref(),
            &context,
        )
        .into_iter()
        .map(|request| Call {
            request,
            set: set.clone(),
        })
        .collect()
    }

    /// Runs `f` on the request and policies of `side` calling `action` on `resource` with
    /// `extra` keys: the same request and policy set as [`Self::action_call`], laid over the
    /// side's kept request and taken off again afterwards instead of copied. `f` may lay
    /// more keys over it ([`Laid::lay`]).
    pub fn with_action<R>(
        &self,
        scenario: &Scenario,
        side: &Side,
        (action, resource): (&str, &str),
        extra: &KeyValues<ContextValue>,
        f: impl FnOnce(&mut Laid<'_>) -> R,
    ) -> R {
        let Ok(mut kept) = side.scratch.try_borrow_mut() else {
            let call = self.action_call(scenario, side, action, resource, extra);
            let mut scratch = Scratch {
                request: call.request,
                set: call.set,
                target: None,
                across: HashMap::new(),
            };
            let mut undo = Undo::new();
            return f(&mut Laid {
                scratch: &mut scratch,
                undo: &mut undo,
            });
        };
        let target = self.target(scenario, resource);
        let scratch = kept.get_or_insert_with(|| scratch(side));
        // The same keys, in the same order, as `action_call`.
        lay_target(scratch, &target, resource);
        let mut undo = Undo::new();
        set_text(&mut scratch.request.action, action);
        let mut laid = Laid {
            scratch,
            undo: &mut undo,
        };
        laid.lay(extra);
        let out = f(&mut laid);
        unpatch(&mut scratch.request.context, undo);
        out
    }

    /// Whether `side` may call `action` on `resource` with `extra` keys:
    /// `action_call(..).decide().is_allowed()` without copying the side's request.
    #[must_use]
    pub fn action_allowed(
        &self,
        scenario: &Scenario,
        side: &Side,
        (action, resource): (&str, &str),
        extra: &KeyValues<ContextValue>,
    ) -> bool {
        self.with_action(scenario, side, (action, resource), extra, |laid| {
            laid.allowed()
        })
    }

    /// Runs `f` on each STS call of one assume hop by `side` (the calls of
    /// [`Self::assume_calls`], in order) until it returns `false`, then on the policy set they
    /// share; returns whether every call passed `f` and what the second closure returned.
    /// Laid over the side's kept request like [`Self::with_action`]. `trust`, when given,
    /// stands for the role's trust policy in the calls (a trust change).
    fn with_assume<R>(
        &self,
        scenario: &Scenario,
        (side, hop, trust): (&Side, &AssumeHop, Option<&NamedPolicy>),
        each: impl Fn(&Request, &PolicySet) -> bool,
        then: impl FnOnce(bool, &PolicySet, usize) -> R,
    ) -> R {
        let Ok(mut kept) = side.scratch.try_borrow_mut() else {
            let mut calls = self.assume_calls(scenario, side, hop);
            if let Some(trust) = trust {
                for call in &mut calls {
                    call.set.resource = Some(trust.clone());
                }
            }
            let passed = calls.iter().all(|c| each(&c.request, &c.set));
            let set = calls
                .first()
                .map_or_else(|| side.set.clone(), |c| c.set.clone());
            return then(passed, &set, calls.len());
        };
        let role = self.role(scenario, &hop.role);
        let scratch = kept.get_or_insert_with(|| scratch(side));
        // `assume_calls`: the role's keys, then the call's (which `call_keys` only writes), then
        // the hop's own context.
        lay_target(scratch, &role, &hop.role);
        let mut undo = Undo::new();
        let mut call = Context::new();
        chain::call_keys(&mut call, &side.caller, hop);
        let context = &mut scratch.request.context;
        patch_entries(context, &mut undo, call.iter());
        for (key, value) in hop.context.iter() {
            patch(context, &mut undo, key, value.clone(), ContextSource::Given);
        }
        let mut actions = vec![chain::assume_call_of(&side.caller)];
        actions.extend(chain::extra_calls(&side.caller, hop));
        // The role's own trust policy goes back once the calls are decided: the next call on
        // this role finds the target laid as `lay_target` left it.
        let own = trust.map(|trust| scratch.set.resource.replace(trust.clone()));
        let passed = actions.iter().all(|action| {
            set_text(&mut scratch.request.action, action);
            each(&scratch.request, &scratch.set)
        });
        let out = then(passed, &scratch.set, actions.len());
        if let Some(own) = own {
            scratch.set.resource = own;
        }
        unpatch(&mut scratch.request.context, undo);
        out
    }

    /// Whether every STS call of the hop would be allowed by the policies if the role's trust
    /// policy were `trust` (a trust change that names the caller): the calls of
    /// [`Self::assume_calls`] with `trust` as their resource policy, decided without copying
    /// the side's request.
    #[must_use]
    pub fn assume_decided_with_trust(
        &self,
        scenario: &Scenario,
        side: &Side,
        hop: &AssumeHop,
        trust: &NamedPolicy,
    ) -> bool {
        self.with_assume(
            scenario,
            (side, hop, Some(trust)),
            |request, set| decide(request, set).is_allowed(),
            |passed, _, _| passed,
        )
    }

    /// Whether every STS call of the hop is allowed by the policies; if not, `denied` gets
    /// the policy set the calls share and the number of calls (as `assume_calls` would give
    /// them), to find what the caller could supply.
    pub fn assume_decided<R>(
        &self,
        scenario: &Scenario,
        side: &Side,
        hop: &AssumeHop,
        denied: impl FnOnce(&PolicySet, usize) -> R,
    ) -> Result<(), R> {
        self.with_assume(
            scenario,
            (side, hop, None),
            |request, set| decide(request, set).is_allowed(),
            |passed, set, count| {
                if passed {
                    Ok(())
                } else {
                    Err(denied(set, count))
                }
            },
        )
    }

    /// Whether the hop passes every STS parameter check: `chain::sts_checks`, remembered for
    /// the hops whose checks read nothing of the caller but whether it is a role session
    /// (a user, or a role session without source identity or transitive tags; a plain hop
    /// with at most an external id and MFA).
    #[must_use]
    pub fn checks_pass(&self, scenario: &Scenario, side: &Side, hop: &AssumeHop) -> bool {
        let check = || {
            chain::sts_checks(scenario, &side.caller, hop)
                .iter()
                .all(|c| c.passed)
        };
        let session = match &side.caller {
            Caller::User { .. } => false,
            Caller::Session(s) if s.source_identity.is_none() && s.transitive_keys.is_empty() => {
                true
            }
            _ => return check(),
        };
        let plain = AssumeHop {
            role: hop.role.clone(),
            external_id: hop.external_id.clone(),
            mfa: hop.mfa,
            context: hop.context.clone(),
            span: hop.span,
            ..AssumeHop::default()
        };
        if *hop != plain {
            return check();
        }
        let key = (session, hop.role.clone(), hop.external_id.clone(), hop.mfa);
        if let Some(&known) = self.checks.borrow().get(&key) {
            return known;
        }
        let passed = check();
        self.checks.borrow_mut().insert(key, passed);
        passed
    }

    /// Whether the hop is allowed: every STS call allowed by the policies and every STS
    /// parameter check passed.
    #[must_use]
    pub fn assume_allowed(&self, scenario: &Scenario, side: &Side, hop: &AssumeHop) -> bool {
        self.assume_decided(scenario, side, hop, |_, _| ()).is_ok()
            && self.checks_pass(scenario, side, hop)
    }

    /// Whether the hop is allowed, given its `calls` (from [`Self::assume_calls`]): the slow
    /// form of [`Self::assume_allowed`], which the tests compare it with.
    #[must_use]
    pub fn hop_allowed(
        &self,
        scenario: &Scenario,
        side: &Side,
        hop: &AssumeHop,
        calls: &[Call],
    ) -> bool {
        calls.iter().all(|c| c.decide().is_allowed())
            && chain::sts_checks(scenario, &side.caller, hop)
                .iter()
                .all(|c| c.passed)
    }
}

/// The kept request of `side`, before any call: its principal and context, its policies.
fn scratch(side: &Side) -> Scratch {
    Scratch {
        request: Request {
            principal: side.principal.clone(),
            context: side.context.clone(),
            ..Request::default()
        },
        set: side.set.clone(),
        target: None,
        across: HashMap::new(),
    }
}

/// The entries of `keys`, each with its key in lowercase.
fn lowercased(keys: &Context) -> Vec<(String, ContextEntry)> {
    keys.iter()
        .map(|e| (e.key.to_ascii_lowercase(), e.clone()))
        .collect()
}

/// Replaces the text of `out` by `text`, keeping its buffer.
fn set_text(out: &mut String, text: &str) {
    out.clear();
    out.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reach::graph::AccessGraph;
    use crate::reach::tests::example_graphs;

    /// The nodes of `g` with a trust policy.
    fn roles_of(g: &AccessGraph) -> Vec<&str> {
        g.nodes
            .iter()
            .filter(|r| g.world.trust(&r.id).is_some())
            .map(|r| r.id.as_str())
            .collect()
    }

    /// A hop decided with a rewritten trust policy laid over the kept request is decided as
    /// the fresh calls of `assume_calls` with that trust policy, and leaves the role's own
    /// trust policy in place for the next call.
    #[test]
    fn a_hop_with_a_rewritten_trust_is_decided_as_its_fresh_calls() {
        let mut checked = 0;
        for (_, g) in example_graphs() {
            let roles = roles_of(&g);
            for (n, side) in g.sides.iter().enumerate() {
                let caller = g.nodes.get(n).map_or("", |c| c.id.as_str());
                let text = format!(
                    r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{caller}"}}, "Action": "sts:AssumeRole"}}]}}"#
                );
                let trust = NamedPolicy::new(
                    "rewritten",
                    PolicyKind::Trust,
                    crate::policy::parse_policy(&text, PolicyKind::Trust).policy,
                );
                for role in &roles {
                    let hop = AssumeHop {
                        role: (*role).to_owned(),
                        ..AssumeHop::default()
                    };
                    let fresh = g
                        .world
                        .assume_calls(&g.scenario, side, &hop)
                        .into_iter()
                        .all(|mut call| {
                            call.set.resource = Some(trust.clone());
                            call.decide().is_allowed()
                        });
                    let laid = g
                        .world
                        .assume_decided_with_trust(&g.scenario, side, &hop, &trust);
                    assert_eq!(laid, fresh, "{caller} {role}");
                    let own = g.world.assume_calls(&g.scenario, side, &hop);
                    let own_allowed = own.iter().all(|c| c.decide().is_allowed());
                    assert_eq!(
                        g.world
                            .assume_decided(&g.scenario, side, &hop, |_, _| ())
                            .is_ok(),
                        own_allowed,
                        "{caller} {role}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 50, "{checked}");
    }

    /// A side's kept request, laid over call after call on alternating resources and roles
    /// (each target's keys left laid until the next target changes them), is the request
    /// `action_call` and `assume_calls` copy afresh, for every node of every example; its
    /// remembered cross-account denial is the evaluator's for the fresh copy.
    #[test]
    fn the_kept_request_equals_a_fresh_copy_call_after_call() {
        let mut checked = 0;
        for (_, g) in example_graphs() {
            let mut resources: Vec<String> =
                g.scenario.resources.iter().map(|r| r.arn.clone()).collect();
            resources.extend(
                g.scenario
                    .requests
                    .iter()
                    .filter_map(|r| r.resource.clone()),
            );
            resources.push("*".to_owned());
            let roles = roles_of(&g);
            let extra = KeyValues(vec![(
                "aws:SourceIp".to_owned(),
                ContextValue::Single("192.0.2.1".to_owned()),
            )]);
            for side in &g.sides {
                // Twice over, so that each call follows a call on another target.
                for round in 0..2 {
                    for (i, resource) in resources.iter().enumerate() {
                        let keys = if (i + round) % 2 == 0 {
                            &extra
                        } else {
                            &KeyValues::default()
                        };
                        let fresh =
                            g.world
                                .action_call(&g.scenario, side, "s3:GetObject", resource, keys);
                        g.world.with_action(
                            &g.scenario,
                            side,
                            ("s3:GetObject", resource),
                            keys,
                            |laid| {
                                assert_eq!(laid.scratch.request, fresh.request, "{resource}");
                                assert_eq!(laid.scratch.set, fresh.set, "{resource}");
                                // The second round reads what the side remembers.
                                assert_eq!(
                                    laid.denied_whatever_supplied(),
                                    denied_across_accounts(&fresh.request, &fresh.set),
                                    "{resource}"
                                );
                            },
                        );
                        checked += 1;
                        let Some(role) = roles.get(i % roles.len().max(1)) else {
                            continue;
                        };
                        let hop = AssumeHop {
                            role: (*role).to_owned(),
                            ..AssumeHop::default()
                        };
                        let fresh = g.world.assume_calls(&g.scenario, side, &hop);
                        let seen = RefCell::new(Vec::new());
                        g.world.with_assume(
                            &g.scenario,
                            (side, &hop, None),
                            |request, set| {
                                seen.borrow_mut().push((request.clone(), set.clone()));
                                true
                            },
                            |_, _, _| (),
                        );
                        let fresh: Vec<(Request, PolicySet)> =
                            fresh.into_iter().map(|c| (c.request, c.set)).collect();
                        assert_eq!(seen.into_inner(), fresh, "{role}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
