//! The pieces of the STS parameter rules that every call shares: the result of one check, the
//! shortest session, the characters of names, and the size of an inline session policy. Used by
//! [`crate::scenario::chain`] (AssumeRole and its variants) and [`crate::scenario::tokens`]
//! (GetSessionToken, GetFederationToken), so neither reaches into the other.

use crate::scenario::model::AssumeHop;
use crate::scenario::text::minify;

/// The shortest session STS hands out (15 minutes).
pub const MIN_DURATION: u64 = 900;

/// One rule STS checks on the parameters of a call, and whether the call passes it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StsCheck {
    /// A stable kebab-case name such as `role-chaining-duration`.
    pub rule: &'static str,
    /// Whether the call passes.
    pub passed: bool,
    /// A sentence for the learner.
    pub message: String,
    /// Whether STS checks this before any policy is read: a failure then refuses the call
    /// without evaluating the policies.
    #[serde(skip)]
    pub before_policies: bool,
}

pub(crate) fn check(rule: &'static str, passed: bool, message: String) -> StsCheck {
    StsCheck {
        rule,
        passed,
        message,
        before_policies: false,
    }
}

/// Whether every character of `text` is one STS allows in a name (`[\w+=,.@-]`) or in `extra`.
pub(crate) fn name_chars(text: &str, extra: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c) || extra.contains(c))
}

/// The size rule of the inline session policy, when the hop passes one.
#[must_use]
pub(crate) fn session_policy_size(hop: &AssumeHop) -> Option<StsCheck> {
    let policy = hop.session_policy.as_ref()?;
    // Why: "The plaintext that you use for both inline and managed session policies can't
    // exceed 2,048 characters" (AssumeRole `Policy`, AWS STS API Reference).
    let size = minify(&policy.text).chars().count();
    Some(check(
        "session-policy-size",
        size <= 2048,
        format!("the session policy is {size} characters once minified; at most 2048 are allowed"),
    ))
}
