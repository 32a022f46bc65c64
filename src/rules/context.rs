//! What a rule sees: one loaded definition with its settings, or all of them.

use crate::baseline::Baseline;
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model::Package;
use crate::rules::RuleMeta;
use crate::source::{SourceFile, Span};
use crate::yaml::Document;
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
    /// The baseline (`--baseline`): diagnostics it records are not reported.
    pub baseline: Option<Arc<Baseline>>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::En,
            reference: Vec::new(),
            package_size_limit: 300 * 1024 * 1024,
            supported_os: None,
            supported_languages: None,
            baseline: None,
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
