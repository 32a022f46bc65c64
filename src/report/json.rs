//! `--format json`: one object, exactly as docs/cli.md specifies.
//!
//! Written as a stream: each diagnostic is serialized as it is reached, never gathered into one
//! JSON tree first, so the report costs the bytes it writes.

use super::{Counts, Report};
use crate::diagnostic::Diagnostic;
use serde::Serialize;
use serde::ser::Serializer;

/// One diagnostic, its keys in the documented order.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
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
    help: &'a Option<String>,
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
    fn of(d: &'a Diagnostic) -> JsonDiagnostic<'a> {
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
            help: &d.help,
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

/// The diagnostics as a JSON array, serialized one by one.
struct Diagnostics<'a>(&'a [Diagnostic]);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(JsonDiagnostic::of))
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
    diagnostics: Diagnostics<'a>,
    summary: Summary,
}

/// The JSON value of one diagnostic.
pub fn diagnostic(d: &Diagnostic) -> serde_json::Value {
    serde_json::to_value(JsonDiagnostic::of(d)).unwrap_or_default()
}

/// Write the report.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let c = Counts::of(report.diagnostics);
    let value = JsonReport {
        version: 1,
        tool: Tool {
            name: "dpmlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        files_checked: report.files_checked,
        diagnostics: Diagnostics(report.diagnostics),
        summary: Summary {
            error: c.error,
            warning: c.warning,
            info: c.info,
            fixed: report.fixed,
        },
    };
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &value)?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}
