//! File names as the system compares them. On Windows, `Pkg\package.yaml` and `pkg\PACKAGE.yaml`
//! are one file: dpmlint lints it once, shows it as it is spelled on disk, and keys the baseline
//! by that spelling, whatever case the path was typed in. Elsewhere names are compared exactly.
//!
//! Names are shown relative to the current folder, with `/` as the separator on every system
//! (`docs/cli.md`), so reports made on Windows and on Linux agree byte for byte.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// Whether this system ignores the case of file names (Windows).
pub const CASE_INSENSITIVE: bool = cfg!(windows);

/// The current folder, as spelled on disk, without a `\\?\` prefix (computed once per run).
pub fn current_dir() -> &'static Path {
    static CWD: OnceLock<PathBuf> = OnceLock::new();
    CWD.get_or_init(|| {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let cwd = dunce::simplified(&cwd).to_path_buf();
        on_disk_case(&cwd, &cwd)
    })
}

fn fold(s: &std::ffi::OsStr, insensitive: bool) -> Cow<'_, str> {
    let s = s.to_string_lossy();
    if insensitive { Cow::Owned(s.to_lowercase()) } else { s }
}

/// The identity of a file named on the command line, for "the same file named twice": absolute,
/// without `.` components or a `\\?\` prefix, and case-folded where the system ignores case
/// (elsewhere the exact name: two names that are not UTF-8 are two files).
pub fn key(path: &Path, cwd: &Path) -> std::ffi::OsString {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let abs = dunce::simplified(&abs);
    let mut out = PathBuf::new();
    for c in abs.components() {
        if c != Component::CurDir {
            out.push(c);
        }
    }
    if CASE_INSENSITIVE {
        fold(out.as_os_str(), true).into_owned().into()
    } else {
        out.into_os_string()
    }
}

/// `path` without the leading `base`, comparing components as the system compares names
/// (case-insensitively on Windows, where `C:` and `c:` are one drive too).
pub fn strip_prefix<'a>(path: &'a Path, base: &Path) -> Option<&'a Path> {
    strip_prefix_with(path, base, CASE_INSENSITIVE)
}

fn strip_prefix_with<'a>(path: &'a Path, base: &Path, insensitive: bool) -> Option<&'a Path> {
    let mut rest = path.components();
    for b in base.components() {
        let p = rest.next()?;
        if fold(p.as_os_str(), insensitive) != fold(b.as_os_str(), insensitive) {
            return None;
        }
    }
    Some(rest.as_path())
}

/// `path` with each component spelled as it is on disk (on Windows: `pkg\PACKAGE.yaml` →
/// `Pkg\package.yaml`, `c:\` → `C:\`). A relative path stays relative (resolved against `cwd`);
/// a component that is not there, or whose folder cannot be listed, is kept as typed. Links are not
/// followed. On systems that compare names exactly, `path` is returned as it is.
pub fn on_disk_case(path: &Path, cwd: &Path) -> PathBuf {
    if CASE_INSENSITIVE {
        respell(path, cwd)
    } else {
        path.to_path_buf()
    }
}

fn respell(path: &Path, cwd: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    // The folder the next component is looked up in.
    let mut dir = cwd.to_path_buf();
    for c in path.components() {
        match c {
            Component::Prefix(p) => {
                let s = p.as_os_str().to_string_lossy();
                // The drive letter in upper case, as Windows shows it.
                let s = match s.as_bytes() {
                    [d, b':'] => format!("{}:", char::from(d.to_ascii_uppercase())),
                    _ => s.into_owned(),
                };
                out.push(&s);
                dir = PathBuf::from(&s);
            }
            Component::RootDir => {
                out.push(c);
                dir.push(c);
            }
            Component::CurDir => out.push(c),
            Component::ParentDir => {
                out.push(c);
                dir.push(c);
            }
            Component::Normal(name) => {
                let spelled = spelled_in(&dir, name).unwrap_or_else(|| name.to_os_string());
                out.push(&spelled);
                dir.push(&spelled);
            }
        }
    }
    out
}

/// The name in `dir` that is `name` but for case: the exact name when it is there, else the first
/// case-insensitive match in listing order.
fn spelled_in(dir: &Path, name: &std::ffi::OsStr) -> Option<std::ffi::OsString> {
    let wanted = name.to_string_lossy().to_lowercase();
    let mut found = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let n = entry.file_name();
        if n == name {
            return Some(n);
        }
        if found.is_none() && n.to_string_lossy().to_lowercase() == wanted {
            found = Some(n);
        }
    }
    found
}

/// A Windows path rooted on the current drive (`\work\p`) made absolute (`Z:\work\p`); any other
/// path as it is.
fn drive_absolute(path: &Path) -> Cow<'_, Path> {
    if !path.is_absolute() && path.has_root() {
        std::path::absolute(path).map_or(Cow::Borrowed(path), Cow::Owned)
    } else {
        Cow::Borrowed(path)
    }
}

/// A path named on the command line or in a config, as every report shows it: spelled as on disk,
/// relative to the current folder when under it, with `/`.
pub fn shown(path: &Path) -> String {
    let cwd = current_dir();
    display_name(&on_disk_case(path, cwd), cwd)
}

