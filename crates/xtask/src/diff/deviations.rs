//! The deviations listed in tests/oracle/deviations.md, each with its machine check.
//!
//! A deviation explains a disagreement when (1) the two decisions are ones it produces, (2) its
//! predicate finds its feature in the case, and (3) its neutralizer, which takes that feature
//! out of the case (or, where the feature is the whole request, makes it harmless), makes the
//! two engines agree. The third check keeps a deviation from hiding another cause that happens
//! to sit in the same case.

use serde_json::{Map, Value, json};

use crate::diff::case::{Case, Place};
use crate::diff::classify::statements;
use crate::diff::world::TARGETS;

/// Which side a listed deviation is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The oracle deviates from the AWS documentation; Rolecall follows it.
    Oracle,
    /// Rolecall deviates from the AWS documentation: an open bug, to be fixed.
    #[expect(
        dead_code,
        reason = "no Rolecall bug is open at present (deviations.md, \"Open Rolecall bugs\"); the next one found is listed with this side"
    )]
    Rolecall,
}

/// A known deviation: its id in deviations.md, the decisions it produces, the check that a
/// case shows it, and the edit that takes it out.
pub struct Deviation {
    pub id: &'static str,
    pub side: Side,
    /// `(rolecall, oracle)` decisions this deviation produces.
    pub decisions: &'static [(&'static str, &'static str)],
    pub applies: fn(&Case) -> bool,
    pub neutralize: fn(&mut Case),
}

/// Every pair of different decisions (not `error`).
const ANY_DIFFERENT: &[(&str, &str)] = &[
    ("allowed", "implicitDeny"),
    ("allowed", "explicitDeny"),
    ("implicitDeny", "allowed"),
    ("implicitDeny", "explicitDeny"),
    ("explicitDeny", "allowed"),
    ("explicitDeny", "implicitDeny"),
];

/// The deviations the classifier knows; deviations.md documents each with the AWS text.
pub const DEVIATIONS: &[Deviation] = &[
    Deviation {
        id: "version-2008-variables",
        side: Side::Oracle,
        decisions: ANY_DIFFERENT,
        applies: old_version_with_variable,
        neutralize: drop_old_version_variables,
    },
    Deviation {
        id: "no-trust-policy",
        side: Side::Oracle,
        decisions: &[("implicitDeny", "allowed")],
        applies: assume_role_without_trust_policy,
        neutralize: add_unrelated_trust_policy,
    },
    Deviation {
        id: "root-user-full-access",
        side: Side::Oracle,
        decisions: &[("allowed", "implicitDeny")],
        applies: caller_is_root,
        neutralize: give_root_full_identity_policy,
    },
    Deviation {
        id: "rcp-unsupported-service",
        side: Side::Oracle,
        decisions: &[
            ("allowed", "explicitDeny"),
            ("implicitDeny", "explicitDeny"),
        ],
        applies: rcp_on_unsupported_service,
        neutralize: drop_rcps,
    },
    Deviation {
        id: "wildcard-in-resource-type",
        side: Side::Oracle,
        decisions: ANY_DIFFERENT,
        applies: wildcard_in_resource_type,
        neutralize: drop_wildcard_resource_types,
    },
    // Before `notprincipal-names-role-or-account`: both take the `NotPrincipal` statements out,
    // and only the one found first is reported.
    Deviation {
        id: "notprincipal-in-trust-policy",
        side: Side::Oracle,
        decisions: &[
            ("error", "allowed"),
            ("error", "implicitDeny"),
            ("error", "explicitDeny"),
        ],
        applies: not_principal_in_trust_policy,
        neutralize: drop_not_principal_statements,
    },
    Deviation {
        id: "notprincipal-names-role-or-account",
        side: Side::Oracle,
        decisions: &[
            ("explicitDeny", "implicitDeny"),
            ("explicitDeny", "allowed"),
        ],
        applies: not_principal_with_session_caller,
        neutralize: drop_not_principal_statements,
    },
    Deviation {
        id: "single-valued-operator-on-multivalued-key",
        side: Side::Oracle,
        decisions: ANY_DIFFERENT,
        applies: single_valued_operator_on_list,
        neutralize: drop_single_valued_operators_on_lists,
    },
    Deviation {
        id: "ipv6-notation",
        side: Side::Oracle,
        decisions: ANY_DIFFERENT,
        applies: ipv6_in_full_form,
        neutralize: shorten_ipv6_addresses,
    },
    Deviation {
        id: "negated-operator-unresolved-variable",
        side: Side::Oracle,
        decisions: ANY_DIFFERENT,
        applies: negated_operator_with_unresolved_variable,
        neutralize: drop_negated_operators_with_unresolved_variables,
    },
    Deviation {
        id: "root-cannot-assume-roles",
        side: Side::Oracle,
        decisions: &[("implicitDeny", "allowed")],
        applies: root_assumes_a_role,
        neutralize: add_unrelated_trust_policy,
    },
    Deviation {
        id: "epoch-date-value",
        side: Side::Oracle,
        decisions: ANY_DIFFERENT,
        applies: date_value_in_epoch_seconds,
        neutralize: drop_epoch_date_values,
    },
    Deviation {
        id: "notresource-unresolved-variable",
        side: Side::Oracle,
        decisions: ANY_DIFFERENT,
        applies: not_resource_with_unresolved_variable,
        neutralize: drop_not_resource_variables,
    },
    Deviation {
        id: "short-arn-trailing-wildcard",
        side: Side::Oracle,
        decisions: ANY_DIFFERENT,
        applies: short_arn_with_trailing_wildcard,
        neutralize: drop_short_arn_wildcards,
    },
    Deviation {
        id: "for-any-value-if-exists-missing-key",
        side: Side::Oracle,
        decisions: ANY_DIFFERENT,
        applies: for_any_value_if_exists_on_missing_key,
        neutralize: drop_for_any_value_if_exists_on_missing_keys,
    },
    Deviation {
        id: "ip-version-mismatch",
        side: Side::Oracle,
        decisions: ANY_DIFFERENT,
        applies: ip_version_mismatch,
        neutralize: drop_ip_version_mismatches,
    },
    Deviation {
        id: "negated-operator-unreadable-value",
        side: Side::Oracle,
        decisions: ANY_DIFFERENT,
        applies: negated_operator_with_unreadable_value,
        neutralize: drop_unreadable_negated_values,
    },
    Deviation {
        id: "null-on-an-empty-list",
        side: Side::Oracle,
        decisions: ANY_DIFFERENT,
        applies: null_on_empty_list,
        neutralize: drop_null_on_empty_lists,
    },
    Deviation {
        id: "ipv4-zero-prefix",
        side: Side::Oracle,
        decisions: ANY_DIFFERENT,
        applies: ip_condition_with_zero_prefix,
        neutralize: drop_zero_prefix_ip_conditions,
    },
    Deviation {
        id: "session-grant-vs-session-policy",
        side: Side::Oracle,
        decisions: &[("allowed", "implicitDeny")],
        applies: policy_names_session_with_session_policy,
        neutralize: drop_session_policy,
    },
    Deviation {
        id: "federated-user-is-not-the-iam-user",
        side: Side::Oracle,
        decisions: &[
            ("implicitDeny", "allowed"),
            ("allowed", "explicitDeny"),
            ("implicitDeny", "explicitDeny"),
        ],
        applies: federated_caller_and_user_of_same_name,
        neutralize: drop_users_named_like_the_federated_caller,
    },
];

