//! Which STS call a hop is and what it passes: the call for this caller, the extra calls it
//! needs (`sts:TagSession`, `sts:SetSourceIdentity`), the session name and the tags it
//! carries into the next session.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use crate::request::{Context, ContextValue, Request};
use crate::scenario::derive::{Caller, Session};
use crate::scenario::model::{AssumeHop, HopCall, KeyValues, PrincipalSpec};
use crate::scenario::tokens;

/// The requests of one hop by `caller` (as `principal`): its call ([`call_of`]), then the
/// [`extra_calls`] it needs, each on the role (`resource_account` is the role's account) with
/// the same `context`.
///
/// Why one request per call on the role: `sts:TagSession` and `sts:SetSourceIdentity` are
/// authorized like the assume call itself, by the caller's policies and the role's trust
/// policy ("Passing session tags in AWS STS", "Monitor and control actions taken with assumed
/// roles", IAM User Guide).
#[must_use]
pub fn hop_requests(
    caller: &Caller,
    hop: &AssumeHop,
    principal: &str,
    resource_account: Option<&str>,
    context: &Context,
) -> Vec<Request> {
    let mut calls = vec![call_of(caller, hop)];
    calls.extend(extra_calls(caller, hop));
    calls
        .into_iter()
        .map(|call| Request {
            principal: principal.to_owned(),
            action: call.to_owned(),
            resource: hop.role.clone(),
            resource_account: resource_account.map(str::to_owned),
            context: context.clone(),
        })
        .collect()
}

/// The STS action a hop performs for this caller.
#[must_use]
pub fn call_of(caller: &Caller, hop: &AssumeHop) -> &'static str {
    if hop.call != HopCall::AssumeRole {
        return tokens::action_of(hop.call);
    }
    assume_call_of(caller)
}

/// The action of an `AssumeRole` hop for this caller: `sts:AssumeRoleWithWebIdentity` for a
/// web identity, `sts:AssumeRoleWithSAML` for SAML, else `sts:AssumeRole`.
#[must_use]
pub fn assume_call_of(caller: &Caller) -> &'static str {
    match caller {
        Caller::Outside(PrincipalSpec::WebIdentity { .. }) => "sts:AssumeRoleWithWebIdentity",
        Caller::Outside(PrincipalSpec::Saml { .. }) => "sts:AssumeRoleWithSAML",
        _ => "sts:AssumeRole",
    }
}

/// The hop as STS reads it: for a web identity caller, the session tags of the token's
/// `https://aws.amazon.com/tags` claim are the call's session tags (AssumeRoleWithWebIdentity
/// has no `Tags` parameter).
///
/// Why: "If you pass session tags using AssumeRoleWithWebIdentity ... the tags are included in
/// the token" and they follow the rules of session tags passed to AssumeRole: they need
/// `sts:TagSession`, become `aws:PrincipalTag/*` of the session and may be transitive ("Pass
/// session tags in AWS STS", IAM User Guide).
#[must_use]
pub fn effective_hop<'h>(caller: &Caller, hop: &'h AssumeHop) -> Cow<'h, AssumeHop> {
    match caller {
        Caller::Outside(PrincipalSpec::WebIdentity {
            tags: Some(tags), ..
        }) if hop.call == HopCall::AssumeRole => {
            let mut hop = hop.clone();
            let mut session_tags = tags.principal_tags.clone();
            session_tags.0.append(&mut hop.session_tags.0);
            hop.session_tags = session_tags;
            let mut keys = tags.transitive_tag_keys.clone();
            keys.append(&mut hop.transitive_tag_keys);
            hop.transitive_tag_keys = keys;
            Cow::Owned(hop)
        }
        _ => Cow::Borrowed(hop),
    }
}

/// The session name a hop uses: the given one, or a default that says where it came from.
#[must_use]
pub fn session_name(caller: &Caller, hop: &AssumeHop) -> String {
    if let Some(name) = &hop.session_name {
        return name.clone();
    }
    match caller {
        Caller::Outside(PrincipalSpec::Service { service, .. }) => {
            service.split('.').next().unwrap_or("service").to_owned()
        }
        Caller::Outside(PrincipalSpec::Saml { attributes, .. }) => {
            text_of(attributes.get("sub")).unwrap_or_else(|| "saml-user".to_owned())
        }
        Caller::Outside(PrincipalSpec::WebIdentity { .. }) => "web-identity".to_owned(),
        _ => "session".to_owned(),
    }
}

