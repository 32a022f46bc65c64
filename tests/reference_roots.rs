//! Reference roots that know their target (spec rules.md, "Reference roots know their target"):
//! identified from their own system files, or declared in the config; DPM406 and DPM409 compare a
//! definition only with the roots that match its target; a root that cannot be identified matches
//! every target and is reported once per run.
//!
//! The roots are built here from real PE images (fixtures of `fixtures/pe/`) whose fixed versions
//! and translations are set as a Windows 2000 (Japanese, SP4) and a Windows Server 2003 (English,
//! SP2) system has them.

mod common;

use assert_cmd::Command;
use dpmlint::evidence::roots::{Declared, Problem, ReferenceRoot, Release};
use dpmlint::i18n::Lang;
use std::path::Path;

const W2K_PIN: &str = "5.0.2195.7203";

/// A Windows 2000 SP4 Japanese root (`WINNT`), with `netapi32.dll` from before the update.
fn w2k_root(dir: &Path) {
    w2k_kernel_only(dir);
    let netapi = common::pe_with_version("netapi32.dll", [5, 0, 2195, 7069], Some(0x0411));
    common::put(dir, "WINNT/system32/netapi32.dll", &netapi);
}

/// A Windows 2000 SP4 Japanese root with nothing but its kernel (a partial copy).
fn w2k_kernel_only(dir: &Path) {
    let kernel = common::pe_with_version("ja_x86.dll", [5, 0, 2195, 6717], Some(0x0411));
    common::put(dir, "WINNT/system32/ntoskrnl.exe", &kernel);
}

/// A Windows Server 2003 SP2 English root (`Windows`, names in another case), whose `netapi32.dll`
/// is newer and of another line than any Windows 2000 pin.
fn w2k3_root(dir: &Path) {
    let kernel = common::pe_with_version("ja_x86.dll", [5, 2, 3790, 4354], Some(0x0409));
    common::put(dir, "Windows/System32/KERNEL32.DLL", &kernel);
    let netapi = common::pe_with_version("netapi32.dll", [5, 2, 3790, 4392], Some(0x0409));
    common::put(dir, "Windows/System32/netapi32.dll", &netapi);
}

fn definition(os: &str, language: &str, version: &str) -> String {
    format!(
        "format: 1\nid: PKG\ntype: hotfix\nos: {os}\nlanguage: {language}\nms_number: MS08-067\nexecute:\n  file: setup.exe\nidentification:\n  - path: '%SystemRoot%\\system32\\netapi32.dll'\n    version: {version}\n    change: upgrade\n"
    )
}

/// A repository: `w2k` and `w2k3` roots, the config `config`, and definitions (folder, text).
fn repo(config: &str, definitions: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    w2k_root(&dir.path().join("reference/w2k"));
    w2k3_root(&dir.path().join("reference/w2k3"));
    std::fs::write(dir.path().join("dpmlint.toml"), config).expect("config");
    for (folder, text) in definitions {
        common::put(dir.path(), &format!("{folder}/package.yaml"), text.as_bytes());
    }
    dir
}

fn codes(dir: &Path, select: &[&str]) -> Vec<String> {
    common::lint_dir(dir, dir, select, Lang::En)
        .iter()
        .map(|d| format!("{} {}", d.file.name, d.rule.code))
        .collect()
}

