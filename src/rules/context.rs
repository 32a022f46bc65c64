//! What a rule sees: one loaded definition with its settings, or all of them.

use crate::catalog::{self, Language, OsEdition};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::load::source::{SourceFile, Span};
use crate::load::yaml::{Document, Node};
use crate::model::installer_name::InstallerName;
use crate::model::{Identification, Package, Spanned};
use crate::report::baseline::Baseline;
use crate::rules::RuleMeta;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

/// Settings every rule may read (from the config and the command line).
#[derive(Clone, Debug)]
pub struct Settings {
    /// The language of messages.
    pub lang: Lang,
    /// Reference roots: folders mirroring a target computer's system drive, with what the config
    /// declares about each (`crate::evidence::roots`).
    pub reference: Vec<crate::evidence::roots::ReferenceRoot>,
    /// `[service-pack-minimum]` of the config (DPM111).
    pub service_pack_minimum: Vec<(crate::evidence::roots::Release, u8)>,
    /// The package size above which DPM504 reports (bytes).
    pub package_size_limit: u64,
    /// OS editions that count as supported (None: DPM's auto-update list).
    pub supported_os: Option<Vec<String>>,
    /// Languages that count as supported (None: DPM's auto-update list, Japanese).
    pub supported_languages: Option<Vec<String>>,
    /// The baseline (`--baseline`): diagnostics it records are not reported.
    pub baseline: Option<Arc<Baseline>>,
    /// IDs of packages registered outside the checked folders (`known-packages`): a
    /// `depends_on` may name them (DPM603).
    pub known_packages: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::En,
            reference: Vec::new(),
            service_pack_minimum: Vec::new(),
            package_size_limit: 300 * 1024 * 1024,
            supported_os: None,
            supported_languages: None,
            baseline: None,
            known_packages: Vec::new(),
        }
    }
}

/// A definition that loaded as a mapping: its file, YAML tree and model.
#[derive(Debug)]
pub struct Loaded {
    /// The file.
    pub file: Arc<SourceFile>,
    /// The YAML tree.
    pub doc: Document,
    /// The model.
    pub package: Package,
    /// The walk's listing of the definition's folder, if it made one.
    pub folder: Option<Arc<crate::load::walk::Listing>>,
    /// The definition's length on disk, when it was read from there (not standard input).
    pub disk_len: Option<u64>,
}

/// Why dpmlint holds that a file has no version resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unversioned {
    /// Its extension is a text or non-PE kind (`.ini`, `.cab`, …).
    Extension(String),
    /// A copy of it was read and is not a PE image (e.g. a text file named `.dll`).
    NotPe {
        /// Where the copy is, as shown.
        copy: String,
    },
    /// A copy of it was read: a PE image without a version resource.
    NoVersionResource {
        /// Where the copy is, as shown.
        copy: String,
    },
}

impl Unversioned {
    /// "its extension `.ini` is a text kind" / 日本語.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Unversioned::Extension(ext) => crate::tr!(
                lang,
                "`.{ext}` files carry no version resource",
                "`.{ext}` ファイルにはバージョンリソースがありません"
            ),
            Unversioned::NotPe { copy } => crate::tr!(
                lang,
                "its copy {copy} is not a PE image, so it carries no version resource",
                "そのコピー {copy} は PE イメージではないため、バージョンリソースがありません"
            ),
            Unversioned::NoVersionResource { copy } => crate::tr!(
                lang,
                "its copy {copy} is a PE image without a version resource",
                "そのコピー {copy} はバージョンリソースのない PE イメージです"
            ),
        }
    }
}

/// A copy of an identified file found on disk, and what reading it gave.
#[derive(Debug)]
pub struct FileCopy {
    /// Where it is, as shown in messages (relative to the package folder, or under its reference root).
    pub shown: String,
    /// Where it is.
    pub path: PathBuf,
    /// True when found in a reference root (else in the package folder).
    pub in_reference: bool,
    /// What the PE reader made of it (shared: a reference file is read once per run).
    pub image: Arc<Result<crate::evidence::pe::PeImage, crate::evidence::pe::PeError>>,
}

