//! Reference roots and the target each one is a copy of.
//!
//! A reference root mirrors a target computer's system drive. Each root knows which Windows
//! release, architecture, service-pack level and language it is (spec rules.md, "Reference roots
//! know their target"): as declared in the config (`{ path = "…", os = "Windows 2000 Server",
//! service-pack = 4, language = "ja" }`), or else from its own system files: `ntoskrnl.exe`, then
//! `kernel32.dll`, under `Windows\system32` or `WINNT\system32` (found case-insensitively). Their
//! fixed file version gives the NT version, so the release, and by the builds of the OS catalog the
//! service pack (not from Windows 2000's `kernel32.dll`, whose version lags the build); their PE machine the architecture; the version-resource translation the language
//! on NT5 releases, the `xx-XX` MUI folders under `system32` on NT6. A field the config declares
//! wins over what the files say.
//!
//! The evidence rules (DPM406, DPM409, DPM111) compare a definition only with the roots that match
//! its target ([`RootIdentity::matches`]). A root that cannot be identified, or whose release is none
//! of the catalog's, matches every target as before, and is reported once per run
//! ([`unidentified_roots`]).

use crate::catalog::{self, Arch, Language, OsEdition, OsFamily};
use crate::evidence::pe::Version;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// A reference root as configured: its folder and what the config declares about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceRoot {
    /// The folder.
    pub path: PathBuf,
    /// What the config declares (nothing for a plain path or `--reference DIR`).
    pub declared: Declared,
    /// The path as the config writes it (relative to the config's folder), when the root comes
    /// from a config.
    pub written: Option<String>,
}

impl ReferenceRoot {
    /// A root declared by its path alone: identified from its files.
    pub fn plain(path: PathBuf) -> ReferenceRoot {
        ReferenceRoot {
            path,
            declared: Declared::default(),
            written: None,
        }
    }

    /// The `path` a `reference` entry gives this root, with `/`: as the config that declares it
    /// writes it; else relative to the folder of the nearest config (`dpmlint.toml` in the root's
    /// folder or a parent), else as given.
    pub fn config_path(&self) -> String {
        if let Some(w) = &self.written {
            return w.replace('\\', "/");
        }
        let cwd = crate::platform::paths::current_dir();
        let absolute = crate::load::config::absolute(&self.path, cwd);
        let from_config =
            crate::load::config::discover(&absolute).and_then(|c| c.parent().map(|d| relative(&absolute, d)));
        from_config
            .unwrap_or_else(|| crate::platform::paths::shown(&self.path))
            .replace('\\', "/")
    }

    /// What dpmlint holds this root to be (computed once per run and root).
    pub fn identity(&self) -> Arc<RootIdentity> {
        identity(self)
    }
}

/// `path` relative to the folder `base` (both absolute, resolved by name): `../roots/w2k3`.
fn relative(path: &Path, base: &Path) -> String {
    let p: Vec<_> = path.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out: Vec<String> = vec!["..".to_string(); b.len() - common];
    out.extend(
        p.iter()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if out.is_empty() { ".".to_string() } else { out.join("/") }
}

/// A release as the config names it: an edition of the OS catalog (`Windows 2000 Server`) or a
/// release family (`Windows Server 2003`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Release {
    /// An edition: its family, and its architecture when it has one.
    Edition(&'static OsEdition),
    /// A release family, every edition and architecture.
    Family(OsFamily),
}

impl Release {
    /// Find a release by an edition name ([`catalog::find_os`]) or a family name
    /// (`Windows Server 2008`, case and blanks ignored).
    pub fn find(name: &str) -> Option<Release> {
        if let Some(e) = catalog::find_os(name) {
            return Some(Release::Edition(e));
        }
        family_by_name(name).map(Release::Family)
    }

    /// The family.
    pub fn family(self) -> OsFamily {
        match self {
            Release::Edition(e) => e.family,
            Release::Family(f) => f,
        }
    }

    /// The highest service-pack level the catalog lists for it (0 when it lists none).
    pub fn max_service_pack(self) -> u8 {
        let editions: Vec<&OsEdition> = match self {
            Release::Edition(e) => vec![e],
            Release::Family(f) => catalog::os_editions().iter().filter(|e| e.family == f).collect(),
        };
        editions
            .iter()
            .flat_map(|e| e.service_packs.iter().map(|sp| sp.sp))
            .max()
            .unwrap_or(0)
    }

    /// The name to show.
    pub fn name(self) -> &'static str {
        match self {
            Release::Edition(e) => e.dpm_name,
            Release::Family(f) => f.name(),
        }
    }
}

