//! ## What it catches
//! An identification `path` whose root cannot exist on a target OS:
//!
//! - a WOW64 path on an x86 edition: `%ProgramFiles(x86)%`, `%CommonProgramFiles(x86)%`,
//!   `%SystemRoot%\SysWOW64\…`, `C:\Program Files (x86)\…` (also under `%SystemDrive%`). Only
//!   64-bit Windows has them; the 32-bit folders of an x86 edition are `%ProgramFiles%`,
//!   `%CommonProgramFiles%` and `%SystemRoot%\system32`. When `os` lists x86 and x64 editions,
//!   only the x86 ones are named, and the help says to give them their own package;
//! - `%ProgramData%` on Windows 2000, XP or Server 2003: the variable exists from Windows Vista
//!   and Server 2008 on;
//! - a Windows folder written as a literal (`C:\WINDOWS\…`, `C:\WINNT\…`, `%SystemDrive%\WINNT\…`)
//!   that is not where a default installation of the target's release puts it: `C:\WINNT` on
//!   Windows 2000, `C:\WINDOWS` on Windows XP, Server 2003 and later; or a drive other than `C:`
//!   before it (`D:\WINDOWS\…`), where no default installation has its Windows folder.
//!
//! Which editions are x86 comes from the OS catalog (`domain/windows-os.yaml`, field `arch`):
//! an edition that exists on several architectures under one name (Server 2003 R2, Vista, 7) says
//! nothing about the target's architecture, and the rule stays silent for it, as for a name the
//! catalog does not know (DPM201). `%SystemRoot%` and `%windir%` are right on every target and
//! never reported, nor is a path outside the Windows folder on another drive (`D:\ACME\…`), which
//! may well exist.
//!
//! The default Windows folders are background knowledge, not in the domain notes: Windows 2000's
//! Setup proposes `C:\WINNT`, as NT 4.0's did; XP's and later Setups propose `C:\WINDOWS`. Both
//! can be changed, and an upgrade keeps the old folder (Windows 2000 installed over Windows 98
//! keeps `C:\WINDOWS`; XP or Server 2003 installed over Windows 2000 keeps `C:\WINNT`). The rule
//! reports the literal by the release's default all the same, and says so: a literal is right
//! only on the computers installed that way, while `%SystemRoot%` is right on all of them.
//! `%ProgramData%` on NT5 and the WOW64 folders on x86 are certain.
//!
//! ## Why it matters
//! Each identification entry is checked against the target's file system. A path that cannot
//! exist there is never found: the package is never seen as applied and is delivered again at
//! every auto-update. A `delete` entry on such a path says nothing: the file is never there,
//! whether the update ran or not.
//!
//! ## Example
//! ```yaml
//! os: Windows Server 2003 Standard Edition
//! identification:
//!   - path: '%ProgramFiles(x86)%\ACME\Agent\agent.exe'
//!     version: 2.1.0.12
//!     change: upgrade
//! ```
//!
//! Use instead:
//! ```yaml
//! os: Windows Server 2003 Standard Edition
//! identification:
//!   - path: '%ProgramFiles%\ACME\Agent\agent.exe'
//!     version: 2.1.0.12
//!     change: upgrade
//! ```
//!
//! ## Fix
//! Write the folder as the target has it: the 32-bit folders on x86 editions (a package for x86
//! and x64 editions at once is split by architecture), and `%SystemRoot%` rather than a literal
//! Windows folder.
//!
//! ## 日本語
//! ## 検出内容
//! 対象 OS に存在し得ないルートで始まる識別情報の `path`:
//!
//! - x86 のエディションでの WOW64 のパス: `%ProgramFiles(x86)%`、`%CommonProgramFiles(x86)%`、
//!   `%SystemRoot%\SysWOW64\…`、`C:\Program Files (x86)\…` (`%SystemDrive%` の下も)。これらは
//!   64 ビットの Windows にだけあります。x86 のエディションの 32 ビットのフォルダは
//!   `%ProgramFiles%`、`%CommonProgramFiles%`、`%SystemRoot%\system32` です。`os` に x86 と x64 の
//!   エディションがあるときは x86 のものだけを示し、ヘルプでパッケージを分けるよう案内します;
//! - Windows 2000、XP、Server 2003 での `%ProgramData%`: この変数は Windows Vista と Server 2008
//!   からのものです;
//! - リテラルで書かれた Windows フォルダ (`C:\WINDOWS\…`、`C:\WINNT\…`、`%SystemDrive%\WINNT\…`) が、
//!   対象 OS のリリースの既定のインストール先でない: Windows 2000 では `C:\WINNT`、Windows XP、
//!   Server 2003 以降では `C:\WINDOWS` です。また、その前のドライブが `C:` 以外 (`D:\WINDOWS\…`)
//!   で、既定のインストールでは Windows フォルダがないドライブである。
//!
//! どのエディションが x86 かは OS カタログ (`domain/windows-os.yaml` の `arch`) によります。1 つの
//! 名前で複数のアーキテクチャがあるエディション (Server 2003 R2、Vista、7) は対象のアーキテクチャを
//! 示さないため、カタログにない名前 (DPM201) と同じく報告しません。`%SystemRoot%` と `%windir%` は
//! どの対象でも正しく、報告しません。別のドライブの Windows フォルダ以外のパス (`D:\ACME\…`) も、
//! 存在し得るため報告しません。
//!
//! 既定の Windows フォルダはドメインの資料にない一般知識です: Windows 2000 のセットアップは
//! NT 4.0 と同じく `C:\WINNT` を、XP 以降のセットアップは `C:\WINDOWS` を提案します。どちらも変更
//! でき、アップグレードでは元のフォルダが残ります (Windows 98 からの Windows 2000 は `C:\WINDOWS`、
//! Windows 2000 からの XP や Server 2003 は `C:\WINNT`)。それでもこのルールはリリースの既定に
//! よってリテラルを報告し、メッセージでもそう述べます。リテラルはそのようにインストールされた
//! コンピュータでだけ正しく、`%SystemRoot%` はすべてで正しいからです。NT5 での `%ProgramData%` と
//! x86 での WOW64 のフォルダは確実です。
//!
//! ## 問題点
//! 識別情報の各エントリは対象のファイルシステムで確認されます。そこに存在し得ないパスは見つからず、
//! パッケージは適用済みと判断されず、自動更新のたびに再配信されます。そのようなパスの `delete` の
//! エントリは何も示しません。更新を実行したかどうかにかかわらず、ファイルは存在しないからです。
//!
//! ## 修正方法
//! 対象にあるとおりのフォルダを書いてください: x86 のエディションでは 32 ビットのフォルダ (x86 と
//! x64 のエディションを 1 つにしたパッケージはアーキテクチャごとに分けます)、リテラルの Windows
//! フォルダではなく `%SystemRoot%` です。

