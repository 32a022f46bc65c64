//! Bounded parsing of a VS_VERSIONINFO blob (`domain/update-naming.md` §5).
//!
//! Every structure is `wLength, wValueLength, wType, szKey, padding, Value, padding, Children`,
//! with each part aligned to 32 bits. Alignment is counted from the blob's RVA, as Windows
//! counts it from the address of the loaded resource. The root's `wLength` is a u16, so
//! everything lies in the first 64 KiB of the blob; every loop below advances by at least
//! one header (6 bytes) or stops, so parsing is linear in that and never recurses.
//!
//! Leniency: a child whose `wLength` is 0 ends its parent's list (as in `VerQueryValue`), a
//! child that claims more than its parent has is cut at the parent's end, and string values
//! are read up to their NUL (some tools count `wValueLength` in bytes, not characters). The
//! root itself must be sound, or the resource is reported as malformed.

use super::{Malformed, Translation, Version, VersionInfo, u32_at};

/// `VS_FIXEDFILEINFO.dwSignature`.
const FIXED_SIGNATURE: u32 = 0xFEEF_04BD;
/// The size of VS_FIXEDFILEINFO.
const FIXED_SIZE: usize = 52;
/// `wLength`, `wValueLength`, `wType`.
const HEADER_SIZE: usize = 6;

/// One structure of the blob, located but not yet interpreted.
struct Block<'a> {
    /// `szKey` as UTF-16LE bytes, without its NUL.
    key: &'a [u8],
    /// `wValueLength` as stored (characters for text, bytes for binary).
    value_length: u16,
    /// From the aligned start of `Value` to the end of the block.
    value: &'a [u8],
    /// Offset of the first child in the blob.
    children: usize,
    /// Offset just past the block, cut at its parent's end.
    end: usize,
    /// Offset where the next sibling is looked for (aligned, not cut).
    next: usize,
}

/// The blob with the alignment phase of its RVA.
struct Blob<'a> {
    bytes: &'a [u8],
    phase: usize,
}

impl<'a> Blob<'a> {
    /// Round `offset` up so that `phase + offset` is a multiple of 4.
    fn align(&self, offset: usize) -> usize {
        let at = self.phase.saturating_add(offset);
        at.saturating_add(3) / 4 * 4 - self.phase
    }

    fn u16_at(&self, offset: usize) -> Option<u16> {
        let bytes: [u8; 2] = self.bytes.get(offset..offset.checked_add(2)?)?.try_into().ok()?;
        Some(u16::from_le_bytes(bytes))
    }

    /// The block starting at `start`, which must end by `limit`. None when no header fits
    /// or `wLength` is shorter than the header (a zero-length block ends a list).
    fn block(&self, start: usize, limit: usize) -> Option<Block<'a>> {
        let limit = limit.min(self.bytes.len());
        if start.checked_add(HEADER_SIZE)? > limit {
            return None;
        }
        let length = usize::from(self.u16_at(start)?);
        let value_length = self.u16_at(start + 2)?;
        let kind = self.u16_at(start + 4)?;
        if length < HEADER_SIZE {
            return None;
        }
        let end = start.checked_add(length)?.min(limit);
        let key_start = start + HEADER_SIZE;
        // The key runs to its NUL; a key without one fills the block and leaves no value.
        let mut key_end = end;
        let mut after_key = end;
        let mut pos = key_start;
        while pos + 2 <= end {
            if self.u16_at(pos)? == 0 {
                key_end = pos;
                after_key = pos + 2;
                break;
            }
            pos += 2;
        }
        let value_start = self.align(after_key).min(end);
        let value_bytes = if kind == 1 {
            usize::from(value_length) * 2
        } else {
            usize::from(value_length)
        };
        let children = self.align(value_start + value_bytes).min(end);
        Some(Block {
            key: self.bytes.get(key_start..key_end)?,
            value_length,
            value: self.bytes.get(value_start..end)?,
            children,
            end,
            next: self.align(start + length),
        })
    }

    /// The children of `parent`, in file order.
    fn children(&self, parent: &Block<'a>) -> impl Iterator<Item = Block<'a>> + '_ {
        let end = parent.end;
        let mut pos = Some(parent.children);
        std::iter::from_fn(move || {
            let block = self.block(pos?, end)?;
            // `next` is at least a header past the start, so the walk always advances.
            pos = Some(block.next);
            Some(block)
        })
    }
}

/// Whether a UTF-16LE key equals `name` (ASCII), ignoring ASCII case as `VerQueryValue` does.
/// Compared unit by unit, nothing decoded: a NUL or a unit past ASCII never matches.
fn key_is(key: &[u8], name: &str) -> bool {
    key.len() == name.len() * 2
        && key
            .chunks_exact(2)
            .zip(name.bytes())
            .all(|(unit, b)| unit[1] == 0 && unit[0].eq_ignore_ascii_case(&b))
}

