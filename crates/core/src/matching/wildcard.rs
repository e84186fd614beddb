//! Glob matching with `*` and `?`, the wildcard language of IAM policies.
//!
//! The pattern is cut at its `*`s into segments; the first must match at the start of the text,
//! the last at its end, and each one between is taken at its leftmost match after the previous
//! one (taking the leftmost match never loses a match that a later one would give). Each
//! segment is found in time linear in segment + text: a segment without `?` with the standard
//! library's substring search, one with `?` by `segment::find` (bit-parallel up to 64
//! characters, a number-theoretic transform beyond: O((segment + text) · log segment)). So a
//! whole match takes O((pattern + text) · log pattern) at worst, for every pattern: `?` in the
//! middle of segments, non-ASCII text, literal `*`/`?` from `${*}`, `${?}` or substituted
//! variable values. ASCII pattern and text (actions and almost every ARN) are matched byte by
//! byte without allocating when the text is short (see `glob_ascii`); anything else is first
//! case-folded into characters (see `glob_units`).

use std::borrow::Cow;
use std::hash::Hash;

use segment::Unit;

/// Whether `text` matches `pattern`, where `*` matches any run of characters (including none) and
/// `?` matches exactly one character. Every other character matches itself.
///
/// With `case_insensitive`, letters are compared without regard to case (full Unicode lowercase
/// mapping of single characters); otherwise characters must be identical.
///
/// # Examples
///
/// ```
/// use rolecall_core::matching::wildcard_match;
///
/// assert!(wildcard_match("s3:Get*", "s3:GetObject", false));
/// assert!(wildcard_match("s3:get?bject", "s3:GetObject", true));
/// assert!(!wildcard_match("s3:Get*", "s3:PutObject", false));
/// ```
#[must_use]
pub fn wildcard_match(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    if pattern == "*" {
        return true;
    }
    if pattern.is_ascii() && text.is_ascii() {
        return glob_ascii(pattern.as_bytes(), text.as_bytes(), case_insensitive);
    }
    // No wildcard at all: plain comparison.
    if !pattern.bytes().any(|b| b == b'*' || b == b'?') {
        return if case_insensitive {
            equal_ignoring_case(pattern, text)
        } else {
            pattern == text
        };
    }
    glob(&pattern, text, case_insensitive)
}

/// A pattern read into units: `*` (`None`) or a segment unit (a folded character or `?`).
type PatternUnit = Option<Unit<char>>;

/// [`glob`] for ASCII pattern and text, byte by byte (the usual case for actions and ARNs).
///
/// The pattern is cut at its `*`s into segments: the first must match at the start of the
/// text, the last at its end, and each one between is taken at its leftmost match after the
/// previous one (taking the leftmost match never loses a match that a later one would give).
/// A segment without `?` is found with the standard library's linear-time substring search,
/// so a hostile `*aaa…ab` against `aaa…a` costs O(pattern + text) instead of
/// O(pattern × text); a segment with `?` is compared position by position.
fn glob_ascii(pattern: &[u8], text: &[u8], case_insensitive: bool) -> bool {
    let Some(first_star) = pattern.iter().position(|&b| b == b'*') else {
        return pattern.len() == text.len() && segment_at(pattern, text, case_insensitive);
    };
    let last_star = pattern
        .iter()
        .rposition(|&b| b == b'*')
        .unwrap_or(first_star);
    let first = pattern.get(..first_star).unwrap_or_default();
    let last = pattern.get(last_star + 1..).unwrap_or_default();
    let middle = pattern.get(first_star + 1..last_star).unwrap_or_default();
    let Some(end) = text.len().checked_sub(last.len()) else {
        return false;
    };
    if end < first.len()
        || !segment_at(first, text, case_insensitive)
        || !text
            .get(end..)
            .is_some_and(|tail| segment_at(last, tail, case_insensitive))
    {
        return false;
    }
    let middles = || middle.split(|&b| b == b'*').filter(|s| !s.is_empty());
    if middles().next().is_none() {
        return true;
    }
    // A short text (every action name) is searched in place, without allocating; a long one
    // with the linear search, on lowercase copies when case does not matter.
    if text.len() <= SHORT_TEXT {
        let mut position = first.len();
        for segment in middles() {
            let window = text.get(position..end).unwrap_or_default();
            let last_start = window.len().checked_sub(segment.len());
            let found = last_start.and_then(|last_start| {
                (0..=last_start).find(|&i| {
                    window
                        .get(i..)
                        .is_some_and(|rest| segment_at(segment, rest, case_insensitive))
                })
            });
            match found {
                Some(at) => position += at + segment.len(),
                None => return false,
            }
        }
        return true;
    }
    let text = folded(text, case_insensitive);
    let mut position = first.len();
    for segment in middles() {
        let segment = folded(segment, case_insensitive);
        let segment = segment.as_ref();
        let window = text.get(position..end).unwrap_or_default();
        match find_segment(segment, window) {
            Some(at) => position += at + segment.len(),
            None => return false,
        }
    }
    true
}

