//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`, `${?}`, `${$}`.
//!
//! Why (all from "IAM policy elements: Variables and tags"): a variable is `$` followed by a
//! context key name in braces and is replaced by that key's value from the request; key names are
//! case-insensitive. A default value follows the key after a comma, in single quotes
//! (`${aws:PrincipalTag/team, 'company-wide'}`), and is used when the key is absent; spaces around
//! the key and the default are ignored; two single quotes stand for one inside the default.
//! `${*}`, `${?}` and `${$}` stand for the literal characters `*`, `?` and `$`. Only single-valued
//! keys can be variables ("Single-valued vs. multivalued context keys": "you cannot use multivalued
//! context keys as policy variables"), so a multivalued key resolves like a missing one. AWS makes
//! one pass only: a default that itself contains `${...}` is not substituted again. Text such as
//! an unterminated `${` is kept literally.

use std::ops::Range;

use crate::matching::Pattern;
use crate::request::{Context, ContextValue};

/// The result of substituting the variables of one policy text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Substitution {
    /// The text with every resolvable variable replaced (an unresolvable one is left as written).
    pub text: String,
    /// The keys of the variables that could not be resolved: missing or multivalued in the
    /// context and without a default. When this is not empty the value cannot match anything.
    pub missing: Vec<String>,
}

/// A pattern after substitution: wildcards of the policy text stay wildcards, while `${*}`,
/// `${?}` and the substituted values are literal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PatternSubstitution {
    /// The pattern to match with.
    pub pattern: Pattern,
    /// The text form (as [`Substitution::text`]) for explanations.
    pub text: String,
    /// The unresolvable keys, as in [`Substitution::missing`].
    pub missing: Vec<String>,
}

/// Whether `text` contains something that looks like a variable (`${`). Callers use it to skip
/// substitution, and its allocation, for the common plain value.
#[must_use]
pub fn has_variables(text: &str) -> bool {
    text.contains("${")
}

