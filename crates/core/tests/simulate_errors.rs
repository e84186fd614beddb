//! `rolecall simulate` error lines: every line that cannot be evaluated gives a clear message
//! naming the field and its place in the line, never a serde or Rust type name.

use rolecall_core::simulate::{PolicyCache, parse_line, simulate_line};
use serde_json::Value;

const BASE: &str = r#""principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject", "resource": "*""#;

/// Runs `line` as line 1 and returns its `id` and `error` (or the decision when it is not an
/// error line).
fn run(line: &str) -> (Value, String) {
    let result = simulate_line(line, 1, false, &mut PolicyCache::new());
    let json: Value = serde_json::from_str(&result.json).unwrap_or(Value::Null);
    let error = json.get("error").and_then(Value::as_str).map_or_else(
        || format!("not an error: {}", result.decision),
        str::to_owned,
    );
    (json.get("id").cloned().unwrap_or_default(), error)
}

/// `line` gives an error line with exactly `expected`.
fn check(line: &str, expected: &str) {
    let (_, error) = run(line);
    assert_eq!(error, expected, "line: {line}");
}

/// `{BASE, extra}` as a line.
fn with(extra: &str) -> String {
    format!("{{{BASE}{extra}}}")
}

#[test]
fn invalid_json_says_what_was_expected_and_where() {
    check(
        r#"{"id": tru}"#,
        "invalid JSON: expected a value (line 1, column 8)",
    );
    check(
        r#"{"id": nul, "action": 1}"#,
        "invalid JSON: expected a value (line 1, column 8)",
    );
    check(
        r#"{"id": }"#,
        "invalid JSON: expected a value (line 1, column 8)",
    );
    check(
        r#"{"id": 1"#,
        "invalid JSON: the line ends before the JSON value does (line 1, column 8)",
    );
    check(
        r#"{id: 1}"#,
        "invalid JSON: expected a key in double quotes (line 1, column 2)",
    );
    check(
        &format!("{} x", with("")),
        "invalid JSON: unexpected text after the request object (line 1, column 98)",
    );
}

#[test]
fn a_line_that_is_not_an_object_says_so() {
    check("[]", "the line is not a JSON object (line 1, column 1)");
    check("  42", "the line is not a JSON object (line 1, column 3)");
    check(
        r#""text""#,
        "the line is not a JSON object (line 1, column 1)",
    );
}

