//! `dpmlint inspect FILE…`: print what dpmlint reads from PE files, or why it cannot.
//!
//! The JSON form is the contract of `spec/cli.md`: an array with one object per file, in
//! argument order, with the keys `path, is_pe, machine, file_version, product_version,
//! translations, strings, error`. When a file cannot be read, `error` says why; for a PE
//! image that is cut short or whose headers `pelite` refuses, what could still be read stands
//! beside it (`is_pe` true, `machine`, and the fixed versions when the whole version resource
//! is in the file; see [`pe::facts_from`]), and every other field is null (`is_pe` false
//! when not even the PE signature was read). `strings` keeps the file's order; should a key
//! occur twice, the first one is kept, as `VerQueryValue` finds the first.
//!
//! The human form is a short block per file, ending with the line to write in a definition.
//!
//! A folder is read as a reference root ([`crate::evidence::roots`]): what dpmlint concludes about it (its
//! Windows release, service pack, architecture and languages), each fact with the file (or the
//! config) it comes from, and the `reference` entry that declares it. A root listed in the config
//! nearest to it (`dpmlint.toml` in it or a parent) is read with what that entry declares. In JSON
//! its object has `reference_root: true` and the keys `path, reference_root, identified, release,
//! families, service_pack, architecture, languages, system_file, system_file_version, sources,
//! config_entry, error`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::evidence::pe::{self, Facts, PeError, PeImage, VersionInfo};
use crate::i18n::Lang;
use crate::tr;

