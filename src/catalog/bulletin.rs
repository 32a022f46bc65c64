//! Microsoft security bulletins (MS01-001 … MS17-023): date, KBs and the Windows releases each KB
//! is for.
//!
//! Derived from Microsoft's Security Bulletin Data (see `docs/catalog.md`). The data names the
//! affected products per KB; the generator maps Windows product strings to [`OsKey`]s and counts
//! the rest: Windows OS products without a key (Small Business Server, Home Server, Embedded) and
//! products that are not an OS (Office, SQL Server, Exchange…). KBs are language-neutral in the
//! data.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use super::os::{OsEdition, OsKey, OsKeySet};
use super::{fields, opt};

const DATA: &str = include_str!("data/bulletins.tsv");

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

impl Date {
    fn parse(s: &str) -> Option<Date> {
        let mut parts = s.split('-');
        let date = Date {
            year: parts.next()?.parse().ok()?,
            month: parts.next()?.parse().ok()?,
            day: parts.next()?.parse().ok()?,
        };
        (parts.next().is_none() && (1..=12).contains(&date.month) && (1..=31).contains(&date.day)).then_some(date)
    }
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

/// The service-pack levels a KB's product rows name for each OS key, kept as the catalog's text
/// (`ws2008/x86:2@29 xp/x86:2@17,3@18`) and read on demand, so decoding the catalog at start costs
/// nothing more. Only keys whose every row names a level are there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpLevels(&'static str);

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
    /// The levels listed for `key`, lowest first (see [`KbEntry::sp_levels`]).
    fn for_key(self, key: OsKey) -> Vec<ListedSp> {
        let wanted = key.to_string();
        let Some(levels) = self
            .0
            .split(' ')
            .find_map(|item| item.split_once(':').filter(|(k, _)| *k == wanted).map(|(_, l)| l))
        else {
            return Vec::new();
        };
        let products = &catalog().products;
        levels
            .split(',')
            .filter_map(|l| {
                let (level, row) = l.split_once('@')?;
                Some(ListedSp {
                    level: level.parse().ok()?,
                    product: products.get(row.parse::<usize>().ok()?)?,
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
    /// `MS08-067`.
    pub id: &'static str,
    /// The date it was posted.
    pub date: Date,
    /// The bulletin's umbrella KB article (MS17-010: 4013389), which can differ from its update KBs.
    pub bulletin_kb: Option<u32>,
    /// Its KBs, in ascending order (a KB-less entry last).
    pub entries: Vec<KbEntry>,
}

impl Bulletin {
    /// The two-digit year: 8 for MS08-067.
    pub fn year(&self) -> u8 {
        parse_bulletin_id(self.id).map_or(0, |(y, _)| y)
    }

    /// The distinct KB numbers the bulletin shipped, ascending.
    pub fn kbs(&self) -> impl Iterator<Item = u32> + '_ {
        self.entries.iter().filter_map(|e| e.kb)
    }

    /// Whether the bulletin shipped KB `kb`.
    pub fn has_kb(&self, kb: u32) -> bool {
        self.entries.binary_search_by(|e| cmp_kb(e.kb, kb)).is_ok()
    }

    /// The entry of KB `kb`.
    pub fn entry(&self, kb: u32) -> Option<&KbEntry> {
        let i = self.entries.binary_search_by(|e| cmp_kb(e.kb, kb)).ok()?;
        Some(&self.entries[i])
    }

    /// Every Windows release the bulletin lists, over all its KBs.
    pub fn os_keys(&self) -> OsKeySet {
        self.entries.iter().fold(OsKeySet::EMPTY, |acc, e| acc.union(e.os))
    }

    /// Whether the bulletin lists any Windows operating system (with or without an OS key).
    pub fn lists_windows_os(&self) -> bool {
        self.entries
            .iter()
            .any(|e| !e.os.is_empty() || e.other_windows_products > 0)
    }

    /// Whether the bulletin lists only products that are not an operating system (Office, SQL
    /// Server…): a package for it can target any Windows edition.
    pub fn affects_only_non_os(&self) -> bool {
        !self.lists_windows_os() && self.entries.iter().any(|e| e.non_os_products > 0)
    }

    /// The distinct KBs the bulletin shipped for any of `keys`, ascending.
    pub fn kbs_for_keys(&self, keys: OsKeySet) -> impl Iterator<Item = u32> + '_ {
        self.entries
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
        f.write_str(self.id)
    }
}

struct BulletinCatalog {
    /// Sorted by (year, number).
    bulletins: Vec<Bulletin>,
    keys: Vec<(u8, u16)>,
    by_kb: HashMap<u32, Vec<usize>>,
    /// The product strings the service-pack levels name, by row number.
    products: Vec<&'static str>,
}

fn catalog() -> &'static BulletinCatalog {
    static CATALOG: OnceLock<BulletinCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        parse(DATA).unwrap_or_else(|e| panic!("embedded bulletin catalog (src/catalog/data/bulletins.tsv): {e}"))
    })
}

fn parse_os_keys(text: &str) -> Option<OsKeySet> {
    let mut set = OsKeySet::EMPTY;
    if text == "-" {
        return Some(set);
    }
    for group in text.split(' ') {
        let (family, arches) = group.split_once('/')?;
        let family = super::os::OsFamily::from_key(family)?;
        for arch in arches.split(',') {
            set.insert(OsKey::new(family, super::os::Arch::parse(arch)?));
        }
    }
    Some(set)
}

