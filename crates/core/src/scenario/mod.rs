//! Scenarios: a small AWS world plus the requests asked of it, with assume-role chains.

pub mod text;
