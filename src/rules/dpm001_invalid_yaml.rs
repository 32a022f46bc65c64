//! ## What it catches
//! A definition file that cannot be read as one YAML mapping: not valid UTF-8 (Shift_JIS, or
//! UTF-16 as Windows PowerShell 5.1's `>` writes it, each named as such), empty, a YAML syntax
//! error, several YAML documents in one file, a top level that is a list or a scalar, or a file too
//! large to be a definition.
//!
//! ## Why it matters
//! Image Builder registers one package from one definition. A file dpmlint cannot read is a
//! package nobody can check, and one that will not register as its author expects.
//!
//! ## Example
//! ```yaml
//! format: 1
//! id: MS08-067_W2K3_x86_JPN
//! os: [Windows Server 2003 Standard Edition
//! ```
//!
//! Use instead:
//! ```yaml
//! format: 1
//! id: MS08-067_W2K3_x86_JPN
//! os: [Windows Server 2003 Standard Edition]
//! ```
//!
//! ## Fix
//! Save the file as UTF-8, keep one document per file (no second `---`), and make the top level a
//! mapping of the fields in the format. The other files are still linted.
//!
//! ## 日本語
//! ## 検出内容
//! 1 つの YAML マッピングとして読めない定義ファイル: UTF-8 でない (Shift_JIS や、Windows PowerShell
//! 5.1 の `>` が書き出す UTF-16 はそれと分かるように指摘します)、空、YAML の構文エラー、
//! 1 ファイルに複数の YAML ドキュメント、最上位がリストやスカラー、定義としては大きすぎるファイル。
//!
//! ## 問題点
//! イメージビルダーは 1 つの定義から 1 つのパッケージを登録します。読めないファイルは誰も検査できず、
//! 作成者の意図どおりには登録されません。
//!
//! ## 修正方法
//! UTF-8 で保存し、1 ファイル 1 ドキュメント (2 つ目の `---` を置かない) とし、最上位を
//! フォーマットのフィールドのマッピングにしてください。他のファイルの検査は続行されます。

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::rules::{Rule, RuleMeta};
use crate::source::{SourceFile, Span};
use crate::tr;
use crate::yaml::LoadError;
use std::sync::Arc;

/// DPM001
pub struct InvalidYaml;

/// DPM001's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM001", "invalid-yaml", Error, None);