fn parse(data: &'static str) -> Result<BulletinCatalog, String> {
    let mut bulletins: Vec<Bulletin> = Vec::new();
    let mut products: Vec<&'static str> = Vec::new();
    for line in super::data_lines(data) {
        if let Some(product) = line.strip_prefix('=') {
            let [row, text] = fields::<2>(product, "bulletins.tsv")?;
            if row.parse::<usize>().ok() != Some(products.len()) {
                return Err(format!("product row {row} out of order"));
            }
            products.push(text);
        } else if let Some(kb_line) = line.strip_prefix('\t') {
            let [kb, os, other, non_os, sps] = fields::<5>(kb_line, "bulletins.tsv")?;
            let b = bulletins.last_mut().ok_or("a KB line before the first bulletin")?;
            let entry = KbEntry {
                kb: match opt(kb) {
                    Some(k) => Some(k.parse().map_err(|_| format!("{}: bad KB {k}", b.id))?),
                    None => None,
                },
                os: parse_os_keys(os).ok_or_else(|| format!("{}: bad OS keys {os:?}", b.id))?,
                other_windows_products: other.parse().map_err(|_| format!("{}: bad count", b.id))?,
                non_os_products: non_os.parse().map_err(|_| format!("{}: bad count", b.id))?,
                service_packs: SpLevels(if sps == "-" { "" } else { sps }),
            };
            if let Some(prev) = b.entries.last() {
                let ordered = match (prev.kb, entry.kb) {
                    (Some(p), Some(k)) => p < k,
                    (Some(_), None) => true,
                    (None, _) => false,
                };
                if !ordered {
                    return Err(format!("{}: KBs out of order", b.id));
                }
            }
            b.entries.push(entry);
        } else {
            let [id, date, bulletin_kb] = fields::<3>(line, "bulletins.tsv")?;
            if parse_bulletin_id(id).is_none() || !id.starts_with("MS") {
                return Err(format!("bad bulletin id {id:?}"));
            }
            bulletins.push(Bulletin {
                id,
                date: Date::parse(date).ok_or_else(|| format!("{id}: bad date {date}"))?,
                bulletin_kb: match opt(bulletin_kb) {
                    Some(k) => Some(k.parse().map_err(|_| format!("{id}: bad bulletin KB {k}"))?),
                    None => None,
                },
                entries: Vec::new(),
            });
        }
    }
    let keys: Vec<(u8, u16)> = bulletins.iter().filter_map(|b| parse_bulletin_id(b.id)).collect();
    if keys.len() != bulletins.len() || keys.windows(2).any(|w| w[0] >= w[1]) {
        return Err("bulletins are not in ascending order".to_string());
    }
    let mut by_kb: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, b) in bulletins.iter().enumerate() {
        for kb in b.kbs() {
            by_kb.entry(kb).or_default().push(i);
        }
    }
    Ok(BulletinCatalog {
        bulletins,
        keys,
        by_kb,
        products,
    })
}

/// Parse a bulletin number of the exact form `MSyy-nnn` (`MS` in any case) into (year, number):
/// `MS08-067` → `(8, 67)`. Anything else (`MS08-67`, `MS0867`, `MS-08-067`) is `None`.
pub fn parse_bulletin_id(id: &str) -> Option<(u8, u16)> {
    let b = id.as_bytes();
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
    &catalog().bulletins
}

/// The bulletin `id` (`MS08-067`; `MS` in any case, otherwise the exact `MSyy-nnn` form).
pub fn bulletin(id: &str) -> Option<&'static Bulletin> {
    let key = parse_bulletin_id(id)?;
    let c = catalog();
    let i = c.keys.binary_search(&key).ok()?;
    Some(&c.bulletins[i])
}

/// Whether the catalog covers two-digit year `yy`: 2001–2017 (MS01 … MS17). For MS98–MS00 the
/// catalog has no data, so only the format of such numbers can be checked.
pub fn catalog_covers_year(yy: u8) -> bool {
    (1..=17).contains(&yy)
}

/// The ids of every bulletin (`MS01-001` … `MS17-023`), in order, e.g. for suggestions.
pub fn known_bulletin_ids() -> impl Iterator<Item = &'static str> {
    bulletins().iter().map(|b| b.id)
}

/// The bulletins that shipped KB `kb` (usually one; a few KBs, mostly Office and IE packages, are
/// listed again by later bulletins).
pub fn bulletins_with_kb(kb: u32) -> impl Iterator<Item = &'static Bulletin> {
    let c = catalog();
    c.by_kb.get(&kb).into_iter().flatten().map(|&i| &c.bulletins[i])
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
    fn service_pack_levels_are_read_on_demand_and_all_well_formed() {
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
        // Every item of every entry names a key it lists, levels and known rows.
        let rows = catalog().products.len();
        for b in bulletins() {
            for e in &b.entries {
                for item in e.service_packs.0.split(' ').filter(|i| !i.is_empty()) {
                    let (k, levels) = item.split_once(':').expect(item);
                    assert!(e.os.contains(key(k)), "{} {item}", b.id);
                    for l in levels.split(',') {
                        let (level, row) = l.split_once('@').expect(item);
                        assert!(level.parse::<u8>().is_ok(), "{item}");
                        assert!(row.parse::<usize>().is_ok_and(|r| r < rows), "{item}");
                    }
                    assert_eq!(e.sp_levels(key(k)).len(), levels.split(',').count(), "{item}");
                }
            }
        }
    }

    #[test]
    fn embedded_data_parses() {
        assert_eq!(bulletins().len(), 1371);
        assert_eq!(bulletins().first().map(|b| b.id), Some("MS01-001"));
        assert_eq!(bulletins().last().map(|b| b.id), Some("MS17-023"));
    }
}
