//! Constructors for the diagnostics of the JSON reader.
//!
//! Every JSON syntax problem that makes the text unreadable has the code `invalid-json`; the
//! problems that a lenient reader can step over (a trailing comma, a comment, text after the
//! document) have their own codes so that the editor can offer a quick fix for each.

use super::{Diagnostic, Severity};
use crate::span::Span;

/// What the reader found where it expected something else: a character or the end of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// A character of the text.
    Char(char),
    /// The end of the text.
    End,
}

impl Found {
    fn describe(self) -> String {
        match self {
            Self::Char(c) => format!("`{}`", c.escape_debug()),
            Self::End => "end of input".to_owned(),
        }
    }
}

/// `invalid-json`: the reader expected `expected` and found something else.
#[must_use]
pub fn expected(expected: &str, found: Found, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        Severity::Error,
        "invalid-json",
        format!("expected {expected}, found {}", found.describe()),
        span,
        format!("expected {expected}"),
    );
    if matches!(
        found,
        Found::Char('\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}')
    ) {
        d.with_help(
            "typographic quotes are not json quotes: replace them with straight quotes `\"`",
        )
    } else {
        d
    }
}

/// `invalid-json`: a bare word such as `True` or `undefined` where a value was expected.
#[must_use]
pub fn unknown_word(word: &str, span: Span) -> Diagnostic {
    let help = match word {
        "True" | "TRUE" => "json literals are lowercase: write `true`".to_owned(),
        "False" | "FALSE" => "json literals are lowercase: write `false`".to_owned(),
        "None" | "NULL" | "Null" | "nil" | "undefined" => "write `null`".to_owned(),
        _ => format!("strings must be in double quotes: `\"{word}\"`"),
    };
    Diagnostic::new(
        Severity::Error,
        "invalid-json",
        format!("expected a json value, found `{word}`"),
        span,
        "not a json value",
    )
    .with_help(help)
}

/// `invalid-json`: a string written with single quotes.
#[must_use]
pub fn single_quotes(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-json",
        "json strings must use double quotes",
        span,
        "single quote",
    )
    .with_help("replace the single quotes with double quotes")
}

/// `invalid-json`: an object or array is not closed before the end of the text.
#[must_use]
pub fn unclosed(what: &str, close: char, end: Span, open: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-json",
        format!("unclosed {what}"),
        end,
        format!("expected `,` or `{close}` before the end of input"),
    )
    .with_label(open, format!("this {what} is never closed"))
}

/// `invalid-json`: a string is not closed on its line.
#[must_use]
pub fn unterminated_string(open: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-json",
        "unterminated string",
        open,
        "this string is never closed",
    )
    .with_help("add the closing `\"` (a line break inside a string must be written `\\n`)")
}

/// `invalid-json`: an unknown escape such as `\x` in a string.
#[must_use]
pub fn invalid_escape(escape: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-json",
        format!("invalid escape `{escape}` in string"),
        span,
        "unknown escape",
    )
    .with_help("valid escapes are `\\\"` `\\\\` `\\/` `\\b` `\\f` `\\n` `\\r` `\\t` and `\\uXXXX`")
}

/// `invalid-json`: `\u` not followed by four hexadecimal digits.
#[must_use]
pub fn invalid_unicode_escape(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-json",
        "invalid unicode escape: `\\u` must be followed by four hexadecimal digits",
        span,
        "invalid unicode escape",
    )
}

/// `invalid-json`: a UTF-16 surrogate escape that is not part of a pair.
#[must_use]
pub fn lone_surrogate(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-json",
        "unpaired utf-16 surrogate in unicode escape",
        span,
        "a high surrogate `\\uD800`-`\\uDBFF` must be followed by a low surrogate `\\uDC00`-`\\uDFFF`",
    )
}

/// `invalid-json`: a raw control character inside a string.
#[must_use]
pub fn control_character(c: char, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-json",
        format!(
            "control character `{}` must be escaped in a string",
            c.escape_debug()
        ),
        span,
        "raw control character",
    )
}

/// `invalid-json`: a number that does not follow the JSON grammar (`01`, `1.`, `+1`, `.5`).
#[must_use]
pub fn invalid_number(text: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-json",
        format!("invalid number `{text}`"),
        span,
        "not a json number",
    )
    .with_help(
        "json numbers have no leading zeros, no leading `+`, and digits on both sides of `.`",
    )
}

/// `invalid-json`: two members or elements with no comma between them.
#[must_use]
pub fn missing_comma(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-json",
        "missing `,` before this value",
        span,
        "expected `,` before this",
    )
}

/// `trailing-comma`: a comma before `}` or `]`.
#[must_use]
pub fn trailing_comma(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "trailing-comma",
        "trailing comma is not allowed in json",
        span,
        "remove this comma",
    )
}

/// `json-comment`: a `//` or `/* */` comment, which JSON does not have.
///
/// The help says nothing about policies: the same reader serves scenario files and share links.
#[must_use]
pub fn comment(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "json-comment",
        "comments are not allowed in json",
        span,
        "comment",
    )
    .with_help("json has no comments: remove it")
}

/// `invalid-json`: a `/*` comment that is never closed.
#[must_use]
pub fn unterminated_comment(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "invalid-json",
        "unterminated comment",
        span,
        "this comment is never closed",
    )
}

/// `trailing-characters`: text after the end of the JSON document.
#[must_use]
pub fn trailing_characters(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "trailing-characters",
        "unexpected text after the end of the json document",
        span,
        "the document ended before this",
    )
    .with_help("a policy is a single json object; check for an extra `}` or a second document")
}

/// `nesting-too-deep`: more nested arrays and objects than the reader accepts.
#[must_use]
pub fn too_deep(limit: usize, span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        "nesting-too-deep",
        format!("json nested more than {limit} levels deep"),
        span,
        "too deep",
    )
    .with_help("IAM policies are only a few levels deep; this text is not a policy")
}

/// `duplicate-key`: a key written twice in one object.
///
/// Why a warning and not an error: IAM accepts such documents and keeps the last value (see
/// [`crate::json`] for the note), so the earlier value silently does nothing.
#[must_use]
pub fn duplicate_key(key: &str, first: Span, second: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "duplicate-key",
        format!("duplicate key `{key}`"),
        second,
        "this value replaces the earlier one",
    )
    .with_label(first, "first written here, and ignored")
    .with_help("AWS keeps only the last value of a repeated key: merge the two into one")
}
