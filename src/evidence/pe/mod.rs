//! Reading what Windows reads from a PE image: its machine and its version resource.
//!
//! [`read_path`] reads a file and [`read_bytes`] a byte slice, both through [`read_from`],
//! which asks a [`ReadAt`] for the few ranges it needs: bounded positioned reads, never a
//! memory map, so a file shortened or failing while it is read gives an error value, never a
//! signal, and what a read costs does not depend on the file's size. The PE headers are
//! validated by the `pelite` crate, which also tells PE32 from PE32+. The resource tree and
//! the VS_VERSIONINFO blob are walked here, because `pelite`'s `resources().version_info()`
//! takes the first language entry and needs 4-aligned data; this module picks the language
//! Windows picks and reads any alignment.
//!
//! The version resource is looked up as `GetFileVersionInfo` looks it up: type RT_VERSION
//! (16), name 1 (`VS_VERSION_INFO`) only, with no fallback to another name, because Windows
//! finds none and such a file has no version for DPM either. Where RT_VERSION #1 exists in
//! several languages, the one read is language 0x0000, else 0x0409, else the lowest LANGID
//! present (`spec/cli.md`). The file and product versions come from VS_FIXEDFILEINFO, never
//! from the strings.
//!
//! Results:
//! - `Ok` with `version: None`: a PE image without a version resource (no resource
//!   section, no RT_VERSION #1): an *unversioned* file for the linter.
//! - `Err`: the file cannot be read as a PE image: not a regular file, unreadable, not a
//!   PE image (which the linter also counts as unversioned), cut short, changed while read,
//!   or with malformed headers or a malformed version resource.
//!
//! Nothing here panics on any input, and the work is bounded whatever the file's size: at
//! most 32 MiB of headers (compilers write 1 or 4 KiB), two directories of at most 1 MiB of
//! entries, and 64 KiB of version data are read; every loop advances through the data or
//! stops, and the resource tree is walked only along the three levels leading to the
//! version resource. [`facts_from`] reads what it can of an image that cannot be read
//! whole, for `inspect`.

mod resources;
mod source;
mod version_info;

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use pelite::{PeFile, Wrap};

pub use source::{FileSource, ReadAt};
use source::{read_exact, read_vec};

use crate::i18n::Lang;
use crate::tr;

/// The CPU a PE image is built for (`IMAGE_FILE_HEADER.Machine`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Machine {
    /// `IMAGE_FILE_MACHINE_I386` (0x014c).
    X86,
    /// `IMAGE_FILE_MACHINE_AMD64` (0x8664).
    X64,
    /// `IMAGE_FILE_MACHINE_ARM64` (0xaa64).
    Arm64,
    /// `IMAGE_FILE_MACHINE_ARM` (0x01c0) or `IMAGE_FILE_MACHINE_ARMNT` (0x01c4, the
    /// Thumb-2 images of Windows on 32-bit ARM).
    Arm,
    /// `IMAGE_FILE_MACHINE_IA64` (0x0200), Itanium.
    Ia64,
    /// Any other value, shown in hexadecimal.
    Other(u16),
}

impl Machine {
    /// The catalog's architecture for this machine; `None` for ARM64 and other machines, which no
    /// Windows release of the catalog runs.
    pub fn arch(self) -> Option<crate::catalog::Arch> {
        use crate::catalog::Arch;
        match self {
            Machine::X86 => Some(Arch::X86),
            Machine::X64 => Some(Arch::X64),
            Machine::Ia64 => Some(Arch::Ia64),
            Machine::Arm => Some(Arch::Arm),
            Machine::Arm64 | Machine::Other(_) => None,
        }
    }
}

impl From<u16> for Machine {
    fn from(raw: u16) -> Machine {
        match raw {
            0x014c => Machine::X86,
            0x8664 => Machine::X64,
            0xaa64 => Machine::Arm64,
            0x01c0 | 0x01c4 => Machine::Arm,
            0x0200 => Machine::Ia64,
            other => Machine::Other(other),
        }
    }
}