/// The release family named `name` (`Windows Server 2003`; case and runs of blanks ignored), among
/// the families the OS catalog has editions of.
pub fn family_by_name(name: &str) -> Option<OsFamily> {
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let wanted = fold(name);
    catalog::os_editions()
        .iter()
        .map(|e| e.family)
        .find(|f| fold(f.name()) == wanted)
}

/// What the config declares about a root; each field left out is identified from the files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Declared {
    /// `os`
    pub os: Option<Release>,
    /// `service-pack`
    pub service_pack: Option<u8>,
    /// `language`
    pub language: Option<&'static Language>,
}

impl Declared {
    /// Whether the config declares anything.
    pub fn is_empty(&self) -> bool {
        self.os.is_none() && self.service_pack.is_none() && self.language.is_none()
    }
}

/// Where a fact about a root comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The config declares it.
    Config,
    /// A system file of the root (its fixed version, machine or translation).
    File(PathBuf),
    /// The MUI folders under `system32` (NT6).
    MuiFolders(PathBuf),
}

/// A fact and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact<T> {
    /// The fact.
    pub value: T,
    /// Its source.
    pub source: Source,
}

/// What a root is, as far as the config and its files tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RootIdentity {
    /// The root.
    pub path: PathBuf,
    /// The system file read (`…/system32/ntoskrnl.exe`) and its fixed version, when one was read.
    pub system_file: Option<(PathBuf, Version)>,
    /// The release families it can be: one when declared; from the NT version those that share
    /// it (`6.0` is Windows Vista and Windows Server 2008). Empty: not identified.
    pub families: Option<Fact<Vec<OsFamily>>>,
    /// The edition, when the config declares one.
    pub edition: Option<&'static OsEdition>,
    /// The architecture.
    pub arch: Option<Fact<Arch>>,
    /// The service-pack level.
    pub service_pack: Option<Fact<u8>>,
    /// The languages (NT6 systems can have several MUI folders).
    pub languages: Option<Fact<Vec<&'static Language>>>,
    /// Why the release is not known, when it is not.
    pub problem: Option<Problem>,
}

/// Why a root's release is not known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Neither `ntoskrnl.exe` nor `kernel32.dll` is under `Windows\system32` or `WINNT\system32`.
    NoSystemFile,
    /// The system file could not be read as a PE image with a fixed version: why, in English and
    /// in Japanese.
    Unreadable(PathBuf, [String; 2]),
    /// The NT version is none of the catalog's releases.
    UnknownRelease(PathBuf, Version),
}

impl RootIdentity {
    /// Whether the release is known (declared, or read from the files and in the catalog).
    pub fn is_identified(&self) -> bool {
        self.families.is_some()
    }

    /// Whether a definition for `editions` (the known target editions) in `language` is compared
    /// with this root. An unidentified root matches every target; so does a definition whose
    /// targets the catalog does not know. Otherwise one target edition must be of one of the root's
    /// families and, when the root's architecture is known, exist for it; and when both languages
    /// are known, the root must have the definition's.
    pub fn matches(&self, editions: &[&OsEdition], language: Option<&Language>) -> bool {
        let Some(families) = &self.families else {
            return true;
        };
        if editions.is_empty() {
            return true;
        }
        let os = editions
            .iter()
            .any(|e| families.value.contains(&e.family) && self.arch.as_ref().is_none_or(|a| e.has_arch(a.value)));
        let lang = match (&self.languages, language) {
            (Some(have), Some(want)) => have.value.iter().any(|l| l.code == want.code),
            _ => true,
        };
        os && lang
    }

