//! Which files are definitions: `include`, `extend-include` and `exclude` in dpmlint.toml and
//! `--extend-include` / `--exclude` on the command line (spec/cli.md).

mod common;

use common::dpmlint;
use std::path::Path;

/// A repository with definitions under three names: `packages/a/pkg00001.yaml` (a name of the
/// repository's own), `archive/b/package.yaml` and `other/pkg2.yaml`.
fn repository() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let example = common::root().join("fixtures/examples/ms08-067-w2k3-x86/package.yaml");
    let text = std::fs::read_to_string(example).unwrap();
    for (folder, name) in [
        ("packages/a", "pkg00001.yaml"),
        ("archive/b", "package.yaml"),
        ("other", "pkg2.yaml"),
    ] {
        std::fs::create_dir_all(tmp.path().join(folder)).unwrap();
        std::fs::write(tmp.path().join(folder).join(name), &text).unwrap();
    }
    tmp
}

/// The definitions `dpmlint check` reads, as `(status, files)`.
fn checked(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<String>) {
    let out = dpmlint(dir)
        .args(["check", "--format", "json", "--select", "DPM603"])
        .args(args)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let mut files: Vec<String> = json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["file"].as_str().map(str::to_owned))
        .collect();
    files.dedup();
    (out.status.code(), files)
}

#[test]
fn by_default_only_the_definition_names_are_definitions() {
    let repo = repository();
    assert_eq!(
        checked(repo.path(), &["."]),
        (Some(1), vec!["archive/b/package.yaml".to_owned()])
    );
}

#[test]
fn a_config_adds_its_own_names_and_leaves_folders_out() {
    let repo = repository();
    std::fs::write(
        repo.path().join("dpmlint.toml"),
        "extend-include = [\"packages/**/*.yaml\"]\nexclude = [\"archive/**\"]\n",
    )
    .unwrap();
    let expected = (Some(1), vec!["packages/a/pkg00001.yaml".to_owned()]);
    assert_eq!(checked(repo.path(), &["."]), expected);
    // The patterns are relative to the config's folder, wherever dpmlint runs.
    let (status, files) = checked(&repo.path().join("packages"), &[".."]);
    assert_eq!(
        (status, files),
        (Some(1), vec!["../packages/a/pkg00001.yaml".to_owned()])
    );
    // `include` replaces the default names.
    std::fs::write(repo.path().join("dpmlint.toml"), "include = [\"pkg*.yaml\"]\n").unwrap();
    let expected = vec!["other/pkg2.yaml".to_owned(), "packages/a/pkg00001.yaml".to_owned()];
    assert_eq!(checked(repo.path(), &["."]), (Some(1), expected));
    // A file named on the command line is a definition whatever the patterns say.
    let named = checked(repo.path(), &["archive/b/package.yaml"]);
    assert_eq!(named, (Some(1), vec!["archive/b/package.yaml".to_owned()]));
}

#[test]
fn the_command_line_adds_patterns_to_every_config() {
    let repo = repository();
    let args = [
        "--extend-include",
        "other/*.yaml",
        "--exclude",
        "archive",
        "--exclude",
        "archive/**",
        ".",
    ];
    assert_eq!(
        checked(repo.path(), &args),
        (Some(1), vec!["other/pkg2.yaml".to_owned()])
    );
    let out = dpmlint(repo.path())
        .args(["check", "--exclude", "a/[b", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--exclude \"a/[b\" is not a glob"), "{stderr}");
}

#[test]
fn a_pattern_that_is_not_a_glob_points_into_the_config() {
    let repo = repository();
    std::fs::write(
        repo.path().join("dpmlint.toml"),
        "# names\nexclude = [\"archive/**\", \"a/[b\"]\n",
    )
    .unwrap();
    let out = dpmlint(repo.path())
        .args(["check", "--lang", "ja", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dpmlint.toml:2:26"), "{stderr}");
    assert!(
        stderr.contains("`exclude` にグロブとして正しくないパターンがあります"),
        "{stderr}"
    );
}
