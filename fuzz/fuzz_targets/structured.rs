//! `cargo xtask fuzz structured`: see `rolecall_fuzz::structured` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rolecall_fuzz::structured(data));
