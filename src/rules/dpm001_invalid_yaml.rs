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
use crate::load::source::{SourceFile, Span};
use crate::tr;
use crate::load::yaml::LoadError;
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

/// The YAML parser's (English) description of a syntax error, in Japanese: the errors an author
/// meets are translated; any other is given as the parser wrote it, said to be its English text.
pub fn parser_detail_ja(detail: &str) -> String {
    let ja = match detail {
        "tabs disallowed within this context (block indentation)" | "tab cannot be used as indentation" => {
            "インデントにタブは使えません。空白でインデントしてください"
        }
        "tabs disallowed in this context" => "ここにはタブを書けません。空白にしてください",
        "while scanning a plain scalar, found a tab" => "引用符で囲んでいない値の中にタブがあります",
        "a block scalar content cannot start with a tab" => "ブロックスカラー (`|`、`>`) の内容をタブで始めることはできません",
        "unexpected eof" => "予期しないところでファイルが終わっています",
        "unexpected end of plain scalar" => "引用符で囲んでいない値が予期しないところで終わっています",
        "while scanning a quoted scalar, found unexpected end of stream" => {
            "引用符が閉じられないままファイルが終わっています"
        }
        "while scanning a quoted scalar, found unexpected document indicator" => {
            "引用符で囲んだ値の中にドキュメントの区切り (`---`、`...`) があります"
        }
        "while parsing a block mapping, did not find expected key" => {
            "キーがあるべき位置にキーがありません (インデントがずれていないか確認してください)"
        }
        "while parsing a block collection, did not find expected '-' indicator" => {
            "リストの項目の `-` があるべき位置にありません (インデントがずれていないか確認してください)"
        }
        "while parsing a flow sequence, expected ',' or ']'" => "`[…]` の中で `,` か `]` があるべき位置にありません",
        "while parsing a flow mapping, did not find expected ',' or '}'" => {
            "`{…}` の中で `,` か `}` があるべき位置にありません"
        }
        "while parsing a node, did not find expected node content" => "値があるべき位置に値がありません",
        "mapping values are not allowed in this context" => {
            "ここには `キー: 値` を書けません (値に `: ` を含めるときは値を引用符で囲んでください)"
        }
        "mapping keys are not allowed in this context" => "ここにはキーを書けません",
        "block sequence entries are not allowed in this context" => "ここにはリストの項目 (`- `) を書けません",
        "simple key expected" => "キーがあるべき位置にありません",
        "simple key expect ':'" => "キーの後に `:` がありません",
        "invalid indentation" => "インデントが正しくありません",
        "invalid indentation in quoted scalar" => "引用符で囲んだ値の続きの行のインデントが正しくありません",
        "invalid indentation in flow construct" => "`[…]` や `{…}` の中のインデントが正しくありません",
        "wrongly indented line in block scalar" => "ブロックスカラー (`|`、`>`) の行のインデントが正しくありません",
        "while parsing a quoted scalar, found unknown escape character" => {
            "二重引用符で囲んだ値に不明なエスケープ (`\\` の後の文字) があります。`\\` を含む Windows のパスは単一引用符で囲んでください"
        }
        "while parsing a quoted scalar, found invalid Unicode character escape code" => {
            "二重引用符で囲んだ値の Unicode エスケープが正しくありません"
        }
        "while parsing a quoted scalar, did not find expected hexadecimal number" => {
            "二重引用符で囲んだ値のエスケープに 16 進数がありません"
        }
        "invalid trailing content after double-quoted scalar" => "二重引用符で閉じた値の後に余分な文字があります",
        "while parsing node, found unknown anchor" => "定義されていないアンカーを参照しています",
        "while parsing anchor, found duplicated anchor" => "同じ名前のアンカーがすでにあります",
        "while scanning an anchor or alias, did not find expected alphabetic or numeric character" => {
            "アンカー (`&`) またはエイリアス (`*`) の名前がありません"
        }
        "found unprintable character" => "表示できない文字があります",
        "a byte order mark must not appear inside a document" => "ファイルの途中にバイトオーダーマーク (BOM) があります",
        "plain scalar cannot start with '-' followed by ,[]{}" => {
            "引用符で囲んでいない値を、`-` の後に `,[]{}` が続く形で始めることはできません"
        }
        "misplaced bracket" => "括弧の位置が正しくありません",
        "illegal placement of ':' indicator" => "`:` の位置が正しくありません",
        "did not find expected <document start>" | "did not find expected <document-start>" => {
            "ドキュメントの始まりがあるべき位置にありません"
        }
        "invalid content after document end marker" => "ドキュメントの終わり (`...`) の後に余分な内容があります",
        "comment intercepting the multiline text" => "複数行にわたる値の途中にコメントがあります",
        "recursion limit exceeded" => "入れ子が深すぎます",
        "while scanning a block scalar, did not find expected comment or line break" => {
            "`|` や `>` の後にはコメントか改行だけを書けます"
        }
        "while scanning a block scalar, found an indentation indicator equal to 0" => {
            "ブロックスカラーのインデント指示子に 0 は使えません"
        }
        "did not find expected next token" => "次の要素があるべき位置にありません",
        "expected whitespace" => "空白があるべき位置にありません",
        "unbalanced sequence" => "リストの始まりと終わりが対応していません",
        "unbalanced mapping" => "マッピングの始まりと終わりが対応していません",
        _ => {
            if let Some(c) = detail
                .strip_prefix("unexpected character: `")
                .and_then(|r| r.strip_suffix('\''))
            {
                return format!("予期しない文字 `{c}` があります");
            }
            return format!("YAML パーサの報告 (英語のまま): {detail}");
        }
    };
    ja.to_string()
}

