//! Constructors for the diagnostics of the AWS service catalog and the catalog-aware lint.
//!
//! Every finding is a warning: AWS accepts these policies, but they do
//! not do what their author meant (or are unsafe). The catalog may lag behind AWS by a few days,
//! so each help text says what the catalog knows rather than asserting that AWS rejects it.

use super::{Diagnostic, Severity};
use crate::span::Span;

/// `invalid-catalog`: the catalog data could not be read.
#[must_use]
pub fn invalid_catalog(reason: &str, offset: usize, len: usize) -> Diagnostic {
    super::unreadable_data(
        "invalid-catalog",
        format!("invalid catalog data: {reason}"),
        offset,
        len,
        "the catalog with `cargo xtask catalog`",
    )
}

/// `unknown-service`: an action whose service prefix no AWS service has.
#[must_use]
pub fn unknown_service(span: Span, prefix: &str, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "unknown-service",
        format!("unknown service prefix `{prefix}`"),
        span,
        "no AWS service has this prefix, so this matches no action",
    )
    .with_suggestion(
        suggestion,
        "service prefixes are lowercase, e.g. `s3`, `ec2`, `iam`",
    )
}

/// `unknown-action`: an action name that its service does not have.
#[must_use]
pub fn unknown_action(
    span: Span,
    action: &str,
    service: &str,
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "unknown-action",
        format!("unknown action `{action}`"),
        span,
        format!("`{service}` has no such action, so this matches nothing"),
    )
    .with_suggestion(
        suggestion,
        format!("`rolecall expand '{service}:*'` lists the actions of `{service}`"),
    )
}

/// `action-matches-nothing`: a wildcard action pattern that covers no known action.
#[must_use]
pub fn action_matches_nothing(span: Span, pattern: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "action-matches-nothing",
        format!("`{pattern}` matches no known action"),
        span,
        "this pattern covers no action of the AWS catalog",
    )
    .with_help("check the spelling; `rolecall expand` shows what a pattern covers")
}

/// `resource-type-mismatch`: no resource of the statement fits one of its actions.
///
/// `resources` are the statement's resources with their spans; `expected` the action's resource
/// types, already formatted.
#[must_use]
pub fn resource_type_mismatch(
    resources: &[(Span, &str)],
    action: &str,
    action_span: Span,
    expected: &[String],
) -> Diagnostic {
    let help = format!(
        "`{action}` is authorized against {}, so this statement grants or denies it on nothing",
        expected.join(" or ")
    );
    let types_label = "the resource types of this action do not include it";
    match resources {
        [(span, resource)] => Diagnostic::new(
            Severity::Warning,
            "resource-type-mismatch",
            format!("`{resource}` is not a resource of `{action}`"),
            *span,
            "this fits none of the action's resource types",
        )
        .with_label(action_span, types_label)
        .with_help(help),
        _ => {
            let mut diagnostic = Diagnostic::new(
                Severity::Warning,
                "resource-type-mismatch",
                format!("no resource of the statement is a resource of `{action}`"),
                action_span,
                "none of the statement's resources is of this action's resource types",
            );
            for (span, _) in resources {
                diagnostic = diagnostic.with_label(*span, "");
            }
            diagnostic.with_help(help)
        }
    }
}

/// `resource-fits-no-action`: a resource that none of the statement's actions can act on.
#[must_use]
pub fn resource_fits_no_action(span: Span, resource: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "resource-fits-no-action",
        format!("`{resource}` is a resource of none of the statement's actions"),
        span,
        "no action of this statement is authorized against this resource",
    )
    .with_help("remove it, or add the action it was meant for")
}

/// `resource-level-not-supported`: a concrete resource for an action that only supports `*`.
#[must_use]
pub fn resource_level_not_supported(
    span: Span,
    resource: &str,
    action: &str,
    action_span: Span,
) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "resource-level-not-supported",
        format!("`{action}` does not support resource-level permissions"),
        span,
        format!("`{resource}` never matches, the request's resource is `*`"),
    )
    .with_label(action_span, "this action has no resource type")
    .with_help(format!(
        "use `\"Resource\": \"*\"` for `{action}`, in a statement of its own"
    ))
}

