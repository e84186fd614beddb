//! Matching of actions, resources and principals against policy patterns.
//!
//! The evaluator calls the functions re-exported here.
//!
//! - [`wildcard_match`]: the `*`/`?` glob shared by every element;
//! - [`action_matches`]: the `Action`/`NotAction` element (case-insensitive);
//! - [`resource_matches`]: the `Resource`/`NotResource` element (case-sensitive, ARN-aware);
//! - [`arn_like`]: the `ArnEquals`/`ArnLike` condition comparison (per ARN part);
//! - [`principal`]: the request's principal and the `Principal`/`NotPrincipal` element.
//!
//! The `Not...` forms are the negation of these functions over the whole list: a statement with
//! `NotAction` applies to an action that matches none of the listed patterns.

mod arn;
pub mod principal;
mod wildcard;

pub use arn::{Arn, arn_like, arn_name, is_account_id, split_arn};
pub use principal::{
    Principal, PrincipalMatch, not_principal_excludes, parse_principal, principal_matches,
    principal_value_matches,
};
pub use wildcard::{
    Pattern, PatternSource, Token, equal_ignoring_case, fold_case, glob, glob_tokens,
    wildcard_match,
};

/// Whether the request's `action` matches an `Action` pattern.
///
/// Why: "IAM JSON policy elements: Action" says action names are case-insensitive
/// (`s3:getobject` is `s3:GetObject`) and that `*` and `?` may appear anywhere; `"*"` alone
/// matches every action of every service.
///
/// # Examples
///
/// ```
/// use rolecall_core::matching::action_matches;
///
/// assert!(action_matches("s3:get*", "s3:GetObject"));
/// assert!(action_matches("*", "iam:CreateUser"));
/// assert!(!action_matches("s3:Get*", "s3:PutObject"));
/// ```
#[must_use]
pub fn action_matches(pattern: &str, action: &str) -> bool {
    wildcard_match(pattern, action, true)
}

/// The most colon-separated parts an ARN has: five fixed parts and the resource.
const ARN_PARTS: usize = 6;

/// Whether the request's `resource` matches a `Resource` pattern (after variable substitution).
///
/// Case-sensitive. `"*"` matches every resource, ARN or not. When both sides are ARNs, each of
/// the first five colon-separated parts is compared on its own and the sixth part (the resource
/// id, which may contain `:` and `/`) as a whole; a part of the pattern that *ends* with `*` may
/// also expand across colons into the following parts.
///
/// Why: "IAM JSON policy elements: Resource", section "Using wildcards in resource ARNs": wildcards
/// are used "within the individual segments of an ARN (the parts separated by colons)", and "if
/// the * wildcard is the last character of a resource ARN segment, it can expand to match beyond
/// the colon boundaries". This is the one difference from the `ArnLike` condition operator, whose
/// six parts are always compared separately (see [`arn_like`]): `arn:aws:iam::*` as a `Resource`
/// matches every IAM ARN of every account, whereas as an `ArnLike` value it matches nothing.
/// When either side is not an ARN (`*`, a bare name), the whole texts are compared as one glob.
///
/// # Examples
///
/// ```
/// use rolecall_core::matching::resource_matches;
///
/// assert!(resource_matches("arn:aws:s3:::bkt/*", "arn:aws:s3:::bkt/home/alice/f"));
/// assert!(!resource_matches("arn:aws:s3:::BKT/*", "arn:aws:s3:::bkt/k"));
/// assert!(resource_matches("arn:aws:iam::*", "arn:aws:iam::111111111111:user/alice"));
/// assert!(resource_matches("*", "not-an-arn"));
/// ```
#[must_use]
pub fn resource_matches(pattern: &str, resource: &str) -> bool {
    if !pattern.contains(['*', '?']) {
        // Without wildcards, part-by-part equality is plain equality.
        return pattern == resource;
    }
    // The common shape: wildcards only in the resource part (`arn:aws:s3:::bkt/*`). The first
    // five parts are then literal, so they must be equal text, and the rest is one glob.
    if let Some(prefix_end) = fifth_colon(pattern) {
        let (head, tail) = pattern.split_at(prefix_end);
        if head.starts_with("arn:") && !head.contains(['*', '?']) {
            return resource
                .strip_prefix(head)
                .is_some_and(|rest| wildcard_match(tail, rest, false));
        }
    }
    arn_aware_match(pattern, resource)
}

