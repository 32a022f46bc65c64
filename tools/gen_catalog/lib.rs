//! Generator of dpmlint's embedded catalogs (`src/catalog/data/`).
//!
//! Inputs (all under the `shared` folder beside the project):
//! - `domain/windows-os.yaml`: Windows editions (`same_as` inheritance resolved here);
//! - `domain/languages.yaml`: languages, plus the further suffixes listed in its comments;
//! - `data/ms-bulletins.csv`: Microsoft's Security Bulletin Data, cleaned (see `data/SOURCE.md`).
//!
//! The output is a few small, line-oriented, tab-separated text files. The same inputs always give
//! byte-identical output: nothing depends on hash order, time or the machine.
//!
//! Used by `cargo run --example gen-catalog -- ../shared` (which writes the files) and by
//! `tests/catalog_fresh.rs` (which checks that the committed files are current).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use saphyr::{LoadableYamlNode, Scalar, Yaml};

/// Generate every catalog file from `shared`. Returns `(path relative to the crate root, contents)`
/// in a fixed order.
pub fn generate(shared: &Path) -> Result<Vec<(String, String)>, String> {
    let os_yaml = read(&shared.join("domain/windows-os.yaml"))?;
    let lang_yaml = read(&shared.join("domain/languages.yaml"))?;
    let bulletins_csv = shared.join("data/ms-bulletins.csv");

    let os = gen_os(&os_yaml)?;
    let languages = gen_languages(&lang_yaml)?;
    let (bulletins, products) = gen_bulletins(&bulletins_csv)?;
    Ok(vec![
        ("src/catalog/data/os.tsv".to_string(), os),
        ("src/catalog/data/languages.tsv".to_string(), languages),
        ("src/catalog/data/bulletins.rs".to_string(), bulletins_rust(&bulletins)?),
        ("src/catalog/data/products.tsv".to_string(), products),
    ])
}

/// The bulletin catalog as Rust source: static tables the binary uses as they are, with no
/// decoding at start and no pointer among them (an index takes a pointer's place), so the loader
/// has nothing to relocate and the pages stay shared. Made from the tab-separated text
/// [`gen_bulletins`] writes (whose format its header comments describe), so both say the same; the
/// header becomes the file's comments.
fn bulletins_rust(tsv: &str) -> Result<String, String> {
    let mut head = String::new();
    let mut products = String::new();
    let mut bulletins = String::new();
    let mut entries = String::new();
    let mut sp_rows = String::new();
    // (kb, bulletin index), sorted afterwards.
    let mut by_kb: Vec<(u32, usize)> = Vec::new();
    // The bulletin being written: its line up to the first entry's index, and its entry count.
    let mut open: Option<(String, usize)> = None;
    let (mut bulletin_count, mut entry_count, mut sp_count) = (0usize, 0usize, 0usize);
    let close = |open: &mut Option<(String, usize)>, bulletins: &mut String, entry_count: usize| {
        if let Some((line, first)) = open.take() {
            let _ = writeln!(bulletins, "{line}{first}, {}),", entry_count - first);
        }
    };
    for line in tsv.lines() {
        if let Some(comment) = line.strip_prefix('#') {
            let _ = writeln!(head, "//{}", comment.replace('\t', "    "));
        } else if let Some(product) = line.strip_prefix('=') {
            let (_, text) = product.split_once('\t').ok_or("a product line without a tab")?;
            let _ = writeln!(products, "    {text:?},");
        } else if let Some(kb_line) = line.strip_prefix('\t') {
            let f: Vec<&str> = kb_line.split('\t').collect();
            let [kb, os, other, non_os, sps] = f[..] else {
                return Err(format!("bad KB line {kb_line:?}"));
            };
            let kb_expr = if kb == "-" {
                "None".to_string()
            } else {
                let k: u32 = kb.parse().map_err(|_| format!("bad KB {kb:?}"))?;
                by_kb.push((k, bulletin_count - 1));
                format!("Some({k})")
            };
            let mut keys = Vec::new();
            if os != "-" {
                for group in os.split(' ') {
                    let (family, arches) = group.split_once('/').ok_or("bad OS key group")?;
                    let family = rust_variant(FAMILIES[family_index(family)?]);
                    for arch in arches.split(',') {
                        keys.push(format!("({family}, {})", rust_variant(ARCHES[arch_index(arch)?])));
                    }
                }
            }
            let first_sp = sp_count;
            let mut rows = Vec::new();
            for item in sps.split(' ').filter(|i| !i.is_empty() && *i != "-") {
                let (key, levels) = item.split_once(':').ok_or("bad service-pack item")?;
                let (family, arch) = key.split_once('/').ok_or("bad service-pack key")?;
                let family = rust_variant(FAMILIES[family_index(family)?]);
                let arch = rust_variant(ARCHES[arch_index(arch)?]);
                for level in levels.split(',') {
                    let (level, row) = level.split_once('@').ok_or("bad service-pack level")?;
                    let level: u8 = level.parse().map_err(|_| format!("bad level {level:?}"))?;
                    let row: u16 = row.parse().map_err(|_| format!("bad product row {row:?}"))?;
                    rows.push(format!("s({family}, {arch}, {level}, {row})"));
                    sp_count += 1;
                }
            }
            if !rows.is_empty() {
                let _ = writeln!(sp_rows, "    {},", rows.join(", "));
            }
            let _ = writeln!(
                entries,
                "    e({kb_expr}, &[{}], {other}, {non_os}, {first_sp}, {}),",
                keys.join(", "),
                sp_count - first_sp
            );
            entry_count += 1;
        } else {
            let f: Vec<&str> = line.split('\t').collect();
            let [id, date, bkb] = f[..] else {
                return Err(format!("bad bulletin line {line:?}"));
            };
            let mut ymd = date.split('-').map(|p| p.trim_start_matches('0'));
            let (y, m, d) = (
                ymd.next().unwrap_or("0"),
                ymd.next().unwrap_or("0"),
                ymd.next().unwrap_or("0"),
            );
            let bkb = if bkb == "-" {
                "None".to_string()
            } else {
                format!("Some({bkb})")
            };
            close(&mut open, &mut bulletins, entry_count);
            let _ = writeln!(entries, "    // {id}");
            open = Some((format!("    b({id:?}, d({y}, {m}, {d}), {bkb}, "), entry_count));
            bulletin_count += 1;
        }
    }
    close(&mut open, &mut bulletins, entry_count);
    for (what, count, most) in [
        ("bulletins", bulletin_count, usize::from(u16::MAX)),
        ("KB entries", entry_count, usize::from(u16::MAX)),
        ("service-pack rows", sp_count, usize::from(u16::MAX)),
    ] {
        if count > most {
            return Err(format!("{count} {what}: more than a u16 index holds"));
        }
    }
    by_kb.sort_unstable();
    let mut out = head;
    out.push_str(
        "\n// In Rust: `b(id, date, bulletin KB, first entry, entry count)` with its KBs in `ENTRIES`,\n\
         // `e(kb, OS keys, other Windows OS products, non-OS products, first service-pack row, row count)`\n\
         // with its levels in `SP_ROWS`, `s(family, arch, level, product row)`; `BY_KB` lists (KB,\n\
         // bulletin index) in KB order. Indexes, not references: nothing here is relocated at start.\n\n\
         use crate::catalog::os::Arch::*;\nuse crate::catalog::os::OsFamily::*;\n\
         use super::{Bulletin, KbEntry, SpRow, b, d, e, s};\n\n",
    );
    let _ = writeln!(out, "/// The product rows that service-pack levels name, by number.");
    let _ = writeln!(out, "pub(super) static PRODUCTS: &[&str] = &[\n{products}];\n");
    let _ = writeln!(out, "/// Every bulletin, in (year, number) order.");
    let _ = writeln!(out, "pub(super) static BULLETINS: &[Bulletin] = &[\n{bulletins}];\n");
    let _ = writeln!(out, "/// Every bulletin's KB entries, bulletin by bulletin.");
    let _ = writeln!(out, "pub(super) static ENTRIES: &[KbEntry] = &[\n{entries}];\n");
    let _ = writeln!(out, "/// The service-pack levels the KB entries name, entry by entry.");
    let _ = writeln!(out, "pub(super) static SP_ROWS: &[SpRow] = &[\n{sp_rows}];\n");
    let _ = writeln!(out, "/// (KB, index into `BULLETINS`), in KB order.");
    out.push_str("pub(super) static BY_KB: &[(u32, u16)] = &[\n");
    for chunk in by_kb.chunks(8) {
        let items: Vec<String> = chunk.iter().map(|(k, i)| format!("({k}, {i})")).collect();
        let _ = writeln!(out, "    {},", items.join(", "));
    }
    out.push_str("];\n");
    Ok(out)
}

