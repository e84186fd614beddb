//! Reading the `requests` of a scenario: principals, assume hops, expectations.

use crate::condition::parse_rfc3339;
use crate::diagnostic::scenario as diag;
use crate::json::{Value, ValueKind, member};
use crate::names::Named;
use crate::scenario::arn::{IdentityKind, identity_kind, session_role_arn};
use crate::scenario::chain::MAX_HOPS;
use crate::scenario::model::{
    AssumeHop, Expect, Expectation, HopCall, KeyValues, PrincipalSpec, ScenarioRequest, StepRef,
    TAGS_CLAIM, TokenTags,
};
use crate::scenario::reader::{ReadIdentity, Reader};
use crate::span::Spanned;

/// The fields of a request, of an assume hop and of a principal object.
pub(crate) const REQUEST: &[&str] = &[
    "name",
    "principal",
    "context",
    "assume",
    "action",
    "resource",
    "vpcEndpointPolicy",
    "vpcEndpointId",
    "expect",
];
pub(crate) const EXPECT: &[&str] = &["decision", "at"];
pub(crate) const HOP: &[&str] = &[
    "call",
    "role",
    "name",
    "sessionName",
    "externalId",
    "mfa",
    "sessionTags",
    "transitiveTagKeys",
    "sourceIdentity",
    "sessionPolicy",
    "policyArns",
    "durationSeconds",
    "time",
    "context",
];
pub(crate) const PRINCIPAL: &[&str] = &[
    "service",
    "sourceArn",
    "sourceAccount",
    "federated",
    "claims",
    "saml",
];

pub(crate) fn read_request(
    r: &mut Reader<'_>,
    value: &Value,
    identities: &[ReadIdentity],
) -> Option<ScenarioRequest> {
    let place = "a request";
    let members = r.object(value, "requests", place, REQUEST)?;
    let name = r.req_string(members, "name", place, value.span);
    let principal_value = r.required(members, "principal", place, value.span);
    let principal = principal_value.and_then(|v| read_principal(r, v, identities));
    let assume = r.list(members, "assume", |r, v| read_hop(r, v, identities));
    chain_length(r, members);
    let has_action = member(members, "action").is_some();
    let expect_value = member(members, "expect");
    let expect = expect_value.and_then(|v| read_expect(r, v, assume.len(), has_action));
    if assume.is_empty() && member(members, "action").is_none() {
        r.diagnostics.push(diag::missing_field(
            value.span.opening(),
            "action",
            "a request without `assume`",
        ));
    }
    Some(ScenarioRequest {
        name: name.map(|n| n.value).unwrap_or_default(),
        principal: principal.unwrap_or_default(),
        context: r.context_map(members, "context"),
        assume,
        action: read_action(r, members),
        resource: read_resource(r, members),
        vpc_endpoint_policy: member(members, "vpcEndpointPolicy")
            .and_then(|v| r.document(v, "vpcEndpointPolicy")),
        vpc_endpoint_id: r.opt_string(members, "vpcEndpointId"),
        expect,
        span: value.span,
        principal_span: principal_value.map_or(value.span.opening(), |v| v.span),
        expect_span: expect_value.map_or(value.span.opening(), |v| v.span),
    })
}

/// Warns at the first hop beyond [`MAX_HOPS`] (see `chain-too-long`).
fn chain_length(r: &mut Reader<'_>, members: &[crate::json::Member]) {
    if let Some(ValueKind::Array(hops)) = member(members, "assume").map(|v| &v.kind) {
        if let Some(extra) = hops.get(MAX_HOPS) {
            r.diagnostics
                .push(diag::chain_too_long(extra.span, hops.len(), MAX_HOPS));
        }
    }
}

