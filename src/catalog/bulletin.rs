//! Microsoft security bulletins (MS01-001 … MS17-023): date, KBs and the Windows releases each KB
//! is for.
//!
//! Derived from Microsoft's Security Bulletin Data (see `docs/catalog.md`). The data names the
//! affected products per KB; the generator maps Windows product strings to [`OsKey`]s and counts
//! the rest: Windows OS products without a key (Small Business Server, Home Server, Embedded) and
//! products that are not an OS (Office, SQL Server, Exchange…). KBs are language-neutral in the
//! data.

use std::fmt;

use super::os::{OsEdition, OsKey, OsKeySet};

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2008.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl fmt::Display for Date {
    /// `2008-10-23`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One KB (update package) of a bulletin and what it is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KbEntry {
    /// The KB number; `None` where the source names none (a few rows of MS01-034, MS01-050,
    /// MS02-005).
    pub kb: Option<u32>,
    /// The Windows releases (family/arch) the KB is listed for.
    pub os: OsKeySet,
    /// How many Windows OS products without an OS key it is listed for (Small Business Server,
    /// Home Server, Windows Embedded, a beta).
    pub other_windows_products: u16,
    /// How many products that are not an operating system it is listed for (Office, SQL Server…).
    pub non_os_products: u16,
    /// The service-pack levels its product rows name, per OS key ([`KbEntry::sp_levels`]).
    pub service_packs: SpLevels,
}

/// The service-pack levels a KB's product rows name for each OS key: a run of the catalog's
/// service-pack rows (`SP_ROWS`), by index. Only keys whose every row names a level are there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpLevels {
    first: u16,
    count: u16,
}

/// One service-pack level a KB entry names: for which OS key, the level, and the product row
/// (of `PRODUCTS`) naming it. `s(…)` of the generated tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpRow {
    key: OsKey,
    level: u8,
    product: u16,
}

/// A service-pack level a bulletin lists a KB for, and the product row that names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListedSp {
    /// The level (`Service Pack 2` → 2).
    pub level: u8,
    /// The product row of Microsoft's Security Bulletin Data that names it:
    /// `Windows Server 2008 for 32-bit Systems Service Pack 2`.
    pub product: &'static str,
}

impl SpLevels {
    /// The rows, in the catalog's order (by key, each key's levels lowest first).
    fn rows(self) -> &'static [SpRow] {
        let first = usize::from(self.first);
        data::SP_ROWS
            .get(first..first + usize::from(self.count))
            .unwrap_or_default()
    }

    /// The levels listed for `key`, lowest first (see [`KbEntry::sp_levels`]).
    fn for_key(self, key: OsKey) -> Vec<ListedSp> {
        self.rows()
            .iter()
            .filter(|row| row.key == key)
            .filter_map(|row| {
                Some(ListedSp {
                    level: row.level,
                    product: data::PRODUCTS.get(usize::from(row.product))?,
                })
            })
            .collect()
    }
}

impl KbEntry {
    /// The service-pack levels the bulletin lists this KB for on `key`, lowest first, each with the
    /// product row naming it, when every row for `key` names a level (MS12-020's KB2621440 on
    /// `ws2008/x86`: only `Windows Server 2008 for 32-bit Systems Service Pack 2`). Empty when the
    /// KB is not listed for `key`, or a row for it names no level (the release, or any level).
    pub fn sp_levels(&self, key: OsKey) -> Vec<ListedSp> {
        if !self.os.contains(key) {
            return Vec::new();
        }
        self.service_packs.for_key(key)
    }
}

/// A security bulletin.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Bulletin {
    /// `MS08-067`, its eight ASCII bytes ([`Bulletin::id`]).
    id: [u8; 8],
    /// The date it was posted.
    pub date: Date,
    /// The bulletin's umbrella KB article (MS17-010: 4013389), which can differ from its update KBs.
    pub bulletin_kb: Option<u32>,
    /// Its KBs: a run of the catalog's `ENTRIES` ([`Bulletin::entries`]).
    first_entry: u16,
    entry_count: u16,
}

impl Bulletin {
    /// `MS08-067`.
    pub fn id(&self) -> &str {
        std::str::from_utf8(&self.id).unwrap_or_default()
    }