#[test]
fn roots_are_identified_from_their_system_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    w2k_root(&dir.path().join("w2k"));
    w2k3_root(&dir.path().join("w2k3"));
    let w2k = ReferenceRoot::plain(dir.path().join("w2k")).identity();
    assert_eq!(w2k.summary().as_deref(), Some("Windows 2000 SP4 x86 ja"));
    let (file, version) = w2k.system_file.clone().expect("a system file");
    assert!(file.ends_with("WINNT/system32/ntoskrnl.exe"), "{file:?}");
    assert_eq!(version.to_string(), "5.0.2195.6717");
    // kernel32.dll when there is no ntoskrnl.exe; names in any case.
    let w2k3 = ReferenceRoot::plain(dir.path().join("w2k3")).identity();
    assert_eq!(w2k3.summary().as_deref(), Some("Windows Server 2003 SP2 x86 en"));
    assert!(
        w2k3.system_file
            .as_ref()
            .expect("file")
            .0
            .ends_with("Windows/System32/KERNEL32.DLL")
    );

    // A system file that is no PE image: why, in both languages.
    common::put(
        &dir.path().join("text"),
        "Windows/system32/ntoskrnl.exe",
        b"not a PE image",
    );
    let text = ReferenceRoot::plain(dir.path().join("text")).identity();
    let problem = text.problem.clone().expect("a problem");
    assert!(matches!(problem, Problem::Unreadable(..)), "{problem:?}");
    assert!(
        problem
            .describe(Lang::En)
            .contains("gives no file version (not a PE image"),
        "{}",
        problem.describe(Lang::En)
    );
    assert!(!problem.describe(Lang::Ja).is_ascii());

    // Windows 2000's kernel32.dll lags the service pack's build: it tells the release, not the level.
    let kernel32 = common::pe_with_version("ja_x86.dll", [5, 0, 2195, 6688], Some(0x0411));
    common::put(&dir.path().join("w2k-k32"), "WINNT/system32/kernel32.dll", &kernel32);
    let k32 = ReferenceRoot::plain(dir.path().join("w2k-k32")).identity();
    assert_eq!(k32.summary().as_deref(), Some("Windows 2000 x86 ja"));

    // Declared fields win over the files.
    let declared = ReferenceRoot {
        written: None,
        path: dir.path().join("w2k"),
        declared: Declared {
            os: Release::find("Windows 2000 Advanced Server"),
            service_pack: Some(3),
            language: dpmlint::catalog::find_language("en"),
        },
    };
    assert_eq!(
        declared.identity().summary().as_deref(),
        Some("Windows 2000 Advanced Server SP3 x86 en")
    );

    // A root without system files, and one of a release the catalog lacks (NT 10.0).
    let empty = ReferenceRoot::plain(dir.path().join("w2k/WINNT/system32")).identity();
    assert!(!empty.is_identified());
    assert_eq!(empty.problem, Some(Problem::NoSystemFile));
    let kernel = common::pe_with_version("ja_x86.dll", [10, 0, 14393, 0], None);
    common::put(&dir.path().join("w10"), "Windows/System32/ntoskrnl.exe", &kernel);
    let w10 = ReferenceRoot::plain(dir.path().join("w10")).identity();
    assert!(matches!(w10.problem, Some(Problem::UnknownRelease(..))), "{w10:?}");
    let ed = |n: &str| vec![dpmlint::catalog::find_os(n).expect("edition")];
    assert!(w10.matches(&ed("Windows 2000 Server"), None));
    assert!(w2k.matches(&ed("Windows 2000 Server"), dpmlint::catalog::find_language("ja")));
    assert!(!w2k.matches(&ed("Windows 2000 Server"), dpmlint::catalog::find_language("en")));
    assert!(!w2k.matches(&ed("Windows Server 2003 Standard Edition"), None));
    assert!(!w2k3.matches(&ed("Windows Server 2003 Standard x64 Edition"), None));
    assert!(w2k3.matches(&ed("Windows Server 2003 Enterprise Edition"), None));
}

/// The issue's complaint: a correct Windows 2000 definition got DPM406 against the 2003 root,
/// when the Windows 2000 root has no copy of the file (here a partial copy, its kernel only).
#[test]
fn a_windows_2000_definition_is_not_compared_with_the_2003_root() {
    let config = "reference = [\"reference/w2k-kernel\", \"reference/w2k3\"]\n";
    let dir = repo(
        config,
        &[
            ("w2k", definition("Windows 2000 Server", "ja", W2K_PIN)),
            (
                "w2k3",
                definition("Windows Server 2003 Standard Edition", "en", W2K_PIN),
            ),
        ],
    );
    w2k_kernel_only(&dir.path().join("reference/w2k-kernel"));
    assert_eq!(codes(dir.path(), &["DPM406"]), ["w2k3/package.yaml DPM406"]);
}

