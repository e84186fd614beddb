//! The named edits of the scenario ([`Change`]) and how each one changes it.
//!
//! Each edit is plain data, so the reducer is tested natively (`state/tests.rs`). Scenario
//! rules live in the core: a rename calls `Scenario::rename_identity` / `rename_resource` /
//! `rename_managed_policy`, which follow references.

use rolecall_core::PolicyKind;
use rolecall_core::request::ContextValue;
use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::arn;
use rolecall_core::scenario::model::{
    AssumeHop, Expect, HopCall, Identity, KeyValues, ManagedPolicyDef, NamedDocument, OrgPolicy,
    Organization, PolicyDocument, PrincipalSpec, Resource, ScenarioRequest,
};
use rolecall_core::scenario::starting::NewEntity;

use crate::docref::DocRef;

/// The kind of identity "+ user" and "+ role" add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewIdentity {
    /// An IAM user with an empty inline policy.
    User,
    /// A role with a trust policy and an empty permission policy.
    Role,
}

/// One of the organization's two policy lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgList {
    /// Service control policies.
    Scps,
    /// Resource control policies.
    Rcps,
}

impl OrgList {
    fn of(self, org: &mut Organization) -> &mut Vec<OrgPolicy> {
        match self {
            Self::Scps => &mut org.scps,
            Self::Rcps => &mut org.rcps,
        }
    }
}

/// A change of one field of a request (text fields: empty means absent).
#[derive(Clone, Debug, PartialEq)]
pub enum RequestEdit {
    /// Who starts the request.
    Principal(PrincipalSpec),
    /// The final action.
    Action(String),
    /// The final resource.
    Resource(String),
    /// The context keys given for every step.
    Context(KeyValues<ContextValue>),
}

/// A change of one assume hop.
#[derive(Clone, Debug, PartialEq)]
pub enum HopEdit {
    /// The STS call (the fields it does not take are removed; an undo brings them back).
    Call(HopCall),
    /// The role to assume.
    Role(String),
    /// `Name` of a `GetFederationToken` hop.
    Name(String),
    /// `RoleSessionName`.
    SessionName(String),
    /// `ExternalId`.
    ExternalId(String),
    /// `SourceIdentity`.
    SourceIdentity(String),
    /// `DurationSeconds`, as typed (ignored unless a number).
    Duration(String),
    /// Whether an MFA code is passed.
    Mfa(bool),
    /// Session tags.
    SessionTags(KeyValues<String>),
    /// Adds an inline session policy (allow all, to be narrowed).
    AddSessionPolicy,
    /// Removes the session policy.
    RemoveSessionPolicy,
}

