//! A generator of realistic `get-account-authorization-details` exports of any size, for the
//! tests and the benchmark (`cargo bench -p rolecall-import`). Deterministic: the same
//! arguments give the same text.
//!
//! The export has groups, users in them, roles trusted by services, by other roles and by
//! another account, inline policies (written as objects, JSON strings and URL-encoded, as the
//! API returns them), AWS managed policy attachments, customer managed policies with several
//! versions, permissions boundaries, tags, instance profiles and last-used dates.

use std::fmt::Write as _;

use crate::node::quote;

const AWS_POLICIES: &[&str] = &[
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess",
    "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
];
const TEAMS: &[&str] = &[
    "payments", "search", "platform", "data", "mobile", "security",
];
const SERVICES: &[&str] = &[
    "lambda.amazonaws.com",
    "ec2.amazonaws.com",
    "ecs-tasks.amazonaws.com",
];

/// A small deterministic pseudo-random sequence (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % (n.max(1) as u64)).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.next(items.len())).copied().unwrap_or("")
    }
}

fn statement_policy(rng: &mut Rng, team: &str, i: usize) -> String {
    let bucket = format!("{team}-data-{}", i % 17);
    let actions = [
        "s3:GetObject",
        "s3:PutObject",
        "dynamodb:Query",
        "sqs:SendMessage",
        "kms:Decrypt",
    ];
    let a = rng.pick(&actions);
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"Team{i}","Effect":"Allow","Action":["{a}","s3:ListBucket"],"Resource":["arn:aws:s3:::{bucket}","arn:aws:s3:::{bucket}/*"],"Condition":{{"StringEquals":{{"aws:ResourceTag/team":"{team}"}}}}}},{{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}}]}}"#
    )
}

fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A policy document in one of the three encodings the API and CLI produce.
fn encoded(text: &str, form: usize) -> String {
    match form % 3 {
        0 => text.to_owned(),
        1 => quote(text),
        _ => quote(&url_encode(text)),
    }
}

