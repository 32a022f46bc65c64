//! What a user sees that depends on the system: how paths are shown and compared, the language
//! chosen by default, the report's frames, the program's name in its usage line. Each test runs
//! on every system; where Windows and Linux rightly differ (Windows ignores the case of names)
//! the expectation says so.

mod common;

use common::{dpmlint, json};
use std::path::Path;

const CASE_INSENSITIVE: bool = cfg!(windows);

/// A folder holding `Pkg/package.yaml`: a clean application definition.
fn repository() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let pkg = tmp.path().join("Pkg");
    std::fs::create_dir(&pkg).unwrap();
    std::fs::write(
        pkg.join("package.yaml"),
        "format: 1\nid: ACME_AGENT_2_1\ntype: application\nos: [Windows Server 2003 Standard Edition]\n\
         language: ja\nexecute:\n  file: setup.exe\n  args: /S\n",
    )
    .unwrap();
    std::fs::copy(common::root().join("fixtures/pe/agent.exe"), pkg.join("setup.exe")).unwrap();
    tmp
}

/// A definition with one finding on line 4 (DPM002, `bogus`), and some from the model.
const WITH_A_FINDING: &str = "format: 1\nid: X\ntype: hotfix\nbogus: 1\n";

/// [`repository`] with `Pkg/package.yaml` holding [`WITH_A_FINDING`].
fn repository_with_a_finding() -> tempfile::TempDir {
    let tmp = repository();
    std::fs::write(tmp.path().join("Pkg/package.yaml"), WITH_A_FINDING).unwrap();
    tmp
}

fn files_of(report: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    names.dedup();
    names
}

#[test]
fn one_definition_typed_in_two_cases_is_linted_once_where_the_system_ignores_case() {
    let tmp = repository();
    let out = dpmlint(tmp.path())
        .args(["check", "--format", "json", "--select", "DPM0,DPM6"])
        .args(["Pkg/package.yaml", "pkg/PACKAGE.yaml", "PKG"])
        .output()
        .unwrap();
    if CASE_INSENSITIVE {
        let report = json(&out);
        assert_eq!(report["files_checked"], 1, "{report}");
        assert_eq!(out.status.code(), Some(0), "no DPM601 against itself: {report}");
    } else {
        // On Linux `pkg/PACKAGE.yaml` is another name, and no such file.
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("pkg/PACKAGE.yaml"));
    }
}

#[test]
fn names_shown_and_baseline_keys_are_spelled_as_on_disk() {
    let tmp = repository_with_a_finding();
    let typed = if CASE_INSENSITIVE { "pKG" } else { "Pkg" };
    let out = dpmlint(tmp.path())
        .args(["check", "--format", "json", typed])
        .output()
        .unwrap();
    assert_eq!(files_of(&json(&out)), ["Pkg/package.yaml"]);
    let typed_file = if CASE_INSENSITIVE {
        "PKG/Package.YAML"
    } else {
        "Pkg/package.yaml"
    };
    for (i, typed) in [typed, typed_file].iter().enumerate() {
        dpmlint(tmp.path())
            .args(["check", "--write-baseline", &format!("b{i}.json"), typed])
            .assert()
            .success();
    }
    let b0 = std::fs::read_to_string(tmp.path().join("b0.json")).unwrap();
    let b1 = std::fs::read_to_string(tmp.path().join("b1.json")).unwrap();
    assert!(b0.contains("\"Pkg/package.yaml\""), "{b0}");
    assert_eq!(b0, b1);
}

#[test]
fn absolute_paths_under_the_current_folder_are_shown_relative_with_slashes() {
    let tmp = repository_with_a_finding();
    let abs = tmp.path().join("Pkg").join("package.yaml");
    let abs = abs.to_str().unwrap();
    // Typed in another case too, where the system ignores it (`z:\WORK\…` for `Z:\work\…`).
    let typed = if CASE_INSENSITIVE {
        abs.to_uppercase()
    } else {
        abs.to_string()
    };
    for fmt in ["json", "sarif", "github", "gitlab", "junit", "human"] {
        let out = dpmlint(tmp.path())
            .args(["check", "--format", fmt, &typed])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Pkg/package.yaml"), "{fmt}: {text}");
        assert!(
            !text.contains("Pkg\\package") && !text.contains("Pkg\\\\package"),
            "{fmt}: {text}"
        );
        assert!(
            !text
                .to_lowercase()
                .contains(&tmp.path().to_str().unwrap().to_lowercase().replace('\\', "/")),
            "{fmt}: {text}"
        );
    }
}

