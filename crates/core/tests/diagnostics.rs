//! Golden snapshots of rendered diagnostics: one policy per diagnostic kind.
//!
//! Each case names the diagnostic code it demonstrates; the test fails if that code is not
//! produced, and the snapshot (in `snapshots/`) shows exactly what a user sees.

use rolecall_core::diagnostic::render::render_all;
use rolecall_core::policy::model::PolicyKind::{self, Identity, Rcp, Resource, Scp, Trust};
use rolecall_core::policy::parse_policy;

/// Parses `text` as `kind`, checks that `code` is among the diagnostics, and snapshots the
/// rendering of all of them under the name `name`.
fn check(name: &str, code: &str, kind: PolicyKind, text: &str) {
    let parsed = parse_policy(text, kind);
    assert!(
        parsed.diagnostics.iter().any(|d| d.code == code),
        "{name}: expected `{code}` in {:#?}",
        parsed.diagnostics
    );
    let rendered = render_all(&parsed.diagnostics, text, "policy.json", false);
    insta::assert_snapshot!(name, rendered);
}

/// A `2012-10-17` policy whose statement list is `statements`, formatted as a user would.
fn policy(statements: &str) -> String {
    format!("{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n{statements}\n  ]\n}}\n")
}

#[test]
fn json_syntax_errors() {
    check(
        "invalid-json-unclosed",
        "invalid-json",
        Identity,
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\"\n",
    );
    check(
        "invalid-json-bare-word",
        "invalid-json",
        Identity,
        "{\n  \"Statement\": {\"Effect\": Allow}\n}\n",
    );
    check(
        "invalid-json-unterminated-string",
        "invalid-json",
        Identity,
        "{\n  \"Version\": \"2012-10-17,\n  \"Statement\": []\n}\n",
    );
    check(
        "invalid-json-escape",
        "invalid-json",
        Identity,
        "{\"Id\": \"C:\\temp\\x\", \"Statement\": []}",
    );
    check(
        "invalid-json-number",
        "invalid-json",
        Identity,
        "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\",\n  \"Condition\": {\"NumericLessThan\": {\"aws:MultiFactorAuthAge\": 0360}}}}",
    );
    check(
        "invalid-json-missing-comma",
        "invalid-json",
        Identity,
        &policy(
            "    {\n      \"Effect\": \"Allow\"\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }",
        ),
    );
    check(
        "trailing-comma",
        "trailing-comma",
        Identity,
        &policy(
            "    {\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\",], \"Resource\": \"*\"}",
        ),
    );
    check(
        "json-comment",
        "json-comment",
        Identity,
        &policy(
            "    // read-only access\n    {\"Effect\": \"Allow\", \"Action\": \"s3:Get*\", \"Resource\": \"*\"}",
        ),
    );
    check(
        "trailing-characters",
        "trailing-characters",
        Identity,
        "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}}\n",
    );
    check(
        "nesting-too-deep",
        "nesting-too-deep",
        Identity,
        &format!("{{\"Statement\": {}", "[".repeat(200)),
    );
    check(
        "duplicate-key",
        "duplicate-key",
        Identity,
        &policy(
            "    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"*\",\n      \"Effect\": \"Deny\"\n    }",
        ),
    );
}

