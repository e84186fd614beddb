//! Small helpers on the ARNs a scenario names: identity kinds, accounts, sessions.
//!
//! The ARN grammar itself is [`crate::matching::Arn`]; these helpers only read its parts, and
//! matching ARNs against policy patterns is the job of [`crate::matching`].

use crate::kind::PolicyKind;
use crate::matching::Arn;
pub use crate::matching::{arn_name as name, is_account_id};

/// What an IAM ARN names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdentityKind {
    /// `arn:aws:iam::ACCOUNT:user/NAME`.
    User,
    /// `arn:aws:iam::ACCOUNT:group/NAME`.
    Group,
    /// `arn:aws:iam::ACCOUNT:role/NAME`.
    Role,
    /// `arn:aws:iam::ACCOUNT:root`.
    Root,
}

impl IdentityKind {
    /// `user`, `group`, `role` or `root user`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Group => "group",
            Self::Role => "role",
            Self::Root => "root user",
        }
    }

    /// Whether an identity of this kind may have the scenario field `field` (`trustPolicy`,
    /// `permissionsBoundary`, `groups`, ...); a field not listed here suits every kind.
    ///
    /// Why: only roles have a trust policy, a maximum session duration or a service link
    /// ("Roles terms and concepts", IAM User Guide); only users belong to groups ("IAM user
    /// groups"); a permissions boundary and tags are set on a user or a role ("Permissions
    /// boundaries for IAM entities": "an IAM entity (user or role)").
    #[must_use]
    pub fn allows_field(self, field: &str) -> bool {
        let kinds: &[Self] = match field {
            "groups" => &[Self::User],
            "trustPolicy" | "maxSessionDuration" | "serviceLinked" => &[Self::Role],
            "permissionsBoundary" | "tags" => &[Self::User, Self::Role],
            _ => return true,
        };
        kinds.contains(&self)
    }

    /// Whether an identity of this kind can hold a policy of `kind` itself: a trust policy for
    /// a role, a permissions boundary for a user or a role, identity policies for any (the rule
    /// of [`Self::allows_field`]). Guardrails and resource-based policies live elsewhere.
    #[must_use]
    pub fn can_hold(self, kind: PolicyKind) -> bool {
        match kind {
            PolicyKind::Trust => self.allows_field("trustPolicy"),
            PolicyKind::Boundary => self.allows_field("permissionsBoundary"),
            PolicyKind::Identity => self.allows_field("policies"),
            PolicyKind::Resource
            | PolicyKind::Session
            | PolicyKind::Scp
            | PolicyKind::Rcp
            | PolicyKind::VpcEndpoint => false,
        }
    }
}

/// What kind of IAM identity `arn` names, if any.
#[must_use]
pub fn identity_kind(arn: &str) -> Option<IdentityKind> {
    let parts = Arn::parse(arn)?;
    if parts.service != "iam" || !is_account_id(parts.account) {
        return None;
    }
    if parts.resource == "root" {
        return Some(IdentityKind::Root);
    }
    let (kind, rest) = parts.resource.split_once('/')?;
    if rest.is_empty() || rest.ends_with('/') {
        return None;
    }
    match kind {
        "user" => Some(IdentityKind::User),
        "group" => Some(IdentityKind::Group),
        "role" => Some(IdentityKind::Role),
        _ => None,
    }
}

/// The account of an ARN, when it has one.
#[must_use]
pub fn account(arn: &str) -> Option<&str> {
    Arn::parse(arn).map(|p| p.account).filter(|a| !a.is_empty())
}

/// For an assumed-role session ARN, the ARN of its role (`arn:aws:iam::A:role/R`).
///
/// The session ARN carries only the role's name, not its path; a role with a path is found by
/// [`crate::scenario::model::Scenario`] lookups on the name.
#[must_use]
pub fn session_role_arn(arn: &str) -> Option<String> {
    let (role, _) = session_parts(arn)?;
    let parts = Arn::parse(arn)?;
    Some(format!(
        "arn:{}:iam::{}:role/{role}",
        parts.partition, parts.account
    ))
}

/// The root ARN `arn:PARTITION:iam::ACCOUNT:root` of the account of `arn` (an identity, role
/// or session ARN), which a `Principal` element names to mean the whole account; `None` when
/// `arn` has no account.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::arn::account_root;
/// assert_eq!(account_root("arn:aws:iam::111111111111:role/app").as_deref(), Some("arn:aws:iam::111111111111:root"));
/// assert_eq!(account_root("arn:aws-cn:sts::222222222222:assumed-role/R/s").as_deref(), Some("arn:aws-cn:iam::222222222222:root"));
/// assert_eq!(account_root("arn:aws:s3:::bucket"), None);
/// ```
#[must_use]
pub fn account_root(arn: &str) -> Option<String> {
    let parts = Arn::parse(arn)?;
    is_account_id(parts.account)
        .then(|| format!("arn:{}:iam::{}:root", parts.partition, parts.account))
}

