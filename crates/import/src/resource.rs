//! Resource-based policies from CLI outputs: the `{"Policy": "<json string>"}` wrapper of
//! `aws s3api get-bucket-policy`, `aws kms get-key-policy` and `aws lambda get-policy` (with its
//! `RevisionId`), and `aws sqs get-queue-attributes` (`{"Attributes": {"Policy", "QueueArn"}}`).
//!
//! The wrappers do not say which resource the policy belongs to; it is taken from the
//! policy's own `Resource` elements (a bucket policy names its bucket, a Lambda policy its
//! function). A key policy names only `"*"`, so the key gets a visible placeholder ARN.

use crate::iam::doc;
use crate::node::Node;
use crate::world::{Summary, World};

/// Every string of the statements' `Resource` elements.
fn resources(policy: &Node) -> Vec<String> {
    let statements: Vec<&Node> = match policy.get("Statement") {
        Some(Node::Array(items)) => items.iter().collect(),
        Some(one @ Node::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for s in statements {
        match s.get("Resource") {
            Some(Node::String(r)) => out.push(r.clone()),
            Some(Node::Array(items)) => {
                out.extend(items.iter().filter_map(Node::as_str).map(str::to_owned))
            }
            _ => {}
        }
    }
    out
}

/// The resource a wrapped policy governs, from its `Resource` elements.
fn owner(policy: &Node, account: &str, n: usize) -> (String, Option<String>) {
    let all = resources(policy);
    let service = |r: &str| r.split(':').nth(2).map(str::to_owned);
    if let Some(bucket) = all.iter().find_map(|r| {
        r.strip_prefix("arn:aws:s3:::")
            .map(|rest| rest.split('/').next().unwrap_or(rest).to_owned())
    }) {
        return (format!("arn:aws:s3:::{bucket}"), None);
    }
    if let Some(arn) = all.iter().find(|r| {
        matches!(
            service(r).as_deref(),
            Some("lambda" | "sqs" | "sns" | "secretsmanager" | "ecr")
        )
    }) {
        // A Lambda policy may name a version or alias (`function:f:prod`); it governs the function.
        let arn = if arn.contains(":function:") {
            arn.splitn(8, ':').take(7).collect::<Vec<_>>().join(":")
        } else {
            arn.clone()
        };
        return (arn, None);
    }
    let placeholder = format!("arn:aws:kms:us-east-1:{account}:key/imported-key-{n}");
    let why = format!(
        "`{placeholder}`: the policy names no resource (a key policy says `\"*\"`); replace it with the key's ARN"
    );
    (placeholder, Some(why))
}

/// `{"Policy": "<json string>"}` (S3, KMS, Lambda).
pub fn wrapped_policy(world: &mut World, root: &Node, account: &str, n: usize) {
    let Some(value) = root.get("Policy") else {
        return;
    };
    let Some(text) = doc(world, Some(value), "`Policy`") else {
        return;
    };
    let policy = Node::parse_json(&text).unwrap_or(Node::Null);
    let (arn, placeholder) = owner(&policy, account, n);
    if let Some(line) = placeholder {
        Summary::push_unique(&mut world.summary.placeholders, line);
    }
    let bucket = arn.starts_with("arn:aws:s3:::");
    world.resource_policy(&arn, None, text);
    if bucket {
        Summary::push_unique(
            &mut world.summary.missing,
            format!(
                "the owner account of `{arn}` is not in a bucket policy: set the resource's `account` (the scenario takes the caller's account until then)"
            ),
        );
    }
}

/// `aws sqs get-queue-attributes --attribute-names Policy QueueArn` (or `All`).
pub fn queue_attributes(world: &mut World, root: &Node, account: &str, n: usize) {
    let Some(attributes) = root.get("Attributes") else {
        return;
    };
    let Some(value) = attributes.get("Policy") else {
        Summary::push_unique(
            &mut world.summary.missing,
            "the queue attributes have no `Policy`: ask for `--attribute-names Policy QueueArn`"
                .to_owned(),
        );
        return;
    };
    let Some(text) = doc(world, Some(value), "queue `Policy`") else {
        return;
    };
    let arn = match attributes.str("QueueArn") {
        Some(arn) => arn.to_owned(),
        None => {
            let policy = Node::parse_json(&text).unwrap_or(Node::Null);
            owner(&policy, account, n).0
        }
    };
    world.resource_policy(&arn, None, text);
}