use std::ops::Range;

use crate::catalog::{Arch, OsFamily};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model::{Change, Identification};
use crate::rules::{PackageCtx, Rule, RuleMeta, Target};
use crate::tr;
use crate::model::winpath::{self, Root, WinPath};

/// DPM410
pub struct PathNotOnTarget;

/// DPM410's metadata.
pub static META: RuleMeta = crate::rule_meta!("DPM410", "path-not-on-target", Error, None);

/// The Windows folder a default installation of `family` has, as its Setup spells it.
fn default_windows_dir(family: OsFamily) -> &'static str {
    match family {
        OsFamily::Nt4 | OsFamily::W2k => "C:\\WINNT",
        _ => "C:\\WINDOWS",
    }
}

/// What cannot exist, on which targets.
enum Kind {
    /// A WOW64 folder or variable on x86 editions, and what the 32-bit edition has instead.
    Wow64 { instead: &'static str },
    /// `%ProgramData%` on NT5 editions.
    ProgramData,
    /// A literal Windows folder (`written`) where the targets' release puts it at `default`.
    WindowsDir { written: String, default: &'static str },
}

/// One part of a path that cannot exist on some targets.
struct Finding<'a> {
    /// The bytes of the path.
    range: Range<usize>,
    kind: Kind,
    /// The targets it cannot exist on.
    targets: Vec<Target<'a>>,
    /// Whether these are all the known targets.
    all: bool,
}

/// The WOW64 part of `wp`, with the 32-bit folder that replaces it.
fn wow64(wp: &WinPath, parts: &[Range<usize>], root: &Range<usize>) -> Option<(Range<usize>, &'static str)> {
    match wp.root {
        Root::ProgramFilesX86 => return Some((root.clone(), "%ProgramFiles%")),
        Root::CommonProgramFilesX86 => return Some((root.clone(), "%CommonProgramFiles%")),
        Root::Drive('C') | Root::SystemDrive
            if wp.components.len() > 1 && wp.components[0].eq_ignore_ascii_case("Program Files (x86)") =>
        {
            return Some((parts.first()?.clone(), "Program Files"));
        }
        _ => {}
    }
    let (at, rest) = wp.under_windows()?;
    if rest.len() > 1 && rest[0].eq_ignore_ascii_case("SysWOW64") {
        let index = at.map_or(0, |i| i + 1);
        return Some((parts.get(index)?.clone(), "system32"));
    }
    None
}

/// Everything in one entry's path that cannot exist on some known targets.
fn findings<'a>(path: &str, targets: &[Target<'a>]) -> Vec<Finding<'a>> {
    let Ok(wp) = winpath::parse(path) else { return Vec::new() }; // DPM407's
    let (root, parts) = winpath::ranges(path);
    if parts.len() != wp.components.len() {
        return Vec::new();
    }
    let known: Vec<(Target<'a>, &'static crate::catalog::OsEdition)> =
        targets.iter().filter_map(|t| t.edition.map(|e| (*t, e))).collect();
    let finding = |range, kind, hit: Vec<Target<'a>>| {
        let all = hit.len() == known.len();
        Finding {
            range,
            kind,
            targets: hit,
            all,
        }
    };
    let mut out = Vec::new();
    if let Some((range, instead)) = wow64(&wp, &parts, &root) {
        // An edition with several architectures (R2, Vista, 7) says nothing: only single-x86 ones.
        let x86: Vec<Target> = known.iter().filter(|(_, e)| e.arches == [Arch::X86]).map(|(t, _)| *t).collect();
        if !x86.is_empty() {
            out.push(finding(range, Kind::Wow64 { instead }, x86));
        }
    }
    if wp.root == Root::ProgramData {
        let nt5: Vec<Target> = known
            .iter()
            .filter(|(_, e)| matches!(e.family, OsFamily::Nt4 | OsFamily::W2k | OsFamily::Xp | OsFamily::Ws2003))
            .map(|(t, _)| *t)
            .collect();
        if !nt5.is_empty() {
            out.push(finding(root.clone(), Kind::ProgramData, nt5));
        }
    }
    if let Some((Some(0), _)) = wp.under_windows() {
        let name = &wp.components[0];
        let other_drive = matches!(wp.root, Root::Drive(d) if d != 'C');
        let written = path[..parts[0].end].to_string();
        for default in ["C:\\WINNT", "C:\\WINDOWS"] {
            let wrong_name = !name.eq_ignore_ascii_case(&default[3..]);
            if !(wrong_name || other_drive) {
                continue;
            }
            let hit: Vec<Target> = known
                .iter()
                .filter(|(_, e)| default_windows_dir(e.family) == default)
                .map(|(t, _)| *t)
                .collect();
            if hit.is_empty() {
                continue;
            }
            let range = match (other_drive, wrong_name) {
                (true, false) => root.clone(),
                (false, _) => parts[0].clone(),
                (true, true) => 0..parts[0].end,
            };
            out.push(finding(
                range,
                Kind::WindowsDir {
                    written: written.clone(),
                    default,
                },
                hit,
            ));
        }
    }
    out
}