/// Takes out of `case`, in the order of [`DEVIATIONS`], every listed deviation whose feature is
/// still in it, and returns them with the neutralized case. The first one returned produces
/// `decisions`; when none does, none is returned (nothing listed explains those decisions).
pub fn neutralize(case: &Case, decisions: (&str, &str)) -> (Vec<&'static Deviation>, Case) {
    let mut neutral = case.clone();
    let mut found: Vec<&'static Deviation> = Vec::new();
    for deviation in DEVIATIONS {
        if (deviation.applies)(&neutral) {
            (deviation.neutralize)(&mut neutral);
            found.push(deviation);
        }
    }
    found.sort_by_key(|d| !d.decisions.contains(&decisions));
    if !found
        .first()
        .is_some_and(|d| d.decisions.contains(&decisions))
    {
        found.clear();
    }
    (found, neutral)
}

// ---- predicates ----

/// A policy that is not `2012-10-17` (or has no Version) and contains a `${` variable.
fn old_version_with_variable(case: &Case) -> bool {
    case.policies()
        .into_iter()
        .any(|(_, policy)| old_version(policy) && policy.to_string().contains("${"))
}

fn old_version(policy: &Value) -> bool {
    policy.get("Version").and_then(Value::as_str) != Some("2012-10-17")
}

/// `sts:AssumeRole` with no trust policy.
fn assume_role_without_trust_policy(case: &Case) -> bool {
    case.action.starts_with("sts:AssumeRole") && case.resource_policy.is_none()
}

/// The caller is an account's root user.
fn caller_is_root(case: &Case) -> bool {
    case.principal.starts_with("arn:aws:iam::") && case.principal.ends_with(":root")
}

/// The case has RCPs, and the action's service is not one RCPs apply to.
fn rcp_on_unsupported_service(case: &Case) -> bool {
    !case.rcps.is_empty()
        && TARGETS
            .iter()
            .any(|target| target.action == case.action && !target.rcp)
}

