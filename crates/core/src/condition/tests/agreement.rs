//! `condition_holds` must decide exactly as `evaluate_condition`.

use super::*;

/// Values that exercise every family: strings, wildcards, numbers, dates, booleans, base64,
/// addresses, ARNs and variables.
const SAMPLE_VALUES: [&str; 24] = [
    "blue",
    "Blue",
    "b*",
    "?lue",
    "",
    "10",
    "9.5",
    "-1",
    "ten",
    "2026-01-01T00:00:00Z",
    "1767225600",
    "true",
    "FALSE",
    "QmluYXJ5",
    "203.0.113.0/24",
    "203.0.113.9",
    "2001:db8::/32",
    "arn:aws:iam::111111111111:user/al*",
    "arn:aws:iam::111111111111:user/alice",
    "${k2}",
    "${k2, 'blue'}",
    "${missing}",
    "a${*}",
    "${k2}*",
];

fn sample_condition(op: usize, qualifier: u8, if_exists: bool, values: &[usize]) -> Condition {
    let base = BaseOperator::ALL[op % BaseOperator::ALL.len()];
    let name = base.name();
    let qualifier = match qualifier % 3 {
        0 => None,
        1 => Some(SetQualifier::ForAllValues),
        _ => Some(SetQualifier::ForAnyValue),
    };
    Condition::new(
        Spanned::new(name.to_owned(), Span::default()),
        Some(Operator {
            qualifier,
            base,
            if_exists: if_exists && base != BaseOperator::Null,
        }),
        Spanned::new("K".to_owned(), Span::default()),
        values
            .iter()
            .map(|i| {
                Spanned::new(
                    SAMPLE_VALUES[i % SAMPLE_VALUES.len()].to_owned(),
                    Span::default(),
                )
            })
            .collect(),
    )
}

proptest::proptest! {
    #[test]
    fn condition_holds_agrees_with_evaluate_condition(
        op in 0usize..27,
        qualifier in 0u8..3,
        if_exists in proptest::bool::ANY,
        values in proptest::collection::vec(0usize..24, 1..4),
        request in proptest::option::of(proptest::collection::vec(0usize..24, 0..4)),
        k2 in proptest::option::of(0usize..24),
        variables in proptest::bool::ANY,
    ) {
        let condition = sample_condition(op, qualifier, if_exists, &values);
        let mut context = Context::new();
        if let Some(request) = request {
            let vs: Vec<String> = request.iter().map(|i| SAMPLE_VALUES[i % 24].to_owned()).collect();
            context.insert("k", ContextValue::Multi(vs), ContextSource::Given);
        }
        if let Some(i) = k2 {
            context.set("k2", SAMPLE_VALUES[i % 24]);
        }
        let slow = evaluate_condition(&condition, &context, variables);
        proptest::prop_assert_eq!(
            condition_holds(&condition, &context, variables),
            slow.holds,
            "{:?} with {:?}: {}", condition, context, slow.reason
        );
    }
}

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics_and_both_paths_agree(
        op in 0usize..27,
        qualifier in 0u8..3,
        if_exists in proptest::bool::ANY,
        values in proptest::collection::vec("\\PC{0,12}|\\$\\{[a-z:*?$, ']{0,8}\\}?", 0..3),
        request in proptest::option::of(proptest::collection::vec("\\PC{0,12}", 0..3)),
        variables in proptest::bool::ANY,
    ) {
        let base = BaseOperator::ALL[op % BaseOperator::ALL.len()];
    let name = base.name();
        let qualifier = match qualifier {
            0 => None,
            1 => Some(SetQualifier::ForAllValues),
            _ => Some(SetQualifier::ForAnyValue),
        };
        let condition = Condition::new(
        Spanned::new(name.to_owned(), Span::default()),
        Some(Operator { qualifier, base, if_exists }),
        Spanned::new("k".to_owned(), Span::default()),
        values.into_iter().map(|v| Spanned::new(v, Span::default())).collect(),
    );
        let mut context = Context::new();
        if let Some(request) = request {
            context.insert("k", ContextValue::Multi(request), ContextSource::Given);
        }
        let slow = evaluate_condition(&condition, &context, variables);
        proptest::prop_assert_eq!(condition_holds(&condition, &context, variables), slow.holds, "{}", slow.reason);
    }
}