/// An export of `account` with about `identities` users and roles (and a group per ten).
#[must_use]
pub fn account_export(account: &str, identities: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ identities as u64);
    let groups = (identities / 10).max(1);
    let users = identities / 2;
    let roles = identities - users;
    let mut out = String::from("{\n  \"UserDetailList\": [\n");
    for u in 0..users {
        let team = rng.pick(TEAMS);
        let group = u % groups;
        let policy = statement_policy(&mut rng, team, u);
        let managed = rng.pick(AWS_POLICIES);
        let boundary = if u % 7 == 0 {
            format!(
                r#","PermissionsBoundary":{{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":"arn:aws:iam::{account}:policy/boundaries/DeveloperBoundary"}}"#
            )
        } else {
            String::new()
        };
        let _ = write!(
            out,
            r#"    {{"Path":"/{team}/","UserName":"user{u}","UserId":"AIDA{u:016}","Arn":"arn:aws:iam::{account}:user/{team}/user{u}","CreateDate":"2024-03-01T10:00:00Z","UserPolicyList":[{{"PolicyName":"inline-{u}","PolicyDocument":{}}}],"GroupList":["group{group}"],"AttachedManagedPolicies":[{{"PolicyName":"{}","PolicyArn":"{managed}"}}]{boundary},"Tags":[{{"Key":"team","Value":"{team}"}}]}}{}"#,
            encoded(&policy, u),
            managed.rsplit('/').next().unwrap_or(""),
            if u + 1 < users { ",\n" } else { "\n" }
        );
    }
    out.push_str("  ],\n  \"GroupDetailList\": [\n");
    for g in 0..groups {
        let team = TEAMS.get(g % TEAMS.len()).copied().unwrap_or("team");
        let policy = statement_policy(&mut rng, team, g);
        let _ = write!(
            out,
            r#"    {{"Path":"/","GroupName":"group{g}","GroupId":"AGPA{g:016}","Arn":"arn:aws:iam::{account}:group/group{g}","CreateDate":"2024-03-01T10:00:00Z","GroupPolicyList":[{{"PolicyName":"group-inline-{g}","PolicyDocument":{}}}],"AttachedManagedPolicies":[{{"PolicyName":"TeamAccess","PolicyArn":"arn:aws:iam::{account}:policy/TeamAccess"}}]}}{}"#,
            encoded(&policy, g + 1),
            if g + 1 < groups { ",\n" } else { "\n" }
        );
    }
    out.push_str("  ],\n  \"RoleDetailList\": [\n");
    for r in 0..roles {
        let team = rng.pick(TEAMS);
        let trust = match r % 3 {
            0 => format!(r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"{}"}},"Action":"sts:AssumeRole"}}]}}"#, rng.pick(SERVICES)),
            1 => format!(r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{account}:role/{team}/role{}"}},"Action":"sts:AssumeRole"}}]}}"#, r.saturating_sub(1)),
            _ => r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"partner-7"}}}]}"#.to_owned(),
        };
        let policy = statement_policy(&mut rng, team, r);
        let managed = rng.pick(AWS_POLICIES);
        let profile = if r % 3 == 0 {
            format!(
                r#"{{"Path":"/","InstanceProfileName":"role{r}-profile","InstanceProfileId":"AIPA{r:016}","Arn":"arn:aws:iam::{account}:instance-profile/role{r}-profile","Roles":[]}}"#
            )
        } else {
            String::new()
        };
        let _ = write!(
            out,
            r#"    {{"Path":"/{team}/","RoleName":"role{r}","RoleId":"AROA{r:016}","Arn":"arn:aws:iam::{account}:role/{team}/role{r}","CreateDate":"2024-03-01T10:00:00Z","AssumeRolePolicyDocument":{},"InstanceProfileList":[{profile}],"RolePolicyList":[{{"PolicyName":"inline-{r}","PolicyDocument":{}}}],"AttachedManagedPolicies":[{{"PolicyName":"{}","PolicyArn":"{managed}"}}],"Tags":[{{"Key":"team","Value":"{team}"}}],"RoleLastUsed":{{"LastUsedDate":"2026-11-{:02}T08:00:00Z","Region":"us-east-1"}}}}{}"#,
            encoded(&trust, r + 2),
            encoded(&policy, r),
            managed.rsplit('/').next().unwrap_or(""),
            r % 28 + 1,
            if r + 1 < roles { ",\n" } else { "\n" }
        );
    }
    let team_v1 = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}"#;
    let team_v2 = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListAllMyBuckets","sqs:ListQueues"],"Resource":"*"}]}"#;
    let boundary = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","dynamodb:*","sqs:*","kms:Decrypt","logs:*"],"Resource":"*"}]}"#;
    let _ = write!(
        out,
        r#"  ],
  "Policies": [
    {{"PolicyName":"TeamAccess","PolicyId":"ANPA0000000000000001","Arn":"arn:aws:iam::{account}:policy/TeamAccess","Path":"/","DefaultVersionId":"v2","AttachmentCount":{groups},"IsAttachable":true,"PolicyVersionList":[{{"Document":{},"VersionId":"v2","IsDefaultVersion":true,"CreateDate":"2025-01-01T00:00:00Z"}},{{"Document":{},"VersionId":"v1","IsDefaultVersion":false,"CreateDate":"2024-01-01T00:00:00Z"}}]}},
    {{"PolicyName":"DeveloperBoundary","PolicyId":"ANPA0000000000000002","Arn":"arn:aws:iam::{account}:policy/boundaries/DeveloperBoundary","Path":"/boundaries/","DefaultVersionId":"v1","AttachmentCount":1,"IsAttachable":true,"PolicyVersionList":[{{"Document":{},"VersionId":"v1","IsDefaultVersion":true,"CreateDate":"2024-01-01T00:00:00Z"}}]}}
  ]
}}
"#,
        encoded(team_v2, 2),
        encoded(team_v1, 0),
        encoded(boundary, 1),
    );
    out
}
