//! ## What it catches
//! A pinned `version` of a Windows system file that belongs to another Windows release than the
//! target's: `netapi32.dll` pinned to `5.1.2600.5694` (a Windows XP build) in a Windows Server
//! 2003 package (NT 5.2), or to `6.3.4.0`, the update installer's own version, copied into the
//! identification entry.
//!
//! The rule reports only on evidence, and stays silent otherwise. All of these must hold:
//!
//! - the file is one that Windows itself ships and numbers with the release it runs on, on every
//!   release of the catalog: a fixed list of core system files (`ntoskrnl.exe`, `kernel32.dll`,
//!   `ntdll.dll`, `user32.dll`, `gdi32.dll`, `win32k.sys`, `netapi32.dll`, `srv.sys`,
//!   `mrxsmb.sys`, `tcpip.sys`, `lsasrv.dll`, `msv1_0.dll`, `rpcrt4.dll`, `ole32.dll`, … about
//!   a hundred names; background knowledge, not in the domain notes). Components numbered on
//!   their own are never in it, whatever folder they are in: Internet Explorer (`mshtml.dll`,
//!   `urlmon.dll`, `wininet.dll`, `iexplore.exe`… numbered 6 to 11 by IE version), .NET, MDAC,
//!   Windows Media, DirectX, MSXML, WSH, the Remote Desktop client, WinHTTP, Windows Installer,
//!   the Windows Update agent, and OS files numbered otherwise on some release (`shell32.dll`
//!   and `explorer.exe` are 6.0 on XP, `oleaut32.dll` 2.40 on Windows 2000, `crypt32.dll` 5.131).
//!   A list of the files that may be reported was chosen over a list of those that may not: the
//!   components Microsoft backported from a newer release carry that release's very builds
//!   (WinHTTP 5.1.2600 on Windows 2000, the Remote Desktop client 6.0.6001 on XP, WIC and the
//!   XPS files 6.0.6000, WinRM 6.1.7600), and no list of exceptions can be known complete;
//! - the path is in the Windows folder itself, `system32`, `system32\drivers`,
//!   `system32\dllcache` or `SysWOW64` (through `%SystemRoot%`, `%windir%` or a literal
//!   `C:\WINDOWS`/`C:\WINNT`);
//! - the version's major.minor is not the target's NT version, and it is another release's: its
//!   first three parts are an NT version and build of the OS catalog (`domain/windows-os.yaml`,
//!   `nt_version` with `rtm_build` and the builds of the service-pack levels: 5.0.2195 Windows
//!   2000, 5.1.2600 XP, 5.2.3790 Server 2003 and XP x64, 6.0.6000–6002 Vista and Server 2008,
//!   6.1.7600–7601 Windows 7 and Server 2008 R2, 6.2.9200, 6.3.9600); or the version is the
//!   installer's own (`execute.file`'s fixed file version, read from the file) and its
//!   major.minor is an NT version of the catalog. A version such as `6.0.3790.x` (Internet
//!   Explorer 6 on Server 2003) is no release's build and never reported.
//!
//! Editions the catalog does not know (DPM201), `delete` entries (DPM404) and versions with fewer
//! than three parts (except the installer's own) are left alone. When `os` lists several
//! releases, only the targets the version does not fit are named.
//!
//! ## Why it matters
//! A system file on a target carries that release's version: `netapi32.dll` on Server 2003 is
//! 5.2.3790.x, never 5.1.2600.x. The management server compares the pinned version with the
//! file it finds, so a version of another release never matches: the package is never seen as
//! applied and is delivered again at every auto-update. It is a warning because dpmlint reads
//! the version as written; the update's own payload is the evidence (DPM406 reads it when it is
//! in the package folder).
//!
//! ## Example
//! ```yaml
//! os: Windows Server 2003 Standard Edition
//! identification:
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//!     version: 5.1.2600.5694
//!     change: upgrade
//! ```
//!
//! Use instead:
//! ```yaml
//! os: Windows Server 2003 Standard Edition
//! identification:
//!   - path: '%SystemRoot%\system32\netapi32.dll'
//!     version: 5.2.3790.4392
//!     change: upgrade
//! ```
//!
//! ## Fix
//! Pin the version of the file that the update installs on the target's release, read from the
//! update's payload or a patched computer; for targets of several releases, one package each.
//!
//! ## 日本語
//! ## 検出内容
//! Windows のシステムファイルに固定した `version` が、対象 OS とは別の Windows リリースのもので
//! ある: Windows Server 2003 (NT 5.2) のパッケージで `netapi32.dll` を `5.1.2600.5694`
//! (Windows XP のビルド) に固定している、または更新プログラムのインストーラ自身のバージョン
//! `6.3.4.0` を識別情報に写している、など。
//!
//! 根拠があるときだけ報告し、それ以外は報告しません。次のすべてを満たす場合です:
//!
//! - Windows 自身が配布し、カタログのどのリリースでもそのリリースの番号を付けるファイルである:
//!   主要なシステムファイルの固定の一覧 (`ntoskrnl.exe`、`kernel32.dll`、`ntdll.dll`、
//!   `user32.dll`、`gdi32.dll`、`win32k.sys`、`netapi32.dll`、`srv.sys`、`mrxsmb.sys`、
//!   `tcpip.sys`、`lsasrv.dll`、`msv1_0.dll`、`rpcrt4.dll`、`ole32.dll` など約 100 個。ドメインの
//!   資料にない一般知識です)。独自の番号を持つコンポーネントは、どのフォルダにあっても含めません:
//!   Internet Explorer (`mshtml.dll`、`urlmon.dll`、`wininet.dll`、`iexplore.exe` など。IE の
//!   バージョンにより 6〜11)、.NET、MDAC、Windows Media、DirectX、MSXML、WSH、リモート デスクトップ
//!   クライアント、WinHTTP、Windows Installer、Windows Update エージェント、あるリリースで別の番号を
//!   持つ OS のファイル (XP の `shell32.dll` と `explorer.exe` は 6.0、Windows 2000 の `oleaut32.dll`
//!   は 2.40、`crypt32.dll` は 5.131)。報告しないファイルの一覧ではなく、報告してよいファイルの一覧を
//!   選びました。新しいリリースから移植されたコンポーネントはそのリリースのビルドそのものを持ち
//!   (Windows 2000 の WinHTTP 5.1.2600、XP のリモート デスクトップ クライアント 6.0.6001、WIC と XPS
//!   のファイル 6.0.6000、WinRM 6.1.7600)、例外の一覧が完全だとは言えないからです;
//! - パスが Windows フォルダそのもの、`system32`、`system32\drivers`、`system32\dllcache`、
//!   `SysWOW64` にある (`%SystemRoot%`、`%windir%`、リテラルの `C:\WINDOWS`/`C:\WINNT` 経由);
//! - バージョンのメジャー.マイナーが対象の NT バージョンでなく、別のリリースのものである: 先頭の
//!   3 つの部分が OS カタログ (`domain/windows-os.yaml` の `nt_version` と `rtm_build`、各サービス
//!   パックのビルド) の NT バージョンとビルドである (5.0.2195 は Windows 2000、5.1.2600 は XP、
//!   5.2.3790 は Server 2003 と XP x64、6.0.6000〜6002 は Vista と Server 2008、6.1.7600〜7601 は
//!   Windows 7 と Server 2008 R2、6.2.9200、6.3.9600)。または、バージョンがインストーラ自身のもの
//!   (`execute.file` のファイルから読んだ固定ファイルバージョン) で、そのメジャー.マイナーがカタログの
//!   NT バージョンである。`6.0.3790.x` (Server 2003 の Internet Explorer 6) のようなバージョンは
//!   どのリリースのビルドでもなく、報告しません。
//!
//! カタログにないエディション (DPM201)、`delete` のエントリ (DPM404)、3 つ未満の部分からなる
//! バージョン (インストーラ自身のものを除く) は対象外です。`os` に複数のリリースがあるときは、
//! バージョンが合わない対象だけを示します。
//!
//! ## 問題点
//! 管理対象コンピュータのシステムファイルは、そのリリースのバージョンを持ちます。Server 2003 の
//! `netapi32.dll` は 5.2.3790.x で、5.1.2600.x になることはありません。管理サーバは固定された
//! バージョンを見つかったファイルと比べるため、別のリリースのバージョンは一致せず、パッケージは
//! 適用済みと判断されず、自動更新のたびに再配信されます。dpmlint は書かれたバージョンを読むだけ
//! なので警告です。根拠は更新プログラム自身のペイロードです (パッケージフォルダにあれば DPM406 が
//! 読みます)。
//!
//! ## 修正方法
//! 更新プログラムが対象のリリースにインストールするファイルのバージョンを、ペイロードか更新済みの
//! コンピュータから読んで固定してください。複数のリリースが対象なら、リリースごとにパッケージを
//! 分けてください。

