//! ## What it catches
//! A hotfix with neither an `ms_number` nor any `identification` entry. A hotfix whose
//! `ms_number` is there but invalid (empty, a list…) is DPM004's finding, not this one; entries
//! that are there but incomplete are DPM003's. When the catalog knows the bulletin of the
//! package's KB, the message names it.
//!
//! ## Why it matters
//! DPM tells that a hotfix is applied from its MS number or, failing that, from its
//! identification info. With neither, nothing can show that the package was applied: the
//! management server delivers it again at every auto-update, on every machine, forever.
//! Non-security hotfixes and updates after March 2017 have no MS number, so they need
//! identification entries.
//!
//! ## Example
//! ```yaml
//! type: hotfix
//! kb: KB2345678
//! execute:
//!   file: WindowsServer2003-KB2345678-x86-JPN.exe
//! ```
//!
//! Use instead:
//! ```yaml
//! type: hotfix
//! kb: KB2345678
//! execute:
//!   file: WindowsServer2003-KB2345678-x86-JPN.exe
//! identification:
//!   - path: '%SystemRoot%\$NtUninstallKB2345678$\spuninst\spuninst.exe'
//!     change: new
//! ```
//!
//! ## Fix
//! Add `ms_number: MSyy-nnn` when the update comes with a security bulletin; otherwise add
//! `identification` entries for files only this update leaves behind.
//!
//! ## 日本語
//! ## 検出内容
//! `ms_number` も `identification` のエントリもない HotFix。`ms_number` があっても値が不正 (空、リストなど)
//! な場合は DPM004、エントリがあっても不完全な場合は DPM003 の対象で、このルールは報告しません。
//! パッケージの KB が属するセキュリティ情報がカタログで分かれば、メッセージに示します。
//!
//! ## 問題点
//! DPM は HotFix の適用を MS 番号で、なければ識別情報で判断します。どちらもないと適用済みであることを
//! 示すものがなく、管理サーバは自動更新のたびにすべての管理対象コンピュータへ再配信し続けます。セキュリティ以外の修正や
//! 2017 年 4 月以降の更新には MS 番号がないため、識別情報が必要です。
//!
//! ## 修正方法
//! セキュリティ情報のある更新なら `ms_number: MSyy-nnn` を追加し、そうでなければこの更新だけが残す
//! ファイルの `identification` を追加してください。

use crate::catalog;
use crate::diagnostic::Diagnostic;
use crate::model::PackageType;
use crate::rules::dpm104_ms_number_ambiguous::identification_empty;
use crate::rules::identity;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM105
pub struct HotfixUnidentifiable;

/// DPM105's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM105", "hotfix-unidentifiable", Error, None);

impl Rule for HotfixUnidentifiable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let Some(kind) = &ctx.package().kind else { return };
        if kind.value != PackageType::Hotfix {
            return;
        }
        // Look at the tree, not the model: an `ms_number` that is present but invalid (DPM004)
        // is left out of the model, and is not "no MS number".
        if ctx.doc().root.get("ms_number").is_some() || !identification_empty(ctx) {
            return;
        }
        let lang = ctx.lang();
        let message = tr!(
            lang,
            "a hotfix with neither `ms_number` nor `identification`: nothing can show the management server that it was applied, so it delivers the package again at every auto-update",
            "`ms_number` も `identification` もない HotFix です。適用済みであることを管理サーバに示すものがなく、自動更新のたびにパッケージが再配信されます"
        );
        let owners: Vec<&str> = identity::package_kb(ctx)
            .map(|c| catalog::bulletins_with_kb(c.kb).map(|b| b.id()).collect())
            .unwrap_or_default();
        let help = match (identity::package_kb(ctx), owners.as_slice()) {
            (Some(claim), [one]) => {
                let kb = identity::kb_text(claim.kb);
                tr!(lang, "{kb} belongs to {one}: add `ms_number: {one}`", "{kb} は {one} の更新です。`ms_number: {one}` を追加してください")
            }
            _ => tr!(
                lang,
                "add `ms_number: MSyy-nnn` if the update comes with a security bulletin; otherwise (a non-security hotfix, an update after March 2017) add `identification` entries for files only this update leaves behind",
                "セキュリティ情報のある更新なら `ms_number: MSyy-nnn` を追加してください。そうでなければ (セキュリティ以外の修正、2017 年 4 月以降の更新)、この更新だけが残すファイルの `identification` を追加してください"
            ),
        };
        out.push(ctx.diag(&META, kind.span, message).help(help));
    }
}