/// The byte offset of the fifth colon of `text` (where the resource part begins, colon
/// included), if it has five.
fn fifth_colon(text: &str) -> Option<usize> {
    text.match_indices(':').nth(4).map(|(i, _)| i)
}

/// [`resource_matches`] for a pattern built by policy-variable substitution, in which `${*}`,
/// `${?}` and substituted values are literal (see `condition::substitute_pattern`).
///
/// Why: "IAM policy elements: Variables and tags", section "Special characters": `${*}` is used
/// "where you need an * (asterisk) character" that would otherwise be read as a wildcard.
#[must_use]
pub fn resource_matches_pattern(pattern: &Pattern, resource: &str) -> bool {
    arn_aware_match(pattern.tokens.as_slice(), resource)
}

/// A pattern that can be split into ARN parts: a `&str` or a slice of [`Token`]s.
trait ArnPattern: PatternSource + Default {
    /// Whether the pattern is exactly one `*`.
    fn is_lone_star(self) -> bool;
    /// Whether the pattern starts with the literal `arn:`.
    fn starts_with_arn(self) -> bool;
    /// Whether the last token is a `*` wildcard.
    fn ends_with_star(self) -> bool;
    /// The parts between the first five literal colons, and how many there are.
    fn parts(self) -> ([Self; ARN_PARTS], usize);
    /// Whether `text` matches this pattern (case-sensitive).
    fn matches(self, text: &str) -> bool;
}

impl ArnPattern for &str {
    fn is_lone_star(self) -> bool {
        self == "*"
    }
    fn starts_with_arn(self) -> bool {
        self.starts_with("arn:")
    }
    fn ends_with_star(self) -> bool {
        self.ends_with('*')
    }
    fn parts(self) -> ([Self; ARN_PARTS], usize) {
        let mut parts = [""; ARN_PARTS];
        let mut count = 0;
        for (slot, part) in parts.iter_mut().zip(self.splitn(ARN_PARTS, ':')) {
            *slot = part;
            count += 1;
        }
        (parts, count)
    }
    fn matches(self, text: &str) -> bool {
        wildcard_match(self, text, false)
    }
}

impl ArnPattern for &[Token] {
    fn is_lone_star(self) -> bool {
        self == [Token::AnyRun]
    }
    fn starts_with_arn(self) -> bool {
        self.starts_with(&[
            Token::Literal('a'),
            Token::Literal('r'),
            Token::Literal('n'),
            Token::Literal(':'),
        ])
    }
    fn ends_with_star(self) -> bool {
        self.last() == Some(&Token::AnyRun)
    }
    fn parts(self) -> ([Self; ARN_PARTS], usize) {
        let mut parts: [Self; ARN_PARTS] = Default::default();
        let mut count = 0;
        let mut rest = self;
        while count < ARN_PARTS - 1 {
            let Some(i) = rest.iter().position(|t| *t == Token::Literal(':')) else {
                break;
            };
            if let Some(slot) = parts.get_mut(count) {
                *slot = rest.get(..i).unwrap_or_default();
            }
            count += 1;
            rest = rest.get(i + 1..).unwrap_or_default();
        }
        if let Some(slot) = parts.get_mut(count) {
            *slot = rest;
        }
        (parts, count + 1)
    }
    fn matches(self, text: &str) -> bool {
        glob_tokens(self, text, false)
    }
}

