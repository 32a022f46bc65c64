//! The rules: one file per rule, named after its code and name (`dpm401_unversioned_file_pinned.rs`).
//!
//! A rule file holds, in this order: its documentation as `//!` comments (this is what
//! `dpmlint explain CODE` prints: English first, then a `## 日本語` section), its [`RuleMeta`]
//! declared with [`rule_meta!`], and its check. The registry in [`registry`] lists them all.

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;

pub mod context;
pub mod identity;
pub mod pages;

pub use context::{Loaded, PackageCtx, RepoCtx, Settings, Summary, Target};

macro_rules! registry {
    ($($module:ident => $rule:ident,)*) => {
        $(pub mod $module;)*

        /// The registry: every implemented rule, in code order. A rule not listed here does not
        /// exist for `dpmlint rules`, `explain`, `--select` or the config.
        pub static RULES: &[&dyn Rule] = &[$(&$module::$rule,)*];

        /// Each rule module's name and source text. The path is relative to this file, so it is
        /// right however Cargo names the crate's files (relative to the workspace when dpmlint is
        /// built on its own, absolute when it is another workspace's dependency, as in `fuzz/`).
        const SOURCES: &[(&str, &str)] = &[
            $((stringify!($module), include_str!(concat!(stringify!($module), ".rs"))),)*
        ];
    };
}

registry! {
    dpm001_invalid_yaml => InvalidYaml,
    dpm002_unknown_key => UnknownKey,
    dpm003_missing_field => MissingField,
    dpm004_invalid_value => InvalidValue,
    dpm005_duplicate_key => DuplicateKey,
    dpm006_unsupported_format => UnsupportedFormat,
    dpm007_unused_suppression => UnusedSuppression,
    dpm008_stale_baseline_entry => StaleBaselineEntry,
    dpm101_ms_number_malformed => MsNumberMalformed,
    dpm102_ms_number_unknown => MsNumberUnknown,
    dpm103_kb_not_in_bulletin => KbNotInBulletin,
    dpm104_ms_number_ambiguous => MsNumberAmbiguous,
    dpm105_hotfix_unidentifiable => HotfixUnidentifiable,
    dpm106_os_not_affected => OsNotAffected,
    dpm107_kb_mismatch => KbMismatch,
    dpm108_ms_number_on_non_hotfix => MsNumberOnNonHotfix,
    dpm109_kb_malformed => KbMalformed,
    dpm110_kb_not_for_os => KbNotForOs,
    dpm111_sp_prerequisite => SpPrerequisite,
    dpm201_os_unknown => OsUnknown,
    dpm202_os_unsupported => OsUnsupported,
    dpm203_language_unsupported => LanguageUnsupported,
    dpm204_installer_os_mismatch => InstallerOsMismatch,
    dpm205_installer_language_mismatch => InstallerLanguageMismatch,
    dpm206_mixed_architectures => MixedArchitectures,
    dpm301_sp_version_missing => SpVersionMissing,
    dpm302_sp_version_nonexistent => SpVersionNonexistent,
    dpm303_sp_installer_mismatch => SpInstallerMismatch,
    dpm304_sp_identification_present => SpIdentificationPresent,
    dpm305_sp_field_on_non_sp => SpFieldOnNonSp,
    dpm306_sp_not_exclusive => SpNotExclusive,
    dpm401_unversioned_file_pinned => UnversionedFilePinned,
    dpm402_unversioned_file_change_type => UnversionedFileChangeType,
    dpm403_version_malformed => VersionMalformed,
    dpm404_version_on_delete => VersionOnDelete,
    dpm405_upgrade_without_version => UpgradeWithoutVersion,
    dpm406_version_mismatch => VersionMismatch,
    dpm407_path_malformed => PathMalformed,
    dpm408_duplicate_identification => DuplicateIdentification,
    dpm409_reference_file_missing => ReferenceFileMissing,
    dpm410_path_not_on_target => PathNotOnTarget,
    dpm411_version_of_other_release => VersionOfOtherRelease,
    dpm501_execute_file_missing => ExecuteFileMissing,
    dpm502_not_unattended => NotUnattended,
    dpm503_reboot_conflict => RebootConflict,
    dpm504_package_size => PackageSize,
    dpm505_installer_not_runnable => InstallerNotRunnable,
    dpm601_duplicate_package_id => DuplicatePackageId,
    dpm602_duplicate_target => DuplicateTarget,
    dpm603_dependency_missing => DependencyMissing,
    dpm604_dependency_cycle => DependencyCycle,
}

