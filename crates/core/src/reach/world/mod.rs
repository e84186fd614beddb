//! The evaluator calls of the access graph, with every policy compiled once.
//!
//! A scenario of 2,000 identities asks hundreds of thousands of questions; compiling each
//! policy for each question (as [`crate::scenario::evaluate_request`] does for one request)
//! would take minutes. [`World`] compiles every policy once and assembles each request and
//! policy set the way `evaluate_request` does: the same context keys
//! ([`crate::scenario::derive`]), the same STS calls and parameter checks
//! ([`crate::scenario::chain`]) and the same policies ([`crate::scenario::policies`]). A test
//! (`reach::tests::agreement`) keeps the two in agreement on every pair of a set of scenarios.

mod side;
#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::evaluate::{Decision, Evaluation, NamedPolicy, PolicySet, decide, evaluate};
use crate::policy::model::PolicyKind;
use crate::request::{Context, ContextSource, ContextValue, Request};
use crate::scenario::chain;
use crate::scenario::derive::{
    Caller, governing_resource, overlay, resource_account, resource_keys,
};
use crate::scenario::model::{AssumeHop, KeyValues, Scenario};
use crate::scenario::parsed::Reader;
use crate::scenario::policies::{compile, rcp_levels, trust_policy};

pub use side::{Laid, Side};
use side::{
    Scratch, Target, Undo, lay_target, lowercased, patch, patch_entries, scratch, set_text, unpatch,
};

/// What the STS checks of a plain hop read: whether the caller is a role session, the role,
/// the external id and MFA.
type CheckKey = (bool, String, Option<String>, bool);

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
