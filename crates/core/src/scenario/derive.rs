//! Context keys that AWS sets by itself, derived from the principal, the resource and the clock.
//!
//! Every key made here is marked [`ContextSource::Derived`] so the explanation can show it as
//! such; the request's own `context` is laid over them afterwards and wins.
//!
//! Why each key is (or is not) set follows "AWS global condition context keys" in the IAM User
//! Guide: `aws:username` exists only for IAM users (absent for role sessions: a classic trap);
//! `aws:PrincipalArn` of a role session is the role ARN, not the session ARN;
//! `aws:MultiFactorAuthPresent` is absent for long-term access keys and present (true or false)
//! for temporary credentials; `aws:PrincipalTag/*` of a session merges the role's tags with the
//! session tags, the session tags winning ("Pass session tags in AWS STS").

use crate::condition::parse_rfc3339;
use crate::matching::Arn;
use crate::request::{Context, ContextSource, ContextValue};
use crate::scenario::arn::{self, IdentityKind, identity_kind};
use crate::scenario::model::{
    AssumeHop, KeyValues, PolicyDocument, PrincipalSpec, Resource, Scenario,
};

/// Who is calling at one step, with what AWS knows about the credentials used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// An IAM user with long-term access keys.
    User {
        /// The user ARN.
        arn: String,
    },
    /// The root user of an account.
    Root {
        /// The root ARN `arn:aws:iam::ACCOUNT:root`.
        arn: String,
    },
    /// A user (or the root user) with the temporary credentials of `GetSessionToken`: the
    /// same principal and permissions, plus what the credentials carry (MFA).
    UserSession(UserSession),
    /// A role session (temporary credentials).
    Session(Session),
    /// A federated user session made by `GetFederationToken`.
    FederatedUser(FederatedUser),
    /// A caller from outside IAM, as the request names it: an AWS service, or a web identity
    /// (OIDC) or SAML user before it assumes a role. Always a [`PrincipalSpec::Service`],
    /// [`PrincipalSpec::WebIdentity`] or [`PrincipalSpec::Saml`]: `initial_caller` reads an ARN
    /// and `anonymous` into the other variants.
    Outside(PrincipalSpec),
    /// An unauthenticated caller.
    Anonymous,
}

/// A role session and everything it carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Session {
    /// The role ARN.
    pub role_arn: String,
    /// The session name.
    pub session_name: String,
    /// Session tags, including incoming transitive tags.
    pub tags: KeyValues<String>,
    /// The keys of the transitive tags (they pass to the next session in a chain).
    pub transitive_keys: Vec<String>,
    /// The source identity, once set.
    pub source_identity: Option<String>,
    /// MFA and the issue time.
    pub credentials: Credentials,
    /// The OIDC or SAML provider that authenticated the federated identity the session was
    /// created for (`aws:FederatedProvider`).
    pub federated_provider: Option<String>,
    /// Whether this session was created by a session (role chaining).
    pub chained: bool,
    /// Context keys the federation keeps in the session (`accounts.google.com:sub`, `saml:sub`, ...).
    pub federated: KeyValues<ContextValue>,
    /// The session policies passed when it was created.
    pub passed: PassedPolicies,
}

/// The session policies a hop passed when it created a session (`AssumeRole*`) or a federated
/// user (`GetFederationToken`): the inline `Policy` and the managed `PolicyArns`, with the hop
/// that passed them (which names their documents, `DocumentId::Session` and `SessionArn`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PassedPolicies {
    /// The inline session policy (`Policy`).
    pub inline: Option<PolicyDocument>,
    /// The managed session policies (`PolicyArns`).
    pub arns: Vec<String>,
    /// The index of the request of the hop that passed them.
    pub request: usize,
    /// The index of the hop that passed them.
    pub hop: usize,
}

