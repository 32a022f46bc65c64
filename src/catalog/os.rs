//! Windows editions, OS families, architectures and OS keys.
//!
//! # Editions and bulletin OS keys
//!
//! The bulletin catalog names affected Windows releases by an [`OsKey`]: a family and an
//! architecture, written `family/arch` (`ws2003/x64`). An edition maps to the keys of its family
//! and each of its architectures ([`OsEdition::os_keys`]):
//!
//! | edition (DPM name) | keys |
//! |---|---|
//! | Windows 2000 Server, Windows 2000 Advanced Server | `w2k/x86` |
//! | Windows Server 2003 Standard/Enterprise Edition | `ws2003/x86` |
//! | Windows Server 2003 Standard/Enterprise x64 Edition | `ws2003/x64` |
//! | Windows Server 2003 R2 | `ws2003/x86`, `ws2003/x64` (R2 is Server 2003, build 3790) |
//! | Windows Server 2008 Standard/Enterprise Edition | `ws2008/x86` |
//! | Windows Server 2008 Standard/Enterprise x64 Edition | `ws2008/x64` |
//! | Windows XP Professional / Professional x64 Edition | `xp/x86` / `xp/x64` |
//! | Windows Vista, Windows 7 | `vista/x86`, `vista/x64`; `win7/x86`, `win7/x64` |
//! | Windows Server 2008 R2 | `ws2008r2/x64`, `ws2008r2/ia64` |
//! | Windows Server 2012, 2012 R2 | `ws2012/x64`, `ws2012r2/x64` |
//!
//! Bulletin product strings are mapped to the same keys by the generator (`tools/gen_catalog`):
//! e.g. `Microsoft Windows Server 2003 x64 Edition Service Pack 2` → `ws2003/x64`,
//! `Windows Server 2008 for 32-bit Systems Service Pack 2` → `ws2008/x86`, `…for Itanium-based
//! Systems` and XP/2003's `64-Bit Edition` → `ia64`, `Windows RT` → `win8/arm`.

use foldhash::{HashMap, HashMapExt};
use std::fmt;
use std::sync::OnceLock;

use super::{fields, fold_name, opt};

const DATA: &str = include_str!("data/os.tsv");

/// A processor architecture.
///
/// Catalog editions use `X86`, `X64` and `Ia64`; `Arm` exists for Windows RT in the bulletin data
/// and for `-arm` update file names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arch {
    /// 32-bit x86 (IA-32).
    X86,
    /// x64 (AMD64, x86-64).
    X64,
    /// Itanium (IA-64).
    Ia64,
    /// 32-bit ARM (Windows RT).
    Arm,
}

impl Arch {
    /// Every architecture, in catalog order.
    pub const ALL: [Arch; 4] = [Arch::X86, Arch::X64, Arch::Ia64, Arch::Arm];

    /// The catalog spelling: `x86`, `x64`, `ia64`, `arm`.
    pub fn as_str(self) -> &'static str {
        match self {
            Arch::X86 => "x86",
            Arch::X64 => "x64",
            Arch::Ia64 => "ia64",
            Arch::Arm => "arm",
        }
    }

    /// Parse an architecture as update file names and the catalog write it, in any case:
    /// `x86`, `x64`, `amd64`, `ia64`, `arm`.
    pub fn parse(s: &str) -> Option<Arch> {
        let s = s.as_bytes();
        if s.eq_ignore_ascii_case(b"x86") {
            Some(Arch::X86)
        } else if s.eq_ignore_ascii_case(b"x64") || s.eq_ignore_ascii_case(b"amd64") {
            Some(Arch::X64)
        } else if s.eq_ignore_ascii_case(b"ia64") {
            Some(Arch::Ia64)
        } else if s.eq_ignore_ascii_case(b"arm") {
            Some(Arch::Arm)
        } else {
            None
        }
    }

    const fn index(self) -> u32 {
        self as u32
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Windows release family: what Microsoft's bulletins list as one product line, whatever the
/// edition (Standard, Enterprise, Professional…) or service pack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OsFamily {
    /// Windows NT 4.0 (workstation, server, terminal server).
    Nt4,
    /// Windows 95, 98, 98 SE and Me.
    Win9x,
    /// Windows 2000 (Professional, Server, Advanced Server, Datacenter Server).
    W2k,
    /// Windows XP (including x64, 64-Bit/Itanium, Media Center and Tablet PC editions).
    Xp,
    /// Windows Server 2003, including R2.
    Ws2003,
    /// Windows Vista.
    Vista,
    /// Windows Server 2008.
    Ws2008,
    /// Windows 7.
    Win7,
    /// Windows Server 2008 R2.
    Ws2008R2,
    /// Windows 8 and Windows RT.
    Win8,
    /// Windows Server 2012.
    Ws2012,
    /// Windows 8.1 and Windows RT 8.1.
    Win81,
    /// Windows Server 2012 R2.
    Ws2012R2,
    /// Windows 10 (every version).
    Win10,
    /// Windows Server 2016.
    Ws2016,
}

