//! ## What it catches
//! A `kb` that is not a KB number as the format defines it (`^((KB|kb)?\d{5,7}|Q\d{6})$`, as in
//! the JSON Schema): `KB958644`, `kb958644`, the digits alone (`958644`), or the form Microsoft
//! used until April 2003, `Q` and six digits (`Q815021`). Typical slips: `KB 958644`,
//! `KB-958644`, `Kb958644`, `q815021`, full-width `ＫＢ９５８６４４`, a digit too many or too few, an
//! MS number (`MS08-067`) in the wrong field. The message gives the corrected spelling
//! when the digits are clear.
//!
//! ## Why it matters
//! DPM itself does not read `kb`, but it is how a definition says which update it delivers, and
//! what dpmlint checks the MS number and the installer against (DPM103, DPM107, DPM602). An
//! unreadable `kb` turns those checks off for the package, silently; the other rules never guess
//! what it meant, and do not fall back to the installer's name either.
//!
//! ## Example
//! ```yaml
//! kb: KB 958644
//! ```
//!
//! Use instead:
//! ```yaml
//! kb: KB958644
//! ```
//!
//! ## Fix
//! Write the KB article number of the update as `KB` and its digits.
//!
//! ## 日本語
//! ## 検出内容
//! フォーマットの定める KB 番号 (JSON Schema と同じ `^((KB|kb)?\d{5,7}|Q\d{6})$`) になっていない `kb`。
//! 使える形は `KB958644`、`kb958644`、数字だけ (`958644`)、2003 年 4 月まで使われた `Q` と 6 桁の数字
//! (`Q815021`) です。よくある誤り: `KB 958644`、`KB-958644`、`Kb958644`、`q815021`、全角の
//! `ＫＢ９５８６４４`、桁の過不足、MS 番号 (`MS08-067`) の書き間違い。
//! 数字がはっきりしていれば、正しい書き方をメッセージで示します。
//!
//! ## 問題点
//! DPM 自体は `kb` を読みませんが、`kb` は定義が配信する更新を示すもので、dpmlint は MS 番号や
//! インストーラをこれと照合します (DPM103、DPM107、DPM602)。読めない `kb` では、これらの検査が黙って
//! 行われなくなります。他のルールは意図を推測せず、ファイル名で代用もしません。
//!
//! ## 修正方法
//! 更新の KB 記事の番号を `KB` と数字で書いてください。

use crate::diagnostic::Diagnostic;
use crate::rules::identity;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM109
pub struct KbMalformed;

/// DPM109's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM109", "kb-malformed", Warning, None);

impl Rule for KbMalformed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let Some(kb) = &ctx.package().kb else { return };
        if identity::parse_kb(&kb.value).is_some() {
            return;
        }
        let lang = ctx.lang();
        let v = &kb.value;
        let message = tr!(
            lang,
            "`{v}` is not a KB number (`KB958644`, `kb958644`, `958644` or the pre-2003 `Q958644`): the package's KB cannot be checked against its MS number and installer (DPM103, DPM107, DPM602)",
            "`{v}` は KB 番号 (`KB958644`、`kb958644`、`958644`、2003 年以前の `Q958644`) ではありません。パッケージの KB を MS 番号やインストーラと照合できません (DPM103、DPM107、DPM602)"
        );
        let help = if let Some(fixed) = identity::normalise_kb(v) {
            tr!(lang, "write `{fixed}`", "`{fixed}` と書いてください")
        } else if matches!(
            identity::ms_form(v),
            identity::MsForm::Canonical | identity::MsForm::Normalisable(_)
        ) {
            tr!(
                lang,
                "this is an MS number: put it in `ms_number`, and the update's KB article number in `kb`",
                "これは MS 番号です。`ms_number` に書き、`kb` には更新の KB 記事の番号を書いてください"
            )
        } else {
            tr!(
                lang,
                "write the KB article number of the update: `KB` and its 5 to 7 digits",
                "更新の KB 記事の番号を `KB` と 5〜7 桁の数字で書いてください"
            )
        };
        out.push(ctx.diag(&META, kb.span, message).help(help));
    }
}