impl fmt::Display for Machine {
    /// `x86`, `x64`, `arm64`, `arm`, `ia64`, or the value in lowercase hex such as `0x1c2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Machine::X86 => f.write_str("x86"),
            Machine::X64 => f.write_str("x64"),
            Machine::Arm64 => f.write_str("arm64"),
            Machine::Arm => f.write_str("arm"),
            Machine::Ia64 => f.write_str("ia64"),
            Machine::Other(raw) => write!(f, "{raw:#x}"),
        }
    }
}

/// A file or product version: four 16-bit parts, compared part by part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(pub [u16; 4]);

impl fmt::Display for Version {
    /// `a.b.c.d`, always four parts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.0;
        write!(f, "{a}.{b}.{c}.{d}")
    }
}

/// Why a text is not a [`Version`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseVersionError;

impl ParseVersionError {
    /// The reason in English or Japanese.
    pub fn message(&self, lang: Lang) -> String {
        tr!(
            lang,
            "a version is 1 to 4 dot-separated integers of 0 to 65535",
            "バージョンは 0〜65535 の整数を 1〜4 個、ドットで区切ったものです"
        )
    }
}

impl fmt::Display for ParseVersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ParseVersionError {}

impl FromStr for Version {
    type Err = ParseVersionError;

    /// Parse 1 to 4 dot-separated decimal integers of 0–65535 (`5.2.3790.4392`, `6.0`);
    /// missing parts are 0. Signs, spaces, empty parts and more than 4 parts are refused.
    fn from_str(s: &str) -> Result<Version, ParseVersionError> {
        let mut parts = [0u16; 4];
        for (index, part) in s.split('.').enumerate() {
            let slot = parts.get_mut(index).ok_or(ParseVersionError)?;
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ParseVersionError);
            }
            *slot = part.parse().map_err(|_| ParseVersionError)?;
        }
        Ok(Version(parts))
    }
}

/// One entry of `VarFileInfo\Translation`: a language and the code page of its strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Translation {
    /// The LANGID, e.g. 0x0411 for Japanese.
    pub language: u16,
    /// The code page, e.g. 932 (Shift_JIS), 1252 or 1200 (Unicode).
    pub codepage: u16,
}

/// What the version resource says.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct VersionInfo {
    /// `dwFileVersionMS/LS` of VS_FIXEDFILEINFO; None when the resource has no fixed part.
    pub file_version: Option<Version>,
    /// `dwProductVersionMS/LS` of VS_FIXEDFILEINFO; None when it has no fixed part.
    pub product_version: Option<Version>,
    /// Every entry of `VarFileInfo\Translation`, in file order.
    pub translations: Vec<Translation>,
    /// The strings of the first StringFileInfo table, in file order (duplicates kept).
    pub strings: Vec<(String, String)>,
    /// The language of the RT_VERSION resource that was read (see the module docs).
    pub resource_language: Option<u16>,
    /// Every language RT_VERSION #1 exists in, in directory order (the one read among them).
    pub resource_languages: Vec<u16>,
}

