//! Which files carry a version resource, judged by extension (domain: update-naming.md §6).
//! Evidence from the file itself, when a copy can be read, wins over this (see `rules::context`).

/// What the extension says of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByExtension {
    /// A PE image kind that normally has a version resource (`.exe`, `.dll`, `.sys`, …).
    Versioned,
    /// A text file: never a version resource.
    Text,
    /// A binary that is not a PE image (`.cab`, `.msi`, `.ttf`, …): never a version resource.
    NotPe,
    /// Unknown extension: no evidence.
    Unknown,
}

impl ByExtension {
    /// True for the kinds that never carry a version resource.
    pub fn is_unversioned(self) -> bool {
        matches!(self, ByExtension::Text | ByExtension::NotPe)
    }
}

const VERSIONED: &[&str] = &[
    "exe", "dll", "sys", "ocx", "cpl", "drv", "mui", "scr", "ax", "acm", "ime", "tsp", "rll", "efi", "fon", "com",
];
const TEXT: &[&str] = &[
    "txt", "ini", "inf", "xml", "htm", "html", "xsl", "css", "js", "vbs", "wsf", "bat", "cmd", "ps1", "reg", "log",
    "csv", "sql", "sif", "hta", "asp", "config", "cfg", "manifest", "mum", "mof", "mfl", "adm", "admx", "adml", "rtf",
    "url",
];
const NOT_PE: &[&str] = &[
    "cat", "cab", "msi", "msp", "msu", "chm", "hlp", "ttf", "otf", "nls", "pnf", "tlb", "sdb", "dat", "bmp", "ico",
    "gif", "jpg", "png", "wav",
];

/// The extension of a Windows or POSIX path's file name, lower-cased.
pub fn extension(path: &str) -> Option<String> {
    let name = path.rsplit(['\\', '/']).next().unwrap_or(path);
    let (_, ext) = name.rsplit_once('.')?;
    (!ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// Judge a file by its extension.
pub fn by_extension(path: &str) -> ByExtension {
    match extension(path) {
        Some(e) if VERSIONED.contains(&e.as_str()) => ByExtension::Versioned,
        Some(e) if TEXT.contains(&e.as_str()) => ByExtension::Text,
        Some(e) if NOT_PE.contains(&e.as_str()) => ByExtension::NotPe,
        _ => ByExtension::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(
            by_extension("%SystemRoot%\\system32\\netapi32.DLL"),
            ByExtension::Versioned
        );
        assert_eq!(by_extension("C:\\Program Files\\ACME\\agent.ini"), ByExtension::Text);
        assert_eq!(
            by_extension("%SystemRoot%\\Fonts\\msgothic.ttc.ttf"),
            ByExtension::NotPe
        );
        assert_eq!(
            by_extension("%SystemRoot%\\system32\\drivers\\etc\\hosts"),
            ByExtension::Unknown
        );
        assert!(ByExtension::Text.is_unversioned());
    }
}
