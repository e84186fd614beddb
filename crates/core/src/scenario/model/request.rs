//! The requests of a scenario: the action and its `assume` hops, each an STS call.

use crate::names::{Named, named_enum};
use crate::request::ContextValue;
use crate::span::Span;
use serde::Serialize;

use super::{Expect, KeyValues, PolicyDocument, PrincipalSpec, StepRef};

named_enum! {
    /// The STS call an `assume` hop makes, named in the format by its STS API name.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
    pub enum HopCall {
        /// `AssumeRole` (`AssumeRoleWithWebIdentity` or `AssumeRoleWithSAML` for a federated
        /// caller): a session of a role.
        #[default]
        AssumeRole = "AssumeRole",
        /// `GetSessionToken`: temporary credentials of the calling user (or root) with its own
        /// permissions, MFA-authenticated when `mfa` is set.
        GetSessionToken = "GetSessionToken",
        /// `GetFederationToken`: a federated user session, limited by the session policies.
        GetFederationToken = "GetFederationToken",
    }
}

impl HopCall {
    /// What the call gives the caller, as a front end says it ("Gives …").
    ///
    /// Why: the AWS STS API Reference of each call: `AssumeRole` returns the credentials of a
    /// session of the role, `GetSessionToken` credentials of the calling user with its own
    /// permissions, and `GetFederationToken` those of a federated user, whose permissions are
    /// the calling user's policies limited by the session policies passed (see
    /// `scenario/tokens.rs`).
    #[must_use]
    pub const fn gives(self) -> &'static str {
        match self {
            Self::AssumeRole => "a session of the role",
            Self::GetSessionToken => "temporary credentials of the same user",
            Self::GetFederationToken => "a federated user session, limited by its session policy",
        }
    }

    /// Whether this is the default call, `AssumeRole` (not written back).
    #[must_use]
    pub fn is_assume_role(&self) -> bool {
        *self == Self::AssumeRole
    }

    /// Whether this call takes the hop field `field` (its name in the format). `call`,
    /// `durationSeconds`, `time` and `context` go with every call.
    ///
    /// Why: the parameters of each call (AWS STS API Reference: AssumeRole, GetSessionToken,
    /// GetFederationToken). Rolecall models session tags and source identity on AssumeRole only.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::model::HopCall;
    /// assert!(HopCall::AssumeRole.takes("externalId"));
    /// assert!(!HopCall::GetSessionToken.takes("role"));
    /// assert!(HopCall::GetFederationToken.takes("name"));
    /// ```
    #[must_use]
    pub fn takes(self, field: &str) -> bool {
        matches!(field, "call" | "durationSeconds" | "time" | "context")
            || match self {
                Self::AssumeRole => field != "name",
                Self::GetSessionToken => field == "mfa",
                Self::GetFederationToken => {
                    matches!(field, "name" | "sessionPolicy" | "policyArns")
                }
            }
    }
}

impl AssumeHop {
    /// Makes this hop the STS call `call`: the fields `call` does not take are removed (their
    /// names in the format are returned, so a front end can say what went and offer an undo),
    /// and a `GetFederationToken` hop without a `name` gets `federated-user` (it is required).
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::model::{AssumeHop, HopCall};
    /// let mut hop = AssumeHop { role: "arn:aws:iam::1:role/R".into(), mfa: true, ..AssumeHop::default() };
    /// assert_eq!(hop.set_call(HopCall::GetSessionToken), vec!["role"]);
    /// assert!(hop.role.is_empty() && hop.mfa);
    /// ```
    pub fn set_call(&mut self, call: HopCall) -> Vec<&'static str> {
        let mut removed = Vec::new();
        let mut drop_if = |field: &'static str, present: bool| {
            let gone = present && !call.takes(field);
            if gone {
                removed.push(field);
            }
            gone
        };
        if drop_if("role", !self.role.is_empty()) {
            self.role.clear();
        }
        if drop_if("name", self.name.is_some()) {
            self.name = None;
        }
        if drop_if("sessionName", self.session_name.is_some()) {
            self.session_name = None;
        }
        if drop_if("externalId", self.external_id.is_some()) {
            self.external_id = None;
        }
        if drop_if("mfa", self.mfa) {
            self.mfa = false;
        }
        if drop_if("sessionTags", !self.session_tags.is_empty()) {
            self.session_tags = KeyValues::default();
        }
        if drop_if("transitiveTagKeys", !self.transitive_tag_keys.is_empty()) {
            self.transitive_tag_keys.clear();
        }
        if drop_if("sourceIdentity", self.source_identity.is_some()) {
            self.source_identity = None;
        }
        if drop_if("sessionPolicy", self.session_policy.is_some()) {
            self.session_policy = None;
        }
        if drop_if("policyArns", !self.policy_arns.is_empty()) {
            self.policy_arns.clear();
        }
        if call == HopCall::GetFederationToken && self.name.is_none() {
            self.name = Some("federated-user".to_owned());
        }
        self.call = call;
        removed
    }

    /// What a front end says after [`set_call`](Self::set_call) made hop `index` (from 0) the
    /// call `call` and removed the fields `removed`; `None` when nothing was removed.
    ///
    /// # Examples
    ///
    /// ```
    /// use rolecall_core::scenario::model::{AssumeHop, HopCall};
    /// assert_eq!(
    ///     AssumeHop::call_notice(0, HopCall::GetSessionToken, &["role", "sessionName"]).as_deref(),
    ///     Some("Hop 1 now calls `GetSessionToken`, which does not take `role`, `sessionName`: removed."),
    /// );
    /// assert_eq!(AssumeHop::call_notice(0, HopCall::AssumeRole, &[]), None);
    /// ```
    #[must_use]
    pub fn call_notice(index: usize, call: HopCall, removed: &[&str]) -> Option<String> {
        (!removed.is_empty()).then(|| {
            format!(
                "Hop {} now calls `{}`, which does not take {}: removed.",
                index + 1,
                call.name(),
                crate::diagnostic::backticked(removed)
            )
        })
    }
}

