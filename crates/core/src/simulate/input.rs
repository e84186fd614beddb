//! Reading one input line: the envelope in one pass, then its fields (`fields.rs`) and its
//! policies through the cache (`policy_reader.rs`); what goes wrong is a `LineError`
//! (`line_error.rs`).

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::evaluate::{PolicySet, is_trust_action};
use crate::policy::model::PolicyKind;
use crate::request::{Context, Request};
use crate::simulate::SimulateInput;
use crate::simulate::cache::PolicyCache;
use crate::simulate::fields::{
    ContextMap, check_action, levels, list, optional, read_context, required, texts,
};
use crate::simulate::line_error::{LineError, envelope_error, offset, text_offset};
use crate::simulate::policy_reader::PolicyReader;
use crate::simulate::scan::{Cursor, Known};

/// The fields of an input line, read in one pass, each kept as its raw JSON text (a slice of
/// the line): policies go through the cache as they are, and every other field is decoded by
/// [`build`] with a message naming it and pointing at its place in the line (serde's own
/// messages name Rust types). `null` is kept as the text `null` (see [`present`]).
///
/// `L` and `V` are how the policy lists and the lists of levels are read: [`Careful`] keeps
/// them raw too (every message of [`build`] can then be given), [`Fast`] reads them as lists
/// in the same pass. Why both: a raw list is scanned once to find its end and again to split
/// it, and policy texts are most of a line; a line that [`Fast`] cannot read is read again
/// carefully, so the messages stay the same.
#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "camelCase",
    bound(deserialize = "'de: 'a, L: Deserialize<'de>, V: Deserialize<'de>")
)]
struct Envelope<'a, L, V> {
    #[serde(borrow, default, deserialize_with = "present")]
    id: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    principal: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    action: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    resource: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    resource_account: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    context: Option<Text<'a>>,
    #[serde(default, deserialize_with = "present")]
    identity_policies: Option<L>,
    #[serde(borrow, default, deserialize_with = "present")]
    resource_policy: Option<Text<'a>>,
    #[serde(default, deserialize_with = "present")]
    permission_boundaries: Option<L>,
    #[serde(borrow, default, deserialize_with = "present")]
    session_policy: Option<Text<'a>>,
    #[serde(default, deserialize_with = "present")]
    scps: Option<V>,
    #[serde(default, deserialize_with = "present")]
    rcps: Option<V>,
    #[serde(borrow, default, deserialize_with = "present")]
    management_account: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    service_linked_role: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    vpc_endpoint_policy: Option<Text<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    vpc_endpoint_id: Option<&'a RawValue>,
    // Annotations, ignored.
    #[serde(default, rename = "case")]
    _case: IgnoredAny,
    #[serde(default, rename = "expect")]
    _expect: IgnoredAny,
    #[serde(default, rename = "why")]
    _why: IgnoredAny,
    #[serde(default, rename = "rule")]
    _rule: IgnoredAny,
    #[serde(default, rename = "comment")]
    _comment: IgnoredAny,
}

/// The text of a value in the line, for a field whose text [`build`] reads (and so checks)
/// itself: the context and the single policies.
#[derive(Clone, Copy, Debug)]
struct Text<'a>(&'a str);

impl<'a> Text<'a> {
    fn get(self) -> &'a str {
        self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <&'a RawValue>::deserialize(d).map(|raw| Text(raw.get()))
    }
}

/// Every field raw: any line that is a JSON object with known fields reads.
type Careful<'a> = Envelope<'a, &'a RawValue, &'a RawValue>;

/// The policy lists read as lists: a line with a list field of another shape (or `null`) does
/// not read, and is read again as [`Careful`].
type Fast<'a> = Envelope<'a, Vec<&'a RawValue>, Vec<Vec<&'a RawValue>>>;

/// A line read by [`quick`].
type Quick<'a> = Envelope<'a, Policies<'a>, Levels<'a>>;

