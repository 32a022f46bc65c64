//! `--format human`: rustc-style snippets through miette, then a summary.

use super::{Report, Totals};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::i18n::Lang;
use crate::load::source::Span;
use crate::tr;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};

/// miette's theme: box characters or ASCII, with or without colour.
pub fn theme(color: bool, ascii: bool) -> GraphicalTheme {
    match (ascii, color) {
        (false, true) => GraphicalTheme::unicode(),
        (false, false) => GraphicalTheme::unicode_nocolor(),
        (true, true) => GraphicalTheme::ascii(),
        (true, false) => GraphicalTheme::none(),
    }
}

/// miette's handler. English lines break at spaces only, so a KB number, an `MS08-067` or a path
/// stays on one line (and no Unicode line-breaking runs for each finding); Japanese, written
/// without spaces, breaks where Unicode's line-breaking rules allow. Neither breaks a word at its
/// hyphens; only a word longer than the whole line is cut.
fn handler(color: bool, ascii: bool, lang: Lang) -> GraphicalReportHandler {
    let separator = match lang {
        Lang::En => textwrap::WordSeparator::Custom(english_words),
        Lang::Ja => textwrap::WordSeparator::Custom(japanese_words),
    };
    GraphicalReportHandler::new_themed(theme(color, ascii))
        .with_width(100)
        .with_links(false)
        .without_syntax_highlighting()
        .with_word_separator(separator)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// English words: split at spaces, a `code span` kept whole.
fn english_words(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    code_spans_whole(line, &textwrap::WordSeparator::AsciiSpace)
}

/// Japanese words: split where Unicode's line-breaking rules allow, a `code span` kept whole.
fn japanese_words(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    code_spans_whole(line, &textwrap::WordSeparator::UnicodeBreakProperties)
}

/// The words `base` finds in `line`, those of one `code span` (an OS name, a path, an installer
/// name between backticks) or of one `[bracketed note]` (`[fixable with --fix]`) joined into one,
/// so no line breaks inside it. A backtick or bracket left open leaves the rest of the line as
/// `base` splits it.
fn code_spans_whole<'a>(
    line: &'a str,
    base: &textwrap::WordSeparator,
) -> Box<dyn Iterator<Item = textwrap::core::Word<'a>> + 'a> {
    use textwrap::core::Word;
    let mut out = Vec::new();
    let mut open: Vec<Word<'a>> = Vec::new();
    // Inside a code span; how many brackets are open (outside code spans).
    let (mut code, mut brackets) = (false, 0usize);
    let offset = |w: &Word<'a>| w.word.as_ptr() as usize - line.as_ptr() as usize;
    for word in base.find_words(line) {
        for b in word.word.bytes() {
            match b {
                b'`' => code = !code,
                b'[' if !code => brackets += 1,
                b']' if !code => brackets = brackets.saturating_sub(1),
                _ => {}
            }
        }
        let inside = code || brackets > 0;
        match open.first() {
            None if !inside => out.push(word),
            None => open.push(word),
            Some(_) if inside => open.push(word),
            Some(first) => {
                let end = offset(&word) + word.word.len() + word.whitespace.len();
                match line.get(offset(first)..end) {
                    Some(text) => out.push(Word::from(text)),
                    None => out.extend(open.drain(..).chain(std::iter::once(word))),
                }
                open.clear();
            }
        }
    }
    out.extend(open);
    Box::new(out.into_iter())
}

