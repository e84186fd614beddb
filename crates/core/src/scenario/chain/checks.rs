//! The parameter rules STS checks before it hands out credentials (`sts_checks`): the caller
//! may call, the role exists, the session name, duration, external id, source identity and
//! tags are within STS's limits, and a web identity token's audience is registered.

use crate::diagnostic::backticked;
use crate::request::ContextValue;
use crate::scenario::chain::calls::{incoming_transitive, session_name};
use crate::scenario::derive::{Caller, Session};
use crate::scenario::model::{AssumeHop, HopCall, PrincipalSpec, Scenario};
use crate::scenario::sts::{MIN_DURATION, StsCheck, check, name_chars, session_policy_size};
use crate::scenario::tokens;

/// The default `MaxSessionDuration` of a role, and the cap on a chained session, in seconds.
///
/// Why: "Role chaining limits your AWS CLI or AWS API role session to a maximum of one hour"
/// and "By default, the value is set to 3600 seconds" (AssumeRole `DurationSeconds`, AWS STS API
/// Reference; IAM User Guide, "Role chaining").
pub const DEFAULT_DURATION: u64 = 3600;

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
