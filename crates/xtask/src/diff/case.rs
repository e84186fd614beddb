//! One generated request with its policies, and its two renderings: a `rolecall simulate` line
//! and the oracle driver's input line (tests/oracle/driver.mjs).

use serde_json::{Map, Value, json};

use crate::diff::generate::rcp_full_aws_access;

/// One request and every policy that applies to it.
///
/// The same policy JSON goes to both engines; only the envelope differs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Case {
    /// The calling principal (an ARN, or a service principal for `sts:AssumeRole`).
    pub principal: String,
    /// The action, `service:Name`.
    pub action: String,
    /// The resource ARN, or `*` for actions that take no resource.
    pub resource: String,
    /// The account that owns the resource.
    pub resource_account: String,
    /// The request context: strings, or arrays of strings for multivalued keys.
    pub context: Map<String, Value>,
    /// The caller's identity policies.
    pub identity: Vec<Value>,
    /// The resource-based policy (the trust policy for `sts:AssumeRole`, the key policy for KMS).
    pub resource_policy: Option<Value>,
    /// The caller's permissions boundary.
    pub boundary: Option<Value>,
    /// The session policy of a role session.
    pub session: Option<Value>,
    /// SCP levels, root first; empty when the caller's account is in no organization.
    pub scps: Vec<Vec<Value>>,
    /// RCP levels, root first; empty when the resource's account is in no organization.
    pub rcps: Vec<Vec<Value>>,
}

/// Organization level names for the oracle, root first (the last level is the account).
const LEVELS: [&str; 4] = ["r-root", "ou-root-first", "ou-root-second", "account"];

impl Case {
    /// The `rolecall simulate` input line (see crates/core/src/simulate/mod.rs).
    pub fn rolecall_line(&self, id: &str) -> String {
        let mut line = Map::new();
        line.insert("id".into(), json!(id));
        line.insert("principal".into(), json!(self.principal));
        line.insert("action".into(), json!(self.action));
        line.insert("resource".into(), json!(self.resource));
        line.insert("resourceAccount".into(), json!(self.resource_account));
        line.insert("context".into(), Value::Object(self.context.clone()));
        line.insert("identityPolicies".into(), json!(self.identity));
        if let Some(policy) = &self.resource_policy {
            line.insert("resourcePolicy".into(), policy.clone());
        }
        if let Some(policy) = &self.boundary {
            line.insert("permissionBoundaries".into(), json!([policy]));
        }
        if let Some(policy) = &self.session {
            line.insert("sessionPolicy".into(), policy.clone());
        }
        if !self.scps.is_empty() {
            line.insert("scps".into(), json!(self.scps));
        }
        if !self.rcps.is_empty() {
            line.insert("rcps".into(), json!(self.rcps));
        }
        Value::Object(line).to_string()
    }

    /// The oracle driver's input line: `{"id": ..., "simulation": <iam-simulate Simulation>}`.
    pub fn oracle_line(&self, id: &str) -> String {
        let named = |prefix: &str, policies: &[Value]| -> Value {
            policies
                .iter()
                .enumerate()
                .map(|(n, policy)| json!({"name": format!("{prefix}-{}", n + 1), "policy": policy}))
                .collect()
        };
        let rcp_full = rcp_full_aws_access();
        let levels = |kind: &str, levels: &[Vec<Value>]| -> Value {
            let count = levels.len();
            levels
                .iter()
                .enumerate()
                .map(|(n, policies)| {
                    // The oracle attaches `RCPFullAWSAccess` itself and refuses it written out
                    // (an `Allow` in a custom RCP), so it gets every other policy of the level.
                    let policies: Vec<Value> =
                        policies.iter().filter(|p| **p != rcp_full).cloned().collect();
                    // The last level is the account's; the ones before are the root and OUs.
                    let level = if n + 1 == count {
                        "account"
                    } else {
                        LEVELS.get(n).copied().unwrap_or("ou-deeper")
                    };
                    json!({"orgIdentifier": level, "policies": named(&format!("{kind}-{level}"), &policies)})
                })
                .collect()
        };
        let mut simulation = Map::new();
        simulation.insert(
            "request".into(),
            json!({
                "principal": self.principal,
                "action": self.action,
                "resource": {"resource": self.resource, "accountId": self.resource_account},
                "contextVariables": self.context,
            }),
        );
        simulation.insert("identityPolicies".into(), named("identity", &self.identity));
        simulation.insert("serviceControlPolicies".into(), levels("scp", &self.scps));
        simulation.insert("resourceControlPolicies".into(), levels("rcp", &self.rcps));
        if let Some(policy) = &self.resource_policy {
            simulation.insert("resourcePolicy".into(), policy.clone());
        }
        if let Some(policy) = &self.boundary {
            simulation.insert(
                "permissionBoundaryPolicies".into(),
                named("boundary", std::slice::from_ref(policy)),
            );
        }
        if let Some(policy) = &self.session {
            simulation.insert("sessionPolicy".into(), policy.clone());
        }
        json!({"id": id, "simulation": simulation}).to_string()
    }

    /// Every policy of the case with the place it is attached, for the classifier.
    pub fn policies(&self) -> Vec<(Place, &Value)> {
        let mut all: Vec<(Place, &Value)> =
            self.identity.iter().map(|p| (Place::Identity, p)).collect();
        all.extend(self.resource_policy.iter().map(|p| (Place::Resource, p)));
        all.extend(self.boundary.iter().map(|p| (Place::Boundary, p)));
        all.extend(self.session.iter().map(|p| (Place::Session, p)));
        all.extend(self.scps.iter().flatten().map(|p| (Place::Scp, p)));
        all.extend(self.rcps.iter().flatten().map(|p| (Place::Rcp, p)));
        all
    }
}

/// Where a policy is attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    Identity,
    Resource,
    Boundary,
    Session,
    Scp,
    Rcp,
}

impl Place {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Identity => "identity",
            Self::Resource => "resource",
            Self::Boundary => "boundary",
            Self::Session => "session",
            Self::Scp => "scp",
            Self::Rcp => "rcp",
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::Case;

    fn sample() -> Case {
        Case {
            principal: "arn:aws:iam::111111111111:user/alice".into(),
            action: "s3:GetObject".into(),
            resource: "arn:aws:s3:::bkt/k".into(),
            resource_account: "222222222222".into(),
            identity: vec![json!({"Version": "2012-10-17", "Statement": []})],
            scps: vec![vec![json!({"root": 1})], vec![json!({"account": 1})]],
            ..Case::default()
        }
    }

    #[test]
    fn the_rolecall_line_omits_absent_policies() {
        let line: Value = serde_json::from_str(&sample().rolecall_line("c1")).unwrap();
        assert_eq!(line["id"], "c1");
        assert_eq!(line["resourceAccount"], "222222222222");
        assert!(line.get("resourcePolicy").is_none());
        assert_eq!(line["scps"][1][0], json!({"account": 1}));
    }

    #[test]
    fn the_oracle_line_names_levels_root_first_and_account_last() {
        let line: Value = serde_json::from_str(&sample().oracle_line("c1")).unwrap();
        let scps = &line["simulation"]["serviceControlPolicies"];
        assert_eq!(scps[0]["orgIdentifier"], "r-root");
        assert_eq!(scps[1]["orgIdentifier"], "account");
        assert_eq!(scps[1]["policies"][0]["policy"], json!({"account": 1}));
        assert_eq!(
            line["simulation"]["request"]["resource"]["accountId"],
            "222222222222"
        );
    }
}