    /// The release as shown: `Windows 2000 Server`, `Windows Vista / Windows Server 2008`.
    pub fn release_name(&self) -> Option<String> {
        if let Some(e) = self.edition {
            return Some(e.dpm_name.to_string());
        }
        let f = self.families.as_ref()?;
        Some(f.value.iter().map(|f| f.name()).collect::<Vec<_>>().join(" / "))
    }

    /// One line: `Windows 2000 Server SP4 x86 ja`, the unknown parts left out.
    pub fn summary(&self) -> Option<String> {
        let mut out = self.release_name()?;
        if let Some(sp) = &self.service_pack {
            out.push_str(&format!(" SP{}", sp.value));
        }
        if let Some(a) = &self.arch {
            out.push_str(&format!(" {}", a.value));
        }
        if let Some(l) = &self.languages {
            for lang in &l.value {
                out.push_str(&format!(" {}", lang.code));
            }
        }
        Some(out)
    }
}

/// The Windows folders a root may have.
const WINDOWS_FOLDERS: [&str; 2] = [crate::model::winpath::WINDOWS_DIR, crate::model::winpath::WINNT_DIR];
/// The system files that tell the release, in order.
const SYSTEM_FILES: [&str; 2] = ["ntoskrnl.exe", "kernel32.dll"];

/// The `system32` folder of a root (`Windows\system32` or `WINNT\system32`, any case).
fn system32(root: &Path) -> Option<PathBuf> {
    WINDOWS_FOLDERS.iter().find_map(|w| {
        crate::evidence::find_case_insensitive(root, &[w, "system32"])
            .ok()
            .filter(|p| p.is_dir())
    })
}

/// Whether the catalog's edition `e` is NT version `major.minor` on `arch` (any when unknown).
fn edition_is(e: &OsEdition, major: u16, minor: u16, arch: Option<Arch>) -> bool {
    e.nt_version.split_once('.') == Some((major.to_string().as_str(), minor.to_string().as_str()))
        && arch.is_none_or(|a| e.has_arch(a))
}

/// The families of the catalog's editions of NT version `major.minor` on `arch` (5.2 on x86 is
/// Windows Server 2003; on x64 also Windows XP x64).
fn families_of(major: u16, minor: u16, arch: Option<Arch>) -> Vec<OsFamily> {
    let mut out: Vec<OsFamily> = Vec::new();
    for e in catalog::os_editions() {
        if edition_is(e, major, minor, arch) && !out.contains(&e.family) {
            out.push(e.family);
        }
    }
    out.sort();
    out
}

/// The service-pack level of a system file's version: the highest level whose build (in the
/// catalog's editions of its NT version on `arch`) is at or below it. `None` when none applies.
pub fn service_pack_of(version: Version, arch: Option<Arch>) -> Option<u8> {
    let mut level: Option<u8> = None;
    for e in catalog::os_editions() {
        if !edition_is(e, version.0[0], version.0[1], arch) {
            continue;
        }
        let at = e
            .service_packs
            .iter()
            .filter(|sp| sp.version.parse::<Version>().is_ok_and(|v| v <= version))
            .map(|sp| sp.sp)
            .max();
        match (level, at) {
            (_, None) => {}
            (None, Some(a)) => level = Some(a),
            (Some(l), Some(a)) if l == a => {}
            // Editions of one NT version that disagree (Vista at 6.0.6000 is SP0; Server 2008 starts
            // at 6.0.6001): the higher level is the one whose build the file reaches.
            (Some(l), Some(a)) => level = Some(l.max(a)),
        }
    }
    level
}

