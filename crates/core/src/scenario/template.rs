//! Starting points for policies and statements, one per policy kind, so that a new document
//! or an inserted statement is valid for its kind from the first keystroke.
//!
//! Why per kind: each kind has its own required and forbidden elements (IAM User Guide, "IAM
//! JSON policy element reference"): a trust policy and a resource-based policy need a
//! `Principal`, an identity policy, boundary, session policy or SCP must not have one, an RCP
//! needs `"Principal": "*"` ("Resource control policies (RCPs)", AWS Organizations User Guide,
//! which also says customer-managed RCPs may only deny), and a web-identity trust statement
//! uses `sts:AssumeRoleWithWebIdentity` with the provider's `aud` and `sub` conditions ("Creating
//! a role for web identity or OpenID Connect federation").

use crate::json::{self, ValueKind};
use crate::matching::Arn;
use crate::policy::model::PolicyKind;
use crate::scenario::Scenario;
use crate::scenario::arn::{self, IdentityKind};
use crate::scenario::model::{
    Identity, NamedDocument, PolicyDocument, PrincipalSpec, ScenarioRequest,
};
use crate::scenario::starting::STARTING_ACCOUNT;
use crate::scenario::text::pretty;

/// What a template is filled with: names taken from the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateContext {
    /// The account the document lives in (its role, user or resource's account).
    pub account: String,
    /// What a resource-based policy's statements are about (`*` when unknown).
    pub resource: String,
    /// A role to trust in a role trust statement (for example another role of the scenario).
    pub role: String,
    /// The action of `Allow`/`Deny` statements: one that fits the resource's service.
    pub action: String,
    /// Whom a resource-based policy's statements name (the owner's account by default).
    pub principal: String,
    /// What identity-side statements (identity policies, boundaries, session policies, SCPs)
    /// name as their `Resource` (`*` by default).
    pub target: String,
}

impl Default for TemplateContext {
    fn default() -> Self {
        Self::for_owner("")
    }
}

impl TemplateContext {
    /// The context for a document attached to the identity or resource `owner` (an ARN): its
    /// account (the starting account, `111111111111`, when the ARN names none, as an S3 bucket's
    /// does not), and for a bucket, its objects as the resource.
    #[must_use]
    pub fn for_owner(owner: &str) -> Self {
        let account = arn::account(owner)
            .filter(|a| arn::is_account_id(a))
            .unwrap_or(STARTING_ACCOUNT)
            .to_owned();
        let service = Arn::parse(owner).map_or("", |p| p.service);
        // A key policy names its own key as `*` ("Key policies in AWS KMS").
        let resource = if owner.is_empty() || service == "kms" {
            "*".to_owned()
        } else if service == "s3" && !owner.contains('/') {
            format!("{owner}/*")
        } else {
            owner.to_owned()
        };
        let action = match service {
            "kms" => "kms:Decrypt",
            "sqs" => "sqs:SendMessage",
            "sns" => "sns:Publish",
            "lambda" => "lambda:InvokeFunction",
            "secretsmanager" => "secretsmanager:GetSecretValue",
            _ => "s3:GetObject",
        }
        .to_owned();
        let role = format!("arn:aws:iam::{account}:role/CallerRole");
        let principal = format!("arn:aws:iam::{account}:root");
        Self {
            account,
            resource,
            role,
            action,
            principal,
            target: "*".to_owned(),
        }
    }

    /// The same context with `action` as the statements' action (a blank one changes
    /// nothing): a policy added while a request is selected allows that request's action.
    #[must_use]
    pub fn with_action(mut self, action: &str) -> Self {
        let action = action.trim();
        if !action.is_empty() {
            self.action = action.to_owned();
        }
        self
    }

