//! ## What it catches
//! A value of the wrong type, or outside its enumeration. Values are judged by their source text,
//! the way Image Builder will see them, not by what a YAML library would turn them into:
//!
//! - `major: 02` (a leading zero YAML 1.1 reads as octal), `minor: 0x1`, `format: "1"` (a string);
//! - `reboot: yes` (`yes`/`no`/`on`/`off` are booleans only in YAML 1.1: write `true`/`false`);
//! - `id: no` or `args: on` in a text field (YAML 1.1 would make them booleans: quote them);
//! - `type: hotfixes`, `change: modify`, `priority: urgent` (not in the enumeration; the message
//!   lists the accepted values, English and Japanese), or spelled otherwise than the JSON Schema
//!   spells it (`type: Hotfix`, `change: Upgrade`: the schema, and so an editor, rejects them);
//! - an empty value, or a list where a single value belongs.
//!
//! ## Why it matters
//! Different YAML readers disagree on `yes`, `02` and `5.2`. A value that is read differently by
//! the tool that registers the package is a package that is not what its author wrote.
//!
//! ## Example
//! ```yaml
//! service_pack: { major: 02, minor: 0 }
//! execute:
//!   file: WindowsServer2003-KB914961-SP2-x86-JPN.exe
//!   reboot: yes
//! ```
//!
//! Use instead:
//! ```yaml
//! service_pack: { major: 2, minor: 0 }
//! execute:
//!   file: WindowsServer2003-KB914961-SP2-x86-JPN.exe
//!   reboot: true
//! ```
//!
//! ## Fix
//! Write the value in the type the field takes; quote text that looks like a number or boolean.
//!
//! ## 日本語
//! ## 検出内容
//! 型の誤った値、または列挙値にない値。値は YAML ライブラリが変換した結果ではなく、ソースの文字列で
//! 判断します:
//!
//! - `major: 02` (YAML 1.1 では 8 進数)、`minor: 0x1`、`format: "1"` (文字列);
//! - `reboot: yes` (`yes`/`no`/`on`/`off` は YAML 1.1 だけの真偽値です。`true`/`false` と書きます);
//! - テキストのフィールドの `id: no` や `args: on` (引用符で囲んでください);
//! - `type: hotfixes`、`change: modify` など列挙にない値 (受け付ける値を英語・日本語で示します)、
//!   または JSON Schema と違う書き方の値 (`type: Hotfix`、`change: Upgrade`: スキーマも、したがってエディタも受け付けません);
//! - 空の値、単一の値を書くべき所のリスト。
//!
//! ## 問題点
//! `yes`、`02`、`5.2` の解釈は YAML の実装によって異なります。登録するツールが別の意味に読む値は、
//! 作成者の意図と違うパッケージになります。
//!
//! ## 修正方法
//! フィールドの型どおりに書き、数値や真偽値に見えるテキストは引用符で囲んでください。

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::rules::{Rule, RuleMeta};
use crate::load::source::{SourceFile, Span};
use crate::model::ValueProblem;
use crate::tr;
use std::sync::Arc;

/// DPM004
pub struct InvalidValue;

/// DPM004's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM004", "invalid-value", Error, None);

impl Rule for InvalidValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}


