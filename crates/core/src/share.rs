//! The share-link codec: a version prefix, then base64url of raw-deflated minified JSON.
//!
//! A link looks like `https://rolecall.example/#s=v1.q1YqSs7PS...`. The scenario travels in the
//! URL fragment, which browsers never send to a server. The payload is:
//!
//! 1. the scenario JSON, minified (whitespace outside strings removed, key order kept),
//! 2. compressed with raw deflate (RFC 1951, no zlib or gzip header),
//! 3. encoded as base64url (RFC 4648 §5) without padding,
//! 4. prefixed with the codec version `v1.`.
//!
//! The codec version is independent of the scenario format version (`"rolecall": 1`): the codec
//! says how the bytes are packed, the scenario loader migrates old formats. Decoding accepts a
//! whole URL, a fragment (`#s=v1...`), the parameter (`s=v1...`) or the bare payload (`v1...`).
//!
//! Decoding is bounded: at most [`MAX_LINK_LEN`] bytes of link text and at most
//! [`MAX_JSON_LEN`] bytes once inflated (inflation stops at the limit, so a deflate bomb never
//! allocates more), and every malformed input gives a one-line [`ShareError`].

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::{DecodeError, Engine as _, alphabet};
use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_with_limit};

use crate::json::ValueKind;
use crate::scenario::text::minify;

/// The name of the fragment parameter that carries the scenario (`#s=...`).
pub const LINK_PARAM: &str = "s";
/// The name of the fragment parameter that selects a request (`&r=2`, from 1).
pub const REQUEST_PARAM: &str = "r";
/// The prefix of the current codec version.
pub const VERSION_PREFIX: &str = "v1.";
/// The longest link text [`decode`] accepts, in bytes (64 KiB).
pub const MAX_LINK_LEN: usize = 64 * 1024;
/// The largest inflated JSON [`decode`] accepts, in bytes (1 MiB).
pub const MAX_JSON_LEN: usize = 1024 * 1024;

/// Why a link could not be decoded. `Display` gives a one-line message for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// The link (or its payload) is empty.
    #[error("the link is empty")]
    Empty,
    /// The link text is longer than [`MAX_LINK_LEN`].
    #[error("the link is too long: {len} bytes, at most {MAX_LINK_LEN} are accepted")]
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The payload has no `vN.` prefix at all.
    #[error("the link has no version prefix: expected `{VERSION_PREFIX}` before the payload")]
    MissingVersion,
    /// The payload has a version prefix this build does not know.
    #[error(
        "unknown link version `{version}`: this Rolecall reads `v1` links, a newer Rolecall may read this one"
    )]
    UnknownVersion {
        /// The prefix found, such as `v9`.
        version: String,
    },
    /// A character that is not base64url.
    #[error(
        "the link is damaged: `{}` at position {position} is not a base64url character",
        .character.escape_debug()
    )]
    BadBase64 {
        /// The character.
        character: char,
        /// Its position (0-based, in characters) in the payload after the version prefix.
        position: usize,
    },
    /// The base64url text has an impossible length (one character too many).
    #[error(
        "the link is damaged: {len} base64url characters cannot encode whole bytes (was it cut?)"
    )]
    BadBase64Length {
        /// The number of base64url characters.
        len: usize,
    },
    /// The deflate stream ends before its end marker.
    #[error("the link is truncated: the compressed data ends early")]
    Truncated,
    /// The deflate stream is invalid.
    #[error("the link is damaged: the compressed data is invalid")]
    Corrupt,
    /// The inflated JSON would be larger than [`MAX_JSON_LEN`].
    #[error(
        "the scenario in the link is too large: more than {MAX_JSON_LEN} bytes once decompressed"
    )]
    TooLarge,
    /// The inflated bytes are not UTF-8.
    #[error("the link is damaged: the decompressed data is not UTF-8 text (byte {position})")]
    NotUtf8 {
        /// The byte offset of the first invalid byte.
        position: usize,
    },
    /// The inflated text is not valid JSON.
    #[error("the link holds invalid JSON at line {line}, column {column}: {message}")]
    InvalidJson {
        /// The 1-based line.
        line: usize,
        /// The 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The JSON is valid but is not a Rolecall scenario.
    #[error("the link does not hold a Rolecall scenario: {reason}")]
    NotAScenario {
        /// Why not.
        reason: String,
    },
}

