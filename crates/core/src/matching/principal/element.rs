//! The `Principal` and `NotPrincipal` elements as a whole: the best match among their values, and
//! the identities a `NotPrincipal` must list to exclude a caller.

use super::{Principal, PrincipalMatch, principal_matches};
use crate::model::{PrincipalType, PrincipalValue};
use crate::span::Span;

/// The most specific value of a `Principal` element that names `who`, with its span; `None` when
/// no value does. For a `NotPrincipal` element use [`not_principal_excludes`] instead.
#[must_use]
pub fn principal_value_matches(
    value: &PrincipalValue,
    who: &Principal,
) -> Option<(PrincipalMatch, Span)> {
    match value {
        PrincipalValue::Wildcard(span) => Some((PrincipalMatch::Wildcard, *span)),
        PrincipalValue::Map(entries) => entries
            .iter()
            .flat_map(|entry| {
                entry.values.iter().filter_map(move |v| {
                    principal_matches(entry.kind, &v.value, who).map(|m| (m, v.span))
                })
            })
            .max_by_key(|(m, span)| (m.specificity(), std::cmp::Reverse(span.start))),
    }
}

/// Whether a `NotPrincipal` element *excludes* the caller, i.e. whether a `Deny` statement with it
/// does not apply to `who`.
///
/// Why: "AWS JSON policy elements: NotPrincipal" explains that AWS may check a caller as each of
/// its identities in turn: "AWS might validate the account first and then the user. If an
/// assumed-role user ... is being evaluated, AWS might validate the account first, then the role,
/// and then the assumed-role user". Its examples therefore list the user ARN with the account
/// ARN, and the session ARN with the role ARN and the account ARN; a list missing one of them
/// "might ... explicitly deny access" to the caller. So the caller escapes the `Deny` only when
/// every one of its identities is listed, and here a role ARN names the role identity only, not
/// its sessions ("you cannot use a wildcard (*) to mean all sessions").
///
/// Not modelled here (the evaluator's concern): the same page says a `Deny` with `NotPrincipal`
/// "will always deny any IAM principal that has a permissions boundary policy attached".
#[must_use]
pub fn not_principal_excludes(value: &PrincipalValue, who: &Principal) -> bool {
    let entries = match value {
        PrincipalValue::Wildcard(_) => return true,
        PrincipalValue::Map(entries) => entries,
    };
    let aws_star = entries
        .iter()
        .any(|e| e.kind == PrincipalType::Aws && e.values.iter().any(|v| v.value.trim() == "*"));
    if aws_star {
        return true;
    }
    let listed = |kind: PrincipalType, wanted: PrincipalMatch, as_who: &Principal| {
        entries.iter().filter(|e| e.kind == kind).any(|e| {
            e.values.iter().any(|v| {
                principal_matches(kind, &v.value, as_who)
                    .is_some_and(|m| m == wanted || m == PrincipalMatch::Wildcard)
            })
        })
    };
    let account_listed = || listed(PrincipalType::Aws, PrincipalMatch::Account, who);
    match who {
        Principal::Anonymous => listed(PrincipalType::Aws, PrincipalMatch::Wildcard, who),
        Principal::Root { .. } => account_listed(),
        Principal::User { .. } => {
            account_listed() && listed(PrincipalType::Aws, PrincipalMatch::ExactUser, who)
        }
        Principal::Role { .. } => {
            account_listed() && listed(PrincipalType::Aws, PrincipalMatch::ExactRole, who)
        }
        Principal::Session { .. } => {
            account_listed()
                && listed(PrincipalType::Aws, PrincipalMatch::RoleOfSession, who)
                && listed(PrincipalType::Aws, PrincipalMatch::ExactSession, who)
        }
        Principal::FederatedUser { .. } => {
            account_listed() && listed(PrincipalType::Aws, PrincipalMatch::ExactFederatedUser, who)
        }
        Principal::Service { .. } => listed(PrincipalType::Service, PrincipalMatch::Service, who),
        Principal::Federated { .. } => {
            listed(PrincipalType::Federated, PrincipalMatch::Federated, who)
        }
        Principal::CanonicalUser { .. } => listed(
            PrincipalType::CanonicalUser,
            PrincipalMatch::CanonicalUser,
            who,
        ),
        Principal::Other { .. } => listed(PrincipalType::Aws, PrincipalMatch::Wildcard, who),
    }
}
