//! Reporters: how diagnostics reach people and machines (`--format`).

pub mod human;
pub mod json;

use crate::baseline::Entry;
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;

/// `--format`
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with labels, for people.
    Human,
    /// One JSON object (see docs/cli.md).
    Json,
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
    /// Language.
    pub lang: Lang,
    /// Colour on.
    pub color: bool,
    /// Only the diagnostics, no summary.
    pub quiet: bool,
    /// Print counts per rule.
    pub statistics: bool,
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
        Format::Json => json::write(report, out),
    }
}
