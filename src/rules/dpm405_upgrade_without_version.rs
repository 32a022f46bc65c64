//! ## What it catches
//! An identification entry with `change: upgrade` (バージョンアップ) and no `version`. Only files
//! that may carry a version resource are concerned: PE images such as `.dll`, `.exe`, `.sys`, and
//! files of a kind dpmlint does not know.
//!
//! An upgrade of a file without a version resource is reported by DPM402 instead, and a
//! `version` that is present but empty or invalid by DPM004.
//!
//! ## Why it matters
//! An upgrade is recognised by comparing the version of the file on the target with the version
//! the entry gives. Without one there is nothing to compare: the package is never seen as applied
//! and is delivered again at every auto-update.
//!
//! ## Example
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//!     change: upgrade
//! ```
//!
//! Use instead:
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//!     version: 5.2.3790.4392
//!     change: upgrade
//! ```
//!
//! ## Fix
//! Add `version` with the file version the update installs, as the file's version resource gives
//! it (`dpmlint inspect FILE` prints it from a copy of the file).
//!
//! ## 日本語
//! ## 検出内容
//! `version` なしで `change: upgrade` (バージョンアップ) を指定した識別情報。対象はバージョン
//! リソースを持ちうるファイル (`.dll`、`.exe`、`.sys` などの PE イメージと、dpmlint が種類を知らない
//! ファイル) です。
//!
//! バージョンリソースのないファイルのバージョンアップは DPM402 が、空または不正な `version` は
//! DPM004 が報告します。
//!
//! ## 問題点
//! バージョンアップは、対象のファイルのバージョンとエントリのバージョンを比べて確認されます。
//! バージョンがないと比べるものがなく、パッケージは適用済みと判断されず、自動更新のたびに再配信
//! されます。
//!
//! ## 修正方法
//! 更新プログラムがインストールするファイルのバージョンを、ファイルのバージョンリソースのとおりに
//! `version` に書いてください (`dpmlint inspect FILE` でファイルのコピーから表示できます)。

use crate::diagnostic::Diagnostic;
use crate::model::Change;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;
use crate::model::winpath;

/// DPM405
pub struct UpgradeWithoutVersion;

/// DPM405's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM405", "upgrade-without-version", Error, None);

impl Rule for UpgradeWithoutVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        for entry in ctx.package().identification() {
            let (Some(path), Some(change)) = (&entry.path, &entry.change) else { continue };
            if change.value != Change::Upgrade || entry.version.is_some() {
                continue;
            }
            // A file without a version resource: DPM402.
            if ctx.unversioned(&path.value).is_some() {
                continue;
            }
            // A `version` key whose value is invalid: DPM004.
            let Some(node) = ctx.identification_node(entry) else { continue };
            if node.get("version").is_some() {
                continue;
            }
            let name = winpath::file_name(&path.value);
            let written = ctx.file().slice(change.span);
            let message = tr!(
                lang,
                "`change: {written}` on `{name}` without `version`: an upgrade is recognised by comparing the file's version with the entry's, so there is nothing to compare and the package is never seen as applied and is delivered again at every auto-update",
                "`{name}` に `version` なしで `change: {written}` が指定されています。バージョンアップはファイルのバージョンとエントリのバージョンを比べて確認されるため、比べるものがなく、パッケージは適用済みと判断されず、自動更新のたびに再配信されます"
            );
            // The package's own copy of the file, when it has one, says which version it installs.
            let copy = ctx
                .copies(&path.value)
                .iter()
                .filter(|c| !c.in_reference)
                .find_map(|c| c.file_version().map(|v| (c.shown.clone(), v)));
            let help = match copy {
                Some((shown, v)) => tr!(
                    lang,
                    "add `version: {v}`, the version of the package's copy {shown}",
                    "`version: {v}` を追加してください (パッケージ内の {shown} のバージョンです)"
                ),
                None => tr!(
                    lang,
                    "add `version` with the file version the update installs: `dpmlint inspect FILE` prints it from the updated `{name}` (extracted from the update, or from a computer it was applied to)",
                    "更新プログラムがインストールするファイルバージョンを `version` に書いてください。更新後の `{name}` (更新プログラムから展開したもの、または適用済みの管理対象コンピュータのもの) を `dpmlint inspect FILE` に渡すと表示されます"
                ),
            };
            out.push(ctx.diag(&META, change.span, message).help(help));
        }
    }
}