/// One `assume` hop of a request: an STS call that gives the caller new credentials.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssumeHop {
    /// The STS call (`AssumeRole` when absent, so older files keep their meaning).
    #[serde(skip_serializing_if = "HopCall::is_assume_role")]
    pub call: HopCall,
    /// The role to assume (`AssumeRole` only).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// `Name`: the federated user's name (`GetFederationToken` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `RoleSessionName` (defaults to `session`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// `ExternalId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Whether an MFA device serial number and token code are passed (`SerialNumber`, `TokenCode`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mfa: bool,
    /// `Tags`: session tags.
    #[serde(skip_serializing_if = "KeyValues::is_empty")]
    pub session_tags: KeyValues<String>,
    /// `TransitiveTagKeys`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transitive_tag_keys: Vec<String>,
    /// `SourceIdentity`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
    /// `Policy`: an inline session policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_policy: Option<PolicyDocument>,
    /// `PolicyArns`: managed policies used as session policies (at most 10).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policy_arns: Vec<String>,
    /// `DurationSeconds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u64>,
    /// When the call is made (RFC 3339); the scenario's `now` when absent. It is the call's
    /// `aws:CurrentTime` and the new credentials' `aws:TokenIssueTime`, and
    /// `aws:MultiFactorAuthAge` counts from the MFA-authenticated call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Extra context keys for this call only.
    #[serde(skip_serializing_if = "KeyValues::is_empty")]
    pub context: KeyValues<ContextValue>,
    /// The span of the `role` value (of the hop object when it has no role).
    #[serde(skip)]
    pub span: Span,
}

/// One question: a principal, optional assume hops, and an optional final action.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioRequest {
    /// A short name shown in reports.
    pub name: String,
    /// Who starts.
    pub principal: PrincipalSpec,
    /// Context keys for every step (they override derived keys).
    #[serde(skip_serializing_if = "KeyValues::is_empty")]
    pub context: KeyValues<ContextValue>,
    /// The roles assumed one after the other.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assume: Vec<AssumeHop>,
    /// The final action, if any (a request may only assume roles).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The final resource (`*` when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The policy of the VPC endpoint the final action goes through, if it goes through one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_endpoint_policy: Option<PolicyDocument>,
    /// The id of that endpoint (`aws:SourceVpce`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_endpoint_id: Option<String>,
    /// The expected decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    /// The span of the request object.
    #[serde(skip)]
    pub span: Span,
    /// The span of the `principal` value.
    #[serde(skip)]
    pub principal_span: Span,
    /// The span of the `expect` value (the request object's `{` when there is none).
    #[serde(skip)]
    pub expect_span: Span,
}

impl ScenarioRequest {
    /// The steps an expectation can name as deciding this request, in order: each assume hop,
    /// then the action when there is one.
    #[must_use]
    pub fn steps(&self) -> Vec<StepRef> {
        (0..self.assume.len())
            .map(StepRef::Hop)
            .chain(self.action.is_some().then_some(StepRef::Action))
            .collect()
    }
}
