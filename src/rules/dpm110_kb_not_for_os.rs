//! ## What it catches
//! A hotfix whose KB is one of the updates its bulletin shipped, but the one for another Windows
//! release than every target OS, while the bulletin shipped an update for a target too:
//! `MS11-002` on Windows Server 2008 with `Windows6.0-KB2419635-x86.msu`, where KB2419635 is the
//! update for Windows Server 2003 and Vista, and Server 2008's is KB2419640. The package's KB is
//! the `kb` field, or, without one, the KB in `execute.file`'s name. The diagnostic points at it,
//! names the releases the catalog lists the KB for and the bulletin's update for the targets, and
//! labels the MS number.
//!
//! The releases are compared, not the architectures (an x86-only KB on an x64 edition of the
//! same release is DPM204's or DPM206's question), and an edition counts as its release on every
//! architecture it exists for (Windows Server 2003 R2 is Server 2003; Vista and Server 2008 are
//! separate releases even where one KB serves both). Never reported: a KB the bulletin did not
//! ship (DPM103's), a bulletin with no update for any target (DPM106's), an update of a product
//! that is not an operating system (Office, Exchange…: it runs on any Windows), a bulletin with an
//! update the data names no KB for, and a definition with a target OS the catalog does not know.
//!
//! ## Why it matters
//! An update built for another Windows release refuses to install on the target (or installs
//! nothing there). The management server never finds the MS number among the target's installed
//! updates and delivers the package again at every auto-update, while the target stays without
//! the bulletin's fix.
//!
//! ## Example
//! ```yaml
//! os: Windows Server 2008 Standard Edition
//! ms_number: MS11-002
//! execute:
//!   file: Windows6.0-KB2419635-x86.msu
//! ```
//!
//! Use instead:
//! ```yaml
//! os: Windows Server 2008 Standard Edition
//! ms_number: MS11-002
//! execute:
//!   file: Windows6.0-KB2419640-x86.msu
//! ```
//!
//! ## Fix
//! Use the installer of the bulletin's update for the target OS (the message names its KB), or
//! correct `os` if the package really is for the release the KB is for.
//!
//! ## 日本語
//! ## 検出内容
//! KB はセキュリティ情報が配布した更新の 1 つだが、どの対象 OS とも別の Windows 向けのもので、しかも
//! そのセキュリティ情報は対象 OS 向けの更新も配布している HotFix。例: Windows Server 2008 向けの `MS11-002` に
//! `Windows6.0-KB2419635-x86.msu`。KB2419635 は Windows Server 2003 と Vista 向けの更新で、Server 2008
//! 向けは KB2419640 です。パッケージの KB は `kb` フィールド、なければ `execute.file` のファイル名の KB です。
//! 診断はその KB を指し、カタログでその KB が対象とする Windows と、対象 OS 向けのそのセキュリティ情報の
//! 更新を示し、MS 番号にラベルを付けます。
//!
//! 比べるのは Windows のリリースで、アーキテクチャではありません (同じリリースの x64 エディションに x86 向けの
//! KB を使うのは DPM204 か DPM206 の対象です)。エディションは、それが存在するすべてのアーキテクチャの
//! リリースとして扱います (Windows Server 2003 R2 は Server 2003 です。1 つの KB が両方に使われる場合でも、
//! Vista と Server 2008 は別のリリースです)。次は報告しません: セキュリティ情報が配布していない KB
//! (DPM103 の対象)、どの対象 OS 向けの更新もないセキュリティ情報 (DPM106 の対象)、OS でない製品
//! (Office、Exchange など。どの Windows でも動きます) の更新、KB 番号のない更新を含むセキュリティ情報、
//! カタログにない対象 OS を含む定義。
//!
//! ## 問題点
//! 別の Windows 向けの更新は管理対象コンピュータへのインストールを拒否する (または何もインストールしない)
//! ため、管理サーバは MS 番号を管理対象コンピュータの適用済み更新から見つけられず、自動更新のたびにパッケージを
//! 再配信します。管理対象コンピュータにはセキュリティ情報の修正が適用されないままです。
//!
//! ## 修正方法
//! 対象 OS 向けのそのセキュリティ情報の更新 (メッセージに KB を示します) のインストーラを使うか、
//! パッケージが本当にその KB の Windows 向けなら `os` を直してください。

