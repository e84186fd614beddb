//! The scenario model (format version 1): what a scenario file says, ready to edit and to
//! serialize back.
//!
//! Every policy document keeps its own text ([`PolicyDocument::text`]), so the web editor can
//! show and edit each policy as the user wrote it. [`to_json`] writes a scenario back to the v1
//! JSON format; parsing that output gives the same scenario again (the round trip is tested).
//! Maps keep their order ([`KeyValues`]), so a scenario is rewritten in the order it was written.

pub(crate) mod challenge;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::evaluate::Decision;
use crate::evaluate::summary::decision_words;
use crate::kind::PolicyKind;
use crate::names::{Named, named_enum};
use crate::request::ContextValue;
use crate::scenario::arn::{IdentityKind, identity_kind};
use crate::scenario::text::{minify, pretty};
use crate::span::Span;

/// The scenario format version this build writes (and the newest it reads).
pub const FORMAT_VERSION: u64 = 1;

/// An ordered map written as a JSON object (keys in the order they were written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValues<V>(pub Vec<(String, V)>);

impl<V> Default for KeyValues<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V> KeyValues<V> {
    /// Whether the map has no entry.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of `key` (exact match; the last one wins if a key is repeated).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl<V: Serialize> Serialize for KeyValues<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A whole scenario: a small AWS world plus the requests asked of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scenario {
    /// The format version (`1`).
    pub rolecall: u64,
    /// A short title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Markdown shown beside the scenario.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The challenge a learner solves by editing some documents (challenge mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge: Option<challenge::Challenge>,
    /// The time of every request (`aws:CurrentTime`, `aws:EpochTime`), RFC 3339 in UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
    /// The AWS Organizations setup, if the accounts are in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    /// Customer managed policies, defined once and attached by ARN (`{"arn": ...}`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<ManagedPolicyDef>,
    /// IAM users, groups and roles.
    pub identities: Vec<Identity>,
    /// IAM OIDC identity providers with their registered audiences (client IDs).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub oidc_providers: Vec<OidcProvider>,
    /// Resources with their policies and tags.
    pub resources: Vec<Resource>,
    /// The questions asked of this world.
    pub requests: Vec<ScenarioRequest>,
    /// The AWS managed policies that the `policyArns` of `assume` hops name, one reference
    /// document per ARN with what resolving it found (the document, loading, or unknown),
    /// filled in by [`crate::scenario::managed::resolve`]. Not part of the file format.
    #[serde(skip)]
    pub session_policy_refs: Vec<PolicyDocument>,
}

/// An AWS Organizations setup.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// The organization id (`o-...`), the value of `aws:PrincipalOrgID`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The management account: SCPs do not restrict its principals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub management_account: Option<String>,
    /// Each member account with its path from the root (`["r-root", "ou-dev"]`).
    pub accounts: KeyValues<Vec<String>>,
    /// Service control policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scps: Vec<OrgPolicy>,
    /// Resource control policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rcps: Vec<OrgPolicy>,
}

/// An SCP or RCP attached to the root, an OU or an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrgPolicy {
    /// The policy name.
    pub name: String,
    /// The root id, OU id or account id it is attached to.
    pub target: String,
    /// The document.
    pub document: PolicyDocument,
}

/// How a policy document was written in the scenario file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DocumentForm {
    /// As a JSON object; the text is the exact slice of the file.
    #[default]
    Object,
    /// As a JSON string holding the policy text.
    String,
}

/// A policy document with its own text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyDocument {
    /// The policy text, as the user wrote it.
    pub text: String,
    /// Whether it was written as an object or as a string.
    pub form: DocumentForm,
    /// Where `text` starts in the scenario file, when positions map one to one: always for the
    /// object form, and for the string form when the string has no escape sequence. Policy
    /// diagnostics are shifted by this offset to point into the scenario file.
    pub offset: Option<usize>,
    /// The span of the whole document value (object or string) in the scenario file; for a
    /// reference, the span of its `arn` value.
    pub span: Span,
    /// Set when the entry is a reference to a managed policy (`{"arn": ...}`): `text` is then
    /// the referenced document, filled in by [`crate::scenario::managed::resolve`] (empty
    /// until then), and is not the user's text.
    ///
    /// Boxed: most documents are not references, and a document sits in many values.
    pub reference: Option<Box<PolicyReference>>,
}

