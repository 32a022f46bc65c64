//! The installer file name (`execute.file`), parsed once into typed tokens the rules share.
//!
//! Microsoft's update file names follow a few grammars (`domain/update-naming.md`):
//!
//! - NT5 (April 2003 on): `ProductName-KB<n>[-SP<k>]-<arch>-<LANG>.exe`, e.g.
//!   `WindowsServer2003-KB958644-x86-JPN.exe`, `WindowsServer2003.WindowsXP-KB914961-SP2-x64-JPN.exe`,
//!   `Windows2000-KB123456-ENU.exe` (no architecture);
//! - NT6+: `<WindowsVersion>-KB<n>-[v<n>-]<arch>.msu` (no language), e.g.
//!   `Windows6.1-KB2506143-v3-x64.msu`; service packs are `.exe` (`windows6.1-KB976932-X64.exe`);
//! - legacy: NT 4.0 hotfixes `Q123456i.exe` (`i` = x86), pre-2003 hotfixes
//!   `Q123456_W2K_SP4_X86_JA.exe` (the `SP4` there is the level the hotfix is built for), and the
//!   Windows 2000 service pack `W2KSP4_JA.EXE`.
//!
//! [`InstallerName::parse`] never guesses: a token it does not recognise leaves its field `None`
//! and is listed in [`InstallerName::unrecognised`]. Every recognised token carries its byte range
//! in the string given to `parse`, so a diagnostic can underline e.g. the `x64` inside the value.

use std::fmt;
use std::ops::Range;

use crate::catalog::{
    Arch, Language, MULTI_LANGUAGE_SUFFIX, OsEdition, OsFamily, OsKey, OsKeySet, language_by_code, language_by_suffix,
};

/// A recognised token: its value and its byte range in the string given to
/// [`InstallerName::parse`] (relative to that string, not to the definition file: add the offset of
/// the `execute.file` value's text to point into the file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameToken<T> {
    /// The value.
    pub value: T,
    /// Byte range of the token in the string given to [`InstallerName::parse`].
    pub span: Range<usize>,
}

/// The product-name token of an update file name: which Windows release it is built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProductToken {
    /// `Windows2000`.
    Windows2000,
    /// `WindowsXP` (x86 and Itanium builds of XP).
    WindowsXP,
    /// `WindowsXPTablet` (XP Tablet PC Edition).
    WindowsXPTablet,
    /// `WindowsServer2003` (x86 and Itanium builds of Server 2003).
    WindowsServer2003,
    /// `WindowsServer2003.WindowsXP`: x64 builds, shared by Server 2003 x64 and XP x64.
    WindowsServer2003WindowsXP,
    /// `Windows6.0`: Vista and Server 2008.
    Windows6_0,
    /// `Windows6.1`: Windows 7 and Server 2008 R2.
    Windows6_1,
    /// `Windows8-RT`: Windows 8, RT and Server 2012.
    Windows8Rt,
    /// `Windows8.1`: Windows 8.1, RT 8.1 and Server 2012 R2.
    Windows8_1,
    /// `Windows10.0`: Windows 10 and Server 2016.
    Windows10_0,
    /// `W2K` in legacy names (`W2KSP4_JA.EXE`, `Q123456_W2K_SP4_X86_JA.exe`).
    LegacyW2k,
    /// `WXP` in legacy names (`Q123456_WXP_SP1_x86_JPN.exe`).
    LegacyWxp,
}

/// Tokens in matching order (a longer token before its prefix).
const TOKENS: &[(&str, ProductToken)] = &[
    ("WindowsServer2003.WindowsXP", ProductToken::WindowsServer2003WindowsXP),
    ("WindowsServer2003", ProductToken::WindowsServer2003),
    ("WindowsXPTablet", ProductToken::WindowsXPTablet),
    ("WindowsXP", ProductToken::WindowsXP),
    ("Windows2000", ProductToken::Windows2000),
    ("Windows6.0", ProductToken::Windows6_0),
    ("Windows6.1", ProductToken::Windows6_1),
    ("Windows8-RT", ProductToken::Windows8Rt),
    ("Windows8.1", ProductToken::Windows8_1),
    ("Windows10.0", ProductToken::Windows10_0),
];

