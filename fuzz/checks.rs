//! What each fuzz target checks, one function per target: it panics when a property does not
//! hold. The fuzz targets (fuzz/fuzz_targets/) call these, and tests/fuzz_regressions.rs includes
//! this file to replay every input the fuzzers found a defect with (tests/data/fuzz/TARGET/), so a
//! crash found by fuzzing stays a failing test until the defect is fixed.
//!
//! Only `dpmlint` and the standard library are used here: the main crate's tests build it too.

#![allow(dead_code)]

use dpmlint::diagnostic::Diagnostic;
use dpmlint::fix;
use dpmlint::i18n::Lang;
use dpmlint::linter::{Input, lint_single};
use dpmlint::load::config::{Config, Selection};
use dpmlint::rules::Settings;
use std::ops::Range;
use std::path::Path;

/// The longest UTF-8 prefix of `data`: how the string targets read their input (every input is
/// used, and an input replays the same way in the regression tests).
pub fn utf8_prefix(data: &[u8]) -> &str {
    match std::str::from_utf8(data) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&data[..e.valid_up_to()]).unwrap_or_default(),
    }
}

fn definition(bytes: Vec<u8>) -> Input {
    Input {
        name: "fuzz.dpm.yaml".to_string(),
        path: None,
        content: Some(bytes),
        listed: false,
        folder: Default::default(),
        tag: None,
    }
}

fn check_span(what: &str, d: &Diagnostic, len: usize, start: usize, end: usize) {
    let text = &d.file.text;
    assert!(
        start <= end && end <= len,
        "{}: {what} {start}..{end} lies outside the file of {len} bytes: {}",
        d.code(),
        d.message
    );
    assert!(
        end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end),
        "{}: {what} {start}..{end} is not on character boundaries of the text read: {}",
        d.code(),
        d.message
    );
}

/// Every span of every diagnostic (its own, its labels', its fix's edits') lies inside the
/// `len` bytes linted, on character boundaries of the text read from them (for a file that is
/// not UTF-8, the valid part and a rendering of the rest).
fn check_spans(len: usize, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        check_span("span", d, len, d.span.start, d.span.end);
        for l in &d.labels {
            check_span("label", d, len, l.span.start, l.span.end);
        }
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            check_span("fix edit", d, len, e.span.start, e.span.end);
        }
    }
}

/// `lint_file`: the bytes linted as one definition, every rule selected, as `dpmlint check` lints
/// a file. Every diagnostic's spans lie inside the file; the safe fixes, applied as
/// `dpmlint check --fix` applies them ([`fix::fixed_text`]), give a text that still loads, whose
/// diagnostics lie inside it, and that a second `--fix` run leaves unchanged.
pub fn lint_file(data: &[u8]) {
    let settings = Settings::default();
    let selection = Selection::default();

    let first = definition(data.to_vec());
    let (result, diagnostics) = lint_single(&first, &settings, &selection);
    if std::str::from_utf8(data).is_ok() {
        assert_eq!(result.file.text.as_bytes(), data, "a UTF-8 file is read as it is");
    }
    check_spans(data.len(), &diagnostics);

    let Some((before, after, applied)) = fix::fixed_text(&first, &settings, &selection, false) else {
        return;
    };
    assert_eq!(before.as_bytes(), data, "the fix starts from the file's text");
    assert!(
        applied > 0 && after != before,
        "a fix that changed nothing was reported"
    );

    let second = definition(after.clone().into_bytes());
    let (result, diagnostics) = lint_single(&second, &settings, &selection);
    assert!(result.loaded.is_some(), "the fixed text no longer loads:\n{after}");
    check_spans(after.len(), &diagnostics);

    if let Some((_, again, n)) = fix::fixed_text(&second, &settings, &selection, false) {
        panic!(
            "a second --fix run applied {n} more fix(es)\n--- after the first run:\n{after}\n--- after the second:\n{again}"
        );
    }
}

/// `pe_read`: the bytes read as a PE image. An image or an error, never a panic; neither when
/// what was read is rendered.
pub fn pe_read(data: &[u8]) {
    let result = dpmlint::evidence::pe::read_bytes(data);
    let _ = format!("{result:?}");
    if let Err(e) = &result {
        let _ = e.to_string();
    }
}

