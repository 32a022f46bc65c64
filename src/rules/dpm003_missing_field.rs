//! ## What it catches
//! A required field that is absent: `format`, `id`, `type`, `os`, `language`, `execute`,
//! `execute.file`, and `path` and `change` in every `identification` entry.
//!
//! ## Why it matters
//! Image Builder cannot register a package without them, and the management server decides
//! whether a package is applied from `os`, `language` and the identification info: a missing one
//! means the package is never seen as applied and is delivered again at every auto-update.
//!
//! ## Example
//! ```yaml
//! format: 1
//! id: MS08-067_W2K3_x86_JPN
//! type: hotfix
//! os: Windows Server 2003 Standard Edition
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe
//! ```
//!
//! Use instead:
//! ```yaml
//! format: 1
//! id: MS08-067_W2K3_x86_JPN
//! type: hotfix
//! os: Windows Server 2003 Standard Edition
//! language: ja
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe
//! ```
//!
//! ## Fix
//! Add the field. `dpmlint schema` prints the JSON Schema, which editors use to complete fields.
//!
//! ## 日本語
//! ## 検出内容
//! 必須フィールドの欠落: `format`、`id`、`type`、`os`、`language`、`execute`、`execute.file`、
//! 各 `identification` エントリの `path` と `change`。
//!
//! ## 問題点
//! これらがないとイメージビルダーで登録できません。また管理サーバは `os`、`language`、識別情報から
//! 適用済みかを判断するため、欠けていると適用済みと判断されず、自動更新のたびに再配信されます。
//!
//! ## 修正方法
//! フィールドを追加してください。`dpmlint schema` が出力する JSON Schema をエディタに設定すると補完できます。

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::rules::{Rule, RuleMeta};
use crate::load::source::{SourceFile, Span};
use crate::tr;
use std::sync::Arc;

/// DPM003
pub struct MissingField;

/// DPM003's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM003", "missing-field", Error, None);

impl Rule for MissingField {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

fn why(field: &str, lang: Lang) -> String {
    match field {
        "format" => tr!(lang, "add `format: 1` as the first line", "先頭行に `format: 1` を追加してください"),
        "id" => tr!(lang, "add the package ID as registered in DPM, e.g. `id: MS08-067_W2K3_x86_JPN`", "DPM に登録するパッケージ ID を追加してください (例: `id: MS08-067_W2K3_x86_JPN`)"),
        "type" => tr!(lang, "add `type: hotfix`, `service-pack` or `application`", "`type: hotfix`、`service-pack`、`application` のいずれかを追加してください"),
        "os" => tr!(lang, "add the target OS editions; the server delivers the package only to them and judges it applied only there", "対象 OS を追加してください。管理サーバはその OS にだけ配信し、その OS でだけ適用済みを判断します"),
        "language" => tr!(lang, "add `language: ja`; DPM auto-update supports Japanese targets", "`language: ja` を追加してください。DPM の自動更新は日本語 OS を対象とします"),
        "execute" => tr!(lang, "add `execute:` with the `file` DPM runs, e.g. `file: WindowsServer2003-KB958644-x86-JPN.exe`", "DPM が実行する `file` を持つ `execute:` を追加してください"),
        "execute.file" => tr!(lang, "add `file:` naming the installer in the package folder", "パッケージフォルダ内のインストーラを指す `file:` を追加してください"),
        f if f.ends_with(".path") => tr!(lang, "add the file's Windows path, e.g. `path: '%SystemRoot%\\system32\\netapi32.dll'`", "ファイルの Windows パスを追加してください (例: `path: '%SystemRoot%\\system32\\netapi32.dll'`)"),
        _ => tr!(lang, "add `change: new`, `rewrite`, `upgrade` or `delete`", "`change: new`、`rewrite`、`upgrade`、`delete` のいずれかを追加してください"),
    }
}

/// The diagnostic for a missing `field`; `entry` is the identification entry's index, if any.
pub fn diagnostic(file: &Arc<SourceFile>, lang: Lang, span: Span, field: &str, entry: Option<usize>) -> Diagnostic {
    let message = match entry {
        Some(i) => {
            let name = field.rsplit('.').next().unwrap_or(field);
            tr!(lang, "identification entry {} has no `{name}`", "識別情報のエントリ {} に `{name}` がありません", i + 1)
        }
        None => tr!(lang, "required field `{field}` is missing", "必須フィールド `{field}` がありません"),
    };
    Diagnostic::new(&META, file, span, message).help(why(field, lang))
}
