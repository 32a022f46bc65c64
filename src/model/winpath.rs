//! Windows paths as identification entries write them: a root (a drive such as `C:`, or one of the
//! environment variables dpmlint knows, such as `%SystemRoot%`) followed by `\`-separated
//! components.
//!
//! [`parse`] reads a path that is well formed; [`problems`] lists what is wrong with one that is
//! not (DPM407), with the byte range of the offending text inside the path. [`WinPath::key`]
//! expands the root to its folder on a default installation (`%windir%` ≡ `%SystemRoot%` ≡
//! `C:\Windows`, `%SystemDrive%` ≡ `C:`, `%ProgramFiles%` ≡ `C:\Program Files`, …) and folds the
//! case, so two spellings of one file compare equal (DPM408). [`Root::folders`] gives the same
//! expansion under a drive, which is how a reference root mirrors a target's system drive.

use std::ops::Range;

/// Where a path starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Root {
    /// A drive letter (upper case): `C:\…`.
    Drive(char),
    /// `%SystemRoot%` or `%windir%`: the Windows folder.
    SystemRoot,
    /// `%SystemDrive%`: the drive Windows is on.
    SystemDrive,
    /// `%ProgramFiles%`.
    ProgramFiles,
    /// `%ProgramFiles(x86)%` (64-bit Windows).
    ProgramFilesX86,
    /// `%CommonProgramFiles%`.
    CommonProgramFiles,
    /// `%CommonProgramFiles(x86)%` (64-bit Windows).
    CommonProgramFilesX86,
    /// `%ProgramData%` (Windows Vista and Server 2008 onwards).
    ProgramData,
}

/// The environment variables dpmlint knows as roots, spelled as Windows defines them. Matched
/// case-insensitively, as Windows does.
pub const VARIABLES: &[(&str, Root)] = &[
    ("SystemRoot", Root::SystemRoot),
    ("windir", Root::SystemRoot),
    ("SystemDrive", Root::SystemDrive),
    ("ProgramFiles", Root::ProgramFiles),
    ("ProgramFiles(x86)", Root::ProgramFilesX86),
    ("CommonProgramFiles", Root::CommonProgramFiles),
    ("CommonProgramFiles(x86)", Root::CommonProgramFilesX86),
    ("ProgramData", Root::ProgramData),
];

/// The Windows folder of a default installation: `Windows` (Windows XP, Server 2003 and later).
pub const WINDOWS_DIR: &str = "Windows";
/// The Windows folder of a default Windows 2000 (and NT 4.0) installation.
pub const WINNT_DIR: &str = "WINNT";

impl Root {
    /// The variable's name as Windows spells it (`SystemRoot`), or `None` for a drive.
    pub fn variable(self) -> Option<&'static str> {
        VARIABLES.iter().find(|(_, r)| *r == self).map(|(n, _)| *n)
    }

    /// The drive the root is on, on a default installation (`C` for every variable).
    pub fn drive(self) -> char {
        match self {
            Root::Drive(c) => c,
            _ => 'C',
        }
    }

    /// The folders under [`Root::drive`] that the root stands for on a default installation, with
    /// `windows_dir` as the Windows folder (see [`WINDOWS_DIR`], [`WINNT_DIR`]): empty for a drive
    /// and `%SystemDrive%`, `["Program Files", "Common Files"]` for `%CommonProgramFiles%`.
    pub fn folders(self, windows_dir: &str) -> Vec<&str> {
        match self {
            Root::Drive(_) | Root::SystemDrive => vec![],
            Root::SystemRoot => vec![windows_dir],
            Root::ProgramFiles => vec!["Program Files"],
            Root::ProgramFilesX86 => vec!["Program Files (x86)"],
            Root::CommonProgramFiles => vec!["Program Files", "Common Files"],
            Root::CommonProgramFilesX86 => vec!["Program Files (x86)", "Common Files"],
            Root::ProgramData => vec!["ProgramData"],
        }
    }
}

/// A well-formed Windows path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WinPath {
    /// Its root.
    pub root: Root,
    /// The components after the root, as written (never empty, never `.` or `..`).
    pub components: Vec<String>,
}

impl WinPath {
    /// The file name: the last component.
    pub fn file_name(&self) -> &str {
        self.components.last().map_or("", String::as_str)
    }