/// A field that is written, even as `null` (which `Option` alone would read as absent), so that
/// `"principal": null` says the principal must be a string rather than that it is missing.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A list of policies, as [`build`] reads it: their texts, slices of the line.
type Policies<'l> = Vec<&'l str>;

/// The levels of SCPs or RCPs, each a list of policies.
type Levels<'l> = Vec<Vec<&'l str>>;

/// A policy field (`T`: [`Policies`] or [`Levels`]) as [`build`] reads it: raw
/// ([`Careful`]) or already read ([`Fast`]).
trait PolicyField<T> {
    /// The field's value, or a message naming `field` when it is not a `T`.
    fn read(self, line: &str, field: &str) -> Result<Option<T>, LineError>;
}

impl<'l> PolicyField<Policies<'l>> for &'l RawValue {
    fn read(self, line: &str, field: &str) -> Result<Option<Policies<'l>>, LineError> {
        list(line, Some(self), field)
    }
}

impl<'l> PolicyField<Levels<'l>> for &'l RawValue {
    fn read(self, line: &str, field: &str) -> Result<Option<Levels<'l>>, LineError> {
        levels(line, Some(self), field)
    }
}

impl<'l> PolicyField<Policies<'l>> for Vec<&'l RawValue> {
    fn read(self, _: &str, _: &str) -> Result<Option<Policies<'l>>, LineError> {
        Ok(Some(texts(self)))
    }
}

impl<'l> PolicyField<Levels<'l>> for Vec<Vec<&'l RawValue>> {
    fn read(self, _: &str, _: &str) -> Result<Option<Levels<'l>>, LineError> {
        Ok(Some(self.into_iter().map(texts).collect()))
    }
}

impl<T> PolicyField<T> for T {
    fn read(self, _: &str, _: &str) -> Result<Option<T>, LineError> {
        Ok(Some(self))
    }
}

/// A policy field that may be absent.
fn policy_field<T>(
    line: &str,
    value: Option<impl PolicyField<T>>,
    field: &str,
) -> Result<Option<T>, LineError> {
    value.map_or(Ok(None), |v| v.read(line, field))
}

/// Just the `id`, to label the error result of a line that does not read as a request.
#[derive(Debug, Deserialize)]
struct IdOnly<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
}

/// An `id` that can be echoed: a string, a number or `null` (never a deep structure).
fn echoable(raw: &RawValue) -> bool {
    let text = raw.get();
    match text.as_bytes().first() {
        // A string with escapes must decode (no lone surrogate), so that the echo is valid.
        Some(b'"') => !text.contains('\\') || serde_json::from_str::<String>(text).is_ok(),
        Some(b'-' | b'0'..=b'9' | b'n') => true,
        _ => false,
    }
}

/// The `id` of a line that failed to read, if it can be found and echoed.
pub(crate) fn id_of(line: &str) -> Option<&RawValue> {
    serde_json::from_str::<IdOnly<'_>>(line)
        .ok()
        .and_then(|i| i.id)
        .filter(|id| echoable(id))
}

/// Reads a line into its `id` and its request with policies.
pub(crate) fn read<'l>(
    line: &'l str,
    cache: &mut PolicyCache,
) -> (Option<&'l RawValue>, Result<SimulateInput, LineError>) {
    read_with(line, cache, true)
}

/// [`read`] with serde_json reading the whole line, never [`quick`]: what the scan's reading
/// must always agree with (the fuzz target `simulate` checks it on every line it makes).
pub(crate) fn read_carefully<'l>(
    line: &'l str,
    cache: &mut PolicyCache,
) -> (Option<&'l RawValue>, Result<SimulateInput, LineError>) {
    read_with(line, cache, false)
}

