//! `--format human`: rustc-style snippets through miette, then a summary.

use super::{Counts, Report};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::tr;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
use std::collections::BTreeMap;

/// miette's theme: box characters or ASCII, with or without colour.
pub fn theme(color: bool, ascii: bool) -> GraphicalTheme {
    match (ascii, color) {
        (false, true) => GraphicalTheme::unicode(),
        (false, false) => GraphicalTheme::unicode_nocolor(),
        (true, true) => GraphicalTheme::ascii(),
        (true, false) => GraphicalTheme::none(),
    }
}

fn handler(color: bool, ascii: bool) -> GraphicalReportHandler {
    GraphicalReportHandler::new_themed(theme(color, ascii))
        .with_width(100)
        .with_links(false)
        .without_syntax_highlighting()
}

/// Render one diagnostic as text.
pub fn render(d: &Diagnostic, lang: Lang, color: bool, ascii: bool) -> String {
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let fixable = d.fix.as_ref().map(|f| match f.applicability {
        crate::diagnostic::Applicability::Safe => tr!(lang, "fixable with --fix", "--fix で修正できます"),
        crate::diagnostic::Applicability::Unsafe => tr!(
            lang,
            "fixable with --fix --unsafe-fixes",
            "--fix --unsafe-fixes で修正できます"
        ),
    });
    let mut help = d.help.clone();
    if let Some(f) = fixable {
        help = Some(match help {
            Some(h) => format!("{h} [{f}]"),
            None => format!("[{f}]"),
        });
    }
    let primary_text = (!d.labels.is_empty()).then(|| tr!(lang, "here", "ここ"));
    let primary = LabeledSpan::new_primary_with_span(primary_text, (d.span.start, d.span.len()));
    let mut md = MietteDiagnostic::new(d.message.clone())
        .with_code(format!("{}({})", d.rule.code, d.rule.name))
        .with_severity(severity)
        .with_label(primary);
    for l in &d.labels {
        // `with_label` would replace the labels so far (the primary span among them).
        md = md.and_label(LabeledSpan::new_with_span(
            Some(l.message.clone()),
            (l.span.start, l.span.len()),
        ));
    }
    if let Some(h) = help {
        md = md.with_help(h);
    }
    let report = miette::Report::new(md).with_source_code(NamedSource::new(d.file.name.clone(), d.file.text.clone()));
    let mut out = String::new();
    if handler(color, ascii).render_report(&mut out, report.as_ref()).is_err() {
        let at = d.file.line_col(d.span.start);
        out = format!(
            "{}:{}:{}: {} {}\n",
            d.file.name, at.line, at.column, d.rule.code, d.message
        );
    }
    out
}

/// Write every diagnostic and the summary.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let lang = report.lang;
    for d in report.diagnostics {
        write!(out, "{}", render(d, lang, report.color, report.ascii))?;
        writeln!(out)?;
    }
    if report.statistics {
        let mut by_rule: BTreeMap<&str, (&str, usize, usize)> = BTreeMap::new();
        for d in report.diagnostics {
            let e = by_rule.entry(d.rule.code).or_insert((d.rule.name, 0, 0));
            e.1 += 1;
            if d.fix.is_some() {
                e.2 += 1;
            }
        }
        for (code, (name, n, fixable)) in &by_rule {
            let mark = if *fixable > 0 { "[*]" } else { "   " };
            writeln!(out, "{n:>5}  {code}  {mark} {name}")?;
        }
    }
    if report.quiet {
        return Ok(());
    }
    let c = Counts::of(report.diagnostics);
    let files = report.files_checked;
    let fixable = report.diagnostics.iter().filter(|d| d.fix.is_some()).count();
    if report.fixed > 0 {
        let n = report.fixed;
        writeln!(
            out,
            "{}",
            tr!(lang, "Fixed {n} problem(s).", "{n} 件の問題を修正しました。")
        )?;
    }
    if report.diagnostics.is_empty() {
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
        if fixable > 0 {
            writeln!(
                out,
                "{}",
                tr!(
                    lang,
                    "[*] {fixable} fixable with `dpmlint check --fix`.",
                    "[*] {fixable} 件は `dpmlint check --fix` で修正できます。"
                )
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};

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
}