/// A reference to a managed policy by ARN.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyReference {
    /// The policy ARN as written.
    pub arn: String,
    /// What resolution found.
    pub state: ReferenceState,
}

/// What resolving a [`PolicyReference`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ReferenceState {
    /// Not resolved yet.
    #[default]
    Unresolved,
    /// A customer managed policy of `managedPolicies` (its index).
    Customer(usize),
    /// An AWS managed policy, with the id of its default version (`v3`).
    Aws(String),
    /// An AWS managed policy whose document has not arrived yet (the page fetches it).
    Loading,
    /// No managed policy has this ARN (an error is reported at the reference).
    Unknown,
}

impl ReferenceState {
    /// What a front end says about a managed policy attached by ARN in this state (shown
    /// beside the ARN, above the read-only document).
    #[must_use]
    pub fn words(&self) -> String {
        match self {
            Self::Aws(version) => format!("AWS managed policy, default version {version}"),
            Self::Customer(_) => "customer managed policy (defined in managedPolicies)".to_owned(),
            Self::Unknown => "unknown managed policy: see the problems list".to_owned(),
            Self::Unresolved | Self::Loading => "loading…".to_owned(),
        }
    }
}

impl PolicyDocument {
    /// A reference to the managed policy `arn`, not resolved yet.
    #[must_use]
    pub fn reference(arn: impl Into<String>) -> Self {
        Self {
            reference: Some(Box::new(PolicyReference {
                arn: arn.into(),
                state: ReferenceState::Unresolved,
            })),
            ..Self::default()
        }
    }

    /// The ARN when this document is a managed-policy reference.
    #[must_use]
    pub fn reference_arn(&self) -> Option<&str> {
        self.reference.as_ref().map(|r| r.arn.as_str())
    }
}

/// A customer managed policy defined at the top level (`managedPolicies`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ManagedPolicyDef {
    /// `arn:aws:iam::111111111111:policy/Deploy` (a path is allowed: `.../policy/team/Deploy`).
    pub arn: String,
    /// The policy's (default version) document.
    pub document: PolicyDocument,
    /// The span of the `arn` value.
    #[serde(skip)]
    pub span: Span,
}

impl PolicyDocument {
    /// A document written as an object with the text `text` (which should be a JSON object).
    #[must_use]
    pub fn object(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// A document written as a string.
    #[must_use]
    pub fn string(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            form: DocumentForm::String,
            ..Self::default()
        }
    }
}

impl Serialize for PolicyDocument {
    /// The object form is written as the JSON object it holds (minified, key order kept); if its
    /// text is not valid JSON any more (the user is editing it), it is written as a string so
    /// that nothing is lost.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.form == DocumentForm::Object {
            if let Ok(raw) = serde_json::value::RawValue::from_string(minify(&self.text)) {
                return raw.serialize(serializer);
            }
        }
        serializer.serialize_str(&self.text)
    }
}

/// A policy with a name (identity policies, boundaries), or a reference to a managed policy
/// by ARN (then `document.reference` is set and `name` is the policy name from the ARN).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedDocument {
    /// The policy name.
    pub name: String,
    /// The document.
    pub document: PolicyDocument,
}

impl NamedDocument {
    /// A reference `{"arn": ...}` to a managed policy.
    #[must_use]
    pub fn reference(arn: impl Into<String>) -> Self {
        let arn = arn.into();
        Self {
            name: crate::managed::policy_name(&arn).to_owned(),
            document: PolicyDocument::reference(arn),
        }
    }
}