#[test]
fn unknown_and_missing_fields_are_named() {
    check(
        &with(r#", "identityPolicy": []"#),
        "unknown field `identityPolicy` (line 1, column 98)",
    );
    check(
        r#"{"principal": "p", "resource": "*"}"#,
        "missing field `action` (line 1)",
    );
    check(
        &format!(r#"{{{BASE}, "action": "s3:PutObject"}}"#),
        "duplicate field `action` (line 1, column 98)",
    );
}

#[test]
fn a_field_of_the_wrong_type_is_named_with_its_position() {
    check(
        r#"{"principal": null, "action": "s3:GetObject", "resource": "*"}"#,
        "`principal` must be a string (line 1, column 15)",
    );
    check(
        r#"{"principal": "p", "action": 7, "resource": "*"}"#,
        "`action` must be a string (line 1, column 30)",
    );
    check(
        &with(r#", "resourceAccount": []"#),
        "`resourceAccount` must be a string (line 1, column 117)",
    );
    check(
        &with(r#", "serviceLinkedRole": "yes""#),
        "`serviceLinkedRole` must be a boolean (line 1, column 119)",
    );
    check(
        &with(r#", "context": []"#),
        "`context` must be an object (line 1, column 109)",
    );
    check(
        &with(r#", "identityPolicies": {}"#),
        "`identityPolicies` must be a list of policies (line 1, column 118)",
    );
    check(
        &with(r#", "identityPolicies": [7]"#),
        "`identityPolicies[0]` must be a policy object or a string holding one (line 1, column 119)",
    );
}

#[test]
fn scps_and_rcps_must_be_lists_of_levels() {
    check(
        &with(r#", "scps": [{"Statement": []}]"#),
        "`scps` must be a list of levels, each a list of policies (line 1, column 107)",
    );
    check(
        &with(r#", "rcps": {}"#),
        "`rcps` must be a list of levels, each a list of policies (line 1, column 106)",
    );
    check(
        &with(r#", "scps": "x""#),
        "`scps` must be a list of levels, each a list of policies (line 1, column 106)",
    );
}

#[test]
fn a_lone_surrogate_is_reported_as_invalid_unicode() {
    check(
        &with(r#", "context": {"k": "\ud800"}"#),
        "the value of context key `k` is not valid Unicode (it has a lone surrogate) (line 1, column 115)",
    );
    check(
        &with(r#", "context": {"k": ["a", "\udc00"]}"#),
        "the value of context key `k` is not valid Unicode (it has a lone surrogate) (line 1, column 121)",
    );
    check(
        &with(r#", "context": {"\ud800": "v"}"#),
        "a `context` key is not valid Unicode (it has a lone surrogate) (line 1, column 109)",
    );
    check(
        r#"{"principal": "\ud800", "action": "s3:GetObject", "resource": "*"}"#,
        "`principal` is not valid Unicode (it has a lone surrogate) (line 1, column 15)",
    );
}

#[test]
fn a_context_value_of_the_wrong_type_is_named() {
    check(
        &with(r#", "context": {"k": {}}"#),
        "context key `k` must be a string, a number, a boolean or an array of them (line 1, column 115)",
    );
    check(
        &with(r#", "context": {"k": [null]}"#),
        "context key `k` must be a string, a number, a boolean or an array of them (line 1, column 116)",
    );
}

#[test]
fn an_empty_principal_action_or_resource_is_an_error() {
    check(
        r#"{"principal": "", "action": "s3:GetObject", "resource": "*"}"#,
        "`principal` must not be empty (line 1, column 15)",
    );
    check(
        r#"{"principal": "p", "action": "", "resource": "*"}"#,
        "`action` must not be empty (line 1, column 30)",
    );
    check(
        r#"{"principal": "p", "action": "s3:GetObject", "resource": ""}"#,
        "`resource` must not be empty (line 1, column 58)",
    );
}

#[test]
fn an_action_must_look_like_service_colon_name() {
    check(
        r#"{"principal": "p", "action": "GetObject", "resource": "*"}"#,
        "`action` must look like `service:Name` or be `*`, not `GetObject` (line 1, column 30)",
    );
    check(
        r#"{"principal": "p", "action": "s3:", "resource": "*"}"#,
        "`action` must look like `service:Name` or be `*`, not `s3:` (line 1, column 30)",
    );
    check(
        r#"{"principal": "p", "action": ":Get", "resource": "*"}"#,
        "`action` must look like `service:Name` or be `*`, not `:Get` (line 1, column 30)",
    );
    check(
        r#"{"principal": "p", "action": "s3:Get Object", "resource": "*"}"#,
        "`action` must look like `service:Name` or be `*`, not `s3:Get Object` (line 1, column 30)",
    );
    for ok in ["*", "s3:GetObject", "s3:*", "ec2:Describe*"] {
        let (_, error) = run(&format!(
            r#"{{"principal": "p", "action": "{ok}", "resource": "*"}}"#
        ));
        assert!(error.starts_with("not an error"), "{ok}: {error}");
    }
}

#[test]
fn an_id_must_be_a_string_a_number_or_null() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    for id in [deep.as_str(), "[1]", "{}", "true"] {
        let (echoed, error) = run(&format!(r#"{{"id": {id}, {BASE}}}"#));
        assert_eq!(echoed, Value::Null, "an invalid id is not echoed");
        assert_eq!(
            error,
            "`id` must be a string, a number or null (line 1, column 8)"
        );
    }
    for id in [r#""r1""#, "7", "-1.5e3", "null"] {
        let (echoed, error) = run(&format!(r#"{{"id": {id}, {BASE}}}"#));
        assert_eq!(
            echoed,
            serde_json::from_str::<Value>(id).unwrap_or_default()
        );
        assert!(error.starts_with("not an error"), "{id}: {error}");
    }
    // A line that does not read still echoes a valid id, and only a valid one.
    assert_eq!(run(r#"{"id": "r2", "principal": 1}"#).0, "r2");
    assert_eq!(run(r#"{"id": [1], "principal": 1}"#).0, Value::Null);
    assert_eq!(run(r#"{"id": "\ud800", "principal": 1}"#).0, Value::Null);
}

#[test]
fn a_policy_error_points_into_the_line_or_the_policy_text() {
    check(
        &with(
            r#", "identityPolicies": [{"Statement": {"Effect": "Maybe", "Action": "*", "Resource": "*"}}]"#,
        ),
        "`identityPolicies[0]`: invalid effect `Maybe` (line 1, column 144)",
    );
    check(
        &with(r#", "sessionPolicy": "{\"Statement\": [""#),
        "`sessionPolicy`: unclosed array at column 16 of the policy text (line 1, column 115)",
    );
}

#[test]
fn error_lines_snapshot() {
    let lines = [
        r#"{"id": "bad-json", "principal": tru}"#.to_owned(),
        "[]".to_owned(),
        with(r#", "id": "scps", "scps": [{"Statement": []}]"#),
        with(r#", "id": "surrogate", "context": {"aws:SourceIp": "\ud800"}"#),
        r#"{"id": "empty", "principal": "", "action": "s3:GetObject", "resource": "*"}"#.to_owned(),
        r#"{"id": "action", "principal": "p", "action": "GetObject", "resource": "*"}"#.to_owned(),
        format!(r#"{{"id": [[[1]]], {BASE}}}"#),
    ];
    let out: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| simulate_line(line, i + 1, false, &mut PolicyCache::new()).json)
        .collect();
    insta::assert_snapshot!(out.join("\n"));
}

#[test]
fn parse_line_gives_the_message_and_its_place_as_a_typed_error() {
    let line = with(r#", "scps": {}"#);
    let error = parse_line(&line, &mut PolicyCache::new()).err();
    let Some(error) = error else {
        panic!("`{line}` reads");
    };
    let at = error.offset().unwrap_or_default();
    assert_eq!(line.get(at..at + 2), Some("{}"));
    assert_eq!(
        error.to_string(),
        run(&line).1.split(" (line").next().unwrap_or_default()
    );
    assert_eq!(
        error.render(&line, Some(1)),
        run(&line).1,
        "the simulate line's message is the typed error rendered"
    );
}
