//! Evidence from the file system: files named by a definition, resolved safely inside the package
//! folder. A path that would escape its root (`..`, absolute, a drive, a link pointing outside) is
//! refused; a symlink loop is an error, never a hang.
//!
//! Names are looked up as Windows finds them, case-insensitively, through one index per folder
//! and run ([`folder_index`]): ten thousand definitions naming files of `system32` list it once.
//! A folder with more than [`MAX_DIR_ENTRIES`] entries is not indexed: a lookup through it gives
//! [`PathProblem::TooManyEntries`], never "missing", and the folder is remembered for the run's
//! warning ([`gave_up_folders`]).

pub mod inspect;
pub mod pe;
pub mod roots;

use crate::load::walk::{Kind, Listing};
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

/// The most folders whose listings are kept at once (the folders of the definitions in flight
/// and the reference roots' folders they name): memory does not grow with the corpus.
const CACHED_FOLDERS: usize = 1024;

/// A map that keeps its `capacity` most recently used entries: what definitions in flight share
/// (a folder's listing), without keeping what every definition of the run once needed.
pub struct RecentCache<V> {
    capacity: usize,
    entries: Mutex<Recent<V>>,
}

/// A clock that ticks at each use, and each entry with the tick of its last use.
type Recent<V> = (u64, foldhash::HashMap<PathBuf, (u64, V)>);

impl<V: Clone> RecentCache<V> {
    /// An empty cache of `capacity` entries.
    pub fn new(capacity: usize) -> RecentCache<V> {
        RecentCache {
            capacity,
            entries: Mutex::new((0, foldhash::HashMap::default())),
        }
    }

    /// Forget every entry.
    pub fn clear(&self) {
        if let Ok(mut guard) = self.entries.lock() {
            guard.1.clear();
        }
    }

    /// The value for `key`, computed by `make` when it is not cached. Two threads asking at once
    /// may both compute it; the results are the same.
    pub fn get_or_insert_with(&self, key: &Path, make: impl FnOnce() -> V) -> V {
        if let Ok(mut guard) = self.entries.lock() {
            let (clock, map) = &mut *guard;
            *clock += 1;
            if let Some((used, value)) = map.get_mut(key) {
                *used = *clock;
                return value.clone();
            }
        }
        let value = make();
        if let Ok(mut guard) = self.entries.lock() {
            let (clock, map) = &mut *guard;
            if map.len() >= self.capacity {
                // Evict the least recently used half at once: amortised O(1) per insertion.
                let mut ages: Vec<u64> = map.values().map(|(used, _)| *used).collect();
                let middle = ages.len() / 2;
                let (_, cut, _) = ages.select_nth_unstable(middle);
                let cut = *cut;
                map.retain(|_, (used, _)| *used > cut);
            }
            map.insert(key.to_path_buf(), (*clock, value.clone()));
        }
        value
    }
}

/// The package folders listed recently ([`package_files`]).
fn package_cache() -> &'static RecentCache<Arc<PackageFiles>> {
    static CACHE: OnceLock<RecentCache<Arc<PackageFiles>>> = OnceLock::new();
    CACHE.get_or_init(|| RecentCache::new(CACHED_FOLDERS))
}

/// The folder listings of this run.
fn folder_cache() -> &'static RecentCache<Option<Arc<FolderIndex>>> {
    static CACHE: OnceLock<RecentCache<Option<Arc<FolderIndex>>>> = OnceLock::new();
    CACHE.get_or_init(|| RecentCache::new(CACHED_FOLDERS))
}

/// The index of `folder`, shared while it is in use (`None` when it cannot be listed).
fn folder_index(folder: &Path) -> Option<Arc<FolderIndex>> {
    folder_cache().get_or_insert_with(folder, || list_folder(folder))
}

/// Forget the folder listings and the folders given up on: a long-running process (the language
/// server) calls it before each lint, so a file added to a package folder since is seen.
pub fn forget_listings() {
    folder_cache().clear();
    package_cache().clear();
    if let Ok(mut set) = gave_up().lock() {
        set.clear();
    }
}

