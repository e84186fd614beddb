//! The kinds of policy documents, and the actions a role's trust policy governs.
//!
//! A leaf module (it uses nothing else of the crate), so that diagnostics, the policy model, the
//! evaluator and the scenario format can all name a kind without depending on one another.

use serde::{Deserialize, Serialize};

/// The kind of a policy, which decides which elements it must and must not have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyKind {
    /// An identity-based policy attached to a user, group or role.
    Identity,
    /// A resource-based policy (S3 bucket, KMS key, SQS queue, ...).
    Resource,
    /// A role's trust policy (assume-role policy document).
    Trust,
    /// A service control policy of AWS Organizations.
    Scp,
    /// A resource control policy of AWS Organizations.
    Rcp,
    /// A permissions boundary.
    Boundary,
    /// A session policy passed to an STS call.
    Session,
    /// A VPC endpoint policy: a resource-based policy attached to a VPC endpoint that limits
    /// which principals may use the endpoint for which actions and resources.
    VpcEndpoint,
}

impl PolicyKind {
    /// All kinds, in a fixed order.
    pub const ALL: [Self; 8] = [
        Self::Identity,
        Self::Resource,
        Self::Trust,
        Self::Scp,
        Self::Rcp,
        Self::Boundary,
        Self::Session,
        Self::VpcEndpoint,
    ];

    /// The name used on the command line and in the scenario format (`identity`, `trust`, ...).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Identity => "identity",
            Self::Resource => "resource",
            Self::Trust => "trust",
            Self::Scp => "scp",
            Self::Rcp => "rcp",
            Self::Boundary => "boundary",
            Self::Session => "session",
            Self::VpcEndpoint => "vpc-endpoint",
        }
    }

    /// What the kind is, in a few words (the help of `rolecall lint --kind`).
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            Self::Identity => "An identity-based policy of a user, group or role",
            Self::Resource => "A resource-based policy (S3 bucket, KMS key, SQS queue, ...)",
            Self::Trust => "A role trust policy (assume-role policy document)",
            Self::Scp => "A service control policy",
            Self::Rcp => "A resource control policy",
            Self::Boundary => "A permissions boundary",
            Self::Session => "A session policy",
            Self::VpcEndpoint => "A VPC endpoint policy",
        }
    }

    /// The kind called `name`, if any.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The actions checked against a role's trust policy, and the only ones a trust policy can
/// meaningfully allow.
///
/// Why: the trust policy is the role's resource-based policy; AssumeRole, AssumeRoleWithSAML
/// and AssumeRoleWithWebIdentity need it, and so do session tags (`sts:TagSession`), source
/// identity (`sts:SetSourceIdentity`) and context (`sts:SetContext`) passed in the same call
/// (IAM User Guide, "IAM role trust policies", "Passing session tags in AWS STS", "Monitor and
/// control actions taken with assumed roles").
pub const TRUST_ACTIONS: [&str; 6] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession",
    "sts:SetSourceIdentity",
    "sts:SetContext",
];
