//! Which policy document of the scenario an editor, a diagnostic or a highlight is about.

use rolecall_core::PolicyKind;

use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::model::PolicyDocument;

/// A reference to one policy document inside the scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocRef {
    /// `identities[identity].policies[policy].document`.
    Identity {
        /// The identity.
        identity: usize,
        /// The policy.
        policy: usize,
    },
    /// `identities[identity].permissionsBoundary.document`.
    Boundary {
        /// The identity.
        identity: usize,
    },
    /// `identities[identity].trustPolicy`.
    Trust {
        /// The role.
        identity: usize,
    },
    /// `resources[resource].policy`.
    Resource {
        /// The resource.
        resource: usize,
    },
    /// `organization.scps[index].document`.
    Scp {
        /// The SCP.
        index: usize,
    },
    /// `organization.rcps[index].document`.
    Rcp {
        /// The RCP.
        index: usize,
    },
    /// `requests[request].assume[hop].sessionPolicy`.
    Session {
        /// The request.
        request: usize,
        /// The hop.
        hop: usize,
    },
}

impl DocRef {
    /// The JSON path of the document in the scenario format.
    #[must_use]
    pub fn path(self) -> String {
        match self {
            Self::Identity { identity, policy } => {
                format!("identities[{identity}].policies[{policy}].document")
            }
            Self::Boundary { identity } => {
                format!("identities[{identity}].permissionsBoundary.document")
            }
            Self::Trust { identity } => format!("identities[{identity}].trustPolicy"),
            Self::Resource { resource } => format!("resources[{resource}].policy"),
            Self::Scp { index } => format!("organization.scps[{index}].document"),
            Self::Rcp { index } => format!("organization.rcps[{index}].document"),
            Self::Session { request, hop } => {
                format!("requests[{request}].assume[{hop}].sessionPolicy")
            }
        }
    }

    /// Reads a JSON path written by [`DocRef::path`] (a trailing `.document` is optional).
    #[must_use]
    pub fn from_path(path: &str) -> Option<Self> {
        let path = path
            .strip_prefix('$')
            .unwrap_or(path)
            .trim_start_matches('.');
        let path = path.strip_suffix(".document").unwrap_or(path);
        let parts: Vec<&str> = path.split('.').collect();
        let index = |part: &str, name: &str| -> Option<usize> {
            part.strip_prefix(name)?
                .strip_prefix('[')?
                .strip_suffix(']')?
                .parse()
                .ok()
        };
        match parts.as_slice() {
            [a, b] if b.starts_with("policies[") => Some(Self::Identity {
                identity: index(a, "identities")?,
                policy: index(b, "policies")?,
            }),
            [a, "permissionsBoundary"] => Some(Self::Boundary {
                identity: index(a, "identities")?,
            }),
            [a, "trustPolicy"] => Some(Self::Trust {
                identity: index(a, "identities")?,
            }),
            [a, "policy"] => Some(Self::Resource {
                resource: index(a, "resources")?,
            }),
            ["organization", b] if b.starts_with("scps[") => Some(Self::Scp {
                index: index(b, "scps")?,
            }),
            ["organization", b] if b.starts_with("rcps[") => Some(Self::Rcp {
                index: index(b, "rcps")?,
            }),
            [a, b, "sessionPolicy"] => Some(Self::Session {
                request: index(a, "requests")?,
                hop: index(b, "assume")?,
            }),
            _ => None,
        }
    }

    /// The kind of policy this document is validated as.
    #[must_use]
    pub const fn kind(self) -> PolicyKind {
        match self {
            Self::Identity { .. } => PolicyKind::Identity,
            Self::Boundary { .. } => PolicyKind::Boundary,
            Self::Trust { .. } => PolicyKind::Trust,
            Self::Resource { .. } => PolicyKind::Resource,
            Self::Scp { .. } => PolicyKind::Scp,
            Self::Rcp { .. } => PolicyKind::Rcp,
            Self::Session { .. } => PolicyKind::Session,
        }
    }

    /// A short label for tabs and lists.
    #[must_use]
    pub fn label(self, scenario: &Scenario) -> String {
        let org = scenario.organization.as_ref();
        match self {
            Self::Identity { identity, policy } => scenario
                .identities
                .get(identity)
                .and_then(|i| i.policies.get(policy))
                .map_or_else(
                    || "policy".to_owned(),
                    |p| non_empty(&p.name, "unnamed policy"),
                ),
            Self::Boundary { .. } => "Permissions boundary".to_owned(),
            Self::Trust { .. } => "Trust policy".to_owned(),
            Self::Resource { resource } => scenario.resources.get(resource).map_or_else(
                || "Resource policy".to_owned(),
                |r| format!("Policy of {}", short_arn(&r.arn)),
            ),
            Self::Scp { index } => org.and_then(|o| o.scps.get(index)).map_or_else(
                || "SCP".to_owned(),
                |p| format!("SCP {}", non_empty(&p.name, "unnamed")),
            ),
            Self::Rcp { index } => org.and_then(|o| o.rcps.get(index)).map_or_else(
                || "RCP".to_owned(),
                |p| format!("RCP {}", non_empty(&p.name, "unnamed")),
            ),
            Self::Session { hop, .. } => format!("Session policy (hop {})", hop + 1),
        }
    }