/// With full copies of both systems: nothing for the Windows 2000 definition, DPM406 for a
/// Server 2003 definition pinned to a Windows 2000 version.
#[test]
fn a_windows_2000_definition_is_compared_only_with_the_windows_2000_root() {
    let config = "reference = [\"reference/w2k\", \"reference/w2k3\"]\n";
    let dir = repo(
        config,
        &[
            ("w2k", definition("Windows 2000 Server", "ja", W2K_PIN)),
            // A Windows 2000 pin on a Server 2003 definition: the 2003 root still contradicts it.
            (
                "w2k3",
                definition("Windows Server 2003 Standard Edition", "en", W2K_PIN),
            ),
        ],
    );
    assert_eq!(codes(dir.path(), &["DPM406", "DPM409"]), ["w2k3/package.yaml DPM406"]);
    let diags = common::lint_dir(dir.path(), dir.path(), &["DPM406"], Lang::En);
    assert!(
        diags[0].message.contains("5.2.3790.4392 in ")
            && diags[0].message.contains("w2k3/Windows/System32/netapi32.dll"),
        "{}",
        diags[0].message
    );
    assert!(!diags[0].message.contains("w2k/WINNT"), "{}", diags[0].message);
}

#[test]
fn without_identification_every_root_is_compared_as_before() {
    let config = "reference = [\"reference/w2k3\"]\n";
    let dir = repo(config, &[("w2k", definition("Windows 2000 Server", "ja", W2K_PIN))]);
    std::fs::remove_file(dir.path().join("reference/w2k3/Windows/System32/KERNEL32.DLL")).expect("rm");
    assert_eq!(codes(dir.path(), &["DPM406"]), ["w2k/package.yaml DPM406"]);
}

#[test]
fn a_declared_target_wins_over_the_files() {
    // Declared as Windows 2000, the 2003 copy is compared with the Windows 2000 definition.
    let config = "reference = [{ path = \"reference/w2k3\", os = \"Windows 2000 Server\", language = \"ja\" }]\n";
    let dir = repo(config, &[("w2k", definition("Windows 2000 Server", "ja", W2K_PIN))]);
    assert_eq!(codes(dir.path(), &["DPM406"]), ["w2k/package.yaml DPM406"]);
}

#[test]
fn dpm409_looks_only_in_matching_roots() {
    let config = "reference = [\"reference/w2k\", \"reference/w2k3\"]\n";
    let mut text = definition("Windows 2000 Server", "ja", W2K_PIN);
    text = text.replace("netapi32.dll", "netapi.dll");
    let dir = repo(config, &[("w2k", text)]);
    common::put(
        &dir.path().join("reference/w2k3"),
        "Windows/System32/netapi.dll",
        &common::pe_with_version("netapi32.dll", [5, 2, 3790, 0], None),
    );
    // Only the 2003 root has netapi.dll: for a Windows 2000 definition it is missing.
    assert_eq!(codes(dir.path(), &["DPM409"]), ["w2k/package.yaml DPM409"]);
    let diags = common::lint_dir(dir.path(), dir.path(), &["DPM409"], Lang::En);
    assert!(!diags[0].message.contains("w2k3"), "{}", diags[0].message);
}

#[test]
fn an_unidentified_root_is_reported_once_with_how_to_declare_it() {
    let config = "reference = [\"reference/w2k\", \"reference/bare\"]\n";
    let dir = repo(
        config,
        &[
            ("a", definition("Windows 2000 Server", "ja", W2K_PIN)),
            ("b", definition("Windows 2000 Server", "ja", W2K_PIN)),
            (
                "c",
                definition("Windows Server 2003 Standard Edition", "ja", "5.2.3790.4392"),
            ),
        ],
    );
    std::fs::create_dir_all(dir.path().join("reference/bare/Windows")).expect("mkdir");
    let out = Command::cargo_bin("dpmlint")
        .expect("binary")
        .current_dir(dir.path())
        .args(["check", "--select", "DPM406,DPM409", "."])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warning = "dpmlint: warning: reference root reference/bare could not be identified: it has no ntoskrnl.exe or kernel32.dll under Windows/system32 or WINNT/system32; it is compared with every definition. Declare its target in dpmlint.toml, for example: reference = [{ path = \"reference/bare\", ";
    assert_eq!(stderr.matches(warning).count(), 1, "{stderr}");
    assert!(!stderr.contains("reference/w2k "), "{stderr}");
    // The identified root raises no warning.
    assert_eq!(stderr.matches("dpmlint: warning:").count(), 1, "{stderr}");
}