/// Inspect `paths` and write the result to `out`.
///
/// Returns the exit status: 0 when every file was read as a PE image (with or without a
/// version resource), 1 when at least one could not be (not a PE image, truncated,
/// malformed, unreadable, not a regular file). Every file is reported either way; only a
/// failure to write to `out` is an `Err`.
pub fn run(paths: &[PathBuf], json: bool, lang: Lang, color: bool, out: &mut dyn Write) -> io::Result<i32> {
    let results: Vec<(&Path, Item)> = paths
        .iter()
        .map(|path| {
            let item = if path.is_dir() {
                let root = configured_root(path, lang);
                let id = crate::evidence::roots::identify(&root);
                Item::Root(Box::new((root.config_path(), id)))
            } else {
                Item::File(Read::of(path))
            };
            (path.as_path(), item)
        })
        .collect();
    if json {
        let reports: Vec<JsonItem> = results
            .iter()
            .map(|(path, item)| match item {
                Item::File(read) => JsonItem::File(Report::new(path, read, lang)),
                Item::Root(root) => JsonItem::Root(RootReport::new(path, &root.0, &root.1, lang)),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &reports)?;
        writeln!(out)?;
    } else {
        let style = Style { color };
        for (index, (path, item)) in results.iter().enumerate() {
            if index > 0 {
                writeln!(out)?;
            }
            match item {
                Item::File(read) => write_human(out, path, read, lang, style)?,
                Item::Root(root) => write_root(out, path, &root.0, &root.1, lang, style)?,
            }
        }
    }
    Ok(i32::from(results.iter().any(|(_, item)| match item {
        Item::File(read) => read.image.is_err(),
        Item::Root(root) => !root.1.is_identified(),
    })))
}

/// What an argument is: a file read as a PE image, or a folder read as a reference root (the
/// `path` its `reference` entry has, and what it is).
enum Item {
    File(Read),
    Root(Box<(String, crate::evidence::roots::RootIdentity)>),
}

/// One element of the JSON array.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonItem<'a> {
    File(Report<'a>),
    Root(RootReport),
}

/// The root at `dir` with what the nearest config declares about it, when it lists it.
fn configured_root(dir: &Path, lang: Lang) -> crate::evidence::roots::ReferenceRoot {
    let plain = crate::evidence::roots::ReferenceRoot::plain(dir.to_path_buf());
    let cwd = crate::platform::paths::current_dir();
    let absolute = crate::load::config::absolute(dir, cwd);
    let Some(config) = crate::load::config::discover(&absolute) else {
        return plain;
    };
    let Ok(cfg) = crate::load::config::Config::load(&config, lang) else {
        return plain;
    };
    let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    match cfg.reference.into_iter().find(|r| same(&r.path, dir)) {
        Some(r) => crate::evidence::roots::ReferenceRoot {
            path: dir.to_path_buf(),
            declared: r.declared,
            written: r.written,
        },
        None => plain,
    }
}

/// Where a fact about a root comes from, as shown: `config` or a path.
fn source_text(source: &crate::evidence::roots::Source, lang: Lang) -> String {
    use crate::evidence::roots::Source;
    let cwd = crate::platform::paths::current_dir();
    match source {
        Source::Config => tr!(lang, "the config", "設定ファイル"),
        Source::File(p) => crate::load::discover::display_name(p, cwd),
        Source::MuiFolders(p) => {
            let shown = crate::load::discover::display_name(p, cwd);
            tr!(lang, "the MUI folders of {shown}", "{shown} の MUI フォルダ")
        }
    }
}

/// The `reference` entry that declares what dpmlint concluded about a root, `written` its path as
/// the config writes it. The entry is equivalent to what was concluded: a root whose NT version is
/// shared by several releases (6.0 is Windows Vista and Windows Server 2008) matches definitions
/// of each, and no single `os` says that, so the entry leaves `os` out and the release stays read
/// from the files.
fn config_entry(written: &str, id: &crate::evidence::roots::RootIdentity) -> Option<String> {
    let release = match id.edition {
        Some(e) => Some(e.dpm_name),
        None => match id.families.as_ref()?.value.as_slice() {
            [one] => Some(one.name()),
            _ => None,
        },
    };
    let mut entry = format!("{{ path = \"{written}\"");
    if let Some(release) = release {
        entry.push_str(&format!(", os = \"{release}\""));
    }
    if let Some(sp) = &id.service_pack {
        entry.push_str(&format!(", service-pack = {}", sp.value));
    }
    if let Some(l) = id.languages.as_ref().and_then(|l| l.value.first()) {
        entry.push_str(&format!(", language = \"{}\"", l.code));
    }
    entry.push_str(" }");
    Some(entry)
}

/// A reference root in the JSON array.
#[derive(Serialize)]
struct RootReport {
    path: String,
    reference_root: bool,
    identified: bool,
    release: Option<String>,
    families: Vec<&'static str>,
    service_pack: Option<u8>,
    architecture: Option<&'static str>,
    languages: Vec<&'static str>,
    system_file: Option<String>,
    system_file_version: Option<String>,
    sources: std::collections::BTreeMap<&'static str, String>,
    config_entry: Option<String>,
    error: Option<String>,
}

impl RootReport {
    fn new(path: &Path, written: &str, id: &crate::evidence::roots::RootIdentity, lang: Lang) -> RootReport {
        let cwd = crate::platform::paths::current_dir();
        let mut sources = std::collections::BTreeMap::new();
        if let Some(f) = &id.families {
            sources.insert("release", source_text(&f.source, lang));
        }
        if let Some(f) = &id.service_pack {
            sources.insert("service_pack", source_text(&f.source, lang));
        }
        if let Some(f) = &id.arch {
            sources.insert("architecture", source_text(&f.source, lang));
        }
        if let Some(f) = &id.languages {
            sources.insert("languages", source_text(&f.source, lang));
        }
        RootReport {
            path: crate::platform::paths::shown(path),
            reference_root: true,
            identified: id.is_identified(),
            release: id.release_name(),
            families: id
                .families
                .iter()
                .flat_map(|f| f.value.iter().map(|f| f.key()))
                .collect(),
            service_pack: id.service_pack.as_ref().map(|f| f.value),
            architecture: id.arch.as_ref().map(|f| f.value.as_str()),
            languages: id
                .languages
                .iter()
                .flat_map(|f| f.value.iter().map(|l| l.code))
                .collect(),
            system_file: id
                .system_file
                .as_ref()
                .map(|(p, _)| crate::load::discover::display_name(p, cwd)),
            system_file_version: id.system_file.as_ref().map(|(_, v)| v.to_string()),
            sources,
            config_entry: config_entry(written, id),
            error: id
                .problem
                .as_ref()
                .filter(|_| !id.is_identified())
                .map(|p| p.describe(lang)),
        }
    }
}

fn write_root(
    out: &mut dyn Write,
    path: &Path,
    written: &str,
    id: &crate::evidence::roots::RootIdentity,
    lang: Lang,
    style: Style,
) -> io::Result<()> {
    writeln!(
        out,
        "{} {}",
        style.bold(&printable(&crate::platform::paths::shown(path))),
        tr!(lang, "(reference root)", "(参照ルート)")
    )?;
    let unknown = tr!(lang, "unknown", "不明");
    let labels = [
        tr!(lang, "release", "リリース"),
        tr!(lang, "service pack", "サービスパック"),
        tr!(lang, "architecture", "アーキテクチャ"),
        tr!(lang, "language", "言語"),
        tr!(lang, "in the config", "設定に書く値"),
    ];
    let column = labels.iter().map(|l| width(l)).max().unwrap_or(0);
    let [release, sp, arch, language, entry] = &labels;
    let from = |source: &crate::evidence::roots::Source| {
        let s = source_text(source, lang);
        tr!(lang, "from {s}", "{s} から")
    };
    match &id.families {
        Some(f) => {
            let name = id.release_name().unwrap_or_default();
            let whence = match (&f.source, &id.system_file) {
                (crate::evidence::roots::Source::File(_), Some((_, v))) => {
                    let s = source_text(&f.source, lang);
                    tr!(lang, "from {s}, file version {v}", "{s} のファイル バージョン {v} から")
                }
                (source, _) => from(source),
            };
            field(
                out,
                "  ",
                release,
                column,
                &format!("{} ({whence})", style.green(&name)),
            )?;
        }
        None => {
            let why = id.problem.as_ref().map(|p| p.describe(lang)).unwrap_or_default();
            field(out, "  ", release, column, &unknown)?;
            let label = tr!(lang, "error", "エラー");
            let tail = tr!(
                lang,
                "; it is compared with every definition",
                "。すべての定義と比較します"
            );
            writeln!(out, "  {}", style.red(&format!("{label}: {why}{tail}")))?;
        }
    }
    if id.is_identified() {
        let value = |fact: Option<(String, &crate::evidence::roots::Source)>| match fact {
            Some((v, s)) => format!("{v} ({})", from(s)),
            None => unknown.clone(),
        };
        let sp_value = match (&id.service_pack, &id.system_file) {
            (None, Some((file, v))) if crate::evidence::roots::lags_the_build(file, *v) => tr!(
                lang,
                "{unknown} (Windows 2000's kernel32.dll version does not follow the service-pack build; ntoskrnl.exe does)",
                "{unknown} (Windows 2000 の kernel32.dll のバージョンはサービスパックのビルドと一致しません。ntoskrnl.exe は一致します)"
            ),
            (fact, _) => value(fact.as_ref().map(|f| (f.value.to_string(), &f.source))),
        };
        field(out, "  ", sp, column, &sp_value)?;
        field(
            out,
            "  ",
            arch,
            column,
            &value(id.arch.as_ref().map(|f| (f.value.to_string(), &f.source))),
        )?;
        let langs = id.languages.as_ref().map(|f| {
            let codes: Vec<&str> = f.value.iter().map(|l| l.code).collect();
            (codes.join(", "), &f.source)
        });
        field(out, "  ", language, column, &value(langs))?;
    }
    let example = config_entry(written, id)
        .unwrap_or_else(|| format!("{{ path = \"{written}\", os = \"…\", service-pack = …, language = \"…\" }}"));
    field(out, "  ", entry, column, &format!("reference = [{example}]"))?;
    if let (None, Some(f)) = (id.edition, &id.families)
        && let [_, .., last] = f.value.as_slice()
    {
        // The entry leaves `os` out (see `config_entry`): say why, and how to narrow it.
        let names = id.release_name().unwrap_or_default();
        let server = f
            .value
            .iter()
            .find(|f| f.name().contains("Server"))
            .unwrap_or(last)
            .name();
        let note = tr!(
            lang,
            "(no `os`: a root of {names} is compared with definitions for each; add os = \"{server}\" to compare it with {server} definitions only)",
            "(`os` なし: この参照ルートは {names} のいずれの定義とも比較します。{server} の定義とだけ比較するには os = \"{server}\" を加えてください)"
        );
        writeln!(out, "  {:column$}  {note}", "")?;
    }
    Ok(())
}

/// A file read, and what could be read of it when it could not be read whole.
struct Read {
    image: Result<PeImage, PeError>,
    facts: Facts,
}

impl Read {
    fn of(path: &Path) -> Read {
        let image = pe::read_path(path);
        let facts = match &image {
            Err(PeError::Truncated | PeError::MalformedHeaders(_) | PeError::MalformedResources(_)) => {
                pe::facts_of_path(path)
            }
            _ => Facts::default(),
        };
        Read { image, facts }
    }
}

/// One element of the JSON array.
#[derive(Serialize)]
struct Report<'a> {
    path: String,
    is_pe: bool,
    machine: Option<String>,
    file_version: Option<String>,
    product_version: Option<String>,
    translations: Option<Vec<JsonTranslation>>,
    strings: Option<Strings<'a>>,
    error: Option<String>,
}