/// The target names, quoted: `` `Windows 2000 Server` and `Windows 2000 Advanced Server` ``.
fn names(lang: Lang, targets: &[Target]) -> String {
    lang.list(targets.iter().map(|t| format!("`{}`", t.name.value)))
}

/// The families of the targets, in catalog order: `Windows XP, Windows Server 2003`.
fn families(lang: Lang, targets: &[Target]) -> String {
    let mut list: Vec<OsFamily> = targets.iter().filter_map(|t| t.edition.map(|e| e.family)).collect();
    list.sort();
    list.dedup();
    lang.list(list.iter().map(|f| f.name().to_string()))
}

/// What follows for the entry when its file cannot exist on these targets.
fn consequence(lang: Lang, entry: &Identification) -> String {
    if entry.change.as_ref().is_some_and(|c| c.value == Change::Delete) {
        tr!(
            lang,
            "the file never exists, so this `delete` entry holds whether or not the update ran",
            "ファイルは存在しないため、この `delete` のエントリは更新を実行したかどうかにかかわらず満たされます"
        )
    } else {
        tr!(
            lang,
            "the file is never found, so the package is never seen as applied and is delivered again at every auto-update",
            "ファイルは見つからず、パッケージは適用済みと判断されず、自動更新のたびに再配信されます"
        )
    }
}

