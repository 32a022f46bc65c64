//! Reporters: how diagnostics reach people and machines (`--format`).

pub mod baseline;
pub mod suppression;

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
mod stream;

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::report::baseline::{Entry, hash_hex};
use std::collections::HashMap;

/// `--format`
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with labels, for people.
    Human,
    /// One line per diagnostic, `file:line:col: CODE message`, then the summary.
    Concise,
    /// One JSON object (see docs/cli.md).
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub) and SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// JUnit XML: one test case per definition, a failure per diagnostic.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
}

/// What every reporter gets.
pub struct Report<'a> {
    /// Sorted diagnostics.
    pub diagnostics: &'a [Diagnostic],
    /// The baseline key of each diagnostic, in the same order (for stable fingerprints).
    pub keys: &'a [Entry],
    /// The names of the definitions checked, in order (with or without diagnostics).
    pub files: &'a [String],
    /// Definitions checked.
    pub files_checked: usize,
    /// Fixes applied.
    pub fixed: usize,
    /// `--unsafe-fixes` was given: an unsafe fix counts as applicable, like a safe one.
    pub unsafe_fixes: bool,
    /// Language.
    pub lang: Lang,
    /// Colour on.
    pub color: bool,
    /// Frames drawn in ASCII instead of box characters (`--theme ascii`, or a console that cannot
    /// show them).
    pub ascii: bool,
    /// Only the diagnostics, no summary.
    pub quiet: bool,
    /// Print counts per rule.
    pub statistics: bool,
    /// Where the rule pages (`docs/rules/`) are published (`--rule-docs-url`): SARIF's
    /// `helpUri` of each rule and the driver's `informationUri`.
    pub rule_docs_url: Option<&'a str>,
}

/// Counts by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// errors
    pub error: usize,
    /// warnings
    pub warning: usize,
    /// infos
    pub info: usize,
}

/// Write the report in `format`: the diagnostics (sorted by file) go to a [`Writer`] a file at a
/// time, the files of `report.files` in order, then any file only diagnostics name.
pub fn write(format: Format, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut runs: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
    for (i, d) in report.diagnostics.iter().enumerate() {
        match runs.last_mut() {
            Some((name, range)) if *name == d.file.name => range.end = i + 1,
            _ => runs.push((&d.file.name, i..i + 1)),
        }
    }
    let keys = |range: &std::ops::Range<usize>| report.keys.get(range.clone()).unwrap_or(&[]);
    let mut w = Writer::new(format, report, out)?;
    let mut done = vec![false; runs.len()];
    for name in report.files {
        match runs.iter().position(|(n, _)| n == name) {
            Some(i) if !done[i] => {
                done[i] = true;
                let range = &runs[i].1;
                w.file(name, &report.diagnostics[range.clone()], keys(range))?;
            }
            _ => w.file(name, &[], &[])?,
        }
    }
    for ((name, range), done) in runs.iter().zip(done) {
        if !done {
            w.file(name, &report.diagnostics[range.clone()], keys(range))?;
        }
    }
    w.finish()
}

/// What the summaries count, gathered a file at a time.
#[derive(Default)]
pub struct Totals {
    /// By severity.
    pub counts: Counts,
    /// Diagnostics whose fix this run's options apply.
    pub fixable: usize,
    /// Diagnostics whose fix only `--unsafe-fixes` applies.
    pub hidden: usize,
    /// Per rule: its name, findings, fixable, hidden (`--statistics`).
    pub by_rule: std::collections::BTreeMap<&'static str, (&'static str, usize, usize, usize)>,
}

impl Totals {
    fn add(&mut self, diags: &[Diagnostic], unsafe_fixes: bool) {
        for d in diags {
            match d.severity {
                Severity::Error => self.counts.error += 1,
                Severity::Warning => self.counts.warning += 1,
                Severity::Info => self.counts.info += 1,
            }
            let e = self.by_rule.entry(d.rule.code).or_insert((d.rule.name, 0, 0, 0));
            e.1 += 1;
            match human::fixability(d, unsafe_fixes) {
                human::Fixability::Applicable => {
                    self.fixable += 1;
                    e.2 += 1;
                }
                human::Fixability::Hidden => {
                    self.hidden += 1;
                    e.3 += 1;
                }
                human::Fixability::None => {}
            }
        }
    }

    /// No diagnostic at all.
    pub fn is_empty(&self) -> bool {
        self.counts.error + self.counts.warning + self.counts.info == 0
    }
}

/// A report written a file at a time, so a run holds the diagnostics of the files in flight, not
/// of every file: [`Writer::new`] writes what comes before the diagnostics, [`Writer::file`] one
/// file's diagnostics (files in order, each file's sorted), [`Writer::finish`] the rest. Of
/// `report`, a writer reads the options (every field but `diagnostics`, `keys` and `files`, which
/// come through `file`). Every format streams its diagnostics but JUnit, whose header counts the
/// failed files: it keeps each file's rendered test case until the end.
pub struct Writer<'r, 'o> {
    format: Format,
    report: &'r Report<'r>,
    out: &'o mut dyn std::io::Write,
    totals: Totals,
    /// The JSON array being written (json, sarif, gitlab).
    array: Option<stream::PrettyArray>,
    junit: junit::Cases,
}

