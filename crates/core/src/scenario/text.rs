//! Whitespace-level rewriting of JSON text that is already known to be valid: minifying (for
//! share links) and pretty-printing (for `rolecall open` and the editor).
//!
//! These functions never reorder keys or touch the contents of strings, so a scenario keeps the
//! order and the exact values its author wrote. They are not parsers: on invalid JSON they still
//! return some text, only with its whitespace rearranged.

/// A piece of JSON text: a string literal with its quotes, a comment, or one other character.
enum Piece<'a> {
    /// Kept verbatim (a string literal or a comment).
    Verbatim(&'a str),
    /// A character outside strings and comments.
    Char(char),
}

/// Splits `text` into [`Piece`]s. An unterminated string or block comment runs to the end.
fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = text.get(at..)?;
        let c = rest.chars().next()?;
        let len = if c == '"' {
            string_len(rest)
        } else if let Some(len) = comment_len(rest) {
            len
        } else {
            at += c.len_utf8();
            return Some(Piece::Char(c));
        };
        at += len;
        rest.get(..len).map(Piece::Verbatim)
    })
}

/// The length in bytes of the string literal `rest` starts with (its opening `"` included),
/// through the closing quote or the end of the text.
fn string_len(rest: &str) -> usize {
    let mut escaped = false;
    for (i, c) in rest.char_indices().skip(1) {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            return i + 1;
        }
    }
    rest.len()
}

/// Removes every whitespace character outside strings.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::text::minify;
/// assert_eq!(minify("{ \"a\" : [1, \"b c\"] }\n"), r#"{"a":[1,"b c"]}"#);
/// ```
#[must_use]
pub fn minify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        match piece {
            Piece::Verbatim(v) => out.push_str(v),
            Piece::Char(' ' | '\t' | '\n' | '\r') => {}
            Piece::Char(c) => out.push(c),
        }
    }
    out
}

/// The length in bytes of the comment `rest` starts with, if it starts with one: `//` through
/// the end of the line (the newline included, so that the comment still ends there once the
/// text around it is rewritten), or `/*` through `*/`. JSON has no comments and the reader
/// reports them, but minifying must not let a line comment swallow the rest of the document.
fn comment_len(rest: &str) -> Option<usize> {
    if let Some(body) = rest.strip_prefix("//") {
        return Some(2 + body.find('\n').map_or(body.len(), |i| i + 1));
    }
    let body = rest.strip_prefix("/*")?;
    Some(2 + body.find("*/").map_or(body.len(), |i| i + 2))
}

/// Pretty-prints JSON text with two-space indentation, keeping key order and string contents.
///
/// Empty objects and arrays stay on one line (`{}` and `[]`).
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::text::pretty;
/// assert_eq!(pretty(r#"{"a":[1,2],"b":{}}"#), "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
/// ```
#[must_use]
pub fn pretty(text: &str) -> String {
    let compact = minify(text);
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut pieces = pieces(&compact).peekable();
    while let Some(piece) = pieces.next() {
        let c = match piece {
            Piece::Verbatim(v) => {
                out.push_str(v);
                continue;
            }
            Piece::Char(c) => c,
        };
        match c {
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if matches!(pieces.peek(), Some(Piece::Char(next)) if *next == close) {
                    out.push(close);
                    pieces.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, minified: &str) {
        assert_eq!(minify(input), minified);
        assert_eq!(minify(&pretty(input)), minified);
    }

    #[test]
    fn minify_keeps_whitespace_inside_strings_and_escaped_quotes() {
        check(
            r#" { "a b" : "c \" d" , "e" : [ ] } "#,
            r#"{"a b":"c \" d","e":[]}"#,
        );
        check(r#"["\\", " x "]"#, r#"["\\"," x "]"#);
        check("{\n\t\"k\":\r\n true}", r#"{"k":true}"#);
    }

    #[test]
    fn pretty_indents_nested_values_and_keeps_empty_ones_inline() {
        assert_eq!(
            pretty(r#"{"a":{"b":[]},"c":[{}]}"#),
            "{\n  \"a\": {\n    \"b\": []\n  },\n  \"c\": [\n    {}\n  ]\n}"
        );
    }

    #[test]
    fn comments_are_kept_verbatim_and_a_line_comment_keeps_its_line_end() {
        // Not JSON (the reader reports comments), but a link must not lose what follows one.
        check(
            "{\"a\": 1, // a \"quoted\" {comment},\n \"b\": /* x, y */ 2}",
            "{\"a\":1,// a \"quoted\" {comment},\n\"b\":/* x, y */2}",
        );
        check("[1 // end", "[1// end");
        check("[1 /* open", "[1/* open");
        check("[\"// not a comment\"]", "[\"// not a comment\"]");
    }

    #[test]
    fn pretty_never_panics_on_unbalanced_text() {
        assert_eq!(pretty("]]"), "\n]\n]");
    }
}
