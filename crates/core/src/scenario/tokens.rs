//! The STS calls that give a user new credentials without a role, `GetSessionToken` and
//! `GetFederationToken`: the parameter rules STS checks, the credentials they create, and what
//! those credentials (and a federated user's) may not call.
//!
//! `GetSessionToken` is an authentication call: no policy controls it ("No permissions are
//! required for a user to get a session token ... You cannot use policies to control
//! authentication operations", IAM User Guide, "Permissions for GetSessionToken"), so its hop
//! is decided by the rules below alone. `GetFederationToken` is authorized like any action:
//! the user's identity policies must allow `sts:GetFederationToken` on the federated user
//! ("Permissions for GetFederationToken").

use crate::condition::parse_rfc3339;
use crate::names::Named;
use crate::scenario::derive::{Caller, Credentials, FederatedUser, PassedPolicies, UserSession};
use crate::scenario::model::{AssumeHop, HopCall, PrincipalSpec, Scenario};
use crate::scenario::policies::has_managed_session_policy;
use crate::scenario::sts::{MIN_DURATION, StsCheck, check, name_chars, session_policy_size};

/// The longest `GetSessionToken` / `GetFederationToken` credentials of an IAM user: 36 h.
///
/// Why: "This duration can range from 900 seconds (15 minutes) up to a maximum of 129,600
/// seconds (36 hours), with a default of 43,200 seconds (12 hours). Credentials based on
/// account credentials can range from 900 seconds (15 minutes) up to 3,600 seconds (1 hour),
/// with a default of 1 hour" (AWS STS API Reference, GetSessionToken and GetFederationToken,
/// `DurationSeconds`).
pub const MAX_USER_DURATION: u64 = 129_600;
/// The default duration for an IAM user: 12 h.
pub const DEFAULT_USER_DURATION: u64 = 43_200;
/// The longest (and default) duration for the root user: 1 h.
pub const MAX_ROOT_DURATION: u64 = 3_600;

/// At most this many managed session policies (`PolicyArns`) per call.
///
/// Why: "You can provide up to 10 managed policy ARNs" (AWS STS API Reference, AssumeRole and
/// GetFederationToken, `PolicyArns`).
pub const MAX_POLICY_ARNS: usize = 10;

/// The STS action of a `GetSessionToken` or `GetFederationToken` hop.
#[must_use]
pub const fn action_of(call: HopCall) -> &'static str {
    match call {
        HopCall::GetSessionToken => "sts:GetSessionToken",
        HopCall::GetFederationToken => "sts:GetFederationToken",
        HopCall::AssumeRole => "sts:AssumeRole",
    }
}

/// The parameter rules STS checks for a `GetSessionToken` or `GetFederationToken` hop.
#[must_use]
pub fn token_checks(scenario: &Scenario, caller: &Caller, hop: &AssumeHop) -> Vec<StsCheck> {
    let api = hop.call.name();
    let mut out = Vec::new();
    // Why: both calls "must be called by using the long-term AWS security credentials of an
    // IAM user" (or the root user); temporary credentials cannot call them: "AssumeRole ...
    // Cannot call GetFederationToken or GetSessionToken", GetSessionToken credentials can call
    // only AssumeRole and GetCallerIdentity among STS operations (AWS STS API Reference; IAM
    // User Guide, "Compare AWS STS credentials").
    let who = match caller {
        Caller::User { .. } | Caller::Root { .. } => None,
        Caller::Session(_) => Some("a role session (roles cannot make this call)"),
        Caller::UserSession(_) => Some("`GetSessionToken` credentials"),
        Caller::FederatedUser(_) => Some("a federated user"),
        Caller::Outside(PrincipalSpec::Service { .. }) => Some("a service"),
        Caller::Outside(_) => Some("a federated identity"),
        Caller::Anonymous => Some("an anonymous caller"),
    };
    out.push(check(
        "long-term-credentials",
        who.is_none(),
        match who {
            Some(who) => format!(
                "`{api}` must be called with the long-term credentials of an IAM user or the root user, not by {who}"
            ),
            None => format!("`{api}` is called with long-term credentials"),
        },
    ));
    let root = matches!(caller, Caller::Root { .. });
    let (max, default) = if root {
        (MAX_ROOT_DURATION, MAX_ROOT_DURATION)
    } else {
        (MAX_USER_DURATION, DEFAULT_USER_DURATION)
    };
    let duration = hop.duration_seconds.unwrap_or(default);
    out.push(check(
        "token-duration",
        (MIN_DURATION..=max).contains(&duration),
        format!(
            "duration {duration} s must be from {MIN_DURATION} s to {max} s for {}",
            if root { "the root user" } else { "an IAM user" }
        ),
    ));
    if hop.call == HopCall::GetFederationToken {
        // Why: `Name` is 2 to 32 characters of `[\w+=,.@-]` (AWS STS API Reference,
        // GetFederationToken).
        let name = hop.name.as_deref().unwrap_or_default();
        out.push(check(
            "federated-user-name",
            (2..=32).contains(&name.chars().count()) && name_chars(name, ""),
            format!("federated user name `{name}` must be 2 to 32 letters, digits or `_+=,.@-`"),
        ));
        out.extend(session_policy_size(hop));
        out.extend(policy_arn_checks(scenario, hop));
    }
    out
}

