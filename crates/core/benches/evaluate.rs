//! Criterion benchmarks: parsing policies and evaluating requests against small, 50-statement
//! and 500-statement policy sets, on the decision-only path and with full explanations, and one
//! `rolecall simulate` line, and statements whose conditions compare typed values (numbers,
//! dates, addresses, ARNs, booleans, base64). Run with `cargo bench -p rolecall-core`; figures in
//! BENCHMARKS.md.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rolecall_core::evaluate::{Detail, NamedPolicy, PolicySet, evaluate_with};
use rolecall_core::policy::model::PolicyKind;
use rolecall_core::policy::parse_policy;
use rolecall_core::request::{Context, Request};
use rolecall_core::simulate::{PolicyCache, simulate_line};

const A: &str = "111111111111";

/// Statement `i` of a generated identity policy: a mix of exact, wildcard and `NotAction`
/// statements, a third with a condition, every seventh a `Deny`.
fn statement(i: usize) -> String {
    let effect = if i % 7 == 6 { "Deny" } else { "Allow" };
    let action = match i % 4 {
        0 => format!(r#""Action":"s3:GetObject{i}""#),
        1 => format!(r#""Action":["ec2:Describe{i}*","ec2:Get{i}*"]"#),
        2 => format!(r#""Action":"sqs:Send{i}*""#),
        _ => format!(r#""NotAction":["iam:*","organizations:*","s3:Delete{i}*"]"#),
    };
    let resource = match i % 3 {
        0 => format!(r#""Resource":"arn:aws:s3:::bucket-{i}/*""#),
        1 => {
            format!(r#""Resource":["arn:aws:sqs:*:{A}:queue-{i}","arn:aws:ec2:*:{A}:instance/*"]"#)
        }
        _ => format!(r#""Resource":"arn:aws:s3:::bucket-{i}/home/${{aws:username}}/*""#),
    };
    let condition = if i % 3 == 0 {
        r#","Condition":{"StringEquals":{"aws:PrincipalTag/team":["blue","green"]},"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#
    } else {
        ""
    };
    format!(r#"{{"Sid":"S{i}","Effect":"{effect}",{action},{resource}{condition}}}"#)
}

/// A policy set of `n` statements in all, spread over up to five identity policies, with a
/// boundary and a bucket policy.
fn policy_texts(n: usize) -> Vec<String> {
    let per_policy = n.div_ceil(5).max(1);
    (0..n)
        .collect::<Vec<_>>()
        .chunks(per_policy)
        .map(|chunk| {
            let statements: Vec<String> = chunk.iter().map(|&i| statement(i)).collect();
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
                statements.join(",")
            )
        })
        .collect()
}

fn policy_set(n: usize) -> PolicySet {
    let mut set = PolicySet::new();
    for (i, text) in policy_texts(n).iter().enumerate() {
        set.identity.push(NamedPolicy::new(
            format!("p{i}"),
            PolicyKind::Identity,
            parse_policy(text, PolicyKind::Identity).policy,
        ));
    }
    let boundary = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","ec2:*","sqs:*"],"Resource":"*"}]}"#;
    set.boundaries.push(NamedPolicy::new(
        "boundary",
        PolicyKind::Boundary,
        parse_policy(boundary, PolicyKind::Boundary).policy,
    ));
    let bucket = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{A}"}},"Action":"s3:*","Resource":"arn:aws:s3:::bucket-0/*"}}]}}"#
    );
    set.resource = Some(NamedPolicy::new(
        "bucket",
        PolicyKind::Resource,
        parse_policy(&bucket, PolicyKind::Resource).policy,
    ));
    set
}

fn request() -> Request {
    let mut context = Context::new();
    context.set("aws:PrincipalTag/team", "blue");
    context.set("aws:SourceIp", "203.0.113.7");
    context.set("aws:username", "alice");
    Request {
        principal: format!("arn:aws:iam::{A}:user/alice"),
        action: "s3:GetObject0".to_owned(),
        resource: "arn:aws:s3:::bucket-0/k".to_owned(),
        resource_account: Some(A.to_owned()),
        context,
    }
}

const SIZES: [usize; 3] = [5, 50, 500];

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for n in SIZES {
        let texts = policy_texts(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &texts, |b, texts| {
            b.iter(|| {
                for text in texts {
                    black_box(parse_policy(black_box(text), PolicyKind::Identity));
                }
            });
        });
    }
    group.finish();
}

fn evaluate(c: &mut Criterion) {
    let request = request();
    for (name, detail) in [
        ("evaluate/decision", Detail::DecisionOnly),
        ("evaluate/explained", Detail::Full),
    ] {
        let mut group = c.benchmark_group(name);
        for n in SIZES {
            let set = policy_set(n);
            group.bench_with_input(BenchmarkId::from_parameter(n), &set, |b, set| {
                b.iter(|| black_box(evaluate_with(black_box(&request), set, detail)));
            });
        }
        group.finish();
    }
}

fn simulate(c: &mut Criterion) {
    let texts = policy_texts(5);
    let line = format!(
        r#"{{"id":"r1","principal":"arn:aws:iam::{A}:user/alice","action":"s3:GetObject0","resource":"arn:aws:s3:::bucket-0/k","resourceAccount":"{A}","context":{{"aws:PrincipalTag/team":"blue","aws:SourceIp":"203.0.113.7"}},"identityPolicies":[{}]}}"#,
        texts.join(",")
    );
    let mut cache = PolicyCache::new();
    c.bench_function("simulate_line/cached", |b| {
        b.iter(|| black_box(simulate_line(black_box(&line), 1, false, &mut cache)));
    });
}

/// `n` `Deny` statements, each with conditions of every typed family that hold, then one on a
/// tag that does not: every condition of every statement is compared, and nothing is denied.
fn typed_conditions(n: usize) -> PolicySet {
    let statement = r#"{"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{
        "NumericLessThan":{"s3:max-keys":["1","2","3","4","5","6","7","1000"]},
        "DateGreaterThan":{"aws:CurrentTime":["2030-01-01T00:00:00Z","2029-01-01","1700000000","2020-06-01T12:00:00+02:00"]},
        "IpAddress":{"aws:SourceIp":["10.0.0.0/8","172.16.0.0/12","192.168.0.0/16","2001:db8::/32","198.51.100.0/24","203.0.113.0/24"]},
        "ArnLike":{"aws:SourceArn":["arn:aws:s3:::logs-*","arn:aws:sqs:*:111111111111:q-*","arn:aws:sns:*:*:topic"]},
        "Bool":{"aws:SecureTransport":"true"},
        "BinaryEquals":{"demo:Blob":["QmluYXJ5","YQ=="]},
        "StringEquals":{"aws:PrincipalTag/team":"red"}}}"#;
    let statements = vec![statement; n].join(",");
    let text = format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
    let mut set = PolicySet::new();
    set.identity.push(NamedPolicy::new(
        "typed",
        PolicyKind::Identity,
        parse_policy(&text, PolicyKind::Identity).policy,
    ));
    set
}

fn conditions(c: &mut Criterion) {
    let mut request = request();
    request.action = "s3:GetObject".to_owned();
    request.context.set("s3:max-keys", "100");
    request
        .context
        .set("aws:CurrentTime", "2026-12-02T14:00:00Z");
    request
        .context
        .set("aws:SourceArn", "arn:aws:s3:::logs-2026");
    request.context.set("aws:SecureTransport", "true");
    request.context.set("demo:Blob", "YQ");
    let set = typed_conditions(50);
    for (name, detail) in [
        ("conditions/decision", Detail::DecisionOnly),
        ("conditions/explained", Detail::Full),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| black_box(evaluate_with(black_box(&request), &set, detail)));
        });
    }
}

criterion_group!(benches, parse, evaluate, simulate, conditions);
criterion_main!(benches);
