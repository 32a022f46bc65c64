//! Applying fixes: edits computed from spans, applied until nothing changes, written atomically
//! (a temporary file in the same folder, then a rename; the original is untouched on any error).

use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::linter::{self, Input};
use crate::load::config::Selection;
use crate::rules::Settings;
use std::io::Write;
use std::path::Path;

/// Rounds of lint-and-fix beyond one per line of the file: a round applies every fix that does not
/// overlap another, and a fix that uncovers the next (the 12th duplicate `service_pack`) needs a
/// round per line at worst. One `--fix` run reaches the fixed point: a second changes nothing.
pub const MAX_ROUNDS: usize = 10;

/// Apply the non-overlapping fixes (in offset order; a fix overlapping an earlier one waits for the
/// next round). Returns the new text and how many fixes were applied.
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, usize) {
    let mut fixes: Vec<&Fix> = fixes.iter().copied().filter(|f| !f.edits.is_empty()).collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| (e.span.start, e.span.end)).min());
    let mut taken: Vec<&crate::diagnostic::Edit> = Vec::new();
    let mut applied = 0;
    for f in fixes {
        let overlaps = f.edits.iter().any(|e| {
            taken
                .iter()
                .any(|t| e.span.start < t.span.end && t.span.start < e.span.end || e.span == t.span)
        });
        let in_bounds = f.edits.iter().all(|e| {
            e.span.end <= text.len() && text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end)
        });
        if overlaps || !in_bounds {
            continue;
        }
        taken.extend(f.edits.iter());
        applied += 1;
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in taken {
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.replacement);
        pos = e.span.end;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}

/// Whether a diagnostic's fix may be applied in this run.
pub fn applicable(d: &Diagnostic, unsafe_fixes: bool) -> Option<&Fix> {
    let f = d.fix.as_ref()?;
    (f.applicability == Applicability::Safe || unsafe_fixes).then_some(f)
}

/// The fixed text of one definition (`None` when it cannot be read as text or nothing applies).
pub fn fixed_text(
    input: &Input,
    settings: &Settings,
    selection: &Selection,
    unsafe_fixes: bool,
) -> Option<(String, String, usize)> {
    let first = linter::lint_single(input, settings, selection);
    let original = first.0.file.text.clone();
    first.0.loaded.as_ref()?;
    let mut text = original.clone();
    let mut total = 0;
    let mut diags = first.1;
    // Fixes that undo each other would cycle: stop at a text already seen.
    let mut seen = std::collections::HashSet::new();
    for _ in 0..original.lines().count() + MAX_ROUNDS {
        let fixes: Vec<&Fix> = diags.iter().filter_map(|d| applicable(d, unsafe_fixes)).collect();
        if fixes.is_empty() {
            break;
        }
        let (next, n) = apply(&text, &fixes);
        let hash = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            next.hash(&mut h);
            h.finish()
        };
        if n == 0 || next == text || !seen.insert(hash) {
            break;
        }
        total += n;
        text = next;
        let again = Input {
            name: input.name.clone(),
            path: input.path.clone(),
            content: Some(text.clone().into_bytes()),
            listed: false,
            folder: Default::default(),
            tag: None,
        };
        let (result, d) = linter::lint_single(&again, settings, selection);
        // A fix must never break the file: give up on this file.
        result.loaded.as_ref()?;
        diags = d;
    }
    (text != original).then_some((original, text, total))
}

/// Write `text` to `path` atomically, keeping the file's permissions (on Windows its attributes
/// and ACL too): a temporary file in the same folder, then a rename (on Windows `ReplaceFileW`,
/// retried while another program holds the file; see [`crate::platform::replace`]). A link is
/// followed (the file it points to is rewritten, the link stays). A read-only file, and a file with
/// other hard links (a rename would split them), are refused: the file is left untouched and the
/// error says why.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    write_atomic_over(path, None, text)
}

/// [`write_atomic`] a fix: the file must still hold `before`, the text the fix was computed from.
/// A file changed meanwhile (an editor saved it, another `--fix` run rewrote it) is left as it is
/// and the error says so: its new text is never replaced by a fix of the old one.
pub fn write_fix(path: &Path, before: &str, after: &str) -> std::io::Result<()> {
    // The definition was read a moment ago: if its name now leads nowhere, another program or
    // run removed or is replacing it (on Windows, `ReplaceFileW` of another run moves it aside
    // for an instant).
    write_atomic_over(path, Some(before), after).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => std::io::Error::other(Refusal::Changed),
        _ => e,
    })
}