#[test]
fn stdin_and_inspect_use_the_same_separator_as_check() {
    let tmp = repository();
    let out = dpmlint(tmp.path())
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            r"Pkg\package.yaml",
            "-",
        ])
        .write_stdin(WITH_A_FINDING)
        .output()
        .unwrap();
    assert_eq!(files_of(&json(&out)), ["Pkg/package.yaml"]);

    let exe = Path::new("Pkg").join("setup.exe");
    let out = dpmlint(tmp.path())
        .args(["inspect", "--format", "json"])
        .arg(&exe)
        .output()
        .unwrap();
    assert_eq!(json(&out)[0]["path"], "Pkg/setup.exe");
    let out = dpmlint(tmp.path())
        .arg("inspect")
        .arg(tmp.path().join(&exe))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Pkg/setup.exe\n"));
}

#[test]
fn gitignore_matches_names_as_the_system_compares_them() {
    let tmp = repository();
    std::fs::write(tmp.path().join(".gitignore"), "pkg/\n").unwrap();
    let out = dpmlint(tmp.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    // Git for Windows ignores `Pkg/` for the pattern `pkg/` (core.ignorecase); Git on Linux does not.
    let checked = if CASE_INSENSITIVE { 0 } else { 1 };
    assert_eq!(json(&out)["files_checked"], checked);
}

#[test]
fn dot_folders_are_skipped_and_named_ones_walked() {
    let tmp = repository();
    let hidden = tmp.path().join(".old");
    std::fs::create_dir(&hidden).unwrap();
    std::fs::copy(tmp.path().join("Pkg/package.yaml"), hidden.join("package.yaml")).unwrap();
    let out = dpmlint(tmp.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&out)["files_checked"], 1);
    // Named on the command line, a `.`-folder is walked.
    let out = dpmlint(tmp.path())
        .args(["check", "--format", "json", ".old"])
        .output()
        .unwrap();
    assert_eq!(json(&out)["files_checked"], 1);
}

#[test]
fn the_default_language_follows_the_system_and_lang_overrides_it() {
    let tmp = repository();
    let japanese = |out: std::process::Output| String::from_utf8_lossy(&out.stdout).contains("バージョンリソース");
    // On Windows the display language decides, not LANG (src/i18n.rs tests that in-process, and
    // tools/windows/win.sh runs it under a Japanese display language).
    if cfg!(not(windows)) {
        let out = dpmlint(tmp.path())
            .env("LANG", "ja_JP.UTF-8")
            .args(["explain", "DPM401"])
            .output();
        assert!(japanese(out.unwrap()), "LANG=ja_JP.UTF-8");
        let out = dpmlint(tmp.path())
            .env("LANG", "ja_JP.UTF-8")
            .env("LC_ALL", "C")
            .args(["explain", "DPM401"])
            .output();
        assert!(!japanese(out.unwrap()), "LC_ALL before LANG");
    }
    let out = dpmlint(tmp.path())
        .env("LANG", "ja_JP.UTF-8")
        .args(["--lang", "en", "explain", "DPM401"])
        .output();
    assert!(!japanese(out.unwrap()), "--lang en overrides");
    let out = dpmlint(tmp.path()).args(["--lang", "ja", "explain", "DPM401"]).output();
    assert!(japanese(out.unwrap()), "--lang ja");
}

