//! What a rule reports: a diagnostic at a span, with help, secondary labels and an optional fix.

use crate::load::source::{SourceFile, Span};
use crate::rules::RuleMeta;
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// How serious a diagnostic is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice.
    Info,
    /// Very likely wrong, but an author may have a reason.
    Warning,
    /// The package will fail, or be delivered again at every auto-update.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parse `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix may be applied without the author looking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Applied by `--fix`.
    Safe,
    /// Applied only with `--unsafe-fixes`.
    Unsafe,
}

/// One text replacement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced.
    pub span: Span,
    /// What goes there.
    pub replacement: String,
}

impl Edit {
    /// Replace `span` with `text`.
    pub fn replace(span: Span, text: impl Into<String>) -> Edit {
        Edit {
            span,
            replacement: text.into(),
        }
    }

    /// Delete `span`.
    pub fn delete(span: Span) -> Edit {
        Edit {
            span,
            replacement: String::new(),
        }
    }

    /// Insert `text` at `offset`.
    pub fn insert(offset: usize, text: impl Into<String>) -> Edit {
        Edit {
            span: Span::at(offset),
            replacement: text.into(),
        }
    }
}

/// A machine-applicable change that resolves a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// Non-overlapping edits.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A safe fix.
    pub fn safe(edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            edits,
        }
    }

    /// An unsafe fix.
    pub fn unsafe_(edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            edits,
        }
    }
}

/// A secondary place shown with a diagnostic (e.g. the first of two duplicate keys).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What it is.
    pub message: String,
}

/// A finding.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: &'static RuleMeta,
    /// Its severity (the rule's default, or the config's).
    pub severity: Severity,
    /// The file.
    pub file: Arc<SourceFile>,
    /// The exact node.
    pub span: Span,
    /// What is wrong, and what DPM will do with it.
    pub message: Arc<str>,
    /// How to fix it.
    pub help: Option<Arc<str>>,
    /// Other places that matter.
    pub labels: Box<[Label]>,
    /// A machine-applicable fix, if the rule offers one here.
    pub fix: Option<Box<Fix>>,
}

/// A text kept without spare capacity: `format!` reserves up to twice its literal text, and a run
/// holds every diagnostic until the repository rules have run (so a diagnostic is 96 bytes, its
/// texts shared, and a fix, which few have, behind a pointer). The same text in many findings is
/// held once ([`Texts`]).
fn tight(text: String) -> Arc<str> {
    Arc::from(text)
}

/// The texts of the findings held in a run, each held once however many findings say it (a
/// typo made in every definition, the same help for every unknown key).
#[derive(Default)]
pub struct Texts(std::sync::Mutex<foldhash::HashSet<Arc<str>>>);

impl Texts {
    /// Make `d`'s message and help the ones already held when they say the same.
    pub fn share(&self, d: &mut Diagnostic) {
        let Ok(mut held) = self.0.lock() else {
            return;
        };
        let mut one = |text: &mut Arc<str>| match held.get(text) {
            Some(same) => *text = Arc::clone(same),
            None => {
                held.insert(Arc::clone(text));
            }
        };
        one(&mut d.message);
        if let Some(help) = &mut d.help {
            one(help);
        }
    }
}

impl Diagnostic {
    /// A diagnostic of `rule` at `span` with its default severity.
    pub fn new(rule: &'static RuleMeta, file: &Arc<SourceFile>, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            file: Arc::clone(file),
            span: file.clamp(span),
            message: tight(message.into()),
            help: None,
            labels: Box::default(),
            fix: None,
        }
    }

    /// Add help.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(tight(help.into()));
        self
    }

    /// Add help when there is some.
    pub fn help_opt(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help.map(tight);
        }
        self
    }

    /// Add a secondary label.
    pub fn label(mut self, span: Span, message: impl Into<String>) -> Self {
        let mut labels = std::mem::take(&mut self.labels).into_vec();
        labels.push(Label {
            span: self.file.clamp(span),
            message: message.into(),
        });
        self.labels = labels.into_boxed_slice();
        self
    }

    /// Attach a fix.
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }

    /// The rule's code.
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    /// The sort key: file, then offset, then code.
    pub fn sort_key(&self) -> (&str, usize, &'static str, usize) {
        (&self.file.name, self.span.start, self.rule.code, self.span.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_diagnostic_stays_small() {
        // A run holds every finding until the repository rules have run: its texts are shared and
        // a fix, which few findings have, sits behind a pointer.
        assert!(
            std::mem::size_of::<Diagnostic>() <= 96,
            "{}",
            std::mem::size_of::<Diagnostic>()
        );
    }

    #[test]
    fn the_same_text_in_many_findings_is_held_once() {
        let meta = &crate::rules::dpm002_unknown_key::META;
        let file = SourceFile::new("a.dpm.yaml", None, "langauge: ja\n".to_owned());
        let texts = Texts::default();
        let mut found: Vec<Diagnostic> = (0..3)
            .map(|i| {
                let d = Diagnostic::new(meta, &file, Span { start: 0, end: 8 }, "unknown key `langauge`");
                if i < 2 {
                    d.help("did you mean `language`?")
                } else {
                    d.help("another help")
                }
            })
            .collect();
        for d in &mut found {
            texts.share(d);
        }
        assert!(Arc::ptr_eq(&found[0].message, &found[1].message));
        assert!(Arc::ptr_eq(&found[0].message, &found[2].message));
        let help = |d: &Diagnostic| d.help.clone().unwrap();
        assert!(Arc::ptr_eq(&help(&found[0]), &help(&found[1])));
        assert!(!Arc::ptr_eq(&help(&found[0]), &help(&found[2])));
        assert_eq!(&*help(&found[2]), "another help");
    }
}
