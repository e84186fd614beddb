//! Who can reach what: the access graph of a scenario and the queries over it.
//!
//! - [`graph`]: the nodes (every principal that can act) and the edges (every way one principal
//!   can act as another), each edge decided by the evaluator; `build.rs` builds it;
//! - [`ask`]: the evaluator question every edge starts with;
//! - [`world`]: the evaluator calls themselves, with every policy compiled once;
//! - [`techniques`]: the table of techniques (assume role, pass a role to a service, create
//!   credentials, change code that runs as a role) and the policy changes that make an
//!   administrator;
//! - [`harvest`]: the condition values a caller can supply itself (MFA, `ExternalId`, source
//!   IP, token claims), which make an edge *conditional* instead of absent;
//! - [`session`]: what a role session made at one hop of a path carries into the next
//!   (session tags, transitive tags, source identity), checked by replaying the path;
//! - [`starts`]: the who-can questions a statement or a role asks (for the page);
//! - [`admin`]: the definition of an administrator;
//! - [`query`]: who-can, can-what and escalation; [`QuestionError`]: why one could not be
//!   answered.
//!
//! # Nodes
//!
//! Every IAM user and role of the scenario (a role node stands for a session of the role, made
//! without session policy or session tags), every AWS service named in a trust policy, every
//! federated identity (the SAML and OIDC providers named in trust policies, with the claims a
//! request of the scenario gives), every principal or account outside the scenario that a
//! trust policy names, and the anonymous caller. The root user of an account is left out: it
//! can do everything the SCPs allow in its account.
//!
//! A principal outside the scenario is evaluated as having identity policies that allow
//! everything (`Allow * *`, named `assumed: …`): the scenario does not say what its own
//! account allows it, and the edge says that it rests on this assumption.
//!
//! # Edges
//!
//! An edge `from → to` exists when the evaluator allows every call of a technique (see
//! [`techniques`]). It is tried first as the caller would make it without doing anything
//! special; if that is denied, it is tried again with the condition values the caller can
//! supply itself (MFA, an `ExternalId`, a source IP, session tags, token claims, found in the
//! conditions of the policies involved). An edge allowed only then is *conditional* and lists
//! those values. Deny statements, permissions boundaries, session policies, SCPs and RCPs apply
//! to every call, exactly as in [`crate::scenario::evaluate_request`] (a test keeps the two in
//! agreement). An edge that needs a resource the scenario does not contain (a function, an
//! instance, a stack) says which one it assumes.
//!
//! # Administrator
//!
//! See [`admin`]: a principal is an **administrator** when the evaluator allows it, on
//! resource `*`, an action only a grant of every action covers, and each of a fixed list of
//! sensitive actions (so that no Deny, boundary or SCP cuts the grant); or when one policy
//! change it is allowed to make on itself (an inline or attached policy on itself or its group,
//! a new default version of its policy, joining a group, removing its boundary) makes it one.
//!
//! # Bounds
//!
//! Paths are simple (no node twice) and at most [`Limits::max_length`] hops long, so cycles
//! terminate. The number of paths kept and the search work are bounded by [`Limits`]; when a
//! bound is hit the result says so in its `truncated` list, never silently.

pub mod admin;
pub mod ask;
mod build;
mod can_what;
mod edges;
mod escalation;
pub mod explain;
pub mod graph;
pub mod harvest;
pub mod layout;
pub mod query;
mod question;
pub mod render;
pub mod session;
pub mod starts;
pub mod techniques;
pub mod world;

pub use admin::ADMIN_PROBES;
pub use can_what::{Access, CanWhat, LevelAccess, Reached, ServiceAccess, can_what};
pub use escalation::{Administrator, Escalation, Finding, escalation};
pub use graph::{AccessGraph, AdminReason, Edge, Grant, Means, Node, NodeKind};
pub use harvest::Supply;
pub use query::{CHAINED_NOTE, Hop, Limits, PrincipalPaths, WhoCan, who_can};
pub use question::{QuestionError, who_can_target};
pub use techniques::{Technique, TechniqueKind};

#[cfg(test)]
mod tests;
