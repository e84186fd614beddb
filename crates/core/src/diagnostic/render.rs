//! Renders diagnostics as text with the source line and an underline at the span, in the style
//! of rustc and oxc:
//!
//! ```text
//! error[missing-effect]: statement has no `Effect`
//!  --> policy.json:3:5
//!   |
//! 3 |     {"Action": "s3:*", "Resource": "*"}
//!   |     ^ this statement needs `"Effect": "Allow"` or `"Effect": "Deny"`
//!   |
//!   = help: ...
//! ```
//!
//! Columns count characters, not bytes, and spans are clamped to character boundaries, so any
//! span on any text renders without panicking.

use std::fmt::Write as _;

use super::{Diagnostic, Severity};
use crate::span::Span;

mod lines;

use lines::floor_boundary;
pub use lines::{LineCol, LineIndex, Located, line_col};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const CYAN: &str = "\x1b[1;36m";
const BLUE: &str = "\x1b[1;34m";

/// One source line: its number, its text (without the line break) and its byte range.
struct Line<'a> {
    number: usize,
    text: &'a str,
    start: usize,
}

/// The line that holds `offset`. An offset at the very end of a text that ends with a line
/// break is shown at the end of the last line, where the reader expects it.
fn line_at<'a>(index: &LineIndex<'a>, offset: usize) -> (Line<'a>, usize) {
    let source = index.text();
    let mut offset = floor_boundary(source, offset);
    if offset == source.len() && offset > 0 && source.ends_with('\n') {
        offset -= 1;
        if offset > 0 && source.as_bytes().get(offset - 1) == Some(&b'\r') {
            offset -= 1;
        }
    }
    let line = index.line_of(offset);
    let (start, end) = index.line_bounds(line);
    let text = source.get(start..end).unwrap_or("");
    (
        Line {
            number: line + 1,
            text,
            start,
        },
        offset,
    )
}

/// Lines wider than this are shown as a window around the first label.
const MAX_LINE_WIDTH: usize = 120;

/// The byte range of `line` to show so that the label at `anchor` is visible: the whole line
/// when it is short, otherwise about 40 characters before the anchor and 80 after.
fn line_window(line: &Line<'_>, anchor: usize) -> (usize, usize) {
    let end = line.start + line.text.len();
    if width_at_most(line.text, MAX_LINE_WIDTH) {
        return (line.start, end);
    }
    let offset = anchor.saturating_sub(line.start).min(line.text.len());
    let before = line.text.get(..offset).unwrap_or("");
    let back: usize = before.chars().rev().take(40).map(char::len_utf8).sum();
    let from = line.start + offset - back;
    let rest = line.text.get(from - line.start..).unwrap_or("");
    let forward: usize = rest.chars().take(MAX_LINE_WIDTH).map(char::len_utf8).sum();
    (from, from + forward)
}

/// Whether the display width of `s` is at most `max` (looks at no more than `max` characters).
fn width_at_most(s: &str, max: usize) -> bool {
    let mut total = 0;
    for c in s.chars() {
        total += if c == '\t' { 4 } else { 1 };
        if total > max {
            return false;
        }
    }
    true
}

/// Display width of `s` with tabs expanded to four columns.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_owned()
        }
    }
}

const fn severity_name(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::Error => ("error", RED),
        Severity::Warning => ("warning", YELLOW),
        Severity::Info => ("info", CYAN),
    }
}

/// Renders `diagnostic` about `source` (the text its spans point into), naming the file
/// `file_name`; with `color`, adds ANSI colours for a terminal.
///
/// # Examples
///
/// ```
/// use rolecall_core::diagnostic::render::render;
/// use rolecall_core::{Diagnostic, Severity, Span};
///
/// let d = Diagnostic::new(Severity::Error, "invalid-effect", "invalid effect `allow`", Span::new(11, 18), "here");
/// let text = render(&d, r#"{"Effect": "allow"}"#, "p.json", false);
/// assert!(text.starts_with("error[invalid-effect]: invalid effect `allow`\n --> p.json:1:12\n"));
/// ```
#[must_use]
pub fn render(diagnostic: &Diagnostic, source: &str, file_name: &str, color: bool) -> String {
    render_indexed(diagnostic, &LineIndex::new(source), file_name, color)
}

