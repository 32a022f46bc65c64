//! ## What it catches
//! `service_pack` on a package whose `type` is `hotfix` or `application`.
//!
//! ## Why it matters
//! Only a service pack has a major/minor version in Image Builder. On a hotfix or an application
//! the field is ignored, so it says something about the package that DPM will never use: either
//! the `type` is wrong (a service pack registered as a hotfix is judged by its MS number or
//! identification info instead of its level) or the field is left over from a copied definition.
//!
//! ## Example
//! ```yaml
//! type: hotfix
//! ms_number: MS08-067
//! service_pack: { major: 2, minor: 0 }
//! ```
//!
//! Use instead:
//! ```yaml
//! type: hotfix
//! ms_number: MS08-067
//! ```
//!
//! ## Fix
//! Remove `service_pack` (`--fix` does it when it is a key of its own line), or, if the package
//! really is a service pack, set `type: service-pack`.
//!
//! ## 日本語
//! ## 検出内容
//! `type` が `hotfix` または `application` のパッケージにある `service_pack`。
//!
//! ## 問題点
//! Image Builder でメジャー/マイナーバージョンを持つのはサービスパックだけです。HotFix や
//! アプリケーションではこのフィールドは無視され、DPM が使わない情報になります。`type` が誤っている
//! (HotFix として登録したサービスパックは、レベルではなく MS 番号や識別情報で判断されます) か、
//! コピーした定義の残りです。
//!
//! ## 修正方法
//! `service_pack` を削除してください (1 行のキーであれば `--fix` が削除します)。本当に
//! サービスパックであれば `type: service-pack` にしてください。

use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::edits;
use crate::model::{PACKAGE_TYPES, PackageType};
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::load::source::Span;
use crate::tr;

/// DPM305
pub struct SpFieldOnNonSp;

/// DPM305's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM305", "sp-field-on-non-sp", Warning, Safe);

impl Rule for SpFieldOnNonSp {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        let Some(kind) = &ctx.package().kind else { return };
        if kind.value == PackageType::ServicePack {
            return;
        }
        // The key's presence is what matters here, whatever its value (DPM004 judges that).
        let Some(entry) = ctx.doc().root.get("service_pack") else { return };
        let written = ctx.file().slice(kind.span);
        let canonical = PACKAGE_TYPES.canonical(kind.value);
        let message = tr!(
            lang,
            "`service_pack` on a package of type `{written}`: only a service pack has a major/minor version, so DPM ignores it here",
            "タイプ `{written}` のパッケージに `service_pack` があります。メジャー/マイナーバージョンを持つのはサービスパックだけなので、DPM はこれを無視します"
        );
        let help = tr!(
            lang,
            "remove `service_pack`; if the package is a service pack, set `type: service-pack` instead (a package of type `{canonical}` is never judged by a service pack level)",
            "`service_pack` を削除してください。サービスパックであれば `type: service-pack` にしてください (タイプ `{canonical}` のパッケージはサービスパックレベルでは判断されません)"
        );
        let mut d = ctx.diag(&META, entry.key.span, message).help(help);
        // An empty value (`service_pack:`) has an empty span at the key: the entry ends at the `:`.
        let mut value = entry.value.span;
        if value.is_empty() && ctx.file().text.get(entry.key.span.end..).is_some_and(|t| t.starts_with(':')) {
            value = Span::at(entry.key.span.end + 1);
        }
        if let Some(edit) = edits::remove_entry(ctx.file(), entry.key.span, value) {
            d = d.fix(Fix::safe(vec![edit]));
        }
        out.push(d);
    }
}
