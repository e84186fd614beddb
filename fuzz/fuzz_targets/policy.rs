//! `cargo xtask fuzz policy`: see `rolecall_fuzz::policy` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rolecall_fuzz::policy(data));
