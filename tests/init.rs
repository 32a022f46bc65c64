//! `dpmlint init`: the real binary writes a definition for each example installer and for real PE
//! files, and `dpmlint check` is run on what it writes. Expected values come from the examples'
//! own definitions, the catalog and the files themselves, never from init's code.

mod common;

use assert_cmd::Command;
use dpmlint::catalog;
use dpmlint::model::installer_name::InstallerName;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn dpmlint() -> Command {
    let mut c = Command::cargo_bin("dpmlint").unwrap();
    c.env("NO_COLOR", "1").env_remove("LANG").env_remove("LC_ALL");
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], cwd: &Path) -> Run {
    let out = dpmlint().current_dir(cwd).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `dpmlint check --no-config` on `path`: its status and findings (concise).
fn check(path: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["check", "--no-config", "--format", "concise", "--fail-on", "info"];
    args.extend_from_slice(extra);
    let p = path.to_str().unwrap();
    args.push(p);
    let r = run(&args, &common::root());
    (r.code, r.stdout)
}

/// A copy of an example's package folder without its definition.
fn example_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dst = tmp.path().join(name);
    copy_dir(&common::root().join("fixtures/examples").join(name), &dst);
    std::fs::remove_file(dst.join("package.yaml")).unwrap();
    (tmp, dst)
}

use common::copy_dir;

fn installer_in(dir: &Path) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().to_ascii_lowercase();
            p.is_file() && (n.ends_with(".exe") || n.ends_with(".msu"))
        })
        .collect();
    found.sort();
    assert_eq!(found.len(), 1, "one installer in {}", dir.display());
    found.remove(0)
}

/// The top-level fields of a definition as text (comments dropped; `os` and other lists as their
/// items joined with `|`; nested mappings as `parent.key`). Enough for the definitions compared
/// here, both the examples' and init's.
fn fields(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut parent = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        let indented = line.starts_with(' ');
        if let Some(item) = trimmed.strip_prefix("- ") {
            let e: &mut String = out.entry(parent.clone()).or_default();
            if !e.is_empty() {
                e.push('|');
            }
            e.push_str(item.trim());
            continue;
        }
        let Some((k, v)) = trimmed.split_once(':') else {
            continue;
        };
        let v = v.trim();
        if indented {
            out.insert(format!("{parent}.{k}"), v.to_string());
            continue;
        }
        parent = k.to_string();
        if let Some(flow) = v.strip_prefix('{').and_then(|f| f.strip_suffix('}')) {
            for part in flow.split(',') {
                if let Some((a, b)) = part.split_once(':') {
                    out.insert(format!("{k}.{}", a.trim()), b.trim().to_string());
                }
            }
        } else if !v.is_empty() {
            out.insert(k.to_string(), v.to_string());
        }
    }
    out
}

/// The canonical spelling of a type or language as the examples may write it in Japanese.
fn canonical(key: &str, value: &str) -> String {
    match (key, value) {
        ("type", "サービスパック") => "service-pack".into(),
        ("type", "アプリケーション") => "application".into(),
        ("type", v) => v.to_ascii_lowercase(),
        ("language", v) => catalog::find_language(v).map_or(v.to_string(), |l| l.code.to_string()),
        ("priority", "一般" | "中") => "normal".into(),
        ("priority", "高") => "high".into(),
        (_, v) => v.to_string(),
    }
}

