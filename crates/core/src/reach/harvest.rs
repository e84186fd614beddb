//! The condition values a caller can supply itself, found in the policies of a call.
//!
//! An edge that holds only when the caller authenticates with MFA, passes an `ExternalId`,
//! calls from an IP range or presents a token with the right claims must not disappear: the
//! caller can usually do exactly that. So when a call is denied as the caller would make it
//! by default, the graph looks at the conditions of the policies involved, takes the values
//! the caller controls (listed in [`SUPPLIED_KEYS`]), and asks the evaluator again with them.
//! If the call is then allowed, the edge is *conditional* and lists the values.
//!
//! Which values: those an `Allow` statement asks for with a positive operator
//! (`StringEquals`, `StringLike`, `Bool`, `IpAddress`, ...), and those a `Deny` statement
//! spares with a negated operator (`StringNotEquals`, `NotIpAddress`, ...). A `StringLike`
//! pattern is instantiated by writing `x` for each wildcard; an IP range by its first address.
//! MFA is one fact: any condition on `aws:MultiFactorAuth*` makes the caller try with MFA.
//! Whatever is supplied, the evaluator decides: a Deny that still matches keeps the edge away.

use serde::{Deserialize, Serialize};

use crate::evaluate::NamedPolicy;
use crate::policy::model::{BaseOperator, Effect};
use crate::request::ContextValue;
use crate::scenario::arn::{IdentityKind, identity_kind};
use crate::scenario::chain::provider_host;
use crate::scenario::derive::Caller;
use crate::scenario::model::{AssumeHop, KeyValues, PrincipalSpec};

/// Context keys a caller sets by how it calls (lowercase); `aws:RequestTag/*` too.
///
/// Why these: they describe the call, not the caller's identity ("AWS global condition context
/// keys": `aws:SourceIp`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:RequestedRegion`,
/// `aws:SecureTransport`, `aws:RequestTag/*`; STS: `sts:ExternalId`, `sts:RoleSessionName`,
/// `sts:SourceIdentity` are parameters of `AssumeRole`).
pub const SUPPLIED_KEYS: &[&str] = &[
    "sts:externalid",
    "sts:rolesessionname",
    "sts:sourceidentity",
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:requestedregion",
    "aws:securetransport",
];

/// The MFA key, and the value an MFA-authenticated caller has.
pub const MFA_KEY: &str = "aws:MultiFactorAuthPresent";

/// One value the caller supplies.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Supply {
    /// The context key (for a federated identity: the token claim key such as
    /// `token.actions.githubusercontent.com:sub`).
    pub key: String,
    /// The value.
    pub value: String,
}

/// Whether a caller supplies `key` (lowercase) itself; `owned` are the caller's own key
/// prefixes (see [`owned_keys`]).
fn supplied(key: &str, owned: &[String]) -> bool {
    SUPPLIED_KEYS.contains(&key)
        || key.starts_with("aws:requesttag/")
        || owned.iter().any(|o| key.starts_with(o.as_str()))
}

/// A value of a condition, written so that the operator accepts it.
fn instantiate(base: BaseOperator, value: &str) -> String {
    match base {
        BaseOperator::IpAddress | BaseOperator::NotIpAddress => {
            value.split('/').next().unwrap_or(value).to_owned()
        }
        _ => value.replace(['*', '?'], "x"),
    }
}

