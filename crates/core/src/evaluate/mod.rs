//! The decision procedure across all policy types, with explanations.
//!
//! OWNER: helper "eval".
