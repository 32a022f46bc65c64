//! ## What it catches
//! An installer (`execute.file`) whose language token names another language than `language`:
//! `WindowsServer2003-KB958644-x86-ENU.exe` (English) in a package for Japanese Windows, or a
//! legacy `W2KSP4_EN.EXE`. The token is underlined inside the file name and `language` is
//! labelled.
//!
//! Never reported: language-neutral `.msu` updates (NT6 and later carry no language token), names
//! without a language token (Microsoft's "all languages" packages, NT6 service packs), `INTL`
//! (a multi-language package), and names that do not follow Microsoft's grammar (no product token,
//! KB or Q number: an in-house `agent-ENU.exe` may well run on Japanese Windows).
//!
//! ## Why it matters
//! Update.exe checks the OS language before it installs and stops when it differs from the
//! package's: an English update never installs on Japanese Windows, the management server never
//! sees it as applied, and it is delivered again at every auto-update.
//!
//! ## Example
//! ```yaml
//! language: ja
//! execute:
//!   file: WindowsServer2003.WindowsXP-KB958644-x64-ENU.exe
//! ```
//!
//! Use instead:
//! ```yaml
//! language: ja
//! execute:
//!   file: WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe
//! ```
//!
//! ## Fix
//! Use the installer for the package's language (the help names it), or correct `language` if
//! the package really is for Windows in the installer's language.
//!
//! ## 日本語
//! ## 検出内容
//! `execute.file` のファイル名の言語トークンが `language` と別の言語を示している:
//! 日本語の Windows 向けパッケージの `WindowsServer2003-KB958644-x86-ENU.exe` (英語) や、古い形式の
//! `W2KSP4_EN.EXE` など。ファイル名の中のトークンに下線を引き、`language` にラベルを付けます。
//!
//! 次は報告しません: 言語に依存しない `.msu` (NT6 以降には言語トークンがありません)、言語トークンの
//! ない名前 (Microsoft の全言語共通パッケージ、NT6 のサービスパック)、`INTL` (多言語パッケージ)、
//! Microsoft の命名規則に従わない名前 (製品トークン、KB 番号、Q 番号がない。社内の `agent-ENU.exe` は
//! 日本語の Windows でも動くかもしれません)。
//!
//! ## 問題点
//! Update.exe はインストール前に OS の言語を確認し、パッケージの言語と違えば中止します。英語版の
//! 更新プログラムは日本語の Windows にはインストールされず、管理サーバは適用済みと判断できず、
//! 自動更新のたびに再配信します。
//!
//! ## 修正方法
//! パッケージの言語のインストーラを使う (ヘルプに名前を示します) か、本当にインストーラの言語の
//! Windows 向けなら `language` を直してください。

use crate::diagnostic::Diagnostic;
use crate::catalog::Language;
use crate::installer_name::{Extension, InstallerName, NameForm};
use crate::rules::dpm203_language_unsupported::{language_name, quoted_language};
use crate::rules::dpm204_installer_os_mismatch::{installer_file_name, is_update_name};
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// The installer's name with its language token replaced by `package_lang`'s (the catalog's
/// suffix, `JPN`; `JA` in legacy names that use two letters), written in the case of the old
/// token. `None` when the name has no language token or the token cannot be replaced.
pub(crate) fn renamed_for_language(
    name: &InstallerName,
    file_name: &str,
    package_lang: &Language,
) -> Option<String> {
    let token = name.language_suffix.as_ref()?;
    let tok = &token.value;
    let replacement = match name.form {
        NameForm::LegacyServicePack | NameForm::QHotfix if tok.len() == 2 => {
            (package_lang.code.len() == 2).then(|| package_lang.code.to_ascii_uppercase())?
        }
        _ => package_lang.ms_suffix.to_string(),
    };
    let r = if tok.bytes().all(|b| b.is_ascii_lowercase()) {
        replacement.to_ascii_lowercase()
    } else {
        replacement
    };
    let mut n = file_name.to_string();
    n.get(token.span.clone())?;
    n.replace_range(token.span.clone(), &r);
    Some(n)
}

/// DPM205
pub struct InstallerLanguageMismatch;

/// DPM205's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM205", "installer-language-mismatch", Error, None);

impl Rule for InstallerLanguageMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let (Some(name), Some(file_name)) = (ctx.installer_name(), installer_file_name(ctx)) else {
            return;
        };
        // Update.exe's language check is what makes a mismatch fatal: only Microsoft's update
        // names (a product token, or a KB or Q number) are read, not e.g. `agent-ENU.exe`.
        if !is_update_name(name)
            || name.extension.as_ref().is_some_and(|e| e.value == Extension::Msu)
            || name.is_multilanguage()
        {
            return;
        }
        let (Some(token), Some(installer_lang)) = (&name.language_suffix, name.language()) else {
            return;
        };
        let (Some(field), Some(package_lang)) = (&ctx.package().language, ctx.language()) else {
            return;
        };
        if installer_lang.code == package_lang.code {
            return;
        }
        let lang = ctx.lang();
        let tok = &token.value;
        let (theirs, ours) = (language_name(lang, installer_lang), language_name(lang, package_lang));
        let value = quoted_language(lang, &field.value, package_lang);
        let message = tr!(
            lang,
            "`{tok}` in the installer's name makes it the update for {theirs} Windows, but `language` is {value}: Update.exe checks the OS language and stops on {ours} Windows, so the update never installs and is delivered again at every auto-update",
            "インストーラ名の `{tok}` は{theirs}の Windows 向けの更新プログラムであることを示しますが、`language` は {value} です。Update.exe は OS の言語を確認して{ours}の Windows では中止するため、更新は適用されず、自動更新のたびに再配信されます"
        );
        let renamed = renamed_for_language(name, file_name, package_lang);
        let code = installer_lang.code;
        let help = match renamed {
            Some(n) => tr!(
                lang,
                "use the {ours} installer, `{n}`; or, if the package is for {theirs} Windows, set `language: {code}`",
                "{ours}版のインストーラ `{n}` を使ってください。{theirs}の Windows 向けなら `language: {code}` にしてください"
            ),
            None => tr!(
                lang,
                "use the {ours} installer; or, if the package is for {theirs} Windows, set `language: {code}`",
                "{ours}版のインストーラを使ってください。{theirs}の Windows 向けなら `language: {code}` にしてください"
            ),
        };
        let label = tr!(lang, "the package is for {ours} Windows", "パッケージは{ours}の Windows 向け");
        out.push(
            ctx.diag(&META, ctx.installer_token_span(token.span.clone()), message)
                .help(help)
                .label(field.span, label),
        );
    }
}

