//! ## What it catches
//! An installer (`execute.file`) whose name says it is built for another OS than a target in
//! `os`:
//!
//! - the product token names another Windows release: `Windows2000`, `WindowsXP`,
//!   `WindowsServer2003`, `WindowsServer2003.WindowsXP` (the x64 builds of Server 2003 and XP),
//!   `Windows6.0` (Vista, Server 2008), `Windows6.1` (7, Server 2008 R2)…, or `Q123456i`
//!   (Windows NT 4.0);
//! - the architecture token (`x86`, `x64`, `ia64`) names another architecture than the target's;
//! - a product token without an architecture token that Microsoft uses for other architectures
//!   only: NT5 x64 builds are `WindowsServer2003.WindowsXP`, so `WindowsServer2003-KB…-JPN.exe`
//!   is no x64 build;
//! - the installer itself: its PE header's machine cannot run on a target (an x64 or ia64 image
//!   for an x86 edition, an ia64 image for an x64 one), whatever its name says.
//!
//! The offending token is underlined inside the file name, and every target it contradicts is
//! labelled. Only names that follow Microsoft's grammar (a product token, or a KB or Q number) are
//! read; other names, and targets DPM201 reports, are not judged.
//!
//! ## Why it matters
//! An update checks the OS it runs on and refuses to install on another one (Update.exe for NT5
//! `.exe` packages, wusa.exe for `.msu`); an x64 image does not even start on x86 Windows. The
//! update never installs on that target, the management server never sees it as applied, and it
//! is delivered again at every auto-update.
//!
//! ## Example
//! ```yaml
//! os:
//!   - Windows Server 2003 Enterprise x64 Edition
//!   - Windows Server 2003 Enterprise Edition
//! execute:
//!   file: WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe
//! ```
//!
//! Use instead (and a second package for the x86 edition with
//! `WindowsServer2003-KB958644-x86-JPN.exe`):
//! ```yaml
//! os:
//!   - Windows Server 2003 Enterprise x64 Edition
//! execute:
//!   file: WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe
//! ```
//!
//! ## Fix
//! Use the installer built for the target (the help names it when it can be derived), or remove
//! the target from `os` and give it a package of its own.
//!
//! ## 日本語
//! ## 検出内容
//! `execute.file` のファイル名が、`os` に書いた OS とは別の OS 向けであることを示している:
//!
//! - 製品トークンが別の Windows を示す: `Windows2000`、`WindowsXP`、`WindowsServer2003`、
//!   `WindowsServer2003.WindowsXP` (Server 2003 と XP の x64 版)、`Windows6.0` (Vista、Server 2008)、
//!   `Windows6.1` (7、Server 2008 R2) など、または `Q123456i` (Windows NT 4.0);
//! - アーキテクチャトークン (`x86`、`x64`、`ia64`) が対象 OS と別のアーキテクチャを示す;
//! - アーキテクチャトークンがなく、製品トークンが他のアーキテクチャ専用のもの: NT5 の x64 版は
//!   `WindowsServer2003.WindowsXP` なので、`WindowsServer2003-KB…-JPN.exe` は x64 版ではありません。
//!
//! ファイル名の中の該当トークンに下線を引き、矛盾する OS それぞれにラベルを付けます。Microsoft の
//! 命名規則に従う名前 (製品トークンか KB 番号・Q 番号を含む) だけを読み、それ以外の名前や DPM201 が
//! 報告する OS は判断しません。
//!
//! PE ヘッダのマシン種別も確認します: x86 の OS に x64 や ia64 のイメージは実行できません。
//!
//! ## 問題点
//! 更新プログラムは実行される OS を確認し、別の OS にはインストールしません (NT5 の `.exe` は
//! Update.exe、`.msu` は wusa.exe)。x64 のイメージは x86 の Windows では起動すらしません。その OS には
//! インストールされず、管理サーバは適用済みと判断できず、自動更新のたびに再配信します。
//!
//! ## 例
//! ```yaml
//! os:
//!   - Windows Server 2003 Enterprise x64 Edition
//!   - Windows Server 2003 Enterprise Edition
//! execute:
//!   file: WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe
//! ```
//!
//! 修正後 (x86 のエディションには、
//! `WindowsServer2003-KB958644-x86-JPN.exe` で 2 つ目のパッケージを作ります):
//! ```yaml
//! os:
//!   - Windows Server 2003 Enterprise x64 Edition
//! execute:
//!   file: WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe
//! ```
//!
//! ## 修正方法
//! 対象 OS 向けのインストーラを使う (導けるときはヘルプに名前を示します) か、その OS を `os` から
//! 外して別のパッケージにしてください。

