//! Linting: load each definition, run the per-file rules in parallel, run the repository rules,
//! then apply suppressions, severities and the selection. Output is sorted, so it is the same
//! whatever the number of threads.

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::load::config::{Config, Selection, UnknownSelector};
use crate::load::source::{SourceFile, Span};
use crate::load::yaml;
use crate::model;
use crate::report::baseline;
use crate::report::suppression;
use crate::rules::{self, Loaded, PackageCtx, RULES, RepoCtx, Settings, Summary};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The largest definition dpmlint reads (1 MiB); a larger file is DPM001.
pub const MAX_DEFINITION_SIZE: u64 = 1024 * 1024;

/// A definition to lint.
#[derive(Debug)]
pub struct Input {
    /// The name shown in output.
    pub name: String,
    /// Where it is on disk (`None` for stdin).
    pub path: Option<PathBuf>,
    /// Its content when already read (stdin, or a fix in progress).
    pub content: Option<Vec<u8>>,
    /// The walk listed `path` as a regular file, not a link: it is opened without looking at the
    /// path first ([`crate::platform::open::open_listed`]). False for a file named on the command
    /// line.
    pub listed: bool,
    /// The walk's listing of its folder, when the walk found it in a package folder: the package
    /// index is made from it instead of listing the folder again. Handed over at the check.
    pub folder: crate::load::walk::Handover,
    /// What the walk's `accept` said of its folder ([`crate::load::walk::Found::tag`]): for
    /// `dpmlint check`, which config applies. None for a file named on the command line, standard
    /// input, or a text being fixed.
    pub tag: Option<usize>,
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
    use crate::load::source::ReadProblem;
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
    crate::load::source::read_definition_bytes(path, MAX_DEFINITION_SIZE, input.listed).map_err(|p| match p {
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
    let disk_len = input.content.is_none().then_some(bytes.len() as u64);
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
    let (package, problems) = model::build(&doc);
    let mut diagnostics: Vec<Diagnostic> = problems
        .iter()
        .map(|p| crate::rules::shape_diagnostic(&file, lang, p))
        .collect();
    let loaded = Loaded {
        file: Arc::clone(&file),
        doc,
        package,
        folder: input.folder.take(),
        disk_len,
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
/// DPM007 and DPM008), and key each for the baseline when `keyed` or a baseline is read. `tree`
/// is the file's (or what was kept of it), when it has one; without keys, the entries are empty.
fn finish_file(
    file: &Arc<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    sups: &[suppression::Suppression],
    tree: Option<&dyn baseline::Tree>,
    profile: &Profile,
    keyed: bool,
) -> Vec<(Diagnostic, Option<baseline::Entry>)> {
    let (settings, selection) = (&profile.settings, &profile.selection);
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
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
                file,
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
    match &settings.baseline {
        Some(b) => {
            let keyed: Vec<(Diagnostic, baseline::Entry)> = kept
                .into_iter()
                .map(|d| {
                    let k = baseline::key(&d, tree);
                    (d, k)
                })
                .collect();
            baseline::apply(b, file, tree, keyed, selection, settings.lang)
                .into_iter()
                .map(|(d, k)| (d, Some(k)))
                .collect()
        }
        None => kept
            .into_iter()
            .map(|d| {
                let k = keyed.then(|| baseline::key(&d, tree));
                (d, k)
            })
            .collect(),
    }
}

/// Lint one definition on its own (no repository rules): for fixes.
pub fn lint_single(input: &Input, settings: &Settings, selection: &Selection) -> (FileResult, Vec<Diagnostic>) {
    let mut r = lint_file(input, settings, selection);
    let diags = std::mem::take(&mut r.diagnostics);
    let sups = suppressions(&r);
    let profile = Profile {
        settings: settings.clone(),
        selection: selection.clone(),
    };
    let tree = r.loaded.as_ref().map(|l| &l.doc as &dyn baseline::Tree);
    let finished = finish_file(&r.file, diags, &sups, tree, &profile, false)
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    (r, finished)
}

/// The `# dpmlint: ignore` comments of a file that loaded.
fn suppressions(r: &FileResult) -> Vec<suppression::Suppression> {
    match &r.loaded {
        Some(l) => suppression::parse(&l.file, &suppression::comments(&l.file, &l.doc.scalar_spans)),
        None => Vec::new(),
    }
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
        settings.reference.extend(
            extra_reference
                .iter()
                .cloned()
                .map(crate::evidence::roots::ReferenceRoot::plain),
        );
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
    lint_each(inputs, &profiles, false)
}

/// Lint a set of definitions, each with its own profile, and gather the whole outcome (see
/// [`lint_stream`]); `keyed`: key every diagnostic for the baseline.
pub fn lint_each(inputs: &[Input], profiles: &[&Profile], keyed: bool) -> LintResult {
    let mut result = LintResult {
        diagnostics: Vec::new(),
        files_checked: 0,
        files: Vec::new(),
        keys: Vec::new(),
    };
    result.files_checked = lint_stream(inputs, profiles, keyed, |r| {
        result.files.push(r.file);
        result.diagnostics.extend(r.diagnostics);
        result.keys.extend(r.keys);
    });
    result
}

/// One definition's share of the report: its source and its reported diagnostics, sorted by
/// offset and code, with their baseline keys in the same order (empty when the run does not key
/// diagnostics).
pub struct FileReport {
    /// The source.
    pub file: Arc<SourceFile>,
    /// Its reported diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// Their keys.
    pub keys: Vec<baseline::Entry>,
    /// The report's text of the diagnostics, when the run renders it on the workers
    /// ([`lint_stream_rendered`]).
    pub rendered: Option<String>,
}

/// One definition between its per-file rules and its report: its tree and model are gone; what
/// is left is what the repository rules and the finish need.
struct Pending<'p> {
    file: Arc<SourceFile>,
    profile: &'p Profile,
    /// The per-file diagnostics, before suppressions and selection.
    diagnostics: Vec<Diagnostic>,
    suppressions: Vec<suppression::Suppression>,
    /// What the repository rules read (a definition that loaded as a mapping); boxed, as most of
    /// a run's memory is one `Pending` per definition.
    summary: Option<Box<Summary>>,
    /// The node paths keys need, taken from the tree (a file that had one).
    paths: Option<Box<Paths>>,
}

/// The node paths of the spans a file's diagnostics can point at, taken from its tree before it
/// is dropped: the per-file diagnostics', the summary's (repository rules), the suppression
/// comments' (DPM007) and those of the baseline's entries for the file (DPM008).
#[derive(Default)]
struct Paths {
    at: HashMap<Span, String>,
    found: HashMap<String, Option<Span>>,
}

impl Paths {
    fn take(doc: &yaml::Document, spans: impl Iterator<Item = Span>, entries: &[baseline::Entry]) -> Paths {
        use baseline::Tree;
        let mut p = Paths::default();
        for e in entries {
            let span = doc.find(&e.node);
            p.found.insert(e.node.clone(), span);
            p.at.insert(span.unwrap_or_else(|| Span::at(0)), String::new());
        }
        for span in spans {
            p.at.insert(span, String::new());
        }
        for (span, path) in &mut p.at {
            *path = doc.path_at(*span);
        }
        p
    }
}

impl baseline::Tree for Paths {
    fn path_at(&self, span: Span) -> String {
        debug_assert!(self.at.contains_key(&span), "no node path was taken for {span:?}");
        self.at.get(&span).cloned().unwrap_or_default()
    }

    fn find(&self, path: &str) -> Option<Span> {
        self.found.get(path).copied().flatten()
    }
}

/// The per-file stage of one definition: its rules, its summary, and (when keys are needed) the
/// node paths; the tree is dropped on return.
fn check_file<'p>(input: &Input, profile: &'p Profile, keyed: bool, texts: &crate::diagnostic::Texts) -> Pending<'p> {
    let mut r = lint_file(input, &profile.settings, &profile.selection);
    let suppressions = suppressions(&r);
    let (summary, paths) = match r.loaded.take() {
        Some(loaded) => {
            let summary = Summary::of(&PackageCtx::new(&loaded, &profile.settings), &profile.selection);
            let entries = profile
                .settings
                .baseline
                .as_deref()
                .map_or(&[][..], |b| b.entries_for(&loaded.file.name));
            let paths = (keyed || profile.settings.baseline.is_some()).then(|| {
                let spans = r.diagnostics.iter().map(|d| d.span);
                let spans = spans.chain(summary.spans()).chain(suppressions.iter().map(|s| s.span));
                Paths::take(&loaded.doc, spans, entries)
            });
            (Some(Box::new(summary)), paths.map(Box::new))
        }
        None => (None, None),
    };
    r.diagnostics.shrink_to_fit();
    for d in &mut r.diagnostics {
        texts.share(d);
    }
    let mut p = Pending {
        file: r.file,
        profile,
        diagnostics: r.diagnostics,
        suppressions,
        summary,
        paths,
    };
    // A definition with nothing to report so far lets its text go until the report: only a
    // repository rule can still report in it, and then it is read again (`lint_stream_rendered`).
    // Not standard input (it cannot be read again), nor a file checked against a baseline (whose
    // stale entries are reported in the file at the end).
    let quiet = p.diagnostics.is_empty() && p.suppressions.is_empty() && profile.settings.baseline.is_none();
    if quiet && input.content.is_none() && p.file.path.is_some() {
        let stub = p.file.without_text();
        if let Some(summary) = &mut p.summary {
            summary.file = Arc::clone(&stub);
        }
        p.file = stub;
    }
    p
}

/// How many definitions are finished and reported at a time: enough to keep every thread busy,
/// few enough that their sources and diagnostics are a small part of the run's memory.
const REPORT_CHUNK: usize = 256;

/// Lint a set of definitions, each with its own profile (`profiles[i]` is `inputs[i]`'s), and
/// hand each definition's report to `emit` in file-name order; returns how many were checked.
///
/// The stages: each definition is loaded and its per-file rules run in parallel; what the
/// repository rules need of it is kept as a [`Summary`] and its tree is dropped. The repository
/// rules (DPM6xx) then look at every summary at once: they run when any profile selects them, with
/// the first profile's settings for the language (the run's) and each definition's own settings
/// beside it (DPM603 reads a definition's `known-packages` from its config). Last, in file-name
/// order and a chunk at a time, each definition's diagnostics get its profile's suppressions,
/// severities, selection and baseline (what a repository rule found in a file is kept or dropped
/// by that file's profile), are sorted, and go to `emit`, after which the source is released.
/// `keyed`: key every diagnostic for the baseline (a definition checked against a baseline is
/// keyed anyway).
pub fn lint_stream(inputs: &[Input], profiles: &[&Profile], keyed: bool, emit: impl FnMut(FileReport)) -> usize {
    lint_stream_rendered(inputs, profiles, keyed, &|_| None, emit)
}

/// [`lint_stream`], with each definition's report text made by `render` on the worker threads
/// (in [`FileReport::rendered`]): a text report of many findings is formatted in parallel and
/// written in order.
pub fn lint_stream_rendered(
    inputs: &[Input],
    profiles: &[&Profile],
    keyed: bool,
    render: &(dyn Fn(&[Diagnostic]) -> Option<String> + Sync),
    mut emit: impl FnMut(FileReport),
) -> usize {
    assert_eq!(inputs.len(), profiles.len(), "one profile per input");
    // One definition (an editor's save, a pre-commit hook on one file) is checked on this thread:
    // starting the thread pool would cost more than the check.
    let pool = Pool(inputs.len() > 1);
    let texts = crate::diagnostic::Texts::default();
    let mut pending: Vec<Pending> = pool.map(inputs.iter().zip(profiles).collect(), |(i, p)| {
        check_file(i, p, keyed, &texts)
    });
    drop(texts);
    pending.sort_by(|a, b| a.file.name.cmp(&b.file.name));

    // Repository rules see the summaries in file-name order.
    let loaded = pending.iter().filter(|p| p.summary.is_some()).count();
    let mut summaries: Vec<&Summary> = Vec::with_capacity(loaded);
    let mut package_settings: Vec<&Settings> = Vec::with_capacity(loaded);
    for p in &pending {
        if let Some(s) = &p.summary {
            summaries.push(s);
            package_settings.push(&p.profile.settings);
        }
    }
    let mut repo_diags = Vec::new();
    if let Some(first) = profiles.first() {
        let ctx = RepoCtx {
            packages: &summaries,
            settings: &first.settings,
            package_settings: &package_settings,
        };
        // The repository rules run side by side; their findings are taken in the registry's order.
        let selected: Vec<_> = RULES
            .iter()
            .filter(|rule| profiles.iter().any(|p| p.selection.level(rule.meta()).is_some()))
            .collect();
        let found = pool.map(selected, |rule| {
            let mut out = Vec::new();
            rule.check_repo(&ctx, &mut out);
            out
        });
        repo_diags = found.into_iter().flatten().collect();
    }
    drop(summaries);
    drop(package_settings);
    for p in &mut pending {
        p.summary = None;
    }
    // Each repository diagnostic goes back to its file (found by the file's address).
    let index: foldhash::HashMap<*const SourceFile, usize> = pending
        .iter()
        .enumerate()
        .map(|(i, p)| (Arc::as_ptr(&p.file), i))
        .collect();
    for d in repo_diags {
        if let Some(&i) = index.get(&Arc::as_ptr(&d.file)) {
            pending[i].diagnostics.push(d);
        }
    }
    drop(index);
    // A definition whose text was let go and that a repository rule reported in is read again.
    let again = |p: &mut Pending| {
        if p.diagnostics.is_empty() {
            return;
        }
        let Some(file) = p.file.with_text_again(MAX_DEFINITION_SIZE) else {
            return;
        };
        // A file whose length changed since it was checked keeps its findings, within its text,
        // but no fix: the edits were made for the text that was checked. (A change that keeps the
        // length is not seen here; `--fix` makes its own fixes from the text it reads, and writes only
        // while the file still holds that text.)
        let unchanged = file.text_len() == p.file.text_len();
        for d in &mut p.diagnostics {
            d.file = Arc::clone(&file);
            d.span = file.clamp(d.span);
            for l in &mut d.labels {
                l.span = file.clamp(l.span);
            }
            match &mut d.fix {
                Some(fix) if unchanged => fix.edits.iter_mut().for_each(|e| e.span = file.clamp(e.span)),
                _ => d.fix = None,
            }
        }
        p.file = file;
    };
    pool.each(&mut pending, again);

    let checked = pending.len();
    let mut rest = pending.into_iter().peekable();
    while rest.peek().is_some() {
        let mut chunk: Vec<Pending> = rest.by_ref().take(REPORT_CHUNK).collect();
        // Definitions of one name (a file and standard input named after it) stay together.
        while let (Some(next), Some(last)) = (rest.peek(), chunk.last())
            && next.file.name == last.file.name
        {
            chunk.extend(rest.next());
        }
        let finish = |mut p: Pending| {
            let diags = std::mem::take(&mut p.diagnostics);
            let tree = p.paths.as_deref().map(|t| t as &dyn baseline::Tree);
            let mut done = finish_file(&p.file, diags, &p.suppressions, tree, p.profile, keyed);
            done.sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
            let (diagnostics, keys): (Vec<Diagnostic>, Vec<Option<baseline::Entry>>) = done.into_iter().unzip();
            FileReport {
                file: p.file,
                diagnostics,
                keys: keys.into_iter().flatten().collect(),
                rendered: None,
            }
        };
        let mut finished: Vec<FileReport> = pool.map(chunk, finish);
        merge_same_names(&mut finished);
        pool.each(&mut finished, |r| r.rendered = render(&r.diagnostics));
        for r in finished {
            emit(r);
        }
    }
    checked
}

/// Whether a run's stages use the thread pool (`Pool(false)`: all on the calling thread).
#[derive(Clone, Copy)]
struct Pool(bool);

impl Pool {
    /// `f` of every item, in order.
    fn map<T: Send, U: Send>(self, items: Vec<T>, f: impl Fn(T) -> U + Sync + Send) -> Vec<U> {
        if self.0 {
            items.into_par_iter().map(f).collect()
        } else {
            items.into_iter().map(f).collect()
        }
    }

