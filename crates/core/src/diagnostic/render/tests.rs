use proptest::prelude::*;

use super::{clamp_span, render, summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Span;

fn diagnostic(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "test-code",
        "something is wrong",
        span,
        "here",
    )
}

/// Renders a one-label diagnostic at `start..end` of `source` without colour.
fn check(source: &str, start: usize, end: usize, expected: &str) {
    let got = render(&diagnostic(Span::new(start, end)), source, "p.json", false);
    assert_eq!(got, expected, "\n{got}");
}

#[test]
fn underline_sits_under_the_span() {
    check(
        "{\n  \"Effect\": \"allow\"\n}",
        14,
        21,
        "error[test-code]: something is wrong\n --> p.json:2:13\n  |\n2 |   \"Effect\": \"allow\"\n  |             ^^^^^^^ here\n",
    );
}

#[test]
fn underline_counts_characters_not_bytes() {
    check(
        "[\"é\", \"x\"]",
        7,
        10,
        "error[test-code]: something is wrong\n --> p.json:1:7\n  |\n1 | [\"é\", \"x\"]\n  |       ^^^ here\n",
    );
}

#[test]
fn tabs_are_expanded_consistently() {
    check(
        "\t\"a\"",
        1,
        4,
        "error[test-code]: something is wrong\n --> p.json:1:2\n  |\n1 |     \"a\"\n  |     ^^^ here\n",
    );
}

#[test]
fn an_empty_span_at_the_end_points_after_the_last_character() {
    check(
        "{\"a\": 1\n",
        8,
        8,
        "error[test-code]: something is wrong\n --> p.json:1:8\n  |\n1 | {\"a\": 1\n  |        ^ here\n",
    );
}

#[test]
fn secondary_labels_use_dashes_and_help_follows() {
    let d = diagnostic(Span::new(10, 13))
        .with_label(Span::new(1, 4), "first")
        .with_help("do this");
    let got = render(&d, "{\"a\": 1,\n \"a\": 2}", "p.json", false);
    assert_eq!(
        got,
        "error[test-code]: something is wrong\n --> p.json:2:2\n  |\n1 | {\"a\": 1,\n  |  --- first\n2 |  \"a\": 2}\n  |  ^^^ here\n  |\n  = help: do this\n"
    );
}

#[test]
fn colour_is_added_only_when_asked() {
    let plain = render(&diagnostic(Span::new(0, 1)), "x", "p", false);
    let coloured = render(&diagnostic(Span::new(0, 1)), "x", "p", true);
    assert!(!plain.contains('\x1b'));
    assert!(coloured.contains("\x1b[1;31merror[test-code]"));
}

#[test]
fn summary_counts_by_severity() {
    let error = diagnostic(Span::new(0, 0));
    let mut warning = diagnostic(Span::new(0, 0));
    warning.severity = Severity::Warning;
    assert_eq!(summary(&[]), "no problems");
    assert_eq!(
        summary(&[error.clone(), error.clone(), warning]),
        "2 errors, 1 warning"
    );
    assert_eq!(summary(&[error]), "1 error");
}

#[test]
fn clamp_span_never_cuts_a_character() {
    assert_eq!(clamp_span(Span::new(1, 2), "é"), Span::new(0, 2));
    assert_eq!(clamp_span(Span::new(5, 9), "ab"), Span::new(2, 2));
}

proptest! {
    #[test]
    fn rendering_never_panics(text in "[a-zé😀\t\r\n \"{}]{0,40}", start in 0usize..60, len in 0usize..60) {
        let d = diagnostic(Span::new(start, start + len)).with_label(Span::new(len, start), "other");
        let out = render(&d, &text, "f", true);
        prop_assert!(out.starts_with("\x1b[1;31merror"));
    }
}

#[test]
fn long_lines_are_shown_as_a_window_around_the_label() {
    let source = format!(
        "{{\"a\": \"{}\", \"Effect\": \"allow\", \"b\": \"{}\"}}",
        "x".repeat(200),
        "y".repeat(200)
    );
    let start = source.find("\"allow\"").unwrap();
    let got = render(
        &diagnostic(Span::new(start, start + 7)),
        &source,
        "p.json",
        false,
    );
    let lines: Vec<&str> = got.lines().collect();
    assert!(lines[3].starts_with("1 | …"), "{got}");
    assert!(lines[3].ends_with('…'));
    assert!(lines[3].chars().count() < 140);
    let caret = lines[4].chars().position(|c| c == '^').unwrap();
    let shown: String = lines[3].chars().skip(caret).take(7).collect();
    assert_eq!(shown, "\"allow\"", "{got}");
}
