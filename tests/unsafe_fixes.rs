//! Unsafe fixes, end to end through the command line on copies of the rules' bad fixtures:
//! `--fix` alone leaves the value as it is; `--diff --unsafe-fixes` previews the change and writes
//! nothing; `--fix --unsafe-fixes` writes exactly the expected text; a second run changes nothing;
//! and the rule then reports only the findings that had no fix.

mod common;

use common::dpmlint;

use serde_json::Value;
use std::path::Path;

use common::{copy_dir, files};

/// `dpmlint check --select CODE [--config bad/dpmlint.toml] ARGS… bad` in `dir`.
fn check(dir: &Path, code: &str, args: &[&str]) -> std::process::Output {
    let mut c = dpmlint(dir);
    c.args(["check", "--select", code]);
    if dir.join("bad/dpmlint.toml").is_file() {
        c.args(["--config", "bad/dpmlint.toml"]);
    }
    c.args(args).arg("bad").output().unwrap()
}

/// The rule's findings on `bad/`, as JSON.
fn findings(dir: &Path, code: &str) -> Vec<Value> {
    let out = check(dir, code, &["--format", "json"]);
    common::json(&out)["diagnostics"].as_array().unwrap().clone()
}

/// The contract of an unsafe fix, on a copy of `fixtures/rules/<code>/bad`: `fixed` lists, for each
/// finding with a fix, the file (under `bad/`) and the text that the fix replaces, exactly once in
/// that file, with what replaces it.
fn check_unsafe_fix(code: &str, fixed: &[(&str, &str, &str)]) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_dir(
        &common::root().join("fixtures/rules").join(code).join("bad"),
        &dir.join("bad"),
    );
    let before = files(dir);
    let mut expected = before.clone();
    for (file, from, to) in fixed {
        let name = format!("bad/{file}");
        let text = String::from_utf8(expected[&name].clone()).unwrap();
        assert_eq!(
            text.matches(from).count(),
            1,
            "{code}: {from:?} must occur once in {name}"
        );
        expected.insert(name, text.replacen(from, to, 1).into_bytes());
    }

    // Every fix the rule offers is unsafe, and there is one per expected change.
    let found = findings(dir, code);
    let with_fix: Vec<&Value> = found.iter().filter(|d| d.get("fix").is_some()).collect();
    assert_eq!(
        with_fix.len(),
        fixed.len(),
        "{code}: findings with a fix: {with_fix:#?}"
    );
    for d in &with_fix {
        assert_eq!(d["fix"]["applicability"], "unsafe", "{code}: {d:#}");
    }
    let unfixable: Vec<(Value, Value)> = found
        .iter()
        .filter(|d| d.get("fix").is_none())
        .map(|d| (d["file"].clone(), d["message"].clone()))
        .collect();

    // --fix alone applies no unsafe fix.
    let out = check(dir, code, &["--fix", "--format", "json"]);
    assert_eq!(common::json(&out)["summary"]["fixed"], 0, "{code}");
    assert_eq!(
        files(dir),
        before,
        "{code}: --fix without --unsafe-fixes changes nothing"
    );
    let out = check(dir, code, &["--diff"]);
    assert!(
        out.stdout.is_empty(),
        "{code}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(out.status.code(), Some(0), "{code}: --diff without a diff exits 0");

    // --diff --unsafe-fixes shows exactly the change, and writes nothing.
    let out = check(dir, code, &["--diff", "--unsafe-fixes"]);
    assert_eq!(out.status.code(), Some(1), "{code}: --diff with changes exits 1");
    let mut want_diff = String::new();
    for (name, text) in &expected {
        if before[name] != *text {
            want_diff.push_str(&dpmlint::fix::unified_diff(
                name,
                &String::from_utf8_lossy(&before[name]),
                &String::from_utf8_lossy(text),
            ));
        }
    }
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        want_diff,
        "{code}: --diff --unsafe-fixes"
    );
    assert_eq!(files(dir), before, "{code}: --diff changes nothing");

    // --fix --unsafe-fixes writes exactly the expected text.
    let out = check(dir, code, &["--fix", "--unsafe-fixes", "--format", "json"]);
    assert_eq!(common::json(&out)["summary"]["fixed"], fixed.len(), "{code}");
    let after = files(dir);
    for (name, text) in &expected {
        assert_eq!(
            String::from_utf8_lossy(&after[name]),
            String::from_utf8_lossy(text),
            "{code}: {name} after --fix --unsafe-fixes"
        );
    }
    assert_eq!(after, expected, "{code}: nothing else written");

    // Idempotent: a second run finds nothing to fix.
    let out = check(dir, code, &["--fix", "--unsafe-fixes", "--format", "json"]);
    assert_eq!(common::json(&out)["summary"]["fixed"], 0, "{code}: nothing left to fix");
    assert_eq!(files(dir), expected, "{code}: --fix --unsafe-fixes is idempotent");

    // The fixed findings are gone; the others are as they were.
    let left: Vec<(Value, Value)> = findings(dir, code)
        .iter()
        .map(|d| (d["file"].clone(), d["message"].clone()))
        .collect();
    assert_eq!(left, unfixable, "{code}: only the findings without a fix are left");
}

