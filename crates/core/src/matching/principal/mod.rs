//! The calling principal of a request, and the `Principal` / `NotPrincipal` elements.
//!
//! A request names its caller as text (an ARN, a service name, `anonymous`); [`parse_principal`]
//! reads it into a [`Principal`], and [`principal_matches`] decides whether one value of a
//! `Principal` element names that caller, and how ([`PrincipalMatch`]): the evaluator needs the
//! "how" because a resource policy naming a session ARN grants more on its own, in the same
//! account, than one naming only the account ("Policy evaluation logic", "Cross-account policy
//! evaluation logic").

use serde::Serialize;

mod element;

pub use element::{not_principal_excludes, principal_value_matches};

use super::arn::{Arn, is_account_id};
use crate::model::PrincipalType;

/// The principal that makes a request.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Principal {
    /// An unauthenticated caller (`anonymous`).
    Anonymous,
    /// The account's root user, `arn:aws:iam::ACCOUNT:root`.
    Root {
        /// The ARN.
        arn: String,
        /// The account id.
        account: String,
    },
    /// An IAM user, `arn:aws:iam::ACCOUNT:user/PATH/NAME`.
    User {
        /// The ARN, path included.
        arn: String,
        /// The account id.
        account: String,
        /// The user name (last element of the path).
        name: String,
    },
    /// An IAM role itself, `arn:aws:iam::ACCOUNT:role/PATH/NAME` (roles act through sessions; a
    /// role ARN given as the caller is kept as such).
    Role {
        /// The ARN, path included.
        arn: String,
        /// The account id.
        account: String,
        /// The role name (last element of the path).
        name: String,
    },
    /// An assumed-role session, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    Session {
        /// The session ARN.
        arn: String,
        /// The account id.
        account: String,
        /// The role's name.
        role_name: String,
        /// The role's ARN. A session ARN does not contain the role's path, so the parser gives
        /// `arn:PARTITION:iam::ACCOUNT:role/ROLE` (no path); a caller that knows the path (the
        /// scenario) may replace it. Matching compares role *names*, which are unique within an
        /// account whatever the path, so the path never changes a match.
        role_arn: String,
        /// The session name.
        session_name: String,
    },
    /// An STS federated user, `arn:aws:sts::ACCOUNT:federated-user/NAME`.
    FederatedUser {
        /// The ARN.
        arn: String,
        /// The account id.
        account: String,
        /// The federated user's name.
        name: String,
    },
    /// A service principal such as `lambda.amazonaws.com`.
    Service {
        /// The service principal name.
        name: String,
    },
    /// A web identity or SAML caller, named by its provider: a SAML or OIDC provider ARN
    /// (`arn:aws:iam::ACCOUNT:saml-provider/NAME`, `...:oidc-provider/HOST`) or a well-known
    /// provider name (`accounts.google.com`, `cognito-identity.amazonaws.com`, ...).
    Federated {
        /// The provider as written in a `Federated` principal.
        provider: String,
    },
    /// An S3 canonical user id (64 hexadecimal digits).
    CanonicalUser {
        /// The id.
        id: String,
    },
    /// Any other text: an ARN of another kind or an unrecognised name. It only matches `"*"`
    /// and an identical `AWS` value.
    Other {
        /// The text as given.
        text: String,
    },
}

/// The well-known web identity providers that appear by name in `Federated` principals.
const WEB_IDENTITY_PROVIDERS: [&str; 4] = [
    "accounts.google.com",
    "cognito-identity.amazonaws.com",
    "graph.facebook.com",
    "www.amazon.com",
];

/// Reads a request's principal text. Never fails: unknown text gives [`Principal::Other`].
///
/// # Examples
///
/// ```
/// use rolecall_core::matching::{Principal, parse_principal};
///
/// let p = parse_principal("arn:aws:sts::111111111111:assumed-role/Dev/s");
/// assert_eq!(p.account(), Some("111111111111"));
/// assert_eq!(p.principal_type(), Some("AssumedRole"));
/// assert_eq!(p.role_arn(), Some("arn:aws:iam::111111111111:role/Dev"));
/// assert_eq!(parse_principal("lambda.amazonaws.com"), Principal::Service { name: "lambda.amazonaws.com".into() });
/// ```
#[must_use]
pub fn parse_principal(text: &str) -> Principal {
    let text = text.trim();
    if text.eq_ignore_ascii_case("anonymous") {
        return Principal::Anonymous;
    }
    if let Some(arn) = Arn::parse(text) {
        return principal_from_arn(text, &arn);
    }
    if WEB_IDENTITY_PROVIDERS.contains(&text) {
        return Principal::Federated {
            provider: text.to_owned(),
        };
    }
    if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Principal::CanonicalUser {
            id: text.to_owned(),
        };
    }
    if text.ends_with(".amazonaws.com") || text.ends_with(".amazonaws.com.cn") {
        return Principal::Service {
            name: text.to_owned(),
        };
    }
    Principal::Other {
        text: text.to_owned(),
    }
}

