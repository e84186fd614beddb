//! Matching of actions, resources and principals against policy patterns.
//!
//! OWNER: helper "match". Contract: the evaluator calls the functions re-exported here.
