//! Completion of values from the catalogs: OS names after `os:` (in a flow list `[…]` or a block
//! list below it), languages after `language:`, MS numbers after `ms_number:`.

use super::convert::LineIndex;
use crate::catalog;
use crate::i18n::Lang;
use crate::tr;
use lsp_types::{CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, TextEdit};

/// The field whose value is being typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `os`
    Os,
    /// `language`
    Language,
    /// `ms_number`
    MsNumber,
}

impl Field {
    fn of_key(key: &str) -> Option<Field> {
        match key {
            "os" => Some(Field::Os),
            "language" => Some(Field::Language),
            "ms_number" => Some(Field::MsNumber),
            _ => None,
        }
    }
}

/// `key:` and what follows it on the line, for a line holding a mapping key.
fn split_key(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim_start();
    let colon = trimmed.find(':')?;
    let key = &trimmed[..colon];
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let rest = &trimmed[colon + 1..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((key, rest))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The key a block list item on 0-based `line` (indented `item_indent`) belongs to: the nearest
/// line above that holds `key:` alone, at or left of the item, past its sibling items.
fn parent_key<'a>(ix: &LineIndex<'a>, line: usize, item_indent: usize) -> Option<&'a str> {
    for above in (0..line).rev() {
        let text = ix.line_text(above);
        let content = text.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let at = indent(text);
        if at > item_indent || (at == item_indent && content.starts_with('-')) {
            continue;
        }
        let (key, rest) = split_key(text)?;
        let rest = rest.trim();
        return (rest.is_empty() || rest.starts_with('#')).then_some(key);
    }
    None
}

/// Skip blanks and an opening quote.
fn value_start(s: &str) -> usize {
    let blanks = s.len() - s.trim_start().len();
    let rest = &s[blanks..];
    blanks + usize::from(rest.starts_with(['"', '\'']))
}

/// What is being completed at `offset`: the field, and the offset where its typed value starts.
pub fn context(ix: &LineIndex, offset: usize) -> Option<(Field, usize)> {
    let (line_start, prefix) = ix.line_prefix(offset);
    if prefix.contains(" #") || prefix.trim_start().starts_with('#') {
        return None;
    }
    if let Some((key, rest)) = split_key(prefix) {
        let field = Field::of_key(key)?;
        let rest_at = prefix.len() - rest.len();
        let flow = rest.trim_start();
        if field == Field::Os && flow.starts_with('[') {
            // In a flow list: after the last `[` or `,`.
            let cut = rest.rfind([',', '[']).map_or(0, |i| i + 1);
            let at = rest_at + cut + value_start(&rest[cut..]);
            return Some((field, line_start + at));
        }
        return Some((field, line_start + rest_at + value_start(rest)));
    }
    // A block list item: `  - Windows…`.
    let content = prefix.trim_start();
    let item = content.strip_prefix('-')?;
    if !(item.is_empty() || item.starts_with(' ')) {
        return None;
    }
    let item_indent = indent(prefix);
    let line = ix.position(line_start).line as usize;
    let field = Field::of_key(parent_key(ix, line, item_indent)?)?;
    let at = prefix.len() - item.len() + value_start(item);
    Some((field, line_start + at))
}