impl OsFamily {
    /// Every family, in catalog order.
    pub const ALL: [OsFamily; 15] = [
        OsFamily::Nt4,
        OsFamily::Win9x,
        OsFamily::W2k,
        OsFamily::Xp,
        OsFamily::Ws2003,
        OsFamily::Vista,
        OsFamily::Ws2008,
        OsFamily::Win7,
        OsFamily::Ws2008R2,
        OsFamily::Win8,
        OsFamily::Ws2012,
        OsFamily::Win81,
        OsFamily::Ws2012R2,
        OsFamily::Win10,
        OsFamily::Ws2016,
    ];

    /// The key used in the catalogs: `nt4`, `win9x`, `w2k`, `xp`, `ws2003`, `vista`, `ws2008`,
    /// `win7`, `ws2008r2`, `win8`, `ws2012`, `win81`, `ws2012r2`, `win10`, `ws2016`.
    pub fn key(self) -> &'static str {
        match self {
            OsFamily::Nt4 => "nt4",
            OsFamily::Win9x => "win9x",
            OsFamily::W2k => "w2k",
            OsFamily::Xp => "xp",
            OsFamily::Ws2003 => "ws2003",
            OsFamily::Vista => "vista",
            OsFamily::Ws2008 => "ws2008",
            OsFamily::Win7 => "win7",
            OsFamily::Ws2008R2 => "ws2008r2",
            OsFamily::Win8 => "win8",
            OsFamily::Ws2012 => "ws2012",
            OsFamily::Win81 => "win81",
            OsFamily::Ws2012R2 => "ws2012r2",
            OsFamily::Win10 => "win10",
            OsFamily::Ws2016 => "ws2016",
        }
    }

    /// The family for a key such as `ws2003`.
    pub fn from_key(key: &str) -> Option<OsFamily> {
        OsFamily::ALL.into_iter().find(|f| f.key() == key)
    }

    /// An English display name: `Windows Server 2003`.
    pub fn name(self) -> &'static str {
        match self {
            OsFamily::Nt4 => "Windows NT 4.0",
            OsFamily::Win9x => "Windows 95/98/Me",
            OsFamily::W2k => "Windows 2000",
            OsFamily::Xp => "Windows XP",
            OsFamily::Ws2003 => "Windows Server 2003",
            OsFamily::Vista => "Windows Vista",
            OsFamily::Ws2008 => "Windows Server 2008",
            OsFamily::Win7 => "Windows 7",
            OsFamily::Ws2008R2 => "Windows Server 2008 R2",
            OsFamily::Win8 => "Windows 8",
            OsFamily::Ws2012 => "Windows Server 2012",
            OsFamily::Win81 => "Windows 8.1",
            OsFamily::Ws2012R2 => "Windows Server 2012 R2",
            OsFamily::Win10 => "Windows 10",
            OsFamily::Ws2016 => "Windows Server 2016",
        }
    }

    /// The architectures the family was released for (as far as the bulletins list them).
    pub fn arches(self) -> &'static [Arch] {
        use Arch::*;
        match self {
            OsFamily::Nt4 | OsFamily::Win9x | OsFamily::W2k => &[X86],
            OsFamily::Xp | OsFamily::Ws2003 | OsFamily::Ws2008 => &[X86, X64, Ia64],
            OsFamily::Vista | OsFamily::Win7 | OsFamily::Win10 => &[X86, X64],
            OsFamily::Ws2008R2 => &[X64, Ia64],
            OsFamily::Win8 | OsFamily::Win81 => &[X86, X64, Arm],
            OsFamily::Ws2012 | OsFamily::Ws2012R2 | OsFamily::Ws2016 => &[X64],
        }
    }

    const fn index(self) -> u32 {
        self as u32
    }
}

