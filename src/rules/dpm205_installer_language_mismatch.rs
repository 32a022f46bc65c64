//! ## What it catches
//! An installer (`execute.file`) whose language token or version resource names another language
//! than `language`: `WindowsServer2003-KB958644-x86-ENU.exe` (English) in a package for Japanese
//! Windows, or a legacy `W2KSP4_EN.EXE`. The token is underlined inside the file name and
//! `language` is labelled.
//!
//! By name, never reported: language-neutral `.msu` updates (NT6 and later carry no language
//! token), names without a language token (Microsoft's "all languages" packages, NT6 service
//! packs), `INTL` (a multi-language package), and names that do not follow Microsoft's grammar (no
//! product token, KB or Q number: an in-house `agent-ENU.exe` may well run on Japanese Windows).
//!
//! By content: when the name says nothing against `language`, the installer itself is read. A PE
//! installer whose version resource names only specific languages (the translations of
//! `VarFileInfo`, and the language of each of its version resources), none of them `language`, is
//! reported at `execute.file`: the English package renamed `WindowsServer2003-KB958644-x86-JPN.exe`,
//! or a `setup.exe` whose version resource says 0x0409 (English) in a `language: ja` definition.
//! LANGIDs are read through the language catalog (0x0411 Japanese; Spanish 0x040A and 0x0C0A
//! alike). Never reported by content: language-neutral `.msu` updates, a neutral resource
//! (0x0000) or translation, a LANGID the catalog does not know, a multilingual resource that
//! names `language` among others, Microsoft update names without a language token (packages for
//! every language, such as .NET Framework updates: `NDP20SP2-KB2604092-x86.exe`), applications
//! (an in-house installer with an English resource may well run on Japanese Windows), targets whose updates are language-neutral (Vista and
//! later), and updates of products that are not an OS (Office and the like ship some updates as
//! one installer for every language).
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
//! `execute.file` のファイル名の言語トークンかバージョンリソースが `language` と別の言語を示している:
//! 日本語の Windows 向けパッケージの `WindowsServer2003-KB958644-x86-ENU.exe` (英語) や、古い形式の
//! `W2KSP4_EN.EXE` など。ファイル名の中のトークンに下線を引き、`language` にラベルを付けます。
//!
//! ファイル名では次は報告しません: 言語に依存しない `.msu` (NT6 以降には言語トークンがありません)、
//! 言語トークンのない名前 (Microsoft の全言語共通パッケージ、NT6 のサービスパック)、`INTL`
//! (多言語パッケージ)、Microsoft の命名規則に従わない名前 (製品トークン、KB 番号、Q 番号がない。社内の
//! `agent-ENU.exe` は日本語の Windows でも動くかもしれません)。
//!
//! 内容: ファイル名が `language` と食い違わないときは、インストーラ自体を読みます。PE 形式のインストーラの
//! バージョンリソースが特定の言語 (`VarFileInfo` の Translation と、各バージョンリソースの言語) だけを示し、
//! そのどれも `language` でなければ、`execute.file` を指して報告します。例: 英語版のパッケージを
//! `WindowsServer2003-KB958644-x86-JPN.exe` に改名したもの、`language: ja` の定義でバージョンリソースが
//! 0x0409 (英語) の `setup.exe`。LANGID は言語カタログで読みます (0x0411 は日本語。スペイン語は 0x040A も
//! 0x0C0A も同じ)。内容では次は報告しません: 言語に依存しない `.msu`、ニュートラル (0x0000) のリソースや
//! Translation、カタログにない LANGID、`language` をほかの言語とともに示す多言語のリソース、言語トークンの
//! ない Microsoft の更新プログラム名 (.NET Framework の更新のような全言語共通のパッケージ。例:
//! `NDP20SP2-KB2604092-x86.exe`)、アプリケーション
//! (英語のリソースを持つ社内のインストーラは日本語の Windows でも動くかもしれません)、更新が言語に依存しない
//! 対象 OS (Vista 以降)、OS でない製品の更新 (Office などは全言語共通のインストーラで配布する更新があります)。
//!
//! ## 問題点
//! Update.exe はインストール前に OS の言語を確認し、パッケージの言語と違えば中止します。英語版の
//! 更新プログラムは日本語の Windows にはインストールされず、管理サーバは適用済みと判断できず、
//! 自動更新のたびに再配信します。
//!
//! ## 修正方法
//! パッケージの言語のインストーラを使う (ヘルプに名前を示します) か、本当にインストーラの言語の
//! Windows 向けなら `language` を直してください。

use crate::catalog::{self, Language};
use crate::diagnostic::Diagnostic;
use crate::model::installer_name::{Extension, InstallerName, NameForm};
use crate::model::{Field, PackageType};
use crate::rules::identity;
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

/// The installer's name in the definition's language, when it names another one (an `-ENU`
/// installer in a `language: ja` package: DPM205's finding), with its parse: what DPM204 and
/// DPM206 propose is built from it, so no help proposes the installer DPM205 reports. `None` when
/// the languages agree, the installer is multilingual, or the name has no language token.
pub(crate) fn in_package_language(ctx: &PackageCtx, name: &InstallerName, file_name: &str) -> Option<(InstallerName, String)> {
    ctx.language()
        .filter(|l| name.language().is_some_and(|theirs| theirs.code != l.code) && !name.is_multilanguage())
        .and_then(|l| renamed_for_language(name, file_name, l))
        .map(|n| (InstallerName::parse(&n), n))
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
        let (Some(field), Some(package_lang)) = (&ctx.package().language, ctx.language()) else {
            return;
        };
        match by_name(ctx, name, file_name, field, package_lang) {
            Some(d) => out.push(d),
            None => out.extend(by_content(ctx, name, field, package_lang)),
        }
    }
}

