//! Reading a scenario file: JSON text → [`Scenario`] plus diagnostics with spans.
//!
//! Parsing never fails. Unknown fields, wrong types, bad values and dangling references are
//! reported with their location and the rest of the scenario is still read, so the editor can
//! show every problem at once. Old format versions are migrated first ([`migrate`]).

use crate::condition::parse_rfc3339;
use crate::diagnostic::{Diagnostic, scenario as diag};
use crate::json::{self, Member, Value, ValueKind, member};
use crate::scenario::arn::{IdentityKind, identity_kind, is_account_id};
use crate::scenario::challenge::read as challenge;
use crate::scenario::model::{
    FORMAT_VERSION, Identity, ManagedPolicyDef, NamedDocument, OidcProvider, OrgPolicy,
    Organization, Resource, Scenario,
};
use crate::scenario::reader::{ReadIdentity, Reader};
use crate::scenario::requests::{EXPECT, HOP, PRINCIPAL, REQUEST, read_request};
use crate::span::Span;

/// A scenario with the diagnostics found while reading it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedScenario {
    /// What could be read; `None` only when the text is not a scenario at all (invalid JSON,
    /// not an object, or a format version newer than this build).
    pub scenario: Option<Scenario>,
    /// Everything wrong, with spans into the scenario text.
    pub diagnostics: Vec<Diagnostic>,
}

impl ParsedScenario {
    /// Why this text may not replace the scenario being edited, if it may not: it is not JSON,
    /// not a scenario, from a newer format, or JSON without the `rolecall` version (say, a bare
    /// policy). The parser recovers a partial scenario from such text, and loading that would
    /// lose the user's work.
    #[must_use]
    pub fn refusal(&self) -> Option<&Diagnostic> {
        let fatal = self
            .diagnostics
            .iter()
            .find(|d| d.code == "invalid-json" || d.code == "missing-version");
        match &self.scenario {
            Some(_) => fatal,
            None => fatal.or_else(|| self.diagnostics.iter().find(|d| d.is_error())),
        }
    }

    /// Whether the text is a scenario that may be loaded (see [`ParsedScenario::refusal`]).
    #[must_use]
    pub fn is_loadable(&self) -> bool {
        self.scenario.is_some() && self.refusal().is_none()
    }

    /// The scenario, when it may replace the one being edited.
    ///
    /// # Errors
    ///
    /// The diagnostic that says why not ([`ParsedScenario::refusal`]); a text read as no
    /// scenario always has one, and `scenario-not-object` stands in should it not.
    pub fn into_loadable(self) -> Result<Scenario, Diagnostic> {
        if let Some(refusal) = self.refusal() {
            return Err(refusal.clone());
        }
        self.scenario
            .ok_or_else(|| diag::not_an_object(Span::default()))
    }
}

const TOP: &[&str] = &[
    "$schema",
    "rolecall",
    "title",
    "notes",
    "challenge",
    "now",
    "organization",
    "managedPolicies",
    "identities",
    "oidcProviders",
    "resources",
    "requests",
];
const ORGANIZATION: &[&str] = &["id", "managementAccount", "accounts", "scps", "rcps"];
const ORG_POLICY: &[&str] = &["name", "target", "document"];
const IDENTITY: &[&str] = &[
    "arn",
    "id",
    "policies",
    "groups",
    "permissionsBoundary",
    "tags",
    "trustPolicy",
    "maxSessionDuration",
    "serviceLinked",
];
const NAMED_DOCUMENT: &[&str] = &["name", "document", "arn"];
const MANAGED_POLICY: &[&str] = &["arn", "document"];
const OIDC_PROVIDER: &[&str] = &["arn", "clientIds"];
const RESOURCE: &[&str] = &["arn", "account", "policy", "tags"];
/// The field names the parser knows, by object (for the JSON Schema agreement test and docs).
pub const FIELDS: &[(&str, &[&str])] = &[
    ("scenario", TOP),
    ("organization", ORGANIZATION),
    ("orgPolicy", ORG_POLICY),
    ("identity", IDENTITY),
    ("oidcProvider", OIDC_PROVIDER),
    ("namedPolicy", NAMED_DOCUMENT),
    ("managedPolicy", MANAGED_POLICY),
    ("resource", RESOURCE),
    ("request", REQUEST),
    ("assumeHop", HOP),
    ("expectObject", EXPECT),
    ("principalObject", PRINCIPAL),
    ("challenge", challenge::CHALLENGE),
    ("goalCheck", challenge::GOAL_CHECK),
    ("solutionDocument", challenge::SOLUTION_DOCUMENT),
];