impl fmt::Display for OsFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// One Windows release on one architecture, `family/arch` (e.g. `ws2003/x64`): the unit the
/// bulletin catalog records affected products in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OsKey {
    /// The release family.
    pub family: OsFamily,
    /// The architecture.
    pub arch: Arch,
}

impl OsKey {
    /// A key from its parts.
    pub const fn new(family: OsFamily, arch: Arch) -> OsKey {
        OsKey { family, arch }
    }

    /// Parse `ws2003/x64`.
    pub fn parse(s: &str) -> Option<OsKey> {
        let (family, arch) = s.split_once('/')?;
        Some(OsKey::new(OsFamily::from_key(family)?, Arch::parse(arch)?))
    }

    const fn bit(self) -> u64 {
        1u64 << (self.family.index() * 4 + self.arch.index())
    }
}

impl fmt::Display for OsKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.family.key(), self.arch.as_str())
    }
}

// 15 families × 4 architectures must fit the 64-bit set.
const _: () = assert!(OsFamily::ALL.len() * Arch::ALL.len() <= 64);

/// A set of [`OsKey`]s (a bit set; copying and comparing are free).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct OsKeySet(u64);

impl OsKeySet {
    /// The empty set.
    pub const EMPTY: OsKeySet = OsKeySet(0);

    /// The set of `(family, arch)` keys, in a constant (the generated bulletin tables).
    pub const fn of(keys: &[(OsFamily, Arch)]) -> OsKeySet {
        let mut bits = 0;
        let mut i = 0;
        while i < keys.len() {
            bits |= OsKey::new(keys[i].0, keys[i].1).bit();
            i += 1;
        }
        OsKeySet(bits)
    }

    /// Add a key.
    pub fn insert(&mut self, key: OsKey) {
        self.0 |= key.bit();
    }

    /// Whether the set holds `key`.
    pub fn contains(self, key: OsKey) -> bool {
        self.0 & key.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The number of keys.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Keys in either set.
    pub fn union(self, other: OsKeySet) -> OsKeySet {
        OsKeySet(self.0 | other.0)
    }

    /// Keys in both sets.
    pub fn intersection(self, other: OsKeySet) -> OsKeySet {
        OsKeySet(self.0 & other.0)
    }

    /// Whether the sets share a key.
    pub fn intersects(self, other: OsKeySet) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether any key of the set belongs to `family`.
    pub fn has_family(self, family: OsFamily) -> bool {
        self.iter().any(|k| k.family == family)
    }

    /// A reader's description, families with their architectures:
    /// `Windows XP x64, Windows Server 2003 x64`; `Windows Vista x86/x64`.
    pub fn describe(self) -> String {
        self.describe_in(crate::i18n::Lang::En)
    }

    /// [`describe`](Self::describe) for a message in `lang`: in Japanese the releases are
    /// separated by `、`.
    pub fn describe_in(self, lang: crate::i18n::Lang) -> String {
        let separator = if lang == crate::i18n::Lang::Ja { "、" } else { ", " };
        let mut out = String::new();
        for family in OsFamily::ALL {
            let arches: Vec<&str> = self
                .iter()
                .filter(|k| k.family == family)
                .map(|k| k.arch.as_str())
                .collect();
            if arches.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push_str(separator);
            }
            out.push_str(family.name());
            out.push(' ');
            out.push_str(&arches.join("/"));
        }
        out
    }

