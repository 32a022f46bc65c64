//! Broken and hostile PE images, made by corrupting the fixtures: the reader must answer
//! every one quickly, without panicking, and with the expected verdict where there is one.

use std::path::Path;
use std::time::{Duration, Instant};

use dpmlint::evidence::pe::{Malformed, PeError, PeImage, Version, read_bytes};

/// A parse that takes longer than this is treated as a hang (debug builds included).
const SLOW: Duration = Duration::from_secs(1);

fn load(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pe").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn u16_at(bytes: &[u8], offset: usize) -> u16 {
    u16::from_le_bytes([bytes[offset], bytes[offset + 1]])
}

fn u32_at(bytes: &[u8], offset: usize) -> u32 {
    u32::from_le_bytes([bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]])
}

fn put16(bytes: &mut [u8], offset: usize, value: u16) {
    bytes[offset..offset + 2].copy_from_slice(&value.to_le_bytes());
}

fn put32(bytes: &mut [u8], offset: usize, value: u32) {
    bytes[offset..offset + 4].copy_from_slice(&value.to_le_bytes());
}

/// Read with a time limit and a panic guard that names the case (made only on failure).
fn check(bytes: &[u8], case: impl Fn() -> String) -> Result<PeImage, PeError> {
    let start = Instant::now();
    let result = std::panic::catch_unwind(|| read_bytes(bytes)).unwrap_or_else(|_| panic!("panicked on {}", case()));
    let took = start.elapsed();
    assert!(took < SLOW, "{} took {took:?}", case());
    result
}

/// Where the structures of a fixture's version resource are (file offsets), found by
/// walking it here independently of the reader.
struct Layout {
    lfanew: usize,
    /// The resource data directory entry (RVA, Size) in the optional header.
    rsrc_dir_entry: usize,
    /// The root resource directory.
    root: usize,
    /// The root's RT_VERSION entry.
    type_entry: usize,
    /// The RT_VERSION directory's entry for name 1.
    name_entry: usize,
    /// The name directory's (first) language entry.
    language_entry: usize,
    /// IMAGE_RESOURCE_DATA_ENTRY.
    data_entry: usize,
    /// The VS_VERSIONINFO blob.
    blob: usize,
}

fn rva_to_offset(bytes: &[u8], lfanew: usize, rva: u32) -> usize {
    let count = usize::from(u16_at(bytes, lfanew + 6));
    let sections = lfanew + 24 + usize::from(u16_at(bytes, lfanew + 20));
    for i in 0..count {
        let s = sections + i * 40;
        let va = u32_at(bytes, s + 12);
        let size = u32_at(bytes, s + 16);
        if (va..va + size).contains(&rva) {
            return (rva - va + u32_at(bytes, s + 20)) as usize;
        }
    }
    panic!("rva {rva:#x} in no section");
}

fn layout(bytes: &[u8]) -> Layout {
    let lfanew = u32_at(bytes, 0x3c) as usize;
    let magic = u16_at(bytes, lfanew + 24);
    let data_dirs = lfanew + 24 + if magic == 0x20b { 112 } else { 96 };
    let rsrc_dir_entry = data_dirs + 2 * 8;
    let root = rva_to_offset(bytes, lfanew, u32_at(bytes, rsrc_dir_entry));
    let entry_with_id = |dir: usize, id: u32| {
        let count = usize::from(u16_at(bytes, dir + 12)) + usize::from(u16_at(bytes, dir + 14));
        (0..count)
            .map(|i| dir + 16 + i * 8)
            .find(|&e| u32_at(bytes, e) == id)
            .unwrap_or_else(|| panic!("no entry {id}"))
    };
    let subdir = |entry: usize| root + (u32_at(bytes, entry + 4) & 0x7fff_ffff) as usize;
    let type_entry = entry_with_id(root, 16);
    let name_entry = entry_with_id(subdir(type_entry), 1);
    let language_entry = subdir(name_entry) + 16;
    let data_entry = root + u32_at(bytes, language_entry + 4) as usize;
    let blob = rva_to_offset(bytes, lfanew, u32_at(bytes, data_entry));
    Layout {
        lfanew,
        rsrc_dir_entry,
        root,
        type_entry,
        name_entry,
        language_entry,
        data_entry,
        blob,
    }
}

/// The offset of the block whose key is `key` (UTF-16), searched from `from`.
fn block_with_key(bytes: &[u8], from: usize, key: &str) -> usize {
    let needle: Vec<u8> = key.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let at = bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle.as_slice())
        .unwrap_or_else(|| panic!("no {key}"));
    from + at - 6
}

