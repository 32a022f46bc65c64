//! Baselines (`--baseline FILE`, `--write-baseline FILE`): the diagnostics a repository has
//! accepted for now, so that only new ones are reported.
//!
//! An entry is keyed by the file's name (as shown in output), the rule's code and a fingerprint of
//! the offending node's key path (`identification[0].version`) and text, never by line number: an
//! edit elsewhere in the file does not invalidate it. A file that is not a YAML mapping has no
//! tree; its fingerprint is of the text alone.
//!
//! Matching is a multiset: each entry silences one diagnostic with the same file, code and
//! fingerprint. An entry that silences nothing is stale and is reported as DPM008
//! (`stale-baseline-entry`), so the baseline only shrinks, but only when it can be judged: its
//! file was checked in this run, its rule ran (a `--select` that leaves the rule out, or a file that
//! is no longer YAML, proves nothing), and DPM008 itself is enabled. An entry whose code no rule
//! has any more is always stale.
//!
//! The file is JSON: `{"version": 1, "entries": [{"file", "code", "node", "fingerprint"}, …]}`,
//! entries sorted, so it diffs well and is the same on every platform. `node` is for people
//! reading the file; matching ignores it. The fingerprint is the 128-bit FNV-1a hash, in hex, of
//! the node path and the text (line endings normalised to `\n`).

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::load::source::{SourceFile, Span};
use crate::load::yaml::{Document, Node, NodeKind};
use crate::rules;
use crate::tr;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The version of the baseline file format this dpmlint reads and writes.
pub const VERSION: u32 = 1;

/// One accepted diagnostic; also the key every diagnostic gets in a run.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file's name, as shown in output (`/`-separated).
    pub file: String,
    /// The rule's code.
    pub code: String,
    /// The key path of the deepest node holding the diagnostic (empty: the top level, or no tree).
    #[serde(default)]
    pub node: String,
    /// FNV-1a 128 of the node path and the offending text.
    pub fingerprint: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    entries: Vec<Entry>,
}

/// A loaded baseline.
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    /// Where it was read from, as given (for messages).
    pub source: String,
    by_file: BTreeMap<String, Vec<Entry>>,
}

impl Baseline {
    /// Read a baseline file; the error is worded for people.
    pub fn load(path: &Path, lang: Lang) -> Result<Baseline, String> {
        /// 64 MiB: about 300,000 recorded diagnostics.
        const MAX_BASELINE_SIZE: u64 = 64 * 1024 * 1024;
        let shown = path.display().to_string();
        let text = crate::load::source::read_bounded(path, MAX_BASELINE_SIZE).map_err(|e| {
            tr!(
                lang,
                "cannot read the baseline {shown}: {e}",
                "ベースライン {shown} を読めません: {e}"
            )
        })?;
        Baseline::parse(&shown, &text, lang)
    }

    /// Parse a baseline's text; `source` names it in messages.
    pub fn parse(source: &str, text: &str, lang: Lang) -> Result<Baseline, String> {
        let file: BaselineFile = serde_json::from_str(text).map_err(|e| {
            tr!(
                lang,
                "{source} is not a dpmlint baseline: {e}",
                "{source} は dpmlint のベースラインではありません: {e}"
            )
        })?;
        if file.version != VERSION {
            let v = file.version;
            return Err(tr!(
                lang,
                "{source}: baseline version {v} is not supported (this dpmlint reads version {VERSION})",
                "{source}: ベースラインのバージョン {v} には対応していません (この dpmlint はバージョン {VERSION} を読みます)"
            ));
        }
        Ok(Baseline::from_entries(source, file.entries))
    }

    /// A baseline holding these entries.
    pub fn from_entries(source: &str, entries: Vec<Entry>) -> Baseline {
        let mut by_file: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
        for e in entries {
            by_file.entry(e.file.clone()).or_default().push(e);
        }
        Baseline {
            source: source.to_string(),
            by_file,
        }
    }

    /// The entries for one file.
    pub fn entries_for(&self, file: &str) -> &[Entry] {
        self.by_file.get(file).map_or(&[], Vec::as_slice)
    }