    /// The keys in catalog order (family, then architecture).
    pub fn iter(self) -> impl Iterator<Item = OsKey> {
        OsFamily::ALL
            .into_iter()
            .flat_map(|f| Arch::ALL.into_iter().map(move |a| OsKey::new(f, a)))
            .filter(move |k| self.contains(*k))
    }
}

impl FromIterator<OsKey> for OsKeySet {
    fn from_iter<I: IntoIterator<Item = OsKey>>(iter: I) -> OsKeySet {
        let mut set = OsKeySet::EMPTY;
        for k in iter {
            set.insert(k);
        }
        set
    }
}

impl fmt::Display for OsKeySet {
    /// `w2k/x86, ws2003/x64`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, k) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{k}")?;
        }
        Ok(())
    }
}

/// The container Microsoft ships an edition's updates in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UpdateFileKind {
    /// A self-extracting package run by Update.exe (NT5; language-specific).
    Exe,
    /// A Windows Update Standalone package run by wusa.exe (NT6+; language-neutral).
    Msu,
}

/// A service-pack level of an edition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServicePack {
    /// The level the OS reports (wServicePackMajor; 0 = none).
    pub sp: u8,
    /// The OS version at that level, `major.minor.build[.revision]`.
    pub version: &'static str,
}

/// The product-name token of an edition's update files (`WindowsServer2003-KB…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpdateToken {
    /// The architecture the token is for; `None`: every architecture of the edition.
    pub arch: Option<Arch>,
    /// The token: `Windows2000`, `WindowsServer2003`, `WindowsServer2003.WindowsXP`, `Windows6.0`…
    pub token: &'static str,
}

/// A Windows edition of the OS catalog (`domain/windows-os.yaml`).
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OsEdition {
    /// Stable catalog id: `ws2003-std-x64`.
    pub id: &'static str,
    /// The name as DPM's FAQ list writes it: `Windows Server 2003 Standard x64 Edition`.
    pub dpm_name: &'static str,
    /// Microsoft's product name: `Microsoft Windows Server 2003, Standard x64 Edition`.
    pub ms_name: &'static str,
    /// The name Japanese media use (the same Latin-script name).
    pub ja_name: &'static str,
    /// The release family.
    pub family: OsFamily,
    /// The architectures (one for most editions).
    pub arches: Vec<Arch>,
    /// `major.minor` of the NT version (`5.2`).
    pub nt_version: &'static str,
    /// The build number at release (`3790`).
    pub rtm_build: u32,
    /// Whether DPM's auto-update supports the edition (its FAQ list).
    pub dpm_auto_update: bool,
    /// The update container kind.
    pub update_file: UpdateFileKind,
    /// Whether updates are language-specific (NT5 `.exe`) or neutral (`.msu`).
    pub update_language_specific: bool,
    /// Update file-name tokens (one, or one per architecture).
    pub update_tokens: Vec<UpdateToken>,
    /// The service-pack levels that exist, lowest (the release level) first.
    pub service_packs: Vec<ServicePack>,
    /// General availability date (`yyyy-mm-dd`), when known.
    pub released: Option<&'static str>,
    /// End of (extended) support (`yyyy-mm-dd`), when known.
    pub support_end: Option<&'static str>,
}

impl OsEdition {
    /// The bulletin OS keys of this edition: its family on each of its architectures.
    pub fn os_keys(&self) -> OsKeySet {
        self.arches.iter().map(|a| OsKey::new(self.family, *a)).collect()
    }

    /// Whether the edition exists for `arch`.
    pub fn has_arch(&self, arch: Arch) -> bool {
        self.arches.contains(&arch)
    }

