//! ## What it catches
//! An identification entry whose pinned `version` matches none of the copies of the file that
//! dpmlint read: files of the same name under the package folder (an extracted payload) and the
//! file in each reference root (`--reference DIR`, or `reference = [...]` in dpmlint.toml). The
//! message lists every version found and where. A file's version is the fixed FileVersion of its
//! version resource (VS_FIXEDFILEINFO), not the FileVersion string.
//!
//! ## Why it matters
//! The management server compares the pinned version with the file on the target. A version that
//! the real file does not have — a typo, the version of another service-pack branch, the string
//! `5.2.3790.4392 (srv03_sp2_gdr.080813-1204)` read by eye — is never matched: the package is
//! never seen as applied and is delivered again at every auto-update.
//!
//! ## Example
//! The payload's `netapi32.dll` is 5.2.3790.4392:
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//!     version: 5.2.3790.4329
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
//! Pin the version the file really has: `dpmlint inspect FILE` prints it.
//!
//! ## 日本語
//! ## 検出内容
//! 識別情報の `version` が、dpmlint が読んだファイルのどのコピーとも一致しない。コピーとは、パッケージ
//! フォルダ以下の同名ファイル (展開したペイロード) と、各参照ルート (`--reference DIR`、または
//! dpmlint.toml の `reference = [...]`) にあるファイルです。見つかったバージョンと場所をすべて示します。
//! ファイルのバージョンはバージョンリソースの固定 FileVersion (VS_FIXEDFILEINFO) で、文字列ではありません。
//!
//! ## 問題点
//! 管理サーバは指定されたバージョンを対象のファイルと比較します。実際のファイルにないバージョン
//! (打ち間違い、別ブランチのバージョン、文字列 `5.2.3790.4392 (srv03_sp2_gdr.080813-1204)` の読み違い)
//! は一致せず、パッケージは適用済みと判断されず、自動更新のたびに再配信されます。
//!
//! ## 修正方法
//! ファイルの実際のバージョンを指定してください。`dpmlint inspect FILE` で確認できます。

use crate::diagnostic::Diagnostic;
use crate::model::Change;
use crate::pe::Version;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM406
pub struct VersionMismatch;

/// DPM406's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM406", "version-mismatch", Error, None);

impl Rule for VersionMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        for entry in ctx.package().identification() {
            let (Some(path), Some(version)) = (&entry.path, &entry.version) else { continue };
            if entry.change.as_ref().is_some_and(|c| c.value == Change::Delete) {
                continue; // DPM404: a deleted file has no version to compare
            }
            // A malformed version is DPM403's; an unversioned file is DPM401's.
            let Ok(pinned) = version.value.trim().parse::<Version>() else { continue };
            let copies = ctx.copies(&path.value);
            let found: Vec<(String, Version)> =
                copies.iter().filter_map(|c| c.file_version().map(|v| (c.shown.clone(), v))).collect();
            if found.is_empty() || found.iter().any(|(_, v)| *v == pinned) {
                continue;
            }
            let list = found.iter().map(|(w, v)| format!("{v} in {w}")).collect::<Vec<_>>().join(", ");
            let list_ja = found.iter().map(|(w, v)| format!("{w} は {v}")).collect::<Vec<_>>().join("、");
            let v = &version.value;
            let message = match lang {
                crate::i18n::Lang::En => format!(
                    "version {v} matches no copy of the file ({list}): the management server never finds {v} on the target, so the package is delivered again at every auto-update"
                ),
                crate::i18n::Lang::Ja => format!(
                    "バージョン {v} はファイルのどのコピーとも一致しません ({list_ja})。管理サーバは対象で {v} を見つけられず、自動更新のたびに再配信します"
                ),
            };
            let first = found[0].1;
            out.push(ctx.diag(&META, version.span, message).help(tr!(
                lang,
                "pin the version the file really has (e.g. `version: {first}`); `dpmlint inspect FILE` prints it",
                "ファイルの実際のバージョンを指定してください (例: `version: {first}`)。`dpmlint inspect FILE` で確認できます"
            )));
        }
    }
}