    /// Its KBs, in ascending order (a KB-less entry last).
    pub fn entries(&self) -> &'static [KbEntry] {
        let first = usize::from(self.first_entry);
        data::ENTRIES
            .get(first..first + usize::from(self.entry_count))
            .unwrap_or_default()
    }

    /// The two-digit year: 8 for MS08-067.
    pub fn year(&self) -> u8 {
        parse_bulletin_id(self.id()).map_or(0, |(y, _)| y)
    }

    /// The distinct KB numbers the bulletin shipped, ascending.
    pub fn kbs(&self) -> impl Iterator<Item = u32> + '_ {
        self.entries().iter().filter_map(|e| e.kb)
    }

    /// Whether the bulletin shipped KB `kb`.
    pub fn has_kb(&self, kb: u32) -> bool {
        self.entries().binary_search_by(|e| cmp_kb(e.kb, kb)).is_ok()
    }

    /// The entry of KB `kb`.
    pub fn entry(&self, kb: u32) -> Option<&KbEntry> {
        let entries = self.entries();
        let i = entries.binary_search_by(|e| cmp_kb(e.kb, kb)).ok()?;
        entries.get(i)
    }

    /// Every Windows release the bulletin lists, over all its KBs.
    pub fn os_keys(&self) -> OsKeySet {
        self.entries().iter().fold(OsKeySet::EMPTY, |acc, e| acc.union(e.os))
    }

    /// Whether the bulletin lists any Windows operating system (with or without an OS key).
    pub fn lists_windows_os(&self) -> bool {
        self.entries()
            .iter()
            .any(|e| !e.os.is_empty() || e.other_windows_products > 0)
    }

    /// Whether the bulletin lists only products that are not an operating system (Office, SQL
    /// Server…): a package for it can target any Windows edition.
    pub fn affects_only_non_os(&self) -> bool {
        !self.lists_windows_os() && self.entries().iter().any(|e| e.non_os_products > 0)
    }

    /// The distinct KBs the bulletin shipped for any of `keys`, ascending.
    pub fn kbs_for_keys(&self, keys: OsKeySet) -> impl Iterator<Item = u32> + '_ {
        self.entries()
            .iter()
            .filter(move |e| e.os.intersects(keys))
            .filter_map(|e| e.kb)
    }

    /// The distinct KBs the bulletin shipped for `edition`'s family and architectures (its
    /// [`OsEdition::os_keys`]), ascending. More than one means the MS number alone cannot tell
    /// which update a package for that edition carries.
    pub fn kbs_for_os(&self, edition: &OsEdition) -> impl Iterator<Item = u32> + '_ {
        self.kbs_for_keys(edition.os_keys())
    }

    /// Whether the bulletin lists one of `keys`; `None` when it lists no Windows operating system
    /// at all (only Office, SQL Server… or nothing), so the question cannot be answered.
    pub fn affects_keys(&self, keys: OsKeySet) -> Option<bool> {
        if !self.lists_windows_os() {
            return None;
        }
        Some(self.os_keys().intersects(keys))
    }

    /// Whether the bulletin lists `edition` (its family on one of its architectures); `None` when
    /// it lists no Windows operating system at all.
    pub fn affects_os(&self, edition: &OsEdition) -> Option<bool> {
        self.affects_keys(edition.os_keys())
    }

    /// Whether the bulletin lists `key`.
    pub fn lists_key(&self, key: OsKey) -> bool {
        self.os_keys().contains(key)
    }
}

fn cmp_kb(entry: Option<u32>, kb: u32) -> std::cmp::Ordering {
    match entry {
        Some(e) => e.cmp(&kb),
        None => std::cmp::Ordering::Greater,
    }
}

impl fmt::Display for Bulletin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[rustfmt::skip]
#[path = "data/bulletins.rs"]
mod data;

