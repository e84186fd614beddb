//! Starting values for what the user adds to a scenario, next to the policy templates
//! (`template.rs`): a request principal of each form the format knows, and the ARN of a new
//! identity, customer managed policy or resource. The page's pickers and "Add" buttons start
//! from these, so that what they add is valid and names nothing twice.
//!
//! Why these values: a service principal is the DNS name of a service that assumes roles
//! (`lambda.amazonaws.com`, "AWS service principals", IAM User Guide); a web-identity provider is
//! an `oidc-provider/HOST` ARN and a SAML provider a `saml-provider/NAME` ARN in the account
//! ("IAM JSON policy elements: Principal", federated principals). The account is the one the
//! templates use when none is known.

use crate::scenario::Scenario;
use crate::scenario::model::{KeyValues, PrincipalSpec};

/// The account of what is added when nothing names one (as in the policy templates).
pub const STARTING_ACCOUNT: &str = "111111111111";

/// The forms of a request's principal in the scenario format, in the order a picker offers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrincipalForm {
    /// An IAM user, role, root or assumed-role session ARN.
    Arn,
    /// An AWS service acting for a resource.
    Service,
    /// A web identity (OIDC) user.
    WebIdentity,
    /// A SAML user.
    Saml,
    /// An unauthenticated caller.
    Anonymous,
}

impl PrincipalForm {
    /// Every form, in the order a picker offers them.
    pub const ALL: [Self; 5] = [
        Self::Arn,
        Self::Service,
        Self::WebIdentity,
        Self::Saml,
        Self::Anonymous,
    ];

    /// The form of `principal`.
    #[must_use]
    pub const fn of(principal: &PrincipalSpec) -> Self {
        match principal {
            PrincipalSpec::Arn(_) => Self::Arn,
            PrincipalSpec::Anonymous => Self::Anonymous,
            PrincipalSpec::Service { .. } => Self::Service,
            PrincipalSpec::WebIdentity { .. } => Self::WebIdentity,
            PrincipalSpec::Saml { .. } => Self::Saml,
        }
    }

    /// A principal of this form to start from: an empty ARN to type, Lambda as the service, the
    /// GitHub Actions OIDC provider, a SAML provider named `Corp`, each in the starting account,
    /// with no claims or attributes yet.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::starting::PrincipalForm;
    ///
    /// for form in PrincipalForm::ALL {
    ///     assert_eq!(PrincipalForm::of(&form.template()), form);
    /// }
    /// ```
    #[must_use]
    pub fn template(self) -> PrincipalSpec {
        match self {
            Self::Arn => PrincipalSpec::Arn(String::new()),
            Self::Service => PrincipalSpec::Service {
                service: "lambda.amazonaws.com".to_owned(),
                source_arn: None,
                source_account: None,
            },
            Self::WebIdentity => PrincipalSpec::WebIdentity {
                provider: format!(
                    "arn:aws:iam::{STARTING_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
                ),
                claims: KeyValues::default(),
                tags: None,
            },
            Self::Saml => PrincipalSpec::Saml {
                provider: format!("arn:aws:iam::{STARTING_ACCOUNT}:saml-provider/Corp"),
                attributes: KeyValues::default(),
            },
            Self::Anonymous => PrincipalSpec::Anonymous,
        }
    }
}

/// What the user adds to a scenario under a name of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NewEntity {
    /// An IAM user (`user/userN`).
    User,
    /// An IAM role (`role/RoleN`).
    Role,
    /// A customer managed policy (`policy/ManagedN`).
    ManagedPolicy,
    /// A resource with a resource-based policy: an S3 bucket (`bucket-N`).
    Bucket,
}

