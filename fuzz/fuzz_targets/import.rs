//! `cargo xtask fuzz import`: see `rolecall_fuzz::import` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rolecall_fuzz::import(data));
