//! `--baseline` and `--write-baseline`: recorded diagnostics are not reported, edits elsewhere in
//! the file keep them recorded, and entries that match nothing any more are reported (DPM008).

mod common;

use common::{dpmlint, json};

use serde_json::Value;
use std::path::Path;

fn codes(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// A copy of DPM002's bad fixture (four unknown keys) in a temporary folder, as `p/package.yaml`.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let src = common::root().join("fixtures/rules/DPM002/bad/package.yaml");
    std::fs::create_dir(tmp.path().join("p")).unwrap();
    std::fs::copy(src, tmp.path().join("p/package.yaml")).unwrap();
    // Only the unknown keys matter here (the misspelt `versoin` also leaves an upgrade without
    // version, and the copied definition comes without its installer).
    std::fs::write(
        tmp.path().join("dpmlint.toml"),
        "[rules]\nDPM405 = \"off\"\nDPM501 = \"off\"\n",
    )
    .unwrap();
    tmp
}

fn edit(dir: &Path, f: impl FnOnce(&str) -> String) {
    let p = dir.join("p/package.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, f(&text)).unwrap();
}

/// `check --write-baseline baseline.json` in `dir`, which must succeed.
fn write_baseline(dir: &Path) {
    dpmlint(dir)
        .args(["check", "--write-baseline", "baseline.json"])
        .assert()
        .success();
}

fn check_with_baseline(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--format", "json", "--baseline", "baseline.json"];
    args.extend_from_slice(extra);
    dpmlint(dir).args(&args).output().unwrap()
}

#[test]
fn write_then_suppress_then_survive_edits_then_report_stale_entries() {
    let tmp = project();
    let dir = tmp.path();

    // Without a baseline: four errors.
    let out = dpmlint(dir).args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(codes(&json(&out)), ["DPM002"; 4]);

    // Write the baseline: exit 0, nothing on standard output, a note on standard error.
    let out = dpmlint(dir)
        .args(["check", "--write-baseline", "baseline.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("4 diagnostic(s) recorded"));
    let written = std::fs::read_to_string(dir.join("baseline.json")).unwrap();
    insta::assert_snapshot!("baseline_file", written);

    // With it: nothing reported, exit 0.
    let out = check_with_baseline(dir, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(codes(&json(&out)).is_empty());
    assert!(out.stderr.is_empty());

    // Edits elsewhere (a comment line at the top, a value changed, CRLF line endings) keep every
    // entry matching: entries hold no line numbers.
    edit(dir, |t| {
        format!(
            "# reviewed 2024-05\n{}",
            t.replace("/quiet /norestart", "/quiet /norestart /log")
        )
        .replace('\n', "\r\n")
    });
    let out = check_with_baseline(dir, &["--fail-on", "info"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(codes(&json(&out)).is_empty());

    // A new problem is reported; the recorded ones stay silent.
    edit(dir, |t| t.replace("type: hotfix", "type: hotfix\r\ncolour: red"));
    let out = check_with_baseline(dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(codes(&v), ["DPM002"]);
    assert!(v["diagnostics"][0]["message"].as_str().unwrap().contains("colour"));
    edit(dir, |t| t.replace("colour: red\r\n", ""));

    // Fix one recorded problem: its entry is stale, reported as DPM008 at the start of the file (the
    // node is gone), a warning, with a line on standard error.
    edit(dir, |t| t.replace("versoin:", "version:"));
    let out = check_with_baseline(dir, &[]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(codes(&v), ["DPM008"]);
    let d = &v["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "p/package.yaml");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(1), Some(1)));
    assert_eq!(
        d["message"],
        "the baseline entry for DPM002 at `identification[0].versoin` matches nothing any more"
    );
    assert!(d["help"].as_str().unwrap().contains("--write-baseline baseline.json"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("baseline.json: 1 stale baseline entry(ies)"), "{err}");
    // Stale entries fail the run when warnings do.
    assert_eq!(
        check_with_baseline(dir, &["--fail-on", "warning"]).status.code(),
        Some(1)
    );

    // Rewriting the baseline shrinks it.
    let out = dpmlint(dir)
        .args(["check", "--write-baseline", "baseline.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("baseline.json")).unwrap()).unwrap();
    assert_eq!(v["entries"].as_array().unwrap().len(), 3);
    let out = check_with_baseline(dir, &["--fail-on", "info"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(codes(&json(&out)).is_empty());
}

#[test]
fn a_changed_value_is_a_new_problem_and_its_old_entry_is_stale() {
    let tmp = project();
    let dir = tmp.path();
    write_baseline(dir);
    // `versoin` becomes `versio`: a different offending text at the same place.
    edit(dir, |t| t.replace("versoin:", "versio:"));
    let out = check_with_baseline(dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(codes(&v), ["DPM008", "DPM002"]);
    assert!(v["diagnostics"][1]["message"].as_str().unwrap().contains("versio"));
}

#[test]
fn entries_are_judged_only_for_rules_that_ran_and_files_that_were_checked() {
    let tmp = project();
    let dir = tmp.path();
    write_baseline(dir);
    edit(dir, |t| t.replace("versoin:", "version:"));
    // DPM002 does not run: its entries prove nothing.
    let out = check_with_baseline(dir, &["--select", "DPM005,DPM008", "--fail-on", "info"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(codes(&json(&out)).is_empty());
    // DPM008 off: nothing either.
    let out = check_with_baseline(dir, &["--ignore", "DPM008", "--fail-on", "info"]);
    assert!(codes(&json(&out)).is_empty());
    // Another file checked alone: p/package.yaml's entries are not judged.
    std::fs::create_dir(dir.join("q")).unwrap();
    std::fs::copy(
        common::root().join("fixtures/rules/DPM002/good/package.yaml"),
        dir.join("q/package.yaml"),
    )
    .unwrap();
    let out = check_with_baseline(dir, &["--fail-on", "info", "q"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(codes(&json(&out)).is_empty());
}

#[test]
fn identical_diagnostics_are_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("p")).unwrap();
    let text = std::fs::read_to_string(common::root().join("fixtures/rules/DPM002/good/package.yaml")).unwrap();
    std::fs::write(dir.join("p/package.yaml"), format!("{text}kb: KB1\nkb: KB1\n")).unwrap();
    std::fs::write(dir.join("dpmlint.toml"), "[rules]\nDPM501 = \"off\"\n").unwrap();
    let out = dpmlint(dir).args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(codes(&json(&out)), ["DPM005", "DPM005"]);
    write_baseline(dir);
    let out = check_with_baseline(dir, &[]);
    assert!(codes(&json(&out)).is_empty());
    // One of the two goes: one entry is stale (a duplicate key is not in the tree, so its node is
    // the top level and the report is at the start of the file).
    std::fs::write(dir.join("p/package.yaml"), format!("{text}kb: KB1\n")).unwrap();
    let out = check_with_baseline(dir, &[]);
    let v = json(&out);
    assert_eq!(codes(&v), ["DPM008"]);
    assert_eq!(v["diagnostics"][0]["line"], 1);
}

#[test]
fn bad_baselines_are_status_2() {
    let tmp = project();
    let dir = tmp.path();
    let out = check_with_baseline(dir, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the baseline baseline.json"));

    std::fs::write(dir.join("baseline.json"), "{\"version\": 9, \"entries\": []}").unwrap();
    let out = check_with_baseline(dir, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("version 9 is not supported"));

    std::fs::write(dir.join("baseline.json"), "not json").unwrap();
    assert_eq!(check_with_baseline(dir, &[]).status.code(), Some(2));

    let out = dpmlint(dir)
        .args(["check", "--baseline", "a.json", "--write-baseline", "b.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_baseline_file_is_the_same_whatever_the_order_or_run() {
    let tmp = project();
    let dir = tmp.path();
    dpmlint(dir)
        .args(["check", "--write-baseline", "a.json"])
        .assert()
        .success();
    dpmlint(dir)
        .args(["check", "--write-baseline", "b.json", "./p/package.yaml"])
        .assert()
        .success();
    let a = std::fs::read(dir.join("a.json")).unwrap();
    assert_eq!(a, std::fs::read(dir.join("b.json")).unwrap());
    assert!(a.ends_with(b"}\n"));
}

#[test]
fn japanese_stale_entry() {
    let tmp = project();
    let dir = tmp.path();
    write_baseline(dir);
    edit(dir, |t| t.replace("ms_numer:", "ms_number:"));
    let out = check_with_baseline(dir, &["--lang", "ja"]);
    let v = json(&out);
    assert_eq!(codes(&v), ["DPM008"]);
    assert_eq!(
        v["diagnostics"][0]["message"],
        "`ms_numer` の DPM002 についてのベースラインのエントリが、どの指摘にも一致しなくなりました"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("一致しなくなりました"));
}
