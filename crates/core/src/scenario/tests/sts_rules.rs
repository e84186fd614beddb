//! Tests of the STS parameter rules and the extra authorizations of a hop (tags, source
//! identity, session names, session policies, service principals).

use super::chain::{A, B, alice, allow, assume, dev, role, run, trust, user};
use crate::scenario::evaluate::StepDecision::{Allowed, ImplicitDeny};

#[test]
fn transitive_tags_pass_down_the_chain_and_cannot_be_overridden() {
    let t = |who: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{who}"}}, "Action": ["sts:AssumeRole", "sts:TagSession"]}}]}}"#
        )
    };
    let p = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/project": "web"}}}]}"#;
    let x_in_a = format!("arn:aws:iam::{A}:role/X");
    let ids = [
        user(&alice(), &[]),
        role(&dev(), &t(&alice()), &[], ""),
        role(&x_in_a, &t(&dev()), &[p.to_owned()], ""),
    ];
    let req = |second: &str| {
        format!(
            r#"{{"name": "r", "principal": "{}", "assume": [{{"role": "{}", "sessionTags": {{"project": "web"}}, "transitiveTagKeys": ["project"]}},
               {{"role": "{x_in_a}"{second}}}], "action": "s3:GetObject", "resource": "arn:aws:s3:::bkt/k"}}"#,
            alice(),
            dev()
        )
    };
    let (steps, d) = run(&ids, &req(""));
    assert_eq!(d, Allowed, "{steps:?}");
    assert_eq!(steps.iter().filter(|s| s.0 == "sts:TagSession").count(), 2);
    assert_eq!(
        run(&ids, &req(r#", "sessionTags": {"project": "api"}"#)).1,
        ImplicitDeny
    );
}

#[test]
fn source_identity_needs_set_source_identity_and_cannot_change() {
    let t = |actions: &str| trust(&format!(r#"{{"AWS": "{}"}}"#, alice()), actions);
    let hop = format!(r#"{{"role": "{}", "sourceIdentity": "alice"}}"#, dev());
    let ids = [
        user(&alice(), &[]),
        role(&dev(), &t(r#""sts:AssumeRole""#), &[], ""),
    ];
    let (steps, d) = run(&ids, &assume(&alice(), &hop));
    assert_eq!(d, ImplicitDeny);
    assert_eq!(steps[1].0, "sts:SetSourceIdentity");
    let ids = [
        user(&alice(), &[]),
        role(
            &dev(),
            &t(r#"["sts:AssumeRole", "sts:SetSourceIdentity"]"#),
            &[],
            "",
        ),
    ];
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, Allowed);
    let bad = format!(r#"{{"role": "{}", "sourceIdentity": "aws:alice"}}"#, dev());
    assert_eq!(run(&ids, &assume(&alice(), &bad)).1, ImplicitDeny);
}

#[test]
fn session_name_must_be_valid() {
    let t = trust(
        &format!(r#"{{"AWS": "{}"}}"#, alice()),
        r#""sts:AssumeRole""#,
    );
    let ids = [user(&alice(), &[]), role(&dev(), &t, &[], "")];
    let hop = format!(r#"{{"role": "{}", "sessionName": "a b"}}"#, dev());
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, ImplicitDeny);
}

#[test]
fn session_policy_limits_the_session_and_never_grants() {
    let t = trust(
        &format!(r#"{{"AWS": "{}"}}"#, alice()),
        r#""sts:AssumeRole""#,
    );
    let ids = [
        user(&alice(), &[]),
        role(&dev(), &t, &[allow("*", "*")], ""),
    ];
    let req = |action: &str| {
        format!(
            r#"{{"name": "r", "principal": "{}", "assume": [{{"role": "{}", "sessionPolicy": {}}}], "action": "{action}", "resource": "arn:aws:s3:::bkt/k"}}"#,
            alice(),
            dev(),
            allow("s3:GetObject", "*")
        )
    };
    assert_eq!(run(&ids, &req("s3:GetObject")).1, Allowed);
    assert_eq!(run(&ids, &req("s3:PutObject")).1, ImplicitDeny);
}

#[test]
fn service_trust_with_source_account_condition_blocks_the_confused_deputy() {
    let t = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Service": "lambda.amazonaws.com"}}, "Action": "sts:AssumeRole",
           "Condition": {{"StringEquals": {{"aws:SourceAccount": "{A}"}}}}}}]}}"#
    );
    let ids = [role(&dev(), &t, &[], "")];
    let req = |account: &str| {
        format!(
            r#"{{"name": "r", "principal": {{"service": "lambda.amazonaws.com", "sourceAccount": "{account}"}}, "assume": [{{"role": "{}"}}]}}"#,
            dev()
        )
    };
    assert_eq!(run(&ids, &req(A)).1, Allowed);
    assert_eq!(run(&ids, &req(B)).1, ImplicitDeny);
}

#[test]
fn one_character_session_name_is_rejected() {
    let t = trust(
        &format!(r#"{{"AWS": "{}"}}"#, alice()),
        r#""sts:AssumeRole""#,
    );
    let ids = [user(&alice(), &[]), role(&dev(), &t, &[], "")];
    let hop = format!(r#"{{"role": "{}", "sessionName": "s"}}"#, dev());
    assert_eq!(run(&ids, &assume(&alice(), &hop)).1, ImplicitDeny);
}

mod checks {
    use crate::scenario::chain::sts_checks;
    use crate::scenario::derive::{Caller, Session};
    use crate::scenario::model::{AssumeHop, KeyValues, PolicyDocument, Scenario};
    use crate::scenario::parse_scenario;

    fn world() -> Scenario {
        parse_scenario(
            r#"{"rolecall": 1, "identities": [{"arn": "arn:aws:iam::111111111111:role/R", "trustPolicy": {}, "maxSessionDuration": 7200}]}"#,
        )
        .scenario
        .unwrap()
    }

    fn hop() -> AssumeHop {
        AssumeHop {
            role: "arn:aws:iam::111111111111:role/R".into(),
            session_name: Some("alice".into()),
            ..AssumeHop::default()
        }
    }

    fn user() -> Caller {
        Caller::User {
            arn: "arn:aws:iam::111111111111:user/alice".into(),
        }
    }

    fn session(source: Option<&str>, transitive: &[(&str, &str)]) -> Caller {
        Caller::Session(Session {
            role_arn: "arn:aws:iam::111111111111:role/Hub".into(),
            session_name: "alice".into(),
            tags: KeyValues(
                transitive
                    .iter()
                    .map(|(k, v)| ((*k).into(), (*v).into()))
                    .collect(),
            ),
            transitive_keys: transitive.iter().map(|(k, _)| (*k).into()).collect(),
            source_identity: source.map(Into::into),
            ..Session::default()
        })
    }

    /// Checks that exactly the rules in `failed` fail for `caller` and `hop`.
    fn check(caller: &Caller, hop: &AssumeHop, failed: &[&str]) {
        let got: Vec<&str> = sts_checks(&world(), caller, hop)
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.rule)
            .collect();
        assert_eq!(got, failed, "{hop:?}");
    }

    #[test]
    fn a_plain_call_passes_every_rule() {
        check(&user(), &hop(), &[]);
    }

    #[test]
    fn root_and_anonymous_callers_cannot_assume_roles() {
        let root = Caller::Root {
            arn: "arn:aws:iam::111111111111:root".into(),
        };
        check(&root, &hop(), &["root-cannot-assume-role"]);
        check(
            &Caller::Anonymous,
            &hop(),
            &["anonymous-cannot-assume-role"],
        );
    }

    #[test]
    fn unknown_role_is_reported() {
        let h = AssumeHop {
            role: "arn:aws:iam::111111111111:role/Nope".into(),
            ..hop()
        };
        check(&user(), &h, &["role-exists"]);
    }

    #[test]
    fn durations_outside_the_roles_range_are_rejected() {
        check(
            &user(),
            &AssumeHop {
                duration_seconds: Some(7200),
                ..hop()
            },
            &[],
        );
        check(
            &user(),
            &AssumeHop {
                duration_seconds: Some(7201),
                ..hop()
            },
            &["duration-range"],
        );
        check(
            &user(),
            &AssumeHop {
                duration_seconds: Some(899),
                ..hop()
            },
            &["duration-range"],
        );
        check(
            &session(None, &[]),
            &AssumeHop {
                duration_seconds: Some(7200),
                ..hop()
            },
            &["role-chaining-duration"],
        );
    }

    #[test]
    fn external_id_must_be_well_formed() {
        check(
            &user(),
            &AssumeHop {
                external_id: Some("a".into()),
                ..hop()
            },
            &["external-id"],
        );
        check(
            &user(),
            &AssumeHop {
                external_id: Some("a b".into()),
                ..hop()
            },
            &["external-id"],
        );
        check(
            &user(),
            &AssumeHop {
                external_id: Some("arn:x/y-1".into()),
                ..hop()
            },
            &[],
        );
    }

    #[test]
    fn source_identity_is_checked_and_cannot_change() {
        check(
            &user(),
            &AssumeHop {
                source_identity: Some("aws:me".into()),
                ..hop()
            },
            &["source-identity"],
        );
        let carried = session(Some("alice"), &[]);
        check(
            &carried,
            &AssumeHop {
                source_identity: Some("alice".into()),
                ..hop()
            },
            &[],
        );
        check(
            &carried,
            &AssumeHop {
                source_identity: Some("bob".into()),
                ..hop()
            },
            &["source-identity-unchanged"],
        );
    }

    #[test]
    fn session_tags_are_limited_and_transitive_keys_must_name_them() {
        let many = KeyValues((0..51).map(|i| (format!("k{i}"), "v".to_owned())).collect());
        check(
            &user(),
            &AssumeHop {
                session_tags: many,
                ..hop()
            },
            &["session-tag-limits"],
        );
        let long = KeyValues(vec![("k".into(), "v".repeat(257))]);
        check(
            &user(),
            &AssumeHop {
                session_tags: long,
                ..hop()
            },
            &["session-tag-limits"],
        );
        let tags = KeyValues(vec![("team".into(), "red".into())]);
        let h = AssumeHop {
            session_tags: tags,
            transitive_tag_keys: vec!["project".into()],
            ..hop()
        };
        check(&user(), &h, &["transitive-keys-are-session-tags"]);
    }

    #[test]
    fn incoming_transitive_tags_cannot_be_overridden_in_any_letter_case() {
        let caller = session(None, &[("Project", "web")]);
        let tags = KeyValues(vec![("project".into(), "api".into())]);
        check(
            &caller,
            &AssumeHop {
                session_tags: tags,
                ..hop()
            },
            &["transitive-tags-not-overridden"],
        );
    }

    #[test]
    fn session_policy_is_limited_to_2048_characters() {
        let big = format!(r#"{{"Statement": [{{"Sid": "{}"}}]}}"#, "a".repeat(2100));
        check(
            &user(),
            &AssumeHop {
                session_policy: Some(PolicyDocument::object(big)),
                ..hop()
            },
            &["session-policy-size"],
        );
    }
}

#[test]
fn a_federated_user_needs_an_assume_hop_before_acting() {
    let ids: [String; 0] = [];
    let req = r#"{"name": "r", "principal": {"federated": "accounts.google.com", "claims": {"sub": "1"}}, "action": "s3:GetObject", "resource": "arn:aws:s3:::bkt/k"}"#;
    assert_eq!(run(&ids, req).1, ImplicitDeny);
}

#[test]
fn saml_trust_checks_the_audience() {
    let provider = format!("arn:aws:iam::{A}:saml-provider/Okta");
    let t = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Federated": "{provider}"}}, "Action": "sts:AssumeRoleWithSAML",
           "Condition": {{"StringEquals": {{"SAML:aud": "https://signin.aws.amazon.com/saml"}}}}}}]}}"#
    );
    let ids = [role(&dev(), &t, &[], "")];
    let req = |aud: &str| {
        format!(
            r#"{{"name": "r", "principal": {{"federated": "{provider}", "saml": {{"sub": "jane", "aud": "{aud}"}}}}, "assume": [{{"role": "{}"}}]}}"#,
            dev()
        )
    };
    let (steps, d) = run(&ids, &req("https://signin.aws.amazon.com/saml"));
    assert_eq!(
        (steps[0].0.as_str(), d),
        ("sts:AssumeRoleWithSAML", Allowed)
    );
    assert_eq!(run(&ids, &req("https://evil.example/saml")).1, ImplicitDeny);
}
