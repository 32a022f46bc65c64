//! The embedded catalogs: Windows editions, languages and Microsoft security bulletins.
//!
//! The data lives under `src/catalog/data/`, generated from `../shared` by `cargo run --example
//! gen-catalog -- ../shared` (see `tools/gen_catalog` and `docs/catalog.md`), so the binary needs
//! nothing at run time. The bulletin catalog is generated Rust (static tables, nothing decoded at
//! start); the editions and languages are small tab-separated files embedded with `include_str!`
//! and parsed once, on first use, into `&'static` values. Lookups are hash or binary-search
//! lookups.
//!
//! - [`os`]: Windows editions ([`OsEdition`]), their families and architectures, and the OS keys
//!   ([`OsKey`], e.g. `ws2003/x64`) that tie an edition to the bulletin data;
//! - [`language`]: languages ([`Language`]) with LANGID, code page and Microsoft's file-name suffix;
//! - [`bulletin`](mod@bulletin): security bulletins ([`Bulletin`]) with their date, KBs and affected OS keys.

pub mod bulletin;
pub mod language;
pub mod os;

pub use bulletin::{
    Bulletin, Date, KbEntry, ListedSp, SpLevels, bulletin, bulletins, bulletins_with_kb, catalog_covers_year,
    known_bulletin_ids, parse_bulletin_id,
};
pub use language::{
    Language, LanguageBasis, MULTI_LANGUAGE_SUFFIX, default_supported_languages, find_language, language_by_code,
    language_by_langid, language_by_suffix, languages, suggest_language,
};
pub use os::{
    Arch, OsEdition, OsFamily, OsKey, OsKeySet, ServicePack, ServicePackInstaller, UpdateFileKind, UpdateToken,
    default_supported_os, find_os, os_by_id, os_editions, os_suggestions, service_pack_installer, suggest_os,
};

/// Split `text` at every `separator` (an ASCII byte), as `str::split` does but byte by byte:
/// several times faster on the short fields of the embedded tables, decoded at every start.
fn split_byte(text: &'static str, separator: u8) -> impl Iterator<Item = &'static str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.bytes().position(|b| b == separator) {
            Some(at) => {
                // `at` is the index of an ASCII byte: both halves are on character boundaries.
                rest = current.get(at + 1..);
                current.get(..at)
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// The lines of an embedded table that hold data: no comments, no blank lines.
fn data_lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    split_byte(data, b'\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .filter(|line| !line.starts_with('#') && !line.is_empty())
}

/// Split one line of an embedded table into its tab-separated fields, checking the count.
fn fields<const N: usize>(line: &'static str, what: &str) -> Result<[&'static str; N], String> {
    // No allocation on the way: the catalogs are decoded at every start.
    let mut out = [""; N];
    let mut found = 0;
    for part in split_byte(line, b'\t') {
        if let Some(slot) = out.get_mut(found) {
            *slot = part;
        }
        found += 1;
    }
    if found != N {
        return Err(format!("{what}: expected {N} fields, found {found}: {line:?}"));
    }
    Ok(out)
}

/// `-` stands for "none" in the embedded tables.
fn opt(field: &'static str) -> Option<&'static str> {
    (field != "-").then_some(field)
}

/// Fold a name for lookup: lower case, commas and parentheses as spaces, runs of white space as
/// one space, no leading "microsoft", no word "edition". `Microsoft Windows Server 2003, Standard
/// x64 Edition` and `windows server 2003  standard x64` fold to the same text.
fn fold_name(name: &str) -> String {
    let lower = name.to_lowercase().replace([',', '(', ')'], " ");
    let mut out = String::with_capacity(lower.len());
    for (i, word) in lower.split_whitespace().enumerate() {
        if (i == 0 && word == "microsoft") || word == "edition" {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold_name;

    #[test]
    fn folding() {
        assert_eq!(
            fold_name("Microsoft Windows Server 2003, Standard x64 Edition"),
            "windows server 2003 standard x64"
        );
        assert_eq!(
            fold_name("  WINDOWS   server 2008 Standard (x64) "),
            "windows server 2008 standard x64"
        );
        assert_eq!(fold_name(""), "");
    }
}