impl Scenario {
    /// The ARN of a new `entity`: numbered after the count of its list (identities, managed
    /// policies or resources) plus one, or the next number free in that list, so that it never
    /// takes an ARN the scenario uses there.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::Scenario;
    /// use rolecall_core::scenario::starting::NewEntity;
    ///
    /// let scenario = Scenario::default();
    /// assert_eq!(scenario.new_entity_arn(NewEntity::Role), "arn:aws:iam::111111111111:role/Role1");
    /// assert_eq!(scenario.new_entity_arn(NewEntity::Bucket), "arn:aws:s3:::bucket-1");
    /// ```
    #[must_use]
    pub fn new_entity_arn(&self, entity: NewEntity) -> String {
        let arn_of = |n: usize| match entity {
            NewEntity::User => format!("arn:aws:iam::{STARTING_ACCOUNT}:user/user{n}"),
            NewEntity::Role => format!("arn:aws:iam::{STARTING_ACCOUNT}:role/Role{n}"),
            NewEntity::ManagedPolicy => {
                format!("arn:aws:iam::{STARTING_ACCOUNT}:policy/Managed{n}")
            }
            NewEntity::Bucket => format!("arn:aws:s3:::bucket-{n}"),
        };
        let taken: Vec<&str> = match entity {
            NewEntity::User | NewEntity::Role => {
                self.identities.iter().map(|i| i.arn.as_str()).collect()
            }
            NewEntity::ManagedPolicy => self
                .managed_policies
                .iter()
                .map(|m| m.arn.as_str())
                .collect(),
            NewEntity::Bucket => self.resources.iter().map(|r| r.arn.as_str()).collect(),
        };
        (taken.len() + 1..)
            .map(arn_of)
            .find(|arn| !taken.contains(&arn.as_str()))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::arn::{IdentityKind, identity_kind};
    use crate::scenario::model::{Identity, ManagedPolicyDef, Resource};

    #[test]
    fn each_principal_form_starts_from_a_principal_of_that_form() {
        for form in PrincipalForm::ALL {
            assert_eq!(PrincipalForm::of(&form.template()), form);
        }
    }

    #[test]
    fn federated_principals_start_from_a_provider_of_their_kind_in_the_starting_account() {
        assert!(matches!(
            PrincipalForm::WebIdentity.template(),
            PrincipalSpec::WebIdentity { provider, .. }
                if provider.starts_with("arn:aws:iam::111111111111:oidc-provider/")
        ));
        assert!(matches!(
            PrincipalForm::Saml.template(),
            PrincipalSpec::Saml { provider, .. }
                if provider.starts_with("arn:aws:iam::111111111111:saml-provider/")
        ));
        assert!(matches!(
            PrincipalForm::Service.template(),
            PrincipalSpec::Service { service, .. } if service == "lambda.amazonaws.com"
        ));
    }

    #[test]
    fn a_new_identity_is_a_user_or_role_numbered_after_the_identities() {
        let mut scenario = Scenario::default();
        let user = scenario.new_entity_arn(NewEntity::User);
        assert_eq!(user, "arn:aws:iam::111111111111:user/user1");
        assert_eq!(identity_kind(&user), Some(IdentityKind::User));
        scenario.identities.push(Identity {
            arn: user,
            ..Identity::default()
        });
        let role = scenario.new_entity_arn(NewEntity::Role);
        assert_eq!(role, "arn:aws:iam::111111111111:role/Role2");
        assert_eq!(identity_kind(&role), Some(IdentityKind::Role));
    }

    #[test]
    fn a_new_entity_never_takes_an_arn_its_list_already_has() {
        let mut scenario = Scenario::default();
        scenario.identities.push(Identity {
            arn: "arn:aws:iam::111111111111:user/user2".to_owned(),
            ..Identity::default()
        });
        assert_eq!(
            scenario.new_entity_arn(NewEntity::User),
            "arn:aws:iam::111111111111:user/user3"
        );
        scenario.managed_policies.push(ManagedPolicyDef {
            arn: "arn:aws:iam::111111111111:policy/Managed2".to_owned(),
            ..ManagedPolicyDef::default()
        });
        assert_eq!(
            scenario.new_entity_arn(NewEntity::ManagedPolicy),
            "arn:aws:iam::111111111111:policy/Managed3"
        );
        scenario.resources.push(Resource {
            arn: "arn:aws:s3:::bucket-2".to_owned(),
            ..Resource::default()
        });
        assert_eq!(
            scenario.new_entity_arn(NewEntity::Bucket),
            "arn:aws:s3:::bucket-3"
        );
    }
}