    /// The same context filled from a step of a request, the one a document is shown for: the
    /// step's call as the action, its resource as what identity-side statements name, its
    /// caller as the principal of resource-based and role trust statements (a role session
    /// stands for its role, which is what a policy names: "AWS JSON policy elements:
    /// Principal", role sessions).
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::template::TemplateContext;
    /// let cx = TemplateContext::for_owner("arn:aws:s3:::bucket").in_step(
    ///     "s3:PutObject",
    ///     "arn:aws:s3:::bucket/report.csv",
    ///     "arn:aws:sts::222222222222:assumed-role/Deploy/session",
    /// );
    /// assert_eq!(cx.principal, "arn:aws:iam::222222222222:role/Deploy");
    /// assert_eq!(cx.action, "s3:PutObject");
    /// ```
    #[must_use]
    pub fn in_step(mut self, call: &str, resource: &str, caller: &str) -> Self {
        self = self.with_action(call);
        if !resource.trim().is_empty() {
            resource.trim().clone_into(&mut self.target);
        }
        let caller = arn::session_role_arn(caller).unwrap_or_else(|| caller.to_owned());
        if Arn::parse(&caller).is_some() {
            if arn::identity_kind(&caller) == Some(arn::IdentityKind::Role) {
                self.role.clone_from(&caller);
            }
            self.principal = caller;
        }
        self
    }
}

/// A statement that can be inserted into a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatementTemplate {
    /// An `Allow` statement.
    Allow,
    /// A `Deny` statement.
    Deny,
    /// A trust statement naming an account (it delegates to the account's own policies).
    TrustAccount,
    /// A trust statement naming a role (role chaining).
    TrustRole,
    /// A trust statement naming an AWS service (EC2, Lambda, ...).
    TrustService,
    /// A trust statement for an OIDC provider (GitHub Actions).
    TrustOidc,
}

impl StatementTemplate {
    /// The statements that fit a policy of `kind`, in menu order.
    #[must_use]
    pub const fn for_kind(kind: PolicyKind) -> &'static [Self] {
        match kind {
            PolicyKind::Trust => &[
                Self::TrustAccount,
                Self::TrustRole,
                Self::TrustService,
                Self::TrustOidc,
                Self::Deny,
            ],
            // Customer-managed RCPs may only deny.
            PolicyKind::Rcp => &[Self::Deny],
            PolicyKind::Identity
            | PolicyKind::Resource
            | PolicyKind::Scp
            | PolicyKind::Boundary
            | PolicyKind::Session
            | PolicyKind::VpcEndpoint => &[Self::Allow, Self::Deny],
        }
    }

    /// The menu label.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Allow => "Allow statement",
            Self::Deny => "Deny statement",
            Self::TrustAccount => "Trust an account",
            Self::TrustRole => "Trust a role",
            Self::TrustService => "Trust an AWS service",
            Self::TrustOidc => "Trust an OIDC provider (GitHub Actions)",
        }
    }

    /// The statement as compact JSON, for a policy of `kind`.
    #[must_use]
    pub fn text(self, kind: PolicyKind, cx: &TemplateContext) -> String {
        let account = &cx.account;
        let principal = match kind {
            PolicyKind::Resource => {
                format!(r#""Principal":{{"AWS":"{}"}},"#, cx.principal)
            }
            PolicyKind::Rcp | PolicyKind::Trust | PolicyKind::VpcEndpoint => {
                r#""Principal":"*","#.to_owned()
            }
            _ => String::new(),
        };
        let resource = match kind {
            PolicyKind::Resource => cx.resource.as_str(),
            PolicyKind::Trust | PolicyKind::Rcp | PolicyKind::VpcEndpoint => "*",
            PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session | PolicyKind::Scp => {
                cx.target.as_str()
            }
        };
        match self {
            Self::Allow => format!(
                r#"{{"Effect":"Allow",{principal}"Action":"{}","Resource":"{resource}"}}"#,
                cx.action
            ),
            Self::Deny if kind == PolicyKind::Trust => format!(
                r#"{{"Effect":"Deny",{principal}"Action":"sts:AssumeRole","Condition":{{"BoolIfExists":{{"aws:MultiFactorAuthPresent":"false"}}}}}}"#
            ),
            Self::Deny if kind == PolicyKind::Rcp => format!(
                r#"{{"Effect":"Deny",{principal}"Action":"s3:*","Resource":"*","Condition":{{"BoolIfExists":{{"aws:SecureTransport":"false"}}}}}}"#
            ),
            Self::Deny => format!(
                r#"{{"Effect":"Deny",{principal}"Action":"s3:DeleteObject","Resource":"{resource}"}}"#
            ),
            Self::TrustAccount => format!(
                r#"{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{account}:root"}},"Action":"sts:AssumeRole"}}"#
            ),
            Self::TrustRole => format!(
                r#"{{"Effect":"Allow","Principal":{{"AWS":"{}"}},"Action":"sts:AssumeRole"}}"#,
                cx.role
            ),
            Self::TrustService => r#"{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}"#.to_owned(),
            Self::TrustOidc => format!(
                r#"{{"Effect":"Allow","Principal":{{"Federated":"arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com"}},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{{"StringEquals":{{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:sub":"repo:my-org/my-repo:ref:refs/heads/main"}}}}}}"#
            ),
        }
    }
}

