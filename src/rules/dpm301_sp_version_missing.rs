//! ## What it catches
//! A service pack whose definition does not say which service pack level it brings the OS to:
//! no `service_pack` at all, or a `service_pack` without `major` or without `minor`.
//!
//! ## Why it matters
//! DPM decides that a service pack is applied by comparing the target's service pack level with
//! the package's major and minor version (SP2 is `major: 2`, `minor: 0`). Without them there is
//! nothing to compare: the management server never sees the package as applied and delivers it
//! again at every auto-update.
//!
//! A value that is present but invalid (`major: 02`) is reported by DPM004, not here.
//!
//! ## Example
//! ```yaml
//! type: service-pack
//! service_pack: { major: 2 }
//! ```
//!
//! Use instead:
//! ```yaml
//! type: service-pack
//! service_pack: { major: 2, minor: 0 }
//! ```
//!
//! ## Fix
//! Add `service_pack` with the level the service pack brings the OS to: `major` is the service
//! pack number, `minor` is `0` for every Windows service pack.
//!
//! ## 日本語
//! ## 検出内容
//! OS をどのサービスパックレベルにするかを定義していないサービスパック: `service_pack` がない、
//! または `service_pack` に `major` か `minor` がない。
//!
//! ## 問題点
//! DPM はサービスパックの適用済みを、対象のサービスパックレベルとパッケージのメジャー/マイナー
//! バージョンを比べて判断します (SP2 は `major: 2`、`minor: 0`)。これがないと比べるものがなく、
//! 管理サーバは適用済みと判断できず、自動更新のたびに再配信します。
//!
//! 値はあるが不正なもの (`major: 02`) は DPM004 が報告します。
//!
//! ## 修正方法
//! `service_pack` にサービスパックのレベルを書いてください。`major` はサービスパックの番号、
//! `minor` は Windows のサービスパックではすべて `0` です。

use crate::diagnostic::Diagnostic;
use crate::model::PackageType;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM301
pub struct SpVersionMissing;

/// DPM301's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM301", "sp-version-missing", Error, None);

impl Rule for SpVersionMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        let pkg = ctx.package();
        let Some(kind) = &pkg.kind else { return };
        if kind.value != PackageType::ServicePack {
            return;
        }
        let consequence = tr!(
            lang,
            "DPM compares the target's service pack level with `major`/`minor`, so without them the package is never seen as applied and is delivered again at every auto-update",
            "DPM は対象のサービスパックレベルを `major`/`minor` と比べるため、これがないとパッケージは適用済みと判断されず、自動更新のたびに再配信されます"
        );
        let Some(entry) = ctx.doc().root.get("service_pack") else {
            out.push(
                ctx.diag(
                    &META,
                    kind.span,
                    tr!(
                        lang,
                        "a service pack without `service_pack`: {consequence}",
                        "`service_pack` のないサービスパックです。{consequence}"
                    ),
                )
                .help(tr!(
                    lang,
                    "add the level the service pack brings the OS to, e.g. `service_pack: {{ major: 2, minor: 0 }}` for SP2",
                    "サービスパックが OS をどのレベルにするかを書いてください。例: SP2 なら `service_pack: {{ major: 2, minor: 0 }}`"
                )),
            );
            return;
        };
        // Not a mapping: DPM004 reports it.
        let Some(entries) = entry.value.as_map() else { return };
        let missing: Vec<&str> = ["major", "minor"]
            .into_iter()
            .filter(|k| !entries.iter().any(|e| e.key_str() == Some(k)))
            .collect();
        if missing.is_empty() {
            return;
        }
        let list = missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>();
        let (en_list, ja_list) = (list.join(" and "), list.join(" と "));
        let help = match missing.as_slice() {
            ["minor"] => tr!(
                lang,
                "add `minor: 0`: Windows service packs have minor version 0",
                "`minor: 0` を追加してください。Windows のサービスパックのマイナーバージョンは 0 です"
            ),
            _ => tr!(
                lang,
                "add the service pack number as `major` and `minor: 0` (SP2 is `major: 2`, `minor: 0`)",
                "サービスパックの番号を `major` に書き、`minor: 0` を追加してください (SP2 は `major: 2`、`minor: 0`)"
            ),
        };
        let message = tr!(
            lang,
            "`service_pack` has no {en_list}: {consequence}",
            "`service_pack` に {ja_list} がありません。{consequence}"
        );
        out.push(ctx.diag(&META, entry.key.span, message).help(help));
    }
}