impl ProductToken {
    /// Microsoft's spelling: `WindowsServer2003.WindowsXP`, `Windows6.0`, `W2K`…
    pub fn as_str(self) -> &'static str {
        match self {
            ProductToken::LegacyW2k => "W2K",
            ProductToken::LegacyWxp => "WXP",
            token => TOKENS.iter().find(|(_, t)| *t == token).map_or("", |(s, _)| s),
        }
    }

    /// The token for `text` (any case): `windows6.1` → `Windows6_1`. Legacy `W2K`/`WXP` included.
    pub fn parse(text: &str) -> Option<ProductToken> {
        if text.eq_ignore_ascii_case("W2K") {
            return Some(ProductToken::LegacyW2k);
        }
        if text.eq_ignore_ascii_case("WXP") {
            return Some(ProductToken::LegacyWxp);
        }
        TOKENS
            .iter()
            .find(|(s, _)| s.eq_ignore_ascii_case(text))
            .map(|(_, t)| *t)
    }

    /// The OS families (as in the OS catalog) the token's updates are for.
    pub fn families(self) -> &'static [OsFamily] {
        use OsFamily::*;
        match self {
            ProductToken::Windows2000 | ProductToken::LegacyW2k => &[W2k],
            ProductToken::WindowsXP | ProductToken::WindowsXPTablet | ProductToken::LegacyWxp => &[Xp],
            ProductToken::WindowsServer2003 => &[Ws2003],
            ProductToken::WindowsServer2003WindowsXP => &[Ws2003, Xp],
            ProductToken::Windows6_0 => &[Vista, Ws2008],
            ProductToken::Windows6_1 => &[Win7, Ws2008R2],
            ProductToken::Windows8Rt => &[Win8, Ws2012],
            ProductToken::Windows8_1 => &[Win81, Ws2012R2],
            ProductToken::Windows10_0 => &[Win10, Ws2016],
        }
    }

    /// The architectures the token is used for when the name has no architecture token. NT5 x64
    /// builds carry `WindowsServer2003.WindowsXP`, so `WindowsServer2003` and `WindowsXP` are x86 or
    /// Itanium; NT6 tokens are used for every architecture of their families.
    pub fn arches(self) -> &'static [Arch] {
        use Arch::*;
        match self {
            ProductToken::Windows2000
            | ProductToken::LegacyW2k
            | ProductToken::WindowsXPTablet
            | ProductToken::LegacyWxp => &[X86],
            ProductToken::WindowsXP | ProductToken::WindowsServer2003 => &[X86, Ia64],
            ProductToken::WindowsServer2003WindowsXP => &[X64],
            ProductToken::Windows6_0
            | ProductToken::Windows6_1
            | ProductToken::Windows8Rt
            | ProductToken::Windows8_1
            | ProductToken::Windows10_0 => &[X86, X64, Ia64, Arm],
        }
    }

    /// The OS keys the token's updates are for: its families on its architectures (as far as the
    /// family exists on them). `WindowsServer2003.WindowsXP` → `xp/x64, ws2003/x64`.
    pub fn os_keys(self) -> OsKeySet {
        keys(self.families(), self.arches())
    }
}

impl fmt::Display for ProductToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn keys(families: &[OsFamily], arches: &[Arch]) -> OsKeySet {
    let mut set = OsKeySet::EMPTY;
    for f in families {
        for a in arches {
            if f.arches().contains(a) {
                set.insert(OsKey::new(*f, *a));
            }
        }
    }
    set
}

/// The file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Extension {
    /// `.exe` (NT5 updates, service packs).
    Exe,
    /// `.msu` (NT6+ updates run by wusa.exe).
    Msu,
    /// `.msi`.
    Msi,
    /// Any other extension.
    Other,
}

/// Which grammar the name follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameForm {
    /// `Product-KB<n>-…` with `-` separated tokens (NT5 from April 2003, NT6+).
    Standard,
    /// `Q123456i.exe`: an NT 4.0 hotfix (`i` = x86).
    Nt4Hotfix,
    /// `Q123456.exe` or `Q123456_W2K_SP4_X86_JA.exe`: a Q-numbered hotfix before April 2003.
    QHotfix,
    /// `W2KSP4_JA.EXE`: a Windows 2000 service pack.
    LegacyServicePack,
    /// Nothing recognised.
    Unknown,
}

