//! A bounded cache of parsed policies, keyed by policy kind and text.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use serde::de::IgnoredAny;

use crate::diagnostic::Severity;
use crate::diagnostic::refusal::refuses;
use crate::policy::model::{Policy, PolicyKind};
use crate::policy::parse_policy;
use crate::simulate::known::{FxHasher, Known};

/// How many distinct policy texts the cache keeps before it starts over.
const CACHE_CAPACITY: usize = 512;

/// A warning of a policy text: its code, message and byte offset in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TextWarning {
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) at: usize,
}

/// A readable policy with its warnings.
#[derive(Clone, Debug)]
pub(crate) struct Readable {
    pub(crate) policy: Arc<Policy>,
    pub(crate) warnings: Arc<[TextWarning]>,
}

/// A parsed policy with its warnings, or the first refusal found in its text (its message and
/// byte offset): only a refusal rule of [`crate::diagnostic::refusal`] makes a line an error.
pub(crate) type Cached = Result<Readable, (String, usize)>;

type FxMap<V> = HashMap<Box<str>, V, BuildHasherDefault<FxHasher>>;

/// A cached text: what it reads as, and whether serde_json has read the text as one JSON
/// value (so that a line read by [`crate::simulate::scan`] can rely on it).
#[derive(Debug)]
struct Entry {
    cached: Cached,
    json: bool,
}

/// Parsed policies by kind and text, so that a batch repeating the same policy parses it once.
/// Bounded: when full, it is cleared.
#[derive(Debug, Default)]
pub struct PolicyCache {
    /// One map per policy kind (indexed like [`PolicyKind::ALL`]), so lookups borrow the text.
    entries: [FxMap<Entry>; 7],
    len: usize,
    /// The texts serde_json has read, found again where a line repeats them.
    known: Known<Cached>,
}

impl PolicyCache {
    /// An empty cache.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of cached texts.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the cache is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The parsed policy for `text` with its warnings, or the first refusal diagnostic in it
    /// (JSON syntax errors first) with its byte offset in `text`. `json`: serde_json has read
    /// `text` as one JSON value.
    pub(crate) fn get(&mut self, kind: PolicyKind, text: &str, json: bool) -> Cached {
        let slot = PolicyKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        if let Some(hit) = self.entries.get_mut(slot).and_then(|m| m.get_mut(text)) {
            let first_read = json && !hit.json;
            hit.json |= json;
            let cached = hit.cached.clone();
            if first_read {
                self.known.keep(text);
            }
            return cached;
        }
        let cached = Self::read(kind, text);
        if self.len >= CACHE_CAPACITY {
            self.entries.iter_mut().for_each(HashMap::clear);
            self.known.clear();
            self.len = 0;
        }
        if json {
            self.known.keep(text);
        }
        if let Some(map) = self.entries.get_mut(slot) {
            let entry = Entry {
                cached: cached.clone(),
                json,
            };
            map.insert(Box::from(text), entry);
            self.len += 1;
        }
        cached
    }

    /// [`PolicyCache::get`] for a text that serde_json may not have read: `None` when it is not
    /// one JSON value as serde_json reads it (checked once per cached text).
    pub(crate) fn get_checked(&mut self, kind: PolicyKind, text: &str) -> Option<Cached> {
        let slot = PolicyKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        if let Some(cached) = self.known.cached(text, slot) {
            return Some(cached);
        }
        let cached = match self.entries.get(slot).and_then(|m| m.get(text)) {
            Some(hit) if hit.json => hit.cached.clone(),
            _ => {
                serde_json::from_str::<IgnoredAny>(text).ok()?;
                self.get(kind, text, true)
            }
        };
        self.known.remember(text, slot, &cached);
        Some(cached)
    }

    /// Starts reading another line (see [`PolicyCache::known_end`]).
    pub(crate) fn start_line(&mut self) {
        self.known.start_line();
    }

    /// Where a text serde_json has read (any kind) starts `rest` (a slice of the line being
    /// read, from the start of a value on), its length: lets a line's reader find where a
    /// repeated policy ends by comparing instead of scanning (`scan.rs`), and
    /// [`PolicyCache::get_checked`] then take its reading without hashing it again.
    pub(crate) fn known_end(&mut self, rest: &str) -> Option<usize> {
        self.known.end(rest)
    }

    fn read(kind: PolicyKind, text: &str) -> Cached {
        let parsed = parse_policy(text, kind);
        let errors = || parsed.diagnostics.iter().filter(|d| refuses(d));
        let first = errors()
            .find(|d| d.code == "invalid-json")
            .or_else(|| errors().next());
        match first {
            Some(error) => Err((error.message.clone(), error.span().start)),
            None => Ok(Readable {
                warnings: parsed
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Warning)
                    .map(|d| TextWarning {
                        code: d.code,
                        message: d.message.clone(),
                        at: d.span().start,
                    })
                    .collect(),
                policy: Arc::new(parsed.policy),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_is_bounded() {
        let mut cache = PolicyCache::new();
        for i in 0..CACHE_CAPACITY + 10 {
            let text = format!(
                r#"{{"Version":"2012-10-17","Statement":{{"Sid":"S{i}","Effect":"Allow","Action":"*","Resource":"*"}}}}"#
            );
            assert!(cache.get(PolicyKind::Identity, &text, true).is_ok());
        }
        assert!(cache.len() <= CACHE_CAPACITY);
    }

    #[test]
    fn a_repeated_text_is_parsed_once() {
        let mut cache = PolicyCache::new();
        let text = r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
        let first = cache.get(PolicyKind::Identity, text, true);
        let second = cache.get(PolicyKind::Identity, text, true);
        assert!(matches!((&first, &second), (Ok(a), Ok(b)) if Arc::ptr_eq(&a.policy, &b.policy)));
        assert!(first.is_ok_and(|p| p.warnings.is_empty()));
        assert_eq!(cache.len(), 1);
        // The same text as another kind is another entry.
        let _ = cache.get(PolicyKind::Boundary, text, true);
        assert_eq!(cache.len(), 2);
    }

    /// A text found by `scan.rs` is used only once serde_json has read it as one JSON value.
    #[test]
    fn a_text_serde_json_does_not_read_is_not_taken_from_the_scan() {
        let mut cache = PolicyCache::new();
        let good = r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
        assert!(cache.get_checked(PolicyKind::Identity, good).is_some());
        assert!(cache.get_checked(PolicyKind::Identity, good).is_some());
        assert_eq!(cache.len(), 1);
        let leading_zero = r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","X":01}}"#;
        let _ = cache.get(PolicyKind::Identity, leading_zero, false);
        assert!(
            cache
                .get_checked(PolicyKind::Identity, leading_zero)
                .is_none()
        );
    }

    /// Only a refusal rule makes a policy unusable; an entry that can never match is a warning
    /// (iam-semantics.md §9).
    #[test]
    fn an_entry_that_can_never_match_is_a_warning_not_a_refusal() {
        let mut cache = PolicyCache::new();
        let upper = r#"{"Statement":{"Effect":"Allow","Action":"s3:ListBucket,PutObject","Resource":"ARN:AWS:S3:::B"}}"#;
        let read = cache.get(PolicyKind::Identity, upper, true);
        let codes: Vec<&str> = read
            .as_ref()
            .map(|p| p.warnings.iter().map(|w| w.code).collect())
            .unwrap_or_default();
        assert_eq!(codes, ["invalid-action", "malformed-arn"]);
        let principal =
            r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}"#;
        assert!(cache.get(PolicyKind::Identity, principal, true).is_err());
    }
}
