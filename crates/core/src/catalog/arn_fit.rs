//! Whether a `Resource` pattern can name a resource of a given type.
//!
//! A resource type is described by an ARN template such as
//! `arn:${Partition}:s3:::${BucketName}/${ObjectName}`; a policy names resources with a pattern
//! such as `arn:aws:s3:::bkt/*`. The pattern fits the type when some ARN is matched by both.
//! Both sides are small automata over characters, so this is an emptiness check of their product
//! (a breadth-first search over pairs of positions).
//!
//! The check is deliberately lenient, because a wrong warning is worse than a missed one: letters
//! are compared without case, a placeholder may be empty, and only placeholders that can never
//! contain `/` or `:` (partition, region, account, bucket name) are restricted to one segment.

use super::{ActionRef, ResourceType};

/// One step of an ARN template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TemplateToken {
    /// A literal character.
    Char(char),
    /// A placeholder: any run of characters (possibly empty), restricted to one path segment
    /// (no `/` and no `:`) when `segment` is true.
    Placeholder { segment: bool },
}

/// One step of a `Resource` pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PatternToken {
    Char(char),
    /// `?`: exactly one character.
    One,
    /// `*` or a policy variable `${...}`: any run of characters.
    Any,
}

/// Placeholders whose values never contain `/` or `:`.
///
/// Why: partitions, regions and account ids are single ARN parts, and S3 bucket names may only
/// contain lowercase letters, digits, dots and hyphens ("Bucket naming rules", Amazon S3 User
/// Guide), which is what tells a bucket ARN from an object ARN (`bucket/key`).
const SEGMENT_PLACEHOLDERS: [&str; 5] =
    ["Partition", "Region", "Account", "AccountId", "BucketName"];

fn template_tokens(template: &str) -> Vec<TemplateToken> {
    let mut tokens = Vec::with_capacity(template.len());
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("${")
            && let Some(end) = rest.find('}')
        {
            let name = rest.get(2..end).unwrap_or("");
            tokens.push(TemplateToken::Placeholder {
                segment: SEGMENT_PLACEHOLDERS.contains(&name),
            });
            rest = rest.get(end + 1..).unwrap_or("");
        } else {
            tokens.push(TemplateToken::Char(c));
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        }
    }
    tokens
}

fn pattern_tokens(pattern: &str) -> Vec<PatternToken> {
    let mut tokens = Vec::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("${")
            && let Some(end) = rest.find('}')
        {
            // A policy variable can stand for any text (and `${*}`, `${?}`, `${$}` for one
            // character): treat all of them as `*`, which only makes the check more lenient.
            tokens.push(PatternToken::Any);
            rest = rest.get(end + 1..).unwrap_or("");
            continue;
        }
        tokens.push(match c {
            '*' => PatternToken::Any,
            '?' => PatternToken::One,
            other => PatternToken::Char(other),
        });
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    tokens
}

/// The most pairs of positions the search may visit (ARNs are at most 2048 characters long).
const MAX_WORK: usize = 1 << 20;

fn allowed(segment: bool, c: char) -> bool {
    !segment || (c != '/' && c != ':')
}

/// Whether some ARN is both an instance of `template` and matched by the `Resource` `pattern`.
#[must_use]
pub fn template_fits(template: &str, pattern: &str) -> bool {
    if template.len().saturating_mul(pattern.len()) > MAX_WORK {
        // Far longer than any real ARN: say "fits" (no warning) rather than spend the time.
        return true;
    }
    let t = template_tokens(template);
    let p = pattern_tokens(pattern);
    let width = p.len() + 1;
    let mut seen = vec![false; (t.len() + 1) * width];
    let mut queue = vec![(0_usize, 0_usize)];
    while let Some((i, j)) = queue.pop() {
        let Some(slot) = seen.get_mut(i * width + j) else {
            continue;
        };
        if *slot {
            continue;
        }
        *slot = true;
        let (tt, pt) = (t.get(i), p.get(j));
        if tt.is_none() && pt.is_none() {
            return true;
        }
        // Moves that consume nothing on one side.
        if let Some(TemplateToken::Placeholder { .. }) = tt {
            queue.push((i + 1, j));
        }
        if pt == Some(&PatternToken::Any) {
            queue.push((i, j + 1));
        }
        // Moves that consume one character on both sides.
        match (tt, pt) {
            (Some(TemplateToken::Char(a)), Some(PatternToken::Char(b)))
                if a.eq_ignore_ascii_case(b) =>
            {
                queue.push((i + 1, j + 1));
            }
            (Some(TemplateToken::Char(_)), Some(PatternToken::One)) => queue.push((i + 1, j + 1)),
            (Some(TemplateToken::Char(_)), Some(PatternToken::Any)) => queue.push((i + 1, j)),
            (Some(TemplateToken::Placeholder { segment }), Some(PatternToken::Char(b)))
                if allowed(*segment, *b) =>
            {
                queue.push((i, j + 1));
            }
            (Some(TemplateToken::Placeholder { .. }), Some(PatternToken::One)) => {
                queue.push((i, j + 1))
            }
            _ => {}
        }
    }
    false
}