/// Encodes scenario JSON text as a link payload (`v1.` + base64url of raw deflate).
///
/// The text is minified first; its key order and string contents are kept.
///
/// # Examples
///
/// ```
/// use rolecall_core::share::{decode, encode};
/// let payload = encode(r#"{ "rolecall": 1, "title": "demo" }"#);
/// assert!(payload.starts_with("v1."));
/// assert_eq!(decode(&payload).as_deref(), Ok(r#"{"rolecall":1,"title":"demo"}"#));
/// ```
#[must_use]
pub fn encode(json_text: &str) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(minify(json_text).as_bytes(), 9);
    let mut out = String::from(VERSION_PREFIX);
    base64url_encode(&compressed, &mut out);
    out
}

/// Makes a whole link: `base_url` (anything after a `#` in it is dropped) + `#s=` + payload.
///
/// # Examples
///
/// ```
/// use rolecall_core::share::link;
/// let url = link("https://rolecall.example/", r#"{"rolecall":1}"#);
/// assert!(url.starts_with("https://rolecall.example/#s=v1."));
/// ```
#[must_use]
pub fn link(base_url: &str, json_text: &str) -> String {
    let base = base_url.split('#').next().unwrap_or_default();
    format!("{base}#{LINK_PARAM}={}", encode(json_text))
}

/// The two links of a challenge (see [`crate::scenario::challenge`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChallengeLinks {
    /// The trainer link: the challenge with its reference solution.
    pub trainer: String,
    /// The learner link: the same challenge without the solution in any form (no text, no
    /// hash, no length of it); goal, checks and hints are kept.
    pub learner: String,
}

/// Makes the trainer and learner links of a challenge scenario, as it is handed out (`None`
/// when the scenario has no `challenge`).
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::{challenge::GALLERY, load};
/// use rolecall_core::share::{challenge_links, decode};
/// let scenario = load(GALLERY[0].text).scenario.unwrap();
/// let links = challenge_links("https://rolecall.example/", &scenario).unwrap();
/// assert!(decode(&links.trainer).unwrap().contains("\"solution\""));
/// assert!(!decode(&links.learner).unwrap().contains("\"solution\""));
/// ```
#[must_use]
pub fn challenge_links(
    base_url: &str,
    scenario: &crate::scenario::Scenario,
) -> Option<ChallengeLinks> {
    use crate::scenario::{challenge::for_learner, to_json_minified};
    scenario.challenge.as_ref()?;
    Some(ChallengeLinks {
        trainer: link(base_url, &to_json_minified(scenario)),
        learner: link(base_url, &to_json_minified(&for_learner(scenario))),
    })
}

/// Makes a link that also selects request `request` (0-based, written from 1 as `&r=N`), so
/// that whoever opens it sees the same request.
///
/// # Examples
///
/// ```
/// use rolecall_core::share::{link_to_request, selected_request};
/// let url = link_to_request("https://rolecall.example/", r#"{"rolecall":1}"#, 1);
/// assert!(url.ends_with("&r=2"));
/// assert_eq!(selected_request(&url), Some(1));
/// ```
#[must_use]
pub fn link_to_request(base_url: &str, json_text: &str, request: usize) -> String {
    format!(
        "{}&{REQUEST_PARAM}={}",
        link(base_url, json_text),
        request.saturating_add(1)
    )
}

/// The request a link selects (0-based): its `r=N` fragment parameter, N from 1. `None` when
/// there is none or it is not a number from 1 (a link without it opens on the first request).
#[must_use]
pub fn selected_request(link: &str) -> Option<usize> {
    let fragment = link.split_once('#').map_or(link, |(_, f)| f);
    let param = format!("{REQUEST_PARAM}=");
    fragment
        .split('&')
        .find_map(|part| part.strip_prefix(param.as_str()))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .and_then(|n| n.checked_sub(1))
}

