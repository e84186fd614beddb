//! A quick reading of a line's JSON structure: where the object's members, the lists and their
//! values begin and end, without decoding or checking the values themselves.
//!
//! Why: serde_json checks every token of a policy while looking for its end, and policy texts
//! are most of a line; the policies are then parsed (or found in the cache) anyway. This cursor
//! only finds the ends. It never decides what a line means: whoever uses it checks each value it
//! returns as serde_json would (`input.rs`), and anything unusual (an escaped key, a value of
//! another shape) makes it give up, so that the line is read by serde_json as before.

/// The length of a value known to start a text, if it is known (see
/// `PolicyCache::known_end`).
pub(super) type Known<'k> = &'k mut dyn FnMut(&str) -> Option<usize>;

/// A position in a line's text.
#[derive(Debug)]
pub(super) struct Cursor<'l> {
    text: &'l str,
    at: usize,
}

impl<'l> Cursor<'l> {
    pub(super) fn new(text: &'l str) -> Self {
        Self { text, at: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Skips JSON whitespace.
    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Eats `byte` (after whitespace) when it comes next.
    pub(super) fn eat(&mut self, byte: u8) -> bool {
        self.skip_whitespace();
        let next = self.peek() == Some(byte);
        if next {
            self.at += 1;
        }
        next
    }

    /// Whether only whitespace is left.
    pub(super) fn at_end(&mut self) -> bool {
        self.skip_whitespace();
        self.at == self.text.len()
    }

    /// A member's key and its colon: a string without escapes (a key with escapes is read by
    /// serde_json).
    pub(super) fn key(&mut self) -> Option<&'l str> {
        if !self.eat(b'"') {
            return None;
        }
        let start = self.at;
        let end = string_end(self.text.as_bytes(), start)?;
        let key = self.text.get(start..end.checked_sub(1)?)?;
        self.at = end;
        (!key.contains('\\') && self.eat(b':')).then_some(key)
    }

    /// The text of the next value (not checked: see the module's documentation).
    pub(super) fn value(&mut self) -> Option<&'l str> {
        self.skip_whitespace();
        let start = self.at;
        if !matches!(
            self.peek()?,
            b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'
        ) {
            return None;
        }
        let end = value_end(self.text.as_bytes(), start)?;
        let value = self.text.get(start..end)?;
        self.at = end;
        Some(value)
    }