/// The diagnostic for a file that cannot be loaded.
pub fn diagnostic(file: &Arc<SourceFile>, lang: Lang, problem: Problem) -> Diagnostic {
    let (span, message, help) = match problem {
        Problem::Load(LoadError::Syntax { span, detail }) => (
            *span,
            match lang {
                Lang::En => format!("this file is not valid YAML: {detail}"),
                Lang::Ja => format!("YAML として正しくありません: {}", parser_detail_ja(detail)),
            },
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
            match lang {
                Lang::En => format!("the top level is a {found}, but a definition must be a mapping of fields"),
                Lang::Ja => {
                    let found = match *found {
                        "list" => "リスト",
                        "scalar" => "スカラー値",
                        other => other,
                    };
                    format!("最上位が{found}です。定義はフィールドのマッピングでなければなりません")
                }
            },
            tr!(lang, "start the file with `format: 1` and the package's fields", "ファイルを `format: 1` とパッケージのフィールドで始めてください"),
        ),
        Problem::Load(LoadError::BadAlias { span }) => (
            *span,
            tr!(lang, "this alias names an anchor that is not defined before it", "このエイリアスが参照するアンカーは、それより前に定義されていません"),
            tr!(lang, "define the anchor (`&name`) before using `*name`, or write the value out", "`*name` の前にアンカー (`&name`) を定義するか、値をそのまま書いてください"),
        ),
        Problem::Load(LoadError::TooLarge { span }) => (
            *span,
            tr!(lang, "the definition expands to too many nodes (more than {})", "定義を展開するとノードが多すぎます ({} 個超)", crate::load::yaml::MAX_NODES),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The Japanese message of the syntax error in `text`.
    fn ja(text: &str) -> String {
        let Err(e) = crate::load::yaml::load(text) else { panic!("{text:?} loads") };
        let file = Arc::new(SourceFile::new("t.dpm.yaml", None, text.into()));
        diagnostic(&file, Lang::Ja, Problem::Load(&e)).message.to_string()
    }

    #[test]
    fn the_parsers_common_errors_read_as_japanese() {
        assert_eq!(
            ja("execute:\n\tfile: a.exe\n"),
            "YAML として正しくありません: インデントにタブは使えません。空白でインデントしてください"
        );
        assert_eq!(
            ja("id: 'abc\n"),
            "YAML として正しくありません: 引用符が閉じられないままファイルが終わっています"
        );
        assert_eq!(
            ja("os: a: b\n"),
            "YAML として正しくありません: ここには `キー: 値` を書けません (値に `: ` を含めるときは値を引用符で囲んでください)"
        );
        assert_eq!(
            ja("execute:\n  file: a.exe\n args: x\n"),
            "YAML として正しくありません: キーがあるべき位置にキーがありません (インデントがずれていないか確認してください)"
        );
        assert_eq!(
            ja("path: \"C:\\Windows\"\n"),
            "YAML として正しくありません: 二重引用符で囲んだ値に不明なエスケープ (`\\` の後の文字) があります。`\\` を含む Windows のパスは単一引用符で囲んでください"
        );
        // One the table does not know: the parser's own words, said to be English.
        assert_eq!(parser_detail_ja("something new"), "YAML パーサの報告 (英語のまま): something new");
        assert_eq!(parser_detail_ja("unexpected character: `%'"), "予期しない文字 `%` があります");
    }
}
