//! ## What it catches
//! A package whose files (everything under the definition's folder) total more than the
//! configured `package-size-limit` (default 300 MiB).
//!
//! ## Why it matters
//! DPM copies the whole package to the target before running it. The target's system drive needs
//! at least three times the package size free; on a full drive the copy or the installation fails
//! and the package is offered again at the next auto-update.
//!
//! ## Example
//! A folder holding a 350 MB service pack installer and a 400 MB extracted copy of it.
//!
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB914961-SP2-x86-JPN.exe   # 350 MB, plus a 400 MB extracted copy
//! ```
//!
//! Use instead:
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB914961-SP2-x86-JPN.exe   # the installer alone
//! ```
//!
//! ## Fix
//! Keep only what the package delivers in its folder, check the targets' free space, or raise
//! `package-size-limit` in `dpmlint.toml`.
//!
//! ## 日本語
//! ## 検出内容
//! パッケージのファイル (定義のフォルダ以下すべて) の合計が、設定した `package-size-limit`
//! (既定 300 MiB) を超えている。
//!
//! ## 問題点
//! DPM はパッケージ全体を対象にコピーしてから実行します。対象のシステムドライブにはパッケージサイズの
//! 3 倍以上の空きが必要で、足りないとコピーやインストールが失敗し、次の自動更新で再び配信されます。
//!
//! ## 例
//! 350 MB のサービスパックのインストーラと、それを展開した 400 MB のコピーを置いたフォルダ:
//!
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB914961-SP2-x86-JPN.exe   # 350 MB。ほかに展開したコピーが 400 MB
//! ```
//!
//! 修正後:
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB914961-SP2-x86-JPN.exe   # インストーラだけを置く
//! ```
//!
//! ## 修正方法
//! 配信するものだけをフォルダに置く、対象の空き容量を確認する、または `dpmlint.toml` の
//! `package-size-limit` を上げてください。

use crate::diagnostic::Diagnostic;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM504
pub struct PackageSize;

/// DPM504's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM504", "package-size", Info, None);

/// `1234567` → `1.2 MiB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: &[&str] = &["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

impl Rule for PackageSize {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let (Some(_), Some(file)) = (ctx.package_dir(), ctx.package().execute_file()) else {
            return;
        };
        let limit = ctx.settings.package_size_limit;
        // The package folder's files, from the index the rules share: summed once per folder.
        let size = ctx.package_size();
        if size <= limit {
            return;
        }
        let lang = ctx.lang();
        let (s, l, need) = (human_size(size), human_size(limit), human_size(size.saturating_mul(3)));
        out.push(
            ctx.diag(
                &META,
                file.span,
                tr!(lang, "the package folder holds {s}, more than the limit of {l}; targets need {need} free on the system drive", "パッケージフォルダが {s} あり、上限 {l} を超えています。対象のシステムドライブに {need} の空きが必要です"),
            )
            .help(tr!(lang, "keep only what the package delivers in its folder, or raise `package-size-limit` in dpmlint.toml", "配信するものだけをフォルダに置くか、dpmlint.toml の `package-size-limit` を上げてください")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(300 * 1024 * 1024), "300.0 MiB");
    }
}
