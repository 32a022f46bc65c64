//! Special files where dpmlint expects a small regular file (the config, the baseline): refused at
//! once with exit status 2, never read without bound, never waited on.

mod common;

use common::dpmlint;

fn refused(args: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = dpmlint(tmp.path()).arg("check").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_folder_as_config_or_baseline_is_refused() {
    let dir = common::root().join("fixtures");
    let dir = dir.to_str().unwrap();
    assert!(refused(&["--config", dir]).contains("not a regular file"));
    assert!(refused(&["--baseline", dir]).contains("not a regular file"));
}

// FIFOs and /dev/zero are Unix's; Windows has neither in its file system.
#[cfg(unix)]
#[test]
fn a_fifo_or_an_endless_device_as_config_or_baseline_is_refused_without_waiting() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("dpmlint.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let fifo = fifo.to_str().unwrap();
    // Nobody writes to the FIFO: opening it would block forever.
    assert!(refused(&["--config", fifo]).contains("not a regular file"));
    assert!(refused(&["--baseline", fifo]).contains("not a regular file"));
    let zero = tmp.path().join("zero.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    assert!(refused(&["--baseline", zero.to_str().unwrap()]).contains("not a regular file"));
    assert!(refused(&["--config", "/dev/zero"]).contains("not a regular file"));
}

/// A copy of the example MS08-067 package (its version corrected, so it is clean) and of the
/// example reference root, in a temporary folder.
#[cfg(unix)]
fn clean_package() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let examples = common::root().join("fixtures/examples");
    let copy = |from: &std::path::Path, to: &std::path::Path| {
        let status = std::process::Command::new("cp")
            .arg("-R")
            .arg(from)
            .arg(to)
            .status()
            .unwrap();
        assert!(status.success());
    };
    copy(&examples.join("ms08-067-w2k3-ident"), &tmp.path().join("pkg"));
    copy(&examples.join("reference/w2k3-sp2-ja"), &tmp.path().join("ref"));
    let definition = tmp.path().join("pkg/package.yaml");
    let text = std::fs::read_to_string(&definition).unwrap();
    std::fs::write(&definition, text.replace("5.2.3790.4329", "5.2.3790.4392")).unwrap();
    tmp
}

#[cfg(unix)]
fn check_json(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, Vec<(String, String)>, String) {
    let out = dpmlint(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (
        out.status.code(),
        found,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// FIFOs, sockets and /dev/zero are Unix's.
#[cfg(unix)]
#[test]
fn fifos_sockets_and_devices_in_a_package_and_a_reference_root_never_block() {
    let tmp = clean_package();
    let dir = tmp.path();
    let (status, found, _) = check_json(dir, &["pkg", "--reference", "ref"]);
    assert_eq!((status, found), (Some(0), vec![]), "the copied example is clean");

    let mkfifo = |path: std::path::PathBuf| {
        std::fs::remove_file(&path).unwrap();
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .unwrap()
                .success()
        );
    };
    // Nobody ever writes to these FIFOs: opening one for reading would wait forever.
    mkfifo(dir.join("pkg/WindowsServer2003-KB958644-x86-JPN.exe"));
    mkfifo(dir.join("ref/WINDOWS/system32/netapi32.dll"));
    // A socket where the extracted payload was: a walk skips it.
    std::fs::remove_file(dir.join("pkg/payload/netapi32.dll")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("pkg/payload/netapi32.dll")).unwrap();

    let (status, found, _) = check_json(dir, &["pkg", "--reference", "ref"]);
    assert_eq!(status, Some(1));
    let codes: Vec<&str> = found.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(codes, ["DPM505", "DPM409"], "{found:?}");
    assert!(found[0].1.contains("not a regular file"), "{found:?}");
    assert_eq!(
        found[1].1,
        "the reference root's `ref/WINDOWS/system32/netapi32.dll` for `%SystemRoot%\\system32\\netapi32.dll` is not \
         a regular file (a folder, FIFO, socket or device), so it shows nothing about the target"
    );

    // The endless device given as a definition: reported, never read.
    let (status, found, _) = check_json(dir, &["/dev/zero"]);
    assert_eq!(status, Some(1));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "DPM001");
}

// On Linux a name written in its on-disk case is found without listing its folder; only a name
// in another case makes the lookup list the folder, and meet the bound. (On Windows the exact
// lookup finds any case, so a folder past the bound is still searched; creating 100,000 files
// under Wine would also take minutes.)
#[cfg(unix)]
#[test]
fn a_reference_folder_past_the_lookup_bound_says_so_and_reports_nothing_missing() {
    let tmp = clean_package();
    let dir = tmp.path();
    let system32 = dir.join("ref/WINDOWS/system32");
    std::fs::rename(system32.join("netapi32.dll"), system32.join("NETAPI32.DLL")).unwrap();
    for index in 0..dpmlint::evidence::MAX_DIR_ENTRIES {
        std::fs::File::create(system32.join(format!("filler{index:06}.dll"))).unwrap();
    }
    let (status, found, stderr) = check_json(dir, &["pkg", "--reference", "ref"]);
    // Before, a name past the 100,000th entry was never found and so reported missing.
    assert_eq!((status, found), (Some(0), vec![]));
    let limit = dpmlint::evidence::MAX_DIR_ENTRIES;
    assert_eq!(
        stderr,
        format!(
            "dpmlint: warning: ref/WINDOWS/system32 has more than {limit} entries, so names were not looked up in \
             it; no file in it was reported missing\n"
        )
    );
}