use crate::catalog::{Arch, OsEdition, UpdateFileKind, service_pack_installer};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model::installer_name::{Extension, InstallerName, NameForm};
use crate::rules::{PackageCtx, Rule, RuleMeta, Target};
use crate::tr;
use std::ops::Range;

/// DPM204
pub struct InstallerOsMismatch;

/// DPM204's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM204", "installer-os-mismatch", Error, None);

/// A target with its catalog edition.
type Targeted<'a> = (Target<'a>, &'static OsEdition);

/// What about the installer contradicts a target.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Culprit {
    /// The product token (or `Q123456i`) names other Windows releases.
    Family(Range<usize>),
    /// The product token, with no architecture token, is used for other architectures only.
    ImpliedArch(Range<usize>),
    /// The architecture token names another architecture.
    Arch(Range<usize>, Arch),
}

impl Culprit {
    fn range(&self) -> Range<usize> {
        match self {
            Culprit::Family(r) | Culprit::ImpliedArch(r) | Culprit::Arch(r, _) => r.clone(),
        }
    }
}

impl Rule for InstallerOsMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        // Evidence, one source after the other: the installer's file name, then its PE header's
        // machine (an x64 or ia64 image for an x86 target) for the targets the name left alone.
        let targets = ctx.targets();
        let mut covered: Vec<usize> = Vec::new();
        if let (Some(name), Some(file_name)) = (ctx.installer_name(), installer_file_name(ctx))
            && is_update_name(name)
        {
            let mut groups: Vec<(Culprit, Vec<Targeted>)> = Vec::new();
            for target in targets {
                let Some(edition) = target.edition else { continue };
                let Some(culprit) = culprit(name, edition) else { continue };
                covered.push(target.name.span.start);
                match groups.iter_mut().find(|(c, _)| *c == culprit) {
                    Some((_, list)) => list.push((*target, edition)),
                    None => groups.push((culprit, vec![(*target, edition)])),
                }
            }
            let known = targets.iter().filter(|t| t.edition.is_some()).count();
            for (culprit, list) in groups {
                out.push(diagnostic(ctx, name, file_name, &culprit, &list, list.len() == known));
            }
        }
        machine_mismatch(ctx, targets, &covered, out);
    }
}

/// Whether a PE image of `machine` can run on a Windows of `arch` (x86 images run everywhere
/// Windows has WOW64 or x86 emulation; x64 and ia64 images only on their own architecture).
fn runs_on(machine: crate::evidence::pe::Machine, arch: Arch) -> Option<bool> {
    use crate::evidence::pe::Machine;
    match machine {
        Machine::X86 => Some(true),
        Machine::X64 => Some(arch == Arch::X64),
        Machine::Ia64 => Some(arch == Arch::Ia64),
        _ => None,
    }
}