impl VersionInfo {
    /// The first string named `key` (ASCII case ignored, as `VerQueryValue` does).
    pub fn string(&self, key: &str) -> Option<&str> {
        self.strings
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// What was read from a PE image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeImage {
    /// The machine of the file header.
    pub machine: Machine,
    /// Whether the optional header is PE32+ (64-bit) rather than PE32.
    pub is_64: bool,
    /// The version resource; None for a PE image without one (an unversioned file).
    pub version: Option<VersionInfo>,
    /// The file's length when it was read (DPM504 sums it without looking at the file again).
    pub file_len: u64,
}

/// What is wrong inside a PE image whose signatures are right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Malformed {
    /// `e_lfanew` is not a multiple of 4.
    HeaderMisaligned,
    /// `e_lfanew`, `SizeOfHeaders` or `NumberOfSections` is out of any sane range.
    HeaderOutOfRange,
    /// `SizeOfOptionalHeader` puts the section table off a 4-byte boundary (compilers
    /// write 224 or 240; `pelite` cannot read such a table soundly).
    SectionTableMisaligned,
    /// Another header error, as `pelite` words it.
    Header(String),
    /// A resource directory lies outside the data the file holds.
    DirectoryOutOfBounds,
    /// A data entry stands where the resource tree needs a directory.
    UnexpectedDataEntry,
    /// A directory stands where the resource tree needs a data entry.
    UnexpectedDirectory,
    /// The version resource's data lies outside the data the file holds.
    DataOutOfBounds,
    /// The version resource is shorter than a VS_VERSIONINFO header.
    VersionBlockTooShort,
    /// The root block's key is not `VS_VERSION_INFO`.
    VersionKey(String),
    /// The root's value has a length other than 0 or the 52 bytes of VS_FIXEDFILEINFO.
    FixedInfoSize(usize),
    /// VS_FIXEDFILEINFO's signature is not 0xFEEF04BD.
    FixedInfoSignature(u32),
    /// VS_FIXEDFILEINFO runs past the end of the version resource.
    FixedInfoOutOfBounds,
}

impl Malformed {
    /// The problem in English or Japanese.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Malformed::HeaderMisaligned => tr!(
                lang,
                "the PE header offset (e_lfanew) is not a multiple of 4",
                "PE ヘッダーの位置 (e_lfanew) が 4 の倍数ではありません"
            ),
            Malformed::HeaderOutOfRange => tr!(
                lang,
                "e_lfanew, SizeOfHeaders or NumberOfSections is out of range",
                "e_lfanew、SizeOfHeaders または NumberOfSections が範囲外です"
            ),
            Malformed::SectionTableMisaligned => tr!(
                lang,
                "SizeOfOptionalHeader puts the section table off a 4-byte boundary",
                "SizeOfOptionalHeader のためにセクション テーブルが 4 バイト境界からずれています"
            ),
            Malformed::Header(detail) => tr!(
                lang,
                "invalid PE headers ({detail})",
                "PE ヘッダーが不正です ({detail})"
            ),
            Malformed::DirectoryOutOfBounds => tr!(
                lang,
                "a resource directory lies outside the file's data",
                "リソース ディレクトリがファイルのデータの外にあります"
            ),
            Malformed::UnexpectedDataEntry => tr!(
                lang,
                "the resource tree has a data entry where a directory belongs",
                "リソース ツリーのディレクトリがあるべき所にデータ エントリがあります"
            ),
            Malformed::UnexpectedDirectory => tr!(
                lang,
                "the resource tree has a directory where the version data belongs",
                "リソース ツリーのバージョン データがあるべき所にディレクトリがあります"
            ),
            Malformed::DataOutOfBounds => tr!(
                lang,
                "the version resource lies outside the file's data",
                "バージョン リソースがファイルのデータの外にあります"
            ),
            Malformed::VersionBlockTooShort => tr!(
                lang,
                "the version resource is shorter than its header",
                "バージョン リソースがヘッダーより短いです"
            ),
            Malformed::VersionKey(key) => tr!(
                lang,
                "the version resource starts with {key:?}, not \"VS_VERSION_INFO\"",
                "バージョン リソースの先頭が \"VS_VERSION_INFO\" ではなく {key:?} です"
            ),
            Malformed::FixedInfoSize(size) => tr!(
                lang,
                "VS_FIXEDFILEINFO is {size} bytes long, not 52",
                "VS_FIXEDFILEINFO の長さが 52 バイトではなく {size} バイトです"
            ),
            Malformed::FixedInfoSignature(signature) => tr!(
                lang,
                "VS_FIXEDFILEINFO's signature is {signature:#010x}, not 0xfeef04bd",
                "VS_FIXEDFILEINFO の署名が 0xfeef04bd ではなく {signature:#010x} です"
            ),
            Malformed::FixedInfoOutOfBounds => tr!(
                lang,
                "VS_FIXEDFILEINFO runs past the end of the version resource",
                "VS_FIXEDFILEINFO がバージョン リソースの終わりを越えています"
            ),
        }
    }
}

