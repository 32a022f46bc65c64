//! `dpmlint init`: write a package definition for an installer from what can be known about it.
//!
//! The evidence: the installer's file name ([`InstallerName`]), its PE image (machine, version
//! resource), the embedded catalogs (bulletins by KB, OS editions, languages), an extracted
//! payload folder (`--payload`) and reference roots (`--reference`) for identification entries,
//! and the target editions the user names (`--os`). Every value written says where it came from
//! in a comment. A value the evidence does not decide is never guessed: the field is written
//! commented out with the choices, and listed in [`Outcome::undecided`].
//!
//! Dependencies point one way: this module reads the catalog, the PE reader and the installer
//! name; no rule depends on it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::catalog::{
    self, Arch, Bulletin, Language, OsEdition, OsFamily, default_supported_languages, default_supported_os,
};
use crate::evidence::pe::{self, PeImage};
use crate::i18n::Lang;
use crate::model::installer_name::{Extension, InstallerName, NameForm};
use crate::tr;

/// What `init` is given.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The installer.
    pub installer: PathBuf,
    /// `execute.file` as it is to be written: the installer's path relative to the definition's
    /// folder (its file name when the definition goes beside it).
    pub execute_file: String,
    /// An extracted payload folder.
    pub payload: Option<PathBuf>,
    /// Target editions named by the user.
    pub os: Vec<String>,
    /// Reference roots (folders mirroring a target's system drive).
    pub references: Vec<PathBuf>,
    /// The language of comments and messages.
    pub lang: Lang,
}

/// What `init` wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The definition's text.
    pub text: String,
    /// One message per field left for the author to decide (written commented out).
    pub undecided: Vec<String>,
    /// Values decided from the evidence that `dpmlint check` will still report (e.g. a language
    /// DPM auto-update does not support): the definition is not clean.
    pub notes: Vec<String>,
}

/// The package types `init` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Hotfix,
    ServicePack(u8),
    Application,
}

/// At most this many files of a payload are read.
const MAX_PAYLOAD_FILES: usize = 10_000;
/// At most this many entries of a reference root are visited while looking for a file.
const MAX_REFERENCE_ENTRIES: usize = 200_000;

/// Files of a Microsoft update's payload that belong to its installer, not to the target.
const INSTALLER_FILES: &[&str] = &[
    "update.exe",
    "update.inf",
    "update.ver",
    "updspapi.dll",
    "spmsg.dll",
    "spuninst.exe",
    "spcustom.dll",
    "eula.txt",
    "branches.inf",
    "empty.cat",
];

