//! Finding things in a scenario: its policy documents with their paths, identities by ARN.

use crate::policy::model::PolicyKind;
use crate::scenario::model::{Identity, PolicyDocument, Scenario};

/// A reference to one policy document of a scenario, with where it sits and what kind it is.
#[derive(Clone, Debug)]
pub struct DocumentRef<'a> {
    /// Where it sits, e.g. `identities[2].trustPolicy` or `resources[0].policy`.
    pub path: String,
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
                let path = format!("organization.scps[{i}].document");
                out.push(doc(PolicyKind::Scp, &p.name, path, &p.document));
            }
            for (i, p) in org.rcps.iter().enumerate() {
                let path = format!("organization.rcps[{i}].document");
                out.push(doc(PolicyKind::Rcp, &p.name, path, &p.document));
            }
        }
        for (i, p) in self.managed_policies.iter().enumerate() {
            let path = format!("managedPolicies[{i}].document");
            let name = crate::managed::policy_name(&p.arn);
            out.push(doc(PolicyKind::Identity, name, path, &p.document));
        }
        for (n, identity) in self.identities.iter().enumerate() {
            // A reference's document is not the user's text (it is AWS's, or a copy of a
            // `managedPolicies` entry, listed above): see `references`.
            for (i, p) in identity.policies.iter().enumerate() {
                if p.document.reference.is_none() {
                    let path = format!("identities[{n}].policies[{i}].document");
                    out.push(doc(PolicyKind::Identity, &p.name, path, &p.document));
                }
            }
            if let Some(p) = identity
                .permissions_boundary
                .as_ref()
                .filter(|p| p.document.reference.is_none())
            {
                let path = format!("identities[{n}].permissionsBoundary.document");
                out.push(doc(PolicyKind::Boundary, &p.name, path, &p.document));
            }
            if let Some(p) = &identity.trust_policy {
                let path = format!("identities[{n}].trustPolicy");
                out.push(doc(PolicyKind::Trust, &identity.arn, path, p));
            }
        }
        for (n, resource) in self.resources.iter().enumerate() {
            if let Some(p) = &resource.policy {
                let path = format!("resources[{n}].policy");
                out.push(doc(PolicyKind::Resource, &resource.arn, path, p));
            }
        }
        for (n, request) in self.requests.iter().enumerate() {
            for (h, hop) in request.assume.iter().enumerate() {
                if let Some(p) = &hop.session_policy {
                    let path = format!("requests[{n}].assume[{h}].sessionPolicy");
                    out.push(doc(PolicyKind::Session, &hop.role, path, p));
                }
            }
            if let Some(p) = &request.vpc_endpoint_policy {
                let path = format!("requests[{n}].vpcEndpointPolicy");
                out.push(doc(PolicyKind::VpcEndpoint, &request.name, path, p));
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
            for (i, p) in identity.policies.iter().enumerate() {
                if p.document.reference.is_some() {
                    let path = format!("identities[{n}].policies[{i}].document");
                    out.push(doc(PolicyKind::Identity, &p.name, path, &p.document));
                }
            }
            if let Some(p) = identity
                .permissions_boundary
                .as_ref()
                .filter(|p| p.document.reference.is_some())
            {
                let path = format!("identities[{n}].permissionsBoundary.document");
                out.push(doc(PolicyKind::Boundary, &p.name, path, &p.document));
            }
        }
        out
    }

    /// The document at `path` (as in [`DocumentRef::path`]; the evaluator's policy traces carry
    /// it as their `source`), including resolved managed-policy references.
    #[must_use]
    pub fn document_at(&self, path: &str) -> Option<&PolicyDocument> {
        self.documents()
            .into_iter()
            .chain(self.references())
            .find(|d| d.path == path)
            .map(|d| d.document)
    }

    /// The identity with this ARN.
    #[must_use]
    pub fn identity(&self, arn: &str) -> Option<&Identity> {
        self.identities.iter().find(|i| i.arn == arn)
    }
}

fn doc<'a>(
    kind: PolicyKind,
    name: &'a str,
    path: String,
    document: &'a PolicyDocument,
) -> DocumentRef<'a> {
    DocumentRef {
        kind,
        name,
        path,
        document,
    }
}
