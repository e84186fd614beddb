mod chain;
mod chaining;
mod derive;
mod format;
mod robust;
mod sts_rules;
