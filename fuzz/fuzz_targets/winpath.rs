//! Any string parsed as a Windows path: problem ranges inside the string, `parse` and
//! `problems` agree (see `checks::winpath`).

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::winpath(data));