use crate::diagnostic::Diagnostic;
use crate::rules::identity;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM110
pub struct KbNotForOs;

/// DPM110's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM110", "kb-not-for-os", Error, None);

/// At most this many KBs are listed in a message.
const MAX_LISTED: usize = 10;

impl Rule for KbNotForOs {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let Some((ms, ms_span, b, claim)) = identity::hotfix_kb(ctx) else { return };
        // A KB the bulletin did not ship is DPM103's; an update of Office… runs on any Windows.
        let Some(entry) = b.entry(claim.kb) else { return };
        if entry.os.is_empty() || b.entries().iter().any(|e| e.kb.is_none()) {
            return;
        }
        let targets = ctx.targets();
        if targets.is_empty() || targets.iter().any(|t| t.edition.is_none()) {
            return;
        }
        let editions = ctx.editions();
        if editions.iter().any(|e| entry.os.has_family(e.family)) {
            return;
        }
        // The bulletin's updates for the targets (on the installer's architecture when it names
        // one the bulletin has an update for); none is DPM106's case.
        let mut for_targets: Vec<u32> = Vec::new();
        for e in &editions {
            let narrowed: Vec<u32> = b.kbs_for_keys(identity::target_keys(ctx, e)).collect();
            if narrowed.is_empty() {
                for_targets.extend(b.kbs_for_os(e));
            } else {
                for_targets.extend(narrowed);
            }
        }
        for_targets.sort_unstable();
        for_targets.dedup();
        if for_targets.is_empty() {
            return;
        }

        let lang = ctx.lang();
        let os = identity::target_names(&editions, ctx.lang());
        let kb = identity::kb_text(claim.kb);
        let kb_os = entry.os.describe_in(lang);
        let source = claim.source.describe(lang);
        let theirs = identity::kb_list(&for_targets, MAX_LISTED, lang);
        let is = match for_targets.len() {
            1 => tr!(lang, "update for {os} is", "{os} 向けの更新は"),
            _ => tr!(lang, "updates for {os} are", "{os} 向けの更新は"),
        };
        let message = tr!(
            lang,
            "{kb} (in {source}) is {ms}'s update for {kb_os}, not for {os}: {ms}'s {is} {theirs}. An update for another Windows release does not install on the target, so the management server never finds {ms} among the installed updates and delivers the package again at every auto-update",
            "{kb} ({source}) は {kb_os} 向けの {ms} の更新で、{os} 向けではありません。{ms} の {is} {theirs} です。別の Windows 向けの更新は管理対象コンピュータにインストールされないため、管理サーバは適用済みの更新から {ms} を見つけられず、自動更新のたびにパッケージを再配信します"
        );
        let help = match for_targets.len() {
            1 => tr!(
                lang,
                "use the installer of {theirs} (and write it in `kb`); or, if the package is for {kb_os}, correct `os`",
                "{theirs} のインストーラを使い、`kb` にも書いてください。パッケージが {kb_os} 向けなら `os` を直してください"
            ),
            _ => tr!(
                lang,
                "use the installer of the one of {theirs} this package is meant to deliver (and write it in `kb`); or, if the package is for {kb_os}, correct `os`",
                "{theirs} のうちこのパッケージで配信する更新のインストーラを使い、`kb` にも書いてください。パッケージが {kb_os} 向けなら `os` を直してください"
            ),
        };
        let label = tr!(lang, "{ms} shipped {kb} for {kb_os}", "{ms} は {kb} を {kb_os} 向けに配布");
        out.push(ctx.diag(&META, claim.span, message).label(ms_span, label).help(help));
    }
}

