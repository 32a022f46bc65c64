//! ## What it catches
//! A service pack whose `service_pack.major` / `minor` is no service pack that exists for a target
//! OS:
//!
//! - a level after the last one: SP3 for Windows Server 2003 (its last is SP2), SP5 for Windows
//!   2000, anything for Windows Server 2012 (no service pack was released);
//! - a level that was skipped: SP1 for Server 2003 x64 (x64 was released on the SP1 code base and
//!   SP1 cannot be installed on it; its only service pack is SP2);
//! - a level at or below the one the OS was released at: SP1 for Windows Server 2008 (its release
//!   already reports SP1) or Server 2003 R2, and `major: 0` (the release itself);
//! - any `minor` but 0: no Windows service pack has a minor version.
//!
//! The message lists the service packs that exist for the edition. Targets DPM201 reports are not
//! judged, and a missing `major`/`minor` is DPM301's.
//!
//! ## Why it matters
//! DPM decides whether a service pack is applied by comparing the computer's service-pack level
//! with `major`/`minor`. No installer brings a computer to a level that does not exist (Update.exe
//! checks the SP level and stops), so the package never installs as declared, the management
//! server never sees it as applied, and it is delivered again at every auto-update.
//!
//! ## Example
//! ```yaml
//! os: Windows Server 2003 Standard x64 Edition
//! service_pack: { major: 1, minor: 0 }
//! ```
//!
//! Use instead:
//! ```yaml
//! os: Windows Server 2003 Standard x64 Edition
//! service_pack: { major: 2, minor: 0 }
//! ```
//!
//! ## Fix
//! Set `major` to a service pack that exists for every target (the message lists them) and
//! `minor` to 0, with the matching installer; or remove the target from `os`.
//!
//! ## 日本語
//! ## 検出内容
//! `service_pack.major` / `minor` が、対象 OS に存在しないサービスパックを示している:
//!
//! - 最後のものより後: Windows Server 2003 の SP3 (最後は SP2)、Windows 2000 の SP5、Windows Server
//!   2012 のすべて (サービスパックは出ていません);
//! - 飛ばされたもの: Server 2003 x64 の SP1 (x64 版は SP1 のコードで出荷され、SP1 はインストール
//!   できません。サービスパックは SP2 だけです);
//! - 出荷時のレベル以下: Windows Server 2008 の SP1 (出荷時点で SP1 と報告します)、Server 2003 R2 の
//!   SP1、`major: 0` (出荷時そのもの);
//! - 0 以外の `minor`: マイナーバージョンのある Windows のサービスパックはありません。
//!
//! メッセージにはそのエディションに存在するサービスパックを示します。DPM201 が報告する OS は
//! 判断せず、`major`/`minor` がない場合は DPM301 が報告します。
//!
//! ## 問題点
//! DPM は管理対象コンピュータのサービスパックのレベルを `major`/`minor` と比べて適用済みかを判断します。
//! 存在しないレベルにするインストーラはない (Update.exe は SP レベルを確認して中止します) ため、
//! 宣言どおりにはインストールされず、管理サーバは適用済みと判断できず、自動更新のたびに再配信します。
//!
//! ## 修正方法
//! `major` をすべての対象 OS に存在するサービスパック (メッセージに示します) に、`minor` を 0 にし、
//! それに合うインストーラを使ってください。またはその OS を `os` から外してください。

use crate::catalog::OsEdition;
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model::PackageType;
use crate::rules::{PackageCtx, Rule, RuleMeta, Target};
use crate::tr;

/// DPM302
pub struct SpVersionNonexistent;

/// DPM302's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM302", "sp-version-nonexistent", Error, None);

/// A target with its catalog edition.
type Targeted<'a> = (Target<'a>, &'static OsEdition);

/// What is wrong, and the service packs that exist: targets that share it share a diagnostic.
type GroupKey = (Reason, Vec<u8>);

