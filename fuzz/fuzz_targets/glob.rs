//! `cargo xtask fuzz glob`: see `rolecall_fuzz::glob` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rolecall_fuzz::glob(data));
