//! ## What it catches
//! A hotfix whose KB is not one of the updates its bulletin shipped. The package's KB is the `kb`
//! field (`KB958644`, `kb958644` or `958644`), or, without one, the KB in `execute.file`'s name
//! (`WindowsServer2003-KB958644-x86-JPN.exe`). The message lists the updates the bulletin shipped
//! for the target OS (all of them when the bulletin lists none for it), and names the bulletin
//! the KB really belongs to when the catalog knows it.
//!
//! A KB the catalog lists under another bulletin is reported whatever the bulletin's date:
//! `MS17-010` with `KB958644` on Windows Server 2008 or 2003 installs MS08-067's update, not
//! MS17-010's.
//!
//! A `kb` value that is not a KB number at all is DPM109's finding; this rule then stays silent
//! rather than fall back to the file name. It also stays silent where Microsoft's bulletin data
//! is known to be incomplete: a bulletin with an update the data names no KB for; and, for a KB
//! that is in no bulletin at all, a target OS already out of public support when the bulletin was
//! posted (custom-support updates of such releases are not listed) and bulletins from October 2016
//! on for Vista and later, whose monthly rollups (MS17-010's KB4012215 for Windows 7) the data
//! omits.
//!
//! ## Why it matters
//! The management server decides that the hotfix is applied by looking its MS number up among
//! the installed updates. When the package installs another update than the bulletin's, the
//! target still lacks the bulletin's update afterwards: the MS number is never found and the
//! package is delivered again at every auto-update. Either the MS number or the installer is
//! wrong.
//!
//! ## Example
//! ```yaml
//! ms_number: MS08-076
//! kb: KB958644
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe
//! ```
//!
//! Use instead:
//! ```yaml
//! ms_number: MS08-067
//! kb: KB958644
//! execute:
//!   file: WindowsServer2003-KB958644-x86-JPN.exe
//! ```
//!
//! ## Fix
//! Take the MS number from the KB article of the update the installer carries, or use the
//! installer of the bulletin's update for the target OS.
//!
//! ## Fix safety
//! When the KB is the `kb` field's and the catalog gives exactly one update of the bulletin for the
//! target OS, `--fix --unsafe-fixes` writes that KB in `kb` (in the form it was written: `KB…`,
//! `kb…` or digits). Only when nothing else says otherwise: no KB in the installer's name or
//! version resource names another update, and a KB of another bulletin is replaced only when the
//! installer names the bulletin's update. The fix is unsafe: it changes what the definition says
//! the installer carries, and the installer may be the one in error (then the MS number or the
//! installer is to change, not `kb`). Confirm the installer's KB before applying it.
//!
//! ## 日本語
//! ## 検出内容
//! KB がセキュリティ情報の配布した更新のどれでもない HotFix。パッケージの KB は `kb` フィールド
//! (`KB958644`、`kb958644`、`958644`)、なければ `execute.file` のファイル名の KB
//! (`WindowsServer2003-KB958644-x86-JPN.exe`) です。メッセージには、対象 OS 向けにそのセキュリティ情報が
//! 配布した更新 (対象 OS 向けがなければすべて) と、カタログで分かる場合は KB が本当に属する
//! セキュリティ情報を示します。
//!
//! カタログで別のセキュリティ情報の更新とされている KB は、セキュリティ情報の公開日にかかわらず報告します:
//! Windows Server 2008 や 2003 向けの `MS17-010` に `KB958644` を書くと、インストールされるのは MS17-010 では
//! なく MS08-067 の更新です。
//!
//! `kb` の値が KB 番号でない場合は DPM109 が報告し、このルールはファイル名で代用せず何も報告しません。
//! Microsoft のデータが不完全と分かっている場合も報告しません: KB 番号のない更新を含むセキュリティ情報。
//! また、どのセキュリティ情報にもない KB については、公開時点でサポートが終了していた対象 OS (そうした
//! OS 向けのカスタムサポートの更新は載っていません) と、2016 年 10 月以降の Vista 以降向け (月例ロールアップ。
//! 例: MS17-010 の Windows 7 向け KB4012215 が載っていません) の場合です。
//!
//! ## 問題点
//! 管理サーバは HotFix の適用を、MS 番号を適用済み更新の中から探して判断します。パッケージが
//! セキュリティ情報とは別の更新をインストールすると、適用後もそのセキュリティ情報の更新はないままで、
//! MS 番号は見つからず、自動更新のたびに再配信されます。MS 番号かインストーラのどちらかが誤っています。
//!
//! ## 修正方法
//! インストーラが含む更新の KB 記事にある MS 番号を書くか、対象 OS 向けのそのセキュリティ情報の
//! 更新のインストーラを使ってください。
//!
//! ## 修正の安全性
//! KB が `kb` フィールドのもので、カタログにある対象 OS 向けのそのセキュリティ情報の更新が 1 つだけの
//! とき、`--fix --unsafe-fixes` はその KB を `kb` に書きます (`KB…`、`kb…`、数字だけのうち、元の書き方で)。
//! ほかに食い違う情報がないときだけです。インストーラのファイル名やバージョンリソースの KB が別の更新を
//! 指していれば修正せず、別のセキュリティ情報の KB は、インストーラがそのセキュリティ情報の更新を
//! 指しているときだけ置き換えます。この修正は安全ではありません。インストーラが含む更新についての定義の
//! 記述が変わります。また、誤っているのがインストーラのほう (変えるべきは MS 番号かインストーラで、
//! `kb` ではない) こともあり得ます。適用する前にインストーラの KB を確認してください。

