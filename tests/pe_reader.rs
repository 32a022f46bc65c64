//! The PE reader on the real fixtures of `fixtures/pe/` (see its README).

use std::path::{Path, PathBuf};

use dpmlint::evidence::pe::{
    FileSource, Machine, Malformed, PeError, PeImage, ReadAt, Translation, Version, VersionInfo, pick_language,
    read_bytes, read_from, read_path,
};
use dpmlint::i18n::Lang;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pe").join(name)
}

fn read(name: &str) -> PeImage {
    match read_path(&fixture(name)) {
        Ok(image) => image,
        Err(error) => panic!("{name}: {error}"),
    }
}

fn version_of(name: &str) -> VersionInfo {
    match read(name).version {
        Some(version) => version,
        None => panic!("{name}: no version resource"),
    }
}

fn v(text: &str) -> Option<Version> {
    Some(text.parse().unwrap_or_else(|e| panic!("{text}: {e}")))
}

fn tr(language: u16, codepage: u16) -> Translation {
    Translation { language, codepage }
}

fn strings(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn x86_dll_in_japanese() {
    let image = read("ja_x86.dll");
    assert_eq!(image.machine, Machine::X86);
    assert!(!image.is_64);
    assert_eq!(
        image.version,
        Some(VersionInfo {
            file_version: v("6.0.3790.3959"),
            product_version: v("6.0.3790.3959"),
            translations: vec![tr(0x0411, 932)],
            strings: strings(&[
                ("CompanyName", "Microsoft Corporation"),
                ("FileDescription", "ネットワーク サポート ライブラリ"),
                ("FileVersion", "6.0.3790.3959 (srv03_sp2_rtm.070216-1710)"),
                ("InternalName", "ja_x86"),
                ("LegalCopyright", "© Microsoft Corporation. All rights reserved."),
                ("OriginalFilename", "ja_x86.dll"),
                ("ProductName", "Microsoft® Windows® Operating System"),
                ("ProductVersion", "6.0.3790.3959"),
            ]),
            resource_language: Some(0x0411),
            resource_languages: vec![0x0411],
        })
    );
}

#[test]
fn x64_dll_in_english() {
    let image = read("en_x64.dll");
    assert_eq!(image.machine, Machine::X64);
    assert!(image.is_64);
    assert_eq!(
        image.version,
        Some(VersionInfo {
            file_version: v("1.2.3.4"),
            product_version: v("1.2.0.0"),
            translations: vec![tr(0x0409, 1252)],
            strings: strings(&[
                ("CompanyName", "dpmlint fixtures"),
                ("FileDescription", "x64 DLL, English (United States)"),
                ("FileVersion", "1.2.3.4"),
                ("InternalName", "en_x64"),
                ("OriginalFilename", "en_x64.dll"),
                ("ProductName", "dpmlint"),
                ("ProductVersion", "1.2"),
            ]),
            resource_language: Some(0x0409),
            resource_languages: vec![0x0409],
        })
    );
}

#[test]
fn two_languages_read_0409_and_its_first_table() {
    // RT_VERSION #1 exists in 0x0409 and 0x0411: 0x0409 is read. Its first table is the
    // Japanese one, and both translations are listed.
    let image = read("multi_lang.dll");
    assert_eq!(image.machine, Machine::X86);
    assert_eq!(
        image.version,
        Some(VersionInfo {
            file_version: v("6.0.0.1033"),
            product_version: v("6.0.0.1033"),
            translations: vec![tr(0x0411, 932), tr(0x0409, 1252)],
            strings: strings(&[("FileDescription", "英語リソース"), ("FileVersion", "6.0.0.1033"),]),
            resource_language: Some(0x0409),
            resource_languages: vec![0x0409, 0x0411],
        })
    );
}

#[test]
fn neither_0000_nor_0409_reads_the_lowest_language() {
    let info = version_of("lang_lowest.dll");
    assert_eq!(info.resource_language, Some(0x0407));
    assert_eq!(info.resource_languages, vec![0x0407, 0x0411]);
    assert_eq!(info.file_version, v("6.1.0.1031"));
    assert_eq!(info.translations, vec![tr(0x0407, 1200)]);
    assert_eq!(info.strings, strings(&[("FileDescription", "German resource")]));
}

#[test]
fn language_neutral_resource_wins() {
    let info = version_of("lang_neutral.dll");
    assert_eq!(info.resource_language, Some(0x0000));
    // Every language the resource exists in, in directory order (sorted by the resource compiler).
    assert_eq!(info.resource_languages, vec![0x0000, 0x0409, 0x0411]);
    assert_eq!(info.file_version, v("7.0.0.0"));
    assert_eq!(info.product_version, v("7.0.0.0"));
    assert_eq!(info.translations, vec![tr(0x0000, 1200)]);
    assert_eq!(info.strings, strings(&[("FileDescription", "Neutral resource")]));
}

#[test]
fn language_choice_rule() {
    assert_eq!(pick_language(&[]), None);
    assert_eq!(pick_language(&[0x0411, 0x0409, 0x0000]), Some(0x0000));
    assert_eq!(pick_language(&[0x0411, 0x0409]), Some(0x0409));
    assert_eq!(pick_language(&[0x0411, 0x0407, 0x040c]), Some(0x0407));
    assert_eq!(pick_language(&[0x0804]), Some(0x0804));
}

#[test]
fn fixed_version_wins_over_the_string() {
    let image = read("netapi32.dll");
    assert_eq!(image.machine, Machine::X86);
    let info = image.version.unwrap_or_default();
    assert_eq!(info.file_version, v("5.2.3790.4392"));
    assert_eq!(info.product_version, v("5.2.3790.4392"));
    assert_eq!(info.translations, vec![tr(0x0411, 932)]);
    assert_eq!(
        info.strings,
        strings(&[
            ("FileVersion", "5.2.3790.4392 (srv03_sp2_gdr.080813-1204)"),
            ("OriginalFilename", "netapi32.dll"),
        ])
    );
    assert_eq!(
        info.string("fileversion"),
        Some("5.2.3790.4392 (srv03_sp2_gdr.080813-1204)")
    );
}

#[test]
fn installer_strings_name_the_kb() {
    let image = read("WindowsServer2003-KB958644-x86-JPN.exe");
    assert_eq!(image.machine, Machine::X86);
    assert!(!image.is_64);
    let info = image.version.unwrap_or_default();
    assert_eq!(info.file_version, v("6.3.4.0"));
    assert_eq!(info.translations, vec![tr(0x0409, 1200)]);
    let kb = "Security Update for Windows Server 2003 (KB958644)";
    assert_eq!(info.string("FileDescription"), Some(kb));
    assert_eq!(info.string("Comments"), Some(kb));
    assert_eq!(
        info.string("OriginalFilename"),
        Some("WindowsServer2003-KB958644-x86-JPN.exe")
    );
    assert_eq!(info.strings.len(), 9);
}

#[test]
fn x64_program() {
    let image = read("app_x64.exe");
    assert_eq!(image.machine, Machine::X64);
    assert!(image.is_64);
    let info = image.version.unwrap_or_default();
    assert_eq!(info.file_version, v("10.0.17763.1"));
    assert_eq!(info.product_version, v("10.0.17763.1"));
    assert_eq!(info.translations, vec![tr(0x0409, 1200)]);
}

#[test]
fn patched_machines() {
    for (name, machine) in [("ia64.dll", Machine::Ia64), ("arm64.dll", Machine::Arm64)] {
        let image = read(name);
        assert_eq!(image.machine, machine, "{name}");
        assert!(image.is_64, "{name}");
        assert_eq!(version_of(name).file_version, v("1.2.3.4"), "{name}");
    }
}

#[test]
fn pe_without_version_resource_is_ok_and_unversioned() {
    for name in ["no_version.dll", "rcdata_only.dll"] {
        let image = read(name);
        assert_eq!(image.machine, Machine::X86, "{name}");
        assert_eq!(image.version, None, "{name}");
    }
}

#[test]
fn truncated_copy() {
    let result = read_path(&fixture("truncated.dll"));
    assert!(matches!(result, Err(PeError::Truncated)), "{result:?}");
}

#[test]
fn text_file_named_dll() {
    let result = read_path(&fixture("not_a_pe.dll"));
    assert!(matches!(result, Err(PeError::NotPe)), "{result:?}");
}

#[test]
fn directory_missing_file_and_empty_file() {
    let folder = fixture("");
    assert!(matches!(read_path(&folder), Err(PeError::NotAFile)));
    let missing = fixture("no-such-file.dll");
    assert!(matches!(read_path(&missing), Err(PeError::Io(_))));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let empty = dir.path().join("empty.dll");
    std::fs::write(&empty, b"").unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(read_path(&empty), Err(PeError::NotPe)));
}

