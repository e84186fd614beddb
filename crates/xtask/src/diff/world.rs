//! The fixed world the generator draws from: accounts, callers, targets (an action with its
//! resource) and the context keys with the values each can take.

/// The caller's account.
pub const A: &str = "111111111111";
/// The other account, for cross-account requests.
pub const B: &str = "222222222222";

/// The kind of calling principal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CallerKind {
    #[default]
    User,
    RoleSession,
    Root,
    FederatedUser,
    Service,
}

/// A calling principal and the ARNs a policy can name it by.
#[derive(Clone, Debug)]
pub struct Caller {
    pub kind: CallerKind,
    pub account: &'static str,
    /// The request's principal.
    pub arn: String,
    /// The user or role ARN (`aws:PrincipalArn`); the same as `arn` for a user or root.
    pub principal_arn: String,
}

impl Caller {
    pub fn new(kind: CallerKind, account: &'static str) -> Self {
        // A user, root or federated user is named by the request's principal itself.
        let itself = |arn: String| (arn.clone(), arn);
        let (arn, principal_arn) = match kind {
            CallerKind::User => itself(format!("arn:aws:iam::{account}:user/alice")),
            CallerKind::RoleSession => (
                format!("arn:aws:sts::{account}:assumed-role/Dev/s1"),
                format!("arn:aws:iam::{account}:role/Dev"),
            ),
            CallerKind::Root => itself(format!("arn:aws:iam::{account}:root")),
            CallerKind::FederatedUser => {
                itself(format!("arn:aws:sts::{account}:federated-user/bob"))
            }
            CallerKind::Service => ("ec2.amazonaws.com".to_owned(), String::new()),
        };
        Self {
            kind,
            account,
            arn,
            principal_arn,
        }
    }
}

/// An action and the resource ARN it is called on (`{acct}` stands for the resource's account).
#[derive(Clone, Copy, Debug, Default)]
pub struct Target {
    pub action: &'static str,
    pub resource: &'static str,
    /// Whether the service has resource-based policies (a trust policy for `sts:AssumeRole`).
    pub resource_policy: bool,
    /// Other actions of the same service, for near misses.
    pub siblings: &'static [&'static str],
    /// Whether RCPs apply to the service (AWS Organizations User Guide, "Resource control
    /// policies (RCPs)", the list of supported services; Rolecall's own list is
    /// `RCP_SERVICES` in crates/core/src/evaluate/facts.rs).
    pub rcp: bool,
}

/// The actions requests are made for.
pub const TARGETS: &[Target] = &[
    Target {
        action: "s3:GetObject",
        resource: "arn:aws:s3:::bkt-1/home/alice/f",
        resource_policy: true,
        siblings: &["s3:PutObject", "s3:ListBucket", "s3:GetObjectAcl"],
        rcp: true,
    },
    Target {
        action: "s3:GetObject",
        resource: "arn:aws:s3:::bkt-1/k",
        resource_policy: true,
        siblings: &["s3:PutObject", "s3:DeleteObject"],
        rcp: true,
    },
    Target {
        action: "s3:PutObject",
        resource: "arn:aws:s3:::bkt-1/home/Dev/f",
        resource_policy: true,
        siblings: &["s3:GetObject", "s3:PutObjectAcl"],
        rcp: true,
    },
    Target {
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::bkt-1",
        resource_policy: true,
        siblings: &["s3:GetObject", "s3:ListAllMyBuckets"],
        rcp: true,
    },
    Target {
        action: "sqs:SendMessage",
        resource: "arn:aws:sqs:us-east-1:{acct}:queue-1",
        resource_policy: true,
        siblings: &["sqs:ReceiveMessage", "sqs:DeleteMessage"],
        rcp: true,
    },
    Target {
        action: "sns:Publish",
        resource: "arn:aws:sns:us-east-1:{acct}:topic-1",
        resource_policy: true,
        siblings: &["sns:Subscribe"],
        rcp: false,
    },
    Target {
        action: "kms:Decrypt",
        resource: "arn:aws:kms:us-east-1:{acct}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        resource_policy: true,
        siblings: &["kms:Encrypt", "kms:GenerateDataKey"],
        rcp: true,
    },
    Target {
        action: "lambda:InvokeFunction",
        resource: "arn:aws:lambda:us-east-1:{acct}:function:fn-1",
        resource_policy: true,
        siblings: &["lambda:GetFunction"],
        rcp: false,
    },
    Target {
        action: "secretsmanager:GetSecretValue",
        resource: "arn:aws:secretsmanager:us-east-1:{acct}:secret:db-AbCdEf",
        resource_policy: true,
        siblings: &["secretsmanager:DescribeSecret"],
        rcp: true,
    },
    Target {
        action: "dynamodb:GetItem",
        resource: "arn:aws:dynamodb:us-east-1:{acct}:table/T1",
        resource_policy: false,
        siblings: &["dynamodb:PutItem", "dynamodb:Query"],
        rcp: true,
    },
    Target {
        action: "iam:GetUser",
        resource: "arn:aws:iam::{acct}:user/alice",
        resource_policy: false,
        siblings: &["iam:CreateUser", "iam:GetRole"],
        rcp: false,
    },
    Target {
        action: "ec2:DescribeInstances",
        resource: "*",
        resource_policy: false,
        siblings: &["ec2:DescribeVpcs"],
        rcp: false,
    },
    Target {
        action: "sts:AssumeRole",
        resource: "arn:aws:iam::{acct}:role/Target",
        resource_policy: true,
        siblings: &["sts:TagSession"],
        rcp: true,
    },
];