/// The languages of the `xx-XX` folders under `system32` (NT6 MUI folders), in name order.
fn mui_languages(system32: &Path) -> Vec<&'static Language> {
    let mut found: Vec<(String, &'static Language)> = Vec::new();
    let Ok(entries) = std::fs::read_dir(system32) else {
        return Vec::new();
    };
    // A real system32 has a few thousand entries; a bound keeps a hostile folder cheap.
    for entry in entries.take(crate::evidence::MAX_DIR_ENTRIES).flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((lang, region)) = name.split_once('-') else {
            continue;
        };
        let shaped = (2..=3).contains(&lang.len())
            && lang.bytes().all(|b| b.is_ascii_alphabetic())
            && region.len() == 2
            && region.bytes().all(|b| b.is_ascii_alphabetic());
        if !shaped || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if let Some(l) = catalog::find_language(&name)
            && !found.iter().any(|(_, f)| f.code == l.code)
        {
            found.push((name, l));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.into_iter().map(|(_, l)| l).collect()
}

/// Whether a system file's version tells no service-pack level: the kernel's version is the OS
/// build the catalog lists, but Windows 2000's `kernel32.dll` lags it (5.0.2195.6688 at SP4, below
/// SP4's 5.0.2195.6717).
pub fn lags_the_build(file: &Path, version: Version) -> bool {
    file.file_name().is_some_and(|n| n.eq_ignore_ascii_case("kernel32.dll")) && version.0[..2] == [5, 0]
}

/// Identify a root from its files, then apply what the config declares.
pub fn identify(root: &ReferenceRoot) -> RootIdentity {
    let mut id = RootIdentity {
        path: root.path.clone(),
        system_file: None,
        families: None,
        edition: None,
        arch: None,
        service_pack: None,
        languages: None,
        problem: None,
    };
    let sys = system32(&root.path);
    let mut problem = Some(Problem::NoSystemFile);
    if let Some(sys) = &sys {
        for name in SYSTEM_FILES {
            let Ok(file) = crate::evidence::find_case_insensitive(sys, &[name]) else {
                continue;
            };
            let image = match crate::evidence::pe::read_path(&file) {
                Ok(image) => image,
                Err(e) => {
                    let why = [e.message(crate::i18n::Lang::En), e.message(crate::i18n::Lang::Ja)];
                    problem = problem
                        .filter(|p| *p != Problem::NoSystemFile)
                        .or(Some(Problem::Unreadable(file.clone(), why)));
                    continue;
                }
            };
            let Some(version) = image.version.as_ref().and_then(|v| v.file_version) else {
                let why = [
                    "no version resource".to_string(),
                    "バージョンリソースがありません".to_string(),
                ];
                problem = problem
                    .filter(|p| *p != Problem::NoSystemFile)
                    .or(Some(Problem::Unreadable(file.clone(), why)));
                continue;
            };
            let source = Source::File(file.clone());
            id.system_file = Some((file.clone(), version));
            let arch = image.machine.arch();
            id.arch = arch.map(|a| Fact {
                value: a,
                source: source.clone(),
            });
            let families = families_of(version.0[0], version.0[1], arch);
            if families.is_empty() {
                problem = Some(Problem::UnknownRelease(file.clone(), version));
                break;
            }
            problem = None;
            let lags = lags_the_build(&file, version);
            id.service_pack = service_pack_of(version, arch).filter(|_| !lags).map(|sp| Fact {
                value: sp,
                source: source.clone(),
            });
            if version.0[0] <= 5 {
                let langs: Vec<&'static Language> = image
                    .version
                    .iter()
                    .flat_map(|v| v.translations.iter())
                    .filter_map(|t| catalog::language_by_langid(t.language))
                    .fold(Vec::new(), |mut acc, l| {
                        if !acc.iter().any(|a: &&Language| a.code == l.code) {
                            acc.push(l);
                        }
                        acc
                    });
                if !langs.is_empty() {
                    id.languages = Some(Fact {
                        value: langs,
                        source: source.clone(),
                    });
                }
            } else {
                let langs = mui_languages(sys);
                if !langs.is_empty() {
                    id.languages = Some(Fact {
                        value: langs,
                        source: Source::MuiFolders(sys.clone()),
                    });
                }
            }
            id.families = Some(Fact {
                value: families,
                source,
            });
            break;
        }
    }
    id.problem = problem;
    apply_declared(&mut id, &root.declared);
    id
}

fn apply_declared(id: &mut RootIdentity, d: &Declared) {
    if let Some(os) = d.os {
        let family = os.family();
        // What the files said about another release no longer holds.
        if id.families.as_ref().is_some_and(|f| !f.value.contains(&family)) {
            id.service_pack = None;
        }
        id.families = Some(Fact {
            value: vec![family],
            source: Source::Config,
        });
        id.problem = None;
        if let Release::Edition(e) = os {
            id.edition = Some(e);
            if let [arch] = e.arches.as_slice() {
                id.arch = Some(Fact {
                    value: *arch,
                    source: Source::Config,
                });
            }
        }
    }
    if let Some(sp) = d.service_pack {
        id.service_pack = Some(Fact {
            value: sp,
            source: Source::Config,
        });
    }
    if let Some(l) = d.language {
        id.languages = Some(Fact {
            value: vec![l],
            source: Source::Config,
        });
    }
}

type Identities = Mutex<HashMap<ReferenceRoot, Arc<RootIdentity>>>;

fn identities() -> &'static Identities {
    static CACHE: OnceLock<Identities> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

impl std::hash::Hash for ReferenceRoot {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.path.hash(state);
        self.declared.service_pack.hash(state);
        self.declared.language.map(|l| l.code).hash(state);
        self.declared.os.map(Release::name).hash(state);
    }
}

