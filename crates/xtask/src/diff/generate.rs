//! The random request generator: a seed gives the same cases on every machine.
//!
//! It covers every policy type (identity, resource, boundary, session, SCP and RCP levels,
//! trust), every condition operator family with `IfExists` and the set qualifiers, policy
//! variables (with defaults and missing keys), the wildcard forms of actions and resources
//! (`*`, `?`, mid-segment, a short ARN ending in `*`), the principal forms (`*`, account id,
//! `:root`, user, role, session, service, federated), `NotAction`, `NotResource`,
//! `NotPrincipal` and cross-account requests.

use serde_json::{Map, Value, json};

use crate::diff::case::Case;
use crate::diff::conditions::condition_block;
use crate::diff::rng::Rng;
use crate::diff::world::{A, B, Caller, CallerKind, KEYS, TARGETS, Target};

/// The default policy at every SCP level (`FullAWSAccess`).
fn full_aws_access() -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
}

/// The default policy at every RCP level (`RCPFullAWSAccess`).
pub fn rcp_full_aws_access() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}
    ]})
}

/// Generates the case numbered `n` of the run seeded with `seed`: each case has its own stream,
/// so a case can be regenerated alone from `(seed, n)`.
pub fn case(seed: u64, n: u64) -> Case {
    let mut rng = Rng::new(seed ^ n.wrapping_mul(0xA076_1D64_78BD_642F));
    Generator::new(&mut rng).case()
}

struct Generator<'r> {
    rng: &'r mut Rng,
    caller: Caller,
    target: Target,
    resource: String,
    resource_account: &'static str,
}

impl<'r> Generator<'r> {
    fn new(rng: &'r mut Rng) -> Self {
        let target = rng.pick(TARGETS);
        let kind = if target.action == "sts:AssumeRole" && rng.chance(10) {
            CallerKind::Service
        } else {
            let kinds = [
                (CallerKind::User, 50),
                (CallerKind::RoleSession, 35),
                (CallerKind::Root, 8),
                (CallerKind::FederatedUser, 7),
            ];
            weighted(rng, &kinds)
        };
        // Cross-account in about a third of the requests, either way round.
        let (caller_account, resource_account) = match rng.below(6) {
            0 => (A, B),
            1 => (B, A),
            _ => (A, A),
        };
        let caller = Caller::new(kind, caller_account);
        let resource = target.resource.replace("{acct}", resource_account);
        Self {
            rng,
            caller,
            target,
            resource,
            resource_account,
        }
    }

    fn case(mut self) -> Case {
        let context = self.context();
        let identity_count = weighted(self.rng, &[(0, 10), (1, 60), (2, 25), (3, 5)]);
        let mut identity = Vec::new();
        for _ in 0..identity_count {
            identity.push(self.policy(PolicyUse::Identity));
        }
        let resource_policy = self.resource_policy();
        let boundary = self
            .rng
            .chance(15)
            .then(|| self.policy(PolicyUse::Identity));
        let session = (matches!(
            self.caller.kind,
            CallerKind::RoleSession | CallerKind::FederatedUser
        ) && self.rng.chance(20))
        .then(|| self.policy(PolicyUse::Identity));
        let scps = if self.rng.chance(25) {
            self.org_levels(PolicyUse::Scp)
        } else {
            Vec::new()
        };
        let rcps = if self.rng.chance(20) {
            self.org_levels(PolicyUse::Rcp)
        } else {
            Vec::new()
        };
        // A service calling AssumeRole has no identity policies, boundary or SCPs; the root
        // user has no identity policies, boundary or session policy (none can be attached).
        let service = self.caller.kind == CallerKind::Service;
        let root = self.caller.kind == CallerKind::Root;
        Case {
            principal: self.caller.arn.clone(),
            action: self.target.action.to_owned(),
            resource: self.resource.clone(),
            resource_account: self.resource_account.to_owned(),
            context,
            identity: if service || root {
                Vec::new()
            } else {
                identity
            },
            resource_policy,
            boundary: if service || root { None } else { boundary },
            session,
            scps: if service { Vec::new() } else { scps },
            rcps,
        }
    }