use std::sync::OnceLock;

use crate::catalog::{OsEdition, OsKeySet};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model::Change;
use crate::evidence::pe::Version;
use crate::rules::{PackageCtx, Rule, RuleMeta, Target};
use crate::tr;
use crate::model::winpath;

/// DPM411
pub struct VersionOfOtherRelease;

/// DPM411's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM411", "version-of-other-release", Warning, None);

/// Core files that Windows itself ships and numbers `major.minor.build` with the NT version and
/// build of the release it runs on, on every release of the catalog that has them (lower case).
/// Nothing numbered on its own (see [`SEPARATELY_NUMBERED`]) may be added.
const OS_FILES: &[&str] = &[
    // The kernel, its HALs and the core user-mode libraries.
    "ntoskrnl.exe",
    "ntkrnlpa.exe",
    "ntkrnlmp.exe",
    "ntkrpamp.exe",
    "hal.dll",
    "halacpi.dll",
    "halaacpi.dll",
    "halapic.dll",
    "halmacpi.dll",
    "halmps.dll",
    "win32k.sys",
    "ntdll.dll",
    "kernel32.dll",
    "kernelbase.dll",
    "user32.dll",
    "gdi32.dll",
    "advapi32.dll",
    "rpcrt4.dll",
    "rpcss.dll",
    "csrsrv.dll",
    "winsrv.dll",
    "basesrv.dll",
    "smss.exe",
    "csrss.exe",
    "lsass.exe",
    "services.exe",
    "winlogon.exe",
    "svchost.exe",
    "msgina.dll",
    "userenv.dll",
    "winsta.dll",
    "setupapi.dll",
    "imagehlp.dll",
    "sfc_os.dll",
    "umpnpmgr.dll",
    "ole32.dll",
    "winmm.dll",
    "mscms.dll",
    "t2embed.dll",
    "sxs.dll",
    "cmd.exe",
    // Networking, file sharing and authentication.
    "netapi32.dll",
    "browser.dll",
    "srvsvc.dll",
    "wkssvc.dll",
    "netlogon.dll",
    "srv.sys",
    "srv2.sys",
    "mrxsmb.sys",
    "mrxsmb10.sys",
    "mrxsmb20.sys",
    "rdbss.sys",
    "mup.sys",
    "dfsc.sys",
    "netbt.sys",
    "netio.sys",
    "tcpip.sys",
    "tcpip6.sys",
    "afd.sys",
    "http.sys",
    "ipsec.sys",
    "ndis.sys",
    "mswsock.dll",
    "ws2_32.dll",
    "dnsapi.dll",
    "dnsrslvr.dll",
    "dns.exe",
    "wins.exe",
    "dhcpssvc.dll",
    "ipnathlp.dll",
    "netman.dll",
    "rasapi32.dll",
    "rasman.dll",
    "rasmans.dll",
    "raschap.dll",
    "rastls.dll",
    "tapisrv.dll",
    "upnp.dll",
    "ssdpsrv.dll",
    "mrxdav.sys",
    "webclnt.dll",
    "davclnt.dll",
    "msv1_0.dll",
    "lsasrv.dll",
    "kerberos.dll",
    "samsrv.dll",
    "secur32.dll",
    "ksecdd.sys",
    "msasn1.dll",
    "ntdsa.dll",
    "ntfrs.exe",
    "cng.sys",
    "bcrypt.dll",
    "ncrypt.dll",
    // File systems, printing, Terminal Services, Telnet.
    "ntfs.sys",
    "clfs.sys",
    "localspl.dll",
    "spoolsv.exe",
    "win32spl.dll",
    "winspool.drv",
    "termsrv.dll",
    "rdpwd.sys",
    "tlntsvr.exe",
];