fn write_atomic_over(path: &Path, before: Option<&str>, text: &str) -> std::io::Result<()> {
    use crate::platform::replace;
    use std::io::{Error, ErrorKind};
    // A new file (e.g. a baseline) is created; an existing one is followed through links.
    let existing = std::fs::symlink_metadata(path).is_ok();
    if before.is_some() && !existing {
        // A fix is for the file read a moment ago. Its name leading nowhere now means another
        // program or run is replacing it (on Windows, `ReplaceFileW` moves the original aside
        // before the new file takes the name): creating the file would put a fix of the old text
        // over the other run's new one.
        return Err(Error::from(ErrorKind::NotFound));
    }
    let path = &if existing {
        dunce::canonicalize(path)?
    } else {
        path.to_path_buf()
    };
    let meta = if existing { Some(std::fs::metadata(path)?) } else { None };
    if let Some(meta) = &meta {
        if meta.permissions().readonly() {
            return Err(Error::new(ErrorKind::PermissionDenied, Refusal::ReadOnly));
        }
        if replace::link_count(path)? > 1 {
            return Err(Error::other(Refusal::HardLinks));
        }
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    remove_stale_temporaries(dir);
    let mut tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    match meta {
        Some(meta) => {
            tmp.as_file().set_permissions(meta.permissions())?;
            // As late as possible: the text on disk is still the one the fix was made for.
            let _guard = match before {
                Some(before) => Some(still_holds(path, before)?),
                None => None,
            };
            replace::replace(tmp, path)
        }
        None => tmp.persist(path).map(drop).map_err(|e| e.error),
    }
}

/// Lock `path` (another dpmlint run fixing it waits until this one has replaced it) and make sure
/// it is still the file read, holding `before`. The lock lasts as long as the returned handle.
fn still_holds(path: &Path, before: &str) -> std::io::Result<std::fs::File> {
    use std::io::{Error, Read, Seek};
    let changed = || Error::other(Refusal::Changed);
    let mut file = std::fs::File::open(path)?;
    file.lock()?;
    // Another run may have replaced the file between our open and our lock: the name must still
    // lead to the file locked.
    if same_file::Handle::from_file(file.try_clone()?)? != same_file::Handle::from_path(path)? {
        return Err(changed());
    }
    let mut now = String::new();
    file.rewind()?;
    (&mut file)
        .take(crate::linter::MAX_DEFINITION_SIZE + 1)
        .read_to_string(&mut now)
        .map_err(|_| changed())?;
    if now != before {
        return Err(changed());
    }
    Ok(file)
}

/// The name every temporary file of a fix starts with (a `.`-name: never walked as a definition).
pub const TEMP_PREFIX: &str = ".dpmlint-fix-";

/// How old a temporary file of a fix must be before another run takes it for a killed run's.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Remove what a killed run left in `dir`: temporary files of a fix (and their Windows backup
/// names) older than ten minutes. A running fix holds its own for milliseconds.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let stale = e.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
            && e.metadata()
                .ok()
                .filter(std::fs::Metadata::is_file)
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_AFTER);
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Why `--fix` left a file as it was, in words for [`Refusal::message`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The file is read-only.
    ReadOnly,
    /// The file has other names (hard links), which a replace would split.
    HardLinks,
    /// The file changed between the read and the write.
    Changed,
    /// Another program held the file during the whole wait (Windows).
    Busy,
}

impl Refusal {
    /// The reason, in `lang`.
    pub fn message(self, lang: crate::i18n::Lang) -> String {
        match self {
            Refusal::ReadOnly => crate::tr!(lang, "the file is read-only", "ファイルが読み取り専用です"),
            Refusal::HardLinks => crate::tr!(
                lang,
                "the file has other hard links; fix it by hand",
                "ファイルにほかのハードリンクがあります。手で修正してください"
            ),
            Refusal::Changed => crate::tr!(
                lang,
                "the file changed while dpmlint was fixing it (another program or run wrote it); run dpmlint again",
                "修正の間にファイルが変更されました (ほかのプログラムや dpmlint の実行が書き込みました)。もう一度 dpmlint を実行してください"
            ),
            Refusal::Busy => crate::tr!(
                lang,
                "the file stayed in use by another program for 2 s",
                "ファイルが 2 秒間ほかのプログラムに使用されたままでした"
            ),
        }
    }

