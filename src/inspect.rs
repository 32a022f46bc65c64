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

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::i18n::Lang;
use crate::pe::{self, Facts, PeError, PeImage, VersionInfo};
use crate::tr;

/// Inspect `paths` and write the result to `out`.
///
/// Returns the exit status: 0 when every file was read as a PE image (with or without a
/// version resource), 1 when at least one could not be (not a PE image, truncated,
/// malformed, unreadable, not a regular file). Every file is reported either way; only a
/// failure to write to `out` is an `Err`.
pub fn run(paths: &[PathBuf], json: bool, lang: Lang, color: bool, out: &mut dyn Write) -> io::Result<i32> {
    let results: Vec<(&Path, Read)> = paths.iter().map(|path| (path.as_path(), Read::of(path))).collect();
    if json {
        let reports: Vec<Report> = results
            .iter()
            .map(|(path, read)| Report::new(path, read, lang))
            .collect();
        serde_json::to_writer_pretty(&mut *out, &reports)?;
        writeln!(out)?;
    } else {
        let style = Style { color };
        for (index, (path, read)) in results.iter().enumerate() {
            if index > 0 {
                writeln!(out)?;
            }
            write_human(out, path, read, lang, style)?;
        }
    }
    Ok(i32::from(results.iter().any(|(_, read)| read.image.is_err())))
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
    fn wide_characters_take_two_columns() {
        assert_eq!(width("machine"), 7);
        assert_eq!(width("マシン"), 6);
    }
}