/// A resource pattern with `*` or `?` in the resource type, the part of the resource id before
/// its first `/` or `:` (`arn:aws:dynamodb:...:tabl?/T1`).
fn wildcard_resource_type(pattern: &str) -> bool {
    let id = pattern.splitn(6, ':').nth(5).unwrap_or("");
    id.find(['/', ':'])
        .and_then(|end| id.get(..end))
        .is_some_and(|kind| kind.contains(['*', '?']))
}

fn wildcard_in_resource_type(case: &Case) -> bool {
    any_entry(case, &["Resource", "NotResource"], wildcard_resource_type)
}

/// A `NotPrincipal` statement, with an IAM user, role session or federated user calling.
fn not_principal_with_session_caller(case: &Case) -> bool {
    (case.principal.contains(":user/")
        || case.principal.contains(":assumed-role/")
        || case.principal.contains(":federated-user/"))
        && any_statement(case, |s| s.contains_key("NotPrincipal"))
}

/// A trust policy (`sts:AssumeRole*`) with a `NotPrincipal` statement.
fn not_principal_in_trust_policy(case: &Case) -> bool {
    case.action.starts_with("sts:AssumeRole")
        && case.resource_policy.as_ref().is_some_and(|policy| {
            statements(policy)
                .into_iter()
                .any(|s| s.get("NotPrincipal").is_some())
        })
}

/// Whether the request value of `key` is a list.
fn list_valued(case: &Case, key: &str) -> bool {
    case.context
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case(key) && v.is_array())
}

fn single_valued_on_list(case: &Case, operator: &str, key: &str) -> bool {
    !operator.starts_with("For") && operator != "Null" && list_valued(case, key)
}

/// A condition operator without `ForAnyValue:`/`ForAllValues:` on a key whose request value is
/// a list.
fn single_valued_operator_on_list(case: &Case) -> bool {
    any_statement(case, |statement| {
        conditions(statement)
            .iter()
            .any(|(operator, key)| single_valued_on_list(case, operator, key))
    })
}

fn has_variable(pattern: &str) -> bool {
    pattern.contains("${")
}

/// A `NotResource` entry, in a policy where variables are substituted (`2012-10-17`), with a
/// variable the request has no value for.
fn not_resource_with_unresolved_variable(case: &Case) -> bool {
    case.policies().into_iter().any(|(_, policy)| {
        !old_version(policy)
            && statements(policy).into_iter().any(|statement| {
                entries(statement.get("NotResource"))
                    .into_iter()
                    .any(|entry| has_variable(entry) && unresolved_variable(case, entry))
            })
    })
}

/// A resource ARN pattern with fewer than six colon-separated parts that ends in `*`
/// (`arn:aws:s3::*`, `arn:aws:sqs:us-east-1:111111111111*`).
fn short_arn_wildcard(pattern: &str) -> bool {
    pattern.starts_with("arn:") && pattern.ends_with('*') && pattern.split(':').count() < 6
}

fn short_arn_with_trailing_wildcard(case: &Case) -> bool {
    any_entry(case, &["Resource", "NotResource"], short_arn_wildcard)
}

/// The `ForAnyValue:...IfExists` conditions of a statement on keys the request does not have.
fn for_any_value_if_exists_missing(
    case: &Case,
    statement: &Map<String, Value>,
) -> Vec<(String, String)> {
    conditions(statement)
        .into_iter()
        .filter(|(operator, key)| {
            operator.starts_with("ForAnyValue:")
                && operator.ends_with("IfExists")
                && !case.context.keys().any(|k| k.eq_ignore_ascii_case(key))
        })
        .map(|(operator, key)| (operator.to_owned(), key.to_owned()))
        .collect()
}

fn for_any_value_if_exists_on_missing_key(case: &Case) -> bool {
    any_statement(case, |statement| {
        !for_any_value_if_exists_missing(case, statement).is_empty()
    })
}

/// The IP address conditions of a statement with an IPv4 value whose prefix is `/0`.
fn zero_prefix_keys(statement: &Map<String, Value>) -> Vec<(String, String)> {
    ip_condition_keys(statement, &|v| v.contains('.') && v.ends_with("/0"))
}

fn ip_condition_with_zero_prefix(case: &Case) -> bool {
    any_statement(case, |statement| !zero_prefix_keys(statement).is_empty())
}

/// A caller with a session policy, and a resource-based or trust policy whose `Principal`
/// lists the caller's own ARN.
fn policy_names_session_with_session_policy(case: &Case) -> bool {
    case.session.is_some()
        && case.resource_policy.as_ref().is_some_and(|policy| {
            statements(policy).into_iter().any(|s| {
                entries(s.get("Principal").and_then(|p| p.get("AWS")))
                    .contains(&case.principal.as_str())
            })
        })
}

