//! The scenario being built from the inputs, and the summary of what was found.
//!
//! Every importer adds to one [`World`]: identities, customer managed policies and resources
//! are merged by ARN, so several files (several exports, or an export plus a bucket policy)
//! make one scenario, and several accounts come out of their ARNs.

use std::collections::BTreeMap;

use rolecall_core::managed::{Lookup, ManagedPolicies, is_aws_managed, policy_name};
use rolecall_core::matching::Arn;
use rolecall_core::scenario::Scenario;
use rolecall_core::scenario::model::{
    FORMAT_VERSION, Identity, KeyValues, ManagedPolicyDef, NamedDocument, OrgPolicy, Organization,
    PolicyDocument, Resource,
};

/// What an import found and made, for the user to read before trusting the scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Each input with the format it was read as.
    pub files: Vec<(String, String)>,
    /// How many of each kind were created (`users`, `roles`, ...), in a fixed order.
    pub counts: BTreeMap<&'static str, usize>,
    /// References that could not be resolved (a group, a managed policy, a role not in the input).
    pub unresolved: Vec<String>,
    /// Values the input did not have, replaced by visible placeholders.
    pub placeholders: Vec<String>,
    /// What this kind of input cannot contain, and what to add for the questions it leaves out.
    pub missing: Vec<String>,
    /// Other remarks (data kept only in the notes, versions left out...).
    pub notes: Vec<String>,
}

impl Summary {
    /// The summary as text lines (the CLI prints them; the page shows them).
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (file, format) in &self.files {
            out.push(format!("{file}: {format}"));
        }
        let counts: Vec<String> = self
            .counts
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        out.push(if counts.is_empty() {
            "created: nothing".to_owned()
        } else {
            format!("created: {}", counts.join(", "))
        });
        let mut section = |title: &str, items: &[String]| {
            if !items.is_empty() {
                out.push(format!("{title} ({}):", items.len()));
                out.extend(items.iter().map(|i| format!("  - {i}")));
            }
        };
        section("unresolved", &self.unresolved);
        section("placeholders", &self.placeholders);
        section("not in this input", &self.missing);
        section("notes", &self.notes);
        out
    }

    fn count(&mut self, kind: &'static str) {
        *self.counts.entry(kind).or_insert(0) += 1;
    }

    /// Adds a line to `list` unless it is there already.
    pub fn push_unique(list: &mut Vec<String>, line: String) {
        if !list.contains(&line) {
            list.push(line);
        }
    }
}

/// The scenario under construction.
#[derive(Debug, Default)]
pub struct World {
    identities: Vec<Identity>,
    by_arn: BTreeMap<String, usize>,
    /// The identities of each kind and name (`("group", "dev")`), in the order they were made:
    /// a user's `GroupList` names groups without their ARN, and a 5,000-identity export would
    /// otherwise scan every identity for each of them.
    by_name: BTreeMap<(String, String), Vec<usize>>,
    managed: Vec<ManagedPolicyDef>,
    managed_by_arn: BTreeMap<String, usize>,
    /// AWS managed policies the input carried with their document, by ARN (used when the
    /// bundled data does not have them).
    aws_documents: BTreeMap<String, String>,
    resources: Vec<Resource>,
    resource_by_arn: BTreeMap<String, usize>,
    organization: Option<Organization>,
    /// Markdown lines for the scenario notes (instance profiles, last use, ...).
    pub notes: Vec<String>,
    /// What was found.
    pub summary: Summary,
}

/// The kind (`user`, `group`, `role`...) and name (last `/` segment) of an identity ARN.
fn kind_and_name(arn: &str) -> Option<(String, String)> {
    let arn = Arn::parse(arn)?;
    Some((
        arn.resource_type().0.to_owned(),
        arn.resource_name().to_owned(),
    ))
}

