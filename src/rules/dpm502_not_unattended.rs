//! ## What it catches
//! A hotfix or service pack whose `execute.args` hold no switch that makes its kind of installer
//! run without anyone at the console:
//!
//! - `.msu` (wusa.exe): `/quiet`;
//! - `.msi` / `.msp` (msiexec): `/quiet`, `/passive`, `/qn`, `/qb` (and their `+`, `-`, `!` forms);
//! - an NT6 service pack `.exe` (`Windows6.0-KB948465-X86.exe`): `/quiet` or `/unattend`;
//! - any other `.exe` (Update.exe, old Hotfix.exe packages): `/quiet`, `/passive`, `/q`, `-q`, `/u`,
//!   `-u`, `-m`.
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
//! HotFix やサービスパックの `execute.args` に、そのインストーラを無人で実行させるスイッチがない:
//! `.msu` (wusa.exe) は `/quiet`、`.msi` / `.msp` (msiexec) は `/quiet`、`/passive`、`/qn`、`/qb`、
//! NT6 のサービスパック `.exe` は `/quiet` か `/unattend`、その他の `.exe` (Update.exe、古い
//! Hotfix.exe) は `/quiet`、`/passive`、`/q`、`-q`、`/u`、`-u`、`-m`。
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

/// The installer kinds, with the switches each accepts for running unattended (compared
/// case-insensitively; `/q:a` counts as `/q`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstallerKind {
    /// `.msu`, run by wusa.exe: `/quiet` only.
    Msu,
    /// `.msi` / `.msp`, run by msiexec: `/quiet`, `/passive`, `/q…` (`/qn`, `/qb`…).
    Msi,
    /// An NT6 service pack `.exe` (`Windows6.0-KB948465-X86.exe`): `/quiet`, `/unattend`.
    Nt6ServicePack,
    /// Any other `.exe`: Update.exe (`/quiet`, `/passive`), Hotfix.exe (`-q`, `-u`, `-m`), and the
    /// like (`/q`, `/u`).
    Exe,
}

impl InstallerKind {
    /// The kind of the installer a definition names.
    pub fn of(file: &str, sp_nt6: bool) -> InstallerKind {
        match crate::model::filekind::extension(file).as_deref() {
            Some("msu") => InstallerKind::Msu,
            Some("msi" | "msp") => InstallerKind::Msi,
            _ if sp_nt6 => InstallerKind::Nt6ServicePack,
            _ => InstallerKind::Exe,
        }
    }

    /// The switches it accepts, as written in help.
    pub fn switches(self) -> &'static [&'static str] {
        match self {
            InstallerKind::Msu => &["/quiet"],
            InstallerKind::Msi => &["/quiet", "/passive", "/qn", "/qb", "/q"],
            InstallerKind::Nt6ServicePack => &["/quiet", "/unattend"],
            InstallerKind::Exe => &["/quiet", "/passive", "/q", "-q", "/u", "-u", "-m", "/m"],
        }
    }

    fn accepts(self, switch: &str) -> bool {
        let t = switch.to_ascii_lowercase();
        let head = t.split(':').next().unwrap_or(&t);
        match self {
            InstallerKind::Msu => head == "/quiet",
            InstallerKind::Msi => {
                head == "/quiet" || head == "/passive" || (head.starts_with("/q") && head[2..].chars().all(|c| "nb+-!".contains(c)))
            }
            InstallerKind::Nt6ServicePack => head == "/quiet" || head == "/unattend",
            InstallerKind::Exe => {
                ["/quiet", "-quiet", "/passive", "-passive", "/q", "-q", "/u", "-u", "-m", "/m"].contains(&head)
            }
        }
    }
}

/// True when `args` hold a switch that `kind` accepts for running unattended.
pub fn is_unattended(args: &str, kind: InstallerKind) -> bool {
    args.split_whitespace().any(|t| kind.accepts(t))
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
        let file = exec.value.file.as_ref().map_or("", |f| f.value.as_str());
        let nt6_sp = pkg.kind() == Some(PackageType::ServicePack)
            && ctx.installer_name().and_then(|n| n.product()).is_some_and(|p| {
                matches!(p, crate::model::installer_name::ProductToken::Windows6_0 | crate::model::installer_name::ProductToken::Windows6_1)
            });
        let kind = InstallerKind::of(file, nt6_sp);
        let accepted = kind.switches().iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
        let help = match kind {
            InstallerKind::Msu => tr!(
                lang,
                "add `/quiet`: wusa.exe runs an .msu unattended only with it",
                "`/quiet` を追加してください。wusa.exe は .msu をこのスイッチでだけ無人で実行します"
            ),
            _ => tr!(
                lang,
                "add an unattended switch this installer accepts: {accepted}",
                "このインストーラが受け付ける無人実行のスイッチを追加してください: {accepted}"
            ),
        };
        match &exec.value.args {
            Some(args) if is_unattended(&args.value, kind) => {}
            Some(args) => {
                let a = &args.value;
                out.push(
                    ctx.diag(
                        &META,
                        args.span,
                        tr!(lang, "`execute.args` (`{a}`) holds no unattended switch: the installer waits for someone at the console during auto-update", "`execute.args` (`{a}`) に無人実行のスイッチがありません。自動更新中、インストーラはコンソールの操作を待ち続けます"),
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
    use super::{InstallerKind, is_unattended};

    #[test]
    fn switches_by_installer_kind() {
        use InstallerKind::*;
        assert!(is_unattended("/quiet /norestart", Exe));
        assert!(is_unattended("-Q -Z", Exe));
        assert!(is_unattended("/passive", Exe));
        assert!(is_unattended("/q:a /r:n", Exe));
        assert!(!is_unattended("/norestart /log:c:\\kb.log", Exe));
        assert!(!is_unattended("/quietly", Exe));
        assert!(!is_unattended("/unattend", Exe));
        assert!(is_unattended("/quiet /norestart", Msu));
        assert!(!is_unattended("/passive", Msu));
        assert!(!is_unattended("-q", Msu));
        assert!(is_unattended("/qn REBOOT=ReallySuppress", Msi));
        assert!(is_unattended("/qb-!", Msi));
        assert!(!is_unattended("/qr", Msi));
        assert!(is_unattended("/unattend", Nt6ServicePack));
        assert!(!is_unattended("-q", Nt6ServicePack));
    }
}