/// `ws2008r2` → `Ws2008R2`, `x86` → `X86`, `ia64` → `Ia64`: the variant of `OsFamily` or `Arch`.
fn rust_variant(key: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in key.chars() {
        if upper {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        upper = false;
    }
    // `ws2008r2` / `ws2012r2`: the release suffix is upper case in the enum.
    out.replace("r2", "R2")
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

const HEADER_NOTE: &str = "# Generated by `cargo run --example gen-catalog -- ../shared` \
(tools/gen_catalog); do not edit by hand.\n";

/// A field value must not break the line format.
fn clean(field: &str, what: &str) -> Result<String, String> {
    let v = field.trim();
    if v.contains(['\t', '\n', '\r']) {
        return Err(format!("{what}: value {v:?} holds a tab or line break"));
    }
    Ok(if v.is_empty() { "-".to_string() } else { v.to_string() })
}

// ------------------------------------------------------------------------------------------------
// OS families and the keys shared by the OS and bulletin catalogs
// ------------------------------------------------------------------------------------------------

/// OS family keys, in the order of `catalog::OsFamily` (the runtime enum).
const FAMILIES: &[&str] = &[
    "nt4", "win9x", "w2k", "xp", "ws2003", "vista", "ws2008", "win7", "ws2008r2", "win8", "ws2012", "win81",
    "ws2012r2", "win10", "ws2016",
];

/// Architectures, in the order of `catalog::Arch`.
const ARCHES: &[&str] = &["x86", "x64", "ia64", "arm"];

fn family_index(key: &str) -> Result<usize, String> {
    FAMILIES
        .iter()
        .position(|f| *f == key)
        .ok_or_else(|| format!("unknown OS family key {key:?}"))
}

fn arch_index(key: &str) -> Result<usize, String> {
    ARCHES
        .iter()
        .position(|a| *a == key)
        .ok_or_else(|| format!("unknown architecture {key:?}"))
}

/// Which family each edition of `windows-os.yaml` belongs to. The yaml has no family field: the
/// family is what ties an edition to the bulletin catalog's OS keys (family + architecture).
/// Windows Server 2003 R2 is Server 2003 (same build 3790, same updates), so it maps to `ws2003`.
/// A new entry in the yaml must be added here (the generator fails otherwise).
const EDITION_FAMILY: &[(&str, &str)] = &[
    ("w2k-server", "w2k"),
    ("w2k-advserver", "w2k"),
    ("ws2003-std-x86", "ws2003"),
    ("ws2003-ent-x86", "ws2003"),
    ("ws2003-std-x64", "ws2003"),
    ("ws2003-ent-x64", "ws2003"),
    ("ws2008-std-x86", "ws2008"),
    ("ws2008-ent-x86", "ws2008"),
    ("ws2008-std-x64", "ws2008"),
    ("ws2008-ent-x64", "ws2008"),
    ("ws2003-r2", "ws2003"),
    ("winxp-pro-x86", "xp"),
    ("winxp-pro-x64", "xp"),
    ("vista", "vista"),
    ("win7", "win7"),
    ("ws2008r2", "ws2008r2"),
    ("ws2012", "ws2012"),
    ("ws2012r2", "ws2012r2"),
];

// ------------------------------------------------------------------------------------------------
// YAML helpers
// ------------------------------------------------------------------------------------------------

fn load_yaml<'a>(text: &'a str, what: &str) -> Result<Yaml<'a>, String> {
    let mut docs = Yaml::load_from_str(text).map_err(|e| format!("{what}: invalid YAML: {e}"))?;
    if docs.len() != 1 {
        return Err(format!("{what}: expected one YAML document, found {}", docs.len()));
    }
    Ok(docs.remove(0))
}