use crate::catalog;
use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::edits;
use crate::rules::identity;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM103
pub struct KbNotInBulletin;

/// DPM103's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM103", "kb-not-in-bulletin", Error, Unsafe);

/// At most this many KBs are listed in a message.
const MAX_LISTED: usize = 10;

impl Rule for KbNotInBulletin {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let Some((ms, ms_span, b, claim)) = identity::hotfix_kb(ctx) else { return };
        if b.has_kb(claim.kb) || b.entries().iter().any(|e| e.kb.is_none()) {
            return;
        }
        let editions = ctx.editions();
        // A KB of another bulletin is reported whatever the date; a KB in no bulletin at all
        // only where the data is complete.
        let owners: Vec<&str> = catalog::bulletins_with_kb(claim.kb).map(|o| o.id()).collect();
        if owners.is_empty()
            && (editions.iter().any(|e| identity::out_of_support_at(e, b))
                || identity::rollup_era(b, &identity::target_families(ctx)))
        {
            return;
        }

        // The bulletin's KBs for the targets, else all of them.
        let mut for_targets: Vec<u32> = editions
            .iter()
            .flat_map(|e| b.kbs_for_keys(identity::target_keys(ctx, e)))
            .collect();
        for_targets.sort_unstable();
        for_targets.dedup();
        let lang = ctx.lang();
        let os = identity::target_names(&editions, ctx.lang());
        let listed = if for_targets.is_empty() {
            let all: Vec<u32> = b.kbs().collect();
            let list = identity::kb_list(&all, MAX_LISTED, lang);
            tr!(lang, "{ms} shipped {list}", "{ms} が配布した更新は {list} です")
        } else {
            let list = identity::kb_list(&for_targets, MAX_LISTED, lang);
            tr!(lang, "{ms} shipped {list} for {os}", "{ms} が {os} 向けに配布した更新は {list} です")
        };

