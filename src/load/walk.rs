//! Walking a folder for definitions, listing each folder once.
//!
//! Which files are skipped is decided as Git and ripgrep decide it (and as the `ignore` crate's
//! walker did here before): names starting with `.` are hidden (not the folder the walk starts
//! from); then `.ignore` files, `.gitignore` files, `.git/info/exclude` and the user's global
//! excludes (`core.excludesFile`), each kind in every folder from the entry's own up to the root
//! of the file system, the nearest match of a kind winning, and the kinds in that order of
//! precedence. Git need not be present. A `.git` file (a linked work tree, a submodule) is
//! followed as Git follows it, to the exclude file of the repository it names. Patterns are matched with `ignore::gitignore`, case-
//! insensitively where the system ignores case (as Git for Windows' `core.ignorecase`).
//!
//! Why not the `ignore` crate's walker: it hides the entries it ignores, so the package index
//! (which must hold every file DPM would deliver, ignored or not) had to list each package folder
//! again. Here the listing of a package folder (one with a definition in it), with those of the
//! folders walked under it, goes with each definition found there ([`Found::folder`]) to
//! [`crate::evidence::package_files`].

use crate::platform::paths;
use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// What a folder entry is, as its listing says (links are not followed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A folder.
    Dir,
    /// Anything else: a link, a FIFO, an entry whose type could not be read.
    Other,
}

/// One folder's entries as the walk listed them, with the listings of the folders in it that the
/// walk entered. (No sizes: the package index takes them when DPM504 asks, mostly from the files
/// the check opens anyway.)
#[derive(Debug)]
pub struct Listing {
    /// The names, each followed by `/` (which no name holds).
    names: Box<str>,
    kinds: Box<[Kind]>,
    /// One per folder entry, in order: its listing, once the walk has made it.
    folders: Box<[OnceLock<Arc<Listing>>]>,
}

impl Listing {
    /// The entries, in the order listed; a folder's with its listing when the walk entered it.
    pub fn entries(&self) -> impl Iterator<Item = (&str, Kind, Option<&Arc<Listing>>)> {
        let mut folders = self.folders.iter();
        self.names
            .split_terminator('/')
            .zip(self.kinds.iter().copied())
            .map(move |(name, kind)| {
                let listing = match kind {
                    Kind::Dir => folders.next().and_then(OnceLock::get),
                    _ => None,
                };
                (name, kind, listing)
            })
    }
}

/// A definition's folder listing, handed over once: to the check that makes the package index
/// from it. A run then holds it no longer than the index needs it.
#[derive(Debug, Default)]
pub struct Handover(Mutex<Option<Arc<Listing>>>);

impl Handover {
    /// A listing to hand over (or none).
    pub fn new(listing: Option<Arc<Listing>>) -> Handover {
        Handover(Mutex::new(listing))
    }

    /// The listing, the first time it is asked for.
    pub fn take(&self) -> Option<Arc<Listing>> {
        self.0.lock().ok()?.take()
    }
}

/// A file the walk found to be a definition.
#[derive(Debug)]
pub struct Found {
    /// The path, as the walk makes it: the folder it starts from, joined with the names under it.
    pub path: PathBuf,
    /// The listing says it is a regular file (not a link).
    pub regular: bool,
    /// Its folder's listing (none when the folder could not be read whole, is past the package's
    /// budget of entries, or has a name that is not UTF-8).
    pub folder: Option<Arc<Listing>>,
    /// What `accept` returned for its folder.
    pub tag: Option<usize>,
}

/// The most entries kept for one package folder and the folders under it (as the package index
/// holds at most [`crate::evidence::MAX_PACKAGE_FILES`] files); what is past it is listed again by
/// the index.
const MAX_KEPT_ENTRIES: usize = 100_000;

/// How deep under a package folder listings are kept (a deeper folder is listed again by the
/// index): a kept listing holds those of its folders, and dropping a chain of them recurses.
const MAX_KEPT_DEPTH: usize = 64;

