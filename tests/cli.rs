//! The command line's contracts (docs: ../shared/spec/cli.md): exit status, JSON output,
//! selection, config, standard input, discovery.

mod common;

use common::{dpmlint, json};
use std::path::Path;

const CLEAN: &str = "format: 1\nid: APP1\ntype: application\nos: Windows Server 2003 Standard Edition\nlanguage: ja\nexecute:\n  file: setup.exe\n";

/// Write a file; a definition gets the installer CLEAN names next to it.
fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    if dpmlint::load::discover::is_definition_name(p.file_name().unwrap().to_str().unwrap()) {
        let installer = common::root().join("fixtures/pe/installer_x86.exe");
        std::fs::copy(installer, p.parent().unwrap().join("setup.exe")).unwrap();
    }
}

#[test]
fn exit_status_and_json_contract() {
    let dir = common::root().join("fixtures/rules/DPM002");
    let out = dpmlint(&dir)
        .args(["check", "--format", "json", "--select", "DPM002", "bad"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "dpmlint");
    assert_eq!(v["files_checked"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "DPM002");
    assert_eq!(d["name"], "unknown-key");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "bad/package.yaml");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(6), Some(1)));
    assert_eq!((d["end_line"].as_u64(), d["end_column"].as_u64()), (Some(6), Some(9)));
    assert_eq!((d["offset"].as_u64(), d["length"].as_u64()), (Some(103), Some(8)));
    assert!(d.get("fix").is_none());
    assert_eq!(v["summary"]["error"], 4);
    assert_eq!(v["summary"]["fixed"], 0);

    let ok = dpmlint(&dir).args(["check", "good"]).output().unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stdout));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("All checks passed"));
}

