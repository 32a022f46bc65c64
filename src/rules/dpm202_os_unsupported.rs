//! ## What it catches
//! An `os` entry that is a known Windows edition, but not one DPM's auto-update supports: by
//! default anything outside DPM's list (Windows 2000 Server and Advanced Server; Windows Server
//! 2003 and 2008, Standard and Enterprise, x86 and x64), e.g. Windows XP, Vista, 7,
//! Server 2003 R2, Server 2008 R2 or Server 2012.
//!
//! The list can be replaced in `dpmlint.toml` when your DPM version supports other editions:
//!
//! ```toml
//! [supported]
//! os = ["Windows Server 2003 Standard Edition", "Windows XP Professional"]
//! ```
//!
//! An entry DPM201 reports (no known edition) is not judged here.
//!
//! ## Why it matters
//! Auto-update handles only the editions of DPM's list. A package for another edition is not
//! applied there by auto-update, and where it is delivered anyway the management server cannot
//! confirm it was applied, so it is delivered again at every auto-update.
//!
//! ## Example
//! ```yaml
//! os:
//!   - Windows Server 2003 Standard Edition
//!   - Windows XP Professional
//! ```
//!
//! Use instead:
//! ```yaml
//! os:
//!   - Windows Server 2003 Standard Edition
//! ```
//!
//! ## Fix
//! Remove the edition from `os`, or, if your DPM supports it, list it under `[supported] os` in
//! `dpmlint.toml`. Server 2003 R2 is Windows Server 2003 (build 3790) with a second disc: DPM's
//! list names only the Server 2003 editions.
//!
//! ## 日本語
//! ## 検出内容
//! 既知の Windows エディションだが、DPM の自動更新が対応していないものを `os` に書いている。既定では
//! DPM の一覧 (Windows 2000 Server と Advanced Server、Windows Server 2003 と 2008 の Standard と
//! Enterprise の x86 と x64) 以外、例えば Windows XP、Vista、7、Server 2003 R2、Server 2008 R2、
//! Server 2012 です。
//!
//! 使っている DPM が他のエディションに対応している場合は、`dpmlint.toml` で一覧を置き換えられます:
//!
//! ```toml
//! [supported]
//! os = ["Windows Server 2003 Standard Edition", "Windows XP Professional"]
//! ```
//!
//! DPM201 が報告する項目 (既知のエディションでない名前) はここでは判断しません。
//!
//! ## 問題点
//! 自動更新は DPM の一覧にあるエディションだけを扱います。他のエディション向けのパッケージは自動更新では
//! 適用されず、配信されても管理サーバは適用済みと確認できないため、自動更新のたびに再配信されます。
//!
//! ## 修正方法
//! そのエディションを `os` から外すか、DPM が対応しているなら `dpmlint.toml` の `[supported] os` に
//! 加えてください。Server 2003 R2 は Windows Server 2003 (ビルド 3790) に 2 枚目のディスクを加えた
//! ものです。DPM の一覧には Server 2003 のエディションだけが載っています。

use crate::catalog::{self, OsFamily};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::rules::{PackageCtx, Rule, RuleMeta, Settings};
use crate::tr;

/// DPM202
pub struct OsUnsupported;

/// DPM202's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM202", "os-unsupported", Error, None);

impl Rule for OsUnsupported {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        for target in ctx.targets() {
            let Some(edition) = target.edition else { continue };
            if ctx.settings.os_supported(edition) {
                continue;
            }
            let name = &target.name.value;
            let (message, mut help) = match &ctx.settings.supported_os {
                None => {
                    let families = default_families(lang);
                    (
                        tr!(
                            lang,
                            "DPM auto-update does not support `{name}` (it supports the {families} editions of its list): the package is not applied there by auto-update, and where it is delivered the server cannot confirm it, so it is delivered again at every auto-update",
                            "DPM の自動更新は `{name}` に対応していません (対応するのは一覧にある {families} のエディションです)。自動更新ではそこにパッケージが適用されず、配信されても管理サーバは適用済みと確認できないため、自動更新のたびに再配信されます"
                        ),
                        tr!(
                            lang,
                            "remove it from `os`, or, if your DPM supports it, list it under `[supported] os` in dpmlint.toml",
                            "`os` から外すか、DPM が対応しているなら dpmlint.toml の `[supported] os` に加えてください"
                        ),
                    )
                }
                Some(_) => {
                    let list = configured(ctx.settings);
                    (
                        tr!(
                            lang,
                            "`{name}` is not in the supported OS list of dpmlint.toml ({list}): DPM auto-update does not apply the package there, and where it is delivered the server cannot confirm it, so it is delivered again at every auto-update",
                            "`{name}` は dpmlint.toml の対応 OS 一覧 ({list}) にありません。DPM の自動更新はそこにパッケージを適用せず、配信されても管理サーバは適用済みと確認できないため、自動更新のたびに再配信されます"
                        ),
                        tr!(
                            lang,
                            "remove it from `os`, or add it to `[supported] os` in dpmlint.toml if your DPM supports it",
                            "`os` から外すか、DPM が対応しているなら dpmlint.toml の `[supported] os` に加えてください"
                        ),
                    )
                }
            };
            if edition.id == "ws2003-r2" {
                help.push_str(&tr!(
                    lang,
                    "; Server 2003 R2 is Windows Server 2003 (build 3790) with a second disc, and DPM's list names only the Server 2003 editions (e.g. `Windows Server 2003 Standard Edition`)",
                    "。Server 2003 R2 は Windows Server 2003 (ビルド 3790) に 2 枚目のディスクを加えたもので、DPM の一覧には Server 2003 のエディション (例: `Windows Server 2003 Standard Edition`) だけが載っています"
                ));
            }
            out.push(ctx.diag(&META, target.name.span, message).help(help));
        }
    }
}

/// The families of DPM's default list, for a message: `Windows 2000, Windows Server 2003 and
/// Windows Server 2008`.
fn default_families(lang: Lang) -> String {
    let mut families: Vec<OsFamily> = Vec::new();
    for e in catalog::default_supported_os() {
        if !families.contains(&e.family) {
            families.push(e.family);
        }
    }
    let names: Vec<&str> = families.iter().map(|f| f.name()).collect();
    match (lang, names.split_last()) {
        (Lang::En, Some((last, rest))) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        (Lang::En, _) => names.concat(),
        (Lang::Ja, _) => names.join("、"),
    }
}

/// The editions the configuration lists, by their DPM names.
fn configured(settings: &Settings) -> String {
    let names: Vec<String> = settings
        .supported_os
        .iter()
        .flatten()
        .map(|n| catalog::find_os(n).map_or(n.clone(), |e| e.dpm_name.to_string()))
        .map(|n| format!("`{n}`"))
        .collect();
    if names.is_empty() { "-".to_string() } else { names.join(", ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_of_the_default_list() {
        assert_eq!(
            default_families(Lang::En),
            "Windows 2000, Windows Server 2003 and Windows Server 2008"
        );
        assert_eq!(
            default_families(Lang::Ja),
            "Windows 2000、Windows Server 2003、Windows Server 2008"
        );
    }
}