    /// The refusal an I/O error carries, if it is one.
    pub fn of(e: &std::io::Error) -> Option<Refusal> {
        e.get_ref().and_then(|r| r.downcast_ref::<Refusal>()).copied()
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::Lang::En))
    }
}

impl std::error::Error for Refusal {}

/// A unified diff of a fix, for `--diff`.
pub fn unified_diff(name: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;
    use crate::load::source::Span;

    #[test]
    fn a_fix_never_creates_the_file_it_was_made_for() {
        // The name leading nowhere (another run mid-replace, or the file removed) is a change:
        // creating the file would put a fix of the old text over whatever comes next.
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("gone.dpm.yaml");
        let e = write_fix(&path, "before\n", "after\n").unwrap_err();
        assert_eq!(Refusal::of(&e), Some(Refusal::Changed));
        assert!(!path.exists());
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let a = Fix::safe(vec![Edit::replace(Span::new(0, 1), "X")]);
        let b = Fix::safe(vec![Edit::replace(Span::new(0, 2), "YY")]);
        let c = Fix::safe(vec![Edit::delete(Span::new(3, 4))]);
        let (out, n) = apply("abcde", &[&c, &b, &a]);
        assert_eq!(n, 2);
        assert!(out == "Xbce" || out == "YYce", "{out}");
    }
}

/// Edits that rules build their fixes from. Each keeps the author's formatting and comments
/// everywhere else, and returns `None` when the shape of the YAML makes a clean edit impossible
/// (the rule then reports without a fix).
pub mod edits {
    use crate::diagnostic::Edit;
    use crate::load::source::{SourceFile, Span};
    use crate::load::yaml::{Node, NodeKind, Style};

    fn line_prefix(file: &SourceFile, offset: usize) -> &str {
        let line = file.line_index(offset);
        &file.text[file.line_start(line)..offset]
    }

    fn rest_of_line_is_blank_or_comment(file: &SourceFile, offset: usize) -> bool {
        let line = file.line_index(offset);
        let end = file.line_end_with_newline(line);
        let rest = file.text.get(offset..end).unwrap_or("").trim();
        rest.is_empty() || rest.starts_with('#')
    }

    /// Remove a whole `key: value` entry of a block mapping, value and all (several lines for a
    /// block value), together with the line break. Refuses when the key is not alone at the start
    /// of its line (e.g. the first key of a `- ` list item, or inside a flow mapping).
    pub fn remove_entry(file: &SourceFile, key: Span, value: Span) -> Option<Edit> {
        if !line_prefix(file, key.start).chars().all(|c| c == ' ') {
            return None;
        }
        let end = value.end.max(key.end);
        if !rest_of_line_is_blank_or_comment(file, end) {
            return None;
        }
        let start = file.line_start(file.line_index(key.start));
        let stop = file.line_end_with_newline(file.line_index(end));
        Some(Edit::delete(Span::new(start, stop)))
    }

    /// Remove the entry whose key stands at `key` from the mapping of `root` that holds it, in
    /// either style: a block entry as [`remove_entry`] does, a flow entry (`{a: 1, b: 2}`) with
    /// the comma that separates it from its neighbour, so the mapping stays valid YAML. Refuses
    /// when anything but blanks and that one comma stands between the entry and its neighbour (a
    /// comment, an explicit `?` key), so nothing else is ever removed.
    pub fn remove_entry_in(root: &Node, file: &SourceFile, key: Span) -> Option<Edit> {
        let (map, i) = map_holding(root, key)?;
        let entries = map.as_map()?;
        let entry = &entries[i];
        if !is_flow(file, map) {
            return remove_entry(file, entry.key.span, entry.value.span);
        }
        let text = &file.text;
        let end = entry_end(text, entry);
        let span = if let Some(next) = entries.get(i + 1) {
            // `a: 1, b: 2` → `b: 2`: up to the next key.
            separator_only(text.get(end..next.key.span.start)?)?;
            Span::new(entry.key.span.start, next.key.span.start)
        } else if let Some(prev) = i.checked_sub(1).map(|p| &entries[p]) {
            // The last entry: from the end of the one before, so no comma is left dangling.
            let prev_end = entry_end(text, prev);
            separator_only(text.get(prev_end..entry.key.span.start)?)?;
            Span::new(prev_end, end)
        } else {
            // The only entry: `{a: 1}` → `{}`.
            Span::new(entry.key.span.start, end)
        };
        Some(Edit::delete(span))
    }

