//! ## What it catches
//! An `os` entry that names no Windows edition dpmlint knows. Names are compared the way DPM's
//! list is read: case, commas, parentheses, runs of spaces, a leading `Microsoft` and the word
//! `Edition` do not matter, and Microsoft's product name is accepted too. When a known edition is
//! close (a typo), the message says which one you probably meant.
//!
//! The editions DPM's auto-update supports are `Windows 2000 Server`, `Windows 2000 Advanced
//! Server`, `Windows Server 2003 Standard Edition`, `Windows Server 2003 Enterprise Edition`,
//! `Windows Server 2003 Standard x64 Edition`, `Windows Server 2003 Enterprise x64 Edition`,
//! `Windows Server 2008 Standard Edition`, `Windows Server 2008 Enterprise Edition`,
//! `Windows Server 2008 Standard x64 Edition` and `Windows Server 2008 Enterprise x64 Edition`.
//! dpmlint also knows Windows XP Professional (x86, x64), Vista, 7, Server 2003 R2, Server 2008 R2,
//! Server 2012 and 2012 R2 (DPM202 reports those as unsupported).
//!
//! ## Why it matters
//! DPM matches a package's OS against the OS of each managed computer. A name that is no Windows
//! edition matches no computer: Image Builder offers no such OS, and the package is never applied
//! where you meant it to be.
//!
//! ## Example
//! ```yaml
//! os:
//!   - Windows Server 2003 Standart Edition
//!   - Windows 2003 Server
//! ```
//!
//! Use instead:
//! ```yaml
//! os:
//!   - Windows Server 2003 Standard Edition
//!   - Windows Server 2003 Enterprise Edition
//! ```
//!
//! ## Fix
//! Write the edition as DPM lists it (see above); take the "did you mean" when there is one.
//!
//! ## Fix safety
//! When exactly one edition is that close, and no other `os` entry already names it,
//! `--fix --unsafe-fixes` writes its name. The fix is unsafe: it changes which managed computers
//! the package is applied to, and a name near one edition may have meant another (the x64 one, the
//! Enterprise one). Confirm the edition against the installer.
//!
//! ## 日本語
//! ## 検出内容
//! dpmlint が知らない Windows エディションを `os` に書いている。名前は DPM の一覧と同じように
//! 比較します (大文字小文字、カンマ、括弧、連続する空白、先頭の `Microsoft`、単語 `Edition` は
//! 区別しません。Microsoft の製品名も受け付けます)。近い既知のエディションがあれば (綴りの誤り)
//! 「もしかして」で示します。
//!
//! DPM の自動更新が対応するエディションは `Windows 2000 Server`、`Windows 2000 Advanced Server`、
//! `Windows Server 2003 Standard Edition`、`Windows Server 2003 Enterprise Edition`、
//! `Windows Server 2003 Standard x64 Edition`、`Windows Server 2003 Enterprise x64 Edition`、
//! `Windows Server 2008 Standard Edition`、`Windows Server 2008 Enterprise Edition`、
//! `Windows Server 2008 Standard x64 Edition`、`Windows Server 2008 Enterprise x64 Edition` です。
//! このほか Windows XP Professional (x86、x64)、Vista、7、Server 2003 R2、Server 2008 R2、
//! Server 2012、2012 R2 も知っています (これらは DPM202 が非対応として報告します)。
//!
//! ## 問題点
//! DPM はパッケージの OS を管理対象コンピュータの OS と照合します。どの Windows エディションでもない
//! 名前はどの管理対象コンピュータにも一致しません。イメージビルダーにもその OS はなく、パッケージは意図した
//! 管理対象コンピュータに適用されません。
//!
//! ## 修正方法
//! DPM の一覧どおりにエディション名を書いてください (上記)。「もしかして」があればその名前です。
//!
//! ## 修正の安全性
//! 近いエディションが 1 つだけで、ほかの `os` のエントリがまだそれを書いていないとき、
//! `--fix --unsafe-fixes` はそのエディション名を書きます。この修正は安全ではありません。パッケージを
//! 適用する管理対象コンピュータが変わります。また、あるエディションに近い名前が別のエディション
//! (x64 版、Enterprise 版) のつもりだったこともあり得ます。インストーラと照らして確認してください。

use crate::diagnostic::{Diagnostic, Fix};
use crate::fix::edits;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM201
pub struct OsUnknown;

/// DPM201's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM201", "os-unknown", Error, Unsafe);

impl Rule for OsUnknown {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        for target in ctx.targets() {
            if target.edition.is_some() {
                continue;
            }
            let name = &target.name.value;
            let suggestions = crate::catalog::os_suggestions(name);
            // Unsafe: the one edition this name is near, unless another entry already names it (the
            // entry is then a duplicate to remove, not a name to correct).
            let listed = |one: &str| {
                crate::catalog::find_os(one).is_some_and(|s| ctx.editions().iter().any(|e| e.id == s.id))
            };
            let fix = match suggestions.as_slice() {
                [one] if !listed(one) => edits::replace_scalar(&ctx.doc().root, ctx.file(), target.name.span, one)
                    .map(|e| Fix::unsafe_(vec![e])),
                _ => None,
            };
            let help = match suggestions.as_slice() {
                [_, _, ..] => {
                    let list = suggestions.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>();
                    let (en, ja) = (list.join(", "), list.join("、"));
                    tr!(
                        lang,
                        "did you mean one of {en}? Write the edition exactly as DPM lists it",
                        "もしかして {ja} のどれかですか。エディション名は DPM の一覧どおりに書いてください"
                    )
                }
                [s] if listed(s) => tr!(
                    lang,
                    "did you mean `{s}`? `os` already lists it: remove this entry",
                    "もしかして `{s}` ですか。`os` にはすでにあります。このエントリを削除してください"
                ),
                [s] => tr!(
                    lang,
                    "did you mean `{s}`? Write the edition exactly as DPM lists it",
                    "もしかして `{s}` ですか。エディション名は DPM の一覧どおりに書いてください"
                ),
                [] => tr!(
                    lang,
                    "write an edition as DPM lists it, e.g. `Windows Server 2003 Standard Edition` or `Windows Server 2008 Enterprise x64 Edition` (`dpmlint explain DPM201` lists them)",
                    "DPM の一覧どおりにエディション名を書いてください (例: `Windows Server 2003 Standard Edition`、`Windows Server 2008 Enterprise x64 Edition`。一覧は `dpmlint explain DPM201` にあります)"
                ),
            };
            let mut d = ctx
                .diag(
                    &META,
                    target.name.span,
                    tr!(
                        lang,
                        "`{name}` is no known Windows edition: it matches no managed computer's OS, so DPM never applies the package where you meant it",
                        "`{name}` は既知の Windows エディションではありません。どの管理対象コンピュータの OS とも一致しないため、DPM は意図した管理対象コンピュータにパッケージを適用しません"
                    ),
                )
                .help(help);
            if let Some(fix) = fix {
                d = d.fix(fix);
            }
            out.push(d);
        }
    }
}