/// The diagnostic of a problem the model builder found with a definition's shape: DPM002–DPM006
/// word what the model only records.
pub fn shape_diagnostic(
    file: &std::sync::Arc<crate::load::source::SourceFile>,
    lang: crate::i18n::Lang,
    problem: &crate::model::Problem,
) -> crate::diagnostic::Diagnostic {
    use crate::model::Problem;
    match problem {
        Problem::UnknownKey {
            span,
            key,
            parent,
            known,
            suggestion,
        } => dpm002_unknown_key::diagnostic(file, lang, *span, key, parent, known, *suggestion),
        Problem::MissingField { span, field, entry } => {
            dpm003_missing_field::diagnostic(file, lang, *span, field, *entry)
        }
        Problem::InvalidValue { span, field, problem } => {
            dpm004_invalid_value::diagnostic(file, lang, *span, field, problem)
        }
        Problem::DuplicateKey { key, first, second } => {
            dpm005_duplicate_key::diagnostic(file, lang, key, *first, *second)
        }
        Problem::UnsupportedFormat { span, value } => dpm006_unsupported_format::diagnostic(file, lang, *span, *value),
    }
}

/// The rule with this code (case-insensitive).
pub fn find_rule(code: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().code.eq_ignore_ascii_case(code))
}

/// Whether and how a rule can fix what it finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixKind {
    /// No fix.
    None,
    /// A fix `--fix` applies.
    Safe,
    /// A fix applied only with `--unsafe-fixes`.
    Unsafe,
    /// Safe in some cases, unsafe in others.
    Sometimes,
}

impl FixKind {
    /// How `dpmlint rules` shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::None => "",
            FixKind::Safe => "fix",
            FixKind::Unsafe => "unsafe fix",
            FixKind::Sometimes => "fix (sometimes unsafe)",
        }
    }
}

/// What the registry knows of a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, e.g. `DPM401`.
    pub code: &'static str,
    /// kebab-case name, e.g. `unversioned-file-pinned`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Fix availability.
    pub fix: FixKind,
    /// The rule's source file: its `//!` comments are its documentation.
    pub source: &'static str,
}

/// The heading that starts the Japanese part of a rule's documentation.
pub const JA_HEADING: &str = "## 日本語";

impl RuleMeta {
    /// The full documentation in one language (`dpmlint explain`).
    pub fn explain(&self, lang: Lang) -> String {
        let doc: Vec<&str> = self
            .source
            .lines()
            .take_while(|l| l.trim_start().starts_with("//!") || l.trim().is_empty())
            .filter_map(|l| l.trim_start().strip_prefix("//!"))
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        let split = doc.iter().position(|l| l.trim() == JA_HEADING);
        let part: &[&str] = match (lang, split) {
            (Lang::En, Some(i)) => &doc[..i],
            (Lang::Ja, Some(i)) => &doc[i + 1..],
            (_, None) => &doc,
        };
        let mut text = part.join("\n").trim().to_string();
        // The examples are YAML, the same in both languages: the Japanese text shows the English
        // part's `## Example` section (up to `## Fix`) under its own headings, unless it has one.
        if lang == Lang::Ja
            && let Some(i) = split
            && !text.contains("```yaml")
        {
            let en = &doc[..i];
            let start = en.iter().position(|l| l.trim() == "## Example");
            let end = en.iter().position(|l| l.trim() == "## Fix").unwrap_or(en.len());
            if let Some(start) = start.filter(|s| *s < end) {
                let example = en[start + 1..end]
                    .iter()
                    .map(|l| if l.trim() == "Use instead:" { "修正後:" } else { l })
                    .collect::<Vec<_>>()
                    .join("\n");
                text = match text.find("## 修正方法") {
                    Some(at) => format!("{}## 例\n{}\n\n{}", &text[..at], example.trim(), &text[at..]),
                    None => format!("{text}\n\n## 例\n{}", example.trim()),
                };
            }
        }
        format!("{}\n", text.trim())
    }