/// The IAM user ARN with the federated caller's name (`arn:aws:iam::A:user/bob` for
/// `arn:aws:sts::A:federated-user/bob`).
fn user_named_like(case: &Case) -> Option<String> {
    let rest = case.principal.strip_prefix("arn:aws:sts::")?;
    let (account, name) = rest.split_once(":federated-user/")?;
    Some(format!("arn:aws:iam::{account}:user/{name}"))
}

/// A federated-user caller, and a `Principal` naming the IAM user of the same name.
fn federated_caller_and_user_of_same_name(case: &Case) -> bool {
    let Some(user) = user_named_like(case) else {
        return false;
    };
    any_statement(case, |s| {
        ["Principal", "NotPrincipal"].iter().any(|element| {
            entries(s.get(*element).and_then(|p| p.get("AWS"))).contains(&user.as_str())
        })
    })
}

/// The request's `aws:SourceIp`, when it is an IPv6 address not written in its shortest form.
fn long_ipv6_source_ip(case: &Case) -> Option<(String, String)> {
    let (key, value) = case
        .context
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("aws:SourceIp"))?;
    let written = value.as_str()?;
    let short = shortest_ipv6(written)?;
    (short != written).then(|| (key.clone(), short))
}

/// The RFC 5952 form of an IPv6 address written with all eight groups (`None` otherwise).
fn shortest_ipv6(address: &str) -> Option<String> {
    let groups: Vec<u16> = address
        .split(':')
        .map(|g| u16::from_str_radix(g, 16).ok())
        .collect::<Option<_>>()?;
    if groups.len() != 8 {
        return None;
    }
    // The longest run of two or more zero groups becomes `::`.
    let (mut best, mut run) = ((0, 0), (0, 0));
    for (i, group) in groups.iter().enumerate() {
        if *group == 0 {
            run = if run.1 == 0 {
                (i, 1)
            } else {
                (run.0, run.1 + 1)
            };
            if run.1 > best.1 {
                best = run;
            }
        } else {
            run = (0, 0);
        }
    }
    let hex = |part: &[u16]| {
        part.iter()
            .map(|g| format!("{g:x}"))
            .collect::<Vec<_>>()
            .join(":")
    };
    if best.1 < 2 {
        return Some(hex(&groups));
    }
    let head = groups.get(..best.0).map(hex).unwrap_or_default();
    let tail = groups.get(best.0 + best.1..).map(hex).unwrap_or_default();
    Some(format!("{head}::{tail}"))
}

/// The request's `aws:SourceIp` or an IP condition value is IPv6 not in its RFC 5952 form.
fn ipv6_in_full_form(case: &Case) -> bool {
    long_ipv6_source_ip(case).is_some()
        || any_statement(case, |statement| !long_ipv6_keys(statement).is_empty())
}

/// The IP conditions of a statement with an IPv6 value written not in its RFC 5952 form.
fn long_ipv6_keys(statement: &Map<String, Value>) -> Vec<(String, String)> {
    ip_condition_keys(statement, &|v| {
        let address = v.split('/').next().unwrap_or(v);
        shortest_ipv6(address).is_some_and(|short| short != address)
    })
}

/// The IP address conditions of a statement with a value that passes `test`.
fn ip_condition_keys(
    statement: &Map<String, Value>,
    test: &dyn Fn(&str) -> bool,
) -> Vec<(String, String)> {
    conditions(statement)
        .into_iter()
        .filter(|(operator, key)| {
            let base = operator.rsplit(':').next().unwrap_or(operator);
            base.contains("IpAddress")
                && condition_values(statement, operator, key)
                    .into_iter()
                    .any(test)
        })
        .map(|(operator, key)| (operator.to_owned(), key.to_owned()))
        .collect()
}

/// A negated IP operator whose values are all of the other IP version than the request's
/// `aws:SourceIp` (an IPv6 range against an IPv4 caller, or the reverse).
fn ip_version_mismatch_keys(case: &Case, statement: &Map<String, Value>) -> Vec<(String, String)> {
    let Some(source) = case
        .context
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("aws:SourceIp"))
        .and_then(|(_, v)| v.as_str())
    else {
        return Vec::new();
    };
    let v6 = source.contains(':');
    conditions(statement)
        .into_iter()
        .filter(|(operator, key)| {
            let base = operator.rsplit(':').next().unwrap_or(operator);
            let values = condition_values(statement, operator, key);
            base.starts_with("NotIpAddress")
                && key.eq_ignore_ascii_case("aws:SourceIp")
                && !values.is_empty()
                && values
                    .iter()
                    .all(|v| !v.contains("${") && v.contains(':') != v6)
        })
        .map(|(operator, key)| (operator.to_owned(), key.to_owned()))
        .collect()
}

fn ip_version_mismatch(case: &Case) -> bool {
    any_statement(case, |statement| {
        !ip_version_mismatch_keys(case, statement).is_empty()
    })
}