/// Write the definition for `opts.installer`. `Err` (a message in `opts.lang`) when the installer
/// cannot be read, or an `--os` is no known or supported edition or contradicts the installer.
pub fn init(opts: &Options) -> Result<Outcome, String> {
    let lang = opts.lang;
    let shown = opts.installer.display().to_string();
    let meta = std::fs::metadata(&opts.installer).map_err(|e| tr!(lang, "{shown}: {e}", "{shown}: {e}"))?;
    if !meta.is_file() {
        return Err(tr!(
            lang,
            "{shown} is not a file: give the installer itself",
            "{shown} はファイルではありません。インストーラ自体を指定してください"
        ));
    }
    let file_name = opts
        .installer
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = InstallerName::parse(&file_name);
    let ext = name.extension.as_ref().map(|e| e.value);
    let image = if matches!(ext, Some(Extension::Msu | Extension::Msi)) {
        None
    } else {
        match pe::read_path(&opts.installer) {
            Ok(image) => Some(image),
            Err(e) => {
                let e = e.message(lang);
                return Err(tr!(
                    lang,
                    "{shown} cannot be run as an installer: {e}",
                    "{shown} はインストーラとして実行できません: {e}"
                ));
            }
        }
    };
    let mut w = Writer::new(lang);
    let mut undecided = Vec::new();
    let mut notes = Vec::new();

    // KB: the name, else the version-resource strings.
    let kb_strings = image.as_ref().and_then(kb_in_strings);
    let kb = match (name.kb_number(), kb_strings) {
        (Some(a), Some(b)) if a != b => {
            undecided.push(tr!(
                lang,
                "kb: the installer's name says KB{a} and its version resource KB{b}",
                "kb: インストーラ名は KB{a}、バージョンリソースは KB{b} です"
            ));
            None
        }
        (Some(a), _) => Some((a, Source::Name)),
        (None, Some(b)) => Some((b, Source::Resource)),
        (None, None) => None,
    };

    // Type.
    let sp_installer = kb.and_then(|(k, _)| catalog::service_pack_installer(k));
    let kind = match (name.sp_level(), sp_installer) {
        (Some(sp), _) => Kind::ServicePack(sp),
        (None, Some(s)) => Kind::ServicePack(s.sp),
        _ if kb.is_some() => Kind::Hotfix,
        _ => Kind::Application,
    };

    // Architecture: the name, else the PE machine when the product token allows it.
    let arch = name.arch_value().or_else(|| {
        // An ARM image is left to the name: no release DPM manages runs on ARM.
        let a = image.as_ref()?.machine.arch().filter(|a| *a != Arch::Arm)?;
        match name.product() {
            Some(p) if p.arches().contains(&a) => Some(a),
            Some(p) if p.arches().len() == 1 => Some(p.arches()[0]),
            _ => None,
        }
    });
    let mut keys = name.os_keys();
    if let (Some(a), false) = (arch, keys.is_empty()) {
        keys = keys.iter().filter(|k| k.arch == a).collect();
    }

    // The bulletin.
    let bulletins: Vec<&'static Bulletin> = match (kind, kb) {
        (Kind::Hotfix, Some((k, _))) => catalog::bulletins_with_kb(k).collect(),
        _ => Vec::new(),
    };
    let bulletin = (bulletins.len() == 1).then(|| bulletins[0]);
    let entry_keys = match (bulletin, kb) {
        (Some(b), Some((k, _))) => b.entry(k).map(|e| e.os).filter(|o| !o.is_empty()),
        _ => None,
    };

    // Target editions.
    let supported = default_supported_os();
    let mut editions: Vec<&'static OsEdition> = Vec::new();
    let os_from_user = !opts.os.is_empty();
    if os_from_user {
        for given in &opts.os {
            let Some(e) = catalog::find_os(given) else {
                let hint = catalog::suggest_os(given)
                    .map(|s| tr!(lang, " (did you mean `{s}`?)", " (`{s}` のことですか?)"))
                    .unwrap_or_default();
                return Err(tr!(
                    lang,
                    "--os `{given}` is no Windows edition dpmlint knows{hint}",
                    "--os `{given}` は dpmlint の知らない Windows エディションです{hint}"
                ));
            };
            let dpm = e.dpm_name;
            if !supported.iter().any(|s| s.id == e.id) {
                return Err(tr!(
                    lang,
                    "--os `{dpm}` is not an edition DPM auto-update supports",
                    "--os `{dpm}` は DPM の自動更新がサポートするエディションではありません"
                ));
            }
            if !keys.is_empty() && !keys.intersects(e.os_keys()) {
                return Err(tr!(
                    lang,
                    "--os `{dpm}`: the installer {file_name} is not for it (its name says {})",
                    "--os `{dpm}`: インストーラ {file_name} はこのエディション向けではありません (名前が示すのは {})",
                    keys.describe()
                ));
            }
            if let Kind::ServicePack(sp) = kind
                && !e.installable_sps().any(|s| s == sp)
            {
                return Err(tr!(
                    lang,
                    "--os `{dpm}`: there is no SP{sp} for it",
                    "--os `{dpm}`: このエディションに SP{sp} はありません"
                ));
            }
            if !editions.iter().any(|x| x.id == e.id) {
                editions.push(e);
            }
        }
    } else if !keys.is_empty() {
        let wanted = entry_keys.map_or(keys, |k| k.intersection(keys));
        editions = supported
            .iter()
            .copied()
            .filter(|e| e.os_keys().intersects(wanted))
            .filter(|e| match kind {
                Kind::ServicePack(sp) => e.installable_sps().any(|s| s == sp),
                _ => true,
            })
            .collect();
    }

    // Language.
    let supported_langs = default_supported_languages();
    let resource_lang = image.as_ref().and_then(resource_language);
    let language: Option<(&'static Language, Source)> = if let Some(l) = name.language() {
        Some((l, Source::Name))
    } else if name.is_multilanguage() {
        None
    } else if ext == Some(Extension::Msu) || resource_lang.is_none() {
        (supported_langs.len() == 1).then(|| (supported_langs[0], Source::OnlySupported))
    } else {
        resource_lang.map(|l| (l, Source::Resource))
    };
    if let Some((l, _)) = language
        && !supported_langs.iter().any(|s| s.code == l.code)
    {
        let code = l.code;
        notes.push(tr!(
            lang,
            "language `{code}` is the installer's, but DPM auto-update does not support it: `dpmlint check` reports DPM203",
            "language `{code}` はインストーラの言語ですが、DPM の自動更新はサポートしていません。`dpmlint check` は DPM203 を報告します"
        ));
    }

    // Header.
    let _ = writeln!(
        w.out,
        "# {}",
        tr!(
            lang,
            "Written by `dpmlint init` from {file_name}. Check it with `dpmlint check`.",
            "`dpmlint init` が {file_name} から書き出した定義です。`dpmlint check` で確認してください。"
        )
    );
    w.line("format: 1");

    // id
    let lang_suffix = language.map(|(l, _)| l.ms_suffix);
    let release = release_short(&editions, &name);
    let arch_part = arch.or_else(|| single_arch(&editions));
    let mut id_parts: Vec<String> = Vec::new();
    match kind {
        Kind::Hotfix => {
            match (bulletin, kb) {
                (Some(b), _) => id_parts.push(b.id().to_string()),
                (None, Some((k, _))) => id_parts.push(format!("KB{k}")),
                _ => {}
            }
            id_parts.extend(release.clone());
        }
        Kind::ServicePack(sp) => {
            id_parts.extend(release.clone());
            id_parts.push(format!("SP{sp}"));
        }
        Kind::Application => id_parts.push(app_id(image.as_ref(), &file_name)),
    }
    if kind != Kind::Application {
        if let Some(a) = arch_part
            && release.as_deref() != Some("W2K")
        {
            id_parts.push(a.as_str().to_string());
        }
        if let Some(s) = lang_suffix {
            id_parts.push(s.to_string());
        }
    }
    let id = id_parts.join("_");
    w.comment(tr!(
        lang,
        "derived from what follows, as the package ID is usually spelled; it must be unique in the repository",
        "以下の値から通常の綴りで組み立てたパッケージ ID です。リポジトリ内で一意にしてください"
    ));
    w.field("id", &id);

    // type
    let kind_text = match kind {
        Kind::Hotfix => {
            w.comment(tr!(
                lang,
                "a KB number in the installer's name ({file_name}) and no service-pack token",
                "インストーラ名 ({file_name}) に KB 番号があり、サービスパックのトークンがありません"
            ));
            "hotfix"
        }
        Kind::ServicePack(sp) => {
            if name.sp_level().is_some() {
                w.comment(tr!(
                    lang,
                    "the SP{sp} token in the installer's name {file_name}",
                    "インストーラ名 {file_name} の SP{sp} トークンから"
                ));
            } else {
                let k = kb.map_or(0, |(k, _)| k);
                w.comment(tr!(
                    lang,
                    "KB{k} is the installer of service pack {sp} (catalog of service-pack installers)",
                    "KB{k} はサービスパック {sp} のインストーラです (サービスパックのインストーラの一覧から)"
                ));
            }
            "service-pack"
        }
        Kind::Application => {
            w.comment(tr!(
                lang,
                "the installer's name {file_name} has no KB number: not a Microsoft update",
                "インストーラ名 {file_name} に KB 番号がないため、Microsoft の更新プログラムではありません"
            ));
            "application"
        }
    };
    w.field("type", kind_text);

    // name
    if let Some(display) = display_name(
        kind,
        &editions,
        &name,
        arch_part,
        kb.map(|(k, _)| k),
        language,
        image.as_ref(),
    ) {
        w.field("name", &display);
    }

    // priority
    let priority = if kind == Kind::Hotfix { "high" } else { "normal" };
    w.comment(tr!(
        lang,
        "Image Builder's default for this type (the bulletin catalog has no severity)",
        "このタイプでのイメージビルダーの既定値です (セキュリティ情報の一覧に深刻度はありません)"
    ));
    w.field("priority", priority);

    // os
    if editions.is_empty() {
        let choices: Vec<&str> = supported
            .iter()
            .filter(|e| keys.is_empty() || e.os_keys().intersects(keys))
            .map(|e| e.dpm_name)
            .collect();
        let why = if keys.is_empty() {
            tr!(
                lang,
                "the installer's name {file_name} says no Windows release: choose the target editions (--os)",
                "インストーラ名 {file_name} は Windows のリリースを示していません。対象のエディションを選んでください (--os)"
            )
        } else {
            let k = keys.describe();
            tr!(
                lang,
                "no edition DPM auto-update supports fits the installer ({k}) and the catalog",
                "DPM の自動更新がサポートするエディションで、インストーラ ({k}) と一覧の両方に合うものがありません"
            )
        };
        w.comment(why.clone());
        w.choices("os", &choices);
        undecided.push(format!("os: {why}"));
    } else {
        let why = if os_from_user {
            tr!(lang, "given with --os", "--os で指定されたもの")
        } else {
            let k = keys.describe();
            match (bulletin, kb) {
                (Some(b), Some((k2, _))) if entry_keys.is_some() => tr!(
                    lang,
                    "the editions DPM auto-update supports among those {} lists KB{k2} for, on what the installer's name says ({k})",
                    "DPM の自動更新がサポートするエディションのうち、{} が KB{k2} の対象とし、インストーラ名が示す ({k}) もの",
                    b.id()
                ),
                _ => tr!(
                    lang,
                    "the editions DPM auto-update supports on what the installer's name says ({k})",
                    "DPM の自動更新がサポートするエディションのうち、インストーラ名が示す ({k}) もの"
                ),
            }
        };
        w.comment(why);
        w.line("os:");
        for e in &editions {
            w.line(&format!("  - {}", yaml_str(e.dpm_name)));
        }
    }

    // language
    match language {
        Some((l, source)) => {
            let why = match source {
                Source::Name => {
                    let s = name.language_suffix.as_ref().map_or("", |s| s.value.as_str());
                    tr!(
                        lang,
                        "the language token {s} of the installer's name",
                        "インストーラ名の言語トークン {s} から"
                    )
                }
                Source::Resource => tr!(
                    lang,
                    "the language of the installer's version resource",
                    "インストーラのバージョンリソースの言語から"
                ),
                Source::OnlySupported => tr!(
                    lang,
                    "the installer is language-neutral; this is the only language DPM auto-update supports",
                    "インストーラは言語に依存しません。DPM の自動更新がサポートする唯一の言語です"
                ),
            };
            w.comment(why);
            w.field("language", l.code);
        }
        None => {
            let why = tr!(
                lang,
                "the installer does not say the target OS language",
                "インストーラは対象 OS の言語を示していません"
            );
            w.comment(why.clone());
            let choices: Vec<&str> = supported_langs.iter().map(|l| l.code).collect();
            w.choices("language", &choices);
            undecided.push(format!("language: {why}"));
        }
    }

    // ms_number and kb
    let mut needs_identification = false;
    if kind == Kind::Hotfix {
        let k = kb.map_or(0, |(k, _)| k);
        match bulletins.len() {
            1 => {
                let b = bulletins[0];
                w.comment(tr!(
                    lang,
                    "the bulletin that shipped KB{k} (bulletin catalog; posted {})",
                    "KB{k} を配布したセキュリティ情報 (セキュリティ情報の一覧から。公開日 {})",
                    b.date
                ));
                w.field("ms_number", b.id());
                // Several updates of the bulletin for a target: the MS number cannot tell them.
                let ambiguous: Vec<String> = editions
                    .iter()
                    .filter_map(|e| {
                        let ek = e.os_keys();
                        let both = ek.intersection(name.os_keys());
                        let kbs: Vec<u32> = b.kbs_for_keys(if both.is_empty() { ek } else { both }).collect();
                        (kbs.len() > 1).then(|| {
                            let list: Vec<String> = kbs.iter().map(|k| format!("KB{k}")).collect();
                            format!("{} ({})", e.dpm_name, list.join(", "))
                        })
                    })
                    .collect();
                if !ambiguous.is_empty() {
                    needs_identification = true;
                    let list = ambiguous.join("; ");
                    w.comment(tr!(
                        lang,
                        "{} shipped several updates for a target ({list}): identification entries tell this one",
                        "{} は対象 OS 向けに複数の更新を配布しています ({list})。識別情報でこの更新を区別します",
                        b.id()
                    ));
                }
            }
            0 => {
                needs_identification = true;
                w.comment(tr!(
                    lang,
                    "KB{k} is in no bulletin of the catalog (MS01-001 to MS17-023): a non-security update has no MS number, so identification entries must show it was applied",
                    "KB{k} は一覧のどのセキュリティ情報 (MS01-001〜MS17-023) にもありません。セキュリティ以外の更新には MS 番号がないため、適用済みであることを識別情報で示す必要があります"
                ));
                w.line("# ms_number: MSyy-nnn");
            }
            _ => {
                needs_identification = true;
                let why = tr!(
                    lang,
                    "KB{k} was shipped by several bulletins: choose the one this package is for",
                    "KB{k} は複数のセキュリティ情報で配布されています。このパッケージのものを選んでください"
                );
                w.comment(why.clone());
                let ids: Vec<&str> = bulletins.iter().map(|b| b.id()).collect();
                w.choices("ms_number", &ids);
                undecided.push(format!("ms_number: {why}"));
            }
        }
    }
    if let Some((k, source)) = kb {
        w.comment(match source {
            Source::Resource => tr!(
                lang,
                "the installer's version-resource strings",
                "インストーラのバージョンリソースの文字列から"
            ),
            _ => tr!(
                lang,
                "the installer's name {file_name}",
                "インストーラ名 {file_name} から"
            ),
        });
        w.field("kb", &format!("KB{k}"));
    }
    if kind == Kind::Application && opts.payload.is_some() {
        needs_identification = true;
    }

    // execute
    let (args, args_why) = match (kind, ext, name.form) {
        (Kind::Application, Some(Extension::Msi), _) => (
            Some("/quiet /norestart"),
            tr!(lang, "msiexec's unattended switches", "msiexec の無人実行スイッチ"),
        ),
        (Kind::Application, ..) => (None, String::new()),
        (_, Some(Extension::Msu), _) => (
            Some("/quiet /norestart"),
            tr!(
                lang,
                "an .msu runs under wusa.exe: unattended, and DPM restarts the computer",
                ".msu は wusa.exe で実行されます。無人実行し、再起動は DPM が行います"
            ),
        ),
        (_, _, NameForm::QHotfix | NameForm::Nt4Hotfix | NameForm::LegacyServicePack) => (
            Some("-q -z"),
            tr!(
                lang,
                "an installer of the old form (Hotfix.exe): quiet, and DPM restarts the computer",
                "旧形式のインストーラ (Hotfix.exe) です。無人実行し、再起動は DPM が行います"
            ),
        ),
        _ => (
            Some("/quiet /norestart"),
            tr!(
                lang,
                "Update.exe's unattended switches; DPM restarts the computer",
                "Update.exe の無人実行スイッチです。再起動は DPM が行います"
            ),
        ),
    };
    w.line("execute:");
    w.indent = 2;
    w.field("file", &opts.execute_file);
    match args {
        Some(a) => {
            w.comment(args_why);
            w.field("args", a);
        }
        None => {
            let why = tr!(
                lang,
                "the installer's kind is unknown: give the switches that make it run unattended",
                "インストーラの種類が分かりません。無人で実行させるスイッチを指定してください"
            );
            w.comment(why.clone());
            w.choices("args", &["/quiet", "/s", "/S", "/silent", "/verysilent"]);
            undecided.push(format!("execute.args: {why}"));
        }
    }
    if kind != Kind::Application {
        w.line("reboot: true");
    }
    if matches!(kind, Kind::ServicePack(_)) {
        w.comment(tr!(
            lang,
            "Image Builder sets both for every service pack",
            "イメージビルダーはサービスパックには常に両方を設定します"
        ));
        w.line("exclusive: true");
    }
    w.indent = 0;

    // service_pack
    if let Kind::ServicePack(sp) = kind {
        w.line("service_pack:");
        w.line(&format!("  major: {sp}"));
        w.line("  minor: 0");
    }

    // identification
    if needs_identification {
        match &opts.payload {
            Some(dir) => identification(&mut w, dir, &opts.references, &opts.installer, &mut undecided, lang)?,
            None => {
                let why = tr!(
                    lang,
                    "identification is needed, but no payload was given: extract the installer and run again with --payload DIR",
                    "識別情報が必要ですが、ペイロードが指定されていません。インストーラを展開し、--payload DIR を付けて再実行してください"
                );
                w.comment(why.clone());
                w.line("# identification:");
                w.line("#   - path: '%SystemRoot%\\system32\\FILE'");
                w.line("#     version: a.b.c.d");
                w.line("#     change: upgrade");
                undecided.push(format!("identification: {why}"));
            }
        }
    } else if opts.payload.is_some() && kind == Kind::Hotfix {
        w.comment(tr!(
            lang,
            "no identification: the MS number identifies this update",
            "識別情報なし: MS 番号でこの更新を識別できます"
        ));
    } else if opts.payload.is_some() {
        w.comment(tr!(
            lang,
            "no identification: DPM judges service packs by their major/minor version",
            "識別情報なし: DPM はサービスパックをメジャー/マイナーバージョンで判定します"
        ));
    }

    Ok(Outcome {
        text: w.out,
        undecided,
        notes,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Name,
    Resource,
    OnlySupported,
}

/// The text being written.
struct Writer {
    out: String,
    indent: usize,
}

impl Writer {
    fn new(_lang: Lang) -> Writer {
        Writer {
            out: String::new(),
            indent: 0,
        }
    }

    fn line(&mut self, text: &str) {
        let _ = writeln!(self.out, "{:width$}{text}", "", width = self.indent);
    }

    fn comment(&mut self, text: String) {
        self.line(&format!("# {text}"));
    }

    fn field(&mut self, key: &str, value: &str) {
        self.line(&format!("{key}: {}", yaml_str(value)));
    }

    /// The field commented out, once per choice.
    fn choices(&mut self, key: &str, choices: &[&str]) {
        if choices.is_empty() {
            self.line(&format!("# {key}:"));
        }
        for c in choices {
            self.line(&format!("# {key}: {}", yaml_str(c)));
        }
    }
}

/// `text` as a YAML scalar: plain when that reads back as the same string, else single-quoted.
pub fn yaml_str(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " _.-()/+".contains(c) || !c.is_ascii() && !c.is_control())
        && !text.starts_with(['-', ' ', '.'])
        && !text.ends_with(' ')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
        && text.parse::<f64>().is_err();
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// The one KB number the version-resource strings name.
fn kb_in_strings(image: &PeImage) -> Option<u32> {
    let info = image.version.as_ref()?;
    let mut found = None;
    for (_, value) in &info.strings {
        for n in crate::rules::identity::kbs_in(value) {
            match found {
                None => found = Some(n),
                Some(k) if k == n => {}
                Some(_) => return None,
            }
        }
    }
    found
}

/// The one specific language the version resource names (neutral 0x0000 and code-page-only
/// entries say nothing).
fn resource_language(image: &PeImage) -> Option<&'static Language> {
    let info = image.version.as_ref()?;
    let mut found: Option<&'static Language> = None;
    for t in &info.translations {
        if t.language & 0x3ff == 0 {
            continue;
        }
        let l = catalog::language_by_langid(t.language)?;
        match found {
            None => found = Some(l),
            Some(f) if f.code == l.code => {}
            Some(_) => return None,
        }
    }
    found
}

