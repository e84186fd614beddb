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
use crate::evaluate::{Decision, Evaluation, NamedPolicy, PolicySet, decide, evaluate};
use crate::policy::model::PolicyKind;
use crate::request::{Context, ContextEntry, ContextValue, Request};
use crate::scenario::chain;
use crate::scenario::derive::{
    Caller, governing_resource, overlay, principal_keys, resource_account, resource_keys, time_keys,
};
use crate::scenario::evaluate::initial_caller;
use crate::scenario::model::{AssumeHop, KeyValues, PrincipalSpec, Scenario};
use crate::scenario::policies::{caller_side, compile, rcp_levels, trust_policy};

/// One caller with its compiled side of every call (identity policies, boundary, SCPs) and
/// the context keys derived from it.
#[derive(Clone, Debug)]
pub struct Side {
    /// The caller.
    pub caller: Caller,
    /// Its policies.
    pub set: PolicySet,
    /// Time and principal keys.
    pub context: Context,
    /// The caller as a request names it (`caller.principal()`, made once).
    principal: String,
}

impl Side {
    /// The side of the principal `spec` in `scenario`.
    #[must_use]
    pub fn new(scenario: &Scenario, spec: &PrincipalSpec) -> Self {
        let caller = initial_caller(scenario, spec);
        let set = caller_side(scenario, &caller);
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
        }
    }
}

/// The compiled policies of a scenario: trust policies, resource policies and RCP levels.
#[derive(Clone, Debug, Default)]
pub struct World {
    trust: HashMap<String, NamedPolicy>,
    resource: HashMap<String, NamedPolicy>,
    rcps: HashMap<String, Vec<Vec<NamedPolicy>>>,
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
    /// The context keys derived from it (account, organization, tags, region).
    keys: Vec<ContextEntry>,
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
        let mut world = Self::default();
        for identity in &scenario.identities {
            if let Some(policy) = trust_policy(scenario, &identity.arn) {
                world.trust.insert(identity.arn.clone(), policy);
            }
        }
        for (index, entry) in scenario.resources.iter().enumerate() {
            if let Some(doc) = &entry.policy {
                let source = crate::document::DocumentId::Resource { resource: index };
                let policy = compile(doc, PolicyKind::Resource, &entry.arn, source);
                world.resource.entry(entry.arn.clone()).or_insert(policy);
            }
        }
        if let Some(org) = &scenario.organization {
            for (account, _) in org.accounts.iter() {
                world
                    .rcps
                    .insert(account.to_owned(), rcp_levels(scenario, Some(account)));
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
            keys: keys.iter().cloned().collect(),
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
            keys: keys.iter().cloned().collect(),
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
        for entry in &target.keys {
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
        for entry in &role.keys {
            context.insert(entry.key.clone(), entry.value.clone(), entry.source);
        }
        chain::call_keys(&mut context, &side.caller, hop);
        let role_account = role.account.clone();
        overlay(&mut context, &hop.context);
        let mut set = side.set.clone();
        set.resource.clone_from(&role.policy);
        set.rcps.clone_from(&role.rcps);
        let mut calls = vec![chain::assume_call_of(&side.caller)];
        calls.extend(chain::extra_calls(&side.caller, hop));
        calls
            .into_iter()
            .map(|call| Call {
                request: Request {
                    principal: side.principal.clone(),
                    action: call.to_owned(),
                    resource: hop.role.clone(),
                    resource_account: role_account.clone(),
                    context: context.clone(),
                },
                set: set.clone(),
            })
            .collect()
    }

    /// Whether the hop is allowed: every STS call allowed by the policies and every STS
    /// parameter check passed.
    #[must_use]
    pub fn assume_allowed(&self, scenario: &Scenario, side: &Side, hop: &AssumeHop) -> bool {
        self.hop_allowed(scenario, side, hop, &self.assume_calls(scenario, side, hop))
    }

    /// Whether the hop is allowed, given its `calls` (from [`Self::assume_calls`]).
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