    /// Add `entry` (`key: value`) at the end of the mapping `map`: a new line of a block mapping
    /// (as [`append_entry`] does), or `, key: value` after the last entry of a flow mapping
    /// (`{a: 1}` → `{a: 1, key: value}`; after a trailing comma, no second one). Refuses odd
    /// shapes (a comment or anything but blanks and a comma between the last entry and the `}`).
    pub fn append_to_map(file: &SourceFile, map: &Node, entry: &str) -> Option<Edit> {
        let entries = map.as_map()?;
        let text = &file.text;
        if !is_flow(file, map) {
            let keys: Vec<Span> = entries.iter().map(|e| e.key.span).collect();
            let last_end = entry_end(text, entries.last()?);
            return append_entry(file, &keys, last_end, entry);
        }
        // What stands between the last entry (or the `{`) and the `}`: blanks and at most one
        // comma. (The mapping's span may stop short of the `}` after a trailing comma.)
        let from = entries.last().map_or(map.span.start + 1, |last| entry_end(text, last));
        let tail = text.get(from..)?;
        let gap_len = tail.find(|c: char| !(c.is_whitespace() || c == ','))?;
        if !tail[gap_len..].starts_with('}') {
            return None;
        }
        match (entries.is_empty(), separator_only(&tail[..gap_len])?) {
            // `{}` or `{ }`: the entry goes inside.
            (true, false) => Some(Edit::insert(from, entry.to_string())),
            (true, true) => None,
            // After a trailing comma, no second one.
            (false, true) => Some(Edit::insert(from + tail.find(',')? + 1, format!(" {entry}"))),
            (false, false) => Some(Edit::insert(from, format!(", {entry}"))),
        }
    }

    /// Whether a mapping node is written in flow style (`{ … }`).
    fn is_flow(file: &SourceFile, map: &Node) -> bool {
        file.text.get(map.span.start..).is_some_and(|t| t.starts_with('{'))
    }

    /// Where an entry ends in the text: after its value, or after the `:` of an empty value
    /// (`args:`, whose null value has an empty span at its key).
    pub fn entry_end(text: &str, e: &crate::load::yaml::Entry) -> usize {
        let end = e.key.span.end.max(e.value.span.end);
        if e.value.span.is_empty() && text.get(end..).is_some_and(|t| t.starts_with(':')) {
            end + 1
        } else {
            end
        }
    }

    /// `Some(has_comma)` when `gap` holds only blanks (line breaks included) and at most one
    /// comma; `None` for anything else (a comment, a `?`, a second comma).
    fn separator_only(gap: &str) -> Option<bool> {
        let commas = gap.matches(',').count();
        (commas <= 1 && gap.chars().all(|c| c == ',' || c.is_whitespace())).then_some(commas == 1)
    }

    /// The mapping of the tree `root` that holds an entry whose key stands exactly at `key`, and
    /// the entry's index in it.
    fn map_holding(root: &Node, key: Span) -> Option<(&Node, usize)> {
        let holds = |n: &Node| n.span.start <= key.start && key.end <= n.span.end;
        let mut node = root;
        loop {
            node = match &node.kind {
                NodeKind::Scalar { .. } => return None,
                NodeKind::Seq(items) => items.iter().find(|n| holds(n))?,
                NodeKind::Map(entries) => {
                    if let Some(i) = entries.iter().position(|e| e.key.span == key) {
                        return Some((node, i));
                    }
                    entries.iter().flat_map(|e| [&e.key, &e.value]).find(|n| holds(n))?
                }
            };
        }
    }

    /// Replace a scalar value with `text` (plain).
    pub fn replace_value(value: Span, text: &str) -> Edit {
        Edit::replace(value, text)
    }

