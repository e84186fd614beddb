//! The evaluator knows a KMS key by its ARN form (`evaluate::is_kms_key`); this test keeps that
//! form in step with the catalog's resource types, so that only requests on a key need the key
//! policy (AWS KMS Developer Guide, "IAM policies", "Controlling access to aliases").

use rolecall_core::catalog::Catalog;
use rolecall_core::evaluate::is_kms_key;

const CATALOG: &str = include_str!("../data/catalog.json");

/// Fills an ARN template such as `arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}`.
fn sample(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start..).unwrap_or_default();
        let end = after.find('}').map_or(after.len(), |e| e + 1);
        let name = after.get(2..end.saturating_sub(1)).unwrap_or_default();
        out.push_str(match name {
            "Partition" => "aws",
            "Region" => "eu-west-1",
            "Account" => "111111111111",
            _ => "x1",
        });
        rest = after.get(end..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[test]
fn the_key_arn_form_is_the_catalogs_key_resource_type() {
    let catalog = Catalog::parse(CATALOG).expect("the catalog parses");
    let kms = catalog.service("kms").expect("kms is in the catalog");
    let template = |name: &str| {
        kms.resources
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.arn.clone())
            .unwrap_or_default()
    };
    assert!(is_kms_key(&sample(&template("key"))), "{}", template("key"));
    assert!(
        !is_kms_key(&sample(&template("alias"))),
        "{}",
        template("alias")
    );
    // Actions without a resource type are requested on `*`: IAM policies alone decide.
    for name in ["ListKeys", "ListAliases", "CreateKey", "GenerateRandom"] {
        let action = kms.action(name).expect("the action is in the catalog");
        assert!(action.resources.is_empty(), "kms:{name} has resource types");
    }
    assert!(!is_kms_key("*"));
    // Every action with the `key` resource type is requested on a key ARN.
    let key_index = kms.resources.iter().position(|r| r.name == "key");
    let on_keys = kms
        .actions
        .iter()
        .filter(|a| a.resources.iter().any(|r| Some(r.resource) == key_index))
        .count();
    assert!(on_keys > 20, "{on_keys}");
}
