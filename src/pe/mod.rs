//! Reading what Windows reads from a PE image: its machine and its version resource.
//!
//! [`read_path`] memory-maps the file (nothing is copied) and [`read_bytes`] reads a byte
//! slice. The PE headers are validated by the `pelite` crate, which also tells PE32 from
//! PE32+ and maps RVAs to file offsets. The resource tree and the VS_VERSIONINFO blob are
//! walked here, because `pelite`'s `resources().version_info()` takes the first language
//! entry and needs 4-aligned data; this module picks the language Windows picks and reads
//! any alignment.
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
//!   PE image (which the linter also counts as unversioned), cut short, or with malformed
//!   headers or a malformed version resource.
//!
//! Nothing here panics on any input, and the work is bounded by the size of the file: every
//! loop advances through the data or stops, and the resource tree is walked only along the
//! three levels leading to the version resource.

mod resources;
mod version_info;

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use pelite::{PeFile, Wrap};

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
    /// The file could not be opened, inspected or mapped.
    Io(std::io::Error),
    /// The path is a directory, a FIFO, a device or another non-regular file.
    NotAFile,
    /// No `MZ` header with a `PE\0\0` signature and a PE32/PE32+ optional header: a text
    /// file, a data file, a DOS or 16-bit (NE) program.
    NotPe,
    /// The file ends before the data its PE headers describe: a cut-short copy.
    Truncated,
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

/// Files up to this size are read into memory; larger ones are memory-mapped.
const SMALL_FILE: u64 = 64 * 1024;

/// Read a PE image from a file: memory-mapped (never copied whole) when larger than 64 KiB,
/// read into memory when smaller.
///
/// A directory, FIFO or device is refused before it is opened, so reading never blocks.
/// The map assumes nobody shortens the file while it is read (as any mmap-based reader
/// does); a file changed underneath is the caller's race, not a parsing error.
pub fn read_path(path: &Path) -> Result<PeImage, PeError> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(PeError::NotAFile);
    }
    let file = File::open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(PeError::NotAFile);
    }
    if metadata.len() == 0 {
        return Err(PeError::NotPe);
    }
    // A small file is read whole: fewer system calls and no page faults, which matters when ten
    // thousand installers of a few KB are read. A larger one is mapped, never copied.
    if metadata.len() <= SMALL_FILE {
        let mut bytes = Vec::with_capacity(metadata.len() as usize);
        (&file).take(SMALL_FILE).read_to_end(&mut bytes)?;
        return read_bytes(&bytes);
    }
    // SAFETY: the map is only read, and lives no longer than this call. Like every mmap
    // reader this relies on the file not being truncated meanwhile by another process.
    let map = unsafe { memmap2::Mmap::map(&file) }?;
    read_bytes(&map)
}

/// The most header bytes padded with zeros when `SizeOfHeaders` claims more than the file
/// holds (see [`read_bytes`]); beyond it such a file is reported truncated.
const MAX_HEADER_PADDING: usize = 1 << 20;

