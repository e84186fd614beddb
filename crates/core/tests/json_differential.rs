//! Differential tests of the JSON reader against serde_json: on text serde_json accepts, the
//! reader gives the same value and no error; on text serde_json rejects, the reader reports an
//! error. Three differences are on purpose: serde_json's recursion limit (avoided here),
//! duplicate keys (the reader warns), and numbers beyond the `f64` range (the reader keeps
//! numbers as text, so they are valid).

use proptest::prelude::*;
use rolecall_core::json::{Value, ValueKind, parse};

/// Whether the reader's `value` equals serde_json's `expected`.
fn same(value: &Value, expected: &serde_json::Value) -> bool {
    match (&value.kind, expected) {
        (ValueKind::Null, serde_json::Value::Null) => true,
        (ValueKind::Bool(a), serde_json::Value::Bool(b)) => a == b,
        (ValueKind::Number(text), serde_json::Value::Number(n)) => {
            // Compare as serde_json reads the reader's number text.
            serde_json::from_str::<serde_json::Number>(text).is_ok_and(|m| &m == n)
        }
        (ValueKind::String(a), serde_json::Value::String(b)) => a == b,
        (ValueKind::Array(a), serde_json::Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (ValueKind::Object(a), serde_json::Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|m| b.get(&m.key.value).is_some_and(|v| same(&m.value, v)))
        }
        _ => false,
    }
}

/// Arbitrary JSON values with unique keys and shallow nesting.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| serde_json::json!(f)),
        any::<String>().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn check_agrees(text: &str) {
    let ours = parse(text);
    let errors: Vec<_> = ours.1.iter().filter(|d| d.is_error()).collect();
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(expected) => {
            assert!(errors.is_empty(), "{text:?}: {errors:?}");
            let value = ours.0;
            assert!(
                value.as_ref().is_some_and(|v| same(v, &expected)),
                "{text:?}: {value:?} != {expected:?}"
            );
        }
        // Numbers are kept as text, so a number too large for an `f64` is still JSON here.
        Err(e) if e.to_string().starts_with("number out of range") => {}
        Err(e) => assert!(!errors.is_empty(), "{text:?} accepted, serde_json says {e}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn valid_json_reads_the_same_as_serde_json(value in json_value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).expect("serializes")
        } else {
            serde_json::to_string(&value).expect("serializes")
        };
        let (ours, diagnostics) = parse(&text);
        prop_assert!(diagnostics.is_empty(), "{:?}", diagnostics);
        // serde_json's own reading of its text (floats may differ in the last bit from `value`).
        let expected: serde_json::Value = serde_json::from_str(&text).expect("serde_json reads its text");
        prop_assert!(same(&ours.expect("a value"), &expected));
    }

    #[test]
    fn random_text_is_accepted_exactly_when_serde_json_accepts_it(
        text in r#"[ \t\n{}\[\]",:0-9a-z.eE+\-\\/u]{0,40}"#
    ) {
        check_agrees(&text);
    }

    #[test]
    fn edits_of_valid_json_are_accepted_exactly_when_serde_json_accepts_them(
        value in json_value(), at in any::<prop::sample::Index>(), byte in b' '..=b'~'
    ) {
        let mut bytes = serde_json::to_string(&value).expect("serializes").into_bytes();
        let i = at.index(bytes.len().max(1));
        if let Some(b) = bytes.get_mut(i) {
            if b.is_ascii() {
                *b = byte;
            }
        }
        if let Ok(text) = String::from_utf8(bytes) {
            // Duplicate keys are accepted by both, with a warning from the reader.
            check_agrees(&text);
        }
    }
}

#[test]
fn escapes_agree_with_serde_json() {
    for text in [
        r#""\u0000""#,
        r#""\ud800""#,
        r#""\udc00\ud800""#,
        r#""\uD83D\uDE00""#,
        r#""\/""#,
        r#""\a""#,
        "\"\u{7f}\"",
        "\"\u{1f}\"",
        r#""\u00""#,
        "1.5e-7",
        "-0.0",
        "01",
        "1.",
        ".5",
        "+1",
        "0x10",
        "1e",
        "[1,]",
        "{\"a\":1,}",
        "[] []",
        "nul",
        "truee",
        "\"a\"b",
    ] {
        check_agrees(text);
    }
}
