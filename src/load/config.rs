//! `dpmlint.toml`: for each definition the nearest one, in the definition's folder or a parent
//! (then in the current folder or a parent), as ruff finds its config; or the one given with
//! `--config`, for every definition.
//!
//! The nearest config is used whole: configs are not merged, so a `dpmlint.toml` in a package
//! folder replaces the repository's for the definitions under it. Paths in a config (`reference`)
//! are relative to the config's folder. Every error points into the config file (exit status 2).

use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::rules::{RULES, RuleMeta};
use crate::tr;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The config file's name.
pub const FILE_NAME: &str = "dpmlint.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    required_version: Option<Spanned<String>>,
    fail_on: Option<Spanned<String>>,
    reference: Option<Vec<Spanned<toml::Value>>>,
    known_packages: Option<Vec<Spanned<String>>>,
    package_size_limit: Option<Spanned<toml::Value>>,
    rules: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    supported: Option<RawSupported>,
    include: Option<Vec<Spanned<String>>>,
    extend_include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    service_pack_minimum: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
}

/// A `reference` entry written as a table: `{ path = "…", os = "…", service-pack = 4, language = "ja" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRoot {
    path: Spanned<String>,
    os: Option<Spanned<String>>,
    service_pack: Option<Spanned<i64>>,
    language: Option<Spanned<String>>,
}

/// `RawRoot` read from an inline table's own text, so its keys and values keep their spans.
#[derive(Debug, Deserialize)]
struct RawRootWrapper {
    r: RawRoot,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSupported {
    os: Option<Vec<Spanned<String>>>,
    languages: Option<Vec<Spanned<String>>>,
}

/// What a rule is set to in `[rules]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    /// Not run.
    Off,
    /// Run at this severity.
    Severity(Severity),
}

/// A config, validated.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Where it was read from.
    pub path: Option<PathBuf>,
    /// `fail-on`
    pub fail_on: Option<Severity>,
    /// `reference`, resolved against the config's folder, with what each entry declares.
    pub reference: Vec<crate::evidence::roots::ReferenceRoot>,
    /// `[service-pack-minimum]`: the lowest service-pack level the managed computers of a release
    /// (an edition or a release family) run (DPM111).
    pub service_pack_minimum: Vec<(crate::evidence::roots::Release, u8)>,
    /// `known-packages`: IDs of packages registered outside the checked folders (DPM603).
    pub known_packages: Vec<String>,
    /// `package-size-limit` in bytes.
    pub package_size_limit: Option<u64>,
    /// `[rules]`, by code.
    pub rules: BTreeMap<String, RuleLevel>,
    /// `[supported] os`
    pub supported_os: Option<Vec<String>>,
    /// `[supported] languages`
    pub supported_languages: Option<Vec<String>>,
    /// `include`, `extend-include`, `exclude`: which files are definitions.
    pub names: crate::load::names::DefinitionNames,
}

/// A config error: the file, the span in it and the message.
#[derive(Debug)]
pub struct ConfigError {
    /// The config file.
    pub path: PathBuf,
    /// Its text (for the snippet).
    pub text: String,
    /// Where (byte range), if known.
    pub span: Option<std::ops::Range<usize>>,
    /// What is wrong.
    pub message: String,
}

/// Find `dpmlint.toml` in `start` or a parent.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved by name (links are not
/// followed, so a package folder reached through a link finds the config above the link).
pub fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = cwd.join(path);
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Finds the config that applies to each definition: the nearest `dpmlint.toml` upward from the
/// definition's folder, else the one upward from the current folder, else none. Each folder is
/// looked at once per run, however many definitions are under it.
#[derive(Debug)]
pub struct Resolver {
    cwd: PathBuf,
    /// The answer for each folder looked at ([`folder_key`]).
    memo: foldhash::HashMap<folder_key::Owned, Option<PathBuf>>,
}

/// How the config lookups key a folder (or a config file) made by [`absolute`] or a parent of one.
/// On Unix its path's text: such paths are spelled alike when equal, and text hashes faster than
/// a path's components. On Windows the path itself, which compares `c:` and `C:` as one drive.
pub mod folder_key {
    use std::path::Path;