/// A named change of the scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// The scenario title.
    SetTitle(String),
    /// The Markdown notes (empty removes them).
    SetNotes(String),
    /// Adds a user or a role; it becomes the selected identity.
    AddIdentity(NewIdentity),
    /// Renames an identity and every reference to it (committed on blur or Enter).
    RenameIdentity {
        /// The identity.
        identity: usize,
        /// The new ARN.
        arn: String,
    },
    /// Removes an identity.
    RemoveIdentity(usize),
    /// The tags of an identity.
    SetIdentityTags {
        /// The identity.
        identity: usize,
        /// The tags.
        tags: KeyValues<String>,
    },
    /// Gives an identity a trust policy.
    AddTrustPolicy(usize),
    /// Adds a permission policy to an identity; it opens in the editor.
    AddIdentityPolicy(usize),
    /// Attaches a managed policy by ARN to an identity; it opens in the right-hand pane.
    AttachManagedPolicy {
        /// The identity.
        identity: usize,
        /// The policy ARN.
        arn: String,
    },
    /// Detaches (removes) a permission policy of an identity: an inline policy or a managed
    /// policy attached by ARN (the managed policy itself stays in `managedPolicies`).
    DetachPolicy {
        /// The identity.
        identity: usize,
        /// The policy.
        policy: usize,
    },
    /// Adds a permissions boundary to an identity; it opens in the editor.
    AddBoundary(usize),
    /// Adds a customer managed policy (`managedPolicies`); it opens in the editor.
    AddManagedPolicy,
    /// Renames a customer managed policy and the attachments and session `policyArns` that
    /// name it (committed on blur or Enter).
    RenameManagedPolicy {
        /// The managed policy.
        index: usize,
        /// The new ARN.
        arn: String,
    },
    /// Removes a customer managed policy (what attaches it then names an unknown ARN, which
    /// the problems list reports).
    RemoveManagedPolicy(usize),
    /// Adds a resource; it becomes the selection.
    AddResource,
    /// Gives the final action of a request a resource-based policy: on the entry that governs
    /// its resource (a bucket for an object), added when the scenario has none, allowing the
    /// request's action to its acting principal (the last hop's role, else the principal).
    AddGoverningPolicy(usize),
    /// Renames a resource and the request resources it governs (committed on blur or Enter).
    RenameResource {
        /// The resource.
        resource: usize,
        /// The new ARN.
        arn: String,
    },
    /// Removes a resource.
    RemoveResource(usize),
    /// The account owning a resource (empty: from the ARN).
    SetResourceAccount {
        /// The resource.
        resource: usize,
        /// The account id.
        account: String,
    },
    /// The tags of a resource.
    SetResourceTags {
        /// The resource.
        resource: usize,
        /// The tags.
        tags: KeyValues<String>,
    },
    /// Gives a resource a resource-based policy.
    AddResourcePolicy(usize),
    /// Adds an SCP or RCP (full access, attached to the root); it opens in the editor.
    AddOrgPolicy(OrgList),
    /// Renames an SCP or RCP.
    RenameOrgPolicy {
        /// The list.
        list: OrgList,
        /// The policy.
        index: usize,
        /// The new name.
        name: String,
    },
    /// Attaches an SCP or RCP elsewhere.
    RetargetOrgPolicy {
        /// The list.
        list: OrgList,
        /// The policy.
        index: usize,
        /// The root, OU or account id.
        target: String,
    },
    /// Removes an SCP or RCP.
    RemoveOrgPolicy {
        /// The list.
        list: OrgList,
        /// The policy.
        index: usize,
    },
    /// The organization's accounts with their OU paths.
    SetAccounts(KeyValues<Vec<String>>),
    /// The management account (empty: none).
    SetManagementAccount(String),
    /// Adds a request: a copy of the selected one without its expectation. It becomes the
    /// selection.
    AddRequest,
    /// Renames a request.
    RenameRequest {
        /// The request.
        request: usize,
        /// The new name.
        name: String,
    },
    /// Removes a request.
    RemoveRequest(usize),
    /// Changes a field of a request.
    EditRequest {
        /// The request.
        request: usize,
        /// The change.
        edit: RequestEdit,
    },
    /// The expected decision of a request.
    SetExpectation {
        /// The request.
        request: usize,
        /// The expectation (`None`: no expectation).
        expect: Option<Expect>,
    },
    /// Appends an assume hop to a request (the first role of the scenario, session `session`);
    /// the request becomes the selection and the editors follow its deciding step.
    AddHop(usize),
    /// Removes an assume hop.
    RemoveHop {
        /// The request.
        request: usize,
        /// The hop.
        hop: usize,
    },
    /// Changes an assume hop.
    EditHop {
        /// The request.
        request: usize,
        /// The hop.
        hop: usize,
        /// The change.
        edit: HopEdit,
    },
}

/// What the reducer selects after an edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Select {
    /// This identity.
    Identity(usize),
    /// This request.
    Request(usize),
    /// This document (or resource) in the right-hand editor.
    Doc(DocRef),
}

/// The effect of an edit besides the scenario change.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// What becomes selected.
    pub select: Option<Select>,
    /// For edits that are easy to regret (renames, removals): what happened, shown in a banner
    /// with an Undo button.
    pub undoable: Option<String>,
}

fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// The banner of a rename from `old` to `new` that rewrote `followed` references, or `None`
/// when nothing was renamed.
fn renamed(old: Option<String>, new: &str, followed: Option<usize>) -> Option<String> {
    let (old, n) = (old?, followed?);
    let references = match n {
        0 => "no reference to update".to_owned(),
        1 => "1 reference updated".to_owned(),
        n => format!("{n} references updated"),
    };
    (old != new).then(|| {
        format!(
            "Renamed `{}` to `{}` ({references}).",
            arn::name(&old),
            arn::name(new)
        )
    })
}

