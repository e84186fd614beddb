//! Access diff: which requests get a different decision in a new version of a scenario
//! (`rolecall diff OLD NEW`, the page's "what changed" strip).
//!
//! Three sets of requests are compared, each evaluated against both worlds:
//!
//! 1. the scenarios' own requests (those of NEW, then those only OLD has);
//! 2. generated probes: every catalog action of the services the changed documents name, on
//!    `*` and on every resource of the scenarios its ARN templates fit, for every user and role;
//!    each once with none of the condition keys the changed documents test, and once per tested
//!    key set to each value the conditions compare it with (so that "MFA required" and "MFA
//!    removed" read differently: the first denies the probe without the key, the second allows
//!    it); plus `sts:AssumeRole` of every role by every principal, through the role's trust
//!    policy;
//! 3. who-can: for the action and resource of every own request and of every flipped probe, the
//!    principals that can reach it through paths in the access graph ([`crate::reach`]).
//!
//! "New access" is a request that was not allowed and now is. The number of probes and who-can
//! questions is bounded ([`DiffLimits`]); a bound that is hit is named in
//! [`AccessDiff::bounds`], never silent.

mod probes;
pub mod versions;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::reach::world::{Side, World};
use crate::reach::{AccessGraph, Limits, who_can};
use crate::request::ContextValue;
use crate::scenario::evaluate::{RequestOutcome, StepDecision, evaluate_request_as};
use crate::scenario::model::{AssumeHop, KeyValues, PrincipalSpec, Scenario, ScenarioRequest};
use crate::scenario::report::deciding_step;

/// The bounds of a diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffLimits {
    /// The most probes evaluated (each against both scenarios); default 200,000.
    pub max_probes: usize,
    /// The most who-can questions (each against both scenarios); default 50.
    pub max_who_can: usize,
}

impl Default for DiffLimits {
    fn default() -> Self {
        Self {
            max_probes: 200_000,
            max_who_can: 50,
        }
    }
}

/// Where a compared request came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    /// A request of one of the scenarios.
    Request,
    /// A generated probe.
    Probe,
    /// A who-can answer: the principal reaches the action through a path.
    WhoCan,
}

/// A request whose decision differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Flip {
    /// The request, in the scenario format.
    pub request: ScenarioRequest,
    /// Where it came from.
    pub origin: Origin,
    /// Its decision in OLD.
    pub old: StepDecision,
    /// Its decision in NEW.
    pub new: StepDecision,
    /// Who asks.
    pub principal: String,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// Why, in OLD (one sentence).
    pub old_explanation: String,
    /// Why, in NEW.
    pub new_explanation: String,
}

impl Flip {
    /// Whether NEW allows what OLD did not.
    #[must_use]
    pub fn is_new_access(&self) -> bool {
        self.new == StepDecision::Allowed && self.old != StepDecision::Allowed
    }

    /// The context the probe carries, in words: ` with aws:MultiFactorAuthPresent = true`, or
    /// ` with none of the tested keys` for a probe without extra keys (empty for a request).
    #[must_use]
    pub fn context_words(&self) -> String {
        if self.origin != Origin::Probe {
            return String::new();
        }
        let keys: Vec<String> = self
            .request
            .context
            .iter()
            .chain(self.request.assume.iter().flat_map(|h| h.context.iter()))
            .map(|(k, v)| match v {
                ContextValue::Single(v) => format!("{k} = {v}"),
                ContextValue::Multi(v) => format!("{k} = [{}]", v.join(", ")),
            })
            .collect();
        if keys.is_empty() {
            " with none of the tested keys".to_owned()
        } else {
            format!(" with {}", keys.join(", "))
        }
    }
}

/// How many requests were compared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Compared {
    /// The scenarios' own requests.
    pub requests: usize,
    /// Generated probes.
    pub probes: usize,
    /// Who-can questions.
    pub who_can: usize,
}