/// Why a file could not be read as a PE image.
#[derive(Debug)]
pub enum PeError {
    /// The file could not be opened, inspected or read.
    Io(std::io::Error),
    /// The path is a directory, a FIFO, a device or another non-regular file.
    NotAFile,
    /// No `MZ` header with a `PE\0\0` signature and a PE32/PE32+ optional header: a text
    /// file, a data file, a DOS or 16-bit (NE) program.
    NotPe,
    /// The file ends before the data its PE headers describe: a cut-short copy.
    Truncated,
    /// The file became shorter while it was read (a copy or a build replacing it).
    Changed,
    /// The PE headers are inconsistent.
    MalformedHeaders(Malformed),
    /// The resource tree or the version resource is inconsistent.
    MalformedResources(Malformed),
}

impl PeError {
    /// The reason in English or Japanese, for people.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            PeError::Io(error) => tr!(lang, "cannot read the file: {error}", "ファイルを読めません: {error}"),
            PeError::NotAFile => tr!(lang, "not a regular file", "通常のファイルではありません"),
            PeError::NotPe => tr!(
                lang,
                "not a PE image (no MZ header with a PE signature)",
                "PE イメージではありません (MZ ヘッダーと PE シグネチャがありません)"
            ),
            PeError::Truncated => tr!(
                lang,
                "the PE image is truncated: the file ends before the data its headers describe",
                "PE イメージが途中で切れています: ヘッダーが示すデータより前でファイルが終わっています"
            ),
            PeError::Changed => tr!(
                lang,
                "the file changed while it was read (it became shorter); read it again when nothing is writing it",
                "読み取り中にファイルが変わりました (短くなりました)。書き込みが終わってから読み直してください"
            ),
            PeError::MalformedHeaders(what) => {
                let what = what.message(lang);
                tr!(lang, "malformed PE image: {what}", "PE イメージが壊れています: {what}")
            }
            PeError::MalformedResources(what) => {
                let what = what.message(lang);
                tr!(lang, "malformed resources: {what}", "リソースが壊れています: {what}")
            }
        }
    }
}

impl fmt::Display for PeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for PeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PeError::Io(error) => Some(error),
            _ => None,
        }
    }
}

impl From<std::io::Error> for PeError {
    fn from(error: std::io::Error) -> PeError {
        PeError::Io(error)
    }
}

/// The language Windows reads a language-neutral lookup from: 0x0000, else 0x0409 (English,
/// United States), else the lowest LANGID present. None when there is none.
pub fn pick_language(languages: &[u16]) -> Option<u16> {
    let lowest = languages.iter().copied().min()?;
    if lowest == 0 {
        Some(0)
    } else if languages.contains(&0x0409) {
        Some(0x0409)
    } else {
        Some(lowest)
    }
}

/// The most header bytes padded with zeros when `SizeOfHeaders` claims more than the file
/// holds (see [`read_from`]); beyond it such a file is reported truncated.
const MAX_HEADER_PADDING: u64 = 1 << 20;

/// The most header bytes read at all. Compilers write `SizeOfHeaders` of 0x400 or 0x1000;
/// an image whose headers claim more than this is reported out of range, not read.
const MAX_HEADERS: u64 = 32 << 20;

/// Read a PE image from a file, with bounded positioned reads (see [`read_from`]).
///
/// A directory, FIFO or device is refused before it is opened, so reading never blocks.
pub fn read_path(path: &Path) -> Result<PeImage, PeError> {
    read_opened(crate::platform::open::open_regular(path))
}