    /// The service-pack levels that exist (the level at release included).
    pub fn sp_levels(&self) -> impl Iterator<Item = u8> + '_ {
        self.service_packs.iter().map(|s| s.sp)
    }

    /// Whether the OS can report service-pack level `sp`.
    pub fn has_sp_level(&self, sp: u8) -> bool {
        self.service_packs.iter().any(|s| s.sp == sp)
    }

    /// The service pack at level `sp`.
    pub fn service_pack(&self, sp: u8) -> Option<&ServicePack> {
        self.service_packs.iter().find(|s| s.sp == sp)
    }

    /// The level the edition was released at: 0 for most, 1 for Windows Server 2008 (its release
    /// already reports SP1), 1 for Server 2003 R2.
    pub fn release_sp(&self) -> u8 {
        self.service_packs.first().map_or(0, |s| s.sp)
    }

    /// The latest service-pack level.
    pub fn latest_sp(&self) -> u8 {
        self.service_packs.last().map_or(0, |s| s.sp)
    }

    /// The levels a service-pack package can bring the edition to: every level above the release
    /// level. Server 2003 x64 → 2 (no SP1 exists for x64); Server 2008 → 2; Server 2012 → none.
    pub fn installable_sps(&self) -> impl Iterator<Item = u8> + '_ {
        let base = self.release_sp();
        self.sp_levels().filter(move |sp| *sp > base)
    }

    /// The update file-name token for `arch`: `WindowsServer2003.WindowsXP` for Server 2003 R2 on
    /// x64. `None` when the edition does not exist for `arch`.
    pub fn update_token(&self, arch: Arch) -> Option<&'static str> {
        if !self.has_arch(arch) {
            return None;
        }
        self.update_tokens
            .iter()
            .find(|t| t.arch == Some(arch))
            .or_else(|| self.update_tokens.iter().find(|t| t.arch.is_none()))
            .map(|t| t.token)
    }
}

impl fmt::Display for OsEdition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.dpm_name)
    }
}

struct OsCatalog {
    editions: Vec<OsEdition>,
    /// Exact spellings (dpm, ms, ja names) → index.
    exact: HashMap<&'static str, usize>,
    /// Folded spellings (see `fold_name`) → index.
    folded: HashMap<String, usize>,
    by_id: HashMap<&'static str, usize>,
}

fn catalog() -> &'static OsCatalog {
    static CATALOG: OnceLock<OsCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| parse(DATA).unwrap_or_else(|e| panic!("embedded OS catalog (src/catalog/data/os.tsv): {e}")))
}

fn parse(data: &'static str) -> Result<OsCatalog, String> {
    let mut editions = Vec::new();
    for line in super::data_lines(data) {
        let [
            id,
            family,
            arches,
            nt_version,
            rtm_build,
            auto,
            update_file,
            lang_specific,
            tokens,
            sps,
            released,
            support_end,
            dpm_name,
            ms_name,
            ja_name,
        ] = fields::<15>(line, "os.tsv")?;
        let family = OsFamily::from_key(family).ok_or_else(|| format!("{id}: unknown family {family}"))?;
        let arches = arches
            .split(',')
            .map(|a| Arch::parse(a).ok_or_else(|| format!("{id}: unknown arch {a}")))
            .collect::<Result<Vec<_>, _>>()?;
        let yes_no = |v: &str| match v {
            "yes" => Ok(true),
            "no" => Ok(false),
            _ => Err(format!("{id}: {v:?} is not yes/no")),
        };
        let update_file = match update_file {
            "exe" => UpdateFileKind::Exe,
            "msu" => UpdateFileKind::Msu,
            v => return Err(format!("{id}: unknown update file kind {v}")),
        };
        let mut update_tokens = Vec::new();
        for t in tokens.split(' ') {
            update_tokens.push(match t.split_once('=') {
                Some((arch, token)) => UpdateToken {
                    arch: Some(Arch::parse(arch).ok_or_else(|| format!("{id}: bad token arch {arch}"))?),
                    token,
                },
                None => UpdateToken { arch: None, token: t },
            });
        }
        let mut service_packs = Vec::new();
        for sp in sps.split(' ') {
            let (level, version) = sp
                .split_once('=')
                .ok_or_else(|| format!("{id}: bad service pack {sp}"))?;
            let sp = level
                .parse()
                .map_err(|_| format!("{id}: bad service pack level {level}"))?;
            service_packs.push(ServicePack { sp, version });
        }
        editions.push(OsEdition {
            id,
            dpm_name,
            ms_name,
            ja_name,
            family,
            arches,
            nt_version,
            rtm_build: rtm_build.parse().map_err(|_| format!("{id}: bad build {rtm_build}"))?,
            dpm_auto_update: yes_no(auto)?,
            update_file,
            update_language_specific: yes_no(lang_specific)?,
            update_tokens,
            service_packs,
            released: opt(released),
            support_end: opt(support_end),
        });
    }

    let mut exact = HashMap::new();
    let mut folded = HashMap::new();
    let mut by_id = HashMap::new();
    for (i, e) in editions.iter().enumerate() {
        if by_id.insert(e.id, i).is_some() {
            return Err(format!("duplicate id {}", e.id));
        }
        for name in [e.dpm_name, e.ms_name, e.ja_name] {
            if exact.insert(name, i).is_some_and(|j| j != i) {
                return Err(format!("name {name:?} belongs to two editions"));
            }
            if let Some(j) = folded.insert(fold_name(name), i)
                && j != i
            {
                return Err(format!("name {name:?} folds like a name of {}", editions[j].id));
            }
        }
    }
    Ok(OsCatalog {
        editions,
        exact,
        folded,
        by_id,
    })
}

