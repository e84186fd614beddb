//! "Did you mean" suggestions by edit distance.

/// Words longer than this many characters get no suggestion.
///
/// Why: the longest name we ever suggest (an action or condition key of the catalog) is under 80
/// characters, and a word more than half again as long as a candidate is never within the
/// one-edit-per-three-characters limit of it; the bound keeps a pasted multi-megabyte key from
/// costing more than a glance.
pub const MAX_WORD_CHARS: usize = 128;

/// The candidate closest to `word`, compared without regard to case, if it is close enough to
/// be a likely typo (at most one edit per three characters, and at least one allowed).
///
/// Candidates whose length differs from the word's by more than the limit are skipped without
/// computing a distance, and the distance itself is banded to the limit, so the work stays
/// proportional to the word's length times the limit for each remaining candidate.
#[must_use]
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if word.chars().nth(MAX_WORD_CHARS).is_some() {
        return None;
    }
    let word: Vec<char> = word.to_ascii_lowercase().chars().collect();
    let limit = (word.len() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        // The smallest distance so far narrows the band for the remaining candidates; a tie
        // keeps the earlier candidate.
        let bound = best.map_or(limit, |(d, _)| d.saturating_sub(1));
        if candidate.chars().count().abs_diff(word.len()) > bound {
            continue;
        }
        let lowered: Vec<char> = candidate.to_ascii_lowercase().chars().collect();
        if let Some(d) = bounded_distance(&word, &lowered, bound) {
            best = Some((d, candidate));
            if d == 0 {
                break;
            }
        }
    }
    best.map(|(_, c)| c)
}

/// The Levenshtein distance between `a` and `b` if it is at most `limit`, else `None`.
///
/// Only the cells within `limit` of the diagonal are computed (a path leaving that band costs
/// more than `limit`), and the search stops as soon as a whole row exceeds the limit.
fn bounded_distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let over = limit + 1;
    // `previous[j]` is the distance between the first `i` characters of `a` and the first `j`
    // of `b`, capped at `over`; cells outside the band stay at `over`.
    let mut previous: Vec<usize> = (0..=b.len()).map(|j| j.min(over)).collect();
    let mut current = vec![over; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let row = i + 1;
        let low = row.saturating_sub(limit);
        let high = (row + limit).min(b.len());
        current.fill(over);
        if low == 0 {
            if let Some(first) = current.first_mut() {
                *first = row.min(over);
            }
        }
        let mut row_min = current.first().copied().unwrap_or(over);
        for j in low.max(1)..=high {
            let same = b.get(j - 1).is_some_and(|cb| cb == ca);
            let substitution = previous.get(j - 1).copied().unwrap_or(over) + usize::from(!same);
            let deletion = previous.get(j).copied().unwrap_or(over) + 1;
            let insertion = current.get(j - 1).copied().unwrap_or(over) + 1;
            let value = substitution.min(deletion).min(insertion).min(over);
            if let Some(cell) = current.get_mut(j) {
                *cell = value;
            }
            row_min = row_min.min(value);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use strsim::levenshtein as edit_distance;

    use super::{MAX_WORD_CHARS, bounded_distance, closest};

    const OPERATORS: [&str; 4] = ["StringEquals", "StringLike", "Bool", "StringNotEquals"];

    /// Compares the suggestion for `word` among `candidates` with `expected`.
    fn check(word: &str, candidates: &[&str], expected: Option<&str>) {
        assert_eq!(
            closest(word, candidates.iter().copied()),
            expected,
            "{word:?}"
        );
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_distance_within_the_limit() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "kitten",
            "sitting",
            "flaw",
            "lawn",
            "é",
            "e",
            "Action",
            "Actions",
            "NotAction",
            "Resource",
            "aaaa",
            "bbbb",
        ];
        for a in words {
            for b in words {
                let full = edit_distance(a, b);
                let (a_chars, b_chars): (Vec<char>, Vec<char>) =
                    (a.chars().collect(), b.chars().collect());
                for limit in 0..8 {
                    let expected = (full <= limit).then_some(full);
                    assert_eq!(
                        bounded_distance(&a_chars, &b_chars, limit),
                        expected,
                        "{a:?} {b:?} {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn suggests_close_words_only() {
        check("stringequals", &OPERATORS, Some("StringEquals"));
        check("StringEqual", &OPERATORS, Some("StringEquals"));
        check("StringEqualz", &OPERATORS, Some("StringEquals"));
        check("StringNotEqual", &OPERATORS, Some("StringNotEquals"));
        check("Boo", &OPERATORS, Some("Bool"));
        check("b", &OPERATORS, None);
        check("Numeric", &OPERATORS, None);
        check("", &OPERATORS, None);
        check("Bool", &[], None);
    }

    #[test]
    fn the_closest_candidate_wins_and_ties_keep_the_first() {
        check("Actio", &["Actions", "Action"], Some("Action"));
        check("Actionz", &["Actions", "Action"], Some("Actions"));
        check("ab", &["ax", "ay"], Some("ax"));
    }

    #[test]
    fn long_words_get_suggestions_up_to_the_bound_only() {
        let name = "DescribeLocalGatewayRouteTableVirtualInterfaceGroupAssociations";
        check(&name.replace("Route", "Rout"), &[name], Some(name));
        let long = "a".repeat(MAX_WORD_CHARS);
        check(&format!("{long}b"), &[long.as_str()], None);
        check(&long[1..], &[long.as_str()], Some(long.as_str()));
    }

    #[test]
    fn a_megabyte_word_gets_no_suggestion() {
        let word = "a".repeat(1024 * 1024);
        check(&word, &OPERATORS, None);
        check(&word, &[word.as_str()], None);
    }
}
