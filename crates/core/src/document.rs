//! Where a policy document sits: the typed id every policy trace, explanation line, finding and
//! editor carries, instead of a JSON path written and parsed back in several places.
//!
//! A [`DocumentId`] is either a place in a scenario file (`identities[3].policies[1].document`)
//! or a policy field of a `rolecall simulate` line (`scps[0][2]`). Its `Display` is that JSON
//! path, and it serializes as the same string, so the JSON outputs read as before.
//! [`crate::scenario`] re-exports it as `scenario::DocumentId` and adds
//! [`DocumentId::get`]/[`DocumentId::get_mut`] on a scenario.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::kind::PolicyKind;

/// One policy document of a scenario, or one policy of a `rolecall simulate` line.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::DocumentId;
/// use rolecall_core::PolicyKind;
///
/// let id = DocumentId::Identity { identity: 3, policy: 1 };
/// assert_eq!(id.to_string(), "identities[3].policies[1].document");
/// assert_eq!("identities[3].policies[1].document".parse(), Ok(id));
/// assert_eq!(id.kind(), PolicyKind::Identity);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocumentId {
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
    /// `managedPolicies[index].document`: a customer managed policy of the scenario.
    Managed {
        /// The managed policy.
        index: usize,
    },
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
    /// `requests[request].assume[hop].sessionPolicy`.
    Session {
        /// The request.
        request: usize,
        /// The hop.
        hop: usize,
    },
    /// `requests[request].assume[hop].policyArns[arn]`: a managed session policy named by its
    /// ARN. Its text is the managed policy's (AWS's, or a `managedPolicies` entry), found
    /// through the ARN written at this place.
    SessionArn {
        /// The request.
        request: usize,
        /// The hop.
        hop: usize,
        /// The ARN within the hop's `policyArns`.
        arn: usize,
    },
    /// `requests[request].vpcEndpointPolicy`.
    VpcEndpoint {
        /// The request.
        request: usize,
    },
    /// A policy field of a `rolecall simulate` line: `resourcePolicy`, `identityPolicies[1]`,
    /// `scps[0][2]` (level, then policy).
    Line(LineField),
}

/// A policy field of a `rolecall simulate` line, with its place in the field's list and level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineField {
    /// The field, one of [`LineField::FIELDS`].
    pub field: &'static str,
    /// The level of `scps`/`rcps`.
    pub level: Option<usize>,
    /// The policy within the list (or the level).
    pub index: Option<usize>,
}

impl LineField {
    /// The policy fields of a simulate line, with the kind each is read as (`resourcePolicy` is
    /// read as a trust policy for the STS actions a trust policy governs).
    pub const FIELDS: [(&'static str, PolicyKind); 7] = [
        ("identityPolicies", PolicyKind::Identity),
        ("permissionBoundaries", PolicyKind::Boundary),
        ("resourcePolicy", PolicyKind::Resource),
        ("sessionPolicy", PolicyKind::Session),
        ("vpcEndpointPolicy", PolicyKind::VpcEndpoint),
        ("scps", PolicyKind::Scp),
        ("rcps", PolicyKind::Rcp),
    ];

    /// The field alone (`resourcePolicy`).
    #[must_use]
    pub const fn one(field: &'static str) -> Self {
        Self {
            field,
            level: None,
            index: None,
        }
    }
}

impl DocumentId {
    /// The kind of policy the document is read as. A simulate line's `resourcePolicy` is a
    /// resource policy here even when the line's action makes it a trust policy.
    #[must_use]
    pub fn kind(self) -> PolicyKind {
        match self {
            Self::Scp { .. } => PolicyKind::Scp,
            Self::Rcp { .. } => PolicyKind::Rcp,
            Self::Managed { .. } | Self::Identity { .. } => PolicyKind::Identity,
            Self::Boundary { .. } => PolicyKind::Boundary,
            Self::Trust { .. } => PolicyKind::Trust,
            Self::Resource { .. } => PolicyKind::Resource,
            Self::Session { .. } | Self::SessionArn { .. } => PolicyKind::Session,
            Self::VpcEndpoint { .. } => PolicyKind::VpcEndpoint,
            Self::Line(line) => LineField::FIELDS
                .iter()
                .find(|(f, _)| *f == line.field)
                .map_or(PolicyKind::Identity, |(_, k)| *k),
        }
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Scp { index } => write!(f, "organization.scps[{index}].document"),
            Self::Rcp { index } => write!(f, "organization.rcps[{index}].document"),
            Self::Managed { index } => write!(f, "managedPolicies[{index}].document"),
            Self::Identity { identity, policy } => {
                write!(f, "identities[{identity}].policies[{policy}].document")
            }
            Self::Boundary { identity } => {
                write!(f, "identities[{identity}].permissionsBoundary.document")
            }
            Self::Trust { identity } => write!(f, "identities[{identity}].trustPolicy"),
            Self::Resource { resource } => write!(f, "resources[{resource}].policy"),
            Self::Session { request, hop } => {
                write!(f, "requests[{request}].assume[{hop}].sessionPolicy")
            }
            Self::SessionArn { request, hop, arn } => {
                write!(f, "requests[{request}].assume[{hop}].policyArns[{arn}]")
            }
            Self::VpcEndpoint { request } => write!(f, "requests[{request}].vpcEndpointPolicy"),
            Self::Line(line) => {
                f.write_str(line.field)?;
                for i in [line.level, line.index].into_iter().flatten() {
                    write!(f, "[{i}]")?;
                }
                Ok(())
            }
        }
    }
}

