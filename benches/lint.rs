//! The speed benchmark: ten thousand definitions with their PE files, linted end to end
//! (discovery, reading, YAML, model, every rule, PE evidence, repository rules, sorting).
//!
//! `cargo bench` (or `cargo bench -- 20000` for another size). It builds a synthetic repository in
//! a temporary folder from the example definitions and the PE fixtures, then times `lint` with the
//! machine's threads and with one thread, and checks the two outputs are identical.

use dpmlint::config::Selection;
use dpmlint::linter::{Input, lint};
use dpmlint::rules::Settings;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "hotfix",
        "WindowsServer2003-KB958644-x86-JPN.exe",
        "fixtures/pe/WindowsServer2003-KB958644-x86-JPN.exe",
    ),
    (
        "ident",
        "WindowsServer2003-KB958644-x86-JPN.exe",
        "fixtures/pe/WindowsServer2003-KB958644-x86-JPN.exe",
    ),
    (
        "sp",
        "WindowsServer2003-KB914961-SP2-x86-JPN.exe",
        "fixtures/pe/installer_x86.exe",
    ),
    ("app", "setup.exe", "fixtures/pe/installer_x86.exe"),
];

fn definition(kind: &str, i: usize, file: &str) -> String {
    match kind {
        "hotfix" => format!(
            "format: 1\nid: MS08-067_W2K3_x86_JPN_{i}\ntype: hotfix\nname: Windows Server 2003 セキュリティ更新プログラム (KB958644)\npriority: high\nos:\n  - Windows Server 2003 Standard Edition\n  - Windows Server 2003 Enterprise Edition\nlanguage: ja\nms_number: MS08-067\nkb: KB958644\nexecute:\n  file: {file}\n  args: /quiet /norestart\n  reboot: true\n"
        ),
        "ident" => format!(
            "format: 1\nid: MS08-067_IDENT_{i}\ntype: hotfix\nos: Windows Server 2003 Enterprise Edition\nlanguage: ja\nms_number: MS08-067\nkb: KB958644\nexecute:\n  file: {file}\n  args: /quiet /norestart\n  reboot: true\nidentification:\n  - path: '%SystemRoot%\\system32\\netapi32.dll'\n    version: 5.2.3790.4392\n    change: upgrade\n  - path: '%SystemRoot%\\system32\\netapi32.txt'\n    change: new\n"
        ),
        "sp" => format!(
            "format: 1\nid: W2K3_SP2_x86_JPN_{i}\ntype: service-pack\nos: Windows Server 2003 Standard Edition\nlanguage: ja\nservice_pack: {{ major: 2, minor: 0 }}\nexecute:\n  file: {file}\n  args: /quiet /norestart\n  reboot: true\n  exclusive: true\ndepends_on: [MS08-067_W2K3_x86_JPN_{}]\n",
            i - i % 4
        ),
        _ => format!(
            "format: 1\nid: ACME_AGENT_{i}\ntype: application\nos: Windows Server 2003 Standard Edition\nlanguage: ja\nexecute:\n  file: {file}\n  args: /s\nidentification:\n  - path: '%ProgramFiles%\\ACME\\Agent\\agent.exe'\n    version: 2.1.0.12\n    change: upgrade\n"
        ),
    }
}

fn build(root: &Path, n: usize) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = root.join("reference/Windows/system32");
    std::fs::create_dir_all(&reference).unwrap();
    std::fs::copy(repo.join("fixtures/pe/netapi32.dll"), reference.join("netapi32.dll")).unwrap();
    let agent = root.join("reference/Program Files/ACME/Agent");
    std::fs::create_dir_all(&agent).unwrap();
    std::fs::copy(repo.join("fixtures/pe/agent.exe"), agent.join("agent.exe")).unwrap();
    for i in 0..n {
        let (kind, file, pe) = TEMPLATES[i % TEMPLATES.len()];
        let dir = root.join(format!("packages/{:03}/{kind}-{i}", i / 100));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("package.yaml"), definition(kind, i, file)).unwrap();
        std::fs::copy(repo.join(pe), dir.join(file)).unwrap();
        if kind == "app" {
            std::fs::create_dir_all(dir.join("payload")).unwrap();
            std::fs::copy(repo.join("fixtures/pe/agent.exe"), dir.join("payload/agent.exe")).unwrap();
        }
    }
}

fn run(root: &Path, settings: &Settings) -> (Duration, String, usize) {
    let start = Instant::now();
    let inputs: Vec<Input> = dpmlint::discover::inputs(&[root.join("packages")], None, root).unwrap();
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
    let n: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let tmp = tempfile::tempdir().unwrap();
    // DPMLINT_BENCH_DIR keeps the synthetic repository (e.g. to time the command line on it).
    let root: PathBuf = std::env::var_os("DPMLINT_BENCH_DIR").map_or_else(|| tmp.path().to_path_buf(), PathBuf::from);
    if !root.join("packages").is_dir() {
        build(&root, n);
    }
    let settings = Settings {
        reference: vec![root.join("reference")],
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
