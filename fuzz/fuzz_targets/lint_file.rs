//! Any bytes, linted as one definition with every rule, then fixed as `dpmlint check --fix`
//! fixes it: spans inside the file, and one `--fix` run reaches the fixed point
//! (see `checks::lint_file`).

#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::lint_file(data));