/// The items for `field`, whose value typed so far is `typed` (filtered by prefix, ignoring case),
/// each replacing `replace`.
pub fn items(field: Field, typed: &str, replace: lsp_types::Range, lang: Lang) -> Vec<CompletionItem> {
    let typed = typed.to_lowercase();
    let item = |label: &str, detail: String, doc: Option<String>, rank: usize| CompletionItem {
        label: label.to_string(),
        kind: Some(CompletionItemKind::VALUE),
        detail: Some(detail),
        documentation: doc.map(Documentation::String),
        sort_text: Some(format!("{rank:05}")),
        filter_text: Some(label.to_string()),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(replace, label.to_string()))),
        ..CompletionItem::default()
    };
    let wanted = |label: &str| label.to_lowercase().starts_with(&typed);
    let mut out = Vec::new();
    match field {
        Field::Os => {
            for (i, e) in catalog::os_editions().iter().enumerate() {
                if !wanted(e.dpm_name) {
                    continue;
                }
                let name = lang.pick(e.ms_name, e.ja_name);
                let detail = if e.dpm_auto_update {
                    name.to_string()
                } else {
                    tr!(
                        lang,
                        "{name} (not in DPM's auto-update list)",
                        "{name} (DPM の自動更新の対応一覧にはありません)"
                    )
                };
                let rank = if e.dpm_auto_update { i } else { 10_000 + i };
                out.push(item(e.dpm_name, detail, None, rank));
            }
        }
        Field::Language => {
            for (i, l) in catalog::languages().iter().enumerate() {
                if !wanted(l.code) {
                    continue;
                }
                let name = lang.pick(l.name_en, l.name_ja);
                let (tag, suffix, langid) = (l.tag, l.ms_suffix, l.langid);
                let doc = format!("{tag}, LANGID 0x{langid:04X}, {suffix}");
                let rank = if l.dpm_auto_update { i } else { 10_000 + i };
                out.push(item(l.code, name.to_string(), Some(doc), rank));
            }
        }
        Field::MsNumber => {
            // The newest bulletins first.
            let all = catalog::bulletins();
            for (i, b) in all.iter().rev().enumerate() {
                if !wanted(b.id()) {
                    continue;
                }
                let kbs: Vec<String> = b.kbs().map(|kb| format!("KB{kb}")).collect();
                let date = b.date;
                let detail = match kbs.len() {
                    0 => date.to_string(),
                    1..=3 => format!("{date} · {}", kbs.join(", ")),
                    n => format!("{date} · {}, … ({n} KB)", kbs[..3].join(", ")),
                };
                out.push(item(b.id(), detail, None, i));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<(Field, String)> {
        let cursor = text.find('|').expect("a cursor");
        let text = text.replacen('|', "", 1);
        let ix = LineIndex::new(&text);
        context(&ix, cursor).map(|(f, start)| (f, text[start..cursor].to_string()))
    }

    #[test]
    fn finds_the_field_and_what_is_typed() {
        assert_eq!(at("os: |\n"), Some((Field::Os, String::new())));
        assert_eq!(at("os: Windows Ser|"), Some((Field::Os, "Windows Ser".into())));
        assert_eq!(at("os: \"Win|"), Some((Field::Os, "Win".into())));
        assert_eq!(at("os: [Windows 2000 Server, Win|"), Some((Field::Os, "Win".into())));
        assert_eq!(at("language: j|"), Some((Field::Language, "j".into())));
        assert_eq!(at("ms_number: MS08|"), Some((Field::MsNumber, "MS08".into())));
        assert_eq!(at("kb: |"), None);
        assert_eq!(at("os: x # |"), None);
        assert_eq!(
            at("id: a\nos:\n  - Windows 2000 Server\n  # note\n  - Win|\n"),
            Some((Field::Os, "Win".into()))
        );
        assert_eq!(at("os:\n- |"), Some((Field::Os, String::new())));
        assert_eq!(at("identification:\n  - |"), None);
        assert_eq!(at("identification:\n  - path: x\n    change: a\n  - |"), None);
    }

    #[test]
    fn offers_catalog_values() {
        let r = lsp_types::Range::default();
        let os = items(Field::Os, "windows server 2003 st", r, Lang::En);
        assert!(
            os.iter().any(|i| i.label == "Windows Server 2003 Standard Edition"),
            "{os:?}"
        );
        assert!(
            items(Field::Language, "", r, Lang::Ja)
                .iter()
                .any(|i| i.label == "ja" && i.detail.as_deref() == Some("日本語"))
        );
        assert!(
            items(Field::MsNumber, "ms08-06", r, Lang::En)
                .iter()
                .any(|i| i.label == "MS08-067")
        );
    }
}