    /// The request context: the principal keys AWS would set for the caller, then a random
    /// choice of the other keys.
    fn context(&mut self) -> Map<String, Value> {
        let mut context = Map::new();
        let caller = &self.caller;
        let account = caller.account;
        let principal_type = match caller.kind {
            CallerKind::User => Some("User"),
            CallerKind::RoleSession => Some("AssumedRole"),
            CallerKind::Root => Some("Account"),
            CallerKind::FederatedUser => Some("FederatedUser"),
            CallerKind::Service => None,
        };
        if let Some(principal_type) = principal_type {
            context.insert("aws:PrincipalArn".into(), json!(caller.principal_arn));
            context.insert("aws:PrincipalAccount".into(), json!(account));
            context.insert("aws:PrincipalType".into(), json!(principal_type));
            let userid = match caller.kind {
                CallerKind::User => "AIDAALICE".to_owned(),
                CallerKind::RoleSession => "AROADEV:s1".to_owned(),
                CallerKind::FederatedUser => format!("{account}:bob"),
                _ => account.to_owned(),
            };
            context.insert("aws:userid".into(), json!(userid));
        }
        // `aws:username` exists for IAM users only; sometimes it is left out so that variables
        // naming it go unresolved.
        if caller.kind == CallerKind::User && self.rng.chance(90) {
            context.insert("aws:username".into(), json!("alice"));
        }
        for key in KEYS {
            if key
                .action
                .is_some_and(|action| action != self.target.action)
            {
                continue;
            }
            if !self.rng.chance(30) {
                continue;
            }
            let value = if key.multivalued {
                let count = self.rng.below(key.request_values.len() + 1);
                let mut items: Vec<&str> = Vec::new();
                for _ in 0..count {
                    let item = self.rng.pick(key.request_values);
                    if !items.contains(&item) {
                        items.push(item);
                    }
                }
                json!(items)
            } else {
                json!(self.rng.pick(key.request_values))
            };
            context.insert(key.name.into(), value);
        }
        context
    }

    /// A policy of 1–3 statements.
    fn policy(&mut self, usage: PolicyUse) -> Value {
        let count = weighted(self.rng, &[(1, 60), (2, 30), (3, 10)]);
        let statements: Vec<Value> = (0..count).map(|n| self.statement(usage, n)).collect();
        let mut policy = Map::new();
        // Variables are substituted only under 2012-10-17; SCPs and RCPs must use it.
        let version = match usage {
            PolicyUse::Scp | PolicyUse::Rcp => Some("2012-10-17"),
            _ => weighted(
                self.rng,
                &[(Some("2012-10-17"), 90), (Some("2008-10-17"), 5), (None, 5)],
            ),
        };
        if let Some(version) = version {
            policy.insert("Version".into(), json!(version));
        }
        let statement = if statements.len() == 1 && self.rng.chance(20) {
            statements.into_iter().next().unwrap_or(Value::Null)
        } else {
            Value::Array(statements)
        };
        policy.insert("Statement".into(), statement);
        Value::Object(policy)
    }

    /// Statement `n` of its policy (its `Sid`, when it has one, is unique in the policy).
    fn statement(&mut self, usage: PolicyUse, n: usize) -> Value {
        let deny_percent = match usage {
            PolicyUse::Rcp => 100,
            PolicyUse::Scp => 40,
            _ => 20,
        };
        let effect = if self.rng.chance(deny_percent) {
            "Deny"
        } else {
            "Allow"
        };
        let mut statement = Map::new();
        if self.rng.chance(20) {
            statement.insert("Sid".into(), json!(format!("S{n}")));
        }
        statement.insert("Effect".into(), json!(effect));
        match usage {
            PolicyUse::Resource | PolicyUse::Trust => {
                let (element, principal) = self.principal(effect);
                statement.insert(element.into(), principal);
            }
            PolicyUse::Rcp => {
                statement.insert("Principal".into(), json!("*"));
            }
            PolicyUse::Identity | PolicyUse::Scp => {}
        }
        let (element, actions) = self.actions(usage);
        statement.insert(element.into(), actions);
        if usage != PolicyUse::Trust {
            let (element, resources) = self.resources(usage);
            statement.insert(element.into(), resources);
        }
        let blocks = weighted(self.rng, &[(0, 55), (1, 35), (2, 10)]);
        if blocks > 0 {
            let mut condition = Map::new();
            for _ in 0..blocks {
                let (operator, keys) = condition_block(self.rng, &self.caller, self.target.action);
                condition.insert(operator, keys);
            }
            statement.insert("Condition".into(), Value::Object(condition));
        }
        Value::Object(statement)
    }

