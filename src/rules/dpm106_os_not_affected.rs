//! ## What it catches
//! A hotfix whose bulletin, as the catalog records it, affects Windows releases none of which is
//! a target OS: `MS08-067` for Windows Server 2012, an XP-only bulletin for Windows Server 2003.
//! The diagnostic points at the `os` value (the whole list, once) and labels the MS number.
//!
//! This includes a bulletin posted after a target's end of support, which Microsoft's bulletin
//! lists no update for: `MS10-046` (2010-08-02) or `MS11-020` for Windows 2000, whose support
//! ended on 2010-07-13. The message then gives both dates and names only such targets, whatever
//! the other targets are. The end of support is the edition's date in the OS catalog; a bulletin
//! posted on that day itself is still within support.
//!
//! The rule stays silent where the catalog cannot answer: when the bulletin lists no Windows
//! release at all (Office, SQL Server, Visual Studio bulletins: the update runs on any Windows);
//! when the package's update is one of the bulletin's non-OS products (or its KB is unknown and
//! the bulletin has such products); when the bulletin lists a Windows product without a release
//! key (Small Business Server, Windows Embedded); when no target is a known edition; and for an
//! edition whose end of support the catalog does not give (Windows Server 2003 R2, XP x64: the
//! rule does not borrow another edition's date).
//!
//! A package meant for a custom-support update that the bulletin data does not list (MS17-010's
//! update of May 2017 for Server 2003) is reported too: the management server cannot find the
//! bulletin on such a target either. Suppress the warning with `# dpmlint: ignore DPM106` and
//! the reason when the package is deliberate.
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
//! 対象 OS のサポート終了後に公開され、その OS 向けの更新がないセキュリティ情報も含みます。例: サポートが
//! 2010-07-13 に終了した Windows 2000 向けの `MS10-046` (2010-08-02) や `MS11-020`。この場合、メッセージには
//! 両方の日付を示し、ほかの対象 OS にかかわらず、そうした対象 OS だけを挙げます。サポート終了日は OS カタログの
//! エディションの日付で、その日当日に公開されたセキュリティ情報はサポート期間内です。
//!
//! カタログで判断できない場合は報告しません: セキュリティ情報が Windows を 1 つも挙げていない (Office、
//! SQL Server、Visual Studio など。更新はどの Windows でも動きます)、パッケージの更新が OS 以外の製品向け
//! (または KB が不明で、セキュリティ情報に OS 以外の製品がある)、キーのない Windows 製品 (Small Business
//! Server、Windows Embedded) が挙がっている、既知のエディションが対象 OS にない、カタログにサポート終了日の
//! ないエディション (Windows Server 2003 R2、XP x64。ほかのエディションの日付は借りません) の場合です。
//!
//! セキュリティ情報のデータにないカスタムサポートの更新 (MS17-010 の 2017 年 5 月の Server 2003 向けの更新)
//! のパッケージも報告します。そうした管理対象コンピュータでも、管理サーバはセキュリティ情報を見つけられない
//! ためです。意図したパッケージなら `# dpmlint: ignore DPM106` と理由を書いて警告を抑止してください。
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
        if editions.is_empty() || b.entries().iter().any(|e| e.other_windows_products > 0) {
            return;
        }
        // An update for a product that is not an OS (Office…) runs on any Windows.
        match identity::package_kb(ctx).and_then(|c| b.entry(c.kb)) {
            Some(entry) if entry.os.is_empty() => return,
            Some(_) => {}
            None if b.entries().iter().any(|e| e.non_os_products > 0) => return,
            None => {}
        }
        let lang = ctx.lang();
        // Targets whose support had ended when the bulletin was posted, and which it does not list.
        let mut ended: Vec<(&str, &str)> = Vec::new();
        for e in &editions {
            if let Some(end) = identity::support_ended_at(e, b)
                && b.affects_os(e) == Some(false)
                && !ended.iter().any(|(n, _)| *n == e.dpm_name)
            {
                ended.push((e.dpm_name, end));
            }
        }
        if !ended.is_empty() {
            out.push(after_support_end(ctx, b, ms, ms_span, os.span, &ended));
            return;
        }
        for e in &editions {
            if identity::out_of_support_at(e, b) || b.affects_os(e) != Some(false) {
                return;
            }
        }
        let targets = identity::target_names(&editions, ctx.lang());
        let listed = b.os_keys().describe_in(lang);
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

/// The diagnostic for targets whose support had ended (`ended`: name and date) before the bulletin
/// was posted: both dates, and what the bulletin lists instead.
fn after_support_end(
    ctx: &PackageCtx,
    b: &catalog::Bulletin,
    ms: &str,
    ms_span: crate::load::source::Span,
    os_span: crate::load::source::Span,
    ended: &[(&str, &str)],
) -> Diagnostic {
    let lang = ctx.lang();
    let date = b.date.to_string();
    let targets = ended
        .iter()
        .map(|(name, end)| tr!(lang, "{name} (support ended {end})", "{name} (サポート終了 {end})"))
        .collect::<Vec<_>>()
        .join(if lang == crate::i18n::Lang::Ja { "、" } else { ", " });
    let listed = b.os_keys().describe_in(lang);
    let them = match ended.len() {
        1 => tr!(lang, "that release", "その OS 向け"),
        _ => tr!(lang, "those releases", "それらの OS 向け"),
    };
    let message = tr!(
        lang,
        "{ms} was posted on {date}, after the end of support of {targets}, and lists no update for {them} (it affects {listed}). The management server never finds {ms} among the installed updates of such a target and delivers the package again at every auto-update",
        "{ms} は {date} に公開されました。{targets} のサポートはすでに終了しており、{ms} には{them}の更新がありません (対象は {listed})。管理サーバはその管理対象コンピュータの適用済みの更新から {ms} を見つけられず、自動更新のたびにパッケージを再配信します"
    );
    let help = tr!(
        lang,
        "remove the targets past their end of support from `os`; for a custom-support update the bulletin does not list, suppress this warning with `# dpmlint: ignore DPM106` and the reason",
        "サポートが終了した OS を `os` から外してください。セキュリティ情報に載っていないカスタムサポートの更新なら、`# dpmlint: ignore DPM106` と理由を書いてこの警告を抑止してください"
    );
    let label = tr!(lang, "{ms} was posted on {date}", "{ms} の公開日は {date}");
    let mut d = ctx.diag(&META, os_span, message).label(ms_span, label);
    // Each target past its end of support, when the list names others too.
    if ctx.targets().len() > 1 {
        for t in ctx.targets() {
            if let Some((_, end)) = ended.iter().find(|(n, _)| t.edition.is_some_and(|e| e.dpm_name == *n)) {
                d = d.label(t.name.span, tr!(lang, "support ended {end}", "サポート終了 {end}"));
            }
        }
    }
    d.help(help)
}
