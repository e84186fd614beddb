use proptest::prelude::*;

use super::*;

/// Checks that decoding `link` fails with exactly `expected` (as the user sees it).
fn check_error(link: &str, expected: &str) {
    let error = decode_json(link).err().map(|e| e.to_string());
    assert_eq!(error.as_deref(), Some(expected), "link: {link}");
}

fn raw_payload(bytes: &[u8]) -> String {
    let mut out = String::from("v1.");
    base64url_encode(bytes, &mut out);
    out
}

const SCENARIO: &str = r#"{
  "rolecall": 1,
  "title": "Émoji ✓ and \"quotes\"",
  "requests": [ {"name": "a  b", "action": "s3:GetObject"} ]
}"#;

#[test]
fn round_trip_gives_the_minified_text_back_exactly() {
    let link = link("https://rolecall.example/play#old", SCENARIO);
    assert!(link.starts_with("https://rolecall.example/play#s=v1."));
    assert_eq!(decode_json(&link).as_deref(), Ok(minify(SCENARIO).as_str()));
}

#[test]
fn decode_accepts_url_fragment_param_and_bare_payload() {
    let payload = encode(SCENARIO);
    let expected = minify(SCENARIO);
    for form in [
        format!("https://x.test/#{LINK_PARAM}={payload}"),
        format!("https://x.test/?q=1#other=2&{LINK_PARAM}={payload}"),
        format!("#{LINK_PARAM}={payload}"),
        format!("{LINK_PARAM}={payload}"),
        payload.clone(),
        format!("  {payload}\n"),
        format!("{payload}=="),
    ] {
        assert_eq!(decode(&form).as_deref(), Ok(expected.as_str()), "{form}");
    }
}

#[test]
fn hostile_links_give_one_line_errors() {
    check_error("", "the link is empty");
    check_error("https://x.test/#s=", "the link is empty");
    check_error("v1.", "the link is empty");
    check_error(
        "q1YqSs7PS",
        "the link has no version prefix: expected `v1.` before the payload",
    );
    check_error(
        "v9.q1YqSs7PS",
        "unknown link version `v9`: this Rolecall reads `v1` links, a newer Rolecall may read this one",
    );
    check_error(
        "v1.q1Y%qSs",
        "the link is damaged: `%` at position 3 is not a base64url character",
    );
    check_error(
        "v1.q1Y+",
        "the link is damaged: `+` at position 3 is not a base64url character",
    );
    check_error(
        "v1.AAAAA",
        "the link is damaged: 5 base64url characters cannot encode whole bytes (was it cut?)",
    );
    check_error(
        &"v1.A".repeat(20_000),
        "the link is too long: 80000 bytes, at most 65536 are accepted",
    );
}

#[test]
fn truncated_link_is_reported_as_truncated() {
    let payload = encode(SCENARIO);
    let cut = payload.get(..payload.len() / 2).unwrap_or_default();
    // Cutting may leave an impossible base64 length; cut one more character then.
    let cut = if (cut.len() - 3) % 4 == 1 {
        cut.get(..cut.len() - 1).unwrap_or_default()
    } else {
        cut
    };
    check_error(cut, "the link is truncated: the compressed data ends early");
}

#[test]
fn corrupt_deflate_is_reported_as_damaged() {
    // Block type 3 is reserved in RFC 1951.
    check_error(
        &raw_payload(&[0xff, 0xff, 0xff]),
        "the link is damaged: the compressed data is invalid",
    );
}

#[test]
fn deflate_bomb_stops_at_the_size_limit() {
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 8 * MAX_JSON_LEN], 9);
    let link = raw_payload(&bomb);
    assert!(link.len() < MAX_LINK_LEN, "the bomb link is small");
    check_error(
        &link,
        "the scenario in the link is too large: more than 1048576 bytes once decompressed",
    );
}