/// Parses a scenario file.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::parse::parse_scenario;
/// let parsed = parse_scenario(r#"{"rolecall": 1, "identities": [], "requests": [], "extra": 1}"#);
/// assert!(parsed.scenario.is_some());
/// assert_eq!(parsed.diagnostics[0].code, "unknown-field");
/// ```
#[must_use]
pub fn parse_scenario(text: &str) -> ParsedScenario {
    let (value, mut diagnostics) = json::parse(text);
    let scenario = value.and_then(|value| {
        let mut reader = Reader::new(text);
        let scenario = read_versioned(&mut reader, value);
        diagnostics.append(&mut reader.diagnostics);
        scenario
    });
    ParsedScenario {
        scenario,
        diagnostics,
    }
}

fn read_versioned(reader: &mut Reader<'_>, value: Value) -> Option<Scenario> {
    let ValueKind::Object(members) = &value.kind else {
        reader.diagnostics.push(diag::not_an_object(value.span));
        return None;
    };
    let version = match member(members, "rolecall") {
        None => {
            // Read it as the current version so the rest can still be checked.
            reader
                .diagnostics
                .push(diag::missing_version(value.span.opening()));
            FORMAT_VERSION
        }
        Some(v) => match &v.kind {
            ValueKind::Number(n) => match n.parse::<u64>() {
                Ok(0) | Err(_) => {
                    reader.diagnostics.push(diag::invalid_version(v.span, n));
                    return None;
                }
                Ok(n) if n > FORMAT_VERSION => {
                    let d = diag::unsupported_version(v.span, n, FORMAT_VERSION);
                    reader.diagnostics.push(d);
                    return None;
                }
                Ok(n) => n,
            },
            _ => {
                let found = reader.text.get(v.span.start..v.span.end).unwrap_or("");
                reader
                    .diagnostics
                    .push(diag::invalid_version(v.span, found));
                return None;
            }
        },
    };
    let value = migrate(version, value);
    read_scenario(reader, &value)
}

/// Brings a scenario of format `version` up to [`FORMAT_VERSION`], one version at a time.
///
/// Why: share links live in chats and course material for years, so every format version ever
/// released must keep opening. When version 2 is introduced, add a `migrate_v1_to_v2` step here
/// (a pure function on the JSON value) and keep the reader for the newest version only.
#[must_use]
pub fn migrate(version: u64, value: Value) -> Value {
    let _ = version; // Version 1 is the only version so far: nothing to migrate.
    value
}

fn read_scenario(r: &mut Reader<'_>, value: &Value) -> Option<Scenario> {
    let members = r.object(value, "scenario", "the scenario", TOP)?;
    let now = member(members, "now").and_then(|v| r.string(v, "now"));
    if let Some(now) = &now {
        if parse_rfc3339(&now.value).is_none() {
            r.diagnostics.push(diag::invalid_time(now.span, &now.value));
        }
    }
    let organization = member(members, "organization").and_then(|v| read_organization(r, v));
    let managed_policies = r.list(members, "managedPolicies", read_managed_policy);
    let identities = r.list(members, "identities", read_identity);
    check_identities(r, &identities);
    let oidc_providers = r.list(members, "oidcProviders", read_oidc_provider);
    let resources = r.list(members, "resources", read_resource);
    let requests = r.list(members, "requests", |r, v| read_request(r, v, &identities));
    let read_challenge = member(members, "challenge").map(|v| challenge::read(r, v));
    let (challenge, unreadable) =
        read_challenge.map_or((None, Vec::new()), |c| (c.challenge, c.unreadable));
    let scenario = Scenario {
        rolecall: FORMAT_VERSION,
        title: r.opt_string(members, "title"),
        notes: r.opt_string(members, "notes"),
        challenge,
        now: now.map(|n| n.value),
        organization,
        managed_policies,
        identities: identities.into_iter().map(|(i, _)| i).collect(),
        oidc_providers,
        resources,
        requests,
        session_policy_refs: Vec::new(),
    };
    challenge::check_references(r, &scenario, &unreadable);
    Some(scenario)
}