/// An `execute.file` name, parsed. Fields are `None` when the name has no such token (or one
/// that could not be read: see [`unrecognised`](Self::unrecognised)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallerName {
    /// The grammar recognised.
    pub form: NameForm,
    /// The product token: `WindowsServer2003`, `Windows6.0`, legacy `W2K`…
    pub product_token: Option<NameToken<ProductToken>>,
    /// The KB (or Q) number.
    pub kb: Option<NameToken<u32>>,
    /// The `SPn` token of a service-pack installer (`…-KB914961-SP2-x64-JPN.exe`, `W2KSP4_JA.EXE`):
    /// the level it installs.
    pub sp: Option<NameToken<u8>>,
    /// The `SPn` token of a legacy Q hotfix (`Q123456_W2K_SP4_X86_JA.exe`): the level the hotfix
    /// is built for, not a level it installs.
    pub baseline_sp: Option<NameToken<u8>>,
    /// The architecture token (`x86`, `x64`, `AMD64`, `IA64`, `arm`, any case; `i` of `Q123456i`).
    pub arch: Option<NameToken<Arch>>,
    /// The language token as written: a known 3-letter suffix (`JPN`, `ENU`), `INTL`
    /// (multi-language), or in legacy names a 2-letter code (`JA`).
    pub language_suffix: Option<NameToken<String>>,
    /// The re-release number of `-v<n>-` (`Windows6.1-KB2506143-v3-x64.msu` → 3).
    pub version_suffix: Option<NameToken<u16>>,
    /// The extension (its text, without the dot, is the span).
    pub extension: Option<NameToken<Extension>>,
    /// Byte ranges of tokens that were not understood.
    pub unrecognised: Vec<Range<usize>>,
}