/// The unidentified roots of the run: why, and the path a `reference` entry gives each.
type Unidentified = Mutex<BTreeMap<PathBuf, (Problem, String)>>;

fn unidentified() -> &'static Unidentified {
    static SET: OnceLock<Unidentified> = OnceLock::new();
    SET.get_or_init(|| Mutex::new(BTreeMap::new()))
}

/// What `root` is, identified once per run (a process-wide cache, as reference files are read
/// once). A root whose release stays unknown is recorded for the run's warning.
pub fn identity(root: &ReferenceRoot) -> Arc<RootIdentity> {
    if let Some(hit) = identities().lock().ok().and_then(|c| c.get(root).cloned()) {
        return hit;
    }
    let id = Arc::new(identify(root));
    if let Some(problem) = &id.problem
        && !id.is_identified()
        && let Ok(mut set) = unidentified().lock()
    {
        set.insert(root.path.clone(), (problem.clone(), root.config_path()));
    }
    if let Ok(mut c) = identities().lock() {
        c.insert(root.clone(), Arc::clone(&id));
    }
    id
}

/// The roots used in this run whose release could not be identified, why, and the `path` a
/// `reference` entry gives each ([`ReferenceRoot::config_path`]): the run warns about each once,
/// with how to declare it.
pub fn unidentified_roots() -> Vec<(PathBuf, Problem, String)> {
    unidentified()
        .lock()
        .map(|s| s.iter().map(|(p, (r, w))| (p.clone(), r.clone(), w.clone())).collect())
        .unwrap_or_default()
}

/// Forget what was identified: the language server calls it before each lint.
pub fn forget_identities() {
    if let Ok(mut c) = identities().lock() {
        c.clear();
    }
    if let Ok(mut s) = unidentified().lock() {
        s.clear();
    }
}