/// Every edition of the catalog, in catalog order.
pub fn os_editions() -> &'static [OsEdition] {
    &catalog().editions
}

/// The edition with catalog id `id` (`ws2003-std-x64`).
pub fn os_by_id(id: &str) -> Option<&'static OsEdition> {
    let c = catalog();
    c.by_id.get(id).map(|&i| &c.editions[i])
}

/// Find an edition by name: its DPM name, Microsoft's name or the Japanese name, compared after
/// folding case, commas, parentheses and runs of spaces, with or without a leading "Microsoft "
/// and the word "Edition". `Windows Server 2003 Standard x64 Edition`,
/// `Microsoft Windows Server 2003, Standard x64 Edition` and
/// `windows server 2003 standard x64` all find `ws2003-std-x64`.
pub fn find_os(name: &str) -> Option<&'static OsEdition> {
    let c = catalog();
    let i = match c.exact.get(name) {
        Some(&i) => i,
        None => *c.folded.get(&fold_name(name))?,
    };
    Some(&c.editions[i])
}

/// "Did you mean": the DPM name of the edition closest to `name`, when one is close enough to be
/// a likely typo. Conservative: the candidate must carry the same numbers and digit-bearing words
/// (`2003`, `x64`, `r2`) as the input, so `Windows Server 2016` never becomes 2012 and
/// `Windows Server 2003` never becomes 2003 R2. `None` for a name [`find_os`] already finds. When
/// several editions are equally close, the first in catalog order ([`os_suggestions`] has them all).
pub fn suggest_os(name: &str) -> Option<&'static str> {
    os_suggestions(name).first().copied()
}

/// Every edition as close to `name` as the closest one (see [`suggest_os`]), in catalog order, by
/// DPM name: one for a typo near one edition, several when the typo is as near to each.
pub fn os_suggestions(name: &str) -> Vec<&'static str> {
    static MEMO: crate::suggest::Memo<Vec<&'static str>> = crate::suggest::Memo::new();
    MEMO.get_or(name, || os_suggestions_of(name))
}

fn os_suggestions_of(name: &str) -> Vec<&'static str> {
    let c = catalog();
    let input = fold_name(name);
    if input.is_empty() || c.folded.contains_key(&input) {
        return Vec::new();
    }
    let key_words = |s: &str| {
        let mut w: Vec<String> = s
            .split_whitespace()
            .filter(|w| w.bytes().any(|b| b.is_ascii_digit()))
            .map(str::to_string)
            .collect();
        w.sort();
        w
    };
    let wanted = key_words(&input);
    // The best score of each edition (over its names), then the editions at the best of all.
    let mut scores: Vec<Option<f64>> = vec![None; c.editions.len()];
    for (alias, &i) in &c.folded {
        if key_words(alias) != wanted {
            continue;
        }
        let Some(score) = crate::suggest::similarity(&input, alias, 0.75) else {
            continue;
        };
        if scores[i].is_none_or(|s| score > s) {
            scores[i] = Some(score);
        }
    }
    let best = scores.iter().flatten().copied().fold(f64::NEG_INFINITY, f64::max);
    if best < 0.75 {
        return Vec::new();
    }
    scores
        .iter()
        .enumerate()
        .filter(|(_, s)| **s == Some(best))
        .map(|(i, _)| c.editions[i].dpm_name)
        .collect()
}