/// Why `major` is no service pack of an edition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reason {
    /// `major: 0`: the release itself.
    Zero,
    /// At or below the level the edition was released at (that level).
    AtRelease(u8),
    /// Between existing levels, but not one of them (Server 2003 x64 SP1).
    Skipped,
    /// After the last level (that level).
    AfterLast(u8),
}

fn reason(edition: &OsEdition, major: u16) -> Option<Reason> {
    let release = edition.release_sp();
    let Ok(sp) = u8::try_from(major) else {
        return Some(Reason::AfterLast(edition.latest_sp()));
    };
    if sp == 0 {
        Some(Reason::Zero)
    } else if sp <= release {
        Some(Reason::AtRelease(release))
    } else if sp > edition.latest_sp() {
        Some(Reason::AfterLast(edition.latest_sp()))
    } else if !edition.has_sp_level(sp) {
        Some(Reason::Skipped)
    } else {
        None
    }
}

/// `SP1, SP2`.
fn levels(sps: &[u8]) -> String {
    sps.iter().map(|s| format!("SP{s}")).collect::<Vec<_>>().join(", ")
}

impl Rule for SpVersionNonexistent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let pkg = ctx.package();
        if pkg.kind() != Some(PackageType::ServicePack) {
            return;
        }
        let Some(sp) = &pkg.service_pack else { return };
        let targets = ctx.targets();
        if !targets.iter().any(|t| t.edition.is_some()) {
            return;
        }
        let lang = ctx.lang();
        if let Some(major) = &sp.value.major {
            // Targets grouped by what is wrong and which service packs exist for them.
            let mut groups: Vec<(GroupKey, Vec<Targeted>)> = Vec::new();
            for target in targets {
                let Some(edition) = target.edition else { continue };
                let Some(why) = reason(edition, major.value) else { continue };
                let key = (why, edition.installable_sps().collect::<Vec<_>>());
                match groups.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, list)) => list.push((*target, edition)),
                    None => groups.push((key, vec![(*target, edition)])),
                }
            }
            for ((why, installable), list) in groups {
                out.push(major_diagnostic(ctx, major, why, &installable, &list));
            }
        }
        if let Some(minor) = &sp.value.minor
            && minor.value != 0
        {
            let m = minor.value;
            let level = sp
                .value
                .major
                .as_ref()
                .map_or(format!("SP?.{m}"), |major| format!("SP{}.{m}", major.value));
            out.push(
                ctx.diag(
                    &META,
                    minor.span,
                    tr!(
                        lang,
                        "`minor: {m}`: no Windows service pack has a minor version (Windows reports minor 0), so no computer ever reaches {level}, DPM never sees the package as applied, and delivers it again at every auto-update",
                        "`minor: {m}`: マイナーバージョンのある Windows のサービスパックはありません (Windows はマイナー 0 を報告します)。{level} になる管理対象コンピュータはなく、DPM は適用済みと判断できず、自動更新のたびに再配信します"
                    ),
                )
                .help(tr!(lang, "set `minor: 0`", "`minor: 0` にしてください")),
            );
        }
    }
}