/// A new policy of `kind`, pretty-printed: one statement that is valid for the kind.
///
/// SCPs and RCPs start as AWS's managed `FullAWSAccess` and `RCPFullAWSAccess` (allow
/// everything, so attaching one changes nothing until it is edited); a boundary and a session
/// policy start allowing everything too, for the same reason. The others start with the first
/// statement template of their kind.
///
/// # Examples
///
/// ```
/// use rolecall_core::PolicyKind;
/// use rolecall_core::policy::parse_policy;
/// use rolecall_core::scenario::template::{TemplateContext, policy_template};
/// let text = policy_template(PolicyKind::Trust, &TemplateContext::default());
/// assert!(parse_policy(&text, PolicyKind::Trust).diagnostics.is_empty());
/// ```
#[must_use]
pub fn policy_template(kind: PolicyKind, cx: &TemplateContext) -> String {
    let statement = match kind {
        PolicyKind::Scp | PolicyKind::Boundary | PolicyKind::Session => {
            r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#.to_owned()
        }
        // The default endpoint policy allows everything too ("Control access to VPC endpoints
        // using endpoint policies", AWS PrivateLink guide).
        PolicyKind::Rcp | PolicyKind::VpcEndpoint => {
            r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#.to_owned()
        }
        _ => StatementTemplate::for_kind(kind)
            .first()
            .map(|t| t.text(kind, cx))
            .unwrap_or_default(),
    };
    pretty(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#
    ))
}

impl PolicyDocument {
    /// A new document of `kind` for the identity or resource `owner` (an ARN; empty for the
    /// organization's policies): [`policy_template`] with [`TemplateContext::for_owner`].
    #[must_use]
    pub fn template(kind: PolicyKind, owner: &str) -> Self {
        Self::template_in(kind, &TemplateContext::for_owner(owner))
    }

    /// A new document of `kind` filled from `cx`: [`policy_template`].
    #[must_use]
    pub fn template_in(kind: PolicyKind, cx: &TemplateContext) -> Self {
        Self::object(policy_template(kind, cx))
    }
}

impl Identity {
    /// A new identity `arn` from the templates, valid for its kind at once: a role gets a
    /// trust policy ([`IdentityKind::can_hold`]), and every identity one permission policy
    /// allowing `action` (blank: the template's action), named `Permissions` on a role and
    /// `Inline` elsewhere.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::model::Identity;
    /// let role = Identity::template("arn:aws:iam::111111111111:role/Role1", "sqs:SendMessage");
    /// assert!(role.trust_policy.is_some());
    /// assert!(role.policies[0].document.text.contains("sqs:SendMessage"));
    /// let user = Identity::template("arn:aws:iam::111111111111:user/user1", "");
    /// assert!(user.trust_policy.is_none());
    /// ```
    #[must_use]
    pub fn template(arn: &str, action: &str) -> Self {
        let kind = arn::identity_kind(arn);
        let role = kind == Some(IdentityKind::Role);
        let cx = TemplateContext::for_owner(arn).with_action(action);
        Self {
            arn: arn.to_owned(),
            trust_policy: kind
                .is_some_and(|k| k.can_hold(PolicyKind::Trust))
                .then(|| PolicyDocument::template(PolicyKind::Trust, arn)),
            policies: vec![NamedDocument {
                name: if role { "Permissions" } else { "Inline" }.to_owned(),
                document: PolicyDocument::template_in(PolicyKind::Identity, &cx),
            }],
            ..Self::default()
        }
    }
}