    /// A policy: where `known` gives the length of a value starting at the cursor (a text
    /// serde_json has read, which the line repeats), that; else the value scanned.
    pub(super) fn policy(&mut self, known: Known<'_>) -> Option<&'l str> {
        self.skip_whitespace();
        let rest = self.text.get(self.at..)?;
        match known(rest).and_then(|len| rest.get(..len)) {
            Some(value) => {
                self.at += value.len();
                Some(value)
            }
            None => self.value(),
        }
    }

    /// A list of policies, `[a, b]`, as their texts; `null` is no list.
    pub(super) fn list(&mut self, known: Known<'_>) -> Option<Option<Vec<&'l str>>> {
        self.list_of(|c| c.policy(&mut *known))
    }

    /// A list of lists of policies, `[[a], []]`; `null` is no list.
    pub(super) fn levels(&mut self, known: Known<'_>) -> Option<Option<Vec<Vec<&'l str>>>> {
        self.list_of(|c| c.list_of(|c| c.policy(&mut *known)).flatten())
    }

    fn list_of<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Option<Vec<T>>> {
        self.skip_whitespace();
        if self.text.get(self.at..)?.starts_with("null") {
            return (self.value()? == "null").then_some(None);
        }
        if !self.eat(b'[') {
            return None;
        }
        let mut items = Vec::new();
        if self.eat(b']') {
            return Some(Some(items));
        }
        loop {
            items.push(item(self)?);
            if !self.eat(b',') {
                return self.eat(b']').then_some(Some(items));
            }
        }
    }
}

/// The end (exclusive) of the string whose text starts at `at` (after its opening quote).
fn string_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        // Eight bytes at a time up to the next quote or backslash.
        while let Some(word) = bytes
            .get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        {
            let found = has(word, b'"') | has(word, b'\\');
            if found != 0 {
                at += found.trailing_zeros() as usize / 8;
                break;
            }
            at += 8;
        }
        match bytes.get(at)? {
            b'"' => return Some(at + 1),
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
}

/// The bytes of `word` equal to `byte`: the high bit of each such byte is set, and no bit below
/// the first one (the lowest set bit is the first such byte).
fn has(word: [u8; 8], byte: u8) -> u64 {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    let x = u64::from_le_bytes(word) ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The end (exclusive) of the value starting at `start`: the bracket that closes it (skipping
/// strings), or for a scalar the next delimiter.
fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    while let Some(byte) = bytes.get(at) {
        match byte {
            b'"' => {
                at = string_end(bytes, at + 1)?;
                if depth == 0 {
                    return Some(at);
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return Some(at),
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            b',' | b':' | b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => return Some(at),
            _ => {}
        }
        at += 1;
    }
    (depth == 0).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Option<Vec<&str>> {
        let mut cursor = Cursor::new(text);
        let mut found = Vec::new();
        if !cursor.eat(b'{') {
            return None;
        }
        loop {
            found.push(cursor.key()?);
            found.push(cursor.value()?);
            if !cursor.eat(b',') {
                return (cursor.eat(b'}') && cursor.at_end()).then_some(found);
            }
        }
    }

    #[test]
    fn a_value_ends_at_its_closing_bracket_whatever_its_strings_hold() {
        assert_eq!(
            values(r#" { "a" : {"x":"}\"]"} , "b":[1, "]"],"c":-1.5e3,"d":"\\"}  "#),
            Some(vec![
                "a",
                r#"{"x":"}\"]"}"#,
                "b",
                r#"[1, "]"]"#,
                "c",
                "-1.5e3",
                "d",
                r#""\\""#
            ])
        );
    }

    #[test]
    fn a_key_with_escapes_or_an_unfinished_value_gives_up() {
        assert_eq!(values(r#"{"\u0069d":1}"#), None);
        assert_eq!(values(r#"{"a":{"b":"c"}"#), None);
        assert_eq!(values(r#"{"a":"b}"#), None);
        assert_eq!(values(r#"{"a":,"b":1}"#), None);
    }

    #[test]
    fn a_string_ends_at_its_first_unescaped_quote_wherever_it_is() {
        for n in 0..20 {
            let text = format!(r#""{}\"{}\\" ,"#, "a".repeat(n), "é".repeat(n));
            assert_eq!(Cursor::new(&text).value(), text.get(..text.len() - 2));
        }
    }

    #[test]
    fn lists_and_levels_are_read_item_by_item() {
        let mut cursor = Cursor::new(r#"[{"a":[1]} , "{}" ] [[{}],[]] null [1,]"#);
        let none: Known<'_> = &mut |_| None;
        assert_eq!(
            cursor.list(&mut *none),
            Some(Some(vec![r#"{"a":[1]}"#, r#""{}""#]))
        );
        assert_eq!(
            cursor.levels(&mut *none),
            Some(Some(vec![vec!["{}"], vec![]]))
        );
        assert_eq!(cursor.list(&mut *none), Some(None));
        assert_eq!(cursor.list(none), None);
    }

    #[test]
    fn a_known_policy_is_taken_at_its_length() {
        let mut cursor = Cursor::new(r#"[{"a":"}"}, {"b":1}]"#);
        let known: Known<'_> = &mut |rest| rest.starts_with(r#"{"a""#).then_some(9);
        assert_eq!(
            cursor.list(known),
            Some(Some(vec![r#"{"a":"}"}"#, r#"{"b":1}"#]))
        );
    }
}