/// The request's `expect`: a decision name, or `{"decision": NAME, "at": STEP}` where STEP is
/// `"hop N"` (one of the request's `hops`) or `"action"` (when the request has one).
fn read_expect(r: &mut Reader<'_>, value: &Value, hops: usize, has_action: bool) -> Option<Expect> {
    let (decision, at) = if matches!(value.kind, ValueKind::Object(_)) {
        let members = r.object(value, "expect", "an expectation", EXPECT)?;
        let decision = r.req_string(members, "decision", "an expectation", value.span)?;
        let at = member(members, "at").and_then(|v| r.string(v, "at"));
        (decision, at)
    } else {
        (r.string(value, "expect")?, None)
    };
    let Some(expected) = Expectation::from_name(&decision.value) else {
        r.diagnostics
            .push(diag::invalid_expect(decision.span, &decision.value));
        return None;
    };
    let Some(at) = at else {
        return Some(expected.into());
    };
    let step = StepRef::parse(&at.value);
    let problem = match step {
        None => Some("expected `hop N` (N from 1) or `action`".to_owned()),
        Some(StepRef::Hop(h)) if h >= hops => Some(match hops {
            0 => "the request has no assume hop".to_owned(),
            1 => "the request has 1 assume hop".to_owned(),
            n => format!("the request has {n} assume hops"),
        }),
        Some(StepRef::Action) if !has_action => Some("the request has no `action`".to_owned()),
        // Why: an allowed request has no deciding step; every step allowed it.
        Some(_) if expected == Expectation::Allowed => Some(
            "an allowed request has no deciding step: `at` names the step that denies".to_owned(),
        ),
        Some(_) => None,
    };
    if let Some(problem) = problem {
        r.diagnostics
            .push(diag::invalid_expect_at(at.span, &at.value, &problem));
        return Some(expected.into());
    }
    Some(Expect {
        decision: expected,
        at: step,
    })
}

/// The request's `action`, reported when it is not `service:Name`.
fn read_action(r: &mut Reader<'_>, members: &[crate::json::Member]) -> Option<String> {
    let action = r.string(member(members, "action")?, "action")?;
    let well_formed = action.value.split_once(':').is_some_and(|(service, name)| {
        !service.is_empty() && !name.is_empty() && !action.value.contains(char::is_whitespace)
    });
    if !well_formed {
        r.diagnostics
            .push(diag::invalid_action(action.span, &action.value));
    }
    Some(action.value)
}

/// The request's `resource`, reported when it is empty.
fn read_resource(r: &mut Reader<'_>, members: &[crate::json::Member]) -> Option<String> {
    let resource = r.string(member(members, "resource")?, "resource")?;
    if resource.value.is_empty() {
        r.diagnostics.push(diag::empty_resource(resource.span));
    }
    Some(resource.value)
}

fn defined_as(identities: &[ReadIdentity], arn: &str, kind: IdentityKind) -> bool {
    identities
        .iter()
        .any(|(i, _)| i.arn == arn && identity_kind(&i.arn) == Some(kind))
}

fn read_principal(
    r: &mut Reader<'_>,
    value: &Value,
    identities: &[ReadIdentity],
) -> Option<PrincipalSpec> {
    if let ValueKind::String(text) = &value.kind {
        if text == "anonymous" {
            return Some(PrincipalSpec::Anonymous);
        }
        let known = match identity_kind(text) {
            Some(IdentityKind::User) => defined_as(identities, text, IdentityKind::User),
            Some(IdentityKind::Role) => defined_as(identities, text, IdentityKind::Role),
            Some(IdentityKind::Root) => true,
            Some(IdentityKind::Group) => false,
            None => session_role_arn(text)
                .is_some_and(|role| defined_as(identities, &role, IdentityKind::Role)),
        };
        if !known {
            let what = if identity_kind(text) == Some(IdentityKind::Group) {
                "a group cannot make requests: principal"
            } else {
                "principal"
            };
            r.diagnostics
                .push(diag::dangling_reference(value.span, text, what));
        }
        return Some(PrincipalSpec::Arn(text.clone()));
    }
    let members = r.object(value, "principal", "a principal", PRINCIPAL)?;
    if let Some(service) = member(members, "service").and_then(|v| r.string(v, "service")) {
        let source = member(members, "sourceAccount").and_then(|v| r.string(v, "sourceAccount"));
        return Some(PrincipalSpec::Service {
            service: service.value,
            source_arn: r.opt_string(members, "sourceArn"),
            source_account: r.account(source),
        });
    }
    let Some(provider) = member(members, "federated").and_then(|v| r.string(v, "federated")) else {
        r.diagnostics.push(diag::invalid_principal(value.span));
        return None;
    };
    if member(members, "saml").is_some() {
        return Some(PrincipalSpec::Saml {
            provider: provider.value,
            attributes: r.context_map(members, "saml"),
        });
    }
    let (claims, tags) = read_claims(r, members);
    Some(PrincipalSpec::WebIdentity {
        provider: provider.value,
        claims,
        tags,
    })
}

/// The claims of a web identity token; the `https://aws.amazon.com/tags` claim is read as the
/// session tags it carries.
fn read_claims(
    r: &mut Reader<'_>,
    members: &[crate::json::Member],
) -> (KeyValues<crate::request::ContextValue>, Option<TokenTags>) {
    let mut tags = None;
    let claims = r.map(members, "claims", |r, field, v| {
        if field.strip_prefix("claims.") == Some(TAGS_CLAIM) {
            tags = read_token_tags(r, field, v);
            return None;
        }
        r.context_value(v, field)
    });
    (claims, tags)
}