/// List `folder` into an index (see [`FolderIndex`]).
fn list_folder(folder: &Path) -> Option<Arc<FolderIndex>> {
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
    if !complete && let Ok(mut set) = gave_up().lock() {
        set.insert(folder.to_path_buf());
    }
    Some(Arc::new(complete.then_some(index)))
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

/// What a package folder's index settles about a file directly in it ([`PackageFiles::lookup`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The file, as spelled on disk: a regular file of that very spelling, or where case is
    /// ignored (Windows) the least spelling that differs only in case. Reached without a link, so
    /// it cannot lead out of the folder.
    Found(PathBuf),
    /// No entry of that name in any case.
    Missing,
    /// The index cannot settle it (another spelling on a file system that may or may not fold
    /// it, a folder or link of that name, a name that is not plain, an incomplete listing): look
    /// on disk.
    OnDisk,
}

/// Every regular file under a package folder, by lower-cased file name, and their total size:
/// listed once while definitions of that folder are in flight, however many there are.
#[derive(Debug, Default)]
pub struct PackageFiles {
    /// The files by lower-cased name, each list sorted.
    pub by_name: foldhash::HashMap<String, Vec<PathBuf>>,
    /// The files not in `by_name` (their names are not UTF-8): counted in the size only.
    unindexed: Vec<PathBuf>,
    /// The total size, once asked for.
    size: OnceLock<u64>,
    /// Every file is listed (not stopped at [`MAX_PACKAGE_FILES`]).
    complete: bool,
    /// The lower-cased names of the folder's own entries that are no regular file (folders,
    /// links, …).
    other_entries: foldhash::HashSet<String>,
    /// How many entries the folder itself has.
    own_entries: usize,
}

impl PackageFiles {
    /// The total size of the files in bytes, summed the first time it is asked for: `known` gives
    /// the sizes the caller already has (of the files it opened), the disk the others. (The walk
    /// takes no sizes: most files of a package are opened by the check anyway.)
    pub fn size(&self, known: &dyn Fn(&Path) -> Option<u64>) -> u64 {
        *self.size.get_or_init(|| {
            (self.by_name.values().flatten().chain(&self.unindexed))
                .map(|p| known(p).unwrap_or_else(|| file_size(p)))
                .fold(0, u64::saturating_add)
        })
    }

    /// What the index settles about the file `name` (a plain file name, as `execute.file` most
    /// often is) directly in the package folder `dir`, exactly as [`resolve_windows`] would answer
    /// on disk (see [`Lookup`]). Only a plain name (no folder, nothing Windows would read
    /// differently) in a complete listing of a folder small enough to look in is settled here;
    /// anything else, and a folder, link or other entry of that name, is looked up on disk.
    pub fn lookup(&self, dir: &Path, name: &str) -> Lookup {
        let plain = !name.is_empty()
            && !name.contains(['/', '\\', ':'])
            && !name.ends_with(['.', ' '])
            && !name.starts_with(' ');
        if !plain || !self.complete || self.own_entries > MAX_DIR_ENTRIES {
            return Lookup::OnDisk;
        }
        let key = name.to_lowercase();
        if self.other_entries.contains(&key) {
            return Lookup::OnDisk;
        }
        let candidates: Vec<&PathBuf> = self
            .by_name
            .get(&key)
            .into_iter()
            .flatten()
            .filter(|p| p.parent() == Some(dir))
            .collect();
        if candidates.is_empty() {
            // Where case matters `resolve_windows` looks at the exact name first, and a FAT or SMB
            // mount answers for names its listing spells otherwise (an 8.3 short name).
            let missing =
                crate::platform::paths::CASE_INSENSITIVE || std::fs::symlink_metadata(dir.join(name)).is_err();
            return if missing { Lookup::Missing } else { Lookup::OnDisk };
        }
        let exact = candidates
            .iter()
            .find(|p| p.file_name() == Some(std::ffi::OsStr::new(name)));
        let found = match exact {
            Some(p) => Some(p),
            None if crate::platform::paths::CASE_INSENSITIVE => candidates.iter().min_by_key(|p| p.file_name()),
            None => None,
        };
        found.map_or(Lookup::OnDisk, |p| Lookup::Found((*p).clone()))
    }