#[test]
fn document_errors() {
    check(
        "wrong-type-policy",
        "wrong-type",
        Identity,
        "[\"s3:GetObject\"]\n",
    );
    check(
        "wrong-type-action",
        "wrong-type",
        Identity,
        &policy("    {\"Effect\": \"Allow\", \"Action\": 42, \"Resource\": \"*\"}"),
    );
    check(
        "unknown-element",
        "unknown-element",
        Identity,
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statment\": []\n}\n",
    );
    check(
        "missing-statement",
        "missing-statement",
        Identity,
        "{\n  \"Version\": \"2012-10-17\"\n}\n",
    );
    check(
        "invalid-version",
        "invalid-version",
        Identity,
        "{\n  \"Version\": \"2024-05-01\",\n  \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}\n}\n",
    );
    check(
        "variables-not-substituted",
        "variables-not-substituted",
        Identity,
        "{\n  \"Version\": \"2008-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n    \"Action\": \"s3:GetObject\",\n    \"Resource\": \"arn:aws:s3:::bkt/home/${aws:username}/*\"\n  }\n}\n",
    );
    check(
        "variable-before-fifth-colon",
        "variable-before-fifth-colon",
        Identity,
        &policy(
            "    {\"Effect\": \"Allow\", \"Action\": \"sqs:SendMessage\", \"Resource\": \"arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:queue-1\"}",
        ),
    );
    check(
        "empty-array",
        "empty-array",
        Identity,
        &policy("    {\"Effect\": \"Allow\", \"Action\": [], \"Resource\": \"*\"}"),
    );
    check(
        "duplicate-sid",
        "duplicate-sid",
        Identity,
        &policy(
            "    {\"Sid\": \"Read\", \"Effect\": \"Allow\", \"Action\": \"s3:Get*\", \"Resource\": \"*\"},\n    {\"Sid\": \"Read\", \"Effect\": \"Allow\", \"Action\": \"s3:List*\", \"Resource\": \"*\"}",
        ),
    );
    check(
        "invalid-sid",
        "invalid-sid",
        Identity,
        &policy(
            "    {\"Sid\": \"read-only access\", \"Effect\": \"Allow\", \"Action\": \"s3:Get*\", \"Resource\": \"*\"}",
        ),
    );
}

