//! Linting: load each definition, run the per-file rules in parallel, run the repository rules,
//! then apply suppressions, severities and the selection. Output is sorted, so it is the same
//! whatever the number of threads.

use crate::baseline;
use crate::config::{Config, Selection, UnknownSelector};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model;
use crate::rules::{self, Loaded, PackageCtx, RULES, RepoCtx, Settings};
use crate::source::SourceFile;
use crate::suppression;
use crate::yaml;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The largest definition dpmlint reads (1 MiB); a larger file is DPM001.
pub const MAX_DEFINITION_SIZE: u64 = 1024 * 1024;

/// A definition to lint.
#[derive(Clone, Debug)]
pub struct Input {
    /// The name shown in output.
    pub name: String,
    /// Where it is on disk (`None` for stdin).
    pub path: Option<PathBuf>,
    /// Its content when already read (stdin, or a fix in progress).
    pub content: Option<Vec<u8>>,
}

/// One file's outcome.
pub struct FileResult {
    /// The source, when it could be read as text.
    pub file: Arc<SourceFile>,
    /// The loaded definition, when it is a YAML mapping.
    pub loaded: Option<Loaded>,
    /// Its diagnostics before suppressions and selection.
    pub diagnostics: Vec<Diagnostic>,
}

/// The outcome of a run.
pub struct LintResult {
    /// Every reported diagnostic, sorted by file, offset, code.
    pub diagnostics: Vec<Diagnostic>,
    /// How many definitions were checked.
    pub files_checked: usize,
    /// The sources, by file (for reporters and fixes), in input order.
    pub files: Vec<Arc<SourceFile>>,
    /// The baseline key of each diagnostic (file, code, node path and fingerprint), in the same
    /// order as `diagnostics`: what `--write-baseline` records, and the stable fingerprint
    /// reporters give CI systems.
    pub keys: Vec<baseline::Entry>,
}

fn read(input: &Input) -> Result<Vec<u8>, rules::dpm001_invalid_yaml::Problem<'static>> {
    use crate::source::ReadProblem;
    use rules::dpm001_invalid_yaml::Problem;
    if let Some(c) = &input.content {
        // Standard input is read up to one byte past the limit (see `discover::inputs`).
        if c.len() as u64 > MAX_DEFINITION_SIZE {
            return Err(Problem::TooLarge {
                size: None,
                limit: MAX_DEFINITION_SIZE,
            });
        }
        return Ok(c.clone());
    }
    let Some(path) = &input.path else { return Ok(Vec::new()) };
    crate::source::read_definition_bytes(path, MAX_DEFINITION_SIZE).map_err(|p| match p {
        ReadProblem::TooLarge(size) => Problem::TooLarge {
            size,
            limit: MAX_DEFINITION_SIZE,
        },
        p => Problem::Unreadable { error: p.to_string() },
    })
}

/// The text to show of a file that is not UTF-8: the valid part as it is, then every byte that is
/// not printable ASCII as U+FFFD, so no stray decoding (Shift_JIS bytes that happen to form a
/// Hangul syllable) and no control character (a NUL) reaches the report. Offsets stay the file's
/// as long as the valid part lasts.
fn shown_as_far_as_valid(bytes: &[u8], valid: usize) -> String {
    let (good, rest) = bytes.split_at(valid);
    let mut out = String::from_utf8_lossy(good).into_owned();
    out.extend(rest.iter().map(|&b| match b {
        b'\n' | b'\r' | b'\t' | 0x20..=0x7e => char::from(b),
        _ => char::REPLACEMENT_CHARACTER,
    }));
    out
}

