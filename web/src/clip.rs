//! How much of one value the page puts on screen.
//!
//! A value can be far longer than anything AWS accepts (a 250 KB resource in a hostile link,
//! issue 14): laid out in full, one such text node costs the browser tens of milliseconds, and
//! the explanation repeats it in every line that names it, so opening the link blocked the page
//! for over a second. The page shows the beginning and the end of a long value with the number
//! of characters left out; the editors, the file and `rolecall eval` keep the whole text.

use std::borrow::Cow;

use yew::{Html, html};

/// The most characters of one value shown as text. AWS's longest names (ARNs, up to 2,048
/// characters) fit.
pub const MAX_SHOWN: usize = 2_048;

/// The longest value edited in a text box, in bytes (8 times the longest ARN AWS accepts):
/// a longer one (a hostile link's 250 KB resource, a list of 30,000 context values) is shown
/// cut and read-only, since laying it out in a text box is a long task.
pub const MAX_EDITED: usize = 16 * 1024;

/// Characters kept from the start and from the end of a clipped value.
const HEAD: usize = 1_024;
const TAIL: usize = 256;

/// `text` itself when it is at most [`MAX_SHOWN`] characters, else its first and last
/// characters around a note of how many were left out.
///
/// # Examples
/// A short ARN is returned as it is; a 10,000-character one is cut in the middle.
#[must_use]
pub fn clip(text: &str) -> Cow<'_, str> {
    // Cheap for the usual short value: bytes bound characters from above.
    if text.len() <= MAX_SHOWN {
        return Cow::Borrowed(text);
    }
    let chars = text.chars().count();
    if chars <= MAX_SHOWN {
        return Cow::Borrowed(text);
    }
    let head_end = text.char_indices().nth(HEAD).map_or(text.len(), |(i, _)| i);
    // From the end: walking a 250 KB value from its start took milliseconds per call, and the
    // page clips the same value in several places on every render (issue 14).
    let tail_start = text
        .char_indices()
        .rev()
        .nth(TAIL - 1)
        .map_or(text.len(), |(i, _)| i);
    let left_out = chars - HEAD - TAIL;
    Cow::Owned(format!(
        "{}…[{left_out} more characters]…{}",
        text.get(..head_end).unwrap_or_default(),
        text.get(tail_start..).unwrap_or_default()
    ))
}

/// Shows the core's sentences with their backtick-quoted parts (user input: names, ARNs,
/// patterns) as code. The text is never parsed as HTML.
pub fn quoted(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ clip(part).into_owned() }</code> }
            } else {
                html! { { clip(part).into_owned() } }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_aws_accepts_is_shown_whole() {
        let arn = format!("arn:aws:s3:::b/{}", "k".repeat(MAX_SHOWN - 15));
        assert_eq!(clip(&arn), arn.as_str());
        // Multi-byte characters count as one each.
        let wide = "é".repeat(MAX_SHOWN);
        assert_eq!(clip(&wide), wide.as_str());
    }

    #[test]
    fn a_longer_value_keeps_its_start_and_end_and_says_how_much_is_left_out() {
        let text = format!(
            "{}{}{}",
            "a".repeat(HEAD),
            "é".repeat(200_000),
            "z".repeat(TAIL)
        );
        let shown = clip(&text);
        assert!(shown.starts_with(&"a".repeat(HEAD)), "{}", &shown[..50]);
        assert!(shown.ends_with(&"z".repeat(TAIL)));
        assert!(shown.contains("…[200000 more characters]…"));
        assert!(shown.chars().count() < MAX_SHOWN);
    }
}
