//! ## What it catches
//! An `ms_number` that is not written `MSyy-nnn`: `MS`, a two-digit year, a hyphen and a
//! three-digit number, as in `MS08-067`. Typical slips: `ms08-067`, `ms08-67`, `MS0867`,
//! `MS-08-067`, `MS08_067`, `' MS08-067 '`, full-width `ＭＳ０８－０６７`, `MS8-67`, or a KB
//! number (`KB958644`) in the wrong field.
//!
//! ## Why it matters
//! The management server decides that a hotfix is applied by looking its MS number up among the
//! updates installed on the target. A number written any other way is never found there, so the
//! package is delivered again at every auto-update, on every machine.
//!
//! ## Example
//! ```yaml
//! ms_number: ms08-67
//! ```
//!
//! Use instead:
//! ```yaml
//! ms_number: MS08-067
//! ```
//!
//! ## Fix
//! Write the number as `MSyy-nnn`. `--fix` rewrites the value when the intended number is
//! unambiguous: a two-digit year and a number of up to three digits, in any case, with any
//! separator (or none after `MS`), full-width characters included. It leaves alone a one-digit
//! year (`MS8-67`: 2008 or 1998?), a KB number, and anything else it would have to guess.
//!
//! ## 日本語
//! ## 検出内容
//! `MSyy-nnn` (`MS`、2 桁の年、ハイフン、3 桁の番号。例: `MS08-067`) の形で書かれていない `ms_number`。
//! よくある誤り: `ms08-067`、`ms08-67`、`MS0867`、`MS-08-067`、`MS08_067`、`' MS08-067 '`、全角の
//! `ＭＳ０８－０６７`、`MS8-67`、KB 番号 (`KB958644`) の書き間違い。
//!
//! ## 問題点
//! 管理サーバは、HotFix が適用済みかどうかを、MS 番号を管理対象コンピュータの適用済み更新の中から探して判断します。
//! 別の書き方の番号は見つからないため、パッケージは自動更新のたびにすべての管理対象コンピュータへ再配信されます。
//!
//! ## 修正方法
//! `MSyy-nnn` の形で書いてください。意図した番号が一意に分かる場合 (2 桁の年と 3 桁以内の番号。大文字・
//! 小文字、区切り文字の有無、全角文字を問わない)、`--fix` が値を書き換えます。1 桁の年 (`MS8-67`:
//! 2008 年か 1998 年か)、KB 番号など、推測が必要なものは書き換えません。

use crate::catalog;
use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::edits;
use crate::rules::identity::{self, MsForm, MsProblem};
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM101
pub struct MsNumberMalformed;

/// DPM101's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM101", "ms-number-malformed", Error, Safe);

impl Rule for MsNumberMalformed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        // On a service pack or an application the MS number is ignored: DPM108 says so.
        if identity::is_non_hotfix(ctx) {
            return;
        }
        let Some(ms) = &ctx.package().ms_number else { return };
        let form = identity::ms_form(&ms.value);
        if form == MsForm::Canonical {
            return;
        }
        let lang = ctx.lang();
        let v = &ms.value;
        let message = tr!(
            lang,
            "`{v}` is not an MS number of the form `MSyy-nnn`: the management server looks `{v}` up among the installed updates, finds nothing, and delivers the package again at every auto-update",
            "`{v}` は `MSyy-nnn` 形式の MS 番号ではありません。管理サーバは適用済みの更新から `{v}` を探しても見つけられず、自動更新のたびにパッケージを再配信します"
        );
        let mut d = ctx.diag(&META, ms.span, message);
        match form {
            MsForm::Canonical => return,
            MsForm::Normalisable(fixed) => {
                d = d.help(tr!(lang, "write `{fixed}`", "`{fixed}` と書いてください"));
                if identity::ms_number_replaceable(ctx) {
                    d = d.fix(Fix::safe(vec![edits::replace_value(ms.span, &fixed)]));
                }
            }
            MsForm::Malformed(MsProblem::OneDigitYear) => {
                d = d.help(tr!(
                    lang,
                    "the year needs two digits: `MS08-…` for 2008, `MS98-…` for 1998; write the number as `MSyy-nnn`",
                    "年は 2 桁で書きます (2008 年なら `MS08-…`、1998 年なら `MS98-…`)。`MSyy-nnn` の形で書いてください"
                ));
            }
            MsForm::Malformed(MsProblem::LooksLikeKb(kb)) => {
                let owners: Vec<&str> = catalog::bulletins_with_kb(kb).map(|b| b.id()).collect();
                d = d.help(match owners.as_slice() {
                    [one] => tr!(
                        lang,
                        "this is a KB number: KB{kb} belongs to {one}; write `ms_number: {one}` and `kb: KB{kb}`",
                        "これは KB 番号です。KB{kb} は {one} の更新です。`ms_number: {one}`、`kb: KB{kb}` と書いてください"
                    ),
                    _ => tr!(
                        lang,
                        "this is a KB number: put it in `kb`, and the bulletin number (`MSyy-nnn`, e.g. `MS08-067`) in `ms_number`",
                        "これは KB 番号です。`kb` に書き、`ms_number` にはセキュリティ情報の番号 (`MSyy-nnn`、例: `MS08-067`) を書いてください"
                    ),
                });
            }
            MsForm::Malformed(MsProblem::NumberZero) => {
                d = d.help(tr!(
                    lang,
                    "bulletin numbers start at 001: write the number as `MSyy-nnn`, e.g. `MS08-067`",
                    "番号は 001 から始まります。`MSyy-nnn` (例: `MS08-067`) の形で書いてください"
                ));
            }
            MsForm::Malformed(MsProblem::Unreadable) => {
                d = d.help(tr!(
                    lang,
                    "write one bulletin number as `MS` + two-digit year + `-` + three-digit number, e.g. `MS08-067`",
                    "セキュリティ情報の番号を 1 つ、`MS` + 2 桁の年 + `-` + 3 桁の番号 (例: `MS08-067`) の形で書いてください"
                ));
            }
        }
        out.push(d);
    }
}
