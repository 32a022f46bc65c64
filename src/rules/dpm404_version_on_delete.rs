//! ## What it catches
//! An identification entry with `change: delete` (削除) that also sets `version`.
//!
//! ## Why it matters
//! The entry says the package removes the file: once it is applied there is no file, and no
//! version to read. At best DPM ignores the version; at worst the entry can never hold, and the
//! package is never seen as applied and is delivered again at every auto-update. Either way the
//! version says something that cannot be checked.
//!
//! When the file has no version resource at all (a text file), DPM401 reports the version
//! instead, with the same fix, so the one node never gets two diagnostics.
//!
//! ## Example
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\olddriver.sys'
//!     version: 5.2.3790.0
//!     change: delete
//! ```
//!
//! Use instead:
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\olddriver.sys'
//!     change: delete
//! ```
//!
//! ## Fix
//! Remove `version` (`--fix` does it in a block entry or a flow one such as `- {path: …,
//! version: …}`, unless `version` is the first key of a block list item: `- version: …`). If the
//! package does not delete the file but replaces it, set the change type that says so instead.
//!
//! ## 日本語
//! ## 検出内容
//! `change: delete` (削除) で `version` も指定した識別情報。
//!
//! ## 問題点
//! このエントリはパッケージがファイルを削除することを表します。適用後にはファイルがなく、読み取る
//! バージョンもありません。よくてもバージョンは無視され、悪ければエントリは決して成り立たず、
//! パッケージは適用済みと判断されず、自動更新のたびに再配信されます。いずれにしても確認できない
//! ことを書いています。
//!
//! ファイルにバージョンリソースがない場合 (テキストファイル) は、同じ修正で DPM401 が報告するため、
//! 同じノードに 2 つの診断は出ません。
//!
//! ## 修正方法
//! `version` を削除してください (`--fix` はブロック形式のエントリでも `- {path: …, version: …}` のような
//! フロー形式のエントリでも削除します。ただしブロック形式のリスト項目の最初のキー (`- version: …`)
//! は削除しません)。
//! ファイルを削除せず置き換えるのであれば、それを表す変更タイプにしてください。

use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::edits;
use crate::model::Change;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;
use crate::model::winpath;

/// DPM404
pub struct VersionOnDelete;

/// DPM404's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM404", "version-on-delete", Warning, Safe);

impl Rule for VersionOnDelete {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        for entry in ctx.package().identification() {
            let (Some(change), Some(version)) = (&entry.change, &entry.version) else { continue };
            if change.value != Change::Delete {
                continue;
            }
            // DPM401 reports the version of an unversioned file, with the same fix.
            if entry.path.as_ref().is_some_and(|p| ctx.unversioned(&p.value).is_some()) {
                continue;
            }
            let name = match &entry.path {
                Some(p) => format!("`{}`", winpath::file_name(&p.value)),
                None => tr!(lang, "the file", "ファイル"),
            };
            let v = &version.value;
            let written = ctx.file().slice(change.span);
            let message = tr!(
                lang,
                "`change: {written}` with version {v}: once {name} is deleted there is no version to read, so the version is at best ignored and at worst keeps the package from ever being seen as applied",
                "`change: {written}` にバージョン {v} が指定されています。{name} を削除した後には読み取るバージョンがないため、よくても無視され、悪ければパッケージは適用済みと判断されません"
            );
            let help = tr!(
                lang,
                "remove `version`; if the package replaces the file rather than deleting it, use the change type that says so",
                "`version` を削除してください。ファイルを削除せず置き換えるのであれば、それを表す変更タイプにしてください"
            );
            let mut d = ctx.diag(&META, version.span, message).help(help);
            if let Some(edit) = edits::remove_entry_in(&ctx.doc().root, ctx.file(), version.key) {
                d = d.fix(Fix::safe(vec![edit]));
            }
            out.push(d);
        }
    }
}