/// Reads a principal ARN.
fn principal_from_arn(text: &str, arn: &Arn<'_>) -> Principal {
    let account = arn.account.to_owned();
    let (kind, rest) = arn.resource_type();
    let other = || Principal::Other {
        text: text.to_owned(),
    };
    match (arn.service, kind) {
        ("iam", "root") if rest.is_empty() && arn.resource == "root" => Principal::Root {
            arn: text.to_owned(),
            account,
        },
        ("iam", "user") if !rest.is_empty() => Principal::User {
            arn: text.to_owned(),
            account,
            name: arn.resource_name().to_owned(),
        },
        ("iam", "role") if !rest.is_empty() => Principal::Role {
            arn: text.to_owned(),
            account,
            name: arn.resource_name().to_owned(),
        },
        ("iam", "saml-provider" | "oidc-provider") => Principal::Federated {
            provider: text.to_owned(),
        },
        ("sts", "assumed-role") => match arn.assumed_role() {
            Some((role, session)) => Principal::Session {
                arn: text.to_owned(),
                role_arn: format!("arn:{}:iam::{}:role/{role}", arn.partition, arn.account),
                account,
                role_name: role.to_owned(),
                session_name: session.to_owned(),
            },
            None => other(),
        },
        ("sts", "federated-user") if !rest.is_empty() => Principal::FederatedUser {
            arn: text.to_owned(),
            account,
            name: rest.to_owned(),
        },
        _ => other(),
    }
}

impl Principal {
    /// The account the principal belongs to; `None` for anonymous callers, services, web identity
    /// providers given by name, and canonical users.
    #[must_use]
    pub fn account(&self) -> Option<&str> {
        match self {
            Self::Federated { provider } => Arn::parse(provider).map(|a| a.account),
            _ => self.in_account().map(|(_, account)| account),
        }
    }

    /// The principal's ARN, when it has one.
    #[must_use]
    pub fn arn(&self) -> Option<&str> {
        match self {
            Self::Federated { provider } if provider.starts_with("arn:") => Some(provider),
            Self::Other { text } if text.starts_with("arn:") => Some(text),
            _ => self.in_account().map(|(arn, _)| arn),
        }
    }

    /// The ARN and account of a principal of an account (its root, a user, a role, a session,
    /// a federated user); `None` for every other kind.
    fn in_account(&self) -> Option<(&str, &str)> {
        match self {
            Self::Root { arn, account }
            | Self::User { arn, account, .. }
            | Self::Role { arn, account, .. }
            | Self::Session { arn, account, .. }
            | Self::FederatedUser { arn, account, .. } => Some((arn, account)),
            Self::Federated { .. }
            | Self::Anonymous
            | Self::Service { .. }
            | Self::CanonicalUser { .. }
            | Self::Other { .. } => None,
        }
    }

    /// For a session, the ARN of its role (see [`Principal::Session::role_arn`]).
    #[must_use]
    pub fn role_arn(&self) -> Option<&str> {
        match self {
            Self::Session { role_arn, .. } => Some(role_arn),
            Self::Role { arn, .. } => Some(arn),
            _ => None,
        }
    }

    /// The value of `aws:PrincipalType` for this caller, when AWS sets one.
    ///
    /// Why: "AWS global condition context keys", `aws:PrincipalType`: the values are `Account`
    /// (root user), `User` (IAM user), `FederatedUser` (STS federated user), `AssumedRole` (role
    /// session) and `Anonymous`. Service principals, web identity providers and canonical users
    /// have no documented value, so the key is absent for them (`None`). A role given directly as
    /// the caller acts through a session, so it counts as `AssumedRole`.
    #[must_use]
    pub fn principal_type(&self) -> Option<&'static str> {
        match self {
            Self::Anonymous => Some("Anonymous"),
            Self::Root { .. } => Some("Account"),
            Self::User { .. } => Some("User"),
            Self::Role { .. } | Self::Session { .. } => Some("AssumedRole"),
            Self::FederatedUser { .. } => Some("FederatedUser"),
            Self::Service { .. }
            | Self::Federated { .. }
            | Self::CanonicalUser { .. }
            | Self::Other { .. } => None,
        }
    }
}

/// How a `Principal` value named the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PrincipalMatch {
    /// `"*"` or `{"AWS": "*"}`: everyone.
    Wildcard,
    /// The caller's account, by id or `arn:...:root`: every principal of the account.
    Account,
    /// The caller's own IAM user ARN.
    ExactUser,
    /// The caller's own role ARN (the caller is the role itself).
    ExactRole,
    /// The ARN of the role whose session the caller is.
    RoleOfSession,
    /// The caller's own assumed-role session ARN.
    ExactSession,
    /// The caller's own STS federated user ARN.
    ExactFederatedUser,
    /// The caller's service principal.
    Service,
    /// The caller's identity provider (`Federated`).
    Federated,
    /// The caller's canonical user id.
    CanonicalUser,
}

impl PrincipalMatch {
    /// How specific the match is, from 1 (the account) to 4 (the exact identity). When several
    /// values of one `Principal` element name the caller, the evaluator keeps the most specific.
    #[must_use]
    pub const fn specificity(self) -> u8 {
        match self {
            Self::Account => 1,
            Self::Wildcard => 2,
            Self::RoleOfSession => 3,
            Self::ExactUser
            | Self::ExactRole
            | Self::ExactSession
            | Self::ExactFederatedUser
            | Self::Service
            | Self::Federated
            | Self::CanonicalUser => 4,
        }
    }
}