// Windows has no FIFOs in the file system (its named pipes live under \\.\pipe\).
#[cfg(unix)]
#[test]
fn fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fifo = dir.path().join("pipe.dll");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !matches!(made, Ok(status) if status.success()) {
        eprintln!("mkfifo unavailable; skipped");
        return;
    }
    // Opening a FIFO for reading would block until a writer comes: it must not be opened.
    assert!(matches!(read_path(&fifo), Err(PeError::NotAFile)));
}

#[test]
fn read_bytes_matches_read_path_at_any_alignment() {
    let bytes = std::fs::read(fixture("netapi32.dll")).unwrap_or_else(|e| panic!("{e}"));
    let expected = read("netapi32.dll");
    for shift in 0..4 {
        let mut shifted = vec![0u8; shift];
        shifted.extend_from_slice(&bytes);
        let image = read_bytes(shifted.get(shift..).unwrap_or_default());
        assert_eq!(image.ok().as_ref(), Some(&expected), "shift {shift}");
    }
}

#[test]
fn short_file_under_size_of_headers_is_padded_like_windows() {
    // SizeOfHeaders claims 0x400 bytes, the file ends inside the headers, and no section
    // has raw data: Windows and pefile read it; so does dpmlint.
    let mut bytes = std::fs::read(fixture("no_version.dll")).unwrap_or_else(|e| panic!("{e}"));
    let lfanew = u32::from_le_bytes([bytes[0x3c], bytes[0x3d], bytes[0x3e], bytes[0x3f]]) as usize;
    let sections = lfanew + 4 + 20 + usize::from(u16::from_le_bytes([bytes[lfanew + 20], bytes[lfanew + 21]]));
    let count = usize::from(u16::from_le_bytes([bytes[lfanew + 6], bytes[lfanew + 7]]));
    for i in 0..count {
        let header = sections + i * 40;
        bytes[header + 16..header + 24].fill(0); // SizeOfRawData, PointerToRawData
    }
    bytes.truncate(sections + count * 40);
    let image = read_bytes(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(image.machine, Machine::X86);
    assert_eq!(image.version, None);
}

#[test]
fn machine_names() {
    let names: Vec<String> = [0x014c, 0x8664, 0xaa64, 0x01c0, 0x01c4, 0x0200, 0x01c2, 0]
        .into_iter()
        .map(|raw| Machine::from(raw).to_string())
        .collect();
    assert_eq!(names, ["x86", "x64", "arm64", "arm", "arm", "ia64", "0x1c2", "0x0"]);
}

#[test]
fn version_text() {
    assert_eq!(Version([5, 2, 3790, 4392]).to_string(), "5.2.3790.4392");
    assert_eq!("5.2.3790.4392".parse(), Ok(Version([5, 2, 3790, 4392])));
    assert_eq!("6".parse(), Ok(Version([6, 0, 0, 0])));
    assert_eq!("6.0".parse(), Ok(Version([6, 0, 0, 0])));
    assert_eq!("65535.0.0.65535".parse(), Ok(Version([65535, 0, 0, 65535])));
    for bad in [
        "",
        ".",
        "1.",
        ".1",
        "1..2",
        "1.2.3.4.5",
        "65536",
        "-1",
        "+1",
        " 1",
        "1 ",
        "1.a",
        "0x10",
        "１.２",
    ] {
        assert!(bad.parse::<Version>().is_err(), "{bad:?}");
    }
    assert!(Version([5, 2, 3790, 4392]) > Version([5, 2, 3790, 3959]));
    assert!(Version([10, 0, 0, 0]) > Version([9, 65535, 65535, 65535]));
}

#[test]
fn error_messages_in_both_languages() {
    let cases = [
        (
            PeError::NotPe,
            "not a PE image (no MZ header with a PE signature)",
            "PE イメージではありません (MZ ヘッダーと PE シグネチャがありません)",
        ),
        (
            PeError::MalformedResources(Malformed::FixedInfoSignature(0x1234)),
            "malformed resources: VS_FIXEDFILEINFO's signature is 0x00001234, not 0xfeef04bd",
            "リソースが壊れています: VS_FIXEDFILEINFO の署名が 0xfeef04bd ではなく 0x00001234 です",
        ),
    ];
    for (error, en, ja) in cases {
        assert_eq!(error.message(Lang::En), en);
        assert_eq!(error.to_string(), en);
        assert_eq!(error.message(Lang::Ja), ja);
    }
}

/// A source that stands for a file another process changes while dpmlint reads it: every read
/// after the first `keep` reads sees the file cut to `cut_to` bytes.
struct Shrinking {
    bytes: Vec<u8>,
    keep: usize,
    cut_to: usize,
    reads: std::cell::Cell<usize>,
}

impl ReadAt for Shrinking {
    fn len(&self) -> u64 {
        self.bytes.len() as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let reads = self.reads.get() + 1;
        self.reads.set(reads);
        let visible = if reads > self.keep {
            self.cut_to
        } else {
            self.bytes.len()
        };
        let bytes = self.bytes.get(..visible).unwrap_or_default();
        bytes.read_at(offset, buf)
    }
}

#[test]
fn a_file_shortened_between_reads_is_an_error_value_at_every_step() {
    let bytes = std::fs::read(fixture("ja_x86.dll")).unwrap_or_else(|e| panic!("{e}"));
    let whole = read_from(&bytes.as_slice()).unwrap_or_else(|e| panic!("{e}"));
    let mut reads = 0;
    loop {
        let source = Shrinking {
            bytes: bytes.clone(),
            keep: reads,
            cut_to: 0x30,
            reads: std::cell::Cell::new(0),
        };
        let result = read_from(&source);
        let total = source.reads.get();
        if total <= reads {
            // The cut came after the last read: the image was read whole.
            assert_eq!(result.ok().as_ref(), Some(&whole));
            break;
        }
        assert!(
            matches!(result, Err(PeError::Changed)),
            "cut after {reads} reads: {result:?}"
        );
        reads += 1;
    }
    // Headers, three levels of resource directories with their entries, the data entry and
    // the version data: a handful of reads, whatever the file's size.
    assert!((5..=12).contains(&reads), "{reads} reads");
}

#[test]
fn a_real_file_truncated_by_another_writer_during_the_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("setup.exe");
    std::fs::copy(fixture("ja_x86.dll"), &path).unwrap_or_else(|e| panic!("{e}"));
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let len = file.metadata().map(|m| m.len()).unwrap_or_default();
    let source = FileSource::new(file, len);
    // Cut the file after the headers were read, as a copy restarting over it would.
    struct CutAfterFirst<'a> {
        inner: &'a FileSource,
        path: &'a Path,
        reads: std::cell::Cell<usize>,
    }
    impl ReadAt for CutAfterFirst<'_> {
        fn len(&self) -> u64 {
            self.inner.len()
        }
        fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
            self.reads.set(self.reads.get() + 1);
            if self.reads.get() == 3 {
                let writer = std::fs::OpenOptions::new().write(true).open(self.path)?;
                writer.set_len(0x200)?;
            }
            self.inner.read_at(offset, buf)
        }
    }
    let cutting = CutAfterFirst {
        inner: &source,
        path: &path,
        reads: std::cell::Cell::new(0),
    };
    let result = read_from(&cutting);
    assert!(matches!(result, Err(PeError::Changed)), "{result:?}");
    assert!(
        PeError::Changed
            .message(Lang::Ja)
            .contains("読み取り中にファイルが変わりました")
    );
}

