//! `dpmlint::evidence::inspect::run`: the JSON contract of `spec/cli.md`, the human output, the exit
//! status. Paths are relative to the crate root, where cargo runs integration tests.

use std::path::PathBuf;

use dpmlint::evidence::inspect::run;
use dpmlint::i18n::Lang;

fn inspect(files: &[&str], json: bool, lang: Lang, color: bool) -> (i32, String) {
    let paths: Vec<PathBuf> = files.iter().map(|f| PathBuf::from("fixtures/pe").join(f)).collect();
    let mut out = Vec::new();
    let status = run(&paths, json, lang, color, &mut out).unwrap_or_else(|e| panic!("{e}"));
    (status, String::from_utf8(out).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn json_matches_the_cli_contract_example() {
    let (status, out) = inspect(&["netapi32.dll"], true, Lang::En, false);
    assert_eq!(status, 0);
    let expected = r#"[
  {
    "path": "fixtures/pe/netapi32.dll",
    "is_pe": true,
    "machine": "x86",
    "file_version": "5.2.3790.4392",
    "product_version": "5.2.3790.4392",
    "translations": [
      {
        "language": "0x0411",
        "codepage": 932
      }
    ],
    "strings": {
      "FileVersion": "5.2.3790.4392 (srv03_sp2_gdr.080813-1204)",
      "OriginalFilename": "netapi32.dll"
    },
    "error": null
  }
]
"#;
    assert_eq!(out, expected);
}

#[test]
fn json_in_argument_order_with_errors_and_unversioned_files() {
    let (status, out) = inspect(
        &[
            "not_a_pe.dll",
            "multi_lang.dll",
            "no_version.dll",
            "truncated.dll",
            "ia64.dll",
        ],
        true,
        Lang::En,
        false,
    );
    assert_eq!(status, 1);
    let expected = r#"[
  {
    "path": "fixtures/pe/not_a_pe.dll",
    "is_pe": false,
    "machine": null,
    "file_version": null,
    "product_version": null,
    "translations": null,
    "strings": null,
    "error": "not a PE image (no MZ header with a PE signature)"
  },
  {
    "path": "fixtures/pe/multi_lang.dll",
    "is_pe": true,
    "machine": "x86",
    "file_version": "6.0.0.1033",
    "product_version": "6.0.0.1033",
    "translations": [
      {
        "language": "0x0411",
        "codepage": 932
      },
      {
        "language": "0x0409",
        "codepage": 1252
      }
    ],
    "strings": {
      "FileDescription": "英語リソース",
      "FileVersion": "6.0.0.1033"
    },
    "error": null
  },
  {
    "path": "fixtures/pe/no_version.dll",
    "is_pe": true,
    "machine": "x86",
    "file_version": null,
    "product_version": null,
    "translations": [],
    "strings": {},
    "error": null
  },
  {
    "path": "fixtures/pe/truncated.dll",
    "is_pe": true,
    "machine": "x86",
    "file_version": null,
    "product_version": null,
    "translations": null,
    "strings": null,
    "error": "the PE image is truncated: the file ends before the data its headers describe"
  },
  {
    "path": "fixtures/pe/ia64.dll",
    "is_pe": true,
    "machine": "ia64",
    "file_version": "1.2.3.4",
    "product_version": "1.2.0.0",
    "translations": [
      {
        "language": "0x0409",
        "codepage": 1252
      }
    ],
    "strings": {
      "CompanyName": "dpmlint fixtures",
      "FileDescription": "x64 DLL, English (United States)",
      "FileVersion": "1.2.3.4",
      "InternalName": "en_x64",
      "OriginalFilename": "en_x64.dll",
      "ProductName": "dpmlint",
      "ProductVersion": "1.2"
    },
    "error": null
  }
]
"#;
    assert_eq!(out, expected);
}

#[test]
fn json_strings_keep_file_order_not_alphabetical() {
    let (_, out) = inspect(&["WindowsServer2003-KB958644-x86-JPN.exe"], true, Lang::En, false);
    let keys: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.contains("\"strings\""))
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('}'))
        .filter_map(|l| l.trim_start().strip_prefix('"')?.split('"').next())
        .collect();
    assert_eq!(
        keys,
        [
            "Comments",
            "CompanyName",
            "FileDescription",
            "FileVersion",
            "InternalName",
            "LegalCopyright",
            "OriginalFilename",
            "ProductName",
            "ProductVersion"
        ]
    );
}

