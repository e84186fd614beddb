//! Random condition blocks: every operator family, `IfExists`, `Null`, the set qualifiers,
//! policy variables with and without defaults, and keys the request may lack.

use serde_json::{Map, Value, json};

use crate::diff::generate::weighted;
use crate::diff::rng::Rng;
use crate::diff::world::{Caller, Family, KEYS, PRINCIPAL_KEYS};

/// One condition operator with its keys: `("StringEquals", {"aws:username": ["alice"]})`.
pub fn condition_block(rng: &mut Rng, caller: &Caller, action: &str) -> (String, Value) {
    let keys = weighted(rng, &[(1, 80), (2, 20)]);
    let mut operator = String::new();
    let mut block = Map::new();
    for _ in 0..keys {
        let (key, family, multivalued, values) = pick_key(rng, caller, action);
        if operator.is_empty() {
            operator = pick_operator(rng, family, multivalued);
        } else if operator_family(&operator) != Some(family) {
            // A second key joins the block only when it fits the operator.
            continue;
        }
        let values = if operator == "Null" {
            vec![rng.pick(&["true", "false"]).to_owned()]
        } else {
            pick_values(rng, &values)
        };
        let value = if values.len() == 1 && rng.chance(60) {
            json!(values.first())
        } else {
            json!(values)
        };
        block.insert(key.to_owned(), value);
    }
    (operator, Value::Object(block))
}

/// A key with its family, whether it is multivalued, and the values a policy may test.
fn pick_key(rng: &mut Rng, caller: &Caller, action: &str) -> (String, Family, bool, Vec<String>) {
    if rng.chance(30) {
        let index = rng.below(PRINCIPAL_KEYS.len());
        if let Some((name, family, values)) = PRINCIPAL_KEYS.get(index) {
            let mut values: Vec<String> = values.iter().map(|v| (*v).to_owned()).collect();
            values.push(caller.principal_arn.clone());
            return ((*name).to_owned(), *family, false, values);
        }
    }
    let usable: Vec<_> = KEYS
        .iter()
        .filter(|key| key.action.is_none_or(|a| a == action))
        .collect();
    let index = rng.below(usable.len());
    match usable.get(index) {
        Some(key) => {
            let mut values: Vec<String> =
                key.policy_values.iter().map(|v| (*v).to_owned()).collect();
            values.extend(key.request_values.iter().map(|v| (*v).to_owned()));
            (key.name.to_owned(), key.family, key.multivalued, values)
        }
        None => (
            "aws:SecureTransport".to_owned(),
            Family::Bool,
            false,
            vec!["true".to_owned()],
        ),
    }
}

/// An operator of `family` (or `Null`), with `IfExists` and a set qualifier now and then. A
/// multivalued key mostly gets a qualifier; a single-valued one rarely does.
fn pick_operator(rng: &mut Rng, family: Family, multivalued: bool) -> String {
    if rng.chance(8) {
        return "Null".to_owned();
    }
    let base = rng.pick(family.operators());
    let if_exists = if rng.chance(15) { "IfExists" } else { "" };
    let qualifier_percent = if multivalued { 80 } else { 5 };
    let qualifier = if rng.chance(qualifier_percent) {
        rng.pick(&["ForAnyValue:", "ForAllValues:"])
    } else {
        ""
    };
    format!("{qualifier}{base}{if_exists}")
}

/// The family of an operator name (`None` for `Null`).
pub fn operator_family(operator: &str) -> Option<Family> {
    let base = operator
        .rsplit(':')
        .next()
        .unwrap_or(operator)
        .trim_end_matches("IfExists");
    [
        Family::String,
        Family::Numeric,
        Family::Date,
        Family::Bool,
        Family::Binary,
        Family::Ip,
        Family::Arn,
    ]
    .into_iter()
    .find(|family| family.operators().contains(&base))
}

/// 1–3 distinct values, now and then with a variable default or an unreadable value.
fn pick_values(rng: &mut Rng, candidates: &[String]) -> Vec<String> {
    let count = weighted(rng, &[(1, 70), (2, 25), (3, 5)]);
    let mut values: Vec<String> = Vec::new();
    for _ in 0..count {
        let value = match rng.below(40) {
            0 => "${aws:username, 'nobody'}".to_owned(),
            1 => "${aws:PrincipalTag/team, 'blue'}".to_owned(),
            _ => candidates
                .get(rng.below(candidates.len()))
                .cloned()
                .unwrap_or_default(),
        };
        if !values.contains(&value) {
            values.push(value);
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::operator_family;
    use crate::diff::world::Family;

    #[test]
    fn operator_family_reads_qualifiers_and_if_exists() {
        assert_eq!(
            operator_family("ForAllValues:StringLikeIfExists"),
            Some(Family::String)
        );
        assert_eq!(operator_family("NotIpAddress"), Some(Family::Ip));
        assert_eq!(operator_family("Null"), None);
    }
}