        let kb = identity::kb_text(claim.kb);
        let source = claim.source.describe(lang);
        let message = tr!(
            lang,
            "{kb} (in {source}) is not one of {ms}'s updates: {listed}. Installing {kb} does not install {ms}, so the management server never finds {ms} among the installed updates and delivers the package again at every auto-update",
            "{kb} ({source}) は {ms} の更新ではありません。{listed}。{kb} をインストールしても {ms} は適用されないため、管理サーバは適用済みの更新から {ms} を見つけられず、自動更新のたびにパッケージを再配信します"
        );
        let fix = kb_fix(ctx, claim, &for_targets, !owners.is_empty());
        let help = match (&fix, owners.as_slice()) {
            (Some((_, written)), _) => {
                let update = identity::kb_text(for_targets[0]);
                let article = if b.bulletin_kb == Some(claim.kb) {
                    tr!(
                        lang,
                        "{kb} is {ms}'s bulletin article, not one of its update packages; ",
                        "{kb} は {ms} のセキュリティ情報の記事番号で、更新プログラムの KB ではありません。"
                    )
                } else {
                    String::new()
                };
                tr!(
                    lang,
                    "{article}{ms}'s update for {os} is {update}: if the installer carries it, write `kb: {written}`",
                    "{article}{os} 向けの {ms} の更新は {update} です。インストーラがその更新なら `kb: {written}` と書いてください"
                )
            }
            (None, owners) => help_without_fix(lang, &kb, ms, b.bulletin_kb == Some(claim.kb), owners),
        };
        let label = tr!(lang, "{ms} does not list {kb}", "{ms} に {kb} はありません");
        let mut d = ctx.diag(&META, claim.span, message).label(ms_span, label).help(help);
        if let Some((fix, _)) = fix {
            d = d.fix(fix);
        }
        out.push(d);
    }
}

/// The unsafe fix: the bulletin's one update for the targets written in `kb`, in the form the
/// value had (`KB…`, `kb…`, digits), with that text. Only for the `kb` field's claim, when no other
/// statement of the KB (the installer's name or version resource) names another update, and, for a
/// KB that is another bulletin's (`owned`), only when one of them names the bulletin's update.
fn kb_fix(ctx: &PackageCtx, claim: identity::KbClaim, for_targets: &[u32], owned: bool) -> Option<(Fix, String)> {
    let &[new] = for_targets else { return None };
    if claim.source != identity::KbSource::Field {
        return None;
    }
    let others = [identity::file_name_claim(ctx), identity::installer_claim(ctx)];
    let others: Vec<u32> = others.iter().flatten().map(|c| c.kb).collect();
    if others.iter().any(|&k| k != new) || (owned && others.is_empty()) {
        return None;
    }
    let field = ctx.package().kb.as_ref()?;
    let text = match field.value.get(..2) {
        Some("KB") => format!("KB{new}"),
        Some("kb") => format!("kb{new}"),
        _ => new.to_string(),
    };
    let edit = edits::replace_scalar(&ctx.doc().root, ctx.file(), field.span, &text)?;
    Some((Fix::unsafe_(vec![edit]), text))
}

/// The help without a fix: where the KB belongs, and what to change.
fn help_without_fix(lang: crate::i18n::Lang, kb: &str, ms: &str, article: bool, owners: &[&str]) -> String {
    match owners {
        [one] => tr!(
            lang,
            "{kb} belongs to {one}: if the installer is the one you mean, write `ms_number: {one}`; otherwise use the installer of {ms}'s update",
            "{kb} は {one} の更新です。インストーラが正しければ `ms_number: {one}` と書き、そうでなければ {ms} の更新のインストーラを使ってください"
        ),
        [] if article => tr!(
            lang,
            "{kb} is {ms}'s bulletin article, not one of its update packages: name the update the installer carries",
            "{kb} は {ms} のセキュリティ情報の記事番号で、更新プログラムの KB ではありません。インストーラが含む更新の KB を書いてください"
        ),
        [] => tr!(
            lang,
            "check the MS number and the installer: take the MS number from the KB article of the update the installer carries",
            "MS 番号とインストーラを確認してください。MS 番号はインストーラが含む更新の KB 記事から取ってください"
        ),
        many => {
            let all = many.join(", ");
            tr!(
                lang,
                "{kb} belongs to {all}: write the one this package delivers, or use the installer of {ms}'s update",
                "{kb} は {all} の更新です。このパッケージが配信するものを書くか、{ms} の更新のインストーラを使ってください"
            )
        }
    }
}