// Long lists on both sides take the hash index (`sets.rs`, `FastIndex`): both paths must still
// decide as the definition does, one request value at a time.
proptest::proptest! {
    #[test]
    fn long_value_lists_decide_as_one_request_value_at_a_time(
        op in 0usize..27,
        any in proptest::bool::ANY,
        values in proptest::collection::vec(0usize..24, 9..30),
        request in proptest::collection::vec(0usize..24, 9..30),
        k2 in proptest::option::of(0usize..24),
        variables in proptest::bool::ANY,
    ) {
        let condition = sample_condition(op, if any { 2 } else { 1 }, false, &values);
        let base = condition.operator.map(|o| o.base);
        proptest::prop_assume!(base != Some(BaseOperator::Null));
        let request: Vec<String> = request.iter().map(|i| SAMPLE_VALUES[i % 24].to_owned()).collect();
        let mut context = Context::new();
        context.insert("k", ContextValue::Multi(request.clone()), ContextSource::Given);
        if let Some(i) = k2 {
            context.set("k2", SAMPLE_VALUES[i % 24]);
        }
        // One request value at a time, with the qualifier's test on a single value.
        let mut single = condition.clone();
        if let Some(op) = &mut single.operator {
            op.qualifier = None;
        }
        let one = |r: &str| {
            let mut c = Context::new();
            c.set("k", r);
            if let Some(i) = k2 {
                c.set("k2", SAMPLE_VALUES[i % 24]);
            }
            evaluate_condition(&single, &c, variables).holds
        };
        let expected = if any {
            request.iter().any(|r| one(r))
        } else {
            request.iter().all(|r| one(r))
        };
        let slow = evaluate_condition(&condition, &context, variables);
        proptest::prop_assert_eq!(slow.holds, expected, "{:?}: {}", condition, slow.reason);
        proptest::prop_assert_eq!(condition_holds(&condition, &context, variables), expected);
    }
}

#[test]
fn ten_thousand_values_against_ten_thousand_are_decided_through_the_index() {
    let values: Vec<Spanned<String>> = (0..10_000)
        .map(|i| Spanned::new(format!("p{i}"), Span::default()))
        .collect();
    let request: Vec<String> = (0..10_000).map(|i| format!("P{}", 9_999 - i)).collect();
    let mut context = Context::new();
    context.insert("k", ContextValue::Multi(request), ContextSource::Given);
    let condition = |name: &str, base, qualifier| {
        Condition::new(
            Spanned::new(name.to_owned(), Span::default()),
            Some(Operator {
                qualifier: Some(qualifier),
                base,
                if_exists: false,
            }),
            Spanned::new("k".to_owned(), Span::default()),
            values.clone(),
        )
    };
    // Case matters for StringEquals, not for StringEqualsIgnoreCase.
    let equals = condition(
        "ForAnyValue:StringEquals",
        BaseOperator::StringEquals,
        SetQualifier::ForAnyValue,
    );
    assert!(!evaluate_condition(&equals, &context, true).holds);
    assert!(!condition_holds(&equals, &context, true));
    let ignore = condition(
        "ForAllValues:StringEqualsIgnoreCase",
        BaseOperator::StringEqualsIgnoreCase,
        SetQualifier::ForAllValues,
    );
    let slow = evaluate_condition(&ignore, &context, true);
    assert!(slow.holds, "{}", slow.reason);
    assert_eq!(slow.matched_values.len(), 10_000);
    assert!(condition_holds(&ignore, &context, true));
}