/// One piece of a policy text.
enum Piece<'a> {
    /// Text written in the policy.
    Text(&'a str),
    /// `${*}`, `${?}` or `${$}`.
    Escaped(char),
    /// A variable's value (or its default).
    Value(String),
    /// A variable that could not be resolved: its key and the text as written.
    Missing(String, &'a str),
}

/// Substitutes the policy variables of `text` from `context`.
///
/// # Examples
///
/// ```
/// use rolecall_core::condition::substitute_variables;
/// use rolecall_core::request::Context;
///
/// let mut context = Context::new();
/// context.set("aws:username", "alice");
/// let s = substitute_variables("home/${aws:UserName}/${aws:PrincipalTag/team, 'none'}/${*}", &context);
/// assert_eq!(s.text, "home/alice/none/*");
/// assert!(s.missing.is_empty());
/// assert_eq!(substitute_variables("${aws:userid}", &context).missing, vec!["aws:userid".to_owned()]);
/// ```
#[must_use]
pub fn substitute_variables(text: &str, context: &Context) -> Substitution {
    let mut out = Substitution {
        text: String::with_capacity(text.len()),
        missing: Vec::new(),
    };
    for_each_piece(text, context, |piece| match piece {
        Piece::Text(t) => out.text.push_str(t),
        Piece::Escaped(c) => out.text.push(c),
        Piece::Value(v) => out.text.push_str(&v),
        Piece::Missing(key, raw) => {
            out.text.push_str(raw);
            out.missing.push(key);
        }
    });
    out
}

/// Substitutes the policy variables of a wildcard pattern (a `StringLike` or `ArnLike` value, a
/// `Resource`): the `*` and `?` written in the policy stay wildcards, while `${*}`, `${?}` and
/// the characters of substituted values match only themselves.
#[must_use]
pub fn substitute_pattern(text: &str, context: &Context) -> PatternSubstitution {
    let mut out = PatternSubstitution::default();
    push_pattern(&mut out, text, context);
    out
}

/// Substitutes the policy variables of a `Resource` or `NotResource` value, as
/// [`substitute_pattern`], but only in the resource part of the ARN (after its fifth colon): the
/// text before it, variables included, is kept as written, so it never matches a real ARN.
///
/// Why: "IAM policy elements: Variables and tags", "Where you can use policy variables": "You
/// can use a policy variable in the `Resource` element, but only in the resource portion of the
/// ARN. This portion of the ARN appears after the fifth colon (:). You can't use a variable to
/// replace parts of the ARN before the fifth colon, such as the service or account."
///
/// # Examples
///
/// ```
/// use rolecall_core::condition::substitute_resource;
/// use rolecall_core::request::Context;
///
/// let mut context = Context::new();
/// context.set("aws:username", "alice");
/// context.set("aws:PrincipalAccount", "111122223333");
/// let s = substitute_resource("arn:aws:s3:::bkt/${aws:username}", &context);
/// assert_eq!(s.text, "arn:aws:s3:::bkt/alice");
/// let s = substitute_resource("arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:q", &context);
/// assert_eq!(s.text, "arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:q");
/// ```
#[must_use]
pub fn substitute_resource(text: &str, context: &Context) -> PatternSubstitution {
    let (start, _) = scan_arn_prefix(text);
    let (head, tail) = text.split_at_checked(start).unwrap_or((text, ""));
    let mut out = PatternSubstitution::default();
    out.pattern.push_glob(head);
    out.text.push_str(head);
    push_pattern(&mut out, tail, context);
    out
}

/// The byte ranges, in a `Resource` value, of the policy variables written before the fifth
/// colon, where AWS does not substitute them (see [`substitute_resource`]).
///
/// # Examples
///
/// ```
/// use rolecall_core::condition::variables_before_resource_part;
///
/// assert_eq!(variables_before_resource_part("arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:q"), vec![22..45]);
/// assert!(variables_before_resource_part("arn:aws:s3:::bkt/${aws:username}").is_empty());
/// ```
#[must_use]
pub fn variables_before_resource_part(text: &str) -> Vec<Range<usize>> {
    scan_arn_prefix(text).1
}

/// Where the resource part of an ARN pattern begins (just after its fifth colon, counting only
/// colons outside variables; the length of `text` when it has fewer), and the ranges of the
/// variables before it.
fn scan_arn_prefix(text: &str) -> (usize, Vec<Range<usize>>) {
    let mut colons = 0;
    let mut variables = Vec::new();
    let mut i = 0;
    while let Some(rest) = text.get(i..).filter(|r| !r.is_empty()) {
        let variable_end = rest.strip_prefix("${").and_then(|body_and_more| {
            let end = closing_brace(body_and_more)?;
            body_and_more.get(..end).and_then(parse_body)?;
            Some(end + 3)
        });
        if let Some(len) = variable_end {
            variables.push(i..i + len);
            i += len;
            continue;
        }
        if rest.starts_with(':') {
            colons += 1;
            if colons == 5 {
                return (i + 1, variables);
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    (text.len(), variables)
}

/// Appends the pieces of `text` to `out`, as [`substitute_pattern`] reads them.
fn push_pattern(out: &mut PatternSubstitution, text: &str, context: &Context) {
    for_each_piece(text, context, |piece| match piece {
        Piece::Text(t) => {
            out.pattern.push_glob(t);
            out.text.push_str(t);
        }
        Piece::Escaped(c) => {
            let mut buf = [0; 4];
            out.pattern.push_literal(c.encode_utf8(&mut buf));
            out.text.push(c);
        }
        Piece::Value(v) => {
            out.pattern.push_literal(&v);
            out.text.push_str(&v);
        }
        Piece::Missing(key, raw) => {
            out.pattern.push_literal(raw);
            out.text.push_str(raw);
            out.missing.push(key);
        }
    });
}

/// Splits `text` into pieces and calls `emit` for each, in order.
fn for_each_piece<'a>(text: &'a str, context: &Context, mut emit: impl FnMut(Piece<'a>)) {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let (before, from_dollar) = rest.split_at(start);
        if !before.is_empty() {
            emit(Piece::Text(before));
        }
        let body_and_more = from_dollar.get(2..).unwrap_or_default();
        let Some(end) = closing_brace(body_and_more) else {
            // Unterminated: the rest is literal text.
            emit(Piece::Text(from_dollar));
            return;
        };
        let body = body_and_more.get(..end).unwrap_or_default();
        let raw = from_dollar.get(..end + 3).unwrap_or_default();
        rest = body_and_more.get(end + 1..).unwrap_or_default();
        match parse_body(body) {
            Some(Body::Escape(c)) => emit(Piece::Escaped(c)),
            Some(Body::Key { key, default }) => match resolve(key, context) {
                Some(value) => emit(Piece::Value(value.to_owned())),
                None => match default {
                    Some(d) => emit(Piece::Value(d)),
                    None => emit(Piece::Missing(key.to_owned(), raw)),
                },
            },
            None => emit(Piece::Text(raw)),
        }
    }
    if !rest.is_empty() {
        emit(Piece::Text(rest));
    }
}

/// The offset of the `}` that closes a variable body, skipping a quoted default (where `''` is an
/// escaped quote and `}` may appear).
fn closing_brace(s: &str) -> Option<usize> {
    let mut in_quotes = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' => in_quotes = !in_quotes,
            '}' if !in_quotes => return Some(i),
            _ => {}
        }
    }
    None
}

/// What is between `${` and `}`.
enum Body<'a> {
    /// `*`, `?` or `$`.
    Escape(char),
    /// A key with an optional default.
    Key {
        key: &'a str,
        default: Option<String>,
    },
}

