//! The leftmost match of one glob segment (the part of a pattern between two `*`s: characters
//! and `?`) in a text, never in O(segment × text) steps.
//!
//! - A segment of at most 64 units is found with the bit-parallel Shift-And algorithm: one pass
//!   over the text, O(text) word operations.
//! - A longer one without `?` (a literal `*` from `${*}` or a variable value) with
//!   Knuth–Morris–Pratt: O(text + segment).
//! - A longer one with `?` with a correlation computed by a number-theoretic transform (exact integer
//!   FFT modulo a prime), block by block: O((text + segment) · log segment). Each alignment `j`
//!   gets `S(j) = Σ p·t·(p − t)²` over the segment's positions, where `p` is the character's
//!   rank (0 for `?`) and `t` the text character's rank; `S(j) = 0` exactly when the segment
//!   matches at `j`. The sum is taken modulo the prime, so a zero is checked directly before it
//!   is taken (a false zero costs one O(segment) check and is skipped).
//!
//! Why: a pattern and a text of 250 KB with `?` in the middle of a segment took 9–10 s with a
//! position-by-position search (issue 14).

use std::collections::HashMap;
use std::hash::Hash;

/// One unit of a segment: a character (already in the text's letter case) or `?` (`None`).
pub(super) type Unit<C> = Option<C>;

/// Whether `segment` matches at the start of `text`.
pub(super) fn matches_at<C: Copy + Eq>(segment: &[Unit<C>], text: &[C]) -> bool {
    segment.len() <= text.len()
        && segment
            .iter()
            .zip(text)
            .all(|(u, t)| u.is_none_or(|c| c == *t))
}

/// The offset of the leftmost match of `segment` in `text`.
pub(super) fn find<C: Copy + Eq + Hash>(segment: &[Unit<C>], text: &[C]) -> Option<usize> {
    if segment.len() > text.len() {
        return None;
    }
    if segment.is_empty() {
        return Some(0);
    }
    if segment.len() <= 64 {
        return shift_and(segment, text);
    }
    if segment.iter().all(Option::is_some) {
        // No `?`: an exact search (a literal `*` from `${*}` or a variable value lands here).
        return knuth_morris_pratt(segment, text);
    }
    if segment.len() > MAX_TRANSFORM / 2 {
        // Beyond what one transform of the prime's largest size covers (2^22 units, four
        // million characters: more than any link or policy Rolecall reads): one pass per
        // position, still without allocating.
        return (0..=text.len() - segment.len())
            .find(|&i| text.get(i..).is_some_and(|rest| matches_at(segment, rest)));
    }
    correlate(segment, text)
}

/// Shift-And: bit `i` of the state is set when the first `i + 1` units match just before the
/// current text position.
fn shift_and<C: Copy + Eq + Hash>(segment: &[Unit<C>], text: &[C]) -> Option<usize> {
    let mut masks: HashMap<C, u64> = HashMap::new();
    let mut any = 0u64;
    for (i, unit) in segment.iter().enumerate() {
        let bit = 1u64 << i;
        match unit {
            Some(c) => *masks.entry(*c).or_insert(0) |= bit,
            None => any |= bit,
        }
    }
    let last = 1u64 << (segment.len() - 1);
    let mut state = 0u64;
    for (j, t) in text.iter().enumerate() {
        let mask = masks.get(t).copied().unwrap_or(0) | any;
        state = ((state << 1) | 1) & mask;
        if state & last != 0 {
            return Some(j + 1 - segment.len());
        }
    }
    None
}

/// The leftmost exact occurrence of `segment` (no `?`) in `text`: Knuth–Morris–Pratt, at most
/// 2 · (segment + text) comparisons.
fn knuth_morris_pratt<C: Copy + Eq>(segment: &[Unit<C>], text: &[C]) -> Option<usize> {
    // failure[i]: the length of the longest proper border of segment[..=i].
    let mut failure = vec![0usize; segment.len()];
    let mut k = 0;
    for i in 1..segment.len() {
        while k > 0 && segment.get(i) != segment.get(k) {
            k = failure.get(k - 1).copied().unwrap_or(0);
        }
        if segment.get(i) == segment.get(k) {
            k += 1;
        }
        if let Some(f) = failure.get_mut(i) {
            *f = k;
        }
    }
    let mut matched = 0;
    for (j, t) in text.iter().enumerate() {
        while matched > 0 && segment.get(matched) != Some(&Some(*t)) {
            matched = failure.get(matched - 1).copied().unwrap_or(0);
        }
        if segment.get(matched) == Some(&Some(*t)) {
            matched += 1;
        }
        if matched == segment.len() {
            return Some(j + 1 - matched);
        }
    }
    None
}