    /// `Principal` (or `NotPrincipal`, only with `Deny`) of a resource or trust policy.
    fn principal(&mut self, effect: &str) -> (&'static str, Value) {
        let caller = &self.caller;
        let account = caller.account;
        let other = if account == A { B } else { A };
        let forms: Vec<Value> = vec![
            json!("*"),
            json!({"AWS": "*"}),
            json!({"AWS": account}),
            json!({"AWS": format!("arn:aws:iam::{account}:root")}),
            json!({"AWS": format!("arn:aws:iam::{account}:user/alice")}),
            json!({"AWS": format!("arn:aws:iam::{account}:role/Dev")}),
            json!({"AWS": format!("arn:aws:sts::{account}:assumed-role/Dev/s1")}),
            json!({"AWS": format!("arn:aws:sts::{account}:federated-user/bob")}),
            json!({"AWS": other}),
            json!({"AWS": format!("arn:aws:iam::{other}:user/alice")}),
            json!({"Service": "ec2.amazonaws.com"}),
            json!({"Service": "lambda.amazonaws.com"}),
            json!({"Federated": format!("arn:aws:iam::{account}:saml-provider/corp")}),
            json!({"AWS": [format!("arn:aws:iam::{account}:user/bob"), format!("arn:aws:iam::{account}:role/Dev")]}),
        ];
        let form = forms
            .get(self.rng.below(forms.len()))
            .cloned()
            .unwrap_or(Value::Null);
        if effect == "Deny" && self.rng.chance(25) {
            ("NotPrincipal", form)
        } else {
            ("Principal", form)
        }
    }

    fn actions(&mut self, usage: PolicyUse) -> (&'static str, Value) {
        let action = self.target.action;
        let (service, name) = action.split_once(':').unwrap_or((action, ""));
        let sibling = self.rng.pick(self.target.siblings);
        let mut candidates = vec![
            action.to_owned(),
            action.to_owned(),
            action.to_lowercase(),
            format!("{service}:*"),
            "*".to_owned(),
            format!("{service}:{}*", name.get(..3).unwrap_or(name)),
            format!("{service}:*{}", name.get(3..).unwrap_or(name)),
            format!(
                "{service}:{}?{}",
                name.get(..2).unwrap_or(""),
                name.get(3..).unwrap_or("")
            ),
            sibling.to_owned(),
            format!("{}:*", if service == "s3" { "ec2" } else { "s3" }),
        ];
        if usage == PolicyUse::Trust {
            candidates = vec![
                "sts:AssumeRole".to_owned(),
                "sts:AssumeRole".to_owned(),
                "sts:*".to_owned(),
                "sts:TagSession".to_owned(),
                "sts:AssumeRoleWithSAML".to_owned(),
                "*".to_owned(),
            ];
        }
        let count = weighted(self.rng, &[(1, 75), (2, 20), (3, 5)]);
        let mut chosen: Vec<String> = Vec::new();
        for _ in 0..count {
            let pick = candidates
                .get(self.rng.below(candidates.len()))
                .cloned()
                .unwrap_or_default();
            if !chosen.contains(&pick) {
                chosen.push(pick);
            }
        }
        if usage == PolicyUse::Rcp {
            // Organizations refuses `"*"` alone and `NotAction` in a custom RCP.
            chosen.retain(|a| a != "*");
            if chosen.is_empty() {
                chosen.push(format!("{service}:*"));
            }
            return ("Action", one_or_many(self.rng, chosen));
        }
        let element = if usage != PolicyUse::Trust && self.rng.chance(10) {
            "NotAction"
        } else {
            "Action"
        };
        (element, one_or_many(self.rng, chosen))
    }

    fn resources(&mut self, usage: PolicyUse) -> (&'static str, Value) {
        let candidates = resource_patterns(&self.resource, self.resource_account);
        let count = weighted(self.rng, &[(1, 75), (2, 20), (3, 5)]);
        let mut chosen: Vec<String> = Vec::new();
        for _ in 0..count {
            let pick = if usage == PolicyUse::Rcp && self.rng.chance(60) {
                "*".to_owned()
            } else {
                candidates
                    .get(self.rng.below(candidates.len()))
                    .cloned()
                    .unwrap_or_default()
            };
            if !chosen.contains(&pick) {
                chosen.push(pick);
            }
        }
        let element = if self.rng.chance(8) {
            "NotResource"
        } else {
            "Resource"
        };
        (element, one_or_many(self.rng, chosen))
    }

    fn resource_policy(&mut self) -> Option<Value> {
        if !self.target.resource_policy {
            return None;
        }
        if self.target.action == "sts:AssumeRole" {
            // A role always has a trust policy; one case in twenty leaves it out (see deviation
            // `no-trust-policy`).
            return (!self.rng.chance(5)).then(|| self.policy(PolicyUse::Trust));
        }
        let percent = if self.target.action.starts_with("kms:") {
            90
        } else {
            50
        };
        self.rng
            .chance(percent)
            .then(|| self.policy(PolicyUse::Resource))
    }