/// The scenario the New button starts: valid from the first moment, with one user whose
/// inline policy allows one action and one request by that user for that action, so that the
/// page shows an allowed decision and no problem before anything is typed.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::template::new_scenario;
/// let s = new_scenario();
/// assert_eq!((s.identities.len(), s.requests.len()), (1, 1));
/// ```
#[must_use]
pub fn new_scenario() -> Scenario {
    let user = "arn:aws:iam::111111111111:user/alice";
    let cx = TemplateContext::for_owner(user);
    Scenario {
        rolecall: 1,
        title: Some("New scenario".to_owned()),
        identities: vec![Identity::template(user, "")],
        requests: vec![ScenarioRequest {
            name: "request 1".to_owned(),
            principal: PrincipalSpec::Arn(user.to_owned()),
            action: Some(cx.action),
            resource: Some("arn:aws:s3:::amzn-s3-demo-bucket/report.csv".to_owned()),
            ..ScenarioRequest::default()
        }],
        ..Scenario::default()
    }
}

/// Why a statement could not be inserted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InsertError {
    /// The policy is not valid JSON yet (fix it first; nothing was changed).
    InvalidJson,
    /// The policy is not a JSON object.
    NotAnObject,
}

impl std::fmt::Display for InsertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::InvalidJson => "the policy is not valid JSON yet: fix it first",
            Self::NotAnObject => "the policy is not a JSON object",
        })
    }
}

/// The principals a trust or resource-based policy of `owner` (an ARN) may name, from the
/// scenario, for a picker: its identities other than `owner`, then the root ARNs of the
/// accounts they live in (each once, sorted), which name a whole account.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::{load, template::principal_choices};
/// let s = load(r#"{"rolecall": 1, "identities": [
///   {"arn": "arn:aws:iam::111111111111:user/alice", "policies": []},
///   {"arn": "arn:aws:iam::222222222222:role/app", "trustPolicy": {"Version": "2012-10-17", "Statement": []}, "policies": []}]}"#).scenario.unwrap();
/// assert_eq!(principal_choices(&s, "arn:aws:iam::222222222222:role/app"), [
///     "arn:aws:iam::111111111111:user/alice",
///     "arn:aws:iam::111111111111:root",
///     "arn:aws:iam::222222222222:root",
/// ]);
/// ```
#[must_use]
pub fn principal_choices(scenario: &Scenario, owner: &str) -> Vec<String> {
    let identities = scenario
        .identities
        .iter()
        .filter(|i| i.arn != owner)
        .map(|i| i.arn.clone());
    let mut accounts: Vec<String> = scenario
        .identities
        .iter()
        .filter_map(|i| arn::account_root(&i.arn))
        .collect();
    accounts.sort();
    accounts.dedup();
    identities.chain(accounts).collect()
}