/// The values the caller can supply for the conditions of `policies`; `owned` are the key
/// prefixes only this caller controls ([`owned_keys`]).
#[must_use]
pub fn harvest<'a>(
    policies: impl IntoIterator<Item = &'a NamedPolicy>,
    owned: &[String],
) -> Vec<Supply> {
    let mut out: Vec<Supply> = Vec::new();
    let mut mfa = false;
    for policy in policies {
        for statement in &policy.policy.statements {
            let effect = statement.effect.as_ref().map(|e| e.value);
            for condition in &statement.conditions {
                let key = condition.key.value.to_ascii_lowercase();
                let Some(operator) = condition.operator else {
                    continue;
                };
                if key.starts_with("aws:multifactorauth") {
                    mfa = true;
                    continue;
                }
                let wanted = match effect {
                    Some(Effect::Allow) => !operator.base.is_negated(),
                    Some(Effect::Deny) => operator.base.is_negated(),
                    None => false,
                };
                if !wanted
                    || operator.base == BaseOperator::Null
                    || !supplied(&key, owned)
                    || out.iter().any(|s| s.key.eq_ignore_ascii_case(&key))
                {
                    continue;
                }
                if let Some(value) = condition.values.first() {
                    out.push(Supply {
                        key: condition.key.value.clone(),
                        value: instantiate(operator.base, &value.value),
                    });
                }
            }
        }
    }
    if mfa {
        out.insert(
            0,
            Supply {
                key: MFA_KEY.to_owned(),
                value: "true".to_owned(),
            },
        );
    }
    out
}

/// The keys (lowercase prefixes) a role session carries from the call that made it: its
/// principal tags (session tags win over the role's tags) and its source identity. The
/// caller of a role session "supplies" them by using a session made with those values;
/// whether an earlier hop of a path can make such a session is checked by
/// [`crate::reach::session::holds`].
pub const SESSION_OWNED: &[&str] = &["aws:principaltag/", "aws:sourceidentity"];

/// Whether `key` (any case) is a value of the calling role session itself, fixed when the
/// session was made ([`SESSION_OWNED`]).
#[must_use]
pub fn is_session_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    SESSION_OWNED.iter().any(|k| {
        if k.ends_with('/') {
            key.starts_with(k)
        } else {
            key == *k
        }
    })
}

/// `supplies` without the values of the calling session ([`is_session_key`]).
#[must_use]
pub fn without_session_keys(supplies: &[Supply]) -> Vec<Supply> {
    supplies
        .iter()
        .filter(|s| !is_session_key(&s.key))
        .cloned()
        .collect()
}

/// The sets of values a call is tried with, in order, when it is not allowed as it is: first
/// `supplies` [`without_session_keys`] when that leaves some and drops some, then all of
/// `supplies`; none when there is nothing to supply.
///
/// Why: values of the calling session are asked for only when the call needs them, since
/// they make every path through it replay its chain of sessions (`session.rs`).
#[must_use]
pub fn attempts(supplies: Vec<Supply>) -> Vec<Vec<Supply>> {
    if supplies.is_empty() {
        return Vec::new();
    }
    let fewer = without_session_keys(&supplies);
    if !fewer.is_empty() && fewer.len() < supplies.len() {
        vec![fewer, supplies]
    } else {
        vec![supplies]
    }
}

fn session_owned() -> Vec<String> {
    SESSION_OWNED.iter().map(|k| (*k).to_owned()).collect()
}

/// The key prefixes a caller controls itself, by what it is: a role session its session
/// values ([`SESSION_OWNED`]).
#[must_use]
pub fn owned_by_caller(caller: &Caller) -> Vec<String> {
    match caller {
        Caller::Session(_) => session_owned(),
        _ => Vec::new(),
    }
}

/// The key prefixes (lowercase) only this caller controls: the token claims of a federated
/// identity (`HOST:` for OIDC, `saml:` for SAML), for a service the resource it acts for
/// (`aws:SourceArn`, `aws:SourceAccount`: the service sets them from the resource it runs
/// for, "AWS global condition context keys"), and for a role (a session of it) the values of
/// its session ([`SESSION_OWNED`]).
#[must_use]
pub fn owned_keys(spec: &PrincipalSpec) -> Vec<String> {
    match spec {
        PrincipalSpec::Arn(arn) if identity_kind(arn) == Some(IdentityKind::Role) => {
            session_owned()
        }
        PrincipalSpec::WebIdentity { provider, .. } => {
            vec![format!("{}:", provider_host(provider).to_ascii_lowercase())]
        }
        PrincipalSpec::Saml { .. } => vec!["saml:".to_owned()],
        PrincipalSpec::Service { .. } => {
            vec!["aws:sourcearn".to_owned(), "aws:sourceaccount".to_owned()]
        }
        _ => Vec::new(),
    }
}

