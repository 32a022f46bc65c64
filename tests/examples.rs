//! The example repository the README's first command lints, run from the repository's root with
//! no `--config`: each planted mistake is found, the clean definitions stay clean.

mod common;

use assert_cmd::Command;

#[test]
fn the_readme_command_finds_exactly_the_planted_mistakes() {
    let out = Command::cargo_bin("dpmlint")
        .unwrap()
        .current_dir(common::root())
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        // No --config: fixtures/examples/dpmlint.toml is the nearest config of every definition
        // there, and its reference root (relative to it) is what DPM406 reads.
        .args(["check", "fixtures/examples", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: String = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{} {}\n",
                d["file"].as_str().unwrap(),
                d["line"],
                d["code"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!(found);
    for clean in ["ms08-067-w2k3-x86", "ms08-067-w2k8-x86", "w2k3-sp2-x86"] {
        assert!(
            !found.contains(&format!("/{clean}/")),
            "{clean} must stay clean:\n{found}"
        );
    }
}