    /// Replace the scalar of the tree `root` that stands exactly at `span` with `text`, written as
    /// the author wrote the old one: plain stays plain (single-quoted when `text` could not be
    /// plain), quoted stays quoted. Refuses a scalar that is not found, tagged, a block scalar or
    /// over several lines.
    pub fn replace_scalar(root: &Node, file: &SourceFile, span: Span, text: &str) -> Option<Edit> {
        let node = scalar_at(root, span)?;
        let NodeKind::Scalar { style, tag: None, .. } = &node.kind else {
            return None;
        };
        if file.slice(span).contains(['\n', '\r']) || text.chars().any(char::is_control) {
            return None;
        }
        let single = || format!("'{}'", text.replace('\'', "''"));
        let written = match style {
            Style::Plain if plain_safe(text) => text.to_string(),
            Style::Plain | Style::SingleQuoted => single(),
            Style::DoubleQuoted => format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
            Style::Literal | Style::Folded => return None,
        };
        Some(Edit::replace(span, written))
    }

    /// The scalar node at exactly `span`.
    fn scalar_at(root: &Node, span: Span) -> Option<&Node> {
        let holds = |n: &Node| n.span.start <= span.start && span.end <= n.span.end;
        let mut node = root;
        loop {
            if node.span == span && matches!(node.kind, NodeKind::Scalar { .. }) {
                return Some(node);
            }
            node = match &node.kind {
                NodeKind::Scalar { .. } => return None,
                NodeKind::Seq(items) => items.iter().find(|n| holds(n))?,
                NodeKind::Map(entries) => entries.iter().flat_map(|e| [&e.key, &e.value]).find(|n| holds(n))?,
            };
        }
    }

    /// Whether `text` reads back as the same string when written plain, in a block or a flow
    /// collection alike: no indicator, no `: ` or ` #`, no flow punctuation, no blank at either
    /// end, and not a word YAML reads as something else than a string.
    fn plain_safe(text: &str) -> bool {
        let Some(first) = text.chars().next() else { return false };
        let special = [
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
        ];
        !special.contains(&first)
            && !text.contains([',', '[', ']', '{', '}', '#', ':'])
            && text.trim() == text
            && !matches!(
                text.to_ascii_lowercase().as_str(),
                "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
            )
    }

