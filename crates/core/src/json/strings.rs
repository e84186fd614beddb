//! Lexing of strings (with every escape) and numbers (kept as text).

use super::reader::Reader;
use crate::diagnostic::json as diag;
use crate::span::Span;

impl Reader<'_> {
    /// Reads a string starting at the opening `"`. Returns `None` (and stops the reader) when
    /// the string is not closed on its line.
    pub(super) fn string(&mut self) -> Option<String> {
        let open = self.pos;
        self.pos += 1;
        let run_start = self.pos;
        // Fast path: no escape and no control character, one copy.
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'"' => {
                    let s = self.text.get(run_start..self.pos).unwrap_or("").to_owned();
                    self.pos += 1;
                    return Some(s);
                }
                b'\\' | 0..=0x1f => break,
                _ => self.pos += 1,
            }
        }
        let mut out = String::from(self.text.get(run_start..self.pos).unwrap_or(""));
        loop {
            let run = self.pos;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.pos += 1;
            }
            out.push_str(self.text.get(run..self.pos).unwrap_or(""));
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Some(out);
                }
                Some(b'\\') => self.escape(&mut out),
                Some(b'\n' | b'\r') | None => {
                    self.diagnostics
                        .push(diag::unterminated_string(Span::new(open, open + 1)));
                    self.fatal = true;
                    return None;
                }
                Some(c) => {
                    let span = Span::new(self.pos, self.pos + 1);
                    self.error(diag::control_character(char::from(c), span));
                    out.push(char::from(c));
                    self.pos += 1;
                }
            }
        }
    }

    /// Decodes the escape at the current `\` into `out`.
    fn escape(&mut self, out: &mut String) {
        let start = self.pos;
        self.pos += 1;
        let Some(c) = self.peek() else { return };
        let simple = match c {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            self.pos += 1;
            return;
        }
        if c == b'u' {
            self.pos += 1;
            let Some(high) = self.hex4() else {
                self.error(diag::invalid_unicode_escape(Span::new(start, self.pos)));
                return;
            };
            let code = match high {
                0xD800..=0xDBFF => {
                    let next = self.pos;
                    let low = if self.bytes.get(next) == Some(&b'\\')
                        && self.bytes.get(next + 1) == Some(&b'u')
                    {
                        self.pos += 2;
                        match self.hex4() {
                            Some(low @ 0xDC00..=0xDFFF) => Some(low),
                            _ => {
                                self.pos = next;
                                None
                            }
                        }
                    } else {
                        None
                    };
                    match low {
                        Some(low) => 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00),
                        None => {
                            self.error(diag::lone_surrogate(Span::new(start, next)));
                            0xFFFD
                        }
                    }
                }
                0xDC00..=0xDFFF => {
                    self.error(diag::lone_surrogate(Span::new(start, self.pos)));
                    0xFFFD
                }
                other => other,
            };
            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
            return;
        }
        // An unknown escape: keep the character so that the value stays close to the text.
        let span = self.char_span();
        let len = span.len();
        let escape = self.text.get(start..self.pos + len).unwrap_or("\\");
        self.error(diag::invalid_escape(
            escape,
            Span::new(start, self.pos + len),
        ));
        if let Some(ch) = self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            if ch != '\n' && ch != '\r' {
                out.push(ch);
                self.pos += len;
            }
        }
    }

    /// Reads four hexadecimal digits; on failure the position is past the digits read.
    fn hex4(&mut self) -> Option<u32> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| char::from(b).to_digit(16))?;
            code = code * 16 + digit;
            self.pos += 1;
        }
        Some(code)
    }

    /// Reads a number and returns its text. A malformed number is reported and kept as written.
    pub(super) fn number(&mut self) -> String {
        let start = self.pos;
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))
        {
            self.pos += 1;
        }
        let text = self.text.get(start..self.pos).unwrap_or("");
        if !is_json_number(text.as_bytes()) {
            self.error(diag::invalid_number(text, Span::new(start, self.pos)));
        }
        text.to_owned()
    }
}

/// Whether `s` follows the JSON number grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_json_number(s: &[u8]) -> bool {
    let mut i = 0;
    let at = |i: usize| s.get(i).copied();
    if at(i) == Some(b'-') {
        i += 1;
    }
    match at(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while matches!(at(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        _ => return false,
    }
    if at(i) == Some(b'.') {
        i += 1;
        if !matches!(at(i), Some(b'0'..=b'9')) {
            return false;
        }
        while matches!(at(i), Some(b'0'..=b'9')) {
            i += 1;
        }
    }
    if matches!(at(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(at(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !matches!(at(i), Some(b'0'..=b'9')) {
            return false;
        }
        while matches!(at(i), Some(b'0'..=b'9')) {
            i += 1;
        }
    }
    i == s.len()
}
