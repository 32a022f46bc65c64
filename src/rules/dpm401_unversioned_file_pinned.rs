//! ## What it catches
//! An identification entry that sets `version` on a file that has no version resource: a text
//! file (`.ini`, `.inf`, `.xml`, `.txt`, …) or a binary that is not a PE image (`.cab`, `.msi`,
//! `.cat`, …). dpmlint knows it from the file's extension (and, where a copy of the file can be
//! read, from the file itself).
//!
//! ## Why it matters
//! A file version is read from the file's version resource (VS_VERSIONINFO), which only PE images
//! carry. The management server can never read the pinned version back from such a file, so the
//! entry never holds: the package is never seen as applied and is delivered again at every
//! auto-update. DPM's FAQ names it among the causes of a package delivered again and again.
//!
//! A malformed version on such a file is reported here only (not by DPM403), and a version on a
//! deleted unversioned file here only (not by DPM404): the version has to go either way.
//!
//! ## Example
//! ```yaml
//! identification:
//!   - path: '%ProgramFiles%\ACME\Agent\agent.ini'
//!     version: 2.1.0.12
//!     change: new
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
//! Remove `version` (`--fix` does it in a block entry or a flow one such as `- {path: …,
//! version: …}`, unless `version` is the first key of a block list item: `- version: …`). A file
//! without a version resource is identified by its presence (`new`) or absence (`delete`) only.
//!
//! ## 日本語
//! ## 検出内容
//! バージョンリソースのないファイルに `version` を指定した識別情報。テキストファイル (`.ini`、
//! `.inf`、`.xml`、`.txt` など) や PE 形式でないバイナリ (`.cab`、`.msi`、`.cat` など) が対象です。
//! dpmlint は拡張子から (ファイルのコピーを読めるときはファイル自体から) 判断します。
//!
//! ## 問題点
//! ファイルバージョンはファイルのバージョンリソース (VS_VERSIONINFO) から読み取られ、これを持つのは
//! PE イメージだけです。管理サーバはこのようなファイルから指定のバージョンを読み取れないため、
//! エントリは決して成り立たず、パッケージは適用済みと判断されず、自動更新のたびに再配信されます。
//! DPM の FAQ も再配信の原因の 1 つとして挙げています。
//!
//! このようなファイルの不正なバージョンはここでだけ報告し (DPM403 では報告しません)、削除する
//! バージョンなしのファイルのバージョンもここでだけ報告します (DPM404 では報告しません)。
//! どちらにしてもバージョンは削除する必要があります。
//!
//! ## 修正方法
//! `version` を削除してください (`--fix` はブロック形式のエントリでも `- {path: …, version: …}` のような
//! フロー形式のエントリでも削除します。ただしブロック形式のリスト項目の最初のキー (`- version: …`)
//! は削除しません)。
//! バージョンリソースのないファイルは、存在 (`new`) か不在 (`delete`) でだけ識別できます。

use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::edits;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;
use crate::model::winpath;

/// DPM401
pub struct UnversionedFilePinned;

/// DPM401's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM401", "unversioned-file-pinned", Error, Safe);

impl Rule for UnversionedFilePinned {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        for entry in ctx.package().identification() {
            let (Some(path), Some(version)) = (&entry.path, &entry.version) else { continue };
            let Some(why) = ctx.unversioned(&path.value) else { continue };
            let reason = why.describe(lang);
            let name = winpath::file_name(&path.value);
            let v = &version.value;
            let message = tr!(
                lang,
                "version {v} is pinned on `{name}`, but {reason}: the management server can never read {v} back, so the package is never seen as applied and is delivered again at every auto-update",
                "`{name}` にバージョン {v} が指定されていますが、{reason}。管理サーバは {v} を読み取れないため、パッケージは適用済みと判断されず、自動更新のたびに再配信されます"
            );
            let help = tr!(
                lang,
                "remove `version`: a file without a version resource is identified only by its presence (`new`) or absence (`delete`)",
                "`version` を削除してください。バージョンリソースのないファイルは、存在 (`new`) か不在 (`delete`) でだけ識別できます"
            );
            let mut d = ctx.diag(&META, version.span, message).help(help);
            if let Some(edit) = edits::remove_entry_in(&ctx.doc().root, ctx.file(), version.key) {
                d = d.fix(Fix::safe(vec![edit]));
            }
            out.push(d);
        }
    }
}