    /// Add `key: value` as a new line after the last entry of a block mapping whose entries
    /// start at the given key spans (indentation copied from the first key). Refuses for flow
    /// mappings and odd shapes.
    pub fn append_entry(file: &SourceFile, keys: &[Span], last_value_end: usize, entry: &str) -> Option<Edit> {
        let first = keys.first()?;
        // Inside a flow mapping (`{ … }`, even over several lines) a new line would need a comma.
        let before = file.text.get(..first.start).unwrap_or("").trim_end();
        if before.ends_with('{') || before.ends_with(',') {
            return None;
        }
        let indent = line_prefix(file, first.start);
        if !indent.chars().all(|c| c == ' ') {
            return None;
        }
        if !rest_of_line_is_blank_or_comment(file, last_value_end) {
            return None;
        }
        let at = file.line_end_with_newline(file.line_index(last_value_end));
        // The file's own line ending (a file saved by Notepad keeps CRLF).
        let eol = if file.text.contains("\r\n") { "\r\n" } else { "\n" };
        let needs_newline = at == file.text.len() && !file.text.ends_with('\n');
        let text = format!("{}{indent}{entry}{eol}", if needs_newline { eol } else { "" });
        Some(Edit::insert(at, text))
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::diagnostic::Fix;
        use crate::fix::apply;

        fn run(text: &str, edit: Option<Edit>) -> Option<String> {
            let edit = edit?;
            Some(apply(text, &[&Fix::safe(vec![edit])]).0)
        }

        #[test]
        fn removes_a_block_entry_and_keeps_comments() {
            let text = "a: 1\n# keep\nb:\n  - x\n  - y\nc: 3  # c\n";
            let f = SourceFile::new("t", None, text.into());
            let k = text.find("b:").unwrap();
            let v_end = text.find("- y").unwrap() + 3;
            let out = run(text, remove_entry(&f, Span::new(k, k + 1), Span::new(k + 6, v_end)));
            assert_eq!(out.as_deref(), Some("a: 1\n# keep\nc: 3  # c\n"));
        }

        #[test]
        fn refuses_the_first_key_of_a_list_item_and_flow_entries() {
            let text = "l:\n  - path: a\n    version: 1\nm: {x: 1, y: 2}\n";
            let f = SourceFile::new("t", None, text.into());
            let p = text.find("path").unwrap();
            assert!(remove_entry(&f, Span::new(p, p + 4), Span::new(p + 6, p + 7)).is_none());
            let v = text.find("version").unwrap();
            let out = run(text, remove_entry(&f, Span::new(v, v + 7), Span::new(v + 9, v + 10)));
            assert_eq!(out.as_deref(), Some("l:\n  - path: a\nm: {x: 1, y: 2}\n"));
            let y = text.find("y:").unwrap();
            assert!(remove_entry(&f, Span::new(y, y + 1), Span::new(y + 3, y + 4)).is_none());
        }

        #[test]
        fn appends_with_the_files_line_ending_and_never_into_a_flow_mapping() {
            let text = "execute:\r\n  file: a.exe\r\n  reboot: true\r\n";
            let f = SourceFile::new("t", None, text.into());
            let k = text.find("file").unwrap();
            let end = text.find("true").unwrap() + 4;
            let out = run(text, append_entry(&f, &[Span::new(k, k + 4)], end, "exclusive: true"));
            assert_eq!(
                out.as_deref(),
                Some("execute:\r\n  file: a.exe\r\n  reboot: true\r\n  exclusive: true\r\n")
            );
            let text = "execute: {\n  file: a.exe,\n  reboot: true\n}\n";
            let f = SourceFile::new("t", None, text.into());
            let k = text.find("file").unwrap();
            let end = text.find("true").unwrap() + 4;
            assert!(append_entry(&f, &[Span::new(k, k + 4)], end, "exclusive: true").is_none());
        }

        #[test]
        fn replaces_a_scalar_in_the_style_it_was_written() {
            let text = "a: x\nb: 'y'\nc: \"z\"\nd: [p, q]\ne: |\n  w\n";
            let doc = crate::load::yaml::load(text).unwrap();
            let f = SourceFile::new("t", None, text.into());
            let at = |needle: &str| {
                let i = text.find(needle).unwrap();
                Span::new(i, i + needle.len())
            };
            let replace = |span: Span, with: &str| run(text, replace_scalar(&doc.root, &f, span, with));
            assert_eq!(
                replace(at("x"), "X 1").as_deref(),
                Some("a: X 1\nb: 'y'\nc: \"z\"\nd: [p, q]\ne: |\n  w\n")
            );
            assert_eq!(
                replace(at("'y'"), "it's").as_deref(),
                Some("a: x\nb: 'it''s'\nc: \"z\"\nd: [p, q]\ne: |\n  w\n")
            );
            assert_eq!(
                replace(at("\"z\""), "a\"b").as_deref(),
                Some("a: x\nb: 'y'\nc: \"a\\\"b\"\nd: [p, q]\ne: |\n  w\n")
            );
            // Plain where plain reads back the same, quoted where it would not (in a flow list).
            assert_eq!(
                replace(at("q"), "r, s").as_deref(),
                Some("a: x\nb: 'y'\nc: \"z\"\nd: [p, 'r, s']\ne: |\n  w\n")
            );
            assert_eq!(
                replace(at("p"), "yes").as_deref(),
                Some("a: x\nb: 'y'\nc: \"z\"\nd: ['yes', q]\ne: |\n  w\n")
            );
            // Not a whole scalar, or a block scalar: refused.
            assert!(replace(Span::new(at("x").start, at("x").end + 1), "X").is_none());
            let block = doc.root.get("e").unwrap().value.span;
            assert!(replace(block, "v").is_none());
        }

        /// `remove_entry_in` on the key `key` (its first occurrence) of `text`.
        fn remove_in(text: &str, key: &str) -> Option<String> {
            let doc = crate::load::yaml::load(text).unwrap();
            let f = SourceFile::new("t", None, text.into());
            let k = text.find(key).unwrap();
            let out = run(text, remove_entry_in(&doc.root, &f, Span::new(k, k + key.len())))?;
            crate::load::yaml::load(&out).expect("still YAML");
            Some(out)
        }

        #[test]
        fn removes_a_flow_entry_with_its_comma() {
            let list = "identification: [{path: 'a.sys', version: 1.0, change: delete}]
";
            assert_eq!(
                remove_in(list, "version").as_deref(),
                Some(
                    "identification: [{path: 'a.sys', change: delete}]
"
                )
            );
            // First, last and only entries; over several lines.
            assert_eq!(
                remove_in(
                    "m: {a: 1, b: 2}
",
                    "a"
                )
                .as_deref(),
                Some(
                    "m: {b: 2}
"
                )
            );
            assert_eq!(
                remove_in(
                    "m: {a: 1, b: 2}
",
                    "b"
                )
                .as_deref(),
                Some(
                    "m: {a: 1}
"
                )
            );
            assert_eq!(
                remove_in(
                    "m: {a: 1, b: 2,}
",
                    "b"
                )
                .as_deref(),
                Some(
                    "m: {a: 1,}
"
                )
            );
            assert_eq!(
                remove_in(
                    "m: {a: 1}
",
                    "a"
                )
                .as_deref(),
                Some(
                    "m: {}
"
                )
            );
            assert_eq!(
                remove_in(
                    "m: {
  a: 1,
  b: 2,
  c: 3
}
",
                    "b"
                )
                .as_deref(),
                Some(
                    "m: {
  a: 1,
  c: 3
}
"
                )
            );
            assert_eq!(
                remove_in(
                    "m: {
  a: 1,
  c: 3
}
",
                    "c"
                )
                .as_deref(),
                Some(
                    "m: {
  a: 1
}
"
                )
            );
            // A block entry as before.
            assert_eq!(
                remove_in(
                    "m:
  a: 1
  b: 2
",
                    "b"
                )
                .as_deref(),
                Some(
                    "m:
  a: 1
"
                )
            );
            // A comment between the entries: refused, never lost.
            assert!(
                remove_in(
                    "m: {
  a: 1, # why
  b: 2
}
",
                    "a"
                )
                .is_none()
            );
            assert!(
                remove_in(
                    "m: {
  a: 1, # why
  b: 2
}
",
                    "b"
                )
                .is_none()
            );
        }

        #[test]
        fn appends_to_a_flow_mapping() {
            let add = |text: &str| {
                let doc = crate::load::yaml::load(text).unwrap();
                let f = SourceFile::new("t", None, text.into());
                let map = &doc.root.get("execute").unwrap().value;
                let out = run(text, append_to_map(&f, map, "exclusive: true"))?;
                crate::load::yaml::load(&out).expect("still YAML");
                Some(out)
            };
            assert_eq!(
                add("execute: {file: x.exe, args: /quiet, reboot: true}
")
                .as_deref(),
                Some(
                    "execute: {file: x.exe, args: /quiet, reboot: true, exclusive: true}
"
                )
            );
            assert_eq!(
                add("execute: { file: x.exe, }
")
                .as_deref(),
                Some(
                    "execute: { file: x.exe, exclusive: true }
"
                )
            );
            assert_eq!(
                add("execute: {file: x.exe, args:}
")
                .as_deref(),
                Some(
                    "execute: {file: x.exe, args:, exclusive: true}
"
                )
            );
            assert_eq!(
                add("execute: {
  file: x.exe,
  reboot: true
}
")
                .as_deref(),
                Some(
                    "execute: {
  file: x.exe,
  reboot: true, exclusive: true
}
"
                )
            );
            assert_eq!(
                add("execute: {}
")
                .as_deref(),
                Some(
                    "execute: {exclusive: true}
"
                )
            );
            assert_eq!(
                add("execute:
  file: x.exe
")
                .as_deref(),
                Some(
                    "execute:
  file: x.exe
  exclusive: true
"
                )
            );
            // A comment before the `}`: refused.
            assert!(
                add("execute: {
  file: x.exe # why
}
")
                .is_none()
            );
        }

        #[test]
        fn appends_with_the_mappings_indentation() {
            let text = "execute:\n  file: a.exe\n  reboot: true";
            let f = SourceFile::new("t", None, text.into());
            let k = text.find("file").unwrap();
            let out = run(
                text,
                append_entry(&f, &[Span::new(k, k + 4)], text.len(), "exclusive: true"),
            );
            assert_eq!(
                out.as_deref(),
                Some("execute:\n  file: a.exe\n  reboot: true\n  exclusive: true\n")
            );
        }
    }
}