#[derive(Serialize)]
struct JsonTranslation {
    /// `0x0411`.
    language: String,
    codepage: u16,
}

/// The strings as a JSON object in file order, first occurrence of a key kept.
struct Strings<'a>(&'a [(String, String)]);

impl Serialize for Strings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (index, (key, value)) in self.0.iter().enumerate() {
            let earlier = self.0.get(..index).unwrap_or_default();
            if !earlier.iter().any(|(k, _)| k == key) {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

impl<'a> Report<'a> {
    fn new(path: &Path, read: &'a Read, lang: Lang) -> Report<'a> {
        let path = crate::platform::paths::shown(path);
        match &read.image {
            Err(error) => Report {
                path,
                is_pe: read.facts.machine.is_some(),
                machine: read.facts.machine.map(|m| m.to_string()),
                file_version: read.facts.file_version.map(|v| v.to_string()),
                product_version: read.facts.product_version.map(|v| v.to_string()),
                translations: None,
                strings: None,
                error: Some(error.message(lang)),
            },
            Ok(image) => {
                let version = image.version.as_ref();
                Report {
                    path,
                    is_pe: true,
                    machine: Some(image.machine.to_string()),
                    file_version: version.and_then(|v| v.file_version).map(|v| v.to_string()),
                    product_version: version.and_then(|v| v.product_version).map(|v| v.to_string()),
                    translations: Some(
                        version
                            .map(|v| v.translations.as_slice())
                            .unwrap_or_default()
                            .iter()
                            .map(|t| JsonTranslation {
                                language: format!("{:#06x}", t.language),
                                codepage: t.codepage,
                            })
                            .collect(),
                    ),
                    strings: Some(Strings(version.map(|v| v.strings.as_slice()).unwrap_or_default())),
                    error: None,
                }
            }
        }
    }
}

/// ANSI styling, or none.
#[derive(Clone, Copy)]
struct Style {
    color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }
    fn red(self, text: &str) -> String {
        self.paint("31", text)
    }
    fn green(self, text: &str) -> String {
        self.paint("32", text)
    }
}

/// Columns a label takes on a terminal (East Asian wide characters take two).
fn width(text: &str) -> usize {
    text.chars().map(|c| if c >= '\u{1100}' { 2 } else { 1 }).sum()
}

/// Control characters from a file would drive the terminal: show them escaped.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `label:` padded to a column, then the value.
fn field(out: &mut dyn Write, indent: &str, label: &str, column: usize, value: &str) -> io::Result<()> {
    let pad = column.saturating_sub(width(label));
    writeln!(out, "{indent}{label}:{:pad$} {value}", "")
}

fn write_human(out: &mut dyn Write, path: &Path, read: &Read, lang: Lang, style: Style) -> io::Result<()> {
    writeln!(out, "{}", style.bold(&printable(&crate::platform::paths::shown(path))))?;
    let none = tr!(lang, "none", "なし");
    let labels = [
        tr!(lang, "machine", "マシン"),
        tr!(lang, "file version", "ファイル バージョン"),
        tr!(lang, "product version", "製品バージョン"),
        tr!(lang, "translations", "言語とコード ページ"),
        tr!(lang, "resource language", "リソースの言語"),
        tr!(lang, "strings", "文字列"),
        tr!(lang, "in a definition", "定義に書く値"),
        tr!(lang, "version resource", "バージョン リソース"),
    ];
    let column = labels.iter().map(|l| width(l)).max().unwrap_or(0);
    let [
        machine,
        file_version,
        product_version,
        translations,
        language,
        strings,
        pin,
        resource,
    ] = &labels;
    let kind = |is_64: bool| if is_64 { "PE32+" } else { "PE32" };
    let image = match &read.image {
        Err(error) => {
            // What could be read of a cut-short or malformed image, then why it stops there.
            let facts = &read.facts;
            if let Some(m) = facts.machine {
                let m = facts
                    .is_64
                    .map_or_else(|| m.to_string(), |is_64| format!("{m} ({})", kind(is_64)));
                field(out, "  ", machine, column, &m)?;
            }
            if let Some(v) = facts.file_version {
                field(out, "  ", file_version, column, &v.to_string())?;
            }
            if let Some(v) = facts.product_version {
                field(out, "  ", product_version, column, &v.to_string())?;
            }
            let label = tr!(lang, "error", "エラー");
            let message = error.message(lang);
            return writeln!(out, "  {}", style.red(&format!("{label}: {message}")));
        }
        Ok(image) => image,
    };
    field(
        out,
        "  ",
        machine,
        column,
        &format!("{} ({})", image.machine, kind(image.is_64)),
    )?;
    let Some(info) = &image.version else {
        field(out, "  ", resource, column, &none)?;
        return write_unversioned(out, pin, column, lang);
    };
    let version_text = |v: Option<pe::Version>| v.map_or_else(|| none.clone(), |v| v.to_string());
    let file_text = version_text(info.file_version);
    let file_text = if info.file_version.is_some() {
        style.green(&file_text)
    } else {
        file_text
    };
    field(out, "  ", file_version, column, &file_text)?;
    field(out, "  ", product_version, column, &version_text(info.product_version))?;
    field(out, "  ", translations, column, &translation_text(info, &none))?;
    if let Some(l) = info.resource_language {
        field(out, "  ", language, column, &format!("{l:#06x}"))?;
    }
    if info.strings.is_empty() {
        field(out, "  ", strings, column, &none)?;
    } else {
        writeln!(out, "  {strings}:")?;
        let key_column = info
            .strings
            .iter()
            .map(|(k, _)| width(&printable(k)))
            .max()
            .unwrap_or(0);
        for (key, value) in &info.strings {
            field(out, "    ", &printable(key), key_column, &printable(value))?;
        }
    }
    match info.file_version {
        Some(version) => field(out, "  ", pin, column, &format!("version: {version}")),
        None => write_unversioned(out, pin, column, lang),
    }
}

fn translation_text(info: &VersionInfo, none: &str) -> String {
    if info.translations.is_empty() {
        return none.to_owned();
    }
    info.translations
        .iter()
        .map(|t| format!("{:#06x}/{}", t.language, t.codepage))
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_unversioned(out: &mut dyn Write, pin: &str, column: usize, lang: Lang) -> io::Result<()> {
    let hint = tr!(
        lang,
        "no version (an unversioned file: change new or delete, without version)",
        "version なし (バージョンのないファイル: change は new か delete、version は書かない)"
    );
    field(out, "  ", pin, column, &hint)
}

#[cfg(test)]
mod tests {
    use super::{Strings, printable, width};

    #[test]
    fn duplicate_string_keys_keep_the_first() {
        let strings = vec![
            ("FileVersion".to_string(), "1.0".to_string()),
            ("Comments".to_string(), "x".to_string()),
            ("FileVersion".to_string(), "2.0".to_string()),
        ];
        let json = serde_json::to_string(&Strings(&strings)).unwrap_or_default();
        assert_eq!(json, r#"{"FileVersion":"1.0","Comments":"x"}"#);
    }

    #[test]
    fn control_characters_are_escaped_for_terminals() {
        assert_eq!(printable("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\\n");
        assert_eq!(printable("日本語 ©"), "日本語 ©");
    }

    #[test]
    fn an_nt_version_of_a_client_and_a_server_release_is_declared_without_os() {
        use crate::catalog::{Arch, OsFamily};
        use crate::evidence::roots::{Fact, RootIdentity, Source};
        let file = || Source::File("k".into());
        let id = |families: Vec<OsFamily>| RootIdentity {
            path: "r".into(),
            system_file: None,
            families: Some(Fact {
                value: families,
                source: file(),
            }),
            edition: None,
            arch: Some(Fact {
                value: Arch::X64,
                source: file(),
            }),
            service_pack: Some(Fact {
                value: 2,
                source: file(),
            }),
            languages: None,
            problem: None,
        };
        for shared in [
            vec![OsFamily::Xp, OsFamily::Ws2003],
            vec![OsFamily::Win7, OsFamily::Ws2008R2],
        ] {
            assert_eq!(
                super::config_entry("roots/r", &id(shared)).as_deref(),
                Some("{ path = \"roots/r\", service-pack = 2 }")
            );
        }
        assert_eq!(
            super::config_entry("r", &id(vec![OsFamily::Ws2003])).as_deref(),
            Some("{ path = \"r\", os = \"Windows Server 2003\", service-pack = 2 }")
        );
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(width("machine"), 7);
        assert_eq!(width("マシン"), 6);
    }
}