impl FileCopy {
    /// The fixed file version, when the copy is a PE image with a version resource.
    pub fn file_version(&self) -> Option<crate::evidence::pe::Version> {
        self.image.as_ref().as_ref().ok()?.version.as_ref()?.file_version
    }
}

/// One definition, as a per-file rule sees it. What several rules need (the parsed installer
/// name, the resolved installer path, …) is computed once, on first use.
pub struct PackageCtx<'a> {
    /// The definition.
    pub loaded: &'a Loaded,
    /// Settings.
    pub settings: &'a Settings,
    targets: OnceLock<Vec<Target<'a>>>,
    installer_name: OnceLock<Option<InstallerName>>,
    /// The installer's path, and whether the package index listed it (a regular file, no link).
    execute_path: OnceLock<Result<(PathBuf, bool), crate::evidence::PathProblem>>,
    installer_image: OnceLock<Option<Result<crate::evidence::pe::PeImage, crate::evidence::pe::PeError>>>,
    package_files: OnceLock<Arc<crate::evidence::PackageFiles>>,
    roots: OnceLock<
        Vec<(
            &'a crate::evidence::roots::ReferenceRoot,
            Arc<crate::evidence::roots::RootIdentity>,
        )>,
    >,
    copies: RefCell<foldhash::HashMap<String, Rc<Vec<FileCopy>>>>,
}

/// A target OS as written, with the catalog's edition when the name is known.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    /// The name as written, with its span.
    pub name: &'a crate::model::Spanned<String>,
    /// The catalog's edition.
    pub edition: Option<&'static OsEdition>,
}

impl Settings {
    /// Whether an OS edition counts as supported (DPM's auto-update list unless the config replaces it).
    pub fn os_supported(&self, edition: &OsEdition) -> bool {
        match &self.supported_os {
            Some(list) => list
                .iter()
                .any(|n| catalog::find_os(n).is_some_and(|e| e.id == edition.id)),
            None => edition.dpm_auto_update,
        }
    }

    /// Whether a language counts as supported (Japanese unless the config replaces it).
    pub fn language_supported(&self, language: &Language) -> bool {
        match &self.supported_languages {
            Some(list) => list
                .iter()
                .any(|n| catalog::find_language(n).is_some_and(|l| l.code == language.code)),
            None => language.dpm_auto_update,
        }
    }
}

impl<'a> PackageCtx<'a> {
    /// The context of one definition.
    pub fn new(loaded: &'a Loaded, settings: &'a Settings) -> Self {
        PackageCtx {
            loaded,
            settings,
            targets: OnceLock::new(),
            installer_name: OnceLock::new(),
            execute_path: OnceLock::new(),
            installer_image: OnceLock::new(),
            package_files: OnceLock::new(),
            roots: OnceLock::new(),
            copies: RefCell::new(foldhash::HashMap::default()),
        }
    }