/// [`read_path`] for a file a folder listing has just shown to be a regular file, not a link (a
/// package folder's index): the path is not looked at again before it is opened
/// ([`crate::platform::open::open_listed`]).
pub fn read_listed(path: &Path) -> Result<PeImage, PeError> {
    read_opened(crate::platform::open::open_listed(path))
}

fn read_opened(opened: std::io::Result<Option<(std::fs::File, std::fs::Metadata)>>) -> Result<PeImage, PeError> {
    let (file, metadata) = opened?.ok_or(PeError::NotAFile)?;
    let source = FileSource::new(file, metadata.len());
    // A small file (most installers of a repository's hotfixes, and test images) in one read:
    // fewer system calls than the handful of positioned reads; its size bounds the memory.
    if source.len() <= SMALL_FILE {
        let mut bytes = vec![0u8; usize::try_from(source.len()).unwrap_or(0)];
        read_exact(&source, 0, &mut bytes)?;
        return read_from(&bytes.as_slice());
    }
    read_from(&source)
}

/// Files up to this size are read whole, in one read.
const SMALL_FILE: u64 = 64 * 1024;

/// Read a PE image from bytes in memory, at any alignment.
pub fn read_bytes(bytes: &[u8]) -> Result<PeImage, PeError> {
    read_from(&bytes)
}

/// The header fields read before `pelite` sees the headers.
struct Prelude {
    lfanew: u64,
    /// How many bytes the headers take: `SizeOfHeaders`, the NT headers and the section
    /// table, whichever ends last.
    needed: u64,
    /// The length the headers are judged against: the file's, or `SizeOfHeaders` when the
    /// file ends inside its headers and the loader would pad them with zeros.
    padded: u64,
    machine: u16,
}

fn u16_at(bytes: &[u8], offset: usize) -> Option<u16> {
    let bytes: [u8; 2] = bytes.get(offset..offset.checked_add(2)?)?.try_into().ok()?;
    Some(u16::from_le_bytes(bytes))
}

fn u32_at(bytes: &[u8], offset: usize) -> Option<u32> {
    let bytes: [u8; 4] = bytes.get(offset..offset.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(bytes))
}

/// The DOS header, the PE signature and the fixed part of the NT headers: enough to tell a
/// PE image from anything else and a cut-short one from a whole one.
fn prelude(source: &dyn ReadAt) -> Result<Prelude, PeError> {
    let len = source.len();
    let mut dos = [0u8; 0x40];
    let dos_len = dos.len().min(usize::try_from(len).unwrap_or(usize::MAX));
    read_exact(source, 0, dos.get_mut(..dos_len).unwrap_or_default())?;
    if dos.get(..2) != Some(b"MZ".as_slice()) || dos_len < 2 {
        return Err(PeError::NotPe);
    }
    if dos_len < dos.len() {
        return Err(PeError::Truncated);
    }
    let lfanew = u64::from(u32_at(&dos, 0x3c).unwrap_or(0));
    // Signature, IMAGE_FILE_HEADER, and the optional header up to SizeOfHeaders.
    let mut nt = [0u8; 4 + 20 + 64];
    let nt_len = nt
        .len()
        .min(usize::try_from(len.saturating_sub(lfanew)).unwrap_or(usize::MAX));
    if nt_len < 4 {
        return Err(PeError::NotPe);
    }
    read_exact(source, lfanew, nt.get_mut(..nt_len).unwrap_or_default())?;
    if nt.get(..4) != Some(b"PE\0\0".as_slice()) {
        return Err(PeError::NotPe);
    }
    let machine = u16_at(&nt, 4).unwrap_or(0);
    if nt_len < nt.len() {
        return Err(PeError::Truncated);
    }
    let sections = u64::from(u16_at(&nt, 6).unwrap_or(0));
    let optional = u64::from(u16_at(&nt, 20).unwrap_or(0));
    let size_of_headers = u64::from(u32_at(&nt, 84).unwrap_or(0));
    // IMAGE_NT_HEADERS64 is the larger of the two: 4 + 20 + 240 bytes.
    let needed = size_of_headers
        .max(lfanew + 24 + optional + 40 * sections)
        .max(lfanew + 4 + 20 + 240);
    let padded = if size_of_headers > len && size_of_headers <= MAX_HEADER_PADDING {
        size_of_headers
    } else {
        len
    };
    Ok(Prelude {
        lfanew,
        needed,
        padded,
        machine,
    })
}