impl PassedPolicies {
    /// What hop `index` of request `request` passes.
    #[must_use]
    pub fn of(hop: &AssumeHop, request: usize, index: usize) -> Self {
        Self {
            inline: hop.session_policy.clone(),
            arns: hop.policy_arns.clone(),
            request,
            hop: index,
        }
    }
}

/// What temporary credentials (a role session, `GetSessionToken`'s, `GetFederationToken`'s)
/// carry of how they were obtained: the facts behind `aws:MultiFactorAuthPresent`,
/// `aws:MultiFactorAuthAge` and `aws:TokenIssueTime` (`Credentials::keys`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    /// Whether they were obtained with MFA.
    pub mfa: bool,
    /// When the MFA authentication happened (seconds since the epoch), when known.
    pub mfa_time: Option<i64>,
    /// When they were issued (`aws:TokenIssueTime`), when known.
    pub issued: Option<String>,
}

/// The temporary credentials `GetSessionToken` gives a user or the root user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserSession {
    /// The user (or root) ARN: the principal stays the same.
    pub arn: String,
    /// MFA (when the call was MFA-authenticated) and the issue time.
    pub credentials: Credentials,
}

/// A federated user session (`arn:aws:sts::ACCOUNT:federated-user/NAME`) made by
/// `GetFederationToken`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FederatedUser {
    /// The IAM user (or root) that called `GetFederationToken`: its policies are the ceiling.
    pub user_arn: String,
    /// The `Name` of the call.
    pub name: String,
    /// The session policies passed (`Policy`, `PolicyArns`).
    pub passed: PassedPolicies,
    /// The issue time (never MFA: `GetFederationToken` does not support it).
    pub credentials: Credentials,
}

impl FederatedUser {
    /// `arn:PARTITION:sts::ACCOUNT:federated-user/NAME`.
    #[must_use]
    pub fn arn(&self) -> String {
        let (partition, account) =
            Arn::parse(&self.user_arn).map_or(("aws", ""), |p| (p.partition, p.account));
        format!(
            "arn:{partition}:sts::{account}:federated-user/{}",
            self.name
        )
    }
}

impl Caller {
    /// The principal as the evaluator reads it (an ARN, a service or provider name, `anonymous`).
    #[must_use]
    pub fn principal(&self) -> String {
        match self {
            Self::User { arn } | Self::Root { arn } => arn.clone(),
            Self::UserSession(s) => s.arn.clone(),
            Self::Session(s) => arn::session_arn(&s.role_arn, &s.session_name),
            Self::FederatedUser(f) => f.arn(),
            Self::Outside(PrincipalSpec::Service { service, .. }) => service.clone(),
            Self::Outside(
                PrincipalSpec::WebIdentity { provider, .. } | PrincipalSpec::Saml { provider, .. },
            ) => provider.clone(),
            Self::Outside(PrincipalSpec::Arn(arn)) => arn.clone(),
            Self::Anonymous | Self::Outside(PrincipalSpec::Anonymous) => "anonymous".to_owned(),
        }
    }

    /// The account of the principal, for IAM principals.
    #[must_use]
    pub fn account(&self) -> Option<String> {
        match self {
            Self::User { arn } | Self::Root { arn } => arn::account(arn).map(str::to_owned),
            Self::UserSession(s) => arn::account(&s.arn).map(str::to_owned),
            Self::Session(s) => arn::account(&s.role_arn).map(str::to_owned),
            Self::FederatedUser(f) => arn::account(&f.user_arn).map(str::to_owned),
            _ => None,
        }
    }

    /// Whether the caller holds long-term credentials (an IAM user's access keys or the root
    /// user's), as `GetSessionToken` and `GetFederationToken` require.
    #[must_use]
    pub const fn has_long_term_credentials(&self) -> bool {
        matches!(self, Self::User { .. } | Self::Root { .. })
    }
}