/// The managed session policies must be at most 10, and each must be one Rolecall can read.
#[must_use]
pub fn policy_arn_checks(scenario: &Scenario, hop: &AssumeHop) -> Vec<StsCheck> {
    let mut out = Vec::new();
    if hop.policy_arns.is_empty() {
        return out;
    }
    let count = hop.policy_arns.len();
    out.push(check(
        "policy-arns-limit",
        count <= MAX_POLICY_ARNS,
        format!("{count} managed session policies; at most {MAX_POLICY_ARNS} are allowed"),
    ));
    // Never a silent empty policy: an ARN whose document the scenario does not hold fails
    // the call with a clear reason (STS itself rejects a policy ARN that does not exist).
    for arn in &hop.policy_arns {
        if !has_managed_session_policy(scenario, arn) {
            let why = if !crate::managed::is_aws_managed(arn) {
                "is not defined in `managedPolicies`"
            } else if crate::scenario::managed::loading(scenario).contains(&arn.as_str()) {
                "is an AWS managed policy that has not loaded yet"
            } else {
                "is not an AWS managed policy Rolecall knows"
            };
            out.push(check(
                "unknown-policy-arn",
                false,
                format!(
                    "managed policy `{arn}` {why}, so its document (a session policy here) is unknown"
                ),
            ));
        }
    }
    out
}

/// What the credentials of `caller` may not call at all, whatever the policies say: `None`
/// when `action` is not limited.
///
/// Why ("Compare AWS STS credentials", IAM User Guide; AWS STS API Reference):
/// `GetSessionToken` credentials "cannot call any IAM API operations unless MFA authentication
/// information is included in the request" and "cannot call any STS API except AssumeRole or
/// GetCallerIdentity"; a federated user from `GetFederationToken` "cannot call any IAM
/// operations using the AWS CLI or AWS API" and "cannot use AWS STS operations except
/// GetCallerIdentity".
#[must_use]
pub fn credential_limits(caller: &Caller, action: &str) -> Option<StsCheck> {
    let (service, name) = action.split_once(':')?;
    let iam = service.eq_ignore_ascii_case("iam");
    let sts = service.eq_ignore_ascii_case("sts");
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    match caller {
        Caller::UserSession(s) if iam && !s.credentials.mfa => Some(check(
            "session-token-iam-needs-mfa",
            false,
            format!(
                "credentials from `GetSessionToken` without MFA cannot call IAM operations such as `{action}`"
            ),
        )),
        Caller::UserSession(_) if sts && !is("AssumeRole") && !is("GetCallerIdentity") => {
            Some(check(
                "session-token-sts-limited",
                false,
                format!(
                    "credentials from `GetSessionToken` can call only `sts:AssumeRole` and `sts:GetCallerIdentity` among STS operations, not `{action}`"
                ),
            ))
        }
        Caller::FederatedUser(_) if iam => Some(check(
            "federated-user-no-iam",
            false,
            format!(
                "a federated user (from `GetFederationToken`) cannot call IAM operations such as `{action}`"
            ),
        )),
        Caller::FederatedUser(_) if sts && !is("GetCallerIdentity") => Some(check(
            "federated-user-sts-limited",
            false,
            format!(
                "a federated user (from `GetFederationToken`) can call only `sts:GetCallerIdentity` among STS operations, not `{action}`"
            ),
        )),
        _ => None,
    }
}

/// The caller a successful `GetSessionToken` or `GetFederationToken` hop yields. `time` is the
/// time of the call (RFC 3339), when known.
#[must_use]
pub fn next_caller(
    caller: &Caller,
    hop: &AssumeHop,
    request: usize,
    index: usize,
    time: Option<&str>,
) -> Caller {
    let issued = time.map(str::to_owned);
    match hop.call {
        HopCall::GetFederationToken => Caller::FederatedUser(FederatedUser {
            user_arn: caller.principal(),
            name: hop.name.clone().unwrap_or_default(),
            passed: PassedPolicies::of(hop, request, index),
            credentials: Credentials {
                issued,
                ..Credentials::default()
            },
        }),
        // Why: GetSessionToken credentials have "the same permissions as the IAM user" and
        // carry the MFA context when SerialNumber and TokenCode were passed ("Permissions for
        // GetSessionToken", IAM User Guide).
        _ => Caller::UserSession(UserSession {
            arn: caller.principal(),
            credentials: Credentials {
                mfa: hop.mfa,
                mfa_time: if hop.mfa {
                    time.and_then(parse_rfc3339).map(|t| t.seconds)
                } else {
                    None
                },
                issued,
            },
        }),
    }
}
