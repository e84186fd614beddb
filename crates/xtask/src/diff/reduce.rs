//! Shrinking a disagreement to a minimal case: drop policies, statements, condition operators,
//! keys, values and context keys one at a time for as long as the two engines still disagree
//! the same way. The classifier then reads the feature that is left.

use serde_json::{Map, Value};

use crate::diff::case::Case;
use crate::diff::engines::{Engines, Verdict};

/// The most rounds of shrinking (each round removes one thing from every case still shrinking).
const MAX_ROUNDS: usize = 60;

/// The decisions of the two engines, which a smaller case must keep to replace the original.
pub type Pair = (String, String);

/// The pair of decisions of a case.
pub fn pair(rolecall: &Verdict, oracle: &Verdict) -> Pair {
    (rolecall.decision.clone(), oracle.decision.clone())
}

/// Shrinks every case while both engines still answer it with the same pair of decisions.
/// All cases shrink together, so a round costs one run of each engine.
///
/// # Errors
///
/// A message when an engine cannot be run.
pub fn minimize(engines: &mut Engines, cases: Vec<(Case, Pair)>) -> Result<Vec<Case>, String> {
    let mut current: Vec<(Case, Pair, bool)> = cases
        .into_iter()
        .map(|(case, pair)| (case, pair, true))
        .collect();
    for _ in 0..MAX_ROUNDS {
        // (index of the case, candidate)
        let mut batch: Vec<(usize, Case)> = Vec::new();
        for (index, (case, _, shrinking)) in current.iter().enumerate() {
            if *shrinking {
                batch.extend(candidates(case).into_iter().map(|c| (index, c)));
            }
        }
        if batch.is_empty() {
            break;
        }
        let only: Vec<Case> = batch.iter().map(|(_, c)| c.clone()).collect();
        let decisions = engines.decide(&only, None)?;
        let mut replaced = vec![false; current.len()];
        for (((index, candidate), r), o) in batch
            .into_iter()
            .zip(&decisions.rolecall)
            .zip(&decisions.oracle)
        {
            let Some(slot) = current.get_mut(index) else {
                continue;
            };
            let already = replaced.get(index).copied().unwrap_or(true);
            if !already && pair(r, o) == slot.1 {
                slot.0 = candidate;
                if let Some(flag) = replaced.get_mut(index) {
                    *flag = true;
                }
            }
        }
        for (slot, done) in current.iter_mut().zip(replaced) {
            slot.2 = slot.2 && done;
        }
    }
    Ok(current.into_iter().map(|(case, _, _)| case).collect())
}

/// Every case that is `case` with one thing removed, the biggest removals first.
pub fn candidates(case: &Case) -> Vec<Case> {
    let mut out = Vec::new();
    let mut push = |f: &dyn Fn(&mut Case)| {
        let mut c = case.clone();
        f(&mut c);
        if c != *case {
            out.push(c);
        }
    };
    if !case.scps.is_empty() {
        push(&|c| c.scps.clear());
    }
    if !case.rcps.is_empty() {
        push(&|c| c.rcps.clear());
    }
    push(&|c| c.resource_policy = None);
    push(&|c| c.boundary = None);
    push(&|c| c.session = None);
    for i in 0..case.identity.len() {
        push(&|c| {
            c.identity.remove(i);
        });
    }
    for levels in [Levels::Scp, Levels::Rcp] {
        let count = levels.of(case).len();
        for i in 0..count {
            if count > 1 {
                push(&|c| {
                    levels.of_mut(c).remove(i);
                });
            }
            let policies = levels.of(case).get(i).map_or(0, Vec::len);
            for j in 0..policies {
                if policies > 1 {
                    push(&|c| {
                        if let Some(level) = levels.of_mut(c).get_mut(i) {
                            level.remove(j);
                        }
                    });
                }
            }
        }
    }
    for key in case.context.keys() {
        push(&|c| {
            c.context.remove(key);
        });
        if let Some(Value::Array(items)) = case.context.get(key) {
            for i in 0..items.len() {
                push(&|c| {
                    if let Some(Value::Array(items)) = c.context.get_mut(key) {
                        items.remove(i);
                    }
                });
            }
        }
    }
    // Smaller policies, each in its place.
    let mut smaller: Vec<Case> = Vec::new();
    for (i, policy) in case.identity.iter().enumerate() {
        for p in policy_candidates(policy) {
            let mut c = case.clone();
            if let Some(slot) = c.identity.get_mut(i) {
                *slot = p;
            }
            smaller.push(c);
        }
    }
    for (place, policy) in [
        (0, &case.resource_policy),
        (1, &case.boundary),
        (2, &case.session),
    ] {
        let Some(policy) = policy else { continue };
        for p in policy_candidates(policy) {
            let mut c = case.clone();
            let slot = match place {
                0 => &mut c.resource_policy,
                1 => &mut c.boundary,
                _ => &mut c.session,
            };
            *slot = Some(p);
            smaller.push(c);
        }
    }
    for levels in [Levels::Scp, Levels::Rcp] {
        for (i, level) in levels.of(case).iter().enumerate() {
            for (j, policy) in level.iter().enumerate() {
                for p in policy_candidates(policy) {
                    let mut c = case.clone();
                    if let Some(slot) = levels.of_mut(&mut c).get_mut(i).and_then(|l| l.get_mut(j))
                    {
                        *slot = p;
                    }
                    smaller.push(c);
                }
            }
        }
    }
    out.extend(smaller);
    out
}

