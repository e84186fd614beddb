//! One caller's side of the access graph's calls ([`Side`]) and the request it keeps between
//! calls ([`Scratch`]): each call lays its own keys over the side's context and takes them off
//! again ([`patch`], [`unpatch`]), and its resource's shared part ([`Target`]) stays laid until
//! a call on another resource ([`lay_target`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::condition::parse_rfc3339;
use crate::evaluate::{NamedPolicy, PolicySet, decide, denied_across_accounts};
use crate::request::{Context, ContextEntry, ContextSource, ContextValue, Request};
use crate::scenario::derive::{Caller, principal_keys, time_keys};
use crate::scenario::evaluate::initial_caller;
use crate::scenario::model::{KeyValues, PrincipalSpec, Scenario};
use crate::scenario::parsed::Reader;
use crate::scenario::policies::caller_side;

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
    pub(super) principal: String,
    /// The side's request and policies, reused call after call ([`World::with_action`](super::World::with_action)).
    pub(super) scratch: RefCell<Option<Scratch>>,
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

/// A request of one side and its policy set, kept between calls: each call lays its own keys
/// over the side's context and takes them off again (its target's keys stay until a call on
/// another target, [`lay_target`]), instead of copying the whole context and policy set (the
/// graph asks hundreds of thousands of calls).
#[derive(Clone, Debug)]
pub(super) struct Scratch {
    pub(super) request: Request,
    pub(super) set: PolicySet,
    /// The target laid over the side's context now, with what its keys replaced: its keys
    /// stay between calls, and a call on another target changes them in place (most targets
    /// set the same keys: the resource's account, organization and tags).
    pub(super) target: Option<(Rc<Target>, Undo)>,
    /// [`denied_across_accounts`] of this side's calls, by what it reads besides the side's
    /// principal: the action, the resource's account (given, not read from the ARN) and
    /// whether the resource has a policy. Each is asked once per side, not once per call (the
    /// evaluator's facts parse the principal at every call).
    pub(super) across: HashMap<String, HashMap<String, [Option<bool>; 2]>>,
}

/// A call laid over a side's kept request ([`World::with_action`](super::World::with_action)).
#[derive(Debug)]
pub struct Laid<'s> {
    pub(super) scratch: &'s mut Scratch,
    pub(super) undo: &'s mut Undo,
}

impl Laid<'_> {
    /// The policies of the call.
    #[must_use]
    pub fn set(&self) -> &PolicySet {
        &self.scratch.set
    }

    /// Whether the evaluator denies the call whatever keys are laid over it
    /// ([`crate::evaluate::denied_across_accounts`]), remembered for the side's calls with the
    /// same action and resource account (`Scratch::across`).
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
pub(super) type Undo = Vec<(String, Option<ContextEntry>)>;

/// Sets `key` in `context`, remembering in `undo` what it replaced.
pub(super) fn patch(
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
pub(super) fn patch_entries<'a>(
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
pub(super) fn lay_target(scratch: &mut Scratch, target: &Rc<Target>, resource: &str) {
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
pub(super) fn unpatch(context: &mut Context, undo: Undo) {
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

/// The part of an action call that depends on the resource only: as
/// [`crate::scenario::evaluate_request`] derives it.
#[derive(Debug)]
pub(super) struct Target {
    /// The account that owns it.
    pub(super) account: Option<String>,
    /// The context keys derived from it (account, organization, tags, region), each with its
    /// key in lowercase.
    pub(super) keys: Vec<(String, ContextEntry)>,
    /// Its resource-based policy.
    pub(super) policy: Option<NamedPolicy>,
    /// The RCP levels of its account.
    pub(super) rcps: Vec<Vec<NamedPolicy>>,
}

/// The kept request of `side`, before any call: its principal and context, its policies.
pub(super) fn scratch(side: &Side) -> Scratch {
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
pub(super) fn lowercased(keys: &Context) -> Vec<(String, ContextEntry)> {
    keys.iter()
        .map(|e| (e.key.to_ascii_lowercase(), e.clone()))
        .collect()
}

/// Replaces the text of `out` by `text`, keeping its buffer.
pub(super) fn set_text(out: &mut String, text: &str) {
    out.clear();
    out.push_str(text);
}
