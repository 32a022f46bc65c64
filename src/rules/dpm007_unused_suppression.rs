//! ## What it catches
//! A `# dpmlint: ignore CODE` or `# dpmlint: ignore-file CODE` comment that silences nothing: the
//! problem was fixed, the comment sits on the wrong line, or the code is misspelt.
//!
//! A suppression comment silences one code for the node on its own line or the line below it:
//!
//! ```yaml
//! identification:
//!   # dpmlint: ignore DPM406 — the reference copy is from SP1; SP2 targets get the same file
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//! ```
//!
//! and `# dpmlint: ignore-file DPM502 — reason` anywhere silences the code for the whole file.
//! Codes are separated by commas or spaces; text after `—`, `--` or `:` is the reason.
//!
//! ## Why it matters
//! A stale suppression hides the next real problem of that kind on that line.
//!
//! ## Example
//! ```yaml
//! ms_number: MS08-067   # dpmlint: ignore DPM101
//! ```
//!
//! Use instead:
//! ```yaml
//! ms_number: MS08-067
//! ```
//!
//! ## Fix
//! Remove the comment, or move it to the line of the node it is meant for.
//!
//! ## 日本語
//! ## 検出内容
//! 何も抑止していない `# dpmlint: ignore CODE` / `# dpmlint: ignore-file CODE` コメント
//! (問題が直った、行がずれている、コードの綴りが違う)。
//!
//! 抑止コメントは、同じ行または次の行のノードについて 1 つのコードを抑止します。
//! `# dpmlint: ignore-file DPM502 — 理由` はファイル全体で抑止します。コードはカンマか空白で区切り、
//! `—`、`--`、`:` の後は理由です。
//!
//! ## 問題点
//! 古い抑止コメントは、その行で次に起きる同じ種類の本当の問題を隠します。
//!
//! ## 修正方法
//! コメントを削除するか、対象のノードの行へ移してください。

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::rules::{Rule, RuleMeta};
use crate::load::source::{SourceFile, Span};
use crate::tr;
use std::sync::Arc;

/// DPM007
pub struct UnusedSuppression;

/// DPM007's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM007", "unused-suppression", Warning, None);

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// The diagnostic for an unused code in a suppression comment; `known` is false for a code no rule has.
pub fn diagnostic(file: &Arc<SourceFile>, lang: Lang, span: Span, code: &str, whole_file: bool, known: bool) -> Diagnostic {
    let message = if code.is_empty() {
        tr!(
            lang,
            "this suppression names no rule, so it silences nothing: write the code, e.g. `# dpmlint: ignore DPM106 — why`",
            "この抑止コメントはルールを指定していないため、何も抑止しません。コードを書いてください (例: `# dpmlint: ignore DPM106 — 理由`)"
        )
    } else if !known {
        tr!(lang, "`{code}` in this suppression is not a dpmlint rule", "この抑止コメントの `{code}` は dpmlint のルールではありません")
    } else if whole_file {
        tr!(lang, "unused suppression: no {code} diagnostic in this file", "未使用の抑止: このファイルに {code} の指摘はありません")
    } else {
        tr!(lang, "unused suppression: no {code} diagnostic on this line or the next", "未使用の抑止: この行と次の行に {code} の指摘はありません")
    };
    Diagnostic::new(&META, file, span, message).help(tr!(
        lang,
        "remove it, or move it to the line of the node it is meant for; `dpmlint rules` lists the codes",
        "削除するか、対象ノードの行へ移してください。コードの一覧は `dpmlint rules` で見られます"
    ))
}