/// Render one diagnostic as text.
pub fn render(d: &Diagnostic, lang: Lang, color: bool, ascii: bool) -> String {
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let fixable = d.fix.as_ref().map(|f| match f.applicability {
        Applicability::Safe => tr!(lang, "fixable with --fix", "--fix で修正できます"),
        Applicability::Unsafe => tr!(
            lang,
            "fixable with --fix --unsafe-fixes",
            "--fix --unsafe-fixes で修正できます"
        ),
    });
    let mut help = d.help.as_deref().map(str::to_owned);
    if let Some(f) = fixable {
        help = Some(match help {
            Some(h) => format!("{h} [{f}]"),
            None => format!("[{f}]"),
        });
    }
    let primary_text = (!d.labels.is_empty()).then(|| tr!(lang, "here", "ここ"));
    let primary = LabeledSpan::new_primary_with_span(primary_text, (d.span.start, d.span.len()));
    let mut md = MietteDiagnostic::new(d.message.to_string())
        .with_code(format!("{}({})", d.rule.code, d.rule.name))
        .with_severity(severity);
    let window = Window::around(d);
    let Some(window) = window else {
        // A line too long to show: the position and the message, no snippet.
        let at = d.file.line_col(d.span.start);
        let (name, line, column) = (&d.file.name, at.line, at.column);
        md.message = tr!(
            lang,
            "{} [{name}:{line}:{column}; the line is too long to show]",
            "{} [{name}:{line}:{column}。行が長すぎるため表示しません]",
            md.message
        );
        if let Some(h) = help {
            md = md.with_help(h);
        }
        return render_md(md, None, d, color, ascii, lang);
    };
    md = md.with_label(primary);
    let mut far = Vec::new();
    for l in &d.labels {
        if window.holds(l.span) {
            // `with_label` would replace the labels so far (the primary span among them).
            md = md.and_label(LabeledSpan::new_with_span(
                Some(l.message.clone()),
                (l.span.start, l.span.len()),
            ));
        } else {
            let line = d.file.line_col(l.span.start).line;
            far.push(tr!(lang, "{} (line {line})", "{} ({line} 行目)", l.message));
        }
    }
    if !far.is_empty() {
        let far = far.join("; ");
        help = Some(match help {
            Some(h) => format!("{h}\n{far}"),
            None => far,
        });
    }
    if let Some(h) = help {
        md = md.with_help(h);
    }
    render_md(md, Some(window), d, color, ascii, lang)
}

fn render_md(
    md: MietteDiagnostic,
    window: Option<Window>,
    d: &Diagnostic,
    color: bool,
    ascii: bool,
    lang: Lang,
) -> String {
    let source = window.map(|w| NamedSource::new(d.file.name.clone(), w));
    // Rendered directly, not through `miette::Report`, whose every construction asks the terminal
    // what it supports (hundreds of microseconds a diagnostic on Windows).
    let with_source = WithSource {
        md: &md,
        source: source.as_ref(),
    };
    let mut out = String::new();
    if handler(color, ascii, lang)
        .render_report(&mut out, &with_source)
        .is_err()
    {
        let at = d.file.line_col(d.span.start);
        out = format!(
            "{}:{}:{}: {} {}\n",
            d.file.name, at.line, at.column, d.rule.code, d.message
        );
    }
    out
}

/// A diagnostic with the source its labels point into.
#[derive(Debug)]
struct WithSource<'a> {
    md: &'a MietteDiagnostic,
    source: Option<&'a NamedSource<Window>>,
}

impl std::fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.md, f)
    }
}

impl std::error::Error for WithSource<'_> {}

impl miette::Diagnostic for WithSource<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.md.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.md.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.md.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.md.labels()
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }
}

/// The longest line (in bytes) shown in a snippet: a diagnostic on a longer one is reported
/// without its snippet (miette cannot draw past column 65,535, and nobody reads such a line).
const MAX_SNIPPET_LINE: usize = 4096;
/// Lines of context around the spans given to miette (it shows one).
const MARGIN: usize = 3;
/// The most text one snippet is drawn from: a label farther from the primary span is named in the
/// help with its line instead, so a report's size and time do not grow with the file's.
const MAX_WINDOW: usize = 8 * 1024;

/// The lines of a file around a diagnostic's spans: all miette reads, so rendering one diagnostic
/// costs the size of its snippet, not of its file. Offsets and line numbers stay the file's.
#[derive(Debug)]
struct Window {
    text: String,
    start: usize,
    first_line: usize,
}

