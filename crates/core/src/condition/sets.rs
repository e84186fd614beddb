//! Many request values against many policy values (`ForAllValues:`/`ForAnyValue:` with long
//! lists) in time no worse than distinct request values × distinct *patterns*.
//!
//! Exact values (`StringEquals`, `StringEqualsIgnoreCase` once case-folded, and `StringLike`
//! values without `*` or `?`) are looked up in a hash index; only the distinct wildcard patterns
//! and the values of other families are compared one by one, and each distinct request value is
//! tested once.
//!
//! Why: 30,000 request values against the policy's 30,000-value list took 43.5 s when every
//! request value was compared with every policy value (issue 14).

use std::collections::HashMap;

use super::operators::{Prepared, read_request_value};
use crate::matching::{Token, fold_case};
use crate::model::Family;

/// Below this many comparisons the plain loops are faster than building an index.
pub(super) const SMALL: usize = 64;

/// A policy value's text as the index keys it: folded for `StringEqualsIgnoreCase`.
pub(super) fn key(family: Family, text: &str) -> String {
    match family {
        Family::StringIgnoreCase => text.chars().map(fold_case).collect(),
        _ => text.to_owned(),
    }
}

/// The text of a `StringLike` pattern without wildcards (every token literal), if it has none.
fn literal_pattern(tokens: &[Token]) -> Option<String> {
    tokens
        .iter()
        .map(|t| match t {
            Token::Literal(c) => Some(*c),
            Token::AnyRun | Token::AnyOne => None,
        })
        .collect()
}

/// The text an exact policy value is looked up by, or `None` when it must be compared.
pub(super) fn exact_key(family: Family, p: &Prepared<'_>) -> Option<String> {
    p.typed()?;
    match family {
        Family::String | Family::StringIgnoreCase => Some(key(family, p.text())),
        Family::StringLike => match p.pattern() {
            Some(pattern) => literal_pattern(&pattern.tokens),
            None => (!p.text().contains(['*', '?'])).then(|| p.text().to_owned()),
        },
        _ => None,
    }
}

/// For each request value, whether it matches at least one usable policy value (the positive
/// test, before negation), and the indices of the policy values that some request value matches.
pub(super) fn hits(
    family: Family,
    prepared: &[Prepared<'_>],
    requests: &[String],
) -> (Vec<bool>, Vec<usize>) {
    // Exact texts → the policy values with that text; everything else compared one by one,
    // each distinct value once.
    let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
    let mut others: Vec<(&Prepared<'_>, Vec<usize>)> = Vec::new();
    let mut other_at: HashMap<&str, usize> = HashMap::new();
    for (i, p) in prepared.iter().enumerate() {
        if p.typed().is_none() {
            continue;
        }
        match exact_key(family, p) {
            Some(text) => exact.entry(text).or_default().push(i),
            // The same text reads as the same value: compare it once.
            None => match other_at.get(p.text()) {
                Some(&at) => {
                    if let Some((_, indices)) = others.get_mut(at) {
                        indices.push(i);
                    }
                }
                None => {
                    other_at.insert(p.text(), others.len());
                    others.push((p, vec![i]));
                }
            },
        }
    }
    let mut matched = vec![false; prepared.len()];
    let mut seen: HashMap<&str, bool> = HashMap::new();
    let positive = requests
        .iter()
        .map(|r| {
            if let Some(&hit) = seen.get(r.as_str()) {
                return hit;
            }
            let Ok(value) = read_request_value(family, r) else {
                seen.insert(r, false);
                return false;
            };
            let mut hit = false;
            let by_text = match family {
                Family::String | Family::StringIgnoreCase | Family::StringLike => {
                    exact.get(&key(family, r))
                }
                _ => None,
            };
            for &i in by_text.into_iter().flatten() {
                hit = true;
                if let Some(m) = matched.get_mut(i) {
                    *m = true;
                }
            }
            for (policy, indices) in &others {
                if policy.matches(family, &value) {
                    hit = true;
                    for &i in indices {
                        if let Some(m) = matched.get_mut(i) {
                            *m = true;
                        }
                    }
                }
            }
            seen.insert(r, hit);
            hit
        })
        .collect();
    let matched = matched
        .iter()
        .enumerate()
        .filter_map(|(i, &m)| m.then_some(i))
        .collect();
    (positive, matched)
}
