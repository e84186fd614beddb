//! Conversion between the core's UTF-8 byte offsets and the editor's UTF-16 code units.
//!
//! Why: rolecall-core reports spans as byte offsets into the Rust `String`, while CodeMirror
//! (like every JavaScript string) counts UTF-16 code units. `é` is 2 bytes but 1 unit, and `😀`
//! is 4 bytes but 2 units, so using one as the other underlines the wrong text.

/// The UTF-16 offset of byte offset `byte` in `text`. An offset inside a character is moved back
/// to the start of that character; an offset past the end gives the length of the text.
///
/// The app converts offsets in batches with [`bytes_to_utf16`]; this one-offset form is the
/// reference the tests compare it with.
#[cfg(test)]
#[must_use]
pub fn byte_to_utf16(text: &str, byte: usize) -> usize {
    let mut units = 0;
    for (start, ch) in text.char_indices() {
        if start >= byte {
            return units;
        }
        if start + ch.len_utf8() > byte {
            return units;
        }
        units += ch.len_utf16();
    }
    units
}

/// Converts many byte offsets of the same text at once, in one pass: `offsets` may be in any
/// order; the result is in the same order.
#[must_use]
pub fn bytes_to_utf16(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets.get(i).copied().unwrap_or(0));
    let mut out = vec![0; offsets.len()];
    let mut chars = text.char_indices().peekable();
    let mut units = 0;
    for i in order {
        let target = offsets.get(i).copied().unwrap_or(0);
        while let Some(&(start, ch)) = chars.peek() {
            if start + ch.len_utf8() > target {
                break;
            }
            units += ch.len_utf16();
            chars.next();
        }
        if let Some(slot) = out.get_mut(i) {
            *slot = units;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, byte: usize, unit: usize) {
        assert_eq!(byte_to_utf16(text, byte), unit, "byte {byte} of {text:?}");
        assert_eq!(
            bytes_to_utf16(text, &[byte]),
            vec![unit],
            "batch, byte {byte} of {text:?}"
        );
    }

    #[test]
    fn ascii_offsets_are_equal() {
        check("abc", 0, 0);
        check("abc", 2, 2);
        check("abc", 3, 3);
        check("abc", 10, 3);
    }

    #[test]
    fn two_byte_characters_count_once() {
        check("é\"x\"", 2, 1);
        check("aéb", 3, 2);
    }

    #[test]
    fn astral_characters_count_twice() {
        check("😀x", 4, 2);
        check("a😀b", 5, 3);
    }

    #[test]
    fn offsets_inside_a_character_move_to_its_start() {
        check("aéb", 2, 1);
        check("😀x", 2, 0);
    }

    #[test]
    fn batch_keeps_the_input_order() {
        assert_eq!(bytes_to_utf16("aé😀b", &[7, 0, 3, 1]), vec![4, 0, 2, 1]);
    }
}