/// The PE header's part: the installer image cannot run on some target's architecture.
fn machine_mismatch(ctx: &PackageCtx, targets: &[Target], covered: &[usize], out: &mut Vec<Diagnostic>) {
    let (Some(Ok(image)), Some(file)) = (ctx.installer_image(), ctx.package().execute_file()) else { return };
    let machine = image.machine;
    let refused: Vec<&Target> = targets
        .iter()
        .filter(|t| !covered.contains(&t.name.span.start))
        .filter(|t| t.edition.is_some_and(|e| !e.arches.is_empty() && e.arches.iter().all(|a| runs_on(machine, *a) == Some(false))))
        .collect();
    if refused.is_empty() {
        return;
    }
    let lang = ctx.lang();
    let names = lang.list(refused.iter().map(|t| format!("`{}`", t.name.value)));
    let f = &file.value;
    let mut d = ctx
        .diag(
            &META,
            file.span,
            tr!(
                lang,
                "`{f}` is an {machine} PE image, which cannot run on {names}: the update fails there, is never seen as applied, and is delivered again at every auto-update",
                "`{f}` は {machine} の PE イメージで、{names} では実行できません。更新は失敗し、管理サーバは適用済みと判断できないため、自動更新のたびに再配信します"
            ),
        )
        .help(tr!(
            lang,
            "use the installer built for the target's architecture, or split the package per architecture",
            "対象 OS のアーキテクチャ向けのインストーラを使うか、アーキテクチャごとにパッケージを分けてください"
        ));
    for t in refused {
        d = d.label(t.name.span, tr!(lang, "this target cannot run it", "この OS では実行できません"));
    }
    out.push(d);
}

fn diagnostic(
    ctx: &PackageCtx,
    name: &InstallerName,
    file_name: &str,
    culprit: &Culprit,
    list: &[Targeted],
    none_fits: bool,
) -> Diagnostic {
    let lang = ctx.lang();
    let range = culprit.range();
    let tok = file_name.get(range.clone()).unwrap_or(file_name);
    let targets = lang.list(list.iter().map(|(t, _)| format!("`{}`", t.name.value)));
    let message = match culprit {
        Culprit::Family(_) => {
            let families = name.families().iter().map(|f| f.name()).collect::<Vec<_>>().join(" / ");
            tr!(
                lang,
                "`{tok}` in the installer's name makes it an update for {families}, not for {targets}: it checks the OS and refuses to install there, so the update never installs, is never seen as applied, and is delivered again at every auto-update",
                "インストーラ名の `{tok}` は、この更新プログラムが {families} 向けで、{targets} 向けではないことを示します。更新プログラムは OS を確認してインストールを中止するので、これらの OS には適用されません。管理サーバは適用済みと判断できないため、自動更新のたびに再配信します"
            )
        }
        Culprit::ImpliedArch(_) => {
            let built = name.os_keys().describe_in(lang);
            tr!(
                lang,
                "`{tok}` with no architecture token makes the installer an update for {built}, not for {targets}: it refuses to install there, so the update never installs, is never seen as applied, and is delivered again at every auto-update",
                "アーキテクチャトークンのない `{tok}` は、この更新プログラムが {built} 向けで、{targets} 向けではないことを示します。更新プログラムはインストールを中止するので、これらの OS には適用されません。管理サーバは適用済みと判断できないため、自動更新のたびに再配信します"
            )
        }
        Culprit::Arch(_, arch) => tr!(
            lang,
            "`{tok}` in the installer's name makes it an {arch} build, which cannot install on {targets}: the update never installs there, is never seen as applied, and is delivered again at every auto-update",
            "インストーラ名の `{tok}` は {arch} 版であることを示し、{targets} にはインストールできません。管理サーバは適用済みと判断できないため、自動更新のたびに再配信します"
        ),
    };
    // Proposed in the definition's language, as DPM206 proposes (DPM205 reports the other).
    let relanguaged = crate::rules::dpm205_installer_language_mismatch::in_package_language(ctx, name, file_name);
    let (name, file_name) = match &relanguaged {
        Some((n, f)) => (n, f.as_str()),
        None => (name, file_name),
    };
    let suggested = {
        let names: Vec<Option<String>> = list
            .iter()
            .map(|(_, e)| {
                let arch = name
                    .arch_value()
                    .filter(|a| e.has_arch(*a))
                    .or_else(|| e.arches.first().copied())?;
                name_for(name, file_name, e, arch)
            })
            .collect();
        match names.split_first() {
            Some((Some(first), rest)) if rest.iter().all(|n| n.as_ref() == Some(first)) => Some(first.clone()),
            _ => None,
        }
    };
    let help = match (none_fits, suggested) {
        (true, Some(n)) => tr!(
            lang,
            "use the installer built for {targets}: `{n}`",
            "{targets} 向けのインストーラを使ってください: `{n}`"
        ),
        (true, None) => tr!(
            lang,
            "use the installer built for {targets}",
            "{targets} 向けのインストーラを使ってください"
        ),
        (false, Some(n)) if list.len() == 1 => tr!(
            lang,
            "remove {targets} from `os` and give it a package of its own with the installer built for it (`{n}`)",
            "{targets} を `os` から外し、それ向けのインストーラ (`{n}`) で別のパッケージにしてください"
        ),
        (false, Some(n)) => tr!(
            lang,
            "remove {targets} from `os` and give them a package of their own with the installer built for them (`{n}`)",
            "{targets} を `os` から外し、それ向けのインストーラ (`{n}`) で別のパッケージにしてください"
        ),
        (false, None) if list.len() == 1 => tr!(
            lang,
            "remove {targets} from `os` and give it a package of its own with the installer built for it",
            "{targets} を `os` から外し、それ向けのインストーラで別のパッケージにしてください"
        ),
        (false, None) => tr!(
            lang,
            "remove {targets} from `os` and give them a package of their own with the installer built for them",
            "{targets} を `os` から外し、それ向けのインストーラで別のパッケージにしてください"
        ),
    };
    let mut d = ctx.diag(&META, ctx.installer_token_span(range), message).help(help);
    for (target, edition) in list {
        d = d.label(target.name.span, edition_label(lang, edition));
    }
    d
}