/// For an assumed-role session ARN, the role name and the session name.
#[must_use]
pub fn session_parts(arn: &str) -> Option<(&str, &str)> {
    let parts = Arn::parse(arn)?;
    if !is_account_id(parts.account) {
        return None;
    }
    parts.assumed_role()
}

/// The session ARN `arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION` of a role session.
#[must_use]
pub fn session_arn(role_arn: &str, session_name: &str) -> String {
    let (partition, account) =
        Arn::parse(role_arn).map_or(("aws", ""), |p| (p.partition, p.account));
    format!(
        "arn:{partition}:sts::{account}:assumed-role/{}/{session_name}",
        name(role_arn)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_kinds_are_read_from_the_arn() {
        let check =
            |arn: &str, kind: Option<IdentityKind>| assert_eq!(identity_kind(arn), kind, "{arn}");
        check(
            "arn:aws:iam::111111111111:user/alice",
            Some(IdentityKind::User),
        );
        check(
            "arn:aws:iam::111111111111:user/path/alice",
            Some(IdentityKind::User),
        );
        check(
            "arn:aws:iam::111111111111:group/devs",
            Some(IdentityKind::Group),
        );
        check(
            "arn:aws:iam::111111111111:role/Dev",
            Some(IdentityKind::Role),
        );
        check("arn:aws:iam::111111111111:root", Some(IdentityKind::Root));
        check("arn:aws:iam::1111:user/alice", None);
        check("arn:aws:iam::111111111111:policy/P", None);
        check("arn:aws:s3:::bucket", None);
        check("alice", None);
    }

    #[test]
    fn only_roles_hold_a_trust_policy_and_groups_no_boundary() {
        use crate::scenario::model::{Identity, PolicyDocument};
        let holds = |arn: &str| {
            let identity = Identity {
                arn: arn.to_owned(),
                ..Identity::default()
            };
            [
                PolicyKind::Identity,
                PolicyKind::Trust,
                PolicyKind::Boundary,
            ]
            .map(|kind| identity.can_hold(kind))
        };
        assert_eq!(
            holds("arn:aws:iam::111111111111:role/R"),
            [true, true, true]
        );
        assert_eq!(
            holds("arn:aws:iam::111111111111:user/u"),
            [true, false, true]
        );
        assert_eq!(
            holds("arn:aws:iam::111111111111:group/g"),
            [true, false, false]
        );
        assert_eq!(
            holds("arn:aws:iam::111111111111:root"),
            [true, false, false]
        );
        // An ARN naming no kind is an error of its own; what it holds is not judged.
        assert_eq!(holds("alice"), [true, true, true]);
        // Written with a trust policy: meant as a role.
        let meant = Identity {
            arn: "arn:aws:iam::111111111111:rol/R".to_owned(),
            trust_policy: Some(PolicyDocument::default()),
            ..Identity::default()
        };
        assert!(meant.can_hold(PolicyKind::Trust));
        // Guardrails and resource-based policies live elsewhere.
        assert!(!IdentityKind::Role.can_hold(PolicyKind::Scp));
        assert!(!IdentityKind::Role.can_hold(PolicyKind::Resource));
    }

    #[test]
    fn an_arn_is_named_by_its_last_part() {
        let check = |arn: &str, expected: &str| assert_eq!(name(arn), expected, "{arn}");
        check("arn:aws:iam::111111111111:user/alice", "alice");
        check(
            "arn:aws:iam::111111111111:role/ops/team/Deployer",
            "Deployer",
        );
        check("arn:aws:iam::111111111111:group/devs", "devs");
        check("arn:aws:sts::111111111111:assumed-role/Dev/alice", "alice");
        check("arn:aws:iam::111111111111:root", "root");
        check("arn:aws:s3:::bucket", "bucket");
        check("arn:aws:s3:::bucket/", "bucket");
        check("arn:aws:kms:us-east-1:111111111111:key/1234", "1234");
        check("anonymous", "anonymous");
        check("ec2.amazonaws.com", "ec2.amazonaws.com");
        check("", "");
    }

    #[test]
    fn session_arns_name_their_role() {
        let s = "arn:aws:sts::111111111111:assumed-role/Dev/alice";
        assert_eq!(session_parts(s), Some(("Dev", "alice")));
        assert_eq!(
            session_role_arn(s).as_deref(),
            Some("arn:aws:iam::111111111111:role/Dev")
        );
        assert_eq!(
            session_arn("arn:aws:iam::111111111111:role/ops/Dev", "alice"),
            s
        );
        assert_eq!(
            session_parts("arn:aws:sts::111111111111:assumed-role/Dev"),
            None
        );
    }
}
