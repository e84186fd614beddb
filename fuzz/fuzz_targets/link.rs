//! `cargo xtask fuzz link`: see `rolecall_fuzz::link` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rolecall_fuzz::link(data));
