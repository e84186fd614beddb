//! Who and what a scenario holds: identities, OIDC providers, resources, the principal a
//! request names and the tags a web-identity token carries.

use crate::kind::PolicyKind;
use crate::request::ContextValue;
use crate::scenario::arn::{IdentityKind, identity_kind};
use crate::span::Span;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{KeyValues, NamedDocument, PolicyDocument};

/// An IAM user, group or role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// `arn:aws:iam::ACCOUNT:user/NAME`, `...:group/NAME` or `...:role/NAME`.
    pub arn: String,
    /// The unique id (`AIDA...` for users, `AROA...` for roles), used for `aws:userid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Identity policies (inline and managed alike).
    pub policies: Vec<NamedDocument>,
    /// For users: the ARNs of the groups the user is in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// The permissions boundary (users and roles).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<NamedDocument>,
    /// IAM tags (users and roles).
    #[serde(skip_serializing_if = "KeyValues::is_empty")]
    pub tags: KeyValues<String>,
    /// For roles: the trust policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_policy: Option<PolicyDocument>,
    /// For roles: the longest session, in seconds (3600 to 43200; 3600 when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_session_duration: Option<u64>,
    /// For roles: marks a service-linked role (one under the path `/aws-service-role/` is
    /// recognised without it). SCPs and RCPs do not restrict service-linked roles.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub service_linked: bool,
    /// The span of the `arn` value in the scenario file.
    #[serde(skip)]
    pub span: Span,
}

impl Identity {
    /// Whether the identity is a role: it has a trust policy or a role ARN.
    ///
    /// Why: only roles have a trust policy ("Roles terms and concepts", IAM User Guide), and an
    /// identity written with a trust policy but a mistyped ARN is still meant as a role.
    #[must_use]
    pub fn is_role(&self) -> bool {
        self.trust_policy.is_some() || identity_kind(&self.arn) == Some(IdentityKind::Role)
    }

    /// Whether the identity can hold a policy of `kind` itself (see
    /// [`IdentityKind::can_hold`]: a trust policy only on a role, a permissions boundary on a
    /// user or a role). An identity whose ARN names no kind (an error of its own) or that is
    /// written as a role ([`Self::is_role`]) is given the benefit of the doubt.
    #[must_use]
    pub fn can_hold(&self, kind: PolicyKind) -> bool {
        if self.is_role() {
            return IdentityKind::Role.can_hold(kind);
        }
        identity_kind(&self.arn).is_none_or(|k| k.can_hold(kind))
    }

    /// Its identity policies, then its permissions boundary: the entries that may name a
    /// managed policy by ARN.
    pub fn policy_entries(&self) -> impl Iterator<Item = &NamedDocument> {
        self.policies.iter().chain(&self.permissions_boundary)
    }

    /// [`Self::policy_entries`], to change.
    pub fn policy_entries_mut(&mut self) -> impl Iterator<Item = &mut NamedDocument> {
        self.policies
            .iter_mut()
            .chain(&mut self.permissions_boundary)
    }
}

/// An IAM OIDC identity provider (`arn:aws:iam::ACCOUNT:oidc-provider/HOST`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OidcProvider {
    /// The provider ARN.
    pub arn: String,
    /// The audiences (client IDs) registered with the provider: a token whose `aud` is not
    /// one of them is refused.
    pub client_ids: Vec<String>,
    /// The span of the `arn` value.
    #[serde(skip)]
    pub span: Span,
}

/// A resource with its resource-based policy and tags.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// The ARN. It governs requests on this ARN and, for an S3 bucket, on its objects.
    pub arn: String,
    /// The owning account (needed when the ARN has none, as for S3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The resource-based policy (bucket policy, key policy, queue policy, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyDocument>,
    /// Resource tags (`aws:ResourceTag/*`).
    #[serde(skip_serializing_if = "KeyValues::is_empty")]
    pub tags: KeyValues<String>,
    /// The span of the `arn` value.
    #[serde(skip)]
    pub span: Span,
}

