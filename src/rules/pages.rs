//! The rule pages in `docs/rules/`: one Markdown page per rule (`DPM401.md`), its documentation
//! in English then in Japanese, and an index (`README.md`). They are generated from the rules'
//! `//!` comments (the text `dpmlint explain` prints) by `cargo run --example gen-rule-docs`, and
//! a test regenerates them in memory and compares them with the committed files. SARIF's
//! `helpUri` points at them when `check --rule-docs-url` says where they are published.

use super::{FixKind, RULES, RuleMeta};
use crate::i18n::Lang;

/// The index page's file name.
pub const INDEX: &str = "README.md";

const GENERATED: &str = "<!-- Generated from the rule's documentation by `cargo run --example gen-rule-docs`; edit the rule's `//!` comment instead. -->";

/// The page's name for a rule: `DPM401.md`.
pub fn file_name(meta: &RuleMeta) -> String {
    format!("{}.md", meta.code)
}

/// Markdown headings one level deeper (`## Example` → `### Example`), fenced code left as it is.
fn demote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if !fenced && line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn fix_text(fix: FixKind, lang: Lang) -> &'static str {
    match (fix, lang) {
        (FixKind::None, Lang::En) => "none",
        (FixKind::None, Lang::Ja) => "なし",
        (FixKind::Safe, _) => "`--fix`",
        (FixKind::Unsafe, _) => "`--fix --unsafe-fixes`",
        (FixKind::Sometimes, Lang::En) => "`--fix` (some cases need `--unsafe-fixes`)",
        (FixKind::Sometimes, Lang::Ja) => "`--fix` (場合により `--unsafe-fixes` が必要)",
    }
}

/// The page of one rule.
pub fn page(meta: &RuleMeta) -> String {
    let sev = meta.severity.as_str();
    format!(
        "{GENERATED}\n\n# {code} `{name}`\n\n\
         Default severity: `{sev}`. Fix: {fix_en}. [日本語](#日本語) · [All rules](README.md)\n\n\
         ## English\n\n{en}\n\
         ## 日本語\n\n既定の重要度: `{sev}`。修正: {fix_ja}。\n\n{ja}",
        code = meta.code,
        name = meta.name,
        fix_en = fix_text(meta.fix, Lang::En),
        fix_ja = fix_text(meta.fix, Lang::Ja),
        en = demote(&meta.explain(Lang::En)),
        ja = demote(&meta.explain(Lang::Ja)),
    )
}

/// The index: every rule with a link to its page, in English then in Japanese.
pub fn index() -> String {
    let mut out = format!(
        "{GENERATED}\n\n# dpmlint rules\n\n\
         One page per rule: what it catches, why it leads to repeated delivery or failure, a bad and\n\
         a good example, and the fix; in English, then in Japanese. `dpmlint explain CODE` prints the\n\
         same text.\n\n\
         | code | name | severity | fix | what it catches |\n|---|---|---|---|---|\n"
    );
    for r in RULES {
        let m = r.meta();
        out.push_str(&format!(
            "| [{code}]({file}) | `{name}` | {sev} | {fix} | {summary} |\n",
            code = m.code,
            file = file_name(m),
            name = m.name,
            sev = m.severity.as_str(),
            fix = m.fix.as_str(),
            summary = m.summary(Lang::En),
        ));
    }
    out.push_str(
        "\n## 日本語\n\nルールごとのページに、検出内容、再配信や適用の失敗につながる理由、誤った例と正しい例、\
         直し方を英語と日本語で載せています。`dpmlint explain CODE --lang ja` でも同じ内容を表示できます。\n\n\
         | コード | 名前 | 重要度 | 修正 | 検出内容 |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        let m = r.meta();
        out.push_str(&format!(
            "| [{code}]({file}) | `{name}` | {sev} | {fix} | {summary} |\n",
            code = m.code,
            file = file_name(m),
            name = m.name,
            sev = m.severity.as_str(),
            fix = m.fix.as_str(),
            summary = m.summary(Lang::Ja),
        ));
    }
    out
}

/// Every page of `docs/rules/`, by file name: the index, then one per rule in code order.
pub fn pages() -> Vec<(String, String)> {
    let mut out = vec![(INDEX.to_string(), index())];
    out.extend(RULES.iter().map(|r| (file_name(r.meta()), page(r.meta()))));
    out
}

/// Where a rule's page is published, given the folder's URL (`--rule-docs-url`).
pub fn url(base: &str, meta: &RuleMeta) -> String {
    format!("{}{}", with_slash(base), file_name(meta))
}

/// The index page's URL, given the folder's.
pub fn index_url(base: &str) -> String {
    format!("{}{INDEX}", with_slash(base))
}

fn with_slash(base: &str) -> String {
    if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    }
}

/// Whether `url` is an absolute URI (a scheme, then `:`), as SARIF requires of `helpUri`.
pub fn is_absolute_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_demoted_outside_code() {
        assert_eq!(
            demote("## What\ntext\n```yaml\n# comment\n```\n"),
            "### What\ntext\n```yaml\n# comment\n```\n"
        );
    }

    #[test]
    fn urls() {
        assert!(is_absolute_url("https://example.org/dpmlint/docs/rules/"));
        assert!(is_absolute_url("file:///srv/docs/rules"));
        assert!(!is_absolute_url("docs/rules/"));
        assert!(!is_absolute_url("C"));
        assert!(!is_absolute_url("https://example.org/a b/"));
        let meta = super::super::find_rule("DPM401").unwrap().meta();
        assert_eq!(url("https://h/docs/rules", meta), "https://h/docs/rules/DPM401.md");
        assert_eq!(url("https://h/docs/rules/", meta), "https://h/docs/rules/DPM401.md");
        assert_eq!(index_url("https://h/r"), "https://h/r/README.md");
    }
}
