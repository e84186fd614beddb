//! The form of each value: actions, resource ARNs and condition values.
//!
//! Condition values are read with the evaluator's own reader, so the two never disagree.

use crate::condition;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::policy as diag;
use crate::matching::Arn;
use crate::policy::model::{BaseOperator, Negatable, OperatorFamily, Statement};
use crate::span::{Span, Spanned};
use std::ops::Range;

/// Runs the value checks of one statement.
///
/// Why variables are refused in actions and principals: "IAM policy elements: Variables and
/// tags", "Where you can use policy variables" — variables are substituted in `Resource` (and
/// `NotResource`) and in condition values only; elsewhere `${...}` would be literal text. In a
/// `Resource` only after the fifth colon ("You can't use a variable to replace parts of the ARN
/// before the fifth colon, such as the service or account"): before it, a warning.
pub(super) fn check(s: &Statement, variables_enabled: bool, diagnostics: &mut Vec<Diagnostic>) {
    for action in s.action.iter().flat_map(|a| a.values.iter()) {
        if action.value.contains("${") {
            let element = Negatable::Action.key(s.action.as_ref().is_some_and(|a| a.negated));
            diagnostics.push(diag::variables_not_allowed(element, action.span));
        } else if !is_action(&action.value) {
            diagnostics.push(diag::invalid_action(&action.value, action.span));
        }
    }
    for resource in s.resource.iter().flat_map(|r| r.values.iter()) {
        match check_resource(&resource.value) {
            Ok(ResourceForm::Arn) => {}
            Ok(ResourceForm::ShortWildcard) => {
                diagnostics.push(diag::short_arn_wildcard(&resource.value, resource.span));
            }
            Err(reason) => {
                diagnostics.push(diag::malformed_arn(&resource.value, reason, resource.span));
            }
        }
        if variables_enabled {
            for range in condition::variables_before_resource_part(&resource.value) {
                let variable = resource.value.get(range.clone()).unwrap_or_default();
                let span = inner_span(resource, range);
                diagnostics.push(diag::variable_before_fifth_colon(variable, span));
            }
        }
    }
    for condition in &s.conditions {
        let Some(operator) = condition.operator else {
            continue;
        };
        let takes_variables = condition::supports_variables(condition::classify(operator.base).0);
        for (value, typed) in condition.values.iter().zip(condition.typed()) {
            // A variable is resolved per request (where the operator takes variables); its
            // value cannot be judged here.
            if takes_variables && condition::has_variables(&value.value) {
                continue;
            }
            if typed.is_err() {
                let expected = expected(operator.base);
                diagnostics.push(diag::invalid_condition_value(
                    &condition.operator_text.value,
                    &value.value,
                    expected,
                    value.span,
                ));
            }
        }
    }
}

/// The span of the bytes `range` of a string value: exact when the JSON string has no escapes
/// (its span is the text plus its two quotes), else the whole value.
fn inner_span(value: &Spanned<String>, range: Range<usize>) -> Span {
    if value.span.len() == value.value.len() + 2 {
        let start = value.span.start + 1;
        Span::new(start + range.start, start + range.end)
    } else {
        value.span
    }
}

/// Whether `s` is `*` or `service:Action` (wildcards allowed in both parts).
///
/// Why: "IAM JSON policy elements: Action" — an action is a service namespace, a colon and an
/// action name, e.g. `s3:GetObject`; `*` alone means every action. Any other entry is evaluated
/// as written (action matching is a case-insensitive glob), which for a string such as
/// `s3:ListBucket,PutObject` matches no action: a warning, not a refusal.
pub(crate) fn is_action(s: &str) -> bool {
    if s == "*" {
        return true;
    }
    let Some((service, name)) = s.split_once(':') else {
        return false;
    };
    let service_ok = !service.is_empty()
        && service
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'*' | b'?'));
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'*' | b'?'));
    service_ok && name_ok
}

/// The form of a well-formed `Resource` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ResourceForm {
    /// `*` or an ARN with six colon-separated parts.
    Arn,
    /// An ARN with fewer than six parts that ends in `*`, globbed as written.
    ShortWildcard,
}

/// Checks a `Resource` value: `*`, an ARN with six colon-separated parts, or a shorter ARN
/// ending in `*`.
///
/// Why: "IAM JSON policy elements: Resource" — resources are named by ARN
/// (`arn:partition:service:region:account-id:resource`), `*` meaning every resource; and "if
/// the `*` wildcard is the last character of a resource ARN segment, it can expand to match
/// beyond the colon boundaries", so `arn:aws:sqs:us-east-1:111111111111*` and `arn:aws:s3::*`
/// match real ARNs (iam-semantics.md §9). Anything else is still evaluated as written by
/// [`crate::matching::resource_matches`]; the error says why it is not an ARN.
pub(crate) fn check_resource(s: &str) -> Result<ResourceForm, &'static str> {
    if s == "*" {
        return Ok(ResourceForm::Arn);
    }
    if !s.starts_with("arn:") {
        return Err("expected `*` or an ARN starting with `arn:` (lower case)");
    }
    match Arn::parse(s) {
        Some(arn) if arn.partition.is_empty() => Err("the partition (such as `aws`) is missing"),
        Some(arn) if arn.service.is_empty() => Err("the service (such as `s3`) is missing"),
        Some(arn) if arn.resource.is_empty() => {
            Err("the resource part after the fifth `:` is empty")
        }
        Some(_) => Ok(ResourceForm::Arn),
        None if s.ends_with('*') => Ok(ResourceForm::ShortWildcard),
        None => Err("an ARN has six parts separated by `:`"),
    }
}

