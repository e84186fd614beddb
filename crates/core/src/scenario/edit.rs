//! Renames that follow references: the scenario bookkeeping the page applies when the user
//! renames an identity, a resource or a customer managed policy, so that no request silently loses the role it assumes.
//!
//! A scenario refers to identities and resources by ARN: request principals (an identity's
//! ARN, or a session of a role), assume hops, group memberships and request resources (the
//! resource itself or, for an S3 bucket, an object in it). A rename rewrites each of these.
//! Policy texts are left alone: they are the user's documents, and in AWS a policy that names a
//! renamed principal keeps the old ARN too.

use crate::kind::PolicyKind;
use crate::scenario::absent::resource_policy_home;
use crate::scenario::arn::{self, session_arn, session_parts};
use crate::scenario::derive::governing_resource;
use crate::scenario::model::{PolicyDocument, PrincipalSpec, Resource, Scenario};
use crate::scenario::template::TemplateContext;

impl Scenario {
    /// Renames identity `index` to `arn` and rewrites every reference to its old ARN: request
    /// principals (the ARN itself, or a session of the role), assume hops and group
    /// memberships. Returns how many references were rewritten, or `None` when there is no
    /// identity `index`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::model::{AssumeHop, Identity, Scenario, ScenarioRequest};
    /// let old = "arn:aws:iam::111111111111:role/Old";
    /// let mut s = Scenario {
    ///     identities: vec![Identity { arn: old.to_owned(), ..Identity::default() }],
    ///     requests: vec![ScenarioRequest {
    ///         assume: vec![AssumeHop { role: old.to_owned(), ..AssumeHop::default() }],
    ///         ..ScenarioRequest::default()
    ///     }],
    ///     ..Scenario::default()
    /// };
    /// assert_eq!(s.rename_identity(0, "arn:aws:iam::111111111111:role/New"), Some(1));
    /// assert_eq!(s.requests[0].assume[0].role, "arn:aws:iam::111111111111:role/New");
    /// ```
    pub fn rename_identity(&mut self, index: usize, arn: &str) -> Option<usize> {
        let Some(old) = replace_arn(&mut self.identities.get_mut(index)?.arn, arn) else {
            return Some(0);
        };
        let follow = |value: &mut String| follow_rename(value, &old, arn);
        let mut followed = 0;
        for identity in &mut self.identities {
            followed += identity.groups.iter_mut().map(follow).sum::<usize>();
        }
        for request in &mut self.requests {
            if let PrincipalSpec::Arn(principal) = &mut request.principal {
                followed += follow(principal);
                if let Some(session) = renamed_session(principal, &old, arn) {
                    *principal = session;
                    followed += 1;
                }
            }
            followed += request
                .assume
                .iter_mut()
                .map(|h| follow(&mut h.role))
                .sum::<usize>();
        }
        Some(followed)
    }

