//! ## What it catches
//! A definition whose statements of the KB number disagree: the `kb` field (`KB958644`,
//! `kb958644` or `958644`) and the KB in `execute.file`'s name
//! (`WindowsServer2003-KB958644-x86-JPN.exe`, or `Q123456` in older names), and the KB that the
//! installer's own version-resource strings name (e.g. a FileDescription "Security Update for
//! Windows Server 2003 (KB958644)": the file really is that update, whatever it is called). The
//! diagnostic points at the first statement (the KB inside the file name when there is one) and
//! labels the others. A `kb` that is not a KB number is DPM109's; a file name without a KB, and
//! an installer whose strings name no KB (or several), state nothing.
//!
//! ## Why it matters
//! At most one of them is the update the package really delivers. When `kb` is right and the
//! installer is another update's, the package installs the wrong update: what its MS number
//! names never appears among the target's installed updates, and the package is delivered again
//! at every auto-update. When the installer is right, `kb` misleads whoever maintains the
//! package, and every check made from it (DPM103, DPM602).
//!
//! ## Example
//! ```yaml
//! ms_number: MS08-067
//! kb: KB958687
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
//! Find out which update the package is meant to deliver (its KB article names the bulletin), then
//! make `kb` and the installer agree: correct `kb`, or replace the installer.
//!
//! ## 日本語
//! ## 検出内容
//! KB 番号の記載が食い違う定義。`kb` フィールド (`KB958644`、`kb958644`、`958644`) と `execute.file` の
//! ファイル名の KB (`WindowsServer2003-KB958644-x86-JPN.exe`、古い名前では `Q123456`)、そして
//! インストーラ自身のバージョンリソースの文字列が示す KB (例: FileDescription の
//! "Security Update for Windows Server 2003 (KB958644)") です。診断は
//! ファイル名の中の KB を指し、他の記載にラベルを付けます。KB 番号でない `kb` は DPM109 の対象で、
//! KB のないファイル名は何も記載していないものとして扱います。
//!
//! ## 問題点
//! パッケージが実際に配信する更新は、多くとも一方だけです。`kb` が正しくインストーラが別の更新のもの
//! なら、誤った更新がインストールされ、MS 番号の更新は管理対象コンピュータの適用済み更新に現れず、自動更新の
//! たびに再配信されます。インストーラが正しければ、`kb` は保守する人と、`kb` を使う検査 (DPM103、
//! DPM602) を誤らせます。
//!
//! ## 修正方法
//! パッケージが配信すべき更新を確かめ (KB 記事にセキュリティ情報の番号があります)、`kb` を直すか
//! インストーラを差し替えて一致させてください。

use crate::diagnostic::Diagnostic;
use crate::rules::identity::{self, KbClaim};
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM107
pub struct KbMismatch;

/// DPM107's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM107", "kb-mismatch", Error, None);

impl Rule for KbMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        // Every statement of the KB, most authoritative first (see `identity::kb_claims`; a new
        // source is a new claim there, nothing here changes).
        let claims = identity::kb_claims(ctx);
        let Some(first) = claims.first() else { return };
        if claims.iter().all(|c| c.kb == first.kb) {
            return;
        }
        let lang = ctx.lang();
        let stated = |c: &KbClaim| {
            let kb = identity::kb_text(c.kb);
            let source = c.source.describe(lang);
            tr!(lang, "{kb} in {source}", "{source}: {kb}")
        };
        let all = claims.iter().map(stated).collect::<Vec<_>>().join(lang.pick(", ", "、"));
        let message = tr!(
            lang,
            "the package's KB numbers disagree ({all}): at most one names the update it delivers. With the wrong installer, what the MS number or service-pack level names is never installed, and the package is delivered again at every auto-update",
            "パッケージの KB 番号が食い違っています ({all})。配信する更新を示すのは多くとも一方だけです。インストーラが誤っていれば MS 番号やサービスパックのレベルが示す更新はインストールされず、自動更新のたびにパッケージが再配信されます"
        );
        let mut d = ctx.diag(&META, first.span, message).help(tr!(
            lang,
            "find out which update the package is meant to deliver, then correct `kb` or replace the installer so that they agree",
            "パッケージが配信すべき更新を確かめ、`kb` を直すかインストーラを差し替えて一致させてください"
        ));
        for c in &claims[1..] {
            d = d.label(c.span, stated(c));
        }
        out.push(d);
    }
}
