//! ## What it catches
//! An `ms_number` on a service pack or an application. Only a HotFix package has an MS number
//! (MS番号) in Image Builder: DPM judges a service pack by its major/minor version, and has no
//! use for the number on an application.
//!
//! ## Why it matters
//! The number is ignored, so it says something about the package that DPM never checks. Often it
//! is a leftover of a copied hotfix definition; sometimes the package really is a hotfix and the
//! `type` is wrong, in which case it is delivered with no MS number at all and never seen as
//! applied.
//!
//! ## Example
//! ```yaml
//! type: service-pack
//! ms_number: MS08-067
//! service_pack: { major: 2, minor: 0 }
//! ```
//!
//! Use instead:
//! ```yaml
//! type: service-pack
//! service_pack: { major: 2, minor: 0 }
//! ```
//!
//! ## Fix
//! Remove `ms_number`; `--fix` removes the entry (and nothing else). When the package's KB is one
//! of the bulletin's updates, the package is most likely a hotfix with the wrong `type`: no fix
//! is offered then, and the message says to set `type: hotfix`.
//!
//! ## 日本語
//! ## 検出内容
//! サービスパックやアプリケーションの `ms_number`。Image Builder で MS 番号を持つのは HotFix だけです。
//! DPM はサービスパックをメジャー/マイナーバージョンで判断し、アプリケーションでは MS 番号を使いません。
//!
//! ## 問題点
//! 番号は無視されるため、DPM が検査しない情報になります。HotFix の定義をコピーした残りであることが
//! 多く、本当は HotFix で `type` が誤っている場合は、MS 番号なしで配信され、適用済みと判断されません。
//!
//! ## 修正方法
//! `ms_number` を削除してください。`--fix` がそのエントリだけを削除します。パッケージの KB が
//! そのセキュリティ情報の更新である場合は、`type` を誤った HotFix である可能性が高いため修正は行わず、
//! `type: hotfix` にするよう示します。

use crate::catalog;
use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::edits;
use crate::model::PackageType;
use crate::rules::identity;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM108
pub struct MsNumberOnNonHotfix;

/// DPM108's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM108", "ms-number-on-non-hotfix", Warning, Safe);

impl Rule for MsNumberOnNonHotfix {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let Some(kind) = ctx.package().kind() else { return };
        if kind == PackageType::Hotfix {
            return;
        }
        // The tree, not the model: an invalid value (DPM004) is on the wrong package all the same.
        let Some(entry) = ctx.doc().root.get("ms_number") else { return };
        let lang = ctx.lang();
        let message = match kind {
            PackageType::ServicePack => tr!(
                lang,
                "`ms_number` on a service pack: DPM judges a service pack by its `service_pack` major/minor version and ignores the MS number",
                "サービスパックに `ms_number` があります。DPM はサービスパックを `service_pack` のメジャー/マイナーバージョンで判断し、MS 番号は無視します"
            ),
            _ => tr!(
                lang,
                "`ms_number` on an application: DPM uses MS numbers only for hotfixes and ignores it here",
                "アプリケーションに `ms_number` があります。DPM は MS 番号を HotFix にだけ使い、ここでは無視します"
            ),
        };
        // The package's KB is one of the bulletin's updates: most likely a hotfix with the wrong
        // `type`, and removing its MS number would lose what identifies it.
        let hotfix_like = ctx.package().ms_number.as_ref().and_then(|ms| catalog::bulletin(&ms.value)).zip(
            identity::package_kb(ctx),
        );
        let mut d = ctx.diag(&META, entry.key.span, message);
        match hotfix_like {
            Some((b, claim)) if b.has_kb(claim.kb) => {
                let kb = identity::kb_text(claim.kb);
                let ms = b.id();
                d = d.help(tr!(
                    lang,
                    "{kb} is an update of {ms}: if this package is that hotfix, set `type: hotfix`; otherwise remove `ms_number`",
                    "{kb} は {ms} の更新です。このパッケージがその HotFix なら `type: hotfix` にし、そうでなければ `ms_number` を削除してください"
                ));
            }
            _ => {
                d = d.help(tr!(lang, "remove `ms_number`", "`ms_number` を削除してください"));
                if let Some(edit) = edits::remove_entry(ctx.file(), entry.key.span, entry.value.span) {
                    d = d.fix(Fix::safe(vec![edit]));
                }
            }
        }
        out.push(d);
    }
}
