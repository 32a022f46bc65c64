//! Where a PE image's bytes come from: bounded positioned reads, never a memory map.
//!
//! A memory map turns an I/O failure into a signal (SIGBUS when another process shortens the
//! file, an in-page exception on a network share on Windows). The reader asks a [`ReadAt`]
//! for the few ranges it needs instead (the headers, three levels of the resource tree, at
//! most 64 KiB of version data), so what it costs does not depend on the file's size and every
//! failure, a file shortened during the read included, is a [`PeError`].

use std::fs::File;
use std::io;

use super::PeError;

/// Bytes read at an offset: a file, or bytes already in memory. Tests can interpose their own
/// (a file that changes between two reads, say).
pub trait ReadAt {
    /// The length the reading is bounded by: the file's length when it was opened.
    fn len(&self) -> u64;

    /// Whether [`len`](ReadAt::len) is 0.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Read into `buf` from `offset`; the count read, 0 at the end of the data.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize>;
}

impl ReadAt for &[u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let available = self.get(start..).unwrap_or_default();
        let count = buf.len().min(available.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..count), available.get(..count)) {
            to.copy_from_slice(from);
        }
        Ok(count)
    }
}

/// An open regular file and its length when it was opened.
pub struct FileSource {
    file: File,
    len: u64,
}

impl FileSource {
    /// Wrap an open file; `len` is the length read from its metadata.
    pub fn new(file: File, len: u64) -> FileSource {
        FileSource { file, len }
    }
}

impl ReadAt for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(unix)]
        {
            std::os::unix::fs::FileExt::read_at(&self.file, buf, offset)
        }
        #[cfg(windows)]
        {
            std::os::windows::fs::FileExt::seek_read(&self.file, buf, offset)
        }
    }
}

/// Fill `buf` from `offset`, which the caller has checked lies inside `source.len()`; bytes
/// past `source.len()` (headers padded like the loader pads them) are zeros. A read that ends
/// early means the file became shorter since it was opened: [`PeError::Changed`].
pub(super) fn read_exact(source: &dyn ReadAt, offset: u64, buf: &mut [u8]) -> Result<(), PeError> {
    let inside = usize::try_from(source.len().saturating_sub(offset)).unwrap_or(usize::MAX);
    let (wanted, padding) = buf.split_at_mut(buf.len().min(inside));
    padding.fill(0);
    let mut filled = 0;
    while let Some(rest) = wanted.get_mut(filled..).filter(|rest| !rest.is_empty()) {
        match source.read_at(offset + filled as u64, rest) {
            Ok(0) => return Err(PeError::Changed),
            Ok(count) => filled += count,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(PeError::Io(error)),
        }
    }
    Ok(())
}

/// `len` bytes from `offset` in a new buffer (see [`read_exact`]).
pub(super) fn read_vec(source: &dyn ReadAt, offset: u64, len: usize) -> Result<Vec<u8>, PeError> {
    let mut buf = vec![0u8; len];
    read_exact(source, offset, &mut buf)?;
    Ok(buf)
}