#[test]
fn the_ascii_theme_draws_frames_without_box_characters() {
    let tmp = repository_with_a_finding();
    let run = |theme: &str| {
        let out = dpmlint(tmp.path())
            .args(["check", "--lang", "en", "--theme", theme])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let ascii = run("ascii");
    assert!(
        ascii.contains("DPM002") && ascii.contains("[Pkg/package.yaml:4:1]"),
        "{ascii}"
    );
    assert!(ascii.is_ascii(), "{ascii}");
    let unicode = run("unicode");
    assert!(unicode.contains('╭') && unicode.contains('│'), "{unicode}");
    // Written to a pipe, as here, `auto` draws the box characters: the bytes are UTF-8.
    assert_eq!(run("auto"), unicode);
}

#[test]
fn the_usage_line_names_dpmlint_without_an_extension() {
    let out = dpmlint(&common::root()).arg("--no-such-option").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Usage: dpmlint [OPTIONS]"), "{err}");
    assert!(!err.contains("dpmlint.exe"), "{err}");
}

/// Windows' file attributes and sharing, which Linux has no equivalent of.
#[cfg(windows)]
mod windows {
    use super::*;
    use std::os::windows::ffi::OsStrExt;
    use std::os::windows::fs::{MetadataExt, OpenOptionsExt};
    use windows_sys::Win32::Storage::FileSystem::{FILE_ATTRIBUTE_HIDDEN, FILE_SHARE_READ, SetFileAttributesW};

    fn set_attributes(path: &Path, attributes: u32) {
        let wide: Vec<u16> = path.as_os_str().encode_wide().chain([0]).collect();
        // SAFETY: a NUL-terminated UTF-16 path.
        assert_ne!(
            unsafe { SetFileAttributesW(wide.as_ptr(), attributes) },
            0,
            "SetFileAttributesW"
        );
    }

    fn attributes(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().file_attributes()
    }

    /// A definition with a safe fix (DPM404: `version` on a deletion).
    fn fixable(tmp: &Path) -> std::path::PathBuf {
        let def = tmp.join("Pkg/package.yaml");
        std::fs::write(
            &def,
            "format: 1\nid: ACME_AGENT_2_1\ntype: application\nos: [Windows Server 2003 Standard Edition]\n\
             language: ja\nexecute:\n  file: setup.exe\n  args: /S\nidentification:\n  - path: '%SystemRoot%\\old.dll'\n    version: 1.0.0.1\n    change: delete\n",
        )
        .unwrap();
        def
    }

    #[test]
    fn verbatim_paths_are_shown_like_any_other() {
        let tmp = repository_with_a_finding();
        let verbatim = format!(
            r"\\?\{}",
            std::path::absolute(tmp.path().join("Pkg")).unwrap().display()
        );
        for fmt in ["json", "sarif"] {
            let out = dpmlint(tmp.path())
                .args(["check", "--format", fmt, &verbatim])
                .output()
                .unwrap();
            let report = json(&out);
            let text = report.to_string();
            assert!(text.contains("\"Pkg/package.yaml\""), "{fmt}: {text}");
            assert!(
                !text.contains(&tmp.path().display().to_string().replace('\\', "\\\\")),
                "{fmt}"
            );
        }
    }

    #[test]
    fn a_folder_with_the_hidden_attribute_is_checked() {
        let tmp = repository();
        set_attributes(&tmp.path().join("Pkg"), FILE_ATTRIBUTE_HIDDEN);
        assert_ne!(attributes(&tmp.path().join("Pkg")) & FILE_ATTRIBUTE_HIDDEN, 0);
        let out = dpmlint(tmp.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(json(&out)["files_checked"], 1);
    }

    #[test]
    fn fix_keeps_the_files_attributes() {
        let tmp = repository();
        let def = fixable(tmp.path());
        set_attributes(&def, FILE_ATTRIBUTE_HIDDEN);
        let before = attributes(&def);
        dpmlint(tmp.path())
            .args(["check", "--fix", "--select", "DPM404"])
            .assert()
            .success();
        assert!(!std::fs::read_to_string(&def).unwrap().contains("version:"), "fixed");
        assert_eq!(attributes(&def), before, "the attributes survive the fix");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path().join("Pkg"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".dpmlint-fix-"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file left: {leftovers:?}");
    }

    /// Open the definition for `hold` as a virus scanner does: others may read it, not change,
    /// rename or delete it.
    fn hold(def: &Path, hold: std::time::Duration) -> std::thread::JoinHandle<()> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .share_mode(FILE_SHARE_READ)
            .open(def)
            .unwrap();
        std::thread::spawn(move || {
            std::thread::sleep(hold);
            drop(file);
        })
    }

    #[test]
    fn fix_waits_for_a_file_held_a_moment_by_another_program() {
        let tmp = repository();
        let def = fixable(tmp.path());
        let holder = hold(&def, std::time::Duration::from_millis(300));
        dpmlint(tmp.path())
            .args(["check", "--fix", "--select", "DPM404"])
            .assert()
            .success();
        holder.join().unwrap();
        assert!(
            !std::fs::read_to_string(&def).unwrap().contains("version:"),
            "fixed after the wait"
        );
    }

    #[test]
    fn fix_gives_up_on_a_file_held_too_long_and_leaves_it_untouched() {
        let tmp = repository();
        let def = fixable(tmp.path());
        let before = std::fs::read(&def).unwrap();
        let holder = hold(&def, std::time::Duration::from_secs(6));
        let out = dpmlint(tmp.path())
            .args(["check", "--fix", "--select", "DPM404"])
            .output()
            .unwrap();
        holder.join().unwrap();
        assert_eq!(std::fs::read(&def).unwrap(), before);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("in use by another program") && err.contains("file left unchanged"),
            "{err}"
        );
    }
}

#[test]
fn a_definition_named_alone_in_its_folder_uses_the_folders_files() {
    // `package.yaml` given as it is, from its own folder: its folder is the current one (an
    // empty parent, which Windows cannot list), and the installer and payload are found there.
    let package = common::root().join("fixtures/examples/ms08-067-w2k3-ident");
    let codes = |dir: &Path, arg: &str| -> Vec<String> {
        let out = dpmlint(dir)
            .args(["check", "--no-config", "--format", "json", arg])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        report["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| format!("{} {}", d["code"].as_str().unwrap_or(""), d["line"]))
            .collect()
    };
    let from_inside = codes(&package, "package.yaml");
    // The payload's netapi32.dll shows the mistyped version (DPM406); the installer is found.
    assert_eq!(from_inside, ["DPM406 17"]);
    assert_eq!(
        codes(&common::root(), "fixtures/examples/ms08-067-w2k3-ident/package.yaml"),
        from_inside
    );
}
