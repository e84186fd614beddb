//! Assume-role hops: which STS call a hop is, the parameter rules STS checks before it hands
//! out credentials, the request context of the call, and the session it creates.
//!
//! The authorization itself (trust policy, identity policies, boundary, SCPs, RCPs) is the
//! general decision procedure of [`crate::evaluate`]: the trust policy plays the resource-based
//! policy, which gives the rules of "Granting a user permissions to switch roles": trust always
//! required; in the same account a trust policy naming the caller's user or session ARN is
//! enough, one naming only the account needs an identity `Allow` too; across accounts both.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use crate::condition::parse_rfc3339;
use crate::diagnostic::backticked;
use crate::matching::Arn;
use crate::request::{Context, ContextSource, ContextValue, Request};
use crate::scenario::arn;
use crate::scenario::derive::{Caller, Credentials, PassedPolicies, Session, resource_keys, set};
use crate::scenario::model::{AssumeHop, HopCall, KeyValues, PrincipalSpec, Scenario};
pub use crate::scenario::sts::{MIN_DURATION, StsCheck};
use crate::scenario::sts::{check, name_chars, session_policy_size};
use crate::scenario::tokens;

/// The default `MaxSessionDuration` of a role, and the cap on a chained session, in seconds.
///
/// Why: "Role chaining limits your AWS CLI or AWS API role session to a maximum of one hour"
/// and "By default, the value is set to 3600 seconds" (AssumeRole `DurationSeconds`, AWS STS API
/// Reference; IAM User Guide, "Role chaining").
pub const DEFAULT_DURATION: u64 = 3600;
/// The most assume hops Rolecall follows in one request; a longer chain gets the warning
/// `chain-too-long` at its first extra hop, and that hop and the rest of the request are not
/// evaluated.
///
/// Why: AWS documents no limit on the length of a role chain (each chained session lasts at
/// most an hour), so this is Rolecall's own bound, far above any real chain, that keeps a
/// shared link from asking for unbounded work (issue 14).
pub const MAX_HOPS: usize = 50;

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
fn incoming_transitive(caller: &Caller) -> KeyValues<String> {
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

/// The parameter rules STS checks for this hop, passed or not, in a fixed order.
#[must_use]
pub fn sts_checks(scenario: &Scenario, caller: &Caller, hop: &AssumeHop) -> Vec<StsCheck> {
    if hop.call != HopCall::AssumeRole {
        return tokens::token_checks(scenario, caller, hop);
    }
    let mut out = Vec::new();
    audience_check(&mut out, scenario, caller);
    match caller {
        // Why: "You cannot assume a role as the root user" (IAM User Guide, "Switch to an IAM
        // role (AWS API)"); AWS STS answers AccessDenied.
        Caller::Root { .. } => out.push(check(
            "root-cannot-assume-role",
            false,
            "the root user cannot assume a role: use an IAM user or role".to_owned(),
        )),
        // Why: AssumeRole must be signed with AWS credentials; only the web identity and SAML
        // calls are made without them.
        Caller::Anonymous => out.push(check(
            "anonymous-cannot-assume-role",
            false,
            "an anonymous caller cannot call `sts:AssumeRole`: the call must be signed".to_owned(),
        )),
        _ => {}
    }
    let role = scenario.identity(&hop.role);
    if role.is_none() {
        out.push(check(
            "role-exists",
            false,
            format!("role `{}` is not in the scenario", hop.role),
        ));
    }
    let name = session_name(caller, hop);
    // Why: RoleSessionName is 2 to 64 characters of `[\w+=,.@-]` (AWS STS API Reference).
    out.push(check(
        "session-name",
        (2..=64).contains(&name.chars().count()) && name_chars(&name, ""),
        format!("session name `{name}` must be 2 to 64 letters, digits or `_+=,.@-`"),
    ));
    let max = role
        .and_then(|r| r.max_session_duration)
        .unwrap_or(DEFAULT_DURATION);
    let duration = hop.duration_seconds.unwrap_or(DEFAULT_DURATION.min(max));
    out.push(check(
        "duration-range",
        (MIN_DURATION..=max).contains(&duration),
        format!("duration {duration} s must be from {MIN_DURATION} s to the role's maximum session duration {max} s"),
    ));
    if matches!(caller, Caller::Session(_)) {
        out.push(check(
            "role-chaining-duration",
            duration <= DEFAULT_DURATION,
            format!("role chaining (a session assuming a role) caps the session at {DEFAULT_DURATION} s; asked {duration} s"),
        ));
    }
    if let Some(id) = &hop.external_id {
        // Why: ExternalId is 2 to 1224 characters of `[\w+=,.@:\/-]` (AWS STS API Reference).
        out.push(check(
            "external-id",
            (2..=1224).contains(&id.chars().count()) && name_chars(id, ":/"),
            format!("external id `{id}` must be 2 to 1224 letters, digits or `_+=,.@:/-`"),
        ));
    }
    source_identity_checks(&mut out, caller, hop);
    tag_checks(&mut out, caller, hop);
    out.extend(session_policy_size(hop));
    out.extend(tokens::policy_arn_checks(scenario, hop));
    out
}

/// A web identity token whose `aud` is not a client ID registered with the scenario's IAM OIDC
/// provider is refused before any policy is read.
///
/// Why: "Audiences (client IDs) ... AWS STS rejects tokens whose aud claim does not match a
/// client ID registered with the IAM OIDC identity provider" (AWS STS API Reference,
/// AssumeRoleWithWebIdentity, `InvalidIdentityToken`; IAM User Guide, "Create an OpenID
/// Connect (OIDC) identity provider in IAM"). Providers the scenario does not list (and the
/// well-known providers, which have no IAM provider) are not checked.
fn audience_check(out: &mut Vec<StsCheck>, scenario: &Scenario, caller: &Caller) {
    let Caller::Outside(PrincipalSpec::WebIdentity {
        provider, claims, ..
    }) = caller
    else {
        return;
    };
    let Some(registered) = scenario.oidc_providers.iter().find(|p| p.arn == *provider) else {
        return;
    };
    let auds: Vec<&str> = claims
        .get("aud")
        .map(ContextValue::values)
        .unwrap_or_default();
    let known = auds
        .iter()
        .any(|a| registered.client_ids.iter().any(|c| c == a));
    let mut c = check(
        "oidc-audience-registered",
        known,
        format!(
            "the token's audience {} is not a client ID of `{provider}` (registered: {})",
            if auds.is_empty() {
                "(none)".to_owned()
            } else {
                backticked(&auds)
            },
            backticked(&registered.client_ids)
        ),
    );
    c.before_policies = true;
    out.push(c);
}

fn source_identity_checks(out: &mut Vec<StsCheck>, caller: &Caller, hop: &AssumeHop) {
    let Some(source) = &hop.source_identity else {
        return;
    };
    // Why: SourceIdentity is 2 to 64 characters of `[\w+=,.@-]` and cannot start with `aws:`
    // (AssumeRole `SourceIdentity`, AWS STS API Reference).
    let prefixed = source
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("aws:"));
    out.push(check(
        "source-identity",
        (2..=64).contains(&source.chars().count()) && name_chars(source, "") && !prefixed,
        format!("source identity `{source}` must be 2 to 64 letters, digits or `_+=,.@-`, not starting with `aws:`"),
    ));
    if let Caller::Session(Session {
        source_identity: Some(existing),
        ..
    }) = caller
    {
        // Why: "After the source identity is set, it cannot be changed" and it persists across
        // role chaining (IAM User Guide, "Monitor and control actions taken with assumed roles").
        out.push(check(
            "source-identity-unchanged",
            existing == source,
            format!(
                "the session already has source identity `{existing}`, which cannot be changed"
            ),
        ));
    }
}

