//! Finding the version resource in the resource tree, as `GetFileVersionInfo` does.
//!
//! The tree is type → name → language → data entry. Only that one path is walked, three
//! levels deep and never recursively, so a directory that points at itself or an ancestor
//! cannot make the walk loop. Each directory's entry array must lie inside the image, which
//! bounds its length by the file's size.

use super::{Malformed, pick_language, u16_at, u32_at};

/// `RT_VERSION`.
const RT_VERSION: u32 = 16;
/// `VS_VERSION_INFO`, the only resource name `GetFileVersionInfo` asks for.
const VERSION_NAME: u32 = 1;
/// The high bit of a directory entry: the name is a string / the entry is a subdirectory.
const HIGH_BIT: u32 = 0x8000_0000;

/// The most bytes of the version resource read: the root's `wLength` is a u16, so nothing
/// past its first 64 KiB is ever looked at.
pub(super) const VERSION_MAX: usize = 1 << 16;

/// Bytes of the image addressed by RVA, read from the file as they are asked for.
pub(super) trait Image {
    /// `len` bytes at `rva`; None when they are not all in the file.
    fn at(&self, rva: u32, len: usize) -> Option<Vec<u8>>;
    /// What the file holds from `rva` to the end of its section, at most `max` bytes; None
    /// when `rva` is in no section of the file.
    fn rest(&self, rva: u32, max: usize) -> Option<Vec<u8>>;
}

/// One IMAGE_RESOURCE_DIRECTORY_ENTRY.
#[derive(Clone, Copy)]
struct Entry {
    name: u32,
    target: u32,
}

impl Entry {
    /// The numeric ID, or None for a named entry.
    fn id(self) -> Option<u32> {
        (self.name & HIGH_BIT == 0).then_some(self.name)
    }

    /// The offset of the subdirectory this entry points to, or None for a data entry.
    fn subdirectory(self) -> Option<u32> {
        (self.target & HIGH_BIT != 0).then_some(self.target & !HIGH_BIT)
    }
}

/// The entries of the IMAGE_RESOURCE_DIRECTORY at `offset` from the resource root.
fn directory(image: &impl Image, root: u32, offset: u32) -> Result<Vec<Entry>, Malformed> {
    let rva = root.checked_add(offset).ok_or(Malformed::DirectoryOutOfBounds)?;
    let head = image.at(rva, 16).ok_or(Malformed::DirectoryOutOfBounds)?;
    let count = usize::from(u16_at(&head, 12).unwrap_or(0)) + usize::from(u16_at(&head, 14).unwrap_or(0));
    let entries = rva
        .checked_add(16)
        .and_then(|rva| image.at(rva, count * 8))
        .ok_or(Malformed::DirectoryOutOfBounds)?;
    Ok(entries
        .chunks_exact(8)
        .filter_map(|entry| {
            Some(Entry {
                name: u32_at(entry, 0)?,
                target: u32_at(entry, 4)?,
            })
        })
        .collect())
}

/// The subdirectory of the first entry with ID `id`, None when there is no such entry.
fn find_subdirectory(image: &impl Image, root: u32, offset: u32, id: u32) -> Result<Option<u32>, Malformed> {
    match directory(image, root, offset)?.into_iter().find(|e| e.id() == Some(id)) {
        None => Ok(None),
        Some(entry) => entry.subdirectory().map(Some).ok_or(Malformed::UnexpectedDataEntry),
    }
}

/// The raw version resource found in the tree.
pub(super) struct Found {
    /// Its bytes, cut at its size, at 64 KiB, or at the end of the file's section.
    pub bytes: Vec<u8>,
    /// Whether the bytes are all the resource's data entry claims (up to 64 KiB): false when
    /// the section or the file ended first.
    pub whole: bool,
    /// The RVA they start at.
    pub rva: u32,
    /// The language picked.
    pub language: u16,
    /// Every language the resource exists in, in directory order.
    pub languages: Vec<u16>,
}

/// The version resource; None when the image has no RT_VERSION #1 resource.
pub(super) fn find_version(image: &impl Image, root: u32) -> Result<Option<Found>, Malformed> {
    let Some(types) = find_subdirectory(image, root, 0, RT_VERSION)? else {
        return Ok(None);
    };
    let Some(languages) = find_subdirectory(image, root, types, VERSION_NAME)? else {
        return Ok(None);
    };
    let entries: Vec<(u16, Entry)> = directory(image, root, languages)?
        .into_iter()
        .filter_map(|e| Some((u16::try_from(e.id()?).ok()?, e)))
        .collect();
    let languages: Vec<u16> = entries.iter().map(|&(language, _)| language).collect();
    let Some(language) = pick_language(&languages) else {
        return Ok(None);
    };
    let Some(&(_, entry)) = entries.iter().find(|&&(l, _)| l == language) else {
        return Ok(None);
    };
    if entry.subdirectory().is_some() {
        return Err(Malformed::UnexpectedDirectory);
    }
    // IMAGE_RESOURCE_DATA_ENTRY: OffsetToData is an RVA, not an offset from the root.
    let data = root
        .checked_add(entry.target)
        .and_then(|rva| image.at(rva, 16))
        .ok_or(Malformed::DirectoryOutOfBounds)?;
    let rva = u32_at(&data, 0).unwrap_or(0);
    let wanted = (u32_at(&data, 4).unwrap_or(0) as usize).min(VERSION_MAX);
    let bytes = image.rest(rva, wanted).ok_or(Malformed::DataOutOfBounds)?;
    // A size larger than what the section holds is cut; the blob's own lengths are checked.
    Ok(Some(Found {
        whole: bytes.len() == wanted,
        bytes,
        rva,
        language,
        languages,
    }))
}