    /// `f` on every item.
    fn each<T: Send>(self, items: &mut [T], f: impl Fn(&mut T) + Sync + Send) {
        if self.0 {
            items.par_iter_mut().for_each(f);
        } else {
            items.iter_mut().for_each(f);
        }
    }
}

/// Definitions that share a name are reported as one: their diagnostics are sorted together
/// and go with the first.
fn merge_same_names(files: &mut [FileReport]) {
    let mut i = 0;
    while i < files.len() {
        let mut j = i + 1;
        while j < files.len() && files[j].file.name == files[i].file.name {
            j += 1;
        }
        if j - i > 1 {
            let mut all: Vec<(Diagnostic, Option<baseline::Entry>)> = Vec::new();
            for f in &mut files[i..j] {
                let keys: Vec<Option<baseline::Entry>> = if f.keys.is_empty() {
                    vec![None; f.diagnostics.len()]
                } else {
                    std::mem::take(&mut f.keys).into_iter().map(Some).collect()
                };
                all.extend(std::mem::take(&mut f.diagnostics).into_iter().zip(keys));
            }
            all.sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
            let (diagnostics, keys): (Vec<Diagnostic>, Vec<Option<baseline::Entry>>) = all.into_iter().unzip();
            files[i].diagnostics = diagnostics;
            files[i].keys = keys.into_iter().flatten().collect();
        }
        i = j;
    }
}
