//! The recursive-descent reader: values, arrays, objects, whitespace and comments.

use std::collections::HashMap;

use super::{MAX_DEPTH, Member, Parsed, Value, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::json::{self as diag, Found};
use crate::span::{Span, Spanned};

/// Objects with more members than this get a hash index for the duplicate-key check.
const LINEAR_DUPLICATE_SCAN: usize = 12;

pub(super) fn parse(text: &str) -> Parsed {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        fatal: false,
        diagnostics: Vec::new(),
    };
    // A UTF-8 byte order mark, which some editors write, is not part of the document.
    if text.starts_with('\u{feff}') {
        reader.pos = '\u{feff}'.len_utf8();
    }
    reader.skip_trivia();
    let value = reader.value(0);
    if !reader.fatal {
        reader.skip_trivia();
        if reader.pos < reader.bytes.len() {
            let end = text.trim_end().len().max(reader.pos);
            reader
                .diagnostics
                .push(diag::trailing_characters(Span::new(reader.pos, end)));
        }
    }
    Parsed {
        value,
        diagnostics: reader.diagnostics,
        complete: !reader.fatal,
    }
}

pub(super) struct Reader<'a> {
    pub(super) text: &'a str,
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
    /// Set when the reader cannot go on; every open container then returns what it has.
    pub(super) fatal: bool,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// What differs between reading an array and reading an object.
struct Container {
    /// `array` or `object`, for messages.
    name: &'static str,
    /// The closing bracket.
    close: u8,
    /// What may follow an item, for messages.
    expected: &'static str,
    /// Whether a byte can start the next item (then a missing comma is reported and reading
    /// goes on).
    starts_item: fn(u8) -> bool,
}

const ARRAY: Container = Container {
    name: "array",
    close: b']',
    expected: "`,` or `]`",
    starts_item: |b| matches!(b, b'"' | b'{' | b'[' | b'-' | b'0'..=b'9'),
};

const OBJECT: Container = Container {
    name: "object",
    close: b'}',
    expected: "`,` or `}`",
    starts_item: |b| b == b'"',
};