/// The short release name the package IDs use: `W2K`, `W2K3`, `W2K8`…
fn release_short(editions: &[&OsEdition], name: &InstallerName) -> Option<String> {
    let mut families: Vec<OsFamily> = editions.iter().map(|e| e.family).collect();
    if families.is_empty() {
        families = name.families().to_vec();
    }
    families.dedup();
    let [family] = families.as_slice() else { return None };
    let short = match family {
        OsFamily::W2k => "W2K",
        OsFamily::Xp => "XP",
        OsFamily::Ws2003 => "W2K3",
        OsFamily::Vista => "VISTA",
        OsFamily::Ws2008 => "W2K8",
        OsFamily::Win7 => "WIN7",
        OsFamily::Ws2008R2 => "W2K8R2",
        OsFamily::Win8 => "WIN8",
        OsFamily::Ws2012 => "W2K12",
        OsFamily::Win81 => "WIN81",
        OsFamily::Ws2012R2 => "W2K12R2",
        OsFamily::Win10 => "WIN10",
        OsFamily::Ws2016 => "W2K16",
        OsFamily::Nt4 => "NT4",
        OsFamily::Win9x => "WIN9X",
    };
    Some(short.to_string())
}

fn single_arch(editions: &[&OsEdition]) -> Option<Arch> {
    let first = *editions.first()?.arches.first()?;
    editions.iter().all(|e| e.arches.as_slice() == [first]).then_some(first)
}

