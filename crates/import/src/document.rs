//! Policy documents as AWS returns them: a JSON object, a JSON string holding the policy, or a
//! URL-encoded string (`%7B%22Version%22...`: what the raw IAM API returns, and so what most
//! SDK-based collectors write). All three become the policy's JSON text.
//!
//! Why URL encoding: "The policy document returned in this structure is URL-encoded compliant
//! with RFC 3986" (IAM API Reference, `GetAccountAuthorizationDetails`, `PolicyVersion`,
//! `GetRolePolicy`). The AWS CLI decodes it; the API, the SDKs and many tools do not.

use crate::error::DocumentError;
use crate::node::Node;

/// The policy text of a document value, or why it is not one.
///
/// # Errors
/// When the value is neither an object nor a string holding a JSON object (plain or
/// URL-encoded).
pub fn document_text(value: &Node) -> Result<String, DocumentError> {
    match value {
        Node::Object(_) => Ok(value.to_json()),
        Node::String(s) => {
            let text = if s.trim_start().starts_with('{') {
                s.clone()
            } else {
                percent_decode(s).ok_or(DocumentError::NotEncodedJson)?
            };
            // The text starts with `{` (checked above, or by `percent_decode`), so it parses to
            // an object or not at all.
            Node::parse_json(&text)
                .map(|node| node.to_json())
                .map_err(DocumentError::Json)
        }
        _ => Err(DocumentError::NotObjectOrString),
    }
}

/// Decodes `%XX` escapes (and `+` as a space, as form encoding does); `None` when the result
/// is not UTF-8 or does not look like a JSON object.
#[must_use]
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    let text = String::from_utf8(out).ok()?;
    text.trim_start().starts_with('{').then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;

    fn check(value: Node, expected: Result<&str, &str>) {
        let got = document_text(&value);
        match expected {
            Ok(text) => assert_eq!(got.as_deref(), Ok(text)),
            Err(part) => assert!(
                got.as_ref().is_err_and(|e| e.to_string().contains(part)),
                "{got:?}"
            ),
        }
    }

    #[test]
    fn every_document_encoding_gives_the_same_text() {
        check(Node::parse_json(POLICY).unwrap(), Ok(POLICY));
        check(Node::text(POLICY), Ok(POLICY));
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ab%2F%2A%22%7D%5D%7D";
        check(Node::text(encoded), Ok(POLICY));
        // Pretty-printed JSON in a string (as the console shows it) is minified, order kept.
        check(
            Node::text("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}"),
            Ok(r#"{"Version":"2012-10-17","Statement":[]}"#),
        );
    }

    #[test]
    fn values_that_are_not_documents_say_why() {
        check(
            Node::Number("1".to_owned()),
            Err("neither an object nor a string"),
        );
        check(Node::text("hello"), Err("neither JSON nor URL-encoded"));
        check(Node::text("{\"Version\": "), Err("not valid JSON"));
        check(Node::text("%ZZ"), Err("neither JSON nor URL-encoded"));
    }
}
