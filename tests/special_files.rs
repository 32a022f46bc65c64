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