/// An application's ID: its ProductName, else the installer's stem, in the ID alphabet.
fn app_id(image: Option<&PeImage>, file_name: &str) -> String {
    let info = image.and_then(|i| i.version.as_ref());
    let product = info
        .and_then(|v| v.string("ProductName"))
        .filter(|s| !s.trim().is_empty());
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let base = product.unwrap_or(stem);
    let mut id: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if let Some(v) = info.and_then(|v| v.file_version) {
        let _ = write!(id, "_{}_{}", v.0[0], v.0[1]);
    }
    let mut squeezed = String::new();
    for c in id.chars() {
        if !(c == '_' && (squeezed.is_empty() || squeezed.ends_with('_'))) {
            squeezed.push(c);
        }
    }
    squeezed.trim_end_matches('_').to_string()
}

/// The display name, in the package's language (Japanese for `ja`, else English).
fn display_name(
    kind: Kind,
    editions: &[&OsEdition],
    name: &InstallerName,
    arch: Option<Arch>,
    kb: Option<u32>,
    language: Option<(&'static Language, Source)>,
    image: Option<&PeImage>,
) -> Option<String> {
    let ja = language.is_some_and(|(l, _)| l.code == "ja");
    let mut families: Vec<OsFamily> = editions.iter().map(|e| e.family).collect();
    if families.is_empty() {
        families = name.families().to_vec();
    }
    families.dedup();
    let mut release = families.iter().map(|f| f.name()).collect::<Vec<_>>().join(" / ");
    if let Some(a @ (Arch::X64 | Arch::Ia64)) = arch {
        let _ = write!(release, " {}", a.as_str());
    }
    match kind {
        Kind::Hotfix => {
            let kb = kb?;
            let security = catalog::bulletins_with_kb(kb).next().is_some();
            Some(match (ja, security) {
                (true, true) => format!("{release} セキュリティ更新プログラム (KB{kb})"),
                (true, false) => format!("{release} 更新プログラム (KB{kb})"),
                (false, true) => format!("Security Update for {release} (KB{kb})"),
                (false, false) => format!("Update for {release} (KB{kb})"),
            })
        }
        Kind::ServicePack(sp) => Some(format!("{release} Service Pack {sp}")),
        Kind::Application => {
            let info = image.and_then(|i| i.version.as_ref())?;
            let product = info
                .string("ProductName")
                .or_else(|| info.string("FileDescription"))
                .filter(|s| !s.trim().is_empty())?;
            Some(match info.file_version {
                Some(v) => format!("{} {v}", product.trim()),
                None => product.trim().to_string(),
            })
        }
    }
}

/// One payload file's identification entry.
struct Found {
    path: Result<String, Vec<String>>,
    version: pe::Version,
    payload: String,
}

/// The identification entries from the payload's versioned files.
fn identification(
    w: &mut Writer,
    dir: &Path,
    references: &[PathBuf],
    installer: &Path,
    undecided: &mut Vec<String>,
    lang: Lang,
) -> Result<(), String> {
    let shown = dir.display().to_string();
    if !dir.is_dir() {
        return Err(tr!(
            lang,
            "--payload {shown} is not a folder",
            "--payload {shown} はフォルダではありません"
        ));
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files, MAX_PAYLOAD_FILES);
    files.sort();
    let installer = std::fs::canonicalize(installer).ok();
    let mut found: Vec<Found> = Vec::new();
    let mut unversioned: Vec<String> = Vec::new();
    for rel in &files {
        let full = dir.join(rel);
        if std::fs::canonicalize(&full).ok() == installer {
            continue;
        }
        let rel_text = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let file = rel
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let in_update_folder = rel
            .components()
            .next()
            .is_some_and(|c| c.as_os_str().eq_ignore_ascii_case("update"));
        if in_update_folder
            || INSTALLER_FILES.contains(&file.as_str())
            || crate::load::discover::is_definition_name(&file)
        {
            continue;
        }
        let version = pe::read_path(&full)
            .ok()
            .and_then(|i| i.version)
            .and_then(|v| v.file_version);
        match version {
            Some(version) => found.push(Found {
                path: target_path(rel, references),
                version,
                payload: rel_text,
            }),
            None => unversioned.push(rel_text),
        }
    }
    let payload_name = dir
        .file_name()
        .map_or(shown.clone(), |n| n.to_string_lossy().into_owned());
    if found.is_empty() {
        let why = tr!(
            lang,
            "identification is needed, but no file of the payload {shown} has a version resource",
            "識別情報が必要ですが、ペイロード {shown} にバージョンリソースを持つファイルがありません"
        );
        w.comment(why.clone());
        w.line("# identification:");
        undecided.push(format!("identification: {why}"));
        return Ok(());
    }
    // The same target path with different versions (GDR and QFE branches): undecided.
    let mut decided: Vec<&Found> = Vec::new();
    let mut open: Vec<&Found> = Vec::new();
    for f in &found {
        match &f.path {
            Ok(p) => {
                let clash = found
                    .iter()
                    .any(|g| g.path.as_ref().is_ok_and(|q| q.eq_ignore_ascii_case(p)) && g.version != f.version);
                if clash {
                    open.push(f);
                } else if !decided
                    .iter()
                    .any(|d| d.path.as_ref().is_ok_and(|q| q.eq_ignore_ascii_case(p)))
                {
                    decided.push(f);
                }
            }
            Err(_) => open.push(f),
        }
    }
    w.comment(tr!(
        lang,
        "the payload's files with a version resource (the fixed FileVersion of each); `upgrade`: the update replaces them",
        "ペイロードのバージョンリソースを持つファイル (各ファイルの固定 FileVersion)。`upgrade`: 更新で置き換わるファイルです"
    ));
    if decided.is_empty() {
        w.line("# identification:");
    } else {
        w.line("identification:");
    }
    for f in &decided {
        let Ok(p) = &f.path else { continue };
        let from = &f.payload;
        w.line(&format!(
            "  # {}",
            tr!(lang, "from {payload_name}/{from}", "{payload_name}/{from} から")
        ));
        w.line(&format!("  - path: {}", yaml_str(p)));
        w.line(&format!("    version: {}", f.version));
        w.line("    change: upgrade");
    }
    for f in &open {
        let from = &f.payload;
        let why = match &f.path {
            Ok(p) => tr!(
                lang,
                "{p}: the payload holds several versions of it ({payload_name}/{from} is {}); keep the one this package installs",
                "{p}: ペイロードに複数のバージョンがあります ({payload_name}/{from} は {})。このパッケージがインストールするものを残してください",
                f.version
            ),
            Err(choices) if choices.is_empty() => tr!(
                lang,
                "{payload_name}/{from}: where it goes on the target is unknown (give a reference root with --reference, or lay the payload out as the system drive)",
                "{payload_name}/{from}: 管理対象コンピュータ上の場所が分かりません (--reference で参照ルートを指定するか、ペイロードをシステムドライブと同じ構成にしてください)"
            ),
            Err(_) => tr!(
                lang,
                "{payload_name}/{from}: the reference roots have it in several places",
                "{payload_name}/{from}: 参照ルートの複数の場所にあります"
            ),
        };
        w.comment(why.clone());
        let file = from.rsplit('/').next().unwrap_or(from);
        let choices = match &f.path {
            Ok(p) => vec![p.clone()],
            Err(c) if c.is_empty() => vec![format!("%SystemRoot%\\system32\\{file}")],
            Err(c) => c.clone(),
        };
        for c in choices {
            w.line(&format!("#  - path: {}", yaml_str(&c)));
            w.line(&format!("#    version: {}", f.version));
            w.line("#    change: upgrade");
        }
        undecided.push(format!("identification: {why}"));
    }
    if !unversioned.is_empty() {
        let list = unversioned.join(", ");
        w.comment(tr!(
            lang,
            "left out, having no version resource ({list}): such a file can only be identified by `new` or `delete`, if the update creates or removes it",
            "バージョンリソースがないため省きました ({list})。このようなファイルは、更新で作成または削除される場合に限り `new` か `delete` で識別できます"
        ));
    }
    Ok(())
}

/// The files under `dir`, relative to `root`, at most `max`.
fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>, max: usize) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            if out.len() >= max {
                return;
            }
            let Ok(t) = e.file_type() else { continue };
            let p = e.path();
            if t.is_dir() {
                stack.push(p);
            } else if t.is_file()
                && let Ok(rel) = p.strip_prefix(root)
            {
                out.push(rel.to_path_buf());
            }
        }
    }
}

