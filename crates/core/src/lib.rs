//! rolecall-core: AWS IAM policy JSON → spanned model → evaluation → explanation.
//!
//! This crate is pure: no I/O, no clock, no randomness, no DOM. It never panics on any input:
//! parsing returns a value plus diagnostics, and evaluation always returns a decision with its
//! explanation. See ARCHITECTURE.md at the repository root for the map of the modules.

pub mod catalog;
pub mod condition;
pub mod diagnostic;
pub mod diff;
pub mod document;
pub mod editing;
pub mod evaluate;
pub mod hash;
pub mod json;
pub mod kind;
pub mod managed;
pub mod matching;
pub mod model;
pub mod names;
pub mod policy;
pub mod reach;
pub mod request;
pub mod scenario;
pub mod share;
pub mod simulate;
pub mod span;
pub mod suggest;
pub mod value;

pub use diagnostic::{Diagnostic, Label, Severity};
pub use kind::PolicyKind;
pub use model::{Effect, Policy, Statement};
pub use request::{Context, ContextValue, Request};
pub use span::{Span, Spanned};