#[test]
fn every_example_installer_gets_a_definition_check_accepts_or_a_list_of_what_to_decide() {
    let examples = common::root().join("fixtures/examples");
    let mut names: Vec<String> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().join("package.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 9);
    let mut clean = 0;
    for name in &names {
        let (_tmp, dir) = example_copy(name);
        let installer = installer_in(&dir);
        let r = run(&["init", installer.to_str().unwrap()], &dir);
        let written = std::fs::read_to_string(dir.join("package.yaml")).unwrap_or_else(|e| {
            panic!("{name}: init wrote no package.yaml ({e}); stderr: {}", r.stderr);
        });
        let (status, findings) = check(&dir, &[]);
        match r.code {
            0 => {
                clean += 1;
                assert_eq!(
                    status, 0,
                    "{name}: init exited 0 but check finds:\n{findings}\n{written}"
                );
            }
            1 => {
                assert!(
                    r.stderr.contains("to decide") || r.stderr.contains("note:"),
                    "{name}: exit 1 must say what is left: {}",
                    r.stderr
                );
                assert_ne!(status, 0, "{name}: exit 1, yet check finds nothing:\n{written}");
            }
            c => panic!("{name}: init exited {c}: {}", r.stderr),
        }
        // Whatever the status, the values written agree with the installer's name and the
        // catalog.
        let f = fields(&written);
        let file_name = installer.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(f["execute.file"], file_name, "{name}");
        let parsed = InstallerName::parse(&file_name);
        if let Some(kb) = parsed.kb_number() {
            assert_eq!(f["kb"], format!("KB{kb}"), "{name}");
            let bulletins: Vec<&str> = catalog::bulletins_with_kb(kb).map(|b| b.id()).collect();
            match bulletins.as_slice() {
                [one] if parsed.sp_level().is_none() => assert_eq!(f["ms_number"], *one, "{name}"),
                _ => assert!(!f.contains_key("ms_number"), "{name}: no bulletin, no MS number"),
            }
        }
        if let Some(l) = parsed.language() {
            assert_eq!(f["language"], l.code, "{name}");
        }
        for os in f
            .get("os")
            .map(|o| o.split('|').collect::<Vec<_>>())
            .unwrap_or_default()
        {
            let e = catalog::find_os(os).unwrap_or_else(|| panic!("{name}: {os} is an edition"));
            assert!(e.dpm_auto_update, "{name}: {os} is supported");
            assert_ne!(parsed.fits_os(e), Some(false), "{name}: {os} fits {file_name}");
        }
    }
    assert!(clean >= 5, "most example installers are decided in full");
}

#[test]
fn the_clean_examples_are_written_again() {
    for name in ["ms08-067-w2k3-x86", "ms08-067-w2k8-x86", "w2k3-sp2-x86"] {
        let example =
            std::fs::read_to_string(common::root().join("fixtures/examples").join(name).join("package.yaml")).unwrap();
        let want = fields(&example);
        let (_tmp, dir) = example_copy(name);
        let installer = installer_in(&dir);
        let r = run(&["init", "-o", "-", installer.to_str().unwrap()], &dir);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert!(!dir.join("package.yaml").exists(), "-o - writes no file");
        let got = fields(&r.stdout);
        for key in [
            "id",
            "type",
            "language",
            "ms_number",
            "kb",
            "execute.file",
            "execute.args",
            "execute.reboot",
            "execute.exclusive",
            "service_pack.major",
            "service_pack.minor",
            "priority",
        ] {
            let Some(w) = want.get(key) else {
                continue;
            };
            let g = got
                .get(key)
                .unwrap_or_else(|| panic!("{name}: `{key}` missing:\n{}", r.stdout));
            assert_eq!(canonical(key, g), canonical(key, w), "{name}: {key}");
        }
        // The example targets some of the editions the update is for; init lists them all.
        let got_os: Vec<&str> = got["os"].split('|').collect();
        for os in want["os"].split('|') {
            assert!(got_os.contains(&os), "{name}: {os} among {got_os:?}");
        }
    }
}

#[test]
fn a_real_update_installer_is_read_by_name_and_version_resource() {
    let tmp = tempfile::tempdir().unwrap();
    // The Japanese build (its version resource is 0x0411, as a `-JPN` package's is: DPM205).
    let real = common::root().join("fixtures/pe/kb958644_ja.exe");
    std::fs::copy(&real, tmp.path().join("WindowsServer2003-KB958644-x86-JPN.exe")).unwrap();
    let r = run(&["init", "WindowsServer2003-KB958644-x86-JPN.exe"], tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (status, findings) = check(tmp.path(), &[]);
    assert_eq!(status, 0, "{findings}");
    let f = fields(&std::fs::read_to_string(tmp.path().join("package.yaml")).unwrap());
    let b = catalog::bulletin("MS08-067").unwrap();
    assert!(b.has_kb(958644));
    assert_eq!(f["ms_number"], b.id());
    // Every supported Server 2003 x86 edition the bulletin lists, and only those.
    let want: Vec<&str> = catalog::default_supported_os()
        .iter()
        .filter(|e| e.os_keys().iter().any(|k| k.arch == catalog::Arch::X86) && b.affects_os(e) == Some(true))
        .filter(|e| e.family == catalog::OsFamily::Ws2003)
        .map(|e| e.dpm_name)
        .collect();
    assert_eq!(f["os"].split('|').collect::<Vec<_>>(), want);

    // Renamed, the name says nothing: the KB comes from the version resource, the OS is left
    // to decide with the choices written commented.
    std::fs::remove_file(tmp.path().join("package.yaml")).unwrap();
    std::fs::rename(
        tmp.path().join("WindowsServer2003-KB958644-x86-JPN.exe"),
        tmp.path().join("hotfix.exe"),
    )
    .unwrap();
    let r = run(&["init", "--lang", "en", "hotfix.exe", "-o", "-"], tmp.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("os:"), "{}", r.stderr);
    let f = fields(&r.stdout);
    assert_eq!(f["kb"], "KB958644");
    assert_eq!(f["ms_number"], "MS08-067");
    assert!(!f.contains_key("os"));
    for e in catalog::default_supported_os() {
        assert!(
            r.stdout.contains(&format!("# os: {}\n", e.dpm_name)),
            "choice {} written:\n{}",
            e.dpm_name,
            r.stdout
        );
    }
    assert!(r.stdout.contains("version-resource"), "says where the KB came from");
}

/// A hotfix whose KB is in no bulletin: identification is what shows it applied.
#[test]
fn an_unknown_kb_needs_identification_from_the_payload() {
    let (_tmp, dir) = example_copy("kb-hotfix-w2k3");
    let installer = installer_in(&dir);
    let kb = InstallerName::parse(&installer.file_name().unwrap().to_string_lossy())
        .kb_number()
        .unwrap();
    assert_eq!(
        catalog::bulletins_with_kb(kb).count(),
        0,
        "the example's KB is in no bulletin"
    );

    // No payload: written, identification and MS number commented, status 1.
    let r = run(&["init", "--lang", "en", installer.to_str().unwrap(), "-o", "-"], &dir);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("# ms_number:"));
    assert!(r.stdout.contains("# identification:"));
    assert!(r.stderr.contains("identification:"), "{}", r.stderr);
    assert!(!fields(&r.stdout).contains_key("ms_number"));

    // A payload laid out as the system drive: the path follows the layout, the version is the
    // file's own.
    let dll = common::root().join("fixtures/examples/ms08-067-w2k3-ident/payload/netapi32.dll");
    let version = dpmlint::evidence::pe::read_path(&dll)
        .unwrap()
        .version
        .unwrap()
        .file_version
        .unwrap();
    let payload = dir.join("payload");
    std::fs::create_dir_all(payload.join("WINDOWS/system32")).unwrap();
    std::fs::copy(&dll, payload.join("WINDOWS/system32/netapi32.dll")).unwrap();
    std::fs::write(payload.join("readme.txt"), "not a PE file\n").unwrap();
    let r = run(&["init", installer.to_str().unwrap(), "--payload", "payload"], &dir);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(dir.join("package.yaml")).unwrap();
    assert!(
        text.contains("  - path: '%SystemRoot%\\system32\\netapi32.dll'"),
        "{text}"
    );
    let f = fields(&text);
    assert_eq!(f["identification.version"], version.to_string());
    assert_eq!(f["identification.change"], "upgrade");
    assert!(text.contains("readme.txt"), "the unversioned file is named as left out");
    let (status, findings) = check(&dir, &[]);
    assert_eq!(status, 0, "{findings}\n{text}");

    // A flat payload (as an update extracts): the reference root says where the file goes, and
    // check with the same root agrees.
    std::fs::remove_dir_all(&payload).unwrap();
    std::fs::create_dir_all(&payload).unwrap();
    std::fs::copy(&dll, payload.join("netapi32.dll")).unwrap();
    std::fs::create_dir_all(payload.join("update")).unwrap();
    std::fs::copy(&dll, payload.join("update/spmsg.dll")).unwrap();
    let reference = common::root().join("fixtures/examples/reference/w2k3-sp2-ja");
    let r = run(
        &[
            "init",
            installer.to_str().unwrap(),
            "--payload",
            "payload",
            "--reference",
            reference.to_str().unwrap(),
            "--force",
        ],
        &dir,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(dir.join("package.yaml")).unwrap();
    assert!(
        text.contains("  - path: '%SystemRoot%\\system32\\netapi32.dll'"),
        "{text}"
    );
    assert!(
        !text.contains("spmsg.dll"),
        "the installer's own files are not identification"
    );
    let (status, findings) = check(&dir, &["--reference", reference.to_str().unwrap()]);
    assert_eq!(status, 0, "{findings}\n{text}");

    // Flat, without a reference root: where the file goes is left to decide.
    let r = run(
        &["init", installer.to_str().unwrap(), "--payload", "payload", "-o", "-"],
        &dir,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("#  - path: '%SystemRoot%\\system32\\netapi32.dll'"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_existing_definition_is_kept_unless_forced() {
    let (_tmp, dir) = example_copy("ms08-067-w2k3-x86");
    let installer = installer_in(&dir);
    let inst = installer.to_str().unwrap();
    std::fs::write(dir.join("package.yaml"), "# mine\n").unwrap();
    let r = run(&["init", inst], &dir);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(dir.join("package.yaml")).unwrap(), "# mine\n");
    let r = run(&["init", "--lang", "ja", inst], &dir);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("すでにあります"), "{}", r.stderr);
    // -o FILE is refused the same way; --force overwrites.
    let other = dir.join("other.dpm.yaml");
    std::fs::write(&other, "# mine\n").unwrap();
    assert_eq!(run(&["init", inst, "-o", other.to_str().unwrap()], &dir).code, 2);
    assert_eq!(
        run(&["init", inst, "-o", other.to_str().unwrap(), "--force"], &dir).code,
        0
    );
    assert!(std::fs::read_to_string(&other).unwrap().contains("ms_number: MS08-067"));
    let r = run(&["init", inst, "--force"], &dir);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Two definitions of one package now: check says so (DPM601), which shows both were written.
    let (_, findings) = check(&dir, &[]);
    assert!(findings.contains("DPM601"), "{findings}");
}

#[test]
fn comments_follow_the_users_language_and_os_can_be_given() {
    let (_tmp, dir) = example_copy("ms08-067-w2k3-x86");
    let installer = installer_in(&dir);
    let inst = installer.to_str().unwrap();
    let r = run(
        &[
            "init",
            "--lang",
            "ja",
            inst,
            "--os",
            "Windows Server 2003 Standard Edition",
            "-o",
            "-",
        ],
        &dir,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("# インストーラ名"), "{}", r.stdout);
    assert_eq!(fields(&r.stdout)["os"], "Windows Server 2003 Standard Edition");
    // An edition the installer is not for, or no edition at all: nothing written, status 2.
    let r = run(
        &["init", inst, "--os", "Windows Server 2008 Standard Edition", "-o", "-"],
        &dir,
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.is_empty());
    let r = run(&["init", inst, "--os", "Windows Server 2003 Standrd Edition"], &dir);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("Windows Server 2003 Standard Edition"),
        "did you mean: {}",
        r.stderr
    );
    assert!(!dir.join("package.yaml").exists());
    // Not an installer at all.
    std::fs::write(dir.join("broken.exe"), "text").unwrap();
    assert_eq!(run(&["init", "broken.exe", "-o", "-"], &dir).code, 2);
}
