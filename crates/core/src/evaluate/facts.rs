//! What the evaluator derives from a request before looking at any policy: who is calling,
//! which accounts are involved, and what kind of action it is.

use crate::evaluate::explanation::RequestFacts;
use crate::evaluate::policy_set::PolicySet;
use crate::kind::TRUST_ACTIONS;
use crate::matching::principal::{Principal, parse_principal};
use crate::matching::{Arn, is_account_id};
use crate::request::Request;

/// The kind of caller, which decides which policy types apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Caller {
    /// An IAM user, a role (read as a session of that role), a role session or a federated
    /// user: identity policies, boundaries, session policies and SCPs apply.
    Iam,
    /// The account's root user: it has full access within its account unless denied.
    ///
    /// Why: "By default, all requests are implicitly denied with the exception of the AWS
    /// account root user, which has full access" (IAM User Guide, "How AWS enforcement code
    /// logic evaluates requests to allow or deny access").
    Root,
    /// A caller with no AWS identity of its own in the request (a service principal, a web
    /// identity or SAML provider, an anonymous caller): only the resource-based policy can
    /// grant it anything.
    Outside,
}

/// The kind of action, which decides whether the resource-based policy is required.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ActionClass {
    /// `sts:AssumeRole*` and the other actions checked against a role's trust policy.
    Trust,
    /// A KMS action on a KMS key: the key policy must allow.
    Kms,
    /// Everything else.
    Standard,
}

impl ActionClass {
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::Trust => "trust",
            Self::Kms => "kms",
            Self::Standard => "standard",
        }
    }
}

/// The service prefixes whose resources RCPs apply to.
///
/// Why: "RCPs apply to resources of the following AWS services" (AWS Organizations User
/// Guide, "Resource control policies (RCPs)", list of services that support RCPs): Amazon S3,
/// AWS STS, AWS KMS, Amazon SQS and AWS Secrets Manager since the launch (November 2024),
/// Amazon ECR and Amazon OpenSearch Serverless since June 2025, and Amazon Cognito, Amazon
/// CloudWatch Logs and Amazon DynamoDB added later in 2025. Requests to any other service
/// are not affected by RCPs.
const RCP_SERVICES: [&str; 11] = [
    "s3",
    "sts",
    "kms",
    "sqs",
    "secretsmanager",
    "ecr",
    "aoss",
    "cognito-idp",
    "cognito-identity",
    "logs",
    "dynamodb",
];

/// Everything derived from the request.
#[derive(Debug)]
pub(crate) struct Facts<'r> {
    pub(crate) request: &'r Request,
    pub(crate) who: Principal,
    pub(crate) caller: Caller,
    pub(crate) principal_account: Option<String>,
    pub(crate) resource_account: Option<String>,
    pub(crate) resource_account_source: &'static str,
    pub(crate) same_account: bool,
    pub(crate) class: ActionClass,
    pub(crate) service_linked_role: bool,
    /// Whether the caller is an IAM principal with a permissions boundary.
    pub(crate) has_boundary: bool,
}

impl<'r> Facts<'r> {
    pub(crate) fn new(request: &'r Request, set: &PolicySet) -> Self {
        let who = parse_principal(&request.principal);
        let caller = caller_of(&who);
        let principal_account = who.account().map(str::to_owned);
        let (resource_account, resource_account_source) = match &request.resource_account {
            Some(account) if !account.is_empty() => (Some(account.clone()), "given"),
            _ => match arn_account(&request.resource) {
                Some(account) => (Some(account.to_owned()), "arn"),
                // Why: like AWS's own simulator, a resource whose ARN names no account (an
                // S3 bucket) belongs to the caller's account unless told otherwise ("If the
                // ResourceOwner parameter is not specified, then the owner of the resources
                // and the resource policy defaults to the account of the identity provided
                // in CallerArn", IAM API Reference, SimulateCustomPolicy).
                None => (principal_account.clone(), "assumed"),
            },
        };
        let same_account = matches!(
            (&principal_account, &resource_account),
            (Some(p), Some(r)) if p == r
        );
        let service_linked_role =
            set.facts.service_linked_role || request.principal.contains(":role/aws-service-role/");
        Self {
            request,
            caller,
            principal_account,
            resource_account,
            resource_account_source,
            same_account,
            class: class_of(&request.action, &request.resource),
            service_linked_role,
            has_boundary: caller == Caller::Iam && !set.boundaries.is_empty(),
            who,
        }
    }

    /// The service prefix of the action, lowercase (`s3` for `S3:GetObject`).
    pub(crate) fn service(&self) -> &str {
        self.request
            .action
            .split_once(':')
            .map_or("", |(service, _)| service)
    }

    /// Whether the action's service is one RCPs apply to.
    pub(crate) fn rcp_supported(&self) -> bool {
        let service = self.service();
        RCP_SERVICES.iter().any(|s| s.eq_ignore_ascii_case(service))
    }

    /// Whether the principal is the root user assuming a role.
    pub(crate) fn root_assuming_role(&self) -> bool {
        self.caller == Caller::Root
            && self.request.action.len() >= "sts:AssumeRole".len()
            && self
                .request
                .action
                .get(.."sts:AssumeRole".len())
                .is_some_and(|p| p.eq_ignore_ascii_case("sts:AssumeRole"))
    }

