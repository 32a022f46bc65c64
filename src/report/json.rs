//! `--format json`: one object, exactly as docs/cli.md specifies.
//!
//! Written as a stream (`report::Writer`): each diagnostic is serialized as its file is
//! reported, never gathered into one JSON tree first, so the report costs the bytes it writes.

use super::{Report, Totals};
use crate::diagnostic::Diagnostic;
use serde::Serialize;

/// One diagnostic, its keys in the documented order.
#[derive(Serialize)]
pub(super) struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    offset: usize,
    length: usize,
    message: &'a str,
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'a crate::diagnostic::Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    offset: usize,
    length: usize,
    replacement: &'a str,
}

impl<'a> JsonDiagnostic<'a> {
    pub(super) fn of(d: &'a Diagnostic) -> JsonDiagnostic<'a> {
        let start = d.file.line_col(d.span.start);
        let end = d.file.line_col(d.span.end);
        JsonDiagnostic {
            code: d.rule.code,
            name: d.rule.name,
            severity: d.severity.as_str(),
            file: &d.file.name,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            offset: d.span.start,
            length: d.span.len(),
            message: &d.message,
            help: d.help.as_deref(),
            fix: d.fix.as_ref().map(|fix| JsonFix {
                applicability: &fix.applicability,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        offset: e.span.start,
                        length: e.span.len(),
                        replacement: &e.replacement,
                    })
                    .collect(),
            }),
        }
    }
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    error: usize,
    warning: usize,
    info: usize,
    fixed: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    files_checked: usize,
    /// Where the streamed diagnostics go.
    diagnostics: &'a str,
    summary: Summary,
}

/// The JSON value of one diagnostic.
pub fn diagnostic(d: &Diagnostic) -> serde_json::Value {
    serde_json::to_value(JsonDiagnostic::of(d)).unwrap_or_default()
}

/// The report with the streamed array's placeholder for its diagnostics, and `totals` as its
/// summary.
pub(super) fn document(report: &Report, totals: &Totals) -> serde_json::Value {
    let c = totals.counts;
    let value = JsonReport {
        version: 1,
        tool: Tool {
            name: "dpmlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        files_checked: report.files_checked,
        diagnostics: super::stream::PLACEHOLDER,
        summary: Summary {
            error: c.error,
            warning: c.warning,
            info: c.info,
            fixed: report.fixed,
        },
    };
    serde_json::to_value(value).unwrap_or_default()
}