impl InstallerName {
    /// Parse `file` (a name or a relative path; only the last path component is read, spans are
    /// byte offsets into `file` itself).
    pub fn parse(file: &str) -> InstallerName {
        let start = file.rfind(['\\', '/']).map_or(0, |i| i + 1);
        let name = &file[start..];
        let mut out = InstallerName {
            form: NameForm::Unknown,
            product_token: None,
            kb: None,
            sp: None,
            baseline_sp: None,
            arch: None,
            language_suffix: None,
            version_suffix: None,
            extension: None,
            unrecognised: Vec::new(),
        };
        let mut stem_len = name.len();
        if let Some(dot) = name.rfind('.') {
            let ext = &name[dot + 1..];
            let is_ext = (1..=5).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphanumeric())
                && ext.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
            if is_ext {
                let kind = if ext.eq_ignore_ascii_case("exe") {
                    Extension::Exe
                } else if ext.eq_ignore_ascii_case("msu") {
                    Extension::Msu
                } else if ext.eq_ignore_ascii_case("msi") {
                    Extension::Msi
                } else {
                    Extension::Other
                };
                let at = start + dot + 1;
                out.extension = Some(NameToken {
                    value: kind,
                    span: at..at + ext.len(),
                });
                stem_len = dot;
            }
        }
        let stem = Piece {
            text: &name[..stem_len],
            at: start,
        };
        if stem.text.is_empty() {
            return out;
        }
        if !(out.parse_legacy_sp(stem) || out.parse_q(stem)) {
            out.parse_standard(stem);
        }
        out
    }

    /// `W2KSP4_JA`, `W2KSP4`.
    fn parse_legacy_sp(&mut self, stem: Piece) -> bool {
        let (head, lang) = match stem.text.split_once('_') {
            Some((h, _)) => (stem.slice(0, h.len()), Some(stem.slice(h.len() + 1, stem.text.len()))),
            None => (stem, None),
        };
        if head.text.len() < 6
            || !head.text.as_bytes()[..5].eq_ignore_ascii_case(b"W2KSP")
            || !is_digits(&head.text[5..], 1..=2)
        {
            return false;
        }
        let Ok(sp) = head.text[5..].parse() else {
            return false;
        };
        self.form = NameForm::LegacyServicePack;
        self.product_token = Some(head.slice(0, 3).spanned(ProductToken::LegacyW2k));
        self.sp = Some(head.slice(3, head.text.len()).spanned(sp));
        if let Some(lang) = lang {
            if legacy_language(lang.text).is_some() {
                self.language_suffix = Some(lang.spanned(lang.text.to_string()));
            } else {
                self.unrecognised.push(lang.span());
            }
        }
        true
    }

    /// `Q123456`, `Q123456i`, `Q123456_W2K_SP4_X86_JA`.
    fn parse_q(&mut self, stem: Piece) -> bool {
        let t = stem.text;
        if !t.starts_with(['Q', 'q']) {
            return false;
        }
        let digits = t[1..].bytes().take_while(u8::is_ascii_digit).count();
        if !(6..=7).contains(&digits) {
            return false;
        }
        let Ok(kb) = t[1..=digits].parse() else {
            return false;
        };
        let number = stem.slice(0, 1 + digits);
        let rest = stem.slice(1 + digits, t.len());
        self.kb = Some(number.spanned(kb));
        if rest.text.is_empty() {
            self.form = NameForm::QHotfix;
        } else if rest.text.eq_ignore_ascii_case("i") {
            self.form = NameForm::Nt4Hotfix;
            self.arch = Some(rest.spanned(Arch::X86));
        } else if let Some(tail) = rest.text.strip_prefix('_') {
            self.form = NameForm::QHotfix;
            let mut at = 1 + digits + 1;
            for part in tail.split('_') {
                let tok = stem.slice(at, at + part.len());
                at += part.len() + 1;
                if !part.is_empty() {
                    self.legacy_token(tok);
                }
            }
        } else {
            self.form = NameForm::QHotfix;
            self.unrecognised.push(rest.span());
        }
        true
    }

    fn legacy_token(&mut self, tok: Piece) {
        let t = tok.text;
        if self.product_token.is_none()
            && let Some(p) =
                ProductToken::parse(t).filter(|p| matches!(p, ProductToken::LegacyW2k | ProductToken::LegacyWxp))
        {
            self.product_token = Some(tok.spanned(p));
        } else if self.baseline_sp.is_none()
            && let Some(sp) = sp_number(t)
        {
            self.baseline_sp = Some(tok.spanned(sp));
        } else if self.arch.is_none()
            && let Some(a) = Arch::parse(t)
        {
            self.arch = Some(tok.spanned(a));
        } else if self.language_suffix.is_none() && legacy_language(t).is_some() {
            self.language_suffix = Some(tok.spanned(t.to_string()));
        } else {
            self.unrecognised.push(tok.span());
        }
    }

    /// `Product-KB<n>-[SPn-][v<n>-][arch-][LANG]`, tokens in any order.
    fn parse_standard(&mut self, stem: Piece) {
        let t = stem.text;
        let mut pos = 0;
        while pos <= t.len() {
            let rest = &t[pos..];
            // A product token may itself hold a `-` (`Windows8-RT`), so try it first.
            if self.product_token.is_none()
                && let Some((len, token)) = TOKENS.iter().find_map(|(s, tok)| {
                    let fits = rest.len() >= s.len()
                        && rest.as_bytes()[..s.len()].eq_ignore_ascii_case(s.as_bytes())
                        && matches!(rest.as_bytes().get(s.len()), None | Some(b'-'));
                    fits.then_some((s.len(), *tok))
                })
            {
                self.product_token = Some(stem.slice(pos, pos + len).spanned(token));
                pos += len + 1;
                continue;
            }
            let len = rest.find('-').unwrap_or(rest.len());
            let tok = stem.slice(pos, pos + len);
            pos += len + 1;
            if tok.text.is_empty() {
                continue;
            }
            self.standard_token(tok);
        }
        let recognised = self.product_token.is_some()
            || self.kb.is_some()
            || self.sp.is_some()
            || self.arch.is_some()
            || self.language_suffix.is_some()
            || self.version_suffix.is_some();
        if recognised {
            self.form = NameForm::Standard;
        }
    }

    fn standard_token(&mut self, tok: Piece) {
        let t = tok.text;
        if self.kb.is_none()
            && t.len() > 2
            && t.as_bytes()[..2].eq_ignore_ascii_case(b"KB")
            && let Some(kb) = is_digits(&t[2..], 1..=8).then(|| t[2..].parse().ok()).flatten()
        {
            self.kb = Some(tok.spanned(kb));
        } else if self.sp.is_none()
            && let Some(sp) = sp_number(t)
        {
            self.sp = Some(tok.spanned(sp));
        } else if self.version_suffix.is_none()
            && t.len() > 1
            && t.starts_with(['v', 'V'])
            && let Some(v) = is_digits(&t[1..], 1..=3).then(|| t[1..].parse().ok()).flatten()
        {
            self.version_suffix = Some(tok.spanned(v));
        } else if self.arch.is_none()
            && let Some(a) = Arch::parse(t)
        {
            self.arch = Some(tok.spanned(a));
        } else if self.language_suffix.is_none()
            && (t.eq_ignore_ascii_case(MULTI_LANGUAGE_SUFFIX) || language_by_suffix(t).is_some())
        {
            self.language_suffix = Some(tok.spanned(t.to_string()));
        } else {
            self.unrecognised.push(tok.span());
        }
    }

    /// The KB number.
    pub fn kb_number(&self) -> Option<u32> {
        self.kb.as_ref().map(|s| s.value)
    }

    /// The service-pack level of an `SPn` token (not a legacy hotfix's baseline).
    pub fn sp_level(&self) -> Option<u8> {
        self.sp.as_ref().map(|s| s.value)
    }

    /// The architecture token.
    pub fn arch_value(&self) -> Option<Arch> {
        self.arch.as_ref().map(|s| s.value)
    }

    /// The product token.
    pub fn product(&self) -> Option<ProductToken> {
        self.product_token.as_ref().map(|s| s.value)
    }

    /// The language the language token names (`JPN`, legacy `JA` → Japanese). `None` without a
    /// token, and for `INTL` (see [`is_multilanguage`](Self::is_multilanguage)).
    pub fn language(&self) -> Option<&'static Language> {
        let text = &self.language_suffix.as_ref()?.value;
        match self.form {
            NameForm::LegacyServicePack | NameForm::QHotfix => legacy_language(text),
            _ => language_by_suffix(text),
        }
    }

    /// Whether the language token is `INTL` (a multi-language package).
    pub fn is_multilanguage(&self) -> bool {
        self.language_suffix
            .as_ref()
            .is_some_and(|s| s.value.eq_ignore_ascii_case(MULTI_LANGUAGE_SUFFIX))
    }

    /// The OS families the name is for: its product token's, or Windows NT 4.0 for `Q123456i`.
    pub fn families(&self) -> &'static [OsFamily] {
        match (self.product(), self.form) {
            (Some(p), _) => p.families(),
            (None, NameForm::Nt4Hotfix) => &[OsFamily::Nt4],
            (None, _) => &[],
        }
    }

    /// The OS keys the installer is for, from its product token and architecture token: the
    /// families of the token on the named architecture, or on the token's architectures when the
    /// name has none. `WindowsServer2003.WindowsXP-KB914961-SP2-x64-JPN.exe` → `xp/x64, ws2003/x64`;
    /// `Windows6.0-KB958644-x64.msu` → `vista/x64, ws2008/x64`; a name with an architecture but no
    /// product token → every release on that architecture. Empty when the name says neither.
    pub fn os_keys(&self) -> OsKeySet {
        let families = self.families();
        let named_arch = self.arch_value();
        match (families.is_empty(), named_arch) {
            (true, None) => OsKeySet::EMPTY,
            (true, Some(a)) => keys(&OsFamily::ALL, &[a]),
            (false, Some(a)) => keys(families, &[a]),
            (false, None) => match self.product() {
                Some(p) => keys(families, p.arches()),
                None => keys(families, &Arch::ALL),
            },
        }
    }

    /// Whether the installer can be for `edition`: `Some(false)` when its product or architecture
    /// token rules the edition out, `None` when the name names neither.
    pub fn fits_os(&self, edition: &OsEdition) -> Option<bool> {
        let keys = self.os_keys();
        if keys.is_empty() {
            return None;
        }
        Some(keys.intersects(edition.os_keys()))
    }

    /// Whether the architecture token contradicts the product token (`WindowsServer2003.WindowsXP`
    /// with `x86`, `WindowsServer2003` with `x64`).
    pub fn arch_contradicts_product(&self) -> bool {
        match (self.product(), self.arch_value()) {
            (Some(p), Some(a)) => !p.arches().contains(&a),
            _ => false,
        }
    }

    /// Whether every part of the name was understood.
    pub fn is_fully_recognised(&self) -> bool {
        self.form != NameForm::Unknown && self.unrecognised.is_empty()
    }
}

/// A slice of the parsed string and its offset in it.
#[derive(Clone, Copy)]
struct Piece<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Piece<'a> {
    fn slice(self, from: usize, to: usize) -> Piece<'a> {
        Piece {
            text: &self.text[from..to],
            at: self.at + from,
        }
    }

    fn span(self) -> Range<usize> {
        self.at..self.at + self.text.len()
    }

    fn spanned<T>(self, value: T) -> NameToken<T> {
        NameToken {
            value,
            span: self.span(),
        }
    }
}

fn is_digits(s: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// `SP2` (any case) → 2.
fn sp_number(t: &str) -> Option<u8> {
    if t.len() > 2 && t.as_bytes()[..2].eq_ignore_ascii_case(b"SP") && is_digits(&t[2..], 1..=2) {
        t[2..].parse().ok()
    } else {
        None
    }
}

/// A language token of a legacy name: a 3-letter suffix (`JPN`) or a 2-letter code that is a
/// language's canonical code (`JA`, `EN`, `DE`; not `CN`).
fn legacy_language(t: &str) -> Option<&'static Language> {
    match t.len() {
        3 => language_by_suffix(t),
        2 => language_by_code(t),
        _ => None,
    }
}
