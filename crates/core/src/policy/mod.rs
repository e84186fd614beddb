//! Policy documents: the model, the reader that builds it, and per-kind validation.

mod lower;
pub use crate::model;
pub mod parse;
pub mod suggest;
pub mod validate;

pub use lower::{POLICY_ELEMENTS, STATEMENT_ELEMENTS};
pub use parse::{ParsedPolicy, lint, parse_policy, policy_from_json};
#[cfg(test)]
mod tests;