    /// The path with its root expanded as on a default installation (`windows_dir` as the
    /// Windows folder) and its case folded: `c:\windows\system32\netapi32.dll`. Two paths with
    /// the same key name the same file on such a computer.
    pub fn key(&self, windows_dir: &str) -> String {
        let mut out = format!("{}:", self.root.drive().to_ascii_lowercase());
        for part in self
            .root
            .folders(windows_dir)
            .into_iter()
            .chain(self.components.iter().map(String::as_str))
        {
            out.push('\\');
            out.push_str(&part.to_lowercase());
        }
        out
    }
}

/// What is wrong with a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Nothing at all.
    Empty,
    /// Neither a drive nor a variable: `system32\x.dll`, `\Windows\x.dll`, `C:x.dll`.
    NotRooted,
    /// A network or device path: `\\server\share\x.dll`, `\\?\C:\x.dll`.
    Network,
    /// A `%` with no closing `%`.
    UnclosedVariable,
    /// A variable dpmlint does not know, and the known one it is closest to.
    UnknownVariable {
        /// The name between the `%`s.
        name: String,
        /// The closest known variable, if close enough.
        suggestion: Option<&'static str>,
    },
    /// The root runs straight into a name: `%SystemRoot%system32`.
    MissingSeparator,
    /// The root alone: `C:\`, `%SystemRoot%`.
    NoFileName,
    /// `/` used as a separator (how many there are).
    ForwardSlash {
        /// How many `/`.
        count: usize,
    },
    /// `*` or `?` (the distinct ones, in order).
    Wildcard {
        /// The wildcards found.
        chars: Vec<char>,
    },
    /// A `..` component.
    ParentComponent,
    /// Characters Windows forbids in names: `< > " |`, control characters, `:` other than the
    /// drive's (the distinct ones, in order).
    ForbiddenChars {
        /// The characters found.
        chars: Vec<char>,
    },
    /// The path ends with a separator: it names a folder.
    TrailingSeparator,
    /// A name ends with `.` or a space, which Windows strips.
    TrailingDotOrSpace {
        /// The component.
        name: String,
    },
    /// A reserved device name (`CON`, `NUL`, `COM1`, …), with or without an extension.
    ReservedName {
        /// The component.
        name: String,
        /// The device it names (`NUL`).
        device: String,
    },
}

/// A problem and the bytes of the path it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    /// What is wrong.
    pub problem: Problem,
    /// Where, as a byte range of the path text (of its first occurrence).
    pub range: Range<usize>,
}

/// The file name of a path as written, well formed or not: what follows the last `\` or `/`.
pub fn file_name(path: &str) -> &str {
    path.rsplit(['\\', '/']).next().unwrap_or(path)
}

const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

fn is_sep(c: char) -> bool {
    c == '\\' || c == '/'
}

/// The root of `path` and where the components start, or the problem with the root.
fn root(path: &str) -> (Result<Root, PathError>, usize) {
    let err = |problem, range| Err(PathError { problem, range });
    let bytes = path.as_bytes();
    if path.starts_with("\\\\") || path.starts_with("//") {
        return (err(Problem::Network, 0..2), 2);
    }
    if let Some(rest) = path.strip_prefix('%') {
        let Some(close) = rest.find('%') else {
            return (err(Problem::UnclosedVariable, 0..path.len()), path.len());
        };
        let name = &rest[..close];
        let end = close + 2;
        let known = VARIABLES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
        let r = match known {
            Some((_, r)) => Ok(*r),
            None => {
                let suggestion = crate::model::closest(name, VARIABLES.iter().map(|(n, _)| (*n, *n)));
                err(
                    Problem::UnknownVariable {
                        name: name.to_string(),
                        suggestion,
                    },
                    0..end,
                )
            }
        };
        return (r, end);
    }
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        let drive = Root::Drive(char::from(bytes[0].to_ascii_uppercase()));
        return match path[2..].chars().next() {
            None => (err(Problem::NoFileName, 0..2), 2),
            Some(c) if is_sep(c) => (Ok(drive), 2),
            Some(_) => (err(Problem::NotRooted, 0..path.len()), 2),
        };
    }
    let range = if path.starts_with(is_sep) { 0..1 } else { 0..path.len() };
    (err(Problem::NotRooted, range), 0)
}

/// The byte ranges in `path` of its root (`C:`, `%SystemRoot%`) and of each of its components,
/// in the order of [`WinPath::components`], for a path [`parse`] reads. For rules that point at
/// one part of a well-formed path.
pub fn ranges(path: &str) -> (Range<usize>, Vec<Range<usize>>) {
    let (_, start) = root(path);
    let mut components = Vec::new();
    let mut offset = start;
    for part in path[start..].split(is_sep) {
        let at = offset;
        offset += part.len() + 1;
        if !(part.is_empty() || part == "." || part == "..") {
            components.push(at..at + part.len());
        }
    }
    (0..start, components)
}

