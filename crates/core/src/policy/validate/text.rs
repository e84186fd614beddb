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

/// The quota of a policy kind and whether white space counts.
///
/// Why ("IAM and AWS STS quotas"; "Quotas for AWS Organizations"): a managed policy (identity
/// policies and permissions boundaries) may have 6,144 characters, a role trust policy 2,048 by
/// default (the quota can be raised), a session policy 2,048, and IAM does not count white
/// space; an SCP or RCP may have 5,120 characters, and "all characters in your SCP count
/// against its maximum size". Inline identity policies have other, aggregate quotas, and
/// resource policies have per-service quotas, so Rolecall does not check them.
const fn quota(kind: PolicyKind) -> Option<(usize, bool)> {
    match kind {
        PolicyKind::Identity | PolicyKind::Boundary => Some((6_144, false)),
        PolicyKind::Trust | PolicyKind::Session => Some((2_048, false)),
        PolicyKind::Scp | PolicyKind::Rcp => Some((5_120, true)),
        PolicyKind::Resource => None,
        // Why: "The size of an endpoint policy cannot exceed 20,480 characters, including
        // white space" (Amazon VPC, "Control access to VPC endpoints using endpoint policies").
        PolicyKind::VpcEndpoint => Some((20_480, true)),
    }
}

fn size(text: &str, kind: PolicyKind, diagnostics: &mut Vec<Diagnostic>) {
    let Some((limit, whitespace_counts)) = quota(kind) else {
        return;
    };
    // Cheap exit: a text with fewer bytes than the limit has fewer characters too.
    if text.len() <= limit {
        return;
    }
    let size = if whitespace_counts {
        text.chars().count()
    } else {
        text.chars().filter(|c| !c.is_whitespace()).count()
    };
    if size > limit {
        let counted = if whitespace_counts {
            "all characters"
        } else {
            "characters other than white space"
        };
        let end = text.char_indices().nth(1).map_or(text.len(), |(i, _)| i);
        diagnostics.push(diag::policy_too_large(
            kind,
            size,
            limit,
            counted,
            Span::new(0, end),
        ));
    }
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
}
