//! Constructors for the diagnostics of the JSON parser and the policy grammar.