    /// An owned key.
    #[cfg(not(windows))]
    pub type Owned = std::ffi::OsString;
    /// An owned key.
    #[cfg(windows)]
    pub type Owned = std::path::PathBuf;

    /// The key of `path`, borrowed.
    #[cfg(not(windows))]
    pub fn of(path: &Path) -> &std::ffi::OsStr {
        path.as_os_str()
    }
    /// The key of `path`, borrowed.
    #[cfg(windows)]
    pub fn of(path: &Path) -> &Path {
        path
    }
}

impl Resolver {
    /// A resolver for a run in `cwd` (absolute).
    pub fn new(cwd: &Path) -> Resolver {
        Resolver {
            cwd: cwd.to_path_buf(),
            memo: foldhash::HashMap::default(),
        }
    }

    /// The nearest `dpmlint.toml` in `dir` (absolute, as [`absolute`] makes it) or a parent;
    /// `surely_none`: `dir` itself has none (its listing says so).
    fn upward(&mut self, dir: &Path, surely_none: bool) -> Option<PathBuf> {
        let mut visited: Vec<folder_key::Owned> = Vec::new();
        let mut found = None;
        let mut at = Some(dir);
        while let Some(d) = at {
            if let Some(hit) = self.memo.get(folder_key::of(d)) {
                found = hit.clone();
                break;
            }
            visited.push(folder_key::of(d).to_owned());
            let candidate = d.join(FILE_NAME);
            if !(surely_none && d == dir) && candidate.is_file() {
                found = Some(candidate);
                break;
            }
            at = d.parent();
        }
        for d in visited {
            self.memo.insert(d, found.clone());
        }
        found
    }

    /// The config for the definitions directly in `dir` (relative to the current folder, or
    /// absolute): the nearest upward from `dir`, else the nearest upward from the current folder.
    pub fn for_folder(&mut self, dir: &Path) -> Option<PathBuf> {
        let dir = absolute(dir, &self.cwd);
        self.nearest(&dir)
    }

    /// [`Resolver::for_folder`] of a folder already made absolute.
    fn nearest(&mut self, dir: &Path) -> Option<PathBuf> {
        self.nearest_known(dir, false)
    }

    /// [`Resolver::nearest`], told whether `dir` surely has no config.
    fn nearest_known(&mut self, dir: &Path, surely_none: bool) -> Option<PathBuf> {
        match self.upward(dir, surely_none) {
            Some(found) => Some(found),
            None => {
                let cwd = self.cwd.clone();
                self.upward(&cwd, false)
            }
        }
    }

    /// The config for the files of the walked folder `dir` (absolute), whose listing is
    /// `siblings`: a folder listed without a `dpmlint.toml` is not looked at again.
    pub fn for_walked_folder(&mut self, dir: &Path, siblings: &super::walk::Siblings) -> Option<PathBuf> {
        self.nearest_known(dir, !siblings.may_have(FILE_NAME))
    }

    /// The config for the definition at `path` (a file; standard input is named by
    /// `--stdin-filename`, or is in the current folder).
    pub fn for_file(&mut self, path: &Path) -> Option<PathBuf> {
        let abs = absolute(path, &self.cwd);
        match abs.parent() {
            Some(dir) => self.nearest(dir),
            None => {
                let cwd = self.cwd.clone();
                self.nearest(&cwd)
            }
        }
    }
}

/// A service-pack level as the config writes it: an integer 0–6.
fn sp_level(value: &toml::Value) -> Option<u8> {
    match value {
        toml::Value::Integer(i) if (0..=6).contains(i) => u8::try_from(*i).ok(),
        _ => None,
    }
}

