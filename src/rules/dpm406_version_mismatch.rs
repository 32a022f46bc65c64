//! ## What it catches
//! An identification entry whose pinned `version` the files contradict. A file's version is the
//! fixed FileVersion of its version resource (VS_FIXEDFILEINFO), not the FileVersion string.
//!
//! - Copies of the same name under the package folder (an extracted payload) are what the
//!   update installs: the pin must be the version of one of them.
//! - The file in a reference root (`--reference DIR`, or `reference = [...]` in dpmlint.toml)
//!   is a target computer's copy, which may be from before the update (older than the pin), after
//!   it (equal) or after later updates (newer). It contradicts the pin only when every such copy
//!   is newer and of another `major.minor` line: `5.2.3790.4392` pinned on a file that targets
//!   have as `6.0.6001.18000` belongs to another Windows release. Files numbered on their own
//!   rather than with Windows (Internet Explorer, .NET, MDAC, Windows Media, MSXML…: the list
//!   DPM411 keeps) are exempt: a target may have a newer Internet Explorer than the one an update
//!   is for (an IE 8 `mshtml.dll` `8.0.6001.18882` on a Server 2003 root does not contradict the
//!   IE 6 pin `6.0.3790.4639` of MS10-002), so their copies in a reference root never raise DPM406.
//!
//! Only the reference roots that match the definition's target are compared: a root knows its
//! Windows release, architecture, service pack and language, declared in the config
//! (`{ path = "…", os = "Windows 2000 Server", service-pack = 4, language = "ja" }`) or read from its
//! own `ntoskrnl.exe` / `kernel32.dll` (`dpmlint inspect DIR` shows what dpmlint concludes). A
//! Windows 2000 definition is not compared with a Windows Server 2003 root. A root that cannot be
//! identified is compared with every definition, and the run warns about it once.
//!
//! The message lists every version found and where.
//!
//! ## Why it matters
//! The management server compares the pinned version with the file on the target. A version that
//! the real file does not have — a typo, the version of another service-pack branch, the string
//! `5.2.3790.4392 (srv03_sp2_gdr.080813-1204)` read by eye — is never matched: the package is
//! never seen as applied and is delivered again at every auto-update.
//!
//! ## Example
//! The extracted payload's `netapi32.dll` is 5.2.3790.4392:
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
//! ## Fix safety
//! When every copy in the package folder has the same version, `--fix --unsafe-fixes` pins that
//! version. The fix is unsafe: it changes the version the management server looks for on every
//! managed computer, and a copy left in the package folder is not always the file the update
//! installs (a payload of another build or language). Confirm with `dpmlint inspect FILE` that it
//! is. Copies of several versions get no fix, and neither does a version found only in a reference
//! root: a target's copy may be from before the update or after later ones.
//!
//! ## 日本語
//! ## 検出内容
//! 識別情報の `version` が実際のファイルと矛盾する。ファイルのバージョンはバージョンリソースの固定
//! FileVersion (VS_FIXEDFILEINFO) で、文字列ではありません。
//!
//! - パッケージフォルダ以下の同名ファイル (展開したペイロード) は更新がインストールするものです。
//!   指定のバージョンはそのどれかと一致しなければなりません。
//! - 参照ルート (`--reference DIR`、または dpmlint.toml の `reference = [...]`) のファイルは
//!   管理対象コンピュータのコピーで、更新前 (古い)、更新後 (同じ)、後の更新の後 (新しい) のいずれもあり得ます。
//!   すべてのコピーが新しく、かつ `major.minor` が異なるときだけ矛盾とみなします (`6.0.6001.18000` の
//!   ファイルに `5.2.3790.4392` を指定するのは別の Windows のバージョンです)。Windows とは別に番号を
//!   付けるファイル (Internet Explorer、.NET、MDAC、Windows Media、MSXML など。DPM411 と同じ一覧) は
//!   対象外です。管理対象コンピュータには、更新が対象とするものより新しい Internet Explorer が入っている
//!   ことがあります (Server 2003 の参照ルートにある IE 8 の `mshtml.dll` `8.0.6001.18882` は、MS10-002 の
//!   IE 6 用パッケージの `6.0.3790.4639` と矛盾しません)。参照ルートのそのコピーで DPM406 を出すことはありません。
//!
//! 比較するのは、定義の対象に合う参照ルートだけです。参照ルートは Windows のリリース、アーキテクチャ、
//! サービスパック、言語を持ち、設定で宣言するか (`{ path = "…", os = "Windows 2000 Server",
//! service-pack = 4, language = "ja" }`)、ルート自身の `ntoskrnl.exe` / `kernel32.dll` から読み取ります
//! (`dpmlint inspect DIR` で確認できます)。Windows 2000 の定義を Windows Server 2003 の参照ルートと
//! 比較することはありません。特定できない参照ルートはすべての定義と比較し、実行時に一度だけ警告します。
//!
//! 見つかったバージョンと場所をすべて示します。
//!
//! ## 問題点
//! 管理サーバは指定されたバージョンを対象のファイルと比較します。実際のファイルにないバージョン
//! (打ち間違い、別ブランチのバージョン、文字列 `5.2.3790.4392 (srv03_sp2_gdr.080813-1204)` の読み違い)
//! は一致せず、パッケージは適用済みと判断されず、自動更新のたびに再配信されます。
//!
//! ## 例
//! 展開したペイロードの `netapi32.dll` は 5.2.3790.4392 です:
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//!     version: 5.2.3790.4329
//!     change: upgrade
//! ```
//!
//! 修正後:
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//!     version: 5.2.3790.4392
//!     change: upgrade
//! ```
//!
//! ## 修正方法
//! ファイルの実際のバージョンを指定してください。`dpmlint inspect FILE` で確認できます。
//!
//! ## 修正の安全性
//! パッケージフォルダのコピーがすべて同じバージョンのとき、`--fix --unsafe-fixes` はそのバージョンを
//! 指定します。この修正は安全ではありません。管理サーバがすべての管理対象コンピュータで探すバージョンが
//! 変わります。また、パッケージフォルダに残っているコピーが更新のインストールするファイルとは限りません
//! (別のビルドや言語のペイロード)。`dpmlint inspect FILE` で確認してください。コピーのバージョンが
//! 複数あるとき、また参照ルートにしかないバージョン (管理対象コンピュータのコピーは更新前のものも、後の更新を
//! 適用したものもあり得ます) は修正しません。