/// `{"principal_tags": {"team": ["blue"]}, "transitive_tag_keys": ["team"]}`.
///
/// Why: "principal_tags" maps each tag key to an array holding its one value, and
/// "transitive_tag_keys" lists the transitive ones ("Pass session tags using
/// AssumeRoleWithWebIdentity", IAM User Guide).
fn read_token_tags(r: &mut Reader<'_>, field: &str, value: &Value) -> Option<TokenTags> {
    const FIELDS: &[&str] = &["principal_tags", "transitive_tag_keys"];
    let members = r.object(value, field, "the tags claim", FIELDS)?;
    let principal_tags = r.map(members, "principal_tags", |r, field, v| {
        match r.context_value(v, field)? {
            crate::request::ContextValue::Single(s) => Some(s),
            crate::request::ContextValue::Multi(values) if values.len() == 1 => {
                values.into_iter().next()
            }
            crate::request::ContextValue::Multi(_) => {
                r.wrong(v, field, "an array holding one string");
                None
            }
        }
    });
    Some(TokenTags {
        principal_tags,
        transitive_tag_keys: r
            .string_list(members, "transitive_tag_keys")
            .into_iter()
            .map(|k| k.value)
            .collect(),
    })
}

fn read_hop(r: &mut Reader<'_>, value: &Value, identities: &[ReadIdentity]) -> Option<AssumeHop> {
    let place = "an assume hop";
    let members = r.object(value, "assume", place, HOP)?;
    let call = match member(members, "call").and_then(|v| r.string(v, "call")) {
        None => HopCall::AssumeRole,
        Some(c) => {
            let Some(call) = HopCall::from_name(&c.value) else {
                r.diagnostics.push(diag::invalid_call(
                    c.span,
                    &c.value,
                    crate::policy::suggest::closest(&c.value, HopCall::ALL.iter().map(|(_, n)| *n)),
                ));
                return None;
            };
            call
        }
    };
    // Which fields each call takes: `HopCall::takes` (with the AWS pages it follows).
    for m in members {
        let key = m.key.value.as_str();
        if HOP.contains(&key) && !call.takes(key) {
            r.diagnostics
                .push(diag::field_not_for_call(m.key.span, key, call.name()));
        }
    }
    let role = if call == HopCall::AssumeRole {
        let role = r.req_string(members, "role", place, value.span)?;
        if !defined_as(identities, &role.value, IdentityKind::Role) {
            r.diagnostics
                .push(diag::dangling_reference(role.span, &role.value, "role"));
        }
        role
    } else {
        Spanned::new(String::new(), value.span.opening())
    };
    let name = member(members, "name").and_then(|v| r.string(v, "name"));
    if call == HopCall::GetFederationToken && name.is_none() {
        r.diagnostics.push(diag::missing_field(
            value.span.opening(),
            "name",
            "a `GetFederationToken` hop",
        ));
    }
    let policy_arns = r.string_list(members, "policyArns");
    if policy_arns.len() > 10 {
        if let Some(v) = member(members, "policyArns") {
            r.diagnostics
                .push(diag::too_many_policy_arns(v.span, policy_arns.len()));
        }
    }
    let time = member(members, "time").and_then(|v| r.string(v, "time"));
    if let Some(t) = &time {
        if parse_rfc3339(&t.value).is_none() {
            r.diagnostics.push(diag::invalid_time(t.span, &t.value));
        }
    }
    Some(AssumeHop {
        call,
        name: name.map(|n| n.value),
        session_name: r.opt_string(members, "sessionName"),
        external_id: r.opt_string(members, "externalId"),
        mfa: r.boolean(members, "mfa"),
        session_tags: r.string_map(members, "sessionTags"),
        transitive_tag_keys: r
            .string_list(members, "transitiveTagKeys")
            .into_iter()
            .map(|k| k.value)
            .collect(),
        source_identity: r.opt_string(members, "sourceIdentity"),
        session_policy: member(members, "sessionPolicy")
            .and_then(|v| r.document(v, "sessionPolicy")),
        policy_arns: policy_arns.into_iter().map(|a| a.value).collect(),
        duration_seconds: r.integer(members, "durationSeconds", 0, u64::from(u32::MAX)),
        time: time.map(|t| t.value),
        context: r.context_map(members, "context"),
        span: role.span,
        role: role.value,
    })
}