    /// The target language, when valid.
    pub fn language(&self) -> Option<&'static Language> {
        catalog::find_language(&self.package().language.as_ref()?.value)
    }

    /// The target OS names with their catalog editions.
    pub fn targets(&self) -> &[Target<'a>] {
        self.targets.get_or_init(|| {
            self.package()
                .os_names()
                .iter()
                .map(|name| Target {
                    name,
                    edition: catalog::find_os(&name.value),
                })
                .collect()
        })
    }

    /// The known target editions (names the catalog does not know are left out).
    pub fn editions(&self) -> Vec<&'static OsEdition> {
        self.targets().iter().filter_map(|t| t.edition).collect()
    }

    /// `execute.file`'s name, parsed (the file name only, without folders). `None` without a file.
    pub fn installer_name(&self) -> Option<&InstallerName> {
        self.installer_name
            .get_or_init(|| {
                let file = self.package().execute_file()?;
                let name = file.value.rsplit(['/', '\\']).next().unwrap_or(&file.value);
                Some(InstallerName::parse(name))
            })
            .as_ref()
    }

    /// The span in the definition of a byte range of the installer's file name (as given to
    /// [`InstallerName::parse`]); the whole `execute.file` value when it cannot be mapped.
    pub fn installer_token_span(&self, range: std::ops::Range<usize>) -> Span {
        let Some(file) = self.package().execute_file() else {
            return Span::default();
        };
        let name_start = file.value.len() - file.value.rsplit(['/', '\\']).next().unwrap_or(&file.value).len();
        self.sub_span(file.span, &file.value, name_start + range.start..name_start + range.end)
    }

    /// The file.
    pub fn file(&self) -> &'a Arc<SourceFile> {
        &self.loaded.file
    }

    /// The model.
    pub fn package(&self) -> &'a Package {
        &self.loaded.package
    }

    /// The YAML tree.
    pub fn doc(&self) -> &'a Document {
        &self.loaded.doc
    }

    /// The language of messages.
    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// The folder holding the definition (the package folder), when it is a real file.
    pub fn package_dir(&self) -> Option<&'a Path> {
        // `package.yaml` named alone is in the current folder: `.`, as Windows cannot list "".
        let dir = self.loaded.file.path.as_deref()?.parent()?;
        Some(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
    }

    /// The installer `execute.file` names, resolved inside the package folder (case-insensitively,
    /// as Windows finds it). `Missing` for standard input, which has no folder.
    pub fn execute_path(&self) -> Result<&Path, crate::evidence::PathProblem> {
        self.installer_location()
            .as_ref()
            .map(|(p, _)| p.as_path())
            .map_err(Clone::clone)
    }

    /// [`PackageCtx::execute_path`], and whether the package folder's index found it (a regular
    /// file, no link: opened without looking at the path first).
    fn installer_location(&self) -> &Result<(PathBuf, bool), crate::evidence::PathProblem> {
        use crate::evidence::{Lookup, PathProblem};
        self.execute_path.get_or_init(|| {
            let (Some(file), Some(dir)) = (self.package().execute_file(), self.package_dir()) else {
                return Err(PathProblem::Missing);
            };
            // Most installers sit directly in the package folder, already listed for the rules
            // that read it: found (or known missing) there without looking at the disk again.
            match self.package_files().lookup(dir, &file.value) {
                Lookup::Found(found) => Ok((found, true)),
                Lookup::Missing => Err(PathProblem::Missing),
                Lookup::OnDisk => crate::evidence::resolve_windows(dir, &file.value).map(|p| (p, false)),
            }
        })
    }

    /// What the PE reader makes of the installer (`None` when it cannot be found).
    pub fn installer_image(&self) -> Option<&Result<crate::evidence::pe::PeImage, crate::evidence::pe::PeError>> {
        self.installer_image
            .get_or_init(|| {
                let (path, listed) = self.installer_location().as_ref().ok()?;
                Some(if *listed {
                    crate::evidence::pe::read_listed(path)
                } else {
                    crate::evidence::pe::read_path(path)
                })
            })
            .as_ref()
    }

    /// Every file under the package folder, by lower-cased file name, with their total size:
    /// one walk per folder, shared by the definitions in it (`evidence::package_files`).
    pub fn package_files(&self) -> &crate::evidence::PackageFiles {
        self.package_files.get_or_init(|| match self.package_dir() {
            Some(dir) => crate::evidence::package_files(dir, self.loaded.folder.as_ref()),
            None => Arc::default(),
        })
    }

    /// The total size of the package folder's files (DPM504): the sizes of the files this check
    /// has read (the definition, the installer, the identified files' copies) are not asked of
    /// the disk again.
    pub fn package_size(&self) -> u64 {
        let known = |path: &Path| -> Option<u64> {
            if self.loaded.file.path.as_deref() == Some(path) {
                return self.loaded.disk_len;
            }
            let read = |image: &Result<crate::evidence::pe::PeImage, _>| image.as_ref().ok().map(|i| i.file_len);
            if let (Some(Ok((p, _))), Some(Some(image))) = (self.execute_path.get(), self.installer_image.get())
                && p == path
            {
                return read(image);
            }
            let copies = self.copies.borrow();
            let copy = copies.values().flat_map(|c| c.iter()).find(|c| c.path == path)?;
            read(&copy.image)
        };
        self.package_files().size(&known)
    }

    /// The reference roots this definition is compared with: those whose target matches its
    /// target OS, architecture and language, and those that cannot be identified
    /// ([`crate::evidence::roots::RootIdentity::matches`]), each with what dpmlint holds it to be.
    pub fn reference_roots(
        &self,
    ) -> &[(
        &'a crate::evidence::roots::ReferenceRoot,
        Arc<crate::evidence::roots::RootIdentity>,
    )] {
        self.roots.get_or_init(|| {
            let editions = self.editions();
            let language = self.language();
            self.settings
                .reference
                .iter()
                .map(|r| (r, r.identity()))
                .filter(|(_, id)| id.matches(&editions, language))
                .collect()
        })
    }

    /// Copies of the file an identification `path` names: files of the same name in the package
    /// folder (e.g. an extracted payload), then the file in each reference root (rules.md: "a copy
    /// of the file"). Each copy is read once per definition.
    pub fn copies(&self, path: &str) -> Rc<Vec<FileCopy>> {
        if let Some(c) = self.copies.borrow().get(path) {
            return Rc::clone(c);
        }
        let mut out = Vec::new();
        let name = crate::model::winpath::file_name(path).to_lowercase();
        let dir = self.package_dir();
        if !name.is_empty() {
            for p in self.package_files().by_name.get(&name).into_iter().flatten() {
                let shown = dir
                    .and_then(|d| p.strip_prefix(d).ok())
                    .unwrap_or(p)
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(FileCopy {
                    shown,
                    path: p.clone(),
                    in_reference: false,
                    // The index holds regular files reached without a link: opened as listed.
                    image: Arc::new(crate::evidence::pe::read_listed(p)),
                });
            }
        }
        for (root, _) in self.reference_roots() {
            if let ReferenceFile::Found(p, image) = reference_file(&root.path, path) {
                let shown = crate::load::discover::display_name(&p, crate::platform::paths::current_dir());
                out.push(FileCopy {
                    shown,
                    path: p,
                    in_reference: true,
                    image,
                });
            }
        }
        let rc = Rc::new(out);
        self.copies.borrow_mut().insert(path.to_string(), Rc::clone(&rc));
        rc
    }

    /// Whether the file an identification entry names has no version resource, and why.
    /// Evidence from a copy of the file wins over its extension: a copy with a version resource
    /// makes it versioned; copies that are not PE images, or PE images without a version
    /// resource, make it unversioned. `None` when there is no such evidence.
    pub fn unversioned(&self, path: &str) -> Option<Unversioned> {
        let copies = self.copies(path);
        let mut verdict = None;
        for c in copies.iter() {
            match c.image.as_ref() {
                Ok(img) if img.version.is_some() => return None,
                Ok(_) => verdict = verdict.or(Some(Unversioned::NoVersionResource { copy: c.shown.clone() })),
                Err(crate::evidence::pe::PeError::NotPe) => {
                    verdict = verdict.or(Some(Unversioned::NotPe { copy: c.shown.clone() }))
                }
                Err(_) => {}
            }
        }
        if verdict.is_some() {
            return verdict;
        }
        let kind = crate::model::filekind::by_extension(path);
        if kind.is_unversioned() {
            return crate::model::filekind::extension(path).map(Unversioned::Extension);
        }
        None
    }

    /// The span of `range` (bytes of the cooked value) inside a scalar value at `span`, when the
    /// source writes the value verbatim (plain, or quoted without escapes); else the whole span.
    pub fn sub_span(&self, span: Span, value: &str, range: std::ops::Range<usize>) -> Span {
        let src = self.file().slice(span);
        let offset = if src == value {
            Some(0)
        } else if src.len() == value.len() + 2
            && (src.starts_with('\'') || src.starts_with('"'))
            && &src[1..src.len() - 1] == value
        {
            Some(1)
        } else {
            None
        };
        match offset {
            Some(o) if range.end <= value.len() => Span::new(span.start + o + range.start, span.start + o + range.end),
            _ => span,
        }
    }

    /// The YAML mapping an identification entry was read from.
    pub fn identification_node(&self, entry: &Identification) -> Option<&'a Node> {
        let items = self.doc().root.get("identification")?.value.as_seq()?;
        items.iter().find(|n| n.span == entry.span)
    }

    /// A diagnostic of `meta` at `span` in this file.
    pub fn diag(&self, meta: &'static RuleMeta, span: Span, message: String) -> Diagnostic {
        Diagnostic::new(meta, &self.loaded.file, span, message)
    }
}

