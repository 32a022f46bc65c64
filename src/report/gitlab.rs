//! `--format gitlab`: a GitLab Code Quality report (a JSON array of Code Climate issues), for
//! `artifacts: reports: codequality:`. Each issue has `description` (the message), `check_name`
//! (the code), `fingerprint`, `severity`, `location.path` and `location.lines.begin`/`end`, and
//! the help as `content.body` when there is some.
//!
//! The fingerprint is what GitLab compares between the base and the head of a merge request, so
//! it must not move when lines do: it is the hash of the file, the code and the diagnostic's
//! baseline fingerprint (the offending node's key path and text), and the diagnostic's rank among
//! identical ones. Severities: error → `major`, warning → `minor`, info → `info`.

use crate::diagnostic::{Diagnostic, Severity};
use serde_json::{Value, json};

/// GitLab's severity for ours.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// The report: an array of issues, streamed (the placeholder stands for it).
pub(super) fn document() -> Value {
    json!(super::stream::PLACEHOLDER)
}

/// One issue.
pub(super) fn issue(d: &Diagnostic, fp: &str) -> Value {
    let start = d.file.line_col(d.span.start);
    let end = d.file.line_col(d.span.end);
    let mut issue = json!({
        "type": "issue",
        "engine_name": "dpmlint",
        "description": &*d.message,
        "check_name": d.rule.code,
        "categories": ["Bug Risk"],
        "fingerprint": fp,
        "severity": severity(d.severity),
        "location": {
            "path": d.file.name,
            "lines": {"begin": start.line, "end": end.line.max(start.line)},
        },
    });
    if let (Some(h), Some(obj)) = (&d.help, issue.as_object_mut()) {
        obj.insert("content".into(), json!({"body": &**h}));
    }
    issue
}