impl Rule for PathNotOnTarget {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &PackageCtx, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang();
        let targets = ctx.targets();
        for entry in ctx.package().identification() {
            let Some(path) = &entry.path else { continue };
            let value = &path.value;
            for f in findings(value, targets) {
                let part = &value[f.range.clone()];
                let on = names(lang, &f.targets);
                let then = consequence(lang, entry);
                let (message, help, label) = match &f.kind {
                    Kind::Wow64 { instead } => {
                        let fixed = format!("{}{instead}{}", &value[..f.range.start], &value[f.range.end..]);
                        let editions = match (lang, f.targets.len()) {
                            (Lang::En, 1) => "edition ",
                            (Lang::En, _) => "editions ",
                            (Lang::Ja, _) => "",
                        };
                        let message = tr!(
                            lang,
                            "`{part}` exists only on 64-bit Windows (WOW64), not on the x86 {editions}{on}: there {then}",
                            "`{part}` は 64 ビットの Windows (WOW64) にだけあり、x86 のエディション {on} にはありません。そこでは{then}"
                        );
                        let help = if f.all {
                            tr!(
                                lang,
                                "32-bit Windows keeps the file in `{instead}`: write `{fixed}`",
                                "32 ビットの Windows ではファイルは `{instead}` にあります。`{fixed}` と書いてください"
                            )
                        } else {
                            tr!(
                                lang,
                                "give the x86 editions their own package, whose entry names `{fixed}`; the 64-bit editions keep this path",
                                "x86 のエディションには別のパッケージを用意し、そのエントリでは `{fixed}` と書いてください。64 ビットのエディションはこのパスのままです"
                            )
                        };
                        (message, help, tr!(lang, "an x86 edition", "x86 のエディション"))
                    }
                    Kind::ProgramData => {
                        let rest = &value[f.range.end..];
                        let fixed = format!("C:\\Documents and Settings\\All Users\\Application Data{rest}");
                        let message = tr!(
                            lang,
                            "`%ProgramData%` exists from Windows Vista and Server 2008 on, not on {on}: there {then}",
                            "`%ProgramData%` は Windows Vista と Server 2008 からのもので、{on} にはありません。そこでは{then}"
                        );
                        let help = tr!(
                            lang,
                            "Windows 2000, XP and Server 2003 keep shared application data under `%ALLUSERSPROFILE%\\Application Data`, which is no root DPM knows; write the folder of a default installation, `{fixed}`, in a package of its own for these editions",
                            "Windows 2000、XP、Server 2003 では共有のアプリケーションデータは `%ALLUSERSPROFILE%\\Application Data` の下にあり、DPM の知るルートではありません。これらのエディション用の別のパッケージで、既定のインストールのフォルダ `{fixed}` を書いてください"
                        );
                        (message, help, tr!(lang, "no `%ProgramData%`", "`%ProgramData%` なし"))
                    }
                    Kind::WindowsDir { written, default } => {
                        let releases = families(lang, &f.targets);
                        let under = &value[written.len()..];
                        let fixed = format!("%SystemRoot%{under}");
                        let message = tr!(
                            lang,
                            "a default installation of {releases} ({on}) has its Windows folder at `{default}`, not `{written}`: on such a computer {then}",
                            "{releases} ({on}) の既定のインストールでは Windows フォルダは `{written}` ではなく `{default}` です。そのようなコンピュータでは{then}"
                        );
                        let help = tr!(
                            lang,
                            "write `{fixed}`: `%SystemRoot%` is the Windows folder wherever Setup put it (an upgraded computer keeps its old folder)",
                            "`{fixed}` と書いてください。`%SystemRoot%` は、セットアップがどこに置いても (アップグレードしたコンピュータでは元のフォルダのままでも) Windows フォルダを指します"
                        );
                        (
                            message,
                            help,
                            tr!(lang, "default: `{default}`", "既定: `{default}`"),
                        )
                    }
                };
                let span = ctx.sub_span(path.span, value, f.range.clone());
                let mut d = ctx.diag(&META, span, message).help(help);
                for t in &f.targets {
                    d = d.label(t.name.span, label.clone());
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts of `path` reported for one edition, with the kind's short name.
    fn found(path: &str, os: &str) -> Vec<(String, &'static str)> {
        let name = crate::model::Spanned {
            value: os.to_string(),
            span: Default::default(),
        };
        let targets = [Target {
            name: &name,
            edition: crate::catalog::find_os(os),
        }];
        findings(path, &targets)
            .into_iter()
            .map(|f| {
                let kind = match f.kind {
                    Kind::Wow64 { .. } => "wow64",
                    Kind::ProgramData => "programdata",
                    Kind::WindowsDir { .. } => "windows",
                };
                (path[f.range].to_string(), kind)
            })
            .collect()
    }

    const W2K: &str = "Windows 2000 Server";
    const W2K3: &str = "Windows Server 2003 Standard Edition";
    const W2K3_X64: &str = "Windows Server 2003 Standard x64 Edition";
    const W2K8: &str = "Windows Server 2008 Standard Edition";

    #[test]
    fn wow64_paths_on_x86_only() {
        for p in [
            r"%ProgramFiles(x86)%\ACME\a.exe",
            r"%commonprogramfiles(x86)%\ACME\a.dll",
            r"%SystemRoot%\SysWOW64\a.dll",
            r"C:\WINDOWS\syswow64\a.dll",
            r"c:\Program Files (x86)\ACME\a.exe",
            r"%SystemDrive%\Program Files (x86)\ACME\a.exe",
        ] {
            assert_eq!(found(p, W2K3).len(), 1, "{p}");
            assert_eq!(found(p, W2K8).len(), 1, "{p}");
            assert!(found(p, W2K3_X64).is_empty(), "{p}");
            // Several architectures under one name: unknown, silent.
            assert!(found(p, "Windows Vista").is_empty(), "{p}");
            assert!(found(p, "Windows Server 2003 R2").is_empty(), "{p}");
            // An unknown edition: silent.
            assert!(found(p, "Windows Sever 2003").is_empty(), "{p}");
        }
        assert_eq!(found(r"%SystemRoot%\SysWOW64\a.dll", W2K3), vec![("SysWOW64".into(), "wow64")]);
        // Another drive's folder may be anything; the Windows folder itself is not WOW64.
        assert!(found(r"D:\Program Files (x86)\a.exe", W2K3).is_empty());
        assert!(found(r"%SystemRoot%\SysWOW64", W2K3).is_empty());
        assert!(found(r"%ProgramFiles%\SysWOW64\a.dll", W2K3).is_empty());
    }

    #[test]
    fn the_windows_folder_by_release() {
        assert_eq!(found(r"C:\WINDOWS\system32\a.dll", W2K), vec![("WINDOWS".into(), "windows")]);
        assert_eq!(found(r"C:\WINNT\system32\a.dll", W2K3), vec![("WINNT".into(), "windows")]);
        assert_eq!(found(r"%SystemDrive%\winnt\a.dll", W2K8), vec![("winnt".into(), "windows")]);
        assert_eq!(found(r"D:\WINDOWS\a.dll", W2K3), vec![("D:".into(), "windows")]);
        assert_eq!(found(r"D:\WINDOWS\a.dll", W2K), vec![(r"D:\WINDOWS".into(), "windows")]);
        for (p, os) in [
            (r"C:\WINNT\system32\a.dll", W2K),
            (r"c:\windows\system32\a.dll", W2K3),
            (r"C:\Windows\system32\a.dll", W2K8),
            (r"%SystemRoot%\system32\a.dll", W2K),
            (r"%windir%\system32\a.dll", W2K3),
            (r"D:\ACME\a.dll", W2K3),
            (r"C:\WINNT", W2K3),
        ] {
            assert!(found(p, os).is_empty(), "{p} on {os}");
        }
    }

    #[test]
    fn program_data_before_vista() {
        assert_eq!(found(r"%ProgramData%\ACME\a.ini", W2K3), vec![("%ProgramData%".into(), "programdata")]);
        assert_eq!(found(r"%ProgramData%\ACME\a.ini", W2K).len(), 1);
        assert!(found(r"%ProgramData%\ACME\a.ini", W2K8).is_empty());
        assert!(found(r"%ProgramData%\ACME\a.ini", "Windows Vista").is_empty());
    }

    #[test]
    fn odd_paths_are_left_to_dpm407() {
        for p in ["", "%", r"C:\WINDOWS\..\x", r"%ProgramFiles(x86)%", "C:", r"\\s\x", r"%ProgramFiles(x86)%/a"] {
            assert!(found(p, W2K3).is_empty(), "{p}");
        }
    }
}