    /// The serializable summary for the explanation.
    pub(crate) fn describe(&self) -> RequestFacts {
        RequestFacts {
            principal: self.request.principal.clone(),
            principal_kind: principal_kind(&self.who).to_owned(),
            principal_account: self.principal_account.clone(),
            action: self.request.action.clone(),
            resource: self.request.resource.clone(),
            resource_account: self.resource_account.clone(),
            resource_account_source: self.resource_account_source.to_owned(),
            same_account: self.same_account,
            action_class: self.class.name().to_owned(),
        }
    }
}

fn caller_of(who: &Principal) -> Caller {
    match who {
        Principal::Root { .. } => Caller::Root,
        Principal::User { .. }
        | Principal::Role { .. }
        | Principal::Session { .. }
        | Principal::FederatedUser { .. } => Caller::Iam,
        _ => Caller::Outside,
    }
}

/// A short name for the kind of principal, for the explanation.
fn principal_kind(who: &Principal) -> &'static str {
    match who {
        Principal::Root { .. } => "root",
        Principal::User { .. } => "user",
        Principal::Role { .. } => "role",
        Principal::Session { .. } => "roleSession",
        Principal::FederatedUser { .. } => "federatedUser",
        Principal::Service { .. } => "service",
        Principal::Anonymous => "anonymous",
        _ => "other",
    }
}

/// Whether `action` is checked against a role's trust policy (`sts:AssumeRole*`,
/// `sts:TagSession`, `sts:SetSourceIdentity`, `sts:SetContext`), case-insensitively.
#[must_use]
pub fn is_trust_action(action: &str) -> bool {
    TRUST_ACTIONS.iter().any(|a| a.eq_ignore_ascii_case(action))
}

/// Whether `resource` is a KMS key: `arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID`, the ARN
/// form of the catalog's `key` resource type (a test checks it against the catalog).
#[must_use]
pub fn is_kms_key(resource: &str) -> bool {
    crate::matching::Arn::parse(resource)
        .is_some_and(|arn| arn.service == "kms" && arn.resource_type().0 == "key")
}

/// The class of `action` on `resource`.
///
/// Why (KMS): only a request on a KMS key needs the key policy. "Unless the key policy
/// explicitly allows it, you cannot use IAM policies to allow access to a KMS key" is about
/// keys; actions whose resource is `*` (`kms:ListKeys`, `kms:ListAliases`, `kms:CreateKey`,
/// `kms:GenerateRandom`: the catalog lists no resource type for them) and requests on an alias
/// ARN (`kms:CreateAlias`, `kms:DeleteAlias`, `kms:UpdateAlias` on `arn:aws:kms:…:alias/…`)
/// are controlled by IAM policies alone (AWS KMS Developer Guide, "IAM policies" and
/// "Controlling access to aliases"; iam-semantics.md §9). `kms:CreateAlias` on the key itself
/// still needs the key policy.
fn class_of(action: &str, resource: &str) -> ActionClass {
    if is_trust_action(action) {
        ActionClass::Trust
    } else if action
        .split_once(':')
        .is_some_and(|(service, _)| service.eq_ignore_ascii_case("kms"))
        && is_kms_key(resource)
    {
        ActionClass::Kms
    } else {
        ActionClass::Standard
    }
}

/// The account field (the fifth part) of an ARN, if it holds a 12-digit account id.
pub(crate) fn arn_account(arn: &str) -> Option<&str> {
    Arn::parse(arn)
        .map(|arn| arn.account)
        .filter(|account| is_account_id(account))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_account_reads_the_fifth_part() {
        let check =
            |arn: &str, expected: Option<&str>| assert_eq!(arn_account(arn), expected, "{arn}");
        check("arn:aws:iam::111111111111:role/Dev", Some("111111111111"));
        check(
            "arn:aws:kms:eu-west-1:222222222222:key/abc",
            Some("222222222222"),
        );
        check("arn:aws:s3:::bkt/k", None);
        check("*", None);
        check("arn:aws:iam::aws:policy/ReadOnly", None);
    }

    const KEY: &str = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    #[test]
    fn trust_and_kms_actions_are_classified_case_insensitively() {
        assert_eq!(class_of("sts:assumerole", "*"), ActionClass::Trust);
        assert_eq!(class_of("sts:TagSession", "*"), ActionClass::Trust);
        assert_eq!(
            class_of("sts:GetCallerIdentity", "*"),
            ActionClass::Standard
        );
        assert_eq!(class_of("KMS:Decrypt", KEY), ActionClass::Kms);
        assert_eq!(class_of("s3:GetObject", "*"), ActionClass::Standard);
    }

    /// AWS KMS Developer Guide, "IAM policies" and "Controlling access to aliases": only a
    /// request on a key needs the key policy.
    #[test]
    fn only_a_kms_request_on_a_key_needs_the_key_policy() {
        let alias = "arn:aws:kms:eu-west-1:111111111111:alias/app";
        for (action, resource, class) in [
            ("kms:Decrypt", KEY, ActionClass::Kms),
            ("kms:CreateAlias", KEY, ActionClass::Kms),
            ("kms:ListKeys", "*", ActionClass::Standard),
            ("kms:ListAliases", "*", ActionClass::Standard),
            ("kms:CreateKey", "*", ActionClass::Standard),
            ("kms:GenerateRandom", "*", ActionClass::Standard),
            ("kms:CreateAlias", alias, ActionClass::Standard),
            ("kms:DeleteAlias", alias, ActionClass::Standard),
            ("kms:UpdateAlias", alias, ActionClass::Standard),
        ] {
            assert_eq!(class_of(action, resource), class, "{action} on {resource}");
        }
    }
}
