//! Tests of principal parsing and of the `Principal` / `NotPrincipal` elements.

use super::*;
use crate::model::{PrincipalEntry, PrincipalValue};
use crate::span::Span;
use crate::span::Spanned;

const ALICE: &str = "arn:aws:iam::111111111111:user/alice";
const DEV: &str = "arn:aws:iam::111111111111:role/Dev";
const DEV_S: &str = "arn:aws:sts::111111111111:assumed-role/Dev/s";
const ROOT_A: &str = "arn:aws:iam::111111111111:root";

fn check(kind: PrincipalType, value: &str, who: &str, expected: Option<PrincipalMatch>) {
    assert_eq!(
        principal_matches(kind, value, &parse_principal(who)),
        expected,
        "{kind:?} {value:?} vs caller {who:?}"
    );
}

fn aws(value: &str, who: &str, expected: Option<PrincipalMatch>) {
    check(PrincipalType::Aws, value, who, expected);
}

/// A principal map with one entry per `(kind, values)`.
fn map(entries: &[(PrincipalType, &[&str])]) -> PrincipalValue {
    PrincipalValue::Map(
        entries
            .iter()
            .enumerate()
            .map(|(i, (kind, values))| PrincipalEntry {
                kind: *kind,
                key_span: Span::new(i * 100, i * 100 + 5),
                values: values
                    .iter()
                    .enumerate()
                    .map(|(j, v)| {
                        Spanned::new(
                            (*v).to_owned(),
                            Span::new(i * 100 + 10 + j * 10, i * 100 + 15 + j * 10),
                        )
                    })
                    .collect(),
            })
            .collect(),
    )
}

#[test]
fn parse_table() {
    use Principal as P;
    assert_eq!(parse_principal("anonymous"), P::Anonymous);
    assert_eq!(
        parse_principal(ROOT_A),
        P::Root {
            arn: ROOT_A.into(),
            account: "111111111111".into()
        }
    );
    assert_eq!(
        parse_principal("arn:aws:iam::111111111111:user/dev/team/alice"),
        P::User {
            arn: "arn:aws:iam::111111111111:user/dev/team/alice".into(),
            account: "111111111111".into(),
            name: "alice".into()
        }
    );
    assert_eq!(
        parse_principal("arn:aws:iam::111111111111:role/ops/Dev"),
        P::Role {
            arn: "arn:aws:iam::111111111111:role/ops/Dev".into(),
            account: "111111111111".into(),
            name: "Dev".into()
        }
    );
    assert_eq!(
        parse_principal(DEV_S),
        P::Session {
            arn: DEV_S.into(),
            account: "111111111111".into(),
            role_name: "Dev".into(),
            role_arn: DEV.into(),
            session_name: "s".into()
        }
    );
    assert_eq!(
        parse_principal("arn:aws:sts::111111111111:federated-user/bob"),
        P::FederatedUser {
            arn: "arn:aws:sts::111111111111:federated-user/bob".into(),
            account: "111111111111".into(),
            name: "bob".into()
        }
    );
    assert_eq!(
        parse_principal("lambda.amazonaws.com"),
        P::Service {
            name: "lambda.amazonaws.com".into()
        }
    );
    assert_eq!(
        parse_principal("accounts.google.com"),
        P::Federated {
            provider: "accounts.google.com".into()
        }
    );
    let oidc = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
    assert_eq!(
        parse_principal(oidc),
        P::Federated {
            provider: oidc.into()
        }
    );
    let canonical = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
    assert_eq!(
        parse_principal(canonical),
        P::CanonicalUser {
            id: canonical.into()
        }
    );
    assert_eq!(
        parse_principal("arn:aws:sts::1:assumed-role/Dev"),
        P::Other {
            text: "arn:aws:sts::1:assumed-role/Dev".into()
        }
    );
    assert_eq!(
        parse_principal("who?"),
        P::Other {
            text: "who?".into()
        }
    );
    assert_eq!(
        parse_principal(""),
        P::Other {
            text: String::new()
        }
    );
}

#[test]
fn accessors() {
    let s = parse_principal(DEV_S);
    assert_eq!(s.account(), Some("111111111111"));
    assert_eq!(s.arn(), Some(DEV_S));
    assert_eq!(s.role_arn(), Some(DEV));
    assert_eq!(parse_principal("lambda.amazonaws.com").account(), None);
    assert_eq!(parse_principal("anonymous").arn(), None);
}

