//! ## What it catches
//! An `ms_number` written correctly (`MSyy-nnn`) that no security bulletin has:
//!
//! - a year outside 1998–2017: Microsoft issued bulletins from MS98-001 to MS17-023 (March 2017);
//!   updates since April 2017 have no MS number at all;
//! - a number the bulletin catalog lacks in a year it covers (2001–2017): past the year's last
//!   bulletin (`MS08-079`; 2008 ended at MS08-078), number `000`, or a number the sequence skips
//!   (MS01-049, MS02-060, MS16-043, MS16-143 are in no Microsoft data).
//!
//! For MS98–MS00 the catalog has no data (Microsoft's files start at MS01-001), so only the
//! format is checked there. The message suggests the bulletin the package's KB belongs to, or a
//! known number with two digits swapped (`MS08-607` → `MS08-067`).
//!
//! ## Why it matters
//! The management server looks the MS number up among the updates installed on the target. A
//! number no bulletin has is never found there, so the package is delivered again at every
//! auto-update, on every machine, forever.
//!
//! ## Example
//! ```yaml
//! ms_number: MS08-607
//! kb: KB958644
//! ```
//!
//! Use instead:
//! ```yaml
//! ms_number: MS08-067
//! kb: KB958644
//! ```
//!
//! ## Fix
//! Take the number from the bulletin the update belongs to (its KB article names it). An update
//! without a bulletin (a non-security hotfix, anything after March 2017) has no MS number: remove
//! `ms_number` and identify the package by `identification` entries instead.
//!
//! ## Fix safety
//! When the message suggests exactly one number, `--fix --unsafe-fixes` writes it: the bulletin the
//! package's KB belongs to when the catalog knows exactly one, or, without a KB the catalog knows,
//! the one known number two swapped digits away. The fix is unsafe: it changes the MS number the
//! management server looks for among the updates installed on every managed computer, and the KB
//! may itself be wrong, or the swap a coincidence. Confirm the number in the update's KB article.
//! Several suggestions get no fix.
//!
//! ## 日本語
//! ## 検出内容
//! 形式 (`MSyy-nnn`) は正しいが、どのセキュリティ情報にも存在しない `ms_number`:
//!
//! - 1998〜2017 年以外の年。セキュリティ情報は MS98-001 から MS17-023 (2017 年 3 月) まで発行され、
//!   2017 年 4 月以降の更新には MS 番号がありません;
//! - カタログが扱う年 (2001〜2017) にない番号。その年の最後の番号より後 (`MS08-079`。2008 年は
//!   MS08-078 まで)、`000`、欠番 (MS01-049、MS02-060、MS16-043、MS16-143 は Microsoft のデータにありません)。
//!
//! MS98〜MS00 はカタログにデータがない (Microsoft のデータは MS01-001 から) ため、形式だけを検査します。
//! メッセージでは、パッケージの KB が属するセキュリティ情報や、2 桁を入れ替えた既知の番号
//! (`MS08-607` → `MS08-067`) を提案します。
//!
//! ## 問題点
//! 管理サーバは MS 番号を管理対象コンピュータの適用済み更新の中から探します。存在しない番号は見つからないため、
//! パッケージは自動更新のたびにすべての管理対象コンピュータへ再配信され続けます。
//!
//! ## 修正方法
//! 更新が属するセキュリティ情報の番号 (KB の記事に記載) を書いてください。セキュリティ情報のない更新
//! (セキュリティ以外の修正、2017 年 4 月以降の更新) には MS 番号がありません。`ms_number` を削除し、
//! `identification` (識別情報) で識別してください。
//!
//! ## 修正の安全性
//! メッセージが提案する番号が 1 つだけのとき、`--fix --unsafe-fixes` はその番号を書きます。提案は、
//! パッケージの KB が属するセキュリティ情報がカタログで 1 つに決まればその番号、カタログにある KB が
//! なければ 2 桁を入れ替えた既知の番号 (1 つだけのとき) です。この修正は安全ではありません。管理サーバが
//! すべての管理対象コンピュータの適用済み更新から探す MS 番号が変わります。また、KB 自体が誤っている
//! ことも、入れ替えが偶然の一致であることもあり得ます。更新の KB 記事で番号を確認してください。提案が
//! 複数あるときは修正しません。

use crate::catalog;
use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::edits;
use crate::i18n::Lang;
use crate::rules::identity;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM102
pub struct MsNumberUnknown;

/// DPM102's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM102", "ms-number-unknown", Error, Unsafe);

/// The four-digit year of a two-digit bulletin year (98, 99 → 1998, 1999; else 20yy).
fn full_year(yy: u8) -> u16 {
    if yy >= 98 { 1900 + u16::from(yy) } else { 2000 + u16::from(yy) }
}

/// MS98, MS99, MS00: bulletins were issued, but the catalog has no data.
fn is_pre_catalog(yy: u8) -> bool {
    yy >= 98 || yy == 0
}

