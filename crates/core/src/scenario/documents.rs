//! Finding things in a scenario: its policy documents with their paths, identities by ARN.

use crate::document::DocumentId;
use crate::policy::model::PolicyKind;
use crate::scenario::model::{Identity, PolicyDocument, Scenario};

/// A reference to one policy document of a scenario, with where it sits and what kind it is.
#[derive(Clone, Debug)]
pub struct DocumentRef<'a> {
    /// Where it sits, e.g. `identities[2].trustPolicy` or `resources[0].policy`.
    pub id: DocumentId,
    /// The kind the document is parsed as.
    pub kind: PolicyKind,
    /// The policy's name (the role ARN for a trust policy, the resource ARN for a resource policy).
    pub name: &'a str,
    /// The document.
    pub document: &'a PolicyDocument,
}

impl Scenario {
    /// Every policy document of the scenario with its kind and path, in file order.
    #[must_use]
    pub fn documents(&self) -> Vec<DocumentRef<'_>> {
        let mut out = Vec::new();
        if let Some(org) = &self.organization {
            for (i, p) in org.scps.iter().enumerate() {
                out.push(doc(&p.name, DocumentId::Scp { index: i }, &p.document));
            }
            for (i, p) in org.rcps.iter().enumerate() {
                out.push(doc(&p.name, DocumentId::Rcp { index: i }, &p.document));
            }
        }
        for (i, p) in self.managed_policies.iter().enumerate() {
            let name = crate::managed::policy_name(&p.arn);
            out.push(doc(name, DocumentId::Managed { index: i }, &p.document));
        }
        for (n, identity) in self.identities.iter().enumerate() {
            // A reference's document is not the user's text (it is AWS's, or a copy of a
            // `managedPolicies` entry, listed above): see `references`.
            attached(&mut out, n, identity, false);
            if let Some(p) = &identity.trust_policy {
                out.push(doc(&identity.arn, DocumentId::Trust { identity: n }, p));
            }
        }
        for (n, resource) in self.resources.iter().enumerate() {
            if let Some(p) = &resource.policy {
                out.push(doc(&resource.arn, DocumentId::Resource { resource: n }, p));
            }
        }
        for (n, request) in self.requests.iter().enumerate() {
            for (h, hop) in request.assume.iter().enumerate() {
                if let Some(p) = &hop.session_policy {
                    let id = DocumentId::Session { request: n, hop: h };
                    out.push(doc(&hop.role, id, p));
                }
            }
            if let Some(p) = &request.vpc_endpoint_policy {
                out.push(doc(
                    &request.name,
                    DocumentId::VpcEndpoint { request: n },
                    p,
                ));
            }
        }
        out
    }

    /// The managed-policy references (`{"arn": ...}`) of identity policies and boundaries, with
    /// their paths, in file order. Their documents are filled in by
    /// [`crate::scenario::managed::resolve`].
    #[must_use]
    pub fn references(&self) -> Vec<DocumentRef<'_>> {
        let mut out = Vec::new();
        for (n, identity) in self.identities.iter().enumerate() {
            attached(&mut out, n, identity, true);
        }
        out
    }

    /// The identity with this ARN.
    #[must_use]
    pub fn identity(&self, arn: &str) -> Option<&Identity> {
        self.identities.iter().find(|i| i.arn == arn)
    }
}

/// The permission policies and the boundary of identity `n`: those written in the scenario, or
/// (`references`) those that name a managed policy by ARN.
fn attached<'a>(
    out: &mut Vec<DocumentRef<'a>>,
    n: usize,
    identity: &'a Identity,
    references: bool,
) {
    let wanted = |d: &PolicyDocument| d.reference.is_some() == references;
    for (i, p) in identity.policies.iter().enumerate() {
        if wanted(&p.document) {
            let id = DocumentId::Identity {
                identity: n,
                policy: i,
            };
            out.push(doc(&p.name, id, &p.document));
        }
    }
    if let Some(p) = identity
        .permissions_boundary
        .as_ref()
        .filter(|p| wanted(&p.document))
    {
        out.push(doc(
            &p.name,
            DocumentId::Boundary { identity: n },
            &p.document,
        ));
    }
}

fn doc<'a>(name: &'a str, id: DocumentId, document: &'a PolicyDocument) -> DocumentRef<'a> {
    DocumentRef {
        kind: id.kind(),
        id,
        name,
        document,
    }
}

/// The walk from a scenario to the document a [`DocumentId`] names, written once for both
/// [`DocumentId::get`] (`$get` is `get`, `$as` is `as_ref`) and [`DocumentId::get_mut`]
/// (`get_mut`, `as_mut`, and `mut`): Rust has no one function body for `&` and `&mut`.
/// `None` for a managed session policy named by its ARN (which `get` resolves itself) and for
/// a simulate line's document.
macro_rules! document_in {
    ($id:expr, $scenario:expr, $get:ident, $as:ident $(, $mut:tt)?) => {
        match $id {
            Self::Scp { index } => {
                Some(&$($mut)? $scenario.organization.$as()?.scps.$get(index)?.document)
            }
            Self::Rcp { index } => {
                Some(&$($mut)? $scenario.organization.$as()?.rcps.$get(index)?.document)
            }
            Self::Managed { index } => {
                Some(&$($mut)? $scenario.managed_policies.$get(index)?.document)
            }
            Self::Identity { identity, policy } => Some(
                &$($mut)? $scenario
                    .identities
                    .$get(identity)?
                    .policies
                    .$get(policy)?
                    .document,
            ),
            Self::Boundary { identity } => Some(
                &$($mut)? $scenario
                    .identities
                    .$get(identity)?
                    .permissions_boundary
                    .$as()?
                    .document,
            ),
            Self::Trust { identity } => $scenario.identities.$get(identity)?.trust_policy.$as(),
            Self::Resource { resource } => $scenario.resources.$get(resource)?.policy.$as(),
            Self::Session { request, hop } => $scenario
                .requests
                .$get(request)?
                .assume
                .$get(hop)?
                .session_policy
                .$as(),
            Self::VpcEndpoint { request } => {
                $scenario.requests.$get(request)?.vpc_endpoint_policy.$as()
            }
            Self::SessionArn { .. } | Self::Line(_) => None,
        }
    };
}

impl DocumentId {
    /// The document this id names in `scenario`, including a resolved managed-policy
    /// reference; `None` when the scenario has no such document (or for a simulate line's).
    #[must_use]
    pub fn get(self, scenario: &Scenario) -> Option<&PolicyDocument> {
        if let Self::SessionArn { request, hop, arn } = self {
            let arn = scenario
                .requests
                .get(request)?
                .assume
                .get(hop)?
                .policy_arns
                .get(arn)?;
            return scenario
                .session_policy_refs
                .iter()
                .find(|d| d.reference_arn() == Some(arn))
                .or_else(|| {
                    let m = scenario.managed_policies.iter().find(|m| m.arn == *arn)?;
                    Some(&m.document)
                });
        }
        document_in!(self, scenario, get, as_ref)
    }

    /// The document this id names in `scenario`, for changing it; `None` also for a managed
    /// session policy named by its ARN (its text is AWS's, or the `managedPolicies` entry's,
    /// which has an id of its own).
    pub fn get_mut(self, scenario: &mut Scenario) -> Option<&mut PolicyDocument> {
        document_in!(self, scenario, get_mut, as_mut, mut)
    }
}
