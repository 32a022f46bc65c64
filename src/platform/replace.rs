//! Replacing a file's content in place, for `--fix`: the new text goes to a temporary file in the
//! same folder, which then takes the original's place in one step, so a reader never sees half a
//! file and any failure leaves the original untouched.
//!
//! On Windows the step is `ReplaceFileW`, which keeps the original's attributes, ACL, creation
//! time and streams (a rename would give the file the folder's default ACL and drop its
//! attributes). A sharing violation (an editor, a backup agent or antivirus holding the file a
//! moment) is retried for about two seconds before dpmlint gives up. The original is moved to a
//! backup name during the step and the backup removed after it, so no failure of the step can
//! leave the definition's name without a file.

use std::io;
use std::path::Path;

/// How many other names the file has besides this one (hard links). A rename or replace would
/// split them, so `--fix` refuses such a file.
pub fn link_count(path: &Path) -> io::Result<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok(std::fs::metadata(path)?.nlink())
    }
    #[cfg(windows)]
    {
        win::link_count(path)
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = path;
        Ok(1)
    }
}

/// `attempt`, tried again while its error says the file is not there (`vanished`): on Windows a
/// file that another program replaces (`ReplaceFileW`: an editor's save, another `--fix` run) has
/// no file under its name for an instant, so the attempt is repeated a few times, for at most
/// about a tenth of a second. Elsewhere a replace is one rename and the first answer stands.
pub fn while_replaced<T, E>(mut attempt: impl FnMut() -> Result<T, E>, vanished: impl Fn(&E) -> bool) -> Result<T, E> {
    let waits_ms: &[u64] = if cfg!(windows) { &[1, 2, 5, 10, 20, 50] } else { &[] };
    let mut result = attempt();
    for &ms in waits_ms {
        if !result.as_ref().is_err_and(&vanished) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(ms));
        result = attempt();
    }
    result
}

/// Put the temporary file `tmp` in the place of the existing file `path`.
pub fn replace(tmp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    #[cfg(windows)]
    {
        win::replace(tmp.into_temp_path(), path)
    }
    #[cfg(not(windows))]
    {
        tmp.persist(path).map(drop).map_err(|e| e.error)
    }
}

#[cfg(windows)]
mod win {
    use std::io;
    use std::os::windows::ffi::OsStrExt;
    use std::os::windows::io::AsRawHandle;
    use std::path::Path;
    use std::time::Duration;
    use windows_sys::Win32::Foundation::{
        ERROR_ACCESS_DENIED, ERROR_LOCK_VIOLATION, ERROR_SHARING_VIOLATION, ERROR_UNABLE_TO_MOVE_REPLACEMENT,
        ERROR_UNABLE_TO_MOVE_REPLACEMENT_2, ERROR_UNABLE_TO_REMOVE_REPLACED,
    };
    use windows_sys::Win32::Storage::FileSystem::{
        BY_HANDLE_FILE_INFORMATION, GetFileInformationByHandle, REPLACEFILE_IGNORE_MERGE_ERRORS, ReplaceFileW,
    };

    /// Tries and waits between them: about 2 s in all.
    const WAITS_MS: [u64; 8] = [10, 20, 40, 80, 160, 320, 500, 800];

    pub fn link_count(path: &Path) -> io::Result<u64> {
        let file = std::fs::File::open(path)?;
        // SAFETY: an all-zero BY_HANDLE_FILE_INFORMATION is a valid value of plain integers.
        let mut info: BY_HANDLE_FILE_INFORMATION = unsafe { std::mem::zeroed() };
        // SAFETY: the handle is open for the duration of the call; `info` is a valid out pointer.
        if unsafe { GetFileInformationByHandle(file.as_raw_handle(), &mut info) } == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(u64::from(info.nNumberOfLinks))
    }

    fn wide(p: &Path) -> Vec<u16> {
        p.as_os_str().encode_wide().chain(std::iter::once(0)).collect()
    }

    fn busy(e: &io::Error) -> bool {
        matches!(
            e.raw_os_error().and_then(|c| u32::try_from(c).ok()),
            Some(
                ERROR_SHARING_VIOLATION
                    | ERROR_LOCK_VIOLATION
                    | ERROR_ACCESS_DENIED
                    | ERROR_UNABLE_TO_REMOVE_REPLACED
                    | ERROR_UNABLE_TO_MOVE_REPLACEMENT
            )
        )
    }

    /// `ReplaceFileW` with a backup name: without one, a failure to move the replacement
    /// (ERROR_UNABLE_TO_MOVE_REPLACEMENT) would leave no file under the original's name.
    fn replace_once(path: &Path, tmp: &Path, backup: &Path) -> io::Result<()> {
        let (target, replacement, backup_w) = (wide(path), wide(tmp), wide(backup));
        // SAFETY: the three names are NUL-terminated UTF-16 strings that outlive the call; no
        // reserved arguments.
        let ok = unsafe {
            ReplaceFileW(
                target.as_ptr(),
                replacement.as_ptr(),
                backup_w.as_ptr(),
                REPLACEFILE_IGNORE_MERGE_ERRORS,
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        if ok != 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.raw_os_error().and_then(|c| u32::try_from(c).ok()) == Some(ERROR_UNABLE_TO_MOVE_REPLACEMENT_2) {
            // The original was moved to the backup name and the new text could not take its
            // place: put the original back.
            std::fs::rename(backup, path)?;
        }
        Err(e)
    }

    pub fn replace(tmp: tempfile::TempPath, path: &Path) -> io::Result<()> {
        let mut backup = tmp.to_path_buf().into_os_string();
        backup.push(".orig");
        let backup = std::path::PathBuf::from(backup);
        let mut waits = WAITS_MS.iter();
        loop {
            let e = match replace_once(path, &tmp, &backup) {
                Ok(()) => {
                    // The temporary file is now the file; the backup is the old text.
                    let _ = tmp.keep();
                    let _ = std::fs::remove_file(&backup);
                    return Ok(());
                }
                Err(e) => e,
            };
            match waits.next() {
                Some(ms) if busy(&e) => std::thread::sleep(Duration::from_millis(*ms)),
                // Dropping `tmp` deletes the temporary file; the original is as it was.
                _ if busy(&e) => {
                    return Err(io::Error::new(e.kind(), crate::fix::Refusal::Busy));
                }
                _ => return Err(e),
            }
        }
    }
}