fn check_range(s: &str, what: &str, r: &Range<usize>) {
    assert!(
        r.start <= r.end && r.end <= s.len() && s.is_char_boundary(r.start) && s.is_char_boundary(r.end),
        "{what} {r:?} is not a range of {s:?}"
    );
}

/// `installer_name`: the string parsed as an installer's file name (`execute.file`). Every token's
/// byte range lies inside the string on character boundaries (rules slice the name with them and
/// add them to the value's offset in the definition).
pub fn installer_name(data: &[u8]) {
    let s = utf8_prefix(data);
    let n = dpmlint::model::installer_name::InstallerName::parse(s);
    let tokens = [
        ("product token", n.product_token.as_ref().map(|t| &t.span)),
        ("kb", n.kb.as_ref().map(|t| &t.span)),
        ("sp", n.sp.as_ref().map(|t| &t.span)),
        ("baseline sp", n.baseline_sp.as_ref().map(|t| &t.span)),
        ("arch", n.arch.as_ref().map(|t| &t.span)),
        ("language suffix", n.language_suffix.as_ref().map(|t| &t.span)),
        ("version suffix", n.version_suffix.as_ref().map(|t| &t.span)),
        ("extension", n.extension.as_ref().map(|t| &t.span)),
    ];
    for (what, span) in tokens {
        if let Some(r) = span {
            check_range(s, what, r);
        }
    }
    for r in &n.unrecognised {
        check_range(s, "unrecognised token", r);
    }
    // What the rules ask of a parsed name.
    let _ = (n.kb_number(), n.sp_level(), n.arch_value(), n.product(), n.language());
    let _ = (n.is_multilanguage(), n.families(), n.os_keys());
    let _ = (n.arch_contradicts_product(), n.is_fully_recognised());
}

/// `winpath`: the string parsed as a Windows path (`identification[].path`). Every problem's
/// byte range lies inside the string on character boundaries, and `parse` agrees with
/// `problems` (a path parses exactly when it has no problem).
pub fn winpath(data: &[u8]) {
    let s = utf8_prefix(data);
    let problems = dpmlint::model::winpath::problems(s);
    for p in &problems {
        check_range(s, &format!("{:?}", p.problem), &p.range);
    }
    let _ = dpmlint::model::winpath::file_name(s);
    match dpmlint::model::winpath::parse(s) {
        Ok(p) => {
            assert!(problems.is_empty(), "{s:?} parsed, yet has problems {problems:?}");
            assert!(!p.components.is_empty(), "{s:?} parsed without components");
            let _ = p.file_name();
            let _ = p.key("WINDOWS");
        }
        Err(e) => {
            assert!(
                !problems.is_empty(),
                "{s:?} did not parse ({:?}), yet has no problem",
                e.problem
            );
            check_range(s, &format!("{:?}", e.problem), &e.range);
        }
    }
}

/// `config`: the string parsed as a `dpmlint.toml`, in both languages. A config or an error,
/// never a panic; an error's span lies inside the text.
pub fn config(data: &[u8]) {
    let text = utf8_prefix(data);
    for lang in [Lang::En, Lang::Ja] {
        if let Err(e) = Config::parse(Path::new("dpmlint.toml"), text, lang)
            && let Some(r) = &e.span
        {
            assert!(
                r.start <= r.end && r.end <= text.len(),
                "error span {r:?} lies outside the config of {} bytes: {}",
                text.len(),
                e.message
            );
        }
    }
}

/// `baseline`: the string parsed as a baseline (`--baseline FILE`), in both languages. A baseline
/// or an error, never a panic.
pub fn baseline(data: &[u8]) {
    let text = utf8_prefix(data);
    for lang in [Lang::En, Lang::Ja] {
        if let Ok(b) = dpmlint::report::baseline::Baseline::parse("dpmlint-baseline.json", text, lang) {
            let _ = (b.len(), b.is_empty(), b.entries_for("package.yaml"));
        }
    }
}