    /// The names of the regular files directly in the package folder `dir` (UTF-8 names only),
    /// when the listing holds all of them and the folder has at most `most` entries.
    pub fn own_file_names<'a>(&'a self, dir: &'a Path, most: usize) -> Option<impl Iterator<Item = &'a str>> {
        (self.complete && self.own_entries <= most).then(|| {
            self.by_name
                .values()
                .flatten()
                .filter(move |p| p.parent() == Some(dir))
                .filter_map(|p| p.file_name()?.to_str())
        })
    }
}

/// A regular file's size (0 when it cannot be looked at), as its folder's listing counts it: a
/// link is not followed.
fn file_size(path: &Path) -> u64 {
    std::fs::symlink_metadata(path).map_or(0, |m| m.len())
}

/// The most files indexed in one package folder.
pub const MAX_PACKAGE_FILES: usize = 100_000;

/// The files under the package folder `dir` (see [`PackageFiles`]), from the walk's `listing`
/// of it when there is one.
pub fn package_files(dir: &Path, listing: Option<&Arc<Listing>>) -> Arc<PackageFiles> {
    package_cache().get_or_insert_with(dir, || Arc::new(list_package(dir, listing, MAX_PACKAGE_FILES)))
}

/// The regular files under `dir` (links not followed, at most `limit`), folder by folder;
/// whether that is all of them (not when `dir` itself, or one of its entries, could not be read);
/// the lower-cased names of `dir`'s own entries that are no regular file, and how many entries
/// `dir` has. Sizes are taken later, when asked for ([`PackageFiles::size`]).
fn list_package(dir: &Path, listing: Option<&Arc<Listing>>, limit: usize) -> PackageFiles {
    let mut ix = Indexing {
        p: PackageFiles {
            complete: true,
            ..PackageFiles::default()
        },
        files: 0,
        limit,
        stack: vec![(dir.to_path_buf(), listing.cloned())],
    };
    'walk: while let Some((d, listing)) = ix.stack.pop() {
        let top = d == dir;
        // The walk that found the definitions listed this folder already: no need to again (unless
        // its files would pass the limit: the folder is then listed file by file, as before).
        let listed_files = |l: &Listing| l.entries().filter(|e| e.1 == Kind::File).count();
        if let Some(listing) = listing.filter(|l| ix.files + listed_files(l) <= limit) {
            for (name, kind, inner) in listing.entries() {
                if !ix.entry(&d, top, std::ffi::OsStr::new(name), kind, inner) {
                    break 'walk;
                }
            }
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&d) else {
            ix.p.complete &= !top;
            continue;
        };
        for e in entries {
            let Ok(e) = e else {
                ix.p.complete &= !top;
                continue;
            };
            let kind = match e.file_type() {
                Ok(t) if t.is_file() => Kind::File,
                Ok(t) if t.is_dir() => Kind::Dir,
                _ => Kind::Other,
            };
            if !ix.entry(&d, top, &e.file_name(), kind, None) {
                break 'walk;
            }
        }
    }
    let mut p = ix.p;
    for paths in p.by_name.values_mut() {
        paths.sort();
    }
    p
}

/// A package index being made: what [`list_package`] has found so far, and the folders left.
struct Indexing {
    p: PackageFiles,
    /// How many files are indexed, and the most that may be.
    files: usize,
    limit: usize,
    /// The folders to list, each with the walk's listing of it when there is one.
    stack: Vec<(PathBuf, Option<Arc<Listing>>)>,
}

