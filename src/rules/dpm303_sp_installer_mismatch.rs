//! ## What it catches
//! A service pack whose installer (`execute.file`) is for another level than
//! `service_pack.major`:
//!
//! - the `SPn` token of its name: `WindowsServer2003-KB914961-SP2-x86-JPN.exe` is SP2,
//!   `W2KSP4_JA.EXE` is SP4;
//! - without an `SPn` token (NT6 service packs have none), its KB number, when it is a known
//!   service-pack installer: `Windows6.0-KB948465-X86.exe` is Vista/Server 2008 SP2,
//!   `windows6.1-KB976932-X64.exe` is 7/Server 2008 R2 SP1, KB914961 is Server 2003 SP2, KB889101
//!   Server 2003 SP1, KB835935 and KB936929 XP SP2 and SP3, KB936330 Vista SP1;
//! - failing both, its version resource: a file version that is exactly the build of a
//!   service-pack level of a target OS (5.2.3790.3959 is Server 2003 SP2). A packaging tool's own
//!   version (the usual case) matches no build and says nothing.
//!
//! The token is underlined inside the file name and `major` is labelled. Names that do not follow
//! Microsoft's grammar are not read. Service packs have no minor versions: a `minor` other than 0
//! is DPM302's.
//!
//! ## Why it matters
//! DPM decides whether a service pack is applied by comparing the computer's level with `major`,
//! while the computer ends at the level the installer brings. When the installer brings a lower
//! level, the computer never reports `major`: DPM never sees the package as applied and delivers
//! it again at every auto-update. When it brings a higher one, computers already at `major` never
//! receive it.
//!
//! ## Example
//! ```yaml
//! service_pack: { major: 1, minor: 0 }
//! execute:
//!   file: WindowsServer2003-KB914961-SP2-x86-JPN.exe
//! ```
//!
//! Use instead:
//! ```yaml
//! service_pack: { major: 2, minor: 0 }
//! execute:
//!   file: WindowsServer2003-KB914961-SP2-x86-JPN.exe
//! ```
//!
//! ## Fix
//! Set `major` to the level the installer brings, or use the installer of the level `major` says.
//!
//! ## 日本語
//! ## 検出内容
//! サービスパックのインストーラ (`execute.file`) が `service_pack.major` と別のレベルのものである:
//!
//! - 名前の `SPn` トークン: `WindowsServer2003-KB914961-SP2-x86-JPN.exe` は SP2、`W2KSP4_JA.EXE` は SP4;
//! - `SPn` トークンがない場合 (NT6 のサービスパックにはありません) は、既知のサービスパックの
//!   インストーラの KB 番号: `Windows6.0-KB948465-X86.exe` は Vista/Server 2008 SP2、
//!   `windows6.1-KB976932-X64.exe` は 7/Server 2008 R2 SP1、KB914961 は Server 2003 SP2、KB889101 は
//!   Server 2003 SP1、KB835935 と KB936929 は XP SP2 と SP3、KB936330 は Vista SP1 です。
//!
//! ファイル名の中のトークンに下線を引き、`major` にラベルを付けます。Microsoft の命名規則に従わない
//! 名前は読みません。サービスパックにマイナーバージョンはなく、0 以外の `minor` は DPM302 が報告します。
//!
//! 名前で判断できないときは、バージョンリソースのファイルバージョンが対象 OS の SP のビルドと一致するかも確認します。
//!
//! ## 問題点
//! DPM は管理対象コンピュータのレベルを `major` と比べて適用済みかを判断しますが、管理対象コンピュータはインストーラが
//! もたらすレベルになります。インストーラのレベルが低ければ管理対象コンピュータは `major` を報告せず、DPM は
//! 適用済みと判断できず、自動更新のたびに再配信します。高ければ、すでに `major` の管理対象コンピュータには
//! 配信されません。
//!
//! ## 修正方法
//! `major` をインストーラのレベルにするか、`major` のレベルのインストーラを使ってください。

use crate::catalog::{OsFamily, service_pack_installer};
use crate::diagnostic::Diagnostic;
use crate::model::PackageType;
use crate::rules::dpm204_installer_os_mismatch::{installer_file_name, is_update_name};
use crate::rules::{PackageCtx, Rule, RuleMeta};
use crate::load::source::Span;
use crate::tr;

/// DPM303
pub struct SpInstallerMismatch;

/// DPM303's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM303", "sp-installer-mismatch", Error, None);

