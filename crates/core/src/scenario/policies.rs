//! Which policies of a scenario apply to one call, as an evaluator [`PolicySet`].

use crate::document::DocumentId;
use crate::evaluate::{NamedPolicy, OrgFacts, PolicySet};
use crate::policy::{model::PolicyKind, parse_policy};
use crate::scenario::arn::{self, IdentityKind, identity_kind};
use crate::scenario::derive::{Caller, PassedPolicies};
use crate::scenario::managed::{display_name, source_id};
use crate::scenario::model::{OrgPolicy, PolicyDocument, ReferenceState, Scenario};
use crate::scenario::parsed::Reader;

/// Reads `document` as a `kind` policy named `name` through `reader` (parsed now, or shared
/// from an edit cache, which records the read); `source` is the document's place in the
/// scenario (`identities[0].policies[1].document`) so the UI can show its text, or `None` for a
/// document that has none (an AWS managed policy).
#[must_use]
pub fn compile(
    reader: &Reader<'_>,
    document: &PolicyDocument,
    kind: PolicyKind,
    name: &str,
    source: impl Into<Option<DocumentId>>,
) -> NamedPolicy {
    let source = source.into();
    // Read through an edit cache, the parsed document is shared and the read recorded.
    let parsed = reader.policy(&document.text, kind, source);
    let mut policy = NamedPolicy::new(name, kind, parsed);
    policy.source = source;
    policy
}

fn index_of(scenario: &Scenario, arn: &str) -> Option<usize> {
    scenario.identities.iter().position(|i| i.arn == arn)
}

/// The identity policies of a user (its own and its groups') or a role.
#[must_use]
pub fn identity_policies(reader: &Reader<'_>, scenario: &Scenario, arn: &str) -> Vec<NamedPolicy> {
    let mut out = Vec::new();
    let Some(index) = index_of(scenario, arn) else {
        return out;
    };
    let Some(identity) = scenario.identities.get(index) else {
        return out;
    };
    push_policies_of(&mut out, reader, scenario, index, None);
    // Why: a user's permissions include the policies of every group it belongs to (IAM User
    // Guide, "IAM user groups").
    if identity_kind(arn) == Some(IdentityKind::User) {
        for group in &identity.groups {
            if let Some(g) = index_of(scenario, group) {
                push_policies_of(&mut out, reader, scenario, g, Some(group));
            }
        }
    }
    out
}

/// Pushes onto `out` the policies of the identity at `index`: a user's or role's own, or
/// those of the user's `group` (named so).
fn push_policies_of(
    out: &mut Vec<NamedPolicy>,
    reader: &Reader<'_>,
    scenario: &Scenario,
    index: usize,
    group: Option<&str>,
) {
    let Some(identity) = scenario.identities.get(index) else {
        return;
    };
    for (i, p) in identity.policies.iter().enumerate() {
        let source = source_id(
            &p.document,
            DocumentId::Identity {
                identity: index,
                policy: i,
            },
        );
        let mut name = display_name(&p.name, &p.document);
        if let Some(group) = group {
            name = format!("{name} (group {})", arn::name(group));
        }
        out.push(compile(
            reader,
            &p.document,
            PolicyKind::Identity,
            &name,
            source,
        ));
    }
}

/// The permissions boundary of a user or role, if it has one.
#[must_use]
pub fn boundary(reader: &Reader<'_>, scenario: &Scenario, arn: &str) -> Option<NamedPolicy> {
    let index = index_of(scenario, arn)?;
    let p = scenario
        .identities
        .get(index)?
        .permissions_boundary
        .as_ref()?;
    let source = source_id(&p.document, DocumentId::Boundary { identity: index });
    let name = display_name(&p.name, &p.document);
    Some(compile(
        reader,
        &p.document,
        PolicyKind::Boundary,
        &name,
        source,
    ))
}

/// The trust policy of a role.
#[must_use]
pub fn trust_policy(reader: &Reader<'_>, scenario: &Scenario, role: &str) -> Option<NamedPolicy> {
    let index = index_of(scenario, role)?;
    let doc = scenario.identities.get(index)?.trust_policy.as_ref()?;
    let source = DocumentId::Trust { identity: index };
    let name = arn::name(role).to_owned();
    Some(compile(reader, doc, PolicyKind::Trust, &name, source))
}

