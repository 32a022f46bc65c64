//! Strings from definitions reach parsers that slice them: installer names, Windows paths, MS
//! and KB numbers, suppressions. Random strings mixing ASCII that looks like those values with
//! multi-byte characters must never panic any of them, alone or through the whole linter.

use dpmlint::linter::{Input, lint};
use dpmlint::load::config::Selection;
use dpmlint::rules::Settings;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

const PIECES: &[&str] = &[
    "MS",
    "ms",
    "KB",
    "kb",
    "Q",
    "SP",
    "W2KSP",
    "Windows",
    "Server2003",
    ".",
    "-",
    "_",
    "x86",
    "x64",
    "IA64",
    "JPN",
    "ENU",
    "INTL",
    "v2",
    "0",
    "08",
    "067",
    "958644",
    "1234567",
    ".exe",
    ".msu",
    ".EXE",
    "%",
    "SystemRoot",
    "%SystemRoot%",
    "\\",
    "/",
    "C:",
    ":",
    "..",
    "system32",
    "*",
    "?",
    "é",
    "—",
    "日本",
    "ｍｓ",
    "０８",
    "－",
    " ",
    "\t",
    "DPM",
    "001",
    "#",
    "dpmlint:",
    "ignore",
    "ignore-file",
    ",",
];

fn random_string(rng: &mut Rng) -> String {
    let n = 1 + rng.next() % 8;
    (0..n).map(|_| rng.pick(PIECES)).collect()
}

#[test]
fn parsers_take_any_string() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for _ in 0..20_000 {
        let s = random_string(&mut rng);
        let _ = dpmlint::model::installer_name::InstallerName::parse(&s);
        let _ = dpmlint::model::winpath::parse(&s);
        let _ = dpmlint::model::winpath::problems(&s);
        let _ = dpmlint::catalog::parse_bulletin_id(&s);
        let _ = dpmlint::catalog::find_os(&s);
        let _ = dpmlint::catalog::suggest_os(&s);
        let _ = dpmlint::catalog::find_language(&s);
        let _ = dpmlint::catalog::suggest_language(&s);
        let _ = s.parse::<dpmlint::evidence::pe::Version>();
    }
}

#[test]
fn definitions_with_random_values_lint() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let sel = Selection::new(&[], &[], Default::default()).unwrap();
    let inputs: Vec<Input> = (0..2_000)
        .map(|i| {
            let mut v: Vec<String> = (0..7).map(|_| random_string(&mut rng).replace(['\'', '\n'], "")).collect();
            v.iter_mut().for_each(|s| *s = format!("'{s}'"));
            let text = format!(
                "format: 1\nid: {}\ntype: hotfix\nos: [{}]\nlanguage: {}\nms_number: {}\nkb: {}\nexecute:\n  file: {}\n  args: {}\nidentification:\n  - path: {}\n    version: {}\n    change: upgrade\n# {}\n",
                v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[1], v[3], v[4]
            );
            Input { name: format!("f{i}.dpm.yaml"), path: None, content: Some(text.into_bytes()), listed: false, folder: Default::default(), tag: None }
        })
        .collect();
    lint(&inputs, &Settings::default(), &sel);
}