impl Serialize for NamedDocument {
    /// An inline policy is `{"name": ..., "document": ...}`; a reference is `{"arn": ...}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(arn) = self.document.reference_arn() {
            let mut s = serializer.serialize_struct("PolicyReference", 1)?;
            s.serialize_field("arn", arn)?;
            return s.end();
        }
        let mut s = serializer.serialize_struct("NamedDocument", 2)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("document", &self.document)?;
        s.end()
    }
}

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

named_enum! {
    /// The decision a request is expected to get, with its name in the format.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub enum Expectation {
        /// Allowed.
        Allowed = "allowed",
        /// Denied because nothing allows it.
        ImplicitDeny = "implicitDeny",
        /// Denied by an explicit `Deny`.
        ExplicitDeny = "explicitDeny",
        /// Denied, either way.
        Denied = "denied",
    }
}

impl Expectation {
    /// The decision expected, `None` for `denied` (either way).
    #[must_use]
    pub const fn decision(self) -> Option<Decision> {
        match self {
            Self::Allowed => Some(Decision::Allowed),
            Self::ImplicitDeny => Some(Decision::ImplicitDeny),
            Self::ExplicitDeny => Some(Decision::ExplicitDeny),
            Self::Denied => None,
        }
    }

    /// The expectation in words: `allowed`, `implicit deny`, `explicit deny`, `denied`.
    #[must_use]
    pub const fn words(self) -> &'static str {
        match self.decision() {
            Some(decision) => decision_words(decision),
            None => "denied",
        }
    }

    /// The expectation as a choice among the others: its [`Self::words`], with `denied` said
    /// to mean either way.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Denied => "denied (either way)",
            _ => self.words(),
        }
    }

    /// Whether an expectation of this decision can name the step that decides it: a denial is
    /// decided at the first step not allowed, while an allowed request is decided by every step.
    #[must_use]
    pub fn names_a_step(self) -> bool {
        self != Self::Allowed
    }
}

/// The step of a request that decides it: an assume hop or the final action.
///
/// Written `"hop N"` (1-based, the N-th entry of `assume`) or `"action"` in the format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepRef {
    /// The assume hop with this index (0-based; written 1-based).
    Hop(usize),
    /// The final action.
    Action,
}

impl StepRef {
    /// Reads `"hop N"` (N from 1) or `"action"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::model::StepRef;
    /// assert_eq!(StepRef::parse("hop 1"), Some(StepRef::Hop(0)));
    /// assert_eq!(StepRef::parse("action"), Some(StepRef::Action));
    /// assert_eq!(StepRef::parse("hop 0"), None);
    /// ```
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        if text == "action" {
            return Some(Self::Action);
        }
        let n: usize = text.strip_prefix("hop ")?.parse().ok()?;
        n.checked_sub(1).map(Self::Hop)
    }

    /// The step that holds the decision of a step with this hop index (`None`: the action).
    #[must_use]
    pub const fn of_hop(hop: Option<usize>) -> Self {
        match hop {
            Some(h) => Self::Hop(h),
            None => Self::Action,
        }
    }
}

impl std::fmt::Display for StepRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Hop(h) => write!(f, "hop {}", h + 1),
            Self::Action => f.write_str("action"),
        }
    }
}

/// Writes an optional value as its text (`"hop 1"`, `"implicitDeny at hop 1"`), for serde's
/// `serialize_with` on the answers that name a step or an expectation in words.
#[expect(
    clippy::ref_option,
    reason = "serde's serialize_with passes a reference"
)]
pub(crate) fn text_or_none<T: std::fmt::Display, S: Serializer>(
    value: &Option<T>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.collect_str(v),
        None => s.serialize_none(),
    }
}

/// What a request is expected to get: a decision and, optionally, the step that decides it.
///
/// Written `"expect": "implicitDeny"` or `"expect": {"decision": "implicitDeny", "at": "hop 1"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Expect {
    /// The expected decision.
    pub decision: Expectation,
    /// The step expected to decide (the first step that is not allowed).
    pub at: Option<StepRef>,
}