/// The difference in access between two versions of a scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessDiff {
    /// Every request whose decision differs: own requests, then probes, then who-can answers.
    pub flipped: Vec<Flip>,
    /// How many of them NEW allows and OLD did not.
    pub new_access: usize,
    /// How many of them OLD allowed and NEW does not.
    pub removed_access: usize,
    /// How many requests were compared.
    pub compared: Compared,
    /// The documents that differ (their paths in the scenario).
    pub changed_documents: Vec<String>,
    /// The services probed.
    pub services: Vec<String>,
    /// The bounds that were hit, in words (empty when the comparison is complete).
    pub bounds: Vec<String>,
}

/// Compares the access of `old` and `new`. Without a `catalog` only the own requests,
/// `sts:AssumeRole` probes and who-can answers are compared (a bound says so).
///
/// # Examples
///
/// ```
/// use rolecall_core::diff::{DiffLimits, diff};
/// use rolecall_core::scenario::load;
/// let world = |action: &str| format!(r#"{{"rolecall": 1, "identities": [{{"arn": "arn:aws:iam::111111111111:user/alice",
///   "policies": [{{"name": "P", "document": {{"Version": "2012-10-17", "Statement": [
///   {{"Effect": "Allow", "Action": "{action}", "Resource": "*"}}]}}}}]}}], "resources": [],
///   "requests": [{{"name": "put", "principal": "arn:aws:iam::111111111111:user/alice",
///   "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k"}}]}}"#);
/// let old = load(&world("s3:GetObject")).scenario.unwrap();
/// let new = load(&world("s3:*Object")).scenario.unwrap();
/// let d = diff(&old, &new, None, &DiffLimits::default());
/// assert_eq!(d.flipped[0].request.name, "put");
/// assert_eq!(d.flipped[0].new.as_str(), "allowed");
/// assert!(d.new_access >= 1);
/// ```
#[must_use]
pub fn diff(
    old: &Scenario,
    new: &Scenario,
    catalog: Option<&Catalog>,
    limits: &DiffLimits,
) -> AccessDiff {
    let mut out = AccessDiff::default();
    own_requests(old, new, &mut out);
    let changed = probes::changed_documents(old, new);
    out.changed_documents = changed.iter().map(|c| c.path.clone()).collect();
    if !changed.is_empty() {
        let probe = Probe::new(old, new, &changed, limits);
        match catalog {
            Some(catalog) => probe.actions(catalog, &mut out),
            None => out
                .bounds
                .push("no service catalog: only `sts:AssumeRole` was probed".to_owned()),
        }
        probe.assume_roles(&mut out);
    }
    who_can_answers(old, new, limits, &mut out);
    out.new_access = out.flipped.iter().filter(|f| f.is_new_access()).count();
    out.removed_access = out
        .flipped
        .iter()
        .filter(|f| f.old == StepDecision::Allowed && f.new != StepDecision::Allowed)
        .count();
    out
}

/// The principal of a request as one string.
fn principal_text(spec: &PrincipalSpec) -> String {
    match spec {
        PrincipalSpec::Arn(arn) => arn.clone(),
        PrincipalSpec::Anonymous => "anonymous".to_owned(),
        PrincipalSpec::Service { service, .. } => service.clone(),
        PrincipalSpec::WebIdentity { provider, .. } | PrincipalSpec::Saml { provider, .. } => {
            provider.clone()
        }
    }
}

fn why(outcome: &RequestOutcome) -> String {
    deciding_step(outcome).map_or_else(String::new, |s| s.summary.clone())
}