/// What the repository rules (DPM6xx) read of one definition. It is made right after the
/// definition's per-file rules ran, so its YAML tree and model are dropped then and a run holds
/// one small summary per definition, not every tree.
#[derive(Debug)]
pub struct Summary {
    /// The file (the repository rules' diagnostics point into it).
    pub file: Arc<SourceFile>,
    /// `id`, with the span of its value.
    pub id: Option<Spanned<String>>,
    /// The 1-based line of `id` (0 without one): the file's text may be let go before the
    /// repository rules run.
    pub id_line: usize,
    /// `depends_on`'s entries (none without the field).
    pub depends_on: Vec<Spanned<String>>,
    /// What identifies the definition as a hotfix to DPM (DPM602), when it is one.
    pub hotfix: Option<Box<crate::rules::dpm602_duplicate_target::Identity>>,
    /// The service-pack package it is, if one (DPM111 reads `depends_on` on it).
    pub service_pack: Option<Box<crate::rules::dpm111_sp_prerequisite::SpPackage>>,
    /// Its targets on which the bulletin lists its KB only at some service-pack levels (DPM111).
    pub sp_candidates: Vec<crate::rules::dpm111_sp_prerequisite::Candidate>,
}

impl Summary {
    /// The summary of one definition. What only DPM111 reads of the definition itself (its
    /// targets' service-pack levels, with reference roots identified for them) is taken only when
    /// its `selection` runs DPM111: its findings land in this file alone.
    pub fn of(ctx: &PackageCtx, selection: &crate::load::config::Selection) -> Summary {
        let package = ctx.package();
        let sp_prerequisite = &crate::rules::dpm111_sp_prerequisite::META;
        Summary {
            file: Arc::clone(ctx.file()),
            id: package.id.as_ref().map(|f| Spanned {
                span: f.span,
                value: f.value.clone(),
            }),
            id_line: package
                .id
                .as_ref()
                .map_or(0, |f| ctx.file().line_col(f.span.start).line),
            depends_on: package.depends_on.as_ref().map_or_else(Vec::new, |d| d.value.clone()),
            hotfix: crate::rules::dpm602_duplicate_target::identity_of(ctx).map(Box::new),
            service_pack: crate::rules::dpm111_sp_prerequisite::sp_package(ctx).map(Box::new),
            sp_candidates: match selection.level(sp_prerequisite) {
                Some(_) => crate::rules::dpm111_sp_prerequisite::candidates(ctx),
                None => Vec::new(),
            },
        }
    }