    /// Renames resource `index` to `arn` and rewrites every request resource it governs: its
    /// own ARN and, for an S3 bucket, the objects in it (`arn:aws:s3:::old/key` becomes
    /// `arn:aws:s3:::new/key`). Returns how many references were rewritten, or `None` when
    /// there is no resource `index`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::model::{Resource, Scenario, ScenarioRequest};
    /// let mut s = Scenario {
    ///     resources: vec![Resource { arn: "arn:aws:s3:::old".to_owned(), ..Resource::default() }],
    ///     requests: vec![ScenarioRequest {
    ///         resource: Some("arn:aws:s3:::old/report.csv".to_owned()),
    ///         ..ScenarioRequest::default()
    ///     }],
    ///     ..Scenario::default()
    /// };
    /// assert_eq!(s.rename_resource(0, "arn:aws:s3:::new"), Some(1));
    /// assert_eq!(s.requests[0].resource.as_deref(), Some("arn:aws:s3:::new/report.csv"));
    /// ```
    pub fn rename_resource(&mut self, index: usize, arn: &str) -> Option<usize> {
        let old = self.resources.get(index)?.arn.clone();
        // Which requests this resource governs is decided on the scenario before the rename,
        // by the same rule the evaluator uses to find a request's resource policy.
        let governed: Vec<usize> = self
            .requests
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.resource.as_deref().is_some_and(|resource| {
                    governing_resource(self, resource).is_some_and(|g| g.arn == old)
                })
            })
            .map(|(i, _)| i)
            .collect();
        let Some(old) = replace_arn(&mut self.resources.get_mut(index)?.arn, arn) else {
            return Some(0);
        };
        let mut followed = 0;
        for i in governed {
            if let Some(resource) = self.requests.get_mut(i).and_then(|r| r.resource.as_mut())
                && let Some(rest) = resource.strip_prefix(old.as_str())
            {
                *resource = format!("{arn}{rest}");
                followed += 1;
            }
        }
        Some(followed)
    }

    /// Renames customer managed policy `index` (`managedPolicies`) to `arn` and rewrites every
    /// reference to its old ARN: the identity policies and permissions boundaries attached by
    /// ARN (`{"arn": ...}`) and the hops' `policyArns`. Returns how many references were
    /// rewritten, or `None` when there is no managed policy `index`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::model::{
    ///     AssumeHop, ManagedPolicyDef, Scenario, ScenarioRequest,
    /// };
    /// let old = "arn:aws:iam::111111111111:policy/Old";
    /// let mut s = Scenario {
    ///     managed_policies: vec![ManagedPolicyDef { arn: old.to_owned(), ..Default::default() }],
    ///     requests: vec![ScenarioRequest {
    ///         assume: vec![AssumeHop { policy_arns: vec![old.to_owned()], ..AssumeHop::default() }],
    ///         ..ScenarioRequest::default()
    ///     }],
    ///     ..Scenario::default()
    /// };
    /// assert_eq!(s.rename_managed_policy(0, "arn:aws:iam::111111111111:policy/New"), Some(1));
    /// assert_eq!(s.requests[0].assume[0].policy_arns, ["arn:aws:iam::111111111111:policy/New"]);
    /// ```
    pub fn rename_managed_policy(&mut self, index: usize, arn: &str) -> Option<usize> {
        let Some(old) = replace_arn(&mut self.managed_policies.get_mut(index)?.arn, arn) else {
            return Some(0);
        };
        let follow = |value: &mut String| follow_rename(value, &old, arn);
        let mut followed = 0;
        for identity in &mut self.identities {
            for entry in identity.policy_entries_mut() {
                if let Some(reference) = entry.document.reference.as_mut()
                    && follow(&mut reference.arn) == 1
                {
                    followed += 1;
                    // A reference's name is the policy's own (AWS attaches by ARN alone).
                    crate::managed::policy_name(arn).clone_into(&mut entry.name);
                }
            }
        }
        for hop in self.requests.iter_mut().flat_map(|r| &mut r.assume) {
            followed += hop.policy_arns.iter_mut().map(follow).sum::<usize>();
        }
        Some(followed)
    }

    /// Gives the resource of request `request` the resource-based policy that decides it,
    /// where one can exist ([`resource_policy_home`]: the bucket of an S3 object, never a
    /// pattern, an IAM or an STS ARN): the core's template, naming the acting principal (the
    /// last hop's role, else the request's principal) and allowing the request's action. The
    /// entry that governs the resource gets it when it has none; without an entry, one is
    /// added at the policy's home. Returns whether a policy was added.
    pub fn add_resource_policy_for(&mut self, request: usize) -> bool {
        let Some(r) = self.requests.get(request) else {
            return false;
        };
        let Some(resource) = r.resource.clone() else {
            return false;
        };
        let Some(home) = resource_policy_home(&resource).map(str::to_owned) else {
            return false;
        };
        let caller = match (r.assume.last(), &r.principal) {
            (Some(hop), _) if !hop.role.is_empty() => hop.role.clone(),
            (_, PrincipalSpec::Arn(arn)) => arn.clone(),
            _ => String::new(),
        };
        let action = r.action.clone().unwrap_or_default();
        let cx = TemplateContext::for_owner(&home).in_step(&action, &resource, &caller);
        let policy = PolicyDocument::template_in(PolicyKind::Resource, &cx);
        let existing = governing_resource(self, &resource).map(|g| g.arn.clone());
        match existing.and_then(|arn| self.resources.iter_mut().find(|g| g.arn == arn)) {
            Some(entry) if entry.policy.is_none() => entry.policy = Some(policy),
            Some(_) => return false,
            None => self.resources.push(Resource {
                arn: home,
                policy: Some(policy),
                ..Resource::default()
            }),
        }
        true
    }
}

