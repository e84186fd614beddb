//! What a front end shows where a policy document is absent: the sentence saying what that
//! means, and whether a resource-based policy can be added there.
//!
//! The page draws these values as they are (names in backticks become code); the IAM rules and
//! the wording live here, next to the evaluator they describe.

use crate::matching::Arn;
use crate::scenario::arn::{self, IdentityKind, identity_kind};
use crate::scenario::derive::governing_arn;
use crate::scenario::model::Scenario;

/// The ARN a resource-based policy deciding a request on `resource` would be attached to (the
/// bucket of an S3 object, else `resource` itself, as [`governing_arn`] says), when such a
/// policy can exist there; `None` otherwise.
///
/// Why: "Resource-based policies are JSON policy documents that you attach to a resource" (IAM
/// User Guide, "Identity-based policies and resource-based policies"), so the target must be
/// one named resource: an ARN, without the `*` or `?` of a pattern. In IAM itself the only
/// resource-based policy is a role's trust policy, which a scenario keeps with the role, and
/// IAM users, groups, policies and STS sessions have none, so `iam` and `sts` ARNs get none
/// here.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::absent::resource_policy_home;
/// assert_eq!(resource_policy_home("arn:aws:s3:::bucket/key"), Some("arn:aws:s3:::bucket"));
/// assert_eq!(resource_policy_home("*"), None);
/// ```
#[must_use]
pub fn resource_policy_home(resource: &str) -> Option<&str> {
    let home = governing_arn(resource);
    let parts = Arn::parse(home)?;
    let named = !parts.resource.is_empty() && !home.contains(['*', '?']);
    let has_none = matches!(parts.service, "iam" | "sts" | "");
    (named && !has_none).then_some(home)
}

/// In place of the trust policy of identity `arn`, which has none.
///
/// Why: "A role trust policy is a required resource-based policy that is attached to a role"
/// (IAM User Guide, "Roles terms and concepts"); users and groups have none, and a role
/// without one can be assumed by no one (the evaluator's rule 5).
#[must_use]
pub fn no_trust_policy(arn: &str) -> String {
    let name = arn::name(arn);
    match identity_kind(arn) {
        Some(IdentityKind::Role) => format!(
            "The role `{name}` has no trust policy here, so no one can assume it: a role's trust policy says who may."
        ),
        _ => format!("`{name}` has no trust policy: only roles have one."),
    }
}

/// In place of the resource-based policy of the resource `arn`, which has none.
///
/// Why: see the evaluator's rules 6 and 10 (`evaluate/mod.rs`): within one account an
/// identity policy alone can allow, across accounts the resource-based policy must allow too,
/// and a KMS key's key policy is always required.
#[must_use]
pub fn no_resource_policy(arn: &str) -> String {
    format!(
        "`{}` has no resource-based policy. Without one, only identity policies of its own account can grant access to it (a KMS key always needs its key policy).",
        arn::name(arn)
    )
}

/// In place of the resource's side of a step on `resource` (a hop's `role`, or the final
/// action's resource), where no document took part.
#[must_use]
pub fn no_resource_side(scenario: &Scenario, resource: &str, hop: bool) -> String {
    if !hop {
        return format!(
            "No resource-based policy governs `{resource}`: the caller's own policies decide this step."
        );
    }
    if scenario.identities.iter().any(|i| i.arn == resource) {
        no_trust_policy(resource)
    } else {
        format!("The role `{resource}` is not in the scenario, so it has no trust policy here.")
    }
}

/// In place of the caller's side of a step made by `principal`, where no identity-based policy
/// took part.
#[must_use]
pub fn no_identity_side(principal: &str) -> String {
    format!("`{}` has no identity-based policy.", arn::name(principal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resource_policy_goes_on_one_named_resource_that_can_hold_one() {
        let check = |resource: &str, expected: Option<&str>| {
            assert_eq!(resource_policy_home(resource), expected, "{resource}");
        };
        // An S3 object's access is governed by its bucket's policy.
        check(
            "arn:aws:s3:::reports/2024/q1.csv",
            Some("arn:aws:s3:::reports"),
        );
        check("arn:aws:s3:::reports", Some("arn:aws:s3:::reports"));
        check(
            "arn:aws:kms:us-east-1:111111111111:key/1234",
            Some("arn:aws:kms:us-east-1:111111111111:key/1234"),
        );
        check(
            "arn:aws:sqs:us-east-1:111111111111:queue",
            Some("arn:aws:sqs:us-east-1:111111111111:queue"),
        );
        // A policy attaches to one resource, never to a pattern or to "every resource".
        check("*", None);
        check("arn:aws:s3:::reports*", None);
        check("arn:aws:sqs:us-east-1:111111111111:queue-?", None);
        // IAM users, groups and policies and STS sessions hold no resource-based policy; a role's
        // is its trust policy.
        check("arn:aws:iam::111111111111:user/alice", None);
        check("arn:aws:iam::111111111111:role/Deployer", None);
        check("arn:aws:sts::111111111111:assumed-role/Deployer/s", None);
        // Not an ARN, or no resource in it.
        check("reports", None);
        check("arn:aws:s3:::", None);
        check("", None);
    }

    #[test]
    fn a_missing_trust_policy_is_explained_by_what_the_identity_is() {
        assert_eq!(
            no_trust_policy("arn:aws:iam::111111111111:user/alice"),
            "`alice` has no trust policy: only roles have one."
        );
        assert!(
            no_trust_policy("arn:aws:iam::111111111111:role/ops/Deployer")
                .starts_with("The role `Deployer` has no trust policy here")
        );
    }

    #[test]
    fn a_steps_missing_resource_side_says_why() {
        let role = "arn:aws:iam::111111111111:role/Deployer";
        let mut scenario = Scenario::default();
        assert_eq!(
            no_resource_side(&scenario, role, true),
            format!("The role `{role}` is not in the scenario, so it has no trust policy here.")
        );
        scenario.identities.push(crate::scenario::model::Identity {
            arn: role.to_owned(),
            ..Default::default()
        });
        assert_eq!(
            no_resource_side(&scenario, role, true),
            no_trust_policy(role)
        );
        assert!(
            no_resource_side(&scenario, "arn:aws:s3:::b/k", false)
                .starts_with("No resource-based policy governs `arn:aws:s3:::b/k`")
        );
    }
}