/// The scenarios' own requests: those of NEW, then those only OLD has.
fn own_requests(old: &Scenario, new: &Scenario, out: &mut AccessDiff) {
    let mut seen: Vec<&ScenarioRequest> = Vec::new();
    let both = new
        .requests
        .iter()
        .enumerate()
        .chain(old.requests.iter().enumerate());
    for (index, request) in both {
        if seen.iter().any(|s| same_request(s, request)) {
            continue;
        }
        seen.push(request);
        out.compared.requests += 1;
        let before = evaluate_request_as(old, request, index);
        let after = evaluate_request_as(new, request, index);
        if before.decision == after.decision {
            continue;
        }
        let last_hop = request.assume.last();
        out.flipped.push(Flip {
            request: request.clone(),
            origin: Origin::Request,
            old: before.decision,
            new: after.decision,
            principal: principal_text(&request.principal),
            action: request.action.clone().unwrap_or_else(|| {
                last_hop.map_or_else(String::new, |_| "sts:AssumeRole".to_owned())
            }),
            resource: match (&request.action, &request.resource, last_hop) {
                (Some(_), Some(r), _) => r.clone(),
                (None, _, Some(hop)) => hop.role.clone(),
                _ => "*".to_owned(),
            },
            old_explanation: why(&before),
            new_explanation: why(&after),
        });
    }
}

/// Two requests ask the same question (names and spans aside).
fn same_request(a: &ScenarioRequest, b: &ScenarioRequest) -> bool {
    a.name == b.name
        && a.principal == b.principal
        && a.context == b.context
        && a.action == b.action
        && a.resource == b.resource
        && a.assume.len() == b.assume.len()
        && a.assume
            .iter()
            .zip(&b.assume)
            .all(|(x, y)| x.role == y.role && x.call == y.call && x.context == y.context)
}

/// The probes of one diff.
struct Probe<'s> {
    old: &'s Scenario,
    new: &'s Scenario,
    old_world: World,
    new_world: World,
    principals: Vec<String>,
    resources: Vec<String>,
    variants: Vec<KeyValues<ContextValue>>,
    touched: probes::Touched,
    max: usize,
}

impl<'s> Probe<'s> {
    fn new(
        old: &'s Scenario,
        new: &'s Scenario,
        changed: &[probes::Changed],
        limits: &DiffLimits,
    ) -> Self {
        let touched = probes::touched(changed);
        let (variants, _) = probes::variants(&touched);
        Self {
            old,
            new,
            old_world: World::new(old),
            new_world: World::new(new),
            principals: probes::principals(old, new),
            resources: probes::resources(old, new),
            variants,
            touched,
            max: limits.max_probes,
        }
    }

    /// Every catalog action of the touched services on every fitting resource.
    fn actions(&self, catalog: &Catalog, out: &mut AccessDiff) {
        let services = probes::services(&self.touched, self.old, self.new);
        out.services = services.iter().cloned().collect();
        let actions = probes::actions(catalog, &services);
        let plan: Vec<(String, Vec<&str>)> = actions
            .iter()
            .map(|a| (a.full_name(), probes::fitting(*a, &self.resources)))
            .filter(|(name, _)| !crate::evaluate::is_trust_action(name))
            .collect();
        let per_principal: usize =
            plan.iter().map(|(_, r)| r.len()).sum::<usize>() * self.variants.len();
        let total = per_principal * self.principals.len();
        if probes::variants(&self.touched).1 {
            out.bounds.push(format!(
                "context variants: only the first {} tested key values were probed",
                probes::MAX_VARIANTS
            ));
        }
        for principal in &self.principals {
            let spec = PrincipalSpec::Arn(principal.clone());
            let (old_side, new_side) = (Side::new(self.old, &spec), Side::new(self.new, &spec));
            for (action, resources) in &plan {
                for resource in resources {
                    for variant in &self.variants {
                        if out.compared.probes >= self.max {
                            out.bounds.push(format!(
                                "probes: stopped after {} of {total} (raise the probe limit)",
                                self.max
                            ));
                            return;
                        }
                        out.compared.probes += 1;
                        let before = self
                            .old_world
                            .action_call(self.old, &old_side, action, resource, variant);
                        let after = self
                            .new_world
                            .action_call(self.new, &new_side, action, resource, variant);
                        if before.decide() == after.decide() {
                            continue;
                        }
                        let (b, a) = (before.evaluate(), after.evaluate());
                        out.flipped.push(Flip {
                            request: ScenarioRequest {
                                name: format!("probe {action} on {resource}"),
                                principal: spec.clone(),
                                context: variant.clone(),
                                action: Some(action.clone()),
                                resource: Some((*resource).to_owned()),
                                ..ScenarioRequest::default()
                            },
                            origin: Origin::Probe,
                            old: b.decision.into(),
                            new: a.decision.into(),
                            principal: principal.clone(),
                            action: action.clone(),
                            resource: (*resource).to_owned(),
                            old_explanation: b.explanation.summary,
                            new_explanation: a.explanation.summary,
                        });
                    }
                }
            }
        }
    }

