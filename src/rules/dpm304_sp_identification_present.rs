//! ## What it catches
//! A service pack that carries `identification` entries (識別情報).
//!
//! ## Why it matters
//! DPM judges a service pack by the target's service pack level against `service_pack.major` /
//! `minor`; identification info must be empty for a service pack. Entries there only invite
//! mistakes: a file version that differs between editions or languages, or a file the service
//! pack does not touch on every target, and the package is never seen as applied and is
//! delivered again at every auto-update.
//!
//! An empty `identification` (`identification: []`) is not reported.
//!
//! ## Example
//! ```yaml
//! type: service-pack
//! service_pack: { major: 2, minor: 0 }
//! identification:
//!   - path: '%SystemRoot%\system32\ntoskrnl.exe'
//!     version: 5.2.3790.3959
//!     change: upgrade
//! ```
//!
//! Use instead:
//! ```yaml
//! type: service-pack
//! service_pack: { major: 2, minor: 0 }
//! ```
//!
//! ## Fix
//! Remove the whole `identification` entry (`--fix` does it when `identification` is a key of
//! its own line in a block mapping).
//!
//! ## 日本語
//! ## 検出内容
//! `identification` (識別情報) を持つサービスパック。
//!
//! ## 問題点
//! DPM はサービスパックを、対象のサービスパックレベルと `service_pack.major` / `minor` を比べて
//! 判断します。サービスパックの識別情報は空でなければなりません。エントリがあると誤りの元になります:
//! エディションや言語で異なるファイルバージョン、すべての対象では更新されないファイルなどで、
//! パッケージは適用済みと判断されず、自動更新のたびに再配信されます。
//!
//! 空の `identification` (`identification: []`) は報告しません。
//!
//! ## 修正方法
//! `identification` のエントリ全体を削除してください (`identification` がブロックマッピングの
//! 1 行のキーであれば `--fix` が削除します)。

use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::edits;
use crate::i18n::Lang;
use crate::model::PackageType;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM304
pub struct SpIdentificationPresent;

/// DPM304's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM304", "sp-identification-present", Warning, Safe);

impl Rule for SpIdentificationPresent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        let pkg = ctx.package();
        if pkg.kind() != Some(PackageType::ServicePack) {
            return;
        }
        let Some(ids) = &pkg.identification else { return };
        if ids.value.is_empty() {
            return;
        }
        let entries = match (lang, ids.value.len()) {
            (Lang::En, 1) => "1 entry".to_string(),
            (Lang::En, n) => format!("{n} entries"),
            (Lang::Ja, n) => format!("{n} 件"),
        };
        let message = tr!(
            lang,
            "a service pack with identification info ({entries}): DPM judges service packs by `service_pack.major`/`minor`, and identification info must be empty for them",
            "識別情報 ({entries}) のあるサービスパックです。DPM はサービスパックを `service_pack.major`/`minor` で判断し、サービスパックの識別情報は空でなければなりません"
        );
        let help = tr!(
            lang,
            "remove `identification`: an entry that does not hold on every target keeps the package from being seen as applied, so it is delivered again at every auto-update",
            "`identification` を削除してください。すべての対象で成り立たないエントリがあると、パッケージは適用済みと判断されず、自動更新のたびに再配信されます"
        );
        let mut d = ctx.diag(&META, ids.key, message).help(help);
        if let Some(edit) = edits::remove_entry(ctx.file(), ids.key, ids.span) {
            d = d.fix(Fix::safe(vec![edit]));
        }
        out.push(d);
    }
}