/// `condition-key-not-applicable`: a condition key that none of the statement's actions has.
#[must_use]
pub fn condition_key_not_applicable(span: Span, key: &str, actions: &[String]) -> Diagnostic {
    let listed = match actions {
        [one] => format!("`{one}`"),
        _ => "any of the statement's actions".to_string(),
    };
    Diagnostic::new(
        Severity::Warning,
        "condition-key-not-applicable",
        format!("condition key `{key}` does not apply to {listed}"),
        span,
        "this key is never present in these requests",
    )
    .with_help(
        "a missing key makes a positive operator false and a negated one true; \
         use a key of the action or a global `aws:` key",
    )
}

/// `unknown-condition-key`: a key of a known service (or `aws:`) that the catalog does not have.
#[must_use]
pub fn unknown_condition_key(span: Span, key: &str, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "unknown-condition-key",
        format!("unknown condition key `{key}`"),
        span,
        "no AWS request carries this key",
    )
    .with_suggestion(
        suggestion,
        "a missing key makes a positive operator false and a negated one true",
    )
}

/// `operator-type-mismatch`: an operator family that does not fit the key's type.
#[must_use]
pub fn operator_type_mismatch(
    span: Span,
    operator: &str,
    key: &str,
    key_type: &str,
    key_span: Span,
) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "operator-type-mismatch",
        format!("`{operator}` does not fit `{key}`, whose values are of type `{key_type}`"),
        span,
        "this operator reads the values as another type",
    )
    .with_label(key_span, format!("a `{key_type}` key"))
    .with_help(format!("use an operator made for `{key_type}` values"))
}

/// `single-valued-operator-on-multivalued-key`: no `ForAnyValue`/`ForAllValues` on an `ArrayOf` key.
#[must_use]
pub fn single_valued_operator_on_multivalued_key(
    span: Span,
    operator: &str,
    key: &str,
    key_span: Span,
) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "single-valued-operator-on-multivalued-key",
        format!("`{key}` has several values but `{operator}` compares a single one"),
        span,
        "no set qualifier",
    )
    .with_label(key_span, "a multivalued key")
    .with_help(format!(
        "use `ForAnyValue:{operator}` (at least one value matches) or `ForAllValues:{operator}` \
         (every value matches, also when there is none)"
    ))
}

/// `set-operator-on-single-valued-key`: `ForAnyValue`/`ForAllValues` on a single-valued key.
#[must_use]
pub fn set_operator_on_single_valued_key(
    span: Span,
    qualifier: &str,
    key: &str,
    key_span: Span,
) -> Diagnostic {
    let help = if qualifier == "ForAllValues" {
        "`ForAllValues` is also true when the key is missing; drop the qualifier"
    } else {
        "drop the qualifier"
    };
    Diagnostic::new(
        Severity::Warning,
        "set-operator-on-single-valued-key",
        format!("`{qualifier}` used with `{key}`, which has a single value"),
        span,
        "set qualifiers are meant for multivalued keys",
    )
    .with_label(key_span, "a single-valued key")
    .with_help(help)
}

/// `privilege-escalation`: an action that lets its holder gain more permissions, on every
/// resource. `pattern` is the action as written, `action` the escalation action it covers.
#[must_use]
pub fn privilege_escalation(
    span: Span,
    pattern: &str,
    action: &str,
    resource_span: Span,
    why: &str,
) -> Diagnostic {
    let message = if pattern.eq_ignore_ascii_case(action) {
        format!("`{action}` on every resource allows privilege escalation")
    } else {
        format!(
            "`{pattern}` covers `{action}`, which on every resource allows privilege escalation"
        )
    };
    Diagnostic::new(
        Severity::Warning,
        "privilege-escalation",
        message,
        span,
        why.to_string(),
    )
    .with_label(resource_span, "every resource")
    .with_help(format!(
        "scope `{action}` to specific ARNs, or add conditions"
    ))
}

/// `allow-with-not-action`: `NotAction` with `Allow` grants every other action.
#[must_use]
pub fn allow_with_not_action(span: Span, effect_span: Span, covered: usize) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "allow-with-not-action",
        "`NotAction` with `Allow` grants every action not listed",
        span,
        format!("this allows {covered} known actions, and every action AWS adds later"),
    )
    .with_label(effect_span, "the effect is `Allow`")
    .with_help("list the allowed actions in `Action` instead")
}

/// `allow-with-not-resource`: `NotResource` with `Allow` grants on every other resource.
#[must_use]
pub fn allow_with_not_resource(span: Span, effect_span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        "allow-with-not-resource",
        "`NotResource` with `Allow` grants on every resource not listed",
        span,
        "this includes resources in every other account and every resource created later",
    )
    .with_label(effect_span, "the effect is `Allow`")
    .with_help("list the allowed resources in `Resource` instead")
}
