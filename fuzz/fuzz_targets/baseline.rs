//! Any string parsed as a baseline file: never a panic (see `checks::baseline`).

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::baseline(data));