/// Read a PE image from bytes.
///
/// `pelite` needs 4-aligned data and refuses a file shorter than its `SizeOfHeaders`,
/// which Windows and pefile accept (packers and tiny test images do this; the loader reads
/// the missing header bytes as zeros). So bytes that are not aligned, or such a short file,
/// are copied once into an aligned, zero-padded buffer; a memory-mapped file of ordinary
/// shape is read in place.
pub fn read_bytes(bytes: &[u8]) -> Result<PeImage, PeError> {
    // The signatures first, so that a cut-short PE is told from a file that is no PE at all.
    if bytes.get(..2) != Some(b"MZ".as_slice()) {
        return Err(PeError::NotPe);
    }
    let lfanew = u32_at(bytes, 0x3c).ok_or(PeError::Truncated)? as usize;
    if bytes.get(lfanew..lfanew.saturating_add(4)) != Some(b"PE\0\0".as_slice()) {
        return Err(PeError::NotPe);
    }
    // SizeOfHeaders: at the same place in PE32 and PE32+ optional headers.
    let size_of_headers = lfanew
        .checked_add(4 + 20 + 60)
        .and_then(|offset| u32_at(bytes, offset))
        .ok_or(PeError::Truncated)? as usize;
    let padded = if size_of_headers > bytes.len() && size_of_headers <= MAX_HEADER_PADDING {
        size_of_headers
    } else {
        bytes.len()
    };
    if padded == bytes.len() && bytes.as_ptr().align_offset(4) == 0 {
        return parse(bytes, bytes.len());
    }
    let mut buffer = vec![0u8; padded + 3];
    let shift = buffer.as_ptr().align_offset(4).min(3);
    let image = buffer.get_mut(shift..shift + padded).ok_or(PeError::NotPe)?;
    image
        .get_mut(..bytes.len())
        .ok_or(PeError::NotPe)?
        .copy_from_slice(bytes);
    parse(image, bytes.len())
}

fn u32_at(bytes: &[u8], offset: usize) -> Option<u32> {
    let bytes: [u8; 4] = bytes.get(offset..offset.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(bytes))
}

/// Read `image`, 4-aligned, of which the first `file_len` bytes are the file's.
fn parse(image: &[u8], file_len: usize) -> Result<PeImage, PeError> {
    let file = PeFile::from_bytes(image).map_err(|error| match error {
        pelite::Error::Bounds => PeError::Truncated,
        pelite::Error::BadMagic | pelite::Error::PeMagic => PeError::NotPe,
        pelite::Error::Misaligned => PeError::MalformedHeaders(Malformed::HeaderMisaligned),
        pelite::Error::Insanity => PeError::MalformedHeaders(Malformed::HeaderOutOfRange),
        other => PeError::MalformedHeaders(Malformed::Header(other.to_str().to_owned())),
    })?;
    // pelite makes a slice of IMAGE_SECTION_HEADER (align 4) at the end of the optional
    // header without checking its alignment; it validated e_lfanew's.
    let table = file.dos_header().e_lfanew as usize + 24 + usize::from(file.file_header().SizeOfOptionalHeader);
    if !table.is_multiple_of(4) {
        return Err(PeError::MalformedHeaders(Malformed::SectionTableMisaligned));
    }

    // A section whose raw data runs past the end of the file: an incomplete copy, and a
    // version read from it could be a fragment.
    for section in file.section_headers() {
        let end = u64::from(section.PointerToRawData) + u64::from(section.SizeOfRawData);
        if section.SizeOfRawData != 0 && end > file_len as u64 {
            return Err(PeError::Truncated);
        }
    }

    let machine = Machine::from(file.file_header().Machine);
    let is_64 = matches!(file, Wrap::T64(_));
    let resource_dir = file
        .data_directory()
        .get(pelite::image::IMAGE_DIRECTORY_ENTRY_RESOURCE)
        .map(|dir| (dir.VirtualAddress, dir.Size));
    let version = match resource_dir {
        Some((rva, size)) if rva != 0 && size != 0 => {
            let image = Mapped(file);
            resources::find_version(&image, rva)
                .map_err(PeError::MalformedResources)?
                .map(|found| version_info::parse(found.bytes, found.rva as usize, found.language))
                .transpose()
                .map_err(PeError::MalformedResources)?
        }
        _ => None,
    };
    Ok(PeImage {
        machine,
        is_64,
        version,
    })
}

/// The file's bytes addressed by RVA, through its section table.
struct Mapped<'a>(PeFile<'a>);

impl<'a> resources::Image<'a> for Mapped<'a> {
    fn at(&self, rva: u32, len: usize) -> Option<&'a [u8]> {
        self.rest(rva)?.get(..len)
    }

    fn rest(&self, rva: u32) -> Option<&'a [u8]> {
        self.0.slice_bytes(rva).ok()
    }
}