/// A scalar as text (strings as they are, integers and booleans in their usual spelling).
fn scalar_text(node: &Yaml) -> Option<String> {
    match node {
        Yaml::Value(Scalar::String(s)) => Some(s.to_string()),
        Yaml::Value(Scalar::Integer(i)) => Some(i.to_string()),
        Yaml::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        Yaml::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        Yaml::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

fn mapping_entries<'a, 'y>(node: &'a Yaml<'y>) -> Option<Vec<(String, &'a Yaml<'y>)>> {
    let map = node.as_mapping()?;
    let mut out = Vec::new();
    for (k, v) in map {
        out.push((scalar_text(k)?, v));
    }
    Some(out)
}

// ------------------------------------------------------------------------------------------------
// OS editions
// ------------------------------------------------------------------------------------------------

fn gen_os(text: &str) -> Result<String, String> {
    let doc = load_yaml(text, "windows-os.yaml")?;
    let entries = doc
        .as_mapping_get("entries")
        .and_then(|e| e.as_vec())
        .ok_or("windows-os.yaml: no `entries` list")?;

    // Every entry as a field map, in file order.
    let mut raw: Vec<(String, BTreeMap<String, &Yaml<'_>>)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let fields = mapping_entries(e).ok_or(format!("windows-os.yaml: entry {i} is not a mapping"))?;
        let map: BTreeMap<String, &Yaml<'_>> = fields.into_iter().collect();
        let id = map
            .get("id")
            .and_then(|v| scalar_text(v))
            .ok_or(format!("windows-os.yaml: entry {i} has no id"))?;
        if raw.iter().any(|(other, _)| *other == id) {
            return Err(format!("windows-os.yaml: duplicate id {id}"));
        }
        raw.push((id, map));
    }

    // Resolve `same_as`: an entry inherits every field it does not set itself (recursively).
    let lookup = |id: &str| raw.iter().find(|(i, _)| i == id).map(|(_, m)| m);
    let mut resolved = Vec::new();
    for (id, fields) in &raw {
        let mut merged = fields.clone();
        let mut seen = vec![id.clone()];
        let mut base_id = fields.get("same_as").and_then(|v| scalar_text(v));
        while let Some(b) = base_id {
            if seen.contains(&b) {
                return Err(format!("windows-os.yaml: same_as cycle at {id}"));
            }
            let base = lookup(&b).ok_or(format!("windows-os.yaml: {id}: same_as {b} is unknown"))?;
            for (k, v) in base.iter() {
                merged.entry(k.clone()).or_insert(v);
            }
            seen.push(b);
            base_id = base.get("same_as").and_then(|v| scalar_text(v));
        }
        resolved.push((id.clone(), merged));
    }

    let mut out = String::new();
    out.push_str("# dpmlint OS catalog: Windows editions from shared/domain/windows-os.yaml, `same_as` resolved.\n");
    out.push_str(HEADER_NOTE);
    out.push_str(
        "# Columns (tab-separated; `-` = none):\n\
         #   id family arch nt_version rtm_build dpm_auto_update update_file update_language_specific\n\
         #   update_token service_packs released support_end dpm_name ms_name ja_name\n\
         # arch: comma-separated. update_token: one token, or `arch=token` pairs separated by spaces.\n\
         # service_packs: `sp=version` pairs separated by spaces, lowest (the release level) first.\n",
    );
    for (id, f) in &resolved {
        let get = |k: &str| f.get(k).and_then(|v| scalar_text(v));
        let req = |k: &str| get(k).ok_or(format!("windows-os.yaml: {id} has no {k}"));
        let family = EDITION_FAMILY
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, fam)| *fam)
            .ok_or(format!(
                "generator: no family for edition {id}; add it to EDITION_FAMILY"
            ))?;
        family_index(family)?;

        let arch_node = f
            .get("arch")
            .and_then(|v| v.as_vec())
            .ok_or(format!("{id}: no arch list"))?;
        let mut arches = Vec::new();
        for a in arch_node {
            let a = scalar_text(a).ok_or(format!("{id}: bad arch"))?;
            arch_index(&a)?;
            arches.push(a);
        }

        let nt_version = req("nt_version")?;
        let rtm_build = req("rtm_build")?;
        rtm_build
            .parse::<u32>()
            .map_err(|_| format!("{id}: rtm_build {rtm_build:?} is not a number"))?;
        let auto = match req("dpm_auto_update")?.as_str() {
            "true" => "yes",
            "false" => "no",
            v => return Err(format!("{id}: dpm_auto_update {v:?} is not a boolean")),
        };
        let update_file = req("update_file")?;
        if update_file != "exe" && update_file != "msu" {
            return Err(format!("{id}: update_file {update_file:?} is neither exe nor msu"));
        }
        let lang_specific = match req("update_language_specific")?.as_str() {
            "true" => "yes",
            "false" => "no",
            v => {
                return Err(format!("{id}: update_language_specific {v:?} is not a boolean"));
            }
        };
        let token = update_tokens(&req("update_token")?, id)?;

        let sps = f
            .get("service_packs")
            .and_then(|v| v.as_vec())
            .ok_or(format!("{id}: no service_packs"))?;
        let mut levels: Vec<(u8, String)> = Vec::new();
        for sp in sps {
            let sp_no = sp
                .as_mapping_get("sp")
                .and_then(scalar_text)
                .and_then(|s| s.parse::<u8>().ok())
                .ok_or(format!("{id}: service pack without a numeric sp"))?;
            let version = sp
                .as_mapping_get("version")
                .and_then(scalar_text)
                .ok_or(format!("{id}: SP{sp_no} has no version"))?;
            let version = clean(&version, id)?;
            levels.push((sp_no, version));
        }
        levels.sort();
        levels.dedup_by(|a, b| a.0 == b.0);
        if levels.is_empty() {
            return Err(format!("{id}: no service pack levels"));
        }
        let sp_field: Vec<String> = levels.iter().map(|(n, v)| format!("{n}={v}")).collect();

        let row = [
            clean(id, id)?,
            family.to_string(),
            arches.join(","),
            clean(&nt_version, id)?,
            rtm_build,
            auto.to_string(),
            update_file,
            lang_specific.to_string(),
            token,
            sp_field.join(" "),
            clean(&get("released").unwrap_or_default(), id)?,
            clean(&get("support_end").unwrap_or_default(), id)?,
            clean(&req("dpm_name")?, id)?,
            clean(&req("ms_name")?, id)?,
            clean(&req("ja_name")?, id)?,
        ];
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    Ok(out)
}

/// `WindowsServer2003` → `WindowsServer2003`;
/// `WindowsServer2003 (x86), WindowsServer2003.WindowsXP (x64)` → `x86=WindowsServer2003 x64=…`.
fn update_tokens(text: &str, id: &str) -> Result<String, String> {
    let text = text.trim();
    if !text.contains('(') {
        if text.is_empty() || text.contains([' ', ',']) {
            return Err(format!("{id}: cannot read update_token {text:?}"));
        }
        return Ok(text.to_string());
    }
    let mut parts = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        let (token, rest) = part
            .split_once('(')
            .ok_or(format!("{id}: cannot read update_token part {part:?}"))?;
        let arch = rest
            .strip_suffix(')')
            .ok_or(format!("{id}: cannot read update_token part {part:?}"))?
            .trim();
        arch_index(arch)?;
        let token = token.trim();
        if token.is_empty() || token.contains(' ') {
            return Err(format!("{id}: cannot read update_token part {part:?}"));
        }
        parts.push(format!("{arch}={token}"));
    }
    Ok(parts.join(" "))
}

