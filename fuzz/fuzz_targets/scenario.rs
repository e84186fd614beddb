//! `cargo xtask fuzz scenario`: see `rolecall_fuzz::scenario` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rolecall_fuzz::scenario(data));
