//! `--format concise`: one line per diagnostic, as ruff's concise output has it:
//! `file:line:col: CODE message`, with `[*]` before the message when the diagnostic has a fix;
//! then, unless `--quiet`, the counts per rule (`--statistics`) and the summary the human report
//! ends with. Lines and columns are 1-based, columns in characters, as everywhere in dpmlint. A
//! message never spans lines here: a line break in it is written as a space.

use crate::diagnostic::Diagnostic;

/// The line of one diagnostic, without its line break.
pub fn line(d: &Diagnostic) -> String {
    let at = d.file.line_col(d.span.start);
    let fix = if d.fix.is_some() { "[*] " } else { "" };
    let message: String = d
        .message
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    format!(
        "{}:{}:{}: {} {fix}{message}",
        d.file.name, at.line, at.column, d.rule.code
    )
}
