//! The speed benchmark: ten thousand definitions with their PE files, linted end to end
//! (discovery, reading, YAML, model, every rule, PE evidence, repository rules, sorting).
//!
//! `cargo bench` (or `cargo bench -- 20000` for another size). It builds a synthetic repository in
//! a temporary folder from the example definitions and the PE fixtures, then times `lint` with the
//! machine's threads and with one thread, and checks the two outputs are identical.
//!
//! `cargo bench --bench lint -- --build DIR --layout LAYOUT N` only builds a corpus, for
//! `tools/bench.py`, which times the command line on it beside `cat`:
//! - `tree`: one folder per definition (`packages/NNN/KIND-I/package.yaml`);
//! - `flat`: every definition in one folder (`packages/pkgNNNNNN.dpm.yaml`), installers beside;
//! - `findings`: the tree, every definition with mistakes (about six findings each).

use dpmlint::linter::{Input, lint};
use dpmlint::load::config::Selection;
use dpmlint::rules::Settings;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A hotfix target: bulletin, its one KB for the edition, the edition's DPM name and installer name.
#[derive(Clone)]
struct Hotfix {
    ms: &'static str,
    kb: u32,
    os: &'static str,
    file: String,
    x64: bool,
}

/// Every (bulletin, edition) pair of the catalog for which the bulletin shipped exactly one update:
/// realistic, distinct hotfixes (no two share MS number, KB and OS).
fn hotfixes() -> Vec<Hotfix> {
    let editions = [
        ("w2k-server", "Windows2000-KB{}-x86-JPN.EXE", false),
        ("w2k-advserver", "Windows2000-KB{}-x86-JPN.EXE", false),
        ("ws2003-std-x86", "WindowsServer2003-KB{}-x86-JPN.exe", false),
        ("ws2003-ent-x86", "WindowsServer2003-KB{}-x86-JPN.exe", false),
        ("ws2003-std-x64", "WindowsServer2003.WindowsXP-KB{}-x64-JPN.exe", true),
        ("ws2003-ent-x64", "WindowsServer2003.WindowsXP-KB{}-x64-JPN.exe", true),
        ("ws2008-std-x86", "Windows6.0-KB{}-x86.msu", false),
        ("ws2008-ent-x86", "Windows6.0-KB{}-x86.msu", false),
        ("ws2008-std-x64", "Windows6.0-KB{}-x64.msu", true),
        ("ws2008-ent-x64", "Windows6.0-KB{}-x64.msu", true),
    ];
    let mut out = Vec::new();
    for b in dpmlint::catalog::bulletins() {
        for (id, pattern, x64) in editions {
            let Some(ed) = dpmlint::catalog::os_by_id(id) else {
                continue;
            };
            let mut kbs: Vec<u32> = b.kbs_for_os(ed).collect();
            kbs.sort_unstable();
            kbs.dedup();
            if let [kb] = kbs[..] {
                let file = pattern.replace("{}", &kb.to_string());
                out.push(Hotfix {
                    ms: b.id(),
                    kb,
                    os: ed.dpm_name,
                    file,
                    x64,
                });
            }
        }
    }
    out
}

/// The languages (code, file-name suffix) the corpus's hotfixes are for, after Japanese: once every
/// Japanese hotfix of [`hotfixes`] is used, the x86 ones are used again for each of these in turn
/// (with a language-neutral installer), so that no two definitions share MS number, KB, OS and
/// language (DPM602) until every language is used: a corpus of 100,000 definitions has none. The
/// corpus's `dpmlint.toml` lists them as supported.
const OTHER_LANGUAGES: [(&str, &str); 27] = [
    ("en", "ENU"),
    ("zh-CN", "CHS"),
    ("zh-TW", "CHT"),
    ("zh-HK", "CHH"),
    ("ko", "KOR"),
    ("de", "DEU"),
    ("fr", "FRA"),
    ("es", "ESN"),
    ("it", "ITA"),
    ("ar", "ARA"),
    ("cs", "CSY"),
    ("da", "DAN"),
    ("el", "ELL"),
    ("fi", "FIN"),
    ("he", "HEB"),
    ("hu", "HUN"),
    ("nl", "NLD"),
    ("nb", "NOR"),
    ("pl", "PLK"),
    ("pt-BR", "PTB"),
    ("pt-PT", "PTG"),
    ("et", "ETI"),
    ("lt", "LTH"),
    ("lv", "LVI"),
    ("ru", "RUS"),
    ("sv", "SVE"),
    ("tr", "TRK"),
];