/// How a `Resource` pattern relates to the resource types of an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourceFit<'a> {
    /// The pattern can name a resource of at least one of the action's types (or is not an ARN).
    Fits,
    /// The action has no resource type: it is only ever authorized against `*`.
    OnlyWildcard,
    /// The pattern names no resource of any of the action's types.
    NoFit(Vec<&'a ResourceType>),
}

/// Whether the `Resource` pattern `resource` fits one of `action`'s resource types.
///
/// `*` and patterns that are not ARNs always fit.
#[must_use]
pub fn resource_fit<'a>(action: ActionRef<'a>, resource: &str) -> ResourceFit<'a> {
    if resource == "*" || !resource.starts_with("arn:") {
        return ResourceFit::Fits;
    }
    let types: Vec<&ResourceType> = action.resource_types().collect();
    if types.is_empty() {
        // Why: for actions without a resource type the Service Authorization Reference says
        // "you must specify all resources (*) in the Resource element", so an exact ARN never
        // matches. A pattern with wildcards is left alone: AWS's own examples once granted
        // `s3:ListAllMyBuckets` on `arn:aws:s3:::*`, and how such patterns are matched against
        // these requests is not documented.
        if resource.contains(['*', '?']) || resource.contains("${") {
            return ResourceFit::Fits;
        }
        return ResourceFit::OnlyWildcard;
    }
    if types.iter().any(|t| template_fits(&t.arn, resource)) {
        ResourceFit::Fits
    } else {
        ResourceFit::NoFit(types)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    const OBJECT: &str = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    const ROLE: &str = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";

    fn check(template: &str, pattern: &str, expected: bool) {
        assert_eq!(
            template_fits(template, pattern),
            expected,
            "{template} vs {pattern}"
        );
    }

    #[test]
    fn bucket_arn_fits_the_bucket_type_only() {
        check(BUCKET, "arn:aws:s3:::bkt", true);
        check(OBJECT, "arn:aws:s3:::bkt", false);
    }

    #[test]
    fn object_arn_fits_the_object_type_only() {
        check(OBJECT, "arn:aws:s3:::bkt/*", true);
        check(OBJECT, "arn:aws:s3:::bkt/a/b.txt", true);
        check(BUCKET, "arn:aws:s3:::bkt/*", false);
    }

    #[test]
    fn trailing_wildcard_may_cover_both_buckets_and_objects() {
        check(BUCKET, "arn:aws:s3:::bkt*", true);
        check(OBJECT, "arn:aws:s3:::bkt*", true);
        check(OBJECT, "arn:aws:s3:::*", true);
        check(OBJECT, "arn:*", true);
    }

    #[test]
    fn question_mark_is_exactly_one_character() {
        check(OBJECT, "arn:aws:s3:::b?t/k", true);
        check(BUCKET, "arn:aws:s3:::bk?", true);
        check(BUCKET, "arn:aws:s3:::bkt?k", true);
    }

    #[test]
    fn policy_variables_count_as_wildcards() {
        check(OBJECT, "arn:aws:s3:::bkt/home/${aws:username}/*", true);
        check(BUCKET, "arn:aws:s3:::${aws:PrincipalTag/bucket}", true);
    }

    #[test]
    fn other_services_never_fit() {
        check(ROLE, "arn:aws:s3:::bkt", false);
        check(ROLE, "arn:aws:iam::111111111111:user/alice", false);
        check(ROLE, "arn:aws:iam::111111111111:role/path/Dev", true);
        check(ROLE, "arn:aws:iam::*:role/*", true);
    }

    #[test]
    fn absurdly_long_patterns_are_not_searched() {
        check(BUCKET, &"x".repeat(100_000), true);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(template in "[a-z:/$*{}?]{0,40}", pattern in "[a-z:/$*{}?]{0,40}") {
            let _ = template_fits(&template, &pattern);
        }
    }

    #[test]
    fn letters_are_compared_without_case() {
        check(ROLE, "ARN:AWS:IAM::111111111111:ROLE/Dev", true);
    }
}