/// One IMAGE_SECTION_HEADER's placement.
#[derive(Clone, Copy)]
struct Section {
    virtual_address: u32,
    virtual_size: u32,
    raw_size: u32,
    raw_pointer: u32,
}

/// Read a PE image from any [`ReadAt`].
///
/// The headers (at most [`MAX_HEADERS`] bytes) are read into one buffer and validated by
/// `pelite`. A file shorter than its `SizeOfHeaders` is read with the missing header bytes
/// as zeros, as Windows and pefile read it (packers and tiny test images do this). The
/// resource tree and the version data are then read where the section table puts them, a
/// few bytes at a time, never more than 64 KiB of version data.
pub fn read_from(source: &dyn ReadAt) -> Result<PeImage, PeError> {
    if source.is_empty() {
        return Err(PeError::NotPe);
    }
    let prelude = prelude(source)?;
    let view = prelude.padded.min(prelude.needed).min(MAX_HEADERS);
    let view_len = usize::try_from(view).map_err(|_| PeError::MalformedHeaders(Malformed::HeaderOutOfRange))?;
    // pelite needs the image 4-aligned, and makes a reference to IMAGE_NT_HEADERS64 (8-aligned)
    // at e_lfanew: over-allocate, and start where both hold. Windows accepts an e_lfanew that is
    // a multiple of 4 but not of 8; pelite refuses one that is not a multiple of 4 before
    // reading the NT headers.
    let mut buffer = vec![0u8; view_len + 7];
    let base = buffer.as_ptr() as usize;
    let lfanew = usize::try_from(prelude.lfanew).unwrap_or(0);
    let shift = if lfanew.is_multiple_of(4) {
        (8 - base.wrapping_add(lfanew) % 8) % 8
    } else {
        (4 - base % 4) % 4
    };
    let headers = buffer
        .get_mut(shift..shift + view_len)
        .ok_or(PeError::MalformedHeaders(Malformed::HeaderOutOfRange))?;
    read_exact(source, 0, headers)?;
    let headers: &[u8] = headers;

    let file = PeFile::from_bytes(headers).map_err(|error| match error {
        pelite::Error::Bounds if view < prelude.padded.min(prelude.needed) => {
            PeError::MalformedHeaders(Malformed::HeaderOutOfRange)
        }
        pelite::Error::Bounds => PeError::Truncated,
        pelite::Error::BadMagic | pelite::Error::PeMagic => PeError::NotPe,
        pelite::Error::Misaligned => PeError::MalformedHeaders(Malformed::HeaderMisaligned),
        pelite::Error::Insanity => PeError::MalformedHeaders(Malformed::HeaderOutOfRange),
        other => PeError::MalformedHeaders(Malformed::Header(other.to_str().to_owned())),
    })?;
    // pelite makes a slice of IMAGE_SECTION_HEADER (align 4) at the end of the optional
    // header without checking its alignment; it validated e_lfanew's.
    let table = prelude.lfanew + 24 + u64::from(file.file_header().SizeOfOptionalHeader);
    if !table.is_multiple_of(4) {
        return Err(PeError::MalformedHeaders(Malformed::SectionTableMisaligned));
    }

    let sections: Vec<Section> = file
        .section_headers()
        .iter()
        .map(|section| Section {
            virtual_address: section.VirtualAddress,
            virtual_size: section.VirtualSize,
            raw_size: section.SizeOfRawData,
            raw_pointer: section.PointerToRawData,
        })
        .collect();
    // A section whose raw data runs past the end of the file: an incomplete copy, and a
    // version read from it could be a fragment.
    if sections.iter().any(|s| s.raw_size != 0 && s.raw_end() > source.len()) {
        return Err(PeError::Truncated);
    }

    let machine = Machine::from(prelude.machine);
    let is_64 = matches!(file, Wrap::T64(_));
    let resource_dir = file
        .data_directory()
        .get(pelite::image::IMAGE_DIRECTORY_ENTRY_RESOURCE)
        .map(|dir| (dir.VirtualAddress, dir.Size));
    let version = match resource_dir {
        Some((rva, size)) if rva != 0 && size != 0 => {
            let image = Sections::new(source, sections, prelude.padded, false);
            let found = resources::find_version(&image, rva);
            image.failure()?;
            found
                .map_err(PeError::MalformedResources)?
                .map(|found| {
                    version_info::parse(&found.bytes, found.rva as usize, found.language).map(|info| VersionInfo {
                        resource_languages: found.languages,
                        ..info
                    })
                })
                .transpose()
                .map_err(PeError::MalformedResources)?
        }
        _ => None,
    };
    Ok(PeImage {
        machine,
        is_64,
        version,
        file_len: source.len(),
    })
}