#[test]
fn principal_type_values() {
    for (who, expected) in [
        (ROOT_A, Some("Account")),
        (ALICE, Some("User")),
        (DEV_S, Some("AssumedRole")),
        (
            "arn:aws:sts::111111111111:federated-user/bob",
            Some("FederatedUser"),
        ),
        ("anonymous", Some("Anonymous")),
        ("lambda.amazonaws.com", None),
    ] {
        assert_eq!(parse_principal(who).principal_type(), expected, "{who}");
    }
}

#[test]
fn session_role_arn_has_no_path_but_matches_a_role_arn_with_path() {
    aws(
        "arn:aws:iam::111111111111:role/ops/Dev",
        DEV_S,
        Some(PrincipalMatch::RoleOfSession),
    );
}

#[test]
fn wildcard_matches_everyone_including_anonymous() {
    for who in [
        ALICE,
        DEV_S,
        ROOT_A,
        "anonymous",
        "lambda.amazonaws.com",
        "arn:aws:iam::222222222222:user/x",
    ] {
        aws("*", who, Some(PrincipalMatch::Wildcard));
        assert_eq!(
            principal_value_matches(
                &PrincipalValue::Wildcard(Span::new(1, 2)),
                &parse_principal(who)
            ),
            Some((PrincipalMatch::Wildcard, Span::new(1, 2)))
        );
    }
}

#[test]
fn account_id_matches_root_arn() {
    aws("111111111111", ROOT_A, Some(PrincipalMatch::Account));
    aws(ROOT_A, ROOT_A, Some(PrincipalMatch::Account));
}

#[test]
fn account_principal_matches_every_principal_of_the_account() {
    for who in [
        ALICE,
        DEV_S,
        ROOT_A,
        "arn:aws:sts::111111111111:federated-user/bob",
    ] {
        aws("111111111111", who, Some(PrincipalMatch::Account));
        aws(ROOT_A, who, Some(PrincipalMatch::Account));
    }
    aws("222222222222", ALICE, None);
    aws("arn:aws:iam::222222222222:root", ALICE, None);
    aws("111111111111", "anonymous", None);
    aws("111111111111", "lambda.amazonaws.com", None);
    aws(
        "111111111111",
        "arn:aws:iam::111111111111:oidc-provider/x",
        None,
    );
}

#[test]
fn user_arn_matches_only_that_user() {
    aws(ALICE, ALICE, Some(PrincipalMatch::ExactUser));
    aws(ALICE, "arn:aws:iam::111111111111:user/bob", None);
    aws("arn:aws:iam::111111111111:user/Alice", ALICE, None);
    aws(ALICE, DEV_S, None);
}

#[test]
fn role_arn_matches_its_sessions() {
    aws(DEV, DEV_S, Some(PrincipalMatch::RoleOfSession));
    aws(
        DEV,
        "arn:aws:sts::111111111111:assumed-role/Dev/other",
        Some(PrincipalMatch::RoleOfSession),
    );
    aws(DEV, "arn:aws:sts::111111111111:assumed-role/Ops/s", None);
    aws(DEV, "arn:aws:sts::222222222222:assumed-role/Dev/s", None);
    aws(DEV, DEV, Some(PrincipalMatch::ExactRole));
}

#[test]
fn session_arn_matches_only_that_session() {
    aws(DEV_S, DEV_S, Some(PrincipalMatch::ExactSession));
    aws(DEV_S, "arn:aws:sts::111111111111:assumed-role/Dev/t", None);
    aws(DEV_S, DEV, None);
}

#[test]
fn partial_wildcard_in_principal_arn_matches_nothing() {
    aws("arn:aws:iam::111111111111:role/*", DEV_S, None);
    aws("arn:aws:iam::111111111111:user/*", ALICE, None);
}

#[test]
fn service_principal_matches_only_that_service() {
    check(
        PrincipalType::Service,
        "ec2.amazonaws.com",
        "ec2.amazonaws.com",
        Some(PrincipalMatch::Service),
    );
    check(
        PrincipalType::Service,
        "ec2.amazonaws.com",
        "lambda.amazonaws.com",
        None,
    );
    check(PrincipalType::Service, "ec2.amazonaws.com", ALICE, None);
    aws("ec2.amazonaws.com", "ec2.amazonaws.com", None);
}