/// Whether a condition value can be read as the type of the negated operator `base` (`None`
/// for the string families, which read everything).
fn readable(base: &str, value: &str) -> Option<bool> {
    let base = base.trim_end_matches("IfExists");
    if base.starts_with("Arn") {
        Some(value.starts_with("arn:") && value.splitn(6, ':').count() == 6)
    } else if base.starts_with("Numeric") {
        Some(value.parse::<f64>().is_ok())
    } else if base.starts_with("Date") {
        Some(
            value.bytes().all(|b| b.is_ascii_digit())
                || (value.len() >= 10
                    && value
                        .get(..4)
                        .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
                    && value.get(4..5) == Some("-")),
        )
    } else if base.contains("IpAddress") {
        let address = value.split('/').next().unwrap_or(value);
        Some(address.parse::<std::net::IpAddr>().is_ok())
    } else {
        None
    }
}

/// The negated operators of a statement (`ArnNotEquals`, `DateNotEquals`, `NotIpAddress`,
/// `NumericNotEquals`, ...) with a value that cannot be read as the operator's type (a
/// variable's default such as `${aws:username, 'nobody'}` under `ArnNotEquals`).
fn unreadable_negated_keys(statement: &Map<String, Value>) -> Vec<(String, String)> {
    conditions(statement)
        .into_iter()
        .filter(|(operator, key)| {
            let base = operator.rsplit(':').next().unwrap_or(operator);
            negated(operator)
                && condition_values(statement, operator, key)
                    .into_iter()
                    .any(|v| readable(base, v) == Some(false))
        })
        .map(|(operator, key)| (operator.to_owned(), key.to_owned()))
        .collect()
}

fn negated_operator_with_unreadable_value(case: &Case) -> bool {
    any_statement(case, |statement| {
        !unreadable_negated_keys(statement).is_empty()
    })
}

/// The `Null` conditions of a statement on keys whose request value is an empty list.
fn null_on_empty_list_keys(case: &Case, statement: &Map<String, Value>) -> Vec<(String, String)> {
    conditions(statement)
        .into_iter()
        .filter(|(operator, key)| {
            *operator == "Null"
                && case.context.iter().any(|(k, v)| {
                    k.eq_ignore_ascii_case(key) && v.as_array().is_some_and(Vec::is_empty)
                })
        })
        .map(|(operator, key)| (operator.to_owned(), key.to_owned()))
        .collect()
}

fn null_on_empty_list(case: &Case) -> bool {
    any_statement(case, |statement| {
        !null_on_empty_list_keys(case, statement).is_empty()
    })
}

/// The operators that hold when the key does not match any value (`StringNotEquals`, ...).
fn negated(operator: &str) -> bool {
    let base = operator.rsplit(':').next().unwrap_or(operator);
    base.contains("Not") && !base.starts_with("Null")
}

/// Whether `value` has a `${key}` variable without a default whose key the request lacks.
fn unresolved_variable(case: &Case, value: &str) -> bool {
    value.split("${").skip(1).any(|rest| {
        let inner = rest.split('}').next().unwrap_or("");
        !inner.contains(',')
            && !matches!(inner, "*" | "?" | "$")
            && !case
                .context
                .keys()
                .any(|k| k.eq_ignore_ascii_case(inner.trim()))
    })
}

/// A negated operator whose values include a variable that cannot be resolved, in a policy
/// where variables are substituted (`2012-10-17`).
fn negated_operator_with_unresolved_variable(case: &Case) -> bool {
    case.policies().into_iter().any(|(_, policy)| {
        !old_version(policy)
            && statements(policy).into_iter().any(|statement| {
                statement
                    .get("Condition")
                    .and_then(Value::as_object)
                    .is_some_and(|condition| {
                        condition.iter().any(|(operator, keys)| {
                            negated(operator)
                                && keys.as_object().is_some_and(|keys| {
                                    keys.values().any(|values| {
                                        entries(Some(values))
                                            .into_iter()
                                            .any(|v| unresolved_variable(case, v))
                                    })
                                })
                        })
                    })
            })
    })
}

/// The root user calling `sts:AssumeRole*`.
fn root_assumes_a_role(case: &Case) -> bool {
    caller_is_root(case) && case.action.starts_with("sts:AssumeRole")
}

/// A `Date` operator whose key has a value written as epoch seconds (all digits).
fn epoch_keys(statement: &Map<String, Value>) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (operator, key) in conditions(statement) {
        let base = operator.rsplit(':').next().unwrap_or(operator);
        if !base.starts_with("Date") {
            continue;
        }
        if condition_values(statement, operator, key)
            .into_iter()
            .any(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        {
            found.push((operator.to_owned(), key.to_owned()));
        }
    }
    found
}

fn date_value_in_epoch_seconds(case: &Case) -> bool {
    any_statement(case, |statement| !epoch_keys(statement).is_empty())
}

// ---- neutralizers ----

