use proptest::prelude::*;

use super::{Value, ValueKind, parse};

/// A compact form of a value: strings quoted, numbers as written, `{k:v}` and `[a,b]`.
fn show(value: &Value) -> String {
    match &value.kind {
        ValueKind::Null => "null".to_owned(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Number(n) => n.clone(),
        ValueKind::String(s) => format!("{s:?}"),
        ValueKind::Array(items) => {
            let items: Vec<String> = items.iter().map(show).collect();
            format!("[{}]", items.join(","))
        }
        ValueKind::Object(members) => {
            let members: Vec<String> = members
                .iter()
                .map(|m| format!("{:?}:{}", m.key.value, show(&m.value)))
                .collect();
            format!("{{{}}}", members.join(","))
        }
    }
}

/// Parses `text` and compares `value | code@start..end ...` with `expected`.
fn check(text: &str, expected: &str) {
    let (value, diagnostics) = parse(text);
    let mut out = value.as_ref().map_or_else(|| "-".to_owned(), show);
    for d in &diagnostics {
        let span = d.span();
        out.push_str(&format!(" | {}@{}..{}", d.code, span.start, span.end));
    }
    assert_eq!(out, expected, "input: {text:?}");
}

#[test]
fn reads_every_kind_of_value() {
    check("null", "null");
    check(" true ", "true");
    check("false", "false");
    check("0", "0");
    check("-12.5e+3", "-12.5e+3");
    check(r#""a""#, r#""a""#);
    check("[]", "[]");
    check("{}", "{}");
    check(r#"{"a": [1, {"b": null}]}"#, r#"{"a":[1,{"b":null}]}"#);
}

#[test]
fn numbers_keep_their_source_text() {
    check("[1.50, 1E2, -0]", "[1.50,1E2,-0]");
}

#[test]
fn malformed_numbers_are_reported_at_the_number() {
    check("[01]", "[01] | invalid-json@1..3");
    check("[1.]", "[1.] | invalid-json@1..3");
    check("[-]", "[-] | invalid-json@1..2");
    check("[1e]", "[1e] | invalid-json@1..3");
    check("[10abc]", "[10abc] | invalid-json@1..6");
}

#[test]
fn decodes_string_escapes() {
    check(r#""\"\\\/\b\f\n\r\t""#, r#""\"\\/\u{8}\u{c}\n\r\t""#);
    check(r#""\u00e9\u4e2d""#, r#""é中""#);
}

#[test]
fn decodes_surrogate_pairs() {
    check(r#""\ud83d\ude00""#, r#""😀""#);
}

#[test]
fn lone_surrogates_become_replacement_characters() {
    check(r#""\ud83dx""#, "\"\u{fffd}x\" | invalid-json@1..7");
    check(r#""\ude00""#, "\"\u{fffd}\" | invalid-json@1..7");
    check(r#""\ud83d\u0041""#, "\"\u{fffd}A\" | invalid-json@1..7");
}

#[test]
fn invalid_escapes_point_at_the_escape() {
    check(r#""a\qb""#, r#""aqb" | invalid-json@2..4"#);
    check(r#""\u12G4""#, r#""G4" | invalid-json@1..5"#);
    check(r#""\é""#, r#""é" | invalid-json@1..4"#);
}

#[test]
fn raw_control_characters_are_reported() {
    check("\"a\tb\"", "\"a\\tb\" | invalid-json@2..3");
}

#[test]
fn unterminated_string_points_at_its_opening_quote() {
    check(r#"{"a": "b"#, "{} | invalid-json@6..7");
    check("[\"a\n\"]", "[] | invalid-json@1..2");
}

#[test]
fn trailing_commas_are_reported_and_skipped() {
    check(r#"{"a": 1,}"#, r#"{"a":1} | trailing-comma@7..8"#);
    check("[1, 2 , ]", "[1,2] | trailing-comma@6..7");
}

#[test]
fn comments_are_reported_and_skipped() {
    check(
        "// policy\n{\"a\": 1 /* one */}",
        r#"{"a":1} | json-comment@0..9 | json-comment@18..27"#,
    );
    check("{/* open", "{} | invalid-json@1..3");
}

#[test]
fn missing_commas_are_reported_and_reading_goes_on() {
    check(r#"{"a": 1 "b": 2}"#, r#"{"a":1,"b":2} | invalid-json@8..9"#);
    check("[1 2]", "[1,2] | invalid-json@3..4");
}

#[test]
fn text_after_the_document_is_reported() {
    check(r#"{"a": 1}}"#, r#"{"a":1} | trailing-characters@8..9"#);
    check("{} {}\n", "{} | trailing-characters@3..5");
}

#[test]
fn unclosed_containers_keep_their_complete_members() {
    check(
        r#"{"a": 1, "b": [2"#,
        r#"{"a":1,"b":[2]} | invalid-json@16..16"#,
    );
    check(r#"{"a": 1, "b""#, r#"{"a":1} | invalid-json@12..12"#);
    check(r#"{"a": "#, r#"{} | invalid-json@6..6"#);
}

#[test]
fn empty_input_is_an_error_at_the_end() {
    check("", "- | invalid-json@0..0");
    check("  \n", "- | invalid-json@3..3");
}

#[test]
fn bare_words_and_single_quotes_are_errors() {
    check("{\"a\": True}", "{} | invalid-json@6..10");
    check("{'a': 1}", "{} | invalid-json@1..2");
    check("{a: 1}", "{} | invalid-json@1..2");
    check("[1, é]", "[1] | invalid-json@4..6");
}

#[test]
fn duplicate_keys_are_warnings_pointing_at_both_keys() {
    let (value, diagnostics) = parse(r#"{"Effect": "Allow", "Effect": "Deny"}"#);
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(d.code, "duplicate-key");
    assert_eq!(d.labels[0].span, crate::Span::new(20, 28));
    assert_eq!(d.labels[1].span, crate::Span::new(1, 9));
    assert_eq!(value.unwrap().get("Effect").unwrap().as_str(), Some("Deny"));
}

#[test]
fn duplicate_keys_are_found_in_large_objects() {
    let mut text = String::from("{");
    for i in 0..40 {
        text.push_str(&format!("\"k{i}\": {i}, "));
    }
    text.push_str("\"k3\": 0}");
    let (_, diagnostics) = parse(&text);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "duplicate-key");
}

#[test]
fn nesting_deeper_than_the_limit_is_refused() {
    let ok = "[".repeat(super::MAX_DEPTH) + &"]".repeat(super::MAX_DEPTH);
    assert!(parse(&ok).1.is_empty());
    let deep = "[".repeat(100_000);
    let (value, diagnostics) = parse(&deep);
    assert!(value.is_some());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "nesting-too-deep");
    assert_eq!(diagnostics[0].span().start, super::MAX_DEPTH);
}

#[test]
fn spans_cover_values_and_keys_exactly() {
    let text = r#"{ "Key" : [ "v" , 10 ] }"#;
    let (value, _) = parse(text);
    let value = value.unwrap();
    let member = &value.as_object().unwrap()[0];
    assert_eq!(
        &text[member.key.span.start..member.key.span.end],
        r#""Key""#
    );
    assert_eq!(
        &text[member.value.span.start..member.value.span.end],
        r#"[ "v" , 10 ]"#
    );
    let items = member.value.as_array().unwrap();
    assert_eq!(&text[items[1].span.start..items[1].span.end], "10");
    assert_eq!(value.span, crate::Span::new(0, text.len()));
}

/// Every span of every value and diagnostic lies inside the text and on character boundaries.
fn assert_spans_valid(text: &str, value: Option<&Value>, diagnostics: &[crate::Diagnostic]) {
    fn walk(text: &str, value: &Value) {
        assert!(text.get(value.span.start..value.span.end).is_some());
        match &value.kind {
            ValueKind::Array(items) => items.iter().for_each(|v| walk(text, v)),
            ValueKind::Object(members) => members.iter().for_each(|m| {
                assert!(text.get(m.key.span.start..m.key.span.end).is_some());
                walk(text, &m.value);
            }),
            _ => {}
        }
    }
    if let Some(value) = value {
        walk(text, value);
    }
    for d in diagnostics {
        assert!(!d.labels.is_empty());
        for label in &d.labels {
            assert!(
                text.get(label.span.start..label.span.end).is_some(),
                "{d:?} in {text:?}"
            );
        }
    }
}

const SAMPLE: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "A\u00e9", "Effect": "Allow",
 "Action": ["s3:Get*", "s3:List*"], "Resource": "*", "Condition": {"NumericLessThan": {"k": 10.5}}}]}"#;

proptest! {
    #[test]
    fn never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        let (value, diagnostics) = parse(&text);
        assert_spans_valid(&text, value.as_ref(), &diagnostics);
    }

    #[test]
    fn never_panics_on_json_like_text(text in r#"[\[\]{}",:0-9a-z\\/* \n\t\-+.eEuéD😀]{0,120}"#) {
        let (value, diagnostics) = parse(&text);
        assert_spans_valid(&text, value.as_ref(), &diagnostics);
    }

    #[test]
    fn truncations_of_a_policy_never_panic(cut in 0..SAMPLE.len()) {
        let end = (0..=cut).rev().find(|&i| SAMPLE.is_char_boundary(i)).unwrap_or(0);
        let text = &SAMPLE[..end];
        let (value, diagnostics) = parse(text);
        assert_spans_valid(text, value.as_ref(), &diagnostics);
        prop_assert!(!diagnostics.is_empty() || value.is_some());
    }

    #[test]
    fn single_byte_edits_of_a_policy_never_panic(at in 0..SAMPLE.len(), byte in any::<u8>()) {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        bytes[at] = byte;
        let text = String::from_utf8_lossy(&bytes);
        let (value, diagnostics) = parse(&text);
        assert_spans_valid(&text, value.as_ref(), &diagnostics);
    }
}

#[test]
fn the_sample_policy_is_valid_json() {
    let (value, diagnostics) = parse(SAMPLE);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(value.is_some());
}