/// What says which level the installer brings.
enum Source {
    /// The `SPn` token of its name.
    SpToken(String),
    /// Its KB number, a known service-pack installer (for these families).
    Kb(String, &'static [OsFamily]),
    /// Its version resource's file version, the build of that level of a target OS.
    Version(String),
}

/// The level the installer brings, where it says so, and why.
struct Evidence {
    level: u8,
    span: Span,
    source: Source,
}

/// The installer's level, from the first source that tells it: the `SPn` token of its name, else
/// its KB number, else its version resource's file version when that is exactly the build of a
/// service-pack level of a target OS (a packaging tool's own version matches none).
fn evidence(ctx: &PackageCtx) -> Option<Evidence> {
    name_evidence(ctx).or_else(|| version_evidence(ctx))
}

fn version_evidence(ctx: &PackageCtx) -> Option<Evidence> {
    let Some(Ok(image)) = ctx.installer_image() else { return None };
    let version = image.version.as_ref()?.file_version?;
    let file = ctx.package().execute_file()?;
    ctx.editions().iter().find_map(|edition| {
        let sp = edition.service_packs.iter().find(|sp| {
            sp.version.split('.').count() == 4 && sp.version.parse::<crate::evidence::pe::Version>().is_ok_and(|v| v == version)
        })?;
        Some(Evidence { level: sp.sp, span: file.span, source: Source::Version(version.to_string()) })
    })
}

fn name_evidence(ctx: &PackageCtx) -> Option<Evidence> {
    let name = ctx.installer_name()?;
    if !is_update_name(name) {
        return None;
    }
    let file_name = installer_file_name(ctx)?;
    let text = |range: std::ops::Range<usize>| {
        let tok = file_name.get(range.clone()).unwrap_or(file_name).to_string();
        (ctx.installer_token_span(range), tok)
    };
    if let Some(sp) = &name.sp {
        let (span, tok) = text(sp.span.clone());
        return Some(Evidence {
            level: sp.value,
            span,
            source: Source::SpToken(tok),
        });
    }
    let kb = name.kb.as_ref()?;
    let installer = service_pack_installer(kb.value)?;
    let (span, tok) = text(kb.span.clone());
    Some(Evidence {
        level: installer.sp,
        span,
        source: Source::Kb(tok, installer.families),
    })
}

impl Rule for SpInstallerMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let pkg = ctx.package();
        if pkg.kind() != Some(PackageType::ServicePack) {
            return;
        }
        let Some(major) = pkg.service_pack.as_ref().and_then(|sp| sp.value.major.as_ref()) else {
            return;
        };
        let Some(ev) = evidence(ctx) else { return };
        let (n, m) = (ev.level, major.value);
        if u16::from(n) == m {
            return;
        }
        let lang = ctx.lang();
        let found = match &ev.source {
            Source::SpToken(tok) => tr!(
                lang,
                "`{tok}` in the installer's name makes it the SP{n} installer",
                "インストーラ名の `{tok}` は SP{n} のインストーラであることを示します"
            ),
            Source::Version(v) => tr!(
                lang,
                "the installer's file version {v} is the build of SP{n}",
                "インストーラのファイルバージョン {v} は SP{n} のビルドです"
            ),
            Source::Kb(tok, families) => {
                let families = families.iter().map(|f| f.name()).collect::<Vec<_>>().join(" / ");
                tr!(
                    lang,
                    "`{tok}` in the installer's name is the SP{n} installer of {families}",
                    "インストーラ名の `{tok}` は {families} の SP{n} のインストーラです"
                )
            }
        };
        let message = if u16::from(n) < m {
            tr!(
                lang,
                "{found}, but `service_pack.major` is {m}: after it runs the computer reports SP{n}, never SP{m}, so DPM never sees the package as applied and delivers it again at every auto-update",
                "{found}が、`service_pack.major` は {m} です。実行後の管理対象コンピュータは SP{n} と報告し SP{m} にはならないため、DPM は適用済みと判断できず、自動更新のたびに再配信します"
            )
        } else {
            tr!(
                lang,
                "{found}, but `service_pack.major` is {m}: DPM checks computers for SP{m} while the installer brings SP{n}, so computers already at SP{m} never receive it, and the others end at a level the package does not declare",
                "{found}が、`service_pack.major` は {m} です。DPM は SP{m} かどうかを確認しますがインストーラは SP{n} にするため、すでに SP{m} の管理対象コンピュータには配信されず、他の管理対象コンピュータはパッケージが宣言していないレベルになります"
            )
        };
        out.push(
            ctx.diag(&META, ev.span, message)
                .help(tr!(
                    lang,
                    "set `major: {n}` if SP{n} is the service pack you mean to deliver; otherwise put the SP{m} installer in `execute.file`",
                    "SP{n} を配信するつもりなら `major: {n}` にしてください。そうでなければ `execute.file` を SP{m} のインストーラにしてください"
                ))
                .label(major.span, tr!(lang, "`major` says SP{m}", "`major` は SP{m}")),
        );
    }
}