/// Root folders of a system drive and the variables that name them (longest first).
const MIRROR: &[(&[&str], &str)] = &[
    (&["Program Files", "Common Files"], "%CommonProgramFiles%"),
    (&["Program Files (x86)"], "%ProgramFiles(x86)%"),
    (&["Program Files"], "%ProgramFiles%"),
    (&["Windows"], "%SystemRoot%"),
    (&["WINNT"], "%SystemRoot%"),
];

/// The Windows path of a system-drive-relative path, when it starts with a known root folder.
fn mirrored(components: &[String]) -> Option<String> {
    for (prefix, var) in MIRROR {
        if components.len() > prefix.len() && prefix.iter().zip(components).all(|(a, b)| a.eq_ignore_ascii_case(b)) {
            let rest = components[prefix.len()..].join("\\");
            return Some(format!("{var}\\{rest}"));
        }
    }
    None
}

/// Where a payload file goes on the target: the payload laid out as a system drive, else the one
/// place a reference root has a file of that name. `Err` with the choices when undecided.
fn target_path(rel: &Path, references: &[PathBuf]) -> Result<String, Vec<String>> {
    let components: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(p) = mirrored(&components) {
        return Ok(p);
    }
    let Some(file) = components.last() else {
        return Err(Vec::new());
    };
    let mut places: Vec<String> = Vec::new();
    for root in references {
        let mut hits = Vec::new();
        find_named(root, file, &mut hits);
        for h in hits {
            let parts: Vec<String> = h
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if let Some(p) = mirrored(&parts)
                && !places.iter().any(|q| q.eq_ignore_ascii_case(&p))
            {
                places.push(p);
            }
        }
    }
    places.sort();
    match places.len() {
        1 => Ok(places.remove(0)),
        _ => Err(places),
    }
}