/// Organization policies of `account`, level by level (root, each OU, the account). Empty
/// when the scenario lists no policy of this kind, or the account is not in the organization.
///
/// Why a level with no policy in the scenario gets `FullAWSAccess`: AWS attaches
/// `FullAWSAccess` (and `RCPFullAWSAccess`) to every root, OU and account when the policy type
/// is enabled, and never lets the last policy of an entity be detached ("Service control
/// policies (SCPs)", "Resource control policies (RCPs)", AWS Organizations User Guide). A level
/// the scenario says nothing about therefore allows everything; the explanation shows it.
fn org_levels(
    reader: &Reader<'_>,
    scenario: &Scenario,
    account: &str,
    kind: PolicyKind,
) -> Vec<Vec<NamedPolicy>> {
    let Some(org) = &scenario.organization else {
        return Vec::new();
    };
    let Some(path) = org.accounts.get(account) else {
        return Vec::new();
    };
    let (policies, id): (&[OrgPolicy], fn(usize) -> DocumentId) = match kind {
        PolicyKind::Scp => (&org.scps, |index| DocumentId::Scp { index }),
        _ => (&org.rcps, |index| DocumentId::Rcp { index }),
    };
    if policies.is_empty() {
        return Vec::new();
    }
    path.iter()
        .map(String::as_str)
        .chain(std::iter::once(account))
        .map(|level| {
            let attached: Vec<NamedPolicy> = policies
                .iter()
                .enumerate()
                .filter(|(_, p)| p.target == level)
                .map(|(i, p)| compile(reader, &p.document, kind, &p.name, id(i)))
                .collect();
            if attached.is_empty() {
                vec![default_full_access(kind, level)]
            } else {
                attached
            }
        })
        .collect()
}

fn default_full_access(kind: PolicyKind, level: &str) -> NamedPolicy {
    let (name, text) = match kind {
        PolicyKind::Scp => (
            "FullAWSAccess",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
        ),
        _ => (
            "RCPFullAWSAccess",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
        ),
    };
    let parsed = parse_policy(text, kind);
    NamedPolicy::new(
        format!("{name} (attached to `{level}` by default)"),
        kind,
        parsed.policy,
    )
}

/// The policies of the caller's side of a call: identity policies, boundary, session policy
/// and the SCPs of its account. Callers without an AWS identity (services, web identity and
/// SAML users, anonymous) have none. The root user has no identity policy: it has full access
/// in its own account, which the evaluator knows.
#[must_use]
pub fn caller_side(reader: &Reader<'_>, scenario: &Scenario, caller: &Caller) -> PolicySet {
    let mut set = PolicySet::new();
    set.facts = OrgFacts {
        management_account: scenario
            .organization
            .as_ref()
            .and_then(|o| o.management_account.clone()),
        service_linked_role: false,
    };
    // Whose identity policies and boundary apply: the user's for its own credentials, its
    // GetSessionToken credentials and its federated users (whose permissions are the user's
    // policies ∩ the session policies, "Permissions for GetFederationToken"); the role's for
    // a role session. The root user has none.
    let owner = match caller {
        Caller::User { arn } => arn.as_str(),
        Caller::UserSession(s) => s.arn.as_str(),
        Caller::FederatedUser(f) => f.user_arn.as_str(),
        Caller::Session(s) => s.role_arn.as_str(),
        Caller::Root { .. } => "",
        _ => return set,
    };
    if identity_kind(owner).is_some_and(|k| k != IdentityKind::Root) {
        set.identity = identity_policies(reader, scenario, owner);
        set.boundaries = boundary(reader, scenario, owner).into_iter().collect();
        // Why: "SCPs do not affect any service-linked role" (AWS Organizations User Guide);
        // AWS creates them under the path `/aws-service-role/`.
        set.facts.service_linked_role = owner.contains(":role/aws-service-role/")
            || scenario.identity(owner).is_some_and(|i| i.service_linked);
    }
    // The session policies passed when the session was created, and where (request, hop).
    let passed = match caller {
        Caller::Session(s) => Some(&s.passed),
        Caller::FederatedUser(f) => Some(&f.passed),
        _ => None,
    };
    if let Some(passed) = passed {
        set.sessions = session_policies(reader, scenario, passed);
    }
    // Why: "if you do not pass a policy with the GetFederationToken API call, the resulting
    // temporary security credentials have no permissions" (only a resource-based policy naming
    // the federated user can grant) ("Permissions for GetFederationToken", IAM User Guide):
    // read as an empty session policy.
    if matches!(caller, Caller::FederatedUser(_)) && set.sessions.is_empty() {
        let parsed = parse_policy(
            r#"{"Version": "2012-10-17", "Statement": []}"#,
            PolicyKind::Session,
        );
        set.sessions.push(NamedPolicy::new(
            "(no session policy passed to GetFederationToken: nothing is allowed)",
            PolicyKind::Session,
            parsed.policy,
        ));
    }
    if let Some(account) = caller.account() {
        set.scps = org_levels(reader, scenario, &account, PolicyKind::Scp);
    }
    set
}

