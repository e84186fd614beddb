//! The challenge gallery: challenges shipped with Rolecall, embedded from
//! `examples/challenges/` so the CLI and the page have the same ones.

use crate::scenario::challenge::Difficulty;

/// One challenge of the gallery, as embedded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GalleryChallenge {
    /// A stable id: the file name without `.json` (also usable in URLs: `#challenge=ID`).
    pub id: &'static str,
    /// The scenario file's text.
    pub text: &'static str,
}

macro_rules! challenges {
    ($($id:literal),* $(,)?) => {
        /// Every challenge of the gallery, grouped by category (gallery order).
        pub const GALLERY: &[GalleryChallenge] = &[
            $(GalleryChallenge {
                id: $id,
                text: include_str!(concat!("../../../../../examples/challenges/", $id, ".json")),
            }),*
        ];
    };
}

challenges![
    "users-vs-roles",
    "cross-account-trust",
    "instance-profile",
    "oidc-any-repository",
    "saml-sign-in",
    "mfa-to-terminate",
    "wildcard-trust",
    "missing-external-id",
    "notaction-allow",
    "passrole-to-lambda",
    "create-policy-version",
    "permissions-boundary",
    "scp-region-deny",
];

/// A gallery challenge with what the page lists: title, category and difficulty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GalleryEntry {
    /// The stable id.
    pub id: &'static str,
    /// The scenario's title.
    pub title: String,
    /// The challenge's category.
    pub category: String,
    /// The challenge's difficulty.
    pub difficulty: Option<Difficulty>,
    /// The scenario text.
    pub text: &'static str,
}

/// The gallery with each challenge's title, category and difficulty, in gallery order.
///
/// # Examples
///
/// ```
/// let gallery = rolecall_core::scenario::challenge::gallery();
/// assert!(gallery.len() >= 12);
/// assert!(gallery.iter().all(|c| !c.category.is_empty()));
/// ```
#[must_use]
pub fn gallery() -> Vec<GalleryEntry> {
    GALLERY
        .iter()
        .map(|c| {
            let scenario = crate::scenario::parse_scenario(c.text).scenario;
            let challenge = scenario.as_ref().and_then(|s| s.challenge.as_ref());
            GalleryEntry {
                id: c.id,
                title: scenario
                    .as_ref()
                    .and_then(|s| s.title.clone())
                    .unwrap_or_else(|| c.id.to_owned()),
                category: challenge
                    .and_then(|ch| ch.category.clone())
                    .unwrap_or_default(),
                difficulty: challenge.and_then(|ch| ch.difficulty),
                text: c.text,
            }
        })
        .collect()
}