    /// The line for standard error when some entries matched nothing in this run (DPM008).
    /// `n` is the number of DPM008 reported.
    pub fn stale_note(&self, n: usize, lang: Lang) -> Option<String> {
        let code = rules::dpm008_stale_baseline_entry::META.code;
        let shown = &self.source;
        (n > 0).then(|| {
            tr!(
                lang,
                "dpmlint: {shown}: {n} stale baseline entry(ies) match nothing any more ({code}); delete them or rewrite the baseline with --write-baseline",
                "dpmlint: {shown}: ベースラインの {n} 件のエントリがどの指摘にも一致しなくなりました ({code})。削除するか --write-baseline で書き直してください"
            )
        })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.by_file.values().map(Vec::len).sum()
    }

    /// True when there is no entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The baseline file's text for these keys: sorted, pretty, ending in a newline.
pub fn render(keys: &[Entry]) -> String {
    let mut entries = keys.to_vec();
    entries.sort();
    let file = BaselineFile {
        version: VERSION,
        entries,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// Write the baseline for these keys (atomically); returns the number of entries.
pub fn write(path: &Path, keys: &[Entry]) -> std::io::Result<usize> {
    crate::fix::write_atomic(path, &render(keys))?;
    Ok(keys.len())
}

/// FNV-1a, 128 bits, over the parts separated by 0xFF (a byte UTF-8 never holds), in hex.
pub fn hash_hex(parts: &[&str]) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut h = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0xff;
            h = h.wrapping_mul(PRIME);
        }
        for &b in part.as_bytes() {
            h ^= u128::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("{h:032x}")
}

fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if plain {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&serde_json::to_string(key).unwrap_or_default());
        path.push(']');
    }
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// The key path of the deepest node holding `span` (`identification[0].version`; empty for the
/// top level).
pub fn node_path(root: &Node, span: Span) -> String {
    let mut path = String::new();
    let mut node = root;
    loop {
        match &node.kind {
            NodeKind::Scalar { .. } => return path,
            NodeKind::Seq(items) => match items.iter().position(|n| contains(n.span, span)) {
                Some(i) => {
                    path.push_str(&format!("[{i}]"));
                    node = &items[i];
                }
                None => return path,
            },
            NodeKind::Map(entries) => {
                let hit = entries
                    .iter()
                    .find(|e| contains(e.key.span, span) || contains(e.value.span, span));
                let Some(e) = hit else { return path };
                push_key(&mut path, &key_text(&e.key));
                if contains(e.key.span, span) {
                    return path;
                }
                node = &e.value;
            }
        }
    }
}

fn key_text(key: &Node) -> String {
    match key.as_scalar() {
        Some(s) => s.to_string(),
        None => format!("<{}>", key.kind_name()),
    }
}

/// The span of the node at `path` (as [`node_path`] writes it), if the tree has one.
pub fn find_node(root: &Node, path: &str) -> Option<Span> {
    if path.is_empty() {
        return None;
    }
    let mut stack: Vec<(&Node, String)> = vec![(root, String::new())];
    while let Some((node, at)) = stack.pop() {
        match &node.kind {
            NodeKind::Scalar { .. } => {}
            NodeKind::Seq(items) => {
                for (i, n) in items.iter().enumerate() {
                    let p = format!("{at}[{i}]");
                    if p == path {
                        return Some(n.span);
                    }
                    if path.starts_with(&p) {
                        stack.push((n, p));
                    }
                }
            }
            NodeKind::Map(entries) => {
                for e in entries {
                    let mut p = at.clone();
                    push_key(&mut p, &key_text(&e.key));
                    if p == path {
                        return Some(e.key.span);
                    }
                    if path.starts_with(&p) {
                        stack.push((&e.value, p));
                    }
                }
            }
        }
    }
    None
}

/// What keying and [`apply`] read of a file's tree: the node path at a span, the span of a path.
/// The tree itself answers; the linter, which drops each tree once its file's per-file work is
/// done, answers from the paths it took of the tree beforehand.
pub trait Tree {
    /// [`node_path`] of `span`.
    fn path_at(&self, span: Span) -> String;
    /// [`find_node`] of `path`.
    fn find(&self, path: &str) -> Option<Span>;
}

impl Tree for Document {
    fn path_at(&self, span: Span) -> String {
        node_path(&self.root, span)
    }