/// The files named `name` (case-insensitive) under `root`, relative to it.
fn find_named(root: &Path, name: &str, out: &mut Vec<PathBuf>) {
    let mut stack = vec![root.to_path_buf()];
    let mut visited = 0;
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            visited += 1;
            if visited > MAX_REFERENCE_ENTRIES {
                return;
            }
            let Ok(t) = e.file_type() else { continue };
            let p = e.path();
            if t.is_dir() {
                stack.push(p);
            } else if t.is_file()
                && e.file_name().to_string_lossy().eq_ignore_ascii_case(name)
                && let Ok(rel) = p.strip_prefix(root)
            {
                out.push(rel.to_path_buf());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_strings_read_back() {
        assert_eq!(yaml_str("MS08-067"), "MS08-067");
        assert_eq!(
            yaml_str("%SystemRoot%\\system32\\a.dll"),
            "'%SystemRoot%\\system32\\a.dll'"
        );
        assert_eq!(yaml_str("yes"), "'yes'");
        assert_eq!(yaml_str("5.2"), "'5.2'");
        assert_eq!(yaml_str("it's: x"), "'it''s: x'");
        assert_eq!(
            yaml_str("Windows Server 2003 セキュリティ更新プログラム (KB958644)"),
            "Windows Server 2003 セキュリティ更新プログラム (KB958644)"
        );
    }

    #[test]
    fn mirror_maps_root_folders() {
        let c = |s: &str| s.split('/').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            mirrored(&c("WINDOWS/system32/netapi32.dll")).as_deref(),
            Some("%SystemRoot%\\system32\\netapi32.dll")
        );
        assert_eq!(
            mirrored(&c("Program Files/ACME/a.exe")).as_deref(),
            Some("%ProgramFiles%\\ACME\\a.exe")
        );
        assert_eq!(
            mirrored(&c("Program Files/Common Files/x.dll")).as_deref(),
            Some("%CommonProgramFiles%\\x.dll")
        );
        assert_eq!(mirrored(&c("netapi32.dll")), None);
    }
}