/// Whether `name` is the name of the Windows folder of a default installation: `Windows` or
/// `WINNT`, in any case.
pub fn is_windows_dir(name: &str) -> bool {
    name.eq_ignore_ascii_case(WINDOWS_DIR) || name.eq_ignore_ascii_case(WINNT_DIR)
}

impl WinPath {
    /// Where the Windows folder is in the path, and the components under it: the root itself for
    /// `%SystemRoot%`/`%windir%` (`None`, all components), or the first component when it is
    /// `Windows`/`WINNT` under a drive or `%SystemDrive%` (`Some(0)`, the components after it).
    /// `None` for a path outside the Windows folder.
    pub fn under_windows(&self) -> Option<(Option<usize>, &[String])> {
        match self.root {
            Root::SystemRoot => Some((None, &self.components[..])),
            Root::Drive(_) | Root::SystemDrive if self.components.len() > 1 && is_windows_dir(&self.components[0]) => {
                Some((Some(0), &self.components[1..]))
            }
            _ => None,
        }
    }
}

/// Everything wrong with `path`, at most one problem of each kind (at its first occurrence), in
/// the order of the text. Empty for a well-formed path.
pub fn problems(path: &str) -> Vec<PathError> {
    analyse(path).1
}

/// Read a well-formed Windows path; the first problem otherwise.
pub fn parse(path: &str) -> Result<WinPath, PathError> {
    let (parsed, mut problems) = analyse(path);
    match parsed {
        Some(p) if problems.is_empty() => Ok(p),
        _ if problems.is_empty() => Err(PathError {
            problem: Problem::Empty,
            range: 0..path.len(),
        }),
        _ => Err(problems.remove(0)),
    }
}

