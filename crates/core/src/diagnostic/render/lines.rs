//! Line and column lookups that stay fast on huge texts with many diagnostics.
//!
//! A minified policy is one long line, and hostile input can produce a diagnostic every few
//! bytes. Scanning from the start of the text for each diagnostic would then be quadratic, so
//! [`LineIndex`] records where lines start and how many characters precede every
//! [`CHUNK`]-byte checkpoint; a lookup is a binary search plus a scan of at most one chunk.

use serde::Serialize;

use crate::diagnostic::Diagnostic;

/// A diagnostic with the line and column of its span, the JSON form of `rolecall lint
/// --format json` and of the warnings of `rolecall eval --format json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Located<'d> {
    /// The diagnostic (its fields are written inline).
    #[serde(flatten)]
    pub diagnostic: &'d Diagnostic,
    /// The line of the start of its span, from 1.
    pub line: usize,
    /// The column of the start, in characters, from 1.
    pub column: usize,
    /// The line of the end.
    pub end_line: usize,
    /// The column of the end.
    pub end_column: usize,
}

impl<'d> Located<'d> {
    /// Locates `diagnostic` in the text that `index` was built from.
    #[must_use]
    pub fn new(diagnostic: &'d Diagnostic, index: &LineIndex<'_>) -> Self {
        let at = index.line_col(diagnostic.span().start);
        let end = index.line_col(diagnostic.span().end);
        Self {
            diagnostic,
            line: at.line,
            column: at.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

/// Where a byte offset is: 1-based line and 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
}

/// The distance between character-count checkpoints.
const CHUNK: usize = 256;

/// The largest character boundary of `text` at or before `offset`.
pub(super) fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The line and column of the byte `offset` in `source` (clamped to the text).
///
/// For many lookups in one text, build a [`LineIndex`] once instead.
#[must_use]
pub fn line_col(source: &str, offset: usize) -> LineCol {
    let offset = floor_boundary(source, offset);
    let before = source.get(..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    LineCol {
        line: before.matches('\n').count() + 1,
        column: before.get(line_start..).map_or(0, |s| s.chars().count()) + 1,
    }
}

/// An index of a text's lines for fast [`LineIndex::line_col`] lookups.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset where each line starts; the first is 0.
    line_starts: Vec<usize>,
    /// The number of characters before byte `k * CHUNK`, for every `k`.
    checkpoints: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` (one pass).
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut checkpoints = Vec::with_capacity(bytes.len() / CHUNK + 1);
        let mut chars = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if i % CHUNK == 0 {
                checkpoints.push(chars);
            }
            if b & 0xC0 != 0x80 {
                chars += 1;
            }
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        Self {
            text,
            line_starts,
            checkpoints,
        }
    }

    /// The indexed text.
    #[must_use]
    pub const fn text(&self) -> &'a str {
        self.text
    }

    /// The number of characters before the byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        // The text's end may lie past the last checkpoint.
        let chunk = (offset / CHUNK).min(self.checkpoints.len().saturating_sub(1));
        let base = self.checkpoints.get(chunk).copied().unwrap_or(0);
        let from = (chunk * CHUNK).min(offset);
        let scanned = self
            .text
            .as_bytes()
            .get(from..offset)
            .map_or(0, |s| s.iter().filter(|&&b| b & 0xC0 != 0x80).count());
        base + scanned
    }

    /// The 0-based line that holds the byte `offset`.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The byte range of the 0-based `line`, without its line break.
    pub(super) fn line_bounds(&self, line: usize) -> (usize, usize) {
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next.saturating_sub(1));
        let end = if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        (start, end.max(start))
    }

    /// The line and column of the byte `offset` (clamped to the text and to a character
    /// boundary). Agrees with [`line_col`].
    #[must_use]
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_boundary(self.text, offset);
        let line = self.line_of(offset);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        LineCol {
            line: line + 1,
            column: self
                .chars_before(offset)
                .saturating_sub(self.chars_before(start))
                + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{LineCol, LineIndex, line_col};

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_col("abc", 0), LineCol { line: 1, column: 1 });
        assert_eq!(line_col("ab\ncd", 4), LineCol { line: 2, column: 2 });
        assert_eq!(line_col("é\"x\"", 3), LineCol { line: 1, column: 3 });
        assert_eq!(line_col("é", 1), LineCol { line: 1, column: 1 });
        assert_eq!(line_col("ab", 99), LineCol { line: 1, column: 3 });
    }

    #[test]
    fn line_bounds_exclude_line_breaks() {
        let index = LineIndex::new("ab\r\ncd\n\nlast");
        assert_eq!(index.line_bounds(0), (0, 2));
        assert_eq!(index.line_bounds(1), (4, 6));
        assert_eq!(index.line_bounds(2), (7, 7));
        assert_eq!(index.line_bounds(3), (8, 12));
    }

    proptest! {
        #[test]
        fn the_index_agrees_with_the_scan(text in "[a-zé😀\t\r\n ]{0,600}", offset in 0usize..700) {
            let index = LineIndex::new(&text);
            prop_assert_eq!(index.line_col(offset), line_col(&text, offset));
        }
    }
}