// ------------------------------------------------------------------------------------------------
// Languages
// ------------------------------------------------------------------------------------------------

/// Tag and names for the languages that `languages.yaml` lists only in a comment (suffix, LANGID,
/// code page). Tag = Windows' culture name for that LANGID; the English and Japanese names are the
/// usual ones. These names are our addition (background knowledge), the suffix/LANGID/code page
/// come from the comment and are checked against this table.
const COMMENT_LANGUAGES: &[(&str, u16, &str, &str, &str)] = &[
    // suffix, LANGID, tag, English name, Japanese name
    ("ARA", 0x0401, "ar-SA", "Arabic", "アラビア語"),
    ("CSY", 0x0405, "cs-CZ", "Czech", "チェコ語"),
    ("DAN", 0x0406, "da-DK", "Danish", "デンマーク語"),
    ("ELL", 0x0408, "el-GR", "Greek", "ギリシャ語"),
    ("FIN", 0x040B, "fi-FI", "Finnish", "フィンランド語"),
    ("HEB", 0x040D, "he-IL", "Hebrew", "ヘブライ語"),
    ("HUN", 0x040E, "hu-HU", "Hungarian", "ハンガリー語"),
    ("NLD", 0x0413, "nl-NL", "Dutch", "オランダ語"),
    ("NOR", 0x0414, "nb-NO", "Norwegian (Bokmål)", "ノルウェー語"),
    ("PLK", 0x0415, "pl-PL", "Polish", "ポーランド語"),
    ("PTB", 0x0416, "pt-BR", "Portuguese (Brazil)", "ポルトガル語(ブラジル)"),
    (
        "PTG",
        0x0816,
        "pt-PT",
        "Portuguese (Portugal)",
        "ポルトガル語(ポルトガル)",
    ),
    ("ETI", 0x0425, "et-EE", "Estonian", "エストニア語"),
    ("LTH", 0x0427, "lt-LT", "Lithuanian", "リトアニア語"),
    ("LVI", 0x0426, "lv-LV", "Latvian", "ラトビア語"),
    ("RUS", 0x0419, "ru-RU", "Russian", "ロシア語"),
    ("SVE", 0x041D, "sv-SE", "Swedish", "スウェーデン語"),
    ("TRK", 0x041F, "tr-TR", "Turkish", "トルコ語"),
];

struct Lang {
    tag: String,
    langid: u16,
    alt_langids: Vec<u16>,
    codepage: u16,
    suffix: String,
    auto: bool,
    basis: &'static str,
    name: String,
    ja: String,
}

fn parse_hex16(s: &str, what: &str) -> Result<u16, String> {
    let digits = s
        .trim()
        .strip_prefix("0x")
        .or_else(|| s.trim().strip_prefix("0X"))
        .ok_or(format!("{what}: {s:?} is not 0x-hex"))?;
    u16::from_str_radix(digits, 16).map_err(|_| format!("{what}: {s:?} is not 16-bit hex"))
}