/// `b(…)` of the generated tables: a bulletin, its KBs `entry_count` entries of `ENTRIES` from
/// `first_entry`. Its id must be eight ASCII bytes (`MS08-067`), or the build fails.
const fn b(id: &str, date: Date, bulletin_kb: Option<u32>, first_entry: u16, entry_count: u16) -> Bulletin {
    let bytes = id.as_bytes();
    assert!(bytes.len() == 8, "a bulletin id is eight bytes");
    let mut kept = [0u8; 8];
    let mut i = 0;
    while i < 8 {
        assert!(bytes[i].is_ascii(), "a bulletin id is ASCII");
        kept[i] = bytes[i];
        i += 1;
    }
    Bulletin {
        id: kept,
        date,
        bulletin_kb,
        first_entry,
        entry_count,
    }
}

/// `d(…)` of the generated tables: a date.
const fn d(year: u16, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

/// `e(…)` of the generated tables: one KB of a bulletin, its service-pack levels `sp_count` rows of
/// `SP_ROWS` from `first_sp`.
const fn e(
    kb: Option<u32>,
    os: &[(super::os::OsFamily, super::os::Arch)],
    other_windows_products: u16,
    non_os_products: u16,
    first_sp: u16,
    sp_count: u16,
) -> KbEntry {
    KbEntry {
        kb,
        os: OsKeySet::of(os),
        other_windows_products,
        non_os_products,
        service_packs: SpLevels {
            first: first_sp,
            count: sp_count,
        },
    }
}

/// `s(…)` of the generated tables: a service-pack level a KB entry names for an OS key, and the
/// product row naming it.
const fn s(family: super::os::OsFamily, arch: super::os::Arch, level: u8, product: u16) -> SpRow {
    SpRow {
        key: OsKey::new(family, arch),
        level,
        product,
    }
}

/// Parse a bulletin number of the exact form `MSyy-nnn` (`MS` in any case) into (year, number):
/// `MS08-067` → `(8, 67)`. Anything else (`MS08-67`, `MS0867`, `MS-08-067`) is `None`.
pub fn parse_bulletin_id(id: &str) -> Option<(u8, u16)> {
    parse_id_bytes(id.as_bytes())
}

/// [`parse_bulletin_id`] of the id's bytes (a catalog row's, looked at in every lookup).
fn parse_id_bytes(b: &[u8]) -> Option<(u8, u16)> {
    if b.len() != 8 || !b[..2].eq_ignore_ascii_case(b"MS") || b[4] != b'-' {
        return None;
    }
    let digits = |s: &[u8]| -> Option<u16> {
        s.iter().try_fold(0u16, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u16::from(c - b'0'))
        })
    };
    let year = digits(&b[2..4])?;
    let number = digits(&b[5..8])?;
    Some((u8::try_from(year).ok()?, number))
}

/// Every bulletin of the catalog, in order.
pub fn bulletins() -> &'static [Bulletin] {
    data::BULLETINS
}

/// The bulletin `id` (`MS08-067`; `MS` in any case, otherwise the exact `MSyy-nnn` form).
pub fn bulletin(id: &str) -> Option<&'static Bulletin> {
    let key = parse_bulletin_id(id)?;
    let i = data::BULLETINS
        .binary_search_by_key(&Some(key), |b| parse_id_bytes(&b.id))
        .ok()?;
    data::BULLETINS.get(i)
}

/// Whether the catalog covers two-digit year `yy`: 2001–2017 (MS01 … MS17). For MS98–MS00 the
/// catalog has no data, so only the format of such numbers can be checked.
pub fn catalog_covers_year(yy: u8) -> bool {
    (1..=17).contains(&yy)
}

/// The ids of every bulletin (`MS01-001` … `MS17-023`), in order, e.g. for suggestions.
pub fn known_bulletin_ids() -> impl Iterator<Item = &'static str> {
    bulletins().iter().map(Bulletin::id)
}