/// Like [`render`], with a [`LineIndex`] of the source built once for many diagnostics (each
/// one then renders in time independent of the text's size).
#[must_use]
pub fn render_indexed(
    diagnostic: &Diagnostic,
    index: &LineIndex<'_>,
    file_name: &str,
    color: bool,
) -> String {
    let source = index.text();
    let style = Style { color };
    let (name, severity_color) = severity_name(diagnostic.severity);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}{}",
        style.paint(severity_color, &format!("{name}[{}]", diagnostic.code)),
        style.paint(BOLD, &format!(": {}", diagnostic.message)),
    );
    let primary = index.line_col(line_at(index, diagnostic.span().start).1);
    // Labels sorted by position, each with its line.
    let mut labels: Vec<(usize, Line<'_>, usize, usize, &str)> = diagnostic
        .labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let (line, start) = line_at(index, label.span.start);
            let end = floor_boundary(source, label.span.end.max(start));
            (i, line, start, end, label.message.as_str())
        })
        .collect();
    labels.sort_by_key(|l| (l.1.number, l.2, l.0));
    let gutter = labels
        .iter()
        .map(|l| l.1.number.to_string().len())
        .max()
        .unwrap_or(1);
    let pad = " ".repeat(gutter);
    let bar = style.paint(BLUE, "|");
    let _ = writeln!(
        out,
        "{pad}{} {file_name}:{}:{}",
        style.paint(BLUE, "-->"),
        primary.line,
        primary.column
    );
    let _ = writeln!(out, "{pad} {bar}");
    let mut previous_line: Option<usize> = None;
    let mut window = (0, 0);
    for (index, line, start, end, message) in &labels {
        if previous_line != Some(line.number) {
            if previous_line.is_some_and(|p| line.number > p + 1) {
                let _ = writeln!(out, "{}", style.paint(BLUE, "..."));
            }
            window = line_window(line, *start);
            let (from, to) = window;
            let mut shown = String::new();
            if from > line.start {
                shown.push('…');
            }
            shown.push_str(&source.get(from..to).unwrap_or("").replace('\t', "    "));
            if to < line.start + line.text.len() {
                shown.push('…');
            }
            let number = format!("{:>gutter$}", line.number);
            let _ = writeln!(out, "{} {bar} {shown}", style.paint(BLUE, &number));
            previous_line = Some(line.number);
        }
        let (from, to) = window;
        let lead = usize::from(from > line.start);
        let start = (*start).clamp(from, to);
        let before = source.get(from..start).unwrap_or("");
        let inside = source.get(start..(*end).clamp(start, to)).unwrap_or("");
        let (mark, mark_color) = if *index == 0 {
            ('^', severity_color)
        } else {
            ('-', BLUE)
        };
        let underline: String = std::iter::repeat_n(mark, width(inside).max(1)).collect();
        let text = if message.is_empty() {
            underline
        } else {
            format!("{underline} {message}")
        };
        let _ = writeln!(
            out,
            "{pad} {bar} {}{}",
            " ".repeat(lead + width(before)),
            style.paint(mark_color, &text)
        );
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(
            out,
            "{pad} {} {}: {help}",
            style.paint(BLUE, "="),
            style.paint(BOLD, "help")
        );
    }
    out
}

/// Renders every diagnostic, separated by blank lines.
#[must_use]
pub fn render_all(
    diagnostics: &[Diagnostic],
    source: &str,
    file_name: &str,
    color: bool,
) -> String {
    let index = LineIndex::new(source);
    let rendered: Vec<String> = diagnostics
        .iter()
        .map(|d| render_indexed(d, &index, file_name, color))
        .collect();
    rendered.join("\n")
}

/// A one-line summary such as `2 errors, 1 warning`, or `no problems`.
#[must_use]
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let parts: Vec<String> = [
        (count(Severity::Error), "error"),
        (count(Severity::Warning), "warning"),
        (count(Severity::Info), "note"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| plural(n, w))
    .collect();
    if parts.is_empty() {
        "no problems".to_owned()
    } else {
        parts.join(", ")
    }
}

/// The span clamped to `source` and widened to character boundaries (for consumers that slice).
#[must_use]
pub fn clamp_span(span: Span, source: &str) -> Span {
    let start = floor_boundary(source, span.start);
    let mut end = span.end.clamp(start, source.len());
    while end < source.len() && !source.is_char_boundary(end) {
        end += 1;
    }
    Span::new(start, end)
}

#[cfg(test)]
mod tests;