/// `spec` with what it supplies of its own: token claims for a federated identity, the
/// source resource and account for a service.
#[must_use]
pub fn with_supplies(spec: &PrincipalSpec, supplies: &[Supply]) -> PrincipalSpec {
    let mut spec = spec.clone();
    if let PrincipalSpec::Service {
        source_arn,
        source_account,
        ..
    } = &mut spec
    {
        for s in supplies {
            if s.key.eq_ignore_ascii_case("aws:SourceArn") {
                *source_arn = Some(s.value.clone());
            } else if s.key.eq_ignore_ascii_case("aws:SourceAccount") {
                *source_account = Some(s.value.clone());
            }
        }
        return spec;
    }
    let host = match &spec {
        PrincipalSpec::WebIdentity { provider, .. } => provider_host(provider).to_owned(),
        PrincipalSpec::Saml { .. } => "saml".to_owned(),
        _ => return spec,
    };
    let claims = supplies.iter().filter_map(|s| {
        let rest = s
            .key
            .get(host.len()..)
            .filter(|_| s.key.len() > host.len())?;
        let prefix = s.key.get(..host.len())?;
        (prefix.eq_ignore_ascii_case(&host) && rest.starts_with(':')).then(|| {
            (
                rest.trim_start_matches(':').to_owned(),
                ContextValue::Single(s.value.clone()),
            )
        })
    });
    match &mut spec {
        PrincipalSpec::WebIdentity { claims: c, .. } => extend(c, claims),
        PrincipalSpec::Saml { attributes, .. } => extend(attributes, claims),
        _ => {}
    }
    spec
}

fn extend(map: &mut KeyValues<ContextValue>, more: impl Iterator<Item = (String, ContextValue)>) {
    for (key, value) in more {
        if map.get(&key).is_none() {
            map.0.push((key, value));
        }
    }
}

/// Sets the hop parameters and call context the supplies stand for.
pub fn apply_to_hop(hop: &mut AssumeHop, supplies: &[Supply]) {
    for s in supplies {
        let key = s.key.to_ascii_lowercase();
        match key.as_str() {
            "aws:multifactorauthpresent" => hop.mfa = true,
            "sts:externalid" => hop.external_id = Some(s.value.clone()),
            "sts:rolesessionname" => hop.session_name = Some(s.value.clone()),
            "sts:sourceidentity" => hop.source_identity = Some(s.value.clone()),
            _ => match s.key.get("aws:RequestTag/".len()..) {
                Some(tag) if key.starts_with("aws:requesttag/") => {
                    hop.session_tags.0.push((tag.to_owned(), s.value.clone()));
                }
                _ if SUPPLIED_KEYS.contains(&key.as_str()) || is_session_key(&key) => hop
                    .context
                    .0
                    .push((s.key.clone(), ContextValue::Single(s.value.clone()))),
                _ => {}
            },
        }
    }
}

/// The request context the supplies stand for, for an ordinary action (MFA adds
/// `aws:MultiFactorAuthAge` = 0, as a fresh MFA sign-in).
#[must_use]
pub fn as_context(supplies: &[Supply]) -> KeyValues<ContextValue> {
    let mut out = Vec::new();
    for s in supplies {
        out.push((s.key.clone(), ContextValue::Single(s.value.clone())));
        if s.key == MFA_KEY {
            out.push((
                "aws:MultiFactorAuthAge".to_owned(),
                ContextValue::Single("0".to_owned()),
            ));
        }
    }
    KeyValues(out)
}
