//! `--format json`: one object, exactly as docs/cli.md specifies.

use super::{Counts, Report};
use crate::diagnostic::Diagnostic;
use serde_json::{Value, json};

/// The JSON value of one diagnostic.
pub fn diagnostic(d: &Diagnostic) -> Value {
    let start = d.file.line_col(d.span.start);
    let end = d.file.line_col(d.span.end);
    let mut v = json!({
        "code": d.rule.code,
        "name": d.rule.name,
        "severity": d.severity.as_str(),
        "file": d.file.name,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "offset": d.span.start,
        "length": d.span.len(),
        "message": d.message,
        "help": d.help,
    });
    if let (Some(fix), Some(obj)) = (&d.fix, v.as_object_mut()) {
        let edits: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| json!({"offset": e.span.start, "length": e.span.len(), "replacement": e.replacement}))
            .collect();
        obj.insert(
            "fix".into(),
            json!({"applicability": fix.applicability, "edits": edits}),
        );
    }
    v
}

/// Write the report.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let c = Counts::of(report.diagnostics);
    let v = json!({
        "version": 1,
        "tool": {"name": "dpmlint", "version": env!("CARGO_PKG_VERSION")},
        "files_checked": report.files_checked,
        "diagnostics": report.diagnostics.iter().map(diagnostic).collect::<Vec<_>>(),
        "summary": {"error": c.error, "warning": c.warning, "info": c.info, "fixed": report.fixed},
    });
    serde_json::to_writer_pretty(&mut *out, &v)?;
    writeln!(out)
}