#[test]
fn config_errors_point_into_the_entry() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("r")).expect("mkdir");
    let path = dir.path().join("dpmlint.toml");
    let check = |text: &str, at: &str, says: &str| {
        let e = dpmlint::load::config::Config::parse(&path, text, Lang::En).expect_err(text);
        let span = e.span.clone().expect("a span");
        assert_eq!(&text[span], at, "{text}: {}", e.message);
        assert!(e.message.contains(says), "{}", e.message);
    };
    check(
        "reference = [{ path = \"r\", colour = \"blue\" }]\n",
        "colour",
        "unknown field `colour`",
    );
    check(
        "reference = [{ path = \"r\", os = \"Windows 2001 Server\" }]\n",
        "\"Windows 2001 Server\"",
        "not a known Windows edition or release",
    );
    check(
        "reference = [{ path = \"r\", language = \"klingon\" }]\n",
        "\"klingon\"",
        "not a known language",
    );
    check("reference = [{ path = \"r\", service-pack = 9 }]\n", "9", "0 to 6");
    check("reference = [{ path = \"nope\" }]\n", "\"nope\"", "is not a folder");
    check("reference = [42]\n", "42", "a folder's path or a table");
    check(
        "[service-pack-minimum]\n\"Windows Server 2033\" = 1\n",
        "\"Windows Server 2033\"",
        "not a Windows release",
    );
    check(
        "[service-pack-minimum]\n\"Windows Server 2008\" = \"two\"\n",
        "\"two\"",
        "0 to 6",
    );
    let ok = dpmlint::load::config::Config::parse(
        &path,
        "reference = [\"r\", { path = \"r\", os = \"Windows 2000 Server\", service-pack = 4, language = \"ja\" }]\n[service-pack-minimum]\n\"Windows Server 2008\" = 1\n",
        Lang::En,
    )
    .expect("valid");
    assert_eq!(ok.reference.len(), 2);
    assert!(ok.reference[0].declared.is_empty());
    assert_eq!(ok.reference[1].declared.service_pack, Some(4));
    assert_eq!(ok.service_pack_minimum.len(), 1);
    // The same as an array of tables; its errors point at the entry.
    let ok = dpmlint::load::config::Config::parse(
        &path,
        "[[reference]]\npath = \"r\"\nos = \"Windows 2000 Server\"\nservice-pack = 4\n",
        Lang::En,
    )
    .expect("valid");
    assert_eq!(ok.reference[0].declared.service_pack, Some(4));
    let text = "[[reference]]\npath = \"r\"\ncolour = \"blue\"\n";
    let e = dpmlint::load::config::Config::parse(&path, text, Lang::En).expect_err(text);
    assert!(e.message.contains("unknown field `colour`"), "{}", e.message);
    assert!(e.span.is_some_and(|s| s.start < text.len()));
}

/// The committed system-file fixtures of `fixtures/pe/` (built by its build.sh from `.rc` scripts).
fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::root().join("fixtures/pe").join(name)).expect("PE fixture")
}

#[test]
fn an_nt6_root_takes_its_language_from_its_mui_folders() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("w2k8");
    common::put(
        &root,
        "Windows/System32/ntoskrnl.exe",
        &fixture("ntoskrnl_w2k8_sp1.exe"),
    );
    std::fs::create_dir_all(root.join("Windows/System32/ja-JP")).expect("mkdir");
    // Not a language folder: a name of that shape the catalog does not know, and a file.
    std::fs::create_dir_all(root.join("Windows/System32/xx-YY")).expect("mkdir");
    common::put(&root, "Windows/System32/en-US", b"a file, not a folder");
    let id = ReferenceRoot::plain(root.clone()).identity();
    // 6.0 is Windows Vista and Windows Server 2008 alike; the translation (0x0409) is not read on NT6.
    assert_eq!(
        id.summary().as_deref(),
        Some("Windows Vista / Windows Server 2008 SP1 x86 ja")
    );
    assert_eq!(
        id.languages.as_ref().map(|l| &l.source),
        Some(&dpmlint::evidence::roots::Source::MuiFolders(
            root.join("Windows/System32")
        ))
    );
}