impl Rule for InvalidYaml {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// Why a file could not be read at all.
pub enum Problem<'a> {
    /// A YAML load error.
    Load(&'a LoadError),
    /// Invalid UTF-8 at this byte offset.
    NotUtf8 { offset: usize },
    /// UTF-16 (a byte-order mark FF FE or FE FF).
    Utf16,
    /// Larger than the limit (`size` unknown for standard input, which is not read past it, and
    /// for a file that grew while it was read).
    TooLarge { size: Option<u64>, limit: u64 },
    /// The file could not be read.
    Unreadable { error: String },
}

/// The diagnostic for a file that cannot be loaded.
pub fn diagnostic(file: &Arc<SourceFile>, lang: Lang, problem: Problem) -> Diagnostic {
    let (span, message, help) = match problem {
        Problem::Load(LoadError::Syntax { span, detail }) => (
            *span,
            tr!(lang, "this file is not valid YAML: {detail}", "YAML として正しくありません: {detail}"),
            tr!(
                lang,
                "check indentation, quotes and brackets around this place; DPM cannot register a package from an unreadable definition",
                "この付近のインデント、引用符、括弧を確認してください。読めない定義からはパッケージを登録できません"
            ),
        ),
        Problem::Load(LoadError::Empty) => (
            Span::at(0),
            tr!(lang, "the definition is empty", "定義が空です"),
            tr!(
                lang,
                "write the package's fields (`format`, `id`, `type`, `os`, `language`, `execute`), or delete the file",
                "パッケージのフィールド (`format`、`id`、`type`、`os`、`language`、`execute`) を書くか、ファイルを削除してください"
            ),
        ),
        Problem::Load(LoadError::SeveralDocuments { span }) => (
            *span,
            tr!(lang, "a second YAML document starts here; a definition holds exactly one package", "ここから 2 つ目の YAML ドキュメントが始まっています。1 つの定義には 1 つのパッケージだけを書きます"),
            tr!(lang, "move the second package into its own file", "2 つ目のパッケージは別のファイルに移してください"),
        ),
        Problem::Load(LoadError::NotMapping { span, found }) => (
            *span,
            tr!(lang, "the top level is a {found}, but a definition must be a mapping of fields", "最上位が {found} です。定義はフィールドのマッピングでなければなりません"),
            tr!(lang, "start the file with `format: 1` and the package's fields", "ファイルを `format: 1` とパッケージのフィールドで始めてください"),
        ),
        Problem::Load(LoadError::BadAlias { span }) => (
            *span,
            tr!(lang, "this alias names an anchor that is not defined before it", "このエイリアスが参照するアンカーは、それより前に定義されていません"),
            tr!(lang, "define the anchor (`&name`) before using `*name`, or write the value out", "`*name` の前にアンカー (`&name`) を定義するか、値をそのまま書いてください"),
        ),
        Problem::Load(LoadError::TooLarge { span }) => (
            *span,
            tr!(lang, "the definition expands to too many nodes (more than {})", "定義を展開するとノードが多すぎます ({} 個超)", crate::yaml::MAX_NODES),
            tr!(lang, "a definition describes one package in a few dozen lines: split it into one definition per package, and write out aliases that repeat whole lists", "定義は 1 パッケージを数十行で書くものです。パッケージごとの定義に分け、リスト全体を繰り返すエイリアスは展開してください"),
        ),
        Problem::NotUtf8 { offset } => (
            Span::at(offset),
            tr!(lang, "the file is not valid UTF-8 (first bad byte at offset {offset})", "ファイルが正しい UTF-8 ではありません (最初の不正なバイトはオフセット {offset})"),
            tr!(
                lang,
                "save the definition as UTF-8; a Shift_JIS (CP932) file must be converted: in Notepad, Save As with the encoding UTF-8; in Windows PowerShell 5.1, `(Get-Content -Encoding Default FILE) | Set-Content -Encoding UTF8 FILE`; elsewhere `iconv -f CP932 -t UTF-8`",
                "定義を UTF-8 で保存してください。Shift_JIS (CP932) のファイルは変換が必要です: メモ帳なら「名前を付けて保存」で文字コードに UTF-8 を選びます。Windows PowerShell 5.1 なら `(Get-Content -Encoding Default FILE) | Set-Content -Encoding UTF8 FILE`、ほかの環境では `iconv -f CP932 -t UTF-8` で変換できます"
            ),
        ),
        Problem::Utf16 => (
            Span::at(0),
            tr!(lang, "the file is UTF-16, not UTF-8 (Windows PowerShell 5.1's `>` and `Out-File` write UTF-16)", "ファイルが UTF-8 ではなく UTF-16 です (Windows PowerShell 5.1 の `>` や `Out-File` は UTF-16 で書き出します)"),
            tr!(lang, "save the definition as UTF-8: in Notepad, Save As with the encoding UTF-8; in PowerShell, write it with `Set-Content -Encoding UTF8` or `Out-File -Encoding utf8`", "定義を UTF-8 で保存してください。メモ帳なら「名前を付けて保存」で文字コードに UTF-8 を選びます。PowerShell では `Set-Content -Encoding UTF8` か `Out-File -Encoding utf8` で書き出します"),
        ),
        Problem::TooLarge { size: Some(size), limit } => (
            Span::at(0),
            tr!(lang, "the file is {size} bytes, more than a definition can be ({limit} bytes)", "ファイルが {size} バイトあり、定義の上限 ({limit} バイト) を超えています"),
            tr!(lang, "is this really a package definition? Rename it if not", "本当にパッケージ定義ですか。そうでなければ名前を変えてください"),
        ),
        Problem::TooLarge { size: None, limit } => (
            Span::at(0),
            tr!(lang, "the input holds more than a definition can be ({limit} bytes)", "入力の内容が定義の上限 ({limit} バイト) を超えています"),
            tr!(lang, "is this really a package definition? Rename it if not", "本当にパッケージ定義ですか。そうでなければ名前を変えてください"),
        ),
        Problem::Unreadable { error } => (
            Span::at(0),
            tr!(lang, "the file cannot be read: {error}", "ファイルを読めません: {error}"),
            tr!(lang, "check the file's permissions", "ファイルのアクセス権を確認してください"),
        ),
    };
    Diagnostic::new(&META, file, span, message).help(help)
}
