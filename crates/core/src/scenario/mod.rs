//! Scenarios: a small AWS world plus the requests asked of it, with assume-role chains.
//!
//! - [`model`]: the v1 format as Rust types, editable and serializable back to JSON.
//! - [`parse`]: scenario text → model + diagnostics with spans (unknown fields, wrong types,
//!   dangling references), migrating old format versions.
//! - [`derive`]: the context keys AWS sets by itself.
//! - [`text`]: minify and pretty-print JSON text without reordering it.

pub mod arn;
pub mod derive;
pub mod model;
pub mod parse;
mod reader;
pub mod text;

pub use model::{Scenario, to_json};
pub use parse::{ParsedScenario, parse_scenario};