/// The families of condition operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
}

impl Family {
    /// The operators of the family (without `IfExists` or a set qualifier).
    pub fn operators(self) -> &'static [&'static str] {
        match self {
            Self::String => &[
                "StringEquals",
                "StringNotEquals",
                "StringEqualsIgnoreCase",
                "StringNotEqualsIgnoreCase",
                "StringLike",
                "StringNotLike",
            ],
            Self::Numeric => &[
                "NumericEquals",
                "NumericNotEquals",
                "NumericLessThan",
                "NumericLessThanEquals",
                "NumericGreaterThan",
                "NumericGreaterThanEquals",
            ],
            Self::Date => &[
                "DateEquals",
                "DateNotEquals",
                "DateLessThan",
                "DateLessThanEquals",
                "DateGreaterThan",
                "DateGreaterThanEquals",
            ],
            Self::Bool => &["Bool"],
            Self::Binary => &["BinaryEquals"],
            Self::Ip => &["IpAddress", "NotIpAddress"],
            Self::Arn => &["ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike"],
        }
    }
}

/// A context key: its family, the values a request can carry and the values a policy can test.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub name: &'static str,
    pub family: Family,
    /// Whether the key is multivalued (its request value is a list).
    pub multivalued: bool,
    /// Values a request may carry (for a multivalued key, items of the list).
    pub request_values: &'static [&'static str],
    /// Values a policy may test (besides the request's own, which are always candidates).
    pub policy_values: &'static [&'static str],
    /// Only for requests whose action is this one (service keys); `None` for global keys.
    pub action: Option<&'static str>,
}

const fn key(
    name: &'static str,
    family: Family,
    request_values: &'static [&'static str],
    policy_values: &'static [&'static str],
) -> Key {
    Key {
        name,
        family,
        multivalued: false,
        request_values,
        policy_values,
        action: None,
    }
}

