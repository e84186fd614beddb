//! Amazon Resource Names: parsing and the per-part comparison of the `Arn*` condition operators.
//!
//! An ARN is `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, where the resource part may itself
//! contain `:` and `/` (for example `arn:aws:logs:us-east-1:111111111111:log-group:app:*`).

use super::wildcard::wildcard_match;

/// The six parts of an ARN, borrowed from the text they were parsed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub partition: &'a str,
    /// The service namespace (`s3`, `iam`, `sts`, ...).
    pub service: &'a str,
    /// The region; empty for global services.
    pub region: &'a str,
    /// The account id; empty for S3 buckets and objects.
    pub account: &'a str,
    /// Everything after the fifth colon (`user/path/name`, `bucket/key`, `log-group:x:*`).
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Parses `text` as an ARN: it must start with `arn:` and have at least six colon-separated
    /// parts. Never panics; returns `None` for anything else.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::matching::Arn;
    ///
    /// let arn = Arn::parse("arn:aws:iam::111111111111:user/dev/alice").unwrap();
    /// assert_eq!(arn.account, "111111111111");
    /// assert_eq!(arn.resource, "user/dev/alice");
    /// assert!(Arn::parse("bucket/key").is_none());
    /// ```
    #[must_use]
    pub fn parse(text: &'a str) -> Option<Self> {
        let [prefix, partition, service, region, account, resource] = split_arn(text)?;
        (prefix == "arn").then_some(Self {
            partition,
            service,
            region,
            account,
            resource,
        })
    }

    /// The resource type and the rest: `user/dev/alice` gives `("user", "dev/alice")`; a resource
    /// with no `/` or `:` gives `(resource, "")`.
    #[must_use]
    pub fn resource_type(&self) -> (&'a str, &'a str) {
        match self.resource.find(['/', ':']) {
            Some(i) => (
                self.resource.get(..i).unwrap_or_default(),
                self.resource.get(i + 1..).unwrap_or_default(),
            ),
            None => (self.resource, ""),
        }
    }

    /// The last `/`-separated element of the resource (a user or role name without its path).
    #[must_use]
    pub fn resource_name(&self) -> &'a str {
        self.resource.rsplit('/').next().unwrap_or_default()
    }

    /// For an assumed-role session `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION`, the
    /// role name and the session name (both non-empty).
    #[must_use]
    pub fn assumed_role(&self) -> Option<(&'a str, &'a str)> {
        if self.service != "sts" {
            return None;
        }
        let (role, session) = self
            .resource
            .strip_prefix("assumed-role/")?
            .split_once('/')?;
        (!role.is_empty() && !session.is_empty()).then_some((role, session))
    }
}

/// Whether `text` is a 12-digit AWS account id.
#[must_use]
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Splits `text` at its first five colons into exactly six parts; `None` when it has fewer.
#[must_use]
pub fn split_arn(text: &str) -> Option<[&str; 6]> {
    let mut parts = text.splitn(6, ':');
    Some([
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    ])
}

/// The comparison of `ArnEquals` and `ArnLike` (and the inner test of their negations).
///
/// Why: the condition operators page ("IAM JSON policy elements: Condition operators", section
/// "Amazon Resource Name (ARN) condition operators") documents `ArnEquals` and `ArnLike` on one
/// row: "Case-sensitive matching of the ARN. Each of the six colon-delimited components of the ARN
/// is checked separately and each can include multi-character match wildcards (*) or
/// single-character match wildcards (?)". So both operators accept wildcards, each part is
/// matched on its own (a `*` never crosses a colon into another part, unlike in the `Resource`
/// element, see [`super::resource_matches`]), and a value or pattern that does not have six parts
/// never matches.
///
/// # Examples
///
/// ```
/// use rolecall_core::matching::arn_like;
///
/// assert!(arn_like("arn:aws:iam::*:role/Admin*", "arn:aws:iam::111111111111:role/AdminX"));
/// assert!(!arn_like("arn:aws:iam::*", "arn:aws:iam::111111111111:role/Admin"));
/// ```
#[must_use]
pub fn arn_like(pattern: &str, value: &str) -> bool {
    let (Some(p), Some(v)) = (split_arn(pattern), split_arn(value)) else {
        return false;
    };
    p.iter()
        .zip(v.iter())
        .all(|(p, v)| wildcard_match(p, v, false))
}

/// The name an ARN ends with: its last part that is not empty, split at `/` and `:`. For an
/// IAM user, group or role this is its friendly name (the path comes before it; neither
/// contains `:`), for a session the session's name, for `arn:aws:s3:::bucket` the bucket, for
/// a root ARN `root`. Text that is no ARN (`anonymous`, a service principal) is returned whole.
/// The one short form of an ARN: the evaluator's `aws:username`, a managed policy's name
/// ([`crate::managed::policy_name`]) and the page's labels alike (as `scenario::arn::name`).
///
/// # Examples
///
/// ```
/// use rolecall_core::matching::arn_name;
/// assert_eq!(arn_name("arn:aws:iam::111111111111:role/ops/Deployer"), "Deployer");
/// assert_eq!(arn_name("arn:aws:s3:::bucket"), "bucket");
/// ```
#[must_use]
pub fn arn_name(arn: &str) -> &str {
    arn.rsplit(['/', ':'])
        .find(|part| !part.is_empty())
        .unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pattern: &str, value: &str, expected: bool) {
        assert_eq!(
            arn_like(pattern, value),
            expected,
            "arn_like({pattern:?}, {value:?})"
        );
    }

    #[test]
    fn arn_like_table() {
        check(
            "arn:aws:iam::111111111111:user/al*",
            "arn:aws:iam::111111111111:user/alice",
            true,
        );
        check(
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::222222222222:role/X",
            true,
        );
        check(
            "arn:aws:iam::111111111111:user/ALICE",
            "arn:aws:iam::111111111111:user/alice",
            false,
        );
        check("arn:aws:s3:::bkt/*", "arn:aws:s3:::bkt/a:b/c", true);
        check("arn:aws:s3:::bkt", "bkt", false);
        check("*", "arn:aws:s3:::bkt", false);
        check("arn:*:s3:::bkt", "arn:aws-cn:s3:::bkt", true);
    }

    #[test]
    fn arn_like_star_does_not_cross_parts() {
        check("arn:aws:*", "arn:aws:s3:::bkt", false);
        check("arn:aws:iam::1*:user/x", "arn:aws:iam::1:2:user/x", false);
    }

    #[test]
    fn parse_table() {
        let arn = Arn::parse("arn:aws:sts::111111111111:assumed-role/Dev/s");
        assert_eq!(
            arn,
            Some(Arn {
                partition: "aws",
                service: "sts",
                region: "",
                account: "111111111111",
                resource: "assumed-role/Dev/s",
            })
        );
        assert_eq!(
            arn.map(|a| a.resource_type()),
            Some(("assumed-role", "Dev/s"))
        );
        assert_eq!(Arn::parse("arn:aws:s3"), None);
        assert_eq!(Arn::parse("urn:aws:s3:::b"), None);
        assert_eq!(Arn::parse(""), None);
        assert_eq!(
            Arn::parse("arn:aws:iam::1:user/a/b/c").map(|a| a.resource_name()),
            Some("c")
        );
    }
}
