//! The policies that apply to one request, grouped by the part they play in the evaluation.

use crate::document::DocumentId;
use std::sync::Arc;

use crate::policy::model::{Policy, PolicyKind, Statement};
use crate::request::{ContextValue, Request};
use crate::span::Spanned;

/// A policy document with the name and origin the explanation shows for it.
///
/// The policy is shared (`Arc`) so that a batch that repeats the same document, or a scenario
/// that evaluates many requests against the same world, never clones it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedPolicy {
    /// A short human name: the managed policy name, `identityPolicies[0]`, ...
    pub name: String,
    /// The kind the document was parsed and validated as.
    pub kind: PolicyKind,
    /// The parsed document; every span in it points into the document's own text.
    pub policy: Arc<Policy>,
    /// Where the text lives: a document of a scenario or a policy field of a simulate line.
    pub source: Option<DocumentId>,
}

impl NamedPolicy {
    /// Wraps `policy` under `name`.
    #[must_use]
    pub fn new(name: impl Into<String>, kind: PolicyKind, policy: impl Into<Arc<Policy>>) -> Self {
        Self {
            name: name.into(),
            kind,
            policy: policy.into(),
            source: None,
        }
    }

    /// Sets the document the policy is read from.
    #[must_use]
    pub const fn with_source(mut self, source: DocumentId) -> Self {
        self.source = Some(source);
        self
    }
}

/// The bytes of explanation text that count as one unit of [`PolicySet::work`]: with the
/// scenario budget of 200,000 units, the text an evaluation's explanations copy stays under
/// 200,000 × 256 bytes ≈ 49 MiB (plus the fixed part of each statement's trace).
pub const TEXT_UNIT: usize = 256;

/// The policies of a [`PolicySet`] (or of anything with its `identity`, `boundaries`,
/// `sessions`, `scps`, `rcps`, `vpc_endpoint` and `resource` fields, such as the evaluator's
/// scans of one) chained in the one order of the kinds: identity, boundary, session, SCPs and
/// RCPs level by level, VPC endpoint, resource. Explanations list the policies in this order.
/// `in_kind_order!(&set)` borrows them, `in_kind_order!(set)` takes them.
macro_rules! in_kind_order {
    (@ [$($by:tt)?] $set:expr) => {
        IntoIterator::into_iter($($by)? $set.identity)
            .chain($($by)? $set.boundaries)
            .chain($($by)? $set.sessions)
            .chain(IntoIterator::into_iter($($by)? $set.scps).flatten())
            .chain(IntoIterator::into_iter($($by)? $set.rcps).flatten())
            .chain($($by)? $set.vpc_endpoint)
            .chain($($by)? $set.resource)
    };
    (& $set:expr) => {
        $crate::evaluate::policy_set::in_kind_order!(@ [&] $set)
    };
    ($set:expr) => {
        $crate::evaluate::policy_set::in_kind_order!(@ [] $set)
    };
}
pub(crate) use in_kind_order;

/// Everything that applies to one request besides the request itself.
///
/// Empty lists mean "none of this kind": no identity policy, no boundary, no organization
/// policies. Organization policies are given level by level, from the root through each OU to
/// the account, because every level must allow on its own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicySet {
    /// The identity-based policies of the principal (user inline, managed and group policies,
    /// or the role's policies for a role session).
    pub identity: Vec<NamedPolicy>,
    /// The resource-based policy of the resource. For `sts:AssumeRole*` this is the role's
    /// trust policy; for KMS it is the key policy.
    pub resource: Option<NamedPolicy>,
    /// The principal's permissions boundary. Several documents are read as one boundary (the
    /// union of their statements), since an IAM entity has at most one boundary.
    pub boundaries: Vec<NamedPolicy>,
    /// The session policies the session was created with: the inline `Policy` and the managed
    /// `PolicyArns` of the STS call. Read as one session policy (the union of their
    /// statements): the session's permissions are the intersection of the identity side and
    /// the session policies ("Session policies", IAM User Guide). Empty: no session policy.
    pub sessions: Vec<NamedPolicy>,
    /// Service control policies of the principal's account, one list per level (root, each OU,
    /// the account). Empty when the account is not in an organization.
    pub scps: Vec<Vec<NamedPolicy>>,
    /// Resource control policies of the resource's account, level by level like `scps`.
    pub rcps: Vec<Vec<NamedPolicy>>,
    /// The policy of the VPC endpoint the request goes through, if it goes through one. It
    /// must allow the request too, and its `Deny` denies; it never grants on its own.
    pub vpc_endpoint: Option<NamedPolicy>,
    /// Facts about the organization and the principal that decide which policies apply.
    pub facts: OrgFacts,
}

