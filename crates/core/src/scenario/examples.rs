//! The example library: scenarios that teach IAM, shared by the CLI and the web app.
//!
//! The files live in `examples/` at the repository root and are embedded here, so the web app
//! and `rolecall` ship the same examples. The first one is the playground's default.

/// One example scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// A stable id: the file name without `.json` (also usable in URLs).
    pub id: &'static str,
    /// The scenario's title.
    pub title: &'static str,
    /// The scenario file's text.
    pub text: &'static str,
}

/// Every example, in teaching order. The first is the default scenario of the playground.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "cross-account",
        title: "Cross-account deploy role",
        text: include_str!("../../../../examples/cross-account.json"),
    },
    Example {
        id: "same-account-trust",
        title: "Same-account role: trust naming the user vs the account",
        text: include_str!("../../../../examples/same-account-trust.json"),
    },
    Example {
        id: "user-keys-vs-role-session",
        title: "User with long-term keys vs role with temporary credentials",
        text: include_str!("../../../../examples/user-keys-vs-role-session.json"),
    },
    Example {
        id: "external-id-third-party",
        title: "ExternalId for a third party",
        text: include_str!("../../../../examples/external-id-third-party.json"),
    },
    Example {
        id: "ec2-instance-profile",
        title: "EC2 instance profile role",
        text: include_str!("../../../../examples/ec2-instance-profile.json"),
    },
    Example {
        id: "lambda-confused-deputy",
        title: "Lambda execution role with aws:SourceArn and aws:SourceAccount",
        text: include_str!("../../../../examples/lambda-confused-deputy.json"),
    },
    Example {
        id: "github-actions-oidc",
        title: "GitHub Actions OIDC: sub pinned to a branch, and the unsafe wildcard",
        text: include_str!("../../../../examples/github-actions-oidc.json"),
    },
    Example {
        id: "saml-federation",
        title: "SAML federation",
        text: include_str!("../../../../examples/saml-federation.json"),
    },
    Example {
        id: "mfa-required",
        title: "MFA-required actions with aws:MultiFactorAuthPresent",
        text: include_str!("../../../../examples/mfa-required.json"),
    },
    Example {
        id: "mfa-session-token",
        title: "MFA session with GetSessionToken: long-term keys, then an MFA-protected action",
        text: include_str!("../../../../examples/mfa-session-token.json"),
    },
    Example {
        id: "permissions-boundary",
        title: "Permissions boundary capping a role",
        text: include_str!("../../../../examples/permissions-boundary.json"),
    },
    Example {
        id: "scp-deny-region",
        title: "SCP denying regions",
        text: include_str!("../../../../examples/scp-deny-region.json"),
    },
    Example {
        id: "role-chaining-session-tags",
        title: "Role chaining with session tags",
        text: include_str!("../../../../examples/role-chaining-session-tags.json"),
    },
    Example {
        id: "s3-bucket-policy-cross-account",
        title: "S3 bucket policy across accounts",
        text: include_str!("../../../../examples/s3-bucket-policy-cross-account.json"),
    },
    Example {
        id: "vpc-endpoint-policy",
        title: "VPC endpoint policy: a second gate for requests through the endpoint",
        text: include_str!("../../../../examples/vpc-endpoint-policy.json"),
    },
    Example {
        id: "kms-key-policy",
        title: "KMS key policy: the key decides first",
        text: include_str!("../../../../examples/kms-key-policy.json"),
    },
    Example {
        id: "aws-managed-policies",
        title: "AWS managed policies by ARN",
        text: include_str!("../../../../examples/aws-managed-policies.json"),
    },
];

/// The example the playground opens with: a role in account B trusted by a user of account A,
/// with a bucket in B.
#[must_use]
pub fn default_example() -> Option<&'static Example> {
    EXAMPLES.first()
}

/// The example with this id.
#[must_use]
pub fn example(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::managed::ManagedPolicies;
    use crate::scenario::{evaluate_scenario, load_with};

    #[test]
    fn every_example_loads_without_errors_and_meets_its_expectations() {
        assert!(EXAMPLES.len() >= 12);
        let aws = ManagedPolicies::parse(include_str!("../../data/managed-policies.json")).unwrap();
        for example in EXAMPLES {
            let loaded = load_with(example.text, &aws);
            let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", example.id);
            let scenario = loaded.scenario.unwrap();
            assert_eq!(
                scenario.title.as_deref(),
                Some(example.title),
                "{}",
                example.id
            );
            assert!(
                scenario.notes.as_deref().is_some_and(|n| !n.is_empty()),
                "{}",
                example.id
            );
            for request in evaluate_scenario(&scenario).requests {
                assert_eq!(
                    request.passed,
                    Some(true),
                    "{} / {}",
                    example.id,
                    request.name
                );
            }
        }
    }

    #[test]
    fn every_file_of_the_library_is_listed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
        let mut files = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let id = path.file_stem().unwrap().to_str().unwrap();
                assert!(
                    example(id).is_some(),
                    "examples/{id}.json is not in EXAMPLES"
                );
                files += 1;
            }
        }
        assert_eq!(
            files,
            EXAMPLES.len(),
            "every entry of EXAMPLES has its file"
        );
    }

    #[test]
    fn default_example_is_the_cross_account_one() {
        assert_eq!(default_example().map(|e| e.id), Some("cross-account"));
        assert!(example("github-actions-oidc").is_some());
    }
}