#[test]
fn statement_errors() {
    check(
        "missing-effect",
        "missing-effect",
        Identity,
        &policy("    {\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"*\"\n    }"),
    );
    check(
        "invalid-effect",
        "invalid-effect",
        Identity,
        &policy("    {\"Effect\": \"allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}"),
    );
    check(
        "missing-action",
        "missing-action",
        Identity,
        &policy("    {\"Effect\": \"Allow\", \"Resource\": \"*\"}"),
    );
    check(
        "missing-resource",
        "missing-resource",
        Identity,
        &policy("    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\"}"),
    );
    check(
        "both-action-and-notaction",
        "both-action-and-notaction",
        Identity,
        &policy(
            "    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:*\",\n      \"NotAction\": \"s3:DeleteBucket\",\n      \"Resource\": \"*\"\n    }",
        ),
    );
    check(
        "invalid-action",
        "invalid-action",
        Identity,
        &policy("    {\"Effect\": \"Allow\", \"Action\": \"s3-GetObject\", \"Resource\": \"*\"}"),
    );
    check(
        "malformed-arn",
        "malformed-arn",
        Identity,
        &policy(
            "    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": [\"ARN:AWS:S3:::MY-BUCKET/*\", \"arn:aws:s3:::my-bucket/*\"]}",
        ),
    );
    check(
        "short-arn-wildcard",
        "short-arn-wildcard",
        Identity,
        &policy(
            "    {\"Effect\": \"Allow\", \"Action\": \"sqs:*\", \"Resource\": \"arn:aws:sqs:us-east-1:111111111111*\"}",
        ),
    );
    check(
        "unknown-operator",
        "unknown-operator",
        Identity,
        &policy(
            "    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\",\n      \"Condition\": {\"StringEqual\": {\"aws:PrincipalTag/team\": \"blue\"}}\n    }",
        ),
    );
    check(
        "unknown-operator-null-if-exists",
        "unknown-operator",
        Identity,
        &policy(
            "    {\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\",\n     \"Condition\": {\"NullIfExists\": {\"aws:TokenIssueTime\": \"true\"}}}",
        ),
    );
    check(
        "invalid-condition-value",
        "invalid-condition-value",
        Identity,
        &policy(
            "    {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\",\n     \"Condition\": {\"NumericLessThan\": {\"aws:MultiFactorAuthAge\": \"ten\"}}}",
        ),
    );
    check(
        "invalid-condition-value-cidr",
        "invalid-condition-value",
        Identity,
        &policy(
            "    {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\",\n     \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": [\"203.0.113.0/24\", \"203.0.113.0/33\"]}}}",
        ),
    );
    check(
        "empty-condition",
        "empty-condition",
        Identity,
        &policy(
            "    {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {}}}",
        ),
    );
}

#[test]
fn principal_errors() {
    check(
        "principal-forbidden",
        "principal-forbidden",
        Identity,
        &policy(
            "    {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": \"*\"}",
        ),
    );
    check(
        "principal-forbidden-scp",
        "principal-forbidden",
        Scp,
        &policy(
            "    {\"Effect\": \"Deny\", \"Principal\": {\"AWS\": \"111111111111\"}, \"Action\": \"s3:*\", \"Resource\": \"*\"}",
        ),
    );
    check(
        "principal-required",
        "principal-required",
        Resource,
        &policy(
            "    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::bkt/*\"}",
        ),
    );
    check(
        "principal-required-trust",
        "principal-required",
        Trust,
        &policy("    {\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\"}"),
    );
    check(
        "not-principal-with-allow",
        "not-principal-with-allow",
        Resource,
        &policy(
            "    {\n      \"Effect\": \"Allow\",\n      \"NotPrincipal\": {\"AWS\": \"arn:aws:iam::111111111111:user/alice\"},\n      \"Action\": \"s3:*\",\n      \"Resource\": \"*\"\n    }",
        ),
    );
    check(
        "unknown-principal-type",
        "unknown-principal-type",
        Trust,
        &policy(
            "    {\"Effect\": \"Allow\", \"Principal\": {\"Services\": \"ec2.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}",
        ),
    );
    check(
        "invalid-principal",
        "invalid-principal",
        Trust,
        &policy(
            "    {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111111111111:group/devs\"}, \"Action\": \"sts:AssumeRole\"}",
        ),
    );
    check(
        "partial-wildcard-principal",
        "partial-wildcard-principal",
        Trust,
        &policy(
            "    {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111111111111:role/*\"}, \"Action\": \"sts:AssumeRole\"}",
        ),
    );
}

#[test]
fn trust_policy_findings() {
    check(
        "resource-in-trust-policy",
        "resource-in-trust-policy",
        Trust,
        &policy(
            "    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"AWS\": \"111111111111\"},\n      \"Action\": \"sts:AssumeRole\",\n      \"Resource\": \"arn:aws:iam::111111111111:role/Dev\"\n    }",
        ),
    );
    check(
        "unsupported-element-trust",
        "unsupported-element",
        Trust,
        &policy(
            "    {\"Effect\": \"Deny\", \"NotPrincipal\": {\"AWS\": \"111111111111\"}, \"Action\": \"sts:AssumeRole\"}",
        ),
    );
    check(
        "wildcard-principal-without-condition",
        "wildcard-principal-without-condition",
        Trust,
        &policy(
            "    {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"*\"}, \"Action\": \"sts:AssumeRole\"}",
        ),
    );
    check(
        "unexpected-trust-action",
        "unexpected-trust-action",
        Trust,
        &policy(
            "    {\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": [\"sts:AssumeRole\", \"s3:GetObject\"]}",
        ),
    );
    check(
        "github-oidc-without-sub",
        "github-oidc-without-sub",
        Trust,
        &policy(
            "    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringEquals\": {\"token.actions.githubusercontent.com:aud\": \"sts.amazonaws.com\"}}\n    }",
        ),
    );
    check(
        "github-oidc-wildcard-sub",
        "github-oidc-without-sub",
        Trust,
        &policy(
            "    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com\"},\n      \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n      \"Condition\": {\"StringLike\": {\"token.actions.githubusercontent.com:sub\": \"repo:*\"}}\n    }",
        ),
    );
}

#[test]
fn rcp_findings() {
    check(
        "rcp-principal-not-wildcard",
        "rcp-principal-not-wildcard",
        Rcp,
        &policy(
            "    {\"Effect\": \"Deny\", \"Principal\": {\"AWS\": \"111111111111\"}, \"Action\": \"s3:*\", \"Resource\": \"*\"}",
        ),
    );
    check(
        "rcp-allow",
        "rcp-allow",
        Rcp,
        &policy(
            "    {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}",
        ),
    );
    check(
        "unsupported-element-rcp",
        "unsupported-element",
        Rcp,
        &policy(
            "    {\"Effect\": \"Deny\", \"Principal\": \"*\", \"NotAction\": \"s3:GetObject\", \"Resource\": \"*\"}",
        ),
    );
}

#[test]
fn security_findings() {
    check(
        "wildcard-principal-without-condition-resource",
        "wildcard-principal-without-condition",
        Resource,
        &policy(
            "    {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::bkt/*\"}",
        ),
    );
    check(
        "for-all-values-without-null",
        "for-all-values-without-null",
        Identity,
        &policy(
            "    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"ec2:CreateTags\",\n      \"Resource\": \"*\",\n      \"Condition\": {\"ForAllValues:StringEquals\": {\"aws:TagKeys\": [\"env\", \"team\"]}}\n    }",
        ),
    );
    check(
        "not-resource-variable",
        "not-resource-variable",
        Identity,
        &policy(
            "    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"NotResource\": \"arn:aws:s3:::home/${aws:username}/*\"}",
        ),
    );
    check(
        "mfa-condition-misses-long-term-keys",
        "mfa-condition-misses-long-term-keys",
        Identity,
        &policy(
            "    {\n      \"Effect\": \"Deny\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\",\n      \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"false\"}}\n    }",
        ),
    );
    check(
        "not-principal-incomplete",
        "not-principal-incomplete",
        Resource,
        &policy(
            "    {\n      \"Effect\": \"Deny\",\n      \"NotPrincipal\": {\"AWS\": [\"arn:aws:iam::111111111111:role/Admin\", \"111111111111\"]},\n      \"Action\": \"s3:*\",\n      \"Resource\": \"arn:aws:s3:::bkt/*\"\n    }",
        ),
    );
    check(
        "trust-action-mismatch",
        "trust-action-mismatch",
        Trust,
        &policy(
            "    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"Federated\": \"arn:aws:iam::111111111111:saml-provider/Okta\"},\n      \"Action\": \"sts:AssumeRole\",\n      \"Condition\": {\"StringEquals\": {\"SAML:aud\": \"https://signin.aws.amazon.com/saml\"}}\n    }",
        ),
    );
    check(
        "missing-version",
        "missing-version",
        Scp,
        "{\n  \"Statement\": {\"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"*\"}\n}\n",
    );
}

#[test]
fn text_findings() {
    check(
        "unsupported-character",
        "unsupported-character",
        Identity,
        &policy(
            "    {\"Sid\": \"ReadOnly\", \"Effect\": \"Allow\", \"Action\": \"s3:Get*\", \"Resource\": \"arn:aws:s3:::bkt/\u{2014}/*\"}",
        ),
    );
    check(
        "invalid-json-typographic-quotes",
        "invalid-json",
        Identity,
        "{\n  \"Statement\": {\"Effect\": \u{201c}Allow\u{201d}}\n}\n",
    );
    let statement = "    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::a-bucket-with-a-long-name/*\"}";
    check(
        "policy-too-large",
        "policy-too-large",
        Identity,
        &policy(&vec![statement; 80].join(",\n")),
    );
}

#[test]
fn variables_in_the_wrong_element() {
    check(
        "variables-not-allowed",
        "variables-not-allowed",
        Resource,
        &policy(
            "    {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111111111111:user/${aws:username}\"}, \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::bkt/*\"}",
        ),
    );
}

#[test]
fn mutually_exclusive_elements() {
    check(
        "both-resource-and-notresource",
        "both-resource-and-notresource",
        Identity,
        &policy(
            "    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", \"NotResource\": \"arn:aws:s3:::secret/*\"}",
        ),
    );
    check(
        "both-principal-and-notprincipal",
        "both-principal-and-notprincipal",
        Resource,
        &policy(
            "    {\"Effect\": \"Deny\", \"Principal\": \"*\", \"NotPrincipal\": {\"AWS\": \"111111111111\"}, \"Action\": \"s3:*\", \"Resource\": \"*\"}",
        ),
    );
}