/// What the operator `base` expects, for a value it cannot read.
///
/// The check itself is the evaluator's reading of the value at lowering
/// ([`crate::policy::model::Condition::typed`]), so the linter reports exactly the values the
/// evaluator cannot read (and that therefore never match). Why these forms ("IAM JSON policy
/// elements: Condition operators"): numeric operators take integers and decimals; date
/// operators take ISO 8601 dates and date-times or epoch seconds; `Bool` and `Null` take
/// `true`/`false`; `BinaryEquals` takes base64; `IpAddress` takes IPv4 or IPv6 addresses and
/// CIDR blocks (RFC 4632); ARN operators take ARNs.
fn expected(base: BaseOperator) -> &'static str {
    match base.family() {
        OperatorFamily::String => "a string",
        OperatorFamily::Numeric => "a number such as `10` or `2.5`",
        OperatorFamily::Date => "a date such as `2026-01-01T00:00:00Z` or epoch seconds",
        OperatorFamily::Bool | OperatorFamily::Null => "`true` or `false`",
        OperatorFamily::Binary => "base64 text",
        OperatorFamily::IpAddress => "an IP address or CIDR block such as `203.0.113.0/24`",
        OperatorFamily::Arn => "an ARN such as `arn:aws:iam::111122223333:role/*`",
    }
}

#[cfg(test)]
mod tests {
    use super::{check_resource, is_action};
    use crate::policy::model::{BaseOperator, PolicyKind};

    #[test]
    fn actions_are_service_colon_name_or_star() {
        for ok in [
            "*",
            "s3:GetObject",
            "s3:Get*",
            "ec2:*",
            "*:Get*",
            "s3:Get?bject",
        ] {
            assert!(is_action(ok), "{ok}");
        }
        for bad in ["s3", "s3:", ":Get", "s3 :GetObject", "s3:Get Object", ""] {
            assert!(!is_action(bad), "{bad}");
        }
    }

    #[test]
    fn resources_are_star_or_six_part_arns() {
        for ok in [
            "*",
            "arn:aws:s3:::bucket",
            "arn:aws:s3:::b/${aws:username}/*",
            "arn:aws:ec2:*:*:instance/*",
        ] {
            assert_eq!(check_resource(ok), Ok(super::ResourceForm::Arn), "{ok}");
        }
        for bad in [
            "bucket",
            "arn:aws:s3:bucket",
            "arn::s3:::b",
            "arn:aws:s3:::",
            "s3://bucket",
            "ARN:AWS:S3:::BKT-1/K",
        ] {
            assert!(check_resource(bad).is_err(), "{bad}");
        }
    }

    /// "If the `*` wildcard is the last character of a resource ARN segment, it can expand to
    /// match beyond the colon boundaries" (IAM User Guide, "IAM JSON policy elements:
    /// Resource"): a short ARN ending in `*` is a pattern, not a malformed ARN.
    #[test]
    fn a_short_arn_ending_in_a_star_is_globbed_as_written() {
        for short in [
            "arn:aws:sqs:us-east-1:111111111111*",
            "arn:aws:s3::*",
            "arn:*",
        ] {
            assert_eq!(
                check_resource(short),
                Ok(super::ResourceForm::ShortWildcard),
                "{short}"
            );
        }
    }

    #[test]
    fn condition_values_must_be_readable_by_their_operator() {
        use BaseOperator as Op;
        // Whether the validator reports the value, in a policy that enables variables.
        let reported = |op: Op, v: &str| {
            let text = format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {{"{}": {{"k": {}}}}}}}]}}"#,
                op.name(),
                serde_json::to_string(v).unwrap_or_default()
            );
            crate::policy::parse_policy(&text, PolicyKind::Identity)
                .diagnostics
                .iter()
                .any(|d| d.code == "invalid-condition-value")
        };
        let ok = |op: Op, v: &str| assert!(!reported(op, v), "{op:?} {v}");
        let bad = |op: Op, v: &str| assert!(reported(op, v), "{op:?} {v}");
        ok(Op::NumericLessThan, "10");
        ok(Op::NumericLessThan, "-2.5");
        bad(Op::NumericLessThan, "ten");
        bad(Op::NumericLessThan, "1e3");
        ok(Op::DateLessThan, "2026-01-01T00:00:00Z");
        ok(Op::DateLessThan, "2026-01-01");
        ok(Op::DateLessThan, "2026-01-01T12:30+02:00");
        ok(Op::DateLessThan, "2026-01-01T12:30:00.123Z");
        ok(Op::DateGreaterThan, "1767225600");
        bad(Op::DateLessThan, "2026-13-01");
        bad(Op::DateLessThan, "next tuesday");
        bad(Op::DateLessThan, "2026-01-01T25:00:00Z");
        ok(Op::Bool, "true");
        ok(Op::Bool, "False");
        bad(Op::Bool, "yes");
        ok(Op::Null, "false");
        bad(Op::Null, "1");
        ok(Op::IpAddress, "203.0.113.0/24");
        ok(Op::NotIpAddress, "2001:db8::/32");
        ok(Op::IpAddress, "10.0.0.1");
        bad(Op::IpAddress, "10.0.0.0/33");
        bad(Op::IpAddress, "10.0.0/24");
        ok(Op::BinaryEquals, "QmluYXJ5VmFsdWU=");
        bad(Op::BinaryEquals, "not base64!");
        ok(Op::ArnLike, "arn:aws:iam::*:role/Admin*");
        bad(Op::ArnEquals, "role/Admin");
        ok(Op::StringEquals, "anything at all");
        // A variable is judged per request where the operator takes variables, and is plain
        // (and unreadable) text where it does not.
        ok(Op::Bool, "${aws:PrincipalTag/mfa}");
        bad(Op::NumericLessThan, "${aws:PrincipalTag/limit}");
    }
}