/// Writes `arn` into `slot` and gives back the old ARN when references to it should follow.
/// Not when either is empty: an empty ARN names nothing, so references keep the old name rather
/// than all pointing at "" (from where no later rename could tell them apart from unfilled
/// fields); not when nothing changed.
fn replace_arn(slot: &mut String, arn: &str) -> Option<String> {
    let old = std::mem::replace(slot, arn.to_owned());
    (!old.is_empty() && !arn.is_empty() && old != arn).then_some(old)
}

/// Rewrites one reference from `old` to `new`: 1 when it named `old`, else 0.
fn follow_rename(value: &mut String, old: &str, new: &str) -> usize {
    let same = value == old;
    if same {
        new.clone_into(value);
    }
    usize::from(same)
}

/// The session ARN `principal` becomes when role `old` is renamed to `new`: a session of the
/// old role (`arn:aws:sts::A:assumed-role/Old/s`) becomes the same session of the new one.
/// `None` when `principal` is not a session of `old`, or `new` is not a role.
fn renamed_session(principal: &str, old: &str, new: &str) -> Option<String> {
    let (role, session) = session_parts(principal)?;
    let same_role = arn::identity_kind(old) == Some(arn::IdentityKind::Role)
        && arn::name(old) == role
        && arn::account(old) == arn::account(principal);
    let to_role = arn::identity_kind(new) == Some(arn::IdentityKind::Role);
    (same_role && to_role).then(|| session_arn(new, session))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::{AssumeHop, Identity, Resource, ScenarioRequest};

    const OLD: &str = "arn:aws:iam::111111111111:role/Deploy";
    const NEW: &str = "arn:aws:iam::111111111111:role/Release";

    fn request(principal: &str, hop: &str, resource: &str) -> ScenarioRequest {
        ScenarioRequest {
            principal: PrincipalSpec::Arn(principal.to_owned()),
            assume: vec![AssumeHop {
                role: hop.to_owned(),
                ..AssumeHop::default()
            }],
            resource: Some(resource.to_owned()),
            ..ScenarioRequest::default()
        }
    }

    fn world() -> Scenario {
        Scenario {
            identities: vec![
                Identity {
                    arn: OLD.to_owned(),
                    ..Identity::default()
                },
                Identity {
                    arn: "arn:aws:iam::111111111111:user/alice".to_owned(),
                    groups: vec![OLD.to_owned()],
                    ..Identity::default()
                },
            ],
            resources: vec![
                Resource {
                    arn: "arn:aws:s3:::old".to_owned(),
                    ..Resource::default()
                },
                Resource {
                    arn: "arn:aws:s3:::old-logs".to_owned(),
                    ..Resource::default()
                },
            ],
            requests: vec![
                request(OLD, OLD, "arn:aws:s3:::old/a.txt"),
                request(
                    "arn:aws:sts::111111111111:assumed-role/Deploy/ci",
                    "arn:aws:iam::111111111111:role/Other",
                    "arn:aws:s3:::old-logs/b.txt",
                ),
                request(
                    "arn:aws:sts::222222222222:assumed-role/Deploy/ci",
                    "arn:aws:iam::111111111111:role/DeployX",
                    "arn:aws:s3:::old",
                ),
            ],
            ..Scenario::default()
        }
    }

    #[test]
    fn renaming_a_role_follows_principals_hops_sessions_and_groups() {
        let mut s = world();
        assert_eq!(s.rename_identity(0, NEW), Some(4));
        assert_eq!(s.identities[0].arn, NEW);
        assert_eq!(s.identities[1].groups, vec![NEW.to_owned()]);
        assert_eq!(s.requests[0].principal, PrincipalSpec::Arn(NEW.to_owned()));
        assert_eq!(s.requests[0].assume[0].role, NEW);
        assert_eq!(
            s.requests[1].principal,
            PrincipalSpec::Arn("arn:aws:sts::111111111111:assumed-role/Release/ci".to_owned())
        );
    }

    #[test]
    fn renaming_leaves_other_accounts_and_longer_names_alone() {
        let mut s = world();
        s.rename_identity(0, NEW);
        assert_eq!(
            s.requests[2].principal,
            PrincipalSpec::Arn("arn:aws:sts::222222222222:assumed-role/Deploy/ci".to_owned())
        );
        assert_eq!(
            s.requests[2].assume[0].role,
            "arn:aws:iam::111111111111:role/DeployX"
        );
    }

    #[test]
    fn renaming_to_an_empty_arn_leaves_the_references_as_they_were() {
        let mut s = world();
        assert_eq!(s.rename_identity(0, ""), Some(0));
        assert_eq!(s.identities[0].arn, "");
        assert_eq!(s.requests[0].assume[0].role, OLD);
        assert_eq!(s.rename_resource(0, ""), Some(0));
        assert_eq!(
            s.requests[0].resource.as_deref(),
            Some("arn:aws:s3:::old/a.txt")
        );
    }

    #[test]
    fn renaming_a_missing_identity_or_resource_changes_nothing() {
        let mut s = world();
        assert_eq!(s.rename_identity(9, NEW), None);
        assert_eq!(s.rename_resource(9, NEW), None);
        assert_eq!(s, world());
    }

    #[test]
    fn renaming_a_managed_policy_follows_attachments_boundaries_and_session_arns() {
        use crate::scenario::model::{ManagedPolicyDef, NamedDocument};
        let old = "arn:aws:iam::111111111111:policy/Deploy";
        let new = "arn:aws:iam::111111111111:policy/Release";
        let mut s = world();
        s.managed_policies.push(ManagedPolicyDef {
            arn: old.to_owned(),
            ..ManagedPolicyDef::default()
        });
        s.identities[0].policies.push(NamedDocument::reference(old));
        s.identities[1].permissions_boundary = Some(NamedDocument::reference(old));
        s.identities[1].policies.push(NamedDocument::reference(
            "arn:aws:iam::111111111111:policy/DeployX",
        ));
        s.requests[0].assume[0].policy_arns = vec![old.to_owned()];
        assert_eq!(s.rename_managed_policy(0, new), Some(3));
        assert_eq!(s.managed_policies[0].arn, new);
        assert_eq!(
            s.identities[0].policies[0].document.reference_arn(),
            Some(new)
        );
        assert_eq!(s.identities[0].policies[0].name, "Release");
        assert_eq!(
            s.identities[1]
                .permissions_boundary
                .as_ref()
                .and_then(|b| b.document.reference_arn()),
            Some(new)
        );
        assert_eq!(
            s.identities[1].policies[0].document.reference_arn(),
            Some("arn:aws:iam::111111111111:policy/DeployX")
        );
        assert_eq!(s.requests[0].assume[0].policy_arns, [new]);
        assert_eq!(s.rename_managed_policy(5, new), None);
    }

    #[test]
    fn a_resource_policy_for_a_request_goes_where_the_core_says_one_can_live() {
        let mut s = world();
        s.requests[0].action = Some("s3:GetObject".to_owned());
        // An object of a listed bucket: the bucket's entry gets the policy, naming the caller.
        assert!(s.add_resource_policy_for(0));
        let text = s.resources[0]
            .policy
            .as_ref()
            .map(|p| p.text.clone())
            .unwrap_or_default();
        assert!(
            text.contains(OLD) && text.contains("s3:GetObject"),
            "{text}"
        );
        // It has one now: nothing more is added.
        assert!(!s.add_resource_policy_for(0));
        // An object of a bucket not listed: the bucket is added with its policy.
        s.requests[1].resource = Some("arn:aws:s3:::fresh/k".to_owned());
        assert!(s.add_resource_policy_for(1));
        assert_eq!(
            s.resources.last().map(|r| r.arn.as_str()),
            Some("arn:aws:s3:::fresh")
        );
        // No single resource, or one that holds no resource-based policy: nothing.
        let resources = s.resources.len();
        for resource in ["*", "arn:aws:iam::111111111111:user/alice"] {
            s.requests[1].resource = Some(resource.to_owned());
            assert!(!s.add_resource_policy_for(1), "{resource}");
        }
        assert!(!s.add_resource_policy_for(9));
        assert_eq!(s.resources.len(), resources);
    }

    #[test]
    fn renaming_a_bucket_follows_its_objects_but_not_a_bucket_with_a_longer_name() {
        let mut s = world();
        assert_eq!(s.rename_resource(0, "arn:aws:s3:::new"), Some(2));
        assert_eq!(
            s.requests[0].resource.as_deref(),
            Some("arn:aws:s3:::new/a.txt")
        );
        assert_eq!(
            s.requests[1].resource.as_deref(),
            Some("arn:aws:s3:::old-logs/b.txt")
        );
        assert_eq!(s.requests[2].resource.as_deref(), Some("arn:aws:s3:::new"));
    }
}