/// Whether one value of a `Principal` element names the caller `who`, and how.
///
/// - `AWS: "*"` matches everyone, anonymous callers and services included. Why: "AWS JSON policy
///   elements: Principal", section "All principals": a wildcard "grants access to all users,
///   including anonymous users (public access)", and "for anonymous users, the following
///   elements are equivalent: `"Principal": "*"`, `"Principal" : { "AWS" : "*" }`". The page
///   does not separate services out; Rolecall treats both forms alike for every caller.
/// - `AWS: "111111111111"` and `AWS: "arn:aws:iam::111111111111:root"` are the same and name the
///   *account*: every user, role session, federated user and the root user of it (section "AWS
///   account principals": the root ARN does not mean only the root user).
/// - A role ARN names the role and every session of it (section "IAM role principals" and "Role
///   session principals"); a session ARN names only that session; a user ARN only that user.
/// - `Service`, `Federated` and `CanonicalUser` values name only that service, identity provider
///   or canonical user. A `*` is not accepted in them.
/// - A partial wildcard in an `AWS` ARN (`arn:aws:iam::1:role/*`) matches nothing: "You cannot
///   use a wildcard to match part of a principal name or ARN" (same page); the validator reports
///   it.
///
/// # Examples
///
/// ```
/// use rolecall_core::matching::{PrincipalMatch, parse_principal, principal_matches};
/// use rolecall_core::policy::model::PrincipalType;
///
/// let session = parse_principal("arn:aws:sts::111111111111:assumed-role/Dev/s");
/// let role = "arn:aws:iam::111111111111:role/Dev";
/// assert_eq!(principal_matches(PrincipalType::Aws, role, &session), Some(PrincipalMatch::RoleOfSession));
/// assert_eq!(principal_matches(PrincipalType::Aws, "111111111111", &session), Some(PrincipalMatch::Account));
/// assert_eq!(principal_matches(PrincipalType::Aws, "222222222222", &session), None);
/// ```
#[must_use]
pub fn principal_matches(
    kind: PrincipalType,
    value: &str,
    who: &Principal,
) -> Option<PrincipalMatch> {
    let value = value.trim();
    match (kind, who) {
        (PrincipalType::Aws, _) => aws_value_matches(value, who),
        (PrincipalType::Service, Principal::Service { name }) => name
            .eq_ignore_ascii_case(value)
            .then_some(PrincipalMatch::Service),
        (PrincipalType::Federated, Principal::Federated { provider }) => {
            (provider == value).then_some(PrincipalMatch::Federated)
        }
        (PrincipalType::CanonicalUser, Principal::CanonicalUser { id }) => id
            .eq_ignore_ascii_case(value)
            .then_some(PrincipalMatch::CanonicalUser),
        _ => None,
    }
}

/// The account of which `who` is a member (web identity callers are not account members).
fn member_account(who: &Principal) -> Option<&str> {
    match who {
        Principal::Federated { .. } => None,
        _ => who.account(),
    }
}

/// The matching of one `AWS` principal value.
fn aws_value_matches(value: &str, who: &Principal) -> Option<PrincipalMatch> {
    if value == "*" {
        return Some(PrincipalMatch::Wildcard);
    }
    if is_account_id(value) {
        return (member_account(who) == Some(value)).then_some(PrincipalMatch::Account);
    }
    if value.contains(['*', '?']) {
        return None;
    }
    let arn = Arn::parse(value)?;
    let (kind, rest) = arn.resource_type();
    match (arn.service, kind, who) {
        ("iam", "root", _) if rest.is_empty() => (member_account(who) == Some(arn.account)
            && same_partition(who, arn.partition))
        .then_some(PrincipalMatch::Account),
        ("iam", "user", Principal::User { arn: own, .. }) => {
            (own == value).then_some(PrincipalMatch::ExactUser)
        }
        ("iam", "role", Principal::Role { arn: own, .. }) => {
            (own == value).then_some(PrincipalMatch::ExactRole)
        }
        (
            "iam",
            "role",
            Principal::Session {
                account, role_name, ..
            },
        ) => (arn.account == account
            && arn.resource_name() == role_name
            && same_partition(who, arn.partition))
        .then_some(PrincipalMatch::RoleOfSession),
        ("sts", "assumed-role", Principal::Session { arn: own, .. }) => {
            (own == value).then_some(PrincipalMatch::ExactSession)
        }
        ("sts", "federated-user", Principal::FederatedUser { arn: own, .. }) => {
            (own == value).then_some(PrincipalMatch::ExactFederatedUser)
        }
        _ => None,
    }
}

/// Whether the caller's ARN is in `partition` (true when the caller has no ARN to compare).
fn same_partition(who: &Principal, partition: &str) -> bool {
    who.arn()
        .and_then(Arn::parse)
        .is_none_or(|own| own.partition == partition)
}

#[cfg(test)]
mod tests;