/// Sets a single-valued key the simulator derived (explanations show it as derived).
pub(crate) fn set(context: &mut Context, key: impl Into<String>, value: impl Into<String>) {
    context.insert(
        key,
        ContextValue::Single(value.into()),
        ContextSource::Derived,
    );
}

/// A stable made-up unique id (`AIDA...` or `AROA...`, 21 characters) for an identity whose
/// scenario entry gives no `id`. Derived from the ARN so it never changes between runs.
#[must_use]
pub fn unique_id(scenario: &Scenario, arn: &str, prefix: &str) -> String {
    if let Some(id) = scenario.identity(arn).and_then(|i| i.id.clone()) {
        return id;
    }
    // FNV-1a, then base-32 digits: deterministic and dependency free.
    let hash = crate::hash::fnv1a_64(arn.as_bytes());
    const DIGITS: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut id = String::from(prefix);
    for i in 0..17u32 {
        let index = (hash.rotate_left(i * 5) & 31) as usize;
        id.push(char::from(DIGITS.get(index).copied().unwrap_or(b'A')));
    }
    id
}

/// Adds the keys AWS derives from the principal: `aws:PrincipalArn`, `aws:PrincipalAccount`,
/// `aws:PrincipalType`, `aws:username`, `aws:userid`, `aws:PrincipalTag/*`,
/// `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalIsAWSService`,
/// `aws:MultiFactorAuthPresent` (sessions only), `aws:SourceIdentity`, and for services
/// `aws:SourceArn` / `aws:SourceAccount`.
///
/// `at` is the time of the step (seconds since the epoch), from which `aws:MultiFactorAuthAge`
/// is counted.
pub fn principal_keys(
    context: &mut Context,
    scenario: &Scenario,
    caller: &Caller,
    at: Option<i64>,
) {
    match caller {
        Caller::User { arn } | Caller::Root { arn } => user_keys(context, scenario, arn),
        Caller::UserSession(s) => {
            user_keys(context, scenario, &s.arn);
            s.credentials.keys(context, at, None);
        }
        Caller::FederatedUser(f) => {
            // Why: for a federated user `aws:PrincipalArn` is the federated-user ARN,
            // `aws:PrincipalType` is `FederatedUser` and `aws:userid` is `ACCOUNT:NAME`;
            // `aws:username` is absent ("AWS global condition context keys", "Principal key
            // values"). GetFederationToken does not support MFA ("Compare AWS STS
            // credentials").
            set(context, "aws:PrincipalArn", f.arn());
            set(context, "aws:PrincipalType", "FederatedUser");
            let account = arn::account(&f.user_arn).unwrap_or_default();
            set(context, "aws:userid", format!("{account}:{}", f.name));
            f.credentials.keys(context, at, None);
        }
        Caller::Session(session) => session_keys(context, scenario, session, at),
        Caller::Outside(PrincipalSpec::Service {
            service,
            source_arn,
            source_account,
        }) => {
            // Why: "aws:PrincipalServiceName ... present when the request is made by an AWS
            // service principal" ("AWS global condition context keys").
            set(context, "aws:PrincipalIsAWSService", "true");
            set(context, "aws:PrincipalServiceName", service.as_str());
            if let Some(arn) = source_arn {
                set(context, "aws:SourceArn", arn.as_str());
            }
            if let Some(account) = source_account {
                set(context, "aws:SourceAccount", account.as_str());
            }
            return;
        }
        Caller::Outside(PrincipalSpec::WebIdentity { provider, .. }) => {
            federated_provider(context, provider);
            return;
        }
        Caller::Outside(_) => return,
        Caller::Anonymous => {
            set(context, "aws:PrincipalType", "Anonymous");
            set(context, "aws:userid", "anonymous");
            return;
        }
    }
    set(context, "aws:PrincipalIsAWSService", "false");
    if let Some(account) = caller.account() {
        set(context, "aws:PrincipalAccount", account.as_str());
        org_keys(
            context,
            scenario,
            &account,
            ["aws:PrincipalOrgID", "aws:PrincipalOrgPaths"],
        );
    }
}