/// Files in the system folders that are numbered on their own, or otherwise than the NT version
/// on some release, or that Microsoft backported with a newer release's builds: never reported.
/// [`OS_FILES`] holds none of them, and DPM406 does not hold a newer copy of another line in a
/// reference root against a pin of one of them ([`is_separately_numbered`]).
const SEPARATELY_NUMBERED: &[&str] = &[
    // Internet Explorer (6 to 11 by IE version) and what it updates.
    "mshtml.dll",
    "mshtmled.dll",
    "urlmon.dll",
    "wininet.dll",
    "iexplore.exe",
    "shdocvw.dll",
    "browseui.dll",
    "shlwapi.dll",
    "ieframe.dll",
    "iertutil.dll",
    "jscript.dll",
    "vbscript.dll",
    "inetcomm.dll",
    "msoe.dll",
    // .NET, MDAC, Windows Media, DirectX, MSXML, WSH, runtimes.
    "mscoree.dll",
    "mscorwks.dll",
    "odbc32.dll",
    "msdart.dll",
    "sqlsrv32.dll",
    "msjet40.dll",
    "wmp.dll",
    "wmvcore.dll",
    "wmasf.dll",
    "quartz.dll",
    "msdxm.ocx",
    "d3d9.dll",
    "ddraw.dll",
    "dsound.dll",
    "dinput8.dll",
    "msxml.dll",
    "msxml3.dll",
    "msxml4.dll",
    "msxml6.dll",
    "xmllite.dll",
    "scrrun.dll",
    "wshom.ocx",
    "cscript.exe",
    "wscript.exe",
    "mfc42.dll",
    "msvcrt.dll",
    "msvcp60.dll",
    "riched20.dll",
    "usp10.dll",
    "gdiplus.dll",
    "comctl32.dll",
    // Backported with a newer release's builds.
    "winhttp.dll",
    "mstsc.exe",
    "mstscax.dll",
    "msi.dll",
    "wuaueng.dll",
    "wuapi.dll",
    "qmgr.dll",
    "hhctrl.ocx",
    "itss.dll",
    "msdrm.dll",
    "windowscodecs.dll",
    "wsmsvc.dll",
    "xpsservices.dll",
    "prntvpt.dll",
    "wudfhost.exe",
    "winusb.sys",
    "fltmgr.sys",
    // Numbered otherwise than the NT version on some release.
    "shell32.dll",
    "explorer.exe",
    "oleaut32.dll",
    "crypt32.dll",
    "wintrust.dll",
    "schannel.dll",
    "atmfd.dll",
    "dbghelp.dll",
    "cdosys.dll",
    "w3svc.dll",
    "inetinfo.exe",
];