fn drop_epoch_date_values(case: &mut Case) {
    drop_condition_keys(case, &|_, statement| epoch_keys(statement));
}

fn shorten_ipv6_addresses(case: &mut Case) {
    if let Some((key, short)) = long_ipv6_source_ip(case) {
        case.context.insert(key, Value::String(short));
    }
    drop_condition_keys(case, &|_, statement| long_ipv6_keys(statement));
}

fn drop_ip_version_mismatches(case: &mut Case) {
    drop_condition_keys(case, &ip_version_mismatch_keys);
}

fn drop_unreadable_negated_values(case: &mut Case) {
    drop_condition_keys(case, &|_, statement| unreadable_negated_keys(statement));
}

fn drop_null_on_empty_lists(case: &mut Case) {
    drop_condition_keys(case, &null_on_empty_list_keys);
}

fn drop_negated_operators_with_unresolved_variables(case: &mut Case) {
    let probe = case.clone();
    edit_policies(case, &mut |_, policy| {
        if old_version(policy) {
            return;
        }
        for_each_statement(policy, &mut |statement| {
            let Some(Value::Object(condition)) = statement.get_mut("Condition") else {
                return;
            };
            for (operator, keys) in condition.iter_mut() {
                if !negated(operator) {
                    continue;
                }
                if let Some(keys) = keys.as_object_mut() {
                    keys.retain(|_, values| {
                        !entries(Some(values))
                            .into_iter()
                            .any(|v| unresolved_variable(&probe, v))
                    });
                }
            }
            condition.retain(|_, keys| keys.as_object().is_none_or(|k| !k.is_empty()));
            if condition.is_empty() {
                statement.remove("Condition");
            }
        });
    });
}

fn drop_session_policy(case: &mut Case) {
    case.session = None;
}

fn drop_users_named_like_the_federated_caller(case: &mut Case) {
    let Some(user) = user_named_like(case) else {
        return;
    };
    edit_policies(case, &mut |_, policy| {
        for_each_statement(policy, &mut |statement| {
            for element in ["Principal", "NotPrincipal"] {
                let Some(Value::Object(principal)) = statement.get_mut(element) else {
                    continue;
                };
                let Some(aws) = principal.get("AWS") else {
                    continue;
                };
                let kept: Vec<Value> = entries(Some(aws))
                    .into_iter()
                    .filter(|entry| *entry != user)
                    .map(|entry| Value::String(entry.to_owned()))
                    .collect();
                let replacement = if kept.is_empty() {
                    Value::String("arn:aws:iam::999999999999:root".into())
                } else {
                    Value::Array(kept)
                };
                principal.insert("AWS".into(), replacement);
            }
        });
    });
}

fn drop_old_version_variables(case: &mut Case) {
    edit_policies(case, &mut |_, policy| {
        if old_version(policy) {
            retain_statements(policy, |s| {
                !Value::Object(s.clone()).to_string().contains("${")
            });
        }
    });
}

/// A trust policy that trusts only an unrelated account: the call is then decided the same way
/// by both engines.
fn add_unrelated_trust_policy(case: &mut Case) {
    case.resource_policy = Some(json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
        "Action": "sts:AssumeRole"
    }]}));
}

/// An identity policy allowing everything: the oracle's reading of the root user then matches
/// AWS's (Rolecall ignores identity policies for the root user).
fn give_root_full_identity_policy(case: &mut Case) {
    case.identity = vec![json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}
    ]})];
}

fn drop_rcps(case: &mut Case) {
    case.rcps.clear();
}

fn drop_wildcard_resource_types(case: &mut Case) {
    drop_entries(case, &["Resource", "NotResource"], wildcard_resource_type);
}

fn drop_not_principal_statements(case: &mut Case) {
    edit_policies(case, &mut |_, policy| {
        retain_statements(policy, |s| !s.contains_key("NotPrincipal"));
    });
}

fn drop_single_valued_operators_on_lists(case: &mut Case) {
    let lists: Vec<String> = case
        .context
        .iter()
        .filter(|(_, v)| v.is_array())
        .map(|(k, _)| k.to_lowercase())
        .collect();
    edit_policies(case, &mut |_, policy| {
        for_each_statement(policy, &mut |statement| {
            let Some(Value::Object(condition)) = statement.get_mut("Condition") else {
                return;
            };
            for (operator, keys) in condition.iter_mut() {
                if operator.starts_with("For") || operator == "Null" {
                    continue;
                }
                if let Some(keys) = keys.as_object_mut() {
                    keys.retain(|key, _| !lists.contains(&key.to_lowercase()));
                }
            }
            condition.retain(|_, keys| keys.as_object().is_none_or(|k| !k.is_empty()));
            if condition.is_empty() {
                statement.remove("Condition");
            }
        });
    });
}