/// One `reference` entry: a path, or a table declaring the root's target. Errors carry the span
/// in the config's text.
fn reference_root(
    entry: &Spanned<toml::Value>,
    text: &str,
    base: &Path,
    lang: Lang,
) -> Result<crate::evidence::roots::ReferenceRoot, (std::ops::Range<usize>, String)> {
    let span = entry.span();
    let (path, path_span, declared) = match entry.get_ref() {
        toml::Value::String(s) => (s.clone(), span.clone(), crate::evidence::roots::Declared::default()),
        toml::Value::Table(_) => {
            // An inline table is read again from its own text, so each key and value keeps its
            // span; a `[[reference]]` table is read from its values, its errors shown at the entry.
            let prefix = "r = ";
            let own = text.get(span.clone()).unwrap_or_default();
            let inline = own.trim_start().starts_with('{');
            let shift = |r: std::ops::Range<usize>| {
                if !inline {
                    return span.clone();
                }
                let start = (span.start + r.start).saturating_sub(prefix.len()).max(span.start);
                let end = (span.start + r.end).saturating_sub(prefix.len()).max(start);
                start..end
            };
            let source = if inline {
                format!("{prefix}{own}")
            } else {
                let mut wrapped = toml::Table::new();
                wrapped.insert("r".to_string(), entry.get_ref().clone());
                toml::to_string(&wrapped).unwrap_or_default()
            };
            let raw: RawRootWrapper = toml::from_str(&source).map_err(|e| {
                let m = e.message();
                (
                    e.span().map_or(span.clone(), shift),
                    tr!(lang, "a `reference` entry: {m}", "`reference` の項目: {m}"),
                )
            })?;
            let r = raw.r;
            let mut declared = crate::evidence::roots::Declared::default();
            if let Some(os) = &r.os {
                let release = crate::evidence::roots::Release::find(os.get_ref()).ok_or_else(|| {
                    let hint = crate::catalog::suggest_os(os.get_ref())
                        .map(|s| tr!(lang, "; did you mean \"{s}\"?", "。\"{s}\" の誤りではありませんか"))
                        .unwrap_or_default();
                    (
                        shift(os.span()),
                        tr!(
                            lang,
                            "\"{}\" is not a known Windows edition or release{hint}",
                            "\"{}\" は既知の Windows エディションやリリースではありません{hint}",
                            os.get_ref()
                        ),
                    )
                })?;
                declared.os = Some(release);
            }
            if let Some(sp) = &r.service_pack {
                let level = sp_level(&toml::Value::Integer(*sp.get_ref())).ok_or_else(|| {
                    (
                        shift(sp.span()),
                        tr!(
                            lang,
                            "a service-pack level is a number from 0 to 6",
                            "サービスパックのレベルは 0 から 6 の数で書きます"
                        ),
                    )
                })?;
                declared.service_pack = Some(level);
            }
            if let Some(l) = &r.language {
                let found = crate::catalog::find_language(l.get_ref()).ok_or_else(|| {
                    let hint = crate::catalog::suggest_language(l.get_ref())
                        .map(|s| tr!(lang, "; did you mean \"{s}\"?", "。\"{s}\" の誤りではありませんか"))
                        .unwrap_or_default();
                    (
                        shift(l.span()),
                        tr!(
                            lang,
                            "\"{}\" is not a known language{hint}",
                            "\"{}\" は既知の言語ではありません{hint}",
                            l.get_ref()
                        ),
                    )
                })?;
                declared.language = Some(found);
            }
            (r.path.get_ref().clone(), shift(r.path.span()), declared)
        }
        _ => {
            return Err((
                span,
                tr!(
                    lang,
                    "a `reference` entry is a folder's path or a table such as {{ path = \"reference/w2k-sp4\", os = \"Windows 2000 Server\", service-pack = 4, language = \"ja\" }}",
                    "`reference` の項目はフォルダのパスか、{{ path = \"reference/w2k-sp4\", os = \"Windows 2000 Server\", service-pack = 4, language = \"ja\" }} のような表で書きます"
                ),
            ));
        }
    };
    let root = base.join(&path);
    if !root.is_dir() {
        // A relative root as seen from the current folder; one from the root of a drive as
        // written (Windows would add the current drive).
        let shown = if Path::new(&path).has_root() {
            path.clone()
        } else {
            crate::platform::paths::shown(&root)
        };
        return Err((
            path_span,
            tr!(
                lang,
                "reference root {shown} is not a folder (a `reference` path is relative to the config's folder)",
                "参照ルート {shown} はフォルダではありません (`reference` のパスは設定ファイルのフォルダからの相対パスです)"
            ),
        ));
    }
    Ok(crate::evidence::roots::ReferenceRoot {
        path: root,
        declared,
        written: Some(path),
    })
}