impl Serialize for DocumentId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DocumentId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let path = String::deserialize(deserializer)?;
        path.parse()
            .map_err(|_| serde::de::Error::custom(format!("`{path}` names no policy document")))
    }
}

/// A JSON path that names no policy document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotADocument;

impl fmt::Display for NotADocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the path names no policy document")
    }
}

impl FromStr for DocumentId {
    type Err = NotADocument;

    /// Reads what [`Display`](fmt::Display) writes; a leading `$.` and a missing trailing
    /// `.document` are accepted.
    fn from_str(path: &str) -> Result<Self, NotADocument> {
        let path = path
            .strip_prefix('$')
            .unwrap_or(path)
            .trim_start_matches('.');
        let path = path.strip_suffix(".document").unwrap_or(path);
        let mut parts = path.split('.');
        let (first, second, third) = (parts.next(), parts.next(), parts.next());
        if parts.next().is_some() {
            return Err(NotADocument);
        }
        let index = |part: &str, name: &str| -> Option<usize> {
            part.strip_prefix(name)?
                .strip_prefix('[')?
                .strip_suffix(']')?
                .parse()
                .ok()
        };
        let id = match (first, second, third) {
            (Some("organization"), Some(b), None) => index(b, "scps")
                .map(|index| Self::Scp { index })
                .or_else(|| index(b, "rcps").map(|index| Self::Rcp { index })),
            (Some(a), None, None) => index(a, "managedPolicies")
                .map(|index| Self::Managed { index })
                .or_else(|| line_field(a).map(Self::Line)),
            (Some(a), Some("permissionsBoundary"), None) => {
                index(a, "identities").map(|identity| Self::Boundary { identity })
            }
            (Some(a), Some("trustPolicy"), None) => {
                index(a, "identities").map(|identity| Self::Trust { identity })
            }
            (Some(a), Some("policy"), None) => {
                index(a, "resources").map(|resource| Self::Resource { resource })
            }
            (Some(a), Some("vpcEndpointPolicy"), None) => {
                index(a, "requests").map(|request| Self::VpcEndpoint { request })
            }
            (Some(a), Some(b), None) => index(a, "identities")
                .zip(index(b, "policies"))
                .map(|(identity, policy)| Self::Identity { identity, policy }),
            (Some(a), Some(b), Some("sessionPolicy")) => index(a, "requests")
                .zip(index(b, "assume"))
                .map(|(request, hop)| Self::Session { request, hop }),
            (Some(a), Some(b), Some(c)) => index(a, "requests")
                .zip(index(b, "assume"))
                .zip(index(c, "policyArns"))
                .map(|((request, hop), arn)| Self::SessionArn { request, hop, arn }),
            _ => None,
        };
        id.ok_or(NotADocument)
    }
}