/// Who makes a request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PrincipalSpec {
    /// An IAM user, role, root or assumed-role session ARN.
    Arn(String),
    /// An unauthenticated caller.
    #[default]
    Anonymous,
    /// An AWS service acting for a resource (it can only assume roles).
    Service {
        /// `lambda.amazonaws.com`, `ec2.amazonaws.com`, ...
        service: String,
        /// The resource the service acts for (`aws:SourceArn`).
        source_arn: Option<String>,
        /// The account of that resource (`aws:SourceAccount`).
        source_account: Option<String>,
    },
    /// A web identity (OIDC) user: `AssumeRoleWithWebIdentity`.
    WebIdentity {
        /// The OIDC provider ARN or a well-known provider name.
        provider: String,
        /// The token's claims (`sub`, `aud`, `amr`, ...).
        claims: KeyValues<ContextValue>,
        /// The session tags of the token's `https://aws.amazon.com/tags` claim, if it has one.
        tags: Option<TokenTags>,
    },
    /// A SAML user: `AssumeRoleWithSAML`.
    Saml {
        /// The SAML provider ARN.
        provider: String,
        /// The assertion's attributes (`sub`, `aud`, `iss`, ...), as the `saml:` keys.
        attributes: KeyValues<ContextValue>,
    },
}

impl Serialize for PrincipalSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Arn(arn) => serializer.serialize_str(arn),
            Self::Anonymous => serializer.serialize_str("anonymous"),
            Self::Service {
                service,
                source_arn,
                source_account,
            } => {
                let mut s = serializer.serialize_struct("Service", 3)?;
                s.serialize_field("service", service)?;
                if let Some(arn) = source_arn {
                    s.serialize_field("sourceArn", arn)?;
                }
                if let Some(account) = source_account {
                    s.serialize_field("sourceAccount", account)?;
                }
                s.end()
            }
            Self::WebIdentity {
                provider,
                claims,
                tags,
            } => {
                let mut s = serializer.serialize_struct("WebIdentity", 2)?;
                s.serialize_field("federated", provider)?;
                s.serialize_field("claims", &Claims { claims, tags })?;
                s.end()
            }
            Self::Saml {
                provider,
                attributes,
            } => {
                let mut s = serializer.serialize_struct("Saml", 2)?;
                s.serialize_field("federated", provider)?;
                s.serialize_field("saml", attributes)?;
                s.end()
            }
        }
    }
}

/// The claim of a web identity token that carries session tags.
///
/// Why: "the token must include a `https://aws.amazon.com/tags` claim with `principal_tags`
/// (each tag's value an array holding one string) and optionally `transitive_tag_keys`"
/// ("Pass session tags using AssumeRoleWithWebIdentity", IAM User Guide).
pub const TAGS_CLAIM: &str = "https://aws.amazon.com/tags";

/// The session tags a web identity token carries in its [`TAGS_CLAIM`] claim.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TokenTags {
    /// `principal_tags`: each tag key with its value.
    pub principal_tags: KeyValues<String>,
    /// `transitive_tag_keys`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transitive_tag_keys: Vec<String>,
}

/// The claims of a token written back as one object, the tags claim in AWS's form.
struct Claims<'a> {
    claims: &'a KeyValues<ContextValue>,
    tags: &'a Option<TokenTags>,
}

impl Serialize for Claims<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in self.claims.iter() {
            map.serialize_entry(key, value)?;
        }
        if let Some(tags) = self.tags {
            let principal_tags: KeyValues<[&String; 1]> = KeyValues(
                tags.principal_tags
                    .iter()
                    .map(|(k, v)| (k.to_owned(), [v]))
                    .collect(),
            );
            let mut claim = serde_json::Map::new();
            claim.insert(
                "principal_tags".to_owned(),
                serde_json::to_value(&principal_tags).unwrap_or_default(),
            );
            if !tags.transitive_tag_keys.is_empty() {
                claim.insert(
                    "transitive_tag_keys".to_owned(),
                    serde_json::to_value(&tags.transitive_tag_keys).unwrap_or_default(),
                );
            }
            map.serialize_entry(TAGS_CLAIM, &claim)?;
        }
        map.end()
    }
}