fn gen_languages(text: &str) -> Result<String, String> {
    let doc = load_yaml(text, "languages.yaml")?;
    let list = doc
        .as_mapping_get("languages")
        .and_then(|l| l.as_vec())
        .ok_or("languages.yaml: no `languages` list")?;
    let mut langs: Vec<Lang> = Vec::new();
    for (i, l) in list.iter().enumerate() {
        let get = |k: &str| {
            l.as_mapping_get(k)
                .and_then(scalar_text)
                .ok_or(format!("languages.yaml: entry {i} has no {k}"))
        };
        let tag = get("tag")?;
        let what = format!("languages.yaml {tag}");
        let langid = parse_hex16(&get("langid")?, &what)?;
        let langid_dec: u16 = get("langid_dec")?
            .parse()
            .map_err(|_| format!("{what}: langid_dec is not a number"))?;
        if langid != langid_dec {
            return Err(format!("{what}: langid and langid_dec disagree"));
        }
        let codepage: u16 = get("codepage")?
            .parse()
            .map_err(|_| format!("{what}: codepage is not a number"))?;
        let alt_langids = match l.as_mapping_get("alt_langid").and_then(scalar_text) {
            Some(a) => vec![parse_hex16(&a, &what)?],
            None => Vec::new(),
        };
        let auto = match get("dpm_auto_update")?.as_str() {
            "true" => true,
            "false" => false,
            v => return Err(format!("{what}: dpm_auto_update {v:?} is not a boolean")),
        };
        langs.push(Lang {
            tag,
            langid,
            alt_langids,
            codepage,
            suffix: get("ms_suffix")?,
            auto,
            basis: "listed",
            name: get("name")?,
            ja: get("ja")?,
        });
    }

    // The further suffixes in the comment after the list: `ABC 0x0401 1256` triples. The ones after
    // "From K" are background knowledge (unverified), the others were seen in Microsoft's table (S1).
    let mut in_comment_block = false;
    let mut basis = "comment-S1";
    let mut found = 0;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("# further suffixes") {
            in_comment_block = true;
        } else if in_comment_block && !t.starts_with('#') {
            break;
        }
        if !in_comment_block {
            continue;
        }
        if t.contains("From K") {
            basis = "comment-K";
        }
        let body = t.trim_start_matches('#');
        let body = body.rsplit_once(':').map_or(body, |(_, rest)| rest);
        for item in body.split([',', '.']) {
            let words: Vec<&str> = item.split_whitespace().collect();
            let [suffix, langid, cp] = words.as_slice() else {
                continue;
            };
            if suffix.len() != 3 || !suffix.chars().all(|c| c.is_ascii_uppercase()) {
                continue;
            }
            let what = format!("languages.yaml comment {suffix}");
            let langid = parse_hex16(langid, &what)?;
            let codepage: u16 = cp.parse().map_err(|_| format!("{what}: bad code page"))?;
            let &(_, known_id, tag, name, ja) = COMMENT_LANGUAGES.iter().find(|(s, ..)| s == suffix).ok_or(format!(
                "generator: no tag/names for {suffix}; add it to COMMENT_LANGUAGES"
            ))?;
            if known_id != langid {
                return Err(format!(
                    "{what}: LANGID {langid:#06x} disagrees with {tag} ({known_id:#06x})"
                ));
            }
            if langs.iter().any(|l| l.suffix == *suffix) {
                continue;
            }
            langs.push(Lang {
                tag: tag.to_string(),
                langid,
                alt_langids: Vec::new(),
                codepage,
                suffix: suffix.to_string(),
                auto: false,
                basis,
                name: name.to_string(),
                ja: ja.to_string(),
            });
            found += 1;
        }
    }
    if found != COMMENT_LANGUAGES.len() {
        return Err(format!(
            "languages.yaml: read {found} suffixes from the comment, expected {}",
            COMMENT_LANGUAGES.len()
        ));
    }

    // Canonical code: the primary subtag when no other language shares it (`ja`, `en`, `de`),
    // else the whole tag (`zh-CN`, `zh-TW`, `zh-HK`, `pt-BR`, `pt-PT`).
    let primary = |tag: &str| tag.split('-').next().unwrap_or(tag).to_string();
    let mut out = String::new();
    out.push_str("# dpmlint language catalog: shared/domain/languages.yaml (`languages` list, and the further\n");
    out.push_str(
        "# suffixes its comment lists: basis comment-S1 = seen in Microsoft's table, comment-K = background\n",
    );
    out.push_str("# knowledge; for those the tag and names were added by the generator).\n");
    out.push_str(HEADER_NOTE);
    out.push_str(
        "# Columns (tab-separated; `-` = none):\n\
         #   code tag langid alt_langids codepage ms_suffix dpm_auto_update basis name_en name_ja\n",
    );
    let mut seen_codes = BTreeSet::new();
    for l in &langs {
        let p = primary(&l.tag);
        let shared = langs.iter().filter(|o| primary(&o.tag) == p).count() > 1;
        let code = if shared { l.tag.clone() } else { p };
        if !seen_codes.insert(code.clone()) {
            return Err(format!("languages: duplicate code {code}"));
        }
        let alts: Vec<String> = l.alt_langids.iter().map(|a| format!("{a:04X}")).collect();
        let row = [
            code,
            clean(&l.tag, "tag")?,
            format!("{:04X}", l.langid),
            if alts.is_empty() {
                "-".to_string()
            } else {
                alts.join(",")
            },
            l.codepage.to_string(),
            clean(&l.suffix, "suffix")?,
            (if l.auto { "yes" } else { "no" }).to_string(),
            l.basis.to_string(),
            clean(&l.name, "name")?,
            clean(&l.ja, "ja")?,
        ];
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    Ok(out)
}

// ------------------------------------------------------------------------------------------------
// Bulletins
// ------------------------------------------------------------------------------------------------

/// How a product string of the bulletin data is classified.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    /// A Windows OS release we have a key for: (family index, arch index).
    Os(usize, usize),
    /// A Windows OS product without a key (Small Business Server, Home Server, Embedded, a beta).
    OtherOs,
    /// Not an operating system: Office, SQL Server, Exchange, a runtime or a component.
    NotOs,
    /// The source row names no product.
    Empty,
}

/// Families of Windows, matched at the start of a product string after it is lower-cased, its
/// runs of spaces collapsed and a leading "microsoft " dropped. A prefix must end at the end of the
/// string or before a space or comma. Longer prefixes come first. The third column is the
/// architecture when the string names none (the 64-bit-only server releases default to x64).
///
/// Examples: "Microsoft Windows Server 2003 Service Pack 2" → ws2003/x86;
/// "Windows Server 2003 R2 x64 Edition Service Pack 2" → ws2003/x64 (R2 is Server 2003);
/// "Windows Server 2008 for 32-bit Systems Service Pack 2" → ws2008/x86;
/// "Windows Server 2012 R2 (Server Core installation)" → ws2012r2/x64 (Server Core is an install
/// option of the same release); "Windows RT 8.1" → win81/arm.
const FAMILY_PREFIXES: &[(&str, &str, &str)] = &[
    ("windows nt workstation 4.0", "nt4", "x86"),
    ("windows nt server 4.0", "nt4", "x86"),
    ("windows nt 4.0", "nt4", "x86"),
    ("windows nt 4", "nt4", "x86"),
    ("windows nt4", "nt4", "x86"),
    ("windows 95", "win9x", "x86"),
    ("windows 98", "win9x", "x86"),
    ("windows millennium", "win9x", "x86"),
    ("windows me", "win9x", "x86"),
    ("windows 2000", "w2k", "x86"), // Professional, Server, Advanced Server, Datacenter Server
    ("windows xp", "xp", "x86"),    // also Media Center and Tablet PC editions (x86)
    ("windows server 2003", "ws2003", "x86"), // also R2
    ("windows vista", "vista", "x86"),
    ("windows server 2008 r2", "ws2008r2", "x64"),
    ("windows server 2008", "ws2008", "x86"),
    ("windows 7", "win7", "x86"),
    ("windows rt 8.1", "win81", "arm"),
    ("windows rt", "win8", "arm"),
    ("windows 8.1", "win81", "x86"),
    ("windows 8", "win8", "x86"),
    ("windows server 2012 r2", "ws2012r2", "x64"),
    ("windows server 2012", "ws2012", "x64"),
    ("windows 10", "win10", "x86"), // every version (1511, 1607) is the same family
    ("windows server 2016", "ws2016", "x64"),
];