/// Decodes a link (whole URL, `#s=...` fragment, `s=...` or bare `v1...` payload) to the
/// minified scenario JSON text it carries.
///
/// # Errors
///
/// Returns a [`ShareError`] for an empty or too long link, a missing or unknown version, bad
/// base64url, truncated or corrupt deflate data, an inflated size above [`MAX_JSON_LEN`], or
/// bytes that are not UTF-8. The JSON itself is not checked here: see [`decode_json`].
pub fn decode(link: &str) -> Result<String, ShareError> {
    if link.len() > MAX_LINK_LEN {
        return Err(ShareError::TooLong { len: link.len() });
    }
    let payload = payload_of(link.trim());
    if payload.is_empty() {
        return Err(ShareError::Empty);
    }
    let Some((version, data)) = payload.split_once('.') else {
        return Err(ShareError::MissingVersion);
    };
    let known_shape = version.len() > 1
        && version.starts_with('v')
        && version.bytes().skip(1).all(|b| b.is_ascii_digit());
    if !known_shape {
        return Err(ShareError::MissingVersion);
    }
    if version != "v1" {
        return Err(ShareError::UnknownVersion {
            version: version.to_owned(),
        });
    }
    let compressed = base64url_decode(data)?;
    if compressed.is_empty() {
        return Err(ShareError::Empty);
    }
    let bytes =
        decompress_to_vec_with_limit(&compressed, MAX_JSON_LEN).map_err(|e| match e.status {
            TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                ShareError::Truncated
            }
            _ => ShareError::Corrupt,
        })?;
    String::from_utf8(bytes).map_err(|e| ShareError::NotUtf8 {
        position: e.utf8_error().valid_up_to(),
    })
}

/// Decodes a link and checks that it holds JSON that looks like a scenario: an object with a
/// `rolecall` member. Returns the minified JSON text, ready for the scenario loader (which
/// migrates old format versions and reports everything else with spans).
///
/// # Errors
///
/// Everything [`decode`] reports, plus invalid JSON (with line and column) and JSON that is
/// not a scenario.
pub fn decode_json(link: &str) -> Result<String, ShareError> {
    let text = decode(link)?;
    // Why our own reader rather than serde_json: it reads every number as its source text (a
    // 400-digit number is valid JSON, which serde_json rejects as out of range), it recovers
    // from what the scenario loader reports with spans (duplicate keys), and its messages are
    // the ones the rest of Rolecall uses. The file loader and the link therefore agree.
    let parsed = crate::json::parse_document(&text);
    let value = match parsed.value {
        Some(value) if parsed.complete => value,
        _ => {
            let (at, message) = parsed
                .diagnostics
                .iter()
                .find(|d| d.is_error())
                .map_or((text.len(), "invalid JSON".to_owned()), |d| {
                    (d.span().start, d.message.clone())
                });
            let (line, column) = line_and_column(&text, at);
            return Err(ShareError::InvalidJson {
                line,
                column,
                message,
            });
        }
    };
    let ValueKind::Object(members) = &value.kind else {
        return Err(ShareError::NotAScenario {
            reason: "the JSON is not an object".to_owned(),
        });
    };
    match members.iter().find(|m| m.key.value == "rolecall") {
        Some(m) if matches!(m.value.kind, ValueKind::Number(_)) => Ok(text),
        Some(_) => Err(ShareError::NotAScenario {
            reason: "`rolecall` is not a version number".to_owned(),
        }),
        None => Err(ShareError::NotAScenario {
            reason: "the object has no `rolecall` version member".to_owned(),
        }),
    }
}

/// The 1-based line and column (in characters) of byte offset `at` of `text`.
fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// Finds the payload in a URL, fragment, parameter or bare payload.
fn payload_of(link: &str) -> &str {
    let fragment = match link.split_once('#') {
        Some((_, fragment)) => fragment,
        None => link,
    };
    let param = format!("{LINK_PARAM}=");
    fragment
        .split('&')
        .find_map(|part| part.strip_prefix(param.as_str()))
        .unwrap_or(fragment)
        .trim()
}

/// base64url (RFC 4648 §5) as the links write it: no padding on encoding; on decoding, trailing
/// `=` are trimmed first and unused low bits of the last character are ignored, as the
/// hand-written decoder of the first links did.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

fn base64url_encode(bytes: &[u8], out: &mut String) {
    BASE64URL.encode_string(bytes, out);
}

/// Decodes base64url without padding (trailing `=` are tolerated and ignored).
fn base64url_decode(text: &str) -> Result<Vec<u8>, ShareError> {
    let text = text.trim_end_matches('=');
    BASE64URL.decode(text).map_err(|e| match e {
        DecodeError::InvalidByte(at, _) | DecodeError::InvalidLastSymbol(at, _) => {
            ShareError::BadBase64 {
                character: text
                    .get(at..)
                    .and_then(|rest| rest.chars().next())
                    .unwrap_or('='),
                position: text.get(..at).map_or(at, |before| before.chars().count()),
            }
        }
        DecodeError::InvalidLength(len) => ShareError::BadBase64Length { len },
        // Not expected: the padding is trimmed above.
        DecodeError::InvalidPadding => ShareError::BadBase64Length {
            len: text.chars().count(),
        },
    })
}

#[cfg(test)]
mod tests;
