//! Catalog-aware lint of the `Condition` element: unknown keys, keys that none of the
//! statement's actions has, and operators that do not fit the key's type.

use super::lookup::key_matches;
use super::{Catalog, ConditionKey, KeyType, StatementActions, ValueType};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::catalog as diag;
use crate::policy::model::{BaseOperator, Condition, OperatorFamily, SetQualifier, Statement};
use crate::policy::suggest::closest;

/// Lints every condition of `statement`.
pub(super) fn lint_conditions(
    catalog: &Catalog,
    statement: &Statement,
    understood: &StatementActions<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for condition in &statement.conditions {
        let key = condition.key.value.as_str();
        let Some((prefix, _)) = key.split_once(':') else {
            continue;
        };
        let is_aws = prefix.eq_ignore_ascii_case("aws");
        let Some(entry) = catalog.condition_key(key) else {
            // Keys of identity providers (`token.actions.githubusercontent.com:sub`, `saml:aud`)
            // and of services the catalog does not know are left alone.
            if is_aws || catalog.service(prefix).is_some() {
                let suggestion = suggest_key(catalog, prefix, key);
                out.push(diag::unknown_condition_key(
                    condition.key.span,
                    key,
                    suggestion,
                ));
            }
            continue;
        };
        lint_applicability(catalog, condition, understood, out);
        lint_operator(condition, entry, out);
    }
}

/// The known key closest to the misspelt `key`.
fn suggest_key<'a>(catalog: &'a Catalog, prefix: &str, key: &str) -> Option<&'a str> {
    let globals = catalog.global_keys().iter().map(|k| k.name.as_str());
    let service = catalog
        .service(prefix)
        .into_iter()
        .flat_map(|s| s.keys.iter().map(|k| k.name.as_str()));
    closest(key, globals.chain(service))
}

/// Reports a key that none of the statement's (known) actions has.
///
/// Why: the Service Authorization Reference lists, for each action, the condition keys a request
/// for it can carry; a global key ("AWS global condition context keys") can be in any request.
/// A key that is never present makes a positive operator false and a negated one true.
fn lint_applicability(
    catalog: &Catalog,
    condition: &Condition,
    understood: &StatementActions<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let key = condition.key.value.as_str();
    if catalog.is_global_key(key) {
        return;
    }
    let Some(actions) = &understood.actions else {
        return;
    };
    if actions.is_empty() {
        return;
    }
    let applies = actions.iter().any(|a| {
        catalog
            .action_keys(*a)
            .iter()
            .any(|k| key_matches(&k.name, key))
    });
    if !applies {
        let mut names: Vec<String> = actions.iter().map(super::ActionRef::full_name).collect();
        names.dedup();
        out.push(diag::condition_key_not_applicable(
            condition.key.span,
            key,
            &names,
        ));
    }
}

/// Whether an operator family can compare values of type `value`.
///
/// String operators are accepted on every key: AWS compares the text of the value, and using
/// `StringEquals` on an ARN key is common and works. ARN operators are accepted on text keys,
/// since many services type ARN-valued keys as `String`.
fn family_fits(family: OperatorFamily, value: ValueType, key: &str) -> bool {
    match family {
        OperatorFamily::String | OperatorFamily::Binary | OperatorFamily::Null => true,
        OperatorFamily::Numeric => {
            // Why: "AWS global condition context keys" gives `aws:EpochTime` the types Date and
            // Numeric (epoch seconds); the catalog records only Date.
            value == ValueType::Numeric || key.eq_ignore_ascii_case("aws:EpochTime")
        }
        OperatorFamily::Date => {
            value == ValueType::Date
                || (value == ValueType::String && hints(key, &["Time", "Date"]))
        }
        OperatorFamily::Bool => value == ValueType::Bool,
        OperatorFamily::IpAddress => {
            value == ValueType::IpAddress
                || (value == ValueType::String
                    && hints(key, &["Ip", "IP", "Cidr", "CIDR", "Address"]))
        }
        OperatorFamily::Arn => matches!(value, ValueType::Arn | ValueType::String),
    }
}

/// Whether the name part of `key` (after the prefix) contains one of `words`.
///
/// Why: the data types some keys `String` whose values are dates or addresses
/// (`ec2:SnapshotTime`, `ec2:PublicIpAddress`); a date or IP operator on such a key is taken at
/// its word rather than reported.
fn hints(key: &str, words: &[&str]) -> bool {
    let name = key.split_once(':').map_or(key, |(_, name)| name);
    words.iter().any(|w| name.contains(w))
}

/// Reports an operator whose family or set qualifier does not fit the key's type.
///
/// Why: "Single-valued vs. multivalued context keys" (IAM User Guide): a multivalued key must be
/// compared with `ForAnyValue` or `ForAllValues`, and those qualifiers are meant only for
/// multivalued keys — `ForAllValues` on a single-valued key is also true when the key is missing,
/// which makes the condition more permissive than it reads.
fn lint_operator(condition: &Condition, entry: &ConditionKey, out: &mut Vec<Diagnostic>) {
    let Some(operator) = condition.operator else {
        return;
    };
    let key = condition.key.value.as_str();
    let KeyType { value, multivalued } = entry.kind;
    let operator_span = condition.operator_text.span;
    let operator_text = condition.operator_text.value.as_str();
    if !family_fits(operator.base.family(), value, key) {
        let key_type = entry.kind.to_string();
        out.push(diag::operator_type_mismatch(
            operator_span,
            operator_text,
            key,
            &key_type,
            condition.key.span,
        ));
        return;
    }
    if operator.base == BaseOperator::Null {
        return;
    }
    match (operator.qualifier, multivalued) {
        (None, true) => out.push(diag::single_valued_operator_on_multivalued_key(
            operator_span,
            operator_text,
            key,
            condition.key.span,
        )),
        (Some(qualifier), false) => {
            let name = match qualifier {
                SetQualifier::ForAllValues => "ForAllValues",
                SetQualifier::ForAnyValue => "ForAnyValue",
            };
            out.push(diag::set_operator_on_single_valued_key(
                operator_span,
                name,
                key,
                condition.key.span,
            ));
        }
        _ => {}
    }
}