/// `bytes` in lower case when matching ignores case (a copy), else as they are.
fn folded(bytes: &[u8], case_insensitive: bool) -> Cow<'_, [u8]> {
    if case_insensitive {
        Cow::Owned(bytes.to_ascii_lowercase())
    } else {
        Cow::Borrowed(bytes)
    }
}

/// Texts up to this length are searched position by position (cheap, and no allocation).
const SHORT_TEXT: usize = 256;

/// Whether `segment` (no `*`, maybe `?`) matches the start of `text`.
fn segment_at(segment: &[u8], text: &[u8], case_insensitive: bool) -> bool {
    segment.len() <= text.len()
        && segment
            .iter()
            .zip(text)
            .all(|(&p, &t)| p == b'?' || p == t || (case_insensitive && p.eq_ignore_ascii_case(&t)))
}

/// The offset of the leftmost match of `segment` (no `*`, maybe `?`) in `text`, both ASCII
/// and already in the same letter case.
fn find_segment(segment: &[u8], text: &[u8]) -> Option<usize> {
    if !segment.contains(&b'?') {
        let (Ok(needle), Ok(haystack)) = (std::str::from_utf8(segment), std::str::from_utf8(text))
        else {
            return None;
        };
        return haystack.find(needle);
    }
    let units: Vec<Unit<u8>> = segment.iter().map(|&b| (b != b'?').then_some(b)).collect();
    segment::find(&units, text)
}

/// One element of a compiled glob pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Token {
    /// A character that matches itself (also a `*` or `?` that came from `${*}`, `${?}` or from a
    /// substituted variable value, which are never wildcards).
    Literal(char),
    /// `*`: any run of characters, possibly empty.
    AnyRun,
    /// `?`: exactly one character.
    AnyOne,
}

/// A pattern whose wildcards are explicit, built by policy-variable substitution (see
/// `condition::substitute_pattern`), so that a literal `*` can be told from a wildcard.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pattern {
    /// The tokens, in order.
    pub tokens: Vec<Token>,
}

impl Pattern {
    /// The pattern in which `*` and `?` of `text` are wildcards.
    #[must_use]
    pub fn from_glob(text: &str) -> Self {
        let mut pattern = Self::default();
        pattern.push_glob(text);
        pattern
    }

    /// Appends `text`, reading `*` and `?` as wildcards.
    pub fn push_glob(&mut self, text: &str) {
        self.tokens.extend(text.chars().map(|c| match c {
            '*' => Token::AnyRun,
            '?' => Token::AnyOne,
            c => Token::Literal(c),
        }));
    }

    /// Appends `text` literally.
    pub fn push_literal(&mut self, text: &str) {
        self.tokens.extend(text.chars().map(Token::Literal));
    }

    /// Whether `text` matches the pattern.
    #[must_use]
    pub fn matches(&self, text: &str, case_insensitive: bool) -> bool {
        glob_tokens(&self.tokens, text, case_insensitive)
    }

    /// The pattern written back as text, wildcards as `*`/`?` and literal `*`, `?` and `$` as
    /// `${*}`, `${?}` and `${$}` (for explanations).
    #[must_use]
    pub fn display(&self) -> String {
        let mut out = String::with_capacity(self.tokens.len());
        for token in &self.tokens {
            match token {
                Token::AnyRun => out.push('*'),
                Token::AnyOne => out.push('?'),
                Token::Literal(c @ ('*' | '?' | '$')) => {
                    out.push_str("${");
                    out.push(*c);
                    out.push('}');
                }
                Token::Literal(c) => out.push(*c),
            }
        }
        out
    }
}

/// A source of pattern tokens addressed by position: a `&str` (where `*` and `?` are wildcards)
/// or a slice of [`Token`]s. Implemented for both so that one matcher serves both, with no
/// allocation for the common `&str` case.
pub trait PatternSource: Copy {
    /// The token at position `at` and the position of the next one.
    fn token_at(self, at: usize) -> Option<(Token, usize)>;
}