fn malformed(result: Result<PeImage, PeError>) -> Malformed {
    match result {
        Err(PeError::MalformedResources(what)) => what,
        other => panic!("expected malformed resources, got {other:?}"),
    }
}

fn file_version(result: Result<PeImage, PeError>) -> Option<Version> {
    match result {
        Ok(image) => image.version.and_then(|v| v.file_version),
        Err(error) => panic!("{error}"),
    }
}

const JA: Option<Version> = Some(Version([6, 0, 3790, 3959]));

/// `mutate` a copy of ja_x86.dll and read it.
fn mutated(case: &str, mutate: impl FnOnce(&mut Vec<u8>, &Layout)) -> Result<PeImage, PeError> {
    let mut bytes = load("ja_x86.dll");
    let l = layout(&bytes);
    mutate(&mut bytes, &l);
    check(&bytes, || case.to_string())
}

#[test]
fn the_layout_helper_finds_the_real_resource() {
    let result = mutated("unchanged", |_, _| {});
    assert_eq!(file_version(result), JA);
    let bytes = load("ja_x86.dll");
    let l = layout(&bytes);
    assert_eq!(u16_at(&bytes, l.blob + 6), u16::from(b'V'));
    assert!(l.root > l.lfanew);
}

#[test]
fn resource_directory_counts_past_the_end() {
    let result = mutated("huge count", |b, l| put16(b, l.root + 14, 0xffff));
    assert_eq!(malformed(result), Malformed::DirectoryOutOfBounds);
    let result = mutated("huge named count", |b, l| put16(b, l.root + 12, 0xffff));
    assert_eq!(malformed(result), Malformed::DirectoryOutOfBounds);
}

#[test]
fn resource_directory_offsets_past_the_end() {
    let result = mutated("type dir offset", |b, l| put32(b, l.type_entry + 4, 0xffff_fff0));
    assert_eq!(malformed(result), Malformed::DirectoryOutOfBounds);
    let result = mutated("data entry offset", |b, l| put32(b, l.language_entry + 4, 0x7fff_fff0));
    assert_eq!(malformed(result), Malformed::DirectoryOutOfBounds);
    let result = mutated("resource RVA", |b, l| put32(b, l.rsrc_dir_entry, 0xffff_ff00));
    assert_eq!(malformed(result), Malformed::DirectoryOutOfBounds);
    let result = mutated("data RVA", |b, l| put32(b, l.data_entry, 0xffff_fff0));
    assert_eq!(malformed(result), Malformed::DataOutOfBounds);
}

#[test]
fn self_referencing_resource_directories() {
    // RT_VERSION points back at the root, which has no name 1: like FindResource, nothing.
    let result = mutated("type entry -> root", |b, l| put32(b, l.type_entry + 4, 0x8000_0000));
    assert_eq!(result.ok().map(|image| image.version), Some(None));
    // The name level points back at the type level: its "language" 1 is a directory.
    let result = mutated("name entry -> type dir", |b, l| {
        let type_dir = u32_at(b, l.type_entry + 4);
        put32(b, l.name_entry + 4, type_dir)
    });
    assert_eq!(malformed(result), Malformed::UnexpectedDirectory);
    // The language entry points at the root as a directory.
    let result = mutated("language entry -> root", |b, l| {
        put32(b, l.language_entry + 4, 0x8000_0000)
    });
    assert_eq!(malformed(result), Malformed::UnexpectedDirectory);
    // RT_VERSION as a data entry.
    let result = mutated("type entry is data", |b, l| {
        let target = u32_at(b, l.type_entry + 4);
        put32(b, l.type_entry + 4, target & 0x7fff_ffff)
    });
    assert_eq!(malformed(result), Malformed::UnexpectedDataEntry);
}

#[test]
fn version_name_other_than_1_is_not_read() {
    // GetFileVersionInfo asks for name 1 only.
    let result = mutated("name 2", |b, l| put32(b, l.name_entry, 2));
    assert_eq!(result.ok().map(|image| image.version), Some(None));
}

#[test]
fn data_entry_size_lies() {
    let result = mutated("size 4G", |b, l| put32(b, l.data_entry + 4, u32::MAX));
    assert_eq!(file_version(result), JA);
    let result = mutated("size 4", |b, l| put32(b, l.data_entry + 4, 4));
    assert_eq!(malformed(result), Malformed::VersionBlockTooShort);
    let result = mutated("size 0", |b, l| put32(b, l.data_entry + 4, 0));
    assert_eq!(malformed(result), Malformed::VersionBlockTooShort);
    let result = mutated("size 60", |b, l| put32(b, l.data_entry + 4, 60));
    assert_eq!(malformed(result), Malformed::FixedInfoOutOfBounds);
}

