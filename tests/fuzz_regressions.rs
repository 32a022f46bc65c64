//! Every input a fuzz target (fuzz/, docs/fuzzing.md) found a defect with, replayed through the
//! same checks the target makes (fuzz/checks.rs): `tests/data/fuzz/TARGET/NAME`, one file per
//! input, named after the defect. A crash artifact becomes a regression test by being copied
//! there; it fails until the defect is fixed.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::PathBuf;

type Check = fn(&[u8]);

const TARGETS: &[(&str, Check)] = &[
    ("lint_file", checks::lint_file),
    ("pe_read", checks::pe_read),
    ("installer_name", checks::installer_name),
    ("winpath", checks::winpath),
    ("config", checks::config),
    ("baseline", checks::baseline),
];

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz")
}

/// The inputs of `target`, by file name (none when it has no folder).
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(data().join(target)) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Run `target`'s check on each of its inputs; every failure is reported, by file name.
fn replay(target: &str) -> usize {
    let check = TARGETS.iter().find(|(t, _)| *t == target).unwrap().1;
    let inputs = inputs(target);
    let failed: Vec<String> = inputs
        .iter()
        .filter(|(_, bytes)| std::panic::catch_unwind(|| check(bytes)).is_err())
        .map(|(name, _)| format!("tests/data/fuzz/{target}/{name}"))
        .collect();
    assert!(failed.is_empty(), "{target} fails on: {failed:?}");
    inputs.len()
}

#[test]
fn every_folder_names_a_fuzz_target() {
    for e in std::fs::read_dir(data()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            TARGETS.iter().any(|(t, _)| *t == name),
            "tests/data/fuzz/{name} is not a fuzz target"
        );
    }
}

#[test]
fn lint_file() {
    // At least the two defects the hardening issue reported: a DPM001 span past the end of a file
    // of 14 bytes, and a second --fix that applied more fixes with 11 duplicate `service_pack`.
    assert!(replay("lint_file") >= 2);
}

// `pe32plus-nt-headers-at-offset-4` and `-0x84`: a PE32+ image whose NT headers start at an
// offset that is a multiple of 4 but not of 8 (Windows accepts it) made pelite take a reference to
// IMAGE_NT_HEADERS64 (8-aligned) at an address that was not a multiple of 8: undefined behaviour,
// and with debug assertions an abort. The reader now places the headers so that they land on an
// 8-byte boundary.
#[test]
fn pe_read() {
    replay("pe_read");
}

#[test]
fn installer_name() {
    replay("installer_name");
}

#[test]
fn winpath() {
    replay("winpath");
}

#[test]
fn config() {
    replay("config");
}

#[test]
fn baseline() {
    replay("baseline");
}