/// One folder's ignore files, and those of the folders above it.
struct Rules {
    up: Option<Arc<Rules>>,
    /// `.ignore`, `.gitignore`, `.git/info/exclude`, in that precedence.
    matchers: [Gitignore; 3],
    /// The folder is above the walk's start: its patterns are matched against absolute paths.
    above: bool,
}

impl Rules {
    /// The rules of `dir` on top of `up`: `up` itself when `dir` has no ignore file.
    /// `has` tells which of `.ignore`, `.gitignore` and `.git` the folder has (`None`: look).
    fn add(up: Option<Arc<Rules>>, dir: &Path, has: Option<[bool; 3]>, above: bool) -> Option<Arc<Rules>> {
        let has = has.unwrap_or_else(|| {
            [".ignore", ".gitignore", ".git"].map(|n| std::fs::symlink_metadata(dir.join(n)).is_ok())
        });
        if !has.contains(&true) {
            return up;
        }
        let build = |file: Option<PathBuf>| {
            // Only a regular file (or a link to one) is read: a FIFO of that name would never end.
            let Some(file) = file.filter(|f| is_regular(f)) else {
                return Gitignore::empty();
            };
            let mut b = GitignoreBuilder::new(dir);
            b.case_insensitive(paths::CASE_INSENSITIVE).ok();
            // An unreadable file or a bad pattern ignores nothing more (as Git, as before).
            let _ = b.add(file);
            b.build().unwrap_or_else(|_| Gitignore::empty())
        };
        let matchers = [
            build(has[0].then(|| dir.join(".ignore"))),
            build(has[1].then(|| dir.join(".gitignore"))),
            build(has[2].then(|| git_dir(dir)).flatten().map(|g| g.join("info/exclude"))),
        ];
        if matchers.iter().all(Gitignore::is_empty) {
            return up;
        }
        Some(Arc::new(Rules { up, matchers, above }))
    }
}

/// The repository folder of the work tree `dir`: `dir/.git`, or for a `.git` file (a linked work
/// tree, a submodule) the folder its first line `gitdir: …` names (relative to `dir`, as Git reads
/// it), or that folder's `commondir`.
fn git_dir(dir: &Path) -> Option<PathBuf> {
    let dot_git = dir.join(".git");
    if dot_git.is_dir() {
        return Some(dot_git);
    }
    let linked = dir.join(first_line(&dot_git)?.strip_prefix("gitdir: ")?);
    match first_line(&linked.join("commondir")) {
        Some(common) => Some(linked.join(common)),
        None => Some(linked),
    }
}

/// The first line of a small regular file (at most 4 KiB of it is read).
fn first_line(path: &Path) -> Option<String> {
    use std::io::Read;
    if !is_regular(path) {
        return None;
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(4096)
        .read_to_string(&mut text)
        .ok()?;
    Some(text.lines().next()?.trim_end().to_owned())
}

/// Whether `path` is a regular file, or a link to one.
fn is_regular(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// The entries of a folder, for [`definitions`]' `accept` to ask about without looking at the
/// disk.
pub struct Siblings<'a> {
    names: &'a [std::ffi::OsString],
}

impl Siblings<'_> {
    /// Whether the folder may have an entry `name` (of any kind): false when it surely has none.
    /// Names are compared ignoring case (ASCII, as `name` is), whatever the system: a file system
    /// that ignores case is mounted on Linux and macOS too, where a lookup of `name` finds the
    /// entry in another case.
    pub fn may_have(&self, name: &str) -> bool {
        self.names
            .iter()
            .any(|n| n.to_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))
    }
}

/// Which files of a folder are definitions: given the folder as the walk makes it (the folder the
/// walk starts from, joined with the names under it), its entries, and its files (regular files
/// and links to files, each with whether it is a regular file), `accept` keeps the definitions.
/// It is called once per folder with files. What it returns is handed back with each file it kept
/// ([`Found::tag`]): `dpmlint check` returns which config applies in the folder, so that it is not
/// looked up again for each file.
pub type Accept<'a> = dyn Fn(&Path, &Siblings, &mut Vec<(PathBuf, bool)>) -> Option<usize> + Sync + 'a;