/// `identityPolicies[1]`, `scps[0][2]`, `resourcePolicy`.
fn line_field(text: &str) -> Option<LineField> {
    let (name, mut rest) = text.split_at_checked(text.find('[').unwrap_or(text.len()))?;
    let (field, _) = LineField::FIELDS.iter().find(|(f, _)| *f == name)?;
    let mut numbers = Vec::new();
    while let Some(inner) = rest.strip_prefix('[') {
        let (number, after) = inner.split_once(']')?;
        numbers.push(number.parse::<usize>().ok()?);
        rest = after;
    }
    if !rest.is_empty() {
        return None;
    }
    let (level, index) = match numbers.as_slice() {
        [] => (None, None),
        [i] => (None, Some(*i)),
        [l, i] => (Some(*l), Some(*i)),
        _ => return None,
    };
    Some(LineField {
        field,
        level,
        index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(id: DocumentId, path: &str) {
        assert_eq!(id.to_string(), path);
        assert_eq!(path.parse(), Ok(id), "{path}");
    }

    #[test]
    fn every_id_is_its_json_path_and_reads_back() {
        check(
            DocumentId::Identity {
                identity: 2,
                policy: 1,
            },
            "identities[2].policies[1].document",
        );
        check(
            DocumentId::Boundary { identity: 0 },
            "identities[0].permissionsBoundary.document",
        );
        check(
            DocumentId::Trust { identity: 3 },
            "identities[3].trustPolicy",
        );
        check(DocumentId::Resource { resource: 1 }, "resources[1].policy");
        check(
            DocumentId::Scp { index: 0 },
            "organization.scps[0].document",
        );
        check(
            DocumentId::Rcp { index: 4 },
            "organization.rcps[4].document",
        );
        check(
            DocumentId::Managed { index: 2 },
            "managedPolicies[2].document",
        );
        check(
            DocumentId::Session { request: 1, hop: 0 },
            "requests[1].assume[0].sessionPolicy",
        );
        check(
            DocumentId::SessionArn {
                request: 1,
                hop: 2,
                arn: 0,
            },
            "requests[1].assume[2].policyArns[0]",
        );
        check(
            DocumentId::VpcEndpoint { request: 5 },
            "requests[5].vpcEndpointPolicy",
        );
        check(
            DocumentId::Line(LineField::one("resourcePolicy")),
            "resourcePolicy",
        );
        check(
            DocumentId::Line(LineField {
                field: "identityPolicies",
                level: None,
                index: Some(1),
            }),
            "identityPolicies[1]",
        );
        check(
            DocumentId::Line(LineField {
                field: "scps",
                level: Some(0),
                index: Some(2),
            }),
            "scps[0][2]",
        );
    }

    #[test]
    fn a_leading_dollar_and_a_missing_document_suffix_are_read() {
        assert_eq!(
            "$.identities[0].policies[1]".parse(),
            Ok(DocumentId::Identity {
                identity: 0,
                policy: 1
            })
        );
    }

    #[test]
    fn paths_that_name_no_document_are_refused() {
        for path in [
            "requests[0].action",
            "identities[x].trustPolicy",
            "identities[0].policies[1].document.extra",
            "scps[0][1][2]",
            "unknownField",
            "",
        ] {
            assert_eq!(path.parse::<DocumentId>(), Err(NotADocument), "{path}");
        }
    }

    #[test]
    fn the_kind_follows_the_place() {
        assert_eq!(
            DocumentId::Managed { index: 0 }.kind(),
            PolicyKind::Identity
        );
        assert_eq!(DocumentId::Trust { identity: 0 }.kind(), PolicyKind::Trust);
        assert_eq!(
            DocumentId::Line(LineField::one("vpcEndpointPolicy")).kind(),
            PolicyKind::VpcEndpoint
        );
    }

    #[test]
    fn it_serializes_as_its_path() {
        let id = DocumentId::Trust { identity: 1 };
        assert_eq!(
            serde_json::to_string(&id).ok().as_deref(),
            Some("\"identities[1].trustPolicy\"")
        );
    }
}