/// The matching shared by [`resource_matches`] and [`resource_matches_pattern`].
fn arn_aware_match<P: ArnPattern>(pattern: P, resource: &str) -> bool {
    if pattern.is_lone_star() {
        return true;
    }
    if !(pattern.starts_with_arn() && resource.starts_with("arn:")) {
        return pattern.matches(resource);
    }
    let (pattern_parts, np) = pattern.parts();
    // Byte ranges of the resource's parts, so that consecutive parts can be joined for free.
    let (resource_parts, nr) = arn_part_ranges(resource);
    let part_matches = |i: usize, j: usize| match (pattern_parts.get(i), resource_parts.get(j)) {
        (Some(part), Some(&(start, end))) => {
            part.matches(resource.get(start..end).unwrap_or_default())
        }
        _ => false,
    };
    // Quick answers: part by part in place is a match; and the parts before the first one that
    // can expand must match in place.
    if np == nr && (0..np).all(|i| part_matches(i, i)) {
        return true;
    }
    for i in 0..np {
        if pattern_parts.get(i).is_some_and(|p| p.ends_with_star()) {
            break;
        }
        if !part_matches(i, i) {
            return false;
        }
    }
    // matches[i][j]: pattern parts i.. match resource parts j.., filled from the end.
    let mut matches = [[false; ARN_PARTS + 1]; ARN_PARTS + 1];
    if let Some(cell) = matches.get_mut(np).and_then(|row| row.get_mut(nr)) {
        *cell = true;
    }
    for i in (0..np).rev() {
        let Some(&part) = pattern_parts.get(i) else {
            continue;
        };
        let expands = part.ends_with_star();
        for j in (0..nr).rev() {
            let Some(&(start, _)) = resource_parts.get(j) else {
                continue;
            };
            // The pattern part covers resource parts j..=k (k > j only for a trailing `*`).
            let last = if expands { nr } else { j + 1 };
            let found = (j..last).any(|k| {
                let rest_ok = matches
                    .get(i + 1)
                    .and_then(|row| row.get(k + 1))
                    .copied()
                    .unwrap_or(false);
                rest_ok
                    && resource_parts.get(k).is_some_and(|&(_, end)| {
                        part.matches(resource.get(start..end).unwrap_or_default())
                    })
            });
            if let Some(cell) = matches.get_mut(i).and_then(|row| row.get_mut(j)) {
                *cell = found;
            }
        }
    }
    matches
        .first()
        .and_then(|row| row.first())
        .copied()
        .unwrap_or(false)
}