impl Window {
    /// The window for `d` (the primary span, and the labels near enough to it), or `None` when a
    /// line in it is too long to show.
    fn around(d: &Diagnostic) -> Option<Window> {
        let file = &d.file;
        let (mut lo, mut hi) = (d.span.start, d.span.end);
        for l in &d.labels {
            let (l_lo, l_hi) = (lo.min(l.span.start), hi.max(l.span.end));
            if l_hi - l_lo <= MAX_WINDOW {
                (lo, hi) = (l_lo, l_hi);
            }
        }
        // A lone CR is a line break to miette and not to SourceFile: give miette the whole file
        // then, so its line numbers are right.
        let (first_line, last_line) = if file.has_lone_cr() {
            (0, file.lines() - 1)
        } else {
            (
                file.line_index(lo).saturating_sub(MARGIN),
                (file.line_index(hi) + MARGIN).min(file.lines() - 1),
            )
        };
        let start = file.line_start(first_line);
        let end = file.line_end_with_newline(last_line);
        let text = file.text.get(start..end)?;
        if text.split('\n').any(|line| line.len() > MAX_SNIPPET_LINE) {
            return None;
        }
        Some(Window {
            text: text.to_string(),
            start,
            first_line,
        })
    }

    fn holds(&self, span: Span) -> bool {
        span.start >= self.start && span.end <= self.start + self.text.len()
    }
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let offset = span.offset().checked_sub(self.start).ok_or(MietteError::OutOfBounds)?;
        let inner = self
            .text
            .read_span(&SourceSpan::new(offset.into(), span.len()), before, after)?;
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            SourceSpan::new((inner.span().offset() + self.start).into(), inner.span().len()),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count() + self.first_line,
        )))
    }
}

/// Whether a diagnostic's fix is one this run's options apply, one only `--unsafe-fixes` would, or
/// none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fixability {
    Applicable,
    Hidden,
    None,
}

pub(super) fn fixability(d: &Diagnostic, unsafe_fixes: bool) -> Fixability {
    match d.fix.as_ref().map(|f| f.applicability) {
        None => Fixability::None,
        Some(Applicability::Safe) => Fixability::Applicable,
        Some(Applicability::Unsafe) if unsafe_fixes => Fixability::Applicable,
        Some(Applicability::Unsafe) => Fixability::Hidden,
    }
}

/// The summary's line on fixes: how many `--fix` applies, and how many more only
/// `--fix --unsafe-fixes` would (an unsafe fix changes what the definition says: it is reviewed).
fn fix_hint(fixable: usize, hidden: usize, unsafe_fixes: bool, lang: Lang) -> Option<String> {
    let command = if unsafe_fixes {
        "dpmlint check --fix --unsafe-fixes"
    } else {
        "dpmlint check --fix"
    };
    Some(match (fixable, hidden) {
        (0, 0) => return None,
        (n, 0) => tr!(
            lang,
            "[*] {n} fixable with `{command}`.",
            "[*] {n} 件は `{command}` で修正できます。"
        ),
        (0, h) => tr!(
            lang,
            "[-] {h} fixable with `dpmlint check --fix --unsafe-fixes` (unsafe fixes change what the definition says: review them).",
            "[-] {h} 件は `dpmlint check --fix --unsafe-fixes` で修正できます (安全でない修正は定義の内容を変えます。確認してください)。"
        ),
        (n, h) => tr!(
            lang,
            "[*] {n} fixable with `{command}`; {h} more with `--fix --unsafe-fixes` (unsafe fixes change what the definition says: review them).",
            "[*] {n} 件は `{command}` で修正できます。ほかに {h} 件は `--fix --unsafe-fixes` で修正できます (安全でない修正は定義の内容を変えます。確認してください)。"
        ),
    })
}