/// Facts that are not policies but change which policies apply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrgFacts {
    /// The organization's management account, when known. SCPs do not apply to principals of
    /// the management account, and RCPs do not apply to its resources.
    pub management_account: Option<String>,
    /// Whether the principal is a service-linked role (or a session of one). Neither SCPs nor
    /// RCPs restrict service-linked roles. A role ARN under the path `/aws-service-role/` is
    /// recognised without this flag.
    pub service_linked_role: bool,
}

impl PolicySet {
    /// The work of one evaluation of `request` against the set, in the units of the scenario
    /// work budget (`MAX_WORK`). Each statement counts one, plus:
    /// - for each condition, its number of values times the number of request values of its
    ///   key (one when the key is absent or single-valued): each request value is compared with
    ///   each policy value at most once;
    /// - one per [`TEXT_UNIT`] bytes of text its explanation may copy: the statement's own text, the request's
    ///   principal, action and resource, the request values of its condition keys, and the
    ///   longest context value once for each pattern or condition value holding a variable
    ///   (which the explanation shows substituted).
    ///
    /// So both the comparisons an evaluation makes and the size of its explanation grow at most
    /// linearly with this figure.
    ///
    /// Why: a statement with a 30,000-value condition (or one request key with 30,000 values
    /// against it), or one with a 500 KB pattern shown at every hop of a long chain, is one
    /// statement but millions of comparisons or gigabytes of explanation; counting statements
    /// alone let a small link ask for them (issue 14).
    #[must_use]
    pub fn work(&self, request: &Request) -> usize {
        let context = &request.context;
        let longest = context
            .iter()
            .map(|e| match &e.value {
                ContextValue::Single(v) => v.len(),
                ContextValue::Multi(vs) => vs.iter().map(String::len).max().unwrap_or(0),
            })
            .max()
            .unwrap_or(0);
        let request_text = request.principal.len() + request.action.len() + request.resource.len();
        let variables =
            |values: &[Spanned<String>]| values.iter().filter(|v| v.value.contains("${")).count();
        let statement = |s: &Statement| {
            let mut units = 1_usize;
            let mut text = s
                .span
                .end
                .saturating_sub(s.span.start)
                .saturating_add(request_text);
            for list in [&s.action, &s.resource].into_iter().flatten() {
                text = text.saturating_add(variables(&list.values).saturating_mul(longest));
            }
            for c in &s.conditions {
                let given = context.get(&c.key.value);
                let count = given.map_or(1, |v| v.count().max(1));
                let bytes = given.map_or(0, |v| match v {
                    ContextValue::Single(v) => v.len(),
                    ContextValue::Multi(vs) => vs.iter().map(String::len).sum(),
                });
                units = units.saturating_add(c.values.len().saturating_mul(count));
                text = text
                    .saturating_add(bytes)
                    .saturating_add(variables(&c.values).saturating_mul(longest));
            }
            units.saturating_add(text / TEXT_UNIT)
        };
        let policy = |p: &NamedPolicy| {
            p.policy
                .statements
                .iter()
                .fold(0_usize, |sum, s| sum.saturating_add(statement(s)))
        };
        self.all()
            .fold(0_usize, |sum, p| sum.saturating_add(policy(p)))
    }

    /// An empty set: no policy of any kind.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `policy` in the place its own kind takes: identity, boundary and session policies
    /// are added to their lists, a resource or trust policy becomes the resource-based policy,
    /// a VPC endpoint policy the endpoint's, and an SCP or RCP is a level of its own.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::evaluate::{NamedPolicy, PolicySet};
    /// use rolecall_core::PolicyKind;
    /// use rolecall_core::policy::parse_policy;
    ///
    /// let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#;
    /// let parsed = parse_policy(text, PolicyKind::Scp);
    /// let set = PolicySet::new().with_policy(NamedPolicy::new("guard", PolicyKind::Scp, parsed.policy));
    /// assert_eq!(set.scps.len(), 1);
    /// ```
    #[must_use]
    pub fn with_policy(mut self, policy: NamedPolicy) -> Self {
        match policy.kind {
            PolicyKind::Identity => self.identity.push(policy),
            PolicyKind::Resource | PolicyKind::Trust => self.resource = Some(policy),
            PolicyKind::Boundary => self.boundaries.push(policy),
            PolicyKind::Session => self.sessions.push(policy),
            PolicyKind::Scp => self.scps.push(vec![policy]),
            PolicyKind::Rcp => self.rcps.push(vec![policy]),
            PolicyKind::VpcEndpoint => self.vpc_endpoint = Some(policy),
        }
        self
    }

    /// Every policy of the set, in a fixed order: identity, boundary, session, SCPs, RCPs,
    /// VPC endpoint, resource.
    pub fn all(&self) -> impl Iterator<Item = &NamedPolicy> {
        in_kind_order!(&self)
    }
}