    /// `sts:AssumeRole` of every role of either scenario by every user and role, with MFA and
    /// without, and with each context variant.
    fn assume_roles(&self, out: &mut AccessDiff) {
        let roles: Vec<&String> = self
            .principals
            .iter()
            .filter(|p| {
                crate::scenario::arn::identity_kind(p)
                    == Some(crate::scenario::arn::IdentityKind::Role)
            })
            .collect();
        for principal in &self.principals {
            let spec = PrincipalSpec::Arn(principal.clone());
            for role in &roles {
                for mfa in [false, true] {
                    for variant in &self.variants {
                        if out.compared.probes >= self.max {
                            if !out.bounds.iter().any(|b| b.starts_with("probes:")) {
                                out.bounds.push(format!(
                                    "probes: stopped after {} (raise the probe limit)",
                                    self.max
                                ));
                            }
                            return;
                        }
                        out.compared.probes += 1;
                        let hop = AssumeHop {
                            role: (*role).clone(),
                            mfa,
                            context: variant.clone(),
                            ..AssumeHop::default()
                        };
                        let request = ScenarioRequest {
                            name: format!("probe assume {role}"),
                            principal: spec.clone(),
                            assume: vec![hop],
                            ..ScenarioRequest::default()
                        };
                        let before = evaluate_request_as(self.old, &request, 0);
                        let after = evaluate_request_as(self.new, &request, 0);
                        if before.decision == after.decision {
                            continue;
                        }
                        out.flipped.push(Flip {
                            origin: Origin::Probe,
                            old: before.decision,
                            new: after.decision,
                            principal: principal.clone(),
                            action: "sts:AssumeRole".to_owned(),
                            resource: (*role).clone(),
                            old_explanation: why(&before),
                            new_explanation: why(&after),
                            request,
                        });
                    }
                }
            }
        }
    }
}