impl Expect {
    /// The expectation's name in the format (`implicitDeny`).
    #[must_use]
    pub fn name(self) -> &'static str {
        self.decision.name()
    }

    /// The expectation in words: `implicit deny`, or `implicit deny at hop 1`.
    #[must_use]
    pub fn words(self) -> String {
        match self.at {
            Some(at) => format!("{} at {at}", self.decision.words()),
            None => self.decision.words().to_owned(),
        }
    }
}

impl Expect {
    /// The choices of an expectation a front end offers, as (name in the format, label): none
    /// (name `""`), then each [`Expectation`].
    #[must_use]
    pub fn choices() -> Vec<(&'static str, &'static str)> {
        std::iter::once(("", "no expectation"))
            .chain(Expectation::ALL.iter().map(|(e, name)| (*name, e.label())))
            .collect()
    }

    /// The expectation after choosing the decision named `name` (`""`: none) in place of
    /// `current`: the deciding step stays, unless the new decision names none (`allowed`).
    #[must_use]
    pub fn choose(current: Option<Self>, name: &str) -> Option<Self> {
        Expectation::from_name(name).map(|decision| Self {
            decision,
            at: current
                .and_then(|c| c.at)
                .filter(|_| decision.names_a_step()),
        })
    }
}

impl From<Expectation> for Expect {
    fn from(decision: Expectation) -> Self {
        Self { decision, at: None }
    }
}

impl std::fmt::Display for Expect {
    /// `implicitDeny`, or `implicitDeny at hop 1`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())?;
        match self.at {
            Some(at) => write!(f, " at {at}"),
            None => Ok(()),
        }
    }
}

impl Serialize for Expect {
    /// A string without `at` (the short form), else `{"decision": ..., "at": ...}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.at {
            None => serializer.serialize_str(self.name()),
            Some(at) => {
                let mut s = serializer.serialize_struct("Expect", 2)?;
                s.serialize_field("decision", self.name())?;
                s.serialize_field("at", &at.to_string())?;
                s.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Expect {
    /// Reads back what [`Expect`]'s `Serialize` writes (the page's worker sends request views
    /// across as JSON); scenario files are read by the scenario reader, with diagnostics.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Short(Expectation),
            Long { decision: Expectation, at: String },
        }
        match Form::deserialize(deserializer)? {
            Form::Short(decision) => Ok(Self { decision, at: None }),
            Form::Long { decision, at } => StepRef::parse(&at)
                .map(|at| Self {
                    decision,
                    at: Some(at),
                })
                .ok_or_else(|| serde::de::Error::custom(format!("not a step: `{at}`"))),
        }
    }
}

named_enum! {
    /// The STS call an `assume` hop makes, named in the format by its STS API name.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
    pub enum HopCall {
        /// `AssumeRole` (`AssumeRoleWithWebIdentity` or `AssumeRoleWithSAML` for a federated
        /// caller): a session of a role.
        #[default]
        AssumeRole = "AssumeRole",
        /// `GetSessionToken`: temporary credentials of the calling user (or root) with its own
        /// permissions, MFA-authenticated when `mfa` is set.
        GetSessionToken = "GetSessionToken",
        /// `GetFederationToken`: a federated user session, limited by the session policies.
        GetFederationToken = "GetFederationToken",
    }
}