/// The keys the generator puts in requests and conditions. The principal keys
/// (`aws:PrincipalArn`, `aws:username`, ...) are set from the caller, not from this table.
pub const KEYS: &[Key] = &[
    key(
        "aws:PrincipalTag/team",
        Family::String,
        &["blue", "red"],
        &[
            "blue",
            "Blue",
            "b*",
            "r?d",
            "${aws:PrincipalTag/team}",
            "${aws:username}",
        ],
    ),
    key(
        "aws:RequestedRegion",
        Family::String,
        &["us-east-1", "eu-west-1"],
        &["us-east-1", "eu-*", "us-east-?", "US-EAST-1"],
    ),
    key(
        "aws:PrincipalOrgID",
        Family::String,
        &["o-abc123"],
        &["o-abc123", "o-other", "o-*"],
    ),
    key(
        "aws:SourceIp",
        Family::Ip,
        &[
            "203.0.113.9",
            "198.51.100.1",
            "10.1.2.3",
            "2001:db8::1",
            "2001:0db8:0000:0000:0000:0000:0000:0001",
        ],
        &[
            "203.0.113.0/24",
            "198.51.100.1",
            "10.0.0.0/8",
            "0.0.0.0/0",
            "2001:db8::/32",
            "2001:db8::1",
            "2001:0db8:0000:0000:0000:0000:0000:0001/128",
            "::/0",
        ],
    ),
    key(
        "aws:CurrentTime",
        Family::Date,
        &["2025-06-01T00:00:00Z", "2026-06-01T00:00:00Z"],
        &[
            "2026-01-01T00:00:00Z",
            "2026-01-01",
            "1767225600",
            "2025-06-01T00:00:00Z",
            "2025-06-01T02:00:00+02:00",
        ],
    ),
    key(
        "aws:EpochTime",
        Family::Numeric,
        &["1748736000", "1780272000"],
        &["1767225600", "1748736000"],
    ),
    key(
        "aws:TokenIssueTime",
        Family::Date,
        &["2025-06-01T00:00:00Z"],
        &["2025-01-01T00:00:00Z", "2025-06-01T00:00:00Z"],
    ),
    key(
        "aws:SecureTransport",
        Family::Bool,
        &["true", "false"],
        &["true", "false"],
    ),
    key(
        "aws:MultiFactorAuthPresent",
        Family::Bool,
        &["true", "false"],
        &["true", "false"],
    ),
    key(
        "aws:MultiFactorAuthAge",
        Family::Numeric,
        &["300", "7200"],
        &["3600", "300", "7200.0", "0"],
    ),
    key(
        "aws:PrincipalTag/blob",
        Family::Binary,
        &["Ymx1ZQ=="],
        &["Ymx1ZQ==", "cmVk"],
    ),
    key(
        "aws:SourceArn",
        Family::Arn,
        &["arn:aws:sns:us-east-1:111111111111:topic-1"],
        &[
            "arn:aws:sns:us-east-1:111111111111:topic-1",
            "arn:aws:sns:*:111111111111:*",
            "arn:aws:sns:us-east-1:222222222222:topic-1",
            "arn:aws:sns:us-east-1:111111111111:topic-?",
        ],
    ),
    key(
        "aws:SourceAccount",
        Family::String,
        &["111111111111"],
        &["111111111111", "222222222222"],
    ),
    Key {
        multivalued: true,
        ..key(
            "aws:TagKeys",
            Family::String,
            &["env", "team", "owner"],
            &["env", "team", "e*"],
        )
    },
    Key {
        multivalued: true,
        ..key(
            "aws:PrincipalServiceNamesList",
            Family::String,
            &["ec2.amazonaws.com", "lambda.amazonaws.com"],
            &["ec2.amazonaws.com", "*.amazonaws.com"],
        )
    },
    Key {
        action: Some("s3:ListBucket"),
        ..key(
            "s3:prefix",
            Family::String,
            &["home/alice/docs", "home/", "public/"],
            &[
                "home/",
                "home/alice/*",
                "home/${aws:username}/*",
                "public/*",
            ],
        )
    },
    Key {
        action: Some("s3:ListBucket"),
        ..key(
            "s3:max-keys",
            Family::Numeric,
            &["10", "1000"],
            &["100", "10", "1e3"],
        )
    },
    Key {
        action: Some("sts:AssumeRole"),
        ..key(
            "sts:ExternalId",
            Family::String,
            &["ext-1", "ext-2"],
            &["ext-1", "EXT-1", "ext-*"],
        )
    },
];

/// The principal keys a condition may test: (name, family, policy values). Their request
/// values come from the caller.
pub const PRINCIPAL_KEYS: &[(&str, Family, &[&str])] = &[
    (
        "aws:PrincipalArn",
        Family::Arn,
        &[
            "arn:aws:iam::111111111111:user/alice",
            "arn:aws:iam::111111111111:user/al*",
            "arn:aws:iam::111111111111:role/*",
            "arn:aws:iam::*:root",
            "arn:aws:iam::222222222222:role/Dev",
        ],
    ),
    (
        "aws:username",
        Family::String,
        &["alice", "ALICE", "al*", "bob", "${aws:username}"],
    ),
    (
        "aws:PrincipalAccount",
        Family::String,
        &["111111111111", "222222222222", "${aws:PrincipalAccount}"],
    ),
    (
        "aws:PrincipalType",
        Family::String,
        &["User", "AssumedRole", "Account"],
    ),
    (
        "aws:userid",
        Family::String,
        &["AIDAALICE", "AROADEV:*", "${aws:userid}"],
    ),
    (
        "aws:SourceIdentity",
        Family::String,
        &["alice", "${aws:SourceIdentity}"],
    ),
];
