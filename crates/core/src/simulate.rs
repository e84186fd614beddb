//! The `rolecall simulate` contract: one JSON request line in, one JSON result line out.
//!
//! OWNER: helper "eval".