/// The prime `119 · 2^23 + 1` and a generator of its multiplicative group.
const MOD: u64 = 998_244_353;
const ROOT: u64 = 3;
/// The largest transform size the prime allows.
const MAX_TRANSFORM: usize = 1 << 23;

fn pow_mod(mut base: u64, mut exp: u64) -> u64 {
    let mut out = 1;
    base %= MOD;
    while exp > 0 {
        if exp & 1 == 1 {
            out = out * base % MOD;
        }
        base = base * base % MOD;
        exp >>= 1;
    }
    out
}

/// The number-theoretic transform of `a` in place (its length a power of two).
fn ntt(a: &mut [u64], invert: bool) {
    let n = a.len();
    let mut j = 0;
    for i in 1..n {
        let mut bit = n >> 1;
        while j & bit != 0 {
            j ^= bit;
            bit >>= 1;
        }
        j ^= bit;
        if i < j {
            a.swap(i, j);
        }
    }
    let mut len = 2;
    while len <= n {
        let mut w = pow_mod(ROOT, (MOD - 1) / len as u64);
        if invert {
            w = pow_mod(w, MOD - 2);
        }
        for chunk in a.chunks_exact_mut(len) {
            let (low, high) = chunk.split_at_mut(len / 2);
            let mut wn = 1;
            for (u, v) in low.iter_mut().zip(high.iter_mut()) {
                let t = *v * wn % MOD;
                let x = *u;
                *u = (x + t) % MOD;
                *v = (x + MOD - t) % MOD;
                wn = wn * w % MOD;
            }
        }
        len <<= 1;
    }
    if invert {
        let inverse = pow_mod(n as u64, MOD - 2);
        for x in a.iter_mut() {
            *x = *x * inverse % MOD;
        }
    }
}

/// The transform of `values` raised to `power`, zero-padded to `size`.
fn transform(values: impl Iterator<Item = u64>, power: u32, size: usize) -> Vec<u64> {
    let mut out: Vec<u64> = values.map(|v| pow_mod(v, u64::from(power))).collect();
    out.resize(size, 0);
    ntt(&mut out, false);
    out
}