fn tag_checks(out: &mut Vec<StsCheck>, caller: &Caller, hop: &AssumeHop) {
    if hop.session_tags.is_empty() && hop.transitive_tag_keys.is_empty() {
        return;
    }
    // Why: at most 50 session tags, keys of 1 to 128 and values of at most 256 characters
    // ("Pass session tags in AWS STS", limits of the tagging operations).
    // Not checked: the packed size. AWS compresses the session policies and tags "into a
    // packed binary format that has a separate limit" and a call "can fail for this limit even
    // if your plain text meets the other requirements" (AssumeRole `Tags`, AWS STS API
    // Reference), but gives no number; refusing on a guess would refuse what AWS may accept
    // (docs/scenario-format.md, "Bounds").
    let count = hop.session_tags.0.len();
    let too_long = hop
        .session_tags
        .iter()
        .find(|(k, v)| k.is_empty() || k.chars().count() > 128 || v.chars().count() > 256);
    out.push(check(
        "session-tag-limits",
        count <= 50 && too_long.is_none(),
        match too_long {
            Some((k, _)) => format!("session tag `{k}` has an empty or too long key or value (keys 1-128, values 0-256 characters)"),
            None => format!("{count} session tags; at most 50 are allowed"),
        },
    ));
    // Why: transitive keys name session tags passed in the same call (TransitiveTagKeys,
    // AWS STS API Reference).
    let missing = hop.transitive_tag_keys.iter().find(|k| {
        !hop.session_tags
            .iter()
            .any(|(t, _)| t.eq_ignore_ascii_case(k))
    });
    out.push(check(
        "transitive-keys-are-session-tags",
        missing.is_none(),
        match missing {
            Some(k) => format!("transitive tag key `{k}` is not one of the session tags passed"),
            None => "every transitive tag key names a session tag".to_owned(),
        },
    ));
    // Why: incoming transitive tags cannot be overridden further down the chain ("Chaining
    // roles with session tags", IAM User Guide).
    let incoming = incoming_transitive(caller);
    let clash = hop
        .session_tags
        .iter()
        .find(|(k, _)| incoming.iter().any(|(t, _)| t.eq_ignore_ascii_case(k)));
    if let Some((k, _)) = clash {
        out.push(check(
            "transitive-tags-not-overridden",
            false,
            format!("session tag `{k}` would override a transitive tag of the calling session"),
        ));
    }
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

/// The host part of an OIDC provider (`token.actions.githubusercontent.com` for
/// `arn:aws:iam::A:oidc-provider/token.actions.githubusercontent.com`).
#[must_use]
pub fn provider_host(provider: &str) -> &str {
    Arn::parse(provider)
        .and_then(|p| p.resource.strip_prefix("oidc-provider/"))
        .unwrap_or(provider)
}

/// The context keys of an assume-role call on `hop.role`: the role's as the call's resource
/// (its account and tags, [`resource_keys`]), then the call's own ([`call_keys`]). Returns the
/// role's account. One rule for the scenario's evaluation and the access graph's calls.
pub fn assume_call_keys(
    context: &mut Context,
    scenario: &Scenario,
    caller: &Caller,
    hop: &AssumeHop,
) -> Option<String> {
    let role_account = arn::account(&hop.role).map(str::to_owned);
    let no_tags = KeyValues::default();
    let role_tags = scenario.identity(&hop.role).map_or(&no_tags, |r| &r.tags);
    resource_keys(
        context,
        scenario,
        &hop.role,
        role_account.as_deref(),
        role_tags,
    );
    call_keys(context, caller, hop);
    role_account
}

/// The context keys of the STS call itself (the caller's own keys are added by
/// [`crate::scenario::derive::principal_keys`]).
pub fn call_keys(context: &mut Context, caller: &Caller, hop: &AssumeHop) {
    // Why: passing an MFA serial number and token code makes the call MFA-authenticated
    // ("Configuring MFA-protected API access", IAM User Guide); its age is 0 at the call.
    if hop.mfa {
        set(context, "aws:MultiFactorAuthPresent", "true");
        set(context, "aws:MultiFactorAuthAge", "0");
    }
    if hop.call != HopCall::AssumeRole {
        return;
    }
    set(context, "sts:RoleSessionName", session_name(caller, hop));
    if let Some(id) = &hop.external_id {
        set(context, "sts:ExternalId", id.as_str());
    }
    if let Some(source) = &hop.source_identity {
        set(context, "sts:SourceIdentity", source.as_str());
    }
    // Tags of this call: incoming transitive tags plus the new session tags, each key once.
    let tags = session_tags(caller, hop);
    if !tags.is_empty() {
        for (key, value) in tags.iter() {
            set(context, format!("aws:RequestTag/{key}"), value.as_str());
        }
        let keys = tags.iter().map(|(k, _)| k.to_owned()).collect();
        context.insert(
            "aws:TagKeys",
            ContextValue::Multi(keys),
            ContextSource::Derived,
        );
    }
    if !hop.transitive_tag_keys.is_empty() {
        context.insert(
            "sts:TransitiveTagKeys",
            ContextValue::Multi(hop.transitive_tag_keys.clone()),
            ContextSource::Derived,
        );
    }
    match caller {
        Caller::Outside(PrincipalSpec::WebIdentity {
            provider, claims, ..
        }) => {
            for (key, value) in federated_keys(provider, claims).iter() {
                context.insert(key, value.clone(), ContextSource::Derived);
            }
        }
        Caller::Outside(PrincipalSpec::Saml { attributes, .. }) => {
            for (key, value) in saml_keys(attributes).iter() {
                context.insert(key, value.clone(), ContextSource::Derived);
            }
        }
        _ => {}
    }
}

/// The provider keys of a web identity token: `HOST:CLAIM` for every claim, where `HOST:aud`
/// is the token's `azp` when it has one (and `HOST:oaud` the original `aud`).
///
/// Why: "Available keys for AWS web identity federation" and "IAM and AWS STS condition context
/// keys" (IAM User Guide): `accounts.google.com:aud` maps to `azp` when present; OIDC providers
/// such as GitHub give `token.actions.githubusercontent.com:sub` and `:aud`; Cognito gives
/// `cognito-identity.amazonaws.com:aud`, `:sub` and `:amr`. These keys stay available in the
/// role session (the classic `${cognito-identity.amazonaws.com:sub}` policy variable).
#[must_use]
pub fn federated_keys(provider: &str, claims: &KeyValues<ContextValue>) -> KeyValues<ContextValue> {
    let host = provider_host(provider);
    let mut out = Vec::new();
    let azp = claims.get("azp");
    for (claim, value) in claims.iter() {
        match (claim, azp) {
            ("aud", Some(azp)) => {
                out.push((format!("{host}:aud"), azp.clone()));
                out.push((format!("{host}:oaud"), value.clone()));
            }
            _ => out.push((format!("{host}:{claim}"), value.clone())),
        }
    }
    out.dedup_by(|a, b| a.0 == b.0);
    KeyValues(out)
}

/// The `saml:` keys of an assertion (`sub`, `aud`, `iss`, `namequalifier`, ...).
///
/// Why: "Available keys for SAML-based federation" (IAM User Guide); they can be used in the
/// trust policy and in the role's permission policies (`${saml:sub}`).
#[must_use]
pub fn saml_keys(attributes: &KeyValues<ContextValue>) -> KeyValues<ContextValue> {
    KeyValues(
        attributes
            .iter()
            .map(|(k, v)| {
                let key = if k.contains(':') {
                    k.to_owned()
                } else {
                    format!("saml:{k}")
                };
                (key, v.clone())
            })
            .collect(),
    )
}

/// When the caller authenticated with MFA, if it did and the time is known.
#[must_use]
pub fn caller_mfa_time(caller: &Caller) -> Option<i64> {
    match caller {
        Caller::Session(s) => s.credentials.mfa_time,
        Caller::UserSession(s) => s.credentials.mfa_time,
        _ => None,
    }
}

/// The session a successful `AssumeRole` hop creates. `mfa_in_call` says whether the call was
/// MFA-authenticated, `time` is when it was made (RFC 3339), when known.
#[must_use]
pub fn next_session(
    caller: &Caller,
    hop: &AssumeHop,
    request: usize,
    index: usize,
    mfa_in_call: bool,
    time: Option<&str>,
) -> Session {
    let tags = session_tags(caller, hop);
    let transitive_keys = transitive_keys(caller, hop);
    let source_identity = match caller {
        Caller::Session(s) if s.source_identity.is_some() => s.source_identity.clone(),
        _ => hop.source_identity.clone(),
    };
    let federated = match caller {
        Caller::Outside(PrincipalSpec::WebIdentity {
            provider, claims, ..
        }) => federated_keys(provider, claims),
        Caller::Outside(PrincipalSpec::Saml { attributes, .. }) => saml_keys(attributes),
        _ => KeyValues::default(),
    };
    // Only OIDC sessions carry `aws:FederatedProvider` (see `derive::federated_provider`).
    let federated_provider = match caller {
        Caller::Outside(PrincipalSpec::WebIdentity { provider, .. }) => Some(provider.clone()),
        _ => None,
    };
    // The MFA age counts from this call when it passed MFA, else from the caller's own MFA.
    let mfa_time = if hop.mfa {
        time.and_then(parse_rfc3339).map(|t| t.seconds)
    } else {
        caller_mfa_time(caller)
    };
    Session {
        role_arn: hop.role.clone(),
        session_name: session_name(caller, hop),
        tags,
        transitive_keys,
        source_identity,
        credentials: Credentials {
            mfa: mfa_in_call,
            mfa_time: mfa_in_call.then_some(mfa_time).flatten(),
            issued: time.map(str::to_owned),
        },
        federated_provider,
        chained: matches!(caller, Caller::Session(_)),
        federated,
        passed: PassedPolicies::of(hop, request, index),
    }
}