fn major_diagnostic(
    ctx: &PackageCtx,
    major: &crate::model::Field<u16>,
    why: Reason,
    installable: &[u8],
    list: &[Targeted],
) -> Diagnostic {
    let lang = ctx.lang();
    let m = major.value;
    let names = list
        .iter()
        .map(|(t, _)| format!("`{}`", t.name.value))
        .collect::<Vec<_>>()
        .join(", ");
    let exist = if installable.is_empty() {
        tr!(lang, "none was ever released", "1 つも出ていません")
    } else {
        levels(installable)
    };
    let what = match why {
        Reason::Zero => tr!(
            lang,
            "`major: 0` is no service pack: level 0 is the release of {names} itself (service packs that exist: {exist})",
            "`major: 0` はサービスパックではありません。レベル 0 は {names} の出荷時そのものです (存在するサービスパック: {exist})"
        ),
        Reason::AtRelease(rel) => tr!(
            lang,
            "there is no SP{m} installer for {names}: released at SP{rel} level, the OS already reports SP{rel} (service packs that exist: {exist})",
            "{names} の SP{m} のインストーラはありません。SP{rel} のレベルで出荷され、出荷時点で SP{rel} と報告します (存在するサービスパック: {exist})"
        ),
        Reason::Skipped => tr!(
            lang,
            "there is no SP{m} for {names} (service packs that exist: {exist})",
            "{names} に SP{m} はありません (存在するサービスパック: {exist})"
        ),
        Reason::AfterLast(_) if installable.is_empty() => tr!(
            lang,
            "there is no SP{m} for {names}: no service pack was ever released",
            "{names} に SP{m} はありません。サービスパックは 1 つも出ていません"
        ),
        Reason::AfterLast(last) => tr!(
            lang,
            "there is no SP{m} for {names}: the last service pack is SP{last} (service packs that exist: {exist})",
            "{names} に SP{m} はありません。最後のサービスパックは SP{last} です (存在するサービスパック: {exist})"
        ),
    };
    let message = tr!(
        lang,
        "{what}; no installer brings a computer to that level, so DPM never sees the package as applied and delivers it again at every auto-update",
        "{what}。そのレベルにするインストーラはないため、DPM は適用済みと判断できず、自動更新のたびに再配信します"
    );
    let help = match installable {
        [] => tr!(
            lang,
            "{names} has no service packs: remove it from `os`, or deliver its updates as hotfixes",
            "{names} にはサービスパックがありません。`os` から外すか、更新を HotFix として配信してください"
        ),
        [only] => tr!(
            lang,
            "set `major: {only}` with the SP{only} installer, or remove {names} from `os`",
            "SP{only} のインストーラで `major: {only}` にするか、{names} を `os` から外してください"
        ),
        _ => tr!(
            lang,
            "set `major` to one of {exist} with that service pack's installer, or remove {names} from `os`",
            "`major` を {exist} のいずれかにしてそのインストーラを使うか、{names} を `os` から外してください"
        ),
    };
    let mut d = ctx.diag(&META, major.span, message).help(help);
    for (target, edition) in list {
        d = d.label(target.name.span, label(lang, edition));
    }
    d
}

/// "service packs: SP2 (released at SP1 level)" for a target's label.
fn label(lang: Lang, edition: &OsEdition) -> String {
    let installable: Vec<u8> = edition.installable_sps().collect();
    let rel = edition.release_sp();
    match (installable.is_empty(), rel) {
        (true, _) => tr!(lang, "no service packs", "サービスパックなし"),
        (false, 0) => {
            let l = levels(&installable);
            tr!(lang, "service packs: {l}", "サービスパック: {l}")
        }
        (false, _) => {
            let l = levels(&installable);
            tr!(
                lang,
                "service packs: {l} (released at SP{rel} level)",
                "サービスパック: {l} (SP{rel} のレベルで出荷)"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::os_by_id;

    #[test]
    fn reasons() {
        let r = |id: &str, major| reason(os_by_id(id).unwrap(), major);
        assert_eq!(r("ws2003-std-x86", 1), None);
        assert_eq!(r("ws2003-std-x86", 2), None);
        assert_eq!(r("ws2003-std-x86", 3), Some(Reason::AfterLast(2)));
        assert_eq!(r("ws2003-std-x64", 1), Some(Reason::Skipped));
        assert_eq!(r("ws2003-std-x64", 2), None);
        assert_eq!(r("ws2008-std-x86", 1), Some(Reason::AtRelease(1)));
        assert_eq!(r("ws2008-ent-x64", 2), None);
        assert_eq!(r("ws2003-r2", 1), Some(Reason::AtRelease(1)));
        assert_eq!(r("ws2012", 1), Some(Reason::AfterLast(0)));
        assert_eq!(r("w2k-server", 4), None);
        assert_eq!(r("w2k-server", 0), Some(Reason::Zero));
        assert_eq!(r("w2k-server", 300), Some(Reason::AfterLast(4)));
    }
}