/// The `(operator, key)` pairs of one statement's condition that a deviation is about.
type ConditionKeys = dyn Fn(&Case, &Map<String, Value>) -> Vec<(String, String)>;

/// Removes the condition keys `found` returns from every statement.
fn drop_condition_keys(case: &mut Case, found: &ConditionKeys) {
    let probe = case.clone();
    edit_policies(case, &mut |_, policy| {
        for_each_statement(policy, &mut |statement| {
            let keys = found(&probe, statement);
            let Some(Value::Object(condition)) = statement.get_mut("Condition") else {
                return;
            };
            for (operator, key) in keys {
                if let Some(Value::Object(map)) = condition.get_mut(&operator) {
                    map.remove(&key);
                }
            }
            condition.retain(|_, keys| keys.as_object().is_none_or(|k| !k.is_empty()));
            if condition.is_empty() {
                statement.remove("Condition");
            }
        });
    });
}

fn drop_for_any_value_if_exists_on_missing_keys(case: &mut Case) {
    drop_condition_keys(case, &for_any_value_if_exists_missing);
}

fn drop_zero_prefix_ip_conditions(case: &mut Case) {
    drop_condition_keys(case, &|_, statement| zero_prefix_keys(statement));
}

fn drop_short_arn_wildcards(case: &mut Case) {
    drop_entries(case, &["Resource", "NotResource"], short_arn_wildcard);
}

fn drop_not_resource_variables(case: &mut Case) {
    drop_entries(case, &["NotResource"], has_variable);
}

// ---- helpers ----

/// Whether a statement of any policy passes `test`.
fn any_statement(case: &Case, test: impl Fn(&Map<String, Value>) -> bool) -> bool {
    case.policies().into_iter().any(|(_, policy)| {
        statements(policy)
            .into_iter()
            .filter_map(Value::as_object)
            .any(&test)
    })
}

/// Whether an entry of one of `elements` of any statement passes `test`.
fn any_entry(case: &Case, elements: &[&str], test: fn(&str) -> bool) -> bool {
    any_statement(case, |statement| {
        elements
            .iter()
            .any(|element| entries(statement.get(*element)).into_iter().any(test))
    })
}

/// A string or a list of strings, as a list.
fn entries(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(all)) => all.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The values a statement's condition gives `key` under `operator`.
fn condition_values<'s>(
    statement: &'s Map<String, Value>,
    operator: &str,
    key: &str,
) -> Vec<&'s str> {
    entries(
        statement
            .get("Condition")
            .and_then(|c| c.get(operator))
            .and_then(|k| k.get(key)),
    )
}

/// Every `(operator, key)` of a statement's condition.
fn conditions(statement: &Map<String, Value>) -> Vec<(&str, &str)> {
    let mut all = Vec::new();
    if let Some(Value::Object(condition)) = statement.get("Condition") {
        for (operator, keys) in condition {
            if let Some(keys) = keys.as_object() {
                all.extend(keys.keys().map(|key| (operator.as_str(), key.as_str())));
            }
        }
    }
    all
}

/// Applies `edit` to every policy of the case, with its place.
fn edit_policies(case: &mut Case, edit: &mut dyn FnMut(Place, &mut Value)) {
    for policy in &mut case.identity {
        edit(Place::Identity, policy);
    }
    for (place, slot) in [
        (Place::Resource, &mut case.resource_policy),
        (Place::Boundary, &mut case.boundary),
        (Place::Session, &mut case.session),
    ] {
        if let Some(policy) = slot.as_mut() {
            edit(place, policy);
        }
    }
    for (place, levels) in [(Place::Scp, &mut case.scps), (Place::Rcp, &mut case.rcps)] {
        for policy in levels.iter_mut().flatten() {
            edit(place, policy);
        }
    }
}

fn for_each_statement(policy: &mut Value, edit: &mut dyn FnMut(&mut Map<String, Value>)) {
    match policy.get_mut("Statement") {
        Some(Value::Array(all)) => all
            .iter_mut()
            .filter_map(Value::as_object_mut)
            .for_each(edit),
        Some(Value::Object(one)) => edit(one),
        _ => {}
    }
}

/// A statement that never matches a generated request, to keep a policy non-empty. A trust
/// policy (no statement has `Resource`) gets one without `Resource`: AWS refuses `Resource` in a
/// trust policy, so a filler with it would make Rolecall answer `error`.
fn never_matching(rcp: bool, trust: bool) -> Value {
    if trust {
        json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
               "Action": "sts:AssumeRole"})
    } else if rcp {
        json!({"Effect": "Deny", "Principal": "*", "Action": "s3:GetBucketTagging",
               "Resource": "arn:aws:s3:::never-used"})
    } else {
        json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
               "Action": "s3:GetBucketTagging", "Resource": "arn:aws:s3:::never-used"})
    }
}

