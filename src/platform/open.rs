//! Opening a file that must be a regular file (a definition, an installer, a reference copy)
//! without ever blocking or reading anything else: a FIFO's open waits for a writer, reading a
//! device such as `CON` or `/dev/zero` never ends, and opening some devices does something, so a
//! path is looked at before it is opened unless a folder listing has just said what it is.

use std::fs::{File, Metadata};
use std::path::Path;

/// Open `path` for reading when it is a regular file, with its metadata; `Ok(None)` for a folder,
/// FIFO, socket or device, which is never opened. The path is looked at first; then the open
/// handle is judged again, so a path swapped for something else in between is refused too (on
/// Unix the open is non-blocking and takes no controlling terminal, so even then it cannot wait).
pub fn open_regular(path: &Path) -> std::io::Result<Option<(File, Metadata)>> {
    if !std::fs::metadata(path)?.is_file() {
        return Ok(None);
    }
    open_judged(path, 0)
}

/// [`open_regular`] for a path that a folder listing has shown to be a regular file, not a link
/// (the walk's entry, a package folder's index): the path is not looked at again before the open,
/// only the open handle is judged, so a FIFO or socket put there since is refused and the open
/// cannot wait. On Unix a link put there since is not followed by this open: the path is then
/// looked at first, as [`open_regular`] does. (A device node put there since, which takes the
/// rights to create one, is opened before it is refused.)
pub fn open_listed(path: &Path) -> std::io::Result<Option<(File, Metadata)>> {
    #[cfg(unix)]
    match open_judged(path, libc::O_NOFOLLOW) {
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => open_regular(path),
        opened => opened,
    }
    #[cfg(not(unix))]
    open_judged(path, 0)
}

/// Open `path` for reading (on Unix non-blocking, with no controlling terminal, and `flags`), and
/// keep it only when the handle is a regular file.
fn open_judged(
    path: &Path,
    #[cfg_attr(not(unix), allow(unused_variables))] flags: i32,
) -> std::io::Result<Option<(File, Metadata)>> {
    #[cfg(unix)]
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | flags)
            .open(path)?
    };
    #[cfg(not(unix))]
    let file = File::open(path)?;
    let metadata = file.metadata()?;
    Ok(metadata.is_file().then_some((file, metadata)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_opens_and_a_folder_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        std::fs::write(&file, "format: 1\n").unwrap();
        let (_, meta) = open_regular(&file).unwrap().expect("a regular file");
        assert_eq!(meta.len(), 10);
        assert!(open_regular(dir.path()).unwrap().is_none());
        assert!(open_regular(&dir.path().join("missing")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_listed_path_that_became_a_link_is_looked_at_first() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.yaml");
        std::fs::write(&target, "format: 1\n").unwrap();
        let link = dir.path().join("package.yaml");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let (_, meta) = open_listed(&link)
            .unwrap()
            .expect("a link to a file, as open_regular reads it");
        assert_eq!(meta.len(), 10);
        let to_device = dir.path().join("setup.exe");
        std::os::unix::fs::symlink("/dev/zero", &to_device).unwrap();
        assert!(
            open_listed(&to_device).unwrap().is_none(),
            "a link to a device is never opened"
        );
        let fifo = dir.path().join("fifo.yaml");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        assert!(
            open_listed(&fifo).unwrap().is_none(),
            "a FIFO is refused without waiting"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo.yaml");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        assert!(open_regular(&fifo).unwrap().is_none());
        assert!(open_regular(Path::new("/dev/zero")).unwrap().is_none());
        let socket = dir.path().join("socket.yaml");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        assert!(
            open_regular(&socket).unwrap().is_none(),
            "a socket is no file, not an I/O error"
        );
    }
}
