//! Writes a batch of typical `rolecall simulate` requests (JSON Lines) to stdout, for the
//! throughput figure in BENCHMARKS.md:
//!
//! ```sh
//! cargo run --release -p rolecall-core --example simulate_batch -- 10000 > /tmp/batch.jsonl
//! ```
//!
//! The batch is deterministic (a fixed linear congruential sequence). A typical request: a user
//! or role session of one account, two identity policies out of a pool of eight (three to eight
//! statements, some with conditions), a bucket or key policy for a third of the requests, a
//! permissions boundary for a fifth, three SCP levels for a third, and five context keys.

use std::io::{self, BufWriter, Write};

const A: &str = "111111111111";

/// A tiny deterministic sequence (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from((self.0 >> 33) % (n.max(1) as u64)).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items
            .get(self.next(items.len()))
            .copied()
            .unwrap_or_default()
    }
}

fn statement(effect: &str, action: &str, resource: &str, condition: &str) -> String {
    format!(r#"{{"Effect":"{effect}","Action":{action},"Resource":{resource}{condition}}}"#)
}

fn policy(statements: &[String]) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    )
}

/// The pool of identity policies.
fn identity_pool() -> Vec<String> {
    let team = r#","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}"#;
    let ip = r#","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","198.51.100.0/24"]}}"#;
    let region =
        r#","Condition":{"StringEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}"#;
    let tls = r#","Condition":{"Bool":{"aws:SecureTransport":"false"}}"#;
    (0..8)
        .map(|i| {
            let mut statements = vec![
                statement(
                    "Allow",
                    r#"["s3:GetObject","s3:ListBucket"]"#,
                    &format!(r#"["arn:aws:s3:::data-{i}","arn:aws:s3:::data-{i}/*"]"#),
                    "",
                ),
                statement("Allow", r#""ec2:Describe*""#, r#""*""#, region),
                statement("Deny", r#""s3:*""#, r#""*""#, tls),
            ];
            if i % 2 == 0 {
                statements.push(statement(
                    "Allow",
                    r#"["s3:PutObject","s3:DeleteObject"]"#,
                    &format!(r#""arn:aws:s3:::data-{i}/home/${{aws:username}}/*""#),
                    "",
                ));
                statements.push(statement(
                    "Allow",
                    r#""sqs:SendMessage""#,
                    &format!(r#""arn:aws:sqs:eu-west-1:{A}:queue-*""#),
                    team,
                ));
            }
            if i % 3 == 0 {
                statements.push(statement("Allow", r#""kms:Decrypt""#, r#""*""#, ip));
                statements.push(statement(
                    "Allow",
                    r#""dynamodb:GetItem""#,
                    &format!(r#""arn:aws:dynamodb:eu-west-1:{A}:table/t{i}""#),
                    "",
                ));
                statements.push(statement("Deny", r#""iam:*""#, r#""*""#, ""));
            }
            policy(&statements)
        })
        .collect()
}

fn main() -> io::Result<()> {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let identities = identity_pool();
    let buckets: Vec<String> = (0..4)
        .map(|i| {
            policy(&[
                format!(r#"{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{A}:user/u{i}"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data-{i}/*"}}"#),
                format!(r#"{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::data-{i}/*","Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}"#),
            ])
        })
        .collect();
    let boundary = policy(&[statement(
        "Allow",
        r#"["s3:*","ec2:*","sqs:*"]"#,
        r#""*""#,
        "",
    )]);
    let full = policy(&[statement("Allow", r#""*""#, r#""*""#, "")]);
    let regions = policy(&[statement(
        "Deny",
        r#""*""#,
        r#""*""#,
        r#","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}"#,
    )]);
    let actions = [
        "s3:GetObject",
        "s3:PutObject",
        "s3:ListBucket",
        "ec2:DescribeInstances",
        "sqs:SendMessage",
        "kms:Decrypt",
        "dynamodb:GetItem",
        "iam:CreateUser",
    ];
    let mut rng = Lcg(42);
    let mut out = BufWriter::new(io::stdout().lock());
    for n in 0..count {
        let user = rng.next(6);
        let principal = if user < 4 {
            format!("arn:aws:iam::{A}:user/u{user}")
        } else {
            format!("arn:aws:sts::{A}:assumed-role/App{user}/session")
        };
        let action = rng.pick(&actions);
        let bucket = rng.next(8);
        let resource = match action.split(':').next().unwrap_or_default() {
            "s3" if action == "s3:ListBucket" => format!("arn:aws:s3:::data-{bucket}"),
            "s3" => format!("arn:aws:s3:::data-{bucket}/home/u{user}/file-{n}"),
            "sqs" => format!("arn:aws:sqs:eu-west-1:{A}:queue-{bucket}"),
            "kms" => format!("arn:aws:kms:eu-west-1:{A}:key/k{bucket}"),
            "dynamodb" => format!("arn:aws:dynamodb:eu-west-1:{A}:table/t{bucket}"),
            _ => "*".to_owned(),
        };
        let first = identities
            .get(rng.next(identities.len()))
            .cloned()
            .unwrap_or_default();
        let second = identities
            .get(rng.next(identities.len()))
            .cloned()
            .unwrap_or_default();
        let mut line = format!(
            r#"{{"id":"r{n}","principal":"{principal}","action":"{action}","resource":"{resource}","resourceAccount":"{A}","context":{{"aws:SourceIp":"{}","aws:PrincipalTag/team":"{}","aws:RequestedRegion":"{}","aws:SecureTransport":"{}","aws:username":"u{user}"}},"identityPolicies":[{first},{second}]"#,
            rng.pick(&["203.0.113.7", "198.51.100.20", "192.0.2.1"]),
            rng.pick(&["blue", "red"]),
            rng.pick(&["eu-west-1", "us-east-1", "ap-south-1"]),
            rng.pick(&["true", "true", "false"]),
        );
        if rng.next(3) == 0 {
            let rp = if action == "kms:Decrypt" {
                &full
            } else {
                buckets.get(bucket % 4).unwrap_or(&full)
            };
            if action == "kms:Decrypt" {
                line.push_str(&format!(r#","resourcePolicy":{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{A}:root"}},"Action":"kms:*","Resource":"*"}}]}}"#));
            } else {
                line.push_str(&format!(r#","resourcePolicy":{rp}"#));
            }
        }
        if rng.next(5) == 0 {
            line.push_str(&format!(r#","permissionBoundaries":[{boundary}]"#));
        }
        if rng.next(3) == 0 {
            line.push_str(&format!(
                r#","scps":[[{full}],[{full},{regions}],[{full}]]"#
            ));
        }
        line.push('}');
        writeln!(out, "{line}")?;
    }
    out.flush()
}
