//! Checks on the policy text itself: characters and size.

use crate::diagnostic::Diagnostic;
use crate::diagnostic::policy as diag;
use crate::policy::model::PolicyKind;
use crate::span::Span;

/// Reporting stops after this many unsupported characters in one document.
const MAX_CHARACTER_REPORTS: usize = 5;

/// Runs the checks that need the policy's own text, not only its model.
pub(crate) fn check(text: &str, kind: PolicyKind, diagnostics: &mut Vec<Diagnostic>) {
    characters(text, kind, diagnostics);
    size(text, kind, diagnostics);
}

/// Whether IAM itself stores policies of this kind.
const fn is_iam(kind: PolicyKind) -> bool {
    matches!(
        kind,
        PolicyKind::Identity | PolicyKind::Trust | PolicyKind::Boundary | PolicyKind::Session
    )
}

/// Why: "IAM and AWS STS quotas" — "Policy documents can contain only the following Unicode
/// characters: horizontal tab (U+0009), linefeed (U+000A), carriage return (U+000D), and
/// characters in the range U+0020 to U+00FF."
fn characters(text: &str, kind: PolicyKind, diagnostics: &mut Vec<Diagnostic>) {
    if !is_iam(kind) {
        return;
    }
    let bad = text.char_indices().filter(|&(i, c)| {
        let allowed = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}');
        // A leading byte order mark is not part of the document.
        !(allowed || (i == 0 && c == '\u{feff}'))
    });
    for (i, c) in bad.take(MAX_CHARACTER_REPORTS) {
        diagnostics.push(diag::unsupported_character(
            c,
            Span::new(i, i + c.len_utf8()),
        ));
    }
}

/// Where a policy lives, which decides its size quota.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyPlace {
    /// A managed policy (also a permissions boundary): 6,144 characters.
    Managed,
    /// An inline policy of a user: 2,048 characters.
    UserInline,
    /// An inline policy of a group: 5,120 characters.
    GroupInline,
    /// The inline policies of a role: 10,240 characters together.
    RoleInline,
    /// A role trust policy: 2,048 characters by default.
    Trust,
    /// A session policy: 2,048 characters.
    Session,
    /// An SCP or RCP: 5,120 characters, white space included.
    Organization,
    /// A resource-based policy: per-service quotas, not checked.
    Resource,
    /// A VPC endpoint policy: 20,480 characters, white space included.
    VpcEndpoint,
}

impl PolicyPlace {
    /// Where a policy of `kind` lives when nothing else is known: an identity policy read on
    /// its own (`rolecall lint`, `rolecall simulate`) is checked as a managed policy.
    #[must_use]
    pub const fn of_kind(kind: PolicyKind) -> Self {
        match kind {
            PolicyKind::Identity | PolicyKind::Boundary => Self::Managed,
            PolicyKind::Trust => Self::Trust,
            PolicyKind::Session => Self::Session,
            PolicyKind::Scp | PolicyKind::Rcp => Self::Organization,
            PolicyKind::Resource => Self::Resource,
            PolicyKind::VpcEndpoint => Self::VpcEndpoint,
        }
    }

    /// The quota in characters and whether white space counts.
    ///
    /// Why ("IAM and AWS STS quotas"; "Quotas for AWS Organizations"): "Managed policy size:
    /// 6,144 characters"; inline policies: "User policy size: 2,048 characters", "Group policy
    /// size: 5,120 characters", "Role policy size: 10,240 characters" (for a role, the total of
    /// all its inline policies); "Role trust policy length: 2,048 characters" by default; a
    /// session policy 2,048 characters; IAM does not count white space. An SCP or RCP may have
    /// 5,120 characters, and "all characters in your SCP count against its maximum size".
    /// Resource policies have per-service quotas, which Rolecall does not check.
    #[must_use]
    pub const fn quota(self) -> Option<(usize, bool)> {
        match self {
            Self::Managed => Some((6_144, false)),
            Self::UserInline | Self::Trust | Self::Session => Some((2_048, false)),
            Self::GroupInline => Some((5_120, false)),
            Self::RoleInline => Some((10_240, false)),
            Self::Organization => Some((5_120, true)),
            Self::Resource => None,
            // Why: "The size of an endpoint policy cannot exceed 20,480 characters, including
            // white space" (Amazon VPC, "Control access to VPC endpoints using endpoint policies").
            Self::VpcEndpoint => Some((20_480, true)),
        }
    }