impl<'r, 'o> Writer<'r, 'o> {
    /// Start a report: write what comes before the diagnostics.
    pub fn new(format: Format, report: &'r Report<'r>, out: &'o mut dyn std::io::Write) -> std::io::Result<Self> {
        let array = match format {
            Format::Json => Some(stream::PrettyArray::start(
                &json::document(report, &Totals::default()),
                out,
            )?),
            Format::Sarif => Some(stream::PrettyArray::start(&sarif::document(report), out)?),
            Format::Gitlab => Some(stream::PrettyArray::start(&gitlab::document(), out)?),
            _ => None,
        };
        Ok(Writer {
            format,
            report,
            out,
            totals: Totals::default(),
            array,
            junit: junit::Cases::default(),
        })
    }

    /// One file's diagnostics in a text format (human, concise, github), as [`Writer::file`]
    /// writes them: each diagnostic stands alone, so files can be rendered on several threads
    /// and written in order ([`Writer::file_rendered`]). `None` for the other formats.
    pub fn render(format: Format, report: &Report, diags: &[Diagnostic]) -> Option<String> {
        use std::fmt::Write as _;
        let mut out = String::new();
        for d in diags {
            // Writing to a String cannot fail.
            let _ = match format {
                Format::Human => writeln!(out, "{}", human::render(d, report.lang, report.color, report.ascii)),
                Format::Concise => writeln!(out, "{}", concise::line(d)),
                Format::Github => writeln!(out, "{}", github::command(d)),
                _ => return None,
            };
        }
        Some(out)
    }

    /// Write one file's diagnostics (sorted) with their baseline keys (empty when not computed).
    pub fn file(&mut self, name: &str, diags: &[Diagnostic], keys: &[Entry]) -> std::io::Result<()> {
        self.file_rendered(name, diags, keys, None)
    }

    /// [`Writer::file`], with the file's text already made by [`Writer::render`] when `rendered`.
    pub fn file_rendered(
        &mut self,
        name: &str,
        diags: &[Diagnostic],
        keys: &[Entry],
        rendered: Option<&str>,
    ) -> std::io::Result<()> {
        let report = self.report;
        self.totals.add(diags, report.unsafe_fixes);
        let out = &mut *self.out;
        match (self.format, self.array.as_mut()) {
            (Format::Human | Format::Concise | Format::Github, _) => match rendered {
                Some(text) => out.write_all(text.as_bytes())?,
                None => out.write_all(
                    Writer::render(self.format, report, diags)
                        .unwrap_or_default()
                        .as_bytes(),
                )?,
            },
            (Format::Junit, _) => self.junit.add(name, diags),
            (Format::Json, Some(array)) => {
                for d in diags {
                    array.item(&json::JsonDiagnostic::of(d), out)?;
                }
            }
            (Format::Sarif, Some(array)) => {
                for (d, fp) in diags.iter().zip(issue_fingerprints(diags, keys)) {
                    array.item(&sarif::result(d, &fp, report.lang), out)?;
                }
            }
            (Format::Gitlab, Some(array)) => {
                for (d, fp) in diags.iter().zip(issue_fingerprints(diags, keys)) {
                    array.item(&gitlab::issue(d, &fp), out)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// End the report: what comes after the diagnostics (the summary, where the format has one).
    pub fn finish(self) -> std::io::Result<()> {
        let (report, totals, out) = (self.report, &self.totals, self.out);
        match (self.format, self.array) {
            (Format::Human | Format::Concise, _) => human::statistics_and_summary(report, totals, out),
            (Format::Junit, _) => self.junit.write(out),
            (Format::Json, Some(array)) => array.finish(&json::document(report, totals), out),
            (Format::Sarif, Some(array)) => array.finish(&sarif::document(report), out),
            (Format::Gitlab, Some(array)) => array.finish(&gitlab::document(), out),
            _ => Ok(()),
        }
    }

    /// What the diagnostics written so far count.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }
}

/// A fingerprint for each of one file's diagnostics that is unique in the report and stable
/// across runs and edits elsewhere in the file: the hash of the file, the code, the baseline
/// fingerprint (node path and text) and the diagnostic's rank among identical ones. Without keys
/// (a caller that did not compute them), the offending text stands for the baseline fingerprint.
pub fn issue_fingerprints(diags: &[Diagnostic], keys: &[Entry]) -> Vec<String> {
    let mut seen: HashMap<(&str, &str, String), usize> = HashMap::new();
    diags
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let fp = match keys.get(i) {
                Some(k) => k.fingerprint.clone(),
                None => hash_hex(&[d.file.slice(d.span)]),
            };
            let n = seen.entry((d.file.name.as_str(), d.code(), fp.clone())).or_insert(0);
            let rank = n.to_string();
            *n += 1;
            hash_hex(&[&d.file.name, d.code(), &fp, &rank])
        })
        .collect()
}