/// Load one definition and run the per-file rules that `selection` enables.
pub fn lint_file(input: &Input, settings: &Settings, selection: &Selection) -> FileResult {
    use rules::dpm001_invalid_yaml::{Problem, diagnostic};
    let lang = settings.lang;
    let fail = |text: String, problem: Problem| {
        let file = SourceFile::new(input.name.clone(), input.path.clone(), text);
        let d = diagnostic(&file, lang, problem);
        FileResult {
            file,
            loaded: None,
            diagnostics: vec![d],
        }
    };
    let bytes = match read(input) {
        Ok(b) => b,
        Err(p) => return fail(String::new(), p),
    };
    // UTF-16, as Windows PowerShell 5.1's `>` and `Out-File` write text: named as such, and never
    // shown (its every other byte is NUL).
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return fail(String::new(), Problem::Utf16);
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            return fail(shown_as_far_as_valid(e.as_bytes(), offset), Problem::NotUtf8 { offset });
        }
    };
    let file = SourceFile::new(input.name.clone(), input.path.clone(), text);
    let doc = match yaml::load(&file.text) {
        Ok(d) => d,
        Err(e) => {
            let d = diagnostic(&file, lang, Problem::Load(&e));
            return FileResult {
                file,
                loaded: None,
                diagnostics: vec![d],
            };
        }
    };
    let (package, mut diagnostics) = model::build(&file, &doc, lang);
    let loaded = Loaded {
        file: Arc::clone(&file),
        doc,
        package,
    };
    let ctx = PackageCtx::new(&loaded, settings);
    for rule in RULES {
        if selection.level(rule.meta()).is_some() {
            rule.check(&ctx, &mut diagnostics);
        }
    }
    FileResult {
        file,
        loaded: Some(loaded),
        diagnostics,
    }
}

/// Apply suppressions, severities, the selection and the baseline to one file's diagnostics (adds
/// DPM007 and DPM008), and key each for the baseline.
fn finish_file(
    result: &FileResult,
    diagnostics: Vec<Diagnostic>,
    settings: &Settings,
    selection: &Selection,
) -> Vec<(Diagnostic, baseline::Entry)> {
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    let sups = match &result.loaded {
        Some(l) => suppression::parse(&l.file, &suppression::comments(&l.file, &l.doc.scalar_spans)),
        None => Vec::new(),
    };
    let mut used = vec![false; sups.len()];
    for mut d in diagnostics {
        let Some(sev) = selection.level(d.rule) else { continue };
        d.severity = sev;
        let line = d.file.line_index(d.span.start);
        if let Some(i) = sups.iter().position(|s| s.covers(d.code(), line)) {
            used[i] = true;
            continue;
        }
        kept.push(d);
    }
    let unused_meta = &rules::dpm007_unused_suppression::META;
    if let Some(sev) = selection.level_of(unused_meta.code) {
        for (s, used) in sups.iter().zip(used) {
            let known = rules::find_rule(&s.code);
            // A code that does not run this time cannot be judged unused.
            if used || known.is_some_and(|r| selection.level(r.meta()).is_none()) {
                continue;
            }
            let mut d = rules::dpm007_unused_suppression::diagnostic(
                &result.file,
                settings.lang,
                s.span,
                &s.code,
                s.whole_file,
                known.is_some(),
            );
            d.severity = sev;
            kept.push(d);
        }
    }
    let doc = result.loaded.as_ref().map(|l| &l.doc);
    let keyed: Vec<(Diagnostic, baseline::Entry)> = kept
        .into_iter()
        .map(|d| {
            let k = baseline::key(&d, doc);
            (d, k)
        })
        .collect();
    match &settings.baseline {
        Some(b) => baseline::apply(b, &result.file, result.loaded.as_ref(), keyed, selection, settings.lang),
        None => keyed,
    }
}

/// Lint one definition on its own (no repository rules): for fixes.
pub fn lint_single(input: &Input, settings: &Settings, selection: &Selection) -> (FileResult, Vec<Diagnostic>) {
    let mut r = lint_file(input, settings, selection);
    let diags = std::mem::take(&mut r.diagnostics);
    let finished = finish_file(&r, diags, settings, selection)
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    (r, finished)
}

/// The settings and rule selection one definition is linted with: those of the config that
/// applies to it (the nearest `dpmlint.toml`, or `--config`), with the command line's options.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    /// What the rules read.
    pub settings: Settings,
    /// Which rules run, at what severity.
    pub selection: Selection,
}

