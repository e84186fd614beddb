//! Assume-role hops: which STS call a hop is, the parameter rules STS checks before it hands
//! out credentials, the request context of the call, and the session it creates.
//!
//! The authorization itself (trust policy, identity policies, boundary, SCPs, RCPs) is the
//! general decision procedure of [`crate::evaluate`]: the trust policy plays the resource-based
//! policy, which gives the rules of "Granting a user permissions to switch roles": trust always
//! required; in the same account a trust policy naming the caller's user or session ARN is
//! enough, one naming only the account needs an identity `Allow` too; across accounts both.

//!
//! `calls.rs`: which call a hop is and what it passes; `checks.rs`: STS's parameter rules;
//! `keys.rs`: the context keys of the call; here: the session a hop creates.

mod calls;
mod checks;
mod keys;

pub use calls::{
    assume_call_of, call_of, effective_hop, extra_calls, hop_requests, session_name, session_tags,
    transitive_keys,
};
pub use checks::{DEFAULT_DURATION, sts_checks};
pub use keys::{assume_call_keys, call_keys, federated_keys, provider_host, saml_keys};

use crate::condition::parse_rfc3339;
use crate::scenario::derive::{Caller, Credentials, PassedPolicies, Session};
use crate::scenario::model::{AssumeHop, KeyValues, PrincipalSpec};
pub use crate::scenario::sts::{MIN_DURATION, StsCheck};

/// The most assume hops Rolecall follows in one request; a longer chain gets the warning
/// `chain-too-long` at its first extra hop, and that hop and the rest of the request are not
/// evaluated.
///
/// Why: AWS documents no limit on the length of a role chain (each chained session lasts at
/// most an hour), so this is Rolecall's own bound, far above any real chain, that keeps a
/// shared link from asking for unbounded work (issue 14).
pub const MAX_HOPS: usize = 50;

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