/// The byte ranges of the colon-separated parts of an ARN (the sixth part runs to the end), and
/// how many there are.
fn arn_part_ranges(text: &str) -> ([(usize, usize); ARN_PARTS], usize) {
    let mut ranges = [(0, 0); ARN_PARTS];
    let mut count = 0;
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b':' && count < ARN_PARTS - 1 {
            if let Some(slot) = ranges.get_mut(count) {
                *slot = (start, i);
            }
            count += 1;
            start = i + 1;
        }
    }
    if let Some(slot) = ranges.get_mut(count) {
        *slot = (start, text.len());
    }
    (ranges, count + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check_action(pattern: &str, action: &str, expected: bool) {
        assert_eq!(
            action_matches(pattern, action),
            expected,
            "action_matches({pattern:?}, {action:?})"
        );
    }

    fn check(pattern: &str, resource: &str, expected: bool) {
        assert_eq!(
            resource_matches(pattern, resource),
            expected,
            "resource_matches({pattern:?}, {resource:?})"
        );
    }

    #[test]
    fn action_table() {
        check_action("s3:GetObject", "s3:GetObject", true);
        check_action("s3:getobject", "s3:GetObject", true);
        check_action("S3:GET*", "s3:GetObject", true);
        check_action("s3:Get?bject", "s3:GetObject", true);
        check_action("*", "iam:CreateUser", true);
        check_action("iam:*", "s3:PutObject", false);
        check_action("s3:*Object", "s3:GetObjectAcl", false);
        check_action("s3:*", "s3:ListBucket", true);
    }

    #[test]
    fn action_names_are_case_insensitive() {
        check_action("s3:getobject", "S3:GETOBJECT", true);
    }

    #[test]
    fn resource_table() {
        check("arn:aws:s3:::bkt/*", "arn:aws:s3:::bkt/k", true);
        check("arn:aws:s3:::bkt/*", "arn:aws:s3:::bkt", false);
        check("arn:aws:s3:::bkt", "arn:aws:s3:::bkt", true);
        check("arn:aws:s3:::b?t/*", "arn:aws:s3:::bkt/k", true);
        check(
            "arn:aws:s3:::bkt/home/alice/*",
            "arn:aws:s3:::bkt/home/alice/f",
            true,
        );
        check(
            "arn:aws:s3:::bkt/home/alice/*",
            "arn:aws:s3:::bkt/home/bob/f",
            false,
        );
        check("arn:aws:s3:::*", "arn:aws:s3:::any/thing", true);
        check(
            "arn:aws:logs:*:*:log-group:app:*",
            "arn:aws:logs:eu-west-1:111111111111:log-group:app:log-stream:x",
            true,
        );
        check(
            "arn:aws:iam::111111111111:user/*",
            "arn:aws:iam::111111111111:user/dev/alice",
            true,
        );
        check(
            "arn:aws:iam::111111111111:user/*",
            "arn:aws:iam::222222222222:user/alice",
            false,
        );
        check(
            "arn:aws:ec2:*:111111111111:instance/*",
            "arn:aws:ec2:eu-west-1:111111111111:instance/i-1",
            true,
        );
        check(
            "arn:aws:ec2:eu-*:111111111111:instance/*",
            "arn:aws:ec2:us-east-1:111111111111:instance/i-1",
            false,
        );
        check("bkt", "bkt", true);
        check("bk*", "bkt", true);
        check("arn:aws:s3:::bkt", "bkt", false);
    }

    #[test]
    fn resource_arns_are_case_sensitive() {
        check("arn:aws:s3:::BKT/*", "arn:aws:s3:::bkt/k", false);
        check(
            "arn:aws:iam::111111111111:user/Bob",
            "arn:aws:iam::111111111111:user/bob",
            false,
        );
    }

    #[test]
    fn resource_star_matches_everything_including_non_arns() {
        check("*", "arn:aws:s3:::bkt/k", true);
        check("*", "", true);
        check("*", "whatever", true);
    }

    #[test]
    fn resource_trailing_star_of_a_part_expands_across_colons() {
        check(
            "arn:aws:iam::*",
            "arn:aws:iam::111111111111:user/alice",
            true,
        );
        check("arn:aws:s3*", "arn:aws:s3:::bkt/k", true);
        check("arn:*", "arn:aws:sqs:eu-west-1:111111111111:q", true);
    }

    /// iam-semantics.md §9: a short ARN ending in `*` is globbed as written ("If the `*`
    /// wildcard is the last character of a resource ARN segment, it can expand to match beyond
    /// the colon boundaries", IAM JSON policy elements: Resource); an upper-case `ARN:` entry
    /// is compared as written and never matches.
    #[test]
    fn a_short_arn_ending_in_a_star_matches_across_colons() {
        let queue = "arn:aws:sqs:us-east-1:111111111111:queue-1";
        check("arn:aws:sqs:us-east-1:111111111111*", queue, true);
        check("arn:aws:sqs:us-east-1:222222222222*", queue, false);
        check("arn:aws:s3::*", "arn:aws:s3:::bkt-1/k", true);
        check(
            "arn:aws:s3::*",
            "arn:aws:sqs:us-east-1:111111111111:q",
            false,
        );
        check("ARN:AWS:S3:::BKT-1/K", "arn:aws:s3:::bkt-1/k", false);
    }

    #[test]
    fn resource_inner_star_stays_within_its_part() {
        check("arn:aws:s*3:::bkt", "arn:aws:sqs:x:3:::bkt", false);
        check("arn:aws:iam::1*1:user/a", "arn:aws:iam::1:1:user/a", false);
        check("arn:aws:iam::?:user/a", "arn:aws:iam:::user/a", false);
    }

    /// The action and resource side of the cases of iam-semantics.md §7.
    #[test]
    #[rustfmt::skip]
    fn semantics_cases() {
        use crate::condition::substitute_pattern;
        use crate::request::Context;
        let k = "arn:aws:s3:::bkt/k";
        assert!(action_matches("s3:GetObject", "s3:GetObject"), "case 1");
        assert!(resource_matches("arn:aws:s3:::bkt/*", k), "case 1");
        assert!(action_matches("s3:getobject", "s3:GetObject"), "case 2");
        assert!(!resource_matches("arn:aws:s3:::BKT/*", k), "case 3");
        assert!(action_matches("s3:Get*", "s3:GetObject"), "case 4");
        assert!(!action_matches("iam:*", "s3:PutObject"), "case 5 (NotAction iam:* does not list it)");
        assert!(action_matches("iam:*", "iam:CreateUser"), "case 6");
        assert!(!resource_matches("arn:aws:s3:::secret/*", k), "case 8 (NotResource does not list it)");
        assert!(action_matches("s3:Get?bject", "s3:GetObject"), "case 9");
        assert!(resource_matches("arn:aws:s3:::b?t/*", k), "case 10");
        let mut alice = Context::new();
        alice.set("aws:username", "alice");
        let home = "arn:aws:s3:::bkt/home/${aws:username}/*";
        let s = substitute_pattern(home, &alice);
        assert!(s.missing.is_empty() && resource_matches_pattern(&s.pattern, "arn:aws:s3:::bkt/home/alice/f"), "case 11");
        assert!(!resource_matches(home, "arn:aws:s3:::bkt/home/alice/f"), "case 12 (no substitution)");
        let s = substitute_pattern(home, &Context::new());
        assert!(!s.missing.is_empty(), "case 13 (no aws:username for a role)");
        let s = substitute_pattern("arn:aws:s3:::bkt/home/${aws:username, 'none'}/*", &Context::new());
        assert!(s.missing.is_empty() && resource_matches_pattern(&s.pattern, "arn:aws:s3:::bkt/home/none/f"), "case 14");
    }

    #[test]
    fn resource_pattern_with_literal_star() {
        let mut pattern = Pattern::from_glob("arn:aws:s3:::bkt/");
        pattern.push_literal("*");
        pattern.push_glob("/*");
        assert!(resource_matches_pattern(&pattern, "arn:aws:s3:::bkt/*/k"));
        assert!(!resource_matches_pattern(&pattern, "arn:aws:s3:::bkt/a/k"));
        assert!(resource_matches_pattern(
            &Pattern::from_glob("*"),
            "anything"
        ));
        assert!(resource_matches_pattern(
            &Pattern::from_glob("arn:aws:iam::*"),
            "arn:aws:iam::1:user/x"
        ));
    }

    proptest! {
        #[test]
        fn token_patterns_agree_with_text_patterns(p in "arn:[a:*?/]{0,14}", r in "arn:[a:/]{0,14}") {
            prop_assert_eq!(resource_matches_pattern(&Pattern::from_glob(&p), &r), resource_matches(&p, &r));
        }

        #[test]
        fn resource_matching_never_panics(p in "[a:*?/é]{0,16}", r in "[a:/é]{0,16}") {
            let _ = resource_matches(&p, &r);
            let _ = resource_matches(&format!("arn:{p}"), &format!("arn:{r}"));
        }

        #[test]
        fn fast_paths_agree_with_part_by_part_matching(
            p in "arn:[ab:*?/]{0,12}",
            r in "arn:[ab:/]{0,12}",
        ) {
            prop_assert_eq!(resource_matches(&p, &r), arn_aware_match(p.as_str(), &r));
        }

        #[test]
        fn resource_literal_matches_itself(r in "arn:[a-z0-9:/]{0,24}") {
            prop_assert!(resource_matches(&r, &r));
        }
    }
}
