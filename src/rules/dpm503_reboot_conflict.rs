//! ## What it catches
//! `execute.args` that suppress the installer's own restart (`/norestart`, `-z`, `/z`) while
//! `execute.reboot` is `false` or absent.
//!
//! ## Why it matters
//! With the installer told not to restart and DPM not told to restart (「インストール後再起動が必要」
//! off), nobody restarts the computer: the update stays pending, its files are not replaced, and
//! identification by file version keeps failing, so the package is delivered again.
//!
//! ## Example
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe
//!   args: /quiet /norestart
//! ```
//!
//! Use instead:
//! ```yaml
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe
//!   args: /quiet /norestart
//!   reboot: true
//! ```
//!
//! ## Fix
//! Set `reboot: true` so DPM restarts the computer after the package runs, or drop the
//! no-restart switch if the installer may restart by itself.
//!
//! ## 日本語
//! ## 検出内容
//! `execute.args` でインストーラ自身の再起動を抑止 (`/norestart`、`-z`、`/z`) しているのに、
//! `execute.reboot` が `false` または未指定。
//!
//! ## 問題点
//! インストーラにも DPM にも (「インストール後再起動が必要」がオフ) 再起動させないと、誰も再起動しません。
//! 更新は保留のままファイルが置き換わらず、ファイルバージョンによる識別も失敗し続け、再配信されます。
//!
//! ## 修正方法
//! `reboot: true` にして DPM に再起動させるか、インストーラが自分で再起動してよいなら抑止スイッチを外してください。

use crate::diagnostic::Diagnostic;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM503
pub struct RebootConflict;

/// DPM503's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM503", "reboot-conflict", Warning, None);

const NO_RESTART: &[&str] = &["/norestart", "-norestart", "-z", "/z"];

impl Rule for RebootConflict {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let Some(exec) = &ctx.package().execute else { return };
        let Some(args) = &exec.value.args else { return };
        if exec.value.reboot.as_ref().is_some_and(|r| r.value) {
            return;
        }
        // A `reboot` that is present but invalid was reported as DPM004; do not guess.
        if exec.value.reboot.is_none() && ctx.doc().root.get("execute").and_then(|e| e.value.get("reboot")).is_some() {
            return;
        }
        let a = &args.value;
        let mut pos = 0;
        for token in a.split_inclusive(char::is_whitespace) {
            let word = token.trim_end();
            let start = pos;
            pos += token.len();
            if !NO_RESTART.iter().any(|s| s.eq_ignore_ascii_case(word)) {
                continue;
            }
            let lang = ctx.lang();
            let span = ctx.sub_span(args.span, a, start..start + word.len());
            let why = match &exec.value.reboot {
                Some(_) => tr!(lang, "`reboot` is false", "`reboot` が false です"),
                None => tr!(lang, "`reboot` is not set", "`reboot` が指定されていません"),
            };
            out.push(
                ctx.diag(
                    &META,
                    span,
                    tr!(lang, "`{word}` stops the installer from restarting and {why}: nobody restarts the computer, so the update stays pending", "`{word}` でインストーラの再起動を止めており、{why}。誰も再起動しないため更新が保留のままになります"),
                )
                .help(tr!(lang, "set `reboot: true` in `execute` so DPM restarts the computer after the package runs", "`execute` に `reboot: true` を設定し、パッケージ実行後に DPM が再起動するようにしてください")),
            );
            return;
        }
    }
}
