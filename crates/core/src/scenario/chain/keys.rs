//! The context keys of an assume-role call: the role's as the call's resource, the call's own
//! (`sts:*`, `aws:RequestTag/*`, MFA), and the provider keys of a web identity token or a SAML
//! assertion.

use crate::matching::Arn;
use crate::request::{Context, ContextSource, ContextValue};
use crate::scenario::arn;
use crate::scenario::chain::calls::{session_name, session_tags};
use crate::scenario::derive::{Caller, resource_keys, set};
use crate::scenario::model::{AssumeHop, HopCall, KeyValues, PrincipalSpec, Scenario};

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