/// Known bulletin ids that differ from `MSyy-nnn` by two neighbouring digits swapped, the typing
/// slip: the year's two digits (`MS80-067`), or two neighbours in the number (`MS08-607`). Swaps
/// across the hyphen or between distant digits give far-fetched candidates and are not tried.
pub fn swapped_digit_suggestions(yy: u8, n: u16) -> Vec<&'static str> {
    let digits: Vec<u8> = format!("{yy:02}{n:03}").bytes().collect();
    let mut found = Vec::new();
    for (i, j) in [(0, 1), (2, 3), (3, 4)] {
        {
            if digits[i] == digits[j] {
                continue;
            }
            let mut d = digits.clone();
            d.swap(i, j);
            let text = String::from_utf8_lossy(&d).into_owned();
            let id = format!("MS{}-{}", &text[..2], &text[2..]);
            if let Some(b) = catalog::bulletin(&id)
                && !found.contains(&b.id())
            {
                found.push(b.id());
            }
        }
    }
    found.sort_by_key(|id| catalog::parse_bulletin_id(id));
    found
}

/// Why the catalog has no such bulletin, in a few words.
fn reason(lang: Lang, yy: u8, n: u16) -> String {
    if n == 0 {
        return tr!(lang, "bulletin numbers start at 001", "番号は 001 から始まります");
    }
    if !(catalog::catalog_covers_year(yy) || is_pre_catalog(yy)) {
        return tr!(
            lang,
            "Microsoft issued bulletins from MS98-001 (1998) to MS17-023 (March 2017), and updates since April 2017 have no MS number",
            "セキュリティ情報は MS98-001 (1998 年) から MS17-023 (2017 年 3 月) まで発行され、2017 年 4 月以降の更新には MS 番号がありません"
        );
    }
    let year = full_year(yy);
    let prefix = format!("MS{yy:02}-");
    let last = catalog::known_bulletin_ids().filter(|id| id.starts_with(&prefix)).last();
    match last {
        Some(last) if catalog::parse_bulletin_id(last).is_some_and(|(_, m)| n > m) => tr!(
            lang,
            "the last bulletin of {year} is {last}",
            "{year} 年の最後のセキュリティ情報は {last} です"
        ),
        _ => tr!(
            lang,
            "the sequence of {year} skips it: it was never issued, or is missing from Microsoft's bulletin data",
            "{year} 年の欠番で、発行されなかったか Microsoft のデータにありません"
        ),
    }
}

impl Rule for MsNumberUnknown {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        if identity::is_non_hotfix(ctx) {
            return;
        }
        let Some((text, span, yy, n)) = identity::ms_number(ctx) else { return };
        if catalog::catalog_covers_year(yy) {
            if catalog::bulletin(text).is_some() {
                return;
            }
        } else if is_pre_catalog(yy) && n > 0 {
            // MS98–MS00: no data, only the format counts (DPM101).
            return;
        }
        let lang = ctx.lang();
        let why = reason(lang, yy, n);
        let message = tr!(
            lang,
            "no security bulletin {text} exists ({why}): the management server looks {text} up among the installed updates, finds nothing, and delivers the package again at every auto-update",
            "セキュリティ情報 {text} は存在しません ({why})。管理サーバは適用済みの更新から {text} を探しても見つけられず、自動更新のたびにパッケージを再配信します"
        );
        let mut d = ctx.diag(&META, span, message);
        let owners: Vec<&str> = identity::package_kb(ctx)
            .map(|c| catalog::bulletins_with_kb(c.kb).map(|b| b.id()).collect())
            .unwrap_or_default();
        let swaps = swapped_digit_suggestions(yy, n);
        // What the help suggests: the bulletins the package's KB belongs to, else the swaps. When
        // that is one number, the unsafe fix writes it.
        let suggested: &[&str] = if owners.is_empty() { &swaps } else { &owners };
        let help = if let (Some(claim), [first, ..]) = (identity::package_kb(ctx), owners.as_slice()) {
            let kb = identity::kb_text(claim.kb);
            let all = owners.join(", ");
            if owners.len() == 1 {
                tr!(lang, "{kb} belongs to {first}: write `ms_number: {first}`", "{kb} は {first} の更新です。`ms_number: {first}` と書いてください")
            } else {
                tr!(lang, "{kb} belongs to {all}: write the one this package delivers", "{kb} は {all} の更新です。このパッケージが配信するものを書いてください")
            }
        } else if !swaps.is_empty() {
            let list = swaps.join(", ");
            tr!(lang, "did you mean {list}? Take the number from the update's KB article", "もしかして {list} ですか。更新の KB 記事にある番号を書いてください")
        } else {
            tr!(
                lang,
                "take the number from the update's KB article; an update without a bulletin has no MS number: remove `ms_number` and add `identification` entries",
                "更新の KB 記事にある番号を書いてください。セキュリティ情報のない更新には MS 番号がありません。`ms_number` を削除し、`identification` を追加してください"
            )
        };
        d = d.help(help);
        if let [one] = suggested
            && let Some(edit) = edits::replace_scalar(&ctx.doc().root, ctx.file(), span, one)
        {
            d = d.fix(Fix::unsafe_(vec![edit]));
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::swapped_digit_suggestions;

    #[test]
    fn swaps() {
        assert_eq!(swapped_digit_suggestions(8, 607), vec!["MS08-067"]);
        assert_eq!(swapped_digit_suggestions(80, 67), vec!["MS08-067"]);
        assert!(swapped_digit_suggestions(8, 999).is_empty());
        // No far-fetched candidates for a year after the last bulletin.
        assert!(swapped_digit_suggestions(18, 1).is_empty());
    }
}