    fn find(&self, path: &str) -> Option<Span> {
        find_node(&self.root, path)
    }
}

/// The baseline key of a diagnostic; `tree` is its file's, when it has one.
pub fn key(d: &Diagnostic, tree: Option<&dyn Tree>) -> Entry {
    let node = tree.map(|t| t.path_at(d.span)).unwrap_or_default();
    let text = d.file.slice(d.span).replace("\r\n", "\n");
    Entry {
        file: d.file.name.clone(),
        code: d.code().to_string(),
        fingerprint: hash_hex(&[&node, &text]),
        node,
    }
}

/// Remove the diagnostics of one file that the baseline records, and add a DPM008 for each entry
/// of the file that matched nothing and can be judged. `kept` are the file's diagnostics (after
/// suppressions and selection) with their keys; `tree` is the file's, when it has one.
pub fn apply(
    baseline: &Baseline,
    file: &Arc<SourceFile>,
    tree: Option<&dyn Tree>,
    kept: Vec<(Diagnostic, Entry)>,
    selection: &crate::load::config::Selection,
    lang: Lang,
) -> Vec<(Diagnostic, Entry)> {
    let entries = baseline.entries_for(&file.name);
    if entries.is_empty() {
        return kept;
    }
    let mut used = vec![false; entries.len()];
    let mut out = Vec::with_capacity(kept.len());
    for (d, k) in kept {
        let hit = entries
            .iter()
            .enumerate()
            .position(|(i, e)| !used[i] && e.code == k.code && e.fingerprint == k.fingerprint);
        match hit {
            Some(i) => used[i] = true,
            None => out.push((d, k)),
        }
    }
    let meta = &rules::dpm008_stale_baseline_entry::META;
    let Some(level) = selection.level(meta) else {
        return out;
    };
    for (e, used) in entries.iter().zip(used) {
        if used {
            continue;
        }
        let known = rules::find_rule(&e.code);
        if let Some(rule) = known {
            // A rule that did not run, or a file no rule but DPM001 could read, proves nothing.
            let ran = selection.level(rule.meta()).is_some();
            if !ran || (tree.is_none() && rule.meta().code != rules::dpm001_invalid_yaml::META.code) {
                continue;
            }
        }
        let span = tree.and_then(|t| t.find(&e.node)).unwrap_or_else(|| Span::at(0));
        let mut d =
            rules::dpm008_stale_baseline_entry::diagnostic(file, lang, span, e, &baseline.source, known.is_some());
        d.severity = level;
        let k = key(&d, tree);
        out.push((d, k));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;

    #[test]
    fn fnv_1a_128_known_values() {
        // Reference values of FNV-1a 128 (the empty string is the offset basis).
        assert_eq!(hash_hex(&[""]), "6c62272e07bb014262b821756295c58d");
        assert_eq!(hash_hex(&["a"]), "d228cb696f1a8caf78912b704e4a8964");
        assert_ne!(hash_hex(&["ab", "c"]), hash_hex(&["a", "bc"]));
    }

    #[test]
    fn node_paths() {
        let text = "id: X\nidentification:\n  - path: a.dll\n    version: 1.0\n\"odd key\": [1, 2]\n";
        let doc = yaml::load(text).unwrap();
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            Span::new(i, i + s.len())
        };
        assert_eq!(node_path(&doc.root, at("X")), "id");
        assert_eq!(node_path(&doc.root, at("version")), "identification[0].version");
        assert_eq!(node_path(&doc.root, at("1.0")), "identification[0].version");
        assert_eq!(node_path(&doc.root, at("2]")), "[\"odd key\"]");
        assert_eq!(node_path(&doc.root, Span::at(0)), "id");
        assert_eq!(node_path(&doc.root, at("version: 1.0")), "identification[0]");
        for p in ["id", "identification[0].version", "identification[0]", "[\"odd key\"]"] {
            assert!(find_node(&doc.root, p).is_some(), "{p}");
        }
        assert_eq!(find_node(&doc.root, "identification[1]"), None);
        assert_eq!(find_node(&doc.root, "identification[0].version"), Some(at("version")));
    }

    #[test]
    fn parse_rejects_other_versions_and_unknown_fields() {
        assert!(Baseline::parse("b", "{\"version\": 1, \"entries\": []}", Lang::En).is_ok());
        assert!(Baseline::parse("b", "{\"version\": 2, \"entries\": []}", Lang::En).is_err());
        assert!(Baseline::parse("b", "{\"version\": 1, \"entries\": [], \"x\": 1}", Lang::En).is_err());
        assert!(Baseline::parse("b", "[]", Lang::En).is_err());
    }
}