/// "Windows Server 2003 x86" for a target's label.
fn edition_label(lang: Lang, edition: &OsEdition) -> String {
    let arches = edition.arches.iter().map(|a| a.as_str()).collect::<Vec<_>>().join("/");
    let family = edition.family.name();
    tr!(lang, "a {family} {arches} target", "{family} の {arches} 版")
}

/// The file name `execute.file` ends in (what [`PackageCtx::installer_name`] parsed).
pub(crate) fn installer_file_name<'a>(ctx: &PackageCtx<'a>) -> Option<&'a str> {
    let file = ctx.package().execute_file()?;
    file.value.rsplit(['/', '\\']).next()
}

/// Whether the name follows Microsoft's grammar far enough to be read: a product token, or a KB or
/// Q number.
pub(crate) fn is_update_name(name: &InstallerName) -> bool {
    name.form != NameForm::Unknown && (name.product_token.is_some() || name.kb.is_some())
}

/// What in the name rules `edition` out, if anything does.
fn culprit(name: &InstallerName, edition: &OsEdition) -> Option<Culprit> {
    if name.fits_os(edition) != Some(false) {
        return None;
    }
    let families = name.families();
    if !families.is_empty() && !families.contains(&edition.family) {
        if let Some(p) = &name.product_token {
            return Some(Culprit::Family(p.span.clone()));
        }
        // `Q123456i`: the Q number and the `i` together say Windows NT 4.0.
        if let (NameForm::Nt4Hotfix, Some(kb), Some(arch)) = (name.form, &name.kb, &name.arch) {
            return Some(Culprit::Family(kb.span.start..arch.span.end));
        }
        return None;
    }
    if let Some(arch) = &name.arch {
        return (!edition.has_arch(arch.value)).then(|| Culprit::Arch(arch.span.clone(), arch.value));
    }
    name.product_token.as_ref().map(|p| Culprit::ImpliedArch(p.span.clone()))
}

