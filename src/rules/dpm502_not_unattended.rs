//! ## What it catches
//! A hotfix or service pack whose `execute.args` hold no switch that makes the installer run
//! without anyone at the console: `/quiet`, `/passive`, `/q`, `-q`, `/u`, `-u` (and `/unattend`
//! for NT6 service packs, `-m` for old Hotfix.exe packages).
//!
//! ## Why it matters
//! Auto-update runs the installer with nobody at the console. An installer that shows its wizard
//! waits forever: the update never completes, is never seen as applied, and the computer is stuck
//! in パッチ適用中 until someone notices.
//!
//! ## Example
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe
//!   args: /norestart
//! ```
//!
//! Use instead:
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe
//!   args: /quiet /norestart
//! ```
//!
//! ## Fix
//! Add `/quiet` (Update.exe, wusa.exe and service packs) or `-q` / `-u` (old Hotfix.exe packages).
//!
//! ## 日本語
//! ## 検出内容
//! HotFix やサービスパックの `execute.args` に、無人で実行させるスイッチ (`/quiet`、`/passive`、`/q`、
//! `-q`、`/u`、`-u`。NT6 のサービスパックでは `/unattend`、古い Hotfix.exe では `-m`) がない。
//!
//! ## 問題点
//! 自動更新はコンソールに誰もいない状態でインストーラを実行します。ウィザードを表示するインストーラは
//! いつまでも待ち続け、更新が完了せず、適用済みと判断されません。
//!
//! ## 修正方法
//! `/quiet` (Update.exe、wusa.exe、サービスパック) か `-q` / `-u` (古い Hotfix.exe) を追加してください。

use crate::diagnostic::Diagnostic;
use crate::model::PackageType;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM502
pub struct NotUnattended;

/// DPM502's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM502", "not-unattended", Warning, None);

/// Switches that make an installer run unattended (compared case-insensitively).
pub const UNATTENDED: &[&str] = &["/quiet", "-quiet", "/passive", "-passive", "/q", "-q", "/u", "-u", "/unattend", "-m", "/m"];

/// True when `args` hold an unattended switch (`/q:a` style suffixes included).
pub fn is_unattended(args: &str) -> bool {
    args.split_whitespace().any(|t| {
        let t = t.to_ascii_lowercase();
        let head = t.split(':').next().unwrap_or(&t);
        UNATTENDED.contains(&head)
    })
}

impl Rule for NotUnattended {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let pkg = ctx.package();
        if !matches!(pkg.kind(), Some(PackageType::Hotfix | PackageType::ServicePack)) {
            return;
        }
        let Some(exec) = &pkg.execute else { return };
        let lang = ctx.lang();
        let help = tr!(
            lang,
            "add `/quiet` (Update.exe, wusa.exe, service packs) or `-q` (old Hotfix.exe packages)",
            "`/quiet` (Update.exe、wusa.exe、サービスパック) か `-q` (古い Hotfix.exe) を追加してください"
        );
        match &exec.value.args {
            Some(args) if is_unattended(&args.value) => {}
            Some(args) => {
                let a = &args.value;
                out.push(
                    ctx.diag(
                        &META,
                        args.span,
                        tr!(lang, "`{a}` has no unattended switch: the installer waits for someone at the console during auto-update", "`{a}` に無人実行のスイッチがありません。自動更新中、インストーラはコンソールの操作を待ち続けます"),
                    )
                    .help(help),
                );
            }
            None => {
                let at = exec.value.file.as_ref().map_or(exec.key, |f| f.span);
                out.push(
                    ctx.diag(
                        &META,
                        at,
                        tr!(lang, "no `args`: the installer runs with its wizard and waits for someone at the console during auto-update", "`args` がありません。インストーラはウィザードを表示し、自動更新中にコンソールの操作を待ち続けます"),
                    )
                    .help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_unattended;

    #[test]
    fn switches() {
        assert!(is_unattended("/quiet /norestart"));
        assert!(is_unattended("-Q -Z"));
        assert!(is_unattended("/passive"));
        assert!(is_unattended("/q:a /r:n"));
        assert!(!is_unattended("/norestart /log:c:\\kb.log"));
        assert!(!is_unattended("/quietly"));
    }
}