fn read_with<'l>(
    line: &'l str,
    cache: &mut PolicyCache,
    scan: bool,
) -> (Option<&'l RawValue>, Result<SimulateInput, LineError>) {
    // serde reads a struct from an array too (`[]` gives every field its default), so the
    // shape of the line is checked first.
    if !line.trim_start().starts_with('{') {
        let start = line.len() - line.trim_start().len();
        let error = match serde_json::from_str::<Careful<'l>>(line) {
            Err(e) if serde_json::from_str::<IgnoredAny>(line).is_err() => envelope_error(line, &e),
            _ => LineError::new("the line is not a JSON object", Some(start)),
        };
        return (None, Err(error));
    }
    if scan
        && let Some(envelope) = quick(line, cache)
        && let (id, Ok(input)) = with_id(line, envelope, cache, false)
    {
        return (id, Ok(input));
    }
    read_by_serde(line, cache)
}

/// [`read`] with serde_json reading the whole line (any line [`quick`] does not read, and every
/// line that is an error, so that the messages are serde_json's and the fields').
fn read_by_serde<'l>(
    line: &'l str,
    cache: &mut PolicyCache,
) -> (Option<&'l RawValue>, Result<SimulateInput, LineError>) {
    match serde_json::from_str::<Fast<'l>>(line) {
        Ok(envelope) => with_id(line, envelope, cache, true),
        Err(_) => match serde_json::from_str::<Careful<'l>>(line) {
            Ok(envelope) => with_id(line, envelope, cache, true),
            Err(e) => (id_of(line), Err(envelope_error(line, &e))),
        },
    }
}

/// The keys of a line (the fields of [`Envelope`]).
const KEYS: [&str; 21] = [
    "id",
    "principal",
    "action",
    "resource",
    "resourceAccount",
    "context",
    "identityPolicies",
    "resourcePolicy",
    "permissionBoundaries",
    "sessionPolicy",
    "scps",
    "rcps",
    "managementAccount",
    "serviceLinkedRole",
    "vpcEndpointPolicy",
    "vpcEndpointId",
    "case",
    "expect",
    "why",
    "rule",
    "comment",
];

/// A line read by [`Cursor`], each value checked as serde_json would read it in the line (the
/// policy objects by the cache: see [`PolicyReader::json_read`]). `None` for a line it does not
/// read: an escaped, unknown or repeated key, a list of another shape, invalid JSON.
fn quick<'l>(line: &'l str, cache: &mut PolicyCache) -> Option<Quick<'l>> {
    cache.start_line();
    let known: Known<'_> = &mut |rest| cache.known_end(rest);
    let mut cursor = Cursor::new(line);
    let mut e = Quick::default();
    let mut seen = 0u32;
    if !cursor.eat(b'{') {
        return None;
    }
    if cursor.eat(b'}') {
        return cursor.at_end().then_some(e);
    }
    loop {
        let key = cursor.key()?;
        let bit = 1 << KEYS.iter().position(|k| *k == key)?;
        if seen & bit != 0 {
            return None;
        }
        seen |= bit;
        let c = &mut cursor;
        match key {
            "id" => e.id = Some(raw(c)?),
            "principal" => e.principal = Some(raw(c)?),
            "action" => e.action = Some(raw(c)?),
            "resource" => e.resource = Some(raw(c)?),
            "resourceAccount" => e.resource_account = Some(raw(c)?),
            "context" => e.context = Some(Text(c.value()?)),
            "identityPolicies" => e.identity_policies = c.list(&mut *known)?,
            "resourcePolicy" => e.resource_policy = Some(Text(c.policy(&mut *known)?)),
            "permissionBoundaries" => e.permission_boundaries = c.list(&mut *known)?,
            "sessionPolicy" => e.session_policy = Some(Text(c.policy(&mut *known)?)),
            "scps" => e.scps = c.levels(&mut *known)?,
            "rcps" => e.rcps = c.levels(&mut *known)?,
            "managementAccount" => e.management_account = Some(raw(c)?),
            "serviceLinkedRole" => e.service_linked_role = Some(raw(c)?),
            "vpcEndpointPolicy" => e.vpc_endpoint_policy = Some(Text(c.policy(&mut *known)?)),
            "vpcEndpointId" => e.vpc_endpoint_id = Some(raw(c)?),
            _ => {
                serde_json::from_str::<IgnoredAny>(c.value()?).ok()?;
            }
        }
        if !cursor.eat(b',') {
            break;
        }
    }
    (cursor.eat(b'}') && cursor.at_end()).then_some(e)
}