    /// Every span a repository rule may report at (the baseline keys of its diagnostics are
    /// taken from the tree there before the tree is dropped).
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        let id = self.id.iter().map(|f| f.span);
        let deps = self.depends_on.iter().map(|d| d.span);
        let sp = self.sp_candidates.iter().flat_map(|c| c.spans());
        id.chain(deps).chain(self.hotfix.as_ref().map(|h| h.ms_span)).chain(sp)
    }
}

/// All definitions, as a repository rule sees them (in a stable order: sorted by file name).
pub struct RepoCtx<'a> {
    /// The definitions.
    pub packages: &'a [&'a Summary],
    /// Settings (the run's language; the first definition's config).
    pub settings: &'a Settings,
    /// Each definition's own settings, from its config (`package_settings[i]` is `packages[i]`'s).
    pub package_settings: &'a [&'a Settings],
}

impl RepoCtx<'_> {
    /// The language of messages.
    pub fn lang(&self) -> Lang {
        self.settings.lang
    }
}

/// What a reference root holds at a Windows path.
#[derive(Clone)]
pub enum ReferenceFile {
    /// Something is there, with what the PE reader made of it: a folder, FIFO, socket or device
    /// is `Err(NotAFile)`, found without ever opening it.
    Found(
        PathBuf,
        Arc<Result<crate::evidence::pe::PeImage, crate::evidence::pe::PeError>>,
    ),
    /// Nothing is there, or the path cannot be mapped into the root (another drive, malformed).
    Missing,
    /// A folder on the way has too many entries to look in (`evidence::MAX_DIR_ENTRIES`): the
    /// file may be there; the run's warning names the folder.
    GaveUp,
}

