//! Condition evaluation: operators, set qualifiers, `IfExists`, policy variables.
//!
//! OWNER: helper "match". Contract: the evaluator calls the functions re-exported here.