/// What one walk shares between its folders.
struct Walk<'a> {
    /// The folder the walk starts from, as given, and made absolute (links resolved).
    root: &'a Path,
    absolute_root: PathBuf,
    global: &'static Gitignore,
    accept: &'a Accept<'a>,
    found: Mutex<Vec<Found>>,
}

/// The user's global excludes file, read once per run.
fn global() -> &'static Gitignore {
    static GLOBAL: OnceLock<Gitignore> = OnceLock::new();
    GLOBAL.get_or_init(|| match std::env::current_dir() {
        Ok(cwd) => {
            let mut b = GitignoreBuilder::new(cwd);
            b.case_insensitive(paths::CASE_INSENSITIVE).ok();
            b.build_global().0
        }
        Err(_) => Gitignore::empty(),
    })
}

impl Walk<'_> {
    /// Whether the rules skip `path` (as the walk spells it: its folder `dir` joined with `name`).
    /// `absolute_dir` holds `dir` made absolute once it is needed (by rules above the start).
    fn ignored(
        &self,
        rules: Option<&Arc<Rules>>,
        (dir, name, path): (&Path, &std::ffi::OsStr, &Path),
        absolute_dir: &std::cell::OnceCell<PathBuf>,
        is_dir: bool,
    ) -> bool {
        let mut found = [Match::None, Match::None, Match::None];
        let mut absolute: Option<PathBuf> = None;
        let mut at = rules;
        while let Some(r) = at {
            let p = if r.above {
                absolute.get_or_insert_with(|| {
                    let dir = absolute_dir.get_or_init(|| match dir.strip_prefix(self.root) {
                        Ok(rel) => self.absolute_root.join(rel),
                        Err(_) => dir.to_path_buf(),
                    });
                    dir.join(name)
                })
            } else {
                path
            };
            for (m, matcher) in found.iter_mut().zip(&r.matchers) {
                if m.is_none() {
                    *m = matcher.matched(p, is_dir);
                }
            }
            at = r.up.as_ref();
        }
        let global = self.global.matched(path, is_dir);
        found
            .into_iter()
            .chain([global])
            .find(|m| !m.is_none())
            .is_some_and(|m| m.is_ignore())
    }

    /// List `dir`, keep what is found, and walk its folders (in parallel). `kept`: where `dir` is
    /// in a package folder whose listing is kept, if it is.
    fn visit<'s>(&'s self, scope: &rayon::Scope<'s>, dir: PathBuf, up: Option<Arc<Rules>>, kept: Option<Kept>) {
        let Ok(read) = std::fs::read_dir(&dir) else {
            return;
        };
        let mut entries = Vec::new();
        let mut whole = true;
        for e in read {
            match e {
                Ok(e) => entries.push(e),
                Err(_) => whole = false,
            }
        }
        // Each entry's type is asked once: where the listing does not tell, that is a look at it.
        let types: Vec<Option<std::fs::FileType>> = entries.iter().map(|e| e.file_type().ok()).collect();
        let kinds: Vec<Kind> = types
            .iter()
            .map(|t| match t {
                Some(t) if t.is_file() => Kind::File,
                Some(t) if t.is_dir() => Kind::Dir,
                _ => Kind::Other,
            })
            .collect();
        // Each name is asked of its entry once (every ask makes a copy of it).
        let file_names: Vec<std::ffi::OsString> = entries.iter().map(std::fs::DirEntry::file_name).collect();
        let named = |n: &str| file_names.iter().any(|f| f == n);
        let has = [named(".ignore"), named(".gitignore"), named(".git")];
        let rules = Rules::add(up, &dir, Some(has), false);
        let siblings = Siblings { names: &file_names };
        let absolute_dir = std::cell::OnceCell::new();
        // The folders to walk, each with its place among the folder entries.
        let mut folders = Vec::new();
        let mut definitions = Vec::new();
        let mut folder_entries = 0;
        for ((name, &kind), t) in file_names.iter().zip(&kinds).zip(&types) {
            let place = folder_entries;
            folder_entries += usize::from(kind == Kind::Dir);
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let Some(t) = t else {
                continue;
            };
            let path = dir.join(name);
            if self.ignored(rules.as_ref(), (&dir, name, &path), &absolute_dir, kind == Kind::Dir) {
                continue;
            }
            if kind == Kind::Dir {
                folders.push((path, place));
            } else if kind == Kind::File || (t.is_symlink() && path.is_file()) {
                // A link to a file counts (its target is read); a link to a folder is not walked.
                definitions.push((path, kind == Kind::File));
            }
        }
        let tag = if definitions.is_empty() {
            None
        } else {
            (self.accept)(&dir, &siblings, &mut definitions)
        };
        // A package folder (one with a definition) and the folders walked under one are kept, as
        // far as the package's budget of entries and depth goes.
        let package = match (&kept, definitions.is_empty()) {
            (_, false) => Some((Arc::new(AtomicUsize::new(MAX_KEPT_ENTRIES)), 0)),
            (Some(k), true) => Some((Arc::clone(&k.budget), k.depth + 1)),
            (None, true) => None,
        };
        let keep = whole
            && package.as_ref().is_some_and(|(budget, depth)| {
                *depth <= MAX_KEPT_DEPTH
                    && budget
                        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                            left.checked_sub(entries.len())
                        })
                        .is_ok()
            });
        let listing = keep.then(|| listing(&file_names, &kinds, folder_entries)).flatten();
        if let (Some(k), Some(listing)) = (&kept, &listing) {
            let _ = k.parent.folders[k.place].set(Arc::clone(listing));
        }
        drop(entries);
        if !definitions.is_empty()
            && let Ok(mut found) = self.found.lock()
        {
            found.extend(definitions.into_iter().map(|(path, regular)| Found {
                path,
                regular,
                folder: listing.clone(),
                tag,
            }));
        }
        for (folder, place) in folders {
            let rules = rules.clone();
            let kept = listing.as_ref().zip(package.as_ref()).map(|(l, (budget, depth))| Kept {
                parent: Arc::clone(l),
                place,
                budget: Arc::clone(budget),
                depth: *depth,
            });
            scope.spawn(move |s| self.visit(s, folder, rules, kept));
        }
    }
}

