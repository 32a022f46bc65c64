//! ## What it catches
//! An `os` list that mixes editions of different architectures while the installer is for one
//! architecture, such as `Windows Server 2003 Enterprise Edition` (x86) with `Windows Server 2003
//! Enterprise x64 Edition`. dpmlint holds that the installer is for one architecture when its
//! name says so:
//!
//! - it has an architecture token (`-x86-`, `-x64-`, `-ia64-`, any case), as every Microsoft
//!   update of Server 2003, XP x64 and NT6 (`.msu` and service packs) has; or
//! - it is an NT5 update (product token `Windows2000`, `WindowsXP`, `WindowsServer2003`,
//!   `WindowsServer2003.WindowsXP`, or legacy `W2K`/`WXP`): NT5 updates are language-specific
//!   `.exe` packages built per architecture (x64 builds carry `WindowsServer2003.WindowsXP`).
//!
//! Any other name (an in-house `setup.exe`, a script that picks the right installer itself) says
//! nothing about its architecture, and the rule stays silent. Editions that exist on several
//! architectures under one name (Server 2003 R2, Vista, 7, Server 2008 R2) are not counted, and
//! neither are names DPM201 reports. The diagnostic points at `os` and labels every edition with
//! its architecture.
//!
//! ## Why it matters
//! One installer file cannot install on both x86 and x64 Windows: on the editions of the other
//! architecture it never installs, the management server never sees it as applied, and it is
//! delivered to them again at every auto-update. DPM204 points at the token that rules each
//! edition out; this rule says what to do about the list: split the package.
//!
//! ## Example
//! ```yaml
//! os:
//!   - Windows Server 2003 Enterprise Edition
//!   - Windows Server 2003 Enterprise x64 Edition
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe
//! ```
//!
//! Use instead, one package per architecture:
//! ```yaml
//! os:
//!   - Windows Server 2003 Enterprise Edition
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe
//! ```
//! ```yaml
//! os:
//!   - Windows Server 2003 Enterprise x64 Edition
//! execute:
//!   file: WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe
//! ```
//!
//! ## Fix
//! Split the package by architecture, each with the installer built for it (the help names them
//! when they can be derived, with the language token of the definition's `language`: `-JPN` for
//! `ja`, even when the installer named is another language's) and its own `id`.
//!
//! ## 日本語
//! ## 検出内容
//! `os` に異なるアーキテクチャのエディションが混在している (例: x86 の `Windows Server 2003
//! Enterprise Edition` と `Windows Server 2003 Enterprise x64 Edition`) のに、インストーラが 1 つの
//! アーキテクチャ向けである。次の場合にインストーラは 1 つのアーキテクチャ向けと判断します:
//!
//! - 名前にアーキテクチャトークン (`-x86-`、`-x64-`、`-ia64-`。大文字小文字は問いません) がある。
//!   Server 2003、XP x64、NT6 (`.msu` とサービスパック) の Microsoft の更新プログラムにはすべてあります;
//! - NT5 の更新プログラムである (製品トークン `Windows2000`、`WindowsXP`、`WindowsServer2003`、
//!   `WindowsServer2003.WindowsXP`、古い形式の `W2K`/`WXP`)。NT5 の更新プログラムは言語別の `.exe` で、
//!   アーキテクチャごとに作られています (x64 版は `WindowsServer2003.WindowsXP`)。
//!
//! それ以外の名前 (社内の `setup.exe`、インストーラを自分で選ぶスクリプトなど) はアーキテクチャを
//! 示さないため、報告しません。1 つの名前で複数のアーキテクチャがあるエディション (Server 2003 R2、
//! Vista、7、Server 2008 R2) や、DPM201 が報告する名前は数えません。`os` を指し、各エディションに
//! アーキテクチャのラベルを付けます。
//!
//! ## 問題点
//! 1 つのインストーラファイルを x86 と x64 の両方の Windows にインストールすることはできません。
//! 別のアーキテクチャのエディションにはインストールされず、管理サーバは適用済みと判断できず、
//! 自動更新のたびに再配信します。DPM204 は各エディションを除外するトークンを示し、このルールは一覧を
//! どうすべきか (パッケージを分けること) を示します。
//!
//! ## 例
//! ```yaml
//! os:
//!   - Windows Server 2003 Enterprise Edition
//!   - Windows Server 2003 Enterprise x64 Edition
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe
//! ```
//!
//! 修正後: アーキテクチャごとに 1 つのパッケージにします:
//! ```yaml
//! os:
//!   - Windows Server 2003 Enterprise Edition
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe
//! ```
//! ```yaml
//! os:
//!   - Windows Server 2003 Enterprise x64 Edition
//! execute:
//!   file: WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe
//! ```
//!
//! ## 修正方法
//! アーキテクチャごとにパッケージを分け、それぞれにそのアーキテクチャ向けのインストーラ (導けるときは
//! ヘルプに名前を示します。言語トークンは定義の `language` のもので、`ja` なら、指定されたインストーラが
//! 別の言語のものでも `-JPN` です) と別の `id` を付けてください。

use crate::catalog::{Arch, OsEdition, OsFamily};
use crate::diagnostic::Diagnostic;
use crate::model::installer_name::InstallerName;
use crate::rules::dpm204_installer_os_mismatch::{installer_file_name, is_update_name, name_for};
use crate::rules::dpm205_installer_language_mismatch::in_package_language;
use crate::rules::{PackageCtx, Rule, RuleMeta, Target};
use crate::tr;