/// Whether `path` (a definition's path, any folder) names a file numbered on its own or otherwise
/// than the NT version ([`SEPARATELY_NUMBERED`]: Internet Explorer, .NET, MDAC, Windows Media, …):
/// a target may have a newer line of it than the one an update is for (IE 8 on Windows Server 2003).
pub fn is_separately_numbered(path: &str) -> bool {
    let name = path.rsplit(['\\', '/']).next().unwrap_or(path).trim().to_ascii_lowercase();
    SEPARATELY_NUMBERED.contains(&name.as_str())
}

/// Where, under the Windows folder, Windows keeps its own copies of its files.
const SYSTEM_FOLDERS: &[&[&str]] = &[
    &[],
    &["system32"],
    &["system32", "drivers"],
    &["system32", "dllcache"],
    &["SysWOW64"],
];

/// One release line of the catalog: an NT version and a build, with the editions' OS keys.
struct Line {
    major: u16,
    minor: u16,
    build: u16,
    keys: OsKeySet,
}

/// `major.minor` of an edition's NT version.
fn nt_version(edition: &OsEdition) -> Option<(u16, u16)> {
    let (a, b) = edition.nt_version.split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// The builds of an edition: its build at release and those of its service-pack levels.
fn builds(edition: &OsEdition) -> Vec<u16> {
    let mut out: Vec<u16> = u16::try_from(edition.rtm_build).into_iter().collect();
    out.extend(
        edition
            .service_packs
            .iter()
            .filter_map(|sp| sp.version.split('.').nth(2)?.parse::<u16>().ok()),
    );
    out.sort_unstable();
    out.dedup();
    out
}

/// Every NT version and build of the catalog (windows-os.yaml: `nt_version`, `rtm_build`,
/// `service_packs[].version`).
fn lines() -> &'static [Line] {
    static LINES: OnceLock<Vec<Line>> = OnceLock::new();
    LINES.get_or_init(|| {
        let mut out: Vec<Line> = Vec::new();
        for e in crate::catalog::os_editions() {
            let Some((major, minor)) = nt_version(e) else { continue };
            for build in builds(e) {
                match out.iter_mut().find(|l| (l.major, l.minor, l.build) == (major, minor, build)) {
                    Some(l) => l.keys = l.keys.union(e.os_keys()),
                    None => out.push(Line {
                        major,
                        minor,
                        build,
                        keys: e.os_keys(),
                    }),
                }
            }
        }
        out
    })
}