/// The `k`-th hotfix of the corpus, its language code, and the installer image to copy: every
/// hotfix in Japanese first, then the x86 ones in each of [`OTHER_LANGUAGES`].
fn hotfix_at<'a>(all: &'a [Hotfix], x86: &[&'a Hotfix], k: usize) -> (Hotfix, &'static str, &'static str) {
    if k < all.len() {
        let h = &all[k];
        let pe = if h.x64 {
            "fixtures/pe/installer_x64.exe"
        } else {
            "fixtures/pe/installer_x86.exe"
        };
        return (h.clone(), "ja", pe);
    }
    let k = k - all.len();
    let (language, suffix) = OTHER_LANGUAGES[(k / x86.len()) % OTHER_LANGUAGES.len()];
    let h = x86[k % x86.len()];
    let file = h.file.replace("-JPN", &format!("-{suffix}"));
    (
        Hotfix { file, ..h.clone() },
        language,
        "fixtures/pe/installer_neutral.exe",
    )
}

fn hotfix_definition(i: usize, h: &Hotfix, language: &str, ident: bool) -> String {
    let (ms, kb, os, file) = (h.ms, h.kb, h.os, &h.file);
    let mut d = format!(
        "format: 1\nid: {ms}_KB{kb}_{i}\ntype: hotfix\nname: セキュリティ更新プログラム (KB{kb})\npriority: high\nos: {os}\nlanguage: {language}\nms_number: {ms}\nkb: KB{kb}\nexecute:\n  file: {file}\n  args: /quiet /norestart\n  reboot: true\n"
    );
    if ident {
        // netapi32.dll of MS08-067's update, at the build of the target's release.
        let version = netapi32_version(os);
        d.push_str(&format!("identification:\n  - path: '%SystemRoot%\\system32\\netapi32.dll'\n    version: {version}\n    change: upgrade\n  - path: '%SystemRoot%\\system32\\netapi32.txt'\n    change: new\n"));
    }
    d
}

/// The version an identification entry pins on netapi32.dll for a target: a build of its own
/// release (the reference root, identified as Server 2003 SP2, is compared with 2003's only).
fn netapi32_version(os: &str) -> &'static str {
    if os.contains("2000") {
        "5.0.2195.7203"
    } else if os.contains("2008") {
        "6.0.6002.18005"
    } else {
        "5.2.3790.4392"
    }
}

/// How the corpus is laid out (see the module docs).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Tree,
    Flat,
    Findings,
}

/// Mistakes a package author makes, for the findings-heavy corpus: an OS name with a typo, a
/// KB of another bulletin, an unknown key, a missing installer, a version that is no version.
fn with_mistakes(text: &str, i: usize) -> String {
    text.replacen("os: Windows Server", "os: Windows Sever", 1)
        .replacen("kb: KB", "kb: KB9", 1)
        .replacen("execute:\n  file: ", "execute:\n  file: missing-", 1)
        .replacen(
            "\nlanguage: ",
            &format!("\ncomment: draft {i}\nlangauge: ja\nlanguage: "),
            1,
        )
        .replace("version: 5.2.3790.4392", "version: 5.2.3790.4392.1")
        .replace("version: 5.0.2195.7203", "version: 5.0.2195.7203.1")
        .replace("version: 6.0.6002.18005", "version: 6.0.6002.18005.1")
}

