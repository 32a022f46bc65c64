//! Reports that survive any input: every format renders what the definitions hold (very long
//! lines, many findings, spans a parser placed badly) without a panic, in output that grows with
//! the findings and not with the file; and `--fix` on standard input never loses a byte.

mod common;

use common::{dpmlint, json};

const FORMATS: [&str; 6] = ["human", "json", "sarif", "github", "junit", "gitlab"];

fn run(dir: &std::path::Path, fmt: &str) -> std::process::Output {
    dpmlint(dir)
        .args(["check", "--lang", "en", "--format", fmt, "--no-config"])
        .output()
        .unwrap()
}

#[test]
fn a_finding_past_column_65535_is_reported_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    // One 100 KB line: the unknown OS at its end is past any column miette can draw.
    let many = vec!["Windows Server 2003 Standard Edition"; 2800].join(", ");
    let text = format!(
        "format: 1\nid: LONG\ntype: application\nlanguage: ja\nos: [{many}, Windows Server 2003 Standarrd Edition]\n"
    );
    std::fs::write(tmp.path().join("package.yaml"), &text).unwrap();
    for fmt in FORMATS {
        let out = run(tmp.path(), fmt);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{fmt}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.contains("DPM201"), "{fmt}");
        if fmt == "human" {
            // The message is wrapped: join its lines.
            let flat = stdout.replace("\n  │ ", " ");
            assert!(
                flat.contains("[package.yaml:5:106406; the line is too long to show]"),
                "{stdout}"
            );
            assert!(
                stdout.len() < 20_000,
                "no snippet of the long line: {} bytes",
                stdout.len()
            );
        }
    }
}

#[test]
fn many_findings_cost_output_in_proportion_to_the_findings() {
    let tmp = tempfile::tempdir().unwrap();
    // 10,000 duplicate keys: each one's label points at the first, 80 KB away for most.
    let mut text = String::from(
        "format: 1\nid: DUP\ntype: application\nlanguage: ja\nos: [Windows Server 2003 Standard Edition]\nexecute: {file: setup.exe}\n",
    );
    for _ in 0..10_000 {
        text.push_str("name: x\n");
    }
    std::fs::write(tmp.path().join("package.yaml"), &text).unwrap();
    let out = run(tmp.path(), "human");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let n = stdout.matches("DPM005").count();
    assert!(n >= 9_999, "{n} duplicate keys reported");
    // Each snippet shows a few lines; the first definition, thousands of lines up, is named.
    assert!(stdout.len() / n < 2_000, "{} bytes per finding", stdout.len() / n);
    assert!(stdout.contains("(line 7)"), "the far label is named with its line");
}

#[test]
fn every_span_lies_inside_its_file() {
    let tmp = tempfile::tempdir().unwrap();
    // A second document after CR line ends: the parser's end marker ran past the text.
    let bytes = [
        0x01, 0x6b, 0x3d, 0x2e, 0x0d, 0x0d, 0x2c, 0x0d, 0x0d, 0x2e, 0x2e, 0x2e, 0x0a, 0x79,
    ];
    std::fs::write(tmp.path().join("package.yaml"), bytes).unwrap();
    let out = run(tmp.path(), "json");
    for d in json(&out)["diagnostics"].as_array().unwrap() {
        let (offset, length) = (d["offset"].as_u64().unwrap(), d["length"].as_u64().unwrap());
        assert!(offset + length <= bytes.len() as u64, "{d}");
    }
    let out = run(tmp.path(), "human");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("DPM001") && !stdout.contains("OutOfBounds"), "{stdout}");
}

#[test]
fn fix_on_standard_input_past_the_size_limit_echoes_every_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from("format: 1\nid: BIG\ntype: application\n");
    while text.len() < 2_300_000 {
        text.push_str("# a comment line that pads the definition past the limit\n");
    }
    let out = dpmlint(tmp.path())
        .args(["check", "--fix", "--stdin-filename", "p/package.yaml", "-"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert_eq!(out.stdout.len(), text.len());
    assert!(out.stdout == text.as_bytes(), "the text comes back whole");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("DPM001") && err.contains("more than a definition can be"),
        "{err}"
    );
}