/// The editions of the catalog whose NT version is `major.minor`, as OS keys.
fn keys_of_nt_version(major: u16, minor: u16) -> OsKeySet {
    crate::catalog::os_editions()
        .iter()
        .filter(|e| nt_version(e) == Some((major, minor)))
        .fold(OsKeySet::EMPTY, |set, e| set.union(e.os_keys()))
}

/// Whether `path` names one of [`OS_FILES`] in one of [`SYSTEM_FOLDERS`].
fn is_os_file(path: &str) -> bool {
    let Ok(wp) = winpath::parse(path) else { return false };
    let Some((_, rest)) = wp.under_windows() else { return false };
    let Some((name, folders)) = rest.split_last() else { return false };
    let name = name.to_ascii_lowercase();
    OS_FILES.contains(&name.as_str())
        && SYSTEM_FOLDERS.iter().any(|f| {
            f.len() == folders.len() && f.iter().zip(folders).all(|(a, b)| a.eq_ignore_ascii_case(b))
        })
}

/// Why the pinned version belongs to another release.
enum Evidence {
    /// Its NT version and build are a release line of the catalog.
    Build(OsKeySet),
    /// It is the installer's own version (the installer's name), and its major.minor an NT
    /// version of the catalog.
    Installer(String, OsKeySet),
}

/// The versions a target's release gives its system files: `5.2.3790.x`, `6.0.6001.x or 6.0.6002.x`.
fn expected(lang: Lang, edition: &OsEdition) -> String {
    let Some((major, minor)) = nt_version(edition) else {
        return edition.nt_version.to_string();
    };
    let lines: Vec<String> = builds(edition).iter().map(|b| format!("`{major}.{minor}.{b}.x`")).collect();
    lines.join(lang.pick(" or ", " か "))
}