/// The keys of an IAM user or the root user.
fn user_keys(context: &mut Context, scenario: &Scenario, arn: &str) {
    set(context, "aws:PrincipalArn", arn);
    if identity_kind(arn) == Some(IdentityKind::Root) {
        set(context, "aws:PrincipalType", "Account");
        set(context, "aws:userid", arn::account(arn).unwrap_or_default());
        return;
    }
    set(context, "aws:PrincipalType", "User");
    set(context, "aws:username", arn::name(arn));
    set(context, "aws:userid", unique_id(scenario, arn, "AIDA"));
    if let Some(identity) = scenario.identity(arn) {
        for (key, value) in identity.tags.iter() {
            set(context, format!("aws:PrincipalTag/{key}"), value.as_str());
        }
    }
}

/// Seconds since the MFA authentication at the step's time (0 when either is unknown, or the
/// step is not later).
///
/// Why: "aws:MultiFactorAuthAge ... the number of seconds since the requesting principal was
/// authorized using MFA" ("AWS global condition context keys").
#[must_use]
pub fn mfa_age(mfa_time: Option<i64>, at: Option<i64>) -> i64 {
    match (mfa_time, at) {
        (Some(t), Some(now)) => now.saturating_sub(t).max(0),
        _ => 0,
    }
}

impl Credentials {
    /// The keys of temporary credentials: `aws:MultiFactorAuthPresent` (always present, `true`
    /// only with MFA), `aws:MultiFactorAuthAge` (only with MFA, counted to the step's time
    /// `at`) and `aws:TokenIssueTime` (when they were issued, else `issued_else`).
    ///
    /// Why: the key is present for temporary credentials, true only when MFA was used to get
    /// them; `aws:MultiFactorAuthAge` only when MFA was used; `aws:TokenIssueTime` for temporary
    /// credentials only ("AWS global condition context keys"; the API Gateway table of global
    /// keys: "present only in requests signed using temporary security credentials").
    fn keys(&self, context: &mut Context, at: Option<i64>, issued_else: Option<&str>) {
        set(
            context,
            "aws:MultiFactorAuthPresent",
            if self.mfa { "true" } else { "false" },
        );
        if self.mfa {
            let age = mfa_age(self.mfa_time, at);
            set(context, "aws:MultiFactorAuthAge", age.to_string());
        }
        if let Some(issued) = self.issued.as_deref().or(issued_else) {
            set(context, "aws:TokenIssueTime", issued);
        }
    }
}

fn session_keys(context: &mut Context, scenario: &Scenario, session: &Session, at: Option<i64>) {
    let role = &session.role_arn;
    set(context, "aws:PrincipalArn", role.as_str());
    set(context, "aws:PrincipalType", "AssumedRole");
    let role_id = unique_id(scenario, role, "AROA");
    set(
        context,
        "aws:userid",
        format!("{role_id}:{}", session.session_name),
    );
    // Why: the role's IAM tags, then the session tags on top ("session tags override role tags
    // with the same key", Pass session tags in AWS STS).
    if let Some(identity) = scenario.identity(role) {
        for (key, value) in identity.tags.iter() {
            set(context, format!("aws:PrincipalTag/{key}"), value.as_str());
        }
    }
    for (key, value) in session.tags.iter() {
        set(context, format!("aws:PrincipalTag/{key}"), value.as_str());
    }
    // The session is taken as created at `now` unless its hop gives a `time`.
    session
        .credentials
        .keys(context, at, scenario.now.as_deref());
    if let Some(provider) = &session.federated_provider {
        federated_provider(context, provider);
    }
    if let Some(source) = &session.source_identity {
        set(context, "aws:SourceIdentity", source.as_str());
    }
    for (key, value) in session.federated.iter() {
        context.insert(key, value.clone(), ContextSource::Derived);
    }
}