impl Section {
    /// Where the raw data ends in the file (wrapping as `pelite` computes it).
    fn raw_end(self) -> u64 {
        u64::from(self.raw_pointer) + u64::from(self.raw_size)
    }
}

/// The image addressed by RVA through its section table, read from the source on demand.
///
/// The first I/O failure is kept and reported by [`Sections::failure`] after the walk: the
/// resource walk sees a failed read as data that is not there and stops.
struct Sections<'s> {
    source: &'s dyn ReadAt,
    sections: Vec<Section>,
    /// Raw data is looked for up to here (the file's length, or its padded headers).
    bound: u64,
    /// For [`facts_from`]: a section cut by the end of the file is read up to that end,
    /// never padded.
    cut_at_end: bool,
    failed: std::cell::RefCell<Option<PeError>>,
}

impl<'s> Sections<'s> {
    fn new(source: &'s dyn ReadAt, sections: Vec<Section>, bound: u64, cut_at_end: bool) -> Sections<'s> {
        Sections {
            source,
            sections,
            bound,
            cut_at_end,
            failed: std::cell::RefCell::new(None),
        }
    }

    fn failure(&self) -> Result<(), PeError> {
        self.failed.borrow_mut().take().map_or(Ok(()), Err)
    }
}

impl resources::Image for Sections<'_> {
    fn at(&self, rva: u32, len: usize) -> Option<Vec<u8>> {
        self.rest(rva, len).filter(|bytes| bytes.len() == len)
    }

    /// As `pelite` slices a file: the first section whose virtual range holds `rva`, its raw
    /// data inside the file, from `rva` to the end of that raw data.
    fn rest(&self, rva: u32, max: usize) -> Option<Vec<u8>> {
        if rva == 0 || self.failed.borrow().is_some() {
            return None;
        }
        let section = self.sections.iter().find(|s| {
            let end = s.virtual_address.wrapping_add(s.virtual_size.max(s.raw_size));
            s.virtual_address <= rva && rva < end
        })?;
        let start = u64::from(section.raw_pointer);
        let mut end = u64::from(section.raw_pointer.wrapping_add(section.raw_size));
        if self.cut_at_end {
            end = end.min(self.bound);
        }
        if start > end || end > self.bound {
            return None;
        }
        let from = start + u64::from(rva - section.virtual_address);
        let available = end.checked_sub(from)?;
        let count = usize::try_from(available).unwrap_or(usize::MAX).min(max);
        match read_vec(self.source, from, count) {
            Ok(bytes) => Some(bytes),
            Err(error) => {
                *self.failed.borrow_mut() = Some(error);
                None
            }
        }
    }
}