/// Decode UTF-16LE, stopping at the first NUL; unpaired surrogates become U+FFFD.
fn utf16(bytes: &[u8]) -> String {
    // Most version strings are ASCII: one byte a unit, copied as it is.
    let mut ascii = Vec::with_capacity(bytes.len() / 2);
    for unit in bytes.chunks_exact(2) {
        match (unit[0], unit[1]) {
            (0, 0) => break,
            (b, 0) if b.is_ascii() => ascii.push(b),
            _ => return utf16_decoded(bytes),
        }
    }
    String::from_utf8(ascii).unwrap_or_else(|_| utf16_decoded(bytes))
}

/// [`utf16`] for text that is not all ASCII.
fn utf16_decoded(bytes: &[u8]) -> String {
    let units = bytes
        .chunks_exact(2)
        .filter_map(|unit| unit.try_into().ok().map(u16::from_le_bytes))
        .take_while(|&unit| unit != 0);
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn version(ms: u32, ls: u32) -> Version {
    Version([(ms >> 16) as u16, ms as u16, (ls >> 16) as u16, ls as u16])
}

/// Parse a VS_VERSIONINFO blob whose first byte sits at an RVA with `rva % 4 == phase`.
pub(super) fn parse(bytes: &[u8], phase: usize, language: u16) -> Result<VersionInfo, Malformed> {
    let blob = Blob {
        bytes,
        phase: phase % 4,
    };
    let root = blob.block(0, bytes.len()).ok_or(Malformed::VersionBlockTooShort)?;
    if !key_is(root.key, "VS_VERSION_INFO") {
        return Err(Malformed::VersionKey(utf16(root.key)));
    }

    let (file_version, product_version) = match usize::from(root.value_length) {
        0 => (None, None),
        FIXED_SIZE.. => {
            let fixed = root.value.get(..FIXED_SIZE).ok_or(Malformed::FixedInfoOutOfBounds)?;
            let field = |offset| u32_at(fixed, offset).unwrap_or(0);
            let signature = field(0);
            if signature != FIXED_SIGNATURE {
                return Err(Malformed::FixedInfoSignature(signature));
            }
            (Some(version(field(8), field(12))), Some(version(field(16), field(20))))
        }
        length => return Err(Malformed::FixedInfoSize(length)),
    };

    let mut info = VersionInfo {
        file_version,
        product_version,
        translations: Vec::new(),
        strings: Vec::new(),
        resource_language: Some(language),
        resource_languages: vec![language],
    };
    let mut seen_strings = false;
    let mut seen_vars = false;
    for child in blob.children(&root) {
        if !seen_strings && key_is(child.key, "StringFileInfo") {
            seen_strings = true;
            if let Some(table) = blob.children(&child).next() {
                info.strings = blob
                    .children(&table)
                    .map(|string| {
                        let value = if string.value_length == 0 {
                            String::new()
                        } else {
                            utf16(string.value)
                        };
                        (utf16(string.key), value)
                    })
                    .collect();
            }
        } else if !seen_vars && key_is(child.key, "VarFileInfo") {
            seen_vars = true;
            if let Some(var) = blob.children(&child).find(|var| key_is(var.key, "Translation")) {
                // A DWORD array whatever wType says: low word LANGID, high word code page.
                let length = usize::from(var.value_length).min(var.value.len());
                info.translations = var
                    .value
                    .get(..length)
                    .unwrap_or_default()
                    .chunks_exact(4)
                    .filter_map(|pair| u32_at(pair, 0))
                    .map(|pair| Translation {
                        language: pair as u16,
                        codepage: (pair >> 16) as u16,
                    })
                    .collect();
            }
        }
    }
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::{key_is, utf16};

    fn le(units: &[u16]) -> Vec<u8> {
        units.iter().flat_map(|u| u.to_le_bytes()).collect()
    }

    #[test]
    fn keys_compare_ignoring_ascii_case_only() {
        let key = le(&"VS_VERSION_INFO".encode_utf16().collect::<Vec<_>>());
        assert!(key_is(&key, "VS_VERSION_INFO"));
        assert!(key_is(
            &le(&"vs_version_info".encode_utf16().collect::<Vec<_>>()),
            "VS_VERSION_INFO"
        ));
        assert!(!key_is(&key, "VS_VERSION_INF"), "another length");
        assert!(!key_is(&le(&[u16::from(b'A'), 0]), "AB"), "a NUL ends the key");
        assert!(!key_is(&le(&[0xC9]), "E"), "É is not E");
        assert!(
            !key_is(&le(&[0x0141]), "A"),
            "a unit past Latin-1 whose low byte is ASCII"
        );
    }

    #[test]
    fn text_is_decoded_to_its_nul() {
        assert_eq!(
            utf16(&le(&[0x65E5, 0x672C, u16::from(b'1'), 0, u16::from(b'x')])),
            "日本1"
        );
        assert_eq!(
            utf16(&le(&[0xD800, u16::from(b'a')])),
            "\u{FFFD}a",
            "an unpaired surrogate"
        );
        assert_eq!(utf16(&[b'a', 0, b'b']), "a", "an odd byte at the end is left");
        assert_eq!(
            utf16(&le(&[u16::from(b'a'), 0xE9, u16::from(b'b')])),
            "aéb",
            "ASCII, then not"
        );
        assert_eq!(utf16(&le(&[u16::from(b'a'), 0x0141])), "aŁ");
        assert_eq!(utf16(&[]), "");
    }
}
