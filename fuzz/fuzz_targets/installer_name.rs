//! Any string parsed as an installer's file name: token ranges inside the string (see
//! `checks::installer_name`).

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::installer_name(data));
