//! ## What it catches
//! An `execute.file` that is not in the package folder (the definition's folder), or that would
//! leave it: an absolute path (`C:\…`, `\\server\…`), a `..` component, or a link pointing
//! outside. Names are matched case-insensitively, as Windows does.
//!
//! ## Why it matters
//! DPM copies the package folder to the target and runs this file there. A file that is not in the
//! folder cannot run: the update fails on every computer, is never applied, and is offered again
//! at every auto-update.
//!
//! ## Example
//! The folder holds `WindowsServer2003-KB958644-x86-JPN.exe`:
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB958664-x86-JPN.exe   # KB958664: a typo
//! ```
//!
//! Use instead:
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe   # the file next to the definition
//! ```
//!
//! ## Fix
//! Put the installer in the package folder, or correct the name (the message suggests a close one).
//!
//! ## 日本語
//! ## 検出内容
//! パッケージフォルダ (定義のフォルダ) にない `execute.file`、またはフォルダの外を指すもの: 絶対パス
//! (`C:\…`、`\\server\…`)、`..` を含むパス、外を指すリンク。Windows と同じく大文字小文字は区別しません。
//!
//! ## 問題点
//! DPM はパッケージフォルダを管理対象コンピュータにコピーして、このファイルを実行します。フォルダにない
//! ファイルは実行できず、すべての管理対象コンピュータで更新が失敗し、適用されないまま自動更新のたびに再配信されます。
//!
//! ## 例
//! フォルダには `WindowsServer2003-KB958644-x86-JPN.exe` があります:
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB958664-x86-JPN.exe   # KB958664 は書き間違い
//! ```
//!
//! 修正後:
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe   # 定義と同じフォルダにあるファイル
//! ```
//!
//! ## 修正方法
//! インストーラをパッケージフォルダに置くか、名前を直してください (近い名前を提案します)。

use crate::diagnostic::Diagnostic;
use crate::evidence::{self, PathProblem};
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM501
pub struct ExecuteFileMissing;

/// DPM501's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM501", "execute-file-missing", Error, None);

/// The most folder entries looked at for a "did you mean".
const MAX_SUGGESTION_ENTRIES: usize = 10_000;

/// The file in `dir` whose name is nearest `name`'s last part. The package folder's own files come
/// from its index when it holds them all; a subfolder is read.
fn suggestion(ctx: &PackageCtx, dir: &std::path::Path, name: &str) -> Option<String> {
    let wanted = name.rsplit(['/', '\\']).next().unwrap_or(name).to_lowercase();
    let nearest = |names: &mut dyn Iterator<Item = String>| {
        names
            .filter_map(|n| Some((crate::suggest::similarity(&wanted, &n.to_lowercase(), 0.8)?, n)))
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
            .map(|(_, n)| n)
    };
    let files = ctx.package_files();
    if ctx.package_dir() == Some(dir)
        && let Some(names) = files.own_file_names(dir, MAX_SUGGESTION_ENTRIES)
    {
        return nearest(&mut names.map(str::to_owned));
    }
    let entries = std::fs::read_dir(dir).ok()?;
    nearest(
        &mut entries
            .take(MAX_SUGGESTION_ENTRIES)
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().into_string().ok()),
    )
}

impl Rule for ExecuteFileMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let (Some(file), Some(dir)) = (ctx.package().execute_file(), ctx.package_dir()) else {
            return;
        };
        let lang = ctx.lang();
        let name = &file.value;
        let problem = match ctx.execute_path() {
            Ok(_) => return,
            // A folder too large to look in: the installer may well be there, and the run's
            // warning names the folder (`evidence::gave_up_folders`).
            Err(PathProblem::TooManyEntries(_)) => return,
            Err(p) => p,
        };
        let (message, help) = match problem {
            PathProblem::Absolute => (
                tr!(
                    lang,
                    "`{name}` is an absolute path; DPM runs the file from the package folder it copies to the target",
                    "`{name}` は絶対パスです。DPM は対象にコピーしたパッケージフォルダからファイルを実行します"
                ),
                tr!(
                    lang,
                    "put the installer in the package folder and name it relative to the definition",
                    "インストーラをパッケージフォルダに置き、定義からの相対パスで書いてください"
                ),
            ),
            PathProblem::ParentDir => (
                tr!(
                    lang,
                    "`{name}` leaves the package folder with `..`; files outside it are not delivered",
                    "`{name}` は `..` でパッケージフォルダの外を指しています。フォルダ外のファイルは配信されません"
                ),
                tr!(
                    lang,
                    "move the installer into the package folder",
                    "インストーラをパッケージフォルダに移してください"
                ),
            ),
            PathProblem::EscapesViaLink => (
                tr!(
                    lang,
                    "`{name}` is a link to a file outside the package folder",
                    "`{name}` はパッケージフォルダの外のファイルへのリンクです"
                ),
                tr!(
                    lang,
                    "copy the installer into the package folder",
                    "インストーラをパッケージフォルダにコピーしてください"
                ),
            ),
            PathProblem::Unreadable(e) => (
                tr!(lang, "`{name}` cannot be read: {e}", "`{name}` を読めません: {e}"),
                tr!(
                    lang,
                    "check the file and its links",
                    "ファイルとリンクを確認してください"
                ),
            ),
            PathProblem::TooManyEntries(_) => return,
            PathProblem::Missing => {
                let base = evidence::relative_parts(name).ok().and_then(|parts| {
                    let mut d = dir.to_path_buf();
                    for p in parts.iter().take(parts.len().saturating_sub(1)) {
                        d.push(p);
                    }
                    suggestion(ctx, &d, name)
                });
                (
                    tr!(
                        lang,
                        "`{name}` is not in the package folder, so the update cannot run and is delivered again at every auto-update",
                        "`{name}` がパッケージフォルダにないため、更新を実行できず、自動更新のたびに再配信されます"
                    ),
                    match base {
                        Some(s) => tr!(lang, "did you mean `{s}`?", "もしかして `{s}` ですか"),
                        None => tr!(
                            lang,
                            "put the installer next to the definition",
                            "インストーラを定義と同じフォルダに置いてください"
                        ),
                    },
                )
            }
        };
        out.push(ctx.diag(&META, file.span, message).help(help));
    }
}