/// The name to show for a path: relative to `cwd` when under it, `./` dropped, `/` as separator.
pub fn display_name(path: &Path, cwd: &Path) -> String {
    let path = drive_absolute(dunce::simplified(path));
    let path = path.as_ref();
    let shown = if path.is_absolute() {
        strip_prefix(path, &drive_absolute(dunce::simplified(cwd))).unwrap_or(path)
    } else {
        path.strip_prefix("./").unwrap_or(path)
    };
    let s = shown.to_string_lossy().replace('\\', "/");
    match s.strip_prefix("./") {
        Some(rest) => rest.to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_one_file_however_it_is_spelled_and_only_it() {
        let cwd = Path::new(if cfg!(windows) { "C:\\w" } else { "/w" });
        assert_eq!(
            key(Path::new("./a/./package.yaml"), cwd),
            key(&cwd.join("a/package.yaml"), cwd)
        );
        assert_ne!(
            key(Path::new("a/package.yaml"), cwd),
            key(Path::new("b/package.yaml"), cwd)
        );
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let name = |b: &[u8]| Path::new(std::ffi::OsStr::from_bytes(b)).join("package.yaml");
            assert_ne!(
                key(&name(b"\xff"), cwd),
                key(&name(b"\xfe"), cwd),
                "two names that are not UTF-8 are two files"
            );
        }
        #[cfg(windows)]
        assert_eq!(
            key(Path::new("Pkg\\PACKAGE.YAML"), cwd),
            key(Path::new("pkg\\package.yaml"), cwd)
        );
    }

    #[test]
    fn strip_prefix_compares_as_the_system_does() {
        let p = Path::new("/w/Pkg/a/package.yaml");
        assert_eq!(
            strip_prefix_with(p, Path::new("/w/Pkg"), false),
            Some(Path::new("a/package.yaml"))
        );
        assert_eq!(strip_prefix_with(p, Path::new("/w/pkg"), false), None);
        assert_eq!(
            strip_prefix_with(p, Path::new("/W/pkg"), true),
            Some(Path::new("a/package.yaml"))
        );
        assert_eq!(strip_prefix_with(p, Path::new("/w/Pk"), true), None);
    }

    #[test]
    fn respelling_takes_the_names_on_disk() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path();
        std::fs::create_dir_all(base.join("Pkg/Sub")).unwrap();
        std::fs::write(base.join("Pkg/Sub/package.yaml"), "").unwrap();
        assert_eq!(
            respell(Path::new("pkg/SUB/PACKAGE.yaml"), base),
            Path::new("Pkg/Sub/package.yaml")
        );
        assert_eq!(respell(Path::new("./pkg/sub"), base), Path::new("./Pkg/Sub"));
        // Not there: kept as typed.
        assert_eq!(respell(Path::new("pkg/nope/x"), base), Path::new("Pkg/nope/x"));
        let abs = base.join("PKG").join("sub");
        assert_eq!(respell(&abs, Path::new("/elsewhere")), base.join("Pkg").join("Sub"));
    }

    #[test]
    fn keys_ignore_dots_and_the_way_a_path_was_typed() {
        let cwd = if cfg!(windows) {
            Path::new(r"C:\w")
        } else {
            Path::new("/w")
        };
        assert_eq!(
            key(Path::new("./a/package.yaml"), cwd),
            key(Path::new("a/package.yaml"), cwd)
        );
        assert_eq!(
            key(Path::new("a/package.yaml"), cwd),
            key(&cwd.join("a/package.yaml"), cwd)
        );
        assert_eq!(
            key(Path::new("A/package.yaml"), cwd) == key(Path::new("a/package.yaml"), cwd),
            CASE_INSENSITIVE
        );
    }

    #[test]
    fn display_names_are_relative_with_slashes() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            display_name(&cwd.join("a").join("package.yaml"), &cwd),
            "a/package.yaml"
        );
        assert_eq!(display_name(Path::new("./a/package.yaml"), &cwd), "a/package.yaml");
        assert_eq!(display_name(Path::new("a/package.yaml"), &cwd), "a/package.yaml");
        let elsewhere = cwd.parent().unwrap_or(&cwd).join("x-elsewhere").join("package.yaml");
        let shown = display_name(&elsewhere, &cwd.join("sub-of-cwd"));
        assert!(
            !shown.contains('\\') && shown.ends_with("x-elsewhere/package.yaml"),
            "{shown}"
        );
    }

    #[cfg(windows)]
    #[test]
    fn windows_names_typed_in_another_case_are_shown_relative() {
        assert_eq!(
            display_name(Path::new(r"z:\WORK\p\a\package.yaml"), Path::new(r"Z:\work\p")),
            "a/package.yaml"
        );
        assert_eq!(
            display_name(Path::new(r"\\?\Z:\work\p\a\package.yaml"), Path::new(r"Z:\work\p")),
            "a/package.yaml"
        );
        assert_eq!(
            display_name(Path::new(r"a\b\package.yaml"), Path::new(r"Z:\work\p")),
            "a/b/package.yaml"
        );
        let cwd = current_dir();
        let drive = &cwd.to_str().unwrap()[..2];
        assert_eq!(
            display_name(
                Path::new(r"\work\p\a\package.yaml"),
                Path::new(&format!(r"{drive}\work\p"))
            ),
            "a/package.yaml",
            "a path rooted on the current drive"
        );
        assert_eq!(
            display_name(Path::new(r"\\server\share\p\package.yaml"), Path::new(r"Z:\work\p")),
            "//server/share/p/package.yaml"
        );
    }
}