    /// The first sentence of the documentation, for tables.
    pub fn summary(&self, lang: Lang) -> String {
        let text = self.explain(lang);
        let lines = text
            .lines()
            .skip_while(|l| l.trim().is_empty() || l.starts_with('#'))
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim);
        // Lines join with a space, except between two non-ASCII (Japanese) characters, where
        // Japanese puts none: `…変更タイプが` + `` `rewrite` `` keeps its space, `1 つの` +
        // `アーキテクチャ` does not get one. Japanese punctuation takes no space either side
        // (`、` + `` `execute.reboot` ``).
        let mut para = String::new();
        for line in lines {
            let glue = match (para.chars().last(), line.chars().next()) {
                (None, _) => "",
                (Some(a), Some(b)) if !a.is_ascii() && !b.is_ascii() => "",
                (Some(a), Some(b)) if is_ja_punct(a) || is_ja_punct(b) => "",
                _ => " ",
            };
            para.push_str(glue);
            para.push_str(line);
        }
        // The first sentence end outside `code` and outside ( ) / （ ） brackets, so that
        // `(例: …)` or `(… 3 桁の番号。例: …)` stays whole.
        let mut in_code = false;
        let mut depth = 0usize;
        let mut cut = para.len();
        for (i, c) in para.char_indices() {
            match c {
                '`' => in_code = !in_code,
                _ if in_code => {}
                '(' | '（' => depth += 1,
                ')' | '）' => depth = depth.saturating_sub(1),
                _ if depth > 0 => {}
                '。' => {
                    cut = i;
                    break;
                }
                ':' | '.' | ';' if para[i + 1..].starts_with(' ') => {
                    cut = i;
                    break;
                }
                _ => {}
            }
        }
        let first = para[..cut].trim_end_matches(['.', ':']);
        first.to_string()
    }
}

/// Japanese punctuation (`、`, `。`, `「`, `（`, `：`…), which takes no space next to ASCII.
fn is_ja_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{30FB}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}')
}

/// The source of the rule `code`: the module of the registry named after it (`DPM001` →
/// `dpm001_invalid_yaml`). For [`rule_meta!`]; a rule whose module is not named after its code is
/// a compile error.
#[doc(hidden)]
pub const fn source_of(code: &str) -> &'static str {
    let code = code.as_bytes();
    let mut i = 0;
    while i < SOURCES.len() {
        let name = SOURCES[i].0.as_bytes();
        if name.len() > code.len() && name[code.len()] == b'_' {
            let mut j = 0;
            while j < code.len() && name[j].eq_ignore_ascii_case(&code[j]) {
                j += 1;
            }
            if j == code.len() {
                return SOURCES[i].1;
            }
        }
        i += 1;
    }
    panic!("a rule's module must be named after its code (dpm001_…)");
}

/// Declare a rule's [`RuleMeta`]: `rule_meta!("DPM002", "unknown-key", Error, None)`.
#[macro_export]
macro_rules! rule_meta {
    ($code:literal, $name:literal, $sev:ident, $fix:ident) => {
        $crate::rules::RuleMeta {
            code: $code,
            name: $name,
            severity: $crate::diagnostic::Severity::$sev,
            fix: $crate::rules::FixKind::$fix,
            source: $crate::rules::source_of($code),
        }
    };
}