#[test]
fn a_huge_sparse_installer_costs_what_a_small_one_does() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("huge.exe");
    std::fs::copy(fixture("ja_x86.dll"), &path).unwrap_or_else(|e| panic!("{e}"));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("{e}"));
    // 4 GiB, all but the first few KB a hole: reading it whole would take seconds and 4 GiB.
    if let Err(error) = file.set_len(4 << 30) {
        eprintln!("cannot make a 4 GiB sparse file here ({error}); skipped");
        return;
    }
    drop(file);
    let started = std::time::Instant::now();
    let image = read_path(&path).unwrap_or_else(|e| panic!("{e}"));
    let small = read("ja_x86.dll");
    assert_eq!(image.file_len, 4 << 30, "the length is the file's");
    assert_eq!(
        PeImage {
            file_len: small.file_len,
            ..image
        },
        small
    );
    // Not a timing test: a whole read of 4 GiB takes far longer than this generous bound.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn pe32_plus_headers_at_a_multiple_of_4_but_not_8_are_read_without_misalignment() {
    // Found by the pe_read fuzz target: e_lfanew 4 or 0x84 (Windows accepts any multiple of 4).
    // The reader must place the NT headers on an 8-byte boundary for pelite's IMAGE_NT_HEADERS64;
    // before, debug builds aborted here and release builds had undefined behaviour.
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz/pe_read");
    for name in ["pe32plus-nt-headers-at-offset-4", "pe32plus-nt-headers-at-offset-0x84"] {
        let bytes = std::fs::read(data.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        for shift in 0..8 {
            let mut shifted = vec![0u8; shift];
            shifted.extend_from_slice(&bytes);
            let _ = read_bytes(shifted.get(shift..).unwrap_or_default());
        }
    }
}