/// The installer's name rewritten for `edition` on `arch`:
/// `WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe` for Server 2003 x86 becomes
/// `WindowsServer2003-KB958644-x86-JPN.exe`. `None` unless the name follows the standard grammar
/// with a product token, and its container is the one the edition's updates come in (an `.exe`
/// name for an NT5 edition; an `.msu` name, or the `.exe` of a known service pack, for an NT6
/// one): across generations the name changes more than its tokens.
pub(crate) fn name_for(name: &InstallerName, file_name: &str, edition: &OsEdition, arch: Arch) -> Option<String> {
    if name.form != NameForm::Standard {
        return None;
    }
    let product = name.product_token.as_ref()?;
    // NT6 service packs are `.exe` files, not `.msu`.
    let nt6_service_pack = name.kb_number().and_then(service_pack_installer).is_some();
    let same_kind = match (edition.update_file, name.extension.as_ref()?.value) {
        (UpdateFileKind::Exe, Extension::Exe) | (UpdateFileKind::Msu, Extension::Msu) => true,
        (UpdateFileKind::Msu, Extension::Exe) => nt6_service_pack,
        _ => false,
    };
    if !same_kind {
        return None;
    }
    let mut edits: Vec<(Range<usize>, String)> = vec![(product.span.clone(), edition.update_token(arch)?.to_string())];
    match &name.arch {
        Some(a) => {
            let written = file_name.get(a.span.clone())?;
            let upper = written.bytes().any(|b| b.is_ascii_uppercase());
            let text = if upper { arch.as_str().to_ascii_uppercase() } else { arch.as_str().to_string() };
            edits.push((a.span.clone(), text));
        }
        None if arch != Arch::X86 => {
            let kb = name.kb.as_ref()?;
            edits.push((kb.span.end..kb.span.end, format!("-{arch}")));
        }
        None => {}
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = file_name.to_string();
    for (range, text) in edits {
        out.get(range.clone())?;
        out.replace_range(range, &text);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::os_by_id;

    fn renamed(file: &str, id: &str, arch: Arch) -> Option<String> {
        let edition = os_by_id(id)?;
        name_for(&InstallerName::parse(file), file, edition, arch)
    }

    #[test]
    fn names_for_another_edition() {
        assert_eq!(
            renamed("WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe", "ws2003-ent-x86", Arch::X86).as_deref(),
            Some("WindowsServer2003-KB958644-x86-JPN.exe")
        );
        assert_eq!(
            renamed("WindowsServer2003-KB958644-JPN.exe", "ws2003-std-x64", Arch::X64).as_deref(),
            Some("WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe")
        );
        assert_eq!(
            renamed("Windows2000-KB958644-X86-JPN.EXE", "ws2003-std-x86", Arch::X86).as_deref(),
            Some("WindowsServer2003-KB958644-X86-JPN.EXE")
        );
        assert_eq!(
            renamed("Windows6.0-KB958644-x86.msu", "ws2008-std-x64", Arch::X64).as_deref(),
            Some("Windows6.0-KB958644-x64.msu")
        );
        assert_eq!(
            renamed("Windows6.0-KB948465-X86.exe", "ws2008-ent-x64", Arch::X64).as_deref(),
            Some("Windows6.0-KB948465-X64.exe")
        );
        // Across generations (an .msu for an NT5 edition) the name is not derived.
        assert_eq!(renamed("Windows6.0-KB958644-x86.msu", "ws2003-std-x86", Arch::X86), None);
        assert_eq!(renamed("W2KSP4_JA.EXE", "ws2003-std-x86", Arch::X86), None);
    }

    #[test]
    fn culprits() {
        let e = |id| os_by_id(id).unwrap();
        let c = |file: &str, id| culprit(&InstallerName::parse(file), e(id));
        assert_eq!(c("WindowsServer2003-KB958644-x86-JPN.exe", "ws2003-ent-x86"), None);
        assert_eq!(c("WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe", "ws2003-ent-x64"), None);
        assert_eq!(c("Windows6.0-KB958644-x86.msu", "ws2008-std-x86"), None);
        assert_eq!(
            c("WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe", "ws2003-ent-x86"),
            Some(Culprit::Arch(37..40, Arch::X64))
        );
        assert_eq!(
            c("Windows2000-KB958644-x86-JPN.exe", "ws2003-std-x86"),
            Some(Culprit::Family(0..11))
        );
        assert_eq!(
            c("WindowsServer2003-KB958644-JPN.exe", "ws2003-std-x64"),
            Some(Culprit::ImpliedArch(0..17))
        );
        assert_eq!(c("Q123456i.exe", "w2k-server"), Some(Culprit::Family(0..8)));
        // Nothing to read: silent.
        assert_eq!(c("setup.exe", "ws2003-std-x64"), None);
        // Server 2003 R2 exists on x86 and x64.
        assert_eq!(c("WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe", "ws2003-r2"), None);
    }
}
