//! Evidence from the file system: files named by a definition, resolved safely inside the package
//! folder. A path that would escape its root (`..`, absolute, a drive, a link pointing outside) is
//! refused; a symlink loop is an error, never a hang.

use std::path::{Component, Path, PathBuf};

/// Why a relative file name cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathProblem {
    /// `C:\…`, `\\server\…` or `/…`.
    Absolute,
    /// A `..` component.
    ParentDir,
    /// No such file.
    Missing,
    /// A link that points outside the root.
    EscapesViaLink,
    /// The file system refused (e.g. a symlink loop): its message.
    Unreadable(String),
}

/// Split a name written in a definition (either `\` or `/`) into its parts, refusing what would
/// leave the root.
pub fn relative_parts(name: &str) -> Result<Vec<&str>, PathProblem> {
    let bytes = name.as_bytes();
    let drive = bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic();
    if drive || name.starts_with(['/', '\\']) {
        return Err(PathProblem::Absolute);
    }
    let parts: Vec<&str> = name.split(['/', '\\']).filter(|p| !p.is_empty() && *p != ".").collect();
    if parts.contains(&"..") {
        return Err(PathProblem::ParentDir);
    }
    Ok(parts)
}

/// Resolve `name` (as written in a definition) under `root`, requiring that the file exists and
/// stays under `root` after following links. Only when a component under `root` is a link is the
/// path canonicalised (a loop is then an error from the file system, never a hang).
pub fn resolve_in(root: &Path, name: &str) -> Result<PathBuf, PathProblem> {
    let parts = relative_parts(name)?;
    if parts
        .iter()
        .any(|p| Path::new(p).components().any(|c| !matches!(c, Component::Normal(_))))
    {
        return Err(PathProblem::ParentDir);
    }
    let mut path = root.to_path_buf();
    let mut linked = false;
    for p in &parts {
        path.push(p);
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(PathProblem::Missing),
            Err(e) => return Err(PathProblem::Unreadable(e.to_string())),
            Ok(m) => linked |= m.file_type().is_symlink(),
        }
    }
    if linked {
        let real = std::fs::canonicalize(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => PathProblem::Missing,
            _ => PathProblem::Unreadable(e.to_string()),
        })?;
        let real_root = std::fs::canonicalize(root).map_err(|e| PathProblem::Unreadable(e.to_string()))?;
        if !real.starts_with(&real_root) {
            return Err(PathProblem::EscapesViaLink);
        }
    }
    Ok(path)
}

/// The most entries read from one folder while looking a name up case-insensitively.
const MAX_DIR_ENTRIES: usize = 100_000;

/// Find `parts` under `root` the way Windows would: each component matched case-insensitively
/// (an exact match first), and returned as spelled on disk. Links are not followed out of `root`
/// (see [`resolve_in`]).
pub fn find_case_insensitive(root: &Path, parts: &[&str]) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for part in parts {
        let exact = path.join(part);
        // Where the file system ignores case, an exact lookup succeeds for any spelling: list the
        // folder to learn the name on disk.
        if !crate::platform::paths::CASE_INSENSITIVE && std::fs::symlink_metadata(&exact).is_ok() {
            path = exact;
            continue;
        }
        let wanted = part.to_lowercase();
        let entries = std::fs::read_dir(&path).ok()?;
        let found = entries
            .take(MAX_DIR_ENTRIES)
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .filter(|n| n.to_str().is_some_and(|n| n.to_lowercase() == wanted))
            .min()?;
        path.push(found);
    }
    Some(path)
}

/// Resolve `name` under `root` as Windows would find it (case-insensitively), refusing escapes.
pub fn resolve_windows(root: &Path, name: &str) -> Result<PathBuf, PathProblem> {
    let parts = relative_parts(name)?;
    let found = find_case_insensitive(root, &parts).ok_or(PathProblem::Missing)?;
    let rel = found.strip_prefix(root).map_err(|_| PathProblem::EscapesViaLink)?;
    resolve_in(root, &rel.to_string_lossy())
}

/// The regular files under `dir` (links not followed, at most `limit`), folder by folder.
pub fn files_under(dir: &Path, limit: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.filter_map(Result::ok) {
            if out.len() >= limit {
                return out;
            }
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(t) if t.is_file() => out.push(e.path()),
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_escapes() {
        assert_eq!(relative_parts("C:\\x.exe"), Err(PathProblem::Absolute));
        assert_eq!(relative_parts("/etc/passwd"), Err(PathProblem::Absolute));
        assert_eq!(relative_parts("..\\x.exe"), Err(PathProblem::ParentDir));
        assert_eq!(relative_parts("a/../../x"), Err(PathProblem::ParentDir));
        assert_eq!(relative_parts("sub\\x.exe"), Ok(vec!["sub", "x.exe"]));
    }

    #[test]
    fn names_are_found_as_windows_finds_them_and_spelled_as_on_disk() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ref");
        std::fs::create_dir_all(root.join("WINDOWS").join("System32")).unwrap();
        std::fs::write(root.join("WINDOWS").join("System32").join("NetApi32.dll"), b"MZ").unwrap();
        let want = root.join("WINDOWS").join("System32").join("NetApi32.dll");
        assert_eq!(
            resolve_windows(&root, "windows\\system32\\netapi32.DLL"),
            Ok(want.clone())
        );
        assert_eq!(
            find_case_insensitive(&root, &["Windows", "SYSTEM32", "netapi32.dll"]),
            Some(want)
        );
        assert_eq!(
            resolve_windows(&root, "windows\\system32\\none.dll"),
            Err(PathProblem::Missing)
        );
    }

    // Symbolic links need a privilege (or developer mode) to be made on Windows; the lookup by
    // case is tested on every system above.
    #[cfg(unix)]
    #[test]
    fn links_and_loops() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("pkg");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(tmp.path().join("outside.exe"), b"MZ").unwrap();
        std::fs::write(root.join("in.exe"), b"MZ").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("outside.exe"), root.join("link.exe")).unwrap();
        std::os::unix::fs::symlink(root.join("loop2"), root.join("loop1")).unwrap();
        std::os::unix::fs::symlink(root.join("loop1"), root.join("loop2")).unwrap();
        assert!(resolve_in(&root, "in.exe").is_ok());
        assert_eq!(resolve_in(&root, "link.exe"), Err(PathProblem::EscapesViaLink));
        assert!(matches!(resolve_in(&root, "loop1"), Err(PathProblem::Unreadable(_))));
        assert_eq!(resolve_in(&root, "none.exe"), Err(PathProblem::Missing));
        assert_eq!(resolve_windows(&root, "IN.EXE"), Ok(root.join("in.exe")));
        assert_eq!(resolve_windows(&root, "LINK.exe"), Err(PathProblem::EscapesViaLink));
    }
}
