mod chain;
mod chaining;
mod derive;
mod format;
mod managed;
mod robust;
mod sts_rules;
mod tokens;
