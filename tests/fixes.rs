//! Fixes, end to end: for every fixable rule, `dpmlint check --fix` on a copy of its bad fixture
//! gives the exact text in the snapshot `fixes__<CODE>_fixed.snap`, leaves only the findings that
//! have no fix, keeps every comment, and is idempotent; `--diff` shows the same change as a
//! unified diff and writes nothing.

mod common;

use common::dpmlint;

use serde_json::Value;
use std::path::Path;

use common::{copy_dir, files};

/// The diagnostics of `code` on `bad/` as JSON.
fn diagnostics(dir: &Path, code: &str) -> Vec<Value> {
    let out = dpmlint(dir)
        .args(["check", "--format", "json", "--select", code, "bad"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["diagnostics"].as_array().unwrap().clone()
}

fn check_fix(code: &str) {
    let fixture = common::root().join("fixtures/rules").join(code).join("bad");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_dir(&fixture, &dir.join("bad"));
    let before = files(dir);

    let found = diagnostics(dir, code);
    let fixable = found.iter().filter(|d| d.get("fix").is_some()).count();
    let unfixable: Vec<&Value> = found.iter().filter(|d| d.get("fix").is_none()).collect();
    assert!(fixable > 0, "{code}: the bad fixture needs findings with a fix");

    // --diff: a unified diff on standard output, nothing written.
    let diff = dpmlint(dir)
        .args(["check", "--diff", "--select", code, "bad"])
        .output()
        .unwrap();
    let shown = String::from_utf8(diff.stdout).unwrap();
    assert_eq!(diff.status.code(), Some(1), "{code}: --diff with changes exits 1");
    assert!(
        shown.contains("--- a/bad/") && shown.contains("+++ b/bad/") && shown.contains("\n@@ -"),
        "{code}: --diff prints a unified diff:\n{shown}"
    );
    assert_eq!(files(dir), before, "{code}: --diff changes nothing");

    // --fix: the exact text of every file it changed.
    let out = dpmlint(dir)
        .args(["check", "--fix", "--format", "json", "--select", code, "bad"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["summary"]["fixed"].as_u64(),
        Some(fixable as u64),
        "{code}: every fix applied"
    );
    let after = files(dir);
    let mut changed = String::new();
    for (name, text) in &after {
        if before.get(name) != Some(text) {
            changed.push_str(&format!("=== {name}\n{}", String::from_utf8_lossy(text)));
        }
    }
    insta::assert_snapshot!(format!("{code}_fixed"), changed);

    // The --diff output shows exactly this change.
    let mut expected_diff = String::new();
    for (name, text) in &after {
        let old = &before[name];
        if old != text {
            expected_diff.push_str(&dpmlint::fix::unified_diff(
                name,
                &String::from_utf8_lossy(old),
                &String::from_utf8_lossy(text),
            ));
        }
    }
    assert_eq!(shown, expected_diff, "{code}: --diff shows what --fix does");

    // Comments survive: every comment line is still there, in the same order.
    for (name, old) in &before {
        let old = String::from_utf8_lossy(old);
        let new = String::from_utf8_lossy(&after[name]);
        let comments = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(comments(&new), comments(&old), "{code}: comments of {name} are kept");
    }

    // Only the findings without a fix are left.
    let left = diagnostics(dir, code);
    assert!(
        left.iter().all(|d| d.get("fix").is_none()),
        "{code}: fixable findings left: {left:?}"
    );
    let key = |d: &Value| (d["file"].clone(), d["message"].clone());
    assert_eq!(
        left.iter().map(key).collect::<Vec<_>>(),
        unfixable.iter().map(|d| key(d)).collect::<Vec<_>>(),
        "{code}: the findings without a fix stay as they were"
    );

    // A second --fix changes nothing.
    let again = dpmlint(dir)
        .args(["check", "--fix", "--format", "json", "--select", code, "bad"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        report["summary"]["fixed"].as_u64(),
        Some(0),
        "{code}: nothing left to fix"
    );
    assert_eq!(files(dir), after, "{code}: --fix is idempotent");
}

#[test]
fn dpm304_removes_identification_from_a_service_pack() {
    check_fix("DPM304");
}

#[test]
fn dpm305_removes_service_pack_from_a_hotfix() {
    check_fix("DPM305");
}

#[test]
fn dpm306_sets_reboot_and_exclusive() {
    check_fix("DPM306");
}

#[test]
fn dpm401_removes_the_version_of_an_unversioned_file() {
    check_fix("DPM401");
}

#[test]
fn dpm404_removes_the_version_of_a_deleted_file() {
    check_fix("DPM404");
}

/// `--fix` on one definition written in `text`, selecting `code`: the fixed text, after checking
/// that a second run changes nothing and that the result is clean of `code`.
fn fix_one(code: &str, text: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("p")).unwrap();
    std::fs::write(dir.join("p/package.yaml"), text).unwrap();
    let run = || {
        let out = dpmlint(dir)
            .args(["check", "--fix", "--format", "json", "--select", code, "p"])
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let first = run();
    assert!(first["summary"]["fixed"].as_u64().unwrap() > 0, "{code}: {first}");
    assert_eq!(
        first["diagnostics"].as_array().unwrap().len(),
        0,
        "{code}: clean after the fix: {first}"
    );
    let fixed = std::fs::read_to_string(dir.join("p/package.yaml")).unwrap();
    let again = run();
    assert_eq!(
        again["summary"]["fixed"].as_u64(),
        Some(0),
        "{code}: nothing left to fix"
    );
    assert_eq!(std::fs::read_to_string(dir.join("p/package.yaml")).unwrap(), fixed);
    fixed
}

const FLOW_HEAD: &str = "format: 1\nid: W2K3_SP2_x86_JPN\ntype: service-pack\nos: Windows Server 2003 Standard Edition\nlanguage: ja\nservice_pack: {major: 2, minor: 0}\n";

#[test]
fn dpm306_sets_reboot_and_exclusive_in_a_flow_mapping() {
    let text = format!("{FLOW_HEAD}execute: {{file: x.exe, args: /quiet, reboot: false}}\n");
    assert_eq!(
        fix_one("DPM306", &text),
        format!("{FLOW_HEAD}execute: {{file: x.exe, args: /quiet, reboot: true, exclusive: true}}\n")
    );
    // Both missing, over several lines, with a trailing comma.
    let text = format!("{FLOW_HEAD}execute: {{\n  file: x.exe,\n  args: /quiet,\n}}\n");
    assert_eq!(
        fix_one("DPM306", &text),
        format!("{FLOW_HEAD}execute: {{\n  file: x.exe,\n  args: /quiet, reboot: true, exclusive: true\n}}\n")
    );
}

#[test]
fn dpm404_removes_the_version_of_a_deleted_file_in_a_flow_mapping() {
    let head = "format: 1\nid: ACME_DRV\ntype: application\nos: Windows Server 2003 Standard Edition\nlanguage: ja\nexecute: {file: drvsetup.exe, args: /quiet, reboot: true}\n";
    let text = format!(
        "{head}identification: [{{path: '%SystemRoot%\\system32\\drivers\\old.sys', version: 1.0, change: delete}}]\n"
    );
    assert_eq!(
        fix_one("DPM404", &text),
        format!("{head}identification: [{{path: '%SystemRoot%\\system32\\drivers\\old.sys', change: delete}}]\n")
    );
    // `version` first, and last, in a block list of flow entries.
    let text = format!(
        "{head}identification:\n  - {{version: 1.0, path: 'C:\\a.sys', change: delete}}\n  - {{path: 'C:\\b.sys', change: delete, version: 2.0}}\n"
    );
    assert_eq!(
        fix_one("DPM404", &text),
        format!(
            "{head}identification:\n  - {{path: 'C:\\a.sys', change: delete}}\n  - {{path: 'C:\\b.sys', change: delete}}\n"
        )
    );
}

/// Every rule that offers a fix has a test of it here, in `tests/fixes_ms.rs` or, for an unsafe
/// fix, in `tests/unsafe_fixes.rs` (a `#[test]` function named after its code).
#[test]
fn every_fixable_rule_has_a_fix_test() {
    let sources = [
        include_str!("fixes.rs"),
        include_str!("fixes_ms.rs"),
        include_str!("unsafe_fixes.rs"),
    ]
    .concat();
    for rule in dpmlint::rules::RULES {
        let m = rule.meta();
        if m.fix == dpmlint::rules::FixKind::None {
            continue;
        }
        let name = format!("fn {}_", m.code.to_ascii_lowercase());
        assert!(
            sources.contains(&name),
            "{} offers a fix but has no `{name}…` test",
            m.code
        );
    }
}

/// A fixable definition (DPM404) in a fresh folder; returns the folder and the definition's path.
fn fixable() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&common::root().join("fixtures/rules/DPM404/bad/driver"), tmp.path());
    let def = tmp.path().join("package.yaml");
    assert!(def.is_file());
    (tmp, def)
}

#[test]
fn a_read_only_file_is_left_untouched_and_the_reason_said() {
    let (tmp, def) = fixable();
    let before = std::fs::read(&def).unwrap();
    let mut perms = std::fs::metadata(&def).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&def, perms).unwrap();
    let out = dpmlint(tmp.path())
        .args(["check", "--fix", "--select", "DPM404"])
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&def).unwrap(), before);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("read-only") && err.contains("file left unchanged"),
        "{err}"
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "the warning is still reported, the fix is not applied"
    );
}