impl HopCall {
    /// What the call gives the caller, as a front end says it ("Gives …").
    ///
    /// Why: the AWS STS API Reference of each call: `AssumeRole` returns the credentials of a
    /// session of the role, `GetSessionToken` credentials of the calling user with its own
    /// permissions, and `GetFederationToken` those of a federated user, whose permissions are
    /// the calling user's policies limited by the session policies passed (see
    /// `scenario/tokens.rs`).
    #[must_use]
    pub const fn gives(self) -> &'static str {
        match self {
            Self::AssumeRole => "a session of the role",
            Self::GetSessionToken => "temporary credentials of the same user",
            Self::GetFederationToken => "a federated user session, limited by its session policy",
        }
    }

    /// Whether this is the default call, `AssumeRole` (not written back).
    #[must_use]
    pub fn is_assume_role(&self) -> bool {
        *self == Self::AssumeRole
    }

    /// Whether this call takes the hop field `field` (its name in the format). `call`,
    /// `durationSeconds`, `time` and `context` go with every call.
    ///
    /// Why: the parameters of each call (AWS STS API Reference: AssumeRole, GetSessionToken,
    /// GetFederationToken). Rolecall models session tags and source identity on AssumeRole only.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::model::HopCall;
    /// assert!(HopCall::AssumeRole.takes("externalId"));
    /// assert!(!HopCall::GetSessionToken.takes("role"));
    /// assert!(HopCall::GetFederationToken.takes("name"));
    /// ```
    #[must_use]
    pub fn takes(self, field: &str) -> bool {
        matches!(field, "call" | "durationSeconds" | "time" | "context")
            || match self {
                Self::AssumeRole => field != "name",
                Self::GetSessionToken => field == "mfa",
                Self::GetFederationToken => {
                    matches!(field, "name" | "sessionPolicy" | "policyArns")
                }
            }
    }
}

impl AssumeHop {
    /// Makes this hop the STS call `call`: the fields `call` does not take are removed (their
    /// names in the format are returned, so a front end can say what went and offer an undo),
    /// and a `GetFederationToken` hop without a `name` gets `federated-user` (it is required).
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::model::{AssumeHop, HopCall};
    /// let mut hop = AssumeHop { role: "arn:aws:iam::1:role/R".into(), mfa: true, ..AssumeHop::default() };
    /// assert_eq!(hop.set_call(HopCall::GetSessionToken), vec!["role"]);
    /// assert!(hop.role.is_empty() && hop.mfa);
    /// ```
    pub fn set_call(&mut self, call: HopCall) -> Vec<&'static str> {
        let mut removed = Vec::new();
        let mut drop_if = |field: &'static str, present: bool| {
            let gone = present && !call.takes(field);
            if gone {
                removed.push(field);
            }
            gone
        };
        if drop_if("role", !self.role.is_empty()) {
            self.role.clear();
        }
        if drop_if("name", self.name.is_some()) {
            self.name = None;
        }
        if drop_if("sessionName", self.session_name.is_some()) {
            self.session_name = None;
        }
        if drop_if("externalId", self.external_id.is_some()) {
            self.external_id = None;
        }
        if drop_if("mfa", self.mfa) {
            self.mfa = false;
        }
        if drop_if("sessionTags", !self.session_tags.is_empty()) {
            self.session_tags = KeyValues::default();
        }
        if drop_if("transitiveTagKeys", !self.transitive_tag_keys.is_empty()) {
            self.transitive_tag_keys.clear();
        }
        if drop_if("sourceIdentity", self.source_identity.is_some()) {
            self.source_identity = None;
        }
        if drop_if("sessionPolicy", self.session_policy.is_some()) {
            self.session_policy = None;
        }
        if drop_if("policyArns", !self.policy_arns.is_empty()) {
            self.policy_arns.clear();
        }
        if call == HopCall::GetFederationToken && self.name.is_none() {
            self.name = Some("federated-user".to_owned());
        }
        self.call = call;
        removed
    }

    /// What a front end says after [`set_call`](Self::set_call) made hop `index` (from 0) the
    /// call `call` and removed the fields `removed`; `None` when nothing was removed.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::model::{AssumeHop, HopCall};
    /// assert_eq!(
    ///     AssumeHop::call_notice(0, HopCall::GetSessionToken, &["role", "sessionName"]).as_deref(),
    ///     Some("Hop 1 now calls `GetSessionToken`, which does not take `role`, `sessionName`: removed."),
    /// );
    /// assert_eq!(AssumeHop::call_notice(0, HopCall::AssumeRole, &[]), None);
    /// ```
    #[must_use]
    pub fn call_notice(index: usize, call: HopCall, removed: &[&str]) -> Option<String> {
        (!removed.is_empty()).then(|| {
            format!(
                "Hop {} now calls `{}`, which does not take {}: removed.",
                index + 1,
                call.name(),
                crate::diagnostic::backticked(removed)
            )
        })
    }
}

