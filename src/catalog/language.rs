//! Languages: codes, LANGIDs, code pages and Microsoft's update file-name suffixes.

use foldhash::{HashMap, HashMapExt};
use std::fmt;
use std::sync::OnceLock;

use super::{fields, opt};

const DATA: &str = include_str!("data/languages.tsv");

/// The suffix Microsoft uses for multi-language NT5 update packages (`…-INTL.exe`). It names no
/// single language, so [`language_by_suffix`] does not know it.
pub const MULTI_LANGUAGE_SUFFIX: &str = "INTL";

/// Where a language entry comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LanguageBasis {
    /// A full entry of `domain/languages.yaml`.
    Listed,
    /// Named only in that file's comment (suffix, LANGID, code page), as seen in Microsoft's table;
    /// the tag and names were added by the generator.
    Comment,
    /// Named only in that file's comment as background knowledge (unverified).
    CommentUnverified,
}

/// A language of the catalog.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Language {
    /// Canonical code: the primary subtag when unambiguous (`ja`, `en`, `ko`, `de`), else the
    /// whole tag (`zh-CN`, `zh-TW`, `zh-HK`, `pt-BR`, `pt-PT`).
    pub code: &'static str,
    /// BCP-47 tag (culture name): `ja-JP`.
    pub tag: &'static str,
    /// English name: `Japanese`.
    pub name_en: &'static str,
    /// Japanese label as Image Builder shows it: `日本語`.
    pub name_ja: &'static str,
    /// Windows LANGID: `0x0411`.
    pub langid: u16,
    /// Further LANGIDs accepted for the language (Spanish: `0x040A`, traditional sort).
    pub alt_langids: Vec<u16>,
    /// Default ANSI code page: `932`.
    pub codepage: u16,
    /// Microsoft's 3-letter update file-name suffix: `JPN`.
    pub ms_suffix: &'static str,
    /// Whether DPM's auto-update supports the language (Japanese only).
    pub dpm_auto_update: bool,
    /// Where the entry comes from.
    pub basis: LanguageBasis,
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

struct LanguageCatalog {
    languages: Vec<Language>,
    /// Exact spellings (code, tag, suffix, names) → index.
    exact: HashMap<&'static str, usize>,
    /// Folded spellings (see `fold`) → index; ambiguous derived names left out.
    folded: HashMap<String, usize>,
    by_suffix: HashMap<[u8; 3], usize>,
    by_langid: HashMap<u16, usize>,
}

fn catalog() -> &'static LanguageCatalog {
    static CATALOG: OnceLock<LanguageCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        parse(DATA).unwrap_or_else(|e| panic!("embedded language catalog (src/catalog/data/languages.tsv): {e}"))
    })
}

/// Lower case, `_` as `-`, runs of white space as one space.
fn fold(s: &str) -> String {
    s.to_lowercase()
        .replace('_', "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn suffix_key(s: &str) -> Option<[u8; 3]> {
    let b: [u8; 3] = s.as_bytes().try_into().ok()?;
    Some(b.map(|c| c.to_ascii_uppercase()))
}

fn parse(data: &'static str) -> Result<LanguageCatalog, String> {
    let mut languages = Vec::new();
    for line in super::data_lines(data) {
        let [code, tag, langid, alts, codepage, suffix, auto, basis, name_en, name_ja] =
            fields::<10>(line, "languages.tsv")?;
        let hex = |s: &str| u16::from_str_radix(s, 16).map_err(|_| format!("{code}: bad LANGID {s}"));
        let alt_langids = match opt(alts) {
            Some(a) => a.split(',').map(hex).collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        languages.push(Language {
            code,
            tag,
            name_en,
            name_ja,
            langid: hex(langid)?,
            alt_langids,
            codepage: codepage
                .parse()
                .map_err(|_| format!("{code}: bad code page {codepage}"))?,
            ms_suffix: suffix,
            dpm_auto_update: match auto {
                "yes" => true,
                "no" => false,
                v => return Err(format!("{code}: {v:?} is not yes/no")),
            },
            basis: match basis {
                "listed" => LanguageBasis::Listed,
                "comment-S1" => LanguageBasis::Comment,
                "comment-K" => LanguageBasis::CommentUnverified,
                v => return Err(format!("{code}: unknown basis {v}")),
            },
        });
    }

    let mut exact = HashMap::new();
    let mut folded = HashMap::new();
    let mut by_suffix = HashMap::new();
    let mut by_langid = HashMap::new();
    for (i, l) in languages.iter().enumerate() {
        for name in [l.code, l.tag, l.ms_suffix, l.name_en, l.name_ja] {
            if exact.insert(name, i).is_some_and(|j| j != i) {
                return Err(format!("{name:?} names two languages"));
            }
            if folded.insert(fold(name), i).is_some_and(|j| j != i) {
                return Err(format!("{name:?} folds like another language's name"));
            }
        }
        let key = suffix_key(l.ms_suffix).ok_or_else(|| format!("{}: suffix is not 3 letters", l.code))?;
        if by_suffix.insert(key, i).is_some() {
            return Err(format!("suffix {} twice", l.ms_suffix));
        }
        for id in std::iter::once(l.langid).chain(l.alt_langids.iter().copied()) {
            if by_langid.insert(id, i).is_some() {
                return Err(format!("LANGID {id:04X} twice"));
            }
        }
    }
    // The English name without its parenthetical (`English`, `Spanish`), where only one language
    // has it (`Chinese` and `Portuguese` stay out).
    let mut short: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, l) in languages.iter().enumerate() {
        if let Some((head, _)) = l.name_en.split_once(" (") {
            short.entry(fold(head)).or_default().push(i);
        }
    }
    for (name, owners) in short {
        if let [i] = owners[..] {
            folded.entry(name).or_insert(i);
        }
    }
    Ok(LanguageCatalog {
        languages,
        exact,
        folded,
        by_suffix,
        by_langid,
    })
}

/// Every language of the catalog.
pub fn languages() -> &'static [Language] {
    &catalog().languages
}

