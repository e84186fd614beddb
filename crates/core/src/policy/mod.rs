//! Policy documents: the model, the parser that builds it, and per-kind validation.

pub mod model;
pub mod parse;
pub mod validate;

pub use parse::{ParsedPolicy, parse_policy, policy_from_json};