#[test]
fn dpm406_pins_the_one_version_of_the_packages_own_copies() {
    check_unsafe_fix(
        "DPM406",
        &[(
            "payload-typo/package.yaml",
            "version: 5.2.3790.4329",
            "version: 5.2.3790.4392",
        )],
    );
}

#[test]
fn dpm201_writes_the_one_edition_a_typo_is_near() {
    check_unsafe_fix(
        "DPM201",
        &[
            (
                "hotfix.dpm.yaml",
                "  - Windows Server 2003 Standart Edition\n",
                "  - Windows Server 2003 Standard Edition\n",
            ),
            (
                "sp.dpm.yaml",
                "os: Windows Server 2008 Enterprise Editon (x64)\n",
                "os: Windows Server 2008 Enterprise x64 Edition\n",
            ),
            (
                "w2k.dpm.yaml",
                "os: [Windows 2000 Advanced Sever, Windows 2000 Server SP4]",
                "os: [Windows 2000 Advanced Server, Windows 2000 Server SP4]",
            ),
        ],
    );
}

#[test]
fn dpm102_writes_the_one_bulletin_the_kb_or_a_digit_swap_points_to() {
    check_unsafe_fix(
        "DPM102",
        &[
            ("gap.dpm.yaml", "ms_number: MS16-043\n", "ms_number: MS16-047\n"),
            ("package.yaml", "ms_number: MS08-607\n", "ms_number: MS08-067\n"),
            ("past-end.dpm.yaml", "ms_number: MS08-079\n", "ms_number: MS08-078\n"),
            ("renamed.dpm.yaml", "ms_number: MS80-067\n", "ms_number: MS08-067\n"),
        ],
    );
}

#[test]
fn dpm103_writes_the_bulletins_one_kb_for_the_target_os() {
    check_unsafe_fix(
        "DPM103",
        &[
            ("digits.dpm.yaml", "kb: '958678'\n", "kb: '958687'\n"),
            ("kb-typo.dpm.yaml", "kb: KB958664\n", "kb: KB958644\n"),
        ],
    );
}

#[test]
fn the_reports_say_a_fix_needs_unsafe_fixes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_dir(&common::root().join("fixtures/rules/DPM201/bad"), &dir.join("bad"));
    let text = |out: std::process::Output| String::from_utf8(out.stdout).unwrap();

    let en = text(check(dir, "DPM201", &["--lang", "en"]));
    assert!(en.contains("[fixable with --fix --unsafe-fixes]"), "{en}");
    assert!(
        en.contains(
            "[-] 3 fixable with `dpmlint check --fix --unsafe-fixes` (unsafe fixes change what the definition says: review them).\n"
        ),
        "{en}"
    );
    let ja = text(check(dir, "DPM201", &["--lang", "ja"]));
    assert!(ja.contains("[--fix --unsafe-fixes で修正できます]"), "{ja}");
    assert!(
        ja.contains("[-] 3 件は `dpmlint check --fix --unsafe-fixes` で修正できます (安全でない修正は定義の内容を変えます。確認してください)。\n"),
        "{ja}"
    );
    let stats = text(check(dir, "DPM201", &["--statistics", "--quiet"]));
    assert!(stats.contains("    7  DPM201  [-] os-unknown\n"), "{stats}");

    // SARIF: each fix says it is unsafe.
    let sarif = common::json(&check(dir, "DPM201", &["--format", "sarif"]));
    let fixes: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["fixes"].get(0))
        .collect();
    assert_eq!(fixes.len(), 3);
    for f in fixes {
        assert_eq!(f["properties"]["applicability"], "unsafe", "{f:#}");
    }
}