/// A rule. Rules that judge one definition implement [`Rule::check`]; rules that look across the
/// repository implement [`Rule::check_repo`]. Rules about the document itself (DPM001–DPM006) are
/// reported while loading and implement neither.
pub trait Rule: Send + Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;

    /// Check one definition.
    fn check(&self, _ctx: &PackageCtx, _out: &mut Vec<Diagnostic>) {}

    /// Check across all definitions.
    fn check_repo(&self, _ctx: &RepoCtx, _out: &mut Vec<Diagnostic>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `s`'s ( ) / （ ） brackets, outside `code`, are balanced, and its backticks paired.
    fn balanced(s: &str) -> bool {
        let mut in_code = false;
        let mut depth = 0i32;
        for c in s.chars() {
            match c {
                '`' => in_code = !in_code,
                _ if in_code => {}
                '(' | '（' => depth += 1,
                ')' | '）' => {
                    depth -= 1;
                    if depth < 0 {
                        return false;
                    }
                }
                _ => {}
            }
        }
        depth == 0 && !in_code
    }

    fn meta(code: &str) -> &'static RuleMeta {
        find_rule(code).expect(code).meta()
    }

    #[test]
    fn japanese_summaries_keep_brackets_whole() {
        let dpm101 = meta("DPM101").summary(Lang::Ja);
        assert_eq!(
            dpm101,
            "`MSyy-nnn` (`MS`、2 桁の年、ハイフン、3 桁の番号。例: `MS08-067`) の形で書かれていない `ms_number`"
        );
        let dpm206 = meta("DPM206").summary(Lang::Ja);
        assert!(
            dpm206.contains("(例: x86 の `Windows Server 2003 Enterprise Edition` と"),
            "{dpm206}"
        );
        assert!(
            dpm206.ends_with("のに、インストーラが 1 つのアーキテクチャ向けである"),
            "{dpm206}"
        );
        // Line breaks between Japanese and ASCII keep their space.
        assert!(meta("DPM409").summary(Lang::Ja).contains("変更タイプが `rewrite` か"));
        assert!(
            meta("DPM504")
                .summary(Lang::Ja)
                .contains("`package-size-limit` (既定 300 MiB)")
        );
        assert!(meta("DPM104").summary(Lang::Ja).contains("対象 OS 向けに"));
        for rule in RULES {
            for lang in [Lang::En, Lang::Ja] {
                let summary = rule.meta().summary(lang);
                assert!(balanced(&summary), "{} ({lang:?}): {summary}", rule.meta().code);
            }
        }
    }

    #[test]
    fn summaries_join_lines_with_a_space_unless_both_sides_are_japanese() {
        for rule in RULES {
            let m = rule.meta();
            for lang in [Lang::En, Lang::Ja] {
                let text = m.explain(lang);
                let lines: Vec<&str> = text.lines().map(str::trim).collect();
                let summary = m.summary(lang);
                for pair in lines.windows(2) {
                    let (Some(a), Some(b)) = (pair[0].chars().last(), pair[1].chars().next()) else {
                        continue;
                    };
                    if (!a.is_ascii() && !b.is_ascii()) || is_ja_punct(a) || is_ja_punct(b) {
                        continue;
                    }
                    // `a` and `b` glued together, where the source had a line break between them
                    // (and has them nowhere side by side on one line).
                    let glued = format!("{a}{b}");
                    assert!(
                        !summary.contains(&glued) || lines.iter().any(|l| l.contains(&glued)),
                        "{} ({lang:?}): {glued:?} glued across a line break in {summary:?}",
                        m.code
                    );
                }
            }
        }
    }

    #[test]
    fn english_summaries_join_lines_with_a_space() {
        let dpm206 = meta("DPM206").summary(Lang::En);
        assert!(
            dpm206.ends_with(
                "architecture, such as `Windows Server 2003 Enterprise Edition` (x86) with `Windows Server 2003 Enterprise x64 Edition`"
            ),
            "{dpm206}"
        );
    }
}
