//! Lowering of `Principal` and `NotPrincipal`, with the checks on each principal's form.
//!
//! Why these forms ("AWS JSON policy elements: Principal"): a principal is `"*"` or a map
//! from `AWS`, `Service`, `Federated` or `CanonicalUser` to one value or a list. `AWS`
//! values are `*`, a 12-digit account id (the same as `arn:aws:iam::ID:root`: the account),
//! or the ARN of a root, user, role, assumed-role session or federated user. Wildcards are not
//! allowed inside a value: `arn:aws:iam::111122223333:role/*` is invalid, and the documented
//! idiom is `"AWS": "*"` with an `ArnLike` condition on `aws:PrincipalArn`.

use crate::diagnostic::Diagnostic;
use crate::diagnostic::policy as diag;
use crate::json::{Value, ValueKind};
use crate::matching::{Arn, is_account_id};
use crate::policy::model::{PrincipalElement, PrincipalEntry, PrincipalType, PrincipalValue};
use crate::policy::suggest::closest;
use crate::span::Spanned;

const PRINCIPAL_TYPES: [&str; 4] = ["AWS", "Service", "Federated", "CanonicalUser"];

/// Builds a `Principal` (or, with `negated`, `NotPrincipal`) element.
pub(super) fn element(
    key: &Spanned<String>,
    value: Value,
    negated: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> PrincipalElement {
    let (span, type_name) = (value.span, value.type_name());
    let value = match value.kind {
        ValueKind::String(s) if s == "*" => PrincipalValue::Wildcard(span),
        ValueKind::String(s) => {
            diagnostics.push(
                diag::invalid_principal(&s, "`\"*\"` or an object such as `{\"AWS\": ...}`", span)
                    .with_help(format!(
                        "write `{{\"AWS\": \"{s}\"}}` (or `Service`, `Federated`) instead"
                    )),
            );
            PrincipalValue::Map(Vec::new())
        }
        ValueKind::Object(members) => {
            let mut entries = Vec::with_capacity(members.len());
            for member in members {
                let kind = match member.key.value.as_str() {
                    "AWS" => PrincipalType::Aws,
                    "Service" => PrincipalType::Service,
                    "Federated" => PrincipalType::Federated,
                    "CanonicalUser" => PrincipalType::CanonicalUser,
                    other => {
                        diagnostics.push(diag::unknown_principal_type(
                            other,
                            member.key.span,
                            closest(other, PRINCIPAL_TYPES),
                        ));
                        continue;
                    }
                };
                let values = super::strings(member.value, &member.key.value, diagnostics);
                for v in &values {
                    check_value(kind, v, diagnostics);
                }
                entries.push(PrincipalEntry {
                    kind,
                    key_span: member.key.span,
                    values,
                });
            }
            PrincipalValue::Map(entries)
        }
        _ => {
            diagnostics.push(diag::wrong_type(
                &format!("`{}`", key.value),
                "`\"*\"` or an object",
                type_name,
                span,
            ));
            PrincipalValue::Map(Vec::new())
        }
    };
    PrincipalElement {
        negated,
        key_span: key.span,
        value,
    }
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// Checks the form of one principal value of type `kind`.
fn check_value(kind: PrincipalType, value: &Spanned<String>, diagnostics: &mut Vec<Diagnostic>) {
    let s = value.value.as_str();
    if s.contains("${") {
        diagnostics.push(diag::variables_not_allowed("Principal", value.span));
        return;
    }
    if kind == PrincipalType::Aws && (s == "*" || is_account_id(s) || is_unique_id(s)) {
        return;
    }
    if has_wildcard(s) {
        diagnostics.push(diag::partial_wildcard_principal(s, value.span));
        return;
    }
    let expected = match kind {
        PrincipalType::Aws if s.starts_with("arn:") => check_aws_arn(s).err(),
        PrincipalType::Aws => {
            Some("`*`, a 12-digit account id, or an IAM root, user, role or session ARN")
        }
        PrincipalType::Service => (!s.contains('.') || s.contains(char::is_whitespace))
            .then_some("a service principal such as `ec2.amazonaws.com`"),
        PrincipalType::Federated if s.starts_with("arn:") => {
            let provider = Arn::parse(s).is_some_and(|arn| {
                arn.service == "iam"
                    && (arn.resource.starts_with("saml-provider/")
                        || arn.resource.starts_with("oidc-provider/"))
            });
            (!provider).then_some("a `saml-provider/` or `oidc-provider/` ARN, or a provider name")
        }
        PrincipalType::Federated | PrincipalType::CanonicalUser => None,
    };
    if let Some(expected) = expected {
        diagnostics.push(diag::invalid_principal(s, expected, value.span));
    }
}

/// Whether `s` looks like an IAM unique id (`AIDA...`, `AROA...`), which IAM shows in place of
/// a principal ARN whose user or role was deleted.
fn is_unique_id(s: &str) -> bool {
    s.len() >= 16
        && s.starts_with('A')
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Checks an `AWS` principal ARN; the error says what was expected.
fn check_aws_arn(s: &str) -> Result<(), &'static str> {
    let Some(Arn {
        partition,
        service,
        region,
        account,
        resource,
    }) = Arn::parse(s)
    else {
        return Err("an ARN with six colon-separated parts");
    };
    if partition.is_empty() || !region.is_empty() || !is_account_id(account) {
        return Err("`arn:aws:iam::ACCOUNT:...` with a 12-digit account id and no region");
    }
    let ok = match service {
        "iam" => {
            resource == "root"
                || ["user/", "role/", "federated-user/"]
                    .iter()
                    .any(|p| resource.len() > p.len() && resource.starts_with(p))
        }
        "sts" => {
            resource.starts_with("assumed-role/") && resource.matches('/').count() >= 2
                || resource.starts_with("federated-user/")
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(
            "an IAM `root`, `user/...` or `role/...` ARN, or an STS `assumed-role/ROLE/SESSION` ARN",
        )
    }
}