/// What could be read from an image that cannot be read whole: a cut-short copy, or headers
/// `pelite` refuses (an `e_lfanew` that is not a multiple of 4). For `inspect`, which shows
/// these beside the error; the linter never uses them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// The machine of the file header, when the file holds the PE signature and it.
    pub machine: Option<Machine>,
    /// PE32+ (true) or PE32 (false), when the optional header's magic says one of them.
    pub is_64: Option<bool>,
    /// The fixed file version, only when the whole version resource is in the file.
    pub file_version: Option<Version>,
    /// The fixed product version, on the same condition.
    pub product_version: Option<Version>,
}

/// [`facts_from`] of the file at `path`; nothing for what is not a regular file.
pub fn facts_of_path(path: &Path) -> Facts {
    let Ok(Some((file, metadata))) = crate::platform::open::open_regular(path) else {
        return Facts::default();
    };
    facts_from(&FileSource::new(file, metadata.len()))
}

/// Read what can be read without trusting the headers as a whole: the machine and the
/// optional header's kind from wherever `e_lfanew` points, and the fixed versions when the
/// resource tree and the whole version resource lie in the part of the file that exists.
/// A version resource cut by the end of the file gives no version: nothing is guessed.
pub fn facts_from(source: &dyn ReadAt) -> Facts {
    let mut facts = Facts::default();
    let len = source.len();
    let mut dos = [0u8; 0x40];
    if len < dos.len() as u64 || read_exact(source, 0, &mut dos).is_err() || dos.get(..2) != Some(b"MZ".as_slice()) {
        return facts;
    }
    let lfanew = u64::from(u32_at(&dos, 0x3c).unwrap_or(0));
    let mut nt = [0u8; 4 + 20 + 2];
    if lfanew + nt.len() as u64 > len
        || read_exact(source, lfanew, &mut nt).is_err()
        || nt.get(..4) != Some(b"PE\0\0".as_slice())
    {
        return facts;
    }
    facts.machine = u16_at(&nt, 4).map(Machine::from);
    let (count_at, directory_at) = match u16_at(&nt, 24) {
        Some(0x10b) => (92u64, 96u64),
        Some(0x20b) => (108, 112),
        _ => return facts,
    };
    facts.is_64 = Some(count_at == 108);
    let version = (|| {
        let optional_size = u64::from(u16_at(&nt, 20)?);
        let section_count = u64::from(u16_at(&nt, 6)?).min(96);
        let optional = lfanew + 24;
        // Data directory 2 (resources): its RVA and size.
        let resource_entry = directory_at + 2 * 8;
        if optional_size < resource_entry + 8 {
            return None;
        }
        let mut head = vec![0u8; usize::try_from(resource_entry + 8).ok()?];
        if optional + head.len() as u64 > len {
            return None;
        }
        read_exact(source, optional, &mut head).ok()?;
        if u32_at(&head, usize::try_from(count_at).ok()?)? < 3 {
            return None;
        }
        let root = u32_at(&head, usize::try_from(resource_entry).ok()?)?;
        let table = optional + optional_size;
        let table_len = usize::try_from(section_count * 40).ok()?;
        if table + table_len as u64 > len {
            return None;
        }
        let table = read_vec(source, table, table_len).ok()?;
        let sections = table
            .chunks_exact(40)
            .map(|header| {
                Some(Section {
                    virtual_size: u32_at(header, 8)?,
                    virtual_address: u32_at(header, 12)?,
                    raw_size: u32_at(header, 16)?,
                    raw_pointer: u32_at(header, 20)?,
                })
            })
            .collect::<Option<Vec<Section>>>()?;
        let image = Sections::new(source, sections, len, true);
        let found = resources::find_version(&image, root).ok()??;
        image.failure().ok()?;
        if !found.whole {
            return None;
        }
        version_info::parse(&found.bytes, found.rva as usize, found.language).ok()
    })();
    if let Some(version) = version {
        facts.file_version = version.file_version;
        facts.product_version = version.product_version;
    }
    facts
}
