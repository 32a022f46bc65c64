//! ## What it catches
//! An entry of the baseline given with `--baseline FILE` that no longer matches any diagnostic: the
//! problem it recorded was fixed, or the offending text changed, or its rule no longer exists.
//!
//! A baseline entry is keyed by file, code and a fingerprint of the offending node's key path and
//! text, not by line number, so edits elsewhere in the file keep it matching. An entry is judged
//! only when its file was checked in this run and its rule ran: a `--select` that leaves the rule
//! out, or a file that no longer loads as YAML, proves nothing. The diagnostic points at the node
//! the entry names when the file still has it, else at the start of the file.
//!
//! ## Why it matters
//! A stale entry would silence the same problem if it came back. Removing it keeps the baseline a
//! list of known debts that only shrinks.
//!
//! ## Example
//! The baseline records an unknown key (DPM002) at `identification[0].versoin`, and the typo was
//! then fixed:
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//!     version: 5.2.3790.4392
//! ```
//!
//! The entry in the baseline now matches nothing:
//! ```json
//! {"file": "packages/ms08-067/package.yaml", "code": "DPM002",
//!  "node": "identification[0].versoin", "fingerprint": "…"}
//! ```
//!
//! ## Fix
//! Delete the entry from the baseline, or rewrite the whole baseline from the current diagnostics
//! with `dpmlint check --write-baseline FILE`.
//!
//! ## 日本語
//! ## 検出内容
//! `--baseline FILE` で与えたベースラインのうち、どの指摘にも一致しなくなったエントリ
//! (記録した問題が直った、該当するテキストが変わった、そのルールがもう存在しない)。
//!
//! ベースラインのエントリは、ファイル、コード、問題のノードのキーパスとテキストのフィンガープリントで
//! 識別します。行番号は使わないので、ファイルの別の場所を編集しても一致したままです。エントリを
//! 判定するのは、そのファイルが今回検査され、そのルールが実行されたときだけです (`--select` で
//! ルールを外した場合や、ファイルが YAML として読めなくなった場合は判定しません)。指摘の位置は、
//! エントリが示すノードがファイルにまだあればそのノード、なければファイルの先頭です。
//!
//! ## 問題点
//! 古いエントリは、同じ問題が再発したときにそれを隠してしまいます。削除すれば、ベースラインは
//! 減る一方の既知の負債の一覧に保たれます。
//!
//! ## 例
//! ベースラインに `identification[0].versoin` の未知のキー (DPM002) が記録され、その後、書き間違いが
//! 直されました:
//! ```yaml
//! identification:
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//!     version: 5.2.3790.4392
//! ```
//!
//! ベースラインのこのエントリは、もうどの指摘にも一致しません:
//! ```json
//! {"file": "packages/ms08-067/package.yaml", "code": "DPM002",
//!  "node": "identification[0].versoin", "fingerprint": "…"}
//! ```
//!
//! ## 修正方法
//! ベースラインからそのエントリを削除するか、`dpmlint check --write-baseline FILE` で現在の指摘から
//! ベースライン全体を書き直してください。

use crate::report::baseline::Entry;
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::rules::{Rule, RuleMeta};
use crate::load::source::{SourceFile, Span};
use crate::tr;
use std::sync::Arc;

/// DPM008
pub struct StaleBaselineEntry;

/// DPM008's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM008", "stale-baseline-entry", Warning, None);

impl Rule for StaleBaselineEntry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// The diagnostic for a baseline entry of `baseline` that matched nothing in `file`; `known` is
/// false when no rule has the entry's code any more.
pub fn diagnostic(
    file: &Arc<SourceFile>,
    lang: Lang,
    span: Span,
    entry: &Entry,
    baseline: &str,
    known: bool,
) -> Diagnostic {
    let code = &entry.code;
    // Japanese puts a space between `code` and a particle, none after a word (最上位の).
    let (node, sep) = if entry.node.is_empty() {
        (tr!(lang, "the top level", "最上位"), "")
    } else {
        (format!("`{}`", entry.node), " ")
    };
    let message = if known {
        tr!(
            lang,
            "the baseline entry for {code} at {node} matches nothing any more",
            "{node}{sep}の {code} についてのベースラインのエントリが、どの指摘にも一致しなくなりました"
        )
    } else {
        tr!(
            lang,
            "the baseline entry for {code} at {node} names a code that is not a dpmlint rule",
            "{node}{sep}についてのベースラインのエントリの {code} は dpmlint のルールではありません"
        )
    };
    Diagnostic::new(&META, file, span, message).help(tr!(
        lang,
        "delete the entry from {baseline}, or rewrite it with `dpmlint check --write-baseline {baseline}`",
        "{baseline} からエントリを削除するか、`dpmlint check --write-baseline {baseline}` で書き直してください"
    ))
}