/// Keeps the statements that pass `keep`; a policy left empty gets one that never matches.
fn retain_statements(policy: &mut Value, keep: impl Fn(&Map<String, Value>) -> bool) {
    let rcp = statements(policy)
        .into_iter()
        .any(|s| s.get("Principal") == Some(&Value::String("*".into())));
    let principal = statements(policy)
        .into_iter()
        .any(|s| s.get("Principal").is_some() || s.get("NotPrincipal").is_some());
    let trust = principal
        && !statements(policy)
            .into_iter()
            .any(|s| s.get("Resource").is_some() || s.get("NotResource").is_some());
    let kept: Vec<Value> = statements(policy)
        .into_iter()
        .filter(|s| s.as_object().is_some_and(&keep))
        .cloned()
        .collect();
    let kept = if kept.is_empty() {
        let mut filler = never_matching(rcp, trust);
        if !principal {
            if let Some(map) = filler.as_object_mut() {
                map.remove("Principal");
            }
        }
        vec![filler]
    } else {
        kept
    };
    if let Some(map) = policy.as_object_mut() {
        map.insert("Statement".into(), Value::Array(kept));
    }
}

/// Removes the entries of `elements` that pass `test`; a statement left with none is removed.
fn drop_entries(case: &mut Case, elements: &[&str], test: fn(&str) -> bool) {
    edit_policies(case, &mut |_, policy| {
        let mut emptied = false;
        for_each_statement(policy, &mut |statement| {
            for element in elements {
                let Some(value) = statement.get(*element) else {
                    continue;
                };
                let kept: Vec<Value> = entries(Some(value))
                    .into_iter()
                    .filter(|entry| !test(entry))
                    .map(|entry| Value::String(entry.to_owned()))
                    .collect();
                if kept.len() != entries(Some(value)).len() {
                    if kept.is_empty() {
                        statement.insert("__drop".into(), Value::Bool(true));
                        emptied = true;
                    } else {
                        statement.insert((*element).to_owned(), Value::Array(kept));
                    }
                }
            }
        });
        if emptied {
            retain_statements(policy, |s| !s.contains_key("__drop"));
        }
    });
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::json;

    use super::{DEVIATIONS, drop_wildcard_resource_types, shortest_ipv6, wildcard_resource_type};
    use crate::diff::case::Case;
    use crate::diff::engines::oracle_dir;

    /// Each deviation the classifier uses is documented in deviations.md under a heading
    /// `` ### `id` ``, and each documented one has its check.
    #[test]
    fn the_classifier_and_deviations_md_list_the_same_ids() {
        let text = std::fs::read_to_string(oracle_dir().join("deviations.md")).unwrap();
        let documented: BTreeSet<&str> = text
            .lines()
            .filter_map(|line| line.strip_prefix("### `"))
            .filter_map(|rest| rest.split('`').next())
            .collect();
        let coded: BTreeSet<&str> = DEVIATIONS.iter().map(|d| d.id).collect();
        assert_eq!(documented, coded);
    }

    #[test]
    fn resource_type_wildcards_are_found_before_the_first_separator() {
        assert!(wildcard_resource_type(
            "arn:aws:dynamodb:us-east-1:1:tabl?/T1"
        ));
        assert!(wildcard_resource_type(
            "arn:aws:lambda:us-east-1:1:functi?n:fn-1"
        ));
        assert!(!wildcard_resource_type(
            "arn:aws:dynamodb:us-east-1:1:table/T?"
        ));
        assert!(!wildcard_resource_type("arn:aws:s3:::bkt-1/*"));
        assert!(!wildcard_resource_type("arn:aws:sqs:us-east-1:1:que?e-1"));
    }

    #[test]
    fn ipv6_addresses_shorten_to_their_rfc_5952_form() {
        let check = |long: &str, short: Option<&str>| {
            assert_eq!(shortest_ipv6(long).as_deref(), short, "{long}");
        };
        check(
            "2001:0db8:0000:0000:0000:0000:0000:0001",
            Some("2001:db8::1"),
        );
        check("0000:0000:0000:0000:0000:0000:0000:0000", Some("::"));
        check(
            "2001:0db8:0000:0001:0000:0000:0000:0001",
            Some("2001:db8:0:1::1"),
        );
        check("2001:db8::1", None);
        check("203.0.113.9", None);
    }

    #[test]
    fn dropping_the_last_entry_leaves_a_never_matching_statement() {
        let mut case = Case {
            identity: vec![json!({"Version": "2012-10-17", "Statement": {
                "Effect": "Allow", "Action": "*", "Resource": "arn:aws:dynamodb:r:1:t*le/T1"}})],
            ..Case::default()
        };
        drop_wildcard_resource_types(&mut case);
        let text = case.identity[0].to_string();
        assert!(
            text.contains("never-used") && !text.contains("t*le"),
            "{text}"
        );
    }
}
