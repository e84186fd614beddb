//! Byte spans into the text the user typed.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into the source text of a document.
///
/// Every diagnostic and every explanation step points at the user's text through a span, so
/// that the editor can underline the exact place.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Makes a span from `start` to `end`, swapping them if they are reversed.
    #[must_use]
    pub const fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Self { start, end }
        } else {
            Self {
                start: end,
                end: start,
            }
        }
    }

    /// The number of bytes covered.
    #[must_use]
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span that covers both `self` and `other`.
    #[must_use]
    pub fn join(self, other: Self) -> Self {
        Self::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The first byte of the span (empty when the span is): where a missing member of an
    /// object is reported, at its `{`.
    #[must_use]
    pub const fn opening(self) -> Self {
        Self::new(self.start, {
            let next = self.start.saturating_add(1);
            if next < self.end { next } else { self.end }
        })
    }

    /// Moves the span `offset` bytes to the right (used when a document is embedded in a larger text).
    #[must_use]
    pub const fn shifted(self, offset: usize) -> Self {
        Self {
            start: self.start + offset,
            end: self.end + offset,
        }
    }
}

/// A value together with the span of text it came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs `value` with `span`.
    pub const fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}
