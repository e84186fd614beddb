//! Per-kind validation of a policy: which elements each policy kind needs or forbids.
//!
//! OWNER: helper "parse".