#[test]
fn root_length_lies() {
    let result = mutated("wLength 0", |b, l| put16(b, l.blob, 0));
    assert_eq!(malformed(result), Malformed::VersionBlockTooShort);
    let result = mutated("wLength 5", |b, l| put16(b, l.blob, 5));
    assert_eq!(malformed(result), Malformed::VersionBlockTooShort);
    let result = mutated("wLength 0xffff", |b, l| put16(b, l.blob, 0xffff));
    assert_eq!(file_version(result), JA);
    // Cut inside the key: no NUL, so no value either.
    let result = mutated("wLength 20", |b, l| put16(b, l.blob, 20));
    assert_eq!(malformed(result), Malformed::VersionKey("VS_VERS".into()));
}

#[test]
fn fixed_info_lies() {
    let result = mutated("wValueLength 0", |b, l| put16(b, l.blob + 2, 0));
    assert_eq!(file_version(result), None);
    let result = mutated("wValueLength 20", |b, l| put16(b, l.blob + 2, 20));
    assert_eq!(malformed(result), Malformed::FixedInfoSize(20));
    let result = mutated("wValueLength 0xffff", |b, l| put16(b, l.blob + 2, 0xffff));
    assert_eq!(file_version(result), JA);
    let result = mutated("wType 1", |b, l| put16(b, l.blob + 4, 1));
    assert_eq!(file_version(result), JA);
    let result = mutated("signature", |b, l| put32(b, l.blob + 40, 0));
    assert_eq!(malformed(result), Malformed::FixedInfoSignature(0));
    let result = mutated("key", |b, l| b[l.blob + 6] = b'X');
    assert_eq!(malformed(result), Malformed::VersionKey("XS_VERSION_INFO".into()));
}

#[test]
fn child_lengths_lie() {
    // A StringFileInfo of length 0 ends the list, as in VerQueryValue.
    let result = mutated("StringFileInfo wLength 0", |b, l| {
        let at = block_with_key(b, l.blob, "StringFileInfo");
        put16(b, at, 0)
    });
    let info = result.ok().and_then(|i| i.version).unwrap_or_default();
    assert_eq!(info.file_version, JA);
    assert!(info.strings.is_empty());
    assert!(info.translations.is_empty());
    // Longer than its parent: cut at the parent's end; nothing is lost.
    let result = mutated("StringFileInfo wLength 0xffff", |b, l| {
        let at = block_with_key(b, l.blob, "StringFileInfo");
        put16(b, at, 0xffff)
    });
    let info = result.ok().and_then(|i| i.version).unwrap_or_default();
    assert_eq!(info.strings.len(), 8);
    // A string that claims the rest of the table swallows its siblings.
    let result = mutated("CompanyName wLength 0xffff", |b, l| {
        let at = block_with_key(b, l.blob, "CompanyName");
        put16(b, at, 0xffff)
    });
    let info = result.ok().and_then(|i| i.version).unwrap_or_default();
    assert_eq!(
        info.strings,
        vec![("CompanyName".to_string(), "Microsoft Corporation".to_string())]
    );
    // A value length in bytes rather than characters changes nothing: values end at NUL.
    let result = mutated("CompanyName wValueLength 0xffff", |b, l| {
        let at = block_with_key(b, l.blob, "CompanyName");
        put16(b, at + 2, 0xffff)
    });
    let info = result.ok().and_then(|i| i.version).unwrap_or_default();
    assert_eq!(info.string("CompanyName"), Some("Microsoft Corporation"));
    assert_eq!(info.strings.len(), 8);
}

#[test]
fn translation_length_lies() {
    let result = mutated("Translation wValueLength 0xffff", |b, l| {
        let at = block_with_key(b, l.blob, "Translation");
        put16(b, at + 2, 0xffff)
    });
    let info = result.ok().and_then(|i| i.version).unwrap_or_default();
    // Bounded by the Var block: the one real pair.
    assert_eq!(info.translations.len(), 1);
    let result = mutated("Translation wValueLength 2", |b, l| {
        let at = block_with_key(b, l.blob, "Translation");
        put16(b, at + 2, 2)
    });
    let info = result.ok().and_then(|i| i.version).unwrap_or_default();
    assert!(info.translations.is_empty());
}