/// Products that start like an OS family but are add-ons or pre-releases, not the OS.
const NOT_THE_OS: &[(&str, Class)] = &[
    ("option pack", Class::NotOs), // "Windows NT Server 4.0 Option Pack" (IIS 4 etc.)
    ("beta", Class::OtherOs),      // "Windows XP Beta 2": a pre-release, not mapped
];

/// Windows operating systems outside the families above (no key; counted as "other Windows OS").
const OTHER_WINDOWS_OS: &[&str] = &[
    "small business server", // SBS 2000/2003 (R2): bulletins name their server add-ons
    "home server",
    "windows embedded",
];

fn normalise_product(product: &str) -> String {
    let lower = product.to_lowercase();
    let collapsed = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.strip_prefix("microsoft ") {
        Some(rest) => rest.to_string(),
        None => collapsed,
    }
}

fn classify(product: &str) -> Result<Class, String> {
    if product.trim().is_empty() {
        return Ok(Class::Empty);
    }
    let p = normalise_product(product);
    for (prefix, family, default_arch) in FAMILY_PREFIXES {
        let Some(rest) = p.strip_prefix(prefix) else {
            continue;
        };
        if !(rest.is_empty() || rest.starts_with([' ', ','])) {
            continue;
        }
        if let Some((_, class)) = NOT_THE_OS.iter().find(|(word, _)| rest.contains(word)) {
            return Ok(class.clone());
        }
        // Architecture named in the string: "Itanium-based" and XP/2003's "64-Bit Edition" are
        // Itanium; "x64 Edition" / "for x64-based Systems" are x64; "for 32-bit Systems" is x86.
        let arch = if rest.contains("itanium") || rest.contains("64-bit edition") {
            "ia64"
        } else if rest.contains("x64") {
            "x64"
        } else if rest.contains("32-bit") {
            "x86"
        } else {
            default_arch
        };
        return Ok(Class::Os(family_index(family)?, arch_index(arch)?));
    }
    if OTHER_WINDOWS_OS.iter().any(|w| p.contains(w)) {
        return Ok(Class::OtherOs);
    }
    Ok(Class::NotOs)
}

#[derive(Default)]
struct KbAgg {
    os: BTreeSet<(usize, usize)>,
    /// OS key → service-pack level named by a row (0: a row that names none) → the first product
    /// string naming it.
    sp: BTreeMap<(usize, usize), BTreeMap<u8, String>>,
    other_os: BTreeSet<String>,
    not_os: BTreeSet<String>,
}

#[derive(Default)]
struct BulletinAgg {
    date: String,
    bulletin_kb: String,
    /// KB (None when the source row has none) → products.
    kbs: BTreeMap<Option<u32>, KbAgg>,
}

/// The service-pack levels a Windows product string names: `… Service Pack 2` → [2]; `Windows XP
/// and Windows XP Service Pack 1` → [0, 1] (a part without a level is the release, or any level);
/// no level named → [0]. `Service Pack 6a` is 6.
fn sp_levels(product: &str) -> Vec<u8> {
    let p = normalise_product(product);
    let mut levels = Vec::new();
    let mut rest = p.as_str();
    while let Some(at) = rest.find("service pack ") {
        rest = &rest[at + "service pack ".len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(level) = digits.parse::<u8>() {
            levels.push(level);
        }
    }
    if levels.is_empty() || p.contains(" and ") {
        levels.push(0);
    }
    levels.sort_unstable();
    levels.dedup();
    levels
}

fn is_bulletin_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 8
        && id.starts_with("MS")
        && b[2].is_ascii_digit()
        && b[3].is_ascii_digit()
        && b[4] == b'-'
        && b[5..].iter().all(u8::is_ascii_digit)
}