// Symbolic links need a privilege (or developer mode) to be made on Windows; the hard-link half of
// this test runs everywhere (below).
#[cfg(unix)]
#[test]
fn a_linked_definition_is_fixed_through_the_link() {
    let (tmp, def) = fixable();
    let versions = |p: &Path| std::fs::read_to_string(p).unwrap().matches("version:").count();
    let before = versions(&def);
    let real = tmp.path().join("real-definition.yaml");
    std::fs::rename(&def, &real).unwrap();
    std::os::unix::fs::symlink("real-definition.yaml", &def).unwrap();
    dpmlint(tmp.path())
        .args(["check", "--fix", "--select", "DPM404"])
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&def).unwrap().file_type().is_symlink(),
        "the link stays a link"
    );
    assert!(versions(&real) < before, "the file it points to is fixed");
}

#[test]
fn a_hard_linked_definition_is_refused_on_every_system() {
    let (tmp, def) = fixable();
    std::fs::hard_link(&def, tmp.path().join("other-name.yaml")).unwrap();
    let before = std::fs::read(&def).unwrap();
    let out = dpmlint(tmp.path())
        .args(["check", "--fix", "--select", "DPM404"])
        .output()
        .unwrap();
    assert_eq!(std::fs::read(&def).unwrap(), before);
    assert!(String::from_utf8_lossy(&out.stderr).contains("hard links"));
}

