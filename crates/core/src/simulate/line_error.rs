//! Why a `rolecall simulate` line cannot be evaluated: the typed [`LineError`] (a message and a
//! byte offset in the line) and the messages, in Rolecall's words, for a line that serde_json
//! cannot read as a request object.

use serde_json::error::Category;
use serde_json::value::RawValue;

use crate::diagnostic::render::line_col;

/// Why a line cannot be evaluated, and where (a byte offset in the line, when there is one).
/// `Display` gives the message alone; [`LineError::render`] adds its place.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LineError {
    message: String,
    at: Option<usize>,
}

impl LineError {
    pub(super) fn new(message: impl Into<String>, at: Option<usize>) -> Self {
        Self {
            message: message.into(),
            at,
        }
    }

    /// The byte offset in the line that the message is about, when there is one.
    #[must_use]
    pub fn offset(&self) -> Option<usize> {
        self.at
    }

    /// The message with its location in `line`: `(line N, column C)`, the column counted in
    /// characters within the line. Without a line number only the column is given.
    #[must_use]
    pub fn render(&self, line: &str, line_number: Option<usize>) -> String {
        let column = self.at.map(|at| line_col(line, at).column);
        match (line_number, column) {
            (Some(n), Some(c)) => format!("{} (line {n}, column {c})", self.message),
            (Some(n), None) => format!("{} (line {n})", self.message),
            (None, Some(c)) => format!("{} (column {c})", self.message),
            (None, None) => self.message.clone(),
        }
    }
}

/// The byte offset of `raw` in `line` (`raw` is a slice of it).
pub(super) fn offset(line: &str, raw: &RawValue) -> usize {
    text_offset(line, raw.get())
}

/// The byte offset of `text` in `line` (`text` is a slice of it).
pub(super) fn text_offset(line: &str, text: &str) -> usize {
    (text.as_ptr() as usize).saturating_sub(line.as_ptr() as usize)
}

/// A clear message for a line that does not read as an object with known fields.
pub(super) fn envelope_error(line: &str, error: &serde_json::Error) -> LineError {
    // serde_json counts columns in bytes from 1; a line has no newline, so this is an offset.
    let at = (error.line() == 1).then(|| error.column().saturating_sub(1));
    let text = without_position(error);
    let text = text.as_str();
    // serde_json reports a misspelt `true`, `false` or `null` after the word: point at it.
    let at = match at {
        Some(end) if text == "expected ident" => {
            let before = line.get(..end).unwrap_or_default();
            Some(
                before
                    .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                    .len(),
            )
        }
        at => at,
    };
    let message = match error.classify() {
        Category::Data => {
            // `unknown field `x`, expected one of ...`: the list is long and in the help.
            let message = text.split(", expected").next().unwrap_or(text);
            // Point at the key rather than after it.
            let key = message
                .split('`')
                .nth(1)
                .and_then(|name| line.get(..at? + 1)?.rfind(&format!("\"{name}\"")));
            return LineError::new(message, key.or(at));
        }
        Category::Eof => "invalid JSON: the line ends before the JSON value does".to_owned(),
        Category::Syntax | Category::Io => format!("invalid JSON: {}", syntax_message(text)),
    };
    LineError::new(message, at)
}

/// serde_json's message without its trailing " at line L column C" (the caller reports the
/// position its own way).
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text.get(..at).unwrap_or(&text).to_owned(),
        None => text,
    }
}

/// serde_json's syntax messages in Rolecall's words (the others are already plain).
fn syntax_message(text: &str) -> &str {
    match text {
        "expected ident" | "expected value" => "expected a value",
        "key must be a string" => "expected a key in double quotes",
        "trailing characters" => "unexpected text after the request object",
        "recursion limit exceeded" => "the value is nested too deeply",
        t if t.contains("surrogate") => "a string is not valid Unicode (lone surrogate)",
        t if t.starts_with("control character") => "a control character in a string",
        t => t,
    }
}
