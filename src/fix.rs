//! Applying fixes: edits computed from spans, applied until nothing changes, written atomically
//! (a temporary file in the same folder, then a rename; the original is untouched on any error).

use crate::config::Selection;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::linter::{self, Input};
use crate::rules::Settings;
use std::io::Write;
use std::path::Path;

/// How many rounds of lint-and-fix run on one file at most.
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
    for _ in 0..MAX_ROUNDS {
        let fixes: Vec<&Fix> = diags.iter().filter_map(|d| applicable(d, unsafe_fixes)).collect();
        if fixes.is_empty() {
            break;
        }
        let (next, n) = apply(&text, &fixes);
        if n == 0 || next == text {
            break;
        }
        total += n;
        text = next;
        let again = Input {
            name: input.name.clone(),
            path: input.path.clone(),
            content: Some(text.clone().into_bytes()),
        };
        let (result, d) = linter::lint_single(&again, settings, selection);
        // A fix must never break the file: give up on this file.
        result.loaded.as_ref()?;
        diags = d;
    }
    (text != original).then_some((original, text, total))
}

/// Write `text` to `path` atomically, keeping the file's permissions.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".dpmlint-fix-").tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

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
    use crate::source::Span;

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
