//! ## What it catches
//! A key the definition format does not define, at the top level or inside `execute`,
//! `service_pack` or an `identification` entry. When a known key is close, the message says which
//! one you probably meant.
//!
//! ## Why it matters
//! A misspelt key is a field that is silently missing: `ms_numer: MS08-067` leaves the package
//! without an MS number, so the management server cannot see that it was applied and delivers it
//! again at every auto-update.
//!
//! ## Example
//! ```yaml
//! ms_numer: MS08-067
//! ```
//!
//! Use instead:
//! ```yaml
//! ms_number: MS08-067
//! ```
//!
//! ## Fix
//! Rename the key to the one the format defines, or remove it.
//!
//! ## 日本語
//! ## 検出内容
//! 定義フォーマットにないキー (最上位、`execute`、`service_pack`、`identification` の各エントリ内)。
//! 近い既知のキーがあれば「もしかして」で示します。
//!
//! ## 問題点
//! 綴りを誤ったキーは、黙って欠けたフィールドになります。`ms_numer: MS08-067` では MS 番号のない
//! パッケージになり、管理サーバは適用済みと判断できず、自動更新のたびに再配信します。
//!
//! ## 修正方法
//! フォーマットが定めるキー名に直すか、削除してください。

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::rules::{Rule, RuleMeta};
use crate::load::source::{SourceFile, Span};
use crate::tr;
use std::sync::Arc;

/// DPM002
pub struct UnknownKey;

/// DPM002's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM002", "unknown-key", Error, None);

impl Rule for UnknownKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// The diagnostic for `key` in the mapping `parent` (empty for the top level).
pub fn diagnostic(
    file: &Arc<SourceFile>,
    lang: Lang,
    span: Span,
    key: &str,
    parent: &str,
    known: &[&str],
    suggestion: Option<&str>,
) -> Diagnostic {
    let place = if parent.is_empty() {
        tr!(lang, "at the top level", "最上位に")
    } else {
        tr!(lang, "in `{parent}`", "`{parent}` に")
    };
    let message = match lang {
        Lang::En => format!("unknown key `{key}` {place}"),
        Lang::Ja => format!("{place}未知のキー `{key}` があります"),
    };
    let list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
    let help = match suggestion {
        Some(s) => tr!(lang, "did you mean `{s}`? The key is ignored as written, so its value is lost", "もしかして `{s}` ですか。このままではキーは無視され、値は失われます"),
        None => tr!(lang, "the keys allowed here are {list}", "ここで使えるキーは {list} です"),
    };
    Diagnostic::new(&META, file, span, message).help(help)
}