/// `aws:FederatedProvider`: the OIDC provider that authenticated the web identity.
///
/// Why ("AWS global condition context keys", `aws:FederatedProvider`): "This key is present in
/// the role-session of a role that was assumed using OpenID Connect (OIDC) provider, and in the
/// role-trust policy when an OIDC provider is used to call `AssumeRoleWithWebIdentity`"; its
/// value is the provider as the trust policy names it: for a built-in IdP "a **string** [...]
/// like: `cognito-identity.amazonaws.com`", for any other (GitHub, Amazon EKS) the IAM OIDC
/// provider's "**ARN** [...] like:
/// `arn:aws:iam::111122223333:oidc-provider/oidc.eks.region.amazonaws.com/id/...`". The page
/// names OIDC only: a SAML session does not get the key.
fn federated_provider(context: &mut Context, provider: &str) {
    set(context, "aws:FederatedProvider", provider);
}

/// The organization keys of `account` when it is in the scenario's organization: its id under
/// `id_key` and its path under `paths_key` (`aws:PrincipalOrgID` and `aws:PrincipalOrgPaths`
/// for the caller, `aws:ResourceOrgID` and `aws:ResourceOrgPaths` for the resource).
fn org_keys(
    context: &mut Context,
    scenario: &Scenario,
    account: &str,
    [id_key, paths_key]: [&str; 2],
) {
    if let Some((id, path)) = org_path(scenario, account) {
        set(context, id_key, id.as_str());
        context.insert(
            paths_key,
            ContextValue::Multi(vec![path]),
            ContextSource::Derived,
        );
    }
}

/// Adds `aws:ResourceAccount`, `aws:ResourceTag/*`, `aws:ResourceOrgID` and
/// `aws:ResourceOrgPaths` (when the owning account is in the organization), and
/// `aws:RequestedRegion` from the resource ARN's region.
///
/// Why `aws:RequestedRegion`: a call on a regional resource goes to that region's endpoint,
/// and the key is "the AWS Region that was called in the request" ("AWS global condition
/// context keys"); a `context` entry overrides it (for global resources such as S3 buckets
/// and IAM roles the ARN has no region and nothing is derived).
pub fn resource_keys(
    context: &mut Context,
    scenario: &Scenario,
    resource: &str,
    account: Option<&str>,
    tags: &KeyValues<String>,
) {
    if let Some(account) = account {
        set(context, "aws:ResourceAccount", account);
        org_keys(
            context,
            scenario,
            account,
            ["aws:ResourceOrgID", "aws:ResourceOrgPaths"],
        );
    }
    for (key, value) in tags.iter() {
        set(context, format!("aws:ResourceTag/{key}"), value.as_str());
    }
    if let Some(region) = Arn::parse(resource)
        .map(|p| p.region)
        .filter(|r| !r.is_empty() && !r.contains('*'))
    {
        set(context, "aws:RequestedRegion", region);
    }
}

/// The organization id and the `o-id/r-root/ou-.../` path of `account`, if it is a member of
/// an organization with a known id.
fn org_path(scenario: &Scenario, account: &str) -> Option<(String, String)> {
    let org = scenario.organization.as_ref()?;
    let path = org.accounts.get(account)?;
    let id = org.id.as_ref()?;
    let mut text = format!("{id}/");
    for part in path {
        text.push_str(part);
        text.push('/');
    }
    Some((id.clone(), text))
}

/// Adds `aws:CurrentTime` and `aws:EpochTime` from the scenario's `now`, if it has one.
///
/// Why UTC: AWS writes `aws:CurrentTime` in UTC (`2026-11-22T12:00:00Z`, "AWS global condition
/// context keys"), so a `now` written with an offset is converted: a `StringLike` on the key
/// then sees what AWS would send, while `Date*` operators compare the same instant either way.
pub fn time_keys(context: &mut Context, now: Option<&str>) {
    let Some(now) = now else { return };
    if let Some(epoch) = parse_rfc3339(now).map(|instant| instant.seconds) {
        if now.ends_with(['Z', 'z']) {
            set(context, "aws:CurrentTime", now);
        } else {
            set(context, "aws:CurrentTime", utc_text(epoch));
        }
        set(context, "aws:EpochTime", epoch.to_string());
    }
}

