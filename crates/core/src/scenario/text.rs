//! Whitespace-level rewriting of JSON text that is already known to be valid: minifying (for
//! share links) and pretty-printing (for `rolecall open` and the editor).
//!
//! These functions never reorder keys or touch the contents of strings, so a scenario keeps the
//! order and the exact values its author wrote. They are not parsers: on invalid JSON they still
//! return some text, only with its whitespace rearranged.

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
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    out
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
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    out.push(close);
                    chars.next();
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
    fn pretty_never_panics_on_unbalanced_text() {
        assert_eq!(pretty("]]"), "\n]\n]");
    }
}
