//! Any string parsed as a `dpmlint.toml`: never a panic, error spans inside the text (see
//! `checks::config`).

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::config(data));