/// The RCP levels of the account that owns the resource.
#[must_use]
pub fn rcp_levels(
    reader: &Reader<'_>,
    scenario: &Scenario,
    resource_account: Option<&str>,
) -> Vec<Vec<NamedPolicy>> {
    resource_account.map_or_else(Vec::new, |a| {
        org_levels(reader, scenario, a, PolicyKind::Rcp)
    })
}

/// The session policies of a session: the inline `Policy` of the call that created it and its
/// managed `PolicyArns` (those the scenario can resolve; an unknown ARN fails the call, see
/// [`crate::scenario::tokens::policy_arn_checks`]), named after the hop that passed them.
#[must_use]
pub fn session_policies(
    reader: &Reader<'_>,
    scenario: &Scenario,
    passed: &PassedPolicies,
) -> Vec<NamedPolicy> {
    let (request, hop) = (passed.request, passed.hop);
    let mut out: Vec<NamedPolicy> = passed
        .inline
        .as_ref()
        .map(|doc| {
            let source = DocumentId::Session { request, hop };
            compile(reader, doc, PolicyKind::Session, "session policy", source)
        })
        .into_iter()
        .collect();
    out.extend(passed.arns.iter().enumerate().filter_map(|(i, arn)| {
        let place = DocumentId::SessionArn {
            request,
            hop,
            arn: i,
        };
        let mut policy = managed_session_policy(reader, scenario, arn)?;
        // An AWS managed policy's text is not the user's: its source is where the ARN is
        // written (a customer managed policy keeps its `managedPolicies` entry).
        policy.source.get_or_insert(place);
        Some(policy)
    }));
    out
}

/// The managed policy `arn` as a session policy: a customer managed policy of
/// `managedPolicies` (through the one resolver, [`crate::scenario::managed::lookup`]), or an
/// AWS managed policy that [`crate::scenario::managed::resolve`] found
/// (`scenario.session_policy_refs`). `None` for anything else (unknown, or an AWS managed
/// policy not loaded yet): never read as an empty policy. A customer managed policy's source is
/// its `managedPolicies` entry; an AWS managed policy has none until [`session_policies`] gives
/// it the place its ARN is written.
#[must_use]
pub fn managed_session_policy(
    reader: &Reader<'_>,
    scenario: &Scenario,
    arn: &str,
) -> Option<NamedPolicy> {
    let (document, name, source) = managed_session_document(scenario, arn)?;
    Some(compile(
        reader,
        document,
        PolicyKind::Session,
        &name,
        source,
    ))
}

/// Whether the scenario can resolve the managed policy `arn` as a session policy (see
/// [`managed_session_policy`]), without reading it.
pub(crate) fn has_managed_session_policy(scenario: &Scenario, arn: &str) -> bool {
    managed_session_document(scenario, arn).is_some()
}

/// The document of [`managed_session_policy`], with its name and source.
fn managed_session_document<'s>(
    scenario: &'s Scenario,
    arn: &str,
) -> Option<(&'s PolicyDocument, String, Option<DocumentId>)> {
    let none = crate::managed::ManagedPolicies::new();
    if let crate::scenario::managed::Resolved::Customer(index, _) =
        crate::scenario::managed::lookup(scenario, &none, arn)
    {
        let def = scenario.managed_policies.get(index)?;
        return Some((
            &def.document,
            arn.to_owned(),
            Some(DocumentId::Managed { index }),
        ));
    }
    scenario
        .session_policy_refs
        .iter()
        .find(|d| {
            d.reference
                .as_ref()
                .is_some_and(|r| r.arn == arn && matches!(r.state, ReferenceState::Aws(_)))
        })
        .map(|d| {
            let name = display_name(crate::managed::policy_name(arn), d);
            (d, name, None)
        })
}
