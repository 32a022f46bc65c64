//! Bad input never panics: every prefix and many mutations of real definitions, random bytes,
//! deep nesting, huge scalars. Each must give diagnostics (or none), never a panic or a hang.

mod common;

use dpmlint::linter::{Input, lint};
use dpmlint::load::config::Selection;
use dpmlint::rules::Settings;

fn lint_bytes(bytes: Vec<u8>) -> usize {
    let input = Input {
        name: "fuzz.dpm.yaml".into(),
        path: None,
        content: Some(bytes),
        listed: false,
        folder: Default::default(),
        tag: None,
    };
    let sel = Selection::new(&[], &[], Default::default()).unwrap();
    lint(&[input], &Settings::default(), &sel).diagnostics.len()
}

/// A small deterministic PRNG (xorshift), so failures are reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Every YAML file under fixtures/, in path order (so every run mutates the same inputs).
fn sources() -> Vec<Vec<u8>> {
    let mut paths: Vec<std::path::PathBuf> = ignore::WalkBuilder::new(common::root().join("fixtures"))
        .build()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[test]
fn every_prefix_of_every_fixture() {
    for src in sources().iter().take(40) {
        for cut in 0..src.len() {
            lint_bytes(src[..cut].to_vec());
        }
    }
}

#[test]
fn random_mutations() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let specials = b":-[]{}#&*!|>'\"%@`,?\n\t \\\xff\xe3\x81\x82";
    for src in sources() {
        for _ in 0..60 {
            let mut b = src.clone();
            for _ in 0..1 + rng.next() % 4 {
                if b.is_empty() {
                    break;
                }
                let i = (rng.next() as usize) % b.len();
                match rng.next() % 3 {
                    0 => b[i] = specials[(rng.next() as usize) % specials.len()],
                    1 => {
                        b.remove(i);
                    }
                    _ => b.insert(i, specials[(rng.next() as usize) % specials.len()]),
                }
            }
            lint_bytes(b);
        }
    }
}

#[test]
fn pathological_documents() {
    let mut rng = Rng(42);
    for _ in 0..200 {
        let n = (rng.next() % 300) as usize;
        lint_bytes((0..n).map(|_| rng.next() as u8).collect());
    }
    assert_eq!(
        lint_bytes(format!("a: {}{}\n", "[".repeat(20000), "]".repeat(20000)).into_bytes()),
        1
    );
    lint_bytes(format!("id: {}\n", "x".repeat(900_000)).into_bytes());
    lint_bytes(b"a: &a [*a]\n".to_vec());
    lint_bytes("\u{feff}format: 1\n".as_bytes().to_vec());
    lint_bytes(b"format: 1\r\nid: x\r\n".to_vec());
    assert_eq!(lint_bytes(vec![b'a'; 2 * 1024 * 1024]), 1);
}