/// Parse a byte size: `300MiB`, `1.5GB`, `1000000` (bytes).
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let num: f64 = num.parse().ok()?;
    let mult: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let v = num * mult;
    (v.is_finite() && (0.0..1.8e19).contains(&v)).then_some(v as u64)
}

impl Config {
    /// Read and validate a config file.
    pub fn load(path: &Path, lang: Lang) -> Result<Config, ConfigError> {
        /// A config is a few dozen lines; 1 MiB is far more than any needs.
        const MAX_CONFIG_SIZE: u64 = 1024 * 1024;
        let text = crate::load::source::read_bounded(path, MAX_CONFIG_SIZE).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            text: String::new(),
            span: None,
            message: {
                let shown = crate::platform::paths::shown(path);
                tr!(lang, "cannot read {shown}: {e}", "{shown} を読めません: {e}")
            },
        })?;
        Config::parse(path, &text, lang)
    }

    /// Parse and validate a config's text.
    pub fn parse(path: &Path, text: &str, lang: Lang) -> Result<Config, ConfigError> {
        let err = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
            path: path.to_path_buf(),
            text: text.to_string(),
            span,
            message,
        };
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let m = e.message();
            err(e.span(), tr!(lang, "{m}", "dpmlint.toml として読めません: {m}"))
        })?;
        let mut cfg = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        if let Some(req) = &raw.required_version {
            let parsed = semver::VersionReq::parse(req.get_ref()).map_err(|e| {
                err(
                    Some(req.span()),
                    tr!(
                        lang,
                        "`required-version` is not a semver requirement: {e}",
                        "`required-version` が semver の要件になっていません: {e}"
                    ),
                )
            })?;
            let ours = semver::Version::parse(env!("CARGO_PKG_VERSION")).unwrap_or(semver::Version::new(0, 0, 0));
            if !parsed.matches(&ours) {
                return Err(err(
                    Some(req.span()),
                    tr!(
                        lang,
                        "this config requires dpmlint {}, but this is dpmlint {ours}",
                        "この設定は dpmlint {} を必要としますが、この dpmlint は {ours} です",
                        req.get_ref()
                    ),
                ));
            }
        }
        if let Some(f) = &raw.fail_on {
            cfg.fail_on = Some(Severity::parse(f.get_ref()).ok_or_else(|| {
                err(
                    Some(f.span()),
                    tr!(
                        lang,
                        "`fail-on` must be \"error\", \"warning\" or \"info\", not \"{}\"",
                        "`fail-on` は \"error\"、\"warning\"、\"info\" のいずれかです (\"{}\" は使えません)",
                        f.get_ref()
                    ),
                )
            })?);
        }
        let base = path.parent().unwrap_or(Path::new("."));
        for entry in raw.reference.iter().flatten() {
            let root = reference_root(entry, text, base, lang).map_err(|(span, m)| err(Some(span), m))?;
            cfg.reference.push(root);
        }
        for (name, level) in raw.service_pack_minimum.iter().flatten() {
            let Some(release) = crate::evidence::roots::Release::find(name.get_ref()) else {
                return Err(err(
                    Some(name.span()),
                    tr!(
                        lang,
                        "\"{}\" is not a Windows release dpmlint knows (a release such as \"Windows Server 2003\" or an edition such as \"Windows Server 2003 Standard Edition\")",
                        "\"{}\" は dpmlint の知る Windows のリリースではありません (\"Windows Server 2003\" のようなリリースか、\"Windows Server 2003 Standard Edition\" のようなエディションを書きます)",
                        name.get_ref()
                    ),
                ));
            };
            let sp = sp_level(level.get_ref()).ok_or_else(|| {
                err(
                    Some(level.span()),
                    tr!(
                        lang,
                        "a service-pack level is a number from 0 to 6",
                        "サービスパックのレベルは 0 から 6 の数で書きます"
                    ),
                )
            })?;
            let highest = release.max_service_pack();
            if sp > highest {
                let name = release.name();
                return Err(err(
                    Some(level.span()),
                    tr!(
                        lang,
                        "{name} has no service pack {sp}: the highest level the catalog lists for it is {highest}",
                        "{name} にサービスパック {sp} はありません。カタログにある最も高いレベルは {highest} です"
                    ),
                ));
            }
            cfg.service_pack_minimum.push((release, sp));
        }
        for id in raw.known_packages.iter().flatten() {
            let text = id.get_ref();
            if text.trim().is_empty() || text.trim() != text {
                return Err(err(
                    Some(id.span()),
                    tr!(
                        lang,
                        "`known-packages` holds package IDs as `depends_on` names them, not \"{text}\"",
                        "`known-packages` には `depends_on` に書くとおりのパッケージ ID を書きます (\"{text}\" は使えません)"
                    ),
                ));
            }
            cfg.known_packages.push(text.clone());
        }
        if let Some(limit) = &raw.package_size_limit {
            let bytes = match limit.get_ref() {
                toml::Value::Integer(i) if *i >= 0 => Some(*i as u64),
                toml::Value::String(s) => parse_size(s),
                _ => None,
            };
            cfg.package_size_limit = Some(bytes.ok_or_else(|| {
                err(
                    Some(limit.span()),
                    tr!(
                        lang,
                        "`package-size-limit` must be a size such as \"300MiB\" or a number of bytes",
                        "`package-size-limit` は \"300MiB\" のようなサイズか、バイト数で書きます"
                    ),
                )
            })?);
        }
        for (code, level) in raw.rules.iter().flatten() {
            let Some(rule) = crate::rules::find_rule(code.get_ref()) else {
                return Err(err(
                    Some(code.span()),
                    tr!(
                        lang,
                        "`{}` is not a dpmlint rule (see `dpmlint rules`)",
                        "`{}` は dpmlint のルールではありません (一覧は `dpmlint rules`)",
                        code.get_ref()
                    ),
                ));
            };
            let lvl = match level.get_ref().as_str() {
                "off" => RuleLevel::Off,
                s => RuleLevel::Severity(Severity::parse(s).ok_or_else(|| {
                    err(
                        Some(level.span()),
                        tr!(
                            lang,
                            "a rule's level is \"off\", \"info\", \"warning\" or \"error\", not \"{s}\"",
                            "ルールのレベルは \"off\"、\"info\"、\"warning\"、\"error\" のいずれかです (\"{s}\" は使えません)"
                        ),
                    )
                })?),
            };
            cfg.rules.insert(rule.meta().code.to_string(), lvl);
        }
        {
            let list = |v: &Option<Vec<Spanned<String>>>| -> Vec<String> {
                v.iter().flatten().map(|p| p.get_ref().clone()).collect()
            };
            let include = raw.include.as_ref().map(|_| list(&raw.include));
            cfg.names = crate::load::names::DefinitionNames::from_config(
                base,
                include.as_deref(),
                &list(&raw.extend_include),
                &list(&raw.exclude),
            )
            .map_err(|bad| {
                let spanned = match bad.key {
                    "include" => &raw.include,
                    "extend-include" => &raw.extend_include,
                    _ => &raw.exclude,
                };
                let span = spanned.as_ref().and_then(|v| v.get(bad.index)).map(Spanned::span);
                let (key, reason) = (bad.key, bad.reason);
                err(
                    span,
                    tr!(
                        lang,
                        "`{key}` holds a pattern that is not a glob: {reason}",
                        "`{key}` にグロブとして正しくないパターンがあります: {reason}"
                    ),
                )
            })?;
        }
        if let Some(sup) = &raw.supported {
            // Each name the catalog must know, else an error at it with the nearest known one.
            let known = |names: &Vec<Spanned<String>>,
                         is_known: &dyn Fn(&str) -> bool,
                         suggest: &dyn Fn(&str) -> Option<&'static str>,
                         what: (&str, &str)|
             -> Result<Vec<String>, ConfigError> {
                if let Some(name) = names.iter().find(|n| !is_known(n.get_ref())) {
                    let hint = suggest(name.get_ref())
                        .map(|s| tr!(lang, "; did you mean \"{s}\"?", "。\"{s}\" の誤りではありませんか"))
                        .unwrap_or_default();
                    let (what_en, what_ja) = what;
                    return Err(err(
                        Some(name.span()),
                        tr!(
                            lang,
                            "\"{}\" is not a known {what_en}{hint}",
                            "\"{}\" は既知の{what_ja}ではありません{hint}",
                            name.get_ref()
                        ),
                    ));
                }
                Ok(names.iter().map(|s| s.get_ref().clone()).collect())
            };
            if let Some(os) = &sup.os {
                let found = |n: &str| crate::catalog::find_os(n).is_some();
                cfg.supported_os = Some(known(
                    os,
                    &found,
                    &crate::catalog::suggest_os,
                    ("Windows edition", " Windows エディション"),
                )?);
            }
            if let Some(langs) = &sup.languages {
                let found = |n: &str| crate::catalog::find_language(n).is_some();
                cfg.supported_languages = Some(known(
                    langs,
                    &found,
                    &crate::catalog::suggest_language,
                    ("language", "言語"),
                )?);
            }
        }
        Ok(cfg)
    }
}