/// Inserts `statement` (JSON object text) as the last statement of `policy`, and pretty-prints
/// the result. A single statement object becomes an array of two; a policy without
/// `Statement` gets one.
///
/// # Errors
/// [`InsertError`] when `policy` is not a readable JSON object; the text is then unchanged.
///
/// # Examples
///
/// ```
/// use rolecall_core::scenario::template::insert_statement;
/// let out = insert_statement(r#"{"Statement": []}"#, r#"{"Effect":"Deny"}"#);
/// assert_eq!(out.as_deref(), Ok("{\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\"\n    }\n  ]\n}"));
/// ```
pub fn insert_statement(policy: &str, statement: &str) -> Result<String, InsertError> {
    let parsed = json::parse_document(policy);
    if !parsed.complete || parsed.diagnostics.iter().any(|d| d.code == "invalid-json") {
        return Err(InsertError::InvalidJson);
    }
    let Some(value) = parsed.value else {
        return Err(InsertError::InvalidJson);
    };
    let ValueKind::Object(members) = &value.kind else {
        return Err(InsertError::NotAnObject);
    };
    let slice = |start: usize, end: usize| policy.get(start..end).unwrap_or_default();
    let out = match members.iter().rev().find(|m| m.key.value == "Statement") {
        Some(m) => match &m.value.kind {
            ValueKind::Array(items) => match items.last() {
                Some(last) => format!(
                    "{},{statement}{}",
                    slice(0, last.span.end),
                    slice(last.span.end, policy.len())
                ),
                None => format!(
                    "{}{statement}{}",
                    slice(0, m.value.span.start + 1),
                    slice(m.value.span.start + 1, policy.len())
                ),
            },
            _ => format!(
                "{}[{},{statement}]{}",
                slice(0, m.value.span.start),
                slice(m.value.span.start, m.value.span.end),
                slice(m.value.span.end, policy.len())
            ),
        },
        None => {
            let open = value.span.start + 1;
            let rest = slice(open, policy.len());
            let comma = if members.is_empty() { "" } else { "," };
            format!("{}\"Statement\":[{statement}]{comma}{rest}", slice(0, open))
        }
    };
    Ok(pretty(&out))
}