#[derive(Clone, Copy)]
enum Levels {
    Scp,
    Rcp,
}

impl Levels {
    fn of(self, case: &Case) -> &Vec<Vec<Value>> {
        match self {
            Self::Scp => &case.scps,
            Self::Rcp => &case.rcps,
        }
    }

    fn of_mut(self, case: &mut Case) -> &mut Vec<Vec<Value>> {
        match self {
            Self::Scp => &mut case.scps,
            Self::Rcp => &mut case.rcps,
        }
    }
}

/// Every policy that is `policy` with one statement, condition operator, condition key or list
/// item removed.
fn policy_candidates(policy: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let Some(statement) = policy.get("Statement") else {
        return out;
    };
    let statements: Vec<Value> = match statement {
        Value::Array(all) => all.clone(),
        one => vec![one.clone()],
    };
    let rebuild = |statements: Vec<Value>| -> Value {
        let mut p = policy.clone();
        if let Some(map) = p.as_object_mut() {
            map.insert("Statement".into(), Value::Array(statements));
        }
        p
    };
    if statements.len() > 1 {
        for i in 0..statements.len() {
            let mut fewer = statements.clone();
            fewer.remove(i);
            out.push(rebuild(fewer));
        }
    }
    for (i, statement) in statements.iter().enumerate() {
        for smaller in statement_candidates(statement) {
            let mut all = statements.clone();
            if let Some(slot) = all.get_mut(i) {
                *slot = smaller;
            }
            out.push(rebuild(all));
        }
    }
    out
}

fn statement_candidates(statement: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let Some(map) = statement.as_object() else {
        return out;
    };
    let with = |key: &str, value: Option<Value>| -> Value {
        let mut m: Map<String, Value> = map.clone();
        match value {
            Some(v) => m.insert(key.to_owned(), v),
            None => m.remove(key),
        };
        Value::Object(m)
    };
    if let Some(Value::Object(condition)) = map.get("Condition") {
        out.push(with("Condition", None));
        for (operator, keys) in condition {
            if condition.len() > 1 {
                let mut c = condition.clone();
                c.remove(operator);
                out.push(with("Condition", Some(Value::Object(c))));
            }
            let Some(keys) = keys.as_object() else {
                continue;
            };
            for (key, values) in keys {
                if keys.len() > 1 {
                    let mut k = keys.clone();
                    k.remove(key);
                    let mut c = condition.clone();
                    c.insert(operator.clone(), Value::Object(k));
                    out.push(with("Condition", Some(Value::Object(c))));
                }
                for fewer in fewer_items(values) {
                    let mut k = keys.clone();
                    k.insert(key.clone(), fewer);
                    let mut c = condition.clone();
                    c.insert(operator.clone(), Value::Object(k));
                    out.push(with("Condition", Some(Value::Object(c))));
                }
            }
        }
    }
    for element in ["Action", "NotAction", "Resource", "NotResource"] {
        if let Some(values) = map.get(element) {
            for fewer in fewer_items(values) {
                out.push(with(element, Some(fewer)));
            }
        }
    }
    for element in ["Principal", "NotPrincipal"] {
        if let Some(Value::Object(principal)) = map.get(element) {
            for (kind, values) in principal {
                for fewer in fewer_items(values) {
                    let mut p = principal.clone();
                    p.insert(kind.clone(), fewer);
                    out.push(with(element, Some(Value::Object(p))));
                }
            }
        }
    }
    out
}

/// A list with one item removed, for lists of two or more.
fn fewer_items(values: &Value) -> Vec<Value> {
    match values {
        Value::Array(items) if items.len() > 1 => (0..items.len())
            .map(|i| {
                let mut fewer = items.clone();
                fewer.remove(i);
                Value::Array(fewer)
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{candidates, policy_candidates};
    use crate::diff::case::Case;

    #[test]
    fn a_policy_shrinks_by_statement_condition_key_and_value() {
        let policy = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*",
             "Condition": {"StringEquals": {"aws:username": ["a", "b"]}}},
            {"Effect": "Deny", "Action": "*", "Resource": "*"}
        ]});
        let smaller = policy_candidates(&policy);
        // 2 statements removed one at a time, the condition dropped, one of two values
        // dropped (2 ways), one of two actions dropped (2 ways).
        assert_eq!(smaller.len(), 2 + 1 + 2 + 2);
        assert!(smaller.iter().all(|p| p != &policy));
    }

    #[test]
    fn a_case_shrinks_by_policy_and_context_key() {
        let case = Case {
            identity: vec![
                json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}),
            ],
            context: json!({"aws:username": "alice"})
                .as_object()
                .cloned()
                .unwrap(),
            ..Case::default()
        };
        let smaller = candidates(&case);
        assert!(smaller.iter().any(|c| c.identity.is_empty()));
        assert!(smaller.iter().any(|c| c.context.is_empty()));
    }
}