fn is_iso_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn gen_bulletins(path: &Path) -> Result<(String, String), String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let headers = reader.headers().map_err(|e| format!("ms-bulletins.csv: {e}"))?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or(format!("ms-bulletins.csv: no column {name}"))
    };
    let (c_bulletin, c_kb, c_product, c_date, c_bkb) = (
        col("bulletin")?,
        col("kb")?,
        col("product")?,
        col("date_posted")?,
        col("bulletin_kb")?,
    );

    let mut bulletins: BTreeMap<String, BulletinAgg> = BTreeMap::new();
    // product string → (class, number of rows)
    let mut products: BTreeMap<String, (Class, usize)> = BTreeMap::new();
    let mut rows = 0usize;
    for (line, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| format!("ms-bulletins.csv row {}: {e}", line + 2))?;
        let field = |c: usize| rec.get(c).unwrap_or("").trim().to_string();
        let id = field(c_bulletin);
        if !is_bulletin_id(&id) {
            return Err(format!("ms-bulletins.csv row {}: bad bulletin {id:?}", line + 2));
        }
        let kb_text = field(c_kb);
        let kb = if kb_text.is_empty() {
            None
        } else {
            Some(
                kb_text
                    .parse::<u32>()
                    .map_err(|_| format!("row {}: bad kb {kb_text:?}", line + 2))?,
            )
        };
        let date = field(c_date);
        if !is_iso_date(&date) {
            return Err(format!("ms-bulletins.csv row {}: bad date {date:?}", line + 2));
        }
        let bkb = field(c_bkb);
        if !bkb.is_empty() && bkb.parse::<u32>().is_err() {
            return Err(format!("ms-bulletins.csv row {}: bad bulletin_kb {bkb:?}", line + 2));
        }
        let product = field(c_product);
        let class = classify(&product)?;
        rows += 1;

        let b = bulletins.entry(id.clone()).or_default();
        if b.date.is_empty() {
            b.date = date;
        } else if b.date != date {
            return Err(format!("{id}: two dates ({} and {date})", b.date));
        }
        if b.bulletin_kb.is_empty() {
            b.bulletin_kb = bkb;
        } else if !bkb.is_empty() && b.bulletin_kb != bkb {
            return Err(format!("{id}: two bulletin KBs ({} and {bkb})", b.bulletin_kb));
        }
        let agg = b.kbs.entry(kb).or_default();
        match &class {
            Class::Os(f, a) => {
                agg.os.insert((*f, *a));
                let named = agg.sp.entry((*f, *a)).or_default();
                for level in sp_levels(&product) {
                    named.entry(level).or_insert_with(|| product.clone());
                }
            }
            Class::OtherOs => {
                agg.other_os.insert(product.clone());
            }
            Class::NotOs => {
                agg.not_os.insert(product.clone());
            }
            Class::Empty => {}
        }
        let entry = products.entry(product).or_insert((class, 0));
        entry.1 += 1;
    }

    // Coverage of the product normalisation.
    let count = |pred: &dyn Fn(&Class) -> bool| {
        let strings = products.values().filter(|(c, _)| pred(c)).count();
        let rows: usize = products.values().filter(|(c, _)| pred(c)).map(|(_, n)| n).sum();
        (strings, rows)
    };
    let (os_s, os_r) = count(&|c| matches!(c, Class::Os(..)));
    let (other_s, other_r) = count(&|c| matches!(c, Class::OtherOs));
    let (not_s, not_r) = count(&|c| matches!(c, Class::NotOs));
    let (empty_s, empty_r) = count(&|c| matches!(c, Class::Empty));
    let kb_entries: usize = bulletins.values().map(|b| b.kbs.len()).sum();

    let mut out = String::new();
    out.push_str("# dpmlint bulletin catalog, derived from Microsoft's Security Bulletin Data\n");
    out.push_str("# (shared/data/ms-bulletins.csv; see docs/catalog.md). Facts only: bulletin, date, KBs,\n");
    out.push_str("# affected Windows releases normalised to OS keys (family/arch), counts of other products.\n");
    out.push_str(HEADER_NOTE);
    let _ = writeln!(
        out,
        "# {} bulletins ({} .. {}), {kb_entries} KB entries, from {rows} source rows.",
        bulletins.len(),
        bulletins.keys().next().map_or("-", String::as_str),
        bulletins.keys().next_back().map_or("-", String::as_str),
    );
    let _ = writeln!(
        out,
        "# Product strings: {} distinct; {os_s} mapped to OS keys ({os_r} rows), {other_s} other Windows OS \
         without a key ({other_r} rows), {not_s} not an OS ({not_r} rows), {empty_s} empty ({empty_r} rows).",
        products.len()
    );
    out.push_str("# Windows-looking product strings not mapped to an OS key (class: other-os / not-os):\n");
    for (p, (c, n)) in &products {
        if matches!(c, Class::Os(..)) || !p.to_lowercase().contains("windows") {
            continue;
        }
        let class = if *c == Class::OtherOs { "other-os" } else { "not-os" };
        let rows = if *n == 1 {
            "1 row".to_string()
        } else {
            format!("{n} rows")
        };
        let _ = writeln!(out, "#   {class}\t{p}\t({rows})");
    }
    out.push_str(
        "# Format: a bulletin line `MSyy-nnn<TAB>date<TAB>bulletin KB`, then one line per KB:\n\
         # `<TAB>kb<TAB>os keys<TAB>other Windows OS products<TAB>non-OS products<TAB>service packs`.\n\
         # kb `-` = the source names none. OS keys: `family/arch,arch` groups separated by spaces.\n\
         # service packs: for each OS key whose every product row names a service-pack level,\n\
         # `key:level@row,level@row` items separated by spaces, `row` the number of the product string that\n\
         # names it first; `-` when no key's rows all name a level (a row without one is the release or\n\
         # any level). Product strings: `=row<TAB>string`, before the bulletins.\n",
    );
    // The product strings the service-pack items name, numbered in order.
    let mut sp_products: BTreeSet<&str> = BTreeSet::new();
    for b in bulletins.values() {
        for agg in b.kbs.values() {
            for named in agg.sp.values() {
                if !named.contains_key(&0) {
                    sp_products.extend(named.values().map(String::as_str));
                }
            }
        }
    }
    let sp_products: Vec<&str> = sp_products.into_iter().collect();
    for (i, p) in sp_products.iter().enumerate() {
        let _ = writeln!(out, "={i}\t{p}");
    }
    let row_of = |p: &str| sp_products.binary_search(&p).unwrap_or(0);
    for (id, b) in &bulletins {
        let bkb = if b.bulletin_kb.is_empty() {
            "-"
        } else {
            b.bulletin_kb.as_str()
        };
        let _ = writeln!(out, "{id}\t{}\t{bkb}", b.date);
        // KBs in numeric order, a missing KB last.
        let mut kbs: Vec<(&Option<u32>, &KbAgg)> = b.kbs.iter().collect();
        kbs.sort_by_key(|(kb, _)| (kb.is_none(), **kb));
        for (kb, agg) in kbs {
            let kb = kb.map_or("-".to_string(), |k| k.to_string());
            let mut items: Vec<String> = Vec::new();
            for ((f, a), named) in &agg.sp {
                if named.contains_key(&0) {
                    continue;
                }
                let levels: Vec<String> = named
                    .iter()
                    .map(|(level, product)| format!("{level}@{}", row_of(product)))
                    .collect();
                items.push(format!("{}/{}:{}", FAMILIES[*f], ARCHES[*a], levels.join(",")));
            }
            let sps = if items.is_empty() {
                "-".to_string()
            } else {
                items.join(" ")
            };
            let _ = writeln!(
                out,
                "\t{kb}\t{}\t{}\t{}\t{sps}",
                os_key_list(&agg.os),
                agg.other_os.len(),
                agg.not_os.len()
            );
        }
    }

    // The normalisation table, for review: every Windows OS product string and its key.
    let mut prod = String::new();
    prod.push_str("# How the product strings of Microsoft's Security Bulletin Data map to dpmlint's OS keys.\n");
    prod.push_str("# Documentation only (not embedded): every string classified as a Windows OS, with its key\n");
    prod.push_str("# (or `other-os` when no key exists) and the number of source rows.\n");
    prod.push_str(HEADER_NOTE);
    let _ = writeln!(
        prod,
        "# {} distinct product strings: {os_s} mapped, {other_s} other Windows OS, {not_s} not an OS \
         (not listed), {empty_s} empty.",
        products.len()
    );
    prod.push_str("# Columns: key, rows, product\n");
    let mut listed: Vec<(String, usize, &String)> = Vec::new();
    for (p, (c, n)) in &products {
        match c {
            Class::Os(f, a) => listed.push((format!("{}/{}", FAMILIES[*f], ARCHES[*a]), *n, p)),
            Class::OtherOs => listed.push(("other-os".to_string(), *n, p)),
            _ => {}
        }
    }
    listed.sort_by(|a, b| (&a.0, a.2).cmp(&(&b.0, b.2)));
    for (key, n, p) in listed {
        let _ = writeln!(prod, "{key}\t{n}\t{p}");
    }
    Ok((out, prod))
}