    /// The place in words, for messages.
    #[must_use]
    pub const fn phrase(self) -> &'static str {
        match self {
            Self::Managed => "a managed policy",
            Self::UserInline => "an inline policy of a user",
            Self::GroupInline => "an inline policy of a group",
            Self::RoleInline => "the inline policies of a role",
            Self::Trust => "a role trust policy",
            Self::Session => "a session policy",
            Self::Organization => "an organization policy",
            Self::Resource => "a resource-based policy",
            Self::VpcEndpoint => "a VPC endpoint policy",
        }
    }
}

/// The size of `text` as the quota of `place` counts it (`None` for a place without a quota).
#[must_use]
pub fn counted_size(text: &str, place: PolicyPlace) -> Option<usize> {
    let (_, whitespace_counts) = place.quota()?;
    Some(if whitespace_counts {
        text.chars().count()
    } else {
        text.chars().filter(|c| !c.is_whitespace()).count()
    })
}

/// The `policy-too-large` warning when `size` characters exceed the quota of `place`,
/// labelled at `span`.
#[must_use]
pub fn size_warning(size: usize, place: PolicyPlace, span: Span) -> Option<Diagnostic> {
    let (limit, whitespace_counts) = place.quota()?;
    (size > limit).then(|| {
        let counted = if whitespace_counts {
            "all characters"
        } else {
            "characters other than white space"
        };
        diag::policy_too_large(place.phrase(), size, limit, counted, span)
    })
}

/// The size check of a policy text at `place`, labelled at its first character.
#[must_use]
pub fn check_size(text: &str, place: PolicyPlace) -> Option<Diagnostic> {
    let (limit, _) = place.quota()?;
    // Cheap exit: a text with fewer bytes than the limit has fewer characters too.
    if text.len() <= limit {
        return None;
    }
    let end = text.char_indices().nth(1).map_or(text.len(), |(i, _)| i);
    size_warning(counted_size(text, place)?, place, Span::new(0, end))
}

fn size(text: &str, kind: PolicyKind, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.extend(check_size(text, PolicyPlace::of_kind(kind)));
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::policy::model::PolicyKind;

    fn codes(text: &str, kind: PolicyKind) -> Vec<&'static str> {
        let mut diagnostics = Vec::new();
        check(text, kind, &mut diagnostics);
        diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn iam_policies_allow_only_latin_1_characters() {
        assert_eq!(
            codes("{\"Sid\": \"Café\"}", PolicyKind::Identity),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes("{\"Sid\": “x”}", PolicyKind::Identity),
            ["unsupported-character"; 2]
        );
        assert_eq!(codes("\u{feff}{}", PolicyKind::Trust), Vec::<&str>::new());
        assert_eq!(
            codes("{\"Sid\": \"😀\"}", PolicyKind::Resource),
            Vec::<&str>::new()
        );
        assert_eq!(codes(&"€".repeat(20), PolicyKind::Identity).len(), 5);
    }

    #[test]
    fn policies_over_their_quota_are_warned_about() {
        let padded = format!("{{{}}}", " ".repeat(10_000));
        assert_eq!(codes(&padded, PolicyKind::Identity), Vec::<&str>::new());
        assert_eq!(codes(&padded, PolicyKind::Scp), ["policy-too-large"]);
        let long = "x".repeat(2_049);
        assert_eq!(codes(&long, PolicyKind::Trust), ["policy-too-large"]);
        assert_eq!(codes(&long, PolicyKind::Identity), Vec::<&str>::new());
        assert_eq!(
            codes(&"x".repeat(100_000), PolicyKind::Resource),
            Vec::<&str>::new()
        );
    }

    /// "IAM and AWS STS quotas": the quota depends on where the policy lives.
    #[test]
    fn the_size_quota_is_that_of_where_the_policy_lives() {
        use super::{PolicyPlace, check_size};
        let text = "x".repeat(9_606);
        assert!(check_size(&text, PolicyPlace::RoleInline).is_none());
        assert!(check_size(&text, PolicyPlace::Managed).is_some());
        let text = "x".repeat(3_000);
        assert!(check_size(&text, PolicyPlace::UserInline).is_some());
        assert!(check_size(&text, PolicyPlace::GroupInline).is_none());
        let text = "x".repeat(6_000);
        assert!(check_size(&text, PolicyPlace::GroupInline).is_some());
        assert!(check_size(&text, PolicyPlace::Managed).is_none());
        let d = check_size(&"x".repeat(10_241), PolicyPlace::RoleInline);
        assert!(d.is_some_and(|d| d.message
            == "the inline policies of a role: 10241 characters, over the 10240-character quota"));
    }
}