impl Problem {
    /// Why, in words.
    pub fn describe(&self, lang: crate::i18n::Lang) -> String {
        use crate::tr;
        match self {
            Problem::NoSystemFile => tr!(
                lang,
                "it has no ntoskrnl.exe or kernel32.dll under Windows/system32 or WINNT/system32",
                "Windows/system32 にも WINNT/system32 にも ntoskrnl.exe と kernel32.dll がありません"
            ),
            Problem::Unreadable(file, [why_en, why_ja]) => {
                let why = if lang == crate::i18n::Lang::Ja { why_ja } else { why_en };
                let shown = crate::load::discover::display_name(file, crate::platform::paths::current_dir());
                tr!(
                    lang,
                    "its {shown} gives no file version ({why})",
                    "{shown} からファイルバージョンを読めません ({why})"
                )
            }
            Problem::UnknownRelease(file, version) => {
                let shown = crate::load::discover::display_name(file, crate::platform::paths::current_dir());
                tr!(
                    lang,
                    "its {shown} is version {version}, of no Windows release dpmlint knows",
                    "{shown} のバージョン {version} は dpmlint の知る Windows のリリースのものではありません"
                )
            }
        }
    }
}

/// The run's warning about a root that cannot be identified, with how to declare it: `written` is
/// the path its `reference` entry gives it ([`ReferenceRoot::config_path`]).
pub fn warning(path: &Path, problem: &Problem, written: &str, lang: crate::i18n::Lang) -> String {
    use crate::tr;
    let cwd = crate::platform::paths::current_dir();
    let shown = crate::load::discover::display_name(&crate::load::config::absolute(path, cwd), cwd);
    let why = problem.describe(lang);
    tr!(
        lang,
        "dpmlint: warning: reference root {shown} could not be identified: {why}; it is compared with every definition. Declare its target in dpmlint.toml, for example: reference = [{{ path = \"{written}\", os = \"Windows Server 2003 Standard Edition\", service-pack = 2, language = \"ja\" }}]",
        "dpmlint: 警告: 参照ルート {shown} の OS を特定できません: {why}。すべての定義と比較します。dpmlint.toml で対象を宣言してください。例: reference = [{{ path = \"{written}\", os = \"Windows Server 2003 Standard Edition\", service-pack = 2, language = \"ja\" }}]"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_packs_from_builds() {
        let v = |s: &str| s.parse::<Version>().unwrap();
        let x86 = Some(Arch::X86);
        assert_eq!(service_pack_of(v("5.0.2195.6717"), x86), Some(4));
        assert_eq!(service_pack_of(v("5.0.2195.7203"), x86), Some(4));
        assert_eq!(service_pack_of(v("5.0.2195.5438"), x86), Some(3));
        assert_eq!(
            families_of(6, 0, Some(Arch::X64)),
            vec![OsFamily::Vista, OsFamily::Ws2008]
        );
        assert_eq!(service_pack_of(v("6.0.6001.22000"), Some(Arch::X64)), Some(1));
        assert_eq!(service_pack_of(v("6.0.6002.18005"), Some(Arch::X64)), Some(2));
        assert_eq!(families_of(5, 2, x86), vec![OsFamily::Ws2003]);
        assert_eq!(families_of(5, 2, Some(Arch::X64)), vec![OsFamily::Xp, OsFamily::Ws2003]);
        assert_eq!(service_pack_of(v("5.2.3790.4392"), x86), Some(2));
        assert!(families_of(10, 0, None).is_empty());
    }

    #[test]
    fn releases_by_edition_or_family() {
        assert!(matches!(
            Release::find("Windows 2000 Server"),
            Some(Release::Edition(_))
        ));
        assert_eq!(
            Release::find("windows server  2008"),
            Some(Release::Family(OsFamily::Ws2008))
        );
        assert_eq!(Release::find("Windows 2000"), Some(Release::Family(OsFamily::W2k)));
        assert_eq!(Release::find("Windows 95"), None);
    }
}
