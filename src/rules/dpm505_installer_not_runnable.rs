//! ## What it catches
//! An `execute.file` that exists but cannot run as the package type allows: a file that is not a
//! PE image though it is named `.exe` (a text file, an HTML error page saved by a browser, a
//! truncated download), a malformed PE image, or a kind the type does not run — hotfixes run PE
//! images, `.msu` (wusa.exe), `.msi` and `.msp`; service packs run PE images; applications run PE
//! images, `.msi`, and scripts (`.bat`, `.cmd`, `.vbs`, `.js`, `.wsf`, `.ps1`). An `.msu` must be a
//! cabinet (`MSCF`) and an `.msi`/`.msp` a compound file.
//!
//! ## Why it matters
//! DPM runs the file on every target. A file that cannot run fails the update everywhere; the
//! package is never applied and is offered again at every auto-update.
//!
//! ## Example
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe   # 1 KB: an HTML page saved by the browser
//! ```
//!
//! Use instead:
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe   # the real installer, downloaded again
//! ```
//!
//! ## Fix
//! Download the installer again; check it with `dpmlint inspect FILE`.
//!
//! ## 日本語
//! ## 検出内容
//! 存在するが、パッケージのタイプでは実行できない `execute.file`: `.exe` という名前なのに PE イメージでない
//! (テキスト、ブラウザが保存した HTML のエラーページ、途中で切れたダウンロード)、壊れた PE イメージ、または
//! タイプが実行しない種類。HotFix は PE イメージ、`.msu` (wusa.exe)、`.msi`、`.msp`、サービスパックは
//! PE イメージ、アプリケーションは PE イメージ、`.msi`、スクリプトを実行します。
//!
//! ## 問題点
//! DPM はすべての対象でこのファイルを実行します。実行できないファイルはどこでも更新に失敗し、
//! 適用されないまま自動更新のたびに再配信されます。
//!
//! ## 例
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe   # 1 KB: ブラウザが保存した HTML ページ
//! ```
//!
//! 修正後:
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe   # ダウンロードし直した本物のインストーラ
//! ```
//!
//! ## 修正方法
//! インストーラをダウンロードし直し、`dpmlint inspect FILE` で確認してください。

use crate::diagnostic::Diagnostic;
use crate::model::PackageType;
use crate::evidence::pe::PeError;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;
use std::io::Read;

/// DPM505
pub struct InstallerNotRunnable;

/// DPM505's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM505", "installer-not-runnable", Error, None);

const SCRIPTS: &[&str] = &["bat", "cmd", "vbs", "js", "wsf", "ps1"];
const CAB_MAGIC: &[u8] = b"MSCF";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn starts_with(path: &std::path::Path, magic: &[u8]) -> bool {
    let mut buf = vec![0u8; magic.len()];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut buf)).is_ok() && buf == magic
}

impl Rule for InstallerNotRunnable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let (Some(file), Some(kind)) = (ctx.package().execute_file(), ctx.package().kind()) else { return };
        let Ok(path) = ctx.execute_path() else { return }; // DPM501's
        let lang = ctx.lang();
        let name = &file.value;
        let ext = crate::model::filekind::extension(name).unwrap_or_default();
        let type_runs = |e: &str| match kind {
            PackageType::Hotfix => matches!(e, "msu" | "msi" | "msp"),
            PackageType::ServicePack => false,
            PackageType::Application => e == "msi" || SCRIPTS.contains(&e),
        };
        let problem = match ext.as_str() {
            "msu" if type_runs("msu") => {
                (!starts_with(path, CAB_MAGIC)).then(|| tr!(lang, "`{name}` is not a cabinet file, so wusa.exe cannot install it", "`{name}` はキャビネットファイルではないため、wusa.exe でインストールできません"))
            }
            "msi" | "msp" if type_runs(&ext) => {
                (!starts_with(path, OLE_MAGIC)).then(|| tr!(lang, "`{name}` is not a Windows Installer package (no compound-file header)", "`{name}` は Windows インストーラのパッケージではありません (複合ファイルのヘッダがありません)"))
            }
            e if type_runs(e) => None,
            e @ ("msu" | "msi" | "msp" | "bat" | "cmd" | "vbs" | "js" | "wsf" | "ps1") => {
                let t = crate::model::PACKAGE_TYPES.canonical(kind);
                Some(tr!(lang, "a `{t}` package runs a PE installer, but `{name}` is a `.{e}` file", "`{t}` のパッケージは PE 形式のインストーラを実行しますが、`{name}` は `.{e}` ファイルです"))
            }
            _ => match ctx.installer_image() {
                Some(Ok(_)) | None => None,
                Some(Err(PeError::NotPe)) => Some(tr!(lang, "`{name}` is not a PE image (no MZ/PE header): it cannot run on the target", "`{name}` は PE イメージではありません (MZ/PE ヘッダがありません)。対象で実行できません")),
                Some(Err(e)) => {
                    let why = e.message(lang);
                    Some(tr!(lang, "`{name}` cannot run on the target: {why}", "`{name}` は対象で実行できません: {why}"))
                }
            },
        };
        let Some(message) = problem else { return };
        out.push(ctx.diag(&META, file.span, message).help(tr!(
            lang,
            "download the installer again and check it with `dpmlint inspect FILE`",
            "インストーラをダウンロードし直し、`dpmlint inspect FILE` で確認してください"
        )));
    }
}