/// Removes entry `index` of `list` (named by the ARN `arn_of` gives), with the banner saying
/// so; `None` when there is no such entry.
fn remove<T>(list: &mut Vec<T>, index: usize, arn_of: fn(&T) -> &str) -> Option<String> {
    (index < list.len()).then(|| {
        let removed = list.remove(index);
        format!("Removed `{}`.", arn::name(arn_of(&removed)))
    })
}

/// Applies `edit` to `s`. `selected_request` is the request selected before the edit (the one
/// "+ request" copies).
#[expect(
    clippy::too_many_lines,
    reason = "one arm per named edit, each a few lines: the closed set reads best in one match"
)]
pub fn apply(s: &mut Scenario, edit: Change, selected_request: usize) -> Applied {
    let mut applied = Applied::default();
    match edit {
        Change::SetTitle(title) => s.title = Some(title),
        Change::SetNotes(notes) => s.notes = optional(&notes),
        Change::AddIdentity(kind) => {
            let identity = s.identities.len();
            // A new identity's policy allows the selected request's action.
            let action = s
                .requests
                .get(selected_request)
                .and_then(|r| r.action.clone())
                .unwrap_or_default();
            // New identities come from the core's templates: valid for their kind at once,
            // under an ARN the scenario does not use yet.
            let arn = s.new_entity_arn(match kind {
                NewIdentity::User => NewEntity::User,
                NewIdentity::Role => NewEntity::Role,
            });
            s.identities.push(Identity::template(&arn, &action));
            applied.select = Some(Select::Identity(identity));
        }
        Change::RenameIdentity { identity, arn } => {
            let old = s.identities.get(identity).map(|i| i.arn.clone());
            let followed = s.rename_identity(identity, &arn);
            applied.undoable = renamed(old, &arn, followed);
        }
        Change::RemoveIdentity(i) => {
            applied.undoable = remove(&mut s.identities, i, |i| i.arn.as_str());
        }
        Change::SetIdentityTags { identity, tags } => {
            if let Some(i) = s.identities.get_mut(identity) {
                i.tags = tags;
            }
        }
        Change::AddTrustPolicy(identity) => {
            let holder = s.identities.get_mut(identity);
            if let Some(i) = holder.filter(|i| i.can_hold(PolicyKind::Trust)) {
                i.trust_policy = Some(PolicyDocument::template(PolicyKind::Trust, &i.arn));
            }
        }
        Change::AddIdentityPolicy(identity) => {
            if let Some(i) = s.identities.get_mut(identity) {
                let policy = i.policies.len();
                i.policies.push(NamedDocument {
                    name: format!("Policy{}", policy + 1),
                    document: PolicyDocument::template(PolicyKind::Identity, &i.arn),
                });
                applied.select = Some(Select::Doc(DocRef::Identity { identity, policy }));
            }
        }
        Change::AttachManagedPolicy { identity, arn } => {
            if let Some(i) = s.identities.get_mut(identity) {
                let policy = i.policies.len();
                i.policies.push(NamedDocument::reference(arn));
                applied.select = Some(Select::Doc(DocRef::Identity { identity, policy }));
            }
        }
        Change::DetachPolicy { identity, policy } => {
            if let Some(i) = s.identities.get_mut(identity)
                && policy < i.policies.len()
            {
                let removed = i.policies.remove(policy);
                let what = removed
                    .document
                    .reference_arn()
                    .map_or(removed.name, |a| arn::name(a).to_owned());
                applied.undoable = Some(format!("Detached `{what}` from `{}`.", arn::name(&i.arn)));
            }
        }
        Change::AddManagedPolicy => {
            let index = s.managed_policies.len();
            let arn = s.new_entity_arn(NewEntity::ManagedPolicy);
            s.managed_policies.push(ManagedPolicyDef {
                document: PolicyDocument::template(PolicyKind::Identity, &arn),
                arn,
                ..ManagedPolicyDef::default()
            });
            applied.select = Some(Select::Doc(DocRef::Managed { index }));
        }
        Change::RenameManagedPolicy { index, arn } => {
            let old = s.managed_policies.get(index).map(|m| m.arn.clone());
            let followed = s.rename_managed_policy(index, &arn);
            applied.undoable = renamed(old, &arn, followed);
        }
        Change::RemoveManagedPolicy(index) => {
            applied.undoable = remove(&mut s.managed_policies, index, |m| m.arn.as_str());
        }
        Change::AddBoundary(identity) => {
            let holder = s.identities.get_mut(identity);
            if let Some(i) = holder.filter(|i| i.can_hold(PolicyKind::Boundary)) {
                i.permissions_boundary = Some(NamedDocument {
                    name: "Boundary".to_owned(),
                    document: PolicyDocument::template(PolicyKind::Boundary, &i.arn),
                });
                applied.select = Some(Select::Doc(DocRef::Boundary { identity }));
            }
        }
        Change::AddResource => {
            let resource = s.resources.len();
            let arn = s.new_entity_arn(NewEntity::Bucket);
            s.resources.push(Resource {
                policy: Some(PolicyDocument::template(PolicyKind::Resource, &arn)),
                arn,
                ..Resource::default()
            });
            applied.select = Some(Select::Doc(DocRef::Resource { resource }));
        }
        Change::AddGoverningPolicy(request) => {
            // Where the core says one can live, naming the acting principal and the action.
            s.add_resource_policy_for(request);
        }
        Change::RenameResource { resource, arn } => {
            let old = s.resources.get(resource).map(|r| r.arn.clone());
            let followed = s.rename_resource(resource, &arn);
            applied.undoable = renamed(old, &arn, followed);
        }
        Change::RemoveResource(r) => {
            applied.undoable = remove(&mut s.resources, r, |r| r.arn.as_str());
        }
        Change::SetResourceAccount { resource, account } => {
            if let Some(r) = s.resources.get_mut(resource) {
                r.account = optional(&account);
            }
        }
        Change::SetResourceTags { resource, tags } => {
            if let Some(r) = s.resources.get_mut(resource) {
                r.tags = tags;
            }
        }
        Change::AddResourcePolicy(resource) => {
            if let Some(r) = s.resources.get_mut(resource) {
                r.policy = Some(PolicyDocument::template(PolicyKind::Resource, &r.arn));
            }
        }
        Change::AddOrgPolicy(list) => {
            let name = match list {
                OrgList::Scps => "FullAWSAccess",
                OrgList::Rcps => "RCPFullAWSAccess",
            };
            let policies = list.of(s.organization.get_or_insert_with(Organization::default));
            let index = policies.len();
            policies.push(OrgPolicy {
                name: name.to_owned(),
                target: "r-root".to_owned(),
                document: PolicyDocument::template(
                    match list {
                        OrgList::Scps => PolicyKind::Scp,
                        OrgList::Rcps => PolicyKind::Rcp,
                    },
                    "",
                ),
            });
            applied.select = Some(Select::Doc(match list {
                OrgList::Scps => DocRef::Scp { index },
                OrgList::Rcps => DocRef::Rcp { index },
            }));
        }
        Change::RenameOrgPolicy { list, index, name } => {
            if let Some(p) = s
                .organization
                .as_mut()
                .and_then(|o| list.of(o).get_mut(index))
            {
                p.name = name;
            }
        }
        Change::RetargetOrgPolicy {
            list,
            index,
            target,
        } => {
            if let Some(p) = s
                .organization
                .as_mut()
                .and_then(|o| list.of(o).get_mut(index))
            {
                p.target = target;
            }
        }
        Change::RemoveOrgPolicy { list, index } => {
            if let Some(o) = s.organization.as_mut()
                && index < list.of(o).len()
            {
                let removed = list.of(o).remove(index);
                applied.undoable = Some(format!("Removed the policy `{}`.", removed.name));
            }
        }
        Change::SetAccounts(accounts) => {
            s.organization
                .get_or_insert_with(Organization::default)
                .accounts = accounts;
        }
        Change::SetManagementAccount(account) => {
            s.organization
                .get_or_insert_with(Organization::default)
                .management_account = optional(&account);
        }
        Change::AddRequest => {
            let copy = s
                .requests
                .get(selected_request)
                .cloned()
                .unwrap_or_default();
            let request = s.requests.len();
            s.requests.push(ScenarioRequest {
                name: format!("request {}", request + 1),
                expect: None,
                ..copy
            });
            applied.select = Some(Select::Request(request));
        }
        Change::RenameRequest { request, name } => {
            if let Some(r) = s.requests.get_mut(request) {
                r.name = name;
            }
        }
        Change::RemoveRequest(q) => {
            if q < s.requests.len() {
                let removed = s.requests.remove(q);
                applied.undoable = Some(format!("Removed the request `{}`.", removed.name));
            }
        }
        Change::EditRequest { request, edit } => {
            if let Some(r) = s.requests.get_mut(request) {
                match edit {
                    RequestEdit::Principal(p) => r.principal = p,
                    RequestEdit::Action(a) => r.action = optional(&a),
                    RequestEdit::Resource(x) => r.resource = optional(&x),
                    RequestEdit::Context(c) => r.context = c,
                }
            }
        }
        Change::SetExpectation { request, expect } => {
            if let Some(r) = s.requests.get_mut(request) {
                r.expect = expect;
            }
        }
        Change::AddHop(request) => {
            let role = s
                .identities
                .iter()
                .find(|i| i.is_role())
                .map(|i| i.arn.clone())
                .unwrap_or_default();
            if let Some(r) = s.requests.get_mut(request) {
                r.assume.push(AssumeHop {
                    role,
                    session_name: Some("session".to_owned()),
                    ..AssumeHop::default()
                });
                // The request is selected again, so the editors follow the step that decides
                // it (the new hop's documents while it is denied), whatever was shown before.
                applied.select = Some(Select::Request(request));
            }
        }
        Change::RemoveHop { request, hop } => {
            if let Some(r) = s.requests.get_mut(request)
                && hop < r.assume.len()
            {
                r.assume.remove(hop);
                applied.undoable = Some(format!("Removed hop {}.", hop + 1));
            }
        }
        Change::EditHop { request, hop, edit } => {
            // A hop that becomes an AssumeRole call again starts with the first role, as a new
            // hop does.
            let first_role = s
                .identities
                .iter()
                .find(|i| i.is_role())
                .map(|i| i.arn.clone());
            if let Some(h) = s
                .requests
                .get_mut(request)
                .and_then(|r| r.assume.get_mut(hop))
            {
                if edit == HopEdit::AddSessionPolicy {
                    applied.select = Some(Select::Doc(DocRef::Session { request, hop }));
                }
                if let HopEdit::Call(call) = edit {
                    let removed = h.set_call(call);
                    if call == HopCall::AssumeRole && h.role.is_empty() {
                        h.role = first_role.unwrap_or_default();
                    }
                    if let Some(notice) = AssumeHop::call_notice(hop, call, &removed) {
                        applied.undoable = Some(notice);
                    }
                } else {
                    edit_hop(h, edit);
                }
            }
        }
    }
    applied
}

fn edit_hop(h: &mut AssumeHop, edit: HopEdit) {
    match edit {
        HopEdit::Call(call) => {
            h.set_call(call);
        }
        HopEdit::Role(role) => h.role = role,
        HopEdit::Name(v) => h.name = optional(&v),
        HopEdit::SessionName(v) => h.session_name = optional(&v),
        HopEdit::ExternalId(v) => h.external_id = optional(&v),
        HopEdit::SourceIdentity(v) => h.source_identity = optional(&v),
        HopEdit::Duration(v) => h.duration_seconds = v.trim().parse().ok(),
        HopEdit::Mfa(on) => h.mfa = on,
        HopEdit::SessionTags(tags) => h.session_tags = tags,
        HopEdit::AddSessionPolicy => {
            h.session_policy = Some(PolicyDocument::template(PolicyKind::Session, &h.role));
        }
        HopEdit::RemoveSessionPolicy => h.session_policy = None,
    }
}