/// DPM206
pub struct MixedArchitectures;

/// DPM206's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM206", "mixed-architectures", Error, None);

/// Why the installer is for one architecture.
enum OneArch {
    /// Its architecture token.
    Token,
    /// It is an NT5 update (built per architecture).
    Nt5,
}

/// Whether the name is an NT5 update: its product token is for Windows 2000, XP or Server 2003.
fn is_nt5(name: &InstallerName) -> bool {
    name.product().is_some_and(|p| {
        p.families()
            .iter()
            .all(|f| matches!(f, OsFamily::W2k | OsFamily::Xp | OsFamily::Ws2003))
    })
}

impl Rule for MixedArchitectures {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let Some(os) = &ctx.package().os else { return };
        let (Some(name), Some(file_name)) = (ctx.installer_name(), installer_file_name(ctx)) else {
            return;
        };
        if !is_update_name(name) {
            return;
        }
        let (why, served): (OneArch, &[Arch]) = match (&name.arch, name.product()) {
            (Some(a), _) => (OneArch::Token, std::slice::from_ref(&a.value)),
            (None, Some(p)) if is_nt5(name) => (OneArch::Nt5, p.arches()),
            _ => return,
        };
        // Targets by architecture; editions with several architectures say nothing.
        let mut by_arch: Vec<(Arch, Vec<&'static OsEdition>)> = Vec::new();
        let mut labelled: Vec<(Target, Arch)> = Vec::new();
        for target in ctx.targets() {
            let Some(edition) = target.edition else { continue };
            let [arch] = edition.arches[..] else { continue };
            labelled.push((*target, arch));
            match by_arch.iter_mut().find(|(a, _)| *a == arch) {
                Some((_, list)) => list.push(edition),
                None => by_arch.push((arch, vec![edition])),
            }
        }
        if by_arch.len() < 2 {
            return;
        }
        by_arch.sort_by_key(|(a, _)| *a);
        let lang = ctx.lang();
        let arches = lang.list(by_arch.iter().map(|(a, _)| a.as_str().to_string()));
        let others: Vec<String> = by_arch
            .iter()
            .filter(|(a, _)| !served.contains(a))
            .map(|(a, _)| a.as_str().to_string())
            .collect();
        let reason = match why {
            OneArch::Token => {
                let arch = served.first().map_or("", |a| a.as_str());
                tr!(lang, "`{file_name}` is an {arch} build", "`{file_name}` は {arch} 版です")
            }
            OneArch::Nt5 => {
                let tok = name.product().map_or("", |p| p.as_str());
                tr!(
                    lang,
                    "`{tok}` updates are built for one architecture each",
                    "`{tok}` の更新プログラムはアーキテクチャごとに作られています"
                )
            }
        };
        let message = if others.is_empty() {
            tr!(
                lang,
                "`os` mixes {arches} editions, but one installer serves one architecture ({reason}): it never installs on the editions of the other, which receive it again at every auto-update",
                "`os` に {arches} のエディションが混在していますが、1 つのインストーラは 1 つのアーキテクチャ向けです ({reason})。別のアーキテクチャのエディションにはインストールされず、自動更新のたびに再配信されます"
            )
        } else {
            let others = lang.list(others);
            tr!(
                lang,
                "`os` mixes {arches} editions, but one installer serves one architecture ({reason}): it never installs on the {others} editions, which receive it again at every auto-update",
                "`os` に {arches} のエディションが混在していますが、1 つのインストーラは 1 つのアーキテクチャ向けです ({reason})。{others} のエディションにはインストールされず、自動更新のたびに再配信されます"
            )
        };
        // The installers proposed are for the definition's language: an `-ENU` installer in a
        // `language: ja` package (DPM205's) is proposed as the `-JPN` one.
        let relanguaged = in_package_language(ctx, name, file_name);
        let (base_name, base_file) = match &relanguaged {
            Some((n, f)) => (n, f.as_str()),
            None => (name, file_name),
        };
        let names: Option<Vec<String>> = by_arch
            .iter()
            .map(|(arch, list)| {
                let edition = list.first()?;
                let n = name_for(base_name, base_file, edition, *arch)?;
                Some(tr!(lang, "`{n}` for the {arch} editions", "{arch} のエディションには `{n}`"))
            })
            .collect();
        let help = match names {
            Some(names) => {
                let names = lang.list(names);
                tr!(
                    lang,
                    "split the package by architecture, each with its own `id` and the installer built for it: {names}",
                    "アーキテクチャごとにパッケージを分け、それぞれに別の `id` とそのアーキテクチャ向けのインストーラを付けてください: {names}"
                )
            }
            None => tr!(
                lang,
                "split the package by architecture, each with its own `id` and the installer built for it",
                "アーキテクチャごとにパッケージを分け、それぞれに別の `id` とそのアーキテクチャ向けのインストーラを付けてください"
            ),
        };
        let mut d = ctx.diag(&META, os.key, message).help(help);
        for (target, arch) in labelled {
            d = d.label(target.name.span, tr!(lang, "an {arch} edition", "{arch} のエディション"));
        }
        if let Some(a) = &name.arch {
            let arch = a.value;
            d = d.label(
                ctx.installer_token_span(a.span.clone()),
                tr!(lang, "the installer is an {arch} build", "インストーラは {arch} 版"),
            );
        }
        out.push(d);
    }
}

