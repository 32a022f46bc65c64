//! ## What it catches
//! A hotfix whose bulletin, as the catalog records it, affects Windows releases none of which is
//! a target OS: `MS08-067` for Windows Server 2012, an XP-only bulletin for Windows Server 2003.
//! The diagnostic points at the `os` value (the whole list, once) and labels the MS number.
//!
//! The rule stays silent where the catalog cannot answer: when the bulletin lists no Windows
//! release at all (Office, SQL Server, Visual Studio bulletins: the update runs on any Windows);
//! when the package's update is one of the bulletin's non-OS products (or its KB is unknown and
//! the bulletin has such products); when the bulletin lists a Windows product without a release
//! key (Small Business Server, Windows Embedded); when no target is a known edition; and when a
//! target was already out of public support at the bulletin's date (Microsoft's data omits such
//! releases, though custom-support updates exist, e.g. MS17-010 for Server 2003).
//!
//! ## Why it matters
//! An update for other Windows releases does not install on the target (the installer refuses),
//! or is not needed there. Either way the management server never finds the MS number among the
//! target's installed updates, and delivers the package again at every auto-update. Usually the
//! MS number or the `os` list is wrong.
//!
//! ## Example
//! ```yaml
//! os: Windows Server 2008 Standard Edition
//! ms_number: MS09-004
//! ```
//!
//! Use instead:
//! ```yaml
//! os: Windows Server 2003 Standard Edition
//! ms_number: MS09-004
//! ```
//!
//! ## Fix
//! Check the MS number against the update's KB article, and the target OS against the releases
//! the bulletin lists.
//!
//! ## 日本語
//! ## 検出内容
//! カタログに記録されたセキュリティ情報の対象 Windows のどれにも、対象 OS が含まれない HotFix。例:
//! Windows Server 2012 向けの `MS08-067`、Windows Server 2003 向けの XP 専用のセキュリティ情報。
//! 診断は `os` の値 (リスト全体に 1 回) を指し、MS 番号にラベルを付けます。
//!
//! カタログで判断できない場合は報告しません: セキュリティ情報が Windows を 1 つも挙げていない (Office、
//! SQL Server、Visual Studio など。更新はどの Windows でも動きます)、パッケージの更新が OS 以外の製品向け
//! (または KB が不明で、セキュリティ情報に OS 以外の製品がある)、キーのない Windows 製品 (Small Business
//! Server、Windows Embedded) が挙がっている、既知のエディションが対象 OS にない、公開時点で対象 OS の
//! 公開サポートが終了していた (Microsoft のデータにはないが、MS17-010 の Server 2003 向けのように
//! カスタムサポートの更新があります) 場合です。
//!
//! ## 問題点
//! 別の Windows 向けの更新は管理対象コンピュータにインストールされない (インストーラが拒否する) か、不要です。
//! いずれにしても管理サーバは MS 番号を管理対象コンピュータの適用済み更新から見つけられず、自動更新のたびに
//! パッケージを再配信します。多くの場合、MS 番号か `os` が誤っています。
//!
//! ## 修正方法
//! MS 番号を更新の KB 記事と照合し、対象 OS をセキュリティ情報が挙げる Windows と照合してください。

use crate::catalog;
use crate::diagnostic::Diagnostic;
use crate::rules::identity;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM106
pub struct OsNotAffected;

/// DPM106's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM106", "os-not-affected", Warning, None);

impl Rule for OsNotAffected {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        if identity::is_non_hotfix(ctx) {
            return;
        }
        let Some((ms, ms_span, ..)) = identity::ms_number(ctx) else { return };
        let Some(b) = catalog::bulletin(ms) else { return };
        let Some(os) = &ctx.package().os else { return };
        let editions = ctx.editions();
        if editions.is_empty() || b.entries.iter().any(|e| e.other_windows_products > 0) {
            return;
        }
        // An update for a product that is not an OS (Office…) runs on any Windows.
        match identity::package_kb(ctx).and_then(|c| b.entry(c.kb)) {
            Some(entry) if entry.os.is_empty() => return,
            Some(_) => {}
            None if b.entries.iter().any(|e| e.non_os_products > 0) => return,
            None => {}
        }
        for e in &editions {
            if identity::out_of_support_at(e, b) || b.affects_os(e) != Some(false) {
                return;
            }
        }
        let lang = ctx.lang();
        let mut names: Vec<&str> = Vec::new();
        for e in &editions {
            if !names.contains(&e.dpm_name) {
                names.push(e.dpm_name);
            }
        }
        let targets = names.join(", ");
        let listed = b.os_keys().describe();
        let message = tr!(
            lang,
            "{ms} lists no update for {targets}: it affects {listed}. The update does not install on the target (or is not needed there), so the management server never finds {ms} among its installed updates and delivers the package again at every auto-update",
            "{ms} には {targets} 向けの更新がありません (対象は {listed})。更新は管理対象コンピュータにインストールされない (または不要な) ため、管理サーバは適用済みの更新から {ms} を見つけられず、自動更新のたびにパッケージを再配信します"
        );
        let date = b.date.to_string();
        let newer: Vec<&str> = editions
            .iter()
            .filter(|e| e.released.is_some_and(|r| r > date.as_str()))
            .map(|e| e.dpm_name)
            .collect();
        let help = if newer.len() == editions.len() {
            tr!(
                lang,
                "{targets} was released after {ms} ({date}), so its release already has the fix: check the MS number against the update's KB article",
                "{targets} は {ms} ({date}) より後に発売されたため、修正はすでに含まれています。MS 番号を更新の KB 記事と照合してください"
            )
        } else {
            tr!(
                lang,
                "check the MS number against the update's KB article, and `os` against the releases {ms} lists",
                "MS 番号を更新の KB 記事と、`os` を {ms} が挙げる Windows と照合してください"
            )
        };
        out.push(
            ctx.diag(&META, os.span, message)
                .label(ms_span, tr!(lang, "{ms} lists none of the target OS", "{ms} には対象 OS がありません"))
                .help(help),
        );
    }
}