#[test]
fn federated_principal_matches_only_that_provider() {
    let gh = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
    check(
        PrincipalType::Federated,
        gh,
        gh,
        Some(PrincipalMatch::Federated),
    );
    check(
        PrincipalType::Federated,
        gh,
        "arn:aws:iam::111111111111:oidc-provider/other",
        None,
    );
    check(
        PrincipalType::Federated,
        "accounts.google.com",
        "accounts.google.com",
        Some(PrincipalMatch::Federated),
    );
    check(PrincipalType::Federated, gh, ALICE, None);
    aws(gh, gh, None);
}

#[test]
fn canonical_user_matches_only_that_id() {
    let id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
    check(
        PrincipalType::CanonicalUser,
        id,
        id,
        Some(PrincipalMatch::CanonicalUser),
    );
    check(PrincipalType::CanonicalUser, id, ALICE, None);
}

#[test]
fn most_specific_value_wins() {
    let value = map(&[(PrincipalType::Aws, &["111111111111", DEV_S, "*"])]);
    assert_eq!(
        principal_value_matches(&value, &parse_principal(DEV_S)),
        Some((PrincipalMatch::ExactSession, Span::new(20, 25)))
    );
    assert_eq!(
        principal_value_matches(
            &value,
            &parse_principal("arn:aws:sts::111111111111:assumed-role/Dev/t")
        ),
        Some((PrincipalMatch::Wildcard, Span::new(30, 35)))
    );
    let none = map(&[(PrincipalType::Service, &["ec2.amazonaws.com"])]);
    assert_eq!(
        principal_value_matches(&none, &parse_principal(ALICE)),
        None
    );
}

#[test]
fn not_principal_must_list_account_and_user_to_exclude_a_user() {
    let who = parse_principal(ALICE);
    assert!(!not_principal_excludes(
        &map(&[(PrincipalType::Aws, &[ALICE])]),
        &who
    ));
    assert!(!not_principal_excludes(
        &map(&[(PrincipalType::Aws, &[ROOT_A])]),
        &who
    ));
    assert!(not_principal_excludes(
        &map(&[(PrincipalType::Aws, &[ALICE, ROOT_A])]),
        &who
    ));
}

#[test]
fn not_principal_must_list_the_session_too() {
    let who = parse_principal(DEV_S);
    assert!(!not_principal_excludes(
        &map(&[(PrincipalType::Aws, &[DEV, ROOT_A])]),
        &who
    ));
    assert!(not_principal_excludes(
        &map(&[(PrincipalType::Aws, &[DEV, DEV_S, "111111111111"])]),
        &who
    ));
}

#[test]
fn not_principal_wildcard_excludes_everyone() {
    assert!(not_principal_excludes(
        &PrincipalValue::Wildcard(Span::default()),
        &parse_principal("anonymous")
    ));
    assert!(not_principal_excludes(
        &map(&[(PrincipalType::Aws, &["*"])]),
        &parse_principal("lambda.amazonaws.com")
    ));
}

#[test]
fn not_principal_does_not_exclude_unlisted_callers() {
    let listed = map(&[(PrincipalType::Aws, &[ALICE, ROOT_A])]);
    for who in [
        "arn:aws:iam::111111111111:user/bob",
        "anonymous",
        "lambda.amazonaws.com",
        "arn:aws:iam::222222222222:root",
    ] {
        assert!(
            !not_principal_excludes(&listed, &parse_principal(who)),
            "{who}"
        );
    }
    let service = map(&[(PrincipalType::Service, &["ec2.amazonaws.com"])]);
    assert!(not_principal_excludes(
        &service,
        &parse_principal("ec2.amazonaws.com")
    ));
}

proptest::proptest! {
    #[test]
    fn parsing_and_matching_never_panic(text in "\\PC{0,60}", value in "\\PC{0,60}") {
        let who = parse_principal(&text);
        let _ = (who.account(), who.arn(), who.principal_type(), who.role_arn());
        for kind in [PrincipalType::Aws, PrincipalType::Service, PrincipalType::Federated, PrincipalType::CanonicalUser] {
            let _ = principal_matches(kind, &value, &who);
        }
    }

    #[test]
    fn arn_shaped_inputs_never_panic(resource in "[a-z/:*]{0,30}") {
        let text = format!("arn:aws:sts::111111111111:{resource}");
        let who = parse_principal(&text);
        let _ = principal_matches(PrincipalType::Aws, &text, &who);
    }
}