impl Reader<'_> {
    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// What is at the current position, for messages.
    pub(super) fn found(&self) -> Found {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
            .map_or(Found::End, Found::Char)
    }

    /// The span of the character at the current position (empty at the end of the text).
    pub(super) fn char_span(&self) -> Span {
        let len = self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        Span::new(self.pos, self.pos + len)
    }

    pub(super) fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn fail(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
        self.fatal = true;
    }

    /// Skips whitespace, and comments (which are reported).
    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') => match self.bytes.get(self.pos + 1) {
                    Some(b'/') => {
                        let start = self.pos;
                        while !matches!(self.peek(), None | Some(b'\n')) {
                            self.pos += 1;
                        }
                        let end = start + trimmed_len(self.text, start, self.pos);
                        self.error(diag::comment(Span::new(start, end)));
                    }
                    Some(b'*') => {
                        let start = self.pos;
                        let rest = self.text.get(start + 2..).unwrap_or("");
                        if let Some(close) = rest.find("*/") {
                            self.pos = start + 2 + close + 2;
                            self.error(diag::comment(Span::new(start, self.pos)));
                        } else {
                            self.pos = self.bytes.len();
                            self.fail(diag::unterminated_comment(Span::new(start, start + 2)));
                            return;
                        }
                    }
                    _ => return,
                },
                _ => return,
            }
        }
    }

    /// Reads one value; `depth` is the number of containers around it.
    fn value(&mut self, depth: usize) -> Option<Value> {
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'{') => return self.object(depth + 1),
            Some(b'[') => return self.array(depth + 1),
            Some(b'"') => ValueKind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => ValueKind::Number(self.number()),
            Some(b'\'') => {
                let span = self.char_span();
                self.fail(diag::single_quotes(span));
                return None;
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => self.word()?,
            _ => {
                let span = self.char_span();
                let found = self.found();
                self.fail(diag::expected("a json value", found, span));
                return None;
            }
        };
        Some(Value {
            kind,
            span: Span::new(start, self.pos),
        })
    }

    /// Reads `true`, `false` or `null`; any other word is an error.
    fn word(&mut self) -> Option<ValueKind> {
        let start = self.pos;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_') {
            self.pos += 1;
        }
        let word = self.text.get(start..self.pos).unwrap_or("");
        match word {
            "true" => Some(ValueKind::Bool(true)),
            "false" => Some(ValueKind::Bool(false)),
            "null" => Some(ValueKind::Null),
            _ => {
                self.fail(diag::unknown_word(word, Span::new(start, self.pos)));
                None
            }
        }
    }

    fn too_deep(&mut self, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            let span = self.char_span();
            self.fail(diag::too_deep(MAX_DEPTH, span));
            true
        } else {
            false
        }
    }

    /// Reads an array or an object (`container`) from its opening bracket: its items, each
    /// read by `item` (given the items before it), until the closing bracket, the end of the
    /// text or a fatal error; and its span.
    fn items<T>(
        &mut self,
        depth: usize,
        container: &Container,
        mut item: impl FnMut(&mut Self, &[T]) -> Option<T>,
    ) -> Option<(Vec<T>, Span)> {
        if self.too_deep(depth) {
            return None;
        }
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_trivia();
        if self.peek() == Some(container.close) {
            self.pos += 1;
        } else {
            loop {
                if self.fatal {
                    break;
                }
                if self.peek().is_none() {
                    self.unclosed(container.name, char::from(container.close), start);
                    break;
                }
                match item(self, &items) {
                    Some(next) => items.push(next),
                    None => break,
                }
                if self.fatal {
                    break;
                }
                if !self.after_item(container, start) {
                    break;
                }
            }
        }
        Some((items, Span::new(start, self.pos)))
    }

    fn array(&mut self, depth: usize) -> Option<Value> {
        let (items, span) = self.items(depth, &ARRAY, |r, _| r.value(depth))?;
        Some(Value {
            kind: ValueKind::Array(items),
            span,
        })
    }

    fn object(&mut self, depth: usize) -> Option<Value> {
        let mut index: Option<HashMap<String, usize>> = None;
        let (members, span) = self.items(depth, &OBJECT, |r, members| {
            r.member(depth, members, &mut index)
        })?;
        Some(Value {
            kind: ValueKind::Object(members),
            span,
        })
    }

    /// One member of an object: its key, `:` and value; `members` are those before it (a
    /// duplicate key is reported).
    fn member(
        &mut self,
        depth: usize,
        members: &[Member],
        index: &mut Option<HashMap<String, usize>>,
    ) -> Option<Member> {
        if self.peek() != Some(b'"') {
            let (found, span) = (self.found(), self.char_span());
            self.fail(diag::expected("a string key", found, span));
            return None;
        }
        let key_start = self.pos;
        let key = self.string()?;
        let key = Spanned::new(key, Span::new(key_start, self.pos));
        self.skip_trivia();
        if self.peek() == Some(b':') {
            self.pos += 1;
        } else {
            let (found, span) = (self.found(), self.char_span());
            self.fail(diag::expected("`:` after the key", found, span));
            return None;
        }
        self.skip_trivia();
        if self.peek().is_none() {
            let span = self.char_span();
            self.fail(diag::expected("a json value", Found::End, span));
            return None;
        }
        let value = self.value(depth)?;
        self.check_duplicate(members, index, &key);
        Some(Member { key, value })
    }

    /// Reads what follows an item of an array or a member of an object: a comma (reporting a
    /// trailing one), the closing bracket, or a missing comma before something that can start
    /// the next item. Returns whether another item follows.
    fn after_item(&mut self, container: &Container, start: usize) -> bool {
        self.skip_trivia();
        match self.peek() {
            Some(b',') => {
                let comma = self.pos;
                self.pos += 1;
                self.skip_trivia();
                if self.peek() == Some(container.close) {
                    self.error(diag::trailing_comma(Span::new(comma, comma + 1)));
                    self.pos += 1;
                    return false;
                }
                true
            }
            Some(b) if b == container.close => {
                self.pos += 1;
                false
            }
            None => {
                self.unclosed(container.name, char::from(container.close), start);
                false
            }
            Some(b) if (container.starts_item)(b) => {
                let span = self.char_span();
                self.error(diag::missing_comma(span));
                true
            }
            Some(_) => {
                let (found, span) = (self.found(), self.char_span());
                self.fail(diag::expected(container.expected, found, span));
                false
            }
        }
    }

    fn unclosed(&mut self, what: &str, close: char, open: usize) {
        let end = Span::new(self.bytes.len(), self.bytes.len());
        self.fail(diag::unclosed(what, close, end, Span::new(open, open + 1)));
    }

    /// Reports `key` if `members` already has it. Small objects are scanned; large ones get an
    /// index so that hostile input with many keys stays linear.
    fn check_duplicate(
        &mut self,
        members: &[Member],
        index: &mut Option<HashMap<String, usize>>,
        key: &Spanned<String>,
    ) {
        let first = if members.len() < LINEAR_DUPLICATE_SCAN {
            members.iter().find(|m| m.key.value == key.value)
        } else {
            let map = index.get_or_insert_with(|| {
                let mut map = HashMap::new();
                for (i, m) in members.iter().enumerate() {
                    map.entry(m.key.value.clone()).or_insert(i);
                }
                map
            });
            let found = map.get(&key.value).and_then(|&i| members.get(i));
            if found.is_none() {
                map.insert(key.value.clone(), members.len());
            }
            found
        };
        if let Some(first) = first {
            let d = diag::duplicate_key(&key.value, first.key.span, key.span);
            self.error(d);
        }
    }
}

/// The length of `text[start..end]` without trailing `\r` and whitespace.
fn trimmed_len(text: &str, start: usize, end: usize) -> usize {
    text.get(start..end).map_or(0, |s| s.trim_end().len())
}