/// Reads a variable body; `None` when it is not a valid variable (it is then kept as text).
fn parse_body(body: &str) -> Option<Body<'_>> {
    let trimmed = body.trim();
    match trimmed {
        "*" => return Some(Body::Escape('*')),
        "?" => return Some(Body::Escape('?')),
        "$" => return Some(Body::Escape('$')),
        _ => {}
    }
    let (key, default) = match trimmed.split_once(',') {
        Some((key, default)) => (key.trim(), Some(parse_default(default.trim())?)),
        None => (trimmed, None),
    };
    if key.is_empty() || key.contains(char::is_whitespace) {
        return None;
    }
    Some(Body::Key { key, default })
}

/// Reads `'text'` with `''` as an escaped quote.
fn parse_default(quoted: &str) -> Option<String> {
    let inner = quoted.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            // Inside the quotes a quote must be doubled.
            if chars.next() != Some('\'') {
                return None;
            }
        }
        out.push(c);
    }
    Some(out)
}

/// The value of `key` usable as a variable: present and single-valued (a list of exactly one
/// value counts as single-valued).
fn resolve<'c>(key: &str, context: &'c Context) -> Option<&'c str> {
    match context.get(key)? {
        ContextValue::Single(v) => Some(v),
        ContextValue::Multi(vs) => match vs.as_slice() {
            [one] => Some(one),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        let mut c = Context::new();
        c.set("aws:username", "alice");
        c.set("aws:PrincipalTag/team", "blue");
        c.insert(
            "aws:TagKeys",
            ContextValue::Multi(vec!["a".into(), "b".into()]),
            crate::request::ContextSource::Given,
        );
        c
    }

    fn check(text: &str, expected: &str, missing: &[&str]) {
        let s = substitute_variables(text, &context());
        assert_eq!(s.text, expected, "substitute_variables({text:?})");
        assert_eq!(s.missing, missing, "missing keys of {text:?}");
    }

    #[test]
    fn table() {
        check("plain", "plain", &[]);
        check("${aws:username}", "alice", &[]);
        check("home/${aws:username}/*", "home/alice/*", &[]);
        check("${AWS:UserName}", "alice", &[]);
        check("${ aws:username }", "alice", &[]);
        check("${aws:PrincipalTag/team}", "blue", &[]);
        check("${aws:userid}", "${aws:userid}", &["aws:userid"]);
        check("${aws:userid, 'nobody'}", "nobody", &[]);
        check("${aws:userid,'nobody'}", "nobody", &[]);
        check("${aws:username, 'nobody'}", "alice", &[]);
        check("${aws:userid, 'it''s'}", "it's", &[]);
        check("${aws:userid, 'a}b'}", "a}b", &[]);
        check("${aws:userid, ''}", "", &[]);
        check("${aws:userid, '${aws:username}'}", "${aws:username}", &[]);
        check("${*}${?}${$}", "*?$", &[]);
        check("a${", "a${", &[]);
        check("${aws:username", "${aws:username", &[]);
        check("${}", "${}", &[]);
        check("${aws:userid, nobody}", "${aws:userid, nobody}", &[]);
        check("$${aws:username}}", "$alice}", &[]);
        check("é${aws:username}é", "éaliceé", &[]);
    }

    #[test]
    fn multivalued_key_cannot_be_a_variable() {
        check("${aws:TagKeys}", "${aws:TagKeys}", &["aws:TagKeys"]);
        check("${aws:TagKeys, 'x'}", "x", &[]);
    }

    #[test]
    fn escaped_wildcards_stay_literal_in_patterns() {
        let p = substitute_pattern("a${*}b*", &context());
        assert!(p.pattern.matches("a*bzzz", false));
        assert!(!p.pattern.matches("aXbzzz", false));
        assert_eq!(p.text, "a*b*");
    }

    #[test]
    fn substituted_values_are_literal_in_patterns() {
        let mut c = Context::new();
        c.set("aws:PrincipalTag/p", "x*");
        let p = substitute_pattern("${aws:PrincipalTag/p}", &c);
        assert!(p.pattern.matches("x*", false));
        assert!(!p.pattern.matches("xyz", false));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "[${}*?$',a ]{0,24}") {
            let _ = substitute_variables(&text, &context());
            let _ = substitute_pattern(&text, &context());
        }
    }
}