fn analyse(path: &str) -> (Option<WinPath>, Vec<PathError>) {
    let mut out: Vec<PathError> = Vec::new();
    if path.is_empty() {
        out.push(PathError {
            problem: Problem::Empty,
            range: 0..0,
        });
        return (None, out);
    }
    let (root, start) = root(path);
    let root = match root {
        Ok(r) => Some(r),
        Err(e) => {
            // Past a network or device prefix, the rest is not a local path: nothing more to say.
            let stop = e.problem == Problem::Network;
            out.push(e);
            if stop {
                return (None, out);
            }
            None
        }
    };
    // The root must be followed by a separator (or nothing).
    if root.is_some()
        && let Some(c) = path[start..].chars().next()
        && !is_sep(c)
    {
        out.push(PathError {
            problem: Problem::MissingSeparator,
            range: start..start + c.len_utf8(),
        });
    }

    let mut slashes: Option<(Range<usize>, usize)> = None;
    let mut wildcards: Option<(Range<usize>, Vec<char>)> = None;
    let mut forbidden: Option<(Range<usize>, Vec<char>)> = None;
    let mut parent: Option<Range<usize>> = None;
    let mut trailing: Option<(Range<usize>, String)> = None;
    let mut reserved: Option<(Range<usize>, String, String)> = None;
    let mut components: Vec<String> = Vec::new();

    let rest = &path[start..];
    let mut offset = start;
    for part in rest.split(is_sep) {
        let at = offset;
        offset += part.len() + 1;
        if at > start {
            // The separator before this component.
            let sep = at - 1;
            if path[sep..].starts_with('/') {
                let s = slashes.get_or_insert((sep..sep + 1, 0));
                s.1 += 1;
            }
        }
        if part.is_empty() || part == "." {
            continue;
        }
        if part == ".." {
            parent.get_or_insert(at..at + 2);
            continue;
        }
        for (i, c) in part.char_indices() {
            let r = at + i..at + i + c.len_utf8();
            let slot = match c {
                '*' | '?' => &mut wildcards,
                '<' | '>' | '"' | '|' | ':' => &mut forbidden,
                c if c.is_control() && u32::from(c) < 0x20 => &mut forbidden,
                _ => continue,
            };
            let (_, chars) = slot.get_or_insert((r, Vec::new()));
            if !chars.contains(&c) {
                chars.push(c);
            }
        }
        let kept = part.trim_end_matches(['.', ' ']);
        if kept.len() < part.len() && trailing.is_none() {
            trailing = Some((at + kept.len()..at + part.len(), part.to_string()));
        }
        let stem = part.split('.').next().unwrap_or(part).trim_end_matches(' ');
        if reserved.is_none()
            && let Some(device) = RESERVED.iter().find(|d| d.eq_ignore_ascii_case(stem))
        {
            reserved = Some((at..at + part.len(), part.to_string(), (*device).to_string()));
        }
        components.push(part.to_string());
    }

    if let Some((range, count)) = slashes {
        out.push(PathError {
            problem: Problem::ForwardSlash { count },
            range,
        });
    }
    if let Some((range, chars)) = wildcards {
        out.push(PathError {
            problem: Problem::Wildcard { chars },
            range,
        });
    }
    if let Some(range) = parent {
        out.push(PathError {
            problem: Problem::ParentComponent,
            range,
        });
    }
    if let Some((range, chars)) = forbidden {
        out.push(PathError {
            problem: Problem::ForbiddenChars { chars },
            range,
        });
    }
    if let Some((range, name)) = trailing {
        out.push(PathError {
            problem: Problem::TrailingDotOrSpace { name },
            range,
        });
    }
    if let Some((range, name, device)) = reserved {
        out.push(PathError {
            problem: Problem::ReservedName { name, device },
            range,
        });
    }
    if root.is_some() {
        if components.is_empty() {
            out.push(PathError {
                problem: Problem::NoFileName,
                range: 0..path.len(),
            });
        } else if path.ends_with(is_sep) {
            out.push(PathError {
                problem: Problem::TrailingSeparator,
                range: path.len() - 1..path.len(),
            });
        }
    }
    out.sort_by_key(|e| (e.range.start, e.range.end));
    let parsed = root.map(|root| WinPath { root, components });
    (parsed, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(path: &str) -> Vec<(Problem, &str)> {
        problems(path)
            .into_iter()
            .map(|e| (e.problem, &path[e.range]))
            .collect()
    }

    #[test]
    fn parses_roots_case_insensitively() {
        let p = parse(r"%SYSTEMROOT%\system32\netapi32.dll").unwrap();
        assert_eq!(p.root, Root::SystemRoot);
        assert_eq!(p.components, vec!["system32", "netapi32.dll"]);
        assert_eq!(p.file_name(), "netapi32.dll");
        assert_eq!(parse(r"%windir%\a.dll").unwrap().root, Root::SystemRoot);
        assert_eq!(parse(r"c:\a.dll").unwrap().root, Root::Drive('C'));
        assert_eq!(
            parse(r"%ProgramFiles(x86)%\ACME\a.exe").unwrap().root,
            Root::ProgramFilesX86
        );
        assert_eq!(
            parse(r"%commonprogramfiles%\System\ado\msado15.dll").unwrap().root,
            Root::CommonProgramFiles
        );
    }

    #[test]
    fn keys_expand_the_root() {
        let key = |p: &str| parse(p).unwrap().key(WINDOWS_DIR);
        let k = key(r"C:\WINDOWS\System32\netapi32.dll");
        assert_eq!(k, r"c:\windows\system32\netapi32.dll");
        assert_eq!(key(r"%windir%\system32\NETAPI32.DLL"), k);
        assert_eq!(key(r"%SystemRoot%\system32\netapi32.dll"), k);
        assert_eq!(key(r"%SystemDrive%\Windows\system32\netapi32.dll"), k);
        assert_eq!(key(r"%SystemRoot%\.\system32\\netapi32.dll"), k);
        assert_eq!(
            key(r"%ProgramFiles%\Common Files\x.dll"),
            key(r"%CommonProgramFiles%\x.dll")
        );
        assert_eq!(key(r"C:\Program Files\a.exe"), key(r"%ProgramFiles%\a.exe"));
        assert_ne!(key(r"D:\Program Files\a.exe"), key(r"%ProgramFiles%\a.exe"));
        assert_eq!(
            parse(r"%SystemRoot%\x.dll").unwrap().key(WINNT_DIR),
            parse(r"C:\WINNT\x.dll").unwrap().key(WINNT_DIR)
        );
    }

    #[test]
    fn reports_each_problem_where_it_is() {
        assert_eq!(kinds(r"C:\Windows\system32\x.dll"), vec![]);
        assert_eq!(
            kinds(r"%SystemRot%\x.dll"),
            vec![(
                Problem::UnknownVariable {
                    name: "SystemRot".into(),
                    suggestion: Some("SystemRoot")
                },
                "%SystemRot%"
            )]
        );
        assert_eq!(
            kinds("C:/Windows/system32/x.dll"),
            vec![(Problem::ForwardSlash { count: 3 }, "/")]
        );
        assert_eq!(
            kinds(r"%SystemRoot%\system32\*.dll"),
            vec![(Problem::Wildcard { chars: vec!['*'] }, "*")]
        );
        assert_eq!(
            kinds(r"%SystemRoot%\system32\..\x.dll"),
            vec![(Problem::ParentComponent, "..")]
        );
        assert_eq!(
            kinds(r"C:\a<b>|c.txt"),
            vec![(
                Problem::ForbiddenChars {
                    chars: vec!['<', '>', '|']
                },
                "<"
            )]
        );
        assert_eq!(
            kinds(r"C:\a\b.txt:stream"),
            vec![(Problem::ForbiddenChars { chars: vec![':'] }, ":")]
        );
        assert_eq!(kinds("C:\\a\\b\tc.txt")[0].1, "\t");
        assert_eq!(kinds(r"C:\ACME\"), vec![(Problem::TrailingSeparator, "\\")]);
        assert_eq!(
            kinds(r"C:\ACME\agent.ini."),
            vec![(
                Problem::TrailingDotOrSpace {
                    name: "agent.ini.".into()
                },
                "."
            )]
        );
        assert_eq!(
            kinds(r"C:\ACME\nul.txt"),
            vec![(
                Problem::ReservedName {
                    name: "nul.txt".into(),
                    device: "NUL".into()
                },
                "nul.txt"
            )]
        );
        assert_eq!(kinds(r"C:\ACME\console.txt"), vec![]);
        assert_eq!(kinds(r"system32\x.dll")[0].0, Problem::NotRooted);
        assert_eq!(kinds(r"\Windows\x.dll"), vec![(Problem::NotRooted, "\\")]);
        assert_eq!(kinds(r"C:x.dll")[0].0, Problem::NotRooted);
        assert_eq!(kinds(r"\\server\share\x.dll"), vec![(Problem::Network, r"\\")]);
        assert_eq!(kinds(r"%SystemRoot\x.dll")[0].0, Problem::UnclosedVariable);
        assert_eq!(
            kinds(r"%SystemRoot%system32\x.dll"),
            vec![(Problem::MissingSeparator, "s")]
        );
        assert_eq!(kinds(r"C:\"), vec![(Problem::NoFileName, r"C:\")]);
        assert_eq!(kinds(r"%SystemRoot%"), vec![(Problem::NoFileName, "%SystemRoot%")]);
        assert_eq!(kinds(""), vec![(Problem::Empty, "")]);
        assert!(parse(r"C:/x.dll").is_err());
    }

    #[test]
    fn ranges_of_the_root_and_components() {
        let p = r"%SystemRoot%\.\system32\\netapi32.dll";
        let (root, parts) = ranges(p);
        assert_eq!(&p[root], "%SystemRoot%");
        let parts: Vec<&str> = parts.into_iter().map(|r| &p[r]).collect();
        assert_eq!(parts, parse(p).unwrap().components);
        let p = r"C:\WINNT\system32\x.dll";
        let (root, parts) = ranges(p);
        assert_eq!((&p[root], &p[parts[0].clone()]), ("C:", "WINNT"));
    }

    #[test]
    fn the_windows_folder_of_a_path() {
        let under = |p: &str| {
            let wp = parse(p).unwrap();
            wp.under_windows().map(|(at, rest)| (at, rest.join("\\")))
        };
        assert_eq!(
            under(r"%windir%\system32\x.dll"),
            Some((None, r"system32\x.dll".into()))
        );
        assert_eq!(
            under(r"c:\winnt\system32\x.dll"),
            Some((Some(0), r"system32\x.dll".into()))
        );
        assert_eq!(under(r"%SystemDrive%\WINDOWS\x.dll"), Some((Some(0), "x.dll".into())));
        assert_eq!(under(r"C:\Windows.old\x.dll"), None);
        assert_eq!(under(r"C:\WINDOWS"), None);
        assert_eq!(under(r"%ProgramFiles%\Windows\x.dll"), None);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for p in [
            "%",
            "%%",
            "%%\\",
            "C:",
            "\\",
            "/",
            "é:\\x",
            "C:\\é\u{1}",
            "%é%\\x",
            "..",
            "C:\\..\\..",
        ] {
            let _ = problems(p);
            let _ = parse(p);
        }
    }
}
