//! ## What it catches
//! A service pack whose `execute` lacks `reboot: true` or `exclusive: true`. Each flag that is
//! missing or `false` is reported on its own.
//!
//! ## Why it matters
//! Image Builder ticks both 「インストール後再起動が必要」 (restart after installing) and
//! 「単独適用が必要」 (apply on its own) when a package's type becomes service pack. A service pack
//! applied together with other packages, or left pending a restart, is a classic source of failed
//! and repeated updates: the hotfixes applied in the same run may be replaced by older files, and
//! until the restart the files the service pack replaces stay in use, so what is applied
//! meanwhile fails or is delivered again.
//!
//! ## Example
//! ```yaml
//! type: service-pack
//! execute:
//!   file: WindowsServer2003-KB914961-SP2-x86-JPN.exe
//!   args: /quiet /norestart
//!   reboot: false
//! ```
//!
//! Use instead:
//! ```yaml
//! type: service-pack
//! execute:
//!   file: WindowsServer2003-KB914961-SP2-x86-JPN.exe
//!   args: /quiet /norestart
//!   reboot: true
//!   exclusive: true
//! ```
//!
//! ## Fix
//! Set the flag to `true`: `--fix` replaces a `false`, or adds the missing key at the end of
//! `execute`, as a new line of a block mapping or as `, exclusive: true` before the `}` of a flow
//! mapping (`execute: { … }`).
//!
//! ## 日本語
//! ## 検出内容
//! `execute` に `reboot: true` または `exclusive: true` のないサービスパック。ない、または `false`
//! のフラグを 1 つずつ報告します。
//!
//! ## 問題点
//! Image Builder はタイプをサービスパックにすると「インストール後再起動が必要」と「単独適用が必要」
//! を自動でチェックします。ほかのパッケージと一緒に適用されたサービスパックや、再起動待ちのまま
//! 残ったサービスパックは、適用失敗や再配信のよくある原因です。同時に適用した HotFix が古いファイルで
//! 置き換えられることがあり、再起動までは置き換えるファイルが使用中のまま残るため、その間に適用した
//! ものは失敗するか再配信されます。
//!
//! ## 修正方法
//! フラグを `true` にしてください。`--fix` は `false` を置き換えるか、`execute` の最後にキーを追加
//! します。ブロック形式なら新しい行として、フロー形式 (`execute: { … }`) なら `}` の前に
//! `, exclusive: true` として追加します。

use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::edits;
use crate::model::{Field, PackageType};
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;
use crate::load::yaml::NodeKind;

/// DPM306
pub struct SpNotExclusive;

/// DPM306's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM306", "sp-not-exclusive", Warning, Safe);

impl Rule for SpNotExclusive {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        let pkg = ctx.package();
        if pkg.kind() != Some(PackageType::ServicePack) {
            return;
        }
        let Some(execute) = &pkg.execute else { return };
        let Some(node) = ctx.doc().root.get("execute") else { return };
        let NodeKind::Map(entries) = &node.value.kind else { return };
        let flags: [(&str, &Option<Field<bool>>); 2] =
            [("reboot", &execute.value.reboot), ("exclusive", &execute.value.exclusive)];
        for (key, field) in flags {
            let why = match key {
                "reboot" => tr!(
                    lang,
                    "left pending a restart, the files it replaces stay in use until someone restarts the computer, and updates applied meanwhile fail or are delivered again",
                    "再起動待ちのままでは、置き換えるファイルは誰かが再起動するまで使用中のまま残り、その間に適用した更新は失敗するか再配信されます"
                ),
                _ => tr!(
                    lang,
                    "applied together with other packages, it can replace what they install and fail or be applied again",
                    "ほかのパッケージと一緒に適用されると、それらの更新を置き換え、失敗や再適用の原因になります"
                ),
            };
            let label = match key {
                "reboot" => tr!(lang, "restart after installing", "インストール後再起動が必要"),
                _ => tr!(lang, "apply on its own", "単独適用が必要"),
            };
            match field {
                Some(f) if f.value => {}
                Some(f) => {
                    let message = tr!(
                        lang,
                        "a service pack with `{key}: false`: Image Builder sets `{key}` ({label}) for every service pack; {why}",
                        "`{key}: false` のサービスパックです。Image Builder はサービスパックには必ず `{key}` ({label}) を設定します。{why}"
                    );
                    let help = tr!(lang, "set `{key}: true`", "`{key}: true` にしてください");
                    let fix = Fix::safe(vec![edits::replace_value(f.span, "true")]);
                    out.push(ctx.diag(&META, f.span, message).help(help).fix(fix));
                }
                None => {
                    // Present but invalid: DPM004 reports it.
                    if entries.iter().any(|e| e.key_str() == Some(key)) {
                        continue;
                    }
                    let message = tr!(
                        lang,
                        "a service pack without `{key}: true` in `execute`: Image Builder sets `{key}` ({label}) for every service pack; {why}",
                        "`execute` に `{key}: true` のないサービスパックです。Image Builder はサービスパックには必ず `{key}` ({label}) を設定します。{why}"
                    );
                    let help = tr!(lang, "add `{key}: true` to `execute`", "`execute` に `{key}: true` を追加してください");
                    let mut d = ctx.diag(&META, node.key.span, message).help(help);
                    if let Some(edit) = edits::append_to_map(ctx.file(), &node.value, &format!("{key}: true")) {
                        d = d.fix(Fix::safe(vec![edit]));
                    }
                    out.push(d);
                }
            }
        }
    }
}
