//! Inline suppressions: `# dpmlint: ignore CODE — reason` (this line and the next) and
//! `# dpmlint: ignore-file CODE` (the whole file). Unused ones become DPM007.

use crate::load::source::{SourceFile, Span};

/// One code in one suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The code as written, upper-cased (`DPM406`).
    pub code: String,
    /// Where the code stands in the comment.
    pub span: Span,
    /// 0-based line of the comment.
    pub line: usize,
    /// True for `ignore-file`.
    pub whole_file: bool,
}

impl Suppression {
    /// Whether this suppression covers a diagnostic of `code` whose node starts on 0-based `line`.
    pub fn covers(&self, code: &str, line: usize) -> bool {
        code.eq_ignore_ascii_case(&self.code) && (self.whole_file || line == self.line || line == self.line + 1)
    }
}

/// Find the comments of a file: a `#` at the start of a line or after a blank, outside every
/// scalar (`scalar_spans` sorted by start). Returns each comment's span, from `#` to the line end.
pub fn comments(file: &SourceFile, scalar_spans: &[Span]) -> Vec<Span> {
    let text = file.text.as_bytes();
    let mut out = Vec::new();
    let mut scalars = scalar_spans.iter().peekable();
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'#' && (i == 0 || matches!(text[i - 1], b' ' | b'\t' | b'\n' | b'\r')) {
            while scalars.peek().is_some_and(|s| s.end <= i) {
                scalars.next();
            }
            let inside = scalars.peek().is_some_and(|s| s.start <= i && i < s.end);
            if !inside {
                let end = text[i..].iter().position(|&b| b == b'\n').map_or(text.len(), |p| i + p);
                let end = if end > i && text.get(end - 1) == Some(&b'\r') {
                    end - 1
                } else {
                    end
                };
                out.push(Span::new(i, end));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Parse the suppressions in a file's comments.
pub fn parse(file: &SourceFile, comments: &[Span]) -> Vec<Suppression> {
    let mut out = Vec::new();
    for &c in comments {
        let text = file.slice(c);
        let body = text.trim_start_matches('#').trim_start();
        let Some(rest) = body.strip_prefix("dpmlint:") else {
            continue;
        };
        let rest_trim = rest.trim_start();
        let (whole_file, codes) = if let Some(r) = rest_trim.strip_prefix("ignore-file") {
            (true, r)
        } else if let Some(r) = rest_trim.strip_prefix("ignore") {
            (false, r)
        } else {
            continue;
        };
        // Offset of `codes` within the file.
        let base = c.start + (text.len() - codes.len());
        let line = file.line_index(c.start);
        let mut pos = 0;
        let before = out.len();
        for token in codes.split_inclusive([' ', ',', '\t']) {
            let word = token.trim_end_matches([' ', ',', '\t']);
            let start = pos;
            pos += token.len();
            if word.is_empty() {
                continue;
            }
            let w = word.as_bytes();
            let is_code = w.len() >= 4 && w[..3].eq_ignore_ascii_case(b"DPM") && w[3..].iter().all(u8::is_ascii_digit);
            if !is_code {
                break; // the reason starts here (`—`, `--`, `:` or words)
            }
            out.push(Suppression {
                code: word.to_ascii_uppercase(),
                span: Span::new(base + start, base + start + word.len()),
                line,
                whole_file,
            });
        }
        if out.len() == before {
            // `# dpmlint: ignore` naming no code silences nothing: kept with an empty code, so it is
            // reported (DPM007) at its keyword.
            let keyword = rest_trim.len() - codes.len();
            let at = c.start + (text.len() - rest_trim.len());
            out.push(Suppression {
                code: String::new(),
                span: Span::new(at, at + keyword),
                line,
                whole_file,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;

    fn sup(text: &str) -> Vec<Suppression> {
        let file = SourceFile::new("t", None, text.to_string());
        let doc = yaml::load(text).unwrap();
        parse(&file, &comments(&file, &doc.scalar_spans))
    }

    #[test]
    fn finds_codes_and_reasons() {
        let text = "a: 1  # dpmlint: ignore DPM406, DPM401 — reason DPM999\n# dpmlint: ignore-file DPM502\nb: '# dpmlint: ignore DPM001'\n";
        let s = sup(text);
        assert_eq!(s.len(), 3);
        assert_eq!(&text[s[0].span.start..s[0].span.end], "DPM406");
        assert_eq!(&text[s[1].span.start..s[1].span.end], "DPM401");
        assert_eq!((s[0].line, s[0].whole_file), (0, false));
        assert_eq!((s[2].code.as_str(), s[2].line, s[2].whole_file), ("DPM502", 1, true));
        assert!(s[0].covers("DPM406", 1));
        assert!(!s[0].covers("DPM406", 2));
    }

    #[test]
    fn a_multibyte_reason_right_after_the_keyword_is_no_code() {
        // No code is read (the reason starts at once): what remains is a suppression naming no
        // rule, which DPM007 reports.
        for text in [
            "a: 1 # dpmlint: ignore \\— DPM001\n",
            "a: 1 # dpmlint: ignore —DPM001\n",
        ] {
            let s = sup(text);
            assert_eq!(s.len(), 1, "{text}");
            assert_eq!(
                (s[0].code.as_str(), &text[s[0].span.start..s[0].span.end]),
                ("", "ignore")
            );
        }
    }

    #[test]
    fn hash_inside_a_value_is_not_a_comment() {
        assert!(sup("a: \"x # dpmlint: ignore DPM001\"\nb: c#d\n").is_empty());
    }
}
