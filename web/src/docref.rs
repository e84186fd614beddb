//! Which policy document of the scenario an editor, a diagnostic or a highlight is about: the
//! core's typed [`DocumentId`](rolecall_core::scenario::DocumentId), plus the page-only labels.

use rolecall_core::scenario::{Scenario, arn};

pub use rolecall_core::scenario::DocumentId as DocRef;

/// What the page adds to a document id: a label for tabs and lists, and the text it edits.
pub trait DocView: Copy {
    /// A short label for tabs and lists.
    fn label(self, scenario: &Scenario) -> String;
    /// The document's text in `scenario`, if it exists.
    fn text(self, scenario: &Scenario) -> Option<&str>;
    /// Replaces the document's text; returns whether the document exists and is the user's.
    fn set_text(self, scenario: &mut Scenario, text: String) -> bool;
}

impl DocView for DocRef {
    fn label(self, scenario: &Scenario) -> String {
        let org = scenario.organization.as_ref();
        match self {
            Self::Identity { identity, policy } => scenario
                .identities
                .get(identity)
                .and_then(|i| i.policies.get(policy))
                .map_or_else(
                    || "policy".to_owned(),
                    |p| non_empty(&p.name, "unnamed policy"),
                ),
            Self::Boundary { .. } => "Permissions boundary".to_owned(),
            Self::Trust { .. } => "Trust policy".to_owned(),
            Self::Resource { resource } => scenario.resources.get(resource).map_or_else(
                || "Resource policy".to_owned(),
                |r| format!("Policy of {}", arn::name(&r.arn)),
            ),
            Self::Scp { index } => org.and_then(|o| o.scps.get(index)).map_or_else(
                || "SCP".to_owned(),
                |p| format!("SCP {}", non_empty(&p.name, "unnamed")),
            ),
            Self::Rcp { index } => org.and_then(|o| o.rcps.get(index)).map_or_else(
                || "RCP".to_owned(),
                |p| format!("RCP {}", non_empty(&p.name, "unnamed")),
            ),
            Self::Managed { index } => scenario.managed_policies.get(index).map_or_else(
                || "Managed policy".to_owned(),
                |m| format!("Managed {}", arn::name(&m.arn)),
            ),
            Self::Session { hop, .. } => format!("Session policy (hop {})", hop + 1),
            Self::SessionArn { request, hop, arn } => scenario
                .requests
                .get(request)
                .and_then(|r| r.assume.get(hop)?.policy_arns.get(arn))
                .map_or_else(
                    || "Managed session policy".to_owned(),
                    |a| format!("Session policy {}", arn::name(a)),
                ),
            Self::VpcEndpoint { .. } => "VPC endpoint policy".to_owned(),
            Self::Line(_) => self.to_string(),
        }
    }

    fn text(self, scenario: &Scenario) -> Option<&str> {
        self.get(scenario).map(|d| d.text.as_str())
    }

    fn set_text(self, scenario: &mut Scenario, text: String) -> bool {
        match self.get_mut(scenario) {
            Some(doc) => {
                doc.text = text;
                true
            }
            None => false,
        }
    }
}

fn non_empty(text: &str, fallback: &str) -> String {
    if text.trim().is_empty() {
        fallback.to_owned()
    } else {
        text.to_owned()
    }
}