/// The leftmost match of a long segment, block by block (see the module docs).
fn correlate<C: Copy + Eq + Hash>(segment: &[Unit<C>], text: &[C]) -> Option<usize> {
    let m = segment.len();
    let mut ranks: HashMap<C, u64> = HashMap::new();
    for c in segment.iter().flatten() {
        let next = ranks.len() as u64 + 1;
        ranks.entry(*c).or_insert(next);
    }
    // A text character the segment does not have: a rank of its own, so it matches only `?`.
    let other = ranks.len() as u64 + 1;
    let size = (2 * m).next_power_of_two();
    // The segment reversed, so that a convolution gives the correlation.
    let reversed = || {
        segment
            .iter()
            .rev()
            .map(|u| u.map_or(0, |c| ranks.get(&c).copied().unwrap_or(other)))
    };
    let p1 = transform(reversed(), 1, size);
    let p2 = transform(reversed(), 2, size);
    let p3 = transform(reversed(), 3, size);
    let step = size - m + 1;
    let mut start = 0;
    while start + m <= text.len() {
        let block = text.get(start..(start + size).min(text.len()))?;
        let rank = |c: &C| ranks.get(c).copied().unwrap_or(other);
        let t1 = transform(block.iter().map(rank), 1, size);
        let t2 = transform(block.iter().map(rank), 2, size);
        let t3 = transform(block.iter().map(rank), 3, size);
        // S = Σ p³t − 2 Σ p²t² + Σ p t³, every product taken in the transform domain.
        let mut sum: Vec<u64> = p3
            .iter()
            .zip(&t1)
            .zip(p2.iter().zip(&t2))
            .zip(p1.iter().zip(&t3))
            .map(|(((a3, b1), (a2, b2)), (a1, b3))| {
                let plus = (a3 * b1 % MOD + a1 * b3 % MOD) % MOD;
                let minus = 2 * (a2 * b2 % MOD) % MOD;
                (plus + MOD - minus) % MOD
            })
            .collect();
        ntt(&mut sum, true);
        // Alignment `j` of the block is at index `j + m - 1` of the convolution.
        let last = (block.len() - m).min(step - 1);
        for j in 0..=last {
            let zero = sum.get(j + m - 1) == Some(&0);
            if zero && block.get(j..).is_some_and(|rest| matches_at(segment, rest)) {
                return Some(start + j);
            }
        }
        start += step;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{Unit, correlate, find, shift_and};

    fn units(pattern: &str) -> Vec<Unit<char>> {
        pattern
            .chars()
            .map(|c| if c == '?' { None } else { Some(c) })
            .collect()
    }

    /// The leftmost match, position by position (the reference).
    fn naive(segment: &[Unit<char>], text: &[char]) -> Option<usize> {
        (0..=text.len().checked_sub(segment.len())?)
            .find(|&i| super::matches_at(segment, &text[i..]))
    }

    fn check(pattern: &str, text: &str) {
        let segment = units(pattern);
        let text: Vec<char> = text.chars().collect();
        let expected = naive(&segment, &text);
        assert_eq!(find(&segment, &text), expected, "{pattern:?} in {text:?}");
        if !segment.is_empty() && segment.len() <= text.len() {
            if segment.len() <= 64 {
                assert_eq!(shift_and(&segment, &text), expected, "shift-and");
            }
            assert_eq!(correlate(&segment, &text), expected, "transform");
            if segment.iter().all(Option::is_some) {
                assert_eq!(super::knuth_morris_pratt(&segment, &text), expected, "kmp");
            }
        }
    }

    #[test]
    fn finds_the_leftmost_match_like_a_position_by_position_search() {
        check("a?c", "xxabcabc");
        check("?", "é");
        check("??", "é");
        check("a?é", "aaaaaéaxé");
        check("b?b", "bbbbbbb");
        check("abc", "ababab");
        check("", "abc");
        check("?b?", "ab");
    }

    #[test]
    fn long_segments_with_question_marks_are_found_by_the_transform() {
        let segment = format!("{}b", "a?".repeat(100));
        let text = format!("{}{}", "a".repeat(5_000), "ab".repeat(150));
        check(&segment, &text);
        let absent = format!("{}c", "a?".repeat(100));
        check(&absent, &text);
        // Many distinct characters (non-ASCII ranks above the alphabet).
        let wide: String = (0..300u32)
            .map(|i| char::from_u32(0x4e00 + i % 97).unwrap())
            .collect();
        let mut segment: Vec<char> = wide.chars().skip(50).take(120).collect();
        segment[7] = '?';
        segment[60] = '?';
        let segment: String = segment.into_iter().collect();
        check(&segment, &wide);
    }

    #[test]
    fn segments_without_question_marks_are_found_by_knuth_morris_pratt() {
        let text: Vec<char> = format!("{}*{}b", "a".repeat(300), "a".repeat(300))
            .chars()
            .collect();
        for pattern in [
            "a*a",
            "aaab",
            &format!("{}*{}b", "a".repeat(100), "a".repeat(100)),
            &"ab".repeat(50),
        ] {
            let segment = units(pattern);
            let expected = naive(&segment, &text);
            assert_eq!(
                super::knuth_morris_pratt(&segment, &text),
                expected,
                "{pattern}"
            );
            assert_eq!(find(&segment, &text), expected, "{pattern}");
        }
    }

    #[test]
    fn pseudo_random_segments_agree_with_the_reference() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300 {
            let text: String = (0..(next() % 400))
                .map(|_| ['a', 'b', 'é'][(next() % 3) as usize])
                .collect();
            let len = 1 + next() % 90;
            let segment: String = (0..len)
                .map(|_| ['a', 'b', 'é', '?'][(next() % 4) as usize])
                .collect();
            check(&segment, &text);
            // A segment cut out of the text, so that matches exist.
            let chars: Vec<char> = text.chars().collect();
            if chars.len() > 70 {
                let from = (next() as usize) % (chars.len() - 70);
                let cut: String = chars[from..from + 70]
                    .iter()
                    .enumerate()
                    .map(|(i, c)| if i % 9 == 4 { '?' } else { *c })
                    .collect();
                check(&cut, &text);
            }
        }
    }
}