/// The editions DPM's auto-update supports by default (those marked `dpm_auto_update`, from DPM's
/// FAQ list). The configuration can replace this set.
pub fn default_supported_os() -> &'static [&'static OsEdition] {
    static SUPPORTED: OnceLock<Vec<&'static OsEdition>> = OnceLock::new();
    SUPPORTED.get_or_init(|| os_editions().iter().filter(|e| e.dpm_auto_update).collect())
}

/// A known service-pack installer, identified by its KB number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServicePackInstaller {
    /// The installer's KB number.
    pub kb: u32,
    /// The service-pack level it installs.
    pub sp: u8,
    /// The families it is for.
    pub families: &'static [OsFamily],
}

/// Service-pack installers by KB (`domain/update-naming.md` §4; basis: background knowledge,
/// except Server 2003 SP2's file names, which are verified). NT6 service-pack files carry no `SPn`
/// token, so their KB is what tells the level.
const SP_INSTALLERS: &[ServicePackInstaller] = &[
    ServicePackInstaller {
        kb: 835935,
        sp: 2,
        families: &[OsFamily::Xp],
    },
    ServicePackInstaller {
        kb: 889101,
        sp: 1,
        families: &[OsFamily::Ws2003],
    },
    ServicePackInstaller {
        kb: 914961,
        sp: 2,
        families: &[OsFamily::Ws2003, OsFamily::Xp],
    },
    ServicePackInstaller {
        kb: 936330,
        sp: 1,
        families: &[OsFamily::Vista],
    },
    ServicePackInstaller {
        kb: 936929,
        sp: 3,
        families: &[OsFamily::Xp],
    },
    ServicePackInstaller {
        kb: 948465,
        sp: 2,
        families: &[OsFamily::Vista, OsFamily::Ws2008],
    },
    ServicePackInstaller {
        kb: 976932,
        sp: 1,
        families: &[OsFamily::Win7, OsFamily::Ws2008R2],
    },
];

/// The service-pack installer with KB `kb`, if it is a known one (e.g. 948465 → SP2 for Vista and
/// Server 2008; 914961 → SP2 for Server 2003 and XP x64).
pub fn service_pack_installer(kb: u32) -> Option<&'static ServicePackInstaller> {
    SP_INSTALLERS.iter().find(|s| s.kb == kb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses() {
        assert_eq!(os_editions().len(), 18);
        assert_eq!(default_supported_os().len(), 10);
    }

    #[test]
    fn key_roundtrip() {
        for f in OsFamily::ALL {
            for a in Arch::ALL {
                let k = OsKey::new(f, a);
                assert_eq!(OsKey::parse(&k.to_string()), Some(k));
            }
        }
        let set: OsKeySet = [
            OsKey::new(OsFamily::Xp, Arch::X64),
            OsKey::new(OsFamily::W2k, Arch::X86),
        ]
        .into_iter()
        .collect();
        assert_eq!(set.to_string(), "w2k/x86, xp/x64");
        assert_eq!(set.len(), 2);
        assert_eq!(set.describe(), "Windows 2000 x86, Windows XP x64");
        let vista: OsKeySet = [Arch::X86, Arch::X64]
            .into_iter()
            .map(|a| OsKey::new(OsFamily::Vista, a))
            .collect();
        assert_eq!(vista.describe(), "Windows Vista x86/x64");
        assert_eq!(OsKeySet::EMPTY.describe(), "");
    }
}
