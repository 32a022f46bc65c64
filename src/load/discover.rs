//! Finding definitions: files given by name, folders walked honouring `.gitignore` ([`super::walk`]),
//! `-` for stdin.

use crate::linter::Input;
use crate::platform::paths;
use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};

/// True for the names a definition may have: `package.yaml`, `package.yml`, `*.dpm.yaml`, `*.dpm.yml`
/// (case-insensitive).
pub fn is_definition_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "package.yaml" || n == "package.yml" || n.ends_with(".dpm.yaml") || n.ends_with(".dpm.yml")
}

/// A PATH given on the command line that does not exist.
#[derive(Debug)]
pub struct Missing(pub PathBuf);

/// The name to show for a path: relative to the current folder when under it, with `/` as the
/// separator on every system (see [`crate::platform::paths`]).
pub fn display_name(path: &Path, cwd: &Path) -> String {
    paths::display_name(path, cwd)
}

/// Expand the command line's PATHs into inputs, sorted by name within each folder walk: in folders,
/// the files with a definition's default name ([`is_definition_name`]). On Windows a path typed in
/// another case than it has on disk is shown and keyed as spelled on disk, and names one
/// definition however it was typed.
pub fn inputs(paths: &[PathBuf], stdin_name: Option<&str>, cwd: &Path) -> Result<Vec<Input>, Missing> {
    let default = |_: &Path, _: &super::walk::Siblings, files: &mut Vec<(PathBuf, bool)>| {
        files.retain(|(path, _)| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_definition_name)
        });
        None
    };
    inputs_with(paths, stdin_name, cwd, &default)
}

/// As [`inputs`], with `accept` deciding which files found in folders are definitions (see
/// [`super::walk::Accept`]). Files named on the command line are always taken.
pub fn inputs_with(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
    cwd: &Path,
    accept: &super::walk::Accept,
) -> Result<Vec<Input>, Missing> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let mut buf = Vec::new();
            let limit = crate::linter::MAX_DEFINITION_SIZE + 1;
            let _ = std::io::stdin().take(limit).read_to_end(&mut buf);
            let path = stdin_name.map(|n| cwd.join(paths::on_disk_case(Path::new(n), cwd)));
            let name = match &path {
                Some(p) => display_name(p, cwd),
                None => "<stdin>".to_string(),
            };
            out.push(Input {
                name,
                path,
                content: Some(buf),
                listed: false,
                folder: Default::default(),
                tag: None,
            });
            continue;
        }
        let meta = std::fs::metadata(p).map_err(|_| Missing(p.clone()))?;
        let p = &paths::on_disk_case(p, cwd);
        if !meta.is_dir() {
            out.push(Input {
                name: display_name(p, cwd),
                path: Some(p.clone()),
                content: None,
                listed: false,
                folder: Default::default(),
                tag: None,
            });
            continue;
        }
        // On the thread pool, in order: a walk may find a hundred thousand definitions.
        let mut found = super::walk::definitions(p, accept);
        found.par_sort_unstable_by(|a, b| walk_order(&a.path, &b.path));
        out.par_extend(found.into_par_iter().map(|f| Input {
            name: display_name(&f.path, cwd),
            path: Some(f.path),
            content: None,
            listed: f.regular,
            folder: super::walk::Handover::new(f.folder),
            tag: f.tag,
        }));
    }
    // The same file named twice (e.g. a folder and a file in it) is linted once.
    // On Windows `Pkg\package.yaml` and `pkg\PACKAGE.YAML` are one file too. (One PATH names
    // each file once where names keep their case: a walk lists each file once. One definition
    // alone is checked without starting the thread pool.)
    if out.len() > 1 && (paths.len() > 1 || paths::CASE_INSENSITIVE) {
        let keys: Vec<Option<std::ffi::OsString>> = out
            .par_iter()
            .map(|i| match (&i.content, &i.path) {
                (None, Some(p)) => Some(paths::key(p, cwd)),
                _ => None,
            })
            .collect();
        let mut seen = foldhash::HashSet::default();
        let mut keys = keys.into_iter();
        out.retain(|_| keys.next().flatten().is_none_or(|k| seen.insert(k)));
    }
    Ok(out)
}

/// The order of [`Path::cmp`] (name by name) for paths that one walk made, compared as text with
/// each separator before every other character: the same order, without parsing the paths.
fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let key = |&c: &u8| if std::path::is_separator(char::from(c)) { 0 } else { c };
    let (a, b) = (a.as_os_str().as_encoded_bytes(), b.as_os_str().as_encoded_bytes());
    a.iter().map(key).cmp(b.iter().map(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walk_order_is_the_order_of_paths() {
        let mut paths: Vec<PathBuf> = [
            "./a/b",
            "./a-b",
            "./a/b/c",
            "./ab",
            "./a",
            "./a.b/c",
            "./a/b-c",
            "./a/b/c-d",
            "./a/b/c/d",
            "./A/b",
            "./é/x",
            "./e/x",
            "./a b/c",
            "./a/ b",
            "./z",
            "./a/b.yaml",
            "./a/b/package.yaml",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        #[cfg(windows)]
        paths.extend(["./a\\b\\c", "./a\\b-c", ".\\a-b"].map(PathBuf::from));
        for a in &paths {
            for b in &paths {
                assert_eq!(walk_order(a, b), a.cmp(b), "{a:?} against {b:?}");
            }
        }
        paths.sort_by(|a, b| walk_order(a, b));
        assert!(paths.is_sorted());
    }

    #[test]
    fn names() {
        assert!(is_definition_name("package.yaml"));
        assert!(is_definition_name("Package.YML"));
        assert!(is_definition_name("ms08-067.dpm.yaml"));
        assert!(!is_definition_name("dpmlint.toml"));
        assert!(!is_definition_name("package.yaml.bak"));
    }
}