impl PatternSource for &str {
    fn token_at(self, at: usize) -> Option<(Token, usize)> {
        let c = char_at(self, at)?;
        let token = match c {
            '*' => Token::AnyRun,
            '?' => Token::AnyOne,
            c => Token::Literal(c),
        };
        Some((token, at + c.len_utf8()))
    }
}

impl PatternSource for &[Token] {
    fn token_at(self, at: usize) -> Option<(Token, usize)> {
        self.get(at).map(|t| (*t, at + 1))
    }
}

/// [`glob`] over tokens. An ASCII text is matched byte by byte by `glob_ascii` when every token
/// can be written as a glob byte (no literal `*` or `?`); anything else by `glob_units`. Both
/// are linear (see the module docs), so `StringLike` values and substituted `Resource` patterns
/// get the same worst case as plain ones.
#[must_use]
pub fn glob_tokens(tokens: &[Token], text: &str, case_insensitive: bool) -> bool {
    if text.is_ascii() {
        let bytes: Option<Vec<u8>> = tokens
            .iter()
            .map(|t| match t {
                Token::AnyRun => Some(b'*'),
                Token::AnyOne => Some(b'?'),
                Token::Literal('*' | '?') => None,
                Token::Literal(c) => u8::try_from(*c).ok().filter(u8::is_ascii),
            })
            .collect();
        if let Some(bytes) = bytes {
            return glob_ascii(&bytes, text.as_bytes(), case_insensitive);
        }
    }
    glob(&tokens, text, case_insensitive)
}

/// The matcher shared by [`wildcard_match`] and [`Pattern::matches`] for any pattern source:
/// the pattern and the text are read into case-folded units and matched by `glob_units`.
pub fn glob<P: PatternSource>(pattern: &P, text: &str, case_insensitive: bool) -> bool {
    let pattern = *pattern;
    let fold = |c: char| if case_insensitive { fold_case(c) } else { c };
    let mut units: Vec<PatternUnit> = Vec::new();
    let mut p = 0;
    while let Some((token, next)) = pattern.token_at(p) {
        units.push(match token {
            Token::AnyRun => None,
            Token::AnyOne => Some(None),
            Token::Literal(c) => Some(Some(fold(c))),
        });
        p = next;
    }
    let text: Vec<char> = text.chars().map(fold).collect();
    glob_units(&units, &text)
}

/// Matches `pattern` (units, `None` for `*`) against `text`, both already in one letter case:
/// the first segment at the start, the last at the end, each middle one leftmost-first with the
/// linear `segment::find`.
fn glob_units<C: Copy + Eq + Hash>(pattern: &[Option<Unit<C>>], text: &[C]) -> bool {
    let mut segments = pattern.split(Option::is_none).map(|segment| {
        segment
            .iter()
            .map(|u| u.unwrap_or_default())
            .collect::<Vec<Unit<C>>>()
    });
    let first = segments.next().unwrap_or_default();
    let Some(last) = segments.next_back() else {
        // No `*`: the one segment must cover the whole text.
        return first.len() == text.len() && segment::matches_at(&first, text);
    };
    let Some(end) = text.len().checked_sub(last.len()) else {
        return false;
    };
    if end < first.len()
        || !segment::matches_at(&first, text)
        || !text
            .get(end..)
            .is_some_and(|tail| segment::matches_at(&last, tail))
    {
        return false;
    }
    let mut position = first.len();
    for middle in segments.filter(|s| !s.is_empty()) {
        let window = text.get(position..end).unwrap_or_default();
        match segment::find(&middle, window) {
            Some(at) => position += at + middle.len(),
            None => return false,
        }
    }
    true
}

/// The character that stands for `c` when case does not matter: two characters are equal
/// ignoring case exactly when their folds are equal (see `chars_equal`). A character whose
/// lowercase is several characters (`İ`) is equal only to itself and stands for itself.
#[must_use]
pub fn fold_case(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Whether `a` and `b` are equal ignoring case (ASCII fast path, Unicode otherwise).
#[must_use]
pub fn equal_ignoring_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    let mut x = a.chars();
    let mut y = b.chars();
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(c), Some(d)) if chars_equal(c, d, true) => {}
            _ => return false,
        }
    }
}

/// The character starting at byte `offset` of `s`, if any.
fn char_at(s: &str, offset: usize) -> Option<char> {
    s.get(offset..).and_then(|rest| rest.chars().next())
}

/// Compares two characters, optionally without regard to case.
fn chars_equal(a: char, b: char, case_insensitive: bool) -> bool {
    if a == b {
        return true;
    }
    if !case_insensitive {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(&b);
    }
    a.to_lowercase().eq(b.to_lowercase())
}

mod segment;
#[cfg(test)]
mod tests;