impl Profile {
    /// What a config gives, with options added on top: its `[rules]` with `select` and `ignore`
    /// (codes or family prefixes), its reference roots then `extra_reference`, its package size
    /// limit and supported lists. `check` and the language server lint each definition with the
    /// profile of the config nearest to it, made here; neither checks here that the reference
    /// roots are folders, nor sets a baseline.
    pub fn from_config(
        cfg: &Config,
        lang: Lang,
        select: &[String],
        ignore: &[String],
        extra_reference: &[PathBuf],
    ) -> Result<Profile, UnknownSelector> {
        let selection = Selection::new(select, ignore, cfg.rules.clone())?;
        let mut settings = Settings {
            lang,
            ..Settings::default()
        };
        settings.reference = cfg.reference.clone();
        settings
            .reference
            .extend(extra_reference.iter().cloned().map(crate::roots::ReferenceRoot::plain));
        settings.service_pack_minimum = cfg.service_pack_minimum.clone();
        if let Some(limit) = cfg.package_size_limit {
            settings.package_size_limit = limit;
        }
        settings.known_packages = cfg.known_packages.clone();
        settings.supported_os = cfg.supported_os.clone();
        settings.supported_languages = cfg.supported_languages.clone();
        Ok(Profile { settings, selection })
    }
}

/// Lint a set of definitions, all with the same settings and selection.
pub fn lint(inputs: &[Input], settings: &Settings, selection: &Selection) -> LintResult {
    let profile = Profile {
        settings: settings.clone(),
        selection: selection.clone(),
    };
    let profiles = vec![&profile; inputs.len()];
    lint_each(inputs, &profiles)
}

/// Lint a set of definitions, each with its own profile (`profiles[i]` is `inputs[i]`'s): the
/// per-file rules, suppressions, severities and selection follow each definition's profile. The
/// repository rules (DPM6xx) look at every definition at once: they run when any profile selects
/// them, with the first profile's settings for the language (the run's) and each definition's own
/// settings beside it (DPM603 reads a definition's `known-packages` from its config), and
/// what they find in a file is kept or dropped, and given its severity, by that file's profile.
pub fn lint_each(inputs: &[Input], profiles: &[&Profile]) -> LintResult {
    assert_eq!(inputs.len(), profiles.len(), "one profile per input");
    let mut results: Vec<(FileResult, &Profile)> = inputs
        .par_iter()
        .zip(profiles.par_iter())
        .map(|(i, p)| (lint_file(i, &p.settings, &p.selection), *p))
        .collect();
    results.sort_by(|a, b| a.0.file.name.cmp(&b.0.file.name));

    // Repository rules see the loaded definitions in file-name order.
    let mut loaded: Vec<Loaded> = Vec::new();
    let mut owners: Vec<usize> = Vec::new();
    let mut package_settings: Vec<&Settings> = Vec::new();
    for (i, (r, p)) in results.iter_mut().enumerate() {
        if let Some(l) = r.loaded.take() {
            loaded.push(l);
            owners.push(i);
            package_settings.push(&p.settings);
        }
    }
    let mut repo_diags = Vec::new();
    if let Some(first) = profiles.first() {
        let ctx = RepoCtx {
            packages: &loaded,
            settings: &first.settings,
            package_settings: &package_settings,
        };
        for rule in RULES {
            if profiles.iter().any(|p| p.selection.level(rule.meta()).is_some()) {
                rule.check_repo(&ctx, &mut repo_diags);
            }
        }
    }
    for (l, i) in loaded.into_iter().zip(owners) {
        results[i].0.loaded = Some(l);
    }
    // Each repository diagnostic goes back to its file's result (found by the file's address).
    let index: HashMap<*const SourceFile, usize> = results
        .iter()
        .enumerate()
        .map(|(i, (r, _))| (Arc::as_ptr(&r.file), i))
        .collect();
    for d in repo_diags {
        if let Some(&i) = index.get(&Arc::as_ptr(&d.file)) {
            results[i].0.diagnostics.push(d);
        }
    }

    let mut all: Vec<(Diagnostic, baseline::Entry)> = results
        .par_iter_mut()
        .flat_map_iter(|(r, p)| {
            let diags = std::mem::take(&mut r.diagnostics);
            finish_file(r, diags, &p.settings, &p.selection)
        })
        .collect();
    all.sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
    let (diagnostics, keys) = all.into_iter().unzip();
    LintResult {
        files_checked: results.len(),
        files: results.into_iter().map(|(r, _)| r.file).collect(),
        diagnostics,
        keys,
    }
}