impl Rule for VersionOfOtherRelease {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        for entry in ctx.package().identification() {
            let (Some(path), Some(version)) = (&entry.path, &entry.version) else { continue };
            if entry.change.as_ref().is_some_and(|c| c.value == Change::Delete) || !is_os_file(&path.value) {
                continue; // DPM404's; or not a file numbered by the release
            }
            let text = version.value.trim();
            let Ok(pinned) = text.parse::<Version>() else { continue }; // DPM403's
            let parts = text.split('.').count();
            let [major, minor, build, _] = pinned.0;
            // The targets whose release numbers the file otherwise.
            let wrong: Vec<(Target, &OsEdition)> = ctx
                .targets()
                .iter()
                .filter_map(|t| t.edition.map(|e| (*t, e)))
                .filter(|(_, e)| nt_version(e).is_some_and(|v| v != (major, minor)))
                .collect();
            if wrong.is_empty() {
                continue;
            }
            let line = lines()
                .iter()
                .find(|l| parts >= 3 && (l.major, l.minor, l.build) == (major, minor, build));
            let installer = || -> Option<Evidence> {
                let image = ctx.installer_image()?.as_ref().ok()?;
                let own = image.version.as_ref()?.file_version?;
                let keys = keys_of_nt_version(major, minor);
                if own != pinned || parts < 2 || keys.is_empty() {
                    return None;
                }
                let file = ctx.package().execute_file()?;
                Some(Evidence::Installer(winpath::file_name(&file.value).to_string(), keys))
            };
            let Some(evidence) = line.map(|l| Evidence::Build(l.keys)).or_else(installer) else {
                continue;
            };
            let file = winpath::file_name(&path.value);
            let on = lang.list(
                wrong
                    .iter()
                    .map(|(t, e)| format!("`{}` (NT {})", t.name.value, e.nt_version)),
            );
            let v = &version.value;
            let then = tr!(
                lang,
                "`{file}` is part of Windows and carries the version of the release it runs on: the management server never finds {v} there, so the package is never seen as applied and is delivered again at every auto-update",
                "`{file}` は Windows の一部で、動作するリリースのバージョンを持ちます。管理サーバがそこで {v} を見つけることはなく、パッケージは適用済みと判断されず、自動更新のたびに再配信されます"
            );
            let message = match &evidence {
                Evidence::Build(keys) => {
                    let releases = keys.describe_in(lang);
                    tr!(
                        lang,
                        "version {v} is a build of {releases} (NT {major}.{minor}, build {build}), not of {on}: {then}",
                        "バージョン {v} は {releases} のビルド (NT {major}.{minor}、ビルド {build}) で、{on} のものではありません。{then}"
                    )
                }
                Evidence::Installer(installer, keys) => {
                    let releases = keys.describe_in(lang);
                    tr!(
                        lang,
                        "version {v} is the installer's own version (`{installer}` is {pinned}; {major}.{minor} is the NT version of {releases}), not a version of `{file}` on {on}: {then}",
                        "バージョン {v} はインストーラ自身のバージョンで (`{installer}` は {pinned}。{major}.{minor} は {releases} の NT バージョン)、{on} の `{file}` のバージョンではありません。{then}"
                    )
                }
            };
            let mut wanted: Vec<String> = Vec::new();
            for (_, e) in &wrong {
                let x = expected(lang, e);
                if !wanted.contains(&x) {
                    wanted.push(x);
                }
            }
            let wanted = lang.list(wanted);
            let help = tr!(
                lang,
                "pin the version of `{file}` that the update installs on the target's release ({wanted}), as its payload or a patched computer shows it; targets of several releases need a package each",
                "更新プログラムが対象のリリースにインストールする `{file}` のバージョン ({wanted}) を、ペイロードか更新済みのコンピュータで確かめて固定してください。複数のリリースが対象ならリリースごとにパッケージが必要です"
            );
            let mut d = ctx.diag(&META, version.span, message).help(help);
            for (t, e) in &wrong {
                d = d.label(t.name.span, format!("NT {}", e.nt_version));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_separately_numbered_file_is_an_os_file() {
        for name in SEPARATELY_NUMBERED {
            assert!(!OS_FILES.contains(name), "{name}");
        }
        for name in OS_FILES.iter().chain(SEPARATELY_NUMBERED) {
            assert_eq!(*name, name.to_ascii_lowercase(), "{name}");
            assert_eq!(
                crate::model::filekind::by_extension(name),
                crate::model::filekind::ByExtension::Versioned,
                "{name}"
            );
        }
    }

    #[test]
    fn separately_numbered_by_file_name_in_any_folder() {
        for p in [
            r"%SystemRoot%\system32\mshtml.dll",
            r"%SystemRoot%\System32\MSHTML.DLL",
            r"%ProgramFiles%\Internet Explorer\iexplore.exe",
            "C:/WINDOWS/system32/wmp.dll",
        ] {
            assert!(is_separately_numbered(p), "{p}");
        }
        for p in [r"%SystemRoot%\system32\netapi32.dll", "mshtml.dll.bak", ""] {
            assert!(!is_separately_numbered(p), "{p}");
        }
    }

    #[test]
    fn os_files_in_the_system_folders_only() {
        for p in [
            r"%SystemRoot%\system32\netapi32.dll",
            r"%windir%\System32\Drivers\SRV.SYS",
            r"C:\WINNT\system32\dllcache\netapi32.dll",
            r"%SystemDrive%\Windows\SysWOW64\kernel32.dll",
            r"%SystemRoot%\cmd.exe",
        ] {
            assert!(is_os_file(p), "{p}");
        }
        for p in [
            r"%SystemRoot%\system32\mshtml.dll",
            r"%SystemRoot%\system32\mstsc.exe",
            r"%SystemRoot%\$NtUninstallKB958644$\netapi32.dll",
            r"%SystemRoot%\WinSxS\x86_x\netapi32.dll",
            r"%ProgramFiles%\ACME\netapi32.dll",
            r"D:\Tools\kernel32.dll",
            r"%SystemRoot%\system32\netapi32.dll.mui",
            "not a path",
        ] {
            assert!(!is_os_file(p), "{p}");
        }
    }

    #[test]
    fn the_release_lines_come_from_the_catalog() {
        let line = |a, b, c| {
            lines()
                .iter()
                .find(|l| (l.major, l.minor, l.build) == (a, b, c))
                .map(|l| l.keys.describe())
        };
        assert_eq!(line(5, 1, 2600).as_deref(), Some("Windows XP x86"));
        assert_eq!(
            line(5, 2, 3790).as_deref(),
            Some("Windows XP x64, Windows Server 2003 x86/x64")
        );
        assert_eq!(line(5, 0, 2195).as_deref(), Some("Windows 2000 x86"));
        assert!(line(6, 0, 6001).is_some() && line(6, 0, 6002).is_some() && line(6, 1, 7601).is_some());
        // IE 6 on Server 2003 and XP: no release's build.
        assert_eq!(line(6, 0, 3790), None);
        assert_eq!(line(6, 0, 2900), None);
        assert!(!keys_of_nt_version(6, 3).is_empty());
        assert!(keys_of_nt_version(6, 4).is_empty());
    }
}