#[test]
fn one_fix_run_reaches_the_fixed_point_however_many_rounds_it_takes() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&common::root().join("fixtures/rules/DPM305/bad"), tmp.path());
    // Fifteen duplicate `service_pack` keys: each round's fix uncovers the next one.
    let def = tmp.path().join("app.dpm.yaml");
    let mut text = std::fs::read_to_string(&def).unwrap();
    for major in 1..15 {
        text.push_str(&format!("service_pack: {{ major: {major}, minor: 0 }}\n"));
    }
    std::fs::write(&def, &text).unwrap();
    dpmlint(tmp.path())
        .args(["check", "--fix", "--select", "DPM305", "app.dpm.yaml"])
        .assert()
        .success();
    let once = std::fs::read_to_string(&def).unwrap();
    assert!(!once.contains("service_pack"), "{once}");
    let out = dpmlint(tmp.path())
        .args(["check", "--fix", "--select", "DPM305", "app.dpm.yaml"])
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(&def).unwrap(),
        once,
        "a second run changes nothing"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Fixed"));
}

// Two runs fix different findings of the same 150 files at once. On Windows a replace leaves the
// name without a file for an instant: neither a read nor a write may take that for "no file".
#[test]
fn concurrent_fix_runs_never_undo_each_others_fixes() {
    let base = std::fs::read_to_string(common::root().join("fixtures/rules/DPM404/bad/driver/package.yaml")).unwrap();
    // An application with an MS number (DPM108's fix removes it) and versions on deletions
    // (DPM404's fix removes them): two runs fix different lines of the same files at once.
    let text = base.replace("language: ja\n", "language: ja\nms_number: MS08-067\n");
    let fix = |dir: &Path, code: &str| {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("dpmlint"));
        c.current_dir(dir)
            .env("NO_COLOR", "1")
            .args(["check", "--lang", "en", "--fix", "--select", code])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        c.spawn().unwrap()
    };
    // What each run makes of the file alone, and of the other's result.
    let alone = |codes: &[&str]| {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("p.dpm.yaml"), &text).unwrap();
        for code in codes {
            fix(tmp.path(), code).wait().unwrap();
        }
        std::fs::read_to_string(tmp.path().join("p.dpm.yaml")).unwrap()
    };
    let (only_a, only_b) = (alone(&["DPM404"]), alone(&["DPM108"]));
    let (a_then_b, b_then_a) = (alone(&["DPM404", "DPM108"]), alone(&["DPM108", "DPM404"]));
    assert!(only_a != text && only_b != text && only_a != only_b);

    let tmp = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..150).map(|i| format!("p{i:03}.dpm.yaml")).collect();
    for n in &names {
        std::fs::write(tmp.path().join(n), &text).unwrap();
    }
    let (a, b) = (fix(tmp.path(), "DPM404"), fix(tmp.path(), "DPM108"));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let (a_err, b_err) = (String::from_utf8_lossy(&a.stderr), String::from_utf8_lossy(&b.stderr));
    for n in &names {
        let now = std::fs::read_to_string(tmp.path().join(n)).unwrap();
        let refused = |err: &str| {
            err.lines()
                .any(|l| l.contains(n.as_str()) && l.contains("changed while"))
        };
        // Each run's fix is in the file unless that run said it left the file alone.
        let allowed: Vec<&String> = match (refused(&a_err), refused(&b_err)) {
            (false, false) => vec![&a_then_b, &b_then_a],
            (true, false) => vec![&only_b],
            (false, true) => vec![&only_a],
            (true, true) => vec![&text],
        };
        assert!(allowed.contains(&&now), "{n}:\n{now}\nA: {a_err}\nB: {b_err}");
    }
}

#[test]
fn a_killed_runs_temporary_files_are_removed_by_the_next_fix_and_fresh_ones_kept() {
    let (tmp, _def) = fixable();
    let dir = tmp.path();
    let old = dir.join(".dpmlint-fix-AbC123");
    let fresh = dir.join(".dpmlint-fix-XyZ789");
    std::fs::write(&old, "half a definition").unwrap();
    std::fs::write(&fresh, "another run's, being written").unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    // Never taken for a definition.
    let out = dpmlint(dir).args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(common::json(&out)["files_checked"], 1);
    dpmlint(dir)
        .args(["check", "--fix", "--select", "DPM404"])
        .assert()
        .success();
    assert!(!old.exists(), "a killed run's temporary file is removed");
    assert!(fresh.exists(), "a running fix's temporary file is left alone");
}