/// `{(ws2003,x86),(ws2003,x64),(xp,x86)}` → `xp/x86 ws2003/x86,x64` (family order, then arch order).
fn os_key_list(keys: &BTreeSet<(usize, usize)>) -> String {
    if keys.is_empty() {
        return "-".to_string();
    }
    let mut groups: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (f, a) in keys {
        groups.entry(*f).or_default().push(ARCHES[*a]);
    }
    groups
        .iter()
        .map(|(f, arches)| format!("{}/{}", FAMILIES[*f], arches.join(",")))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(product: &str) -> String {
        match classify(product) {
            Ok(Class::Os(f, a)) => format!("{}/{}", FAMILIES[f], ARCHES[a]),
            Ok(Class::OtherOs) => "other-os".to_string(),
            Ok(Class::NotOs) => "not-os".to_string(),
            Ok(Class::Empty) => "empty".to_string(),
            Err(e) => e,
        }
    }

    #[test]
    fn product_normalisation() {
        for (product, expected) in [
            ("Microsoft Windows Server 2003 x64 Edition", "ws2003/x64"),
            ("Microsoft Windows Server 2003 Service Pack 2", "ws2003/x86"),
            ("Windows Server 2003 Service Pack 2", "ws2003/x86"),
            ("Windows Server 2003 R2 Service Pack 2", "ws2003/x86"),
            ("Windows Server 2003 R2 x64 Edition Service Pack 2", "ws2003/x64"),
            (
                "Microsoft Windows Server 2003 for Itanium-based Systems Service Pack 2",
                "ws2003/ia64",
            ),
            (
                "Microsoft Windows Server 2003, Enterprise Edition for Itanium-based Systems",
                "ws2003/ia64",
            ),
            ("Microsoft Windows Server 2003 64-Bit Edition", "ws2003/ia64"),
            ("Microsoft Windows XP 64-Bit Edition Version 2003", "xp/ia64"),
            ("Microsoft Windows XP Professional x64 Edition Service Pack 2", "xp/x64"),
            ("Microsoft Windows XP Service Pack 3", "xp/x86"),
            ("Microsoft Windows 2000 Service Pack 4", "w2k/x86"),
            ("Windows 2000  Advanced Server", "w2k/x86"),
            ("Windows Server 2008 for 32-bit Systems Service Pack 2", "ws2008/x86"),
            (
                "Windows Server 2008 for x64-based Systems (Server Core installation)",
                "ws2008/x64",
            ),
            ("Windows Server 2008 for Itanium-Based Systems", "ws2008/ia64"),
            (
                "Windows Server 2008 R2 for x64-based Systems Service Pack 1",
                "ws2008r2/x64",
            ),
            ("Windows Vista x64 Edition Service Pack 2", "vista/x64"),
            ("Windows Vista", "vista/x86"),
            ("Windows 7 for 32-bit Systems Service Pack 1", "win7/x86"),
            ("Windows 8.1 for x64-based systems", "win81/x64"),
            ("Windows RT 8.1", "win81/arm"),
            ("Windows RT", "win8/arm"),
            ("Windows Server 2012 R2 (server core installation)", "ws2012r2/x64"),
            ("Windows Server 2012", "ws2012/x64"),
            ("Windows 10 Version 1607 for x64-based Systems", "win10/x64"),
            (
                "Microsoft Windows NT Server 4.0 Terminal Server Edition Service Pack 6",
                "nt4/x86",
            ),
            ("Microsoft Windows Millennium Edition", "win9x/x86"),
            ("Microsoft Windows NT Server 4.0 Option Pack", "not-os"),
            ("Microsoft Windows XP Beta 2", "other-os"),
            ("Windows Small Business Server 2003 R2", "other-os"),
            ("Windows Home Server", "other-os"),
            ("Microsoft Office 2010 (64-bit editions)", "not-os"),
            (
                "Microsoft SQL Server 2005 for x64-based Systems Service Pack 2",
                "not-os",
            ),
            ("Microsoft Windows Media Player for Windows XP", "not-os"),
            ("Windows Defender", "not-os"),
            ("", "empty"),
        ] {
            assert_eq!(key(product), expected, "{product}");
        }
    }

    #[test]
    fn service_pack_levels_of_products() {
        assert_eq!(sp_levels("Windows Server 2008 for 32-bit Systems Service Pack 2"), [2]);
        assert_eq!(
            sp_levels("Windows Server 2008 for x64-based Systems Service Pack 2 (Server Core installation)"),
            [2]
        );
        assert_eq!(sp_levels("Microsoft Windows NT Server 4.0 Service Pack 6a"), [6]);
        assert_eq!(
            sp_levels("Microsoft Windows XP and Microsoft Windows XP Service Pack 1"),
            [0, 1]
        );
        assert_eq!(sp_levels("Windows 7 for 32-bit Systems"), [0]);
        assert_eq!(sp_levels("Microsoft Windows 2000"), [0]);
    }

    #[test]
    fn update_token_forms() {
        assert_eq!(update_tokens("Windows6.0", "t"), Ok("Windows6.0".to_string()));
        assert_eq!(
            update_tokens("WindowsServer2003 (x86), WindowsServer2003.WindowsXP (x64)", "t"),
            Ok("x86=WindowsServer2003 x64=WindowsServer2003.WindowsXP".to_string())
        );
        assert!(update_tokens("Windows 2000", "t").is_err());
    }
}