/// Which rules run, and at what severity: `--select`/`--ignore` (codes or family prefixes such as
/// `DPM4`) and the config's `[rules]`.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
    levels: BTreeMap<String, RuleLevel>,
}

/// A selector that matches no rule.
#[derive(Debug)]
pub struct UnknownSelector(pub String);

fn matches(selector: &str, code: &str) -> bool {
    selector.eq_ignore_ascii_case("ALL") || code.to_ascii_uppercase().starts_with(&selector.to_ascii_uppercase())
}

impl Selection {
    /// Build from the command line's selectors and the config's levels.
    pub fn new(
        select: &[String],
        ignore: &[String],
        levels: BTreeMap<String, RuleLevel>,
    ) -> Result<Selection, UnknownSelector> {
        let split = |v: &[String]| -> Vec<String> {
            v.iter()
                .flat_map(|s| s.split(','))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        // `--select ''` (an empty selector, e.g. from an unset shell variable) selects nothing: say so
        // rather than run every rule.
        if let Some(empty) = select
            .iter()
            .chain(ignore)
            .find(|s| s.split(',').all(|p| p.trim().is_empty()))
        {
            return Err(UnknownSelector(empty.clone()));
        }
        let (select, ignore) = (split(select), split(ignore));
        for s in select.iter().chain(&ignore) {
            if !RULES.iter().any(|r| matches(s, r.meta().code)) {
                return Err(UnknownSelector(s.clone()));
            }
        }
        Ok(Selection { select, ignore, levels })
    }

    /// The severity `rule` runs at, or `None` when it does not run.
    pub fn level(&self, rule: &RuleMeta) -> Option<Severity> {
        let code = rule.code;
        let selected = self.select.is_empty() || self.select.iter().any(|s| matches(s, code));
        let ignored = self.ignore.iter().any(|s| matches(s, code));
        // The longest matching selector wins when a code is both selected and ignored (ruff's rule).
        let selected = match (selected, ignored) {
            (true, true) => {
                let best_sel = self
                    .select
                    .iter()
                    .filter(|s| matches(s, code))
                    .map(|s| s.len())
                    .max()
                    .unwrap_or(0);
                let best_ign = self
                    .ignore
                    .iter()
                    .filter(|s| matches(s, code))
                    .map(|s| s.len())
                    .max()
                    .unwrap_or(0);
                best_sel > best_ign
            }
            (s, _) => s,
        };
        if !selected {
            return None;
        }
        match self.levels.get(code) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::Severity(s)) => Some(*s),
            None => Some(rule.severity),
        }
    }

    /// The severity of a rule by code (`None` when not running).
    pub fn level_of(&self, code: &str) -> Option<Severity> {
        crate::rules::find_rule(code).and_then(|r| self.level(r.meta()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_has_one_key_however_the_system_spells_it() {
        assert_eq!(
            folder_key::of(Path::new("/w/a")),
            folder_key::of(&absolute(Path::new("./a"), Path::new("/w")))
        );
        assert_ne!(folder_key::of(Path::new("/w/a")), folder_key::of(Path::new("/w/b")));
        // On Windows `c:` and `C:` are one drive.
        #[cfg(windows)]
        assert_eq!(folder_key::of(Path::new("c:\\w")), folder_key::of(Path::new("C:\\w")));
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("300MiB"), Some(300 * 1024 * 1024));
        assert_eq!(parse_size("1.5 GB"), Some(1_500_000_000));
        assert_eq!(parse_size("42"), Some(42));
        assert_eq!(parse_size("lots"), None);
    }

    #[test]
    fn errors_point_into_the_file() {
        let text = "fail-on = \"sometimes\"\n";
        let e = Config::parse(Path::new("dpmlint.toml"), text, Lang::En).unwrap_err();
        assert_eq!(e.span, Some(10..21));
        let text = "[rules]\nDPM999 = \"off\"\n";
        let e = Config::parse(Path::new("dpmlint.toml"), text, Lang::En).unwrap_err();
        assert_eq!(&text[e.span.clone().unwrap()], "DPM999");
        let e = Config::parse(Path::new("dpmlint.toml"), "colour = 1\n", Lang::En).unwrap_err();
        assert_eq!(e.span, Some(0..6));
        let e = Config::parse(Path::new("dpmlint.toml"), "required-version = \">=99\"\n", Lang::En).unwrap_err();
        assert!(e.message.contains("requires dpmlint >=99"));
        let text = "[supported]\nos = [\"Windows Server 2003 Standard Edition\", \"Windows Server 2033\"]\n";
        let e = Config::parse(Path::new("dpmlint.toml"), text, Lang::En).unwrap_err();
        assert_eq!(&text[e.span.clone().unwrap()], "\"Windows Server 2033\"");
        let e = Config::parse(
            Path::new("dpmlint.toml"),
            "[supported]\nlanguages = [\"klingon\"]\n",
            Lang::En,
        )
        .unwrap_err();
        assert!(e.message.contains("not a known language"));
    }

    #[test]
    fn a_reference_root_that_is_not_a_folder_points_at_its_path() {
        let text = "fail-on = \"error\"\nreference = [\".\", \"/nope\"]\n";
        let e = Config::parse(Path::new("dpmlint.toml"), text, Lang::En).unwrap_err();
        assert_eq!(&text[e.span.clone().unwrap()], "\"/nope\"");
        assert_eq!(
            e.message,
            "reference root /nope is not a folder (a `reference` path is relative to the config's folder)"
        );
        let e = Config::parse(Path::new("dpmlint.toml"), text, Lang::Ja).unwrap_err();
        assert_eq!(
            e.message,
            "参照ルート /nope はフォルダではありません (`reference` のパスは設定ファイルのフォルダからの相対パスです)"
        );
    }

    #[test]
    fn selection_by_prefix() {
        let s = Selection::new(&["DPM0".into()], &["DPM007".into()], BTreeMap::new()).unwrap();
        assert_eq!(s.level_of("DPM002"), Some(Severity::Error));
        assert_eq!(s.level_of("DPM007"), None);
        assert_eq!(s.level_of("DPM601"), None);
        assert!(Selection::new(&["DPM9".into()], &[], BTreeMap::new()).is_err());
    }
}