/// Find a language by canonical code (`ja`, `zh-CN`), BCP-47 tag (`ja-JP`, also `ja_JP`), English
/// name (`Japanese`; `English` for `English (United States)`), Japanese label (`日本語`) or
/// Microsoft suffix (`JPN`), ignoring case.
pub fn find_language(input: &str) -> Option<&'static Language> {
    let c = catalog();
    let i = match c.exact.get(input) {
        Some(&i) => i,
        None => *c.folded.get(&fold(input))?,
    };
    Some(&c.languages[i])
}

/// The language with canonical code `code` (ASCII case ignored).
pub fn language_by_code(code: &str) -> Option<&'static Language> {
    languages().iter().find(|l| l.code.eq_ignore_ascii_case(code))
}

/// The language of Microsoft's 3-letter file-name suffix (`JPN`, any case). `INTL` (multi-language)
/// is no single language: see [`MULTI_LANGUAGE_SUFFIX`].
pub fn language_by_suffix(suffix: &str) -> Option<&'static Language> {
    let c = catalog();
    c.by_suffix.get(&suffix_key(suffix)?).map(|&i| &c.languages[i])
}

/// The language of a Windows LANGID (`0x0411` → Japanese; `0x040A` → Spanish).
pub fn language_by_langid(langid: u16) -> Option<&'static Language> {
    let c = catalog();
    c.by_langid.get(&langid).map(|&i| &c.languages[i])
}

/// "Did you mean": the canonical code of the language closest to `input`, when one is close enough.
/// Short inputs (up to 3 characters) are only read as a country code where a language code was
/// meant (`jp` → `ja`, `cn` → `zh-CN`) or as a one-letter typo in a single language's suffix
/// (`JPM` → `ja`); longer ones must be similar to a name, label or tag (`Japanse` → `ja`).
/// `None` for input [`find_language`] already finds.
pub fn suggest_language(input: &str) -> Option<&'static str> {
    let c = catalog();
    let input = fold(input);
    if input.is_empty() || c.folded.contains_key(&input) {
        return None;
    }
    if input.chars().count() <= 3 {
        // A country code where a language code was meant: `jp` → `ja` (ja-JP), `cn` → `zh-CN`.
        let mut by_region = c.languages.iter().filter(|l| {
            l.tag
                .split_once('-')
                .is_some_and(|(_, region)| region.eq_ignore_ascii_case(&input))
        });
        if let (Some(l), None) = (by_region.next(), by_region.next()) {
            return Some(l.code);
        }
        // A typo in a 3-letter suffix: `JPM` → `JPN` (but `CHN` is ambiguous).
        let mut near = c
            .languages
            .iter()
            .filter(|l| strsim::damerau_levenshtein(&input, &fold(l.ms_suffix)) == 1);
        return match (input.len(), near.next(), near.next()) {
            (3, Some(l), None) => Some(l.code),
            _ => None,
        };
    }
    let mut best: Option<(f64, usize)> = None;
    for (alias, &i) in &c.folded {
        let Some(score) = crate::suggest::similarity(&input, alias, 0.7) else {
            continue;
        };
        // Ties resolve to the lower catalog index, so the answer does not depend on hash order.
        if best.is_none_or(|(s, j)| score > s || (score == s && i < j)) {
            best = Some((score, i));
        }
    }
    match best {
        Some((score, i)) if score >= 0.7 => Some(c.languages[i].code),
        _ => None,
    }
}

/// The languages DPM's auto-update supports by default: Japanese only (DPM FAQ 4.7). The
/// configuration can replace this set.
pub fn default_supported_languages() -> &'static [&'static Language] {
    static SUPPORTED: OnceLock<Vec<&'static Language>> = OnceLock::new();
    SUPPORTED.get_or_init(|| languages().iter().filter(|l| l.dpm_auto_update).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses() {
        assert_eq!(languages().len(), 28);
        let supported: Vec<&str> = default_supported_languages().iter().map(|l| l.code).collect();
        assert_eq!(supported, ["ja"]);
    }
}