/// The counts per rule (`--statistics`) and the summary lines that end the human and concise
/// reports (none with `--quiet`).
pub fn statistics_and_summary(report: &Report, totals: &Totals, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let lang = report.lang;
    if report.statistics {
        // Per rule: findings, findings this run's options can fix, findings only --unsafe-fixes can.
        for (code, (name, n, fixable, hidden)) in &totals.by_rule {
            let mark = match (*fixable > 0, *hidden > 0) {
                (true, _) => "[*]",
                (false, true) => "[-]",
                (false, false) => "   ",
            };
            writeln!(out, "{n:>5}  {code}  {mark} {name}")?;
        }
    }
    if report.quiet {
        return Ok(());
    }
    let c = totals.counts;
    let files = report.files_checked;
    let (fixable, hidden) = (totals.fixable, totals.hidden);
    if report.fixed > 0 {
        let n = report.fixed;
        writeln!(
            out,
            "{}",
            tr!(lang, "Fixed {n} problem(s).", "{n} 件の問題を修正しました。")
        )?;
    }
    if totals.is_empty() {
        writeln!(
            out,
            "{}",
            tr!(
                lang,
                "All checks passed ({files} definition(s) checked).",
                "すべての検査に合格しました (定義 {files} 件)。"
            )
        )?;
    } else {
        let (e, w, i) = (c.error, c.warning, c.info);
        writeln!(
            out,
            "{}",
            tr!(
                lang,
                "Found {e} error(s), {w} warning(s), {i} info in {files} definition(s).",
                "定義 {files} 件でエラー {e} 件、警告 {w} 件、情報 {i} 件が見つかりました。"
            )
        )?;
        if let Some(hint) = fix_hint(fixable, hidden, report.unsafe_fixes, lang) {
            writeln!(out, "{hint}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::source::{SourceFile, Span};

    #[test]
    fn shows_the_primary_span_and_every_label() {
        let text = "language: ja\nos: x\nlanguage: en\n".to_string();
        let file = SourceFile::new("package.yaml", None, text);
        let meta = &crate::rules::dpm005_duplicate_key::META;
        let d = Diagnostic::new(meta, &file, Span::new(19, 27), "duplicate key `language`")
            .label(Span::new(0, 8), "first defined here");
        let out = render(&d, Lang::En, false, false);
        assert!(out.contains("first defined here"), "{out}");
        assert!(out.contains("here\n") && out.matches("here").count() == 2, "{out}");
        assert!(
            out.contains("[package.yaml:3:1]"),
            "the primary span gives the position: {out}"
        );
        let ascii = render(&d, Lang::En, false, true);
        assert!(ascii.is_ascii(), "{ascii}");
        assert!(
            ascii.contains("[package.yaml:3:1]") && ascii.contains("first defined here"),
            "{ascii}"
        );
    }

    #[test]
    fn english_breaks_lines_at_spaces_and_japanese_between_characters() {
        let file = SourceFile::new("package.yaml", None, "ms: MS08-067\n".to_string());
        let meta = &crate::rules::dpm005_duplicate_key::META;
        let words = "word ".repeat(17);
        // Unicode's rules would break after the hyphen at the width of 100 columns.
        let d = Diagnostic::new(
            meta,
            &file,
            Span::new(4, 12),
            format!("{words}aaaa-bbbb-cccc-dddd-eeee"),
        );
        let out = render(&d, Lang::En, false, true);
        assert!(out.contains("aaaa-bbbb-cccc-dddd-eeee"), "{out}");
        let ja = "管理対象コンピュータの識別情報が一致しません。".repeat(6);
        let d = Diagnostic::new(meta, &file, Span::new(4, 12), ja.clone());
        let out = render(&d, Lang::Ja, false, true);
        assert!(!out.contains(&ja), "a long Japanese message is wrapped: {out}");
        assert!(out.lines().all(|l| l.chars().count() <= 100), "within the width: {out}");
        // A code span (an OS name, a path) stays on one line, in both languages.
        let os = "`Windows Server 2003 Standard Edition`";
        for (lang, text) in [
            (Lang::En, format!("{}cannot run on {os} at all", "word ".repeat(12))),
            (
                Lang::Ja,
                format!("{}のエディション {os} にはありません", "あ".repeat(38)),
            ),
        ] {
            let d = Diagnostic::new(meta, &file, Span::new(4, 12), text);
            let out = render(&d, lang, false, true);
            assert!(out.contains(os), "{out}");
        }
        // Nor is a bracketed note, such as the fix's.
        let d = Diagnostic::new(meta, &file, Span::new(4, 12), "word ".repeat(16))
            .help(format!("{}[fixable with --fix --unsafe-fixes]", "word ".repeat(14)));
        let out = render(&d, Lang::En, false, true);
        assert!(out.contains("[fixable with --fix --unsafe-fixes]"), "{out}");
        // A backtick left open does not keep the rest of the line from wrapping.
        let d = Diagnostic::new(meta, &file, Span::new(4, 12), format!("`open {}", "word ".repeat(30)));
        let out = render(&d, Lang::En, false, true);
        assert!(out.lines().all(|l| l.chars().count() <= 100), "{out}");
    }
}
