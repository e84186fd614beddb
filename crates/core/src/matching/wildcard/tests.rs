//! Tests of the glob matcher: tables, pathological patterns, and property tests against a
//! plain dynamic-programming reference.

use super::*;
use proptest::prelude::*;

fn check(pattern: &str, text: &str, expected: bool) {
    assert_eq!(
        wildcard_match(pattern, text, false),
        expected,
        "wildcard_match({pattern:?}, {text:?})"
    );
}

fn check_ci(pattern: &str, text: &str, expected: bool) {
    assert_eq!(
        wildcard_match(pattern, text, true),
        expected,
        "wildcard_match({pattern:?}, {text:?}, case-insensitive)"
    );
}

#[test]
fn table() {
    check("s3:Get*", "s3:GetObject", true);
    check("s3:Get*", "s3:Get", true);
    check("s3:Get*", "s3:PutObject", false);
    check("s3:Get?bject", "s3:GetObject", true);
    check("s3:Get?bject", "s3:Getbject", false);
    check("*", "", true);
    check("*", "anything:at/all", true);
    check("", "", true);
    check("", "a", false);
    check("a", "", false);
    check("?", "", false);
    check("?", "é", true);
    check("a*b*c", "aXXbYYc", true);
    check("a*b*c", "aXXbYY", false);
    check(
        "*a*a*a*a*b",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        false,
    );
    check("*a*a*a*a*b", "aaaaaaaaaaaaab", true);
    check("**", "x", true);
    check("a**", "a", true);
    check("*.txt", "notes.txt", true);
    check("*.txt", "notes.txt.bak", false);
    check("S3:GetObject", "s3:GetObject", false);
}

#[test]
fn case_insensitive_table() {
    check_ci("S3:GETOBJECT", "s3:GetObject", true);
    check_ci("s3:get*", "S3:GetObject", true);
    check_ci("ÉTÉ", "été", true);
    check_ci("s3:put*", "s3:GetObject", false);
}

#[test]
fn pathological_pattern_is_fast() {
    let text = "a".repeat(20_000);
    let pattern = "*a".repeat(30) + "b";
    assert!(!wildcard_match(&pattern, &text, false));
}

#[test]
fn long_literal_runs_between_stars_are_found_in_linear_time() {
    // The backtracking matcher needs pattern x text steps here (10^10): far too slow.
    let text = "a".repeat(200_000);
    let pattern = format!("*{}b*", "a".repeat(50_000));
    assert!(!wildcard_match(&pattern, &text, false));
    assert!(!wildcard_match(&pattern.to_uppercase(), &text, true));
    let found = format!("{text}b{text}");
    assert!(wildcard_match(&pattern, &found, false));
    assert!(wildcard_match(&pattern.to_uppercase(), &found, true));
}

#[test]
fn long_token_patterns_take_the_linear_path() {
    let text = "a".repeat(200_000);
    let pattern = Pattern::from_glob(&format!("*{}b*", "a".repeat(50_000)));
    assert!(!pattern.matches(&text, false));
    assert!(pattern.matches(&format!("{text}b"), false));
    // A literal `*` (from `${*}`) keeps the general matcher, and stays literal.
    let mut literal = Pattern::from_glob("x");
    literal.push_literal("*");
    assert!(literal.matches("x*", false));
    assert!(!literal.matches(&format!("x{}", "a".repeat(300)), false));
}

/// A plain dynamic-programming matcher used as the reference in property tests.
fn reference(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let mut table = vec![vec![false; t.len() + 1]; p.len() + 1];
    table[p.len()][t.len()] = true;
    for i in (0..p.len()).rev() {
        for j in (0..=t.len()).rev() {
            table[i][j] = match p[i] {
                '*' => table[i + 1][j] || (j < t.len() && table[i][j + 1]),
                '?' => j < t.len() && table[i + 1][j + 1],
                c => j < t.len() && t[j] == c && table[i + 1][j + 1],
            };
        }
    }
    table[0][0]
}

#[test]
fn literal_tokens_are_not_wildcards() {
    let mut pattern = Pattern::from_glob("a");
    pattern.push_literal("*");
    assert!(pattern.matches("a*", false));
    assert!(!pattern.matches("ab", false));
    assert_eq!(pattern.display(), "a${*}");
    assert!(Pattern::from_glob("a*").matches("abc", false));
}

proptest! {
    #[test]
    fn tokens_agree_with_text(pattern in "[ab*?]{0,8}", text in "[ab]{0,10}") {
        prop_assert_eq!(Pattern::from_glob(&pattern).matches(&text, false), wildcard_match(&pattern, &text, false));
    }

    #[test]
    fn agrees_with_reference(pattern in "[ab*?é]{0,8}", text in "[abé]{0,10}") {
        prop_assert_eq!(wildcard_match(&pattern, &text, false), reference(&pattern, &text));
    }

    #[test]
    fn long_ascii_patterns_agree_with_reference(pattern in "[ab*?]{0,16}", text in "[ab]{0,24}") {
        prop_assert_eq!(wildcard_match(&pattern, &text, false), reference(&pattern, &text));
    }

    #[test]
    fn long_token_texts_agree_with_reference(pattern in "[aB*?]{0,16}", text in "[aAbB]{257,300}") {
        prop_assert_eq!(Pattern::from_glob(&pattern).matches(&text, false), reference(&pattern, &text));
    }

    #[test]
    fn long_texts_agree_with_reference(pattern in "[aB*?]{0,16}", text in "[aAbB]{257,300}") {
        prop_assert_eq!(wildcard_match(&pattern, &text, false), reference(&pattern, &text));
        prop_assert_eq!(
            wildcard_match(&pattern, &text, true),
            reference(&pattern.to_lowercase(), &text.to_lowercase())
        );
    }

    #[test]
    fn ascii_path_agrees_with_reference(pattern in "[aB*?]{0,8}", text in "[aAbB]{0,10}") {
        prop_assert_eq!(wildcard_match(&pattern, &text, false), reference(&pattern, &text));
        prop_assert_eq!(
            wildcard_match(&pattern, &text, true),
            reference(&pattern.to_lowercase(), &text.to_lowercase())
        );
    }

    #[test]
    fn never_panics(pattern in any::<String>(), text in any::<String>(), ci in any::<bool>()) {
        let _ = wildcard_match(&pattern, &text, ci);
    }

    #[test]
    fn star_matches_everything(text in any::<String>()) {
        prop_assert!(wildcard_match("*", &text, false));
    }

    #[test]
    fn literal_matches_itself(text in "[^*?]{0,20}") {
        prop_assert!(wildcard_match(&text, &text, false));
    }

    #[test]
    fn ascii_case_is_ignored_when_asked(text in "[a-zA-Z0-9:]{0,20}") {
        prop_assert!(wildcard_match(&text, &text.to_uppercase(), true));
    }
}