/// The finding from the installer's name: its language token names another language.
fn by_name(
    ctx: &PackageCtx,
    name: &InstallerName,
    file_name: &str,
    field: &Field<String>,
    package_lang: &'static Language,
) -> Option<Diagnostic> {
    // Update.exe's language check is what makes a mismatch fatal: only Microsoft's update
    // names (a product token, or a KB or Q number) are read, not e.g. `agent-ENU.exe`.
    if !is_update_name(name)
        || name.extension.as_ref().is_some_and(|e| e.value == Extension::Msu)
        || name.is_multilanguage()
    {
        return None;
    }
    let (Some(token), Some(installer_lang)) = (&name.language_suffix, name.language()) else {
        return None;
    };
    if installer_lang.code == package_lang.code {
        return None;
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
    Some(
        ctx.diag(&META, ctx.installer_token_span(token.span.clone()), message)
            .help(help)
            .label(field.span, label),
    )
}

/// The finding from the installer's contents: its version resource names only other languages.
fn by_content(
    ctx: &PackageCtx,
    name: &InstallerName,
    field: &Field<String>,
    package_lang: &'static Language,
) -> Option<Diagnostic> {
    if !content_judged(ctx, name) {
        return None;
    }
    let named = resource_languages(ctx)?;
    if named.is_empty() || named.iter().any(|l| l.code == package_lang.code) {
        return None;
    }
    let lang = ctx.lang();
    let theirs = named
        .iter()
        .map(|l| format!("{} (0x{:04X})", language_name(lang, l), l.langid))
        .collect::<Vec<_>>()
        .join(", ");
    let ours = language_name(lang, package_lang);
    let value = quoted_language(lang, &field.value, package_lang);
    let message = tr!(
        lang,
        "the installer's version resource names only {theirs}, but `language` is {value}: the file is an update for another language's Windows whatever its name says, and it does not install on {ours} Windows (Update.exe checks the OS language), so it is delivered again at every auto-update",
        "インストーラのバージョンリソースが示す言語は{theirs} だけですが、`language` は {value} です。名前が何であれ別の言語の Windows 向けの更新プログラムで、{ours}の Windows にはインストールされない (Update.exe が OS の言語を確認します) ため、自動更新のたびに再配信されます"
    );
    let help = match named.as_slice() {
        [one] => {
            let code = one.code;
            let name = language_name(lang, one);
            tr!(
                lang,
                "use the {ours} installer; or, if the package is for {name} Windows, set `language: {code}`",
                "{ours}版のインストーラを使ってください。{name}の Windows 向けなら `language: {code}` にしてください"
            )
        }
        _ => tr!(lang, "use the {ours} installer", "{ours}版のインストーラを使ってください"),
    };
    let label = tr!(lang, "the package is for {ours} Windows", "パッケージは{ours}の Windows 向け");
    let span = ctx.package().execute_file()?.span;
    Some(ctx.diag(&META, span, message).help(help).label(field.span, label))
}


/// The languages the installer's version resource names, when it names only specific languages
/// the catalog knows: the translations of the resource read and the language of every version
/// resource the file has. `None` without a readable PE installer or translations, or when one
/// of them is neutral (0x0000, or a neutral primary language) or a LANGID the catalog lacks.
fn resource_languages(ctx: &PackageCtx) -> Option<Vec<&'static Language>> {
    let Some(Ok(image)) = ctx.installer_image() else {
        return None;
    };
    let info = image.version.as_ref()?;
    if info.translations.is_empty() {
        return None;
    }
    let ids = info.translations.iter().map(|t| t.language);
    let mut out: Vec<&'static Language> = Vec::new();
    for id in ids.chain(info.resource_languages.iter().copied()) {
        if id & 0x3ff == 0 {
            return None;
        }
        let l = catalog::language_by_langid(id)?;
        if !out.iter().any(|o| o.code == l.code) {
            out.push(l);
        }
    }
    Some(out)
}

/// Whether the installer's contents can be judged by its version resource's language: a PE
/// installer (not `.msu`), of a hotfix or service pack (an application's in-house installer in
/// English may well run on Japanese Windows), whose name is not a multi-language package's
/// (`INTL`, or a Microsoft update name without a language token), for targets that are all releases whose updates are language-specific (NT5), and not
/// an update of a product that is not an OS (Office ships some updates as one installer for every
/// language).
fn content_judged(ctx: &PackageCtx, name: &InstallerName) -> bool {
    // A Microsoft update name without a language token is a package for every language (.NET
    // Framework updates, NT6 service packs), whatever language its version resource is in.
    let all_languages = is_update_name(name) && name.language_suffix.is_none();
    if ctx.package().kind() == Some(PackageType::Application)
        || name.extension.as_ref().is_some_and(|e| e.value == Extension::Msu)
        || name.is_multilanguage()
        || all_languages
    {
        return false;
    }
    let editions = ctx.editions();
    if editions.is_empty() || editions.iter().any(|e| !e.update_language_specific) {
        return false;
    }
    let non_os = identity::bulletin(ctx)
        .zip(identity::package_kb(ctx))
        .and_then(|(b, c)| b.entry(c.kb))
        .is_some_and(|e| e.os.is_empty());
    !non_os
}
