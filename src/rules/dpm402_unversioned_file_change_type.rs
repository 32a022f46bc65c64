//! ## What it catches
//! An identification entry with `change: rewrite` (書き換え) or `change: upgrade` (バージョンアップ)
//! on a file that has no version resource: a text file (`.ini`, `.inf`, `.xml`, …) or a binary that
//! is not a PE image (`.cab`, `.msi`, …).
//!
//! ## Why it matters
//! For a file without a version resource DPM can observe only whether it exists: `new` (新規) or
//! `delete` (削除). A rewrite or an upgrade of such a file can never be observed, so the entry
//! never holds: the package is never seen as applied and is delivered again at every auto-update.
//!
//! ## Example
//! ```yaml
//! identification:
//!   - path: '%ProgramFiles%\ACME\Agent\agent.ini'
//!     change: rewrite
//! ```
//!
//! Use instead:
//! ```yaml
//! identification:
//!   - path: '%ProgramFiles%\ACME\Agent\agent.ini'
//!     change: new
//! ```
//!
//! ## Fix
//! Use `new` when the package creates or replaces the file, `delete` when it removes it. There is
//! no automatic fix: only the author knows which one is meant.
//!
//! ## 日本語
//! ## 検出内容
//! バージョンリソースのないファイルに `change: rewrite` (書き換え) または `change: upgrade` (バージョンアップ) を
//! 指定した識別情報。テキストファイル (`.ini`、`.inf`、`.xml` など) や PE 形式でないバイナリ (`.cab`、
//! `.msi` など) が対象です。
//!
//! ## 問題点
//! バージョンリソースのないファイルについて DPM が確認できるのは、存在するかどうか、つまり `new`
//! (新規) か `delete` (削除) だけです。書き換えやバージョンアップは確認できないため、エントリは決して
//! 成り立たず、パッケージは適用済みと判断されず、自動更新のたびに再配信されます。
//!
//! ## 修正方法
//! パッケージがファイルを作成または置き換えるなら `new`、削除するなら `delete` にしてください。
//! どちらを意図したかは作成者にしか分からないため、自動修正はありません。

use crate::diagnostic::Diagnostic;
use crate::model::Change;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;
use crate::model::winpath;

/// DPM402
pub struct UnversionedFileChangeType;

/// DPM402's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM402", "unversioned-file-change-type", Error, None);

impl Rule for UnversionedFileChangeType {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        for entry in ctx.package().identification() {
            let (Some(path), Some(change)) = (&entry.path, &entry.change) else { continue };
            if !matches!(change.value, Change::Rewrite | Change::Upgrade) {
                continue;
            }
            let Some(why) = ctx.unversioned(&path.value) else { continue };
            let reason = why.describe(lang);
            let name = winpath::file_name(&path.value);
            let written = ctx.file().slice(change.span);
            let message = tr!(
                lang,
                "`change: {written}` on `{name}`, but {reason}: DPM can only observe whether such a file exists, never that it was rewritten or upgraded, so the package is never seen as applied and is delivered again at every auto-update",
                "`{name}` に `change: {written}` が指定されていますが、{reason}。DPM はこのようなファイルが存在するかどうかしか確認できず、書き換えやバージョンアップは確認できないため、パッケージは適用済みと判断されず、自動更新のたびに再配信されます"
            );
            let help = tr!(
                lang,
                "use `change: new` (新規) if the package creates or replaces the file, or `change: delete` (削除) if it removes it",
                "パッケージがファイルを作成または置き換えるなら `change: new` (新規)、削除するなら `change: delete` (削除) にしてください"
            );
            out.push(ctx.diag(&META, change.span, message).help(help));
        }
    }
}
