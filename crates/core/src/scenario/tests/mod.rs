mod chain;
mod derive;
mod format;
mod robust;
mod sts_rules;