impl World {
    /// The identity with this ARN, created (and counted) if new.
    pub fn identity(&mut self, arn: &str) -> &mut Identity {
        let index = match self.by_arn.get(arn) {
            Some(&i) => i,
            None => {
                let kind = match Arn::parse(arn).map(|a| a.resource_type().0) {
                    Some("user") => "users",
                    Some("group") => "groups",
                    _ => "roles",
                };
                self.summary.count(kind);
                self.identities.push(Identity {
                    arn: arn.to_owned(),
                    ..Identity::default()
                });
                let i = self.identities.len() - 1;
                self.by_arn.insert(arn.to_owned(), i);
                if let Some(key) = kind_and_name(arn) {
                    self.by_name.entry(key).or_default().push(i);
                }
                i
            }
        };
        let len = self.identities.len();
        // The index is always valid: it was just pushed or comes from the map.
        let fallback = len.saturating_sub(1);
        let i = if index < len { index } else { fallback };
        #[expect(
            clippy::indexing_slicing,
            reason = "i < len, and an identity was pushed"
        )]
        &mut self.identities[i]
    }

    /// Whether an identity with this ARN exists.
    #[must_use]
    pub fn has_identity(&self, arn: &str) -> bool {
        self.by_arn.contains_key(arn)
    }

    /// The ARNs of the identities whose name (last ARN segment) and kind match.
    #[must_use]
    pub fn find_by_name(&self, kind: &str, name: &str) -> Vec<String> {
        self.by_name
            .get(&(kind.to_owned(), name.to_owned()))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.identities.get(i))
            .map(|i| i.arn.clone())
            .collect()
    }

    /// Adds an inline policy to an identity (a policy of the same name is replaced, as
    /// `PutRolePolicy` does).
    pub fn inline_policy(&mut self, arn: &str, name: &str, text: String) {
        let identity = self.identity(arn);
        identity
            .policies
            .retain(|p| p.document.reference.is_some() || p.name != name);
        identity.policies.push(NamedDocument {
            name: name.to_owned(),
            document: PolicyDocument::object(text),
        });
        self.summary.count("inline policies");
    }

    /// Attaches a managed policy by ARN (once).
    pub fn attach(&mut self, arn: &str, policy_arn: &str) {
        let identity = self.identity(arn);
        if !identity
            .policies
            .iter()
            .any(|p| p.document.reference_arn() == Some(policy_arn))
        {
            identity.policies.push(NamedDocument::reference(policy_arn));
            self.summary.count("attachments");
        }
    }

    /// Sets a permissions boundary by ARN.
    pub fn boundary(&mut self, arn: &str, policy_arn: &str) {
        self.identity(arn).permissions_boundary = Some(NamedDocument::reference(policy_arn));
    }

    /// Defines a managed policy with its (default version) document. An AWS managed policy is
    /// kept aside: the bundled data is preferred, this document is the fallback.
    pub fn managed_policy(&mut self, arn: &str, text: String) {
        if is_aws_managed(arn) {
            self.aws_documents.insert(arn.to_owned(), text);
            return;
        }
        match self.managed_by_arn.get(arn) {
            Some(&i) => {
                if let Some(def) = self.managed.get_mut(i) {
                    def.document = PolicyDocument::object(text);
                }
            }
            None => {
                self.managed.push(ManagedPolicyDef {
                    arn: arn.to_owned(),
                    document: PolicyDocument::object(text),
                    ..ManagedPolicyDef::default()
                });
                self.managed_by_arn
                    .insert(arn.to_owned(), self.managed.len() - 1);
                self.summary.count("customer managed policies");
            }
        }
    }

    /// Adds a user to a group.
    pub fn membership(&mut self, user: &str, group: &str) {
        let u = self.identity(user);
        if !u.groups.iter().any(|g| g == group) {
            u.groups.push(group.to_owned());
        }
    }

    /// Sets a tag.
    pub fn tag(&mut self, arn: &str, key: &str, value: &str) {
        let tags = &mut self.identity(arn).tags.0;
        tags.retain(|(k, _)| k != key);
        tags.push((key.to_owned(), value.to_owned()));
    }

    /// The resource with this ARN, created (and counted) if new.
    pub fn resource(&mut self, arn: &str) -> &mut Resource {
        let index = match self.resource_by_arn.get(arn) {
            Some(&i) => i,
            None => {
                self.resources.push(Resource {
                    arn: arn.to_owned(),
                    ..Resource::default()
                });
                self.resource_by_arn
                    .insert(arn.to_owned(), self.resources.len() - 1);
                self.resources.len() - 1
            }
        };
        let i = index.min(self.resources.len().saturating_sub(1));
        #[expect(
            clippy::indexing_slicing,
            reason = "i < len, and a resource was pushed"
        )]
        &mut self.resources[i]
    }

    /// Sets the resource-based policy of a resource.
    pub fn resource_policy(&mut self, arn: &str, account: Option<&str>, text: String) {
        let resource = self.resource(arn);
        resource.policy = Some(PolicyDocument::object(text));
        if let Some(account) = account {
            resource.account = Some(account.to_owned());
        }
        self.summary.count("resource policies");
    }

    /// The organization, created if needed.
    pub fn organization(&mut self) -> &mut Organization {
        self.organization.get_or_insert_with(Organization::default)
    }

    /// Adds an SCP or RCP attached to `target`.
    pub fn org_policy(&mut self, rcp: bool, name: &str, target: &str, text: String) {
        let org = self.organization();
        let list = if rcp { &mut org.rcps } else { &mut org.scps };
        list.push(OrgPolicy {
            name: name.to_owned(),
            target: target.to_owned(),
            document: PolicyDocument::object(text),
        });
        self.summary.count(if rcp {
            "RCP attachments"
        } else {
            "SCP attachments"
        });
    }

    /// The account ids seen in identity ARNs so far.
    #[must_use]
    pub fn accounts(&self) -> Vec<String> {
        let mut accounts: Vec<String> = self
            .identities
            .iter()
            .filter_map(|i| Arn::parse(&i.arn).map(|a| a.account.to_owned()))
            .collect();
        accounts.sort();
        accounts.dedup();
        accounts
    }

    /// The scenario, with the references checked against the input and the bundled data.
    #[must_use]
    pub fn finish(mut self, title: String, aws: &ManagedPolicies) -> (Scenario, Summary) {
        let mut summary = std::mem::take(&mut self.summary);
        // Groups a user is in but that the input does not define: created empty, and listed.
        let groups: Vec<String> = self
            .identities
            .iter()
            .flat_map(|i| i.groups.clone())
            .filter(|g| !self.by_arn.contains_key(g))
            .collect();
        for group in groups {
            Summary::push_unique(
                &mut summary.unresolved,
                format!("group `{group}`: not in the input, created without policies"),
            );
            self.identity(&group);
        }
        // Roles without a trust policy (an inline-policy output names only the role).
        for identity in &mut self.identities {
            if identity.arn.contains(":role/") && identity.trust_policy.is_none() {
                summary.unresolved.push(format!(
                    "role `{}`: no trust policy in the input; a placeholder that trusts nobody was added",
                    identity.arn
                ));
                identity.trust_policy = Some(PolicyDocument::object(
                    r#"{"Version":"2012-10-17","Statement":[]}"#,
                ));
            }
        }
        let aws_documents = std::mem::take(&mut self.aws_documents);
        let managed: BTreeMap<String, ()> =
            self.managed.iter().map(|d| (d.arn.clone(), ())).collect();
        for identity in &mut self.identities {
            for entry in identity.policy_entries_mut() {
                let Some(arn) = entry.document.reference_arn().map(str::to_owned) else {
                    continue;
                };
                if managed.contains_key(&arn) {
                    continue;
                }
                if is_aws_managed(&arn) {
                    if matches!(aws.lookup(&arn), Lookup::Found(_) | Lookup::Loading) {
                        continue;
                    }
                    if let Some(text) = aws_documents.get(&arn) {
                        // Newer than the bundled data: keep the export's document, inline.
                        *entry = NamedDocument {
                            name: format!("{} (AWS managed, from the input)", policy_name(&arn)),
                            document: PolicyDocument::object(text.clone()),
                        };
                        Summary::push_unique(
                            &mut summary.notes,
                            format!(
                                "`{arn}` is not in the bundled AWS data; the input's document is used, inline"
                            ),
                        );
                        continue;
                    }
                }
                Summary::push_unique(
                    &mut summary.unresolved,
                    format!(
                        "managed policy `{arn}`: its document is not in the input (the scenario reports it)"
                    ),
                );
            }
        }
        let mut notes = format!(
            "# {title}\n\n{}\n",
            summary
                .lines()
                .iter()
                .map(|l| if l.starts_with("  - ") {
                    format!("  {}", l.trim_start())
                } else {
                    format!("- {l}")
                })
                .collect::<Vec<_>>()
                .join("\n")
        );
        if !self.notes.is_empty() {
            notes.push('\n');
            notes.push_str(&self.notes.join("\n"));
            notes.push('\n');
        }
        let scenario = Scenario {
            rolecall: FORMAT_VERSION,
            title: Some(title),
            notes: Some(notes),
            organization: self.organization,
            managed_policies: self.managed,
            identities: self.identities,
            resources: self.resources,
            ..Scenario::default()
        };
        (scenario, summary)
    }
}

/// Tags from AWS's `[{"Key": ..., "Value": ...}]` form.
#[must_use]
pub fn tag_list(items: &[crate::node::Node]) -> KeyValues<String> {
    KeyValues(
        items
            .iter()
            .filter_map(|t| {
                Some((
                    t.str("Key")?.to_owned(),
                    t.str("Value").unwrap_or("").to_owned(),
                ))
            })
            .collect(),
    )
}
