//! What a rule sees: one loaded definition with its settings, or all of them.

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model::{Identification, Package};
use crate::rules::RuleMeta;
use crate::source::{SourceFile, Span};
use crate::yaml::{Document, Node};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Settings every rule may read (from the config and the command line).
#[derive(Clone, Debug)]
pub struct Settings {
    /// The language of messages.
    pub lang: Lang,
    /// Reference roots: folders mirroring a target computer's system drive.
    pub reference: Vec<PathBuf>,
    /// The package size above which DPM504 reports (bytes).
    pub package_size_limit: u64,
    /// OS editions that count as supported (None: DPM's auto-update list).
    pub supported_os: Option<Vec<String>>,
    /// Languages that count as supported (None: DPM's auto-update list, Japanese).
    pub supported_languages: Option<Vec<String>>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::En,
            reference: Vec::new(),
            package_size_limit: 300 * 1024 * 1024,
            supported_os: None,
            supported_languages: None,
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
}

/// Why dpmlint holds that a file has no version resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unversioned {
    /// Its extension is a text or non-PE kind (`.ini`, `.cab`, …).
    Extension(String),
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
        }
    }
}

/// One definition, as a per-file rule sees it.
pub struct PackageCtx<'a> {
    /// The definition.
    pub loaded: &'a Loaded,
    /// Settings.
    pub settings: &'a Settings,
}

impl<'a> PackageCtx<'a> {
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
        self.loaded.file.path.as_deref()?.parent()
    }

    /// Whether the file an identification entry names has no version resource, and why.
    /// `None` when there is no such evidence (a versioned kind, or an unknown one).
    pub fn unversioned(&self, path: &str) -> Option<Unversioned> {
        let kind = crate::filekind::by_extension(path);
        if kind.is_unversioned() {
            return crate::filekind::extension(path).map(Unversioned::Extension);
        }
        None
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

/// All definitions, as a repository rule sees them (in a stable order: sorted by file name).
pub struct RepoCtx<'a> {
    /// The definitions.
    pub packages: &'a [Loaded],
    /// Settings.
    pub settings: &'a Settings,
}

impl RepoCtx<'_> {
    /// The language of messages.
    pub fn lang(&self) -> Lang {
        self.settings.lang
    }
}
