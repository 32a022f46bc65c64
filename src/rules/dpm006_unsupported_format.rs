//! ## What it catches
//! A `format` this dpmlint does not read. Format `1` is the one defined today.
//!
//! ## Why it matters
//! A definition of another format may have fields with other meanings. dpmlint reports it rather
//! than guess, so a check never passes by misreading.
//!
//! ## Example
//! ```yaml
//! format: 2
//! ```
//!
//! Use instead:
//! ```yaml
//! format: 1
//! ```
//!
//! ## Fix
//! Write `format: 1`, or update dpmlint if the definition is meant for a newer format.
//!
//! ## 日本語
//! ## 検出内容
//! この dpmlint が読めない `format`。現在定義されているのは `1` です。
//!
//! ## 問題点
//! 別のフォーマットの定義はフィールドの意味が異なるかもしれません。dpmlint は推測せずに報告するので、
//! 読み違いで検査が通ることはありません。
//!
//! ## 修正方法
//! `format: 1` と書くか、新しいフォーマット向けの定義なら dpmlint を更新してください。

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model::FORMATS;
use crate::rules::{Rule, RuleMeta};
use crate::load::source::{SourceFile, Span};
use crate::tr;
use std::sync::Arc;

/// DPM006
pub struct UnsupportedFormat;

/// DPM006's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM006", "unsupported-format", Error, None);

impl Rule for UnsupportedFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// The diagnostic for `format: value`.
pub fn diagnostic(file: &Arc<SourceFile>, lang: Lang, span: Span, value: u64) -> Diagnostic {
    let known = FORMATS.iter().map(|f| f.to_string()).collect::<Vec<_>>().join(", ");
    let version = env!("CARGO_PKG_VERSION");
    Diagnostic::new(
        &META,
        file,
        span,
        tr!(lang, "format {value} is not one this dpmlint reads (it reads: {known})", "format {value} はこの dpmlint では読めません (読めるのは {known})"),
    )
    .help(tr!(
        lang,
        "write `format: 1`, or use a dpmlint newer than {version} that knows format {value}",
        "`format: 1` と書くか、format {value} に対応した {version} より新しい dpmlint を使ってください"
    ))
}