#[test]
fn fail_on_and_severity_overrides() {
    let dir = common::root().join("fixtures/rules/DPM007");
    // DPM007 is a warning: exit 0 by default, 1 with --fail-on warning.
    let out = dpmlint(&dir)
        .args(["check", "--select", "DPM007", "bad"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = dpmlint(&dir)
        .args(["check", "--select", "DPM007", "--fail-on", "warning", "bad"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));

    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "p/package.yaml", &format!("{CLEAN}colour: red\n"));
    write(tmp.path(), "dpmlint.toml", "[rules]\nDPM002 = \"warning\"\n");
    let out = dpmlint(tmp.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["diagnostics"][0]["severity"], "warning");
    write(
        tmp.path(),
        "dpmlint.toml",
        "fail-on = \"warning\"\n[rules]\nDPM002 = \"warning\"\n",
    );
    assert_eq!(
        dpmlint(tmp.path()).arg("check").output().unwrap().status.code(),
        Some(1)
    );
    write(tmp.path(), "dpmlint.toml", "[rules]\nDPM002 = \"off\"\n");
    assert_eq!(
        dpmlint(tmp.path()).arg("check").output().unwrap().status.code(),
        Some(0)
    );
    assert_eq!(
        dpmlint(tmp.path())
            .args(["check", "--no-config"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn select_and_ignore_by_family() {
    let dir = common::root().join("fixtures/rules/DPM004");
    // The longest selector wins: `DPM00` ignores what `DPM0` selects.
    let out = dpmlint(&dir)
        .args([
            "check", "--format", "json", "--select", "DPM0", "--ignore", "DPM00", "bad",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["diagnostics"].as_array().unwrap().len(), 0);
    let out = dpmlint(&dir).args(["check", "--select", "DPM9"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`DPM9` selects no rule"));
}

#[test]
fn config_errors_are_status_2_and_point_into_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "p/package.yaml", CLEAN);
    write(
        tmp.path(),
        "dpmlint.toml",
        "fail-on = \"error\"\n[rules]\nDPM999 = \"off\"\n",
    );
    let out = dpmlint(tmp.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`DPM999` is not a dpmlint rule") && err.contains("dpmlint.toml:3:1"),
        "{err}"
    );

    write(tmp.path(), "dpmlint.toml", "required-version = \">=99.0\"\n");
    let out = dpmlint(tmp.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("requires dpmlint >=99.0"));

    let out = dpmlint(tmp.path())
        .args(["check", "--config", "missing.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_missing_path_is_status_2_and_bad_yaml_is_a_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let out = dpmlint(tmp.path()).args(["check", "nowhere"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    write(tmp.path(), "a/package.yaml", "a: [\n");
    write(tmp.path(), "b/package.yaml", CLEAN);
    let out = dpmlint(tmp.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["files_checked"], 2);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(v["diagnostics"][0]["code"], "DPM001");
}

#[test]
fn standard_input_with_a_name() {
    let tmp = tempfile::tempdir().unwrap();
    // The named file's folder is the package folder: its installer is there.
    write(tmp.path(), "pkg/package.yaml", CLEAN);
    let out = dpmlint(tmp.path())
        .args(["check", "--format", "json", "--stdin-filename", "pkg/package.yaml", "-"])
        .write_stdin(format!("{CLEAN}ms_numer: MS08-067\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["diagnostics"][0]["file"], "pkg/package.yaml");
    assert_eq!(v["diagnostics"][0]["code"], "DPM002");
}

#[test]
fn walks_honouring_gitignore_and_definition_names() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), ".gitignore", "build/\n");
    write(tmp.path(), "build/package.yaml", "not: [valid\n");
    write(tmp.path(), "a/package.yaml", CLEAN);
    write(tmp.path(), "a/other.yaml", "not: [valid\n");
    write(tmp.path(), "b/kb1.dpm.yml", &CLEAN.replace("APP1", "APP2"));
    let out = dpmlint(tmp.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["files_checked"], 2);
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    // Every rule's fixtures, the repository rules' (DPM6xx) among them, in every format.
    let dir = common::root().join("fixtures");
    for format in ["human", "concise", "json", "sarif", "github", "junit", "gitlab"] {
        for lang in ["en", "ja"] {
            let run = |threads: &str| {
                dpmlint(&dir)
                    .env("RAYON_NUM_THREADS", threads)
                    .args(["check", "--format", format, "--lang", lang, "--statistics", "rules"])
                    .output()
                    .unwrap()
                    .stdout
            };
            let one = run("1");
            assert!(!one.is_empty());
            assert_eq!(one, run("2"), "{format} {lang}");
            if format == "json" {
                assert!(String::from_utf8_lossy(&one).contains("DPM604"));
                assert_eq!(one, run("8"), "{format} {lang}");
            }
        }
    }
}

#[test]
fn rules_explain_and_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let out = dpmlint(tmp.path()).arg("rules").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l.starts_with("DPM002") && l.contains("unknown-key") && l.contains("error"))
    );
    assert_eq!(text.lines().count(), dpmlint::rules::RULES.len());

    let out = dpmlint(tmp.path()).args(["explain", "DPM005"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("## What it catches"));
    let out = dpmlint(tmp.path())
        .args(["explain", "duplicate-key", "--lang", "ja"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("## 検出内容"));
    let out = dpmlint(tmp.path()).args(["explain", "DPM999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    write(tmp.path(), "p/package.yaml", &format!("{CLEAN}ms_numer: MS08-067\n"));
    // On Windows the display language decides, not LANG (src/i18n.rs tests that in-process, and
    // tools/windows/win.sh runs it under a Japanese display language).
    if cfg!(not(windows)) {
        let out = dpmlint(tmp.path())
            .env("LANG", "ja_JP.UTF-8")
            .arg("check")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("未知のキー") && !text.contains('\u{1b}'), "{text}");
    }
    let out = dpmlint(tmp.path()).args(["check", "--lang", "ja"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("未知のキー") && !text.contains('\u{1b}'), "{text}");
    let out = dpmlint(tmp.path())
        .args(["check", "--color", "always", "--lang", "en"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
}

#[test]
fn the_readme_rule_table_matches_the_registry() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    assert_eq!(
        common::rules_table(&readme),
        dpmlint::cli::rules_markdown(dpmlint::i18n::Lang::En),
        "regenerate the table with `cargo run -- rules --format markdown`"
    );
}

#[test]
fn an_empty_selector_and_a_stdin_name_without_stdin_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &["check", "--select", ""][..],
        &["check", "--ignore", " , "][..],
        &["check", "--stdin-filename", "p/package.yaml", "."][..],
    ] {
        let out = dpmlint(tmp.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("selects no rule") || err.contains("--stdin-filename names standard input"),
            "{err}"
        );
    }
    // A trailing comma is not an empty selector.
    dpmlint(tmp.path())
        .args(["check", "--select", "DPM0,"])
        .assert()
        .success();
}

/// The codes and severities a JSON report found in each file: `file CODE severity` lines.
fn found(out: &std::process::Output) -> String {
    json(out)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {} {}\n",
                d["file"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["severity"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn each_definition_uses_its_nearest_config() {
    let tmp = tempfile::tempdir().unwrap();
    let unknown = format!("{CLEAN}colour: red\n");
    // The repository's config, a package folder's own (used whole, not merged), and a folder
    // without one.
    write(tmp.path(), "repo/dpmlint.toml", "[rules]\nDPM002 = \"warning\"\n");
    write(tmp.path(), "repo/a/package.yaml", &unknown.replace("APP1", "A"));
    write(tmp.path(), "repo/b/dpmlint.toml", "[rules]\nDPM003 = \"off\"\n");
    write(tmp.path(), "repo/b/package.yaml", &unknown.replace("APP1", "B"));
    write(
        tmp.path(),
        "repo/b/deeper/c/package.yaml",
        &unknown.replace("APP1", "C"),
    );
    write(tmp.path(), "other/package.yaml", &unknown.replace("APP1", "D"));
    let out = dpmlint(tmp.path())
        .args(["check", "--format", "json", "repo", "other"])
        .output()
        .unwrap();
    assert_eq!(
        found(&out),
        "other/package.yaml DPM002 error\n\
         repo/a/package.yaml DPM002 warning\n\
         repo/b/deeper/c/package.yaml DPM002 error\n\
         repo/b/package.yaml DPM002 error\n"
    );
    // From inside the repository, with the files named one by one: the same configs.
    let out = dpmlint(&tmp.path().join("repo/b"))
        .args(["check", "--format", "json", "package.yaml", "../a/package.yaml"])
        .output()
        .unwrap();
    assert_eq!(
        found(&out),
        "../a/package.yaml DPM002 warning\npackage.yaml DPM002 error\n"
    );
    // A definition with no config above it takes the current folder's.
    let out = dpmlint(&tmp.path().join("repo"))
        .args(["check", "--format", "json", "../other"])
        .output()
        .unwrap();
    assert_eq!(found(&out), "../other/package.yaml DPM002 warning\n");
    // --config wins for every definition; --no-config reads none.
    let out = dpmlint(tmp.path())
        .args([
            "check",
            "--format",
            "json",
            "--config",
            "repo/b/dpmlint.toml",
            "repo/a",
            "other",
        ])
        .output()
        .unwrap();
    assert_eq!(
        found(&out),
        "other/package.yaml DPM002 error\nrepo/a/package.yaml DPM002 error\n"
    );
    let out = dpmlint(tmp.path())
        .args(["check", "--format", "json", "--no-config", "repo/a"])
        .output()
        .unwrap();
    assert_eq!(found(&out), "repo/a/package.yaml DPM002 error\n");
    // Standard input takes the config of the folder --stdin-filename names.
    let out = dpmlint(tmp.path())
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "repo/a/package.yaml",
            "-",
        ])
        .write_stdin(unknown.replace("APP1", "A"))
        .output()
        .unwrap();
    assert_eq!(found(&out), "repo/a/package.yaml DPM002 warning\n");
}

#[test]
fn fail_on_is_each_definitions_config() {
    let tmp = tempfile::tempdir().unwrap();
    let unknown = format!("{CLEAN}colour: red\n");
    write(
        tmp.path(),
        "strict/dpmlint.toml",
        "fail-on = \"warning\"\n[rules]\nDPM002 = \"warning\"\n",
    );
    write(tmp.path(), "lax/dpmlint.toml", "[rules]\nDPM002 = \"warning\"\n");
    write(tmp.path(), "strict/p/package.yaml", &unknown.replace("APP1", "S"));
    write(tmp.path(), "lax/p/package.yaml", &unknown.replace("APP1", "L"));
    let status = |args: &[&str]| {
        dpmlint(tmp.path())
            .arg("check")
            .args(args)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(status(&["lax"]), Some(0));
    assert_eq!(status(&["strict"]), Some(1));
    assert_eq!(status(&["lax", "strict"]), Some(1));
    assert_eq!(status(&["--fail-on", "error", "lax", "strict"]), Some(0));
}

#[test]
fn config_paths_are_relative_to_the_config() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "repo/dpmlint.toml", "reference = [\"ref\"]\n");
    write(tmp.path(), "repo/p/package.yaml", CLEAN);
    // repo/ref does not exist: the error names it as seen from the current folder.
    let out = dpmlint(tmp.path()).args(["check", "repo"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("reference root repo/ref is not a folder"), "{err}");
    assert!(err.contains("[repo/dpmlint.toml:1:14]"), "{err}");
    std::fs::create_dir(tmp.path().join("repo/ref")).unwrap();
    dpmlint(tmp.path()).args(["check", "repo"]).assert().success();
    dpmlint(&tmp.path().join("repo/p")).args(["check"]).assert().success();
    // The reference root is the config's, wherever dpmlint runs from: an upgraded file it lacks
    // is DPM409.
    let upgraded = format!(
        "{CLEAN}identification:\n  - path: '%SystemRoot%\\system32\\foo.dll'\n    version: 1.0.0.0\n    change: upgrade\n"
    );
    write(tmp.path(), "repo/p/package.yaml", &upgraded);
    let select = ["check", "--format", "json", "--select", "DPM409"];
    let out = dpmlint(tmp.path()).args(select).arg("repo").output().unwrap();
    assert_eq!(found(&out), "repo/p/package.yaml DPM409 warning\n");
    assert!(
        json(&out)["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("(repo/ref)")
    );
    let out = dpmlint(&tmp.path().join("repo/p")).args(select).output().unwrap();
    assert_eq!(found(&out), "package.yaml DPM409 warning\n");
    let out = dpmlint(&tmp.path().join("repo/p"))
        .args(select)
        .arg("--no-config")
        .output()
        .unwrap();
    assert_eq!(found(&out), "");
    // A broken config under a checked folder is status 2 even when no definition is beside it.
    write(tmp.path(), "empty/dpmlint.toml", "colour = 1\n");
    let out = dpmlint(tmp.path()).args(["check", "empty"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn show_settings_prints_what_applies_to_a_path() {
    let out = dpmlint(&common::root())
        .args(["check", "--show-settings", "fixtures/examples"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "Settings for fixtures/examples:\n\
             config file: fixtures/examples/dpmlint.toml\n\
             fail-on: error (the default)\n\
             reference roots:\n  fixtures/examples/reference/w2k3-sp2-ja (Windows Server 2003 SP2 x86 ja)\n\
             package-size-limit: 300 MiB (314572800 bytes)\n\
             supported OS: DPM's auto-update list\n  Windows 2000 Server\n"
        ),
        "{text}"
    );
    let n = dpmlint::rules::RULES.len();
    assert!(
        text.contains(&format!("supported languages: DPM's auto-update list\n  ja (Japanese)\nbaseline: none\nrules ({n} of {n} run):\n  DPM001 invalid-yaml: error\n")),
        "{text}"
    );
    assert_eq!(
        text.lines().filter(|l| l.starts_with("  DPM")).count(),
        dpmlint::rules::RULES.len()
    );

    // A config's own settings, the command line's, and the other configs under a folder.
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "repo/dpmlint.toml",
        "fail-on = \"warning\"\nreference = [\"ref\"]\npackage-size-limit = 1000\n\
         [rules]\nDPM502 = \"off\"\nDPM002 = \"warning\"\n\
         [supported]\nos = [\"Windows Server 2003 Standard Edition\"]\nlanguages = [\"ja\", \"en\"]\n",
    );
    std::fs::create_dir(tmp.path().join("repo/ref")).unwrap();
    write(tmp.path(), "repo/a/package.yaml", CLEAN);
    write(tmp.path(), "repo/b/dpmlint.toml", "");
    write(tmp.path(), "repo/b/package.yaml", &CLEAN.replace("APP1", "B"));
    write(tmp.path(), "repo/b/c/package.yaml", &CLEAN.replace("APP1", "C"));
    write(tmp.path(), "base.json", "{\"version\": 1, \"entries\": []}");
    let out = dpmlint(tmp.path())
        .args([
            "check",
            "--show-settings",
            "--ignore",
            "DPM6",
            "--baseline",
            "base.json",
            "repo",
            "repo/b/c/package.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    // Every rule but the DPM6xx ones (--ignore) and DPM502 (off in the config).
    let run = dpmlint::rules::RULES
        .iter()
        .filter(|r| !r.meta().code.starts_with("DPM6") && r.meta().code != "DPM502")
        .count();
    assert!(
        text.starts_with(&format!(
            "Settings for repo:\n\
             config file: repo/dpmlint.toml\n\
             fail-on: warning\n\
             reference roots:\n  repo/ref (not identified: compared with every definition)\n\
             package-size-limit: 1000 bytes\n\
             supported OS ([supported] os):\n  Windows Server 2003 Standard Edition\n\
             supported languages ([supported] languages):\n  ja (Japanese)\n  en (English (United States))\n\
             baseline: base.json\n\
             rules ({run} of {n} run):\n"
        )),
        "{text}"
    );
    for expected in [
        "  DPM002 unknown-key: warning (default error)\n",
        "  DPM502 not-unattended: off ([rules])\n",
        "  DPM601 duplicate-package-id: off (--select/--ignore)\n",
        "definitions under repo that use another config:\n  repo/b/dpmlint.toml: 2 definition(s)\n\
         \nSettings for repo/b/c/package.yaml:\nconfig file: repo/b/dpmlint.toml\nfail-on: error (the default)\nreference roots: none\n",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    // Nothing was checked: the definitions' findings would have made the status 1.
    assert!(!text.contains("Found"), "{text}");

    // In Japanese, with --no-config.
    let out = dpmlint(tmp.path())
        .args(["check", "--show-settings", "--no-config", "--lang", "ja", "repo/a"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "repo/a の設定:\n設定ファイル: なし (--no-config)\n終了コード 1 にする重要度 (fail-on): error (既定)\n参照ルート (reference): なし\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("対応言語: DPM の自動更新の対応一覧\n  ja (日本語)\n"),
        "{text}"
    );
}

/// `dpmlint ARGS` in a temporary folder: standard output, after checking the status is 0.
fn stdout_of(args: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = dpmlint(tmp.path()).args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn completions_for_each_shell_know_the_commands_and_options() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        assert!(!script.trim().is_empty(), "{shell}");
        for word in [
            "check",
            "inspect",
            "explain",
            "completions",
            "show-settings",
            "stdin-filename",
        ] {
            assert!(script.contains(word), "{shell}: {word} missing");
        }
        // clap's PowerShell script completes commands and options, not their values.
        if shell != "powershell" {
            for word in ["concise", "sarif", "powershell"] {
                assert!(script.contains(word), "{shell}: {word} missing");
            }
        }
    }
    assert!(stdout_of(&["completions", "powershell"]).contains("Register-ArgumentCompleter"));
    let out = dpmlint(Path::new(".")).args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The bash script parses (`bash -n`), and completing with it gives commands, options and values.
#[cfg(unix)]
#[test]
fn bash_completion_parses_and_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let script = tmp.path().join("dpmlint.bash");
    std::fs::write(&script, stdout_of(&["completions", "bash"])).unwrap();
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .unwrap();
    assert!(status.success(), "bash -n rejects the script");
    let complete = |words: &str| {
        let probe = format!(
            "source '{}'; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             _dpmlint dpmlint \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display()
        );
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(probe)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(complete("dpmlint c"), "check\ncompletions\n");
    assert_eq!(complete("dpmlint check --show-s"), "--show-settings\n");
    assert_eq!(
        complete("dpmlint check --format ''"),
        "human\nconcise\njson\nsarif\ngithub\njunit\ngitlab\n"
    );
}

#[test]
fn man_pages_for_dpmlint_and_each_command() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH dpmlint 1"), "{page}");
    for word in [
        "dpmlint\\-check(1)",
        "dpmlint\\-completions(1)",
        "\\fB\\-\\-lang\\fR",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(word), "{word} missing:\n{page}");
    }
    // Plain ASCII, whatever man's locale: `日本語` as groff escapes.
    assert!(page.is_ascii());
    assert!(page.contains("ja: \\[u65E5]\\[u672C]\\[u8A9E]"), "{page}");
    let check = stdout_of(&["man", "check"]);
    let th = format!(".TH dpmlint-check 1  \"dpmlint {}\"", env!("CARGO_PKG_VERSION"));
    assert!(check.contains(&th), "{check}");
    for word in ["\\-\\-show\\-settings", "\\-\\-format", "concise", "\\-\\-config"] {
        assert!(check.contains(word), "{word} missing:\n{check}");
    }
    let out = dpmlint(Path::new(".")).args(["man", "lint"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`lint` is not a dpmlint command"));
}

/// groff reads every page without a warning.
#[cfg(unix)]
#[test]
fn man_pages_render_with_groff() {
    for command in [None, Some("check"), Some("inspect"), Some("rules"), Some("completions")] {
        let mut args = vec!["man"];
        args.extend(command);
        let page = stdout_of(&args);
        let mut groff = std::process::Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("groff (Debian's groff-base) is installed");
        use std::io::Write as _;
        groff.stdin.take().unwrap().write_all(page.as_bytes()).unwrap();
        let out = groff.wait_with_output().unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{command:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn known_packages_are_dependencies_dpm603_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    let dependent = format!("{CLEAN}depends_on: [W2K3_SP2_x86_JPN]\n");
    write(tmp.path(), "repo/p/package.yaml", &dependent);
    let run = |dir: &Path| {
        dpmlint(dir)
            .args(["check", "--format", "json", "repo"])
            .output()
            .unwrap()
    };

    // No config: the dependency is missing, with the hint to declare it.
    let out = run(tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let d = &v["diagnostics"][0];
    assert_eq!(found(&out), "repo/p/package.yaml DPM603 error\n");
    assert_eq!(
        d["message"],
        "`depends_on` names `W2K3_SP2_x86_JPN`, but no definition has that ID"
    );
    assert_eq!(
        d["help"],
        "add the definition of `W2K3_SP2_x86_JPN`, or lint the folder that holds it together with this one; if it is registered outside the repository, add it to `known-packages` in dpmlint.toml"
    );
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(8), Some(14)));

    // Declared in the config: clean.
    write(
        tmp.path(),
        "repo/dpmlint.toml",
        "known-packages = [\"W2K3_SP2_x86_JPN\"]\n",
    );
    let out = run(tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(found(&out), "");

    // A near miss of a known package is suggested.
    write(
        tmp.path(),
        "repo/dpmlint.toml",
        "known-packages = [\"W2K3_SP2_x86_JPM\"]\n",
    );
    let out = run(tmp.path());
    assert_eq!(found(&out), "repo/p/package.yaml DPM603 error\n");
    assert_eq!(json(&out)["diagnostics"][0]["help"], "did you mean `W2K3_SP2_x86_JPM`?");

    // A typo of the key is a config error pointing into the file.
    write(
        tmp.path(),
        "repo/dpmlint.toml",
        "fail-on = \"error\"\nknown-package = [\"W2K3_SP2_x86_JPN\"]\n",
    );
    let out = dpmlint(tmp.path())
        .args(["--color", "never", "check", "repo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown field `known-package`, expected one of") && err.contains("[repo/dpmlint.toml:2:1]"),
        "{err}"
    );
    // A blank ID is refused where it is written.
    write(tmp.path(), "repo/dpmlint.toml", "known-packages = [\"A\", \" \"]\n");
    let out = dpmlint(tmp.path()).args(["check", "repo"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`known-packages` holds package IDs as `depends_on` names them, not \" \"")
            && err.contains("[repo/dpmlint.toml:1:24]"),
        "{err}"
    );
}

#[test]
fn a_reference_root_that_is_not_a_folder_is_a_config_error_pointing_at_it() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "p/package.yaml", CLEAN);
    write(
        tmp.path(),
        "dpmlint.toml",
        "fail-on = \"error\"\nreference = [\"/nope\"]\n",
    );
    let out = dpmlint(tmp.path())
        .args(["--color", "never", "--theme", "ascii", "check", "p"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("dpmlint: error:"), "{err}");
    assert!(
        err.contains("reference root /nope is not a folder (a `reference` path is relative to the config's folder)")
            && err.contains("[dpmlint.toml:2:14]")
            && err.contains("reference = [\"/nope\"]"),
        "{err}"
    );
    // The command line's --reference is not in a config: said plainly.
    std::fs::remove_file(tmp.path().join("dpmlint.toml")).unwrap();
    let out = dpmlint(tmp.path())
        .args(["check", "--reference", "nope", "p"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "dpmlint: error: --reference nope is not a folder\n"
    );
}

/// `inspect` offers only the formats it has, and refuses any other with status 2.
#[test]
fn inspect_offers_only_human_and_json() {
    let help = dpmlint(&common::root()).args(["inspect", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("- human: A block per file") && help.contains("- json:  JSON"),
        "{help}"
    );
    assert!(!help.contains("markdown"), "{help}");
    let out = dpmlint(&common::root())
        .args(["inspect", "--format", "markdown", "fixtures/pe/installer_x86.exe"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invalid value 'markdown' for '--format <FORMAT>'")
            && err.contains("[possible values: human, json]"),
        "{err}"
    );
}
