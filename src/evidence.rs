//! Evidence from the file system: files named by a definition, resolved safely inside the package
//! folder. A path that would escape its root (`..`, absolute, a drive, a link pointing outside) is
//! refused; a symlink loop is an error, never a hang.
//!
//! Names are looked up as Windows finds them, case-insensitively, through one index per folder
//! and run ([`folder_index`]): ten thousand definitions naming files of `system32` list it once.
//! A folder with more than [`MAX_DIR_ENTRIES`] entries is not indexed: a lookup through it gives
//! [`PathProblem::TooManyEntries`], never "missing", and the folder is remembered for the run's
//! warning ([`gave_up_folders`]).

use std::collections::{BTreeSet, HashMap};
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

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
    /// A folder on the way has more than [`MAX_DIR_ENTRIES`] entries, so the name was not
    /// looked up: it may well be there.
    TooManyEntries(PathBuf),
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

/// The most entries a folder may have to be indexed for case-insensitive lookups; past it a
/// lookup gives up and says so.
pub const MAX_DIR_ENTRIES: usize = 100_000;

/// A folder's names by their lower-case form, each mapped to its spelling on disk (the least
/// one, when several differ only in case); `None` when the folder has too many entries.
type FolderIndex = Option<HashMap<String, OsString>>;

/// The folders whose lookups gave up in this run.
fn gave_up() -> &'static Mutex<BTreeSet<PathBuf>> {
    static GAVE_UP: OnceLock<Mutex<BTreeSet<PathBuf>>> = OnceLock::new();
    GAVE_UP.get_or_init(|| Mutex::new(BTreeSet::new()))
}

/// The folders with more than [`MAX_DIR_ENTRIES`] entries that lookups met in this run, sorted:
/// names in them were not looked up, and no rule reported them missing.
pub fn gave_up_folders() -> Vec<PathBuf> {
    gave_up()
        .lock()
        .map(|set| set.iter().cloned().collect())
        .unwrap_or_default()
}

/// The index of `folder`, built once per run (`None` when it cannot be listed).
fn folder_index(folder: &Path) -> Option<Arc<FolderIndex>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Arc<FolderIndex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(folder).cloned()) {
        return Some(hit);
    }
    let mut index: HashMap<String, OsString> = HashMap::new();
    let mut complete = true;
    for (count, entry) in std::fs::read_dir(folder).ok()?.filter_map(Result::ok).enumerate() {
        if count >= MAX_DIR_ENTRIES {
            complete = false;
            break;
        }
        let name = entry.file_name();
        let Some(key) = name.to_str().map(str::to_lowercase) else {
            continue;
        };
        match index.get_mut(&key) {
            Some(kept) if *kept <= name => {}
            Some(kept) => *kept = name,
            None => {
                index.insert(key, name);
            }
        }
    }
    let index = Arc::new(complete.then_some(index));
    if !complete && let Ok(mut set) = gave_up().lock() {
        set.insert(folder.to_path_buf());
    }
    if let Ok(mut c) = cache.lock() {
        c.insert(folder.to_path_buf(), Arc::clone(&index));
    }
    Some(index)
}

/// Find `parts` under `root` the way Windows would: each component matched case-insensitively
/// (an exact match first), and returned as spelled on disk. Links are not followed out of `root`
/// (see [`resolve_in`]). `Missing` when a component is not there; `TooManyEntries` when a folder
/// on the way is too large to look in.
pub fn find_case_insensitive(root: &Path, parts: &[&str]) -> Result<PathBuf, PathProblem> {
    let mut path = root.to_path_buf();
    for part in parts {
        let exact = path.join(part);
        // Where the file system ignores case, an exact lookup succeeds for any spelling: list the
        // folder to learn the name on disk.
        if !crate::platform::paths::CASE_INSENSITIVE && std::fs::symlink_metadata(&exact).is_ok() {
            path = exact;
            continue;
        }
        let index = folder_index(&path).ok_or(PathProblem::Missing)?;
        let Some(index) = index.as_ref() else {
            // Too large to index. Where case is ignored, the exact lookup still tells whether the
            // name is there (spelled as written, not as on disk).
            if crate::platform::paths::CASE_INSENSITIVE && std::fs::symlink_metadata(&exact).is_ok() {
                path = exact;
                continue;
            }
            return Err(PathProblem::TooManyEntries(path));
        };
        let found = index.get(&part.to_lowercase()).ok_or(PathProblem::Missing)?;
        path.push(found);
    }
    Ok(path)
}

/// Resolve `name` under `root` as Windows would find it (case-insensitively), refusing escapes.
pub fn resolve_windows(root: &Path, name: &str) -> Result<PathBuf, PathProblem> {
    let parts = relative_parts(name)?;
    let found = find_case_insensitive(root, &parts)?;
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
            Ok(want)
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
