//! The 50-statement permission policy of `tests/e2e/figures.test.mjs`, shared by the keystroke
//! bench and the view cache's tests.

/// The 50-statement policy of `tests/e2e/figures.test.mjs`, pretty-printed.
pub fn fifty_statement_policy() -> String {
    let mut statements: Vec<String> = (0..49)
        .map(|i| {
            format!(
                r#"    {{
      "Sid": "Read{i}",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::bucket-{i}", "arn:aws:s3:::bucket-{i}/*"],
      "Condition": {{"StringEquals": {{"aws:RequestedRegion": "eu-west-1"}}}}
    }}"#
            )
        })
        .collect();
    statements.push(
        r#"    {"Sid": "Deploy", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::prod-artifacts/*"}"#
            .to_owned(),
    );
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n{}\n  ]\n}}",
        statements.join(",\n")
    )
}