fn read_organization(r: &mut Reader<'_>, value: &Value) -> Option<Organization> {
    let members = r.object(value, "organization", "`organization`", ORGANIZATION)?;
    let management =
        member(members, "managementAccount").and_then(|v| r.string(v, "managementAccount"));
    let management_account = r.account(management);
    let mut accounts = Vec::new();
    if let Some(v) = member(members, "accounts") {
        match &v.kind {
            // Every key is an account id, so there are no unknown fields to report here.
            ValueKind::Object(entries) => {
                for m in entries {
                    if !is_account_id(&m.key.value) {
                        r.diagnostics
                            .push(diag::invalid_account(m.key.span, &m.key.value));
                    }
                    let path = match &m.value.kind {
                        ValueKind::Array(items) => items
                            .iter()
                            .filter_map(|i| r.string(i, &m.key.value).map(|s| s.value))
                            .collect(),
                        _ => {
                            r.wrong(&m.value, &m.key.value, "an array of root and OU ids");
                            Vec::new()
                        }
                    };
                    accounts.push((m.key.value.clone(), path));
                }
            }
            _ => r.wrong(v, "accounts", "an object"),
        }
    }
    let scps = r.list(members, "scps", read_org_policy);
    let rcps = r.list(members, "rcps", read_org_policy);
    let org = Organization {
        id: r.opt_string(members, "id"),
        management_account,
        accounts: crate::scenario::model::KeyValues(accounts),
        scps,
        rcps,
    };
    check_targets(r, members, &org);
    Some(org)
}

fn check_targets(r: &mut Reader<'_>, members: &[Member], org: &Organization) {
    let known = |t: &str| {
        org.accounts
            .iter()
            .any(|(account, path)| account == t || path.iter().any(|p| p == t))
    };
    for name in ["scps", "rcps"] {
        let Some(Value {
            kind: ValueKind::Array(items),
            ..
        }) = member(members, name)
        else {
            continue;
        };
        for item in items {
            if let ValueKind::Object(fields) = &item.kind {
                if let Some(Value {
                    kind: ValueKind::String(target),
                    span,
                }) = member(fields, "target")
                {
                    if !known(target) {
                        r.diagnostics.push(diag::unknown_org_target(*span, target));
                    }
                }
            }
        }
    }
}

fn read_org_policy(r: &mut Reader<'_>, value: &Value) -> Option<OrgPolicy> {
    let place = "an organization policy";
    let members = r.object(value, "scps", place, ORG_POLICY)?;
    let name = r.req_string(members, "name", place, value.span);
    let target = r.req_string(members, "target", place, value.span);
    let document = read_document(r, members, place, value.span);
    Some(OrgPolicy {
        name: name?.value,
        target: target?.value,
        document: document?,
    })
}

pub(crate) fn read_document(
    r: &mut Reader<'_>,
    members: &[Member],
    place: &str,
    span: Span,
) -> Option<crate::scenario::model::PolicyDocument> {
    r.required(members, "document", place, span)
        .and_then(|v| r.document(v, "document"))
}

fn read_named(r: &mut Reader<'_>, value: &Value) -> Option<NamedDocument> {
    let place = "a policy";
    let members = r.object(value, "policies", place, NAMED_DOCUMENT)?;
    if let Some(arn) = member(members, "arn").and_then(|v| r.string(v, "arn")) {
        // Why: AWS attaches a managed policy by ARN alone (`AttachRolePolicy`, `PolicyArn`);
        // its name and document come from the policy itself.
        if member(members, "name").is_some() || member(members, "document").is_some() {
            r.diagnostics.push(diag::reference_with_document(arn.span));
        }
        if !crate::managed::is_policy_arn(&arn.value) {
            r.diagnostics
                .push(diag::invalid_policy_arn(arn.span, &arn.value));
        }
        let mut named = NamedDocument::reference(arn.value);
        named.document.span = arn.span;
        return Some(named);
    }
    let name = r.req_string(members, "name", place, value.span);
    let document = read_document(r, members, place, value.span);
    Some(NamedDocument {
        name: name?.value,
        document: document?,
    })
}

