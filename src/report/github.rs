//! `--format github`: GitHub Actions workflow commands, one line per diagnostic, which the runner
//! turns into annotations on the pull request:
//!
//! ```text
//! ::error file=p/package.yaml,line=6,col=1,endLine=6,endColumn=9,title=DPM002 (unknown-key)::message
//! ```
//!
//! errors are `::error`, warnings `::warning`, infos `::notice`. As GitHub documents, the message
//! escapes `%`, CR and LF (`%25`, `%0D`, `%0A`) and property values also escape `:` and `,`
//! (`%3A`, `%2C`). The diagnostic's help follows the message on a second line.

use crate::diagnostic::{Diagnostic, Severity};

/// Escape a command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command for one diagnostic (without the newline).
pub fn command(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let start = d.file.line_col(d.span.start);
    let end = d.file.line_col(d.span.end);
    let title = format!("{} ({})", d.rule.code, d.rule.name);
    let message = match &d.help {
        Some(h) => format!("{}\n{h}", d.message),
        None => d.message.to_string(),
    };
    format!(
        "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&d.file.name),
        start.line,
        start.column,
        end.line,
        end.column,
        escape_property(&title),
        escape_data(&message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_documents() {
        assert_eq!(escape_data("50% done\r\nnext: a,b"), "50%25 done%0D%0Anext: a,b");
        assert_eq!(escape_property("C:\\a,b%\n"), "C%3A\\a%2Cb%25%0A");
    }
}
