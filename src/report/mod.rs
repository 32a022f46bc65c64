//! Reporters: how diagnostics reach people and machines (`--format`).

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::baseline::{Entry, hash_hex};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;
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

impl Counts {
    /// Count diagnostics.
    pub fn of(diags: &[Diagnostic]) -> Counts {
        let mut c = Counts::default();
        for d in diags {
            match d.severity {
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Info => c.info += 1,
            }
        }
        c
    }
}

/// Write the report in `format`.
pub fn write(format: Format, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    match format {
        Format::Human => human::write(report, out),
        Format::Concise => concise::write(report, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Github => github::write(report, out),
        Format::Junit => junit::write(report, out),
        Format::Gitlab => gitlab::write(report, out),
    }
}

/// A fingerprint for each diagnostic that is unique in the report and stable across runs and
/// edits elsewhere in the file: the hash of the file, the code, the baseline fingerprint (node path
/// and text) and the diagnostic's rank among identical ones. Without keys (a caller that did not
/// compute them), the offending text stands for the baseline fingerprint.
pub fn issue_fingerprints(report: &Report) -> Vec<String> {
    let mut seen: HashMap<(&str, &str, String), usize> = HashMap::new();
    report
        .diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let fp = match report.keys.get(i) {
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
