//! ## What it catches
//! A hotfix identified by its MS number alone (`identification` absent or empty) whose bulletin
//! shipped more than one update (KB) for a target OS. MS08-037, for example, shipped KB951746 and
//! KB951748 for Windows Server 2003 (DNS server and DNS client); MS07-042 shipped one update per
//! MSXML version. The updates per OS come from the bulletin catalog; for an edition on several
//! architectures (Windows Server 2003 R2) only the architecture of the installer's name counts.
//!
//! ## Why it matters
//! The management server decides that the hotfix is applied by looking its MS number up among the
//! installed updates. When one bulletin has several updates for the OS, the MS number cannot say
//! which of them this package installs: the server may take the package as applied because
//! another of the bulletin's updates is installed (this one is then never delivered), or never
//! find it and deliver it again at every auto-update.
//!
//! ## Example
//! ```yaml
//! type: hotfix
//! os: Windows Server 2003 Standard Edition
//! ms_number: MS08-037
//! kb: KB951748
//! execute:
//!   file: WindowsServer2003-KB951748-x86-JPN.exe
//! ```
//!
//! Use instead:
//! ```yaml
//! type: hotfix
//! os: Windows Server 2003 Standard Edition
//! ms_number: MS08-037
//! kb: KB951748
//! execute:
//!   file: WindowsServer2003-KB951748-x86-JPN.exe
//! identification:
//!   - path: '%SystemRoot%\$NtUninstallKB951748$\spuninst\spuninst.exe'
//!     change: new
//! ```
//!
//! ## Fix
//! Add `identification` entries that only this update leaves behind: a file it replaces, with
//! its version after the update and `change: upgrade`, or a file it creates (`change: new`), so
//! that DPM can tell this update from the bulletin's others.
//!
//! ## 日本語
//! ## 検出内容
//! MS 番号だけで識別する (`identification` がないか空の) HotFix で、そのセキュリティ情報が対象 OS
//! 向けに複数の更新 (KB) を配布しているもの。例えば MS08-037 は Windows Server 2003 向けに KB951746 と
//! KB951748 (DNS サーバと DNS クライアント) を、MS07-042 は MSXML のバージョンごとに更新を配布しました。
//! OS ごとの更新はセキュリティ情報カタログから調べます。複数のアーキテクチャがあるエディション
//! (Windows Server 2003 R2) では、インストーラのファイル名のアーキテクチャだけを見ます。
//!
//! ## 問題点
//! 管理サーバは HotFix の適用を、MS 番号を適用済み更新の中から探して判断します。1 つのセキュリティ情報に
//! その OS 向けの更新が複数あると、MS 番号ではこのパッケージがどれをインストールするのか分かりません。
//! 別の更新が適用済みなのでこのパッケージも適用済みとみなされる (配信されない) か、見つからずに自動更新の
//! たびに再配信されます。
//!
//! ## 修正方法
//! この更新だけが残すものを `identification` に追加してください。置き換えるファイル (更新後のバージョンと
//! `change: upgrade`) か、作成するファイル (`change: new`) です。これでセキュリティ情報の他の更新と区別
//! できます。

use crate::catalog;
use crate::diagnostic::Diagnostic;
use crate::model::PackageType;
use crate::rules::identity;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::load::source::Span;
use crate::tr;

/// DPM104
pub struct MsNumberAmbiguous;

/// DPM104's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM104", "ms-number-ambiguous", Error, None);

/// At most this many KBs are listed per OS.
const MAX_LISTED: usize = 10;

/// Whether the definition has no identification entry at all: the key absent, null or an empty
/// list. Entries that are there but invalid (DPM003/DPM004) count as present.
pub fn identification_empty(ctx: &PackageCtx) -> bool {
    match ctx.doc().root.get("identification") {
        None => true,
        Some(e) => e.value.is_null() || e.value.as_seq().is_some_and(<[_]>::is_empty),
    }
}

impl Rule for MsNumberAmbiguous {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        if ctx.package().kind() != Some(PackageType::Hotfix) || !identification_empty(ctx) {
            return;
        }
        let Some((ms, ms_span, ..)) = identity::ms_number(ctx) else { return };
        let Some(b) = catalog::bulletin(ms) else { return };
        // Targets with several updates, grouped by their KB lists.
        let mut groups: Vec<(Vec<u32>, Vec<&str>)> = Vec::new();
        let mut labels: Vec<(Span, Vec<u32>)> = Vec::new();
        for t in ctx.targets() {
            let Some(edition) = t.edition else { continue };
            let kbs: Vec<u32> = b.kbs_for_keys(identity::target_keys(ctx, edition)).collect();
            if kbs.len() < 2 {
                continue;
            }
            match groups.iter_mut().find(|(k, _)| *k == kbs) {
                Some((_, names)) => names.push(&t.name.value),
                None => groups.push((kbs.clone(), vec![&t.name.value])),
            }
            labels.push((t.name.span, kbs));
        }
        if groups.is_empty() {
            return;
        }
        let lang = ctx.lang();
        let described: Vec<String> = groups
            .iter()
            .map(|(kbs, names)| {
                let os = names.join(", ");
                let list = identity::kb_list(kbs, MAX_LISTED, lang);
                tr!(lang, "{list} for {os}", "{os} 向けに {list}")
            })
            .collect();
        let described = described.join("; ");
        let message = tr!(
            lang,
            "{ms} shipped more than one update for a target OS ({described}) and `identification` is empty: the MS number alone cannot tell which of them this package installs, so the management server may take the package as applied when another of them is installed, or never find it and deliver it again at every auto-update",
            "{ms} は対象 OS 向けに複数の更新を配布しています ({described})。`identification` が空なので、MS 番号だけではこのパッケージがどれをインストールするのか分かりません。管理サーバは別の更新が適用済みであればこのパッケージも適用済みとみなすか、見つけられずに自動更新のたびに再配信します"
        );
        let help = match identity::package_kb(ctx) {
            Some(claim) if groups.iter().any(|(kbs, _)| kbs.contains(&claim.kb)) => {
                let kb = identity::kb_text(claim.kb);
                tr!(
                    lang,
                    "add `identification` entries that only {kb} leaves behind: a file it replaces (`path`, its `version` after the update, `change: upgrade`) or creates (`change: new`), so that DPM can tell {kb} from the bulletin's other updates",
                    "{kb} だけが残すものを `identification` に追加してください。置き換えるファイル (`path`、更新後の `version`、`change: upgrade`) か作成するファイル (`change: new`) です。これでセキュリティ情報の他の更新と区別できます"
                )
            }
            _ => tr!(
                lang,
                "add `identification` entries that only this package's update leaves behind: a file it replaces (`path`, its `version` after the update, `change: upgrade`) or creates (`change: new`), so that DPM can tell it from the bulletin's other updates",
                "このパッケージの更新だけが残すものを `identification` に追加してください。置き換えるファイル (`path`、更新後の `version`、`change: upgrade`) か作成するファイル (`change: new`) です。これでセキュリティ情報の他の更新と区別できます"
            ),
        };
        let mut d = ctx.diag(&META, ms_span, message).help(help);
        for (span, kbs) in labels {
            let n = kbs.len();
            let list = identity::kb_list(&kbs, MAX_LISTED, lang);
            d = d.label(span, tr!(lang, "{n} updates for this OS: {list}", "この OS 向けの更新が {n} 件: {list}"));
        }
        out.push(d);
    }
}
