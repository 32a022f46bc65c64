//! Any bytes read as a PE image by `pe::read_bytes`: never a panic (see `checks::pe_read`).

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::pe_read(data));
