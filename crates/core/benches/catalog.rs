//! Timings of the AWS service catalog: parsing the committed data, expanding patterns, linting
//! a policy and completing. Run with `cargo bench -p rolecall-core --bench catalog`.
//!
//! A plain harness (no external crate): each case runs for about a second and the median of
//! its runs is printed, which is enough to follow orders of magnitude over time.
#![expect(
    clippy::expect_used,
    reason = "a benchmark stops at once when its input is broken"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use rolecall_core::catalog::{Catalog, CompletionContext, complete, describe_pattern, lint_policy};
use rolecall_core::policy::{model::PolicyKind, parse_policy};

const CATALOG: &str = include_str!("../data/catalog.json");

const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket","s3:GetObjekt"],
   "Resource":["arn:aws:s3:::bkt","arn:aws:s3:::bkt/*"],
   "Condition":{"StringLike":{"s3:prefix":"home/*"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
  {"Effect":"Allow","Action":["ec2:*Instance*","iam:PassRole"],"Resource":"*"}]}"#;

/// Runs `f` repeatedly for about a second and prints the median time of one run.
fn bench(name: &str, mut f: impl FnMut()) {
    let mut times = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) || times.len() < 5 {
        let run = Instant::now();
        f();
        times.push(run.elapsed());
    }
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!("{name:<40} {median:>12.2?}  ({} runs)", times.len());
}

fn main() {
    bench("Catalog::parse (whole file)", || {
        black_box(Catalog::parse(black_box(CATALOG)).expect("the catalog parses"));
    });
    let catalog = Catalog::parse(CATALOG).expect("the catalog parses");
    bench("expand `s3:Get*`", || {
        black_box(catalog.expand(black_box("s3:Get*")));
    });
    bench("expand `*:*Instance*` (every service)", || {
        black_box(catalog.expand(black_box("*:*Instance*")));
    });
    bench("expand_not_action [`iam:*`, `sts:*`]", || {
        black_box(catalog.expand_not_action(black_box(&["iam:*", "sts:*"])));
    });
    bench("describe_pattern `ec2:Describe*`, 10", || {
        black_box(describe_pattern(&catalog, black_box("ec2:Describe*"), 10));
    });
    let parsed = parse_policy(POLICY, PolicyKind::Identity);
    bench("lint_policy (2 statements)", || {
        black_box(lint_policy(
            &catalog,
            black_box(&parsed.policy),
            PolicyKind::Identity,
        ));
    });
    bench("complete action `ec2:De`", || {
        black_box(complete(
            &catalog,
            CompletionContext::Action { prefix: "ec2:De" },
        ));
    });
    bench("complete condition key ``, s3 actions", || {
        let actions = ["s3:GetObject"];
        let context = CompletionContext::ConditionKey {
            prefix: "",
            actions: &actions,
        };
        black_box(complete(&catalog, context));
    });
}