fn text_of(value: Option<&ContextValue>) -> Option<String> {
    match value? {
        ContextValue::Single(s) => Some(s.clone()),
        ContextValue::Multi(v) => v.first().cloned(),
    }
}

/// The tags the caller passes on to the next session without being asked: its transitive tags.
///
/// Linear in the session's tags: the transitive keys are looked up in a set of lowercase keys
/// (tag keys are compared without regard to case).
pub(super) fn incoming_transitive(caller: &Caller) -> KeyValues<String> {
    match caller {
        Caller::Session(s) if !s.transitive_keys.is_empty() => {
            let keys: HashSet<String> =
                s.transitive_keys.iter().map(|k| k.to_lowercase()).collect();
            KeyValues(
                s.tags
                    .iter()
                    .filter(|(k, _)| keys.contains(&k.to_lowercase()))
                    .map(|(k, v)| (k.to_owned(), v.clone()))
                    .collect(),
            )
        }
        _ => KeyValues::default(),
    }
}

/// The tags of the session a hop creates (and of its call, `aws:RequestTag/*`): the incoming
/// transitive tags, then the hop's session tags, each key (compared without case) once.
///
/// Why: "Tag key–value pairs are not case sensitive ... you cannot have separate `Department`
/// and `department` tag keys", and "if you pass a session tag with the same key as an
/// inherited tag, the operation fails" (AssumeRole `Tags`, AWS STS API Reference): the
/// inherited transitive tag keeps its value (the call is refused by
/// `transitive-tags-not-overridden`, but a chain is still followed to show its later steps);
/// among the hop's own tags the last one wins. Without this a chain that passes the same tags
/// on every hop would carry one more copy per hop (quadratic memory, issue 14).
#[must_use]
pub fn session_tags(caller: &Caller, hop: &AssumeHop) -> KeyValues<String> {
    let incoming = incoming_transitive(caller);
    let inherited = incoming.0.len();
    let mut index: HashMap<String, usize> = incoming
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.to_lowercase(), i))
        .collect();
    let mut tags = incoming.0;
    for (key, value) in hop.session_tags.iter() {
        match index.entry(key.to_lowercase()) {
            Entry::Occupied(at) => {
                if let Some(own) = tags.get_mut(*at.get()).filter(|_| *at.get() >= inherited) {
                    own.1.clone_from(value);
                }
            }
            Entry::Vacant(slot) => {
                slot.insert(tags.len());
                tags.push((key.to_owned(), value.clone()));
            }
        }
    }
    KeyValues(tags)
}

/// The transitive tag keys of the session a hop creates: the caller's, then the hop's, each key
/// (compared without case) once.
///
/// Why: transitive tags "persist" through the rest of the chain (Chaining roles with session
/// tags, IAM User Guide); a key marked transitive again is still one key.
#[must_use]
pub fn transitive_keys(caller: &Caller, hop: &AssumeHop) -> Vec<String> {
    let inherited = match caller {
        Caller::Session(s) => s.transitive_keys.as_slice(),
        _ => &[],
    };
    let mut seen = HashSet::new();
    inherited
        .iter()
        .chain(&hop.transitive_tag_keys)
        .filter(|k| seen.insert(k.to_lowercase()))
        .cloned()
        .collect()
}

/// The extra STS authorizations a hop needs besides the call itself: `sts:TagSession` when
/// tags are passed (including incoming transitive tags) and `sts:SetSourceIdentity` when a
/// source identity is set or carried through the chain.
///
/// Why: "the role's trust policy must allow sts:TagSession" for any session tags, and
/// transitive tags are passed to the next role like new tags ("Pass session tags in AWS STS",
/// "Permissions required to add session tags"); "To use source identity ... the role trust
/// policy must allow sts:SetSourceIdentity", also for roles later in a chain (IAM User Guide,
/// "Monitor and control actions taken with assumed roles").
#[must_use]
pub fn extra_calls(caller: &Caller, hop: &AssumeHop) -> Vec<&'static str> {
    let mut calls = Vec::new();
    if hop.call != HopCall::AssumeRole {
        return calls;
    }
    if !hop.session_tags.is_empty() || !incoming_transitive(caller).is_empty() {
        calls.push("sts:TagSession");
    }
    let carried = matches!(
        caller,
        Caller::Session(Session {
            source_identity: Some(_),
            ..
        })
    );
    if hop.source_identity.is_some() || carried {
        calls.push("sts:SetSourceIdentity");
    }
    calls
}
