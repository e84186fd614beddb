//! Policy documents of a scenario: each with its own text and form, managed-policy
//! references and their state, and the named inline policies.

use crate::scenario::text::minify;
use crate::span::Span;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

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