fn read_managed_policy(r: &mut Reader<'_>, value: &Value) -> Option<ManagedPolicyDef> {
    let place = "a managed policy";
    let members = r.object(value, "managedPolicies", place, MANAGED_POLICY)?;
    let arn = r.req_string(members, "arn", place, value.span);
    let document = read_document(r, members, place, value.span);
    let arn = arn?;
    if crate::managed::is_aws_managed(&arn.value) {
        r.diagnostics
            .push(diag::aws_managed_policy_defined(arn.span, &arn.value));
    } else if !crate::managed::is_policy_arn(&arn.value) {
        r.diagnostics
            .push(diag::invalid_policy_arn(arn.span, &arn.value));
    }
    Some(ManagedPolicyDef {
        arn: arn.value,
        document: document?,
        span: arn.span,
    })
}

fn read_identity(r: &mut Reader<'_>, value: &Value) -> Option<ReadIdentity> {
    let place = "an identity";
    let members = r.object(value, "identities", place, IDENTITY)?;
    let arn = r.req_string(members, "arn", place, value.span)?;
    let kind = identity_kind(&arn.value);
    if kind.is_none() {
        r.diagnostics
            .push(diag::invalid_identity_arn(arn.span, &arn.value));
    }
    let groups = r.string_list(members, "groups");
    if let Some(kind) = kind {
        for m in members {
            if !kind.allows_field(&m.key.value) {
                r.diagnostics.push(diag::field_not_for_identity(
                    m.key.span,
                    &m.key.value,
                    kind.name(),
                ));
            }
        }
    }
    let trust_policy = member(members, "trustPolicy").and_then(|v| r.document(v, "trustPolicy"));
    if kind == Some(IdentityKind::Role) && member(members, "trustPolicy").is_none() {
        r.diagnostics
            .push(diag::missing_trust_policy(arn.span, &arn.value));
    }
    let identity = Identity {
        id: r.opt_string(members, "id"),
        policies: r.list(members, "policies", read_named),
        groups: groups.iter().map(|g| g.value.clone()).collect(),
        permissions_boundary: member(members, "permissionsBoundary").and_then(|v| read_named(r, v)),
        tags: r.string_map(members, "tags"),
        trust_policy,
        max_session_duration: r.integer(members, "maxSessionDuration", 3600, 43200),
        service_linked: r.boolean(members, "serviceLinked"),
        span: arn.span,
        arn: arn.value,
    };
    Some((identity, groups))
}

fn check_identities(r: &mut Reader<'_>, identities: &[ReadIdentity]) {
    for (index, (identity, groups)) in identities.iter().enumerate() {
        let first = identities
            .iter()
            .take(index)
            .find(|(other, _)| other.arn == identity.arn);
        if let Some((first, _)) = first {
            r.diagnostics.push(diag::duplicate_identity(
                identity.span,
                &identity.arn,
                first.span,
            ));
        }
        for group in groups {
            let defined = identities.iter().any(|(i, _)| {
                i.arn == group.value && identity_kind(&i.arn) == Some(IdentityKind::Group)
            });
            if !defined {
                r.diagnostics
                    .push(diag::dangling_reference(group.span, &group.value, "group"));
            }
        }
    }
}

fn read_resource(r: &mut Reader<'_>, value: &Value) -> Option<Resource> {
    let place = "a resource";
    let members = r.object(value, "resources", place, RESOURCE)?;
    let arn = r.req_string(members, "arn", place, value.span)?;
    let owner = member(members, "account").and_then(|v| r.string(v, "account"));
    Some(Resource {
        account: r.account(owner),
        policy: member(members, "policy").and_then(|v| r.document(v, "policy")),
        tags: r.string_map(members, "tags"),
        span: arn.span,
        arn: arn.value,
    })
}

fn read_oidc_provider(r: &mut Reader<'_>, value: &Value) -> Option<OidcProvider> {
    let place = "an OIDC provider";
    let members = r.object(value, "oidcProviders", place, OIDC_PROVIDER)?;
    let arn = r.req_string(members, "arn", place, value.span)?;
    let is_provider = crate::matching::Arn::parse(&arn.value)
        .is_some_and(|p| p.service == "iam" && p.resource.starts_with("oidc-provider/"));
    if !is_provider {
        r.diagnostics
            .push(diag::invalid_oidc_provider_arn(arn.span, &arn.value));
    }
    r.required(members, "clientIds", place, value.span);
    Some(OidcProvider {
        client_ids: r
            .string_list(members, "clientIds")
            .into_iter()
            .map(|c| c.value)
            .collect(),
        span: arn.span,
        arn: arn.value,
    })
}
