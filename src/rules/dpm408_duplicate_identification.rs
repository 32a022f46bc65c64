//! ## What it catches
//! Two identification entries for the same file. Paths are compared without regard to case and
//! after expanding the root as on a default installation: `%windir%` ≡ `%SystemRoot%` ≡
//! `C:\Windows` (`C:\WINNT` when every target OS is Windows 2000), `%SystemDrive%` ≡ `C:`,
//! `%ProgramFiles%` ≡ `C:\Program Files`, `%CommonProgramFiles%` ≡
//! `C:\Program Files\Common Files`, and likewise for the `(x86)` variables and `%ProgramData%`.
//! The later entry is reported, with a label at the first.
//!
//! ## Why it matters
//! DPM checks every entry. Two entries for one file are redundant at best; when they disagree (a
//! different version or change type), no target can satisfy both, so the package is never seen
//! as applied and is delivered again at every auto-update.
//!
//! ## Example
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//!     version: 5.2.3790.4392
//!     change: upgrade
//!   - path: '%windir%\System32\NETAPI32.DLL'
//!     version: 5.2.3790.3229
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
//! Keep one entry per file: remove the later one, or merge what it says into the first.
//!
//! ## 日本語
//! ## 検出内容
//! 同じファイルに対する 2 つの識別情報エントリ。パスは大文字小文字を区別せず、標準のインストール
//! どおりにルートを展開して比べます: `%windir%` ≡ `%SystemRoot%` ≡ `C:\Windows` (対象 OS がすべて
//! Windows 2000 なら `C:\WINNT`)、`%SystemDrive%` ≡ `C:`、`%ProgramFiles%` ≡ `C:\Program Files`、
//! `%CommonProgramFiles%` ≡ `C:\Program Files\Common Files`。`(x86)` の変数と `%ProgramData%`
//! も同様です。後のエントリを報告し、最初のエントリにラベルを付けます。
//!
//! ## 問題点
//! DPM はすべてのエントリを確認します。1 つのファイルに 2 つのエントリがあるのは、よくても冗長で、
//! 内容が食い違う (バージョンや変更タイプが異なる) と両方を満たす対象はなく、パッケージは適用済みと
//! 判断されず、自動更新のたびに再配信されます。
//!
//! ## 修正方法
//! 1 つのファイルにつきエントリを 1 つにしてください。後のエントリを削除するか、その内容を最初の
//! エントリにまとめます。

use crate::diagnostic::Diagnostic;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;
use crate::model::winpath::{self, WINDOWS_DIR, WINNT_DIR};
use std::collections::HashMap;

/// DPM408
pub struct DuplicateIdentification;

/// DPM408's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM408", "duplicate-identification", Error, None);

/// The Windows folder of a default installation of every target: `WINNT` when all targets are
/// Windows 2000 or NT, `Windows` otherwise.
fn windows_dir(os: &[&str]) -> &'static str {
    let old = |name: &&str| {
        let n = name.to_ascii_lowercase();
        n.starts_with("windows 2000") || n.starts_with("windows nt")
    };
    if !os.is_empty() && os.iter().all(old) {
        WINNT_DIR
    } else {
        WINDOWS_DIR
    }
}

impl Rule for DuplicateIdentification {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        let pkg = ctx.package();
        let os: Vec<&str> = pkg.os_names().iter().map(|o| o.value.as_str()).collect();
        let dir = windows_dir(&os);
        let mut first: HashMap<String, (usize, &crate::model::Field<String>)> = HashMap::new();
        for (i, entry) in pkg.identification().iter().enumerate() {
            let Some(path) = &entry.path else { continue };
            // A malformed path (DPM407) is compared as written, without regard to case.
            let key = match winpath::parse(&path.value) {
                Ok(p) => p.key(dir),
                Err(_) => format!("?{}", path.value.to_lowercase()),
            };
            let Some(&(n, earlier)) = first.get(&key) else {
                first.insert(key, (i, path));
                continue;
            };
            let (this, that) = (&path.value, &earlier.value);
            let number = n + 1;
            let same = if this == that {
                tr!(
                    lang,
                    "`{this}` is given twice (first as entry {number})",
                    "`{this}` が 2 回あります (最初はエントリ {number})"
                )
            } else {
                tr!(
                    lang,
                    "`{this}` names the same file as entry {number}, `{that}`",
                    "`{this}` はエントリ {number} の `{that}` と同じファイルを指しています"
                )
            };
            let message = tr!(
                lang,
                "{same}: DPM checks every entry, so a second entry for one file is redundant at best, and when the two disagree the package is never seen as applied and is delivered again at every auto-update",
                "{same}。DPM はすべてのエントリを確認するため、1 つのファイルの 2 つ目のエントリはよくても冗長で、内容が食い違うとパッケージは適用済みと判断されず、自動更新のたびに再配信されます"
            );
            let help = tr!(
                lang,
                "keep one entry per file: remove this one, or merge it into the first",
                "1 つのファイルにつきエントリを 1 つにしてください。このエントリを削除するか、最初のエントリにまとめます"
            );
            let label = tr!(lang, "first entry for this file", "このファイルの最初のエントリ");
            out.push(
                ctx.diag(&META, path.span, message)
                    .label(earlier.span, label)
                    .help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_windows_folder_follows_the_targets() {
        assert_eq!(windows_dir(&["Windows 2000 Server", "Windows 2000 Advanced Server"]), "WINNT");
        assert_eq!(windows_dir(&["Windows 2000 Server", "Windows Server 2003 Standard Edition"]), "Windows");
        assert_eq!(windows_dir(&[]), "Windows");
    }
}