/// One `assume` hop of a request: an STS call that gives the caller new credentials.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssumeHop {
    /// The STS call (`AssumeRole` when absent, so older files keep their meaning).
    #[serde(skip_serializing_if = "HopCall::is_assume_role")]
    pub call: HopCall,
    /// The role to assume (`AssumeRole` only).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// `Name`: the federated user's name (`GetFederationToken` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `RoleSessionName` (defaults to `session`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// `ExternalId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Whether an MFA device serial number and token code are passed (`SerialNumber`, `TokenCode`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mfa: bool,
    /// `Tags`: session tags.
    #[serde(skip_serializing_if = "KeyValues::is_empty")]
    pub session_tags: KeyValues<String>,
    /// `TransitiveTagKeys`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transitive_tag_keys: Vec<String>,
    /// `SourceIdentity`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
    /// `Policy`: an inline session policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_policy: Option<PolicyDocument>,
    /// `PolicyArns`: managed policies used as session policies (at most 10).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policy_arns: Vec<String>,
    /// `DurationSeconds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u64>,
    /// When the call is made (RFC 3339); the scenario's `now` when absent. It is the call's
    /// `aws:CurrentTime` and the new credentials' `aws:TokenIssueTime`, and
    /// `aws:MultiFactorAuthAge` counts from the MFA-authenticated call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Extra context keys for this call only.
    #[serde(skip_serializing_if = "KeyValues::is_empty")]
    pub context: KeyValues<ContextValue>,
    /// The span of the `role` value (of the hop object when it has no role).
    #[serde(skip)]
    pub span: Span,
}

/// One question: a principal, optional assume hops, and an optional final action.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioRequest {
    /// A short name shown in reports.
    pub name: String,
    /// Who starts.
    pub principal: PrincipalSpec,
    /// Context keys for every step (they override derived keys).
    #[serde(skip_serializing_if = "KeyValues::is_empty")]
    pub context: KeyValues<ContextValue>,
    /// The roles assumed one after the other.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assume: Vec<AssumeHop>,
    /// The final action, if any (a request may only assume roles).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The final resource (`*` when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The policy of the VPC endpoint the final action goes through, if it goes through one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_endpoint_policy: Option<PolicyDocument>,
    /// The id of that endpoint (`aws:SourceVpce`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_endpoint_id: Option<String>,
    /// The expected decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    /// The span of the request object.
    #[serde(skip)]
    pub span: Span,
    /// The span of the `principal` value.
    #[serde(skip)]
    pub principal_span: Span,
    /// The span of the `expect` value (the request object's `{` when there is none).
    #[serde(skip)]
    pub expect_span: Span,
}

impl ScenarioRequest {
    /// The steps an expectation can name as deciding this request, in order: each assume hop,
    /// then the action when there is one.
    #[must_use]
    pub fn steps(&self) -> Vec<StepRef> {
        (0..self.assume.len())
            .map(StepRef::Hop)
            .chain(self.action.is_some().then_some(StepRef::Action))
            .collect()
    }
}

/// Writes `scenario` as pretty-printed v1 JSON (two-space indentation, fields in format order).
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::model::{Scenario, to_json};
/// let text = to_json(&Scenario { rolecall: 1, ..Scenario::default() });
/// assert_eq!(text, "{\n  \"rolecall\": 1,\n  \"identities\": [],\n  \"resources\": [],\n  \"requests\": []\n}");
/// ```
#[must_use]
pub fn to_json(scenario: &Scenario) -> String {
    pretty(&to_json_minified(scenario))
}

/// Writes `scenario` as minified v1 JSON (what a share link carries).
#[must_use]
pub fn to_json_minified(scenario: &Scenario) -> String {
    serde_json::to_string(scenario).unwrap_or_default()
}
