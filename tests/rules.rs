//! Every rule: its documentation, its bad fixture (exact codes and spans, as a snapshot) and its
//! good fixture (clean under every rule). Fixtures: `fixtures/rules/<CODE>/{bad,good}/`;
//! snapshots: `tests/snapshots/rules__<CODE>.snap`.

mod common;

use dpmlint::i18n::Lang;
use dpmlint::rules::{JA_HEADING, RULES};

fn check_rule(code: &str) {
    let rule = dpmlint::rules::find_rule(code).expect("registered");
    let meta = rule.meta();
    let dir = common::root().join("fixtures/rules").join(code);
    let (bad, good) = (dir.join("bad"), dir.join("good"));
    assert!(
        bad.is_dir() && good.is_dir(),
        "{code}: fixtures/rules/{code}/bad and good are required"
    );

    // Documentation: both languages, an example.
    assert!(
        meta.source.contains(JA_HEADING),
        "{code}: its doc comment needs a `{JA_HEADING}` section"
    );
    let en = meta.explain(Lang::En);
    let ja = meta.explain(Lang::Ja);
    assert!(
        en.contains("## What it catches") && en.contains("```yaml"),
        "{code}: English explain text"
    );
    assert!(ja.contains("## 検出内容"), "{code}: Japanese explain text");

    // Bad: this rule, and only it, at exact places.
    let diags = common::lint_dir(&bad, &dir, &[code], Lang::En);
    assert!(!diags.is_empty(), "{code}: the bad fixture must trigger the rule");
    assert!(
        diags.iter().all(|d| d.rule.code == code),
        "{code}: only this rule runs here"
    );
    insta::assert_snapshot!(code, common::render(&diags));

    // Good: clean under every rule.
    let clean = common::lint_dir(&good, &dir, &[], Lang::En);
    assert!(
        clean.is_empty(),
        "{code}: the good fixture must be clean, got:\n{}",
        common::render(&clean)
    );
}

#[test]
fn every_registered_rule_has_docs_fixtures_and_a_snapshot() {
    for rule in RULES {
        check_rule(rule.meta().code);
    }
}

#[test]
fn every_fixture_folder_belongs_to_a_registered_rule() {
    let dir = common::root().join("fixtures/rules");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            dpmlint::rules::find_rule(&name).is_some(),
            "fixtures/rules/{name} has no registered rule"
        );
    }
}

#[test]
fn japanese_messages() {
    let dir = common::root().join("fixtures/rules/DPM002");
    let diags = common::lint_dir(&dir.join("bad"), &dir, &["DPM002"], Lang::Ja);
    insta::assert_snapshot!("DPM002_ja", common::render(&diags));
}

/// `docs/rules/` is what `cargo run --example gen-rule-docs` writes from the rules' documentation:
/// one page per rule and the index, and nothing else (line ends compared as LF).
#[test]
fn the_rule_pages_are_generated_from_the_rule_docs() {
    let dir = common::root().join("docs/rules");
    let pages = dpmlint::rules::pages::pages();
    assert_eq!(pages.len(), RULES.len() + 1);
    let mut stale = Vec::new();
    for (name, text) in &pages {
        let committed = std::fs::read_to_string(dir.join(name))
            .unwrap_or_default()
            .replace("\r\n", "\n");
        if committed != *text {
            stale.push(name.clone());
        }
    }
    let mut extra: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !pages.iter().any(|(p, _)| p == n))
        .collect();
    extra.sort();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "docs/rules is out of step (changed or missing: {stale:?}; no rule has: {extra:?}): \
         run `cargo run --example gen-rule-docs`"
    );
    // Each page holds its rule's documentation in both languages.
    for rule in RULES {
        let m = rule.meta();
        let (_, page) = pages.iter().find(|(n, _)| *n == format!("{}.md", m.code)).unwrap();
        assert!(page.contains(&format!("# {} `{}`", m.code, m.name)));
        let en = page.find("## English").unwrap();
        let ja = page.find("## 日本語\n").unwrap();
        assert!(
            en < ja && page.contains("### What it catches") && page.contains("### 検出内容"),
            "{}",
            m.code
        );
    }
}

/// DPM204 proposes the installer for the definition's language too: the same `-ENU` x86 installer
/// in a `language: ja` package, whose x64 target DPM204 reports, is given the `-JPN` x64 build.
#[test]
fn dpm204_proposes_the_installer_in_the_definitions_language() {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = common::root().join("fixtures/rules/DPM206/bad/enu-installer.dpm.yaml");
    std::fs::copy(&fixture, tmp.path().join("enu-installer.dpm.yaml")).unwrap();
    let diags = common::lint_dir(tmp.path(), tmp.path(), &["DPM204"], Lang::En);
    assert_eq!(diags.len(), 1, "{}", common::render(&diags));
    let help = diags[0].help.as_deref().unwrap();
    assert!(
        help.ends_with("(`WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe`)"),
        "{help}"
    );
}

/// DPM206 proposes the installers for the definition's language, not the language of the
/// installer named (an `-ENU` installer in a `language: ja` package is DPM205's mistake).
#[test]
fn dpm206_proposes_installers_in_the_definitions_language() {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = common::root().join("fixtures/rules/DPM206/bad/enu-installer.dpm.yaml");
    std::fs::copy(&fixture, tmp.path().join("enu-installer.dpm.yaml")).unwrap();
    let help = |lang: Lang| {
        let diags = common::lint_dir(tmp.path(), tmp.path(), &["DPM206"], lang);
        assert_eq!(diags.len(), 1, "{}", common::render(&diags));
        diags[0].help.as_deref().unwrap().to_owned()
    };
    assert_eq!(
        help(Lang::En),
        "split the package by architecture, each with its own `id` and the installer built for it: \
         `WindowsServer2003-KB958644-x86-JPN.exe` for the x86 editions and \
         `WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe` for the x64 editions"
    );
    assert_eq!(
        help(Lang::Ja),
        "アーキテクチャごとにパッケージを分け、それぞれに別の `id` とそのアーキテクチャ向けのインストーラを付けてください: \
         x86 のエディションには `WindowsServer2003-KB958644-x86-JPN.exe`、\
         x64 のエディションには `WindowsServer2003.WindowsXP-KB958644-x64-JPN.exe`"
    );
}
