//! ## What it catches
//! Reference roots were given (`--reference DIR`, or `reference = [...]` in dpmlint.toml), an
//! identification entry's change is `rewrite` or `upgrade`, and no reference root has the file.
//! A reference root mirrors a target computer's system drive: `%SystemRoot%` and `%windir%` map to
//! `Windows` (or `WINNT`), `%SystemDrive%` and `C:` to the root, `%ProgramFiles%` to
//! `Program Files`, `%CommonProgramFiles%` to `Program Files/Common Files`; names are matched
//! case-insensitively. It also catches a reference root holding a folder, FIFO, socket or device
//! where the file should be (never opened). A folder with more than 100,000 entries is not
//! searched by case: the run warns about it and nothing in it is reported missing.
//!
//! Only the reference roots that match the definition's target (Windows release, architecture,
//! language; see DPM406) are looked in: a file Windows 2000 has and Server 2003 lacks is not
//! reported for a Windows 2000 definition. A root that cannot be identified matches every target.
//!
//! ## Why it matters
//! A file that is rewritten or upgraded exists on the target before and after the update. When a
//! copy of the target system does not have it, the path is very likely wrong (a typo, the wrong
//! folder, `system32` for a file in `drivers`), and DPM would look for a file that is never there.
//!
//! ## Example
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\netapi.dll'
//!     version: 5.2.3790.4392
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
//! Correct the path, or use `new` if the update really adds the file.
//!
//! ## 日本語
//! ## 検出内容
//! 参照ルート (`--reference DIR`、または dpmlint.toml の `reference = [...]`) が与えられ、識別情報の変更タイプが
//! `rewrite` か `upgrade` なのに、どの参照ルートにもそのファイルがない。参照ルートは管理対象コンピュータの
//! システムドライブの写しで、`%SystemRoot%` と `%windir%` は `Windows` (または `WINNT`)、`%SystemDrive%` と
//! `C:` はルート、`%ProgramFiles%` は `Program Files` に対応します。大文字小文字は区別しません。
//! ファイルの場所にフォルダ、FIFO、ソケットまたはデバイスがある場合も報告します (開きません)。
//! 項目が 100,000 を超えるフォルダは大文字小文字を無視した検索をせず、実行時に警告し、その中のファイルを
//! 「ない」とは報告しません。
//!
//! 探すのは、定義の対象 (Windows のリリース、アーキテクチャ、言語。DPM406 を参照) に合う参照ルートだけです。
//! 特定できない参照ルートはすべての対象に合うものとして扱います。
//!
//! ## 問題点
//! 書き換えやバージョンアップされるファイルは、更新の前後とも対象に存在します。対象システムの写しに
//! ないなら、パスが誤っている可能性が高く (打ち間違い、フォルダ違い)、DPM は存在しないファイルを探します。
//!
//! ## 修正方法
//! パスを直すか、更新で本当に追加されるファイルなら `new` にしてください。

use crate::diagnostic::Diagnostic;
use crate::model::Change;
use crate::rules::context::{ReferenceFile, reference_file};
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM409
pub struct ReferenceFileMissing;

/// DPM409's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM409", "reference-file-missing", Warning, None);

impl Rule for ReferenceFileMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        // Only the roots that match the definition's target (and those that cannot be identified).
        let roots: Vec<&std::path::Path> = ctx.reference_roots().iter().map(|(r, _)| r.path.as_path()).collect();
        if roots.is_empty() {
            return;
        }
        let lang = ctx.lang();
        for entry in ctx.package().identification() {
            let (Some(path), Some(change)) = (&entry.path, &entry.change) else {
                continue;
            };
            if !matches!(change.value, Change::Rewrite | Change::Upgrade) {
                continue;
            }
            // Only a path that maps into a reference root is evidence (not another drive, not malformed).
            let Ok(wp) = crate::model::winpath::parse(&path.value) else {
                continue;
            };
            if !wp.root.drive().eq_ignore_ascii_case(&'C') {
                continue;
            }
            let found: Vec<ReferenceFile> = roots.iter().map(|r| reference_file(r, &path.value)).collect();
            let p = &path.value;
            let not_a_file = |image: &Result<_, _>| matches!(image, Err(crate::evidence::pe::PeError::NotAFile));
            if found
                .iter()
                .any(|f| matches!(f, ReferenceFile::Found(_, image) if !not_a_file(image.as_ref())))
            {
                continue;
            }
            // A folder, FIFO, socket or device where the file should be (never opened): it shows
            // nothing about the target.
            if let Some(copy) = found.iter().find_map(|f| match f {
                ReferenceFile::Found(copy, _) => Some(copy),
                _ => None,
            }) {
                let copy = crate::load::discover::display_name(copy, crate::platform::paths::current_dir());
                out.push(
                    ctx.diag(
                        &META,
                        path.span,
                        tr!(lang, "the reference root's `{copy}` for `{p}` is not a regular file (a folder, FIFO, socket or device), so it shows nothing about the target", "`{p}` に当たる参照ルートの `{copy}` は通常のファイルではない (フォルダ、FIFO、ソケットまたはデバイス) ため、対象について何も示しません"),
                    )
                    .help(tr!(lang, "put a copy of the target's real file there, or check the path", "対象の実際のファイルのコピーを置くか、パスを確認してください")),
                );
                continue;
            }
            // A folder too large to look in: no finding; the run's warning names the folder.
            if found.iter().any(|f| matches!(f, ReferenceFile::GaveUp)) {
                continue;
            }
            let shown = lang.list(
                roots
                    .iter()
                    .map(|r| crate::load::discover::display_name(r, crate::platform::paths::current_dir())),
            );
            out.push(
                ctx.diag(
                    &META,
                    path.span,
                    tr!(lang, "no reference root has `{p}` ({shown}), though a `rewrite`/`upgrade` file exists on the target before and after the update", "参照ルート ({shown}) のどこにも `{p}` がありません。`rewrite`/`upgrade` のファイルは更新の前後とも対象に存在するはずです"),
                )
                .help(tr!(lang, "check the path (folder and file name), or use `change: new` if the update adds the file", "パス (フォルダとファイル名) を確認するか、更新でファイルが追加されるなら `change: new` にしてください")),
            );
        }
    }
}