fn build(root: &Path, n: usize, layout: Layout) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = root.join("reference/Windows/system32");
    std::fs::create_dir_all(&reference).unwrap();
    std::fs::copy(repo.join("fixtures/pe/netapi32.dll"), reference.join("netapi32.dll")).unwrap();
    // The root's kernel32.dll identifies it as Windows Server 2003 SP2, Japanese, x86.
    std::fs::copy(
        repo.join("fixtures/pe/kernel32_w2k3sp2_ja.dll"),
        reference.join("kernel32.dll"),
    )
    .unwrap();
    let agent = root.join("reference/Program Files/ACME/Agent");
    std::fs::create_dir_all(&agent).unwrap();
    std::fs::copy(repo.join("fixtures/pe/agent.exe"), agent.join("agent.exe")).unwrap();
    let hotfixes = hotfixes();
    let x86: Vec<&Hotfix> = hotfixes.iter().filter(|h| !h.x64).collect();
    let mut config = String::from("# The corpus's hotfixes are for these languages.\n[supported]\nlanguages = [\"ja\"");
    for (code, _) in OTHER_LANGUAGES {
        config.push_str(&format!(", \"{code}\""));
    }
    config.push_str("]\n");
    std::fs::write(root.join("dpmlint.toml"), config).unwrap();
    let mut next = 0;
    for i in 0..n {
        let kind = ["hotfix", "ident", "sp", "app", "app"][i % 5];
        let (dir, definition) = match layout {
            Layout::Flat => (root.join("packages"), format!("pkg{i:06}.dpm.yaml")),
            _ => (
                root.join(format!("packages/{:03}/{kind}-{i}", i / 100)),
                "package.yaml".to_owned(),
            ),
        };
        std::fs::create_dir_all(&dir).unwrap();
        let (text, file, pe): (String, String, &str) = match kind {
            "hotfix" | "ident" => {
                let (h, language, pe) = hotfix_at(&hotfixes, &x86, next);
                next += 1;
                (hotfix_definition(i, &h, language, kind == "ident"), h.file, pe)
            }
            "sp" => (
                format!(
                    "format: 1\nid: W2K3_SP2_x86_JPN_{i}\ntype: service-pack\nos: Windows Server 2003 Standard Edition\nlanguage: ja\nservice_pack: {{ major: 2, minor: 0 }}\nexecute:\n  file: WindowsServer2003-KB914961-SP2-x86-JPN.exe\n  args: /quiet /norestart\n  reboot: true\n  exclusive: true\n"
                ),
                "WindowsServer2003-KB914961-SP2-x86-JPN.exe".into(),
                "fixtures/pe/installer_x86.exe",
            ),
            _ => (
                format!(
                    "format: 1\nid: ACME_AGENT_{i}\ntype: application\nos: Windows Server 2003 Standard Edition\nlanguage: ja\nexecute:\n  file: setup.exe\n  args: /s\nidentification:\n  - path: '%ProgramFiles%\\ACME\\Agent\\agent.exe'\n    version: 2.1.0.12\n    change: upgrade\ndepends_on: [W2K3_SP2_x86_JPN_2]\n"
                ),
                "setup.exe".into(),
                "fixtures/pe/installer_x86.exe",
            ),
        };
        let text = if layout == Layout::Findings {
            with_mistakes(&text, i)
        } else {
            text
        };
        std::fs::write(dir.join(definition), text).unwrap();
        if dir.join(&file).exists() {
            // The flat layout's definitions share their installers.
        } else if file.ends_with(".msu") {
            std::fs::write(dir.join(&file), [b"MSCF".as_slice(), &[0u8; 60]].concat()).unwrap();
        } else {
            std::fs::copy(repo.join(pe), dir.join(&file)).unwrap();
        }
        if kind == "app" && !dir.join("payload/agent.exe").exists() {
            std::fs::create_dir_all(dir.join("payload")).unwrap();
            std::fs::copy(repo.join("fixtures/pe/agent.exe"), dir.join("payload/agent.exe")).unwrap();
        }
    }
}

fn run(root: &Path, settings: &Settings) -> (Duration, String, usize) {
    let start = Instant::now();
    let inputs: Vec<Input> = dpmlint::load::discover::inputs(&[root.join("packages")], None, root).unwrap();
    let selection = Selection::new(&[], &[], Default::default()).unwrap();
    let result = lint(&inputs, settings, &selection);
    let elapsed = start.elapsed();
    let mut out = String::new();
    for d in &result.diagnostics {
        out.push_str(&format!(
            "{}:{} {} {}\n",
            d.file.name, d.span.start, d.rule.code, d.message
        ));
    }
    (elapsed, out, result.files_checked)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let after = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1));
    if let Some(dir) = after("--build") {
        let layout = match after("--layout").map(String::as_str) {
            Some("flat") => Layout::Flat,
            Some("findings") => Layout::Findings,
            _ => Layout::Tree,
        };
        build(Path::new(dir), n, layout);
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // DPMLINT_BENCH_DIR keeps the synthetic repository (e.g. to time the command line on it).
    let root: PathBuf = std::env::var_os("DPMLINT_BENCH_DIR").map_or_else(|| tmp.path().to_path_buf(), PathBuf::from);
    if !root.join("packages").is_dir() {
        build(&root, n, Layout::Tree);
    }
    let settings = Settings {
        reference: vec![dpmlint::evidence::roots::ReferenceRoot::plain(root.join("reference"))],
        // As the corpus's dpmlint.toml says.
        supported_languages: Some(
            std::iter::once("ja")
                .chain(OTHER_LANGUAGES.iter().map(|(code, _)| *code))
                .map(String::from)
                .collect(),
        ),
        ..Settings::default()
    };
    let threads = rayon::current_num_threads();

    let mut times = Vec::new();
    let mut first = None;
    for _ in 0..5 {
        let (t, out, files) = run(&root, &settings);
        times.push(t);
        assert_eq!(files, n);
        first.get_or_insert(out);
    }
    times.sort();
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let (t1, out1, _) = one.install(|| run(&root, &settings));
    let expected = first.unwrap_or_default();
    assert_eq!(out1, expected, "output differs between 1 and {threads} threads");
    let mut codes: Vec<&str> = expected.lines().filter_map(|l| l.split(' ').nth(1)).collect();
    codes.sort();
    codes.dedup();
    println!(
        "lint {n} definitions with PE files: {threads} threads: min {:.3}s, median {:.3}s; 1 thread: {:.3}s; {} diagnostics ({codes:?}); identical output: yes",
        times[0].as_secs_f64(),
        times[times.len() / 2].as_secs_f64(),
        t1.as_secs_f64(),
        expected.lines().count()
    );
}