    /// The document in `scenario`, if it exists.
    #[must_use]
    pub fn document(self, scenario: &Scenario) -> Option<&PolicyDocument> {
        let org = scenario.organization.as_ref();
        match self {
            Self::Identity { identity, policy } => Some(
                &scenario
                    .identities
                    .get(identity)?
                    .policies
                    .get(policy)?
                    .document,
            ),
            Self::Boundary { identity } => Some(
                &scenario
                    .identities
                    .get(identity)?
                    .permissions_boundary
                    .as_ref()?
                    .document,
            ),
            Self::Trust { identity } => scenario.identities.get(identity)?.trust_policy.as_ref(),
            Self::Resource { resource } => scenario.resources.get(resource)?.policy.as_ref(),
            Self::Scp { index } => Some(&org?.scps.get(index)?.document),
            Self::Rcp { index } => Some(&org?.rcps.get(index)?.document),
            Self::Session { request, hop } => scenario
                .requests
                .get(request)?
                .assume
                .get(hop)?
                .session_policy
                .as_ref(),
        }
    }

    /// The document's text in `scenario`, if it exists.
    #[must_use]
    pub fn text(self, scenario: &Scenario) -> Option<&str> {
        self.document(scenario).map(|d| d.text.as_str())
    }

    /// The document in `scenario`, for changing it.
    pub fn document_mut(self, scenario: &mut Scenario) -> Option<&mut PolicyDocument> {
        let org = scenario.organization.as_mut();
        match self {
            Self::Identity { identity, policy } => scenario
                .identities
                .get_mut(identity)
                .and_then(|i| i.policies.get_mut(policy))
                .map(|p| &mut p.document),
            Self::Boundary { identity } => scenario
                .identities
                .get_mut(identity)
                .and_then(|i| i.permissions_boundary.as_mut())
                .map(|p| &mut p.document),
            Self::Trust { identity } => scenario
                .identities
                .get_mut(identity)
                .and_then(|i| i.trust_policy.as_mut()),
            Self::Resource { resource } => scenario
                .resources
                .get_mut(resource)
                .and_then(|r| r.policy.as_mut()),
            Self::Scp { index } => org
                .and_then(|o| o.scps.get_mut(index))
                .map(|p| &mut p.document),
            Self::Rcp { index } => org
                .and_then(|o| o.rcps.get_mut(index))
                .map(|p| &mut p.document),
            Self::Session { request, hop } => scenario
                .requests
                .get_mut(request)
                .and_then(|r| r.assume.get_mut(hop))
                .and_then(|h| h.session_policy.as_mut()),
        }
    }

    /// Replaces the document's text; returns whether the document exists.
    pub fn set_text(self, scenario: &mut Scenario, text: String) -> bool {
        match self.document_mut(scenario) {
            Some(doc) => {
                doc.text = text;
                true
            }
            None => false,
        }
    }
}

/// The last `/`- or `:`-separated part of an ARN, for compact display.
#[must_use]
pub fn short_arn(arn: &str) -> &str {
    arn.rsplit(['/', ':'])
        .find(|s| !s.is_empty())
        .unwrap_or(arn)
}

fn non_empty(text: &str, fallback: &str) -> String {
    if text.trim().is_empty() {
        fallback.to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(doc: DocRef, path: &str) {
        assert_eq!(doc.path(), path);
        assert_eq!(DocRef::from_path(path), Some(doc));
    }

    #[test]
    fn paths_round_trip() {
        check(
            DocRef::Identity {
                identity: 2,
                policy: 1,
            },
            "identities[2].policies[1].document",
        );
        check(
            DocRef::Boundary { identity: 0 },
            "identities[0].permissionsBoundary.document",
        );
        check(DocRef::Trust { identity: 3 }, "identities[3].trustPolicy");
        check(DocRef::Resource { resource: 1 }, "resources[1].policy");
        check(DocRef::Scp { index: 0 }, "organization.scps[0].document");
        check(DocRef::Rcp { index: 4 }, "organization.rcps[4].document");
        check(
            DocRef::Session { request: 1, hop: 0 },
            "requests[1].assume[0].sessionPolicy",
        );
    }

    #[test]
    fn short_arn_takes_the_last_part() {
        assert_eq!(short_arn("arn:aws:iam::1:role/Deployer"), "Deployer");
        assert_eq!(short_arn("arn:aws:s3:::bucket"), "bucket");
        assert_eq!(short_arn("anonymous"), "anonymous");
    }

    #[test]
    fn unknown_paths_are_none() {
        assert_eq!(DocRef::from_path("requests[0].action"), None);
        assert_eq!(DocRef::from_path("identities[x].trustPolicy"), None);
    }
}
