mod chain;
mod derive;
mod format;
mod sts_rules;
