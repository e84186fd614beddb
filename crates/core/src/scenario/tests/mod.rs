mod chain;
mod derive;
mod format;
