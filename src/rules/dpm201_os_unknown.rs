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
//! 名前はどのコンピュータにも一致しません。イメージビルダーにもその OS はなく、パッケージは意図した
//! コンピュータに適用されません。
//!
//! ## 修正方法
//! DPM の一覧どおりにエディション名を書いてください (上記)。「もしかして」があればその名前です。

use crate::diagnostic::Diagnostic;
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::tr;

/// DPM201
pub struct OsUnknown;

/// DPM201's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM201", "os-unknown", Error, None);

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
            let help = match crate::catalog::suggest_os(name) {
                Some(s) => tr!(
                    lang,
                    "did you mean `{s}`? Write the edition exactly as DPM lists it",
                    "もしかして `{s}` ですか。エディション名は DPM の一覧どおりに書いてください"
                ),
                None => tr!(
                    lang,
                    "write an edition as DPM lists it, e.g. `Windows Server 2003 Standard Edition` or `Windows Server 2008 Enterprise x64 Edition` (`dpmlint explain DPM201` lists them)",
                    "DPM の一覧どおりにエディション名を書いてください (例: `Windows Server 2003 Standard Edition`、`Windows Server 2008 Enterprise x64 Edition`。一覧は `dpmlint explain DPM201` にあります)"
                ),
            };
            out.push(
                ctx.diag(
                    &META,
                    target.name.span,
                    tr!(
                        lang,
                        "`{name}` is no known Windows edition: it matches no managed computer's OS, so DPM never applies the package where you meant it",
                        "`{name}` は既知の Windows エディションではありません。どの管理対象コンピュータの OS とも一致しないため、DPM は意図したコンピュータにパッケージを適用しません"
                    ),
                )
                .help(help),
            );
        }
    }
}