/// The next value, read by serde_json.
fn raw<'l>(cursor: &mut Cursor<'l>) -> Option<&'l RawValue> {
    serde_json::from_str(cursor.value()?).ok()
}

/// The line's `id` (when it can be echoed) and its request. `json_read`: serde_json has read
/// the line (see [`PolicyReader::json_read`]).
fn with_id<'l, L: PolicyField<Policies<'l>>, V: PolicyField<Levels<'l>>>(
    line: &'l str,
    envelope: Envelope<'l, L, V>,
    cache: &mut PolicyCache,
    json_read: bool,
) -> (Option<&'l RawValue>, Result<SimulateInput, LineError>) {
    match envelope.id.filter(|id| id.get() != "null") {
        Some(id) if !echoable(id) => (
            None,
            Err(LineError::new(
                "`id` must be a string, a number or null",
                Some(offset(line, id)),
            )),
        ),
        id => (id, build(line, envelope, cache, json_read)),
    }
}
/// Decodes every field of a line (in a fixed order, so that the first problem reported is
/// always the same), then reads its policies through the cache.
fn build<'l, L: PolicyField<Policies<'l>>, V: PolicyField<Levels<'l>>>(
    line: &'l str,
    e: Envelope<'l, L, V>,
    cache: &mut PolicyCache,
    json_read: bool,
) -> Result<SimulateInput, LineError> {
    let principal = required(line, e.principal, "principal")?;
    let action = required(line, e.action, "action")?;
    let resource = required(line, e.resource, "resource")?;
    let resource_account = optional(line, e.resource_account, "resourceAccount")?;
    let management_account = optional(line, e.management_account, "managementAccount")?;
    let vpc_endpoint_id = optional(line, e.vpc_endpoint_id, "vpcEndpointId")?;
    let service_linked_role = match e.service_linked_role.map(RawValue::get) {
        None | Some("null" | "false") => false,
        Some("true") => true,
        Some(_) => {
            return Err(LineError::new(
                "`serviceLinkedRole` must be a boolean",
                e.service_linked_role.map(|r| offset(line, r)),
            ));
        }
    };
    let context = match e.context {
        Some(Text(raw)) if raw != "null" => {
            Some(serde_json::from_str::<ContextMap<'_>>(raw).map_err(|_| {
                let message = if raw.starts_with('{') {
                    "a `context` key is not valid Unicode (it has a lone surrogate)"
                } else {
                    "`context` must be an object"
                };
                LineError::new(message, Some(text_offset(line, raw)))
            })?)
        }
        _ => None,
    };
    let identity_policies: Option<Policies<'l>> =
        policy_field(line, e.identity_policies, "identityPolicies")?;
    let permission_boundaries: Option<Policies<'l>> =
        policy_field(line, e.permission_boundaries, "permissionBoundaries")?;
    let scps: Option<Levels<'l>> = policy_field(line, e.scps, "scps")?;
    let rcps: Option<Levels<'l>> = policy_field(line, e.rcps, "rcps")?;
    for (field, value, raw) in [
        ("principal", &principal, e.principal),
        ("action", &action, e.action),
        ("resource", &resource, e.resource),
    ] {
        if value.is_empty() {
            return Err(LineError::new(
                format!("`{field}` must not be empty"),
                raw.map(|raw| offset(line, raw)),
            ));
        }
    }
    check_action(line, &action, e.action)?;
    let mut context = match &context {
        Some(map) => read_context(line, map)?,
        None => Context::new(),
    };
    let resource_kind = if is_trust_action(&action) {
        PolicyKind::Trust
    } else {
        PolicyKind::Resource
    };
    let mut reader = PolicyReader {
        line,
        cache,
        warnings: Vec::new(),
        json_read,
    };
    let mut policies = PolicySet::new();
    policies.identity = reader.list(
        identity_policies.as_deref(),
        ("identityPolicies", None),
        PolicyKind::Identity,
    )?;
    policies.boundaries = reader.list(
        permission_boundaries.as_deref(),
        ("permissionBoundaries", None),
        PolicyKind::Boundary,
    )?;
    policies.resource = reader.optional(
        e.resource_policy.map(Text::get),
        "resourcePolicy",
        resource_kind,
    )?;
    policies.sessions = (reader.optional(
        e.session_policy.map(Text::get),
        "sessionPolicy",
        PolicyKind::Session,
    )?)
    .into_iter()
    .collect();
    policies.vpc_endpoint = reader.optional(
        e.vpc_endpoint_policy.map(Text::get),
        "vpcEndpointPolicy",
        PolicyKind::VpcEndpoint,
    )?;
    // The line's context is used as given; `vpcEndpointId` is a short way to give
    // `aws:SourceVpce` (a `context` entry for the key wins).
    if let Some(id) = vpc_endpoint_id.as_deref() {
        crate::request::source_vpce(&mut context, Some(id));
    }
    policies.scps = reader.levels(scps.as_deref(), "scps", PolicyKind::Scp)?;
    policies.rcps = reader.levels(rcps.as_deref(), "rcps", PolicyKind::Rcp)?;
    policies.facts.management_account = management_account;
    policies.facts.service_linked_role = service_linked_role;
    let request = Request {
        principal,
        action,
        resource,
        resource_account,
        context,
    };
    Ok(SimulateInput {
        request,
        policies,
        warnings: reader.warnings,
    })
}
#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"id":"r1","principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}],"permissionBoundaries":["{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"],"scps":[[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}],[]]}"#;

    fn outcome(line: &str) -> Result<String, LineError> {
        read(line, &mut PolicyCache::default())
            .1
            .map(|input| format!("{:?} {:?}", input.request, input.policies))
    }

    /// Why: a raw list is scanned once to find its end and again to split it; a line whose lists
    /// are lists reads in one pass (the CLI's throughput, issue 14).
    #[test]
    fn a_well_formed_line_is_read_in_one_pass() {
        assert_eq!(
            serde_json::from_str::<Fast<'_>>(LINE)
                .err()
                .map(|e| e.to_string()),
            None
        );
        assert_eq!(outcome(LINE).err(), None);
    }

    #[test]
    fn a_line_read_in_one_pass_gives_what_the_careful_reading_gives() {
        let careful: Careful<'_> = serde_json::from_str(LINE).unwrap();
        let from_careful = build(LINE, careful, &mut PolicyCache::default(), true)
            .map(|input| format!("{:?} {:?}", input.request, input.policies));
        assert_eq!(outcome(LINE), from_careful);
    }

    #[test]
    fn a_null_policy_list_is_read_carefully_as_no_list() {
        let with_null = LINE.replace(r#""scps":[["#, r#""rcps":null,"scps":[["#);
        assert!(serde_json::from_str::<Fast<'_>>(&with_null).is_err());
        assert_eq!(outcome(&with_null), outcome(LINE));
    }

    #[test]
    fn a_policy_list_of_another_shape_keeps_its_message() {
        let line = LINE.replace(r#""identityPolicies":["#, r#""identityPolicies":7,"x":["#);
        let line = line.replace(r#","x":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}]"#, "");
        let error = outcome(&line).unwrap_err();
        assert_eq!(
            error.to_string(),
            "`identityPolicies` must be a list of policies"
        );
        assert_eq!(error.offset(), line.find("7,"));
    }

    /// Every line reads as serde_json reads it: the scan's reading when it can read the line,
    /// serde_json's (with its messages) when it cannot or when the line is an error.
    #[test]
    fn a_line_read_by_the_scan_gives_what_serde_json_gives() {
        const P: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
        const LONG: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::a/*","arn:aws:s3:::b/*","arn:aws:s3:::c/*"]}}"#;
        const R: &str =
            r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}"#;
        let escaped = LINE.replace("user/alice", r#"user/a\u00e9\"\\b"#).replace(
            r#""Resource":"*"}]"#,
            r#""Resource":"arn:aws:s3:::b/\u002a"}]"#,
        );
        let spaced = format!(
            " {{ \"id\" : 7 ,\t\"principal\" : \"arn:aws:iam::111111111111:user/a\" , \"action\":\"s3:GetObject\",\"resource\":\"arn:aws:s3:::b/k\",\"identityPolicies\" : [ {P} , \"{}\" ] , \"scps\" : [ [ ] , [ {P} ] ] }}  ",
            P.replace('"', "\\\"")
        );
        let rest = r#","principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/k""#;
        let lines = [
            LINE.to_owned(),
            escaped,
            spaced,
            format!(
                r#"{{"id":"x"{rest},"context":{{"aws:SourceIp":"203.0.113.7","n":1.5,"b":true,"l":["a",2]}},"resourcePolicy":{R},"sessionPolicy":null,"serviceLinkedRole":true,"case":{{"a":[1,{{}}]}},"comment":"c"}}"#
            ),
            format!(r#"{{"\u0069d":"x"{rest}}}"#),
            format!(r#"{{"id":"x"{rest},"rcps":null,"rcps":[]}}"#),
            format!(r#"{{"id":"x"{rest},"identityPolicies":[{P},]}}"#),
            format!(
                r#"{{"id":"x"{rest},"identityPolicies":[{}]}}"#,
                P.replace("*\"}", "*\",\"X\":01}")
            ),
            format!(
                r#"{{"id":"x"{rest},"identityPolicies":[{}]}}"#,
                P.replace("s3:*", "s3:\t*")
            ),
            format!(
                r#"{{"id":"x"{rest},"identityPolicies":[{}]}}"#,
                P.replace("s3:*", "s3:\\ud800")
            ),
            format!(r#"{{"id":"x"{rest},"identityPolicies":[7]}}"#),
            format!(r#"{{"id":"x"{rest},"unknown":1}}"#),
            format!(r#"{{"id":[1]{rest}}}"#),
            format!(r#"{{"id":nul{rest}}}"#),
            format!(r#"{{"id":"x"{rest}}} x"#),
            format!(r#"{{"id":"x"{rest}"#),
            format!(r#"{{"id":"x"{rest},"context":{{"a":}}}}"#),
            "{}".to_owned(),
            format!(r#"{{"id":"x"{rest},"identityPolicies":[{LONG}]}}"#),
            format!(r#"{{"id":"x"{rest},"identityPolicies":[{LONG},{LONG}],"scps":[[{LONG}]]}}"#),
            format!(r#"{{"id":"x"{rest},"identityPolicies":[{LONG} x]}}"#),
            format!(
                r#"{{"id":"x"{rest},"identityPolicies":[{}]}}"#,
                &LONG[..LONG.len() - 1]
            ),
        ];
        let (mut scanned, mut read_by) = (PolicyCache::default(), PolicyCache::default());
        for line in &lines {
            assert_eq!(
                format!("{:?}", read(line, &mut scanned)),
                format!("{:?}", read_by_serde(line, &mut read_by)),
                "{line}"
            );
        }
        // The long policy was found by its known length in the lines that repeat it.
        assert_eq!(scanned.known_end(&format!("{LONG}]")), Some(LONG.len()));
        let read = |line: &String| {
            quick(line, &mut PolicyCache::default()).is_some_and(|e| {
                with_id(line, e, &mut PolicyCache::default(), false)
                    .1
                    .is_ok()
            })
        };
        let by_scan: Vec<bool> = lines.iter().map(read).collect();
        assert_eq!(by_scan.get(..4), Some([true; 4].as_slice()));
        assert_eq!(
            by_scan.get(4..),
            Some(
                [[false; 14].as_slice(), &[true, true, false, false]]
                    .concat()
                    .as_slice()
            )
        );
    }
}