use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::edits;
use crate::model::Change;
use crate::evidence::pe::Version;
use crate::rules::dpm411_version_of_other_release::is_separately_numbered;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM406
pub struct VersionMismatch;

/// DPM406's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM406", "version-mismatch", Error, Unsafe);

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
            let versions = |in_reference: bool| -> Vec<(String, Version)> {
                copies
                    .iter()
                    .filter(|c| c.in_reference == in_reference)
                    .filter_map(|c| c.file_version().map(|v| (c.shown.clone(), v)))
                    .collect()
            };
            // The package's own copies (an extracted payload) are what the update installs: the
            // pin must be one of them. A reference root may be a target before the update, after
            // it, or later still: its copy contradicts the pin only when every copy is newer and
            // of another major.minor line (e.g. 5.2.3790.4392 pinned on a file that is 6.0.x).
            let payload = versions(false);
            let from_payload = !payload.is_empty();
            let found = if payload.is_empty() {
                let reference = versions(true);
                let line = |v: &Version| (v.0[0], v.0[1]);
                let contradicts = |v: &Version| *v > pinned && line(v) != line(&pinned);
                // A file numbered on its own (Internet Explorer, .NET, MDAC, Windows Media…) may be
                // of a newer line on a target than the one the update is for: no contradiction.
                let own_numbering = is_separately_numbered(&path.value);
                if own_numbering || reference.is_empty() || !reference.iter().all(|(_, v)| contradicts(v)) {
                    continue;
                }
                reference
            } else if payload.iter().any(|(_, v)| *v == pinned) {
                continue;
            } else {
                payload
            };
            let list = found.iter().map(|(w, v)| format!("{v} in {w}")).collect::<Vec<_>>().join(", ");
            let list_ja = found.iter().map(|(w, v)| format!("{w} は {v}")).collect::<Vec<_>>().join("、");
            let v = &version.value;
            let message = match (lang, !from_payload) {
                (crate::i18n::Lang::En, false) => format!(
                    "version {v} is none of the files the package installs ({list}): the management server never finds {v} on the target, so the package is delivered again at every auto-update"
                ),
                (crate::i18n::Lang::Ja, false) => format!(
                    "バージョン {v} はパッケージがインストールするファイルのどれとも一致しません ({list_ja})。管理サーバは対象で {v} を見つけられず、自動更新のたびに再配信します"
                ),
                (crate::i18n::Lang::En, true) => format!(
                    "version {v} belongs to another release than the file on the reference systems ({list}, newer and of another major.minor line): the management server never finds {v} on the target, so the package is delivered again at every auto-update"
                ),
                (crate::i18n::Lang::Ja, true) => format!(
                    "バージョン {v} は参照システムのファイル ({list_ja}。より新しく、major.minor が異なる) とは別のリリースのものです。管理サーバは対象で {v} を見つけられず、自動更新のたびに再配信します"
                ),
            };
            let first = found[0].1;
            let one_version = found.iter().all(|(_, v)| *v == first);
            let help = if from_payload && !one_version {
                tr!(
                    lang,
                    "pin the version of the copy the update installs (one of those listed); `dpmlint inspect FILE` prints it",
                    "更新がインストールするコピーのバージョン (上記のどれか) を指定してください。`dpmlint inspect FILE` で確認できます"
                )
            } else {
                tr!(
                    lang,
                    "pin the version the file really has (e.g. `version: {first}`); `dpmlint inspect FILE` prints it",
                    "ファイルの実際のバージョンを指定してください (例: `version: {first}`)。`dpmlint inspect FILE` で確認できます"
                )
            };
            let mut d = ctx.diag(&META, version.span, message).help(help);
            // Unsafe: the package's own copies agree on one version, but whether that copy is the
            // file the update installs is the author's to confirm.
            if from_payload && one_version {
                let edit = edits::replace_scalar(&ctx.doc().root, ctx.file(), version.span, &first.to_string());
                if let Some(edit) = edit {
                    d = d.fix(Fix::unsafe_(vec![edit]));
                }
            }
            out.push(d);
        }
    }
}