    /// 1–3 organization levels, root first.
    fn org_levels(&mut self, usage: PolicyUse) -> Vec<Vec<Value>> {
        let count = weighted(self.rng, &[(1, 30), (2, 40), (3, 30)]);
        (0..count)
            .map(|_| {
                let mut level = Vec::new();
                match usage {
                    PolicyUse::Scp => {
                        if self.rng.chance(75) {
                            level.push(full_aws_access());
                        }
                        if level.is_empty() || self.rng.chance(40) {
                            level.push(self.policy(usage));
                        }
                    }
                    _ => {
                        // RCPFullAWSAccess is always attached in AWS; half the cases list it,
                        // half leave it implicit.
                        if self.rng.chance(50) {
                            level.push(rcp_full_aws_access());
                        }
                        if self.rng.chance(70) {
                            level.push(self.policy(usage));
                        }
                        if level.is_empty() {
                            level.push(rcp_full_aws_access());
                        }
                    }
                }
                level
            })
            .collect()
    }
}

/// Where a generated policy goes, which decides its elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PolicyUse {
    /// Identity policies, boundaries and session policies.
    Identity,
    Resource,
    Trust,
    Scp,
    Rcp,
}

/// The resource patterns a statement may name for `resource`.
fn resource_patterns(resource: &str, account: &str) -> Vec<String> {
    if resource == "*" {
        return vec!["*".to_owned(), "arn:aws:ec2:*:*:instance/*".to_owned()];
    }
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    let service = parts.get(2).copied().unwrap_or("");
    let id = parts.get(5).copied().unwrap_or("");
    let prefix = parts.get(..5).map(|p| p.join(":")).unwrap_or_default();
    let half = id.len() / 2;
    let mut patterns = vec![
        resource.to_owned(),
        resource.to_owned(),
        "*".to_owned(),
        format!("{prefix}:*"),
        // A `*` inside the resource id, and a `?` for one character.
        format!("{prefix}:{}*", id.get(..half).unwrap_or("")),
        format!(
            "{prefix}:{}?{}",
            id.get(..half).unwrap_or(""),
            id.get(half + 1..).unwrap_or("")
        ),
        // The resource id in upper case: never matches (resource matching is case-sensitive).
        format!("{prefix}:{}", id.to_uppercase()),
        // Another resource of the same service.
        format!("{prefix}:{}-other", id),
        // Wildcards in the region and account segments.
        format!("arn:aws:{service}:*:*:{id}"),
    ];
    if service == "s3" {
        patterns.extend([
            "arn:aws:s3:::bkt-1/*".to_owned(),
            "arn:aws:s3:::bkt-?/*".to_owned(),
            "arn:aws:s3:::b*t-1/home/*".to_owned(),
            "arn:aws:s3:::bkt-1/home/${aws:username}/*".to_owned(),
            "arn:aws:s3:::bkt-1/home/${aws:username, 'Dev'}/*".to_owned(),
            "arn:aws:s3:::bkt-1/home/${aws:PrincipalTag/team}/*".to_owned(),
            // A short ARN ending in `*`: the `*` expands across the colons.
            "arn:aws:s3::*".to_owned(),
        ]);
    } else {
        patterns.extend([
            format!("arn:aws:{service}:us-east-1:${{aws:PrincipalAccount}}:{id}"),
            format!("arn:aws:{service}:us-east-1:{account}*"),
            format!("arn:aws:{service}:us-*:{account}:{id}"),
        ]);
    }
    patterns
}

fn one_or_many(rng: &mut Rng, items: Vec<String>) -> Value {
    if items.len() == 1 && rng.chance(70) {
        items.into_iter().next().map_or(Value::Null, Value::String)
    } else {
        json!(items)
    }
}

/// One of `choices`, each with its weight.
pub fn weighted<T: Copy + Default>(rng: &mut Rng, choices: &[(T, usize)]) -> T {
    let total: usize = choices.iter().map(|(_, w)| w).sum();
    let mut roll = rng.below(total);
    for (choice, weight) in choices {
        if roll < *weight {
            return *choice;
        }
        roll -= weight;
    }
    T::default()
}

#[cfg(test)]
mod tests {
    use super::{case, resource_patterns};

    #[test]
    fn the_same_seed_and_number_give_the_same_case() {
        assert_eq!(case(1, 5), case(1, 5));
        assert_ne!(case(1, 5), case(1, 6));
    }

    #[test]
    fn resource_patterns_include_the_short_arn_with_a_trailing_star() {
        let patterns =
            resource_patterns("arn:aws:sqs:us-east-1:111111111111:queue-1", "111111111111");
        assert!(patterns.contains(&"arn:aws:sqs:us-east-1:111111111111*".to_owned()));
        assert!(patterns.contains(&"arn:aws:sqs:us-east-1:111111111111:QUEUE-1".to_owned()));
    }

    #[test]
    fn every_case_has_a_principal_action_and_resource() {
        for n in 0..200 {
            let c = case(3, n);
            assert!(!c.principal.is_empty() && !c.action.is_empty() && !c.resource.is_empty());
        }
    }
}