/// Pretty-prints a policy (or any JSON) with two-space indentation, keeping key order, string
/// contents and comments.
///
/// # Errors
/// [`InsertError::InvalidJson`] when the text cannot be read as JSON: formatting would then
/// move the user's text around without fixing it.
pub fn format_json(text: &str) -> Result<String, InsertError> {
    let parsed = json::parse_document(text);
    if parsed.value.is_none()
        || !parsed.complete
        || parsed.diagnostics.iter().any(|d| d.code == "invalid-json")
    {
        return Err(InsertError::InvalidJson);
    }
    Ok(pretty(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parse_policy;
    use crate::scenario::text::minify;

    fn problems(text: &str, kind: PolicyKind) -> Vec<String> {
        parse_policy(text, kind)
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect()
    }

    #[test]
    fn every_policy_template_is_valid_for_its_kind_without_warnings() {
        let cx = TemplateContext::for_owner("arn:aws:s3:::bucket");
        for kind in PolicyKind::ALL {
            let text = policy_template(kind, &cx);
            assert_eq!(
                problems(&text, kind),
                Vec::<String>::new(),
                "{kind:?}: {text}"
            );
        }
    }

    #[test]
    fn every_statement_template_inserted_into_its_kinds_template_stays_valid() {
        let cx = TemplateContext::for_owner("arn:aws:s3:::bucket");
        for kind in PolicyKind::ALL {
            for t in StatementTemplate::for_kind(kind) {
                let policy = policy_template(kind, &cx);
                let out = insert_statement(&policy, &t.text(kind, &cx));
                let Ok(out) = out else {
                    panic!("{kind:?} {t:?}: {out:?}");
                };
                assert_eq!(
                    problems(&out, kind),
                    Vec::<String>::new(),
                    "{kind:?} {t:?}: {out}"
                );
                assert_eq!(parse_policy(&out, kind).policy.statements.len(), 2);
            }
        }
    }

    #[test]
    fn the_context_takes_the_owners_account_and_a_buckets_objects() {
        let cx = TemplateContext::for_owner("arn:aws:iam::222222222222:role/Deployer");
        assert_eq!(cx.account, "222222222222");
        assert_eq!(cx.role, "arn:aws:iam::222222222222:role/CallerRole");
        let cx = TemplateContext::for_owner("arn:aws:s3:::prod-artifacts");
        assert_eq!(cx.account, "111111111111");
        assert_eq!(cx.resource, "arn:aws:s3:::prod-artifacts/*");
    }

    #[test]
    fn a_step_fills_the_action_the_resource_and_the_caller() {
        let hop = TemplateContext::for_owner("arn:aws:iam::111111111111:user/alice").in_step(
            "sts:AssumeRole",
            "arn:aws:iam::222222222222:role/Deploy",
            "arn:aws:iam::111111111111:user/alice",
        );
        assert_eq!(
            minify(&StatementTemplate::Allow.text(PolicyKind::Identity, &hop)),
            r#"{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/Deploy"}"#
        );
        let bucket = TemplateContext::for_owner("arn:aws:s3:::bucket").in_step(
            "s3:PutObject",
            "arn:aws:s3:::bucket/report.csv",
            "arn:aws:sts::222222222222:assumed-role/Deploy/session",
        );
        assert_eq!(
            minify(&StatementTemplate::Allow.text(PolicyKind::Resource, &bucket)),
            r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:role/Deploy"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket/*"}"#
        );
        let chained = TemplateContext::for_owner("arn:aws:iam::222222222222:role/B").in_step(
            "sts:AssumeRole",
            "arn:aws:iam::222222222222:role/B",
            "arn:aws:sts::222222222222:assumed-role/A/s",
        );
        assert_eq!(chained.role, "arn:aws:iam::222222222222:role/A");
        // A blank action or resource keeps the owner's defaults.
        let blank =
            TemplateContext::for_owner("arn:aws:iam::111111111111:user/alice").in_step("", " ", "");
        assert_eq!(
            (blank.action.as_str(), blank.target.as_str()),
            ("s3:GetObject", "*")
        );
    }

    #[test]
    fn inserting_into_a_single_statement_object_makes_an_array() {
        assert_eq!(
            insert_statement(r#"{"Statement":{"Sid":"A"}}"#, r#"{"Sid":"B"}"#).map(|t| minify(&t)),
            Ok(r#"{"Statement":[{"Sid":"A"},{"Sid":"B"}]}"#.to_owned())
        );
    }

    #[test]
    fn inserting_into_a_policy_without_statement_adds_one() {
        assert_eq!(
            insert_statement(r#"{"Version":"2012-10-17"}"#, r#"{"Sid":"B"}"#).map(|t| minify(&t)),
            Ok(r#"{"Statement":[{"Sid":"B"}],"Version":"2012-10-17"}"#.to_owned())
        );
        assert_eq!(
            insert_statement("{}", r#"{"Sid":"B"}"#).map(|t| minify(&t)),
            Ok(r#"{"Statement":[{"Sid":"B"}]}"#.to_owned())
        );
    }

    #[test]
    fn a_new_scenario_starts_valid_and_allowed() {
        let scenario = new_scenario();
        let text = crate::scenario::to_json(&scenario);
        let loaded = crate::scenario::load(&text);
        let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, Vec::<&str>::new(), "{text}");
        let findings = crate::scenario::view::check(&scenario, None);
        assert!(findings.is_empty(), "{findings:?}");
        let outcome = crate::scenario::evaluate_scenario(&scenario);
        let decisions: Vec<_> = outcome.requests.iter().map(|r| r.decision).collect();
        assert_eq!(decisions, vec![crate::scenario::StepDecision::Allowed]);
    }

    #[test]
    fn broken_json_is_never_rewritten() {
        assert_eq!(
            insert_statement(r#"{"Statement": [ {"#, "{}"),
            Err(InsertError::InvalidJson)
        );
        assert_eq!(insert_statement("[]", "{}"), Err(InsertError::NotAnObject));
        assert_eq!(format_json("{\"a\": "), Err(InsertError::InvalidJson));
        assert_eq!(format_json("{\"a\":1}").as_deref(), Ok("{\n  \"a\": 1\n}"));
    }
}
