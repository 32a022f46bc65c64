//! `--format junit`: JUnit XML for CI systems that show test results. One `<testsuite
//! name="dpmlint">`; one `<testcase>` per definition checked (classname and name are the file), in
//! the order checked. A definition with diagnostics is a failed test case with one `<failure>`
//! (message: the diagnostic's, or how many there are; type: the codes; the body gives each one's
//! line:column, severity, rule, message and help), so `failures` counts definitions, as JUnit
//! consumers expect; a definition with none is a passing test case.

use crate::diagnostic::Diagnostic;

/// Escape text for XML 1.0 content and attribute values. Characters XML 1.0 cannot hold (most
/// C0 controls) become U+FFFD; in attributes, tabs and line breaks are written as character
/// references so that they survive attribute-value normalisation.
pub fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn entry(d: &Diagnostic) -> String {
    let at = d.file.line_col(d.span.start);
    let mut body = format!(
        "{}:{}:{}: {} {} ({}): {}",
        d.file.name, at.line, at.column, d.severity, d.rule.code, d.rule.name, d.message
    );
    if let Some(h) = &d.help {
        body.push_str("\nhelp: ");
        body.push_str(h);
    }
    body
}

/// The one `<failure>` of a definition with diagnostics.
fn failure(diags: &[&Diagnostic]) -> String {
    let mut codes: Vec<&str> = Vec::new();
    for d in diags {
        if !codes.contains(&d.rule.code) {
            codes.push(d.rule.code);
        }
    }
    let message = match diags {
        [d] => d.message.to_string(),
        _ => format!("{} problems: {}", diags.len(), codes.join(", ")),
    };
    let body: Vec<String> = diags.iter().map(|d| entry(d)).collect();
    format!(
        "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
        escape(&message, true),
        escape(&codes.join(","), true),
        escape(&body.join("\n\n"), false)
    )
}

/// The test cases written so far: JUnit's header counts the failed files, so the cases wait for
/// the end of the run, rendered (a clean definition costs one line).
#[derive(Default)]
pub struct Cases {
    text: String,
    /// The last name and its test case.
    last: Option<(String, String)>,
    tests: usize,
    failures: usize,
}

impl Cases {
    /// One definition's test case. The diagnostics of one name come together, with the first
    /// definition of that name; a definition named again repeats its test case.
    pub fn add(&mut self, name: &str, diags: &[Diagnostic]) {
        self.tests += 1;
        if let Some((last, case)) = &self.last
            && last == name
        {
            self.text.push_str(case);
            return;
        }
        let n = escape(name, true);
        let case = if diags.is_empty() {
            format!("    <testcase classname=\"{n}\" name=\"{n}\"/>\n")
        } else {
            self.failures += 1;
            let diags: Vec<&Diagnostic> = diags.iter().collect();
            let failure = failure(&diags);
            format!("    <testcase classname=\"{n}\" name=\"{n}\">\n{failure}    </testcase>\n")
        };
        self.text.push_str(&case);
        self.last = Some((name.to_string(), case));
    }

    /// Write the report.
    pub fn write(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let (tests, failures) = (self.tests, self.failures);
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            out,
            "<testsuites name=\"dpmlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
        )?;
        writeln!(
            out,
            "  <testsuite name=\"dpmlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
        )?;
        out.write_all(self.text.as_bytes())?;
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>", true),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("a<b \"c\"\n", false), "a&lt;b \"c\"\n");
        assert_eq!(escape("x\ny\tz\r", true), "x&#10;y&#9;z&#13;");
        assert_eq!(escape("bell\u{7}", false), "bell\u{FFFD}");
    }
}
