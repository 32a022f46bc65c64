//! The fixes of DPM101 (ms-number-malformed) and DPM108 (ms-number-on-non-hotfix), run through the
//! command line on copies of their bad fixtures: exact results, nothing else touched, idempotent,
//! and `--diff` previews without writing.

mod common;

use common::dpmlint;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Copy `fixtures/rules/<code>/bad` into a fresh temporary folder; returns it and the original texts.
fn copy_bad(code: &str) -> (tempfile::TempDir, BTreeMap<String, String>) {
    let src = common::root().join("fixtures/rules").join(code).join("bad");
    let tmp = tempfile::tempdir().unwrap();
    let mut texts = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        std::fs::write(tmp.path().join(&name), &text).unwrap();
        texts.insert(name, text);
    }
    (tmp, texts)
}

fn read_all(dir: &Path, names: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    names
        .keys()
        .map(|n| (n.clone(), std::fs::read_to_string(dir.join(n)).unwrap()))
        .collect()
}

/// `original` with exactly one occurrence of `from` replaced by `to`.
fn replaced(original: &str, from: &str, to: &str) -> String {
    assert_eq!(original.matches(from).count(), 1, "{from:?} must occur once");
    original.replacen(from, to, 1)
}

/// The files the rule still reports, from `check --select CODE --format json`.
fn still_reported(dir: &Path, code: &str) -> Vec<String> {
    let out = dpmlint(dir)
        .args(["check", "--select", code, "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut files: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["code"], code);
            d["file"].as_str().unwrap().to_string()
        })
        .collect();
    files.sort();
    files
}

/// Run the whole contract for `code`: `--diff` previews, `--fix` gives `expected`, a second `--fix`
/// changes nothing, and the rule then fires only in `unfixable`.
fn check_fix(code: &str, expected: impl Fn(&str, &str) -> String, unfixable: &[&str]) {
    // --diff: a unified diff on stdout, files untouched.
    let (tmp, originals) = copy_bad(code);
    let out = dpmlint(tmp.path())
        .args(["check", "--diff", "--select", code])
        .output()
        .unwrap();
    let diff = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(read_all(tmp.path(), &originals), originals, "--diff must not write");
    for (name, original) in &originals {
        let want = expected(name, original);
        if want == *original {
            assert!(
                !diff.contains(&format!("--- a/{name}\n")),
                "{name} has nothing to fix:\n{diff}"
            );
            continue;
        }
        assert!(
            diff.contains(&format!("--- a/{name}\n+++ b/{name}\n@@ ")),
            "a unified diff for {name}:\n{diff}"
        );
        let removed = original.lines().filter(|l| !want.lines().any(|w| w == *l));
        for line in removed {
            assert!(diff.contains(&format!("\n-{line}\n")), "diff removes {line:?}:\n{diff}");
        }
        let added = want.lines().filter(|l| !original.lines().any(|o| o == *l));
        for line in added {
            assert!(diff.contains(&format!("\n+{line}\n")), "diff adds {line:?}:\n{diff}");
        }
    }

    // --fix: the exact expected texts (everything else byte-identical, comments included).
    let out = dpmlint(tmp.path())
        .args(["check", "--fix", "--select", code])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let fixed = read_all(tmp.path(), &originals);
    for (name, original) in &originals {
        assert_eq!(fixed[name], expected(name, original), "{name} after --fix:\n{stdout}");
    }
    let mut want_left: Vec<String> = unfixable.iter().map(|s| s.to_string()).collect();
    want_left.sort();
    assert_eq!(still_reported(tmp.path(), code), want_left);

    // A second --fix changes nothing.
    let out = dpmlint(tmp.path())
        .args(["check", "--fix", "--select", code])
        .output()
        .unwrap();
    assert_eq!(
        read_all(tmp.path(), &originals),
        fixed,
        "a second --fix must change nothing"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Fixed"));
}

#[test]
fn dpm101_normalises_ms_numbers() {
    check_fix(
        "DPM101",
        |name, text| match name {
            "package.yaml" => replaced(
                text,
                "ms_number: ms08-67  # typed from memory\n",
                "ms_number: MS08-067  # typed from memory\n",
            ),
            "dash.dpm.yaml" => replaced(text, "ms_number: MS-08-067\n", "ms_number: MS08-067\n"),
            "quoted.dpm.yaml" => replaced(text, "ms_number: ' MS08-067 '\n", "ms_number: MS08-067\n"),
            "fullwidth.dpm.yaml" => replaced(text, "ms_number: ＭＳ０９－００１\n", "ms_number: MS09-001\n"),
            "no-hyphen.dpm.yaml" => replaced(text, "ms_number: MS0867\n", "ms_number: MS08-067\n"),
            // A one-digit year and a KB number: nothing to normalise without guessing.
            "one-digit-year.dpm.yaml" | "kb-number.dpm.yaml" => text.to_string(),
            other => panic!("unexpected fixture {other}"),
        },
        &["kb-number.dpm.yaml", "one-digit-year.dpm.yaml"],
    );
}

#[test]
fn dpm108_removes_the_ms_number_entry() {
    check_fix(
        "DPM108",
        |name, text| match name {
            "package.yaml" => replaced(text, "ms_number: MS08-067   # left over from the template\n", ""),
            "app.dpm.yaml" => replaced(text, "ms_number: MS09-001\n", ""),
            // The KB is the bulletin's: most likely a hotfix with the wrong type, no fix.
            "wrong-type.dpm.yaml" => text.to_string(),
            other => panic!("unexpected fixture {other}"),
        },
        &["wrong-type.dpm.yaml"],
    );
}

#[test]
fn fixed_fixtures_keep_their_comments() {
    let (tmp, originals) = copy_bad("DPM108");
    dpmlint(tmp.path())
        .args(["check", "--fix", "--select", "DPM108"])
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(tmp.path().join("package.yaml")).unwrap();
    assert!(fixed.starts_with("# Windows Server 2003 SP2 for x86, Japanese, made from a copy"));
    assert!(fixed.contains("  major: 2  # SP2\n"));
    assert_eq!(fixed.lines().count() + 1, originals["package.yaml"].lines().count());
}
