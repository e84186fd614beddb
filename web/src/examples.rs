//! The example library embedded in the page.

use rolecall_core::scenario::Scenario;

use crate::engine::load_scenario;

/// One example: an id (used in links and tests), and the scenario text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// A stable id, e.g. `cross-account`.
    pub id: &'static str,
    /// The scenario JSON.
    pub text: &'static str,
}

/// The example library (`examples/` at the repository root), the default one first.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "cross-account",
        text: include_str!("../../examples/cross-account.json"),
    },
    Example {
        id: "ec2-instance-profile",
        text: include_str!("../../examples/ec2-instance-profile.json"),
    },
    Example {
        id: "external-id-third-party",
        text: include_str!("../../examples/external-id-third-party.json"),
    },
    Example {
        id: "github-actions-oidc",
        text: include_str!("../../examples/github-actions-oidc.json"),
    },
    Example {
        id: "lambda-confused-deputy",
        text: include_str!("../../examples/lambda-confused-deputy.json"),
    },
    Example {
        id: "mfa-required",
        text: include_str!("../../examples/mfa-required.json"),
    },
    Example {
        id: "permissions-boundary",
        text: include_str!("../../examples/permissions-boundary.json"),
    },
    Example {
        id: "role-chaining-session-tags",
        text: include_str!("../../examples/role-chaining-session-tags.json"),
    },
    Example {
        id: "s3-bucket-policy-cross-account",
        text: include_str!("../../examples/s3-bucket-policy-cross-account.json"),
    },
    Example {
        id: "same-account-trust",
        text: include_str!("../../examples/same-account-trust.json"),
    },
    Example {
        id: "saml-federation",
        text: include_str!("../../examples/saml-federation.json"),
    },
    Example {
        id: "scp-deny-region",
        text: include_str!("../../examples/scp-deny-region.json"),
    },
    Example {
        id: "user-keys-vs-role-session",
        text: include_str!("../../examples/user-keys-vs-role-session.json"),
    },
];

/// The example loaded on a first visit.
#[must_use]
pub fn default_scenario() -> Scenario {
    EXAMPLES
        .first()
        .and_then(|e| load_scenario(e.text).ok())
        .unwrap_or_default()
}

/// Every example with its parsed scenario (examples that fail to parse are skipped; a test
/// makes sure there are none).
#[must_use]
pub fn all() -> Vec<(Example, Scenario)> {
    EXAMPLES
        .iter()
        .filter_map(|e| load_scenario(e.text).ok().map(|s| (*e, s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_library_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let id = path.file_stem().unwrap().to_str().unwrap();
                assert!(
                    EXAMPLES.iter().any(|e| e.id == id),
                    "examples/{id}.json is not in EXAMPLES"
                );
            }
        }
    }

    #[test]
    fn every_example_parses() {
        for e in EXAMPLES {
            let s = load_scenario(e.text).unwrap_or_else(|err| panic!("{}: {err}", e.id));
            assert!(s.title.is_some(), "{} has no title", e.id);
        }
    }
}