/// Who-can for the action and resource of every own request and flipped probe: principals
/// that reach it through a path in one scenario and not in the other. Principals already in a
/// flip for the same action and resource are not repeated.
fn who_can_answers(old: &Scenario, new: &Scenario, limits: &DiffLimits, out: &mut AccessDiff) {
    let mut questions: Vec<(String, String)> = Vec::new();
    let asked = new
        .requests
        .iter()
        .chain(&old.requests)
        .filter_map(|r| {
            Some((
                r.action.clone()?,
                r.resource.clone().unwrap_or_else(|| "*".to_owned()),
            ))
        })
        .chain(
            out.flipped
                .iter()
                .map(|f| (f.action.clone(), f.resource.clone())),
        );
    let mut cut = 0;
    for q in asked {
        if questions.contains(&q) {
            continue;
        }
        if questions.len() >= limits.max_who_can {
            cut += 1;
            continue;
        }
        questions.push(q);
    }
    if cut > 0 {
        out.bounds.push(format!(
            "who-can: {cut} more action/resource pairs were not asked (limit {})",
            limits.max_who_can
        ));
    }
    if questions.is_empty() {
        return;
    }
    let (old_graph, new_graph) = (AccessGraph::build(old), AccessGraph::build(new));
    let reach = Limits::default();
    for (action, resource) in questions {
        out.compared.who_can += 1;
        let before = who_can(&old_graph, &action, &resource, &reach);
        let after = who_can(&new_graph, &action, &resource, &reach);
        for t in before.truncated.iter().chain(&after.truncated) {
            let note = format!("who-can `{action}` on `{resource}`: {t}");
            if !out.bounds.contains(&note) {
                out.bounds.push(note);
            }
        }
        let path = |answer: &crate::reach::WhoCan, principal: &str| {
            answer
                .principals
                .iter()
                .find(|p| p.principal == principal)
                .map(|p| match p.paths.first() {
                    Some(hops) if !hops.is_empty() => format!(
                        "can through {}",
                        hops.iter()
                            .map(|h| format!("`{}` → `{}`", h.means.via, h.to))
                            .collect::<Vec<_>>()
                            .join(", then ")
                    ),
                    _ => "can itself".to_owned(),
                })
        };
        let names = |answer: &crate::reach::WhoCan| -> Vec<String> {
            answer
                .principals
                .iter()
                .map(|p| p.principal.clone())
                .collect()
        };
        let (was, is) = (names(&before), names(&after));
        for principal in is
            .iter()
            .filter(|p| !was.contains(p))
            .chain(was.iter().filter(|p| !is.contains(p)))
        {
            let gained = is.contains(principal);
            let already = out
                .flipped
                .iter()
                .any(|f| f.principal == *principal && f.action == action && f.resource == resource);
            if already {
                continue;
            }
            let (old_d, new_d) = if gained {
                (StepDecision::ImplicitDeny, StepDecision::Allowed)
            } else {
                (StepDecision::Allowed, StepDecision::ImplicitDeny)
            };
            let cannot = "cannot, directly or through any path".to_owned();
            out.flipped.push(Flip {
                request: ScenarioRequest {
                    name: format!("who can {action} on {resource}"),
                    principal: if principal.starts_with("arn:") {
                        PrincipalSpec::Arn(principal.clone())
                    } else {
                        PrincipalSpec::Service {
                            service: principal.clone(),
                            source_arn: None,
                            source_account: None,
                        }
                    },
                    action: Some(action.clone()),
                    resource: Some(resource.clone()),
                    ..ScenarioRequest::default()
                },
                origin: Origin::WhoCan,
                old: old_d,
                new: new_d,
                principal: principal.clone(),
                action: action.clone(),
                resource: resource.clone(),
                old_explanation: path(&before, principal).unwrap_or_else(|| cannot.clone()),
                new_explanation: path(&after, principal).unwrap_or(cannot),
            });
        }
    }
}

/// The text of `rolecall diff`: one block per flipped request (new access first marked `NEW
/// ACCESS`), both decisions and both explanations, then a summary line and the bounds hit.
#[must_use]
pub fn render_text(diff: &AccessDiff) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if !diff.changed_documents.is_empty() {
        let _ = writeln!(
            out,
            "changed documents: {}",
            diff.changed_documents.join(", ")
        );
    }
    for flip in &diff.flipped {
        let mark = if flip.is_new_access() {
            "NEW ACCESS"
        } else if flip.old == StepDecision::Allowed {
            "removed"
        } else {
            "changed"
        };
        let origin = match flip.origin {
            Origin::Request => format!("request `{}`", flip.request.name),
            Origin::Probe => format!("probe{}", flip.context_words()),
            Origin::WhoCan => "who-can".to_owned(),
        };
        let _ = writeln!(
            out,
            "\n{mark}: `{}` `{}` on `{}` ({origin})",
            flip.principal, flip.action, flip.resource
        );
        let _ = writeln!(
            out,
            "  old: {:<13} {}",
            flip.old.words(),
            flip.old_explanation
        );
        let _ = writeln!(
            out,
            "  new: {:<13} {}",
            flip.new.words(),
            flip.new_explanation
        );
    }
    let _ = writeln!(
        out,
        "\n{} flipped ({} new access, {} removed); compared {} requests, {} probes, {} who-can questions",
        diff.flipped.len(),
        diff.new_access,
        diff.removed_access,
        diff.compared.requests,
        diff.compared.probes,
        diff.compared.who_can
    );
    for bound in &diff.bounds {
        let _ = writeln!(out, "bound hit: {bound}");
    }
    out
}
