//! Helpers shared by the integration tests.
#![allow(dead_code)]

use dpmlint::diagnostic::Diagnostic;
use dpmlint::i18n::Lang;
use dpmlint::linter;
use dpmlint::load::config::{Config, Selection};
use dpmlint::report::baseline::Baseline;
use dpmlint::rules::Settings;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Settings for a fixture folder: its `dpmlint.toml`, if any, else the defaults, and its
/// `dpmlint-baseline.json`, if any (as `--baseline`).
pub fn settings_for(dir: &Path, lang: Lang) -> (Settings, Selection, Config) {
    let cfg_path = dir.join("dpmlint.toml");
    let cfg = if cfg_path.is_file() {
        Config::load(&cfg_path, lang).expect("fixture config loads")
    } else {
        Config::default()
    };
    let mut s = Settings {
        lang,
        ..Settings::default()
    };
    s.reference = cfg.reference.clone();
    s.service_pack_minimum = cfg.service_pack_minimum.clone();
    if let Some(l) = cfg.package_size_limit {
        s.package_size_limit = l;
    }
    s.supported_os = cfg.supported_os.clone();
    s.supported_languages = cfg.supported_languages.clone();
    let baseline = dir.join("dpmlint-baseline.json");
    if baseline.is_file() {
        let text = std::fs::read_to_string(&baseline).expect("fixture baseline reads");
        let b = Baseline::parse("dpmlint-baseline.json", &text, lang).expect("fixture baseline loads");
        s.baseline = Some(Arc::new(b));
    }
    let sel = Selection::new(&[], &[], cfg.rules.clone()).expect("selection");
    (s, sel, cfg)
}

/// Lint every definition under `dir`, names relative to `base`, running only `select` (all when empty).
pub fn lint_dir(dir: &Path, base: &Path, select: &[&str], lang: Lang) -> Vec<Diagnostic> {
    let (settings, _, cfg) = settings_for(dir, lang);
    let select: Vec<String> = select.iter().map(|s| s.to_string()).collect();
    let levels = if select.is_empty() {
        cfg.rules.clone()
    } else {
        BTreeMap::new()
    };
    let selection = Selection::new(&select, &[], levels).expect("selection");
    let inputs = dpmlint::load::discover::inputs(&[dir.to_path_buf()], None, base).expect("inputs");
    linter::lint(&inputs, &settings, &selection).diagnostics
}

/// A compact, exact rendering: file:line:col-line:col [offset+length] CODE severity: message, help, fix.
pub fn render(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let s = d.file.line_col(d.span.start);
        let e = d.file.line_col(d.span.end);
        out.push_str(&format!(
            "{}:{}:{}-{}:{} [{}+{}] {} {}: {}\n",
            d.file.name,
            s.line,
            s.column,
            e.line,
            e.column,
            d.span.start,
            d.span.len(),
            d.rule.code,
            d.severity,
            d.message
        ));
        out.push_str(&format!("    `{}`\n", d.file.slice(d.span).replace('\n', "\\n")));
        for l in &d.labels {
            let p = d.file.line_col(l.span.start);
            out.push_str(&format!(
                "    label {}:{} [{}+{}] {}\n",
                p.line,
                p.column,
                l.span.start,
                l.span.len(),
                l.message
            ));
        }
        if let Some(h) = &d.help {
            out.push_str(&format!("    help: {h}\n"));
        }
        if let Some(f) = &d.fix {
            for ed in &f.edits {
                out.push_str(&format!(
                    "    fix ({:?}): [{}+{}] -> {:?}\n",
                    f.applicability,
                    ed.span.start,
                    ed.span.len(),
                    ed.replacement
                ));
            }
        }
    }
    out
}

/// Put the installers a definition copied from a good fixture needs into `dir`: every file of
/// `fixture_dir` that is not a definition.
pub fn copy_installers(fixture_dir: &Path, dir: &Path) {
    for entry in std::fs::read_dir(fixture_dir).expect("fixture folder") {
        let p = entry.expect("entry").path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if p.is_file() && !dpmlint::load::discover::is_definition_name(&name) {
            std::fs::copy(&p, dir.join(&name)).expect("copy");
        }
    }
}

/// The `dpmlint` binary, run in `dir` with English messages and no colour.
pub fn dpmlint(dir: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("dpmlint").expect("the binary");
    c.current_dir(dir)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1");
    c
}

/// Standard output parsed as JSON.
pub fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// The text between `<!-- rules:start -->` and `<!-- rules:end -->` in a README (line ends as LF).
pub fn rules_table(readme: &str) -> String {
    let readme = readme.replace("\r\n", "\n");
    let start = readme.find("<!-- rules:start -->\n").expect("the rules:start marker") + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("the rules:end marker");
    assert!(start <= end, "the rules:end marker comes before rules:start");
    readme[start..end].to_string()
}

/// Copy the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`, by relative path (with `/`), with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// A real PE image, a fixture of `fixtures/pe/` (built by its build.sh), with its fixed file and
/// product versions set to `version` and, when given, the language of its translation (its
/// VarFileInfo `Translation` value, whatever language it held) set to `langid`: the system files
/// (`ntoskrnl.exe`, `kernel32.dll`, `netapi32.dll`) of a fake reference root.
pub fn pe_with_version(fixture: &str, version: [u16; 4], langid: Option<u16>) -> Vec<u8> {
    let mut bytes = std::fs::read(root().join("fixtures/pe").join(fixture)).expect("PE fixture");
    let find = |bytes: &[u8], needle: &[u8], from: usize| {
        bytes[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    };
    // VS_FIXEDFILEINFO: dwSignature, dwStrucVersion, then FileVersionMS/LS, ProductVersionMS/LS.
    let at = find(&bytes, &0xFEEF_04BDu32.to_le_bytes(), 0).expect("VS_FIXEDFILEINFO");
    let ms = (u32::from(version[0]) << 16) | u32::from(version[1]);
    let ls = (u32::from(version[2]) << 16) | u32::from(version[3]);
    for (i, value) in [ms, ls, ms, ls].into_iter().enumerate() {
        let o = at + 8 + i * 4;
        bytes[o..o + 4].copy_from_slice(&value.to_le_bytes());
    }
    if let Some(langid) = langid {
        let key: Vec<u8> = "Translation\0".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let k = find(&bytes, &key, 0).expect("Translation");
        // The value follows the key, aligned to 4 bytes.
        let v = (k + key.len()).next_multiple_of(4);
        bytes[v..v + 2].copy_from_slice(&langid.to_le_bytes());
    }
    bytes
}

/// Write `bytes` at `dir/rel`, making the folders on the way.
pub fn put(dir: &Path, rel: &str, bytes: &[u8]) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
    std::fs::write(p, bytes).expect("write");
}
