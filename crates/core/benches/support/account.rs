//! A generated AWS world for the access-graph benchmarks: `roles` roles and `users` users
//! spread over three accounts of one organization, with typical trust and permission policies
//! (conditions on MFA, ExternalId, source account, tags and source IP), 20 buckets with bucket
//! policies, an SCP, a few administrators and a few escalation paths. Deterministic.

/// The accounts.
pub const ACCOUNTS: [&str; 3] = ["111111111111", "222222222222", "333333333333"];

/// The account of identity or bucket number `n`.
fn account_of(n: usize) -> &'static str {
    ACCOUNTS.get(n % 3).copied().unwrap_or("111111111111")
}

fn policy(statements: &[String]) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    )
}

fn user_policy(i: usize, account: &str) -> Vec<String> {
    let bucket = i % 20;
    match i % 10 {
        0 => vec![format!(
            r#"{{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::bucket-{bucket}","arn:aws:s3:::bucket-{bucket}/*"],"Condition":{{"IpAddress":{{"aws:SourceIp":"203.0.113.0/24"}}}}}}"#
        )],
        1 | 4 | 7 => vec![format!(
            r#"{{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/app-{}*"}}"#,
            i % 7
        )],
        2 if i % 50 == 2 => vec![format!(
            r#"{{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"}}"#
        )],
        3 if i % 100 == 3 => vec![format!(
            r#"{{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::{account}:user/*"}}"#
        )],
        5 if i % 200 == 5 => vec![format!(
            r#"{{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"arn:aws:iam::{account}:user/${{aws:username}}"}}"#
        )],
        _ => vec![
            r#"{"Effect":"Allow","Action":["ec2:Describe*","s3:ListAllMyBuckets"],"Resource":"*"}"#
                .to_owned(),
        ],
    }
}

fn role(j: usize, account: &str, users: usize) -> String {
    let arn = format!("arn:aws:iam::{account}:role/app-{}-{j}", j % 7);
    let trust = match j % 4 {
        0 => format!(
            r#"{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{account}:root"}},"Action":"sts:AssumeRole","Condition":{{"Bool":{{"aws:MultiFactorAuthPresent":"true"}}}}}}"#
        ),
        1 => {
            let u = j % users.max(1);
            let ua = account_of(u % 3);
            format!(
                r#"{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{ua}:user/user-{u}"}},"Action":"sts:AssumeRole"}}"#
            )
        }
        2 => format!(
            r#"{{"Effect":"Allow","Principal":{{"Service":"lambda.amazonaws.com"}},"Action":"sts:AssumeRole","Condition":{{"StringEquals":{{"aws:SourceAccount":"{account}"}}}}}}"#
        ),
        _ => {
            let other = account_of((j + 1) % 3);
            format!(
                r#"{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{other}:role/app-{}-{}"}},"Action":"sts:AssumeRole","Condition":{{"StringEquals":{{"sts:ExternalId":"ext-{j}"}}}}}}"#,
                (j + 1) % 7,
                j + 1
            )
        }
    };
    let permissions = if j % 100 == 0 {
        vec![r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#.to_owned()]
    } else {
        vec![
            format!(
                r#"{{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket-{}/*","Condition":{{"StringEquals":{{"aws:PrincipalTag/team":"team-{}"}}}}}}"#,
                j % 20,
                j % 5
            ),
            format!(
                r#"{{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/app-{}-*"}}"#,
                (j + 1) % 7
            ),
        ]
    };
    format!(
        r#"{{"arn":"{arn}","tags":{{"team":"team-{}"}},"policies":[{{"name":"perm-{j}","document":{}}}],"trustPolicy":{}}}"#,
        j % 5,
        policy(&permissions),
        policy(&[trust])
    )
}

/// The size asked for on a command line: roles, then users, each 1,000 (the benchmark's
/// account) when absent or not a number.
pub fn size(mut args: impl Iterator<Item = String>) -> (usize, usize) {
    let mut next = || args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let roles = next();
    (roles, next())
}

/// The scenario text.
pub fn scenario(roles: usize, users: usize) -> String {
    let mut identities = Vec::new();
    for i in 0..users {
        let account = account_of(i % 3);
        identities.push(format!(
            r#"{{"arn":"arn:aws:iam::{account}:user/user-{i}","policies":[{{"name":"user-{i}","document":{}}}]}}"#,
            policy(&user_policy(i, account))
        ));
    }
    for j in 0..roles {
        identities.push(role(j, account_of(j % 3), users));
    }
    let resources: Vec<String> = (0..20)
        .map(|b| {
            let account = account_of(b % 3);
            format!(
                r#"{{"arn":"arn:aws:s3:::bucket-{b}","account":"{account}","policy":{}}}"#,
                policy(&[format!(
                    r#"{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-{b}/*","Condition":{{"StringEquals":{{"aws:PrincipalOrgID":"o-bench"}}}}}}"#
                )])
            )
        })
        .collect();
    let scp = policy(&[
        r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#.to_owned(),
        r#"{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}"#.to_owned(),
    ]);
    format!(
        r#"{{"rolecall":1,"title":"generated account","organization":{{"id":"o-bench","managementAccount":"{}","accounts":{{"{}":["r-root"],"{}":["r-root"],"{}":["r-root"]}},"scps":[{{"name":"regions","target":"r-root","document":{scp}}}]}},"identities":[{}],"resources":[{}],"requests":[]}}"#,
        account_of(0),
        account_of(0),
        account_of(1),
        account_of(2),
        identities.join(","),
        resources.join(",")
    )
}