/// Where a walked folder is in a package folder whose listing is kept.
struct Kept {
    /// The listing of the folder it is in, and which of that folder's folders it is.
    parent: Arc<Listing>,
    place: usize,
    /// How many more entries the package may keep.
    budget: Arc<AtomicUsize>,
    /// How deep under the package folder its parent is.
    depth: usize,
}

/// The listing of a folder whose entries have these names and `kinds` (`folders` of them folders);
/// none when a name is not UTF-8 (the package index then lists the folder again).
fn listing(file_names: &[std::ffi::OsString], kinds: &[Kind], folders: usize) -> Option<Arc<Listing>> {
    let mut names = String::with_capacity(file_names.iter().map(|n| n.len() + 1).sum());
    for name in file_names {
        names.push_str(name.to_str()?);
        names.push('/');
    }
    Some(Arc::new(Listing {
        names: names.into_boxed_str(),
        kinds: kinds.into(),
        folders: (0..folders).map(|_| OnceLock::new()).collect(),
    }))
}

/// The files under the folder `root` that `accept` takes, in no particular order.
pub fn definitions(root: &Path, accept: &Accept) -> Vec<Found> {
    // The folders above the start, from the top down (none when the start cannot be made
    // absolute, as before).
    let canonical = std::fs::canonicalize(root).ok();
    let mut rules = None;
    let mut above: Vec<&Path> = canonical.iter().flat_map(|c| c.ancestors().skip(1)).collect();
    above.reverse();
    for dir in above {
        rules = Rules::add(rules, dir, None, true);
    }
    let absolute_root = canonical.unwrap_or_else(|| root.to_path_buf());
    let walk = Walk {
        root,
        absolute_root: absolute_root.clone(),
        global: global(),
        accept,
        found: Mutex::new(Vec::new()),
    };
    rayon::scope(|s| walk.visit(s, root.to_path_buf(), rules, None));
    walk.found.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, name: &str, text: &str) {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// The paths under `root`, relative to it with `/`, sorted.
    fn relative<'a>(root: &Path, paths: impl Iterator<Item = &'a PathBuf>) -> Vec<String> {
        let mut names: Vec<String> = paths
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        names.sort();
        names
    }

    /// What the `ignore` crate's walker finds, with the options this walk follows.
    fn as_the_ignore_crate_walks(root: &Path) -> Vec<(PathBuf, bool)> {
        let mut found = Vec::new();
        for e in ignore::WalkBuilder::new(root)
            .require_git(false)
            .follow_links(false)
            .hidden(false)
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .ignore_case_insensitive(paths::CASE_INSENSITIVE)
            .build()
            .flatten()
        {
            if let Some(t) = e.file_type()
                && e.depth() > 0
                && (t.is_file() || (t.is_symlink() && e.path().is_file()))
            {
                found.push((e.path().to_path_buf(), t.is_file()));
            }
        }
        found.sort();
        found
    }

    #[test]
    fn ignore_files_decide_as_git_and_the_ignore_crate_decide() {
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path();
        // Above the walk's start: patterns relative to their own folder.
        write(top, ".gitignore", "repo/skipped-from-above/\n");
        let root = top.join("repo");
        write(&root, ".gitignore", "build/\n*.bak\n!keep.bak\nb/\n");
        write(&root, ".ignore", "b/\n");
        write(&root, ".git/info/exclude", "excluded/\n");
        write(&root, "a/package.yaml", "");
        write(&root, "a/old.bak", "");
        write(&root, "a/keep.bak", "");
        write(&root, "build/package.yaml", "");
        write(&root, "b/.gitignore", "!*\n");
        write(&root, "b/package.yaml", "");
        write(&root, "excluded/package.yaml", "");
        write(&root, "skipped-from-above/package.yaml", "");
        write(&root, ".old/package.yaml", "");
        write(&root, "c/.gitignore", "!old.bak\nlocal/\n");
        write(&root, "c/old.bak", "");
        write(&root, "c/local/package.yaml", "");
        write(&root, "c/deeper/local/package.yaml", "");
        write(&root, "c/deeper/.gitignore", "!local/\n");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("a/package.yaml", root.join("linked.dpm.yaml")).unwrap();
            std::os::unix::fs::symlink("a", root.join("linked-folder")).unwrap();
        }
        let walked = |start: &Path| {
            let mut found: Vec<(PathBuf, bool)> = definitions(start, &|_, _, _| None)
                .into_iter()
                .map(|f| (f.path, f.regular))
                .collect();
            found.sort();
            found
        };
        for start in [root.clone(), root.join("c")] {
            let ours = walked(&start);
            let theirs = as_the_ignore_crate_walks(&start);
            assert_eq!(ours, theirs, "from {}", start.display());
        }
        let ours = walked(&root);
        let names = relative(&root, ours.iter().map(|(p, _)| p));
        // `b/` is skipped by `.ignore`, whatever `.gitignore` whitelists; `.`-names are hidden.
        let mut expected = vec![
            "a/keep.bak",
            "a/package.yaml",
            "c/deeper/local/package.yaml",
            "c/old.bak",
        ];
        if cfg!(unix) {
            expected.push("linked.dpm.yaml");
        }
        assert_eq!(names, expected);
    }

    #[test]
    fn a_git_file_leads_to_the_exclude_file_of_the_repository_it_names() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        // A submodule: its `.git` file names a folder relative to it; a linked work tree's names
        // one with a `commondir`.
        write(root, "sub/.git", "gitdir: ../.git/modules/sub\n");
        write(root, ".git/modules/sub/info/exclude", "excluded/\n");
        write(root, "sub/excluded/package.yaml", "");
        write(root, "sub/kept/package.yaml", "");
        write(root, "tree/.git", "gitdir: ../.git/worktrees/tree\nsecond line\n");
        write(root, ".git/worktrees/tree/commondir", "../..\n");
        write(root, ".git/info/exclude", "old/\n");
        write(root, "tree/old/package.yaml", "");
        write(root, "tree/new/package.yaml", "");
        let found = definitions(root, &|_, _, _| None);
        let found = relative(root, found.iter().map(|f| &f.path));
        assert_eq!(found, ["sub/kept/package.yaml", "tree/new/package.yaml"]);
    }

    #[test]
    fn listings_are_kept_as_deep_as_the_package_budget_goes_and_the_index_lists_the_rest() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "pkg/package.yaml", "");
        let deep: String = (0..MAX_KEPT_DEPTH + 3).map(|i| format!("d{i}/")).collect();
        write(root, &format!("pkg/{deep}deep.exe"), "MZ");
        let found = definitions(root, &|_, _, _| None);
        let mut listing = Arc::clone(found[0].folder.as_ref().unwrap());
        let mut kept_depth = 0;
        loop {
            let Some(inner) = listing.entries().find_map(|(_, _, l)| l.cloned()) else {
                break;
            };
            listing = inner;
            kept_depth += 1;
        }
        assert_eq!(
            kept_depth, MAX_KEPT_DEPTH,
            "64 levels of folders under the package folder"
        );
        let files = crate::evidence::package_files(&root.join("pkg"), found[0].folder.as_ref());
        assert!(
            files.by_name.contains_key("deep.exe"),
            "the folders past the budget are listed by the index"
        );
        assert_eq!(files.size(&|_| None), 2);
    }

    #[cfg(unix)]
    #[test]
    fn an_ignore_file_that_is_a_fifo_is_passed_over_not_waited_on() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, "pkg/package.yaml", "");
        for name in [".gitignore", ".ignore", "pkg/.gitignore", ".git"] {
            let made = std::process::Command::new("mkfifo")
                .arg(root.join(name))
                .status()
                .unwrap();
            assert!(made.success(), "{name}");
        }
        let found = definitions(root, &|_, _, _| None);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn a_package_folder_is_kept_whole_with_what_the_walk_skips() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, ".gitignore", "*.exe\n");
        write(root, "pkg/package.yaml", "format: 1\n");
        write(root, "pkg/setup.exe", "MZ");
        write(root, "pkg/.hidden/notes.txt", "x");
        write(root, "pkg/payload/agent.exe", "MZMZ");
        write(root, "pkg/payload/readme.txt", "abc");
        write(root, "other/readme.txt", "not a package");
        let found = definitions(root, &|dir, siblings, files| {
            assert_eq!(siblings.may_have("setup.exe"), dir == root.join("pkg"));
            assert!(!siblings.may_have("dpmlint.toml"));
            assert_eq!(
                siblings.may_have("SETUP.EXE"),
                dir == root.join("pkg"),
                "names compared ignoring case"
            );
            assert!(files.iter().all(|(p, _)| p.parent() == Some(dir)));
            files.retain(|(p, _)| p.ends_with("package.yaml"));
            Some(7)
        });
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].tag,
            Some(7),
            "what accept said of the folder comes back with its files"
        );
        assert_eq!(
            (&found[0].path, found[0].regular),
            (&root.join("pkg/package.yaml"), true)
        );
        let pkg = found[0].folder.as_ref().expect("the package folder's listing");
        let mut entries: Vec<(&str, Kind, bool)> = pkg.entries().map(|(n, k, l)| (n, k, l.is_some())).collect();
        entries.sort_by_key(|e| e.0);
        // The walk entered `payload` (its listing goes with the package's), not `.hidden`.
        assert_eq!(
            entries,
            [
                (".hidden", Kind::Dir, false),
                ("package.yaml", Kind::File, false),
                ("payload", Kind::Dir, true),
                ("setup.exe", Kind::File, false),
            ]
        );
        let payload = pkg
            .entries()
            .find_map(|(n, _, l)| (n == "payload").then_some(l))
            .flatten()
            .unwrap();
        assert_eq!(payload.entries().count(), 2);
        // The package index holds every file, those the walk skipped among them, and sums their
        // sizes (each size taken from the disk unless the check already knows it).
        let files = crate::evidence::package_files(&root.join("pkg"), found[0].folder.as_ref());
        assert_eq!(files.size(&|_| None), 10 + 2 + 1 + 4 + 3);
        let mut names: Vec<&String> = files.by_name.keys().collect();
        names.sort();
        assert_eq!(
            names,
            ["agent.exe", "notes.txt", "package.yaml", "readme.txt", "setup.exe"]
        );
    }
}
