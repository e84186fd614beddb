//! `cargo xtask fuzz simulate`: see `rolecall_fuzz::simulate` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rolecall_fuzz::simulate(data));