/// The bulletins that shipped KB `kb` (usually one; a few KBs, mostly Office and IE packages, are
/// listed again by later bulletins).
pub fn bulletins_with_kb(kb: u32) -> impl Iterator<Item = &'static Bulletin> {
    let start = data::BY_KB.partition_point(|&(k, _)| k < kb);
    data::BY_KB[start..]
        .iter()
        .take_while(move |&&(k, _)| k == kb)
        .filter_map(|&(_, i)| data::BULLETINS.get(usize::from(i)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(parse_bulletin_id("MS08-067"), Some((8, 67)));
        assert_eq!(parse_bulletin_id("ms17-010"), Some((17, 10)));
        for bad in [
            "MS08-67",
            "MS0867",
            "MS-08-067",
            "MS08-0671",
            "MS08_067",
            "MSAB-067",
            "",
            "MS08-06é",
        ] {
            assert_eq!(parse_bulletin_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_generated_tables_are_ordered_and_consistent() {
        // What decoding checked at every start when the catalog was text, checked once here.
        let keys: Vec<(u8, u16)> = bulletins()
            .iter()
            .map(|b| parse_bulletin_id(b.id()).unwrap_or_else(|| panic!("{}", b.id())))
            .collect();
        assert!(
            keys.windows(2).all(|w| w[0] < w[1]),
            "bulletins in (year, number) order"
        );
        for b in bulletins() {
            assert!(b.id().starts_with("MS") && (1..=12).contains(&b.date.month) && (1..=31).contains(&b.date.day));
            let ordered = b.entries().windows(2).all(|w| match (w[0].kb, w[1].kb) {
                (Some(p), Some(k)) => p < k,
                (Some(_), None) => true,
                (None, _) => false,
            });
            assert!(ordered, "{}: KBs in ascending order, a KB-less entry last", b.id());
            assert_eq!(bulletin(b.id()), Some(b));
        }
        assert!(data::BY_KB.windows(2).all(|w| w[0] < w[1]));
        let listed: usize = bulletins().iter().map(|b| b.kbs().count()).sum();
        assert_eq!(data::BY_KB.len(), listed, "every KB of every bulletin, once");
        for b in bulletins() {
            for kb in b.kbs() {
                assert!(bulletins_with_kb(kb).any(|x| x.id() == b.id()), "{} KB{kb}", b.id());
            }
        }
        assert_eq!(bulletin("ms08-067").map(Bulletin::id), Some("MS08-067"));
        assert_eq!(bulletin("MS99-001"), None);
    }

    #[test]
    fn service_pack_levels_are_typed_rows_and_all_well_formed() {
        let ms12_020 = bulletin("MS12-020").and_then(|b| b.entry(2621440)).copied();
        let entry = ms12_020.expect("MS12-020 KB2621440");
        let key = |s: &str| OsKey::parse(s).expect("key");
        let listed = entry.sp_levels(key("ws2008/x86"));
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].level, 2);
        assert_eq!(
            listed[0].product,
            "Windows Server 2008 for 32-bit Systems Service Pack 2"
        );
        // Windows 7 is listed without a level and with SP1: no minimum.
        assert!(entry.sp_levels(key("win7/x86")).is_empty());
        // Not listed at all.
        assert!(entry.sp_levels(key("w2k/x86")).is_empty());
        // Every row of every entry names a key the entry lists and a known product row; each key's
        // levels are ascending; the rows of all entries together are the whole table, in order.
        let mut next = 0;
        for b in bulletins() {
            for e in b.entries() {
                assert_eq!(usize::from(e.service_packs.first), next, "{}", b.id());
                next += usize::from(e.service_packs.count);
                let rows = e.service_packs.rows();
                assert_eq!(rows.len(), usize::from(e.service_packs.count), "{}", b.id());
                for row in rows {
                    assert!(e.os.contains(row.key), "{} {row:?}", b.id());
                    assert!(usize::from(row.product) < data::PRODUCTS.len(), "{} {row:?}", b.id());
                    let levels: Vec<u8> = e.sp_levels(row.key).iter().map(|l| l.level).collect();
                    assert!(levels.windows(2).all(|w| w[0] < w[1]) && levels.contains(&row.level));
                }
            }
        }
        assert_eq!(next, data::SP_ROWS.len(), "every row belongs to one entry");
    }

    #[test]
    fn embedded_data_parses() {
        assert_eq!(bulletins().len(), 1371);
        assert_eq!(bulletins().first().map(Bulletin::id), Some("MS01-001"));
        assert_eq!(bulletins().last().map(Bulletin::id), Some("MS17-023"));
    }
}