#[test]
fn json_errors_follow_the_language() {
    let (status, out) = inspect(&["not_a_pe.dll"], true, Lang::Ja, false);
    assert_eq!(status, 1);
    assert!(
        out.contains(r#""error": "PE イメージではありません (MZ ヘッダーと PE シグネチャがありません)""#),
        "{out}"
    );
}

#[test]
fn empty_argument_list_is_an_empty_array() {
    let (status, out) = inspect(&[], true, Lang::En, false);
    assert_eq!((status, out.as_str()), (0, "[]\n"));
}

#[test]
fn human_output_in_english() {
    let (status, out) = inspect(
        &["netapi32.dll", "no_version.dll", "not_a_pe.dll"],
        false,
        Lang::En,
        false,
    );
    assert_eq!(status, 1);
    let expected = "\
fixtures/pe/netapi32.dll
  machine:           x86 (PE32)
  file version:      5.2.3790.4392
  product version:   5.2.3790.4392
  translations:      0x0411/932
  resource language: 0x0411
  strings:
    FileVersion:      5.2.3790.4392 (srv03_sp2_gdr.080813-1204)
    OriginalFilename: netapi32.dll
  in a definition:   version: 5.2.3790.4392

fixtures/pe/no_version.dll
  machine:           x86 (PE32)
  version resource:  none
  in a definition:   no version (an unversioned file: change new or delete, without version)

fixtures/pe/not_a_pe.dll
  error: not a PE image (no MZ header with a PE signature)
";
    assert_eq!(out, expected);
}

#[test]
fn human_output_in_japanese() {
    let (status, out) = inspect(&["app_x64.exe", "truncated.dll"], false, Lang::Ja, false);
    assert_eq!(status, 1);
    let expected = "\
fixtures/pe/app_x64.exe
  マシン:              x64 (PE32+)
  ファイル バージョン: 10.0.17763.1
  製品バージョン:      10.0.17763.1
  言語とコード ページ: 0x0409/1200
  リソースの言語:      0x0409
  文字列:
    FileDescription:  x64 program
    FileVersion:      10.0.17763.1
    OriginalFilename: app_x64.exe
    ProductVersion:   10.0.17763.1
  定義に書く値:        version: 10.0.17763.1

fixtures/pe/truncated.dll
  マシン:              x86 (PE32)
  エラー: PE イメージが途中で切れています: ヘッダーが示すデータより前でファイルが終わっています
";
    assert_eq!(out, expected);
}

#[test]
fn human_output_with_color() {
    let (status, out) = inspect(&["lang_neutral.dll", "not_a_pe.dll"], false, Lang::En, true);
    assert_eq!(status, 1);
    let expected = "\
\x1b[1mfixtures/pe/lang_neutral.dll\x1b[0m
  machine:           x86 (PE32)
  file version:      \x1b[32m7.0.0.0\x1b[0m
  product version:   7.0.0.0
  translations:      0x0000/1200
  resource language: 0x0000
  strings:
    FileDescription: Neutral resource
  in a definition:   version: 7.0.0.0

\x1b[1mfixtures/pe/not_a_pe.dll\x1b[0m
  \x1b[31merror: not a PE image (no MZ header with a PE signature)\x1b[0m
";
    assert_eq!(out, expected);
}

#[test]
fn every_readable_pe_gives_status_0() {
    let (status, _) = inspect(
        &[
            "ja_x86.dll",
            "en_x64.dll",
            "no_version.dll",
            "rcdata_only.dll",
            "arm64.dll",
        ],
        false,
        Lang::En,
        false,
    );
    assert_eq!(status, 0);
}

fn put32(bytes: &mut [u8], offset: usize, value: u32) {
    bytes[offset..offset + 4].copy_from_slice(&value.to_le_bytes());
}

fn get32(bytes: &[u8], offset: usize) -> u32 {
    u32::from_le_bytes([bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]])
}

/// `ja_x86.dll` with its PE header moved 2 bytes on: e_lfanew no longer a multiple of 4, which
/// the Windows loader and pelite refuse and pefile reads.
fn unaligned_header() -> Vec<u8> {
    let mut bytes = std::fs::read("fixtures/pe/ja_x86.dll").unwrap_or_else(|e| panic!("{e}"));
    let lfanew = get32(&bytes, 0x3c) as usize;
    bytes.splice(lfanew..lfanew, [0, 0]);
    put32(&mut bytes, 0x3c, lfanew as u32 + 2);
    let lfanew = lfanew + 2;
    let optional = u16::from_le_bytes([bytes[lfanew + 20], bytes[lfanew + 21]]) as usize;
    let count = u16::from_le_bytes([bytes[lfanew + 6], bytes[lfanew + 7]]) as usize;
    for index in 0..count {
        let pointer = lfanew + 24 + optional + index * 40 + 20;
        let moved = get32(&bytes, pointer) + 2;
        put32(&mut bytes, pointer, moved);
    }
    bytes
}

/// `ja_x86.dll` with one more section whose raw data lies past the end: a truncated copy
/// whose resources are whole.
fn truncated_after_resources() -> Vec<u8> {
    let mut bytes = std::fs::read("fixtures/pe/ja_x86.dll").unwrap_or_else(|e| panic!("{e}"));
    let lfanew = get32(&bytes, 0x3c) as usize;
    let optional = u16::from_le_bytes([bytes[lfanew + 20], bytes[lfanew + 21]]) as usize;
    let count = u16::from_le_bytes([bytes[lfanew + 6], bytes[lfanew + 7]]) as usize;
    let header = lfanew + 24 + optional + count * 40;
    assert!(
        bytes[header..header + 40].iter().all(|&b| b == 0),
        "no room for a section header"
    );
    bytes[header..header + 8].copy_from_slice(b".cut\0\0\0\0");
    put32(&mut bytes, header + 8, 0x1000); // VirtualSize
    put32(&mut bytes, header + 12, 0x0010_0000); // VirtualAddress
    put32(&mut bytes, header + 16, 0x1000); // SizeOfRawData
    let end = bytes.len() as u32;
    put32(&mut bytes, header + 20, end); // PointerToRawData: past the end
    bytes[lfanew + 6..lfanew + 8].copy_from_slice(&(count as u16 + 1).to_le_bytes());
    bytes
}

fn inspect_bytes(name: &str, bytes: &[u8], json: bool, lang: Lang) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let status = run(&[path], json, lang, false, &mut out).unwrap_or_else(|e| panic!("{e}"));
    let out = String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"));
    // The temporary folder's name is not part of what is checked.
    let shown = dpmlint::platform::paths::shown(&dir.path().join(name));
    (status, out.replace(&shown, name))
}

#[test]
fn unaligned_headers_give_machine_and_versions_beside_the_error() {
    let (status, out) = inspect_bytes("unaligned.dll", &unaligned_header(), true, Lang::En);
    assert_eq!(status, 1);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let report = &value[0];
    assert_eq!(report["is_pe"], true);
    assert_eq!(report["machine"], "x86");
    assert_eq!(report["file_version"], "6.0.3790.3959");
    assert_eq!(report["product_version"], "6.0.3790.3959");
    assert_eq!(report["translations"], serde_json::Value::Null);
    assert_eq!(
        report["error"],
        "malformed PE image: the PE header offset (e_lfanew) is not a multiple of 4"
    );
}

#[test]
fn a_truncated_image_with_whole_resources_shows_them_in_japanese() {
    let (status, out) = inspect_bytes("cut.dll", &truncated_after_resources(), false, Lang::Ja);
    assert_eq!(status, 1);
    let expected = "\
cut.dll
  マシン:              x86 (PE32)
  ファイル バージョン: 6.0.3790.3959
  製品バージョン:      6.0.3790.3959
  エラー: PE イメージが途中で切れています: ヘッダーが示すデータより前でファイルが終わっています
";
    assert_eq!(out, expected);
}

#[test]
fn a_version_resource_cut_by_the_end_of_the_file_gives_no_version() {
    // The fixture's version data is the last thing in the file: cut anywhere inside it, the
    // machine is still shown and the version is never guessed from the part that is left.
    let bytes = std::fs::read("fixtures/pe/ja_x86.dll").unwrap_or_else(|e| panic!("{e}"));
    let whole = dpmlint::evidence::pe::facts_from(&bytes.as_slice());
    assert_eq!(
        whole.file_version.map(|v| v.to_string()).as_deref(),
        Some("6.0.3790.3959")
    );
    let mut cut_versions = 0;
    for len in (0x400..bytes.len()).step_by(7) {
        let facts = dpmlint::evidence::pe::facts_from(&&bytes[..len]);
        assert_eq!(
            facts.machine.map(|m| m.to_string()).as_deref(),
            Some("x86"),
            "cut at {len}"
        );
        if facts.file_version.is_some() {
            cut_versions += 1;
            assert_eq!(facts.file_version, whole.file_version, "cut at {len}");
        }
    }
    // Only cuts past the version data (the padding after it) may give a version.
    let last = bytes.iter().rposition(|&b| b != 0).unwrap_or(0);
    assert!(
        cut_versions <= (bytes.len() - last) / 7 + 1,
        "{cut_versions} cuts gave a version"
    );
}