/// `YYYY-MM-DDThh:mm:ssZ` for seconds since the epoch (the inverse of the civil-date
/// computation of [`parse_rfc3339`], Howard Hinnant's algorithm).
fn utc_text(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let second_of_day = epoch.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

/// Lays `given` over `context` (given keys win).
pub fn overlay(context: &mut Context, given: &KeyValues<ContextValue>) {
    for (key, value) in given.iter() {
        context.insert(key, value.clone(), ContextSource::Given);
    }
}

/// The resource entry that governs `resource`: the entry with the same ARN, or, for an object
/// inside an S3 bucket, the bucket's entry (a bucket policy governs its objects).
#[must_use]
pub fn governing_resource<'a>(scenario: &'a Scenario, resource: &str) -> Option<&'a Resource> {
    scenario
        .resources
        .iter()
        .find(|r| r.arn == resource)
        .or_else(|| {
            scenario.resources.iter().find(|r| {
                r.arn.starts_with("arn:aws:s3:::")
                    && !r.arn.contains('/')
                    && resource
                        .strip_prefix(r.arn.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
        })
}

/// The ARN of the entry that would govern `resource`: the bucket of an S3 object
/// (`arn:aws:s3:::bucket/key` → `arn:aws:s3:::bucket`), else `resource` itself (the rule of
/// [`governing_resource`]).
#[must_use]
pub fn governing_arn(resource: &str) -> &str {
    match resource.strip_prefix("arn:aws:s3:::") {
        Some(rest) => match rest.find('/') {
            Some(slash) => resource
                .get(.."arn:aws:s3:::".len() + slash)
                .unwrap_or(resource),
            None => resource,
        },
        None => resource,
    }
}

/// The account owning `resource`: from its governing entry, else from the ARN (IAM roles
/// included).
#[must_use]
pub fn resource_account(scenario: &Scenario, resource: &str) -> Option<String> {
    governing_resource(scenario, resource)
        .and_then(|r| r.account.clone())
        .or_else(|| arn::account(resource).map(str::to_owned))
}

/// Whether `arn` names an IAM user in `scenario` (used to tell users from roles quickly).
#[must_use]
pub fn is_user(arn: &str) -> bool {
    identity_kind(arn) == Some(IdentityKind::User)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_objects_governing_arn_is_its_bucket() {
        assert_eq!(governing_arn("arn:aws:s3:::b/k/x.csv"), "arn:aws:s3:::b");
        assert_eq!(governing_arn("arn:aws:s3:::b"), "arn:aws:s3:::b");
        assert_eq!(
            governing_arn("arn:aws:sqs:us-east-1:1:q"),
            "arn:aws:sqs:us-east-1:1:q"
        );
    }

    #[test]
    fn current_time_is_written_in_utc_like_aws_does() {
        let check = |now: &str, expected: &str| {
            let mut context = Context::new();
            time_keys(&mut context, Some(now));
            assert_eq!(
                context.get("aws:CurrentTime"),
                Some(&ContextValue::Single(expected.to_owned())),
                "{now}"
            );
        };
        check("2026-11-22T14:00:00+02:00", "2026-11-22T12:00:00Z");
        check("2026-03-01T01:30:00+03:00", "2026-02-28T22:30:00Z");
        check("2024-02-29T23:00:00-01:00", "2024-03-01T00:00:00Z");
        check("1969-12-31T23:59:59-00:00", "1969-12-31T23:59:59Z");
        check("2026-11-22T12:00:00.5Z", "2026-11-22T12:00:00.5Z");
    }
}
