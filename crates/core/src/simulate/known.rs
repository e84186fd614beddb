//! The policy texts serde_json has read as one JSON value, found again where a line repeats
//! them: a line's reader finds where such a policy ends by one comparison instead of a scan
//! (`scan.rs`), and the policy's reading is then taken from here without hashing its text again.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast non-cryptographic hasher (the multiply-rotate scheme of rustc's `FxHasher`), for the
/// policy cache (`cache.rs`) and the kept texts. The cache holds at most 512 entries and is
/// local to one process, so resistance to crafted collisions is not needed, while hashing every
/// policy text of every line is on the hot path of `rolecall simulate`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut last = [0u8; 8];
        for (slot, byte) in last.iter_mut().zip(chunks.remainder()) {
            *slot = *byte;
        }
        self.add(u64::from_le_bytes(last));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// How many bytes of a text are hashed to find it: texts shorter than that are not kept (they
/// are short to scan anyway).
const PREFIX: usize = 128;

/// How many kept texts may share one prefix (the others are scanned).
const SAME_PREFIX: usize = 16;

/// A kept text with what it reads as, per policy kind (indexed like `PolicyKind::ALL`), once
/// read as that kind.
#[derive(Debug)]
struct KnownText<C> {
    text: Box<str>,
    by_kind: [Option<C>; 7],
}

/// The kept texts, and where the line being read repeats them.
#[derive(Debug)]
pub(crate) struct Known<C> {
    texts: Vec<KnownText<C>>,
    /// Indexes into `texts`, by a hash of the first [`PREFIX`] bytes.
    by_prefix: HashMap<u64, Vec<usize>, BuildHasherDefault<FxHasher>>,
    /// In the line being read: the address and length of each slice found equal to a kept
    /// text, with the text's index. Valid for that line only: [`Known::start_line`] clears it.
    found: Vec<(usize, usize, usize)>,
}

fn prefix_hash(prefix: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(prefix);
    hasher.finish()
}

impl<C> Default for Known<C> {
    fn default() -> Self {
        Self {
            texts: Vec::new(),
            by_prefix: HashMap::default(),
            found: Vec::new(),
        }
    }
}

impl<C: Clone> Known<C> {
    /// Forgets every kept text.
    pub(crate) fn clear(&mut self) {
        *self = Self::default();
    }

    /// Starts reading another line (what was found in the last one no longer holds).
    pub(crate) fn start_line(&mut self) {
        self.found.clear();
    }

    /// Keeps `text` (serde_json has read it as one JSON value).
    pub(crate) fn keep(&mut self, text: &str) {
        let Some(prefix) = text.as_bytes().get(..PREFIX) else {
            return;
        };
        let same = self.by_prefix.entry(prefix_hash(prefix)).or_default();
        let texts = &self.texts;
        let kept = same
            .iter()
            .any(|&i| texts.get(i).is_some_and(|t| *t.text == *text));
        if same.len() < SAME_PREFIX && !kept {
            same.push(self.texts.len());
            self.texts.push(KnownText {
                text: Box::from(text),
                by_kind: Default::default(),
            });
        }
    }

    /// Where a kept text starts `rest` (a slice of the line being read, from the start of a
    /// value on), its length: the value there is that text, since a JSON value's end follows
    /// from its beginning.
    pub(crate) fn end(&mut self, rest: &str) -> Option<usize> {
        let prefix = rest.as_bytes().get(..PREFIX)?;
        let texts = &self.texts;
        let (index, len) = self
            .by_prefix
            .get(&prefix_hash(prefix))?
            .iter()
            .find_map(|&i| {
                let text = &texts.get(i)?.text;
                rest.starts_with(&**text).then_some((i, text.len()))
            })?;
        self.found.push((rest.as_ptr() as usize, len, index));
        Some(len)
    }

    /// The kept text a slice of the line being read was found equal to ([`Known::end`]).
    fn found(&mut self, text: &str) -> Option<&mut KnownText<C>> {
        let at = (text.as_ptr() as usize, text.len());
        let (_, _, index) = self.found.iter().find(|(a, l, _)| (*a, *l) == at)?;
        self.texts.get_mut(*index)
    }

    /// What `text` (a slice of the line being read) reads as for the kind in `slot`, when it
    /// was found equal to a kept text already read as that kind.
    pub(crate) fn cached(&mut self, text: &str, slot: usize) -> Option<C> {
        self.found(text)?.by_kind.get(slot)?.clone()
    }

    /// Records what `text` (as in [`Known::cached`]) reads as for the kind in `slot`.
    pub(crate) fn remember(&mut self, text: &str, slot: usize, cached: &C) {
        if let Some(kept) = self.found(text).and_then(|k| k.by_kind.get_mut(slot)) {
            *kept = Some(cached.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What was found holds for the slices of the line being read, and only until the next.
    #[test]
    fn a_reading_is_taken_for_a_slice_found_in_the_line_being_read_only() {
        let text = format!(r#"{{"Statement":[{}]}}"#, r#"{"Effect":"Deny"}"#.repeat(10));
        let line = format!("[{text},{text}]");
        let mut known: Known<Result<(), (String, usize)>> = Known::default();
        known.keep(&text);
        let (first, second) = (line.get(1..).unwrap(), line.get(text.len() + 2..).unwrap());
        assert_eq!(known.end(first), Some(text.len()));
        let first = first.get(..text.len()).unwrap();
        assert!(known.cached(first, 0).is_none());
        known.remember(first, 0, &Err(("m".to_owned(), 1)));
        assert!(matches!(known.cached(first, 0), Some(Err((m, 1))) if m == "m"));
        assert!(known.cached(first, 1).is_none());
        let second = second.get(..text.len()).unwrap();
        assert!(known.cached(second, 0).is_none());
        known.start_line();
        assert!(known.cached(first, 0).is_none());
        assert_eq!(known.end(&text[..PREFIX]), None);
    }
}