impl Indexing {
    /// Index the entry `name` (of this `kind`) of the folder `d` (`top`: the package folder
    /// itself), a folder with the walk's listing of it, `inner`, if any. False when the limit is
    /// reached: the index is then incomplete.
    fn entry(&mut self, d: &Path, top: bool, name: &std::ffi::OsStr, kind: Kind, inner: Option<&Arc<Listing>>) -> bool {
        if self.files >= self.limit {
            self.p.complete = false;
            return false;
        }
        if top {
            self.p.own_entries += 1;
        }
        let path = d.join(name);
        if kind == Kind::File {
            self.files += 1;
            match name.to_str() {
                Some(name) => self.p.by_name.entry(name.to_lowercase()).or_default().push(path),
                None => self.p.unindexed.push(path),
            }
            return true;
        }
        if top {
            self.p.other_entries.insert(name.to_string_lossy().to_lowercase());
        }
        if kind == Kind::Dir {
            self.stack.push((path, inner.cloned()));
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_file_whose_name_is_not_utf8_counts_in_the_size_only() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(std::ffi::OsStr::from_bytes(b"\xff.bin")), b"abc").unwrap();
        std::fs::write(dir.path().join("package.yaml"), b"id: A\n").unwrap();
        let files = list_package(dir.path(), None, MAX_PACKAGE_FILES);
        assert_eq!(files.by_name.len(), 1);
        assert_eq!(files.size(&|_| None), 3 + 6);
    }

    #[test]
    fn the_package_index_answers_for_an_exactly_spelled_regular_file_directly_in_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("Setup.exe"), b"MZ").unwrap();
        std::fs::write(root.join("package.yaml"), b"format: 1\n").unwrap();
        std::fs::create_dir(root.join("payload")).unwrap();
        std::fs::write(root.join("payload/agent.exe"), b"MZ").unwrap();
        let files = package_files(root, None);
        assert_eq!(
            files.size(&|_| None),
            2 + 10 + 2,
            "the sizes of every file under the folder"
        );
        let setup = root.join("Setup.exe");
        assert_eq!(
            list_package(root, None, MAX_PACKAGE_FILES).size(&|p| (p == setup).then_some(1000)),
            1000 + 10 + 2,
            "a size the check knows is not asked of the disk"
        );
        assert_eq!(files.lookup(root, "Setup.exe"), Lookup::Found(root.join("Setup.exe")));
        // Where case is ignored the listing settles another spelling too; elsewhere the disk does.
        let other_case = match crate::platform::paths::CASE_INSENSITIVE {
            true => Lookup::Found(root.join("Setup.exe")),
            false => Lookup::OnDisk,
        };
        assert_eq!(files.lookup(root, "setup.exe"), other_case);
        // Missing is settled by the index only when the disk would say so in any case: not in the
        // folder itself (only in a subfolder), or nowhere.
        for name in ["agent.exe", "missing.exe"] {
            assert_eq!(files.lookup(root, name), Lookup::Missing, "{name}");
            assert_eq!(resolve_windows(root, name), Err(PathProblem::Missing));
        }
        // A path, a name Windows reads differently, a folder's name: looked up on disk instead.
        for name in [
            "payload\\agent.exe",
            "payload\\missing.exe",
            "Setup.exe.",
            "missing.exe.",
            "PAYLOAD",
            "payload",
        ] {
            assert_eq!(files.lookup(root, name), Lookup::OnDisk, "{name}");
        }
        let mut own: Vec<&str> = files.own_file_names(root, 10).unwrap().collect();
        own.sort_unstable();
        assert_eq!(own, ["Setup.exe", "package.yaml"]);
        assert!(files.own_file_names(root, 2).is_none(), "more entries than asked for");
        #[cfg(unix)]
        {
            let linked = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink("/etc/hostname", linked.path().join("setup.exe")).unwrap();
            assert_eq!(
                package_files(linked.path(), None).lookup(linked.path(), "setup.exe"),
                Lookup::OnDisk,
                "a link is never answered from the index"
            );
        }
    }

    #[test]
    fn the_recent_cache_keeps_what_is_in_use_and_stays_bounded() {
        let cache: RecentCache<usize> = RecentCache::new(8);
        let mut made = 0;
        for round in 0..100 {
            // One folder used throughout (as a folder of many definitions), others once each.
            assert_eq!(
                cache.get_or_insert_with(Path::new("hot"), || {
                    made += 1;
                    7
                }),
                7
            );
            cache.get_or_insert_with(&PathBuf::from(format!("cold{round}")), || round);
        }
        assert_eq!(made, 1, "the folder in use was listed once");
        let held = cache.entries.lock().map(|guard| guard.1.len()).unwrap_or(usize::MAX);
        assert!(held <= 8, "{held} entries held");
    }

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
