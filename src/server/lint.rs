//! Linting an open document as `check` lints the file at its path: the in-memory text, with the
//! package folder's evidence (installer, payload) and the profile of the `dpmlint.toml` nearest to
//! the document (its reference roots, rule levels, supported lists).

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::linter::{self, Input, Profile};
use crate::load::config::{self, Config};
use crate::platform::paths;
use crate::tr;
use std::path::Path;

/// What linting a document gave.
#[derive(Default)]
pub struct Outcome {
    /// The diagnostics, sorted by offset and code.
    pub diagnostics: Vec<Diagnostic>,
    /// Why nothing was checked (the config cannot be used), worded for the user.
    pub problem: Option<String>,
}

/// Whether the file at `path` (absolute) is a definition: as its nearest config's `include`,
/// `extend-include` and `exclude` say, as `check` decides in a folder it walks (by default
/// `package.yaml`, `*.dpm.yaml`, …; a config that cannot be read leaves the default, and is
/// reported when the document is linted).
pub fn is_definition(path: &Path) -> bool {
    let found = config::Resolver::new(paths::current_dir()).for_file(path);
    match found.and_then(|p| Config::load(&p, Lang::En).ok()) {
        Some(cfg) => cfg.names.is_definition(path),
        None => crate::load::names::DefinitionNames::default().is_definition(path),
    }
}

/// The profile of the definition at `path` (absolute): the nearest config's, as `check` finds it.
pub fn profile_for(path: &Path, lang: Lang) -> Result<Profile, String> {
    let cwd = paths::current_dir();
    let found = config::Resolver::new(cwd).for_file(path);
    let cfg = match &found {
        Some(p) => Config::load(p, lang).map_err(|e| {
            let shown = paths::shown(&e.path);
            let at = match (&e.span, e.text.get(..e.span.as_ref().map_or(0, |s| s.start))) {
                (Some(_), Some(before)) => format!(":{}", before.matches('\n').count() + 1),
                _ => String::new(),
            };
            let message = &e.message;
            tr!(
                lang,
                "{shown}{at}: {message}; nothing was checked until the config is fixed",
                "{shown}{at}: {message}。設定ファイルを直すまで検査しません"
            )
        })?,
        None => Config::default(),
    };
    let profile = Profile::from_config(&cfg, lang, &[], &[], &[]).map_err(|e| e.0)?;
    if let Some(r) = profile.settings.reference.iter().find(|r| !r.path.is_dir()) {
        let shown = paths::shown(&r.path);
        let config = found.as_deref().map(paths::shown).unwrap_or_default();
        return Err(tr!(
            lang,
            "reference root {shown} (in {config}) is not a folder; nothing was checked",
            "参照ルート {shown} ({config}) はフォルダではありません。検査していません"
        ));
    }
    Ok(profile)
}

/// Lint `text` as the definition at `path` (absolute).
pub fn lint(path: &Path, text: &str, lang: Lang) -> Outcome {
    // A long-running process: what the files said at the last lint may have changed since.
    crate::evidence::forget_listings();
    crate::rules::context::forget_reference_files();
    crate::evidence::roots::forget_identities();
    let profile = match profile_for(path, lang) {
        Ok(p) => p,
        Err(problem) => {
            return Outcome {
                diagnostics: Vec::new(),
                problem: Some(problem),
            };
        }
    };
    let input = Input {
        name: crate::load::discover::display_name(path, paths::current_dir()),
        path: Some(path.to_path_buf()),
        content: Some(text.as_bytes().to_vec()),
        listed: false,
        folder: Default::default(),
        tag: None,
    };
    let (_, mut diagnostics) = linter::lint_single(&input, &profile.settings, &profile.selection);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Outcome {
        diagnostics,
        problem: None,
    }
}
