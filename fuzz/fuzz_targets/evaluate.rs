//! `cargo xtask fuzz evaluate`: see `rolecall_fuzz::evaluate` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rolecall_fuzz::evaluate(data));