fn inspect(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::cargo_bin("dpmlint")
        .expect("binary")
        .current_dir(dir)
        .arg("inspect")
        .args(args)
        .output()
        .expect("runs");
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn inspect_dir_says_what_a_root_is_and_from_which_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::put(
        dir.path(),
        "w2k/WINNT/system32/ntoskrnl.exe",
        &fixture("ntoskrnl_w2k_sp4_ja.exe"),
    );
    common::put(
        dir.path(),
        "w2k3/WINDOWS/system32/kernel32.dll",
        &fixture("kernel32_w2k3sp2_ja.dll"),
    );
    std::fs::create_dir_all(dir.path().join("bare")).expect("mkdir");
    let (status, out) = inspect(dir.path(), &["w2k", "bare"]);
    assert_eq!(status, Some(1), "an unidentified root is status 1");
    assert_eq!(
        out,
        "w2k (reference root)\n  \
         release:       Windows 2000 (from w2k/WINNT/system32/ntoskrnl.exe, file version 5.0.2195.7045)\n  \
         service pack:  4 (from w2k/WINNT/system32/ntoskrnl.exe)\n  \
         architecture:  x86 (from w2k/WINNT/system32/ntoskrnl.exe)\n  \
         language:      ja (from w2k/WINNT/system32/ntoskrnl.exe)\n  \
         in the config: reference = [{ path = \"w2k\", os = \"Windows 2000\", service-pack = 4, language = \"ja\" }]\n\
         \n\
         bare (reference root)\n  \
         release:       unknown\n  \
         error: it has no ntoskrnl.exe or kernel32.dll under Windows/system32 or WINNT/system32; it is compared with every definition\n  \
         in the config: reference = [{ path = \"bare\", os = \"…\", service-pack = …, language = \"…\" }]\n"
    );
    let (status, out) = inspect(dir.path(), &["--format", "json", "w2k3"]);
    assert_eq!(status, Some(0));
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let root = &json[0];
    assert_eq!(root["reference_root"], true);
    assert_eq!(root["identified"], true);
    assert_eq!(root["release"], "Windows Server 2003");
    assert_eq!(root["families"], serde_json::json!(["ws2003"]));
    assert_eq!(root["service_pack"], 2);
    assert_eq!(root["architecture"], "x86");
    assert_eq!(root["languages"], serde_json::json!(["ja"]));
    assert_eq!(root["system_file"], "w2k3/WINDOWS/system32/kernel32.dll");
    assert_eq!(root["system_file_version"], "5.2.3790.4480");
    assert_eq!(root["sources"]["service_pack"], "w2k3/WINDOWS/system32/kernel32.dll");
    assert_eq!(root["error"], serde_json::Value::Null);

    // A root the nearest config declares is read with what it declares.
    std::fs::write(
        dir.path().join("dpmlint.toml"),
        "reference = [{ path = \"bare\", os = \"Windows Server 2003 Standard Edition\", service-pack = 1 }]\n",
    )
    .expect("config");
    let (status, out) = inspect(dir.path(), &["--format", "json", "bare"]);
    assert_eq!(status, Some(0), "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json[0]["release"], "Windows Server 2003 Standard Edition");
    assert_eq!(json[0]["service_pack"], 1);
    assert_eq!(json[0]["sources"]["release"], "the config");
    assert_eq!(json[0]["languages"], serde_json::json!([]));
}

const MS12_020_W2K8: &str = "format: 1\nid: MS12-020_W2K8_x86\ntype: hotfix\nos: Windows Server 2008 Standard Edition\nlanguage: ja\nms_number: MS12-020\nkb: KB2621440\nexecute:\n  file: Windows6.0-KB2621440-x86.msu\n";

/// The issue's example: MS12-020 lists KB2621440 for Server 2008 only at SP2.
#[test]
fn dpm111_needs_evidence_of_a_lower_level() {
    let run = |config: &str| {
        let dir = repo(config, &[("w2k8", MS12_020_W2K8.to_string())]);
        // An NT6 root without a level the catalog can tell: unidentified, no evidence.
        std::fs::create_dir_all(dir.path().join("reference/bare")).expect("mkdir");
        codes(dir.path(), &["DPM111"])
    };
    assert_eq!(
        run("[service-pack-minimum]\n\"Windows Server 2008\" = 1\n"),
        ["w2k8/package.yaml DPM111"]
    );
    assert_eq!(
        run("[service-pack-minimum]\n\"Windows Server 2008 Standard Edition\" = 1\n"),
        ["w2k8/package.yaml DPM111"]
    );
    // At the level, another release's minimum, nothing said, a root of another release, or
    // a root that cannot be identified: silent.
    assert!(run("[service-pack-minimum]\n\"Windows Server 2008\" = 2\n").is_empty());
    assert!(run("[service-pack-minimum]\n\"Windows Server 2003\" = 1\n").is_empty());
    assert!(run("").is_empty());
    assert!(run("reference = [\"reference/w2k\", \"reference/w2k3\", \"reference/bare\"]\n").is_empty());
    // The edition's own entry wins over its release's.
    assert!(
        run("[service-pack-minimum]\n\"Windows Server 2008\" = 1\n\"Windows Server 2008 Standard Edition\" = 2\n")
            .is_empty()
    );
}

/// A root whose NT version is shared by a client and a server release (6.0: Windows Vista and
/// Windows Server 2008) matches definitions of both; the entry `inspect` suggests leaves `os` out
/// so that, pasted into the config, the root still matches both.
#[test]
fn the_suggested_entry_of_a_shared_nt_version_matches_both_releases() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("R");
    common::put(
        &root,
        "Windows/System32/ntoskrnl.exe",
        &fixture("ntoskrnl_w2k8_sp1.exe"),
    );
    std::fs::create_dir_all(root.join("Windows/System32/ja-JP")).expect("mkdir");
    let (status, out) = inspect(dir.path(), &["R"]);
    assert_eq!(status, Some(0));
    let entry = "{ path = \"R\", service-pack = 1, language = \"ja\" }";
    assert!(
        out.contains(&format!("in the config: reference = [{entry}]\n")),
        "{out}"
    );
    assert!(
        out.contains("add os = \"Windows Server 2008\" to compare it with Windows Server 2008 definitions only"),
        "{out}"
    );
    let (_, out) = inspect(dir.path(), &["--format", "json", "R"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json[0]["config_entry"], entry);

    // Pasted into the config, the entry is what was identified: it matches both releases.
    let config = dir.path().join("dpmlint.toml");
    let cfg = dpmlint::load::config::Config::parse(&config, &format!("reference = [{entry}]\n"), Lang::En)
        .expect("the suggested entry is valid");
    let pasted = cfg.reference[0].identity();
    let plain = ReferenceRoot::plain(root).identity();
    assert_eq!(pasted.families, plain.families);
    let ja = dpmlint::catalog::find_language("ja");
    for name in ["Windows Vista", "Windows Server 2008 Standard Edition"] {
        let ed = vec![dpmlint::catalog::find_os(name).expect("edition")];
        assert!(pasted.matches(&ed, ja), "{name}");
    }

    // One release for the NT version: the entry declares it.
    common::put(
        dir.path(),
        "w2k3/WINDOWS/system32/kernel32.dll",
        &fixture("kernel32_w2k3sp2_ja.dll"),
    );
    let (_, out) = inspect(dir.path(), &["--format", "json", "w2k3"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        json[0]["config_entry"],
        "{ path = \"w2k3\", os = \"Windows Server 2003\", service-pack = 2, language = \"ja\" }"
    );
}

/// The suggested `path` is the one the config writes: relative to the config's folder, or as the
/// config that declares the root writes it.
#[test]
fn suggested_paths_are_relative_to_the_config() {
    let dir = tempfile::tempdir().expect("temp dir");
    let top = dir.path().join("ref");
    common::put(
        &top,
        "roots/w2k3/WINDOWS/system32/kernel32.dll",
        &fixture("kernel32_w2k3sp2_ja.dll"),
    );
    std::fs::write(top.join("dpmlint.toml"), "fail-on = \"error\"\n").expect("config");
    let (_, out) = inspect(&top.join("roots"), &["--format", "json", "w2k3"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json[0]["path"], "w2k3");
    assert_eq!(
        json[0]["config_entry"],
        "{ path = \"roots/w2k3\", os = \"Windows Server 2003\", service-pack = 2, language = \"ja\" }"
    );
    // Listed in the config: as the config writes it.
    std::fs::write(top.join("dpmlint.toml"), "reference = [\"./roots/w2k3\"]\n").expect("config");
    let (_, out) = inspect(&top.join("roots"), &["w2k3"]);
    assert!(out.contains("reference = [{ path = \"./roots/w2k3\", os = "), "{out}");

    // The run's warning about a root a config in another folder declares.
    std::fs::create_dir_all(top.join("roots/empty/Windows")).expect("mkdir");
    std::fs::write(top.join("dpmlint.toml"), "fail-on = \"error\"\n").expect("config");
    common::put(&top, "defs3/dpmlint.toml", b"reference = [\"../roots/empty\"]\n");
    common::put(
        &top,
        "defs3/package.yaml",
        definition("Windows Server 2003 Standard Edition", "ja", "5.2.3790.4392").as_bytes(),
    );
    let out = Command::cargo_bin("dpmlint")
        .expect("binary")
        .current_dir(dir.path())
        .args(["check", "--select", "DPM406", "ref/defs3"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("reference root ref/roots/empty could not be identified"),
        "{stderr}"
    );
    assert!(
        stderr.contains("reference = [{ path = \"../roots/empty\", "),
        "{stderr}"
    );
}

/// A reference system may have a newer Internet Explorer than the one a package targets: an
/// IE 8 `mshtml.dll` on a Server 2003 root does not contradict the IE 6 pin of MS10-002.
#[test]
fn dpm406_does_not_hold_a_newer_ie_against_an_ie6_pin() {
    let pinned = |path: &str, version: &str| {
        format!(
            "format: 1\nid: MS10-002_IE6_W2K3\ntype: hotfix\nos: Windows Server 2003 Standard Edition\nlanguage: ja\nms_number: MS10-002\nexecute:\n  file: setup.exe\nidentification:\n  - path: '{path}'\n    version: {version}\n    change: upgrade\n"
        )
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("reference/w2k3");
    common::put(
        &root,
        "WINDOWS/system32/kernel32.dll",
        &fixture("kernel32_w2k3sp2_ja.dll"),
    );
    let ie8 = common::pe_with_version("netapi32.dll", [8, 0, 6001, 18882], Some(0x0411));
    common::put(&root, "WINDOWS/system32/mshtml.dll", &ie8);
    common::put(&root, "WINDOWS/system32/netapi32.dll", &ie8);
    std::fs::write(dir.path().join("dpmlint.toml"), "reference = [\"reference/w2k3\"]\n").expect("config");
    common::put(
        dir.path(),
        "ie6/package.yaml",
        pinned(r"%SystemRoot%\system32\mshtml.dll", "6.0.3790.4639").as_bytes(),
    );
    // The same versions on a file numbered with Windows are still a contradiction.
    common::put(
        dir.path(),
        "os/package.yaml",
        pinned(r"%SystemRoot%\system32\netapi32.dll", "6.0.3790.4639").as_bytes(),
    );
    let diags = common::lint_dir(dir.path(), dir.path(), &["DPM406"], Lang::En);
    let found: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {}", d.file.name, d.rule.code))
        .collect();
    assert_eq!(found, ["os/package.yaml DPM406"]);
    assert!(diags.iter().all(|d| d.fix.is_none()));
}

#[test]
fn service_pack_minimum_names_a_level_the_release_has() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("dpmlint.toml");
    for (text, at, says) in [
        (
            "[service-pack-minimum]\n\"Windows Server 2003\" = 3\n",
            "3",
            "Windows Server 2003 has no service pack 3: the highest level the catalog lists for it is 2",
        ),
        (
            "[service-pack-minimum]\n\"Windows 2000 Server\" = 5\n",
            "5",
            "Windows 2000 Server has no service pack 5",
        ),
    ] {
        let e = dpmlint::load::config::Config::parse(&path, text, Lang::En).expect_err(text);
        let span = e.span.clone().expect("a span");
        assert_eq!(&text[span], at, "{text}");
        assert!(e.message.contains(says), "{}", e.message);
        let ja = dpmlint::load::config::Config::parse(&path, text, Lang::Ja).expect_err(text);
        assert!(ja.message.contains("サービスパック"), "{}", ja.message);
    }
    std::fs::write(&path, "[service-pack-minimum]\n\"Windows Server 2003\" = 3\n").expect("config");
    let out = Command::cargo_bin("dpmlint")
        .expect("binary")
        .current_dir(dir.path())
        .args(["check", "."])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    for ok in [
        "[service-pack-minimum]\n\"Windows Server 2003\" = 2\n\"Windows 2000\" = 4\n",
        "[service-pack-minimum]\n\"Windows Server 2008\" = 0\n",
    ] {
        dpmlint::load::config::Config::parse(&path, ok, Lang::En).expect(ok);
    }
}

/// Windows 2000's kernel32.dll tells the release but not the level: `inspect` says why.
#[test]
fn inspect_says_why_a_windows_2000_kernel32_gives_no_service_pack() {
    let dir = tempfile::tempdir().expect("temp dir");
    let kernel32 = common::pe_with_version("ja_x86.dll", [5, 0, 2195, 6688], Some(0x0411));
    common::put(dir.path(), "k32/WINNT/system32/kernel32.dll", &kernel32);
    let (status, out) = inspect(dir.path(), &["k32"]);
    assert_eq!(status, Some(0));
    assert!(
        out.contains("service pack:  unknown (Windows 2000's kernel32.dll version does not follow the service-pack build; ntoskrnl.exe does)\n"),
        "{out}"
    );
    let (_, out) = inspect(dir.path(), &["--lang", "ja", "k32"]);
    assert!(
        out.contains("不明 (Windows 2000 の kernel32.dll のバージョンはサービスパックのビルドと一致しません。ntoskrnl.exe は一致します)"),
        "{out}"
    );
}

/// A service-pack package for `edition` (its `os`) at `major`.
fn sp_package(id: &str, os: &str, major: u8) -> String {
    format!(
        "format: 1\nid: {id}\ntype: service-pack\nos: {os}\nlanguage: ja\nservice_pack:\n  major: {major}\n  minor: 0\nexecute:\n  file: sp.exe\n  args: /quiet\n  exclusive: true\n"
    )
}

/// `depends_on` as evidence: the highest level the named service-pack packages reach for the
/// target's own edition.
#[test]
fn dpm111_reads_the_highest_level_dependencies_reach_for_each_edition() {
    let hotfix = |deps: &str| {
        format!(
            "format: 1\nid: MS12-020_W2K3\ntype: hotfix\nos:\n  - Windows Server 2003 Standard Edition\n  - Windows Server 2003 Enterprise Edition\nlanguage: ja\nms_number: MS12-020\nkb: KB2621440\nexecute:\n  file: WindowsServer2003-KB2621440-x86-JPN.exe\ndepends_on: [{deps}]\n"
        )
    };
    let both = "- Windows Server 2003 Standard Edition\n  - Windows Server 2003 Enterprise Edition";
    let run = |deps: &str, sp1_os: &str| {
        let dir = repo(
            "",
            &[
                ("hotfix", hotfix(deps)),
                ("sp1", sp_package("W2K3_SP1", &format!("\n  {sp1_os}"), 1)),
                ("sp2", sp_package("W2K3_SP2", &format!("\n  {both}"), 2)),
            ],
        );
        common::lint_dir(dir.path(), dir.path(), &["DPM111"], Lang::En)
            .iter()
            .map(|d| d.file.slice(d.span).to_string())
            .collect::<Vec<_>>()
    };
    // SP1 only, for both editions: both targets are below SP2.
    assert_eq!(
        run("W2K3_SP1", both),
        [
            "Windows Server 2003 Standard Edition",
            "Windows Server 2003 Enterprise Edition"
        ]
    );
    // SP1 and SP2: the dependencies reach SP2.
    assert!(run("W2K3_SP1, W2K3_SP2", both).is_empty());
    // An SP1 package for Standard only says nothing of Enterprise.
    assert_eq!(
        run("W2K3_SP1", "- Windows Server 2003 Standard Edition"),
        ["Windows Server 2003 Standard Edition"]
    );
}