/// The diagnostic for a bad value of `field`.
pub fn diagnostic(file: &Arc<SourceFile>, lang: Lang, span: Span, field: &str, problem: &ValueProblem) -> Diagnostic {
    let (message, help) = match problem {
        ValueProblem::WrongType { expected, found } => (
            tr!(
                lang,
                "`{field}` must be a {expected}, found a {found}",
                "`{field}` は {expected} でなければなりませんが、{found} です"
            ),
            None,
        ),
        ValueProblem::Empty => (
            tr!(lang, "`{field}` is empty", "`{field}` が空です"),
            Some(tr!(
                lang,
                "give it a value, or remove the key",
                "値を書くか、キーを削除してください"
            )),
        ),
        ValueProblem::EmptyList => (
            tr!(lang, "`{field}` is an empty list", "`{field}` が空のリストです"),
            Some(tr!(
                lang,
                "name at least one value",
                "少なくとも 1 つの値を書いてください"
            )),
        ),
        ValueProblem::BooleanInString { text } => (
            tr!(
                lang,
                "`{field}` is the bare word `{text}`, which YAML 1.1 tools read as a boolean",
                "`{field}` の値 `{text}` は、YAML 1.1 のツールでは真偽値として読まれます"
            ),
            Some(tr!(
                lang,
                "quote it if you mean the text: `'{text}'`",
                "テキストのつもりなら引用符で囲んでください: `'{text}'`"
            )),
        ),
        ValueProblem::QuotedNumber { text } => (
            tr!(
                lang,
                "`{field}` must be an integer, found the string \"{text}\"",
                "`{field}` は整数でなければなりませんが、文字列 \"{text}\" です"
            ),
            Some(tr!(lang, "remove the quotes", "引用符を外してください")),
        ),
        ValueProblem::LeadingZero { text } => {
            let plain = text.trim_start_matches('0');
            let plain = if plain.is_empty() { "0" } else { plain };
            (
                tr!(
                    lang,
                    "`{field}` is `{text}`: a leading zero makes it octal in YAML 1.1",
                    "`{field}` が `{text}` です。先頭の 0 は YAML 1.1 では 8 進数を意味します"
                ),
                Some(tr!(lang, "write `{plain}`", "`{plain}` と書いてください")),
            )
        }
        ValueProblem::NotInteger { text } => (
            tr!(
                lang,
                "`{field}` must be a decimal integer, found `{text}`",
                "`{field}` は 10 進の整数でなければなりませんが、`{text}` です"
            ),
            None,
        ),
        ValueProblem::OutOfRange { text, max } => (
            tr!(
                lang,
                "`{field}` is {text}, larger than {max}",
                "`{field}` が {text} で、{max} を超えています"
            ),
            None,
        ),
        ValueProblem::NotBoolean { text, quoted: true } => (
            tr!(
                lang,
                "`{field}` must be the boolean `true` or `false`, found the string \"{text}\"",
                "`{field}` は真偽値 `true` か `false` でなければなりませんが、文字列 \"{text}\" です"
            ),
            Some(tr!(lang, "remove the quotes", "引用符を外してください")),
        ),
        ValueProblem::NotBoolean { text, quoted: false } => (
            tr!(
                lang,
                "`{field}` must be `true` or `false`, found `{text}`",
                "`{field}` は `true` か `false` でなければなりませんが、`{text}` です"
            ),
            Some(tr!(
                lang,
                "`yes`/`no`/`on`/`off` are booleans only in YAML 1.1; write `true` or `false`",
                "`yes`/`no`/`on`/`off` は YAML 1.1 だけの真偽値です。`true` か `false` と書いてください"
            )),
        ),
        ValueProblem::NotInEnum {
            text,
            accepted,
            suggestion,
        } => (
            tr!(
                lang,
                "`{text}` is not a valid `{field}`",
                "`{text}` は `{field}` の値として正しくありません"
            ),
            Some(match suggestion {
                Some(s) => tr!(
                    lang,
                    "did you mean `{s}`? Accepted: {accepted}",
                    "もしかして `{s}` ですか。使える値: {accepted}"
                ),
                None => tr!(lang, "accepted: {accepted}", "使える値: {accepted}"),
            }),
        ),
        ValueProblem::KeyNotScalar => (
            tr!(
                lang,
                "a key in `{field}` is a list or mapping",
                "`{field}` のキーがリストまたはマッピングです"
            ),
            Some(tr!(
                lang,
                "keys are field names such as `path`",
                "キーは `path` などのフィールド名です"
            )),
        ),
    };
    Diagnostic::new(&META, file, span, message).help_opt(help)
}