/// The file a Windows `path` names under a reference root that mirrors a target's system drive:
/// `%SystemRoot%`/`%windir%` → `Windows` (or `WINNT`), `%SystemDrive%` and `C:` → the root,
/// `%ProgramFiles%` → `Program Files`, … looked up case-insensitively. Never leaves the root.
fn reference_copy(root: &Path, path: &str) -> Result<PathBuf, crate::evidence::PathProblem> {
    use crate::evidence::PathProblem;
    let wp = crate::model::winpath::parse(path).map_err(|_| PathProblem::Missing)?;
    if !wp.root.drive().eq_ignore_ascii_case(&'C') {
        return Err(PathProblem::Missing);
    }
    let mut problem = PathProblem::Missing;
    for windows_dir in [crate::model::winpath::WINDOWS_DIR, crate::model::winpath::WINNT_DIR] {
        let folders = wp.root.folders(windows_dir);
        let parts: Vec<&str> = folders
            .iter()
            .copied()
            .chain(wp.components.iter().map(String::as_str))
            .collect();
        match crate::evidence::resolve_windows(root, &parts.join("/")) {
            Ok(p) => return Ok(p),
            Err(e @ PathProblem::TooManyEntries(_)) => problem = e,
            Err(_) => {}
        }
        if !matches!(wp.root, crate::model::winpath::Root::SystemRoot) {
            break;
        }
    }
    Err(problem)
}

/// The reference files read in this run, by root and lower-cased Windows path.
fn reference_cache() -> &'static std::sync::Mutex<HashMap<(PathBuf, String), ReferenceFile>> {
    static CACHE: OnceLock<std::sync::Mutex<HashMap<(PathBuf, String), ReferenceFile>>> = OnceLock::new();
    CACHE.get_or_init(|| std::sync::Mutex::new(HashMap::new()))
}

/// Forget the reference files read so far: a long-running process (the language server) calls it
/// before each lint, so a reference root's changed files are read again.
pub fn forget_reference_files() {
    if let Ok(mut c) = reference_cache().lock() {
        c.clear();
    }
}

/// What the reference root `root` holds at the Windows `path`, looked up and read once per run
/// for each root and path: ten thousand definitions naming `%SystemRoot%\system32\netapi32.dll`
/// read the reference copy once.
pub fn reference_file(root: &Path, path: &str) -> ReferenceFile {
    let key = (root.to_path_buf(), path.to_lowercase());
    let cache = reference_cache();
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let read = match reference_copy(root, path) {
        Ok(p) => {
            let image = Arc::new(crate::evidence::pe::read_path(&p));
            ReferenceFile::Found(p, image)
        }
        Err(crate::evidence::PathProblem::TooManyEntries(_)) => ReferenceFile::GaveUp,
        Err(_) => ReferenceFile::Missing,
    };
    if let Ok(mut c) = cache.lock() {
        c.insert(key, read.clone());
    }
    read
}
