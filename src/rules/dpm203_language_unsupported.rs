//! ## What it catches
//! A `language` that is a valid language, but not one DPM's auto-update supports: by default
//! anything but Japanese (`ja`, `日本語`). A value that is no language at all is DPM004's (with a
//! "did you mean").
//!
//! The set can be replaced in `dpmlint.toml` when your DPM version supports other languages:
//!
//! ```toml
//! [supported]
//! languages = ["ja", "en"]
//! ```
//!
//! ## Why it matters
//! DPM's auto-update supports Japanese Windows only. A package for English (or any other)
//! Windows is not applied by auto-update, and where it is delivered the management server cannot
//! confirm it was applied, so it is delivered again at every auto-update.
//!
//! ## Example
//! ```yaml
//! language: en
//! execute:
//!   file: WindowsServer2003-KB958644-x86-ENU.exe
//! ```
//!
//! Use instead:
//! ```yaml
//! language: ja
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe
//! ```
//!
//! ## Fix
//! Build the package for Japanese Windows (`language: ja` and the Japanese installer), or, if your
//! DPM supports the language, list it under `[supported] languages` in `dpmlint.toml`.
//!
//! ## 日本語
//! ## 検出内容
//! 正しい言語だが、DPM の自動更新が対応していない `language`。既定では日本語 (`ja`、`日本語`) 以外の
//! すべてです。言語として正しくない値は DPM004 が (「もしかして」付きで) 報告します。
//!
//! 使っている DPM が他の言語に対応している場合は、`dpmlint.toml` で置き換えられます:
//!
//! ```toml
//! [supported]
//! languages = ["ja", "en"]
//! ```
//!
//! ## 問題点
//! DPM の自動更新は日本語の Windows だけに対応しています。英語 (など) の Windows 向けのパッケージは
//! 自動更新では適用されず、配信されても管理サーバは適用済みと確認できないため、自動更新のたびに
//! 再配信されます。
//!
//! ## 修正方法
//! 日本語の Windows 向けに作る (`language: ja` と日本語版のインストーラ) か、DPM がその言語に対応して
//! いるなら `dpmlint.toml` の `[supported] languages` に加えてください。

use crate::catalog::{self, Language};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM203
pub struct LanguageUnsupported;

/// DPM203's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM203", "language-unsupported", Error, None);

impl Rule for LanguageUnsupported {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let Some(language) = ctx.language() else { return };
        if ctx.settings.language_supported(language) {
            return;
        }
        let Some(field) = &ctx.package().language else { return };
        let lang = ctx.lang();
        let name = language_name(lang, language);
        let value = quoted_language(lang, &field.value, language);
        let code = language.code;
        let (message, help) = match &ctx.settings.supported_languages {
            None => (
                tr!(
                    lang,
                    "{value} is not a language DPM auto-update supports: it supports Japanese Windows only, so the package is not applied by auto-update, and where it is delivered the server cannot confirm it and delivers it again at every auto-update",
                    "{value} は DPM の自動更新が対応していない言語です。自動更新は日本語の Windows だけに対応しているため、パッケージは自動更新では適用されず、配信されても管理サーバは適用済みと確認できず、自動更新のたびに再配信します"
                ),
                tr!(
                    lang,
                    "build the package for Japanese Windows (`language: ja` and the Japanese installer), or, if your DPM supports {name}, add `{code}` to `[supported] languages` in dpmlint.toml",
                    "日本語の Windows 向けに作る (`language: ja` と日本語版のインストーラ) か、DPM が{name}に対応しているなら dpmlint.toml の `[supported] languages` に `{code}` を加えてください"
                ),
            ),
            Some(list) => {
                let list = list
                    .iter()
                    .map(|n| format!("`{}`", catalog::find_language(n).map_or(n.as_str(), |l| l.code)))
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    tr!(
                        lang,
                        "{value} is not among the supported languages of dpmlint.toml ({list}): DPM auto-update does not apply the package, and where it is delivered the server cannot confirm it and delivers it again at every auto-update",
                        "{value} は dpmlint.toml の対応言語 ({list}) にありません。DPM の自動更新はパッケージを適用せず、配信されても管理サーバは適用済みと確認できず、自動更新のたびに再配信します"
                    ),
                    tr!(
                        lang,
                        "build the package for a language listed there, or, if your DPM supports {name}, add `{code}` to `[supported] languages` in dpmlint.toml",
                        "そこにある言語向けに作るか、DPM が{name}に対応しているなら dpmlint.toml の `[supported] languages` に `{code}` を加えてください"
                    ),
                )
            }
        };
        out.push(ctx.diag(&META, field.span, message).help(help));
    }
}

/// A `language` value as written, with the language's name when the value is not that name
/// already: "`en` (English)", "`日本語` (Japanese)" / "`en` (英語)", "`日本語`".
pub(crate) fn quoted_language(lang: Lang, value: &str, language: &Language) -> String {
    let name = language_name(lang, language);
    let same = name.eq_ignore_ascii_case(value.trim());
    if same { format!("`{value}`") } else { format!("`{value}` ({name})") }
}

/// A language's name for messages: Japanese label, or the English name without a parenthetical
/// where the code names one language (`English` for `English (United States)`; `Chinese
/// (Simplified)` stays whole).
pub(crate) fn language_name(lang: Lang, language: &Language) -> &'static str {
    match (lang, language.name_en.split_once(" (")) {
        (Lang::Ja, _) => language.name_ja,
        (Lang::En, Some((head, _))) if !language.code.contains('-') => head,
        (Lang::En, _) => language.name_en,
    }
}