#[test]
fn non_utf8_invalid_json_and_non_scenarios_are_named() {
    let deflate = |bytes: &[u8]| raw_payload(&miniz_oxide::deflate::compress_to_vec(bytes, 6));
    check_error(
        &deflate(b"{\"a\":\xff}"),
        "the link is damaged: the decompressed data is not UTF-8 text (byte 5)",
    );
    check_error(
        &deflate(b"{\"rolecall\":1,\n\"title\":}"),
        "the link holds invalid JSON at line 2, column 9: expected a json value, found `}`",
    );
    check_error(
        &deflate(b"not json"),
        "the link holds invalid JSON at line 1, column 1: expected a json value, found `not`",
    );
    check_error(
        &deflate(b"[1]"),
        "the link does not hold a Rolecall scenario: the JSON is not an object",
    );
    check_error(
        &deflate(b"{\"title\":1}"),
        "the link does not hold a Rolecall scenario: the object has no `rolecall` version member",
    );
    check_error(
        &deflate(b"{\"rolecall\":\"1\"}"),
        "the link does not hold a Rolecall scenario: `rolecall` is not a version number",
    );
}

#[test]
fn numbers_of_any_size_round_trip_like_the_file_loader_reads_them() {
    // A number too large for an f64 is still valid JSON: the link must open it as the file
    // loader does (numbers keep their source text).
    let text = format!(r#"{{"rolecall":1,"n":1{}}}"#, "0".repeat(400));
    assert_eq!(decode_json(&encode(&text)).as_deref(), Ok(text.as_str()));
    let text = r#"{"rolecall":1,"x":1e999,"y":-0.0000000000000000000000000001}"#;
    assert_eq!(decode_json(&encode(text)).as_deref(), Ok(text));
}

#[test]
fn json_the_loader_recovers_from_still_opens() {
    // A duplicate key is reported by the scenario loader; the link must not lose the scenario.
    let text = r#"{"rolecall":1,"title":"a","title":"b"}"#;
    assert_eq!(decode_json(&encode(text)).as_deref(), Ok(text));
}

#[test]
fn a_scenario_with_a_comment_keeps_everything_after_it() {
    // The loader reports the comment; the link must still carry the whole scenario.
    let text = "{\"rolecall\": 1, // a comment\n \"title\": \"x\"}";
    let json = decode_json(&encode(text));
    assert_eq!(
        json.as_deref(),
        Ok("{\"rolecall\":1,// a comment\n\"title\":\"x\"}")
    );
}

#[test]
fn base64url_matches_rfc_4648_vectors() {
    for (bytes, text) in [
        (&b""[..], ""),
        (b"f", "Zg"),
        (b"fo", "Zm8"),
        (b"foo", "Zm9v"),
        (b"foob", "Zm9vYg"),
        (b"fooba", "Zm9vYmE"),
        (b"foobar", "Zm9vYmFy"),
        (&[0xfb, 0xff][..], "-_8"),
    ] {
        let mut out = String::new();
        base64url_encode(bytes, &mut out);
        assert_eq!(out, text);
        assert_eq!(base64url_decode(text).ok().as_deref(), Some(bytes));
    }
}

proptest! {
    #[test]
    fn encode_then_decode_is_identity_on_minified_text(text in "\\PC{0,400}") {
        let minified = minify(&text);
        prop_assume!(!minified.is_empty());
        prop_assert_eq!(decode(&encode(&minified)), Ok(minified));
    }

    #[test]
    fn base64url_round_trips_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut text = String::new();
        base64url_encode(&bytes, &mut text);
        prop_assert_eq!(base64url_decode(&text), Ok(bytes));
    }

    #[test]
    fn decode_never_panics(text in "\\PC{0,200}") {
        let _ = decode_json(&text);
        let _ = decode_json(&format!("v1.{text}"));
    }
}

#[test]
fn a_link_to_a_request_opens_the_same_scenario_on_that_request() {
    let url = link_to_request("https://rolecall.example/", SCENARIO, 2);
    assert_eq!(decode_json(&url).as_deref(), Ok(minify(SCENARIO).as_str()));
    assert_eq!(selected_request(&url), Some(2));
    assert_eq!(
        selected_request(&link("https://rolecall.example/", SCENARIO)),
        None
    );
    for bad in ["#s=v1.AA&r=0", "#s=v1.AA&r=x", "#s=v1.AA&r=", "#r=-1"] {
        assert_eq!(selected_request(bad), None, "{bad}");
    }
}