#[test]
fn header_lies() {
    let result = mutated("e_lfanew far", |b, _| put32(b, 0x3c, 0xffff_fff0));
    assert!(matches!(result, Err(PeError::NotPe)), "{result:?}");
    let result = mutated("e_lfanew odd", |b, l| put32(b, 0x3c, l.lfanew as u32 + 1));
    assert!(matches!(result, Err(PeError::NotPe)), "{result:?}");
    let result = mutated("sections 0xffff", |b, l| put16(b, l.lfanew + 6, 0xffff));
    assert!(
        matches!(result, Err(PeError::MalformedHeaders(Malformed::HeaderOutOfRange))),
        "{result:?}"
    );
    let result = mutated("raw size huge", |b, l| {
        let sections = l.lfanew + 24 + usize::from(u16_at(b, l.lfanew + 20));
        put32(b, sections + 16, 0x7fff_0000)
    });
    assert!(matches!(result, Err(PeError::Truncated)), "{result:?}");
    let result = mutated("optional magic", |b, l| put16(b, l.lfanew + 24, 0x107));
    assert!(matches!(result, Err(PeError::NotPe)), "{result:?}");
    let result = mutated("no directories", |b, l| put32(b, l.lfanew + 24 + 92, 0));
    assert_eq!(result.ok().map(|image| image.version), Some(None));
}

const FIXTURES: [&str; 14] = [
    "ja_x86.dll",
    "en_x64.dll",
    "multi_lang.dll",
    "lang_lowest.dll",
    "lang_neutral.dll",
    "netapi32.dll",
    "no_version.dll",
    "rcdata_only.dll",
    "WindowsServer2003-KB958644-x86-JPN.exe",
    "app_x64.exe",
    "ia64.dll",
    "arm64.dll",
    "truncated.dll",
    "not_a_pe.dll",
];

#[test]
fn every_truncation_of_every_fixture() {
    for name in FIXTURES {
        let bytes = load(name);
        for len in 0..bytes.len() {
            let result = check(&bytes[..len], || format!("{name} cut at {len}"));
            // A cut inside the sections' raw data is always noticed.
            if len >= 0x400 && name != "not_a_pe.dll" {
                assert!(
                    matches!(result, Err(PeError::Truncated)),
                    "{name} cut at {len}: {result:?}"
                );
            }
        }
    }
}

/// The file ranges of the sections other than `.rsrc`: code and data the reader never looks
/// at, so overwriting their bytes tests nothing (the section table itself is in the headers).
fn unread_sections(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    if !bytes.starts_with(b"MZ") {
        return Vec::new();
    }
    let lfanew = u32_at(bytes, 0x3c) as usize;
    let count = usize::from(u16_at(bytes, lfanew + 6));
    let table = lfanew + 24 + usize::from(u16_at(bytes, lfanew + 20));
    (0..count)
        .map(|i| table + i * 40)
        .filter(|&s| !bytes[s..s + 8].starts_with(b".rsrc"))
        .map(|s| {
            let start = u32_at(bytes, s + 20) as usize;
            start..start + u32_at(bytes, s + 16) as usize
        })
        .collect()
}

#[test]
fn every_byte_of_every_fixture_overwritten() {
    for name in FIXTURES {
        let original = load(name);
        let skip = unread_sections(&original);
        let mut bytes = original.clone();
        for offset in (0..bytes.len()).filter(|o| !skip.iter().any(|r| r.contains(o))) {
            let byte = original[offset];
            for value in [0x00, 0xff, byte ^ 0x80, byte.wrapping_add(1)] {
                bytes[offset] = value;
                let _ = check(&bytes, || format!("{name}[{offset:#x}] = {value:#04x}"));
            }
            bytes[offset] = byte;
        }
    }
}

/// xorshift64*: a fixed, dependency-free stream of pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_corruption_of_the_resource_section() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for name in ["ja_x86.dll", "en_x64.dll", "multi_lang.dll", "lang_neutral.dll"] {
        let original = load(name);
        let l = layout(&original);
        let span = original.len() - l.root;
        for round in 0..3000 {
            let mut bytes = original.clone();
            for _ in 0..1 + rng.below(8) {
                let at = l.root + rng.below(span);
                // Mostly small or boundary values, where the length checks are.
                bytes[at] = match rng.below(4) {
                    0 => 0,
                    1 => 0xff,
                    2 => rng.below(8) as u8,
                    _ => rng.next() as u8,
                };
            }
            let _ = check(&bytes, || format!("{name} round {round}"));
        }
    }
}
