//! `dpmlint::inspect::run`: the JSON contract of `spec/cli.md`, the human output, the exit
//! status. Paths are relative to the crate root, where cargo runs integration tests.

use std::path::PathBuf;

use dpmlint::i18n::Lang;
use dpmlint::inspect::run;

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
    "is_pe": false,
    "machine": null,
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
